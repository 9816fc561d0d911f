"""The consistency kind: minority variants flagged, proper names exempt."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.api import check_text
from tests.helpers import rules_from_yaml

RULE = """\
category: test
rules:
  - code: TST001
    name: mixed-spelling
    summary: s
    message: "'{match}' is {variant} spelling; this story is mostly {majority}"
    kind: consistency
    severity: info
    fix: none
    scope: all
    rationale: r
    reference: r
    variants:
      american: [defense, labor, center]
      british: [defence, labour, centre]
    exceptions: [Ministry of Defence, Labour Party, World Trade Center]
    examples: {bad: [], good: []}
"""


@pytest.mark.parametrize(
    "text,flagged",
    [
        ("The defense budget and labor costs rose.", []),
        ("The defense budget rose; labour costs fell; the center held.", ["labour"]),
        ("Defence and labour rose, but DEFENSE fell.", ["DEFENSE"]),
        ("The Ministry of Defence said defense spending rose.", []),  # a proper name does not count
        ("The Labour Party backed labor reform.", []),
        ("Defense rose. Defence fell.", ["Defence"]),  # a tie: the first variant used wins
        ("defenseless laborious centred", []),  # whole words only
    ],
)
def test_minority_variant_is_flagged(tmp_path: Path, text: str, flagged: list[str]) -> None:
    rules = rules_from_yaml(tmp_path, RULE)
    found = check_text(text, rules).diagnostics
    assert [text[d.start : d.end] for d in found] == flagged


def test_message_names_both_variants(tmp_path: Path) -> None:
    rules = rules_from_yaml(tmp_path, RULE)
    found = check_text("defense, labor, centre", rules).diagnostics
    assert found[0].message == "'centre' is british spelling; this story is mostly american"


def test_hyphenated_variant_words_still_count(tmp_path: Path) -> None:
    rules = rules_from_yaml(tmp_path, RULE.replace("[defense, labor, center]", "[defense, labor, co-operate]"))
    found = check_text("They co-operate on defence and labour.", rules).diagnostics
    assert [d.rule.code for d in found] == ["TST001"]
