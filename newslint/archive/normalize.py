"""The normalize job: read records in chunks, fix them on workers, write them in order.

Memory is bounded by the chunks in flight (the engine's window) and the part
being written, never by the archive's size. Records that cannot be read or
fixed are reported through ``warn`` as they come and copied unchanged.
"""

from __future__ import annotations

import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from newslint.archive.engines import Engine, run
from newslint.archive.formats import ArchiveError, FileFormat, output_format, require
from newslint.archive.inputs import Input, plan, read_all
from newslint.archive.progress import progress
from newslint.archive.records import Batch, Chunk, Outcome, Position, Update
from newslint.archive.resume import Workdir, fingerprint, rules_digest
from newslint.archive.sink import PartSink, Sink, StreamSink, writer_for
from newslint.archive.story import Layout
from newslint.archive.summary import Tally
from newslint.archive.work import Context, fix_batch, fix_batch_with
from newslint.records import Applicability
from newslint.rule import Rule


class Job(NamedTuple):
    inputs: tuple[str, ...]  # files, directories, globs or "-"
    output: str  # a file, or "-" for JSON lines on stdout
    layout: Layout = Layout()
    fix: Applicability = Applicability.SAFE
    rewrap: bool = False
    input_format: str | None = None
    engine: Engine = Engine()
    chunk_size: int = 500
    checkpoint: int = 10_000
    resume: bool = False
    force: bool = False
    progress: bool | None = None  # None: on a terminal


class Report(NamedTuple):
    tally: Tally
    seconds: float
    megabytes: float  # UTF-8 text of the records' text fields, read in this run
    names: dict[str, str]  # rule code -> name
    resumed: int  # records done by the interrupted run this one continued


def _check_output(job: Job, inputs: Sequence[Input], out_fmt: FileFormat) -> Workdir | None:
    if job.output == "-":
        if job.resume:
            raise ArchiveError("--resume needs an output file; standard output cannot be continued")
        return None
    if any(i.path == "-" for i in inputs) and job.resume:
        raise ArchiveError("--resume cannot read standard input again: give the input as a file")
    out = Path(job.output)
    if out.is_dir():
        raise ArchiveError(f"{out}: is a directory; give the output file's name")
    if not out.parent.is_dir():
        raise ArchiveError(f"{out}: directory {out.parent} does not exist")
    workdir = Workdir(out, out_fmt.suffix)
    if out.exists() and not job.force and not (job.resume and workdir.exists()):
        raise ArchiveError(f"{out}: exists; use --force to replace it")
    return workdir


def normalize(job: Job, rules_for: Callable[[str], list[Rule]], warn: Callable[[str], None]) -> Report:
    """Run ``job``; raises ArchiveError for anything that stops it (OUT is then untouched)."""
    out_fmt = output_format(job.output)
    if out_fmt.name == "parquet":
        require("pyarrow", "Parquet")
    inputs, rulesets = plan(job.inputs, job.input_format, rules_for)
    workdir = _check_output(job, inputs, out_fmt)
    context = Context(rulesets, job.layout, job.fix, job.rewrap)
    names = {r.code: r.name for rules in rulesets for r in rules}
    options = {"layout": list(job.layout), "fix": job.fix.label, "rewrap": job.rewrap,
               "formats": [list(i.fmt) for i in inputs]}
    writer = writer_for(out_fmt, job.layout)
    tally, start = Tally(), None
    sink: Sink
    if workdir is None:
        sink = StreamSink(sys.stdout.buffer, writer)
    else:
        stamp = fingerprint([i.path for i in inputs], out_fmt.suffix, options, rules_digest(rulesets))
        parts = 0
        if job.resume and workdir.exists():
            checkpoint = workdir.load(stamp)
            tally, start, parts = Tally.from_json(checkpoint.tally), checkpoint.position, checkpoint.parts
            writer.restore(checkpoint.writer)
            warn(f"resuming {job.output} after {tally.records:,} records")
        else:
            if workdir.exists():
                warn(f"discarding the partial output of an interrupted run ({workdir.path}); --resume continues one")
            workdir.start(stamp)
        sink = PartSink(workdir, writer, stamp, job.checkpoint, parts)
    resumed = tally.records
    began = time.perf_counter()
    bar = progress(sum(i.size for i in inputs) or None, job.progress)
    megabytes = 0.0
    position: Position | None = start
    try:
        pending: deque[Chunk] = deque()

        def batches() -> Iterator[Batch]:
            for chunk in read_all(inputs, job.layout, job.chunk_size, start):
                pending.append(chunk)
                yield Batch(inputs[chunk.source].ruleset, tuple(r.values for r in chunk.records))

        for outcomes in run(job.engine, fix_batch, fix_batch_with, batches(), context):
            chunk = pending.popleft()
            name = inputs[chunk.source].name
            updates = _account(chunk, outcomes, name, tally, warn)
            megabytes += sum(len(v.encode("utf-8")) for r in chunk.records if r.values for v in r.values) / 1e6
            try:
                sink.write(chunk, updates)
            except ArchiveError as exc:
                raise ArchiveError(f"{name}: {exc}") from None
            position = chunk.end
            sink.after(position, tally)
            bar.update(tally.records, chunk.progress)
        sink.finish(position, tally)
    except ArchiveError:
        # Bad input or a record the output format cannot hold: a resume would stop there again.
        sink.abandon()
        if workdir is not None:
            workdir.discard()
        raise
    except BaseException:
        sink.abandon()  # interrupted, or the disk failed: the checkpoints stay for --resume
        raise
    finally:
        bar.close()
    return Report(tally, time.perf_counter() - began, megabytes, names, resumed)


def _account(
    chunk: Chunk, outcomes: Sequence[Outcome | None], name: str, tally: Tally, warn: Callable[[str], None]
) -> list[Update]:
    """Count what happened to each record of a chunk, report trouble, and return the updates."""
    updates: list[Update] = []
    for record, outcome in zip(chunk.records, outcomes):
        label = f"{name}[{record.label}]"
        if outcome is None:
            tally.skip(label, unreadable=True)
            warn(f"{label}: {record.problem}; copied unchanged")
            updates.append(None)
        elif outcome.error is not None:
            tally.skip(label, unreadable=False)
            warn(f"{label}: {outcome.error}; copied unchanged")
            updates.append(None)
        else:
            tally.add(outcome, label)
            if not outcome.converged:
                warn(f"{label}: fixes did not settle; the record holds the last pass")
            updates.append(outcome.values)
    return updates
