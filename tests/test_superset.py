"""Looser patterns match wherever the rules' patterns do, and the Hyperscan scanner built from them.

The prefilter may skip a rule only when its looser pattern finds nothing in the
story's projection; these tests check the widening rules one by one, then every
shipped rule on its own examples and on generated variants of them (odd cases,
other scripts, shuffled case) and on generated patterns, where a looser pattern that missed would show.
"""

from __future__ import annotations

import functools
import gzip
import itertools
import json
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint import multiscan, rulecache
from newslint.loader import load_default_rules
from newslint.projection import ODD_CASES, PLACEHOLDER, project
from newslint.selection import select_rules
from newslint.superset import superset
from newslint.workspace import CommandLine, Workspace
from tests.conftest import SHARED

hyperscan = pytest.importorskip("hyperscan", reason="Hyperscan is installed by the test extra only")

EVERY = select_rules(load_default_rules(), ("ALL",))
LEGACY = Workspace(isolated=True, command_line=CommandLine(profile="legacy-wire")).rules_for(Path("."))
SHARED_CORPUS = SHARED / "corpora" / "reuters21578.jsonl.gz"  # sampled where present
RULES = {rule.code: rule for rule in (*EVERY, *LEGACY) if rule.superset}


@functools.cache
def _database(expression: str) -> object | None:
    """The expression compiled alone, or None where Hyperscan refuses it (the scanner leaves it out)."""
    return multiscan._compile({0: expression}, hyperscan)


def _matches(expression: str, text: str) -> bool | None:
    """Whether the expression matches the text's projection; None when it does not compile."""
    database = _database(expression)
    if database is None:
        return None
    found: list[int] = []
    database.scan(project(text), match_event_handler=lambda *hit: found.append(hit[0]))  # type: ignore[attr-defined]
    return bool(found)


def _looser(pattern: str) -> tuple[str, ...]:
    return superset(regex.compile(pattern, regex.MULTILINE | regex.VERSION0))


@pytest.mark.parametrize(
    "pattern,inside,outside",
    [
        (r"(?<=\bfrom )\d+", "from 12", "to 12 and from"),  # a lookbehind at the start is taken in
        (r"\d+(?= pct)", "12 pct", "12 dlrs pct"),  # and a lookahead at the end
        (r"(?i)reuters", "REUTERS said", "Reuter said"),
        (r"(?<!\d)\d{4}(?!\d)", "in 1987", "in 87"),  # negative lookarounds widen to nothing
        (r"caf\u00e9", "caf\u00e8", "cafe"),  # any non-ASCII character stands for any other
        (r"\p{Lu}\.\p{Lu}\.", "U.S. troops", "u.s. troops"),
        (r"(?i)\L<words>", "the Beta test", "the bet"),
        (r"^\d+ pct$", "Sales:\n12 pct\n", "Sales: 12 pct\n"),  # anchors at the edges take in what they stand by
        (r"\d+\Z", "up 12", "12 up"),
        (r"(?<=\A|\n\n)\d", "\n\n5 dead", "\n5 dead"),
        (r"\d(?:(?=\s+pct)|(?=%))", "5 pct", "5 dlrs"),  # lookarounds in a group of their own
        (r"'s(?<=\d [A-Z]{2,}'s)", "2 ICBM's", "the ICBM's"),  # a second form starts at a lookbehind
        (r"\d(?:(?<=1)(?= man)|(?<=[2-9])(?= men))", "1 man and 5 ships", "5 man"),
    ],
)
def test_looser_patterns(pattern: str, inside: str, outside: str) -> None:
    """A rule runs where every one of its looser forms matches."""
    compiled = regex.compile(pattern, regex.MULTILINE | regex.VERSION0, words=["alpha", "beta"], ignore_unused=True)
    forms = superset(compiled)
    assert forms
    assert all(_matches(form, inside) for form in forms)
    assert not all(_matches(form, outside) for form in forms)


def test_lookarounds_are_taken_in_only_at_the_edges_of_the_whole_match() -> None:
    # Inside a repeat each round has its own edges: the lookbehind there is dropped.
    assert _looser(r"(?:(?<=x)a)+")[0] == "(?:a)+"
    # Two lookaheads at the same place: only one is taken in.
    assert _looser(r"a(?=b)(?=c)")[0] == "a(?:b)"
    # A lookbehind inside the match starts a second form, which drops what comes before it.
    assert _looser(r"(?<=x)a") == ("(?:x)a",)
    assert _looser(r"a(?<=xa)b") == ("ab", "(?:xa)b")


