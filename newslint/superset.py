"""A looser expression for a rule's pattern: it matches wherever the pattern can, and is
simple enough for a multi-pattern engine (Hyperscan) to try every rule in one pass.

The pattern is read from the ``regex`` module's own parse tree (see ``parsetree``)
and rewritten over a projected text: ASCII stays as it is and every other
character becomes ``PLACEHOLDER`` (one byte each). The rewrite only ever widens:

- lookarounds, word boundaries, anchors and ``\\K`` match the empty string;
- a character class keeps exactly its ASCII members (asked of the parse tree
  itself), and every class, and every non-ASCII or case-insensitive character,
  also admits the placeholder, which stands for any non-ASCII character;
- a case-insensitive character admits every ASCII character it matches ("i" also
  stands for "İ", "K" for the Kelvin sign, both placeholders here);
- possessive, atomic and lazy repeats become plain ones, and a conditional either arm.

So if the rule's pattern matches a story, the looser one matches the projection.
What cannot be widened that way (back-references, fuzzy matching, full case
folding, recursion) gives None, and the rule keeps its literal triggers alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

import regex

from newslint.parsetree import parse

#: What every non-ASCII character of a story becomes in the projection.
PLACEHOLDER = 0x1A
#: The only characters outside ASCII that match an ASCII letter case-insensitively
#: (a test checks this against every code point): "İ", "ı", long s, Kelvin sign. The
#: projection writes them as that letter, so a caseless letter is a plain class ("[kK]").
ODD_CASES = {0x130: ord("i"), 0x131: ord("i"), 0x17F: ord("s"), 0x212A: ord("k")}
_ODD = str.maketrans({chr(c): chr(a) for c, a in ODD_CASES.items()})
_NON_ASCII = regex.compile(r"[^\x00-\x7f]")
_ASCII = range(0x80)
# The parse tree's mark on a class compiled in ASCII mode (``(?a)``).
ASCII_ENCODING = 1
# Locale mode (``(?L)``, scoped or not): what a class holds depends on the machine.
_LOCALE = regex.compile(r"\(\?[a-zA-Z-]*L[a-zA-Z-]*[:)]")


class Unsupported(Exception):
    """A node whose language no looser expression here is sure to cover."""


def superset(pattern: regex.Pattern[str]) -> tuple[str, ...]:
    """Looser expressions (ASCII text), each matching the projection of every text the
    pattern matches in: the tightest first, then a shorter one in case the engine refuses
    it (too large); none when the pattern has a construct that cannot be widened here."""
    if pattern.flags & regex.LOCALE or _LOCALE.search(pattern.pattern):
        return ()
    try:
        tree = parse(pattern)
        tight = _emit(tree, left=True, right=True)
        loose = _emit(tree)
    except Exception:  # Unsupported, or the private parser changed: the rule keeps its triggers
        return ()
    return (tight,) if tight == loose else (tight, loose)


def project(text: str) -> bytes:
    """The text as the looser expressions see it: ASCII kept, anything else one placeholder byte."""
    if not text.isascii():
        text = _NON_ASCII.sub(chr(PLACEHOLDER), text.translate(_ODD))
    return text.encode("ascii")


def _emit(node: Any, left: bool = False, right: bool = False) -> str:
    """The looser expression of ``node``; ``left``/``right``: its start/end is the whole match's."""
    kind = type(node).__name__
    if kind == "Sequence":
        return _sequence(node.items, left, right)
    if kind in ("Group", "Atomic"):
        return _group(_emit(node.subpattern, left, right))
    if kind == "Branch":
        return _branch(node.branches, left, right)
    if kind in ("Conditional", "LookAroundConditional"):
        return _branch([node.yes_item, node.no_item], left, right)
    if kind in ("GreedyRepeat", "LazyRepeat", "PossessiveRepeat"):
        return _repeat(node)
    if kind in _ZERO_WIDTH or getattr(node, "zerowidth", False):
        return ""
    handler = _CHARACTERS.get(kind)
    if handler is None:
        raise Unsupported(kind)
    out: str = handler(node)
    return out


