"""Datasets in and out: JSON lines (plain, gzipped, stdin, stdout), CSV/TSV and Parquet round trips."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from newslint.archive.formats import ArchiveError, detect, expand
from tests.archive_data import (
    CSV_FIELDS,
    LEGACY,
    RECORDS,
    many,
    normalize,
    read_csv,
    read_jsonl,
    write_csv,
    write_jsonl,
)



@pytest.fixture
def arrow() -> tuple[Any, Any]:
    """pyarrow and pyarrow.parquet: Parquet tests skip without the archive extra, the rest run."""
    return pytest.importorskip("pyarrow"), pytest.importorskip("pyarrow.parquet")


# What the legacy-wire profile makes of RECORDS' titles and bodies, by id.
FIXED = {
    101: ("COCOA EXPORTS RISE", "Exports rose to $88 million, up 12%, the board said.\n\nPer share $1.20 vs $1.10.\n"),
    102: ("Markets steady in quiet trade", "Markets were steady on Monday, traders said.\n"),
    "a-103": (" US OIL OUTPUT FALLS ", "Output fell 5% in the quarter, the ministry said.\r\n"),
    104: ("", "The bank lent 1,200 people $3 million.\n"),
    105: ("Caf\u00e9 owners protest", "Owners of the caf\u00e9s said sales fell 20%.\n"),
}


def expected() -> list[dict[str, Any]]:
    return [{**r, "title": FIXED[r["id"]][0], "body": FIXED[r["id"]][1]} for r in RECORDS]


@pytest.mark.parametrize("name", ["in.jsonl", "in.jsonl.gz", "in.ndjson"])
def test_json_lines_round_trip_keeps_every_other_field_in_order(tmp_path: Path, name: str) -> None:
    source = write_jsonl(tmp_path / name, RECORDS)
    out = tmp_path / ("out" + name[2:])
    result = normalize(source, "-o", out, *LEGACY)
    assert result.exit_code == 1, result.stderr  # records changed
    records = read_jsonl(out)
    assert records == expected()
    assert [list(r) for r in records] == [list(r) for r in RECORDS]


def test_unchanged_records_are_copied_byte_for_byte(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    # Compact separators and escaped slashes: a writer newslint would not reproduce.
    lines = [json.dumps(r, separators=(",", ":")).replace("/", "\\/") + "\n" for r in RECORDS]
    source.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert normalize(source, "-o", out, *LEGACY).exit_code == 1
    written = out.read_text(encoding="utf-8").splitlines(keepends=True)
    assert written[1] == lines[1]  # record 102 needs no fix
    assert written[0] != lines[0]


def test_changed_records_keep_the_escaping_of_their_line(tmp_path: Path) -> None:
    ascii_in = write_jsonl(tmp_path / "a.jsonl", RECORDS, ascii=True)
    utf8_in = write_jsonl(tmp_path / "u.jsonl", RECORDS, ascii=False)
    normalize(ascii_in, "-o", tmp_path / "a-out.jsonl", *LEGACY)
    normalize(utf8_in, "-o", tmp_path / "u-out.jsonl", *LEGACY)
    assert "caf\\u00e9s" in (tmp_path / "a-out.jsonl").read_text(encoding="utf-8")
    assert "cafés" in (tmp_path / "u-out.jsonl").read_text(encoding="utf-8")


def test_stdin_to_stdout_is_json_lines(tmp_path: Path) -> None:
    data = (write_jsonl(tmp_path / "in.jsonl", RECORDS)).read_bytes()
    result = normalize("-", "-o", "-", *LEGACY, stdin=data)
    assert result.exit_code == 1, result.stderr
    assert [json.loads(line) for line in result.stdout.splitlines()] == expected()
    assert "5 records read, 5 written to standard output" in result.stderr


def test_gzipped_stdin_is_recognised_by_its_bytes(tmp_path: Path) -> None:
    data = gzip.compress((write_jsonl(tmp_path / "in.jsonl", RECORDS)).read_bytes())
    result = normalize("-", "-o", tmp_path / "out.jsonl", *LEGACY, stdin=data)
    assert result.exit_code == 1, result.stderr
    assert read_jsonl(tmp_path / "out.jsonl") == expected()


@pytest.mark.parametrize(("name", "delimiter"), [("in.csv", ","), ("in.csv.gz", ","), ("in.tsv", "\t")])
def test_csv_round_trip_keeps_the_header_and_other_columns(tmp_path: Path, name: str, delimiter: str) -> None:
    source = write_csv(tmp_path / name, RECORDS, delimiter)
    out = tmp_path / ("out" + name[2:])
    result = normalize(source, "-o", out, *LEGACY)
    assert result.exit_code == 1, result.stderr
    rows = read_csv(out, delimiter)
    assert list(rows[0]) == CSV_FIELDS
    assert [(r["title"], r["body"]) for r in rows] == [FIXED[r["id"]] for r in RECORDS]
    assert [r["id"] for r in rows] == [str(r["id"]) for r in RECORDS]
    assert {r["desk"] for r in rows} == {"ldn"}


def test_csv_rows_left_alone_keep_their_bytes(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(
        b"id,title,body\n"
        b'1,"Quiet","Markets were steady on Monday, traders said."\n'  # quoted beyond need
        b"2,Up,Sales rose 5 pct.\n"
    )
    out = tmp_path / "out.csv"
    assert normalize(source, "-o", out, "--isolated", "--title-field", "title").exit_code == 1
    assert out.read_bytes() == (
        b"id,title,body\n"
        b'1,"Quiet","Markets were steady on Monday, traders said."\n'
        b"2,Up,Sales rose 5%.\n"
    )


def _parquet(path: Path, pa: Any, pq: Any) -> Path:
    table = pa.Table.from_pylist(
        [{"id": r["id"] if isinstance(r["id"], int) else 0, "title": r["title"], "body": r["body"],
          "score": float(r["score"] or 0), "topics": r["topics"]} for r in RECORDS],
        schema=pa.schema(
            [("id", pa.int32()), ("title", pa.string()), ("body", pa.large_string()), ("score", pa.float32()),
             ("topics", pa.list_(pa.string()))],
            metadata={b"origin": b"newslint tests"},
        ),
    )
    pq.write_table(table, path, compression="zstd", row_group_size=2)
    return path


def test_parquet_round_trip_keeps_schema_codec_and_other_columns(tmp_path: Path, arrow: tuple[Any, Any]) -> None:
    pa, pq = arrow
    source = _parquet(tmp_path / "in.parquet", pa, pq)
    out = tmp_path / "out.parquet"
    result = normalize(source, "-o", out, *LEGACY, "--chunk-size", "2", "--checkpoint", "3")
    assert result.exit_code == 1, result.stderr
    before, after = pq.ParquetFile(source), pq.ParquetFile(out)
    assert after.schema_arrow.equals(before.schema_arrow, check_metadata=True)
    assert after.metadata.row_group(0).column(0).compression == "ZSTD"
    rows, original = after.read().to_pylist(), before.read().to_pylist()
    assert [(r["title"], r["body"]) for r in rows] == [FIXED[r["id"]] for r in RECORDS]
    strip = ("title", "body")
    assert [{k: v for k, v in r.items() if k not in strip} for r in rows] == [
        {k: v for k, v in r.items() if k not in strip} for r in original
    ]


def test_parquet_null_text_is_reported_and_kept(tmp_path: Path, arrow: tuple[Any, Any]) -> None:
    pa, pq = arrow
    source = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": [1, 2], "body": ["Up 5 pct.", None]}), source)
    result = normalize(source, "-o", tmp_path / "out.parquet", "--isolated")
    assert result.exit_code == 2
    assert "in.parquet[id=2]: field 'body' is null, not text; copied unchanged" in result.stderr
    assert pq.read_table(tmp_path / "out.parquet").to_pylist() == [{"id": 1, "body": "Up 5%."}, {"id": 2, "body": None}]


def test_parquet_text_column_of_another_type_is_an_input_error(tmp_path: Path, arrow: tuple[Any, Any]) -> None:
    pa, pq = arrow
    source = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": [1], "body": [5]}), source)
    result = normalize(source, "-o", tmp_path / "out.parquet", "--isolated")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"newslint: error: {source}: column 'body' is int64, not text"
    assert not (tmp_path / "out.parquet").exists()


@pytest.mark.parametrize("target", ["out.parquet", "out.csv", "out.jsonl"])
def test_formats_convert_into_each_other(tmp_path: Path, target: str) -> None:
    if target.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    # Numbers for ids and no objects of varying keys: a Parquet column has one type.
    records = [{k: v for k, v in r.items() if k != "meta"} for r in many(len(RECORDS))]
    source = write_jsonl(tmp_path / "in.jsonl.gz", records)
    out = tmp_path / target
    assert normalize(source, "-o", out, *LEGACY).exit_code == 1
    back = tmp_path / "back.jsonl"
    # A second pass (nothing left to fix) only converts, so what came out is what went in.
    assert normalize(out, "-o", back, "--isolated", "--select", "NUM101").exit_code == 0
    rows = read_jsonl(back)
    assert [(r["title"], r["body"]) for r in rows] == [FIXED[r["id"]] for r in RECORDS]
    if target != "out.csv":  # CSV holds text only
        assert rows == [{k: v for k, v in r.items() if k != "meta"} | {"id": n} for n, r in enumerate(expected(), 1)]


def test_records_without_a_common_schema_cannot_become_parquet(tmp_path: Path, arrow: tuple[Any, Any]) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", RECORDS)  # ids 101 and "a-103"
    result = normalize(source, "-o", tmp_path / "out.parquet", *LEGACY)
    assert result.exit_code == 2
    assert "records from #1 have no common Parquet schema" in result.stderr
    assert not (tmp_path / "out.parquet").exists()


def test_inputs_may_be_globs_and_directories_read_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    write_jsonl(tmp_path / "d" / "b.jsonl", RECORDS[2:])
    write_jsonl(tmp_path / "d" / "a.jsonl", RECORDS[:2])
    (tmp_path / "d" / "notes.txt").write_text("not a dataset\n")
    assert expand([str(tmp_path / "d")]) == [str(tmp_path / "d" / "a.jsonl"), str(tmp_path / "d" / "b.jsonl")]
    out = tmp_path / "out.jsonl"
    assert normalize(str(tmp_path / "d" / "*.jsonl"), "-o", out, *LEGACY).exit_code == 1
    assert read_jsonl(out) == expected()
    with pytest.raises(ArchiveError, match="no files match"):
        expand([str(tmp_path / "*.parquet")])


def test_unknown_extensions_are_input_errors(tmp_path: Path) -> None:
    (tmp_path / "in.xml").write_text("<a/>")
    result = normalize(tmp_path / "in.xml", "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 2
    assert "in.xml: cannot tell the format from the extension" in result.stderr
    result = normalize(tmp_path / "in.xml", "--input-format", "jsonl", "-o", tmp_path / "out.xml")
    assert "out.xml: cannot tell the output format from the extension" in result.stderr
    assert detect("x.JSONL.GZ") == ("jsonl", True, ",")


def test_a_truncated_gzip_file_is_one_line_and_no_output(tmp_path: Path) -> None:
    data = gzip.compress(b"".join(json.dumps(r).encode() + b"\n" for r in RECORDS * 50))
    (tmp_path / "in.jsonl.gz").write_bytes(data[: len(data) // 2])
    result = normalize(tmp_path / "in.jsonl.gz", "-o", tmp_path / "out.jsonl", "--isolated")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"newslint: error: {tmp_path / 'in.jsonl.gz'}: cannot read line ")
    assert not (tmp_path / "out.jsonl").exists()
    assert not any(p.name.startswith(".out.jsonl") for p in tmp_path.iterdir())


@pytest.mark.parametrize(("module", "output", "message"), [
    ("pyarrow", "out.parquet", "Parquet needs pyarrow, an optional extra: pip install 'newslint[archive]'"),
    ("distributed", "out.jsonl", "--engine dask needs distributed, an optional extra: pip install 'newslint[archive]'"),
])
def test_a_missing_extra_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str, output: str, message: str) -> None:
    for name in [m for m in sys.modules if m == module or m.startswith(module + ".")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if it were not installed
    source = write_jsonl(tmp_path / "in.jsonl", RECORDS)
    result = normalize(source, "-o", tmp_path / output, "--engine", "dask" if module == "distributed" else "local")
    assert result.exit_code == 2
    assert result.stderr == f"newslint: error: {message}\n"
