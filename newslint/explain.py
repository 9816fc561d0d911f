"""Rule documentation for the terminal: the table of rules and one rule's page."""

from __future__ import annotations

from collections.abc import Sequence

from newslint.rule import Rule


def fix_label(rule: Rule) -> str:
    return "-" if rule.fix is None else rule.fix.label


def rule_table(rules: Sequence[Rule]) -> str:
    rows = [("CODE", "NAME", "FIX", "SUMMARY")]
    for rule in rules:
        name = rule.name if rule.enabled else f"{rule.name} (opt-in)"
        if rule.profile:
            name = f"{rule.name} ({rule.profile})"
        rows.append((rule.code, name, fix_label(rule), rule.summary))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "".join(
        f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}\n" for row in rows
    )


def _triggers(rule: Rule) -> str:
    """What a story must hold for the rule to run, as ``newslint rule`` shows it."""
    from newslint.folding import is_common

    needs = [c for c in (rule.triggers, *rule.requires) if c and not any(map(is_common, c))]
    if not needs:
        return "none (runs on every story)"
    listed = "; and ".join(_one_of(c) for c in needs)
    digits = "; 0 stands for any digit" if any("0" in t for c in needs for t in c) else ""
    return f"{listed} (any case{digits}; stories without them skip the rule)"


def _one_of(literals: frozenset[str]) -> str:
    shown = sorted(literals, key=lambda t: (len(t), t))
    listed = ", ".join(repr(t) for t in shown[:8]) + (f" and {len(shown) - 8} more" if len(shown) > 8 else "")
    return listed if len(shown) == 1 else f"one of {listed}"


def rule_page(rule: Rule) -> str:
    scope = ", ".join(rule.scope) + (f" (not in {', '.join(rule.exclude)})" if rule.exclude else "")
    lines = [
        f"{rule.code} {rule.name}",
        "",
        rule.summary,
        "",
        f"Category:  {rule.category}",
        f"Kind:      {rule.kind}",
        f"Severity:  {rule.severity.value}",
        f"Fix:       {fix_label(rule)}",
        f"Scope:     {scope}",
        f"Enabled:   {'yes' if rule.enabled else 'no (opt-in: select it by code)'}",
        f"Triggers:  {_triggers(rule)}",
        "",
        "Why",
        *(f"  {line}" for line in rule.rationale.splitlines()),
        "",
        f"Reference: {rule.reference}",
        "",
        "Examples that break the rule",
    ]
    for bad in rule.examples.bad:
        lines.append(f"  - {bad.text!r}")
        if bad.fixed is not None:
            lines.append(f"    fixed: {bad.fixed!r}")
    lines += ["", "Examples that pass"]
    lines += [f"  - {good!r}" for good in rule.examples.good]
    return "\n".join(lines) + "\n"
