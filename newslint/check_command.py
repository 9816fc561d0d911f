"""``newslint check``: check paths, datasets or stdin; fix, diff or add suppression comments."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from newslint.api import FileResult, check_text
from newslint.archive import command as archive
from newslint.clikit import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, each, fail, guarded, make_workspace
from newslint.discovery import is_markdown
from newslint.engine import RuleTimeout
from newslint.fixes import MAX_ITERATIONS
from newslint.options import rule_options
from newslint.output import FORMAT_NAMES, Entry, Summary, file_report
from newslint.output.printer import Printer
from newslint.output.text import render as render_text
from newslint.output.text import use_color
from newslint.records import Applicability
from newslint.rule import Rule
from newslint.rulecache import switched_off
from newslint.run import CheckOptions, add_noqa_paths, report_paths
from newslint.sourcefile import InputError, decode
from newslint.workspace import Workspace


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--fix", is_flag=True, help="Apply safe fixes, rewriting files in place.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, apply unsafe fixes too.")
@click.option("--diff", is_flag=True, help="Print a unified diff of what --fix would change; write nothing.")
@rule_options
@click.option("--force-exclude", is_flag=True, help="Apply exclude settings to paths named on the command line too.")
@click.option("--add-noqa", is_flag=True, help="Add suppression comments for every current finding.")
@click.option("--rewrap", is_flag=True, help="With --fix or --diff, join hard-wrapped plain-text paragraphs.")
@click.option("--output-format", type=click.Choice(FORMAT_NAMES), default="text", show_default=True)
@click.option("--stdin-filename", metavar="NAME", help="Name to report for '-' (its extension picks Markdown).")
@click.option("--statistics", "stats", is_flag=True, help="Count findings per rule instead of listing them.")
@click.option("--show-fixes", "with_fixes", is_flag=True, help="With text output, list fixes by file and rule.")
@click.option("--no-cache", is_flag=True, help="Load rule files afresh instead of from the cache (also NEWSLINT_NO_CACHE=1).")
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
    help="Check files on N processes (default: one per core; small runs use one).",
)
@archive.record_options
def check(
    paths: tuple[Path, ...],
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    output_format: str,
    stdin_filename: str | None,
    stats: bool,
    with_fixes: bool,
    extend_select: tuple[str, ...] = (),
    config_file: Path | None = None,
    isolated: bool = False,
    force_exclude: bool = False,
    add_noqa: bool = False,
    profile: str | None = None,
    rewrap: bool = False,
    no_cache: bool = False,
    jobs: int | None = None,
    **records: Any,
) -> None:
    """Check PATHS (files, directories, datasets, or - for stdin); with --fix, rewrite them."""
    if stats and output_format not in ("text", "json"):
        raise click.UsageError("--statistics works with --output-format text or json")
    if add_noqa and (fix or diff):
        raise click.UsageError("--add-noqa cannot be combined with --fix or --diff")
    if rewrap and not (fix or diff):
        raise click.UsageError("--rewrap rewrites text: use it with --fix or --diff")
    extras = (stats, with_fixes)
    if jobs is None:
        from newslint.parallel import default_jobs

        jobs = default_jobs()
    # The rule cache and the scanner database kept beside it: both off for the whole run.
    click.get_current_context().with_resource(switched_off(no_cache))
    space = make_workspace(select, extend_select, ignore, config_file, isolated, profile, cache=not no_cache)
    if archive.wants_records(paths, records):
        rewrites = fix or diff or add_noqa
        sys.exit(archive.check_datasets(
            paths, space, records, rewrites=rewrites, output_format=output_format, stats=stats, jobs=jobs
        ))
    # Load rules and settings before any file, so a broken rule pack fails even on an empty tree.
    guarded(lambda: space.rules_for(paths[0] if paths and paths[0] != Path("-") else Path.cwd()))
    threshold = Applicability.UNSAFE if unsafe_fixes else Applicability.SAFE
    level = threshold if (fix or diff) else None
    if paths == (Path("-"),):
        rules = guarded(lambda: space.rules_for(Path(stdin_filename or "-")))
        sys.exit(
            _check_stdin(rules, level, fix and not diff, diff, output_format, stdin_filename, extras, rewrap)
        )
    if Path("-") in paths:
        raise click.UsageError("'-' (stdin) cannot be combined with other paths")
    if add_noqa:
        sys.exit(_add_noqa(space, paths, force_exclude))
    color = output_format == "text" and use_color(sys.stdout)
    printer = Printer(
        output_format, fix_mode=fix, threshold=threshold, statistics=stats, show_fixes=with_fixes, color=color,
        rules_for=lambda path: space.rules_for(Path(path)),
    )
    render = None if diff else printer.rendering()
    options = CheckOptions(fix=level, write=fix and not diff, rewrap=rewrap, diff=diff, render=render)
    errors = changed = 0
    for report in each(report_paths(space, paths, options, jobs=jobs, force_exclude=force_exclude)):
        if report.error:
            fail(report.error)
            errors += 1
        if not report.converged:
            _warn_unconverged(report.path, report.entries)
        if not diff:
            printer.add(report)
        elif report.diff is not None:
            changed += 1
            click.echo(report.diff, nl=False)
    if diff:
        sys.exit(EXIT_ERROR if errors else EXIT_FINDINGS if changed else EXIT_CLEAN)
    printer.finish()
    if errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if printer.tally.findings or printer.fixed_files else EXIT_CLEAN)


def _check_stdin(
    rules: list[Rule],
    level: Applicability | None,
    fix: bool,
    diff: bool,
    output_format: str,
    name: str | None,
    extras: tuple[bool, bool] = (False, False),
    rewrap: bool = False,
) -> int:
    label = name or "-"
    try:
        source = decode(sys.stdin.buffer.read(), label)
        result = check_text(source.text, rules, markdown=is_markdown(label), fix=level, rewrap=rewrap)
    except (InputError, RuleTimeout) as exc:
        fail(f"{label}: {exc}" if isinstance(exc, RuleTimeout) else str(exc))
        return EXIT_ERROR
    report = file_report(FileResult(label, result, source, None), diff=diff)
    if diff:
        if report.diff is not None:
            click.echo(report.diff, nl=False)
        return EXIT_FINDINGS if report.diff is not None else EXIT_CLEAN
    found = list(report.entries)
    if fix:
        # stdout carries the fixed text and nothing else; what is left goes to stderr.
        sys.stdout.buffer.write(source.encode(result.text))
        sys.stdout.flush()
        summary = Summary(1, 0, len(result.fixed), int(result.changed), True, level or Applicability.SAFE)
        if found:
            click.echo(render_text(found, summary), err=True, nl=False)
        return EXIT_FINDINGS if found or result.changed else EXIT_CLEAN
    stats, with_fixes = extras
    color = output_format == "text" and use_color(sys.stdout)
    printer = Printer(
        output_format, fix_mode=False, threshold=Applicability.SAFE, statistics=stats, show_fixes=with_fixes, color=color
    )
    printer.add(report)
    printer.finish()
    return EXIT_FINDINGS if found else EXIT_CLEAN


def _warn_unconverged(path: str, remaining: Sequence[Entry]) -> None:
    codes = sorted({d.code for d in remaining})
    click.echo(
        f"newslint: warning: {path}: fixes did not settle after {MAX_ITERATIONS} passes "
        f"(rules still firing: {', '.join(codes)}); the file holds the last pass",
        err=True,
    )


def _add_noqa(space: Workspace, paths: Sequence[Path], force_exclude: bool) -> int:
    added = files = errors = 0
    for result in each(add_noqa_paths(space, paths, force_exclude=force_exclude)):
        if result.error:
            fail(result.error)
            errors += 1
        added += result.added
        files += bool(result.added)
    plural = "" if added == 1 else "s"
    click.echo(f"Added {added} suppression comment{plural} in {files} file{'' if files == 1 else 's'}.")
    return EXIT_ERROR if errors else EXIT_CLEAN
