"""``--output-format junit``: JUnit XML, a test suite per file and a failing test case per finding.

A file checked without findings is one passing test case, so CI dashboards count it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from newslint.output import Entry, Summary

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


def render(found: list[Entry], summary: Summary) -> str:
    by_path: dict[str, list[Entry]] = {path: [] for path in summary.paths}
    for e in found:
        by_path.setdefault(e.path, []).append(e)
    root = ET.Element("testsuites", name="newslint", tests="0", failures=str(len(found)), errors="0")
    tests = 0
    for path, entries in by_path.items():
        count = max(len(entries), 1)
        tests += count
        suite = ET.SubElement(
            root, "testsuite", name=_xml_text(path), tests=str(count), failures=str(len(entries)), errors="0"
        )
        for e in entries:
            _testcase(suite, e)
        if not entries:
            ET.SubElement(suite, "testcase", name="newslint", classname=_xml_text(path), file=_xml_text(path))
    root.set("tests", str(tests))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
