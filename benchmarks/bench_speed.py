#!/usr/bin/env python3
"""Start-up, throughput and memory of whole ``newslint check`` runs, side by side in one run.

Usage (from the repo root):

    python benchmarks/bench_speed.py [CORPUS] [--repeat 10] [--stories N] [--install]
                                     [--newslint-cmd CMD] [--skip-corpus] [--json FILE]

Part 1, start-up: one story (the seed article) checked as a whole process,
``--repeat`` times each, median and minimum wall time:

- the floor, ``python -c 'import regex'``;
- newslint with a warm rule cache (every rule file cached);
- newslint after one rule file changed (the cache entry of the largest shipped
  rule file is removed before each run, so that file is parsed, validated and
  compiled again, as after an edit);
- newslint with a cold cache (an empty cache directory for each run);
- proselint (``check FILE``), a benchmark-only dependency (``--install``).

Part 2, throughput: the corpus (default ../shared/corpora/reuters21578.jsonl.gz,
every story, or ``--stories N``) written as .txt files into a temporary
directory and checked with ``--jobs 1`` and ``--jobs 2``, warm cache (rule files, and
and the Hyperscan scanner where it is in use; an untimed run fills it), best
of ``--corpus-repeat`` runs: wall seconds, MB/s, CPU seconds and peak memory.
Peak memory is the largest resident set of any one process of the run (the
parent or a worker), from ``wait4``. The same is measured on a tenth of the
files: flat memory means the two peaks are alike.

Everything runs this checkout (``python -m newslint`` with the checkout first on
PYTHONPATH) unless ``--newslint-cmd`` names another command. For start-up, measure
what users get: a plain ``pip install .`` into a separate environment, passed as
``--newslint-cmd PATH/TO/newslint``. A checkout run where PYTHONDONTWRITEBYTECODE is
set compiles every module at every start (about 40 ms), and an editable install adds
an import hook to every Python start-up; the script warns about the first.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from compare_proselint import ToolError, newslint_command, proselint_command
from corpus_io import REPO_ROOT, CorpusError, machine_note, resolve_corpus, use_checkout

SEED = REPO_ROOT / "seeds" / "blinken-middle-east-trip.txt"


class Run(NamedTuple):
    seconds: float
    cpu_seconds: float
    peak_mb: float  # largest resident set of one process of the run
    returncode: int


def measure(command: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """One whole-process run, output discarded, with its own resource usage (wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(list(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in kilobytes on Linux and in bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * scale / 1e6, process.returncode)


def series(command: Sequence[str], repeat: int, env: dict[str, str] | None = None, before: Any = None) -> list[Run]:
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        run = measure(command, env)
        if run.returncode not in (0, 1):
            raise ToolError(f"exit {run.returncode}: {shlex.join(command)}")
        runs.append(run)
    return runs


def largest_rule_file_entry(cache_dir: Path) -> Path:
    """The cache entry of the largest shipped rule file, found by the rules it holds.

    Keys include a stamp of the code that loads rules, which differs between an
    installed newslint and this checkout, so the entry is found by its contents.
    """
    use_checkout()
    import yaml

    from newslint.loader import default_rules_dir, rule_files
    from newslint.rulecache import FORMAT, RuleCache

    biggest = max(rule_files(default_rules_dir()), key=lambda p: len(p.read_bytes()))
    codes = [rule["code"] for rule in yaml.safe_load(biggest.read_text(encoding="utf-8"))["rules"]]
    cache = RuleCache(cache_dir)
    for path in sorted((cache_dir / f"rules-v{FORMAT}").glob("*.entry")):
        entry = cache.get(path.stem)
        if entry is not None and [rule["code"] for rule in entry["data"]["rules"]] == codes:
            return path
    raise ToolError(f"no cache entry in {cache_dir} holds {biggest.name}")


def startup(newslint: list[str], env: dict[str, str], proselint: list[str] | None, repeat: int) -> dict[str, Any]:
    story = str(SEED)
    rows: dict[str, list[Run]] = {}
    with tempfile.TemporaryDirectory(prefix="newslint-bench-cache-") as scratch:
        warm_env = {**env, "NEWSLINT_CACHE_DIR": str(Path(scratch) / "warm")}
        cold_dir = Path(scratch) / "cold"
        cold_env = {**env, "NEWSLINT_CACHE_DIR": str(cold_dir)}
        check = [*newslint, "check", story]
        subprocess.run(check, env=warm_env, capture_output=True, check=False)  # fills the warm cache
        changed = largest_rule_file_entry(Path(scratch) / "warm")

        def forget_one() -> None:
            changed.unlink(missing_ok=True)

        def forget_all() -> None:
            subprocess.run(["rm", "-rf", str(cold_dir)], check=False)

        rows["python -c 'import regex' (the floor)"] = series([sys.executable, "-c", "import regex"], repeat, env)
        rows["newslint, warm cache"] = series(check, repeat, warm_env)
        rows[f"newslint, {changed.name[:8]}... changed ({largest_name()})"] = series(check, repeat, warm_env, forget_one)
        rows["newslint, cold cache"] = series(check, repeat, cold_env, forget_all)
        if proselint is not None:
            rows["proselint"] = series([*proselint, story], repeat)
    print(f"start-up: one story ({SEED.name}, {SEED.stat().st_size:,} bytes), {repeat} runs each")
    print(f"  {'command':<52} {'median':>9} {'min':>9} {'CPU':>9}")
    report = {}
    for name, runs in rows.items():
        median = statistics.median(r.seconds for r in runs)
        low = min(r.seconds for r in runs)
        cpu = statistics.median(r.cpu_seconds for r in runs)
        print(f"  {name:<52} {1000 * median:7.1f}ms {1000 * low:7.1f}ms {1000 * cpu:7.1f}ms")
        report[name] = {"median_s": median, "min_s": low, "cpu_s": cpu}
    if "proselint" in rows:
        ratio = report["newslint, warm cache"]["median_s"] / report["proselint"]["median_s"]
        print(f"  newslint (warm) / proselint = {ratio:.2f} (at most 1.00 is as fast or faster)")
    return report


def largest_name() -> str:
    use_checkout()
    from newslint.loader import default_rules_dir, rule_files

    return Path(str(max(rule_files(default_rules_dir()), key=lambda p: len(p.read_bytes())))).name


def write_corpus(corpus: Path, count: int | None, whole: Path, tenth: Path) -> float:
    """Write the stories as files (all, and a tenth) and return their MB.

    Done in a child process: a process started from this one begins with this one's
    memory counted in its peak, so this one must never hold the corpus.
    """
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from pathlib import Path;"
        "from corpus_io import load_stories, megabytes; from compare_proselint import write_stories;"
        "s = load_stories(Path(sys.argv[2]), None if sys.argv[3] == '-' else int(sys.argv[3]));"
        "write_stories(s, Path(sys.argv[4])); write_stories(s[: max(1, len(s) // 10)], Path(sys.argv[5]));"
        "print(megabytes(s), len(s))"
    )
    here = str(Path(__file__).resolve().parent)
    done = subprocess.run(
        [sys.executable, "-c", code, here, str(corpus), "-" if count is None else str(count), str(whole), str(tenth)],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0:
        raise CorpusError(f"cannot write the corpus as files: {done.stderr.strip()[-500:]}")
    mb, stories = done.stdout.split()
    return float(mb)


def throughput(newslint: list[str], env: dict[str, str], corpus: Path, count: int | None, repeat: int) -> dict[str, Any]:
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="newslint-bench-corpus-") as scratch:
        whole, tenth = Path(scratch) / "all", Path(scratch) / "tenth"
        whole.mkdir()
        tenth.mkdir()
        mb = write_corpus(corpus, count, whole, tenth)
        stories = sum(1 for _ in whole.iterdir())
        run_env = {**env, "NEWSLINT_CACHE_DIR": str(Path(scratch) / "cache")}
        # Untimed: fills the cache with the rule files and, where the pass is in use, the Hyperscan
        # scanner, which only a run of over 2,000 stories compiles.
        subprocess.run([*newslint, "check", "--jobs", "2", str(whole)], env=run_env, capture_output=True, check=False)
        print(f"throughput: {stories:,} stories as .txt files, {mb:.2f} MB, best of {repeat}, warm cache")
        print(f"  {'run':<36} {'wall s':>8} {'MB/s':>7} {'CPU s':>8} {'peak MB':>8}")
        for jobs in (1, 2):
            best = min(series([*newslint, "check", "--jobs", str(jobs), str(whole)], repeat, run_env), key=lambda r: r.seconds)
            print(f"  {f'newslint check --jobs {jobs}':<36} {best.seconds:8.2f} {mb / best.seconds:7.2f} "
                  f"{best.cpu_seconds:8.2f} {best.peak_mb:8.1f}")
            report[f"jobs{jobs}"] = {**best._asdict(), "mb_per_s": mb / best.seconds}
        speedup = report["jobs1"]["seconds"] / report["jobs2"]["seconds"]
        print(f"  --jobs 2 is {speedup:.2f}x as fast as --jobs 1")
        small = min(series([*newslint, "check", "--jobs", "1", str(tenth)], repeat, run_env), key=lambda r: r.seconds)
        print(f"  {f'a tenth of the files, --jobs 1':<36} {small.seconds:8.2f} {'':>7} {small.cpu_seconds:8.2f} "
              f"{small.peak_mb:8.1f}")
        report["tenth_jobs1"] = small._asdict()
        report["megabytes"] = mb
        report["speedup"] = speedup
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", help=".jsonl/.jsonl.gz file or directory of .txt/.md files")
    parser.add_argument("--repeat", type=int, default=10, metavar="R", help="start-up runs per command (10)")
    parser.add_argument("--corpus-repeat", type=int, default=1, metavar="R", help="corpus runs per --jobs (1)")
    parser.add_argument("--stories", type=int, metavar="N", help="only the first N stories of the corpus")
    parser.add_argument("--install", action="store_true", help="pip install proselint if it is missing")
    parser.add_argument("--newslint-cmd", metavar="CMD", help="run this instead of 'python -m newslint'")
    parser.add_argument("--skip-corpus", action="store_true", help="measure start-up only")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON to FILE")
    args = parser.parse_args(argv)
    newslint, env = newslint_command(args.newslint_cmd)
    try:
        proselint: list[str] | None = proselint_command(args.install)
    except ToolError as exc:
        print(f"bench_speed: proselint left out: {exc}", file=sys.stderr)
        proselint = None
    print(f"machine    {machine_note()}, Python {sys.version.split()[0]}")
    if not args.newslint_cmd and os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("warning    PYTHONDONTWRITEBYTECODE is set: the checkout compiles every module at every start; "
              "pass an installed newslint with --newslint-cmd for start-up figures")
    print(f"newslint   {shlex.join(newslint)}")
    report: dict[str, Any] = {"machine": machine_note()}
    try:
        report["startup"] = startup(newslint, env, proselint, args.repeat)
        if not args.skip_corpus:
            report["throughput"] = throughput(newslint, env, resolve_corpus(args.corpus), args.stories, args.corpus_repeat)
    except (ToolError, CorpusError) as exc:
        print(f"bench_speed: error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
