#!/usr/bin/env python3
"""Normalise a 1987 wire archive with the legacy-wire profile and show before/after pairs.

Usage (from the repo root):

    python benchmarks/normalise_corpus.py [CORPUS] [--sample N] [--seed S] [--out FILE]
                                          [--limit N] [--max-lines N] [--extend-rules FILE]
                                          [--no-rewrap] [--jobs N]

A thin wrapper over ``newslint normalize`` (``newslint.archive``): CORPUS is any
dataset that command reads (.jsonl, .jsonl.gz, .csv, .parquet) with ``title`` and
``body`` fields; the default is ../shared/corpora/reuters21578.jsonl.gz beside the
repo root. Every story (the title as headline, a blank line, the body) is fixed
with the default rules and the legacy-wire profile on, as

    newslint normalize CORPUS -o OUT --isolated --profile legacy-wire --rewrap --title-field title

would, and the script prints that command's summary (records, changed, fixes per
rule, records that did not converge or could not be read), then N random
before/after pairs (drawn with a fixed seed from the records that changed) for a
human to read and judge, each with the fixes applied to it. ``--out FILE`` keeps
the normalised archive (its extension picks the format); otherwise it goes to a
temporary file. ``--limit N`` normalises only the first N records.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import random
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from corpus_io import CorpusError, machine_note, resolve_corpus, use_checkout

use_checkout()

from newslint.archive.engines import Engine  # noqa: E402
from newslint.archive.formats import ArchiveError, input_format  # noqa: E402
from newslint.archive.inputs import Input, read_all  # noqa: E402
from newslint.archive.normalize import Job, normalize  # noqa: E402
from newslint.archive.story import Layout, stories  # noqa: E402
from newslint.archive.summary import render  # noqa: E402
from newslint.archive.work import fix_record  # noqa: E402
from newslint.config import ConfigError  # noqa: E402
from newslint.loader import RuleLoadError, load_default_rules, load_rules  # noqa: E402
from newslint.records import Applicability  # noqa: E402
from newslint.rule import Rule  # noqa: E402
from newslint.workspace import CommandLine, Workspace  # noqa: E402

PROFILE = "legacy-wire"
LAYOUT = Layout(("body",), "title")


class Pair(NamedTuple):
    """One record before and after normalisation, with the codes of the fixes applied."""

    name: str
    before: str
    after: str
    codes: Counter[str]


def profile_rules(extend: Sequence[Path] = ()) -> list[Rule]:
    """All default rules with the legacy-wire profile on, as the command line would choose them."""

    def defaults() -> list[Rule]:
        # As extend-rules does: a rule from an extra file replaces a shipped rule with its code.
        extra = load_rules(list(extend))
        codes = {r.code for r in extra}
        return [*(r for r in load_default_rules() if r.code not in codes), *extra]

    workspace = Workspace(isolated=True, command_line=CommandLine(profile=PROFILE), default_rules=defaults)
    return workspace.rules_for(Path("."))


def records(path: Path) -> Iterator[tuple[str, tuple[str, ...] | None]]:
    """(label, title and body) for each record of a dataset, in order."""
    item = Input(str(path), input_format(str(path), None), 0, 0)
    for chunk in read_all([item], LAYOUT, 1000):
        for record in chunk.records:
            yield record.label, record.values


def story(values: tuple[str, ...]) -> str:
    return stories(values, LAYOUT)[0].text


def sample_pairs(
    source: Path, output: Path, rules: Sequence[Rule], rewrap: bool, sample: int, seed: int
) -> list[Pair]:
    """A seeded reservoir sample of the records that changed, read back from input and output."""
    rng = random.Random(seed)
    chosen: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
    changed = 0
    for (label, before), (_, after) in zip(records(source), records(output), strict=True):
        if before is None or after is None or before == after:
            continue
        changed += 1
        # Reservoir sampling: every changed record has the same chance to be shown.
        if len(chosen) < sample:
            chosen.append((label, before, after))
        elif (j := rng.randrange(changed)) < sample:
            chosen[j] = (label, before, after)
    pairs = []
    for label, before, after in chosen:
        outcome = fix_record(before, LAYOUT, rules, Applicability.SAFE, rewrap)
        pairs.append(Pair(label, story(before), story(after), Counter(dict(outcome.fixes))))
    return pairs


def show(text: str, max_lines: int) -> str:
    """The text as printed: control characters made visible, optionally cut after max_lines."""
    lines = text.replace("\x03", "\u2403").split("\n")
    if max_lines and len(lines) > max_lines:
        lines = [*lines[:max_lines], f"[... {len(lines) - max_lines} more lines]"]
    return "\n".join(f"  | {line}" for line in lines)


def head(corpus: Path, limit: int, directory: Path) -> Path:
    """The first ``limit`` records of a JSON lines corpus, as a file of their own."""
    if not corpus.name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        raise CorpusError("--limit works on JSON lines corpora")
    opener: Any = gzip.open if corpus.name.endswith(".gz") else open
    target = directory / "head.jsonl"
    with opener(corpus, "rb") as lines, open(target, "wb") as out:
        out.writelines(itertools.islice((line for line in lines if line.strip()), limit))
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", help="a dataset of title/body records (default: the shared 1987 corpus)")
    parser.add_argument("--sample", "-n", type=int, default=20, help="before/after pairs to print (default 20)")
    parser.add_argument("--seed", type=int, default=1987, help="seed for the sample (default 1987)")
    parser.add_argument("--out", type=Path, help="keep the normalised archive in this file")
    parser.add_argument("--limit", type=int, help="only the first N records (JSON lines)")
    parser.add_argument("--max-lines", type=int, default=0, help="cut each printed text after N lines (0: all)")
    parser.add_argument("--extend-rules", type=Path, action="append", default=[],
                        help="extra rule files, as a rule file is tried before it joins rules/")
    parser.add_argument("--no-rewrap", action="store_true", help="keep hard-wrapped lines as they are")
    parser.add_argument("--jobs", "-j", type=int, default=1, help="worker processes (default 1)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="normalise-corpus-") as scratch:
        try:
            corpus = resolve_corpus(args.corpus)
            source = head(corpus, args.limit, Path(scratch)) if args.limit else corpus
            rules = profile_rules(args.extend_rules)
            output = args.out or Path(scratch) / "normalised.jsonl"
            print(f"corpus     {corpus}")
            print(f"rules      {len(rules)} (default rules and profile {PROFILE}), safe fixes until stable")
            print(f"machine    {machine_note()}")
            job = Job(
                (str(source),), str(output), LAYOUT, Applicability.SAFE, not args.no_rewrap,
                engine=Engine(jobs=args.jobs), force=True, progress=False,
            )
            report = normalize(job, lambda _: rules, lambda message: print(f"warning: {message}", file=sys.stderr))
            print(render(report.tally, report.names, str(output), report.seconds, report.megabytes), end="")
            pairs = sample_pairs(source, output, rules, not args.no_rewrap, args.sample, args.seed)
        except (CorpusError, ArchiveError, RuleLoadError, ConfigError) as exc:
            print(f"normalise_corpus: error: {exc}", file=sys.stderr)
            return 2
    for number, pair in enumerate(pairs, 1):
        fixes = ", ".join(f"{code} x{n}" for code, n in sorted(pair.codes.items()))
        print(f"\n=== {number}/{len(pairs)} record {pair.name}: {fixes}")
        print("--- before")
        print(show(pair.before, args.max_lines))
        print("+++ after")
        print(show(pair.after, args.max_lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
