"""Character offsets to protocol positions: lines and code units, only at the edge.

Python strings count code points; LSP counts UTF-16 code units by default (UTF-8
or UTF-32 when negotiated) and LanguageTool counts UTF-16 code units, as Java
strings do. A character outside the Basic Multilingual Plane (most emoji) is one
code point but two UTF-16 units, so every offset after it shifts.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Literal, NamedTuple

import regex

Encoding = Literal["utf-8", "utf-16", "utf-32"]

# LSP line terminators: \r\n, \r and \n (and nothing else, unlike str.splitlines).
_LINE_BREAK = regex.compile(r"\r\n|\r|\n")
_ASTRAL = regex.compile(r"[\U00010000-\U0010FFFF]")


def units(text: str, encoding: Encoding = "utf-16") -> int:
    """The length of ``text`` in code units of ``encoding``."""
    if encoding == "utf-32" or text.isascii():
        return len(text)
    if encoding == "utf-16":
        return len(text) + len(_ASTRAL.findall(text))
    return len(text.encode("utf-8", "surrogatepass"))


class Position(NamedTuple):
    """A zero-based line and a character offset in code units within it."""

    line: int
    character: int


class Utf16Offsets:
    """Absolute character offsets to absolute UTF-16 offsets, for one text."""

    def __init__(self, text: str) -> None:
        self._astral: list[int] = [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]

    def __call__(self, offset: int) -> int:
        return offset + bisect_left(self._astral, offset)


class LineIndex:
    """Offsets in one text to positions and back, in the negotiated code units."""

    def __init__(self, text: str, encoding: Encoding = "utf-16") -> None:
        self.text = text
        self.encoding = encoding
        self.starts: list[int] = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]
        self._ascii = text.isascii()

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        if self._ascii:
            return Position(line, offset - start)
        return Position(line, units(self.text[start:offset], self.encoding))

    def offset(self, position: Position) -> int:
        """The character offset of a position; past the end of a line means its end."""
        if position.line < 0:
            return 0
        if position.line >= len(self.starts):
            return len(self.text)
        start = self.starts[position.line]
        end = self.line_end(position.line)
        if self._ascii:
            return min(start + max(position.character, 0), end)
        count = 0
        for index in range(start, end):
            width = units(self.text[index], self.encoding)
            # A position inside a character's code units means the character itself.
            if count + width > position.character:
                return index
            count += width
        return end

    def line_end(self, line: int) -> int:
        """The offset where a line's content ends, before its line break."""
        if line + 1 >= len(self.starts):
            return len(self.text)
        end = self.starts[line + 1]
        if self.text.startswith("\r\n", end - 2) and end - 2 >= self.starts[line]:
            return end - 2
        return end - 1
