"""The fast path finds exactly what the slow path finds.

The prefilter (skip rules whose triggers are absent, match anchored rules only
where their literals stand), the rule cache and lazy compilation are speed
only. These tests run the old path (every rule, full scans, rules compiled from
their YAML) and the new one over every rule's own examples and over real wire
copy from ../shared, and compare every diagnostic and every fix.
"""

from __future__ import annotations

import gzip
import itertools
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import regex

from newslint.api import check_text
from newslint.folding import fold_ascii, is_common
from newslint.literals import clauses, implies, required
from newslint.loader import load_default_rules
from newslint import prefilter
from newslint.anchors import AnchorSearch, Hits, finder
from newslint.prefilter import Prefilter
from newslint.records import Applicability, Diagnostic
from newslint.rule import Rule
from newslint.rulecache import RuleCache
from newslint.selection import select_rules
from newslint.workspace import CommandLine, Workspace
from tests.conftest import SHARED, shared_path

EVERY = select_rules(load_default_rules(), ("ALL",))
LEGACY = Workspace(isolated=True, command_line=CommandLine(profile="legacy-wire")).rules_for(Path("."))
#: Every 19th story of the 1987 corpus: 1,003 stories, about 0.9 MB.
STRIDE = 19


def _key(diagnostics: Sequence[Diagnostic]) -> list[tuple[object, ...]]:
    return [(d.code, d.start, d.end, d.message, d.fix) for d in diagnostics]


def _same(text: str, rules: Sequence[Rule], markdown: bool = False) -> None:
    fast = check_text(text, rules, markdown=markdown)
    slow = check_text(text, rules, markdown=markdown, prefilter=False)
    assert _key(fast.diagnostics) == _key(slow.diagnostics), text[:200]


def _same_fix(text: str, rules: Sequence[Rule]) -> None:
    fast = check_text(text, rules, fix=Applicability.SAFE)
    slow = check_text(text, rules, fix=Applicability.SAFE, prefilter=False)
    assert fast.text == slow.text, text[:200]
    assert _key(fast.fixed) == _key(slow.fixed)
    assert _key(fast.diagnostics) == _key(slow.diagnostics)


def _example_texts() -> Iterator[str]:
    for rule in EVERY:
        yield from (bad.text for bad in rule.examples.bad)
        yield from (bad.fixed for bad in rule.examples.bad if bad.fixed is not None)
        yield from rule.examples.good


EXAMPLES = sorted(set(_example_texts()))


# --- literal derivation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern,literals",
    [
        (r"colou?r", {"colo"}),
        (r"\bcolou?r\b", {"colo"}),
        (r"(?i)Reuters", {"reuters"}),
        (r"(?:mln|bln)\s+dlrs", {"dlrs"}),
        (r"[Tt]he\s+(?:President|Premier)", {"president", "premier"}),
        (r"\d+(?=\s*pct)", {"pct"}),  # a lookahead's text is in the story too
        (r"(?<=\bfrom\s)\d+", {"from"}),
        (r"\L<words>", {"alpha", "beta"}),
        (r"a{3}", {"aaa"}),
        (r"[1-9]\d{4,}", {"00000"}),  # digits fold to "0"
        (r"\d+\.\d{3}", {"0.000"}),
        (r"£\s*\d", {"£"}),
        (r"x(?:yz)+", {"xyz"}),
        (r"ab|cd", {"ab", "cd"}),
    ],
)
def test_required_literals(pattern: str, literals: set[str]) -> None:
    compiled = regex.compile(pattern, regex.M | regex.V0, words=["Alpha", "beta"], ignore_unused=True)
    assert required(compiled) == literals


@pytest.mark.parametrize(
    "pattern",
    [r"\w+", r"colou?r|\w+", r"(?:mln)?\s+\w", r"(?!foo)\w+", r"(?:the)*", r"\w+(?<!said)", r"(\w)\1", r"(?:abc){e<=1}"],
)
def test_no_literal_means_the_rule_always_runs(pattern: str) -> None:
    assert required(regex.compile(pattern, regex.M | regex.V0)) is None


def test_case_folding_loses_no_case_insensitive_match() -> None:
    """Where ``(?i)p`` matches text character t, folded t contains folded p: the search can fold both."""
    every_char = "".join(chr(c) for c in range(0x30000) if not 0xD800 <= c < 0xE000)
    literals = [t for rule in EVERY for c in (rule.triggers or (), *rule.requires) for t in c]
    pattern_chars = {c for t in literals for c in t} | set("abcdefghijklmnopqrstuvwxyz")
    for p in sorted(pattern_chars):
        for m in regex.finditer(rf"(?i){regex.escape(p)}", every_char):
            assert p.casefold() in m.group().casefold(), (p, m.group())


