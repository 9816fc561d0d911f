"""docs/rules.md, generated from the rule files: every rule, grouped by category.

Regenerate with ``newslint rules --format markdown > docs/rules.md``; a test
fails when the committed file is stale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import groupby
from typing import Any

from newslint.explain import fix_label
from newslint.rule import Rule

HEADER = """\
<!-- newslint-disable -->
# newslint rules

Generated from the YAML files in `rules/` by `newslint rules --format markdown`; do not edit
by hand (the comment above keeps newslint from flagging the bad forms the rules describe). Fix safety: **safe** fixes are applied by `--fix`, **unsafe** ones only with
`--unsafe-fixes`, **display-only** ones are suggestions, and **-** means the rule only flags.
Precision is what a person judged on a random sample of the rule's findings in the shared
Reuters corpora (`benchmarks/precision.py`).
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    """Example text as inline code, with line breaks and control characters made visible."""
    shown = text.replace("\r", "␍").replace("\n", "⏎").replace("\x03", "␃").replace("\u00a0", "⍽").replace("\u202f", "⍽")
    ticks = "``" if "`" in shown else "`"
    pad = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{ticks}{pad}{shown}{pad}{ticks}"


def precision_cell(precision: Mapping[str, Mapping[str, Any]]) -> str:
    parts = []
    for corpus, figures in sorted(precision.items()):
        sampled, correct, findings = figures["sampled"], figures["correct"], figures["findings"]
        if sampled:
            parts.append(f"{corpus}: {100 * correct / sampled:.0f}% of {sampled} read ({findings:,} found)")
        else:
            parts.append(f"{corpus}: {findings:,} found")
    return "; ".join(parts) or "not measured"


def status(rule: Rule) -> str:
    if rule.profile:
        return f"profile {rule.profile}"
    return "on" if rule.enabled else "opt-in"


def render(rules: Sequence[Rule]) -> str:
    ordered = sorted(rules, key=lambda r: (r.category, r.code))
    out = [HEADER]
    out.append("| code | name | category | fix | default | precision |\n|---|---|---|---|---|---|")
    for rule in ordered:
        out.append(
            f"| [{rule.code}](#{rule.code.lower()}) | {rule.name} | {rule.category} | {fix_label(rule)} "
            f"| {status(rule)} | {_cell(precision_cell(rule.precision))} |"
        )
    for category, members in groupby(ordered, key=lambda r: r.category):
        out.append(f"\n## {category}\n")
        for rule in members:
            out.append(_rule_section(rule))
    return "\n".join(out).rstrip() + "\n"


def _rule_section(rule: Rule) -> str:
    when = ", ".join(f"{k}: {v}" for k, v in rule.when)
    lines = [
        f"### {rule.code}",
        "",
        f"**{rule.name}**: {rule.summary}",
        "",
        f"- Fix: {fix_label(rule)}; severity: {rule.severity.value}; default: {status(rule)}"
        + (f"; only with {when}" if when else ""),
        f"- Scope: {', '.join(rule.scope)}" + (f" (not in {', '.join(rule.exclude)})" if rule.exclude else ""),
        f"- Reference: {rule.reference}",
        f"- Precision: {precision_cell(rule.precision)}",
        "",
        rule.rationale,
        "",
        "Flagged:",
        "",
    ]
    for bad in rule.examples.bad:
        fixed = f" → {_code(bad.fixed)}" if bad.fixed is not None else ""
        lines.append(f"- {_code(bad.text)}{fixed}")
    lines += ["", "Not flagged:", ""]
    lines += [f"- {_code(good)}" for good in rule.examples.good]
    notes = [f"{c}: {f['note']}" for c, f in sorted(rule.precision.items()) if f.get("note")]
    if notes:
        lines += ["", "Measurement notes:", "", *(f"- {_cell(n)}" for n in notes)]
    return "\n".join(lines) + "\n"
