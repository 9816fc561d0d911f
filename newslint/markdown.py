"""The structure of a Markdown document as absolute character spans.

API: ``markdown_regions(text) -> MarkdownRegions``, a pure function that never raises.
``MarkdownRegions`` is a NamedTuple of span tuples; a span is ``(start, end)``, absolute
offsets into ``text``, end exclusive; each tuple is sorted and non-overlapping:

``ignored``
    Never linted or rewritten. Blocks: YAML (``---``) and TOML (``+++``) front matter,
    fenced and indented code, HTML blocks (comments, so ``newslint-disable`` ones too),
    link reference definitions (``[id]: url "title"``). Inline: code spans, raw HTML,
    ``<scheme:...>`` and ``<a@b.c>`` autolinks, bare ``http(s)://`` and ``www.`` URLs and
    e-mail addresses, link and image destinations (``(url "title")``) and the
    ``[label]`` of a full reference link. Link text and image alt text are prose.
``headings``
    The text of ATX headings (without the ``#`` marks) and of setext headings (without
    the underline), also inside blockquotes and list items.

Nothing is removed from the text: ``>`` markers, list markers and table pipes stay
where they are and are linted like prose.

Block spans run from the first non-blank character of the block to the end of its last
line, without the final line break. A multi-line setext heading inside a blockquote
keeps the ``>`` markers of its later lines in its span.

The parser follows CommonMark 0.31 and GFM autolinks, pragmatically:
- containers are only tracked as far as code needs them: ``>`` markers with up to three
  spaces before each, and list items by their content column; a fence, HTML block or
  indented code block ends when its container does. Indentation is measured after the
  ``>`` markers, tabs to 4-column stops. A blockquote opened inside a list item resets
  list tracking; a list item whose first line has 5+ spaces after the marker is prose.
- link destinations nest parentheses one level deep; titles of reference definitions
  stay on one line; ``[text][label]`` ignores the label only when it is defined.
- an HTML block of CommonMark kind 6 or 7 (``<div>``, a lone tag on its line) is ignored
  up to the next blank line, text included, as CommonMark passes it through raw.
- tables and emphasis are not parsed (so a code span may run across a table pipe).
It uses the standard ``re`` module: the ``regex`` module scans for a pattern's required
literal to the end of the text on every ``match``, which made some inputs quadratic.
Every scan is linear: no pattern can backtrack through nested quantifiers, and an
inline closer ("-->", "?>", ...) found missing is not searched for again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from newslint.mdinline import TAG, label, scan_inline

Span = tuple[int, int]


class MarkdownRegions(NamedTuple):
    ignored: tuple[Span, ...]
    headings: tuple[Span, ...]


_FRONT_MATTER = re.compile(
    r"\A\ufeff?(?:---[ \t]*\n(?![ \t]*(?:\n|\Z)).*?^(?:---|\.\.\.)|\+\+\+[ \t]*\n.*?^\+\+\+)[ \t]*$",
    re.DOTALL | re.MULTILINE,
)
_QUOTE = re.compile(r"[ ]{0,3}>[ ]?")
_SETEXT = re.compile(r"(?:=++|-++)[ \t]*$")
_THEMATIC = re.compile(r"(?:(?:\*[ \t]*+){3,}|(?:-[ \t]*+){3,}|(?:_[ \t]*+){3,})$")
_ATX = re.compile(r"#{1,6}(?=[ \t]|$)")
_FENCE = re.compile(r"`{3,}+(?!.*`)|~{3,}+")
_FENCE_CLOSE = re.compile(r"(`{3,}+|~{3,}+)[ \t]*$")
_LIST = re.compile(r"(?:[-+*]|(\d{1,9})[.)])(?=[ \t]|$)")
_REFDEF = re.compile(
    r"""\[((?:[^\\\[\]]|\\.){1,999}+)\]:[ \t]*\n?[ \t]*(?:<(?:[^<>\n\\]|\\.)*+>|[^\s<]\S*+)"""
    r"""(?:(?:[ \t]+|[ \t]*\n[ \t]*)(?:"(?:[^"\\\n]|\\.)*+"|'(?:[^'\\\n]|\\.)*+'|\((?:[^()\\\n]|\\.)*+\)))?"""
    r"""[ \t]*(?=\n|\Z)"""
)
_BLOCK_TAGS = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|"
    "dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|"
    "hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|"
    "search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul"
)
# CommonMark HTML block kinds 1-6: start pattern, and the pattern ending the block on its
# line (None: the block runs up to a blank line). Kind 7 (_HTML_LONE_TAG) cannot
# interrupt a paragraph.
_HTML_BLOCKS: list[tuple[Any, Any]] = [
    (re.compile(r"<(?:script|pre|style|textarea)(?=[\s>]|$)", re.IGNORECASE),
     re.compile(r"</(?:script|pre|style|textarea)>", re.IGNORECASE)),
    (re.compile(r"<!--"), re.compile(r"-->")),
    (re.compile(r"<\?"), re.compile(r"\?>")),
    (re.compile(r"<![A-Za-z]"), re.compile(r">")),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>")),
    (re.compile(rf"</?(?:{_BLOCK_TAGS})(?=[ \t>]|/>|$)", re.IGNORECASE), None),
]
_HTML_LONE_TAG = re.compile(rf"(?:{TAG})[ \t]*$")

