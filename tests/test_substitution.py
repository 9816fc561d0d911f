"""The substitution kind: one matcher per word list, case kept, phrases across line breaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.api import check_text
from newslint.records import Applicability
from tests.helpers import rules_from_yaml

RULE = """\
category: test
rules:
  - code: TST001
    name: swaps
    summary: s
    message: "'{match}' -> '{replacement}'"
    kind: substitution
    severity: warning
    fix: safe
    scope: all
    rationale: r
    reference: r
    swap:
      cease-fire: ceasefire
      new record: record
      Teheran: Tehran
      Thomson/Reuters: Thomson Reuters
      the Ukraine: Ukraine
      massacre: null
    examples: {bad: [], good: []}
"""


@pytest.mark.parametrize(
    "text,fixed",
    [
        ("A cease-fire held.", "A ceasefire held."),
        ("CEASE-FIRE HOLDS", "CEASEFIRE HOLDS"),
        ("Cease-fire talks", "Ceasefire talks"),
        ("set a new\nrecord", "set a record"),  # a phrase across a hard line break
        ("a Thomson/Reuters poll", "a Thomson Reuters poll"),
        ("in the Ukraine and Teheran", "in Ukraine and Tehran"),
        ("non-cease-fire ceasefires Teherans", "non-cease-fire ceasefires Teherans"),  # whole words only
        ("the massacre", "the massacre"),  # flagged, no fix
    ],
)
def test_swaps(tmp_path: Path, text: str, fixed: str) -> None:
    rules = rules_from_yaml(tmp_path, RULE)
    assert check_text(text, rules, fix=Applicability.SAFE).text == fixed


def test_null_swap_is_flagged_without_fix(tmp_path: Path) -> None:
    rules = rules_from_yaml(tmp_path, RULE)
    [diagnostic] = check_text("It was a massacre.", rules).diagnostics
    assert diagnostic.fix is None and diagnostic.message == "'massacre' -> ''"
