"""Suppression comments: ranges, next-line, file level, and unused ones reported."""

from __future__ import annotations

import pytest

from newslint.api import check_text
from newslint.loader import load_default_rules
from newslint.records import Applicability
from newslint.suppression import parse

RULES = load_default_rules()
BAD = "Police said 3.500 people marched."


def codes(text: str, markdown: bool = True) -> list[str]:
    return [d.code for d in check_text(text, RULES, markdown=markdown).diagnostics]


@pytest.mark.parametrize(
    "text,expected",
    [
        (BAD, ["NUM101"]),
        (f"<!-- newslint-disable NUM101 -->\n{BAD}\n<!-- newslint-enable NUM101 -->\n{BAD}", ["NUM101"]),
        (f"<!-- newslint-disable NUM -->\n{BAD}\n<!-- newslint-enable -->\n{BAD}", ["NUM101"]),
        (f"<!-- newslint-disable -->\n{BAD}\n{BAD}", []),
        (f"<!-- newslint-disable-next-line NUM101 -->\n{BAD}\n{BAD}", ["NUM101"]),
        (f"{BAD} <!-- newslint-disable-next-line NUM101 -->\n{BAD}", ["NUM101"]),  # Markdown: anywhere
        (f"<!-- newslint-disable CAP101 -->\n{BAD}", ["NSL100", "NUM101"]),  # wrong code: unused
        (f"newslint: noqa\n\n{BAD}\n{BAD}", []),
        (f"newslint: noqa: NUM101\n\n{BAD}", []),
        (f"newslint: noqa: WIR\n\n{BAD}", ["NSL100", "NUM101"]),
    ],
)
def test_suppression_in_markdown(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


def test_plain_text_takes_comments_only_on_their_own_line() -> None:
    own_line = f"<!-- newslint-disable-next-line NUM101 -->\n{BAD}"
    inline = f"{BAD} <!-- newslint-disable-next-line NUM101 -->\n{BAD}"
    assert codes(own_line, markdown=False) == []
    assert codes(inline, markdown=False) == ["NUM101", "NUM101"]


def test_directive_for_a_rule_that_is_off_is_not_judged() -> None:
    rules = [r for r in RULES if r.code != "NUM101"]
    text = f"<!-- newslint-disable NUM101 -->\n{BAD}"
    assert check_text(text, rules, markdown=True).diagnostics == []


def test_unused_suppression_fix_removes_the_comment_line() -> None:
    text = "Oil rose.\n<!-- newslint-disable-next-line NUM101 -->\nOil fell.\n"
    fixed = check_text(text, RULES, markdown=True, fix=Applicability.SAFE)
    assert fixed.text == "Oil rose.\nOil fell.\n"


def test_suppressed_findings_are_not_fixed() -> None:
    text = f"<!-- newslint-disable NUM101 -->\n{BAD}\n"
    assert check_text(text, RULES, markdown=True, fix=Applicability.SAFE).text == text


def test_parse_reads_codes_and_kinds() -> None:
    found = parse("<!-- newslint-disable num101, CAP -->\nx\n<!--newslint-enable-->", markdown=True)
    assert [(d.kind, d.codes) for d in found] == [("disable", ("NUM101", "CAP")), ("enable", None)]
