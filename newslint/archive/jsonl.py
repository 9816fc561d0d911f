"""JSON lines, plain or gzipped: a streaming reader and a writer.

A record the fixes left alone is written back byte for byte. A changed one is
serialised again with its keys in their input order, ASCII-escaped when its
line was pure ASCII (as the 1987 corpus is) and as UTF-8 otherwise. A line
that is not a JSON object is not a record the job can fix: it is reported
and copied through as it was. Blank lines are not records and are dropped.
"""

from __future__ import annotations

import base64
import codecs
import datetime
import decimal
import json
import zlib
from collections.abc import Iterator, Sequence
from typing import IO, Any, NamedTuple

from newslint.archive.formats import ArchiveError, ByteInput, FileFormat, gzip_member
from newslint.archive.records import Chunk, Position, Record, Update
from newslint.archive.story import Layout, _kind, extract, ident


class JsonlChunk(NamedTuple):
    source: int
    fmt: FileFormat
    records: list[Record]
    end: Position
    progress: int
    raws: list[bytes]
    objects: list[dict[str, Any] | None]

    @property
    def columns(self) -> tuple[str, ...] | None:
        return None

    def rows(self) -> list[dict[str, Any] | None]:
        return self.objects


class _DuplicateKey(ValueError):
    pass


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json keeps the last of two equal keys; writing the record back would lose the first.
    obj = dict(pairs)
    if len(obj) != len(pairs):
        keys = [key for key, _ in pairs]
        twice = next(key for n, key in enumerate(keys) if key in keys[:n])
        raise _DuplicateKey(f"duplicate key {twice!r}")
    return obj


def parse(line: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """A JSON object from one line, or None and why it is not one."""
    try:
        obj = json.loads(line.rstrip(b"\r\n"), object_pairs_hook=_unique)
    except UnicodeDecodeError:
        return None, "not valid UTF-8"
    except json.JSONDecodeError as exc:
        return None, f"not JSON ({exc.msg} at column {exc.colno})"
    except _DuplicateKey as exc:
        return None, f"not a usable JSON object ({exc})"
    except (ValueError, RecursionError) as exc:
        return None, f"not JSON ({exc})"
    if not isinstance(obj, dict):
        return None, f"not a JSON object (it is {_kind(obj)})"
    return obj, None


def read(
    path: str, source: int, fmt: FileFormat, layout: Layout, size: int, start: Position | None, base: int
) -> Iterator[JsonlChunk]:
    """Chunks of up to ``size`` records from ``path``; ``base`` is the stored bytes of earlier inputs."""
    data = ByteInput(path)
    offset = number = 0
    try:
        if start is not None:
            data.stream.seek(start.offset)  # gzip decompresses up to it; a plain file jumps
            offset, number = start.offset, start.number
        records: list[Record] = []
        raws: list[bytes] = []
        objects: list[dict[str, Any] | None] = []
        for line in data.stream:
            number += 1
            offset += len(line)
            body = line[3:] if number == 1 and line.startswith(codecs.BOM_UTF8) else line
            if not body.strip():
                continue
            obj, problem = parse(body)
            values = None
            if obj is not None:
                values, problem = extract(obj, layout)
            records.append(Record(number, None if obj is None else ident(obj, layout), values, problem))
            raws.append(line)
            objects.append(obj)
            if len(records) >= size:
                end = Position(source, offset, number)
                yield JsonlChunk(source, fmt, records, end, base + (data.position() or offset), raws, objects)
                records, raws, objects = [], [], []
        end = Position(source, offset, number)
        yield JsonlChunk(source, fmt, records, end, base + (data.position() or offset), raws, objects)
    except (OSError, EOFError, zlib.error) as exc:
        raise ArchiveError(f"{path}: cannot read line {number + 1}: {exc}") from None
    finally:
        data.close()


def _default(value: object) -> object:
    """Values other formats hold that JSON has no type for: dates as ISO text, and so on."""
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"{type(value).__name__} cannot be written as JSON")


def dumps(obj: dict[str, Any], ascii_only: bool) -> bytes:
    if not ascii_only:
        try:
            return json.dumps(obj, ensure_ascii=False, default=_default).encode("utf-8")
        except UnicodeEncodeError:
            pass  # a lone surrogate in another field: escaping keeps it
    return json.dumps(obj, default=_default).encode("ascii")


class JsonlWriter:
    """Writes records as JSON lines to one part (a gzip member each when compressed)."""

    def __init__(self, fmt: FileFormat, layout: Layout) -> None:
        self.fmt = fmt
        self.layout = layout
        self._out: IO[bytes] | None = None

    def state(self) -> dict[str, Any]:
        return {}

    def restore(self, state: dict[str, Any]) -> None:
        pass

    def begin(self, stream: IO[bytes], first: bool) -> None:
        self._out = gzip_member(stream) if self.fmt.gzip else stream

    def write(self, chunk: Chunk, updates: Sequence[Update]) -> None:
        assert self._out is not None
        out = self._out
        if isinstance(chunk, JsonlChunk):
            for raw, obj, update in zip(chunk.raws, chunk.objects, updates):
                if update is None or obj is None:
                    out.write(raw if raw.endswith(b"\n") else raw + b"\n")
                    continue
                new = dict(obj)
                new.update(zip(self.layout.fields, update))
                ending = b"\r\n" if raw.endswith(b"\r\n") else b"\n"
                out.write(dumps(new, raw.isascii()) + ending)
            return
        for record, row, update in zip(chunk.records, chunk.rows(), updates):
            if row is None:
                raise ArchiveError(f"record #{record.number} ({record.problem}) cannot be copied into JSON lines")
            if update is not None:
                row = {**row, **dict(zip(self.layout.fields, update))}
            out.write(dumps(row, False) + b"\n")

    def end(self) -> None:
        if self._out is not None and self.fmt.gzip:
            self._out.close()  # writes the member's trailer; the part file stays open
        self._out = None


def combine(parts: Sequence[str], target: IO[bytes]) -> None:
    """Join parts byte for byte (gzip members concatenate into one valid gzip file)."""
    for part in parts:
        with open(part, "rb") as handle:
            while block := handle.read(1 << 20):
                target.write(block)
