"""The literal strings a regular expression cannot match without: what the prefilter looks for.

``required(pattern)`` returns a set of case-folded strings such that, whenever
the pattern matches anywhere in a text, the case-folded text contains at least
one of them; or None when no such set can be derived (the rule must always run).
The text around a match counts too: a positive lookaround's literals must be in
the story even though they are not in the match.

The pattern is parsed with the ``regex`` module's own parser, so verbose mode,
scoped flags, named lists and escapes mean exactly what they mean to the engine.
That parser is not public API: any node this module does not know, and any
failure to parse, gives None, which is always correct (only slower).

Everything is compared case-folded: a case-insensitive match of pattern
character ``p`` on text character ``t`` means they fold alike, so a literal
found in the folded pattern is found in the folded text; a case-sensitive
literal is only looked for more loosely than it matches.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import regex

#: Past this many strings, an exact set is kept only as a requirement (no cross products).
MAX_EXACT = 64
#: Ranges in a character class up to this size are spelled out ([0-3], [a-e]).
MAX_RANGE = 16

Literals = frozenset[str]


class _Info(NamedTuple):
    """What one node says about the text it matches."""

    exact: Literals | None  # every match is one of these (None: unknown or too many)
    need: Literals | None  # the text holds one of these whenever the node matches (None: nothing)
    head: Literals | None = None  # every match starts with one of these (None: unknown)


_NOTHING: Literals = frozenset({""})
_ANY = _Info(None, None)
_EMPTY = _Info(frozenset({""}), None, frozenset({""}))


def required(pattern: regex.Pattern[str]) -> Literals | None:
    """Case-folded strings one of which every text the pattern matches in must contain."""
    need = _top(pattern).need
    return need if _usable(need) else None


def anchors(pattern: regex.Pattern[str]) -> Literals | None:
    """Case-folded strings one of which every match starts with (where matching began,
    before any ``\\K``), or None. Matching only where they occur finds what a scan finds.
    """
    if pattern.flags & regex.REVERSE:
        return None  # a reverse scan meets overlapping matches in the other order
    head = _top(pattern).head
    return head if _usable(head) else None


def _usable(found: Literals | None) -> bool:
    return bool(found) and "" not in found  # type: ignore[operator]


def _top(pattern: regex.Pattern[str]) -> _Info:
    try:
        return _analyse(_parse(pattern))
    except Exception:  # the parser is private API: a change in it must cost speed, never findings
        return _ANY


def _parse(pattern: regex.Pattern[str]) -> Any:
    from regex import _regex_core as core

    named_lists = {name: list(values) for name, values in pattern.named_lists.items()}
    source = core.Source(pattern.pattern)
    info = core.Info(pattern.flags, source.char_type, named_lists)
    info.guess_encoding = core.UNICODE
    source.ignore_space = bool(info.flags & regex.VERBOSE)
    source.use_unicode_space(bool(info.flags & regex.VERSION1))
    return core._parse_pattern(source, info)


def _fold(codepoints: Iterable[int]) -> str:
    return "".join(map(chr, codepoints)).casefold()


def is_common(literal: str) -> bool:
    """A literal found in nearly every story ("s", " ", ".", "or", "00"): useless as a trigger."""
    return len(literal) <= 2 and all(c.isalnum() or c.isspace() or c in ".,'-" for c in literal)


def _best(candidates: Iterable[Literals]) -> Literals | None:
    """The most selective requirement: no common strings, the longest shortest one, the fewest."""
    usable = [c for c in candidates if c and "" not in c]
    if not usable:
        return None
    return max(usable, key=lambda c: (not any(map(is_common, c)), min(map(len, c)), -len(c)))


def _exact(strings: Iterable[str]) -> _Info:
    found = frozenset(strings)
    if len(found) > MAX_EXACT:
        return _Info(None, _best([found]), found)
    return _Info(found, _best([found]), found)


def _analyse(node: Any) -> _Info:
    from regex import _regex_core as core

    handler = _HANDLERS.get(type(node).__name__)
    if handler is not None:
        return handler(node)
    if isinstance(node, core.ZeroWidthBase) and type(node).__name__ != "SearchAnchor":
        return _EMPTY  # anchors, \b, \K: consume nothing, promise nothing
    return _ANY  # properties, any-character, back-references, fuzzy matches, unknown nodes


def _character(node: Any) -> _Info:
    if getattr(node, "zerowidth", False):
        return _EMPTY
    if not node.positive:
        return _ANY
    return _exact([_fold([node.value])])


def _string(node: Any) -> _Info:
    return _exact([_fold(node.characters)])


def _string_set(node: Any) -> _Info:
    values = node.info.kwargs.get(node.name)
    if values is None:
        return _ANY
    return _exact(str(value).casefold() for value in values)


def _set(node: Any) -> _Info:
    if not node.positive or getattr(node, "zerowidth", False):
        return _ANY
    chars: list[str] = []
    for item in node.items:
        kind = type(item).__name__
        if kind == "Character" and item.positive and not item.zerowidth:
            chars.append(_fold([item.value]))
        elif kind == "Range" and item.positive and item.upper - item.lower < MAX_RANGE:
            chars.extend(_fold([c]) for c in range(item.lower, item.upper + 1))
        else:
            return _ANY
    return _exact(chars)


def _product(a: Literals, b: Literals) -> Literals | None:
    if a == _NOTHING or b == _NOTHING:
        return b if a == _NOTHING else a
    return frozenset(x + y for x in a for y in b) if len(a) * len(b) <= MAX_EXACT else None


def _sequence(node: Any) -> _Info:
    run: Literals = frozenset({""})  # the exact strings of the contiguous run so far
    head: Literals | None = None  # the run that starts the sequence, once it has ended
    candidates: list[Literals] = []
    for item in node.items:
        info = _analyse(item)
        if info.need is not None:
            candidates.append(info.need)
        if info.exact is not None and (joined := _product(run, info.exact)) is not None:
            run = joined
            continue
        # The run ends here: unknown text follows, or the cross product grew too large.
        # What the item starts with still extends it ("x" + "yz" of "x(?:yz)+").
        if info.exact is None and info.head is not None and (joined := _product(run, info.head)) is not None:
            run = joined
        candidates.append(run)
        if head is None:
            head = run
        run = info.exact if info.exact is not None else frozenset({""})
    candidates.append(run)
    if head is None:
        return _Info(run, _best(candidates), run)
    return _Info(None, _best(candidates), head)


def _branch(branches: Iterable[Any]) -> _Info:
    infos = [_analyse(b) for b in branches]
    exact: Literals | None = None
    if all(i.exact is not None for i in infos):
        union = frozenset().union(*(i.exact for i in infos if i.exact is not None))
        if len(union) <= MAX_EXACT:
            exact = union
    need = _union([i.need for i in infos])
    if exact is not None:
        need = _best([c for c in (exact, need) if c is not None])
    return _Info(exact, need, _union([i.head for i in infos]))


def _union(sets: list[Literals | None]) -> Literals | None:
    if any(s is None for s in sets):
        return None
    return frozenset().union(*(s for s in sets if s is not None))


def _repeat(node: Any) -> _Info:
    if node.min_count == 0:
        return _ANY
    inner = _analyse(node.subpattern)
    if node.min_count == node.max_count == 1:
        return inner
    return _Info(None, inner.need, inner.head)


def _lookaround(node: Any) -> _Info:
    # Zero-width: the run of exact text goes on through it. A positive one's literals
    # are in the story even though they are outside the match.
    if not node.positive:
        return _EMPTY
    return _Info(frozenset({""}), _analyse(node.subpattern).need, frozenset({""}))


def _inner(node: Any) -> _Info:
    return _analyse(node.subpattern)


_HANDLERS: dict[str, Any] = {
    "Sequence": _sequence,
    "Branch": lambda node: _branch(node.branches),
    "Character": _character,
    "String": _string,
    "Literal": _string,
    "StringSet": _string_set,
    "SetUnion": _set,
    "Group": _inner,
    "Atomic": _inner,
    "GreedyRepeat": _repeat,
    "LazyRepeat": _repeat,
    "PossessiveRepeat": _repeat,
    "LookAround": _lookaround,
    "Conditional": lambda node: _branch([node.yes_item, node.no_item]),
    "LookAroundConditional": lambda node: _branch([node.yes_item, node.no_item]),
}
