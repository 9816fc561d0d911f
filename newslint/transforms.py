"""Named transforms that rule templates may apply to matched text.

Rules are data: a rule from a stranger's repository can only name one of
these functions, never supply code of its own.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

Transform = Callable[[str], str]

# Characters used as thousands separators in copy from around the world.
_SEPARATORS = regex.compile(r"[.,'\u0020\u00a0\u202f\u2009]")


def digits(text: str) -> str:
    """Drop thousands separators: ``1.200.000`` -> ``1200000``."""
    result: str = _SEPARATORS.sub("", text)
    return result


def thousands(text: str) -> str:
    """Group an integer with commas: ``1.200`` or ``12000`` -> ``1,200``/``12,000``.

    Anything that is not plainly an integer (a leading zero, groups that are
    not three digits) comes back unchanged rather than guessed at.
    """
    groups = _SEPARATORS.split(text)
    if not all(g.isdigit() for g in groups) or text.startswith("0"):
        return text
    if len(groups) > 1 and (len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
        return text
    return f"{int(''.join(groups)):,}"


def capitalize(text: str) -> str:
    """Upper-case the first letter of each word, leaving the rest alone."""
    result: str = regex.sub(r"(?<![\p{L}'’])\p{Ll}", lambda m: m.group().upper(), text)
    return result


def capitalize_first(text: str) -> str:
    """Upper-case the first letter only: ``president`` -> ``President``."""
    for i, char in enumerate(text):
        if char.isalpha():
            return text[:i] + char.upper() + text[i + 1 :]
    return text


def title_words(text: str) -> str:
    """Capitalise the words of a formal title, keeping short joining words lowercase."""
    small = {"of", "the", "and", "for", "on", "in", "to", "at"}
    words = text.split(" ")
    return " ".join(
        w if (i > 0 and w.lower() in small) else capitalize_first(w) for i, w in enumerate(words)
    )


_SPACES = regex.compile(r"\s+")


def collapse_space(text: str) -> str:
    """Runs of white space become one space."""
    result: str = _SPACES.sub(" ", text)
    return result


_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def number_words(text: str) -> str:
    """Spell out zero to nine as Reuters does for counts: ``7`` -> ``seven``; others unchanged."""
    return _WORDS[int(text)] if text.isdigit() and len(text) == 1 else text


TRANSFORMS: dict[str, Transform] = {
    "lower": str.lower,
    "upper": str.upper,
    "capitalize": capitalize,
    "capitalize-first": capitalize_first,
    "title": title_words,
    "digits": digits,
    "thousands": thousands,
    "strip": str.strip,
    "collapse-space": collapse_space,
    "number-words": number_words,
}


def match_case(source: str, replacement: str) -> str:
    """Give ``replacement`` the case pattern of ``source`` (ALL CAPS, Capitalised, as is)."""
    letters = [c for c in source if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if letters and letters[0].isupper() and replacement[:1].islower():
        return capitalize_first(replacement)
    return replacement
