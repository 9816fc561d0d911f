"""Parquet through pyarrow: batches streamed with ``iter_batches``, written with ``ParquetWriter``.

Parquet to Parquet keeps the schema (its metadata too) and the compression
codec: only the text columns are rebuilt, and only in batches where a record
changed; every other column is the Arrow data as read. Each part is one row
group. From JSON lines or CSV, the schema is inferred from the first chunk
of records and every later chunk must fit it.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator, Sequence
from typing import IO, Any, NamedTuple

from newslint.archive.formats import ArchiveError, FileFormat, require
from newslint.archive.records import Chunk, Position, Record, Update
from newslint.archive.story import Layout, extract, ident

PURPOSE = "Parquet"


def _pa() -> Any:
    return require("pyarrow", PURPOSE)


def _pq() -> Any:
    return require("pyarrow.parquet", PURPOSE)


class ParquetChunk(NamedTuple):
    source: int
    fmt: FileFormat
    records: list[Record]
    end: Position
    progress: int
    batch: Any  # a pyarrow RecordBatch
    schema: Any  # the file's Arrow schema, metadata included
    codec: str

    @property
    def columns(self) -> tuple[str, ...] | None:
        return tuple(self.schema.names)

    def rows(self) -> list[dict[str, Any] | None]:
        return list(self.batch.to_pylist())


def _is_text(pa: Any, kind: Any) -> bool:
    view = getattr(pa.types, "is_string_view", lambda _: False)
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind) or view(kind))


def read(
    path: str, source: int, fmt: FileFormat, layout: Layout, size: int, start: Position | None, base: int
) -> Iterator[ParquetChunk]:
    """Chunks of up to ``size`` rows; a record's number is its row, from 1."""
    pa, pq = _pa(), _pq()
    if path == "-":
        raise ArchiveError("Parquet cannot be read from stdin: give a file")
    try:
        handle = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise ArchiveError(f"{path}: not a readable Parquet file ({exc})") from None
    schema = handle.schema_arrow
    for name in layout.fields:
        if name not in schema.names:
            raise ArchiveError(f"{path}: no column {name!r} (columns: {', '.join(schema.names)})")
        if not _is_text(pa, schema.field(name).type):
            raise ArchiveError(f"{path}: column {name!r} is {schema.field(name).type}, not text")
    metadata = handle.metadata
    codec = "snappy"
    if metadata.num_row_groups and metadata.num_columns:
        codec = str(metadata.row_group(0).column(0).compression).lower()
    codec = {"uncompressed": "none", "lz4_raw": "lz4"}.get(codec, codec)
    total = metadata.num_rows
    stored = os.path.getsize(path)
    # Skip whole row groups on resume, then the rows of the first one already done.
    skip = start.offset if start is not None else 0
    groups = []
    seen = 0
    for index in range(metadata.num_row_groups):
        rows = metadata.row_group(index).num_rows
        if seen + rows <= skip:
            seen += rows
            continue
        groups.append(index)
    drop = skip - seen
    row = seen
    wanted = [n for n in (*layout.fields, layout.id_field) if n is not None and n in schema.names]
    try:
        for batch in handle.iter_batches(batch_size=size, row_groups=groups, use_threads=False):
            if drop:
                batch, drop = batch.slice(min(drop, batch.num_rows)), max(0, drop - batch.num_rows)
                if not batch.num_rows:
                    continue
            columns = {name: batch.column(name).to_pylist() for name in dict.fromkeys(wanted)}
            records = []
            for i in range(batch.num_rows):
                fields = {name: values[i] for name, values in columns.items()}
                values, problem = extract(fields, layout)
                records.append(Record(row + i + 1, ident(fields, layout), values, problem))
            row += batch.num_rows
            progress = base + (stored * row // total if total else stored)
            yield ParquetChunk(source, fmt, records, Position(source, row, row), progress, batch, schema, codec)
    except (OSError, pa.ArrowException) as exc:
        raise ArchiveError(f"{path}: cannot read row {row + 1}: {exc}") from None
    if row == skip:  # nothing read: one empty chunk still carries the schema
        empty = pa.RecordBatch.from_pylist([], schema=schema)
        yield ParquetChunk(source, fmt, [], Position(source, row, row), base + stored, empty, schema, codec)


class ParquetWriter:
    """Writes one part as one row group, buffering its batches as Arrow tables."""

    def __init__(self, fmt: FileFormat, layout: Layout) -> None:
        self.fmt = fmt
        self.layout = layout
        self.schema: Any = None
        self.codec = "snappy"
        self._stream: IO[bytes] | None = None
        self._tables: list[Any] = []

    def state(self) -> dict[str, Any]:
        if self.schema is None:
            return {}
        return {"schema": base64.b64encode(self.schema.serialize().to_pybytes()).decode("ascii"), "codec": self.codec}

    def restore(self, state: dict[str, Any]) -> None:
        if "schema" in state:
            pa = _pa()
            self.schema = pa.ipc.read_schema(pa.py_buffer(base64.b64decode(state["schema"])))
            self.codec = state["codec"]

    def begin(self, stream: IO[bytes], first: bool) -> None:
        self._stream = stream
        self._tables = []

    def write(self, chunk: Chunk, updates: Sequence[Update]) -> None:
        pa = _pa()
        if isinstance(chunk, ParquetChunk):
            if self.schema is None:
                self.schema, self.codec = chunk.schema, chunk.codec
            if not chunk.schema.equals(self.schema):
                raise ArchiveError("its schema differs from the first input's")
            table = pa.Table.from_batches([chunk.batch], schema=self.schema)
            changed = any(u is not None for u in updates)
            for position, name in enumerate(self.layout.fields if changed else ()):
                column = table.column(name).to_pylist()
                new = [column[i] if u is None else u[position] for i, u in enumerate(updates)]
                field = self.schema.field(name)
                table = table.set_column(self.schema.get_field_index(name), field, pa.array(new, field.type))
            self._tables.append(table)
            return
        rows: list[dict[str, Any]] = []
        for record, row, update in zip(chunk.records, chunk.rows(), updates):
            if row is None:
                raise ArchiveError(f"record #{record.number} ({record.problem}) cannot be copied into Parquet")
            rows.append(row if update is None else {**row, **dict(zip(self.layout.fields, update))})
        try:
            table = pa.Table.from_pylist(rows, schema=self.schema)
        except (pa.ArrowException, TypeError, ValueError) as exc:
            first = chunk.records[0].number if chunk.records else 0
            what = "do not fit the Parquet schema of the first records"
            if self.schema is None:
                what = "have no common Parquet schema"
            raise ArchiveError(f"records from #{first} {what} ({exc})") from None
        if self.schema is None:
            if not rows:
                return
            self.schema = table.schema
        self._tables.append(table)

    def end(self) -> None:
        pa, pq = _pa(), _pq()
        if self._stream is None:
            return
        schema = self.schema if self.schema is not None else pa.schema([])
        with pq.ParquetWriter(self._stream, schema, compression=self.codec) as writer:
            if self._tables:
                table = pa.concat_tables(self._tables)
                writer.write_table(table, row_group_size=max(1, table.num_rows))
        self._stream = None
        self._tables = []


def combine(parts: Sequence[str], target: IO[bytes], schema: Any, codec: str) -> None:
    """One Parquet file from the parts, each part's row group copied as it is."""
    pa, pq = _pa(), _pq()
    if schema is None:
        schema = pq.ParquetFile(parts[0]).schema_arrow if parts else pa.schema([])
    with pq.ParquetWriter(target, schema, compression=codec) as writer:
        for part in parts:
            handle = pq.ParquetFile(part)
            for index in range(handle.num_row_groups):
                writer.write_table(handle.read_row_group(index))
