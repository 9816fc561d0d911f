"""Property tests over generated wire copy: fixes are idempotent and stay in their spans."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint.api import check_text
from newslint.document import Document
from newslint.engine import lint
from newslint.fixes import apply_fixes
from pathlib import Path

from newslint.records import Applicability, Fix
from newslint.workspace import Workspace

# The rules a user gets by default: style switches such as months = "full" are off.
RULES = Workspace(isolated=True).rules_for(Path("."))
SAFE = Applicability.SAFE

# Fragments of wire copy, rich in what the rules look at and in their traps.
FRAGMENTS = [
    "at least 1.200 people", "1.200.000", "12 500 workers", "48\u00a0000", "1\u202f200", "12000 troops",
    "$1.125", "1.2650", "4.125%", "1.5 million", "1600 GMT", "in 2023", "version 2.100", "155,221 bags",
    "5.93 mln", "foreign minister Penny Wong", "the Secretary of State", "The President said",
    "Defense Secretary Lloyd Austin", "Thomson/Reuters", "Thompson Reuters", "Reuters",
    "© 2025 Thomson/Reuters. All rights reserved.", "Copyright 2024 Reuters. All rights reserved.",
    "(Reporting by Jane Doe; Editing by John Roe)", " Reuter\n\x03", "REUTER", '"', "“", "”",
    "said", "Oil rose.", "BAHIA COCOA REVIEW", "Oil Prices Fall As Demand Worries Mount",
    "Blinken", "Oct. 7, 2023", "the", "Gaza", "10", "3.5", ",", ".", " ", "  ", "\n", "\n\n", "é", "—",
]

copy = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(
    lambda parts: "".join(p if p in {" ", "\n", "\n\n", ",", "."} else p + " " for p in parts)
)
markdown = st.booleans()
fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
@given(copy, markdown)
def test_fixing_twice_equals_fixing_once(text: str, md: bool) -> None:
    once = check_text(text, RULES, markdown=md, fix=SAFE)
    twice = check_text(once.text, RULES, markdown=md, fix=SAFE)
    assert twice.text == once.text


@fast
@given(copy, markdown)
def test_text_outside_reported_spans_is_never_changed(text: str, md: bool) -> None:
    diagnostics = lint(Document(text, markdown=md), RULES)
    fixes: list[Fix] = []
    for d in diagnostics:
        if d.fix is not None and d.fix.applicability >= SAFE:
            assert all(d.start <= e.start <= e.end <= d.end for e in d.fix.edits)
            fixes.append(d.fix)
    new, applied = apply_fixes(text, fixes)
    # Walk the untouched stretches between applied fixes: each must reappear verbatim.
    pos = out = 0
    for fix in sorted(applied, key=lambda f: f.start):
        keep = text[pos : fix.start]
        assert new[out : out + len(keep)] == keep
        out += len(keep) + sum(len(e.content) for e in fix.edits) + sum(
            b.start - a.end for a, b in zip(sorted(fix.edits), sorted(fix.edits)[1:])
        )
        pos = fix.end
    assert new[out:] == text[pos:]


@fast
@given(st.text(max_size=300), markdown)
def test_any_text_lints_without_error(text: str, md: bool) -> None:
    diagnostics = lint(Document(text, markdown=md), RULES)
    for d in diagnostics:
        assert 0 <= d.start <= d.end <= len(text)
    assert diagnostics == sorted(diagnostics, key=lambda d: (d.start, d.end, d.code))
