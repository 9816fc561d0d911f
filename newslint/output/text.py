"""``--output-format text``: ``path:line:col: CODE [*] message`` and a summary line."""

from __future__ import annotations

from newslint.output import Entry, Summary
from newslint.records import Applicability

FIXABLE_MARK = "[*]"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render(found: list[Entry], summary: Summary) -> str:
    lines = []
    for e in found:
        mark = f" {FIXABLE_MARK}" if e.applicability == Applicability.SAFE else ""
        lines.append(f"{e.path}:{e.line}:{e.column}: {e.code}{mark} {e.message}")
    lines.append(summary_line(found, summary))
    return "\n".join(lines) + "\n"


def summary_line(found: list[Entry], summary: Summary) -> str:
    safe = sum(1 for e in found if e.applicability == Applicability.SAFE)
    unsafe = sum(1 for e in found if e.applicability == Applicability.UNSAFE)
    parts = []
    if summary.fix_mode:
        parts.append(f"Fixed {_plural(summary.fixed, 'finding')} in {_plural(summary.fixed_files, 'file')}.")
    if found:
        parts.append(f"Found {_plural(len(found), 'finding')} in {_plural(len({e.path for e in found}), 'file')}")
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
