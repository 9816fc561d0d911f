"""Command-line options that several commands share: which rules run, and under which configuration."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def rule_options(command: F) -> F:
    """--select, --ignore, --extend-select, --config, --isolated and --profile, as ``check`` has them."""
    options = [
        click.option("--select", multiple=True, metavar="CODES", help="Only these codes or prefixes (comma-separated)."),
        click.option("--ignore", multiple=True, metavar="CODES", help="Skip these codes or prefixes (comma-separated)."),
        click.option(
            "--extend-select", multiple=True, metavar="CODES", help="Add these codes or prefixes to the selection."
        ),
        click.option(
            "--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
            help="Use this configuration file for every path.",
        ),
        click.option("--isolated", is_flag=True, help="Ignore all configuration files."),
        click.option("--profile", metavar="NAME", help="Turn on a rule profile, e.g. legacy-wire for 1987 wire copy."),
    ]
    for option in reversed(options):
        command = option(command)
    return command
