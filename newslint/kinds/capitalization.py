"""``kind: capitalization``: headline case and formal titles around names.

Modes:
- ``headline-all-caps``: a headline written in capitals ("BAHIA COCOA REVIEW");
  ``min-words`` (default 3) is the fewest words worth flagging;
- ``headline-title-case``: a headline with every ordinary word capitalised;
  ``min-words`` (default 3) is how many capitals sentence case would not have;
- ``title-before-name``: a formal title from ``titles`` in lowercase directly
  before a capitalised name ("foreign minister Penny Wong");
- ``title-after-name``: a capitalised title from ``titles`` after "the" and not
  followed by a name ("Blinken, the Secretary of State, said").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

import re
import regex

from newslint.document import Document
from newslint.folding import fold
from newslint.kinds.base import BASE_FLAGS, BuildContext, SpecError, first_word, scan
from newslint.records import Finding
from newslint.transforms import title_words

MODES = ("headline-all-caps", "headline-title-case", "title-before-name", "title-after-name")

# Lowercase inside a Title Case headline too, so they prove nothing either way.
SMALL_WORDS = frozenset(
    "a an and as at but by for from in into nor of off on onto or over per than the to up via vs v with amid"
    " after about across against among before behind between beyond during like near past since through"
    " toward towards under until upon within without plc".split()  # plc: a lowercase company suffix
)
# Capitalised in any style, so they prove nothing.
ALWAYS_CAPITALISED = frozenset(
    "I Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July"
    " August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)
# Wire slugs in capitals before a dash or colon ("UPDATE 2-", "BRIEF-", "US STOCKS-", "DIARY - ").
_PREFIX = regex.compile(r"^[\p{Lu}\d][\p{Lu}\d &/.']*?\s?[-:–]\s*(?=\S)")
# After these a capital starts a new phrase ("Poland - Factors", "Exclusive: OPEC") or a name in
# a list ("MOVES-Pimco, Raymond James, ING").
_PHRASE_BREAK = regex.compile(r"\s[-–—]+\s|--|[:;,|?!()\[\]]|\.\s")
# A quoted title of a work keeps its own capitals: it counts as one neutral word, "Q".
_QUOTED = regex.compile(r"(?<!\w)['‘\"“]\w[^'‘’\"“”]*?['’\"”](?!\w)")
_TICKER = regex.compile(r"<[^<>\s]*>")  # "<AXP>", "<cb.to>": codes, not words
_PLURAL_ACRONYM = regex.compile(r"\p{Lu}{2,}s")  # "NICs", "ICBMs"
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.&-]*")
_POSSESSIVE_OR_STOP = regex.compile(r"['’](?:s\b)?|\.$")  # "Obama's" -> "Obama", "Inc." -> "Inc"


# _WORD for ASCII text, where \p{L} and \p{N} are these: the standard module finds them faster.
_ASCII_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'.&-]*")


@lru_cache(maxsize=256)
def _words(text: str) -> tuple[str, ...]:
    # Cached: the all-caps and title-case rules both read each headline.
    # A word with a cased letter: isupper() or islower() says so at once for most words.
    found = _ASCII_WORD.findall(text) if text.isascii() else _WORD.findall(text)
    return tuple([w for w in found if w.isupper() or w.islower() or any(c.isupper() or c.islower() for c in w)])


@lru_cache(maxsize=256)
def _mixed(headline: str) -> int:
    """How many words of the headline have lowercase letters (beyond "Jan", "NICs" and the like)."""
    # A word in capitals has no lowercase letter (isupper() is the quick way to say so).
    return sum(
        1 for w in _words(headline)
        if not w.isupper() and any(c.islower() for c in w)
        and w not in ALWAYS_CAPITALISED and not _PLURAL_ACRONYM.fullmatch(w)
    )


def _is_all_caps(headline: str, min_words: int) -> bool:
    words = _words(headline)
    # Old wire titles carry the odd typo ("KEEP up SERVICES"): tolerate one word in eight.
    if len(words) < min_words or _mixed(headline) > len(words) // 8:
        return False
    # "IMF, WTO" is a pair of acronyms, not shouting: want a long word or a longer line.
    return len(words) >= 4 or any(sum(c.isalpha() for c in w) >= 4 for w in words)


def _case_counts(headline: str) -> tuple[int, int]:
    """Count, past each phrase's first word, capitals sentence case would not have and lowercase words."""
    while (m := _PREFIX.match(headline)) and any(c.islower() for c in headline[m.end() :]):
        headline = headline[m.end() :]
    capitals = lowercase = 0
    for phrase in _PHRASE_BREAK.split(_QUOTED.sub(" Q ", headline)):
        for word in _words(phrase)[1:]:
            core = _POSSESSIVE_OR_STOP.sub("", word.split("-")[0])
            if len(core) < 2 or core in ALWAYS_CAPITALISED or core.isupper():
                continue  # initials, acronyms ("IMF", "U.S"), dates
            if any(c.isupper() for c in core[1:]) or not (core[0].isupper() or core[0].islower()):
                continue  # "PlayerWatch", "iPhone", scripts without case
            small = core.lower() in SMALL_WORDS
            if core[0].islower():
                lowercase += not small
            else:
                capitals += 2 if small else 1  # "Factors To Watch": sentence case never does this
    return capitals, lowercase


