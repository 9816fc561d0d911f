"""The one fix routine: ordering, overlaps, atomic multi-edit fixes, convergence."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.api import check_text
from newslint.fixes import MAX_ITERATIONS, apply_fixes
from newslint.records import Applicability, Diagnostic, Edit, Finding, Fix, make
from tests.helpers import pattern_rule_yaml, rules_from_yaml

SAFE = Applicability.SAFE


def fix(*edits: tuple[int, int, str]) -> Fix:
    return Fix(tuple(Edit(*e) for e in edits), SAFE)


@pytest.mark.parametrize(
    "fixes,expected,applied",
    [
        ([fix((0, 1, "A"))], "Abcdef", 1),
        ([fix((4, 6, "EF")), fix((0, 1, "A"))], "AbcdEF", 2),  # order of arrival does not matter
        ([fix((0, 3, "X")), fix((2, 4, "Y"))], "Xdef", 1),  # overlap: the earlier one wins
        ([fix((1, 1, "+")), fix((1, 1, "-"))], "a+bcdef", 1),  # two insertions at one point
        ([fix((0, 1, "A"), (5, 6, "F")), fix((4, 5, "E"))], "AbcdeF", 1),  # multi-edit fix first
        ([fix((3, 4, "D")), fix((0, 1, "A"), (2, 5, "?"))], "Ab?f", 1),  # whole fix or nothing
        ([fix((2, 2, "!")), fix((2, 3, "C"))], "ab!Cdef", 2),  # insertion then replacement
        ([], "abcdef", 0),
    ],
)
def test_apply_fixes(fixes: list[Fix], expected: str, applied: int) -> None:
    text, done = apply_fixes("abcdef", fixes)
    assert text == expected
    assert len(done) == applied


def test_fix_repeats_until_nothing_changes(tmp_path: Path) -> None:
    # "aaaa" -> "aa" -> "a": two passes, each fix re-linted.
    rules = rules_from_yaml(tmp_path, pattern_rule_yaml("TST001", "aa", "a"))
    result = check_text("xaaaax", rules, fix=SAFE)
    assert result.text == "xax"
    assert result.converged
    assert result.diagnostics == []
    assert len(result.fixed) == 3


def test_non_convergence_is_reported_and_bounded(tmp_path: Path) -> None:
    rules = rules_from_yaml(tmp_path, pattern_rule_yaml("TST002", "a+", "{match}a"))
    result = check_text("a", rules, fix=SAFE)
    assert not result.converged
    assert result.text == "a" * (MAX_ITERATIONS + 1)
    assert [d.code for d in result.diagnostics] == ["TST002"]


def test_threshold_keeps_unsafe_fixes_out(tmp_path: Path) -> None:
    rules = rules_from_yaml(tmp_path, pattern_rule_yaml("TST003", "colour", "color", fix="unsafe"))
    assert check_text("colour", rules, fix=SAFE).text == "colour"
    assert check_text("colour", rules, fix=Applicability.UNSAFE).text == "color"


def test_fix_inside_quotation_is_unsafe(tmp_path: Path) -> None:
    rules = rules_from_yaml(tmp_path, pattern_rule_yaml("TST004", "colour", "color"))
    text = 'The colour, she said, "is the colour of hope."'
    result = check_text(text, rules)
    assert [d.fix.applicability for d in result.diagnostics if d.fix] == [SAFE, Applicability.UNSAFE]
    assert check_text(text, rules, fix=SAFE).text == 'The color, she said, "is the colour of hope."'


def test_display_only_fix_is_never_applied(tmp_path: Path) -> None:
    rules = rules_from_yaml(tmp_path, pattern_rule_yaml("TST005", r"\bvs\b", "versus", fix="display-only"))
    result = check_text("Profit 5 vs 4", rules, fix=Applicability.UNSAFE)
    assert result.text == "Profit 5 vs 4"
    assert result.diagnostics[0].replacement(result.text) == "versus"


def test_records_have_the_fields_the_engine_builds_them_from() -> None:
    """The engine and the pattern kind build records from tuples of every field, in order."""
    assert Finding._fields == ("start", "end", "replacement", "values", "applicability")
    assert Diagnostic._fields == ("rule", "start", "end", "message", "fix")
    assert Fix._fields == ("edits", "applicability")
    assert Edit._fields == ("start", "end", "content")
    made = make(Edit, (1, 2, "x"))
    assert made == Edit(1, 2, "x") and type(made) is Edit
