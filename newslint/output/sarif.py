"""``--output-format sarif``: a SARIF 2.1.0 log, as GitHub code scanning accepts it.

Regions use our positions as they are: 1-based lines and 1-based columns that count
characters (Unicode code points) of the decoded text, the end column exclusive. SARIF's
default column unit is UTF-16 code units, so the run says ``columnKind: unicodeCodePoints``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from newslint import __version__
from newslint.output import Entry, Summary

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

#: tool.driver.informationUri: newslint has no public home yet; set this when it has one.
INFORMATION_URI: str | None = None

LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_location(path: str) -> dict[str, str]:
    """A relative URI under ``%SRCROOT%`` (the working directory), or a file URI outside it."""
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(Path.cwd())
    except ValueError:
        return {"uri": absolute.as_uri()}
    # as_posix: forward slashes whatever the platform; quote: a URI has no spaces or raw non-ASCII.
    return {"uri": quote(relative.as_posix()), "uriBaseId": "%SRCROOT%"}


def _region(e: Entry) -> dict[str, int]:
    return {"startLine": e.line, "startColumn": e.column, "endLine": e.end_line, "endColumn": e.end_column}


def _descriptor(e: Entry) -> dict[str, Any]:
    level = {"level": LEVELS.get(e.severity, "warning")}
    rule = e.rule
    if rule is None:  # an entry built without its rule: describe it by name alone
        text = {"text": e.name}
        return {
            "id": e.code,
            "name": e.name,
            "shortDescription": text,
            "fullDescription": text,
            "defaultConfiguration": level,
        }
    help_text = f"{rule.summary}\n\n{rule.rationale}\n\nReference: {rule.reference}"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": help_text},
        "defaultConfiguration": level,
        "properties": {"tags": [rule.category]},
    }


def _result(e: Entry, index: int) -> dict[str, Any]:
    location = artifact_location(e.path)
    result: dict[str, Any] = {
        "ruleId": e.code,
        "ruleIndex": index,
        "level": LEVELS.get(e.severity, "warning"),
        "message": {"text": e.message},
        "locations": [{"physicalLocation": {"artifactLocation": location, "region": _region(e)}}],
    }
    if e.applicability is not None and e.replacement is not None:
        # The fix replaces exactly the finding's region (a fix never edits outside it).
        replacement = {"deletedRegion": _region(e), "insertedContent": {"text": e.replacement}}
        result["fixes"] = [
            {
                "description": {"text": f"{e.applicability.label} fix"},
                "artifactChanges": [{"artifactLocation": location, "replacements": [replacement]}],
                "properties": {"applicability": e.applicability.label},
            }
        ]
    return result


def sarif_log(found: list[Entry]) -> dict[str, Any]:
    """The log as a dict: one run, one rule descriptor per rule that has findings."""
    indexes: dict[str, int] = {}
    rules: list[dict[str, Any]] = []
    for e in found:
        if e.code not in indexes:
            indexes[e.code] = len(rules)
            rules.append(_descriptor(e))
    return _log(rules, [_result(e, indexes[e.code]) for e in found])


def _log(rules: list[dict[str, Any]], results: list[Any]) -> dict[str, Any]:
    driver: dict[str, Any] = {"name": "newslint", "version": __version__}
    if INFORMATION_URI:
        driver["informationUri"] = INFORMATION_URI
    driver["rules"] = rules
    run = {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(found: list[Entry], summary: Summary) -> str:
    return json.dumps(sarif_log(found), indent=2, ensure_ascii=False) + "\n"


# Where the results go in the log: an item of runs[0].results, eight spaces in.
_MARK = "newslint: results go here"
_RESULT_INDENT = " " * 8


class Stream:
    """The log ``render`` prints, built as findings arrive.

    Results are written to a spooled file as they come (memory when few, disk when
    many); only the rule descriptors stay in memory. The log names its rules before
    its results, so it is printed when every result is known.
    """

    def __init__(self) -> None:
        import tempfile

        self._indexes: dict[str, int] = {}
        self._rules: list[dict[str, Any]] = []
        self._results = tempfile.SpooledTemporaryFile(max_size=1 << 22, mode="w+", encoding="utf-8", newline="")
        self._count = 0

    def add(self, found: list[Entry]) -> None:
        for e in found:
            if e.code not in self._indexes:
                self._indexes[e.code] = len(self._rules)
                self._rules.append(_descriptor(e))
            text = json.dumps(_result(e, self._indexes[e.code]), indent=2, ensure_ascii=False)
            self._results.write((",\n" if self._count else "") + _RESULT_INDENT + text.replace("\n", "\n" + _RESULT_INDENT))
            self._count += 1

    def pieces(self) -> Iterator[str]:
        """The log, piece by piece: the same text ``render`` gives for the same findings."""
        if not self._count:
            yield json.dumps(_log(self._rules, []), indent=2, ensure_ascii=False) + "\n"
            return
        document = json.dumps(_log(self._rules, [_MARK]), indent=2, ensure_ascii=False) + "\n"
        before, after = document.split(_RESULT_INDENT + json.dumps(_MARK))
        yield before
        self._results.seek(0)
        while chunk := self._results.read(1 << 16):
            yield chunk
        yield after
        self._results.close()
