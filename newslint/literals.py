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

Everything is compared folded (``fold``): case-folded, and with every decimal
digit written as "0". A case-insensitive match of pattern character ``p`` on
text character ``t`` means they fold alike, so a literal found in the folded
pattern is found in the folded text; a case-sensitive literal is only looked
for more loosely than it matches. Folding digits lets "\\d{5}" require "00000",
so number rules run only on stories with such figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, NamedTuple

import regex

#: Past this many strings, an exact set is kept only as a requirement (no cross products).
MAX_EXACT = 64
#: Ranges in a character class up to this size are spelled out ([0-3], [a-e]).
MAX_RANGE = 32
#: Copies of a repeated literal spelled out ("\\d{5}" -> "00000"); longer ones add little.
MAX_COPIES = 8

Literals = frozenset[str]


_ASCII_DIGITS = str.maketrans("123456789", "000000000")


@cache
def _digit() -> regex.Pattern[str]:
    # What \d matches in the regex module's own Unicode tables: every script's decimal digits.
    return regex.compile(r"[1-9\d--0]", regex.VERSION1)


def fold(text: str) -> str:
    """The text as literals are compared: case-folded, every decimal digit made "0"."""
    folded = text.casefold()
    if folded.isascii():
        return folded.translate(_ASCII_DIGITS)
    digits_folded: str = _digit().sub("0", folded)
    return digits_folded


class _Info(NamedTuple):
    """What one node says about the text it matches."""

    exact: Literals | None  # every match is one of these (None: unknown or too many)
    need: Literals | None  # the text holds one of these whenever the node matches (None: nothing)
    head: Literals | None = None  # every match starts with one of these (None: unknown)
    tail: Literals | None = None  # every match ends with one of these (None: unknown)


_NOTHING: Literals = frozenset({""})
_ANY = _Info(None, None)
_EMPTY = _Info(_NOTHING, None, _NOTHING, _NOTHING)


def required(pattern: regex.Pattern[str]) -> Literals | None:
    """Case-folded strings one of which every text the pattern matches in must contain."""
    return derive(pattern)[0]


def anchors(pattern: regex.Pattern[str]) -> Literals | None:
    """Case-folded strings one of which every match starts with (where matching began,
    before any ``\\K``), or None. Matching only where they occur finds what a scan finds.
    """
    return derive(pattern)[1]


def derive(pattern: regex.Pattern[str]) -> tuple[Literals | None, Literals | None]:
    """``required`` and ``anchors`` from one parse of the pattern."""
    top = _top(pattern)
    need = top.need if _usable(top.need) else None
    # A reverse scan meets overlapping matches in the other order: no anchoring.
    head = top.head if _usable(top.head) and not pattern.flags & regex.REVERSE else None
    return need, head


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


def is_common(literal: str) -> bool:
    """A literal found in nearly every story ("s", " ", ".", "or", "00", "0."): useless as a trigger."""
    if len(literal) == 1:
        return literal.isalnum() or literal in " \t\n\r.,'-\""
    if len(literal) != 2:
        return False
    a, b = literal[0], literal[1]
    # Letter and digit pairs, a word's edge, white space, and the punctuation of numbers and sentences.
    return (
        (a.isalnum() or a in " \t\n\r.,;:") and (b.isalnum() or b in " \t\n\r")
        or a.isalnum() and b in ".,"
    )


def _weight(literal: str) -> float:
    """How rare a literal is in copy, roughly: symbols are rare, digits and spaces are not."""
    return sum(1.0 if c.isalpha() else 0.5 if c.isdigit() or c.isspace() or c in ".,'-\"" else 3.0 for c in literal)


def _best(candidates: Iterable[Literals]) -> Literals | None:
    """The most selective requirement: no common strings, then the rarest least rare one, the fewest."""
    usable = [c for c in candidates if c and "" not in c]
    if not usable:
        return None
    return max(usable, key=lambda c: (not any(map(is_common, c)), min(map(_weight, c)), -len(c)))


def _exact(strings: Iterable[str]) -> _Info:
    found = frozenset(strings)
    if len(found) > MAX_EXACT:
        return _Info(None, _best([found]), found, found)
    return _Info(found, _best([found]), found, found)


def _analyse(node: Any) -> _Info:
    from regex import _regex_core as core

    handler = _HANDLERS.get(type(node).__name__)
    if handler is not None:
        info: _Info = handler(node)
        return info
    if _is_digit_class(node):
        return _exact(["0"])
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
    return _exact(fold(str(value)) for value in values)


def _set(node: Any) -> _Info:
    if not node.positive or getattr(node, "zerowidth", False):
        return _ANY
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
            return _ANY
    return _exact(chars)


def _product(a: Literals, b: Literals) -> Literals | None:
    if a == _NOTHING or b == _NOTHING:
        return b if a == _NOTHING else a
    return frozenset(x + y for x in a for y in b) if len(a) * len(b) <= MAX_EXACT else None


def _range(node: Any) -> _Info:
    if not node.positive or getattr(node, "zerowidth", False) or node.upper - node.lower >= MAX_RANGE:
        return _ANY
    return _exact(_fold([c]) for c in range(node.lower, node.upper + 1))


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
        # What the item starts with still extends it ("x" + "yz" of "x(?:yz)+"), and
        # what it ends with starts the next run.
        if info.exact is None and info.head is not None and (joined := _product(run, info.head)) is not None:
            run = joined
        candidates.append(run)
        if head is None:
            head = run
        run = info.exact if info.exact is not None else info.tail or _NOTHING
    candidates.append(run)
    if head is None:
        return _Info(run, _best(candidates), run, run)
    return _Info(None, _best(candidates), head, run)


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
    return _Info(exact, need, _union([i.head for i in infos]), _union([i.tail for i in infos]))


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
    if inner.exact is not None:
        # At least min_count copies: "\\d{5,}" starts and ends with "00000", and "\\d{4}" is it.
        copies: Literals | None = _NOTHING
        for _ in range(min(node.min_count, MAX_COPIES)):
            copies = _product(copies, inner.exact) if copies is not None else None
        if copies is not None:
            if node.min_count == node.max_count and node.min_count <= MAX_COPIES:
                return _Info(copies, _best([copies]), copies, copies)
            return _Info(None, _best([copies]), copies, copies)
    return _Info(None, inner.need, inner.head, inner.tail)


def _lookaround(node: Any) -> _Info:
    # Zero-width: the run of exact text goes on through it. A positive one's literals
    # are in the story even though they are outside the match.
    if not node.positive:
        return _EMPTY
    return _Info(_NOTHING, _analyse(node.subpattern).need, _NOTHING, _NOTHING)


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
