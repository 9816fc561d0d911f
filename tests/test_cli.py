"""The command line: discovery, output formats, fixing, selection, exit codes and errors.

Most tests run a small house rule set (see ``house``) through click's CliRunner,
whose stdout and stderr are separate (click 8.2+); a few run ``python -m
newslint`` in a subprocess for the real streams, bytes and exit code.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newslint import api, clikit
from newslint.cli import main
from newslint.loader import load_default_rules, load_rules
from newslint.rule import Rule

ROOT = Path(__file__).resolve().parent.parent

# One rule per behaviour the CLI must show: safe, unsafe, display-only and no fix,
# a headline-only rule, a whole-line delete, and an opt-in rule.
HOUSE = r"""
category: house
rules:
  - code: HSE101
    name: teh
    summary: Misspelt "the".
    message: "Spell '{match}' as '{replacement}'"
    kind: pattern
    severity: error
    fix: safe
    scope: all
    pattern: '\bteh\b'
    replace: the
    rationale: Typos.
    reference: None.
    examples: {bad: [], good: []}
  - code: HSE102
    name: utilise
    summary: Plain words.
    message: "Prefer 'use' to '{match}'"
    kind: pattern
    severity: warning
    fix: unsafe
    scope: all
    pattern: '\butilise\b'
    replace: use
    rationale: Plain English.
    reference: None.
    examples: {bad: [], good: []}
  - code: HSE103
    name: tbd
    summary: Placeholders left in copy.
    message: "Placeholder '{match}' left in copy"
    kind: pattern
    severity: error
    fix: none
    scope: all
    pattern: '\bTBD\b'
    rationale: Unfinished copy.
    reference: None.
    examples: {bad: [], good: []}
  - code: HSE104
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
    reference: None.
    examples: {bad: [], good: []}
  - code: HSE105
    name: urgent-headline
    summary: URGENT in a headline.
    message: "Headline says URGENT"
    kind: pattern
    severity: warning
    fix: none
    scope: headline
    pattern: '\bURGENT\b'
    rationale: Wire flags are not headlines.
    reference: None.
    examples: {bad: [], good: []}
  - code: HSE106
    name: end-mark
    summary: An end mark line.
    message: "Delete the end mark"
    kind: line
    severity: warning
    fix: safe
    scope: all
    action: delete
    pattern: '-- ?end ?--'
    rationale: Transmission marks.
    reference: None.
    examples: {bad: [], good: []}
  - code: HSE201
    name: very
    summary: Weak intensifier.
    message: "Drop '{match}'"
    kind: pattern
    severity: info
    fix: none
    scope: all
    enabled: false
    pattern: '\bvery\b'
    rationale: Strong verbs.
    reference: None.
    examples: {bad: [], good: []}
"""

RUNAWAY = r"""
category: runaway
rules:
  - code: RUN101
    name: runaway
    summary: Backtracks.
    message: "m"
    kind: pattern
    severity: error
    fix: none
    scope: all
    pattern: '(?:a|aa)+$'
    rationale: r.
    reference: r.
    examples: {bad: [], good: []}
