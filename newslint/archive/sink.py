"""Where a job's records go: numbered parts beside OUT (then one rename), or standard output."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any, Protocol

from newslint.archive import csvfile, jsonl, parquetfile
from newslint.archive.formats import FileFormat
from newslint.archive.records import Chunk, Position, Update
from newslint.archive.resume import Checkpoint, Workdir
from newslint.archive.story import Layout
from newslint.archive.summary import Tally


class Writer(Protocol):
    """A format's writer: one part at a time, with what a resumed run must know about earlier parts."""

    def state(self) -> dict[str, Any]: ...

    def restore(self, state: dict[str, Any]) -> None: ...

    def begin(self, stream: IO[bytes], first: bool) -> None: ...

    def write(self, chunk: Chunk, updates: Sequence[Update]) -> None: ...

    def end(self) -> None: ...


def writer_for(fmt: FileFormat, layout: Layout) -> Writer:
    if fmt.name == "parquet":
        return parquetfile.ParquetWriter(fmt, layout)
    if fmt.name == "csv":
        return csvfile.CsvWriter(fmt, layout)
    return jsonl.JsonlWriter(fmt, layout)


class Sink(Protocol):
    def write(self, chunk: Chunk, updates: Sequence[Update]) -> None: ...

    def after(self, position: Position, tally: Tally) -> None: ...

    def finish(self, position: Position | None, tally: Tally) -> None: ...

    def abandon(self) -> None: ...


class StreamSink:
    """JSON lines to standard output: nothing to resume, nothing to rename."""

    def __init__(self, stream: IO[bytes], writer: Writer) -> None:
        self.stream = stream
        self.writer = writer
        writer.begin(stream, True)

    def write(self, chunk: Chunk, updates: Sequence[Update]) -> None:
        self.writer.write(chunk, updates)

    def after(self, position: Position, tally: Tally) -> None:
        self.stream.flush()

    def finish(self, position: Position | None, tally: Tally) -> None:
        self.writer.end()
        self.stream.flush()

    def abandon(self) -> None:
        self.stream.flush()


class PartSink:
    """Parts of about ``every`` records in the work directory, each committed with a checkpoint."""

    def __init__(
        self, workdir: Workdir, writer: Writer, fingerprint: dict[str, Any], every: int, parts: int
    ) -> None:
        self.workdir = workdir
        self.writer = writer
        self.fingerprint = fingerprint
        self.every = every
        self.parts = parts
        self._handle: IO[bytes] | None = None
        self._records = 0

    def write(self, chunk: Chunk, updates: Sequence[Update]) -> None:
        if self._handle is None:
            self._handle = self.workdir.open_part(self.parts + 1)
            self.writer.begin(self._handle, self.parts == 0)
            self._records = 0
        self.writer.write(chunk, updates)
        self._records += len(chunk.records)

    def after(self, position: Position, tally: Tally) -> None:
        if self._handle is not None and self._records >= self.every:
            self._commit(position, tally)

    def _commit(self, position: Position | None, tally: Tally) -> None:
        assert self._handle is not None
        self.writer.end()
        self.parts += 1
        self.workdir.close_part(self.parts, self._handle)
        self._handle = None
        self.workdir.commit(self.fingerprint, Checkpoint(self.parts, position, tally.to_json(), self.writer.state()))
        checkpoint_hook(self.parts)

    def finish(self, position: Position | None, tally: Tally) -> None:
        if self._handle is not None:
            self._commit(position, tally)
        writer = self.writer
        if isinstance(writer, parquetfile.ParquetWriter):
            schema, codec = writer.schema, writer.codec
            self.workdir.finish(self.parts, lambda parts, target: parquetfile.combine(parts, target, schema, codec))
        else:
            self.workdir.finish(self.parts, jsonl.combine)

    def abandon(self) -> None:
        """Stop without finishing: committed parts stay for --resume, the open one is dropped then."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def checkpoint_hook(parts: int) -> None:
    """Called after each committed part; tests replace it to interrupt a run at a known point."""
