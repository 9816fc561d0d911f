"""One pass over a story decides which rules run, and where anchored rules try to match.

Each rule carries ``triggers``: case-folded strings one of which must occur in
any story the rule can find something in, and ``requires``: further such sets,
one string of each of which must occur too; and may carry ``anchors``: strings
one of which every match starts with (all derived at load time, see
``literals``; authors may give triggers). All of them go into one Aho-Corasick
automaton (``ahocorasick_rs``); a story is case-folded and scanned once. Only
the rules whose requirements are all met run, and a rule with anchors is tried
only where they stand (``Hits.starts``) instead of scanning the whole story.
Rules without requirements, or only with ones in nearly every story, always run.

A run that checks many stories then also scans each once with Hyperscan (when
installed and trusted, see ``multiscan``) for looser forms of the rules' patterns,
and skips the rules one of whose looser forms does not match: most rules that
pass the literal test still find nothing in a story. Where the scan covers every
rule that has requirements, it decides alone for ASCII stories: over real copy it
leaves no rule the literals would skip, and the literal pass cost a sixth of a
story's check. A rule with anchors then searches for its own (``AnchorSearch``).

Skipping work is only ever an optimisation: the findings are those of running
every rule over every position, which the test suite checks over real copy and
every rule example.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from newslint.anchors import AnchorSearch, Finder, Hits, finder
from newslint.folding import fold, fold_ascii, is_common
from newslint.gcpause import gc_paused
from newslint.rule import Rule

if TYPE_CHECKING:
    from newslint.multiscan import Scanner

try:
    import ahocorasick_rs
except ImportError:  # pragma: no cover - a dependency; without it every rule runs and scans
    ahocorasick_rs = None  # type: ignore[assignment]

#: Stories a prefilter serves before it loads its Hyperscan scanner from the cache (None:
#: never), and before it compiles one when there is none: compiling takes about two seconds,
#: which the scan saves back only over thousands of stories.
SCAN_AFTER: int | None = 16
COMPILE_AFTER = 2000
#: Stories a prefilter serves before it rebuilds its automaton as a DFA, which searches a
#: story in two thirds of the time but takes 5 ms to build: a one-story run would not gain.
#: An ASCII story is then folded and searched as bytes, which is quicker still. (Where the
#: scan decides alone by then, the literal pass serves only non-ASCII stories: the story
#: at DFA_AFTER is then ASCII, most likely, and the first automaton is kept.)
DFA_AFTER = 16


class Prefilter:
    """The rules of one ruleset, and which of them a given text can trigger."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self._ids: dict[str, int] = {}
        # A requirement ("one of these strings") is met when one of its literals is found; each
        # requirement is a bit, so that what a story meets is an int (sets cost more to combine).
        self._clauses: dict[frozenset[str], int] = {}
        meets: dict[int, int] = {}  # literal id -> the requirements it meets
        # Per rule, in order: the requirements it needs met (none: it always runs).
        self._needs: list[int] = []
        self._anchor_ids: dict[frozenset[str], frozenset[int]] = {}
        for rule in self.rules:
            needs = (rule.triggers, *rule.requires) if ahocorasick_rs is not None else ()
            mask = 0
            for clause in needs:
                if clause and not any(map(is_common, clause)):
                    mask |= self._clause(clause, meets)
            self._needs.append(mask)
            if ahocorasick_rs is not None and rule.anchors and not any(map(is_common, rule.anchors)):
                self._anchor_ids[rule.anchors] = frozenset(map(self._id, rule.anchors))
        self._meets = [meets.get(i, 0) for i in range(len(self._ids))]
        self._automaton = ahocorasick_rs.AhoCorasick(list(self._ids)) if self._ids else None
        self._ascii_automaton: ahocorasick_rs.BytesAhoCorasick | None = None
        self._served = 0
        self._scanner: Scanner | None = None
        self._scan_tried = False  # True once the scanner is built, or will never be
        self._looked_in_cache = False
        self._unscanned = frozenset(range(len(self.rules)))  # rules the scanner does not cover
        self._scan_alone = False  # True when the scan decides alone which rules run
        self._anchor_finders: dict[frozenset[str], Finder] = {}

    def _id(self, literal: str) -> int:
        return self._ids.setdefault(literal, len(self._ids))

    def _clause(self, literals: frozenset[str], meets: dict[int, int]) -> int:
        if literals not in self._clauses:
            bit = self._clauses[literals] = 1 << len(self._clauses)
            for literal in literals:
                i = self._id(literal)
                meets[i] = meets.get(i, 0) | bit
        return self._clauses[literals]

    def select(self, text: str) -> tuple[list[Rule], Hits | AnchorSearch | None]:
        """The rules that can find something in ``text``, in ruleset order, and the anchors' places."""
        if self._automaton is None:
            return list(self.rules), None
        self._served += 1
        scanner = self._scanner if self._scan_tried else self._start_scanner()
        if scanner is not None and self._scan_alone and text.isascii():
            # Over real copy the scan leaves no rule that the literals would skip: searching
            # for them all costs more than it saves. Anchored rules look for their own.
            rules = self.rules
            allowed = sorted(self._unscanned.union(scanner.matching(text)))
            return [rules[n] for n in allowed], AnchorSearch(fold_ascii(text), self)
        searched = self._find(text)
        if searched is None:  # a lone surrogate (from JSON) is no UTF-8: run every rule, scan in full
            return list(self.rules), None
        found, offsets_kept = searched
        starts: dict[int, list[int]] = {}  # literal id -> where it starts
        for i, start, _ in found:
            if i in starts:
                starts[i].append(start)
            else:
                starts[i] = [start]
        hits = Hits(starts if offsets_kept else None, self._anchor_ids)
        met = 0
        meets = self._meets
        for i in starts:
            met |= meets[i]
        unmet = ~met
        if scanner is None:
            return [rule for rule, needs in zip(self.rules, self._needs) if not needs & unmet], hits
        # The scan leaves a few rules of many: look at those alone, in ruleset order.
        rules, needs = self.rules, self._needs
        allowed = sorted(self._unscanned.union(scanner.matching(text)))
        return [rules[n] for n in allowed if not needs[n] & unmet], hits

    def _find(self, text: str) -> tuple[list[tuple[int, int, int]], bool] | None:
        """Every literal found in ``text`` (id, start, end), and whether its offsets are the text's."""
        assert self._automaton is not None
        if self._served == DFA_AFTER:
            # Past a few stories, a DFA (for ASCII stories, over bytes) pays back its 5 ms build.
            dfa = ahocorasick_rs.Implementation.DFA
            self._automaton = ahocorasick_rs.AhoCorasick(list(self._ids), implementation=dfa)
            encoded = [literal.encode("utf-8", "surrogatepass") for literal in self._ids]
            self._ascii_automaton = ahocorasick_rs.BytesAhoCorasick(encoded, implementation=dfa)
        if self._ascii_automaton is not None and text.isascii():
            return self._ascii_automaton.find_matches_as_indexes(fold_ascii(text), overlapping=True), True
        folded = fold(text)
        try:
            found = self._automaton.find_matches_as_indexes(folded, overlapping=True)
        except UnicodeError:
            return None
        # Folding never shortens a character, so equal lengths mean equal offsets.
        return found, len(folded) == len(text)

    def anchor_finder(self, anchors: frozenset[str]) -> Finder | None:
        """How to find ``anchors`` alone in a folded ASCII story, or None when they are not
        looked for (one of them is a common string)."""
        if anchors not in self._anchor_ids:
            return None
        find = self._anchor_finders.get(anchors)
        if find is None:
            find = self._anchor_finders[anchors] = finder(anchors)
        return find

    def _start_scanner(self) -> Scanner | None:
        """The scanner, once this prefilter has served enough stories to pay for it."""
        if SCAN_AFTER is None or self._served <= SCAN_AFTER:
            return None
        compile = self._served > COMPILE_AFTER
        if self._looked_in_cache and not compile:
            return None
        from newslint import multiscan

        self._looked_in_cache = True
        built = multiscan.build([rule.superset for rule in self.rules], compile=compile)
        if built is not None:
            self._scanner, covered = built
            self._unscanned = frozenset(range(len(self.rules))) - covered
            # The literals' requirements can be left to the scan if no rule it leaves out has any.
            self._scan_alone = not any(self._needs[n] for n in self._unscanned)
        self._scan_tried = built is not None or compile
        return self._scanner


@lru_cache(maxsize=16)
def for_rules(rules: tuple[Rule, ...]) -> Prefilter:
    """The prefilter of a ruleset, built once (rules compare by identity)."""
    with gc_paused():
        return Prefilter(rules)
