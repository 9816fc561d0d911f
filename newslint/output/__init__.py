"""Output formats: each module renders the same located entries its own way."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from newslint.api import FileResult
from newslint.locate import LineIndex
from newslint.records import Applicability, make

if TYPE_CHECKING:
    from newslint.output.text import Tally
    from newslint.rule import Rule


class Entry(NamedTuple):
    """A diagnostic at the reporting edge: 1-based lines and character columns, end exclusive."""

    path: str
    code: str
    name: str
    severity: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    applicability: Applicability | None
    replacement: str | None
    #: The rule's own metadata, for formats that describe rules (SARIF); None when built by hand.
    rule: Rule | None = None


class Summary(NamedTuple):
    files: int
    errors: int
    fixed: int
    fixed_files: int
    fix_mode: bool
    threshold: Applicability
    #: Every file checked, in order: JUnit reports files without findings as passing.
    paths: tuple[str, ...] = ()


def entries(files: Iterable[FileResult]) -> Iterator[Entry]:
    for file in files:
        yield from located(file)


def located(file: FileResult) -> Iterator[Entry]:
    """The file's remaining diagnostics as entries, in order."""
    if file.result is None:
        return
    text = file.result.text
    index = LineIndex(text)
    for d in file.result.diagnostics:
        line, column = index.position(d.start)
        end_line, end_column = index.position(d.end)
        yield Entry(
            file.path,
            d.code,
            d.rule.name,
            d.severity.value,
            d.message,
            line,
            column,
            end_line,
            end_column,
            d.fix.applicability if d.fix else None,
            d.replacement(text),
            d.rule,
        )


class FileReport(NamedTuple):
    """What reporting needs of one checked file: no texts, so a run holds little per file.

    Entries carry their rule in this process; between processes they travel
    without it (``portable``) and get it back from the receiving side's ruleset.
    """

    path: str
    entries: tuple[Entry, ...]
    #: (code, name) of every fix applied, for --show-fixes.
    fixed: tuple[tuple[str, str], ...]
    changed: bool
    converged: bool
    checked: bool
    diff: str | None = None
    error: str | None = None
    #: A configuration or rule error met at this file, which stops the run.
    fatal: str | None = None
    #: The entries as printed, with their tally, when a worker printed them for the parent
    #: (a line-by-line format, nothing else asked of them): then ``entries`` is empty.
    rendered: tuple[str, Tally] | None = None

    def portable(self) -> tuple[FileReport, tuple[Packed, ...]]:
        """The report without its entries, and the entries packed, to send to another process."""
        packed = tuple(
            (e.code, e.name, e.severity, e.message, e.line, e.column, e.end_line, e.end_column,
             None if e.applicability is None else int(e.applicability), e.replacement)
            for e in self.entries
        )
        return self._replace(entries=()), packed

    def unpacked(self, packed: tuple[Packed, ...]) -> FileReport:
        """This report with the entries ``portable`` packed, as entries again (without their rules)."""
        path = self.path
        entries = tuple(
            make(Entry, (path, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7],
                         None if p[8] is None else _LEVELS[p[8]], p[9], None))
            for p in packed
        )
        return self._replace(entries=entries)


#: An entry as it travels between processes: its fields but the path (the report's) and the
#: rule, with the applicability as an int. Tuples of strings and ints pickle and unpickle in
#: C; an Entry takes a Python frame to rebuild, and its applicability (an enum) another.
Packed = tuple[str, str, str, str, int, int, int, int, "int | None", "str | None"]
_LEVELS = sorted(Applicability)  # by value: an int back to its applicability


def file_report(file: FileResult, *, diff: bool = False) -> FileReport:
    """Reduce a file's result to its report; with ``diff``, the patch --diff prints."""
    result = file.result
    if result is None:
        return FileReport(file.path, (), (), False, True, False, None, file.error)
    patch = None
    if diff and result.changed:
        from newslint.diffs import unified_diff

        patch = unified_diff(result.original, result.text, file.path)
    return FileReport(
        file.path,
        tuple(located(file)),
        tuple((d.code, d.rule.name) for d in result.fixed),
        result.changed,
        result.converged,
        True,
        patch,
        file.error,
    )


Renderer = Callable[[list[Entry], Summary], str]


def _formats() -> dict[str, Renderer]:
    from newslint.output import concise, github, json, json_lines, junit, sarif, text

    return {
        "text": text.render,
        "concise": concise.render,
        "json": json.render,
        "json-lines": json_lines.render,
        "github": github.render,
        "sarif": sarif.render,
        "junit": junit.render,
    }


FORMAT_NAMES = ("text", "concise", "json", "json-lines", "github", "sarif", "junit")


def render(name: str, found: list[Entry], summary: Summary, *, color: bool = False) -> str:
    """Render in format ``name``; ``color`` styles the one format meant for a terminal."""
    if name == "text":
        from newslint.output import text

        return text.render(found, summary, color=color)
    return _formats()[name](found, summary)
