"""Small synthetic datasets for the archive tests, and ways to write, read and normalise them."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from newslint.cli import main

# Wire copy to fix, copy to leave alone, white space and CRLF to keep, non-ASCII text, and
# fields of every JSON type around the text, to see them come through unchanged.
RECORDS: list[dict[str, Any]] = [
    {"id": 101, "title": "COCOA EXPORTS RISE", "body": "Exports rose to 88 mln\ndlrs, up 12 pct, the board said.\n"
     "    Shr 1.20 dlrs vs 1.10 dlrs.\n Reuter\n\x03", "topics": ["cocoa"], "score": 0.5, "meta": {"desk": "ldn"}},
    {"id": 102, "title": "Markets steady in quiet trade", "body": "Markets were steady on Monday, traders said.\n",
     "topics": [], "score": None, "meta": {}},
    {"id": "a-103", "title": " U.S. OIL OUTPUT FALLS ", "body": "Output fell 5 pct in the quarter, the ministry said.\r\n"
     " Reuter\r\n", "topics": ["crude"], "score": 2, "meta": {"n": [1, 2]}},
    {"id": 104, "title": "", "body": "The bank lent 1.200 people 3 mln dlrs.\n", "topics": [], "score": 100000.0,
     "meta": None},
    {"id": 105, "title": "Caf\u00e9 owners protest", "body": "Owners of the caf\u00e9s said sales fell 20 pct.\n Reuter\n\x03",
     "topics": ["fr"], "score": -1, "meta": {"x": "\u00fc"}},
]

LEGACY = ["--isolated", "--profile", "legacy-wire", "--rewrap", "--title-field", "title"]


def many(count: int) -> list[dict[str, Any]]:
    """``count`` records cycling through RECORDS, each with its own id."""
    return [{**RECORDS[n % len(RECORDS)], "id": n + 1} for n in range(count)]


def write_jsonl(path: Path, records: list[dict[str, Any]], *, ascii: bool = True) -> Path:
    opener: Any = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8", newline="") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=ascii) + "\n")
    return path


def read_jsonl(path: Path) -> list[Any]:
    opener: Any = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return [json.loads(line) for line in handle]


CSV_FIELDS = ["id", "title", "body", "desk"]


def write_csv(path: Path, records: list[dict[str, Any]], delimiter: str = ",") -> Path:
    opener: Any = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(CSV_FIELDS)
        for record in records:
            writer.writerow([record["id"], record["title"], record["body"], "ldn"])
    return path


def read_csv(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    opener: Any = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def normalize(*args: str | Path, stdin: bytes | None = None) -> Result:
    """``newslint normalize ARGS`` in process, on one job unless ARGS say otherwise."""
    argv = ["normalize", *map(str, args)]
    if "-j" not in argv and "--jobs" not in argv:
        argv += ["-j", "1"]
    return CliRunner().invoke(main, argv, input=stdin)
