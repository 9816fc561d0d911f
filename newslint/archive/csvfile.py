"""CSV and TSV, plain or gzipped: a streaming reader and a writer that keeps the header order.

The stdlib csv module parses rows from lines the reader counts, so each row's
raw text is known: a row the fixes left alone is written back as it was, a
changed one is written again with minimal quoting and its own line ending.
Bytes that are not UTF-8 survive in other fields (surrogate escapes); in a
text field they make the row unusable, and it is copied unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import zlib
from collections.abc import Iterator, Sequence
from typing import IO, Any, NamedTuple

from newslint.archive.formats import ArchiveError, ByteInput, FileFormat, gzip_member
from newslint.archive.records import Chunk, Position, Record, Update
from newslint.archive.story import Layout, extract, ident

# Story bodies outgrow csv's default field limit of 128 KiB.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class CsvChunk(NamedTuple):
    source: int
    fmt: FileFormat
    records: list[Record]
    end: Position
    progress: int
    header: tuple[str, ...]
    header_raw: str
    raws: list[str]
    parsed: list[list[str] | None]

    @property
    def columns(self) -> tuple[str, ...] | None:
        return self.header

    def rows(self) -> list[dict[str, Any] | None]:
        return [None if row is None else dict(zip(self.header, row)) for row in self.parsed]


class _Lines:
    """The lines csv reads, decoded, with their byte count and raw text kept for the row."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.offset = 0
        self.count = 0
        self.taken: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.stream.readline()
        if not line:
            raise StopIteration
        self.offset += len(line)
        self.count += 1
        text = line.decode("utf-8", "surrogateescape")
        self.taken.append(text)
        return text

    def take(self) -> str:
        text = "".join(self.taken)
        self.taken.clear()
        return text


def read(
    path: str, source: int, fmt: FileFormat, layout: Layout, size: int, start: Position | None, base: int
) -> Iterator[CsvChunk]:
    """Chunks of up to ``size`` rows; a record's number is the line its row starts on."""
    data = ByteInput(path)
    lines = _Lines(data.stream)
    reader = csv.reader(lines, delimiter=fmt.delimiter)
    try:
        try:
            first = next(reader)
        except StopIteration:
            raise ArchiveError(f"{path}: empty file, no header row") from None
        header_raw = lines.take()
        header = tuple(name.removeprefix("\ufeff") if i == 0 else name for i, name in enumerate(first))
        _check_header(path, header, layout)
        if start is not None:
            data.stream.seek(start.offset)
            lines.offset, lines.count = start.offset, start.number
        records: list[Record] = []
        raws: list[str] = []
        parsed: list[list[str] | None] = []
        while True:
            number = lines.count + 1
            try:
                row: list[str] | None = next(reader)
                problem = None
            except StopIteration:
                break
            except csv.Error as exc:
                row, problem = None, f"not CSV ({exc})"
            raw = lines.take()
            if row == []:
                continue  # a blank line
            values = None
            fields: dict[str, str] = {}
            if row is not None and len(row) != len(header):
                problem = f"{len(row)} fields, the header has {len(header)}"
                row = None
            if row is not None:
                fields = dict(zip(header, row))
                values, problem = extract(fields, layout)
            records.append(Record(number, ident(fields, layout), values, problem))
            raws.append(raw)
            parsed.append(row)
            if len(records) >= size:
                end, progress = Position(source, lines.offset, lines.count), base + (data.position() or lines.offset)
                yield CsvChunk(source, fmt, records, end, progress, header, header_raw, raws, parsed)
                records, raws, parsed = [], [], []
        end, progress = Position(source, lines.offset, lines.count), base + (data.position() or lines.offset)
        yield CsvChunk(source, fmt, records, end, progress, header, header_raw, raws, parsed)
    except (OSError, EOFError, zlib.error) as exc:
        raise ArchiveError(f"{path}: cannot read line {lines.count + 1}: {exc}") from None
    finally:
        data.close()


def _check_header(path: str, header: tuple[str, ...], layout: Layout) -> None:
    twice = sorted({name for name in header if header.count(name) > 1})
    if twice:
        raise ArchiveError(f"{path}: column {twice[0]!r} appears twice in the header")
    missing = [name for name in layout.fields if name not in header]
    if missing:
        raise ArchiveError(f"{path}: no column {missing[0]!r} in the header ({', '.join(header)})")


def _cell(value: object) -> str:
    """A value from another format as CSV text: null is empty, lists and objects are JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


class CsvWriter:
    """Writes rows to one part; the header goes into the first part only."""

    def __init__(self, fmt: FileFormat, layout: Layout) -> None:
        self.fmt = fmt
        self.layout = layout
        self.header: tuple[str, ...] | None = None
        self._out: IO[bytes] | None = None
        self._first = False

    def state(self) -> dict[str, Any]:
        return {"header": list(self.header) if self.header is not None else None}

    def restore(self, state: dict[str, Any]) -> None:
        header = state.get("header")
        self.header = tuple(header) if header is not None else None

    def begin(self, stream: IO[bytes], first: bool) -> None:
        self._out = gzip_member(stream) if self.fmt.gzip else stream
        self._first = first

    def _line(self, row: Sequence[str], ending: str = "\n") -> bytes:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=self.fmt.delimiter, lineterminator=ending).writerow(row)
        return buffer.getvalue().encode("utf-8", "surrogateescape")

    def write(self, chunk: Chunk, updates: Sequence[Update]) -> None:
        assert self._out is not None
        native = isinstance(chunk, CsvChunk) and chunk.fmt.delimiter == self.fmt.delimiter
        rows = [] if native else chunk.rows()
        if self.header is None:
            if chunk.columns is not None:
                self.header = chunk.columns
            elif any(row is not None for row in rows):
                self.header = tuple(next(row for row in rows if row is not None))
        if self.header is None:
            return  # nothing to write yet, not even a header
        if isinstance(chunk, CsvChunk) and chunk.header != self.header:
            raise ArchiveError(f"its header differs from the first input's ({', '.join(self.header)})")
        if self._first:
            self._first = False
            raw = chunk.header_raw if isinstance(chunk, CsvChunk) and native else None
            self._out.write(raw.encode("utf-8", "surrogateescape") if raw else self._line(self.header))
        positions = {name: self.header.index(name) for name in self.layout.fields}
        if native:
            assert isinstance(chunk, CsvChunk)
            for raw_row, row, update in zip(chunk.raws, chunk.parsed, updates):
                if update is None or row is None:
                    self._out.write(raw_row.encode("utf-8", "surrogateescape"))
                    continue
                new = list(row)
                for name, value in zip(self.layout.fields, update):
                    new[positions[name]] = value
                self._out.write(self._line(new, "\r\n" if raw_row.endswith("\r\n") else "\n"))
            return
        for record, fields, update in zip(chunk.records, rows, updates):
            if fields is None:
                raise ArchiveError(f"record #{record.number} ({record.problem}) cannot be copied into CSV")
            extra = [name for name in fields if name not in self.header]
            if extra:
                raise ArchiveError(
                    f"record #{record.number} has field {extra[0]!r}, which the CSV header "
                    f"(from the first record) lacks; write JSON lines to keep it"
                )
            if update is not None:
                fields = {**fields, **dict(zip(self.layout.fields, update))}
            self._out.write(self._line([_cell(fields.get(name)) for name in self.header], "\n"))

    def end(self) -> None:
        if self._out is not None and self.fmt.gzip:
            self._out.close()  # the member's trailer; the part file stays open
        self._out = None