def markdown_regions(text: str) -> MarkdownRegions:
    """The ignored regions and the headings of the Markdown document ``text``."""
    parser = _Parser(text)
    parser.run()
    return MarkdownRegions(_normalise(parser.ignored), _normalise(parser.headings))


@dataclass
class _Block:
    kind: str  # "fence", "html" or "code"
    start: int
    last: int  # end of its last line (for code: last non-blank line)
    q: int  # blockquote depth
    base: int  # content column of the enclosing list item (0: none)
    fence: str = ""
    end: Any = None  # html: pattern that ends the block on a line, None: blank line


@dataclass
class _Para:
    start: int
    end: int
    q: int


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.ignored: list[Span] = []
        self.headings: list[Span] = []
        self.block: _Block | None = None
        self.para: _Para | None = None
        self.q = 0  # blockquote depth of the last block line
        self.lists: list[int] = []  # content columns of the open list items
        self.skip_to = 0
        self.inline: list[Span] = []  # paragraph and heading text, scanned for inline spans last
        self.labels: set[str] = set()  # defined link labels, normalised
        self.empty_item = False  # the last line was a list marker alone

    def run(self) -> None:
        text = self.text
        m = _FRONT_MATTER.match(text)
        if m:
            self.ignored.append(m.span())
            self.skip_to = m.end()
        lines = text.split("\n")
        if text.endswith("\n"):
            lines.pop()
        start = 0
        for line in lines:
            if start >= self.skip_to and not (self.block and self._in_block(start, line)):
                self._line(start, line)
            start += len(line) + 1
        self._flush()
        if self.block:
            self._close(self.block.last)
        for start, end in self.inline:
            scan_inline(text, start, end, self.labels, self.ignored)

    def _close(self, end: int) -> None:
        assert self.block is not None
        self.ignored.append((self.block.start, end))
        self.block = None

    def _flush(self) -> None:
        if self.para:
            self.inline.append((self.para.start, self.para.end))
            self.para = None

    def _in_block(self, start: int, line: str) -> bool:
        """Whether ``line`` belongs to the open block (closing it if it ends there)."""
        b = self.block
        assert b is not None
        q, i = _quotes(line, b.q)
        ind, j = _indent(line, i)
        blank = j == len(line)
        if q < b.q or (not blank and ind < b.base):
            self._close(b.last)  # its container ended
            return False
        end = start + len(line)
        if b.kind == "fence":
            m = _FENCE_CLOSE.match(line, j) if ind - b.base < 4 else None
            b.last = end
            if m and m.group(1)[0] == b.fence[0] and len(m.group(1)) >= len(b.fence):
                self._close(end)
        elif b.kind == "code":
            if not blank and ind - b.base < 4:
                self._close(b.last)
                return False
            b.last = end if not blank else b.last
        elif blank and b.end is None:
            self._close(b.last)
        else:
            b.last = end
            if b.end is not None and b.end.search(line, i):
                self._close(end)
        return True

    def _line(self, start: int, line: str) -> None:
        q, i = _quotes(line)
        ind, j = _indent(line, i)
        lists = self.lists if q == self.q else []
        para = self.para
        if j == len(line):  # blank
            self._flush()
            self.q, self.lists = q, lists[:-1] if self.empty_item else lists
            self.empty_item = False  # a list item can open with at most one blank line
            return
        self.empty_item = False
        k = len(lists)
        while k and ind < lists[k - 1]:
            k -= 1
        base = lists[k - 1] if k else 0
        in_par = para is not None and q <= para.q
        strict = para is not None and q == para.q and k == len(lists)  # not a lazy line
        kind, m = self._classify(start, line, j, ind - base, in_par, strict)
        if in_par and kind == "text":
            assert para is not None
            para.end = start + len(line.rstrip(" \t"))  # continuation, lazy or not
            return
        if kind == "setext":
            assert para is not None
            self.headings.append((para.start, para.end))
        self._flush()
        self.q, self.lists = q, lists[:k]
        col = ind
        while kind == "list":  # a list item, maybe nested on one line ("- 1. text")
            marker_end = col + m.end() - j
            content, j = _indent(line, m.end(), marker_end)
            col = content if 1 <= content - marker_end <= 4 and j < len(line) else marker_end + 1
            self.lists.append(col)
            if j == len(line):
                self.empty_item = True
                return
            kind, m = self._classify(start, line, j, 0, False, False)
        self._start(kind, m, start, line, j, q)

    def _classify(
        self, start: int, line: str, j: int, rel: int, in_par: bool, strict: bool
    ) -> tuple[str, Any]:
        """What the line starts at ``j``; ``in_par``: after paragraph text, ``strict``: not lazily."""
        if rel >= 4:
            return ("text" if in_par else "code"), None
        if strict and (m := _SETEXT.match(line, j)):
            return "setext", m
        if m := _THEMATIC.match(line, j):
            return "hr", m
        if m := _ATX.match(line, j):
            return "atx", m
        if m := _FENCE.match(line, j):
            return "fence", m
        if line[j] == "<":
            for opening, end in _HTML_BLOCKS:
                if opening.match(line, j):
                    return "html", end
            if not in_par and _HTML_LONE_TAG.match(line, j):
                return "html", None
        m = _LIST.match(line, j)
        if m and (not strict or (m.group(1) in (None, "1") and line[m.end():].strip(" \t"))):
            return "list", m  # only a bullet or "1." with text interrupts a paragraph
        if not in_par and line[j] == "[" and (m := _REFDEF.match(self.text, start + j)) and label(m[1]):
            return "refdef", m
        return "text", None

    def _start(self, kind: str, m: Any, start: int, line: str, j: int, q: int) -> None:
        end = start + len(line.rstrip(" \t"))
        base = self.lists[-1] if self.lists else 0
        if kind == "text":
            self.para = _Para(start + j, end, q)
        elif kind == "atx":
            self._atx(start, line, m.end())
        elif kind == "refdef":
            self.ignored.append(m.span())
            self.labels.add(label(m[1]))
            self.skip_to = m.end()
        elif kind in ("fence", "code", "html"):
            fence = m.group() if kind == "fence" else ""
            self.block = _Block(kind, start + j, end, q, base, fence, m if kind == "html" else None)
            if kind == "html" and m is not None and m.search(line, j):
                self._close(end)

    def _atx(self, start: int, line: str, opening_end: int) -> None:
        cs = _indent(line, opening_end)[1]
        end = len(line.rstrip(" \t"))
        t = end
        while t > cs and line[t - 1] == "#":
            t -= 1
        if t < end and (t == cs or line[t - 1] in " \t"):
            end = len(line[:t].rstrip(" \t"))
        if end > cs:
            self.headings.append((start + cs, start + end))
            self.inline.append((start + cs, start + end))


def _quotes(line: str, limit: int = 1 << 30) -> tuple[int, int]:
    """Blockquote depth (at most ``limit``) and the index after the ``>`` markers."""
    q = i = 0
    while q < limit and (m := _QUOTE.match(line, i)):
        q, i = q + 1, m.end()
    return q, i


def _indent(line: str, i: int, col: int = 0) -> tuple[int, int]:
    """The column after the spaces and tabs from ``i`` (at column ``col``) and their end index."""
    j = i
    while j < len(line) and line[j] in " \t":
        col = col + 1 if line[j] == " " else col + 4 - col % 4
        j += 1
    return col, j


def _normalise(spans: list[Span]) -> tuple[Span, ...]:
    out: list[Span] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return tuple(out)
