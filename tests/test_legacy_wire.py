"""The legacy-wire profile end to end: hard-wrapped copy, the profile switch, real 1987 stories."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint.api import check_text
from newslint.cli import main
from newslint.records import Applicability
from newslint.workspace import CommandLine, Workspace
from tests.conftest import shared_path

LEGACY = Workspace(isolated=True, command_line=CommandLine(profile="legacy-wire")).rules_for(Path("."))
DEFAULT = Workspace(isolated=True).rules_for(Path("."))


def test_a_sum_across_a_line_break_is_one_finding() -> None:
    text = "The company said sales were 88 mln\ndlrs in the year.\n"
    legacy = [d for d in check_text(text, LEGACY).diagnostics if d.code.startswith("LEG")]
    assert [text[d.start : d.end] for d in legacy] == ["88 mln\ndlrs"]
    fixed = check_text(text, LEGACY, fix=Applicability.SAFE).text
    assert fixed == "The company said sales were $88 million in the year.\n"


def test_profile_rules_are_off_without_the_profile() -> None:
    assert not any(r.profile for r in DEFAULT)
    assert {r.profile for r in LEGACY if r.profile} == {"legacy-wire"}


def test_cli_profile_and_rewrap_normalise_a_wire_story(tmp_path: Path) -> None:
    story = tmp_path / "cocoa.txt"
    story.write_text(
        "COCOA EXPORTS RISE\n\nExports rose to 88 mln\ndlrs, up 12 pct, the board said.\n"
        "    Shr 1.20 dlrs vs 1.10 dlrs.\n Reuter\n\x03",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", "--isolated", "--profile", "legacy-wire", "--fix", "--rewrap", str(story)])
    assert result.exit_code == 1
    assert story.read_text(encoding="utf-8") == (
        "COCOA EXPORTS RISE\n\nExports rose to $88 million, up 12%, the board said.\n\n"
        "Per share $1.20 vs $1.10.\n"
    )
    assert "CAP103" in result.stdout  # the capitals headline needs a human


def test_unknown_profile_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--isolated", "--profile", "legacy", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == "newslint: error: --profile: unknown profile 'legacy' (known: legacy-wire)\n"


@pytest.mark.slow
def test_real_1987_stories_normalise_and_settle() -> None:
    corpus = shared_path("corpora/reuters21578.jsonl.gz")
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in itertools.islice(lines, 300)]
    left = 0
    for record in records:
        text = f"{record['title']}\n\n{record['body']}"
        once = check_text(text, LEGACY, fix=Applicability.SAFE)
        assert once.converged, record["id"]
        assert check_text(once.text, LEGACY, fix=Applicability.SAFE).text == once.text, record["id"]
        assert "\x03" not in once.text, record["id"]
        left += " mln dlrs" in once.text  # ranges such as "30-40 mln dlrs" are left on purpose
    assert left <= len(records) // 20
