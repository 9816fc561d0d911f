"""Helpers for tests that need small rule files of their own."""

from __future__ import annotations

from pathlib import Path

from newslint.rule import Rule


def rules_from_yaml(tmp_path: Path, body: str, name: str = "house.yaml") -> list[Rule]:
    """Load the rules of a small YAML rule file written for one test."""
    from newslint.loader import load_rules

    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return load_rules([path])


def pattern_rule_yaml(code: str, pattern: str, replace: str | None, fix: str = "safe") -> str:
    """A minimal valid rule file holding one pattern rule."""
    import json  # JSON strings are valid YAML double-quoted scalars

    replace_line = f"    replace: {json.dumps(replace)}\n" if replace is not None else ""
    return (
        "category: test\nrules:\n"
        f"  - code: {code}\n    name: rule-{code.lower()}\n    summary: s\n    message: m\n"
        f"    kind: pattern\n    severity: error\n    fix: {fix}\n    scope: all\n"
        f"    rationale: r\n    reference: r\n    pattern: {json.dumps(pattern)}\n{replace_line}"
        "    examples: {bad: [], good: []}\n"
    )