@pytest.mark.parametrize(
    "pattern", [r"(\w)\1", r"(?:abc){e<=1}", r"(?fi)strasse", r"(?fi)ß", r"(?a)(?:\W)", r"x(?a:\W)", r"(?L)\w"]
)
def test_what_cannot_be_widened_has_no_looser_form(pattern: str) -> None:
    assert _looser(pattern) == ()


def test_only_the_odd_cases_match_ascii_letters_case_insensitively() -> None:
    """The projection writes them as ASCII letters; any other such character would be missed."""
    ascii_letters = "".join(map(chr, range(0x80)))
    odd = {}
    for c in range(0x80, 0x110000):
        if 0xD800 <= c < 0xE000 or chr(c).lower() == chr(c).upper() == chr(c).casefold():
            continue
        found = regex.findall(regex.escape(chr(c)), ascii_letters, flags=regex.IGNORECASE | regex.VERSION0)
        if found:
            odd[c] = {m.lower() for m in found}
    assert odd == {c: {chr(letter)} for c, letter in ODD_CASES.items()}


def test_the_projection_keeps_one_byte_per_character() -> None:
    text = "Caf\u00e9 \u212a \u017f \u0130 \ud800 \U0001f600"
    assert project(text) == b"Caf\x1a k s i \x1a \x1a"
    assert PLACEHOLDER == 0x1A


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_looser_pattern_finds_its_rules_bad_examples(code: str) -> None:
    rule = RULES[code]
    for bad in rule.examples.bad:
        for form in rule.superset:
            assert _matches(form, bad.text) is not False, (form[:200], bad.text)


def _variant(draw: st.DrawFn, text: str) -> str:
    """The text with odd-case letters, other scripts and flipped case in random places."""
    swaps = {"k": "\u212a", "K": "\u212a", "s": "\u017f", "S": "\u017f", "i": "\u0130", "I": "\u0131"}
    out = []
    for char in text:
        roll = draw(st.integers(0, 19))
        if roll == 0 and char in swaps:
            out.append(swaps[char])
        elif roll == 1:
            out.append(char.swapcase())
        elif roll == 2:
            out.append(draw(st.sampled_from(["\u00e9", "\u2019", "\u00a0", "\u0663", "\u00df", "\n"])) + char)
        else:
            out.append(char)
    return "".join(out)


_SCANNERS: dict[str, multiscan.Scanner] = {}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_looser_pattern_matches_wherever_its_rule_does(data: st.DataObject) -> None:
    code = data.draw(st.sampled_from(sorted(RULES)))
    rule = RULES[code]
    texts = [bad.text for bad in rule.examples.bad] + list(rule.examples.good)
    text = _variant(data.draw, data.draw(st.sampled_from(texts)))
    pattern = rule.checker.pattern
    if pattern.search(text) is None:
        return
    for form in rule.superset:
        assert _matches(form, text) is not False, (code, text)


def test_the_scanner_is_kept_in_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path))
    forms = [rule.superset for rule in EVERY]
    first = multiscan.build(forms)
    assert first is not None
    scanner, covered = first
    assert len(covered) == sum(1 for f in forms if f)
    numbers = {rule.code: n for n, rule in enumerate(EVERY)}
    assert numbers["NUM101"] in scanner.matching("Police said 1.200 people marched.")
    assert numbers["NUM101"] not in scanner.matching("Police said 1,200 people marched.")
    compiled: list[object] = []
    monkeypatch.setattr(multiscan, "_compile_accepted", lambda *a: compiled.append(a))
    again = multiscan.build(forms)
    assert again is not None and again[1] == covered and compiled == []
    # A damaged entry is compiled afresh, never used.
    for entry in tmp_path.rglob("scan-*.entry"):
        entry.write_bytes(entry.read_bytes()[:100])
    monkeypatch.undo()
    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path))
    assert multiscan.build(forms) is not None


def test_a_rule_runs_only_where_every_form_matches_and_a_refused_form_is_left_out() -> None:
    huge = "(?:" + "|".join(f"word{n}" for n in range(40000)) + ")"
    built = multiscan.build([(huge + "x", "x"), ("y", "z"), ()])
    assert built is not None
    scanner, covered = built
    assert covered == {0, 1}
    assert scanner.matching("an x") == {0}
    assert scanner.matching("y") == set()
    assert scanner.matching("y and z") == {1}


