"""The immutable records that flow through an archive job, from reader to worker to writer.

A reader yields chunks: consecutive records of one input, kept in the reader's
own form (raw lines, CSV rows, an Arrow batch) so that the writer can copy
what did not change byte for byte. Workers only ever see a Batch: the text
values of each record, never the other fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

from newslint.archive.formats import FileFormat
from newslint.output import Entry


class Position(NamedTuple):
    """Where reading stopped: enough to continue there after an interruption."""

    input: int  # index of the input file
    offset: int  # bytes of the decompressed stream (JSON lines, CSV) or rows (Parquet) consumed
    number: int  # the last line (JSON lines, CSV) or row (Parquet) read, from 1


class Record(NamedTuple):
    """What the job knows about one record besides its reader's own form."""

    number: int  # its line (JSON lines, CSV) or row (Parquet) in its input, from 1
    ident: str | None  # the id field's value, when it has one
    values: tuple[str, ...] | None  # the layout's fields, title first; None when unusable
    problem: str | None  # why the record is copied unchanged instead

    @property
    def label(self) -> str:
        """How reports name the record: ``id=1234`` or ``#17`` (its line or row)."""
        return f"id={self.ident}" if self.ident is not None else f"#{self.number}"


class Chunk(Protocol):
    """Consecutive records of one input as its reader holds them."""

    @property
    def source(self) -> int: ...  # index of the input file

    @property
    def fmt(self) -> FileFormat: ...

    @property
    def records(self) -> list[Record]: ...

    @property
    def end(self) -> Position: ...

    @property
    def progress(self) -> int: ...  # bytes of stored input read up to this chunk's end

    @property
    def columns(self) -> tuple[str, ...] | None: ...  # a CSV header or Parquet schema's names

    def rows(self) -> list[dict[str, Any] | None]:
        """The records as field maps in input order, for another output format (None: unreadable)."""
        ...


#: A record's new values (the layout's fields, title first), or None when it is unchanged.
Update = tuple[str, ...] | None


class Batch(NamedTuple):
    """The work one task does: the text values of a chunk's records (None: skip the record)."""

    ruleset: int
    values: tuple[tuple[str, ...] | None, ...]


class Outcome(NamedTuple):
    """What fixing one record did."""

    values: Update
    fixes: tuple[tuple[str, int], ...]  # rule code -> fixes applied
    left: tuple[tuple[str, int], ...]  # rule code -> findings the fixes leave
    converged: bool
    error: str | None  # the record could not be normalised and is copied unchanged


class Found(NamedTuple):
    """What checking one record found: entries located in its stories, by text field."""

    entries: tuple[tuple[str, Entry], ...]
    error: str | None


def counts(codes: Sequence[str]) -> tuple[tuple[str, int], ...]:
    tally: dict[str, int] = {}
    for code in codes:
        tally[code] = tally.get(code, 0) + 1
    return tuple(sorted(tally.items()))
