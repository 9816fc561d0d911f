"""Markdown through the engine: code, HTML, front matter and URLs are never linted or rewritten."""

from __future__ import annotations

import pytest

from newslint.api import check_text
from newslint.loader import load_default_rules
from newslint.records import Applicability

RULES = [r for r in load_default_rules() if r.code in {"NUM101", "WIR101", "CAP103", "NSL100"}]
BAD = "at least 1.200 people"


def flagged(text: str) -> list[str]:
    return [text[d.start : d.end] for d in check_text(text, RULES, markdown=True).diagnostics]


@pytest.mark.parametrize(
    "text,expected",
    [
        (f"Police said {BAD} marched.\n", ["1.200"]),
        (f"```\n{BAD}\n```\n", []),
        (f"    {BAD}\n", []),  # indented code
        (f"Run `{BAD}` here.\n", []),
        (f"---\ntitle: {BAD}\n---\n\nText.\n", []),  # front matter
        (f"<div>{BAD}</div>\n", []),
        (f"<!-- {BAD} -->\n", []),
        (f"See [{BAD}](https://example.com/1.200.000).\n", ["1.200"]),  # link text is prose, the URL is not
        ("Go to https://example.com/at-least-1.200.000-people now.\n", []),
        (f"> {BAD} marched.\n", ["1.200"]),  # block quotes are text
        (f"- {BAD}\n- more\n", ["1.200"]),  # list items are text
        (f"| a | {BAD} |\n|---|---|\n", ["1.200"]),  # tables are text
    ],
)
def test_ignored_regions(text: str, expected: list[str]) -> None:
    assert flagged(text) == expected


def test_headings_are_headlines_but_not_inside_code() -> None:
    text = "# BAHIA COCOA REVIEW\n\n```\n# OIL PRICES FALL HARD\n```\n"
    assert flagged(text) == ["BAHIA COCOA REVIEW"]


def test_directive_shown_in_a_code_block_switches_nothing_off() -> None:
    text = f"```\n<!-- newslint-disable -->\n```\n\nPolice said {BAD} marched.\n"
    assert flagged(text) == ["1.200"]


def test_fix_never_edits_code_and_keeps_offsets() -> None:
    text = f"Intro with {BAD}.\n\n```\n{BAD}\n```\n\n> And {BAD}.\n"
    fixed = check_text(text, RULES, markdown=True, fix=Applicability.SAFE).text
    assert fixed == "Intro with at least 1,200 people.\n\n```\nat least 1.200 people\n```\n\n> And at least 1,200 people.\n"


def test_quote_marks_in_code_do_not_open_quotations() -> None:
    text = f'Use `x = "a` in code. Police said {BAD} marched.\n'
    diagnostics = check_text(text, RULES, markdown=True).diagnostics
    assert [d.fix.applicability for d in diagnostics if d.fix] == [Applicability.SAFE]
