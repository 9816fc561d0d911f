#!/usr/bin/env python3
"""Throughput of newslint's library check over a corpus, on one core.

Usage (from the repo root):

    python benchmarks/bench_corpus.py [CORPUS] [--limit N] [--rules CODES] [--fix]
                                      [--per-rule] [--profile] [--repeat R] [--top N]
                                      [--json FILE] [--scan auto|off|always]

CORPUS is a .jsonl/.jsonl.gz file of {"title", "body"} records (each story is
``title + "\\n\\n" + body``) or a directory of .txt/.md files; the default is
../shared/corpora/reuters21578.jsonl.gz beside the repo root. Rules are loaded once
and stories are read into memory before the clock starts, so the figures are the
engine's own: a single process, a single thread, ``newslint.api.check_text`` per story.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from corpus_io import (
    CorpusError,
    Story,
    load_stories,
    machine_note,
    megabytes,
    resolve_corpus,
    use_checkout,
)

use_checkout()

from newslint import prefilter  # noqa: E402
from newslint.api import check_text  # noqa: E402
from newslint.engine import RuleTimeout  # noqa: E402
from newslint.workspace import CommandLine, Workspace  # noqa: E402
from newslint.records import Applicability  # noqa: E402
from newslint.rule import Rule  # noqa: E402
from newslint.selection import SelectionError, parse_selectors  # noqa: E402


class PassResult(NamedTuple):
    """One timed pass over the corpus."""

    seconds: float
    cpu_seconds: float
    findings: Counter[str]
    fixed: int
    changed: int
    unconverged: int
    timeouts: list[str]


def run_pass(stories: Sequence[Story], rules: Sequence[Rule], fix: Applicability | None = None) -> PassResult:
    """Check every story with ``rules`` (fixing at ``fix`` if given) and time the whole loop."""
    findings: Counter[str] = Counter()
    fixed = changed = unconverged = 0
    timeouts: list[str] = []
    clock, cpu = time.perf_counter, time.process_time
    start, cpu_start = clock(), cpu()
    for story in stories:
        try:
            result = check_text(story.text, rules, markdown=story.markdown, fix=fix)
        except RuleTimeout as exc:
            timeouts.append(f"{story.name}: {exc}")
            continue
        for diagnostic in result.diagnostics:
            findings[diagnostic.rule.code] += 1
        if fix is not None:
            fixed += len(result.fixed)
            changed += result.changed
            unconverged += not result.converged
    seconds, cpu_seconds = clock() - start, cpu() - cpu_start
    return PassResult(seconds, cpu_seconds, findings, fixed, changed, unconverged, timeouts)


def best_pass(
    stories: Sequence[Story], rules: Sequence[Rule], repeat: int, fix: Applicability | None = None
) -> PassResult:
    """The fastest (by wall time) of ``repeat`` passes: the least disturbed by other load."""
    return min((run_pass(stories, rules, fix) for _ in range(repeat)), key=lambda r: r.seconds)


def rate(amount: float, seconds: float) -> float:
    return amount / seconds if seconds > 0 else float("inf")


def print_pass(label: str, result: PassResult, stories: int, mb: float) -> None:
    print(
        f"{label:<10} {result.seconds:8.2f} s   {rate(mb, result.seconds):6.2f} MB/s   "
        f"{rate(stories, result.seconds):8.0f} stories/s   (CPU {result.cpu_seconds:.2f} s)"
    )
    if result.timeouts:
        print(f"{'':<10} {len(result.timeouts)} story/rule timeouts, first: {result.timeouts[0]}")


def print_findings(result: PassResult, rules: Sequence[Rule], stories: int, top: int) -> None:
    names = {r.code: r.name for r in rules}
    total = sum(result.findings.values())
    print(f"findings   {total:,} ({rate(total, stories):.2f} per story)")
    shown = result.findings.most_common(top)
    if shown:
        print(f"findings per rule (top {len(shown)} of {len(result.findings)} that fired):")
        for code, count in shown:
            print(f"  {code:<8} {names.get(code, '?'):<34} {count:>9,}")
    silent = sorted(code for code in names if code not in result.findings)
    if silent:
        print(f"rules with no findings: {', '.join(silent)}")


def per_rule(stories: Sequence[Story], rules: Sequence[Rule], mb: float, repeat: int) -> list[dict[str, Any]]:
    """Time each rule alone over the whole corpus (it pays for the scopes it needs).

    A first pass with no rules measures what every run pays regardless of rules
    (``check_text`` itself: the document, suppression scanning, sorting).
    """
    base = best_pass(stories, [], repeat).seconds
    print(f"  timed no rules (engine baseline): {base:.2f} s", file=sys.stderr)
    rows: list[dict[str, Any]] = []
    for rule in rules:
        result = best_pass(stories, [rule], repeat)
        rows.append(
            {
                "code": rule.code,
                "name": rule.name,
                "kind": rule.kind,
                "seconds": result.seconds,
                "mb_per_s": rate(mb, result.seconds),
                "findings": sum(result.findings.values()),
            }
        )
        print(f"  timed {rule.code} alone: {result.seconds:.2f} s", file=sys.stderr)
    rows.sort(key=lambda row: row["seconds"], reverse=True)
    total = sum(row["seconds"] for row in rows)
    print(f"per-rule timing (each rule alone over all {len(stories):,} stories; sum {total:.2f} s):")
    print(f"  engine baseline with no rules: {base:.2f} s (included in every row below)")
    print(f"  {'code':<8} {'name':<34} {'kind':<15} {'seconds':>8} {'share':>6} {'MB/s':>8} {'findings':>9}")
    for row in rows:
        share = rate(100 * row["seconds"], total)
        print(
            f"  {row['code']:<8} {row['name']:<34} {row['kind']:<15} {row['seconds']:8.2f} "
            f"{share:5.1f}% {row['mb_per_s']:8.2f} {row['findings']:>9,}"
        )
    return rows


def profile(stories: Sequence[Story], rules: Sequence[Rule], fix: Applicability | None, top: int) -> None:
    """A separate cProfile pass (profiling slows the run, so it is not the timed one)."""
    profiler = cProfile.Profile()
    profiler.enable()
    run_pass(stories, rules, fix)
    profiler.disable()
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.strip_dirs().sort_stats(order).print_stats(top)
        print(f"--- cProfile, top {top} by {order} ---", file=sys.stderr)
        print(_trim_header(out.getvalue()), file=sys.stderr)


def _trim_header(report: str) -> str:
    lines = report.splitlines()
    for i, line in enumerate(lines):
        if "ncalls" in line:
            return "\n".join(lines[i:]).rstrip()
    return report.rstrip()


def choose_rules(codes: str | None) -> list[Rule]:
    """The rules the CLI would run without configuration, or those ``codes`` selects (as --select does)."""
    command_line = CommandLine(select=tuple(parse_selectors([codes] if codes else [])))
    return Workspace(isolated=True, command_line=command_line).rules_for(Path("."))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", help=".jsonl/.jsonl.gz file or directory of .txt/.md files")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N stories")
    parser.add_argument("--rules", metavar="CODES", help="time only these codes or prefixes (comma-separated)")
    parser.add_argument("--fix", action="store_true", help="also time the fixing path (safe fixes until stable)")
    parser.add_argument("--per-rule", action="store_true", help="time each rule alone over the corpus")
    parser.add_argument("--profile", action="store_true", help="cProfile a separate pass; top functions to stderr")
    parser.add_argument("--repeat", type=int, default=1, metavar="R", help="timed passes each; best counts (1)")
    parser.add_argument("--top", type=int, default=15, metavar="N", help="rows in rule and profile tables (15)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON to FILE")
    parser.add_argument(
        "--scan", choices=("auto", "off", "always"), default="auto",
        help="the Hyperscan pass (newslint[fast], a trusted release): as in a run (auto), never, "
        "or from the first story",
    )
    args = parser.parse_args(argv)
    if args.scan == "off":
        prefilter.SCAN_AFTER = None
    elif args.scan == "always":
        prefilter.SCAN_AFTER, prefilter.COMPILE_AFTER = 0, 0
    if args.repeat < 1 or (args.limit is not None and args.limit < 1):
        parser.error("--repeat and --limit must be at least 1")

    try:
        corpus = resolve_corpus(args.corpus)
        read_start = time.perf_counter()
        stories = load_stories(corpus, args.limit)
        read_seconds = time.perf_counter() - read_start
    except CorpusError as exc:
        print(f"bench_corpus: error: {exc}", file=sys.stderr)
        return 2
    if not stories:
        print(f"bench_corpus: error: no stories in {corpus}", file=sys.stderr)
        return 2
    try:
        load_start = time.perf_counter()
        rules = choose_rules(args.rules)
        load_seconds = time.perf_counter() - load_start
    except SelectionError as exc:
        print(f"bench_corpus: error: {exc}", file=sys.stderr)
        return 2

    mb = megabytes(stories)
    count = len(stories)
    print(f"corpus     {corpus.name} ({'directory' if corpus.is_dir() else 'jsonl'}), read in {read_seconds:.2f} s")
    runs = "" if args.repeat == 1 else f"; best of {args.repeat} passes"
    print(f"python     {sys.version.split()[0]}, one process, one thread{runs}; Hyperscan pass: {args.scan}")
    print(f"rules      {len(rules)} loaded in {load_seconds:.2f} s: {', '.join(r.code for r in rules)}")
    print(f"machine    {machine_note()}")
    print(f"stories    {count:,}")
    print(f"text       {mb:.2f} MB (UTF-8)")

    check = best_pass(stories, rules, args.repeat)
    print_pass("check", check, count, mb)
    print_findings(check, rules, count, args.top)
    report: dict[str, Any] = {
        "corpus": corpus.name,
        "python": sys.version.split()[0],
        "rules": [r.code for r in rules],
        "stories": count,
        "megabytes": mb,
        "check": _figures(check, count, mb),
    }

    if args.fix:
        fixing = best_pass(stories, rules, args.repeat, Applicability.SAFE)
        print_pass("fix", fixing, count, mb)
        print(
            f"{'':<10} {fixing.fixed:,} safe fixes applied, {fixing.changed:,} stories changed, "
            f"{fixing.unconverged:,} did not converge"
        )
        report["fix"] = {**_figures(fixing, count, mb), "fixed": fixing.fixed, "changed": fixing.changed}

    if args.per_rule:
        report["per_rule"] = per_rule(stories, rules, mb, args.repeat)

    if args.profile:
        profile(stories, rules, Applicability.SAFE if args.fix else None, args.top)

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


def _figures(result: PassResult, stories: int, mb: float) -> dict[str, Any]:
    return {
        "seconds": result.seconds,
        "cpu_seconds": result.cpu_seconds,
        "mb_per_s": rate(mb, result.seconds),
        "stories_per_s": rate(stories, result.seconds),
        "findings": sum(result.findings.values()),
        "findings_per_rule": dict(result.findings.most_common()),
        "timeouts": len(result.timeouts),
    }


if __name__ == "__main__":
    sys.exit(main())