class HeadlineChecker:
    """Flags the headline when it is in capitals or in Title Case (by ``mode``)."""

    fields = frozenset({"match"})
    pattern = None
    anchors: frozenset[str] | None = None

    def __init__(self, mode: str, min_words: int) -> None:
        self.mode = mode
        self.min_words = min_words

    def find(self, doc: Document, timeout: float) -> Iterator[Finding]:
        for start, end in doc.headline.spans:
            text = doc.text[start:end]
            if self._flags(_TICKER.sub(" ", text)):
                yield Finding(start, end, None, {"match": text})

    def _flags(self, headline: str) -> bool:
        if self.mode == "headline-all-caps":
            return _is_all_caps(headline, self.min_words)
        if _is_all_caps(headline, 1):
            return False  # the all-caps rule owns these
        capitals, lowercase = _case_counts(headline)
        # One lowercase verb or noun shows sentence case; names alone ("San Antonio Spurs") stay
        # under the threshold.
        return lowercase == 0 and capitals >= self.min_words


# Capitalised words that follow a title without being a name ("The president Monday signed").
NOT_NAMES = [
    *ALWAYS_CAPITALISED,
    *"The A An And But In On At Of For To With As It He She They We This That".split(),
]
# Lowercase words that belong to the title after them: "deputy foreign minister".
_RANKS = "deputy vice assistant associate acting senior junior first executive".split()
# A lowercase word before a title may only be one of these; otherwise the title is part of a
# job description ("bank president", "junk-bond king") and stays lowercase.
_LEFT_WORDS = frozenset(
    "a an the and or but of for to by with from at on in as than then that which who whose when while"
    " after before since including like said says told tells met meets his her its their our former"
    " late new ousted deposed outgoing incoming interim retired elected exiled".split()
)
_LEFT = regex.compile(r"(?<![\p{L}'’-])(\p{Ll}[\p{L}'’-]*)[ \t]*\n?[ \t]*\Z")


@lru_cache(maxsize=1024)
def _capitalise(title: str) -> str:
    """Title-case a formal title and its hyphenated halves ("Secretary-General"), keeping line breaks."""
    # Cached: the same few titles recur, and each costs four regex calls.
    first, *rest = title_words(" ".join(title.split())).split(" ")
    joined = first + "".join(gap + word for gap, word in zip(regex.findall(r"\s+", title), rest))
    capitalised: str = regex.sub(r"(?<=-)\p{Ll}", lambda m: m.group().upper(), joined)
    return capitalised


class TitleChecker:
    """Finds titles before names (to capitalise) or standing alone (to lowercase)."""

    fields = frozenset({"match", "title", "name"})
    anchors: frozenset[str] | None = None

    def __init__(self, pattern: regex.Pattern[str], before_name: bool, starts: Sequence[str]) -> None:
        self.pattern = pattern
        self.before_name = before_name
        # Every match starts with one of these words, in any case (see kinds.base.scan).
        self.anchors = frozenset(map(fold, starts))

    def find(self, doc: Document, timeout: float) -> Iterator[Finding]:
        for m in scan(self.pattern, doc, self.anchors, timeout):
            title = m.group("title")
            if self.before_name:
                left = _LEFT.search(doc.text[max(0, m.start() - 40) : m.start()])
                if left and left.group(1) not in _LEFT_WORDS:
                    continue
                fixed = _capitalise(title)
                if fixed == title:
                    continue
            else:
                fixed = title.lower()
            values = {"match": m.group(), "title": title, "name": m.group("name") or "", "replacement": fixed}
            yield Finding(m.start("title"), m.end("title"), fixed, values)


def _title_pattern(titles: Sequence[str], before_name: bool) -> regex.Pattern[str]:
    terms = sorted(titles if before_name else map(_capitalise, titles), key=len, reverse=True)
    # Longest first, and a line break may fall between the words of a title (wrapped copy).
    alternation = "|".join(r"\s+".join(map(regex.escape, t.split())) for t in terms)
    name = r"(?!(?:\L<not_names>)\b)\p{Lu}[\p{Ll}'’-]+(?:\s+\p{Lu}\.)?(?:\s+\p{Lu}[\p{L}'’-]+)*"
    if before_name:
        title = rf"(?P<title>(?i:(?:(?:\L<ranks>)\s+)*(?:{alternation})))"
        source = rf"(?<![\p{{L}}'’-]){title}\s+(?P<name>{name})"
    else:
        source = (
            rf"(?<=\b[Tt]he\s+)(?<!\p{{Lu}}\p{{L}}*\s+of\s+the\s+)(?P<title>{alternation})(?![\p{{L}}-])"
            # Not before a name ("the President Joe Biden motorcade"), a proper name ("the
            # President's Council"), or a full formal title ("the Secretary of State for Trade").
            r"(?!\s+(?!(?:\L<not_names>)\b)\p{Lu})(?!['’]s\s+\p{Lu})"
            r"(?!\s+(?:of|for)\s+(?:the\s+)?\p{Lu})(?P<name>)"
        )
    return regex.compile(source, BASE_FLAGS, ignore_unused=True, not_names=NOT_NAMES, ranks=_RANKS)


def build(spec: Mapping[str, Any], ctx: BuildContext) -> HeadlineChecker | TitleChecker:
    mode = spec["mode"]
    titles = spec.get("titles")
    if mode.startswith("headline-"):
        if titles is not None:
            raise SpecError("titles", f"mode {mode!r} takes no titles")
        return HeadlineChecker(mode, int(spec.get("min-words", 3)))
    if not titles:
        raise SpecError("titles", f"mode {mode!r} needs a list of titles")
    before_name = mode == "title-before-name"
    starts = [first_word(t) for t in titles]
    if None in starts:
        raise SpecError("titles", "every title must start with a word")
    words = [w for w in starts if w is not None]
    return TitleChecker(_title_pattern(titles, before_name), before_name, [*words, *(_RANKS if before_name else [])])
