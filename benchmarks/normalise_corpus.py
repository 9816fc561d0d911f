#!/usr/bin/env python3
"""Normalise a 1987 wire corpus with the legacy-wire profile and report what changed.

Usage (from the repo root):

    python benchmarks/normalise_corpus.py [CORPUS] [--sample N] [--seed S] [--out DIR]
                                          [--limit N] [--max-lines N] [--extend-rules FILE]

CORPUS is a .jsonl/.jsonl.gz file of {"title", "body"} records (each story is
``title + "\\n\\n" + body``) or a directory of .txt/.md files; the default is
../shared/corpora/reuters21578.jsonl.gz beside the repo root. Every story is
checked with all default rules and the legacy-wire profile turned on, as
``newslint check --isolated --profile legacy-wire --fix`` would, and its safe
fixes are applied until the text is stable. The script prints the number of
stories, how many changed, the fixes applied per rule, the stories that did not
converge, and N random before/after pairs (drawn, with a fixed seed, from the
stories that changed) for a human to read and judge. ``--out DIR`` also writes
every normalised story to DIR (``<id>.txt``, or the same relative path for a
directory corpus).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from corpus_io import CorpusError, Story, iter_stories, machine_note, resolve_corpus, use_checkout

use_checkout()

from newslint.api import check_text  # noqa: E402
from newslint.config import ConfigError  # noqa: E402
from newslint.engine import RuleTimeout  # noqa: E402
from newslint.loader import RuleLoadError, load_default_rules, load_rules  # noqa: E402
from newslint.records import Applicability  # noqa: E402
from newslint.rule import Rule  # noqa: E402
from newslint.workspace import CommandLine, Workspace  # noqa: E402

PROFILE = "legacy-wire"


class Pair(NamedTuple):
    """One story before and after normalisation, with the codes of the fixes applied."""

    name: str
    before: str
    after: str
    codes: Counter[str]


class Report(NamedTuple):
    stories: int
    changed: int
    rewrites: Counter[str]
    stories_per_rule: Counter[str]
    unconverged: list[str]
    timeouts: list[str]
    pairs: list[Pair]
    seconds: float


def profile_rules(extend: Sequence[Path] = ()) -> list[Rule]:
    """All default rules with the legacy-wire profile on, as the command line would choose them."""

    def defaults() -> list[Rule]:
        # As extend-rules does: a rule from an extra file replaces a shipped rule with its code.
        extra = load_rules(list(extend))
        codes = {r.code for r in extra}
        return [*(r for r in load_default_rules() if r.code not in codes), *extra]

    workspace = Workspace(isolated=True, command_line=CommandLine(profile=PROFILE), default_rules=defaults)
    return workspace.rules_for(Path("."))


def output_path(out: Path, name: str) -> Path:
    """Where a normalised story goes: its relative path for a directory corpus, else ``<id>.txt``."""
    relative = Path(name)
    if relative.suffix.lower() in (".txt", ".md", ".markdown") and not relative.is_absolute():
        return out / relative
    return out / f"{name.replace('/', '_')}.txt"


def normalise(
    stories: Iterable[Story],
    rules: Sequence[Rule],
    sample: int,
    seed: int,
    out: Path | None,
) -> Report:
    """Fix every story; keep a seeded reservoir sample of the changed ones."""
    rng = random.Random(seed)
    rewrites: Counter[str] = Counter()
    per_rule: Counter[str] = Counter()
    unconverged: list[str] = []
    timeouts: list[str] = []
    pairs: list[Pair] = []
    count = changed = 0
    start = time.perf_counter()
    for story in stories:
        count += 1
        try:
            result = check_text(story.text, rules, markdown=story.markdown, fix=Applicability.SAFE)
        except RuleTimeout as exc:
            timeouts.append(f"{story.name}: {exc}")
            continue
        codes = Counter(d.code for d in result.fixed)
        rewrites.update(codes)
        per_rule.update(codes.keys())
        if not result.converged:
            unconverged.append(story.name)
        if out is not None:
            path = output_path(out, story.name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(result.text, encoding="utf-8")
        if not result.changed:
            continue
        changed += 1
        # Reservoir sampling: every changed story has the same chance to be shown.
        pair = Pair(story.name, story.text, result.text, codes)
        if len(pairs) < sample:
            pairs.append(pair)
        elif (j := rng.randrange(changed)) < sample:
            pairs[j] = pair
    seconds = time.perf_counter() - start
    return Report(count, changed, rewrites, per_rule, unconverged, timeouts, pairs, seconds)


def show(text: str, max_lines: int) -> str:
    """The text as printed: control characters made visible, optionally cut after max_lines."""
    lines = text.replace("\x03", "\u2403").split("\n")
    if max_lines and len(lines) > max_lines:
        lines = [*lines[:max_lines], f"[... {len(lines) - max_lines} more lines]"]
    return "\n".join(f"  | {line}" for line in lines)


def print_report(report: Report, rules: Sequence[Rule], max_lines: int) -> None:
    names = {r.code: r.name for r in rules}
    stories = max(report.stories, 1)
    print(f"stories    {report.stories:,} ({report.seconds:.1f} s)")
    print(f"changed    {report.changed:,} ({100 * report.changed / stories:.1f}%)")
    total = sum(report.rewrites.values())
    print(f"rewrites   {total:,} safe fixes applied; per rule (fixes, stories):")
    for code, n in sorted(report.rewrites.items(), key=lambda item: (-item[1], item[0])):
        print(f"  {code:<8} {names.get(code, '?'):<36} {n:>9,} {report.stories_per_rule[code]:>8,}")
    silent = sorted(r.code for r in rules if r.fixable and r.code not in report.rewrites)
    if silent:
        print(f"  fixable rules that applied nothing: {', '.join(silent)}")
    shown = f": {', '.join(report.unconverged[:20])}" if report.unconverged else ""
    print(f"unconverged {len(report.unconverged):,} stories did not converge{shown}")
    if report.timeouts:
        print(f"timeouts   {len(report.timeouts):,}, first: {report.timeouts[0]}")
    for number, pair in enumerate(report.pairs, 1):
        fixes = ", ".join(f"{code} x{n}" for code, n in sorted(pair.codes.items()))
        print(f"\n=== {number}/{len(report.pairs)} story {pair.name}: {fixes}")
        print("--- before")
        print(show(pair.before, max_lines))
        print("+++ after")
        print(show(pair.after, max_lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", help="a .jsonl(.gz) file or a directory (default: the shared 1987 corpus)")
    parser.add_argument("--sample", "-n", type=int, default=20, help="before/after pairs to print (default 20)")
    parser.add_argument("--seed", type=int, default=1987, help="seed for the sample (default 1987)")
    parser.add_argument("--out", type=Path, help="write every normalised story to this directory")
    parser.add_argument("--limit", type=int, help="only the first N stories")
    parser.add_argument("--max-lines", type=int, default=0, help="cut each printed text after N lines (0: all)")
    parser.add_argument("--extend-rules", type=Path, action="append", default=[],
                        help="extra rule files, as a rule file is tried before it joins rules/")
    args = parser.parse_args(argv)

    try:
        corpus = resolve_corpus(args.corpus)
        rules = profile_rules(args.extend_rules)
    except CorpusError as exc:
        print(f"normalise_corpus: error: {exc}", file=sys.stderr)
        return 2
    except (RuleLoadError, ConfigError) as exc:
        print(f"normalise_corpus: error: {exc}", file=sys.stderr)
        return 2
    print(f"corpus     {corpus}")
    print(f"rules      {len(rules)} (default rules and profile {PROFILE}), safe fixes until stable")
    print(f"machine    {machine_note()}")
    try:
        report = normalise(iter_stories(corpus, args.limit), rules, args.sample, args.seed, args.out)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"normalise_corpus: error: cannot read corpus {corpus}: {exc}", file=sys.stderr)
        return 2
    except CorpusError as exc:
        print(f"normalise_corpus: error: {exc}", file=sys.stderr)
        return 2
    print_report(report, rules, args.max_lines)
    if args.out is not None:
        print(f"\nwrote {report.stories - len(report.timeouts):,} normalised stories to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
