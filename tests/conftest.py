"""Shared fixtures: the shipped ruleset and the location of ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.loader import load_default_rules
from newslint.rule import Rule

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def all_rules() -> list[Rule]:
    return load_default_rules()


def shared_path(relative: str) -> Path:
    """A file under ../shared, or skip: a user's clone has no ../shared beside it."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"needs ../shared/{relative} (present in CI, not in a user's clone)")
    return path


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
