"""The command line for datasets: ``newslint normalize`` and the record options of ``check``.

Exit codes as ``newslint check``: 0 nothing changed and nothing found, 1 records
changed or findings left, 2 a usage or input error, or records that could not
be read or fixed (the output is still complete: they are copied unchanged).
An interrupted run exits with 130 (143 for SIGTERM) and keeps its checkpoints for ``--resume``.
"""

from __future__ import annotations

import copy
import signal
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from newslint.archive.formats import NAMES, ArchiveError, detect
from newslint.clikit import fail, make_workspace
from newslint.options import rule_options
from newslint.workspace import LOAD_ERRORS as CONFIG_ERRORS

if TYPE_CHECKING:
    from newslint.archive.story import Layout
    from newslint.rule import Rule
    from newslint.workspace import Workspace

# The job's modules (readers, writers, pools, Dask) are imported when a command runs:
# newslint check imports this module at every start, for its dataset options.

F = TypeVar("F", bound=Callable[..., Any])
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 130, 143
LOAD_ERRORS = (ArchiveError, *CONFIG_ERRORS)
#: The engines and the report formats of datasets (also in ``engines`` and ``check``; a test keeps them equal).
ENGINES = ("local", "dask")
FORMATS = ("text", "concise", "json", "json-lines")


class Terminated(KeyboardInterrupt):
    """SIGTERM, stopped like Ctrl-C: the pool shuts down and the checkpoints stay."""


def _terminated(signum: int, frame: object) -> None:
    raise Terminated


def _warn(message: str) -> None:
    click.echo(f"newslint: warning: {message}", err=True)


def _rules_for(
    select: Sequence[str], extend_select: Sequence[str], ignore: Sequence[str],
    config_file: Path | None, isolated: bool, profile: str | None,
) -> Callable[[str], list[Rule]]:
    """Rules per input file, configured as ``newslint check`` configures them for that path."""
    workspace = make_workspace(select, extend_select, ignore, config_file, isolated, profile)
    return lambda path: workspace.rules_for(Path(path))


def _layout(text_fields: Sequence[str], title_field: str | None, id_field: str) -> Layout:
    from newslint.archive.story import Layout

    return Layout(tuple(text_fields) or ("body",), title_field or None, id_field or None)


@click.command("normalize")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", required=True, metavar="OUT",
              help="Output file; its extension picks the format. '-' writes JSON lines to stdout.")
@click.option("--text-field", "text_fields", multiple=True, default=("body",), show_default=True, metavar="NAME",
              help="A field holding story text; repeat for several.")