def test_an_engine_that_misses_matches_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    assert multiscan.engine_trusted(hyperscan)  # the release the fast extra asks for
    monkeypatch.setattr(multiscan, "engine_trusted", lambda _: False)
    with rulecache.switched_off():
        assert multiscan.build([rule.superset for rule in EVERY]) is None
    monkeypatch.setattr(multiscan, "release_trusted", lambda _: False)
    assert multiscan.build([rule.superset for rule in EVERY]) is None  # not even from the cache


def test_the_release_and_the_canary_decide_trust(monkeypatch: pytest.MonkeyPatch) -> None:
    class Release:
        """The installed engine under another release number."""

        def __init__(self, version: str) -> None:
            self.__version__ = version

        def __getattr__(self, name: str) -> object:
            return getattr(hyperscan, name)

    multiscan.engine_trusted.cache_clear()
    try:
        assert not multiscan.engine_trusted(Release("0.9.1"))
        assert not multiscan.engine_trusted(Release("0.7.23"))
        assert not multiscan.engine_trusted(Release("0.7.21"))
        assert not multiscan.engine_trusted(Release("0.7.13rc1"))
        assert multiscan.engine_trusted(Release("0.7.13"))
        assert multiscan.engine_trusted(Release("0.6.0"))
        # An engine that misses the canary's match is refused whatever its release.
        monkeypatch.setattr(multiscan, "_CANARY_TEXT", b"nothing here")
        multiscan.engine_trusted.cache_clear()
        assert not multiscan.engine_trusted(Release("0.7.0"))
    finally:
        multiscan.engine_trusted.cache_clear()


def test_one_database_finds_what_each_form_finds_alone() -> None:
    """The engine must not lose a match because patterns share its database (Vectorscan 5.4.12
    did): every rule's examples, and a sample of real copy where ../shared is present."""
    forms = {n: f for n, f in enumerate(f for rule in (*EVERY, *LEGACY) for f in rule.superset)}
    together = multiscan._compile(forms, hyperscan)
    texts = [bad.text for rule in RULES.values() for bad in rule.examples.bad]
    texts += [good for rule in RULES.values() for good in rule.examples.good]
    if SHARED_CORPUS.exists():
        with gzip.open(SHARED_CORPUS, "rt", encoding="utf-8") as lines:
            for line in itertools.islice(lines, 0, None, 20):
                record = json.loads(line)
                texts.append(f"{record.get('title') or ''}\n\n{record.get('body') or ''}")
    for text in texts:
        projected = project(text)
        found: set[int] = set()
        together.scan(projected, match_event_handler=lambda number, *_: found.add(number))
        assert found == {number for number, form in forms.items() if _matches(form, text)}, text[:200]


def test_a_prefilter_loads_a_scanner_soon_and_compiles_one_only_for_long_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newslint import prefilter

    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(prefilter, "SCAN_AFTER", 2)
    monkeypatch.setattr(prefilter, "COMPILE_AFTER", 4)
    rules = [RULES["NUM101"], RULES["MON101"]]
    first = prefilter.Prefilter(rules)
    for _ in range(4):
        first.select("Police said 1.200 people marched.")
    assert first._scanner is None  # nothing in the cache, and too short a run to compile
    first.select("Police said 1.200 people marched.")
    assert first._scanner is not None
    # The literal triggers of NUM101 are there; its looser pattern is not: it is skipped.
    assert first.select("Police said 1,200 people marched 1.5 km.")[0] == []
    second = prefilter.Prefilter(rules)
    for _ in range(3):
        second.select("Up 5 pct.")
    assert second._scanner is not None  # loaded from the cache the first one filled
    assert second.select("Up 5 pct.")[0] == [RULES["MON101"]]


# --- generated patterns ----------------------------------------------------------------------
# A grammar of the constructs rule authors use, nested at random, against short texts over an
# alphabet that holds the odd cases, other scripts and a titlecase letter.

