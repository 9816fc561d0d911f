"""``--add-noqa``: wrap every paragraph with findings in disable/enable comments.

An archive can adopt newslint at once and fix gradually: each comment lists
the codes found in its paragraph, and NSL100 reports it once it is no longer
needed. Comments go on lines of their own around whole paragraphs, so they
neither split a Markdown paragraph nor a hard-wrapped wire paragraph.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from newslint.records import Diagnostic

_BREAK = regex.compile(r"\n[ \t]*\n")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the blocks between blank lines, without their trailing line break."""
    spans = []
    pos = 0
    for brk in [*_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text.rstrip("\n"))
        if text[pos:end].strip():
            spans.append((pos, end))
        pos = brk.end() if brk else len(text)
    return spans


def add_noqa(text: str, diagnostics: Sequence[Diagnostic]) -> tuple[str, int]:
    """The text with suppressions around every paragraph holding a finding, and their count."""
    if not diagnostics:
        return text, 0
    out: list[str] = []
    pos = added = 0
    for start, end in paragraphs(text):
        codes = sorted({d.code for d in diagnostics if start <= d.start <= end})
        if not codes:
            continue
        listed = ",".join(codes)
        out.append(text[pos:start])
        out.append(f"<!-- newslint-disable {listed} -->\n")
        out.append(text[start:end])
        out.append(f"\n<!-- newslint-enable {listed} -->")
        pos = end
        added += 1
    out.append(text[pos:])
    return "".join(out), added
