"""What a job did, counted as it runs and printed at the end; it survives a resume as JSON."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from newslint.archive.records import Outcome

EXAMPLES = 10  # records named in the summary per kind of trouble; each was reported as it happened


@dataclass
class Tally:
    """Running counts for a normalize job (an accumulator, so mutable)."""

    records: int = 0
    changed: int = 0
    fixes: Counter[str] = field(default_factory=Counter)
    records_per_rule: Counter[str] = field(default_factory=Counter)
    left: Counter[str] = field(default_factory=Counter)
    unconverged: list[str] = field(default_factory=list)
    unconverged_count: int = 0
    unreadable: list[str] = field(default_factory=list)
    unreadable_count: int = 0
    failed: list[str] = field(default_factory=list)
    failed_count: int = 0

    def add(self, outcome: Outcome, label: str) -> None:
        self.records += 1
        self.changed += outcome.values is not None
        for code, n in outcome.fixes:
            self.fixes[code] += n
            self.records_per_rule[code] += 1
        for code, n in outcome.left:
            self.left[code] += n
        if not outcome.converged:
            self.unconverged_count += 1
            if len(self.unconverged) < EXAMPLES:
                self.unconverged.append(label)

    def skip(self, label: str, unreadable: bool) -> None:
        """A record copied unchanged: unreadable (bad input) or failed (newslint could not fix it)."""
        self.records += 1
        if unreadable:
            self.unreadable_count += 1
            if len(self.unreadable) < EXAMPLES:
                self.unreadable.append(label)
        else:
            self.failed_count += 1
            if len(self.failed) < EXAMPLES:
                self.failed.append(label)

    def to_json(self) -> dict[str, Any]:
        return {
            key: dict(value) if isinstance(value, Counter) else value for key, value in self.__dict__.items()
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Tally:
        tally = cls()
        for key, value in data.items():
            current = getattr(tally, key)
            setattr(tally, key, Counter(value) if isinstance(current, Counter) else value)
        return tally


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def render(
    tally: Tally, names: Mapping[str, str], output: str, seconds: float, megabytes: float,
    resumed: int = 0, top: int = 0,
) -> str:
    """The summary printed after a run; ``resumed`` records were done before a resume; ``top``
    limits the rules listed (0: all)."""
    records = max(tally.records, 1)
    rate = f", {megabytes / seconds:.2f} MB/s" if seconds > 0 and megabytes else ""
    earlier = f" ({resumed:,} of them before --resume)" if resumed else ""
    lines = [
        f"{_plural(tally.records, 'record')} read, {tally.records:,} written to {output}{earlier} "
        f"in {seconds:.1f} s{rate}",
        f"changed        {_plural(tally.changed, 'record')} ({100 * tally.changed / records:.1f}%)",
    ]
    total = sum(tally.fixes.values())
    if total:
        lines.append(f"fixes          {total:,}; per rule (fixes, records):")
        ranked = sorted(tally.fixes.items(), key=lambda item: (-item[1], item[0]))
        for code, n in ranked[: top or None]:
            lines.append(f"  {n:>10,} {tally.records_per_rule[code]:>9,}  {code:<8} {names.get(code, '')}")
        if top and len(ranked) > top:
            lines.append(f"  ... and {len(ranked) - top} more rules")
    left = sum(tally.left.values())
    if left:
        ranked = sorted(tally.left.items(), key=lambda item: (-item[1], item[0]))[:5]
        shown = ", ".join(f"{code} {n:,}" for code, n in ranked)
        lines.append(f"findings left  {left:,} that the fixes do not settle ({shown}; 'newslint check' lists them)")
    for title, count, labels in (
        ("not converged", tally.unconverged_count, tally.unconverged),
        ("unreadable", tally.unreadable_count, tally.unreadable),
        ("not fixed", tally.failed_count, tally.failed),
    ):
        if count:
            more = f", ... ({count - len(labels):,} more)" if count > len(labels) else ""
            what = "kept the last pass" if title == "not converged" else "copied unchanged"
            lines.append(f"{title:<14} {_plural(count, 'record')}, {what}: {', '.join(labels)}{more}")
    return "\n".join(lines) + "\n"
