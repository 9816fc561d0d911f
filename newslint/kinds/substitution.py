"""``kind: substitution``: a map of words or phrases to replacements, one matcher for all.

The terms are compiled into a single regex: single words into a named list
(``\\L<terms>``, matched longest first by the regex module), phrases into an
alternation that also matches across line breaks ("new\\nrecord"). A term that
maps to null is flagged without a fix.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import regex

from newslint.document import Document
from newslint.kinds.base import BASE_FLAGS, BuildContext, SpecError, flag, scan
from newslint.records import Finding
from newslint.transforms import match_case

_SPACE = regex.compile(r"\s+")


def _key(term: str) -> str:
    folded: str = _SPACE.sub(" ", term.strip()).casefold()
    return folded


class SubstitutionChecker:
    fields = frozenset({"match"})
    anchors: frozenset[str] | None = None

    def __init__(
        self, pattern: regex.Pattern[str], swaps: dict[str, str | None], preserve_case: bool, fold: bool
    ) -> None:
        self.pattern = pattern
        self.swaps = swaps
        self.preserve_case = preserve_case
        self.fold = fold

    def find(self, doc: Document, timeout: float) -> Iterator[Finding]:
        for m in scan(self.pattern, doc, self.anchors, timeout):
            found = m.group()
            key = _key(found) if self.fold else _SPACE.sub(" ", found)
            replacement = self.swaps[key]
            if replacement is not None and self.preserve_case:
                replacement = match_case(found, replacement)
            yield Finding(m.start(), m.end(), replacement, {"match": found})


def build(spec: Mapping[str, Any], ctx: BuildContext) -> SubstitutionChecker:
    fold = flag(spec, "ignore-case", True)
    swaps: dict[str, str | None] = {}
    for term, replacement in spec["swap"].items():
        key = _key(term) if fold else _SPACE.sub(" ", term.strip())
        if not key:
            raise SpecError("swap", "empty term")
        if key in swaps:
            raise SpecError("swap", f"term {term!r} is listed twice")
        if replacement is not None and _key(replacement) == _key(term):
            raise SpecError("swap", f"term {term!r} is replaced by itself")
        swaps[key] = replacement
    words = [t for t in swaps if " " not in t]
    phrases = sorted((t for t in swaps if " " in t), key=len, reverse=True)
    alternatives = [r"\s+".join(regex.escape(w) for w in p.split(" ")) for p in phrases]
    if words:
        alternatives.append(r"\L<terms>")
    # Word edges: no letter, digit or joining hyphen may touch a term. When every term
    # starts with a word character, a leading \b lets the regex module skip ahead fast.
    starts_with_word = all(regex.match(r"\w", t) for t in swaps)
    before = r"\b(?<!-)" if starts_with_word else r"(?<![\w\-])"
    source = before + "(?:" + "|".join(alternatives) + r")(?![\w\-]\w)(?!\w)"
    flags = BASE_FLAGS | (regex.IGNORECASE if fold else 0)
    pattern = regex.compile(source, flags, terms=words) if words else regex.compile(source, flags)
    return SubstitutionChecker(pattern, swaps, flag(spec, "preserve-case", True), fold)
