"""Output formats: each module renders the same located entries its own way."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

from newslint.api import FileResult
from newslint.locate import LineIndex
from newslint.records import Applicability


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


class Summary(NamedTuple):
    files: int
    errors: int
    fixed: int
    fixed_files: int
    fix_mode: bool
    threshold: Applicability


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
            )


Renderer = Callable[[list[Entry], Summary], str]


def _formats() -> dict[str, Renderer]:
    from newslint.output import json, text

    return {"text": text.render, "json": json.render}


FORMAT_NAMES = ("text", "json")


def render(name: str, found: list[Entry], summary: Summary) -> str:
    return _formats()[name](found, summary)
