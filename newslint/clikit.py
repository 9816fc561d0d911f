"""What every command shares: exit codes, one-line errors, and the workspace its options make."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar

import click

from newslint.loader import load_default_rules
from newslint.rule import Rule
from newslint.rulecache import RuleCache, open_cache
from newslint.run import FatalError
from newslint.selection import parse_selectors, select_rules
from newslint.workspace import LOAD_ERRORS, CommandLine, Workspace

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def fail(message: str) -> None:
    click.echo(f"newslint: error: {message}", err=True)


T = TypeVar("T")


def guarded(step: Callable[[], T]) -> T:
    """Run a step that reads configuration or rules; their errors end the run with status 2."""
    try:
        return step()
    except LOAD_ERRORS as exc:
        fail(str(exc))
        sys.exit(EXIT_ERROR)


def each(items: Iterable[T]) -> Iterator[T]:
    """Iterate a run whose configuration or rule errors end it with status 2."""
    try:
        yield from items
    except (*LOAD_ERRORS, FatalError) as exc:
        fail(str(exc))
        sys.exit(EXIT_ERROR)


def make_workspace(
    select: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    config_file: Path | None = None,
    isolated: bool = False,
    profile: str | None = None,
    cache: bool = True,
) -> Workspace:
    command_line = CommandLine(
        tuple(parse_selectors(select)),
        tuple(parse_selectors(extend_select)),
        tuple(parse_selectors(ignore)),
        profile,
    )
    rule_cache = open_cache(cache)
    return Workspace(
        config_file=config_file,
        isolated=isolated,
        command_line=command_line,
        default_rules=partial(shipped_rules, rule_cache),
        rule_cache=rule_cache,
    )


def shipped_rules(cache: RuleCache | None) -> list[Rule]:
    # Looked up at call time so that tests can swap the shipped ruleset; a partial of a
    # module function (not a lambda) so that a worker process can be sent the workspace.
    return load_default_rules(cache)


def all_rules() -> list[Rule]:
    return guarded(lambda: select_rules(load_default_rules(open_cache()), ("ALL",)))
