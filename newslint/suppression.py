"""Suppression comments: where a human decided a finding is fine.

Markdown takes them anywhere; plain text takes them as lines of their own:

    <!-- newslint-disable NUM101,CAP -->   ...   <!-- newslint-enable -->
    <!-- newslint-disable-next-line NUM101 -->
    newslint: noqa                 (a line of its own: the whole file, all rules)
    newslint: noqa: NUM101,WIR     (the whole file, these codes or prefixes)

A directive without codes covers every rule. Which directives suppressed
nothing is returned too, so that stale ones can be reported (NSL100).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

import regex

from newslint.document import Document
from newslint.spans import SpanSet
from newslint.records import Diagnostic

_CODES = r"(?P<codes>[A-Za-z]{1,4}[0-9]{0,3}(?:[ \t]*,[ \t]*[A-Za-z]{1,4}[0-9]{0,3})*)"
_COMMENT = r"<!--[ \t]*newslint-(?P<kind>disable-next-line|disable|enable)(?:[ \t]+" + _CODES + r")?[ \t]*-->"


@cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """Comments anywhere, comments on lines of their own, file-wide noqa lines.

    Compiled at first need: most copy never mentions newslint, and compiling costs start-up.
    """
    file_wide = r"^[ \t]*(?:<!--[ \t]*)?newslint:[ \t]*noqa(?:[ \t]*:[ \t]*" + _CODES + r")?[ \t]*(?:-->)?[ \t]*$"
    return (
        regex.compile(_COMMENT),
        regex.compile(r"^[ \t]*" + _COMMENT + r"[ \t]*$", regex.M),
        regex.compile(file_wide, regex.M),
    )


class Directive(NamedTuple):
    """One suppression comment; ``codes`` is None for all rules."""

    kind: str  # disable, enable, disable-next-line, file
    codes: tuple[str, ...] | None
    start: int
    end: int


class Region(NamedTuple):
    """Offsets ``[start, end)`` where ``directive``'s codes are suppressed."""

    start: int
    end: int
    codes: tuple[str, ...] | None
    directive: int


def parse(text: str, *, markdown: bool, ignored: SpanSet | None = None) -> list[Directive]:
    """Every directive in ``text``, in order of position.

    In Markdown a directive must be a comment of its own (an ignored span starts
    there), so one shown inside a code block switches nothing off.
    """
    if "newslint" not in text:  # every directive names newslint: skip both scans
        return []
    anywhere, own_line, file_wide = _patterns()
    comments = (anywhere if markdown else own_line).finditer(text)
    found = [
        Directive(m["kind"], _codes(m["codes"]), m.start(), m.end())
        for m in comments
        if ignored is None or not markdown or ignored.starts_at(m.start())
    ]
    found += [Directive("file", _codes(m["codes"]), m.start(), m.end()) for m in file_wide.finditer(text)]
    return sorted(found, key=lambda d: d.start)


def _codes(raw: str | None) -> tuple[str, ...] | None:
    if not raw:
        return None
    return tuple(c.strip().upper() for c in raw.split(",") if c.strip())


def regions(text: str, directives: Sequence[Directive]) -> list[Region]:
    """Turn directives into the ranges they cover; an unmatched disable runs to the end."""
    out: list[Region] = []
    open_: dict[int, Directive] = {}
    for i, d in enumerate(directives):
        if d.kind == "file":
            out.append(Region(0, len(text), d.codes, i))
        elif d.kind == "disable-next-line":
            line_start = text.find("\n", d.end)
            if line_start != -1:
                line_end = text.find("\n", line_start + 1)
                out.append(Region(line_start + 1, len(text) if line_end == -1 else line_end, d.codes, i))
        elif d.kind == "disable":
            open_[i] = d
        else:  # enable: closes the disables it names (all of them when it names none)
            for j, opened in list(open_.items()):
                if d.codes is None or opened.codes is not None and set(opened.codes) <= set(d.codes):
                    out.append(Region(opened.end, d.start, opened.codes, j))
                    del open_[j]
    out += [Region(d.end, len(text), d.codes, j) for j, d in open_.items()]
    return out


def covers(codes: tuple[str, ...] | None, code: str) -> bool:
    return codes is None or any(code.startswith(c) for c in codes)


class Outcome(NamedTuple):
    kept: list[Diagnostic]
    suppressed: list[Diagnostic]
    unused: list[Directive]


def apply(doc: Document, diagnostics: Sequence[Diagnostic]) -> Outcome:
    """Drop suppressed diagnostics; report the enable-less directives that matched nothing."""
    text = doc.text
    if "newslint" not in text:  # every directive names newslint: no scopes to compute
        return Outcome(list(diagnostics), [], [])
    directives = parse(text, markdown=doc.markdown, ignored=doc.ignored)
    if not directives:
        return Outcome(list(diagnostics), [], [])
    spans = regions(text, directives)
    used: set[int] = set()
    kept: list[Diagnostic] = []
    suppressed: list[Diagnostic] = []
    for diag in diagnostics:
        hits = [r.directive for r in spans if r.start <= diag.start < r.end and covers(r.codes, diag.code)]
        if hits:
            used.update(hits)
            suppressed.append(diag)
        else:
            kept.append(diag)
    unused = [d for i, d in enumerate(directives) if d.kind != "enable" and i not in used]
    return Outcome(kept, suppressed, unused)
