#!/usr/bin/env python3
"""Wall time of ``newslint check DIR`` against ``proselint check DIR`` on the same stories.

Usage (from the repo root):

    python benchmarks/compare_proselint.py [CORPUS] [-n 2000] [--repeat R] [--install]

Writes the first N stories of CORPUS (default ../shared/corpora/reuters21578.jsonl.gz
beside the repo root; a .jsonl/.jsonl.gz file or a directory of .txt/.md files) as .txt
files into a temporary directory, then runs each tool as a subprocess on that directory
(one untimed warm-up run on a single file, then --repeat timed runs, the best counting),
output sent to a file. Both are whole command-line runs: interpreter
start-up, rule loading, file reading, checking and printing.

Exit codes: 0 newslint is at least --min-ratio (2x) faster, 1 it is not, 2 corpus or
usage error, 3 a tool could not run (the reason is printed).

proselint is a benchmark-only dependency (``pip install proselint``, or ``--install``);
it is not a dependency of newslint.
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from corpus_io import (
    REPO_ROOT,
    CorpusError,
    Story,
    load_stories,
    machine_note,
    megabytes,
    resolve_corpus,
)

EXIT_OK, EXIT_SLOWER, EXIT_USAGE, EXIT_TOOL = 0, 1, 2, 3


class Timing(NamedTuple):
    """One tool's runs on the story directory."""

    command: list[str]
    seconds: list[float]
    cpu_seconds: list[float]
    returncode: int
    output_lines: int

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def best_cpu(self) -> float:
        return min(self.cpu_seconds)


def children_cpu() -> float:
    """User plus system CPU seconds of all finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class ToolError(Exception):
    """A tool is missing or failed; ``str()`` says why."""


def write_stories(stories: Sequence[Story], directory: Path) -> None:
    """One .txt file per story, numbered so both tools see the same stable order."""
    width = len(str(len(stories)))
    for number, story in enumerate(stories, 1):
        (directory / f"story-{number:0{width}d}.txt").write_text(story.text, encoding="utf-8")


def newslint_command(override: str | None) -> tuple[list[str], dict[str, str]]:
    """The newslint command and its environment: the checkout under test via ``python -m``."""
    env = dict(os.environ)
    if override:
        return shlex.split(override), env
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p)
    return [sys.executable, "-m", "newslint"], env


def proselint_command(install: bool) -> list[str]:
    """proselint's console script, installing it with pip first if asked; ToolError if absent."""
    found = shutil.which("proselint")
    if found is None and install:
        print("installing proselint (benchmark-only) with pip ...", file=sys.stderr)
        done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "proselint"], check=False)
        if done.returncode != 0:
            raise ToolError("'pip install proselint' failed (see pip's output above)")
        found = shutil.which("proselint")
    if found is None:
        raise ToolError(
            "proselint is not installed in this environment: run 'pip install proselint' "
            "(a benchmark-only dependency) or pass --install"
        )
    probe = subprocess.run([found, "check", "--help"], capture_output=True, text=True, check=False)
    if probe.returncode != 0 or "paths" not in probe.stdout:
        raise ToolError(
            f"{found} has no 'check PATHS' command (exit {probe.returncode}); this benchmark "
            f"expects proselint >= 0.16, whose CLI is 'proselint check DIR': {probe.stderr.strip()[:300]}"
        )
    return [found, "check"]


