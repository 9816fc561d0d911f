"""Print a check's file reports as they arrive.

Formats with one line per finding (text, concise, json-lines, github) and the
json list print each file's findings at once, so a run over a million files
holds no findings. SARIF and JUnit describe the whole run and print at the
end: their parts wait in a spooled file, not in memory; ``--statistics`` keeps
one count per rule. Either way the output is what ``render`` would print.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click

from newslint.output import Entry, FileReport, Summary
from newslint.output.show_fixes import FixCounts
from newslint.output.text import Tally, finding_line, summary_line
from newslint.records import Applicability

if TYPE_CHECKING:
    from newslint.output.statistics import RuleCounts
    from newslint.rule import Rule


def render_report(entries: Sequence[Entry], name: str, color: bool) -> tuple[str, Tally]:
    """The findings of one report as the printer prints them, and the tally they add."""
    line = _line_format(name, color)
    assert line is not None
    return "".join(map(line, entries)), Tally.of(entries)


def _line_format(name: str, color: bool) -> Callable[[Entry], str] | None:
    """How a format prints one finding, for the formats that print findings one by one."""
    if name == "text":
        return lambda e: finding_line(e, color) + "\n"
    if name in ("concise", "json-lines", "github"):
        from newslint.output import concise, github, json_lines

        module = {"concise": concise, "json-lines": json_lines, "github": github}[name]
        line: Callable[[Entry], str] = module.line
        return line
    return None


class Printer:
    """Prints reports in arrival order and the summary at the end, for one output format."""

    def __init__(
        self,
        output_format: str,
        *,
        fix_mode: bool,
        threshold: Applicability,
        statistics: bool = False,
        show_fixes: bool = False,
        color: bool = False,
        rules_for: Callable[[str], Sequence[Rule]] | None = None,
    ) -> None:
        self.format = output_format
        # Entries checked in another process arrive without their rules; SARIF describes them.
        self._rules_for = rules_for
        self.fix_mode = fix_mode
        self.threshold = threshold
        self.show_fixes = show_fixes and output_format == "text"
        self.color = color
        self._line = None if statistics else _line_format(output_format, color)
        self._streams_json = output_format == "json" and not statistics
        # The formats that describe the whole run gather it in a form that stays small.
        self._counts = _statistics() if statistics else None
        self._document = None if statistics else _document(output_format)
        self.tally = Tally()
        self.files = self.errors = self.fixed = self.fixed_files = 0
        self._fixes: FixCounts = {}

    def add(self, report: FileReport) -> None:
        self.files += 1
        self.errors += report.error is not None
        self.fixed += len(report.fixed)
        self.fixed_files += report.changed
        if report.rendered is not None:  # printed by a worker: the text and its tally
            text, tally = report.rendered
            if tally.findings:
                self._echo(text)
                self.tally = self.tally.merged(tally)
            return
        found = list(report.entries)
        if self.show_fixes:
            self._count_fixes(report, found)
        if report.checked and self.format == "junit" and self._document is not None:
            self._document.add(report.path, found)  # a file without findings is a passing suite
        if not found:
            return
        if self._streams_json:
            from newslint.output import json as json_format  # imports json: only for this format

            self._echo("".join(json_format.item(e, self.tally.findings == 0 and i == 0) for i, e in enumerate(found)))
        elif self._line is not None:
            self._echo("".join(map(self._line, found)))
        elif self._counts is not None:
            self._counts.add(found)
        elif self.format == "sarif" and self._document is not None:
            self._document.add(self._with_rules(report.path, found))
        self.tally = self.tally.add(found)

    def rendering(self) -> tuple[str, bool] | None:
        """(format, color) when a report's findings can be printed where it is checked: a
        format printed line by line, and nothing else asked of them (fixes by file)."""
        if self._line is None or self.show_fixes:
            return None
        return self.format, self.color

    def finish(self) -> None:
        """Print what the format prints after the findings."""
        summary = self.summary()
        if self._counts is not None:
            self._echo(self._counts.render_json() if self.format == "json" else self._counts.render(summary))
        elif self._streams_json:
            from newslint.output import json as json_format

            self._echo(json_format.end(self.tally.findings > 0))
        elif self.format == "text":
            self._echo(summary_line(self.tally, summary) + "\n")
        elif self._document is not None:
            for piece in self._document.pieces():
                self._echo(piece)
        if self.show_fixes:
            from newslint.output import show_fixes

            self._echo("\n" + show_fixes.render(self._fixes, self.fix_mode))

    def summary(self) -> Summary:
        return Summary(self.files, self.errors, self.fixed, self.fixed_files, self.fix_mode, self.threshold)

    def _count_fixes(self, report: FileReport, found: list[Entry]) -> None:
        # With --fix, the fixes applied; without, those --fix would apply.
        if self.fix_mode:
            counts = Counter(report.fixed)
        else:
            counts = Counter((e.code, e.name) for e in found if e.applicability is not None and e.applicability >= self.threshold)
        if counts:
            self._fixes.setdefault(report.path, Counter()).update(counts)

    def _with_rules(self, path: str, found: list[Entry]) -> list[Entry]:
        if self._rules_for is None or all(e.rule is not None for e in found):
            return found
        rules = {r.code: r for r in self._rules_for(path)}
        return [e if e.rule is not None else e._replace(rule=rules.get(e.code)) for e in found]

    def _echo(self, text: str) -> None:
        # color=True keeps click from stripping the styles it sees as not meant for a terminal.
        click.echo(text, nl=False, color=self.color)


# Imported at first need: most runs print text.
def _statistics() -> RuleCounts:
    from newslint.output.statistics import RuleCounts

    return RuleCounts()


def _document(name: str) -> Any:
    """The whole-run document a format builds file by file (``add``, then ``pieces``), if any."""
    if name == "sarif":
        from newslint.output import sarif

        return sarif.Stream()
    if name == "junit":
        from newslint.output import junit

        return junit.Stream()
    return None
