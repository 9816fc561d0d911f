"""Line endings: check text with ``\\n`` as ``newslint check`` does, report in the original.

Editors and browsers send CRLF text (an HTML form always does). The rules are
written for ``\\n``, so text whose line breaks are all CRLF, or all CR, is
checked with ``\\n`` breaks, exactly as ``sourcefile.decode`` reads a file;
offsets and fixes are mapped back to the text as it was sent.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import NamedTuple

import regex

_LF = regex.compile("\n")


class Normalized(NamedTuple):
    """Text as checked, with the positions (in it) of the ``\\n`` that were CRLF."""

    text: str
    newline: str
    #: Offsets in ``text`` of each ``\\n`` that was ``\\r\\n`` in the original.
    crlf: tuple[int, ...]

    def original(self, offset: int) -> int:
        """The original offset of an offset in the checked text (a CRLF counts from its CR)."""
        return offset + bisect_left(self.crlf, offset) if self.crlf else offset

    def restore(self, content: str) -> str:
        """Text written in the checked form (a fix, a fixed story), in the original's line endings."""
        return content.replace("\n", self.newline) if self.newline != "\n" else content


def normalize(text: str) -> Normalized:
    """Uniform CRLF or CR line breaks become ``\\n``; mixed endings are checked as they are."""
    if "\r" not in text:
        return Normalized(text, "\n", ())
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    if crlf and not cr and not lf:
        checked = text.replace("\r\n", "\n")
        return Normalized(checked, "\r\n", tuple(m.start() for m in _LF.finditer(checked)))
    if cr and not crlf and not lf:
        return Normalized(text.replace("\r", "\n"), "\r", ())
    return Normalized(text, "\n", ())
