"""How literals and text are compared, and how common a literal is in copy.

Everything the prefilter looks for is compared folded: case-folded, and with
every decimal digit written as "0" (so "\\d{5}" can require "00000").
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache

import regex

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


_ASCII_FOLD = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ123456789", b"abcdefghijklmnopqrstuvwxyz000000000")


def fold_ascii(text: str) -> bytes:
    """``fold(text)`` as bytes, for an ASCII ``text``: one byte translation does both foldings."""
    return text.encode("ascii").translate(_ASCII_FOLD)


@lru_cache(maxsize=8192)
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


@lru_cache(maxsize=8192)
def weight(literal: str) -> float:
    """How rare a literal is in copy, roughly: symbols are rare, digits and spaces are not."""
    return sum(1.0 if c.isalpha() else 0.5 if c.isdigit() or c.isspace() or c in ".,'-\"" else 3.0 for c in literal)


def best(candidates: Iterable[Literals]) -> Literals | None:
    """The most selective requirement: no common strings, then the rarest least rare one, the fewest."""
    usable = [c for c in candidates if c and "" not in c]
    if not usable:
        return None
    return max(usable, key=lambda c: (not any(map(is_common, c)), min(map(weight, c)), -len(c)))


