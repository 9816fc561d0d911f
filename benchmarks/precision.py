"""Measure each rule on real copy: findings, findings per 1,000 stories, and samples to judge.

    python benchmarks/precision.py                      # both shared corpora, every rule
    python benchmarks/precision.py CORPUS --select NUM  # one corpus, some rules
    python benchmarks/precision.py --sample 20 --json out.json

Every rule runs, opt-in and profile rules included, so their precision is
known before anyone turns them on. For the headlines corpus, third-party
press releases (``+PRN``/``+BSW``... in the url, or a "REG-" title) are left
out unless ``--press`` is given: the question is how rules behave on
Reuters' own copy. Read the samples and record what you judged in the
rule's ``precision:`` key (see docs/rules.md for the table it feeds).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from corpus_io import REPO_ROOT, CorpusError, use_checkout

use_checkout()

from newslint.api import check_text  # noqa: E402
from newslint.loader import load_default_rules, load_rules  # noqa: E402
from newslint.selection import parse_selectors, select_rules  # noqa: E402

CORPORA = REPO_ROOT.parent / "shared" / "corpora"
DEFAULTS = [CORPORA / "reuters21578.jsonl.gz", CORPORA / "reuters-headlines-2015-2016.jsonl.gz"]
_PRESS = re.compile(r"idUSn\w*\+\w+\+(?:PRN|BSW|ONE|GNW|MKW|ACN|BUS|PZT)|\+(?:PRN|BSW|ONE|GNW|MKW)\d")


def is_press_release(record: dict[str, str]) -> bool:
    return bool(_PRESS.search(record.get("url", ""))) or record.get("title", "").startswith("REG-")


def documents(path: Path, press: bool) -> Iterator[str]:
    """Stories as wire copy: title as headline, blank line, body (headline rows have no body)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if "url" in record and not press and is_press_release(record):
                continue
            title = record.get("title", "").strip()
            body = record.get("body", "")
            yield f"{title}\n\n{body}" if body else f"{title}\n\n"


def context(text: str, start: int, end: int, width: int = 50) -> str:
    before = text[max(0, start - width) : start]
    after = text[end : end + width]
    show = lambda s: s.replace("\n", "⏎").replace("\x03", "␃")  # noqa: E731
    return f"{show(before)}[[{show(text[start:end])}]]{show(after)}"


def measure(path: Path, rules: list, press: bool, sample: int, seed: int) -> dict:
    counts: dict[str, int] = defaultdict(int)
    reservoir: dict[str, list[str]] = defaultdict(list)
    rng = random.Random(seed)
    stories = 0
    for text in documents(path, press):
        stories += 1
        markdown = False
        for d in check_text(text, rules, markdown=markdown).diagnostics:
            counts[d.code] += 1
            seen = counts[d.code]
            # Reservoir sampling: every finding has the same chance to be shown.
            if len(reservoir[d.code]) < sample:
                reservoir[d.code].append(context(text, d.start, d.end))
            elif (j := rng.randrange(seen)) < sample:
                reservoir[d.code][j] = context(text, d.start, d.end)
    return {"corpus": path.name, "stories": stories, "counts": dict(counts), "samples": dict(reservoir)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpora", nargs="*", type=Path, help="jsonl(.gz) corpora (default: the shared ones)")
    parser.add_argument("--select", action="append", default=[], help="codes or prefixes (default: all rules)")
    parser.add_argument("--sample", type=int, default=10, help="matches shown per rule (default 10)")
    parser.add_argument("--seed", type=int, default=1987)
    parser.add_argument("--press", action="store_true", help="keep press-release headlines")
    parser.add_argument("--json", type=Path, help="also write the figures and samples as JSON")
    parser.add_argument("--extend-rules", type=Path, action="append", default=[], help="extra rule files")
    args = parser.parse_args(argv)

    corpora = args.corpora or [p for p in DEFAULTS if p.exists()]
    if not corpora:
        print("precision: no corpus given and ../shared/corpora is not beside the checkout", file=sys.stderr)
        return 2
    everything = select_rules([*load_default_rules(), *load_rules(args.extend_rules)], ["ALL"])
    rules = select_rules(everything, parse_selectors(args.select)) if args.select else everything
    names = {r.code: r.name for r in rules}
    report = []
    for path in corpora:
        try:
            result = measure(path, rules, args.press, args.sample, args.seed)
        except (OSError, ValueError) as exc:
            raise CorpusError(f"cannot read {path}: {exc}") from None
        report.append(result)
        stories = result["stories"]
        print(f"\n== {result['corpus']}: {stories:,} stories")
        print(f"{'rule':<8} {'name':<36} {'findings':>9} {'per 1k':>8}")
        for code in sorted(names):
            n = result["counts"].get(code, 0)
            print(f"{code:<8} {names[code]:<36} {n:>9,} {1000 * n / max(stories, 1):>8.2f}")
        for code in sorted(result["samples"]):
            print(f"\n-- {code} {names[code]}: {len(result['samples'][code])} of {result['counts'][code]:,}")
            for line in result["samples"][code]:
                print(f"   {line}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except CorpusError as exc:
        print(f"precision: {exc}", file=sys.stderr)
        sys.exit(2)
