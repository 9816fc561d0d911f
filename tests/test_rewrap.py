"""Rewrapping hard-wrapped wire copy into paragraphs."""

from __future__ import annotations

import pytest

from newslint.api import check_text
from newslint.loader import load_default_rules
from newslint.records import Applicability
from newslint.rewrap import rewrap

WIRE = (
    "Showers continued throughout the week in\n"
    "the Bahia cocoa zone, alleviating the drought since early\n"
    "January.\n"
    "    The dry period means the temporao will be late this year.\n"
    "    Arrivals for the week ended February 22 were 155,221 bags\n"
    "of 60 kilos.\n"
)


@pytest.mark.parametrize(
    "given,expected",
    [
        (
            WIRE,
            "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought"
            " since early January.\n\nThe dry period means the temporao will be late this year.\n\n"
            "Arrivals for the week ended February 22 were 155,221 bags of 60 kilos.\n",
        ),
        ("Iranian-\nbacked groups said.", "Iranian-backed groups said."),
        ("He said -\nthe talks failed.", "He said - the talks failed."),  # a spaced dash is not a hyphen
        ("Title\n\nBody line one\nline two", "Title\n\nBody line one line two"),
        (
            "Results:\n    Shr    1.20   vs   1.10\n    Net    12.0   vs   11.0\n",
            "Results:\n\n    Shr    1.20   vs   1.10\n\n    Net    12.0   vs   11.0\n",
        ),  # table rows keep their columns
        ("", ""),
    ],
)
def test_rewrap(given: str, expected: str) -> None:
    assert rewrap(given) == expected


def test_rewrap_is_idempotent() -> None:
    once = rewrap(WIRE)
    assert rewrap(once) == once


def test_check_text_rewraps_then_fixes() -> None:
    rules = load_default_rules()
    text = "COCOA REVIEW\n\nArrivals rose to 12000\ntroops.\n    Total rose.\n Reuter\n\x03"
    result = check_text(text, rules, fix=Applicability.SAFE, rewrap=True)
    assert result.text == "COCOA REVIEW\n\nArrivals rose to 12,000 troops.\n\nTotal rose.\n"


def test_cli_rewrap_needs_fix_or_diff(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from newslint.cli import main

    story = tmp_path / "story.txt"
    story.write_text("Oil rose\nsharply.\n    Gas fell.\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["check", "--rewrap", str(story)]).exit_code == 2
    result = CliRunner().invoke(main, ["check", "--fix", "--rewrap", str(story)])
    assert result.exit_code == 1
    assert story.read_text(encoding="utf-8") == "Oil rose sharply.\n\nGas fell.\n"


def test_fix_with_rewrap_is_final_in_one_run() -> None:
    """A fix after the rewrap can unblock another rewrap: check_text repeats until none is left.

    Story 5405 of the 1987 corpus needed two rounds; a second run changed it again before.
    """
    import gzip
    import json
    from pathlib import Path

    from newslint.api import check_text
    from newslint.records import Applicability
    from newslint.workspace import CommandLine, Workspace
    from tests.conftest import shared_path

    rules = Workspace(isolated=True, command_line=CommandLine(profile="legacy-wire")).rules_for(Path("."))
    with gzip.open(shared_path("corpora/reuters21578.jsonl.gz"), "rt", encoding="utf-8") as lines:
        record = next(r for r in map(json.loads, lines) if str(r["id"]) == "5405")
    story = f"{record['title']}\n\n{record['body']}"
    once = check_text(story, rules, fix=Applicability.SAFE, rewrap=True)
    again = check_text(once.text, rules, fix=Applicability.SAFE, rewrap=True)
    assert again.text == once.text
    assert not again.fixed
