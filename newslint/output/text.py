"""``--output-format text``: ``path:line:col: CODE [*] message`` and a summary line."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import NamedTuple, TextIO

import click

from newslint.output import Entry, Summary
from newslint.records import Applicability

FIXABLE_MARK = "[*]"

#: Code colour by severity, so errors stand out from advice.
_SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render(found: list[Entry], summary: Summary, color: bool = False) -> str:
    """One line per finding and a summary line; ``color`` adds ANSI styles for a terminal."""
    lines = [finding_line(e, color) for e in found]
    lines.append(summary_line(Tally.of(found), summary))
    return "\n".join(lines) + "\n"


def finding_line(e: Entry, color: bool = False) -> str:
    def style(text: str, fg: str | None = None, bold: bool | None = None) -> str:
        return click.style(text, fg=fg, bold=bold) if color else text

    mark = f" {style(FIXABLE_MARK, fg='cyan')}" if e.applicability == Applicability.SAFE else ""
    where = f"{style(e.path, bold=True)}:{e.line}:{e.column}:"
    code = style(e.code, fg=_SEVERITY_COLOURS.get(e.severity), bold=True)
    return f"{where} {code}{mark} {e.message}"


class Tally(NamedTuple):
    """The counts a summary line needs, kept as findings stream past."""

    findings: int = 0
    files: int = 0
    safe: int = 0
    unsafe: int = 0

    @classmethod
    def of(cls, found: Iterable[Entry]) -> Tally:
        return cls().add(list(found))

    def merged(self, other: Tally) -> Tally:
        """The tally with ``other``'s added; its files must not have been counted here."""
        return Tally(*(a + b for a, b in zip(self, other)))

    def add(self, found: list[Entry]) -> Tally:
        """The tally with ``found`` added; all of them must be from files not counted yet."""
        return Tally(
            self.findings + len(found),
            self.files + len({e.path for e in found}),
            self.safe + sum(1 for e in found if e.applicability == Applicability.SAFE),
            self.unsafe + sum(1 for e in found if e.applicability == Applicability.UNSAFE),
        )


def summary_line(tally: Tally, summary: Summary) -> str:
    safe, unsafe = tally.safe, tally.unsafe
    parts = []
    if summary.fix_mode:
        parts.append(f"Fixed {_plural(summary.fixed, 'finding')} in {_plural(summary.fixed_files, 'file')}.")
    if tally.findings:
        parts.append(f"Found {_plural(tally.findings, 'finding')} in {_plural(tally.files, 'file')}")
        extra = []
        if safe and not summary.fix_mode:
            extra.append(f"{safe} fixable with --fix")
        if unsafe and summary.threshold > Applicability.UNSAFE:
            extra.append(f"{unsafe} more with --unsafe-fixes")
        parts[-1] += f" ({'; '.join(extra)})." if extra else "."
    elif not summary.errors:
        parts.append(f"All checks passed ({_plural(summary.files, 'file')}).")
    if summary.errors:
        parts.append(f"{_plural(summary.errors, 'file')} could not be checked.")
    return " ".join(parts)


def use_color(stream: TextIO) -> bool:
    """Colour only for a terminal; NO_COLOR (no-color.org) turns it off, FORCE_COLOR on."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return stream.isatty()