@click.option("--title-field", metavar="NAME", help="A field holding the headline of the first text field's story.")
@click.option("--id-field", default="id", show_default=True, metavar="NAME", help="The field that names a record in reports.")
@click.option("--input-format", type=click.Choice(NAMES), help="Read INPUT as this format (default: its extension; stdin: jsonl).")
@rule_options
@click.option("--unsafe-fixes", is_flag=True, help="Apply unsafe fixes too.")
@click.option("--rewrap", is_flag=True, help="Join hard-wrapped paragraphs.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes, or a local Dask cluster's workers (default: every core).")
@click.option("--engine", type=click.Choice(ENGINES), default="local", show_default=True, help="Run on this machine or on Dask.")
@click.option("--scheduler", metavar="ADDRESS", help="A running Dask scheduler (implies --engine dask).")
@click.option("--resume", is_flag=True, help="Continue an interrupted run from its last checkpoint.")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=500, show_default=True, help="Records per task.")
@click.option("--checkpoint", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Records between checkpoints: the most an interruption loses.")
@click.option("--progress/--no-progress", default=None, help="A progress bar (default: on a terminal).")
def normalize_command(
    inputs: tuple[str, ...], output: str, text_fields: tuple[str, ...], title_field: str | None, id_field: str,
    input_format: str | None, select: tuple[str, ...], ignore: tuple[str, ...], extend_select: tuple[str, ...],
    config_file: Path | None, isolated: bool, profile: str | None, unsafe_fixes: bool, rewrap: bool,
    jobs: int | None, engine: str, scheduler: str | None, resume: bool, force: bool, chunk_size: int,
    checkpoint: int, progress: bool | None,
) -> None:
    """Normalise the stories in datasets (JSON lines, CSV, Parquet) into OUT, record by record."""
    from concurrent.futures.process import BrokenProcessPool

    from newslint.archive import summary
    from newslint.archive.engines import Engine
    from newslint.archive.normalize import Job, normalize
    from newslint.parallel import default_jobs
    from newslint.records import Applicability

    job = Job(
        inputs, output, _layout(text_fields, title_field, id_field),
        Applicability.UNSAFE if unsafe_fixes else Applicability.SAFE, rewrap, input_format,
        Engine("dask" if scheduler else engine, jobs or default_jobs(), scheduler),
        chunk_size, checkpoint, resume, force, progress,
    )
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        rules_for = _rules_for(select, extend_select, ignore, config_file, isolated, profile)
        report = normalize(job, rules_for, _warn)
    except LOAD_ERRORS as exc:
        fail(str(exc))
        raise SystemExit(EXIT_ERROR) from None
    except KeyboardInterrupt as exc:
        fail("interrupted; the checkpoints are kept: run the same command with --resume to continue")
        raise SystemExit(EXIT_TERMINATED if isinstance(exc, Terminated) else EXIT_INTERRUPTED) from None
    except BrokenProcessPool:
        fail("a worker process died (out of memory?); the checkpoints are kept for --resume")
        raise SystemExit(EXIT_ERROR) from None
    except OSError as exc:
        fail(f"{output}: cannot write ({exc.strerror or exc}); the checkpoints are kept for --resume")
        raise SystemExit(EXIT_ERROR) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
    tally = report.tally
    shown = "standard output" if output == "-" else output
    click.echo(
        summary.render(tally, report.names, shown, report.seconds, report.megabytes, report.resumed), err=True, nl=False
    )
    if tally.unreadable_count or tally.failed_count:
        raise SystemExit(EXIT_ERROR)
    raise SystemExit(EXIT_FINDINGS if tally.changed or tally.left else EXIT_CLEAN)


#: The British spelling, as a hidden alias.
normalise_command = copy.copy(normalize_command)
normalise_command.name = "normalise"
normalise_command.hidden = True


def record_options(command: F) -> F:
    """The options ``newslint check`` takes for datasets."""
    options = [
        click.option("--input-format", type=click.Choice(["text", *NAMES]),
                     help="Read PATHS as this format; text: as stories (default: from each extension)."),
        click.option("--text-field", "text_fields", multiple=True, metavar="NAME",
                     help="With datasets: a field holding story text (default: body)."),
        click.option("--title-field", metavar="NAME", help="With datasets: the field holding the headline."),
        click.option("--id-field", default="id", metavar="NAME", help="With datasets: the field naming a record."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def wants_records(paths: Sequence[Path], options: dict[str, Any]) -> bool:
    """Whether ``check`` reads PATHS as datasets: asked for, or every path named is one."""
    chosen = options.get("input_format")
    if chosen is not None:
        return bool(chosen != "text")
    datasets = [p for p in paths if p != Path("-") and not p.is_dir() and detect(p.name) is not None]
    if datasets and len(datasets) != len(paths):
        raise click.UsageError("datasets (.jsonl, .csv, .parquet) cannot be checked with other paths in one run")
    return bool(datasets)


def check_datasets(
    paths: Sequence[Path], workspace: Workspace, options: dict[str, Any], *,
    rewrites: bool, output_format: str, stats: bool, jobs: int = 1,
) -> int:
    """``newslint check`` on datasets; returns the exit status. ``jobs`` as ``normalize --jobs``."""
    if rewrites:
        raise click.UsageError(
            "--fix, --diff and --add-noqa do not rewrite datasets: use 'newslint normalize INPUT -o OUT'"
        )
    if output_format not in FORMATS:
        raise click.UsageError(
            f"--output-format {output_format} is not available for datasets (use {', '.join(FORMATS)})"
        )
    from newslint.archive.check import check_records

    layout = _layout(options.get("text_fields") or (), options.get("title_field"), options.get("id_field") or "id")
    try:
        return check_records(
            tuple(str(p) for p in paths), lambda path: workspace.rules_for(Path(path)), layout,
            options.get("input_format"), output_format, stats, jobs,
        )
    except LOAD_ERRORS as exc:
        fail(str(exc))
        return EXIT_ERROR