def _sequence(items: tuple[Any, ...] | list[Any], left: bool, right: bool) -> str:
    # A lookbehind where the whole match starts holds the text just before it, and a
    # lookahead where it ends the text just after: there, the looser expression takes
    # that text in (one of each; ones elsewhere assert at places inside and are dropped).
    wide = [n for n, item in enumerate(items) if not _zero_width(item)]
    if not wide:
        return ""
    first, last = wide[0], wide[-1]
    behind = [item for item in items[:first] if _look(item, behind=True)] if left else []
    ahead = [item for item in items[last + 1 :] if _look(item, behind=False)] if right else []
    out = [_group(_emit(behind[-1].subpattern, left=True))] if behind else []
    for n in range(first, last + 1):
        # An edge whose lookaround is taken in here is no longer an edge inside: the text
        # there is taken, so an inner lookaround at the same place must not be taken again.
        out.append(_emit(items[n], left and not behind and n == first, right and not ahead and n == last))
    if ahead:
        out.append(_group(_emit(ahead[0].subpattern, right=True)))
    return "".join(out)


def _zero_width(node: Any) -> bool:
    return type(node).__name__ in _ZERO_WIDTH or bool(getattr(node, "zerowidth", False))


def _look(node: Any, behind: bool) -> bool:
    return type(node).__name__ == "LookAround" and node.positive and node.behind == behind


def _group(text: str) -> str:
    return f"(?:{text})" if text else ""


def _repeat(node: Any) -> str:
    inner = _emit(node.subpattern)  # each time round starts and ends inside the match
    if not inner:
        return ""
    low, high = node.min_count, node.max_count
    if high == 0:
        return ""  # "x{0}" matches the empty string, and Hyperscan refuses it
    if high == low:
        quantifier = "" if low == 1 else f"{{{low}}}"
    elif (low, high) == (0, 1):
        quantifier = "?"
    else:  # an upper bound only costs the engine time to compile: no bound is wider
        quantifier = "*" if low == 0 else "+" if low == 1 else f"{{{low},}}"
    return _group(inner) + quantifier


def _branch(arms: Iterable[Any], left: bool, right: bool) -> str:
    return f"(?:{'|'.join(_emit(arm, left, right) for arm in arms)})"


def _byte(value: int) -> str:
    # Letters and digits as themselves keep long word lists under the engine's length limit.
    return chr(value) if chr(value).isascii() and chr(value).isalnum() else f"\\x{value:02x}"


def _class(members: Iterable[int]) -> str:
    """A byte class, in ranges; a single byte is written bare."""
    found = sorted(set(members))
    if not found:
        return "[^\\x00-\\xff]"  # no byte: the class of an impossible character
    if len(found) == 1:
        return _byte(found[0])
    runs: list[list[int]] = []
    for byte in found:
        if runs and byte == runs[-1][1] + 1:
            runs[-1][1] = byte
        else:
            runs.append([byte, byte])
    return "[" + "".join(_byte(a) if a == b else f"{_byte(a)}-{_byte(b)}" for a, b in runs) + "]"


_FULLCASE, _IGNORECASE = int(regex.FULLCASE), int(regex.IGNORECASE)  # plain ints: enum operations are slow


def _ignore_case(case_flags: int) -> bool:
    flags = int(case_flags)
    if flags & _FULLCASE and flags & _IGNORECASE:
        raise Unsupported("full case folding")
    return bool(flags & _IGNORECASE)


@cache
def _ascii_matching(codepoint: int) -> frozenset[int]:
    """The ASCII characters a case-insensitive ``codepoint`` matches ("k" and "K" for the Kelvin sign)."""
    return frozenset(c for c in _ascii_or_odd_matching(codepoint) if c < 0x80)


def _character_members(codepoint: int, ignore_case: bool) -> set[int]:
    """The bytes of the projection a pattern character can match."""
    if codepoint < 0x80:
        return set(_ascii_matching(codepoint)) if ignore_case else {codepoint}
    members = {PLACEHOLDER}
    if codepoint in ODD_CASES:
        members.add(ODD_CASES[codepoint])
    if ignore_case:
        members |= _ascii_matching(codepoint)
    return members


def _character(node: Any) -> str:
    if node.zerowidth:
        return ""
    if not node.positive:
        return _set(node)
    return _text([node.value], _ignore_case(node.case_flags))


def _string(node: Any) -> str:
    return _text(node.characters, _ignore_case(node.case_flags))


