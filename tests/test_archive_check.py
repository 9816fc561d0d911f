"""``newslint check`` on datasets: findings per record, named by id or number, in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newslint.cli import main
from tests.archive_data import RECORDS, write_csv, write_jsonl


def check(*args: str | Path, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["check", "--isolated", *map(str, args)], input=stdin)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "corpus.jsonl", RECORDS)


def test_findings_name_the_record_and_count_lines_in_its_story(corpus: Path) -> None:
    result = check(corpus, "--title-field", "title")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"{corpus}[id=101]:1:1: CAP103 Headline is in capitals; Reuters headlines are sentence case" in lines
    # Line 3 of the story is the body's first line (line 1 the title, line 2 the blank line).
    assert f"{corpus}[id=101]:4:10: MON101 [*] Use the % sign: '12 pct' -> '12%'" in lines
    assert lines[-1].startswith("Found ") and lines[-1].endswith("fixable with 'newslint normalize').")


def test_records_without_an_id_are_named_by_line(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"body": "Sales rose 5 pct."}\n\n{"body": "Sales fell 3 pct."}\n')
    result = check(source, "--output-format", "concise")
    assert result.stdout.splitlines() == [
        f"{source}[#1]:1:12: MON101 Use the % sign: '5 pct' -> '5%'",
        f"{source}[#3]:1:12: MON101 Use the % sign: '3 pct' -> '3%'",
    ]
    assert result.exit_code == 1


def test_json_carries_the_file_record_id_and_field(corpus: Path) -> None:
    result = check(corpus, "--title-field", "title", "--output-format", "json")
    found = json.loads(result.stdout)
    title = next(f for f in found if f["rule"] == "CAP103")
    assert {k: title[k] for k in ("path", "record", "id", "field", "line", "column")} == {
        "path": str(corpus), "record": 1, "id": "101", "field": "title", "line": 1, "column": 1,
    }
    body = next(f for f in found if f["rule"] == "MON101")
    assert body["field"] == "body" and body["line"] >= 3
    assert list(found[0])[:4] == ["path", "record", "id", "field"]
    lines = check(corpus, "--title-field", "title", "--output-format", "json-lines").stdout.splitlines()
    assert [json.loads(line) for line in lines] == found


def test_several_text_fields_are_stories_of_their_own(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": 1, "lede": "Up 5 pct.", "body": "Down 3 pct."}])
    result = check(source, "--text-field", "lede", "--text-field", "body", "--output-format", "concise")
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [f"{source}[id=1].lede", f"{source}[id=1].body"]


def test_statistics_count_findings_per_rule(corpus: Path) -> None:
    result = check(corpus, "--title-field", "title", "--statistics", "--output-format", "json")
    rows = {row["code"]: row["count"] for row in json.loads(result.stdout)}
    assert rows["CAP103"] == 2 and rows["MON101"] == 3


def test_csv_and_stdin_are_checked_as_records(tmp_path: Path, corpus: Path) -> None:
    def found(*args: str | Path, stdin: str | None = None) -> list[dict[str, object]]:
        result = check(*args, "--title-field", "title", "--output-format", "json", stdin=stdin)
        return [{k: v for k, v in f.items() if k not in ("path", "record")} for f in json.loads(result.stdout)]

    from_jsonl = found(corpus)
    assert found(write_csv(tmp_path / "in.csv", RECORDS)) == from_jsonl
    assert found("-", "--input-format", "jsonl", stdin=corpus.read_text()) == from_jsonl
    piped = check("-", "--input-format", "jsonl", stdin=corpus.read_text())
    assert piped.stdout.startswith("-[id=101]:")


def test_bad_records_are_errors_and_the_rest_is_checked(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "body": null}\n{"id": 2, "body": "Up 5 pct."}\n')
    result = check(source)
    assert result.exit_code == 2
    assert result.stderr == f"newslint: error: {source}[id=1]: field 'body' is null, not text; not checked\n"
    assert f"{source}[id=2]:1:4: MON101" in result.stdout
    assert result.stdout.splitlines()[-1].endswith("1 record could not be checked.")


def test_text_input_format_checks_a_dataset_file_as_a_story(corpus: Path) -> None:
    result = check(corpus, "--input-format", "text", "--output-format", "concise")
    assert result.stdout.startswith(f"{corpus}:1:")


def test_rewriting_options_and_mixed_paths_are_usage_errors(corpus: Path, tmp_path: Path) -> None:
    result = check(corpus, "--fix")
    assert result.exit_code == 2 and "use 'newslint normalize INPUT -o OUT'" in result.stderr
    result = check(corpus, "--output-format", "sarif")
    assert result.exit_code == 2 and "not available for datasets" in result.stderr
    (tmp_path / "story.txt").write_text("Up 5 pct.\n")
    result = check(corpus, tmp_path / "story.txt")
    assert result.exit_code == 2 and "cannot be checked with other paths" in result.stderr


def test_a_missing_column_is_an_input_error(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,text\n1,Up 5 pct.\n")
    result = check(source)
    assert result.exit_code == 2
    assert result.stderr == f"newslint: error: {source}: no column 'body' in the header (id, text)\n"
    assert check(source, "--text-field", "text").exit_code == 1
