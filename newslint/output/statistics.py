"""``--statistics``: how often each rule fired, most frequent first, instead of each finding."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from newslint.output import Entry, Summary
from newslint.output.text import FIXABLE_MARK, Tally, summary_line
from newslint.records import Applicability


class RuleCounts:
    """Findings counted per rule as they arrive: a run of any size keeps one row per rule."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.names: dict[str, str] = {}
        self.fixable: set[str] = set()
        self.tally = Tally()

    def add(self, found: list[Entry]) -> None:
        """Count the findings of one file."""
        self.counts.update(e.code for e in found)
        self.names.update((e.code, e.name) for e in found)
        self.fixable.update(e.code for e in found if e.applicability == Applicability.SAFE)
        self.tally = self.tally.add(found)

    def rows(self) -> list[dict[str, Any]]:
        """One row per rule: count, code, name, and whether ``--fix`` can fix some of its findings."""
        order = sorted(self.counts, key=lambda code: (-self.counts[code], code))
        return [
            {"count": self.counts[c], "code": c, "name": self.names[c], "fixable": c in self.fixable} for c in order
        ]

    def render(self, summary: Summary) -> str:
        table = self.rows()
        width = max((len(str(r["count"])) for r in table), default=1)
        code_width = max((len(r["code"]) for r in table), default=0)
        lines = []
        for r in table:
            mark = FIXABLE_MARK if r["fixable"] else " " * len(FIXABLE_MARK)
            lines.append(f"{r['count']:>{width}}  {r['code']:<{code_width}}  {mark} {r['name']}")
        lines.append(summary_line(self.tally, summary))
        return "\n".join(lines) + "\n"

    def render_json(self) -> str:
        return json.dumps(self.rows(), indent=2) + "\n"


def _counted(found: Iterable[Entry]) -> RuleCounts:
    counts = RuleCounts()
    for path_entries in _by_file(found):
        counts.add(path_entries)
    return counts


def _by_file(found: Iterable[Entry]) -> list[list[Entry]]:
    files: dict[str, list[Entry]] = {}
    for e in found:
        files.setdefault(e.path, []).append(e)
    return list(files.values())


def rows(found: list[Entry]) -> list[dict[str, Any]]:
    return _counted(found).rows()


def render(found: list[Entry], summary: Summary) -> str:
    return _counted(found).render(summary)


def render_json(found: list[Entry], summary: Summary) -> str:
    return _counted(found).render_json()
