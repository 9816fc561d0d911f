"""Named transforms and templates: the only 'code' a rule file can reach."""

from __future__ import annotations

import pytest
import regex

from newslint.template import MatchValues, Template, TemplateError
from newslint.transforms import TRANSFORMS, match_case


@pytest.mark.parametrize(
    "name,given,expected",
    [
        ("thousands", "1.200", "1,200"),
        ("thousands", "1.200.000", "1,200,000"),
        ("thousands", "12 500", "12,500"),
        ("thousands", "48\u00a0000", "48,000"),
        ("thousands", "1\u202f200\u202f000", "1,200,000"),
        ("thousands", "12000", "12,000"),
        ("thousands", "0.073", "0.073"),  # a decimal with a leading zero is left alone
        ("thousands", "1.20", "1.20"),  # not a thousands group
        ("thousands", "1234.567", "1234.567"),
        ("thousands", "abc", "abc"),
        ("digits", "1,200,000", "1200000"),
        ("lower", "President", "president"),
        ("upper", "nato", "NATO"),
        ("capitalize", "foreign minister", "Foreign Minister"),
        ("capitalize-first", "president", "President"),
        ("title", "secretary of state", "Secretary of State"),
        ("strip", "  x ", "x"),
        ("collapse-space", "new\n  record", "new record"),
        ("number-words", "7", "seven"),
        ("number-words", "1", "one"),
        ("number-words", "10", "10"),
        ("number-words", "x", "x"),
    ],
)
def test_transform(name: str, given: str, expected: str) -> None:
    assert TRANSFORMS[name](given) == expected


@pytest.mark.parametrize(
    "source,replacement,expected",
    [("Teheran", "tehran", "Tehran"), ("TEHERAN", "Tehran", "TEHRAN"), ("teheran", "Tehran", "Tehran")],
)
def test_match_case(source: str, replacement: str, expected: str) -> None:
    assert match_case(source, replacement) == expected


def test_template_renders_fields_and_transforms() -> None:
    template = Template("'{match}' -> '{n|thousands}' {{literal}}", {"match", "n"})
    assert template.render({"match": "1.200 people", "n": "1.200"}) == "'1.200 people' -> '1,200' {literal}"
    assert template.fields == {"match", "n"}


@pytest.mark.parametrize(
    "source,message",
    [
        ("{nope}", "unknown field {nope}"),
        ("{match|shout}", "unknown transform 'shout'"),
        ("a } b", "stray '}'"),
        ("{match.__class__}", "unknown field"),  # no attribute access: rules cannot reach Python objects
    ],
)
def test_template_errors(source: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message.replace("{", r"\{").replace("}", r"\}")):
        Template(source, {"match"})


def test_match_values_are_the_match_its_groups_and_named_groups() -> None:
    m = regex.search(r"(?<n>\d+)(x)?(?<match>[a-z]+)", "up 12kg")
    assert m is not None
    values = MatchValues(m)
    # As a dict of every field would be: an unmatched group is "", a group named "match" wins.
    assert dict(values) == {"match": "kg", "0": "12kg", "1": "12", "2": "", "3": "kg", "n": "12"}
    assert values.get("nope", "?") == "?" and values.get("9") is None
    with pytest.raises(KeyError):
        values["nope"]
    template = Template("{n} then {0} then {replacement}", {"n", "0", "replacement"})
    assert template.render(values, "12 kg") == "12 then 12kg then 12 kg"
