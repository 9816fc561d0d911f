"""The pattern kind's own keys: shared fragments and case-keeping replacements."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.api import check_text
from newslint.loader import RuleLoadError
from newslint.records import Applicability
from tests.helpers import rules_from_yaml

RULES = r"""
category: test
lists:
  said_words: [called, described as, labelled]
fragments:
  attributed: '\b(?:\L<said_words>)\s+(?:\w+\s+){0,2}'
  unattributed: '(?<!\F<attributed>)'
rules:
  - code: TST001
    name: label
    summary: s
    message: "'{match}' -> '{replacement}'"
    kind: pattern
    severity: info
    fix: safe
    scope: all
    rationale: r
    reference: r
    pattern: '\F<unattributed>\bterrorists\b'
    replace: militants
    ignore-case: true
    preserve-case: true
    examples: {bad: [], good: []}
"""


@pytest.mark.parametrize(
    "text,fixed",
    [
        ("Hamas terrorists attacked.", "Hamas militants attacked."),
        ("Terrorists attacked.", "Militants attacked."),
        ("TERRORISTS ATTACKED", "MILITANTS ATTACKED"),
        ("Israel called them terrorists.", "Israel called them terrorists."),  # the fragment's lookbehind
        ("They were described as the terrorists.", "They were described as the terrorists."),
    ],
)
def test_fragments_and_preserve_case(tmp_path: Path, text: str, fixed: str) -> None:
    rules = rules_from_yaml(tmp_path, RULES)
    assert check_text(text, rules, fix=Applicability.SAFE).text == fixed


@pytest.mark.parametrize(
    "change,message",
    [
        (("\\F<unattributed>", "\\F<nope>"), "rule TST001: key 'pattern': pattern uses unknown fragment 'nope'"),
        (("(?:\\L<said_words>)", "\\F<attributed>"), "key 'pattern': fragments nest too deeply"),
    ],
)
def test_fragment_errors_name_rule_and_key(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    with pytest.raises(RuleLoadError, match=message.replace("(", r"\(").replace(")", r"\)")):
        rules_from_yaml(tmp_path, RULES.replace(*change))


MAPPED = r"""
category: test
maps:
  month_full: {Jan: January, Mar: March, Sep: September, Sept: September}
rules:
  - code: TST002
    name: month
    summary: s
    message: "'{match}' -> '{replacement}'"
    kind: pattern
    severity: info
    fix: safe
    scope: all
    rationale: r
    reference: r
    pattern: '\b(?P<m>Jan|Mar|Sept?)\.?(?=\s+\d)'
    replace: "{m|map:month_full}"
    examples: {bad: [], good: []}
"""


@pytest.mark.parametrize(
    "text,fixed",
    [("on Mar. 3", "on March 3"), ("Sept. 5 and Jan 2", "September 5 and January 2"), ("in Mar.", "in Mar.")],
)
def test_map_transform(tmp_path: Path, text: str, fixed: str) -> None:
    rules = rules_from_yaml(tmp_path, MAPPED)
    assert check_text(text, rules, fix=Applicability.SAFE).text == fixed


def test_unknown_map_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(RuleLoadError, match=r"rule TST002: key 'replace': unknown map 'months' \(maps in this file: month_full\)"):
        rules_from_yaml(tmp_path, MAPPED.replace("map:month_full", "map:months"))