def test_digit_folding_is_the_regex_modules_own_digits() -> None:
    from newslint.folding import fold

    every_char = "".join(chr(c) for c in range(0x30000) if not 0xD800 <= c < 0xE000)
    digits = "".join(regex.findall(r"\d", every_char))
    assert fold(digits) == "0" * len(digits)
    assert fold("Q3 ٣") == "q0 0"
    others = regex.sub(r"\d", "", every_char)
    assert fold(others) == others.casefold()


@pytest.mark.parametrize(
    "pattern,expected",
    [
        (r"\d{1,3}\.\d{3}\s+(?:people|cars)", [{"people", "cars"}, {"0.000"}]),  # "000" is implied
        (r'(?i)\bsaid,\s*"[^"]+[.!]"', [{"said,"}, {'."', '!"'}]),
        (r"(?<=\bfrom\s)\d+(?=\s*pct)", [{"from"}, {"pct"}]),
        (r"(?:dlrs)+\s+(?:cents)?", [{"dlrs"}]),  # an optional part promises nothing
        (r"mln|bln", [{"mln", "bln"}]),  # nor does one arm of a branch alone
        (r"(?!said)\w+\s+or", []),  # a negative lookaround, and a common string
    ],
)
def test_every_requirement_a_pattern_promises(pattern: str, expected: list[set[str]]) -> None:
    assert [set(c) for c in clauses(regex.compile(pattern, regex.V0))] == expected


def test_implied_requirements() -> None:
    assert implies(frozenset({"0.000"}), frozenset({"000"}))
    assert implies(frozenset({"said,", "says,"}), frozenset({"said", "says"}))
    assert not implies(frozenset({"said", "told"}), frozenset({"said"}))


def test_a_rule_runs_only_where_every_requirement_is_met(tmp_path: Path) -> None:
    from tests.helpers import pattern_rule_yaml, rules_from_yaml

    rule = rules_from_yaml(tmp_path, pattern_rule_yaml("TST011", r"\d{1,3}\.\d{3}\s+(?:people|cars)", None))[0]
    assert rule.triggers == {"people", "cars"} and rule.requires == (frozenset({"0.000"}),)
    prefilter = Prefilter([rule])
    assert prefilter.select("Some 1.200 people came")[0] == [rule]
    assert prefilter.select("Some 1,200 people came")[0] == []
    assert prefilter.select("Some 1.200 dogs came")[0] == []


def test_most_shipped_rules_have_triggers() -> None:
    """A change in the regex module's parser must cost speed loudly, not silently."""
    triggered = [r for r in EVERY if r.triggers and not any(map(is_common, r.triggers))]
    assert len(triggered) >= 90, len(triggered)


def test_author_triggers_override_derivation(tmp_path: Path) -> None:
    from tests.helpers import pattern_rule_yaml, rules_from_yaml

    body = pattern_rule_yaml("TST010", r"\d+(?=%)", None).replace("    pattern:", "    triggers: ['%', PCT]\n    pattern:")
    rule = rules_from_yaml(tmp_path, body)[0]
    assert rule.triggers == {"%", "pct"}
    assert check_text("Up 5% today", [rule]).diagnostics
    assert Prefilter([rule]).select("Up 5 points today")[0] == []


# --- the old path and the new one -------------------------------------------------------------


