"""The projection of a story that looser patterns run over, and the classes they use.

ASCII stays as it is; every other character becomes ``PLACEHOLDER`` (one byte
each), except the four that match ASCII letters case-insensitively, which become
those letters. Each pattern character, class or property becomes the class of
projection bytes that can stand where it matches: its ASCII members exactly
(asked of the parse tree itself), the placeholder for every non-ASCII member,
and the letters of the odd cases where they belong (see ``superset``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

import regex

#: What every non-ASCII character of a story becomes in the projection.
PLACEHOLDER = 0x1A
#: The only characters outside ASCII that match an ASCII letter case-insensitively
#: (a test checks this against every code point): "İ", "ı", long s, Kelvin sign. The
#: projection writes them as that letter, so a caseless letter is a plain class ("[kK]").
ODD_CASES = {0x130: ord("i"), 0x131: ord("i"), 0x17F: ord("s"), 0x212A: ord("k")}
_ODD = str.maketrans({chr(c): chr(a) for c, a in ODD_CASES.items()})
_NON_ASCII = regex.compile(r"[^\x00-\x7f]")
_ASCII = range(0x80)


class Unsupported(Exception):
    """A node whose language no looser expression here is sure to cover."""


def project(text: str) -> bytes:
    """The text as the looser expressions see it: ASCII kept, anything else one placeholder byte."""
    if not text.isascii():
        text = _NON_ASCII.sub(chr(PLACEHOLDER), text.translate(_ODD))
    return text.encode("ascii")


def _byte(value: int) -> str:
    # Letters and digits as themselves keep long word lists under the engine's length limit.
    return chr(value) if chr(value).isascii() and chr(value).isalnum() else f"\\x{value:02x}"


def byte_class(members: Iterable[int]) -> str:
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
        out.append(byte_class(_character_members(c, ignore_case)))
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
        return byte_class(_ASCII)
    members = {PLACEHOLDER}
    for c in _ASCII:
        if any(node.matches(v) for v in (_variants(c) if ignore_case else (c,))):
            members.add(c)
    for odd, letter in ODD_CASES.items():
        if any(node.matches(v) for v in (_variants(odd) if ignore_case else (odd,))):
            members.add(letter)
    return byte_class(members)


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
    return byte_class([c for c in range(0x100) if c != 0x0A])


def _anything(node: Any) -> str:
    return "[\\x00-\\xff]"


CHARACTERS: dict[str, Any] = {
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