_CHARS = ["a", "b", "k", "K", "s", "i", "I", " ", "\n", "1", "_", "-", "\u212a", "\u017f", "\u0130", "\u0131", "\u00e9", "\u01c5"]
_LITERAL = st.sampled_from(["a", "b", "k", "K", "s", "i", "I", " ", "1", r"\n", "\u212a", "\u017f", "\u0130", "\u0131", "\u00e9"])
_CLASS = st.sampled_from(
    [r"\w", r"\W", r"\d", r"\s", r"\S", ".", r"\p{Lu}", r"\p{Ll}", r"\p{Lt}", r"\P{L}", r"[^a]", r"[a-z]", r"[^a-z]",
     r"[[:upper:]]", r"[^\w]", r"\p{Lower=F}", r"\P{Lower=F}", r"[^\u212a]", r"\L<w>"]
)
_ZERO_WIDTH = st.sampled_from(
    [r"\b", r"\B", "^", "$", r"\A", r"\Z", r"\K", r"(?<=a)", r"(?<!a)", r"(?=b)", r"(?!b)", r"(?=\w)", r"(?<=\w)"]
)
_WRAP = st.sampled_from(
    ["(?:%s)", "(%s)", "(?>%s)", "(?i:%s)", "(?-i:%s)", "(?a:%s)", "(?=%s)", "(?<=%s)", "(?!%s)", "(?<!%s)",
     "(?:%s)?", "(?:%s)*", "(?:%s)+?", "(?:%s){2}", "(?:%s|)", "(?:%s|b)", "(?(?=a)%s|b)"]
)
_NODE = st.recursive(
    st.one_of(_LITERAL, _CLASS, _ZERO_WIDTH),
    lambda inner: st.one_of(
        st.tuples(_WRAP, inner).map(lambda t: t[0] % t[1]), st.lists(inner, min_size=2, max_size=4).map("".join)
    ),
    max_leaves=8,
)
_BASE = regex.MULTILINE | regex.VERSION0
_PATTERN = st.tuples(
    st.sampled_from(["", "", "(?i)", "(?s)", "(?r)", "(?a)"]),
    _NODE,
    st.sampled_from(["", "", "", "(?-i)", "(?x)", "(?i)"]),
    st.sampled_from(["", "", r"\w", "x y", "b"]),
    st.booleans(),
).map(lambda t: (t[0] + t[1] + t[2] + t[3], _BASE | (regex.IGNORECASE if t[4] else 0)))


def _check_generated(pattern: str, flags: int, texts: list[str]) -> None:
    try:
        compiled = regex.compile(pattern, flags, w=["a", "", "\u212a"], ignore_unused=True)
    except (regex.error, ValueError, TypeError):
        return
    forms = superset(compiled)
    for text in texts:
        try:
            if compiled.search(text, timeout=0.5) is None:
                continue
        except TimeoutError:
            continue
        for form in forms:
            assert _matches(form, text) is not False, (pattern, hex(flags), text, form)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(_PATTERN, st.lists(st.lists(st.sampled_from(_CHARS), max_size=6).map("".join), min_size=1, max_size=40))
def test_generated_patterns_never_match_where_their_looser_form_does_not(
    pattern_flags: tuple[str, int], texts: list[str]
) -> None:
    _check_generated(*pattern_flags, texts)


@pytest.mark.parametrize(
    "pattern,flags,text",
    [
        (r"(?:a(?=b))(?=b)", _BASE, "ab"),  # an edge's lookahead is taken in once, not at each level
        (r"(?<=\bup )(?:(?<=\s)\d+)", _BASE, "up 5"),  # the same for lookbehinds (fragments nest like this)
        (r"(?i)\p{Lt}", _BASE, "a"),  # a caseless property matches every cased letter
        (r"(?i)\P{Lower=F}", _BASE, " "),
        (r"(?a)[^\w]", _BASE, "\u212a"),  # in ASCII mode the Kelvin sign is a non-word character
        (r"(?a)\P{L}", _BASE, "\u017f"),
        (r"(?a)(?:\W)", _BASE, "\u212a"),  # inside a group the parse tree does not mark ASCII mode
        (r"reuters (?-i)NEWS", _BASE | regex.IGNORECASE, "Reuters NEWS"),  # a flag turned off part-way
        (r"total loss(?x) \s+ of", _BASE, "total loss  of"),  # verbose mode from part-way on
    ],
)
def test_patterns_that_once_lost_findings(pattern: str, flags: int, text: str) -> None:
    _check_generated(pattern, flags, [text])