@pytest.fixture(autouse=True)
def _scan_from_the_first_story(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The Hyperscan pass (when installed and trusted) from the first story on, not only in long runs."""
    monkeypatch.setattr(prefilter, "SCAN_AFTER", 0)
    monkeypatch.setattr(prefilter, "COMPILE_AFTER", 0)
    prefilter.for_rules.cache_clear()
    yield
    prefilter.for_rules.cache_clear()


def test_the_dfa_automaton_selects_what_the_first_one_selects(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past DFA_AFTER stories the automaton is rebuilt as a DFA: the same rules and places, sooner."""
    monkeypatch.setattr(prefilter, "SCAN_AFTER", None)
    monkeypatch.setattr(prefilter, "DFA_AFTER", 10**9)
    first = Prefilter(EVERY)
    monkeypatch.setattr(prefilter, "DFA_AFTER", 1)
    dfa = Prefilter(EVERY)
    built = dfa._automaton
    dfa.select("")
    assert built is not None and dfa._automaton is not built  # rebuilt at the first story
    anchors = {rule.anchors for rule in EVERY if rule.anchors}
    for text in EXAMPLES:
        (rules_a, hits_a), (rules_b, hits_b) = first.select(text), dfa.select(text)
        assert rules_a == rules_b, text
        assert hits_a is not None and hits_b is not None
        assert all(hits_a.starts(a) == hits_b.starts(a) for a in anchors), text


def test_anchors_searched_per_rule_stand_where_the_whole_pass_finds_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once the scan decides alone, a rule searches for its own anchors: the same places."""
    monkeypatch.setattr(prefilter, "SCAN_AFTER", None)  # the whole literal pass, every story
    whole = Prefilter(EVERY)
    anchors = {rule.anchors for rule in EVERY if rule.anchors}
    texts = [text for text in EXAMPLES if text.isascii()]
    for text in [*texts, *itertools.islice(_corpus_or_nothing("reuters21578.jsonl.gz", STRIDE), 400)]:
        hits = whole.select(text)[1]
        assert isinstance(hits, Hits)
        search = AnchorSearch(fold_ascii(text), whole)
        assert all(hits.starts(a) == search.starts(a) for a in anchors), text[:200]


@pytest.mark.parametrize(
    "anchors",
    [
        {"mln", "bln"},  # a few: a search each
        {"\x03", "\x0c", "\x7f", "é"},  # more: the automaton (é is never in an ASCII story)
        {"ab", "b", "bc", "abc"},  # overlapping ones
    ],
)
def test_every_way_of_finding_anchors_finds_each_place(anchors: set[str]) -> None:
    text = b"abc mln\x03bln abcbc \x7f\x0c mmln"
    expected = sorted(i for a in anchors if a.isascii() for i in range(len(text)) if text.startswith(a.encode(), i))
    assert sorted(finder(frozenset(anchors))(text)) == expected


def test_the_scan_decides_alone_for_ascii_stories_once_it_is_on() -> None:
    pytest.importorskip("hyperscan", reason="Hyperscan is the optional newslint[fast] extra")
    fast = prefilter.for_rules(tuple(EVERY))
    fast.select("warm")
    if fast._scanner is None:
        pytest.skip("this Hyperscan is not trusted: no scan")
    assert isinstance(fast.select("Police said 1.200 people marched.")[1], AnchorSearch)
    assert isinstance(fast.select("Café owners said 1.200 people marched.")[1], Hits)


def test_the_scan_is_on_where_a_trusted_hyperscan_is_installed() -> None:
    hyperscan = pytest.importorskip("hyperscan", reason="Hyperscan is the optional newslint[fast] extra")
    from newslint.multiscan import engine_trusted

    fast = prefilter.for_rules(tuple(EVERY))
    fast.select("Police said 1.200 people marched.")
    assert (fast._scanner is not None) == engine_trusted(hyperscan)
    if engine_trusted(hyperscan):
        assert len(fast._unscanned) < 10


@pytest.mark.parametrize("text", EXAMPLES, ids=range(len(EXAMPLES)))
def test_examples_find_the_same_with_every_rule(text: str) -> None:
    _same(text, EVERY, markdown=text.startswith("#"))


def test_examples_fix_the_same_with_the_legacy_profile() -> None:
    for text in EXAMPLES:
        _same_fix(text, LEGACY)


def _corpus_or_nothing(name: str, stride: int) -> Iterator[str]:
    """The corpus sample where ../shared is beside the checkout; nothing in a user's clone."""
    if (SHARED / "corpora" / name).exists():
        yield from _corpus(name, stride)


def _corpus(name: str, stride: int) -> Iterator[str]:
    with gzip.open(shared_path(f"corpora/{name}"), "rt", encoding="utf-8") as lines:
        for line in itertools.islice(lines, 0, None, stride):
            record = json.loads(line)
            title, body = record.get("title") or "", record.get("body") or ""
            yield f"{title}\n\n{body}" if body else title


def test_real_1987_copy_finds_the_same() -> None:
    for text in _corpus("reuters21578.jsonl.gz", STRIDE):
        _same(text, EVERY)


def test_real_1987_copy_fixes_the_same_with_the_legacy_profile() -> None:
    for text in _corpus("reuters21578.jsonl.gz", 5 * STRIDE):
        _same_fix(text, LEGACY)


def test_real_2015_headlines_find_the_same() -> None:
    for text in _corpus("reuters-headlines-2015-2016.jsonl.gz", 7):
        _same(text, EVERY)


def test_a_lone_surrogate_runs_every_rule_instead_of_failing() -> None:
    text = "Police said 1.200 people \ud800 marched.\n\u00a9 2025 Thomson/Reuters. All rights reserved.\n"
    assert _key(check_text(text, EVERY).diagnostics) == _key(check_text(text, EVERY, prefilter=False).diagnostics)
    assert {d.code for d in check_text(text, EVERY).diagnostics} >= {"NUM101", "WIR101"}


# --- the rule cache ----------------------------------------------------------------------------


def test_rules_from_the_cache_find_the_same(tmp_path: Path) -> None:
    cache = RuleCache(tmp_path)
    cold = load_default_rules(cache)  # compiles and writes every entry
    warm = load_default_rules(cache)  # restores them: lazy checkers from stored code
    assert [r.code for r in warm] == [r.code for r in cold]
    assert all(type(r.checker).__name__ == "LazyChecker" for r in warm)
    assert [(r.triggers, r.checker.fields, r.message.source) for r in warm] == [
        (r.triggers, r.checker.fields, r.message.source) for r in cold
    ]
    fresh = select_rules(cold, ("ALL",))
    cached = select_rules(warm, ("ALL",))
    for text in EXAMPLES:
        assert _key(check_text(text, cached).diagnostics) == _key(check_text(text, fresh, prefilter=False).diagnostics)
