"""``--output-format github``: GitHub Actions workflow commands that annotate the findings.

``::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=CODE (name)::message``
"""

from __future__ import annotations

from newslint.output import Entry, Summary

#: GitHub has three annotation levels; ``info`` findings become notices.
LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    """Escape a command's message as the runner (actions/toolkit ``escapeData``) expects."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value: the data escapes plus ``:`` and ``,``, which delimit properties."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(e: Entry) -> str:
    props = [("file", e.path), ("line", str(e.line))]
    if e.line == e.end_line:
        # GitHub accepts col and endColumn only when the annotation starts and ends on one line.
        props += [("col", str(e.column)), ("endLine", str(e.end_line)), ("endColumn", str(e.end_column))]
    else:
        props.append(("endLine", str(e.end_line)))
    props.append(("title", f"{e.code} ({e.name})"))
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{LEVELS.get(e.severity, 'error')} {joined}::{escape_data(e.message)}"


def line(e: Entry) -> str:
    return command(e) + "\n"


def render(found: list[Entry], summary: Summary) -> str:
    return "".join(map(line, found))
