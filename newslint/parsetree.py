"""What a node of the ``regex`` module's parse tree promises about the text it matches.

The parse tree (``regexparse``) is the module's private API: any node this module
does not know gives "nothing promised", which is always correct (only slower).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, NamedTuple

import regex

from newslint.folding import Literals, best, fold

#: Past this many strings, an exact set is kept only as a requirement (no cross products).
MAX_EXACT = 64
#: Ranges in a character class up to this size are spelled out ([0-3], [a-e]).
MAX_RANGE = 32
#: Copies of a repeated literal spelled out ("\\d{5}" -> "00000"); longer ones add little.
MAX_COPIES = 8


class Info(NamedTuple):
    """What one node says about the text it matches."""

    exact: Literals | None  # every match is one of these (None: unknown or too many)
    need: Literals | None  # the text holds one of these whenever the node matches (None: nothing)
    head: Literals | None = None  # every match starts with one of these (None: unknown)
    tail: Literals | None = None  # every match ends with one of these (None: unknown)


NOTHING: Literals = frozenset({""})
ANY = Info(None, None)
EMPTY = Info(NOTHING, None, NOTHING, NOTHING)


def _fold(codepoints: Iterable[int]) -> str:
    return fold("".join(map(chr, codepoints)))


@cache
def _digit_property() -> int:
    """The regex parser's value for \\d (\\p{Nd})."""
    from regex import _regex_core as core

    source = core.Source(r"\d")
    info = core.Info(regex.VERSION0, source.char_type, {})
    value: int = core._parse_pattern(source, info).items[0].value
    return value


def _is_digit_class(node: Any) -> bool:
    return type(node).__name__ == "Property" and node.positive and node.value == _digit_property()


def _exact(strings: Iterable[str]) -> Info:
    found = frozenset(strings)
    if len(found) > MAX_EXACT:
        return Info(None, best([found]), found, found)
    return Info(found, best([found]), found, found)


def analyse(node: Any) -> Info:
    from regex import _regex_core as core

    handler = _HANDLERS.get(type(node).__name__)
    if handler is not None:
        info: Info = handler(node)
        return info
    if _is_digit_class(node):
        return _exact(["0"])
    if isinstance(node, core.ZeroWidthBase) and type(node).__name__ != "SearchAnchor":
        return EMPTY  # anchors, \b, \K: consume nothing, promise nothing
    return ANY  # properties, any-character, back-references, fuzzy matches, unknown nodes


def _character(node: Any) -> Info:
    if getattr(node, "zerowidth", False):
        return EMPTY
    if not node.positive:
        return ANY
    return _exact([_fold([node.value])])


def _string(node: Any) -> Info:
    return _exact([_fold(node.characters)])


def _string_set(node: Any) -> Info:
    values = node.info.kwargs.get(node.name)
    if values is None:
        return ANY
    return _exact(fold(str(value)) for value in values)


def _set(node: Any) -> Info:
    if not node.positive or getattr(node, "zerowidth", False):
        return ANY
    chars: list[str] = []
    for item in node.items:
        kind = type(item).__name__
        if kind == "Character" and item.positive and not item.zerowidth:
            chars.append(_fold([item.value]))
        elif _is_digit_class(item):
            chars.append("0")
        elif kind == "Range" and item.positive and item.upper - item.lower < MAX_RANGE:
            chars.extend(_fold([c]) for c in range(item.lower, item.upper + 1))
        else:
            return ANY
    return _exact(chars)


def _product(a: Literals, b: Literals) -> Literals | None:
    if a == NOTHING or b == NOTHING:
        return b if a == NOTHING else a
    return frozenset(x + y for x in a for y in b) if len(a) * len(b) <= MAX_EXACT else None


def _range(node: Any) -> Info:
    if not node.positive or getattr(node, "zerowidth", False) or node.upper - node.lower >= MAX_RANGE:
        return ANY
    return _exact(_fold([c]) for c in range(node.lower, node.upper + 1))


def _sequence(node: Any) -> Info:
    head, run, candidates = runs(node)
    if head is None:
        return Info(run, best(candidates), run, run)
    return Info(None, best(candidates), head, run)


def runs(node: Any) -> tuple[Literals | None, Literals, list[Literals]]:
    """A sequence's first run of exact text (None: the whole is one), its last, and every
    requirement met along it."""
    run: Literals = frozenset({""})  # the exact strings of the contiguous run so far
    head: Literals | None = None  # the run that starts the sequence, once it has ended
    candidates: list[Literals] = []
    for item in node.items:
        info = analyse(item)
        if info.need is not None:
            candidates.append(info.need)
        if info.exact is not None and (joined := _product(run, info.exact)) is not None:
            run = joined
            continue
        # The run ends here: unknown text follows, or the cross product grew too large.
        # What the item starts with still extends it ("x" + "yz" of "x(?:yz)+"), and
        # what it ends with starts the next run.
        if info.exact is None and info.head is not None and (joined := _product(run, info.head)) is not None:
            run = joined
        candidates.append(run)
        if head is None:
            head = run
        run = info.exact if info.exact is not None else info.tail or NOTHING
    candidates.append(run)
    return head, run, candidates


def _branch(branches: Iterable[Any]) -> Info:
    infos = [analyse(b) for b in branches]
    exact: Literals | None = None
    if all(i.exact is not None for i in infos):
        union = frozenset().union(*(i.exact for i in infos if i.exact is not None))
        if len(union) <= MAX_EXACT:
            exact = union
    need = _union([i.need for i in infos])
    if exact is not None:
        need = best([c for c in (exact, need) if c is not None])
    return Info(exact, need, _union([i.head for i in infos]), _union([i.tail for i in infos]))


def _union(sets: list[Literals | None]) -> Literals | None:
    if any(s is None for s in sets):
        return None
    return frozenset().union(*(s for s in sets if s is not None))


def _repeat(node: Any) -> Info:
    if node.min_count == 0:
        return ANY
    inner = analyse(node.subpattern)
    if node.min_count == node.max_count == 1:
        return inner
    if inner.exact is not None:
        # At least min_count copies: "\\d{5,}" starts and ends with "00000", and "\\d{4}" is it.
        copies: Literals | None = NOTHING
        for _ in range(min(node.min_count, MAX_COPIES)):
            copies = _product(copies, inner.exact) if copies is not None else None
        if copies is not None:
            if node.min_count == node.max_count and node.min_count <= MAX_COPIES:
                return Info(copies, best([copies]), copies, copies)
            return Info(None, best([copies]), copies, copies)
    return Info(None, inner.need, inner.head, inner.tail)


def _lookaround(node: Any) -> Info:
    # Zero-width: the run of exact text goes on through it. A positive one's literals
    # are in the story even though they are outside the match.
    if not node.positive:
        return EMPTY
    return Info(NOTHING, analyse(node.subpattern).need, NOTHING, NOTHING)


def _inner(node: Any) -> Info:
    return analyse(node.subpattern)


_HANDLERS: dict[str, Any] = {
    "Sequence": _sequence,
    "Branch": lambda node: _branch(node.branches),
    "Character": _character,
    "String": _string,
    "Literal": _string,
    "StringSet": _string_set,
    "SetUnion": _set,
    "Range": _range,
    "Group": _inner,
    "Atomic": _inner,
    "GreedyRepeat": _repeat,
    "LazyRepeat": _repeat,
    "PossessiveRepeat": _repeat,
    "LookAround": _lookaround,
    "Conditional": lambda node: _branch([node.yes_item, node.no_item]),
    "LookAroundConditional": lambda node: _branch([node.yes_item, node.no_item]),
}
