"""``--statistics``: how often each rule fired, most frequent first, instead of each finding."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from newslint.output import Entry, Summary
from newslint.output.text import FIXABLE_MARK, Tally, summary_line
from newslint.records import Applicability


def rows(found: list[Entry]) -> list[dict[str, Any]]:
    """One row per rule: count, code, name, and whether ``--fix`` can fix some of its findings."""
    counts = Counter(e.code for e in found)
    names = {e.code: e.name for e in found}
    fixable = {e.code for e in found if e.applicability == Applicability.SAFE}
    order = sorted(counts, key=lambda code: (-counts[code], code))
    return [{"count": counts[c], "code": c, "name": names[c], "fixable": c in fixable} for c in order]


def render(found: list[Entry], summary: Summary) -> str:
    table = rows(found)
    width = max((len(str(r["count"])) for r in table), default=1)
    code_width = max((len(r["code"]) for r in table), default=0)
    lines = []
    for r in table:
        mark = FIXABLE_MARK if r["fixable"] else " " * len(FIXABLE_MARK)
        lines.append(f"{r['count']:>{width}}  {r['code']:<{code_width}}  {mark} {r['name']}")
    lines.append(summary_line(Tally.of(found), summary))
    return "\n".join(lines) + "\n"


def render_json(found: list[Entry], summary: Summary) -> str:
    return json.dumps(rows(found), indent=2) + "\n"
