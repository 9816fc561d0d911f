"""``--show-fixes``: the fixes ``--fix`` applied, or could apply, per file and rule."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from newslint.api import FileResult
from newslint.output import Entry
from newslint.records import Applicability

#: path -> (code, name) -> how many fixes
FixCounts = dict[str, Counter[tuple[str, str]]]


def applied(files: Iterable[FileResult]) -> FixCounts:
    """What ``--fix`` did, file by file (files it left alone are omitted)."""
    counts: FixCounts = {}
    for file in files:
        if file.result is not None and file.result.fixed:
            counts[file.path] = Counter((d.code, d.rule.name) for d in file.result.fixed)
    return counts


def available(found: list[Entry], threshold: Applicability) -> FixCounts:
    """What ``--fix`` would do at ``threshold`` (safe, or unsafe with ``--unsafe-fixes``)."""
    counts: FixCounts = {}
    for e in found:
        if e.applicability is not None and e.applicability >= threshold:
            counts.setdefault(e.path, Counter())[(e.code, e.name)] += 1
    return counts


def render(counts: FixCounts, done: bool) -> str:
    total = sum(sum(c.values()) for c in counts.values())
    if not total:
        return "No fixes applied.\n" if done else "No fixes available.\n"
    lines = [f"{'Fixed' if done else 'Fixable'} {total} finding{'' if total == 1 else 's'}:"]
    for path, by_rule in counts.items():
        lines.append(f"- {path}:")
        for (code, name), n in sorted(by_rule.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"    {n} x {code} ({name})")
    return "\n".join(lines) + "\n"
