"""Output formats: each module renders the same located entries its own way."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from newslint.api import FileResult
from newslint.locate import LineIndex
from newslint.records import Applicability

if TYPE_CHECKING:
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
        if file.result is None:
            continue
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
