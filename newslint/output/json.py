"""``--output-format json``: a list of objects, one per finding."""

from __future__ import annotations

import json
from typing import Any

from newslint.output import Entry, Summary


def as_dict(entry: Entry) -> dict[str, Any]:
    fix = None
    if entry.applicability is not None:
        fix = {"applicability": entry.applicability.label, "replacement": entry.replacement}
    return {
        "path": entry.path,
        "rule": entry.code,
        "name": entry.name,
        "severity": entry.severity,
        "message": entry.message,
        "line": entry.line,
        "column": entry.column,
        "end_line": entry.end_line,
        "end_column": entry.end_column,
        "fix": fix,
    }


def render(found: list[Entry], summary: Summary) -> str:
    return json.dumps([as_dict(e) for e in found], indent=2, ensure_ascii=False) + "\n"


def item(e: Entry, first: bool) -> str:
    """One entry of the list ``render`` prints, as a stream prints it: the same text, piece by piece."""
    body = json.dumps(as_dict(e), indent=2, ensure_ascii=False).replace("\n", "\n  ")
    return ("[\n  " if first else ",\n  ") + body


def end(any_entries: bool) -> str:
    return "\n]\n" if any_entries else "[]\n"
