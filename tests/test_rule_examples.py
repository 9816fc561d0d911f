"""Every rule is tested from its own YAML examples; a meta-test demands the examples."""

from __future__ import annotations

import pytest

from newslint import selftest
from newslint.loader import load_default_rules
from newslint.rule import BadExample, Rule

RULES = load_default_rules()
BAD = [(r, ex) for r in RULES for ex in r.examples.bad]
GOOD = [(r, text) for r in RULES for text in r.examples.good]


def _id(item: tuple[Rule, object]) -> str:
    rule, ex = item
    text = ex.text if isinstance(ex, BadExample) else str(ex)
    return f"{rule.code}:{text[:30]!r}"


@pytest.mark.parametrize("rule,example", BAD, ids=[_id(i) for i in BAD])
def test_bad_example_is_flagged_and_fixed(rule: Rule, example: BadExample) -> None:
    assert selftest.check_bad(rule, example) is None, selftest.check_bad(rule, example)


@pytest.mark.parametrize("rule,text", GOOD, ids=[_id(i) for i in GOOD])
def test_good_example_passes(rule: Rule, text: str) -> None:
    assert selftest.check_good(rule, text) is None, selftest.check_good(rule, text)


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_documents_itself(rule: Rule) -> None:
    assert list(selftest.check_documentation(rule)) == []
    assert rule.rationale and rule.reference and rule.summary


def test_meta_test_catches_a_rule_without_examples(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import pattern_rule_yaml, rules_from_yaml

    rule = rules_from_yaml(tmp_path, pattern_rule_yaml("TST001", "colour", "color"))[0]
    problems = [f.problem for f in selftest.run([rule])]
    assert problems == ["needs at least 2 bad examples", "needs at least 2 good examples"]


def test_meta_test_catches_a_fix_that_retriggers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import rules_from_yaml

    body = (
        "category: test\nrules:\n  - code: TST002\n    name: grows\n    summary: s\n    message: m\n"
        "    kind: pattern\n    severity: error\n    fix: safe\n    scope: all\n    rationale: r\n"
        "    reference: r\n    pattern: 'a+'\n    replace: '{match}a'\n"
        "    examples:\n      bad: [{text: 'a', match: 'a', fixed: 'aa'}]\n      good: []\n"
    )
    rule = rules_from_yaml(tmp_path, body)[0]
    assert selftest.check_bad(rule, rule.examples.bad[0]) == "the fixed text triggers the rule again"


def test_codes_share_a_prefix_per_category() -> None:
    prefixes: dict[str, set[str]] = {}
    for rule in RULES:
        prefixes.setdefault(rule.category, set()).add(rule.code.rstrip("0123456789"))
    assert all(len(p) == 1 for p in prefixes.values()), prefixes
    owners = [next(iter(p)) for p in prefixes.values()]
    assert len(owners) == len(set(owners)), "two categories share a code prefix"


def test_newslint_test_command_reports_failures(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from newslint.cli import main

    path = tmp_path / "house.yaml"
    path.write_text(
        "category: house\nrules:\n  - code: HSE001\n    name: use\n    summary: s\n    message: m\n"
        "    kind: substitution\n    severity: warning\n    fix: safe\n    scope: all\n"
        "    rationale: r\n    reference: r\n    swap: {utilize: use}\n"
        "    examples:\n      bad: [{text: 'We utilize it.', match: utilize, fixed: 'We use it.'},"
        " {text: 'Utilize it.', match: Utilize, fixed: 'use it.'}]\n"
        "      good: ['We use it.', 'utilized']\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["test", str(path)])
    assert result.exit_code == 1
    assert "rule HSE001: example 'Utilize it.': fixed text is 'Use it.', expected 'use it.'" in result.stdout
    assert result.stdout.endswith("1 rules, 4 examples: 1 failed.\n")
    assert CliRunner().invoke(main, ["test", "rules"]).exit_code == 0
