"""End to end through the CLI on an editorial repository: configuration, house rules,
Markdown, suppression, --add-noqa and CI formats (tests/fixtures/newsroom)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newslint.cli import main
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "newsroom"
# Only the rule families the fixture was written for, so new shipped rules do not move it.
FAMILIES = "NUM,WIR,HSE,NSL,CAP"


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "newsroom"
    shutil.copytree(FIXTURE, root)
    monkeypatch.chdir(root)
    return root


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def findings(*args: str, families: str = FAMILIES) -> list[tuple[str, str]]:
    result = run("check", "--output-format", "json", "--select", families, *args)
    assert result.exit_code in (0, 1), result.stderr
    return [(f["path"], f["rule"]) for f in json.loads(result.stdout)]


def test_configuration_house_rules_and_markdown(newsroom: Path) -> None:
    assert findings(".") == [
        ("stories/gaza-aid.md", "NUM101"),  # prose; the front matter, code block and URL are skipped
        ("stories/gaza-aid.md", "HSE102"),  # a house rule
        ("stories/gaza-aid.md", "HSE101"),  # outside the quotation only
        ("stories/gaza-aid.md", "NUM101"),  # link text is prose
        ("stories/gaza-aid.md", "WIR103"),  # the house rule replaced the shipped one
        ("stories/strike.txt", "NUM102"),
        # archive/: NUM103 ignored per file; drafts/scratch: excluded; suppressed.md: suppressed
    ]


def test_house_rule_overrides_shipped_rule_and_severity_override(newsroom: Path) -> None:
    result = run("check", "--output-format", "json", "--select", FAMILIES, ".")
    by_rule = {f["rule"]: f for f in json.loads(result.stdout)}
    assert by_rule["WIR103"]["message"] == "Desk spelling of the company: 'Thomson Reuters', not 'TR'"
    assert by_rule["NUM102"]["severity"] == "info"


def test_exclusion_of_named_files_needs_force_exclude(newsroom: Path) -> None:
    scratch = "drafts/scratch/notes.txt"
    assert findings(scratch) == [(scratch, "NUM101"), (scratch, "NUM103"), (scratch, "HSE101")]
    assert findings("--force-exclude", scratch) == []


def test_isolated_and_explicit_config(newsroom: Path) -> None:
    # Without the desk's configuration there are no house rules to select.
    assert run("check", "--isolated", "--select", "HSE", ".").exit_code == 2
    isolated = findings("--isolated", "archive", "stories/gaza-aid.md", families="NUM,WIR")
    assert ("archive/1987-cocoa.txt", "NUM103") in isolated
    assert ("stories/gaza-aid.md", "WIR103") not in isolated  # the shipped WIR103 knows no "TR"
    (newsroom / "strict.yaml").write_text("select: [NUM101]\n", encoding="utf-8")
    assert {code for _, code in findings("--config", "strict.yaml", ".", families="NUM101")} == {"NUM101"}


def test_nearest_configuration_wins(newsroom: Path) -> None:
    (newsroom / "archive" / ".newslint.yaml").write_text("ignore: [CAP]\n", encoding="utf-8")
    # The archive's own file replaces the desk's settings there: NUM103 is back.
    assert findings("archive", families="NUM,WIR") == [("archive/1987-cocoa.txt", "NUM103")]


@pytest.mark.parametrize(
    "table,message",
    [
        ('ignroe = ["CAP"]', "pyproject.toml: key 'ignroe': unknown setting"),
        ('ignore = ["CAPX"]', "pyproject.toml: key 'ignore': unknown rule code or prefix 'CAPX'"),
        ('per-file-ignores = { "a/*" = ["ZZZ"] }', "key 'per-file-ignores.a/*': unknown rule code or prefix 'ZZZ'"),
        ('severity = { NUM101 = "fatal" }', "key 'severity.NUM101': 'fatal' is not one of"),
        ('extend-rules = ["missing"]', "missing: cannot read"),
    ],
)
def test_invalid_configuration_is_exit_2_naming_file_and_key(newsroom: Path, table: str, message: str) -> None:
    (newsroom / "pyproject.toml").write_text(f"[tool.newslint]\n{table}\n", encoding="utf-8")
    result = run("check", ".")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("newslint: error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1


def test_config_command_names_origins(newsroom: Path) -> None:
    result = run("config", "stories/gaza-aid.md")
    assert result.exit_code == 0
    assert f"# configuration file: {newsroom / 'pyproject.toml'}" in result.stdout
    assert 'severity = {"NUM102": "info"}  # ' + str(newsroom / "pyproject.toml") in result.stdout
    assert 'months = "abbreviated"  # default' in result.stdout


def test_fix_rewrites_prose_only(newsroom: Path) -> None:
    result = run("check", "--fix", "--select", FAMILIES, "stories")
    assert result.exit_code == 1  # files changed
    assert result.stdout == "Fixed 6 findings in 2 files. All checks passed (3 files).\n"
    story = (newsroom / "stories" / "gaza-aid.md").read_text(encoding="utf-8")
    assert "slug: gaza-aid-at-least-1.200-trucks" in story  # front matter untouched
    assert "Raw feed: at least 1.200 people" in story  # code untouched
    assert "(https://example.org/plan-1.200.000)" in story  # URL untouched
    assert "at least 1,200 people received food parcels in Kyiv" in story
    assert '"We utilize every truck we have,"' in story  # quotations are the speaker's words
    assert "Thomson Reuters shares were unchanged." in story


def test_add_noqa_then_clean_then_stale_reported(newsroom: Path) -> None:
    result = run("check", "--add-noqa", "--select", FAMILIES, ".")
    assert result.exit_code == 0
    assert result.stdout == "Added 4 suppression comments in 2 files.\n"
    assert findings(".") == []
    strike = newsroom / "stories" / "strike.txt"
    assert "<!-- newslint-disable NUM102 -->\nThe strike involves 12 500 workers" in strike.read_text()
    # Once the copy is fixed by hand, the suppression is stale and reported.
    strike.write_text(strike.read_text().replace("12 500", "12,500"), encoding="utf-8")
    assert findings(".") == [("stories/strike.txt", "NSL100")]


@pytest.mark.parametrize("fmt", ["github", "sarif", "junit", "json-lines", "concise"])
def test_ci_formats_run_on_the_newsroom(newsroom: Path, fmt: str) -> None:
    result = run("check", "--output-format", fmt, "--select", FAMILIES, ".")
    assert result.exit_code == 1
    assert "stories/gaza-aid.md" in result.stdout and "HSE102" in result.stdout
