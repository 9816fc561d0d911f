"""``--output-format junit``: JUnit XML, a test suite per file and a failing test case per finding.

A file checked without findings is one passing test case, so CI dashboards count it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from newslint.output import Entry, Summary
from newslint.records import Applicability

# XML 1.0 cannot carry these characters even as references; ElementTree would write them raw
# and produce a document no parser reads. Old wire copy does hold control characters.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def _testcase(suite: ET.Element, e: Entry) -> None:
    case = ET.SubElement(
        suite,
        "testcase",
        name=_xml_text(f"{e.code} ({e.name}) at {e.line}:{e.column}"),
        classname=_xml_text(e.path),
        file=_xml_text(e.path),
        line=str(e.line),
    )
    failure = ET.SubElement(case, "failure", message=_xml_text(e.message), type=e.code)
    failure.text = _xml_text(f"{e.path}:{e.line}:{e.column}: {e.code} {e.message}")


def _suite(parent: ET.Element, path: str, entries: list[Entry]) -> None:
    count = max(len(entries), 1)
    suite = ET.SubElement(
        parent, "testsuite", name=_xml_text(path), tests=str(count), failures=str(len(entries)), errors="0"
    )
    for e in entries:
        _testcase(suite, e)
    if not entries:
        ET.SubElement(suite, "testcase", name="newslint", classname=_xml_text(path), file=_xml_text(path))


def render(found: list[Entry], summary: Summary) -> str:
    by_path: dict[str, list[Entry]] = {path: [] for path in summary.paths}
    for e in found:
        by_path.setdefault(e.path, []).append(e)
    root = ET.Element("testsuites", name="newslint", tests="0", failures=str(len(found)), errors="0")
    for path, entries in by_path.items():
        _suite(root, path, entries)
    root.set("tests", str(sum(max(len(entries), 1) for entries in by_path.values())))
    ET.indent(root)
    return _DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


class Stream:
    """The document ``render`` prints, built file by file.

    Each file's suite is serialized as it arrives into a spooled file (memory when
    few, disk when many); the root, which carries the totals, is written at the end.
    """

    def __init__(self) -> None:
        import tempfile

        self._suites = tempfile.SpooledTemporaryFile(max_size=1 << 22, mode="w+", encoding="utf-8", newline="")
        self._files = self._tests = self._failures = 0

    def add(self, path: str, found: list[Entry]) -> None:
        """The suite of one checked file (with or without findings)."""
        # Indented inside a root of its own, a suite has the text it has among all the others.
        wrapper = ET.Element("testsuites")
        _suite(wrapper, path, found)
        ET.indent(wrapper)
        text = ET.tostring(wrapper, encoding="unicode")
        self._suites.write(("\n  " if self._files else "") + text[len("<testsuites>\n  ") : -len("\n</testsuites>")])
        self._files += 1
        self._tests += max(len(found), 1)
        self._failures += len(found)

    def pieces(self) -> Iterator[str]:
        """The document, piece by piece: the same text ``render`` gives for the same files."""
        if not self._files:
            yield render([], Summary(0, 0, 0, 0, False, Applicability.SAFE))
            return
        root = ET.Element("testsuites", name="newslint", tests=str(self._tests), failures=str(self._failures), errors="0")
        start = ET.tostring(root, encoding="unicode")[: -len(" />")] + ">\n  "
        yield _DECLARATION + start
        self._suites.seek(0)
        while chunk := self._suites.read(1 << 16):
            yield chunk
        yield "\n</testsuites>\n"
        self._suites.close()
