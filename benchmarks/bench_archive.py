#!/usr/bin/env python3
"""Time ``newslint normalize`` on a wire archive: --jobs 1, --jobs 2, --engine dask; peak memory.

Usage (from the repo root):

    python benchmarks/bench_archive.py [CORPUS] [--times N] [--runs jobs1,jobs2,dask]
                                       [--repeat R] [--workdir DIR] [--idempotence] [--json FILE]

CORPUS is a .jsonl or .jsonl.gz archive of {"id", "title", "body", ...} records; the
default is ../shared/corpora/reuters21578.jsonl.gz beside the repo root. ``--times 10``
first builds a corpus ten times as large by repeating the file's bytes (gzip members
concatenate), in ``--workdir`` (default: a temporary directory, removed afterwards).

Each run is a separate process, ``python -m newslint normalize CORPUS -o OUT.jsonl.gz
--isolated --profile legacy-wire --rewrap --title-field title`` with ``-j 1``, ``-j 2``
or ``--engine dask -j 2`` (a LocalCluster of two worker processes). It reports wall
seconds, CPU seconds of the whole process tree, the peak resident memory of the largest
process (``wait4``, as ``/usr/bin/time -v`` gives it) and of the whole tree (sampled
from /proc every 0.1 s: driver plus workers), then checks that the output has the same
number of records as the input with the ids in the same order. ``--idempotence`` runs
``normalize`` again over the first run's output and checks that it changes nothing.
``--repeat R`` runs every configuration R times, interleaved, and keeps the fastest run of
each: the one least slowed by other work on the machine (each line prints the load).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from corpus_io import CorpusError, REPO_ROOT, machine_note, resolve_corpus

COMMON = ["--isolated", "--profile", "legacy-wire", "--rewrap", "--title-field", "title", "--force"]
RUNS = {
    "jobs1": ["-j", "1"],
    "jobs2": ["-j", "2"],
    "dask": ["--engine", "dask", "-j", "2"],
}


class Run(NamedTuple):
    name: str
    seconds: float
    cpu_seconds: float
    peak_process_mb: float
    peak_tree_mb: float
    exit_code: int
    summary: str


def _children(pid: int) -> list[int]:
    """Every descendant of ``pid`` (Linux /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def timed(name: str, command: list[str]) -> Run:
    """Run ``command``; wall and CPU time, peak memory of its largest process and of its tree."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.1):
            tree = [process.pid, *_children(process.pid)]
            peak[0] = max(peak[0], sum(_rss_kb(pid) for pid in tree))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert process.stderr is not None
    stderr = process.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return Run(name, seconds, cpu, usage.ru_maxrss / 1024, peak[0] / 1024, process.returncode, stderr)


def ids(path: Path) -> Iterator[Any]:
    with gzip.open(path, "rb") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line).get("id")


def count(path: Path) -> int:
    return sum(1 for _ in ids(path))


def repeat(corpus: Path, times: int, workdir: Path) -> Path:
    target = workdir / f"{corpus.name.removesuffix('.jsonl.gz')}-x{times}.jsonl.gz"
    if not target.exists():
        data = corpus.read_bytes()
        with open(target, "wb") as handle:
            for _ in range(times):
                handle.write(data)
    return target


def figures(summary: str) -> dict[str, Any]:
    """The changed count and the fixes per rule, read from normalize's summary."""
    changed = re.search(r"^changed\s+([\d,]+) records?", summary, re.M)
    rules = re.findall(r"^\s+([\d,]+)\s+([\d,]+)\s+([A-Z]{3}\d{3})\s+(\S+)$", summary, re.M)
    return {
        "changed": int(changed.group(1).replace(",", "")) if changed else None,
        "fixes": [(code, name, int(n.replace(",", "")), int(r.replace(",", ""))) for n, r, code, name in rules],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", help="a .jsonl(.gz) archive (default: the shared 1987 corpus)")
    parser.add_argument("--times", type=int, default=1, help="repeat the corpus N times first (default 1)")
    parser.add_argument("--runs", default="jobs1,jobs2,dask", help=f"which runs, of {', '.join(RUNS)}")
    parser.add_argument("--repeat", type=int, default=1, help="runs per configuration; the fastest counts")
    parser.add_argument("--workdir", type=Path, help="where the repeated corpus and outputs go (kept)")
    parser.add_argument("--idempotence", action="store_true", help="normalize the first output again")
    parser.add_argument("--top", type=int, default=10, help="rules to list (default 10)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    try:
        corpus = resolve_corpus(args.corpus)
    except CorpusError as exc:
        print(f"bench_archive: error: {exc}", file=sys.stderr)
        return 2
    runs = [r for r in args.runs.split(",") if r]
    if unknown := [r for r in runs if r not in RUNS]:
        print(f"bench_archive: error: unknown run {unknown[0]!r} (known: {', '.join(RUNS)})", file=sys.stderr)
        return 2
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="newslint-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        source = repeat(corpus, args.times, workdir) if args.times > 1 else corpus
        records = count(source)
        print(f"corpus     {source} ({records:,} records, {source.stat().st_size / 1e6:.1f} MB stored)")
        print(f"machine    {machine_note()}")
        print(f"command    python -m newslint normalize CORPUS -o OUT.jsonl.gz {' '.join(COMMON)} ...")
        best: dict[str, dict[str, Any]] = {}
        for round_ in range(1, args.repeat + 1):
            for name in runs:
                out = workdir / f"out-{name}.jsonl.gz"
                command = [sys.executable, "-m", "newslint", "normalize", str(source), "-o", str(out), *COMMON, *RUNS[name]]
                run = timed(name, command)
                counted = count(out) if out.exists() else 0
                same = counted == records and all(a == b for a, b in zip(ids(source), ids(out)))
                found = figures(run.summary)
                print(
                    f"\n{name:<6} {' '.join(RUNS[name])} (round {round_}): exit {run.exit_code}, {run.seconds:.1f} s wall, "
                    f"{run.cpu_seconds:.1f} s CPU, peak {run.peak_process_mb:.0f} MB (largest process), "
                    f"{run.peak_tree_mb:.0f} MB (all processes); records {records:,} in, {counted:,} out, "
                    f"ids in order: {'yes' if same else 'NO'}; changed {found['changed']:,} ({machine_note()})",
                    flush=True,
                )
                result = {**run._asdict(), "records_in": records, "records_out": counted, "ids_in_order": same,
                          "load": machine_note(), **found}
                if name not in best or run.seconds < best[name]["seconds"]:
                    best[name] = result
        results = [best[name] for name in runs]
        if args.repeat > 1:
            print(f"\nfastest of {args.repeat}:")
            for result in results:
                print(f"  {result['name']:<6} {result['seconds']:.1f} s wall, {result['cpu_seconds']:.1f} s CPU, "
                      f"{result['peak_process_mb']:.0f} MB / {result['peak_tree_mb']:.0f} MB")
        if results:
            print(f"\nfixes per rule (top {args.top}; fixes, records):")
            for code, name, fixes, stories in results[0]["fixes"][: args.top]:
                print(f"  {fixes:>10,} {stories:>9,}  {code} {name}")
        if args.idempotence and results:
            first = workdir / f"out-{runs[0]}.jsonl.gz"
            again = workdir / "again.jsonl.gz"
            command = [sys.executable, "-m", "newslint", "normalize", str(first), "-o", str(again), *COMMON, "-j", "2"]
            run = timed("again", command)
            found = figures(run.summary)
            with gzip.open(first, "rb") as a, gzip.open(again, "rb") as b:
                identical = a.read() == b.read()
            print(f"\nsecond normalize over the output: changed {found['changed']}, output identical: {identical} "
                  f"({run.seconds:.1f} s)")
            results.append({"name": "idempotence", "changed": found["changed"], "identical": identical})
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps({"corpus": str(source), "records": records, "runs": results}, indent=2))
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
