"""A record's fields as stories and back: composition, the split after fixing, unusable values."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.archive.story import Layout, extract, ident, rebuild, stories
from newslint.archive.work import check_record, fix_record
from newslint.records import Applicability
from newslint.workspace import CommandLine, Workspace

LEGACY = Workspace(isolated=True, command_line=CommandLine(profile="legacy-wire")).rules_for(Path("."))
TITLED = Layout(("body",), "title")


def fixed(record: dict[str, object], layout: Layout = TITLED, rewrap: bool = True) -> tuple[str, ...] | None:
    values, problem = extract(record, layout)
    assert values is not None, problem
    outcome = fix_record(values, layout, LEGACY, Applicability.SAFE, rewrap)
    assert outcome.error is None
    return outcome.values


def test_the_title_is_the_headline_of_the_body() -> None:
    [story] = stories(("COCOA EXPORTS RISE", "Exports rose.\n"), TITLED)
    assert story == ("body", "COCOA EXPORTS RISE\n\nExports rose.\n", len("COCOA EXPORTS RISE"))


def test_fixes_in_title_and_body_go_back_to_their_fields() -> None:
    new = fixed({"title": "U.S. OIL OUTPUT FALLS", "body": "Output fell 5 pct.\n Reuter\n\x03"})
    assert new == ("US OIL OUTPUT FALLS", "Output fell 5%.\n")


def test_white_space_around_the_title_is_kept() -> None:
    new = fixed({"title": " U.S. OIL OUTPUT FALLS\n", "body": "Output fell 5 pct.\n"})
    assert new == (" US OIL OUTPUT FALLS\n", "Output fell 5%.\n")


def test_an_unchanged_record_has_no_new_values() -> None:
    assert fixed({"title": "Markets steady in quiet trade", "body": "Markets were steady, traders said.\n"}) is None


def test_crlf_fields_keep_their_line_breaks() -> None:
    new = fixed({"title": "Output falls", "body": "Output fell 5 pct,\r\nthe ministry said.\r\n"}, rewrap=False)
    assert new == ("Output falls", "Output fell 5%,\r\nthe ministry said.\r\n")


def test_an_empty_title_leaves_the_body_alone_as_the_story() -> None:
    assert stories(("  ", "Sales rose.\n"), TITLED) == [("body", "Sales rose.\n", 0)]
    assert fixed({"title": "", "body": "Sales rose 3 pct.\n"}) == ("", "Sales rose 3%.\n")


def test_without_a_title_field_each_text_field_is_a_story() -> None:
    layout = Layout(("lede", "body"), None)
    assert [s.field for s in stories(("One.", "Two."), layout)] == ["lede", "body"]
    assert fixed({"lede": "Up 5 pct.", "body": "Down 3 pct."}, layout) == ("Up 5%.", "Down 3%.")


def test_a_split_is_refused_when_the_fixes_move_the_boundary() -> None:
    values = ("COCOA", "Body.\n")
    built = stories(values, TITLED)
    assert rebuild(values, TITLED, built, ["Body.\n"]) is None  # the title line was deleted
    assert rebuild(values, TITLED, built, ["COCOA\nBody.\n\nMore.\n"]) is None  # the title gained a line
    assert rebuild(values, TITLED, built, ["Cocoa\n\nBody.\n"]) == ("Cocoa", "Body.\n")


def test_a_title_only_story_may_lose_its_trailing_blank_line() -> None:
    values = ("U.S. COCOA", "")
    built = stories(values, TITLED)
    assert rebuild(values, TITLED, built, ["US COCOA\n"]) == ("US COCOA", "")


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ({"title": "T"}, "no field 'body'"),
        ({"title": "T", "body": None}, "field 'body' is null, not text"),
        ({"title": "T", "body": 12}, "field 'body' is a number, not text"),
        ({"title": "T", "body": ["a"]}, "field 'body' is a list, not text"),
        ({"title": None, "body": "B"}, "field 'title' is null, not text"),
        ({"title": "T", "body": "bad \udcff byte"}, "field 'body' is not valid Unicode text"),
        ({"title": "One\n\nTwo", "body": "B"}, "field 'title' holds a blank line, so it cannot be a headline"),
    ],
)
def test_unusable_values_are_named(record: dict[str, object], problem: str) -> None:
    assert extract(record, TITLED) == (None, problem)


def test_the_id_names_a_record_when_it_is_a_plain_value() -> None:
    assert ident({"id": 7}, TITLED) == "7"
    assert ident({"id": "a-7"}, TITLED) == "a-7"
    assert ident({"id": None}, TITLED) is None
    assert ident({"id": True}, TITLED) is None
    assert ident({"id": [1]}, TITLED) is None
    assert ident({"id": 7}, Layout(id_field=None)) is None


def test_findings_are_located_in_the_story_and_attributed_to_their_field() -> None:
    found = check_record(("COCOA EXPORTS RISE", "Sales rose 5 pct.\n"), TITLED, LEGACY)
    where = {(field, e.code, e.line, e.column) for field, e in found.entries}
    assert ("title", "CAP103", 1, 1) in where
    assert ("body", "MON101", 3, 12) in where


def test_rules_survive_pickling_as_they_travel_to_spawned_and_dask_workers() -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(LEGACY))
    values = ("U.S. OIL OUTPUT FALLS", "Output fell 5 pct.\n Reuter\n\x03")
    assert fix_record(values, TITLED, copy, Applicability.SAFE, True) == fix_record(
        values, TITLED, LEGACY, Applicability.SAFE, True
    )


def test_one_normalize_is_final_even_when_a_late_fix_unblocks_a_rewrap() -> None:
    # The double space reads as a table's column gap, so the paragraph is not rewrapped;
    # the fix round after the rewrap removes it, and only a further round joins the lines.
    body = "    Besides the report, another key\nquestion is who\nreceived  millions of dollars.  \n    So far the trail stops.\n"
    once = fixed({"title": "", "body": body})
    assert once == ("", "Besides the report, another key question is who received millions of dollars.\n\nSo far the trail stops.\n")
    assert fixed({"title": "", "body": once[1]}) is None
