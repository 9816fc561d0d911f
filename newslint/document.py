"""The document model: where the headline, body, quotations and trailing line are.

Rules name scopes (``headline``, ``body``, ``quote``, ``dateline``, ``signoff``,
``trailing``, ``all``)
to target or exclude; the model computes each scope once per text as a
sorted tuple of non-overlapping spans. In Markdown, code, HTML, front matter
and URLs are ``ignored``: no rule sees them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from newslint.spans import Span, SpanSet, cached_property
from newslint.urls import url_spans

if TYPE_CHECKING:
    from newslint.anchors import AnchorSearch, Hits
    from newslint.markdown import MarkdownRegions

SCOPES = ("all", "headline", "body", "quote", "trailing", "dateline", "signoff")

# Plain text: a short first line followed by a blank line is the headline.
HEADLINE_MAX_CHARS = 120
# The line is stripped of trailing blanks after the match: a lazy group is six times slower.
_PLAIN_HEADLINE = regex.compile(r"\A[ \t]*(\S[^\n]*)\n[ \t]*\n")
_PARAGRAPH_BREAK = regex.compile(r"\n[ \t]*\n")
# Wire copy marks paragraphs by indenting the first line ("\n    The dry period..."); the
# 1987 end mark (" Reuter", then U+0003) is never part of the paragraph before it.
_WIRE_PARAGRAPH_BREAK = regex.compile(r"\n[ \t]*\n|\n(?=[ \t]{3,}\S)|\n(?=[ \t]*(?i:reuters?)[ \t\r]*\n?\x03)")
_WORD = regex.compile(r"\w+")
_QUOTE_MARK = regex.compile(r"[\"“”]")
# "TEL AVIV, Oct 22 (Reuters) - " opens the body; loose on purpose, so a wrong one is found too.
_DATELINE = regex.compile(
    r"[ \t]*([^\n,]{2,50},[^\n,]{1,30}?\d{1,2}[ \t]*\((?:Reuters|REUTERS|Reuter)\)[ \t]*[-–—]+[ \t]*)"
)
# "(Reporting by A; Editing by B)": a line of its own, usually the last.
_SIGNOFF = regex.compile(
    r"^[ \t]*(\((?:Reporting|Reported|Writing|Written|Editing|Edited|Additional reporting|Compiled|Research)"
    r"\b[^\n]*)$",
    regex.M | regex.I,
)


class Document:
    """A text to lint plus its structure; build once, query per rule."""

    def __init__(self, text: str, *, markdown: bool = False) -> None:
        self.text = text
        self.markdown = markdown
        #: Where the ruleset's anchors stand, when the engine's prefilter has looked.
        self.hits: Hits | AnchorSearch | None = None

    @cached_property
    def _regions(self) -> MarkdownRegions:
        from newslint.markdown import markdown_regions  # only Markdown input pays for the parser

        return markdown_regions(self.text)

    @cached_property
    def ignored(self) -> SpanSet:
        """Never linted or rewritten: Markdown code, HTML, front matter, URLs; URLs in plain text."""
        if self.markdown:
            return SpanSet(list(self._regions.ignored))
        return SpanSet(list(url_spans(self.text)))

    @cached_property
    def headline(self) -> SpanSet:
        if self.markdown:
            return SpanSet(list(self._regions.headings))
        m = _PLAIN_HEADLINE.match(self.text)
        if m is None:
            return SpanSet([])
        line = m.group(1).rstrip(" \t")
        if len(line) > HEADLINE_MAX_CHARS:
            return SpanSet([])
        if line.endswith(".") and not regex.search(r"\b\p{Lu}\.\p{Lu}\.$", line):
            return SpanSet([])  # a one-sentence opening paragraph, not a headline
        start = m.start(1)
        return SpanSet([(start, start + len(line))])

    @cached_property
    def body(self) -> SpanSet:
        spans: list[Span] = []
        pos = 0
        for start, end in self.headline.spans:
            spans.append((pos, start))
            pos = end
        spans.append((pos, len(self.text)))
        return SpanSet(spans)

    @cached_property
    def quote(self) -> SpanSet:
        """Direct quotations, marks included; an unclosed quote runs to its paragraph's end."""
        spans: list[Span] = []
        text = self.text
        if '"' not in text and "“" not in text and "”" not in text:
            return SpanSet(spans)  # most stories quote nobody
        breaks = _PARAGRAPH_BREAK if self.markdown else _WIRE_PARAGRAPH_BREAK
        ignored = self.ignored
        # Paragraph breaks are only looked for after an opening mark: its paragraph's end is
        # where an unclosed quote stops. (Breaks hold no quote marks, and no match of one
        # starts between a mark and the next break, so a search finds what splitting would.)
        opening: int | None = None
        paragraph_end = len(text)
        for at in _quote_marks(text):
            if ignored and ignored.contains(at):
                continue  # a quote mark in code or an HTML attribute is not a quotation
            if opening is not None and at >= paragraph_end:
                spans.append((opening, paragraph_end))
                opening = None
            mark = text[at]
            if opening is None:
                if mark != "”":
                    opening = at
                    brk = breaks.search(text, at)
                    paragraph_end = brk.start() if brk else len(text)
            elif mark != "“":
                spans.append((opening, at + 1))
                opening = None
        if opening is not None:
            spans.append((opening, paragraph_end))
        return SpanSet(spans)

    @cached_property
    def trailing(self) -> SpanSet:
        stripped = self.text.rstrip()
        if not stripped:
            return SpanSet([])
        return SpanSet([(stripped.rfind("\n") + 1, len(self.text))])

    @cached_property
    def dateline(self) -> SpanSet:
        """The dateline at the start of the body: "CITY, Oct 22 (Reuters) - "."""
        start = self.headline.spans[0][1] if self.headline else 0
        while start < len(self.text) and self.text[start] in " \t\n":
            start += 1
        m = _DATELINE.match(self.text, start)
        return SpanSet([m.span(1)] if m else [])

    @cached_property
    def signoff(self) -> SpanSet:
        """Sign-off lines: "(Reporting by ...; Editing by ...)"."""
        return SpanSet([m.span(1) for m in _SIGNOFF.finditer(self.text)])

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word of the text, lower-cased: word-list rules skip a text that lacks theirs."""
        return frozenset(_WORD.findall(self.lower))

    @cached_property
    def all(self) -> SpanSet:
        return SpanSet([(0, len(self.text))])

    def scope(self, name: str) -> SpanSet:
        span_set: SpanSet = getattr(self, name)
        return span_set


def _quote_marks(text: str) -> list[int]:
    """Where the quote marks are; ASCII copy can only hold '"', which str.find finds fastest."""
    if not text.isascii():
        return [m.start() for m in _QUOTE_MARK.finditer(text)]
    found = []
    at = text.find('"')
    while at != -1:
        found.append(at)
        at = text.find('"', at + 1)
    return found
