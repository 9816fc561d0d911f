"""``kind: capitalization``: headline case and formal titles around names.

Modes:
- ``headline-all-caps``: a headline written in capitals ("BAHIA COCOA REVIEW");
- ``headline-title-case``: a headline with every significant word capitalised;
- ``title-before-name``: a formal title from ``titles`` in lowercase directly
  before a capitalised name ("foreign minister Penny Wong");
- ``title-after-name``: a capitalised title from ``titles`` after "the" and not
  followed by a name ("Blinken, the Secretary of State, said").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import regex

from newslint.document import Document
from newslint.kinds.base import BASE_FLAGS, BuildContext, SpecError
from newslint.records import Finding
from newslint.transforms import title_words

MODES = ("headline-all-caps", "headline-title-case", "title-before-name", "title-after-name")

# Words that stay lowercase inside a Title Case headline, so they prove nothing.
SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of off on onto or over per than the to up via vs with"
    " amid after".split()
)
# Wire prefixes such as "UPDATE 2-", "BRIEF-", "REFILE-" are not part of the headline's case.
_PREFIX = regex.compile(r"^(?:(?:UPDATE|REFILE|CORRECTED|RPT|BRIEF|EXCLUSIVE|WRAPUP|INSIGHT|ANALYSIS)\b[ \d]*[-:]\s*)+")
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.&-]*")
# Names are capitalised words; these capitalised words are not names.
NOT_NAMES = (
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May"
    " June July August September October November December Jan Feb Aug Sept Oct Nov Dec"
    " The A An And But In On At Of For To With As It He She They We I This That"
).split()


class HeadlineChecker:
    fields = frozenset({"match"})

    def __init__(self, mode: str, min_words: int) -> None:
        self.mode = mode
        self.min_words = min_words

    def find(self, doc: Document, timeout: float) -> Iterator[Finding]:
        for start, end in doc.headline.spans:
            text = doc.text[start:end]
            if self._flags(text):
                yield Finding(start, end, None, {"match": text})

    def _flags(self, headline: str) -> bool:
        body = _PREFIX.sub("", headline)
        words = [w for w in _WORD.findall(body) if any(c.isalpha() for c in w)]
        if len(words) < self.min_words:
            return False
        letters = [c for c in body if c.isalpha()]
        all_caps = all(c.isupper() for c in letters if c.isupper() or c.islower())
        if self.mode == "headline-all-caps":
            return all_caps and sum(1 for w in words if len(w) > 3) >= 1
        if all_caps:
            return False  # the all-caps rule owns these
        significant = [w for w in words[1:] if w.lower() not in SMALL_WORDS and not w[0].isdigit()]
        return len(significant) >= self.min_words and all(w[0].isupper() for w in significant)


class TitleChecker:
    fields = frozenset({"match", "title", "name"})

    def __init__(self, pattern: regex.Pattern[str], before_name: bool) -> None:
        self.pattern = pattern
        self.before_name = before_name

    def find(self, doc: Document, timeout: float) -> Iterator[Finding]:
        for m in self.pattern.finditer(doc.text, timeout=timeout):
            title = m.group("title")
            values = {"match": m.group(), "title": title, "name": m.group("name") or ""}
            if self.before_name:
                fixed = title_words(" ".join(title.split()))
                if fixed == title:
                    continue
            else:
                fixed = title.lower()
            values["replacement"] = fixed
            yield Finding(m.start("title"), m.end("title"), fixed, values)


def _title_pattern(titles: Sequence[str], before_name: bool) -> regex.Pattern[str]:
    name = r"(?!(?:\L<not_names>)\b)\p{Lu}[\p{Ll}'’-]+(?:\s+\p{Lu}\.)?(?:\s+\p{Lu}[\p{L}'’-]+)*"
    if before_name:
        source = rf"(?<![\p{{L}}-])(?P<title>(?i:\L<titles>))\s+(?P<name>{name})"
        terms = list(titles)
    else:
        source = r"(?<=\b[Tt]he\s+)(?P<title>\L<titles>)(?![\p{L}-])(?!\s+\p{Lu})(?P<name>)"
        terms = [title_words(t) for t in titles]
    return regex.compile(source, BASE_FLAGS, ignore_unused=True, titles=terms, not_names=NOT_NAMES)


def build(spec: Mapping[str, Any], ctx: BuildContext) -> HeadlineChecker | TitleChecker:
    mode = spec["mode"]
    titles = spec.get("titles")
    if mode.startswith("headline-"):
        if titles is not None:
            raise SpecError("titles", f"mode {mode!r} takes no titles")
        return HeadlineChecker(mode, int(spec.get("min-words", 3)))
    if not titles:
        raise SpecError("titles", f"mode {mode!r} needs a list of titles")
    return TitleChecker(_title_pattern(titles, mode == "title-before-name"), mode == "title-before-name")
