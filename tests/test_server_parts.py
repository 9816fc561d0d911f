"""The servers' parts: UTF-16 positions, line endings, annotated text, LanguageTool
parameters, sentences, resilient checking, settings and the missing-extra message."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from newslint.api import check_text
from newslint.cli import main
from newslint.rule import Rule
from newslint.selection import select_rules
from newslint.server import annotated, checking
from newslint.server.annotated import AnnotatedText
from newslint.server.ltparams import ApiError, Rulebook, parse_check
from newslint.server.newlines import normalize
from newslint.server.positions import LineIndex, Position, Utf16Offsets, units
from newslint.server.sentences import Sentences
from newslint.server.settings import Settings, parse
from tests.conftest import ROOT
from tests.helpers import pattern_rule_yaml, rules_from_yaml

SEED = ROOT / "seeds" / "blinken-middle-east-trip.txt"

# --- positions -------------------------------------------------------------


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [("abc", 3), ("😀", 2), ("中文", 2), ("a😀b🎉", 6), ("\r\n", 2), ("é", 1)],
)
def test_units_utf16(text: str, expected: int) -> None:
    assert units(text) == expected == utf16(text)


def test_units_other_encodings() -> None:
    assert units("a😀中", "utf-8") == 1 + 4 + 3
    assert units("a😀中", "utf-32") == 3


def test_line_index_emoji_and_cjk() -> None:
    text = "😀 中文 x\nsecond 🎉 line"
    index = LineIndex(text)
    x = text.index("x")
    assert index.position(x) == Position(0, 2 + 1 + 2 + 1)
    assert index.offset(Position(0, 6)) == x
    party = text.index("🎉")
    assert index.position(party + 1) == Position(1, 7 + 2)
    assert index.offset(Position(1, 9)) == party + 1
    # A position inside a surrogate pair means the character itself.
    assert index.offset(Position(0, 1)) == 0
    assert index.offset(Position(1, 8)) == party


def test_line_index_crlf_and_cr() -> None:
    text = "one\r\ntwo\rthree\nfour"
    index = LineIndex(text)
    assert index.starts == [0, 5, 9, 15]
    assert index.position(text.index("two")) == Position(1, 0)
    assert index.position(text.index("three")) == Position(2, 0)
    assert index.position(text.index("four") + 2) == Position(3, 2)
    # Past the end of a line is its end, before the line break; past the last line is the end.
    assert index.offset(Position(0, 99)) == 3
    assert index.offset(Position(9, 0)) == len(text)
    assert index.line_end(1) == text.index("\rthree")


def test_line_index_utf8_and_utf32() -> None:
    text = "a😀b"
    assert LineIndex(text, "utf-8").position(2) == Position(0, 5)
    assert LineIndex(text, "utf-32").position(2) == Position(0, 2)
    assert LineIndex(text, "utf-8").offset(Position(0, 5)) == 2


@given(st.text(alphabet=st.sampled_from(list("ab \n\r😀中é")), max_size=40))
def test_line_index_round_trip(text: str) -> None:
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        if offset and text[offset - 1 : offset + 1] == "\r\n":
            continue  # between CR and LF is no position of its own
        position = index.position(offset)
        line_start = index.starts[position.line]
        assert position.character == utf16(text[line_start:offset])
        assert index.offset(position) == offset


@given(st.text(alphabet=st.sampled_from(list("ab\n😀🎉中")), max_size=40))
def test_utf16_offsets(text: str) -> None:
    to16 = Utf16Offsets(text)
    assert [to16(i) for i in range(len(text) + 1)] == [utf16(text[:i]) for i in range(len(text) + 1)]


# --- line endings ----------------------------------------------------------


def test_crlf_is_checked_as_lf_and_mapped_back() -> None:
    text = "Head\r\n\r\nSaid 1.200 people.\r\n"
    normal = normalize(text)
    assert normal.text == "Head\n\nSaid 1.200 people.\n" and normal.newline == "\r\n"
    at = normal.text.index("1.200")
    assert text[normal.original(at) : normal.original(at + 5)] == "1.200"
    assert normal.original(len(normal.text)) == len(text)
    assert normal.restore("a\nb") == "a\r\nb"


def test_mixed_line_endings_are_checked_as_they_are() -> None:
    assert normalize("a\r\nb\nc").text == "a\r\nb\nc"
    assert normalize("a\rb\rc").text == "a\nb\nc"  # CR alone, as the 1987 wire sent it


def test_check_crlf_matches_check_lf(all_rules: list[Rule]) -> None:
    rules = select_rules(all_rules)
    lf = SEED.read_text(encoding="utf-8")
    crlf = lf.replace("\n", "\r\n")
    expected = check_text(lf, rules).diagnostics
    got = checking.check(crlf, rules).diagnostics
    assert [d.code for d in got] == [d.code for d in expected]
    assert [crlf[d.start : d.end] for d in got] == [lf[d.start : d.end].replace("\n", "\r\n") for d in expected]
    assert checking.fix_all(crlf, rules) == (ROOT / "seeds" / "blinken-middle-east-trip.fixed").read_text(
        encoding="utf-8"
    ).replace("\n", "\r\n")


# --- resilient checking ----------------------------------------------------


def test_a_rule_that_times_out_is_left_out_and_reported(tmp_path: Path, all_rules: list[Rule]) -> None:
    runaway = rules_from_yaml(tmp_path, pattern_rule_yaml("HSE101", r"(a|aa)+$", None, fix="none"))
    rules = [*select_rules(all_rules), *runaway]
    text = "Police said 1.200 people marched. " + "a" * 60 + "!"
    checked = checking.check(text, rules, timeout=0.05)
    assert [d.code for d in checked.diagnostics] == ["NUM101"]
    assert len(checked.timeouts) == 1 and "HSE101" in checked.timeouts[0]


def test_lone_surrogates_are_checked_not_fatal(all_rules: list[Rule]) -> None:
    # JSON (an LSP message, LanguageTool's 'data') can carry a lone surrogate; it is no
    # character, but the rest of the text must still be checked at the right offsets.
    rules = select_rules(all_rules)
    text = "\ud800 Police said 1.200 people marched.\udfff\n"
    (found,) = checking.check(text, rules).diagnostics
    assert (found.code, text[found.start : found.end]) == ("NUM101", "1.200")
    assert checking.fix_all(text, rules) == text.replace("1.200", "1,200")
    # U+FFFD already in the text: the surrogates cannot be told apart from it, so fix-all
    # leaves U+FFFD in their place rather than guess.
    mixed = "\ufffd " + text
    assert checking.fix_all(mixed, rules) == mixed.replace("1.200", "1,200").replace("\ud800", "\ufffd").replace(
        "\udfff", "\ufffd"
    )


# --- annotated text --------------------------------------------------------


def test_annotated_text_maps_to_the_original() -> None:
    text = annotated.parse(
        '{"annotation": [{"markup": "<p>"}, {"text": "A 1.200"}, {"markup": "<br/>", "interpretAs": "\\n"},'
        ' {"text": "B"}, {"markup": "</p>"}]}'
    )
    assert text.plain == "A 1.200\nB"
    assert text.original == "<p>A 1.200<br/>B</p>"
    assert text.original_span(2, 7) == (5, 10)  # "1.200"
    assert text.original_span(7, 8) == (10, 15)  # the line break is the whole <br/>
    assert text.original_span(8, 9) == (15, 16)  # "B"
    assert text.original_span(0, 9) == (3, 16)
    assert text.original_span(9, 9) == (len(text.original), len(text.original))


def test_annotated_text_from_plain_text_key() -> None:
    text = annotated.parse('{"text": "plain", "metaData": {"EmailToAddress": "x"}}')
    assert (text.plain, text.original) == ("plain", "plain")


def test_annotated_empty() -> None:
    text = AnnotatedText([])
    assert text.plain == text.original == ""
    assert text.original_span(0, 0) == (0, 0)


@pytest.mark.parametrize("data", ["", "null", '{"annotation": {}}', '{"annotation": [1]}',
                                  '{"annotation": [{"markup": 3}]}', "[" * 100_000])
def test_bad_annotations(data: str) -> None:
    with pytest.raises(annotated.AnnotationError):
        annotated.parse(data)


# --- LanguageTool parameters -----------------------------------------------


def test_language_codes() -> None:
    assert parse_check({"text": "", "language": "en_us"}).language.long_code == "en-US"
    assert parse_check({"text": "", "language": "auto"}).language.long_code == "en-US"
    # LanguageTool reports the preferred variant of the language it detects.
    preferring = {"text": "", "language": "auto", "preferredVariants": "de-AT,en-GB"}
    assert parse_check(preferring).language.long_code == "en-GB"
    with pytest.raises(ApiError) as raised:
        parse_check({"text": "", "language": "fr"})
    assert raised.value.status == 400


def test_enabled_disabled_and_enabled_only(all_rules: list[Rule]) -> None:
    rulebook = Rulebook(select_rules(all_rules), select_rules(all_rules, ("ALL",)))

    def codes(**params: str) -> set[str]:
        return {r.code for r in rulebook.choose(parse_check({"text": "", "language": "en", **params}))}

    default = codes()
    assert "NUM101" in default
    assert codes(disabledRules="NUM101,UNKNOWN_RULE") == default - {"NUM101"}
    assert codes(disabledRules="num") == {c for c in default if not c.startswith("NUM")}
    assert codes(enabledOnly="true", enabledRules="NUM101, WIR101") == {"NUM101", "WIR101"}
    assert codes(enabledOnly="yes", enabledRules="NOT_A_RULE") == set()
    assert codes(enabledRules="NUM101") == default
    # Clients that check paragraph by paragraph ask for the whole-story rules separately.
    kinds = {r.code: r.kind for r in rulebook.every}
    text_level = codes(mode="textLevelOnly")
    assert text_level and {kinds[c] for c in text_level} <= {"consistency", "suppression"}
    assert codes(mode="allButTextLevelOnly") == default - text_level
    with pytest.raises(ApiError):
        codes(mode="sometimes")


# --- sentences -------------------------------------------------------------


def test_sentences() -> None:
    text = 'He said "No." Then U.S. officials left on Oct. 7.\nA new line? Yes! (Maybe.) Done'
    sentences = Sentences(text)
    assert [text[a:b] for a, b in sentences.spans] == [
        'He said "No."',
        "Then U.S. officials left on Oct. 7.",
        "A new line?",
        "Yes!",
        "(Maybe.)",
        "Done",
    ]
    assert sentences.around(text.index("officials")) == "Then U.S. officials left on Oct. 7."
    assert Sentences("").around(0) == ""


# --- settings --------------------------------------------------------------


def test_settings(tmp_path: Path) -> None:
    settings, problems = parse(
        {"newslint": {"select": ["num", "WIR101"], "ignore": "NUM103", "configuration": "cfg.yaml",
                      "unsafeFixes": True, "debounce": "soon", "isolated": 1}},
        tmp_path,
    )
    assert settings.select == ("NUM", "WIR101") and settings.ignore == ("NUM103",)
    assert settings.configuration == tmp_path / "cfg.yaml"
    assert settings.unsafe_fixes and settings.debounce == 0 and not settings.isolated
    assert problems == [
        "setting 'isolated' must be true or false",
        "setting 'debounce' must be a whole number of milliseconds, 0 or more",
    ]
    assert parse(None, tmp_path) == (Settings(), [])
    assert parse([1], tmp_path)[1] == ["settings must be an object"]


# --- the optional extra ----------------------------------------------------


def test_server_without_the_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pygls", None)  # importing it now raises ImportError
    result = CliRunner().invoke(main, ["server"])
    assert result.exit_code == 2
    assert result.stderr == "newslint: error: the language server needs the 'server' extra: " \
                            "pip install 'newslint[server]'\n"


# --- LSP records -------------------------------------------------------------


def test_fix_titles_say_how_sure_the_fix_is(tmp_path: Path) -> None:
    from newslint.records import Applicability
    from newslint.server.convert import fix_title

    text = "Police said 1.200 people marched."
    (found,) = check_text(text, rules_from_yaml(tmp_path, pattern_rule_yaml("HSE101", r"1\.200", "1,200"))).diagnostics
    assert fix_title(found, text) == "Replace '1.200' with '1,200' (HSE101)"
    assert found.fix is not None
    unsafe = found._replace(fix=found.fix._replace(applicability=Applicability.UNSAFE))
    assert fix_title(unsafe, text) == "Replace '1.200' with '1,200' (HSE101) (unsafe fix: check it)"
    shown = found._replace(fix=found.fix._replace(applicability=Applicability.DISPLAY_ONLY))
    assert fix_title(shown, text).endswith("(suggestion: check it)")
    (deleting,) = check_text(text, rules_from_yaml(tmp_path, pattern_rule_yaml("HSE102", r" marched", ""),
                                                   "delete.yaml")).diagnostics
    assert fix_title(deleting, text) == "Delete 'marched' (HSE102)"


def test_whole_text_edit_covers_only_the_change() -> None:
    from newslint.server.convert import whole_text_edit

    edit = whole_text_edit("a 1.200 b\nend", "a 1,200 b\nend", LineIndex("a 1.200 b\nend"))
    assert (edit.range.start.character, edit.range.end.character, edit.new_text) == (3, 4, ",")
    same = whole_text_edit("abc", "abc", LineIndex("abc"))
    assert same.new_text == "" and same.range.start == same.range.end


def test_hover_fence_outlasts_fences_in_the_rule_page(tmp_path: Path) -> None:
    import dataclasses

    from lsprotocol.types import MarkupContent

    from newslint.server.convert import hover

    text = "Police said 1.200 people marched."
    (found,) = check_text(text, rules_from_yaml(tmp_path, pattern_rule_yaml("HSE101", r"1\.200", "1,200"))).diagnostics
    rule = dataclasses.replace(found.rule, rationale="Write numbers as\n```\n1,200\n```\nin copy.")
    shown = hover([found._replace(rule=rule)], markdown=True).contents
    assert isinstance(shown, MarkupContent)
    # A Markdown fence ends at the first line of as many backticks or more (after up to three spaces).
    opening = shown.value.split("\n")[2]
    assert opening == "````text" and shown.value.endswith("\n````")
    inside = shown.value.split("\n")[3:-1]
    assert not any(line.strip().startswith("````") for line in inside)
