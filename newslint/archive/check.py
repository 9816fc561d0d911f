"""``newslint check`` on datasets: findings per record, located within the record's story.

A report names the record by its id field, or by ``#N``, its line (JSON lines,
CSV) or row (Parquet): ``corpus.jsonl[id=1234]:3:5: NUM101 message``. Line
and column count within the story: with ``--title-field``, line 1 is the title,
line 2 the blank line, line 3 the body's first line. With several text fields
each is a story of its own, named after the record: ``corpus.jsonl[id=1234].lede``.
The JSON formats carry the input file, the record's number, id and field as keys.
"""

from __future__ import annotations

import json
import sys
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

import click

from newslint.archive.engines import Engine, run
from newslint.archive.inputs import plan, read_all
from newslint.archive.records import Batch, Chunk, Record
from newslint.archive.story import Layout
from newslint.archive.work import Context, check_batch, check_batch_with
from newslint.output import Entry, statistics
from newslint.output.json import as_dict
from newslint.output.text import finding_line, use_color
from newslint.records import Applicability
from newslint.rule import Rule

FORMATS = ("text", "concise", "json", "json-lines")


def record_dict(entry: Entry, name: str, record: Record, field: str) -> dict[str, Any]:
    data = as_dict(entry)
    data.pop("path")
    return {"path": name, "record": record.number, "id": record.ident, "field": field, **data}


def check_records(
    arguments: tuple[str, ...],
    rules_for: Callable[[str], list[Rule]],
    layout: Layout,
    input_format: str | None,
    output_format: str,
    stats: bool,
    jobs: int = 1,
    chunk_size: int = 500,
) -> int:
    """Report the findings in every record; the exit status as ``newslint check`` gives it."""
    inputs, rulesets = plan(arguments, input_format, rules_for)
    context = Context(rulesets, layout, None, False)
    pending: deque[Chunk] = deque()

    def batches() -> Iterator[Batch]:
        for chunk in read_all(inputs, layout, chunk_size):
            pending.append(chunk)
            yield Batch(inputs[chunk.source].ruleset, tuple(r.values for r in chunk.records))

    color = output_format == "text" and not stats and use_color(sys.stdout)
    kept: list[Entry] = []
    listed: list[dict[str, Any]] = []
    records = bad = found = fixable = 0
    with_findings: set[tuple[int, int]] = set()
    for results in run(Engine(jobs=jobs), check_batch, check_batch_with, batches(), context):
        chunk = pending.popleft()
        name = inputs[chunk.source].name
        for record, result in zip(chunk.records, results):
            records += 1
            label = f"{name}[{record.label}]"
            error = record.problem if result is None else result.error
            if error is not None or result is None:
                click.echo(f"newslint: error: {label}: {error}; not checked", err=True)
                bad += 1
                continue
            for field, entry in result.entries:
                entry = entry._replace(path=label + _story_suffix(field, layout))
                found += 1
                fixable += entry.applicability == Applicability.SAFE
                with_findings.add((chunk.source, record.number))
                if stats:
                    kept.append(entry)
                elif output_format == "json":
                    listed.append(record_dict(entry, name, record, field))
                else:
                    click.echo(_line(entry, name, record, field, output_format, color), color=color)
    if stats:
        if output_format == "json":
            click.echo(json.dumps(statistics.rows(kept), indent=2))
            return _status(found, bad)
        for row in statistics.rows(kept):
            mark = "[*]" if row["fixable"] else "   "
            click.echo(f"{row['count']:>8,}  {row['code']:<8} {mark} {row['name']}")
    elif output_format == "json":
        click.echo(json.dumps(listed, indent=2, ensure_ascii=False))
    if output_format == "text":
        click.echo(_summary(found, len(with_findings), records, fixable, bad))
    return _status(found, bad)


def _story_suffix(field: str, layout: Layout) -> str:
    if len(layout.text_fields) < 2:
        return ""
    return "." + (layout.text_fields[0] if field == layout.title_field else field)


def _line(entry: Entry, name: str, record: Record, field: str, output_format: str, color: bool) -> str:
    if output_format == "json-lines":
        return json.dumps(record_dict(entry, name, record, field), ensure_ascii=False)
    if output_format == "concise":
        return f"{entry.path}:{entry.line}:{entry.column}: {entry.code} {entry.message}"
    return finding_line(entry, color)


def _summary(found: int, with_findings: int, records: int, fixable: int, bad: int) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n:,} {word}{'' if n == 1 else 's'}"

    if found:
        extra = f" ({fixable:,} fixable with 'newslint normalize')" if fixable else ""
        text = f"Found {plural(found, 'finding')} in {plural(with_findings, 'record')} of {records:,}{extra}."
    elif not bad:
        text = f"All checks passed ({plural(records, 'record')})."
    else:
        text = f"No findings in {plural(records - bad, 'record')}."
    if bad:
        text += f" {plural(bad, 'record')} could not be checked."
    return text


def _status(found: int, bad: int) -> int:
    return 2 if bad else 1 if found else 0
