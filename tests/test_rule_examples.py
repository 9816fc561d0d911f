"""Every rule is tested from its own YAML examples; a meta-test demands the examples."""

from __future__ import annotations

import pytest

from newslint.api import check_text
from newslint.loader import load_default_rules
from newslint.records import Applicability
from newslint.rule import BadExample, Rule

RULES = load_default_rules()
BAD = [(r, ex) for r in RULES for ex in r.examples.bad]
GOOD = [(r, text) for r in RULES for text in r.examples.good]


def _id(item: tuple[Rule, object]) -> str:
    rule, ex = item
    text = ex.text if isinstance(ex, BadExample) else str(ex)
    return f"{rule.code}:{text[:30]!r}"


def _expected_spans(example: BadExample) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for fragment in example.match:
        start = example.text.find(fragment, pos)
        assert start >= 0, f"example match {fragment!r} is not in its text"
        spans.append((start, start + len(fragment)))
        pos = start + len(fragment)
    return spans


def _markdown(text: str) -> bool:
    return text.startswith("#")


@pytest.mark.parametrize("rule,example", BAD, ids=[_id(i) for i in BAD])
def test_bad_example_is_flagged_and_fixed(rule: Rule, example: BadExample) -> None:
    md = _markdown(example.text)
    result = check_text(example.text, [rule], markdown=md)
    assert [(d.start, d.end) for d in result.diagnostics] == _expected_spans(example)
    if not rule.fixable:
        assert example.fixed is None, "a rule without a fix cannot give fixed text"
        return
    assert example.fixed is not None, "a fixable rule's bad example needs 'fixed'"
    assert rule.fix is not None
    fixed = check_text(example.text, [rule], markdown=md, fix=rule.fix)
    assert fixed.text == example.fixed
    assert fixed.converged
    assert check_text(fixed.text, [rule], markdown=md).diagnostics == [], "the fix re-triggers the rule"


@pytest.mark.parametrize("rule,text", GOOD, ids=[_id(i) for i in GOOD])
def test_good_example_passes(rule: Rule, text: str) -> None:
    assert check_text(text, [rule], markdown=_markdown(text)).diagnostics == []


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_documents_itself(rule: Rule) -> None:
    assert len(rule.examples.bad) >= 2, "at least two bad examples"
    assert len(rule.examples.good) >= 2, "at least two good examples"
    assert rule.rationale and rule.reference and rule.summary
    if rule.fix is not None and rule.fix >= Applicability.UNSAFE:
        assert all(ex.fixed is not None for ex in rule.examples.bad)


def test_codes_share_a_prefix_per_category() -> None:
    prefixes: dict[str, set[str]] = {}
    for rule in RULES:
        prefixes.setdefault(rule.category, set()).add(rule.code.rstrip("0123456789"))
    assert all(len(p) == 1 for p in prefixes.values()), prefixes
    owners = [next(iter(p)) for p in prefixes.values()]
    assert len(owners) == len(set(owners)), "two categories share a code prefix"
