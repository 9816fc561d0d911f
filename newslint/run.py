"""Check many paths under one workspace: the library call behind ``newslint check``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from newslint.api import FileResult, check_file
from newslint.engine import RuleTimeout
from newslint.noqa import add_noqa
from newslint.records import Applicability
from newslint.sourcefile import write_atomic
from newslint.workspace import Workspace


def check_paths(
    workspace: Workspace,
    paths: Sequence[Path],
    *,
    fix: Applicability | None = None,
    write: bool = False,
    rewrap: bool = False,
    force_exclude: bool = False,
) -> Iterator[FileResult]:
    """A result per discovered file, each checked with its own configuration's rules.

    Configuration and rule-file errors propagate: they concern every file.
    """
    for path in workspace.discover(paths or (Path("."),), force_exclude=force_exclude):
        rules = workspace.rules_for(path)
        try:
            yield check_file(path, rules, fix=fix, write=write, rewrap=rewrap)
        except RuleTimeout as exc:
            yield FileResult(str(path), None, None, f"{path}: {exc}")


class NoqaResult(NamedTuple):
    path: str
    added: int
    error: str | None


def add_noqa_paths(
    workspace: Workspace, paths: Sequence[Path], *, force_exclude: bool = False
) -> Iterator[NoqaResult]:
    """Write suppression comments for every current finding, file by file."""
    for file in check_paths(workspace, paths, force_exclude=force_exclude):
        if file.result is None or file.source is None:
            yield NoqaResult(file.path, 0, file.error or f"{file.path}: not checked")
            continue
        text, added = add_noqa(file.result.text, file.result.diagnostics)
        error = None
        if added:
            try:
                write_atomic(Path(file.path), file.source.encode(text))
            except OSError as exc:
                error, added = f"{file.path}: cannot write ({exc.strerror or exc})", 0
        yield NoqaResult(file.path, added, error)