def _text(codepoints: Iterable[int], ignore_case: bool) -> str:
    """Characters in a row; caseless ASCII letters as one ``(?i:...)`` run, which the engine
    matches as a literal."""
    out, run = [], []
    for c in codepoints:
        if ignore_case and c < 0x80:
            run.append(_byte(c))
            continue
        if run:
            out.append(f"(?i:{''.join(run)})")
            run = []
        out.append(_class(_character_members(c, ignore_case)))
    if run:
        out.append(f"(?i:{''.join(run)})")
    return "".join(out)


def _string_set(node: Any) -> str:
    values = node.info.kwargs.get(node.name)
    if values is None:
        raise Unsupported("a named list without values")
    return _alternation(tuple(str(value) for value in values), _ignore_case(node.case_flags))


@lru_cache(maxsize=256)
def _alternation(values: tuple[str, ...], ignore_case: bool) -> str:
    # Cached: a word list is written for the tight form and the loose one, and often shared.
    words = {_text(map(ord, value), ignore_case) for value in values}
    return f"(?:{'|'.join(sorted(words))})"


def _set(node: Any) -> str:
    """A class (or property, range, negated character): its ASCII members, and the placeholder."""
    if node.zerowidth:
        return ""
    ignore_case = _ignore_case(node.case_flags)
    if ignore_case and type(node).__name__ == "Property":
        # A caseless property alone is its own operation in the engine ("\p{Lt}" matches
        # any cased letter, "\P{Lower=F}" anything cased): no class here models it.
        return _class(_ASCII)
    encodings = _encodings(node)
    members = {PLACEHOLDER}
    for c in _ASCII:
        if any(node.matches(v) for v in (_variants(c) if ignore_case else (c,))):
            members.add(c)
    for odd, letter in ODD_CASES.items():
        # In ASCII mode an odd character is outside every class the parse tree asks about.
        if ASCII_ENCODING in encodings or any(node.matches(v) for v in (_variants(odd) if ignore_case else (odd,))):
            members.add(letter)
    return _class(members)


def _encodings(node: Any) -> set[int]:
    found = {node.encoding} if hasattr(node, "encoding") else set()
    for item in getattr(node, "items", ()):
        found |= _encodings(item)
    return found


@cache
def _variants(c: int) -> tuple[int, ...]:
    """The characters that match ``c`` case-insensitively among its own cases and the odd ones."""
    char = chr(c)
    candidates = {ord(char.lower()[0]), ord(char.upper()[0]), *ODD_CASES, *ODD_CASES.values()}
    matching = _ascii_or_odd_matching(c)
    return (c, *sorted(v for v in candidates if v != c and v in matching))


@cache
def _ascii_or_odd_matching(codepoint: int) -> frozenset[int]:
    pattern = regex.compile(regex.escape(chr(codepoint)), regex.IGNORECASE | regex.VERSION0)
    return frozenset(c for c in (*_ASCII, *ODD_CASES) if pattern.fullmatch(chr(c)))


def _any_but_newline(node: Any) -> str:
    return _class([c for c in range(0x100) if c != 0x0A])


def _anything(node: Any) -> str:
    return "[\\x00-\\xff]"


_CHARACTERS: dict[str, Any] = {
    "Character": _character,
    "String": _string,
    "Literal": _string,
    "StringSet": _string_set,
    "Property": _set,
    "Range": _set,
    "SetUnion": _set,
    "SetInter": _set,
    "SetDiff": _set,
    "SetSymDiff": _set,
    "Any": _any_but_newline,
    "AnyAll": _anything,
    "AnyU": _anything,
}

# Zero-width assertions: the empty string is wider than any of them.
_ZERO_WIDTH = frozenset(
    {
        "LookAround", "Boundary", "DefaultBoundary", "StartOfWord", "EndOfWord", "DefaultStartOfWord",
        "DefaultEndOfWord", "StartOfLine", "StartOfLineU", "EndOfLine", "EndOfLineU", "StartOfString",
        "EndOfString", "EndOfStringLine", "EndOfStringLineU", "SearchAnchor", "Keep",
        # Verbs that only make a match fail: without them the expression is wider.
        "Failure", "Skip", "Prune",
    }
)