def time_tool(
    name: str,
    command: list[str],
    target: Path,
    out_dir: Path,
    repeat: int,
    ok_codes: tuple[int, ...],
    env: dict[str, str] | None = None,
    warmup: Path | None = None,
    require_output: bool = False,
) -> Timing:
    """Run ``command target`` ``repeat`` times after one untimed run on ``warmup``.

    ToolError if it exits outside ``ok_codes``, or prints nothing when ``require_output``.
    """
    full = [*command, str(target)]
    if warmup is not None:
        # Untimed: loads the interpreter, the tool's modules and the files into the OS caches.
        subprocess.run([*command, str(warmup)], capture_output=True, env=env, check=False)
    seconds: list[float] = []
    cpu_seconds: list[float] = []
    out_file = out_dir / f"{name}.out"
    err_file = out_dir / f"{name}.err"
    returncode = 0
    for _ in range(repeat):
        with out_file.open("wb") as out, err_file.open("wb") as err:
            start, cpu_start = time.perf_counter(), children_cpu()
            returncode = subprocess.run(full, stdout=out, stderr=err, env=env, check=False).returncode
            seconds.append(time.perf_counter() - start)
            cpu_seconds.append(children_cpu() - cpu_start)
        if returncode not in ok_codes:
            tail = err_file.read_text(encoding="utf-8", errors="replace").strip()[-800:]
            raise ToolError(f"{name} exited {returncode}: {shlex.join(full)}\n{tail}")
    with out_file.open("rb") as out:
        lines = sum(1 for _ in out)
    if require_output and lines == 0:
        raise ToolError(f"{name} printed nothing: {shlex.join(full)} did not check the files")
    return Timing(full, seconds, cpu_seconds, returncode, lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", help=".jsonl/.jsonl.gz file or directory of .txt/.md files")
    parser.add_argument("-n", "--stories", type=int, default=2000, metavar="N", help="stories to write (2000)")
    parser.add_argument("--repeat", type=int, default=3, metavar="R", help="timed runs per tool; the best counts (3)")
    parser.add_argument("--min-ratio", type=float, default=2.0, help="required proselint/newslint ratio (2.0)")
    parser.add_argument("--install", action="store_true", help="pip install proselint if it is missing")
    parser.add_argument("--newslint-cmd", metavar="CMD", help="run this instead of 'python -m newslint'")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write stories and outputs here and keep them")
    args = parser.parse_args(argv)
    if args.stories < 1 or args.repeat < 1:
        parser.error("-n and --repeat must be at least 1")

    try:
        corpus = resolve_corpus(args.corpus)
        stories = load_stories(corpus, args.stories)
    except CorpusError as exc:
        print(f"compare_proselint: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not stories:
        print(f"compare_proselint: error: no stories in {corpus}", file=sys.stderr)
        return EXIT_USAGE
    try:
        proselint = proselint_command(args.install)
    except ToolError as exc:
        print(f"compare_proselint: cannot run proselint: {exc}", file=sys.stderr)
        return EXIT_TOOL
    version = subprocess.run([proselint[0], "version"], capture_output=True, text=True, check=False)
    newslint, env = newslint_command(args.newslint_cmd)

    with tempfile.TemporaryDirectory(prefix="newslint-vs-proselint-") as scratch:
        base = args.keep or Path(scratch)
        story_dir, out_dir = base / "stories", base / "outputs"
        for directory in (story_dir, out_dir):
            directory.mkdir(parents=True, exist_ok=True)
        write_stories(stories, story_dir)
        warmup = base / "warmup"
        warmup.mkdir(exist_ok=True)
        (warmup / "warmup.txt").write_text(stories[0].text, encoding="utf-8")
        print(f"corpus     {corpus.name}: {len(stories):,} stories, {megabytes(stories):.2f} MB as .txt files")
        print(f"machine    {machine_note()}")
        print(f"newslint   {shlex.join(newslint)} check DIR")
        print(f"proselint  {shlex.join(proselint)} DIR ({(version.stdout or version.stderr).strip()})")
        try:
            # newslint exits 1 on findings, proselint 1 on findings: both are successful runs.
            ours = time_tool(
                "newslint", [*newslint, "check"], story_dir, out_dir, args.repeat, (0, 1), env, warmup, True
            )
            theirs = time_tool("proselint", proselint, story_dir, out_dir, args.repeat, (0, 1), None, warmup)
        except ToolError as exc:
            print(f"compare_proselint: cannot run: {exc}", file=sys.stderr)
            return EXIT_TOOL

    runs = "" if args.repeat == 1 else f" (best of {args.repeat})"
    for name, timing in (("newslint", ours), ("proselint", theirs)):
        spread = "" if args.repeat == 1 else f", median {timing.median:.2f} s"
        print(
            f"{name:<10} {timing.best:8.2f} s wall{runs}{spread}, CPU {timing.best_cpu:.2f} s, "
            f"{len(stories) / timing.best:,.0f} stories/s, {timing.output_lines:,} output lines"
        )
    ratio = theirs.best / ours.best
    verdict = "OK" if ratio >= args.min_ratio else "TOO SLOW"
    cpu_ratio = theirs.best_cpu / ours.best_cpu if ours.best_cpu > 0 else float("inf")
    print(f"ratio      proselint / newslint = {ratio:.2f}x wall (need >= {args.min_ratio:g}x): {verdict}")
    print(f"           proselint / newslint = {cpu_ratio:.2f}x CPU time (for information)")
    return EXIT_OK if ratio >= args.min_ratio else EXIT_SLOWER


if __name__ == "__main__":
    sys.exit(main())
