"""Sentence spans, for the ``sentence`` of a LanguageTool match and ``sentenceRanges``.

Wire copy is a paragraph per line, so a line break always ends a sentence; inside
a line, ``.``, ``!`` or ``?`` (with any closing quotes or brackets) ends one when
white space and a capital letter or an opening quote follow. "U.S. election" and
"Oct. 7" stay whole; "Gen. Smith" splits, which LanguageTool's clients tolerate.
"""

from __future__ import annotations

from bisect import bisect_right

import regex

_BOUNDARY = regex.compile(r"""[.!?]+["'”’)\]]*\K[ \t]+(?=["'“‘(\[]?\p{Lu})|\n+""")


class Sentences:
    """The sentences of one text, as ``[start, end)`` spans without surrounding white space."""

    def __init__(self, text: str) -> None:
        self.text = text
        spans: list[tuple[int, int]] = []
        start = 0
        for boundary in _BOUNDARY.finditer(text):
            spans.append((start, boundary.start()))
            start = boundary.end()
        spans.append((start, len(text)))
        self.spans = [_trim(text, a, b) for a, b in spans if text[a:b].strip()]
        self._starts = [a for a, _ in self.spans]

    def around(self, offset: int) -> str:
        """The sentence holding ``offset`` (or the one before it, between sentences)."""
        i = max(bisect_right(self._starts, offset) - 1, 0)
        if not self.spans:
            return ""
        start, end = self.spans[i]
        return self.text[start:end]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
