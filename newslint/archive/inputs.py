"""A job's inputs: the files its arguments name, their formats and rules, read as one stream of chunks."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from newslint.archive import csvfile, jsonl, parquetfile
from newslint.archive.formats import ArchiveError, FileFormat, display, expand, input_format, require
from newslint.archive.records import Chunk, Position
from newslint.archive.story import Layout
from newslint.rule import Rule

Reader = Callable[[str, int, FileFormat, Layout, int, "Position | None", int], Iterator[Chunk]]
READERS: dict[str, Reader] = {"jsonl": jsonl.read, "csv": csvfile.read, "parquet": parquetfile.read}


class Input(NamedTuple):
    path: str  # "-" for stdin
    fmt: FileFormat
    size: int  # stored bytes (0 for stdin)
    ruleset: int  # index into the job's rulesets

    @property
    def name(self) -> str:
        return display(self.path)


def plan(
    arguments: Sequence[str], override: str | None, rules_for: Callable[[str], list[Rule]]
) -> tuple[list[Input], tuple[tuple[Rule, ...], ...]]:
    """The input files in order, each with its format and ruleset, and the distinct rulesets."""
    inputs: list[Input] = []
    rulesets: list[tuple[Rule, ...]] = []
    seen: dict[tuple[int, ...], int] = {}
    for path in expand(arguments):
        fmt = input_format(path, override)
        if fmt.name == "parquet":
            require("pyarrow", "Parquet")
        rules = tuple(rules_for(path))
        key = tuple(id(rule) for rule in rules)
        if key not in seen:
            seen[key] = len(rulesets)
            rulesets.append(rules)
        size = os.path.getsize(path) if path != "-" else 0
        inputs.append(Input(path, fmt, size, seen[key]))
    return inputs, tuple(rulesets)


def read_all(inputs: Sequence[Input], layout: Layout, size: int, start: Position | None = None) -> Iterator[Chunk]:
    """Chunks of every input in order, from ``start`` when resuming; at least one per input."""
    base = 0
    for index, item in enumerate(inputs):
        if start is not None and index < start.input:
            base += item.size
            continue
        begin = start if start is not None and index == start.input else None
        try:
            yield from READERS[item.fmt.name](item.path, index, item.fmt, layout, size, begin, base)
        except UnicodeDecodeError as exc:
            raise ArchiveError(f"{item.name}: not UTF-8 ({exc.reason})") from None
        base += item.size