"""


def use_rules(monkeypatch: pytest.MonkeyPatch, rules: list[Rule]) -> None:
    """Make the CLI run ``rules`` instead of the shipped set."""
    monkeypatch.setattr(clikit, "load_default_rules", lambda cache=None: rules)


@pytest.fixture
def house(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> list[Rule]:
    path = tmp_path_factory.mktemp("rules") / "house.yaml"
    path.write_text(HOUSE, encoding="utf-8")
    rules = load_rules([path])
    use_rules(monkeypatch, rules)
    return rules


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from tmp_path, so reported paths are short and relative."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str, input: bytes | str | None = None) -> Result:
    result = CliRunner().invoke(main, list(args), input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a crash is a bug, whatever the exit code says
    assert "Traceback" not in result.output
    return result


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def codes(result: Result) -> list[str]:
    return [item["rule"] for item in json.loads(result.stdout)]


# --- text output ----------------------------------------------------------------------------


def test_text_output_lines_and_summary(house: list[Rule], in_tmp: Path) -> None:
    write(in_tmp / "story.txt", "Café teh news.\nWe utilise TBD!!\n")
    result = run("check", "story.txt")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "story.txt:1:6: HSE101 [*] Spell 'teh' as 'the'",
        "story.txt:2:4: HSE102 Prefer 'use' to 'utilise'",
        "story.txt:2:12: HSE103 Placeholder 'TBD' left in copy",
        "story.txt:2:15: HSE104 One exclamation mark is enough",
        "Found 4 findings in 1 file (1 fixable with --fix; 1 more with --unsafe-fixes).",
    ]
    assert result.stderr == ""


@pytest.mark.parametrize(
    "files,summary",
    [
        ({"a.txt": "Clean.\n"}, "All checks passed (1 file)."),
        ({"a.txt": "Clean.\n", "b.md": "Clean.\n"}, "All checks passed (2 files)."),
        ({"a.txt": "TBD\n"}, "Found 1 finding in 1 file."),
        ({"a.txt": "teh TBD\n", "b.txt": "teh\n"}, "Found 3 findings in 2 files (2 fixable with --fix)."),
        ({"a.txt": "utilise\n"}, "Found 1 finding in 1 file (1 more with --unsafe-fixes)."),
    ],
)
def test_summary_line(house: list[Rule], in_tmp: Path, files: dict[str, str], summary: str) -> None:
    for name, text in files.items():
        write(in_tmp / name, text)
    assert run("check", *files).stdout.splitlines()[-1] == summary


# --- JSON output ----------------------------------------------------------------------------

JSON_KEYS = {"path", "rule", "name", "severity", "message", "line", "column", "end_line", "end_column", "fix"}


def test_json_output_positions_are_characters_and_end_exclusive(house: list[Rule], in_tmp: Path) -> None:
    # Non-ASCII before each finding: columns count characters, not bytes or UTF-16 units.
    write(in_tmp / "story.txt", "Ünïcödé teh\n🙂 utilise TBD!!\n-- end --\nLast.\n")
    result = run("check", "--output-format", "json", "story.txt")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert all(set(item) == JSON_KEYS for item in found)
    assert [(f["rule"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in found] == [
        ("HSE101", 1, 9, 1, 12),
        ("HSE102", 2, 3, 2, 10),
        ("HSE103", 2, 11, 2, 14),
        ("HSE104", 2, 14, 2, 16),
        ("HSE106", 3, 1, 4, 1),  # the deleted line takes its line break: ends at the next line
    ]
    assert found[0] == {
        "path": "story.txt",
        "rule": "HSE101",
        "name": "teh",
        "severity": "error",
        "message": "Spell 'teh' as 'the'",
        "line": 1,
        "column": 9,
        "end_line": 1,
        "end_column": 12,
        "fix": {"applicability": "safe", "replacement": "the"},
    }
    assert [f["fix"] for f in found[1:]] == [
        {"applicability": "unsafe", "replacement": "use"},
        None,
        {"applicability": "display-only", "replacement": "!"},
        {"applicability": "safe", "replacement": ""},
    ]
    assert [f["severity"] for f in found] == ["error", "warning", "error", "info", "warning"]


def test_json_columns_match_the_text(house: list[Rule], in_tmp: Path) -> None:
    text = "Ça va, teh élan.\r\nZürich teh\r\n"  # CRLF: columns are unaffected by the \r
    write(in_tmp / "story.txt", text)
    lines = text.split("\r\n")
    for item in json.loads(run("check", "--output-format", "json", "story.txt").stdout):
        line = lines[item["line"] - 1]
        assert line[item["column"] - 1 : item["end_column"] - 1] == "teh"


def test_json_output_without_findings_is_an_empty_list(house: list[Rule], in_tmp: Path) -> None:
    write(in_tmp / "story.txt", "Clean copy.\n")
    result = run("check", "--output-format", "json", "story.txt")
    assert (result.exit_code, json.loads(result.stdout), result.stderr) == (0, [], "")


def test_json_output_keeps_input_errors_on_stderr(house: list[Rule], in_tmp: Path) -> None:
    write(in_tmp / "story.txt", "teh\n")
    result = run("check", "--output-format", "json", "story.txt", "missing.txt")
    assert result.exit_code == 2
    assert codes(result) == ["HSE101"]  # stdout is still valid JSON
    assert result.stderr == "newslint: error: missing.txt: no such file\n"


# --- discovery ------------------------------------------------------------------------------


def test_directories_are_searched_recursively_by_extension(house: list[Rule], in_tmp: Path) -> None:
    for name in [
        "copy/a.txt",
        "copy/b.md",
        "copy/sub/c.markdown",
        "copy/sub/deeper/D.TXT",
        "copy/notes.rst",
        "copy/data.json",
        "copy/.hidden/e.txt",
        "copy/sub/.git/f.md",
        "copy/.g.txt",
    ]:
        write(in_tmp / name, "teh\n")
    result = run("check", "--output-format", "json", "copy")
    paths = [item["path"] for item in json.loads(result.stdout)]
    assert paths == [
        os.path.join("copy", "a.txt"),
        os.path.join("copy", "b.md"),
        os.path.join("copy", "sub", "c.markdown"),
        os.path.join("copy", "sub", "deeper", "D.TXT"),
    ]


def test_explicit_paths_are_checked_whatever_their_name(house: list[Rule], in_tmp: Path) -> None:
    write(in_tmp / "notes.rst", "teh\n")
    write(in_tmp / ".hidden" / "e.txt", "teh\n")
    result = run("check", "--output-format", "json", "notes.rst", ".hidden")
    assert [item["path"] for item in json.loads(result.stdout)] == [
        "notes.rst",
        os.path.join(".hidden", "e.txt"),
    ]


def test_a_file_named_twice_is_checked_once(house: list[Rule], in_tmp: Path) -> None:
    write(in_tmp / "copy" / "a.txt", "teh\n")
    result = run("check", "--output-format", "json", "copy", "copy/a.txt", "./copy/a.txt")
    assert len(json.loads(result.stdout)) == 1


def test_no_paths_means_the_current_directory(house: list[Rule], in_tmp: Path) -> None:
    write(in_tmp / "a.txt", "teh\n")
    write(in_tmp / "sub" / "b.md", "teh\n")
    result = run("check", "--output-format", "json")
    assert sorted(item["path"] for item in json.loads(result.stdout)) == [
        "a.txt",
        os.path.join("sub", "b.md"),
    ]


def test_markdown_is_picked_by_extension(house: list[Rule], in_tmp: Path) -> None:
    # In Markdown an ATX heading is a headline; in plain text this line is body copy.
    text = "Opening paragraph.\n\n# URGENT oil news\n\nOil rose.\n"
    write(in_tmp / "a.md", text)
    write(in_tmp / "a.txt", text)
    result = run("check", "--output-format", "json", "a.md", "a.txt")
    found = [(i["path"], i["rule"], i["line"]) for i in json.loads(result.stdout)]
    assert found == [("a.md", "HSE105", 3)]


# --- fixing ---------------------------------------------------------------------------------


def test_fix_applies_safe_fixes_only(house: list[Rule], in_tmp: Path) -> None:
    path = write(in_tmp / "story.txt", "teh plan: utilise it!!\n-- end --\n")
    result = run("check", "--fix", "story.txt")
    assert result.exit_code == 1, "files changed by --fix exit 1"
    assert path.read_text() == "the plan: utilise it!!\n"
    assert result.stdout.splitlines() == [
        "story.txt:1:11: HSE102 Prefer 'use' to 'utilise'",
        "story.txt:1:21: HSE104 One exclamation mark is enough",
        "Fixed 2 findings in 1 file. Found 2 findings in 1 file (1 more with --unsafe-fixes).",
    ]


def test_unsafe_fixes_adds_unsafe_but_never_display_only(house: list[Rule], in_tmp: Path) -> None:
    path = write(in_tmp / "story.txt", "teh plan: utilise it!!\n")
    result = run("check", "--fix", "--unsafe-fixes", "story.txt")
    assert path.read_text() == "the plan: use it!!\n"
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "Fixed 2 findings in 1 file. Found 1 finding in 1 file."


def test_fix_on_clean_file_exits_0_and_leaves_it_alone(house: list[Rule], in_tmp: Path) -> None:
    path = write(in_tmp / "story.txt", "Clean copy.\n")
    before = path.stat()
    result = run("check", "--fix", "story.txt")
    assert result.exit_code == 0
    assert result.stdout == "Fixed 0 findings in 0 files. All checks passed (1 file).\n"
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns), "not rewritten"


def test_second_fix_run_is_clean(house: list[Rule], in_tmp: Path) -> None:
    write(in_tmp / "story.txt", "teh teh\n-- end --\n")
    assert run("check", "--fix", "story.txt").exit_code == 1
    assert run("check", "--fix", "story.txt").exit_code == 0
    assert run("check", "story.txt").exit_code == 0


@pytest.mark.parametrize(
    "raw",
    [
        b"teh\r\nlast line teh",
        codecs.BOM_UTF8 + "Café teh\r\n".encode(),
        codecs.BOM_UTF16_LE + "Café teh\r\n".encode("utf-16-le"),
        codecs.BOM_UTF16_BE + "Café teh\n".encode("utf-16-be"),
    ],
    ids=["crlf-no-final-newline", "utf8-bom-crlf", "utf16le-crlf", "utf16be"],
)
def test_fix_keeps_the_file_format(house: list[Rule], in_tmp: Path, raw: bytes) -> None:
    path = write(in_tmp / "story.txt", raw)
    path.chmod(0o640)
    assert run("check", "--fix", "story.txt").exit_code == 1
    expected = raw
    for codec in ("utf-8", "utf-16-le", "utf-16-be"):
        expected = expected.replace("teh".encode(codec), "the".encode(codec))
    assert path.read_bytes() == expected
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in in_tmp.iterdir()) == ["story.txt"], "no temporary file is left"


def test_diff_prints_a_patch_and_writes_nothing(house: list[Rule], in_tmp: Path) -> None:
    path = write(in_tmp / "story.txt", "Oil rose.\nteh end\n-- end --\n")
    before = path.read_bytes()
    result = run("check", "--diff", "story.txt")
    assert result.exit_code == 1
    assert result.stdout == (
        "--- a/story.txt\n+++ b/story.txt\n@@ -1,3 +1,2 @@\n Oil rose.\n-teh end\n--- end --\n+the end\n"
    )
    assert path.read_bytes() == before


def test_diff_wins_over_fix(house: list[Rule], in_tmp: Path) -> None:
    path = write(in_tmp / "story.txt", "teh\n")
    result = run("check", "--fix", "--diff", "story.txt")
    assert "+the\n" in result.stdout
    assert path.read_text() == "teh\n"


def test_diff_shows_unsafe_fixes_only_when_asked(house: list[Rule], in_tmp: Path) -> None:
    write(in_tmp / "story.txt", "utilise it\n")
    assert run("check", "--diff", "story.txt").stdout == ""  # nothing safe to change
    result = run("check", "--diff", "--unsafe-fixes", "story.txt")
    assert result.stdout == "--- a/story.txt\n+++ b/story.txt\n@@ -1 +1 @@\n-utilise it\n+use it\n"
    assert result.exit_code == 1


def test_diff_marks_a_missing_final_newline(house: list[Rule], in_tmp: Path) -> None:
    write(in_tmp / "story.txt", "teh")
    result = run("check", "--diff", "story.txt")
    assert result.stdout.endswith("-teh\n\\ No newline at end of file\n+the\n\\ No newline at end of file\n")


# --- stdin ----------------------------------------------------------------------------------


def test_stdin_is_checked_under_its_name(house: list[Rule]) -> None:
    result = run("check", "-", "--stdin-filename", "wire/story.txt", input="Café teh\n".encode())
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "wire/story.txt:1:6: HSE101 [*] Spell 'teh' as 'the'"


def test_stdin_without_a_name_is_reported_as_dash(house: list[Rule]) -> None:
    result = run("check", "-", "--output-format", "json", input=b"teh\n")
    assert [item["path"] for item in json.loads(result.stdout)] == ["-"]


def test_stdin_filename_extension_picks_markdown(house: list[Rule]) -> None:
    text = b"Opening paragraph.\n\n# URGENT oil news\n\nOil rose.\n"
    as_md = run("check", "-", "--stdin-filename", "s.md", "--output-format", "json", input=text)
    as_txt = run("check", "-", "--stdin-filename", "s.txt", "--output-format", "json", input=text)
    assert (codes(as_md), codes(as_txt)) == (["HSE105"], [])


def test_stdin_fix_prints_only_the_fixed_text(house: list[Rule]) -> None:
    result = run("check", "-", "--fix", input="Café teh TBD".encode())
    assert result.stdout_bytes == "Café the TBD".encode()
    assert result.exit_code == 1
    # What is left to report goes to stderr, so stdout can be piped straight back into a file.
    assert "HSE103" in result.stderr and "HSE101" not in result.stderr


def test_stdin_fix_of_clean_text_echoes_it_and_exits_0(house: list[Rule]) -> None:
    result = run("check", "-", "--fix", input=b"Clean copy.\n")
    assert (result.stdout_bytes, result.stderr, result.exit_code) == (b"Clean copy.\n", "", 0)


@pytest.mark.parametrize(
    "raw,fixed",
    [
        (b"teh\r\nteh\r\n", b"the\r\nthe\r\n"),
        (codecs.BOM_UTF8 + b"teh", codecs.BOM_UTF8 + b"the"),
        (
            codecs.BOM_UTF16_BE + "teh\n".encode("utf-16-be"),
            codecs.BOM_UTF16_BE + "the\n".encode("utf-16-be"),
        ),
    ],
    ids=["crlf", "utf8-bom", "utf16be"],
)
def test_stdin_fix_keeps_encoding_and_line_endings(house: list[Rule], raw: bytes, fixed: bytes) -> None:
    assert run("check", "-", "--fix", input=raw).stdout_bytes == fixed


def test_stdin_diff(house: list[Rule]) -> None:
    result = run("check", "-", "--diff", "--stdin-filename", "s.txt", input=b"teh\n")
    assert result.stdout == "--- a/s.txt\n+++ b/s.txt\n@@ -1 +1 @@\n-teh\n+the\n"
    assert result.exit_code == 1


@pytest.mark.parametrize(
    "raw,problem",
    [
        (b"Caf\xe9 teh\n", "not valid UTF-8 (byte 0xe9 at offset 3), not checked"),
        (b"te\x00h\n", "binary file (contains NUL bytes), not checked"),
    ],
)
def test_stdin_input_errors_name_the_stdin_filename(house: list[Rule], raw: bytes, problem: str) -> None:
    result = run("check", "-", "--stdin-filename", "story.txt", input=raw)
    assert result.exit_code == 2
    assert result.stderr == f"newslint: error: story.txt: {problem}\n"
    assert result.stdout == ""


def test_stdin_cannot_be_mixed_with_paths(house: list[Rule], in_tmp: Path) -> None:
    write(in_tmp / "a.txt", "teh\n")
    result = run("check", "a.txt", "-", input=b"teh\n")
    assert result.exit_code == 2
    assert "'-' (stdin) cannot be combined with other paths" in result.stderr
    assert result.stdout == ""


# --- selection ------------------------------------------------------------------------------

ALL_TEXT = "teh utilise TBD!! very\n-- end --\n"
DEFAULT = ["HSE101", "HSE102", "HSE103", "HSE104", "HSE106"]


@pytest.mark.parametrize(
    "args,expected",
    [
        ((), DEFAULT),
        (("--select", "HSE101"), ["HSE101"]),
        (("--select", "hse101"), ["HSE101"]),
        (("--select", "HSE101,HSE103"), ["HSE101", "HSE103"]),
        (("--select", "HSE101", "--select", "HSE103"), ["HSE101", "HSE103"]),
        (("--select", "HSE10"), DEFAULT),
        (("--ignore", "HSE1"), []),
        (("--ignore", "HSE101, HSE104"), ["HSE102", "HSE103", "HSE106"]),
        (("--select", "HSE", "--ignore", "HSE101"), ["HSE102", "HSE103", "HSE104", "HSE106"]),
        (("--select", "HSE101", "--ignore", "HSE"), ["HSE101"]),  # the longer selector decides
        (("--select", "HSE101", "--ignore", "HSE101"), []),  # ignore wins a tie
        (("--select", "HSE2"), []),  # an opt-in rule needs its full code
        (("--select", "HSE201"), ["HSE201"]),
        (("--select", "ALL"), [*DEFAULT[:4], "HSE201", "HSE106"]),
    ],
)
def test_select_and_ignore(
    house: list[Rule], in_tmp: Path, args: tuple[str, ...], expected: list[str]
) -> None:
    write(in_tmp / "story.txt", ALL_TEXT)
    result = run("check", "--output-format", "json", *args, "story.txt")
    assert codes(result) == expected
    assert result.exit_code == (1 if expected else 0)


@pytest.mark.parametrize(
    "args,bad",
    [
        (("--select", "XYZ"), "XYZ"),
        (("--select", "HSE101,HSE999"), "HSE999"),
        (("--ignore", "NOPE1"), "NOPE1"),
    ],
)
def test_unknown_selector_is_an_error(
    house: list[Rule], in_tmp: Path, args: tuple[str, ...], bad: str
) -> None:
    write(in_tmp / "story.txt", ALL_TEXT)
    result = run("check", *args, "story.txt")
    assert result.exit_code == 2
    option = args[0]
    assert result.stderr == f"newslint: error: {option}: unknown rule code or prefix '{bad}'\n"
    assert result.stdout == ""


# --- exit codes and input errors ------------------------------------------------------------


@pytest.mark.parametrize(
    "files,args,code",
    [
        ({"a.txt": "Clean.\n"}, (), 0),
        ({"a.txt": "TBD\n"}, (), 1),
        ({"a.txt": "teh\n"}, ("--fix",), 1),
        ({"a.txt": "Clean.\n"}, ("--fix",), 0),
        ({"a.txt": "Clean.\n"}, ("--diff",), 0),
        ({"a.txt": "Clean.\n", "b.txt": b"\xff\xfe\xfd"}, (), 2),
        ({"a.txt": "TBD\n", "b.txt": b"\x00\x01"}, (), 2),
        ({"a.txt": "teh\n", "b.txt": b"bad \xff"}, ("--diff",), 2),
    ],
)
def test_exit_codes(
    house: list[Rule], in_tmp: Path, files: dict[str, str | bytes], args: tuple[str, ...], code: int
) -> None:
    for name, text in files.items():
        write(in_tmp / name, text)
    assert run("check", *args, *files).exit_code == code


def test_input_errors_are_one_line_each_and_other_files_are_checked(house: list[Rule], in_tmp: Path) -> None:
    write(in_tmp / "a.txt", "teh\n")
    write(in_tmp / "bad.txt", b"Caf\xe9\n")
    write(in_tmp / "bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(in_tmp / "z.txt", "TBD\n")
    (in_tmp / "dir.txt").mkdir()  # a directory named like a file is searched, not read
    result = run("check", "a.txt", "bad.txt", "missing.txt", "bin.txt", "z.txt")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "newslint: error: bad.txt: not valid UTF-8 (byte 0xe9 at offset 3), not checked",
        "newslint: error: missing.txt: no such file",
        "newslint: error: bin.txt: binary file (contains NUL bytes), not checked",
    ]
    assert result.stdout.splitlines() == [
        "a.txt:1:1: HSE101 [*] Spell 'teh' as 'the'",
        "z.txt:1:1: HSE103 Placeholder 'TBD' left in copy",
        "Found 2 findings in 2 files (1 fixable with --fix). 3 files could not be checked.",
    ]


def test_fix_still_fixes_the_good_files_when_one_is_bad(house: list[Rule], in_tmp: Path) -> None:
    good = write(in_tmp / "a.txt", "teh\n")
    bad = write(in_tmp / "b.txt", b"teh \xff\n")
    result = run("check", "--fix", "a.txt", "b.txt")
    assert result.exit_code == 2
    assert good.read_text() == "the\n"
    assert bad.read_bytes() == b"teh \xff\n"


def test_write_failure_is_reported_and_the_file_kept(
    house: list[Rule], in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(in_tmp / "a.txt", "teh\n")

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    result = run("check", "--fix", "a.txt")
    assert result.exit_code == 2
    assert result.stderr == "newslint: error: a.txt: cannot write (Permission denied)\n"
    assert path.read_text() == "teh\n"
    assert sorted(p.name for p in in_tmp.iterdir()) == ["a.txt"], "the temporary file is removed"


# --- rule load errors and runaway patterns --------------------------------------------------


def test_rule_load_error_is_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(HOUSE.replace("    pattern: '\\bteh\\b'", "    pattern: '(teh'"), encoding="utf-8")

    def load(cache: object = None) -> list[Rule]:
        return load_rules([bad])

    monkeypatch.setattr(clikit, "load_default_rules", load)
    for args in (["check", str(tmp_path)], ["rules"], ["rule", "HSE101"]):
        result = run(*args)
        assert result.exit_code == 2
        assert result.stderr.startswith(
            f"newslint: error: {bad}: rule HSE101: key 'pattern': invalid regular"
        )
        assert result.stderr.count("\n") == 1
        assert result.stdout == ""


@pytest.fixture
def runaway(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path_factory.mktemp("rules") / "runaway.yaml"
    path.write_text(RUNAWAY, encoding="utf-8")
    use_rules(monkeypatch, load_rules([path]))
    # The library's default timeout is bound when api is imported; shorten it for this test.
    for function in (api.check_file, api.check_text):
        assert function.__kwdefaults__ is not None
        monkeypatch.setitem(function.__kwdefaults__, "timeout", 0.05)


@pytest.mark.usefixtures("runaway")
def test_runaway_pattern_is_an_error_naming_the_rule_not_a_hang(in_tmp: Path) -> None:
    write(in_tmp / "a.txt", "a" * 60 + "b\n")
    write(in_tmp / "b.txt", "Short.\n")
    result = run("check", "--output-format", "json", "a.txt", "b.txt")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("newslint: error: a.txt: rule RUN101 (runaway) timed out after 0.05s")
    assert json.loads(result.stdout) == []  # b.txt was still checked, and is clean


@pytest.mark.usefixtures("runaway")
def test_runaway_pattern_on_stdin() -> None:
    result = run("check", "-", "--stdin-filename", "s.txt", input=("a" * 60 + "b").encode())
    assert result.exit_code == 2
    assert result.stderr.startswith("newslint: error: s.txt: rule RUN101 (runaway) timed out")
    assert result.stdout == ""


# --- rules and rule -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> list[Rule]:
    return load_default_rules()


def test_rules_lists_every_shipped_rule(shipped: list[Rule]) -> None:
    result = run("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "FIX", "SUMMARY"]
    by_code = {line.split()[0]: line for line in lines[1:]}
    assert set(by_code) == {r.code for r in shipped}
    for rule in shipped:
        fix = "-" if rule.fix is None else rule.fix.label
        assert by_code[rule.code].split()[1] == rule.name
        marked = rule.profile is not None or not rule.enabled  # "(opt-in)" or "(profile)" after the name
        assert by_code[rule.code].split()[3 if marked else 2] == fix
        assert by_code[rule.code].endswith(rule.summary)


def test_rules_marks_opt_in_rules_and_enabled_hides_them(house: list[Rule]) -> None:
    everything = run("rules").stdout
    enabled = run("rules", "--enabled").stdout
    assert "HSE201" not in enabled
    assert "very (opt-in)" in everything
    for code in ("HSE101", "HSE104"):
        assert code in enabled and code in everything
    assert "display-only" in enabled


@pytest.mark.parametrize("spelling", ["NUM101", "num101"])
def test_rule_explains_one_rule(shipped: list[Rule], spelling: str) -> None:
    rule = next(r for r in shipped if r.code == "NUM101")
    result = run("rule", spelling)
    assert result.exit_code == 0
    page = result.stdout
    assert page.startswith(f"NUM101 {rule.name}\n")
    assert rule.summary in page
    assert "Why" in page and rule.rationale.splitlines()[0] in page
    assert f"Reference: {rule.reference}" in page
    for bad in rule.examples.bad:
        assert repr(bad.text) in page
        assert bad.fixed is None or repr(bad.fixed) in page
    for good in rule.examples.good:
        assert repr(good) in page


def test_rule_explains_an_opt_in_rule(house: list[Rule]) -> None:
    result = run("rule", "HSE201")
    assert result.exit_code == 0
    assert "Enabled:   no (opt-in: select it by code)" in result.stdout


def test_unknown_rule_code_is_an_error() -> None:
    result = run("rule", "XYZ999")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "newslint: error: unknown rule code 'XYZ999' (see 'newslint rules --all')\n"


# --- the real process -----------------------------------------------------------------------


def newslint(
    *args: str, cwd: Path, input: bytes | None = None, pythonpath: Path = ROOT
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(pythonpath), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "newslint", *args],
        check=False,
        cwd=cwd,
        input=input,
        capture_output=True,
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="module")
def num101(shipped: list[Rule]) -> tuple[str, str]:
    """A bad example of a shipped rule and its fixed text, taken from the rule itself."""
    rule = next(r for r in shipped if r.code == "NUM101")
    example = next(ex for ex in rule.examples.bad if ex.fixed is not None)
    assert example.fixed is not None
    return example.text, example.fixed


def test_process_reports_findings_on_stdout(tmp_path: Path, num101: tuple[str, str]) -> None:
    text, _ = num101
    write(tmp_path / "story.txt", text + "\n")
    proc = newslint("check", "--select", "NUM101", "story.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == b""
    lines = proc.stdout.decode().splitlines()
    assert lines[0].startswith("story.txt:1:") and " NUM101 [*] " in lines[0]
    assert lines[-1] == "Found 1 finding in 1 file (1 fixable with --fix)."


def test_process_stdin_fix_writes_only_fixed_text(tmp_path: Path, num101: tuple[str, str]) -> None:
    text, fixed = num101
    proc = newslint("check", "-", "--fix", "--select", "NUM101", cwd=tmp_path, input=text.encode())
    assert proc.stdout == fixed.encode()
    assert proc.stderr == b""
    assert proc.returncode == 1


def test_process_input_errors(tmp_path: Path) -> None:
    write(tmp_path / "bin.txt", b"\x00\x01\x02")
    write(tmp_path / "ok.txt", "Clean copy.\n")
    proc = newslint("check", "bin.txt", "missing.txt", "ok.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines() == [
        "newslint: error: bin.txt: binary file (contains NUL bytes), not checked",
        "newslint: error: missing.txt: no such file",
    ]
    assert b"Traceback" not in proc.stderr


def test_process_unknown_rule_code(tmp_path: Path) -> None:
    proc = newslint("rule", "XYZ999", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (2, b"")
    assert proc.stderr.count(b"\n") == 1


def test_process_broken_rule_file_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    # A copy of the package beside a rules/ directory holding one broken rule file.
    shutil.copytree(ROOT / "newslint", tmp_path / "newslint", ignore=shutil.ignore_patterns("__pycache__"))
    broken = HOUSE.replace(
        "    kind: pattern\n    severity: error\n    fix: safe",
        "    kind: patern\n    severity: error\n    fix: safe",
        1,
    )
    write(tmp_path / "rules" / "house.yaml", broken)
    write(tmp_path / "story.txt", "teh\n")
    proc = newslint("check", "story.txt", cwd=tmp_path, pythonpath=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == b""
    stderr = proc.stderr.decode()
    assert stderr.startswith("newslint: error: ") and stderr.count("\n") == 1
    assert "house.yaml: rule HSE101: key 'kind': unknown kind 'patern'" in stderr
