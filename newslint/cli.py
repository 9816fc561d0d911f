"""The command line: options in, a library call, an exit code out.

Exit codes: 0 clean, 1 findings or files changed, 2 usage or input error. ``check``
lives in ``check_command``; what the commands share, in ``clikit``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newslint import __version__
from newslint.archive import command as archive
from newslint.check_command import check
from newslint.clikit import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, all_rules, fail, guarded, make_workspace
from newslint.config import describe
from newslint.loader import load_rules
from newslint.server.commands import serve, server


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newslint")
def main() -> None:
    """Lint and normalise news wire copy in Reuters style."""


@main.command("rules")
@click.option("--enabled", is_flag=True, help="Only the rules on under the configuration found from here.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "markdown"]), default="table", show_default=True,
    help="markdown: the full rule reference (docs/rules.md).",
)
def list_rules(enabled: bool, fmt: str) -> None:
    """List every rule: code, name, fix, summary; opt-in rules are marked."""
    from newslint import explain, ruledocs

    rules = guarded(lambda: make_workspace().rules_for(Path.cwd())) if enabled else all_rules()
    click.echo(ruledocs.render(rules) if fmt == "markdown" else explain.rule_table(rules), nl=False)


@main.command("rule")
@click.argument("code")
def show_rule(code: str) -> None:
    """Explain one rule: what it checks, why, and examples."""
    from newslint import explain

    rules = {r.code: r for r in all_rules()}
    rule = rules.get(code.upper())
    if rule is None:
        fail(f"unknown rule code {code!r} (see 'newslint rules --all')")
        sys.exit(EXIT_ERROR)
    click.echo(explain.rule_page(rule), nl=False)


@main.command("config")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False), help="Use this configuration file.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
def show_config(path: Path | None, config_file: Path | None, isolated: bool) -> None:
    """Print the effective configuration for PATH and where each value came from."""
    space = make_workspace(config_file=config_file, isolated=isolated)
    config = guarded(lambda: space.config_for(path or Path.cwd()))
    guarded(lambda: space.ruleset(config))  # report a bad rule pack or selector now
    click.echo(describe(config), nl=False)


@main.command("clean")
def clean_cache() -> None:
    """Remove the rule cache (it is rebuilt at the next run)."""
    from newslint.rulecache import clean, default_directory

    try:
        removed = clean()
    except OSError as exc:
        fail(f"{default_directory()}: cannot remove ({exc.strerror or exc})")
        sys.exit(EXIT_ERROR)
    click.echo(f"Removed {removed}." if removed else f"No cache at {default_directory()}.")


@main.command("test")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--no-docs", is_flag=True, help="Only run the examples; do not demand two of each.")
def test_rules(paths: tuple[Path, ...], no_docs: bool) -> None:
    """Test rule files (or directories) against their own examples."""
    from newslint import selftest

    rules = guarded(lambda: load_rules(paths))
    failures = selftest.run(rules, documentation=not no_docs)
    for failure in failures:
        click.echo(str(failure))
    examples = sum(len(r.examples.bad) + len(r.examples.good) for r in rules)
    click.echo(f"{len(rules)} rules, {examples} examples: {len(failures)} failed.")
    sys.exit(EXIT_FINDINGS if failures else EXIT_CLEAN)


main.add_command(check)
main.add_command(server)
main.add_command(serve)
main.add_command(archive.normalize_command)
main.add_command(archive.normalise_command)
