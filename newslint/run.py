"""Check many paths under one workspace: the library call behind ``newslint check``.

``report_paths`` checks on several processes when there are enough files: the
parent walks the tree and prints, workers check chunks of files and send back
small reports (for the formats printed line by line, the printed text itself), in
order, so the output is the same as with one process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from pathlib import Path
from typing import NamedTuple

from newslint import rulecache
from newslint.api import FileResult, check_file
from newslint.engine import RuleTimeout
from newslint.output import FileReport, Packed, file_report
from newslint.output.printer import render_report
from newslint.records import Applicability
from newslint.sourcefile import write_atomic
from newslint.workspace import LOAD_ERRORS, Workspace

#: Fewer files than this are checked in this process: a pool would cost more than it saves.
MIN_FILES_FOR_POOL = 32
#: Files per task sent to a worker: small at first, so that every worker has work soon
#: even in a tree of a few dozen files, then larger, where each task's overhead (futures,
#: pickling, waking the parent) would otherwise cost a tenth of the run.
FIRST_CHUNK, CHUNK = 16, 64


class FatalError(Exception):
    """Configuration or rules that concern every file are broken: the run stops."""


class CheckOptions(NamedTuple):
    fix: Applicability | None = None
    write: bool = False
    rewrap: bool = False
    diff: bool = False
    #: (format, color): a worker prints each report's findings itself and sends the text,
    #: which spares the parent rebuilding and formatting them (see ``Printer.rendering``).
    render: tuple[str, bool] | None = None


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
        rules = workspace.rules_for(path, file=True)
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
    from newslint.noqa import add_noqa

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


def report_paths(
    workspace: Workspace,
    paths: Sequence[Path],
    options: CheckOptions,
    *,
    jobs: int = 1,
    force_exclude: bool = False,
) -> Iterator[FileReport]:
    """A report per discovered file, in discovery order, checked on ``jobs`` processes.

    A configuration or rule error raises FatalError at the file where it appears.
    Reports from worker processes carry their entries without rules (see
    ``FileReport.portable``); ``workspace.rules_for(path)`` gives them back. With
    ``options.render``, they carry their findings as printed instead (``rendered``).
    """
    files = workspace.discover(paths or (Path("."),), force_exclude=force_exclude)
    head = list(islice(files, MIN_FILES_FOR_POOL))
    if jobs <= 1 or len(head) < MIN_FILES_FOR_POOL:
        for path in chain(head, files):
            yield _report_one(workspace, path, options)
        return
    from newslint.parallel import chunked, ordered_map

    batches = ordered_map(
        _check_chunk,
        chunked(chain(head, files), CHUNK, first=FIRST_CHUNK, first_count=2 * jobs),
        jobs=jobs,
        initializer=_start_worker,
        initargs=(workspace, options, rulecache.is_switched_off()),
    )
    for batch in batches:
        for report, packed in batch:
            if report.fatal is not None:
                batches.close()
                raise FatalError(report.fatal)
            yield report.unpacked(packed)


def _report_one(workspace: Workspace, path: Path, options: CheckOptions) -> FileReport:
    try:
        rules = workspace.rules_for(path, file=True)
    except LOAD_ERRORS as exc:
        raise FatalError(str(exc)) from None
    try:
        result = check_file(path, rules, fix=options.fix, write=options.write, rewrap=options.rewrap)
    except RuleTimeout as exc:
        result = FileResult(str(path), None, None, f"{path}: {exc}")
    return file_report(result, diff=options.diff)


# A worker's workspace and options, set once by the pool's initializer.
_worker: tuple[Workspace, CheckOptions] | None = None


def _start_worker(workspace: Workspace, options: CheckOptions, cache_off: bool = False) -> None:
    global _worker
    _worker = (workspace, options)
    # A spawned worker (macOS, Windows) starts with fresh modules: --no-cache must reach it too.
    rulecache.switch_off(cache_off)


def _check_chunk(paths: Iterable[Path]) -> list[tuple[FileReport, tuple[Packed, ...]]]:
    assert _worker is not None
    workspace, options = _worker
    reports: list[tuple[FileReport, tuple[Packed, ...]]] = []
    for path in paths:
        try:
            report = _report_one(workspace, path, options)
            if options.render is not None and report.converged:
                rendered = render_report(report.entries, *options.render)
                reports.append((report._replace(entries=(), rendered=rendered), ()))
            else:
                reports.append(report.portable())
        except FatalError as exc:
            # Exceptions with their own constructors do not cross processes well: send the message.
            reports.append((FileReport(str(path), (), (), False, True, False, fatal=str(exc)), ()))
            break
    return reports
