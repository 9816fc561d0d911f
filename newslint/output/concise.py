"""``--output-format concise``: ``path:line:col: CODE message``, one line per finding, nothing else."""

from __future__ import annotations

from newslint.output import Entry, Summary


def line(e: Entry) -> str:
    return f"{e.path}:{e.line}:{e.column}: {e.code} {e.message}\n"


def render(found: list[Entry], summary: Summary) -> str:
    # No summary line: the output is meant for editors and grep, where every line is a finding.
    return "".join(map(line, found))
