"""Where a story holds the anchors rules start their matches with (see ``prefilter``).

``Hits`` keeps the places the prefilter's whole literal pass found; ``AnchorSearch``
looks for one rule's anchors when that rule asks, once the scan decides alone which
rules run. Either answers None where a scan of the whole story is needed or better.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newslint.prefilter import Prefilter

#: Past this many places to try, one scan of the story is cheaper than a match at each.
MAX_STARTS = 48
#: Up to this many anchors, a rule looks for each with bytes.find rather than an automaton.
FEW_ANCHORS = 3


class Hits:
    """Where one story holds the anchors of its ruleset."""

    __slots__ = ("_starts", "_ids")

    def __init__(self, starts: dict[int, list[int]] | None, ids: dict[frozenset[str], frozenset[int]]) -> None:
        self._starts = starts  # literal id -> start offsets; None when offsets are unknown
        self._ids = ids  # a rule's anchors -> their ids, for the rules the automaton serves

    def starts(self, anchors: frozenset[str]) -> list[int] | None:
        """Sorted offsets where one of ``anchors`` starts, or None when a scan is needed or better."""
        ids = self._ids.get(anchors)
        if ids is None or self._starts is None:
            return None  # anchors not looked for (a common string), or offsets unknown: scan
        return _places([start for i in self._starts.keys() & ids for start in self._starts[i]])


class AnchorSearch:
    """Where anchors stand in an ASCII story, searched for one rule's anchors when it asks:
    once the scan decides which rules run, most anchors are never asked for."""

    __slots__ = ("_folded", "_prefilter")

    def __init__(self, folded: bytes, prefilter: Prefilter) -> None:
        self._folded = folded
        self._prefilter = prefilter

    def starts(self, anchors: frozenset[str]) -> list[int] | None:
        """As ``Hits.starts``: sorted offsets where one of ``anchors`` starts, or None."""
        find = self._prefilter.anchor_finder(anchors)
        if find is None:
            return None
        return _places(find(self._folded))


def _places(found: list[int]) -> list[int] | None:
    """The places to try, in order, or None when there are too many to be worth it."""
    if len(found) > MAX_STARTS:
        return None
    found.sort()
    return found


#: Where some anchors start in a folded ASCII story (in any order).
Finder = Callable[[bytes], list[int]]


def finder(anchors: frozenset[str]) -> Finder:
    """The quicker way to find ``anchors``: a search each for a few ("mln", "bln"), else an
    automaton of them."""
    encoded = sorted(anchor.encode("utf-8", "surrogatepass") for anchor in anchors)
    if len(encoded) <= FEW_ANCHORS:
        return partial(_each, tuple(encoded))
    import ahocorasick_rs  # a dependency, as in prefilter: only a run that searches gets here

    automaton = ahocorasick_rs.BytesAhoCorasick(encoded)
    return lambda folded: [start for _, start, _ in automaton.find_matches_as_indexes(folded, overlapping=True)]


def _each(literals: tuple[bytes, ...], folded: bytes) -> list[int]:
    found = []
    for literal in literals:
        at = folded.find(literal)
        while at != -1:
            found.append(at)
            at = folded.find(literal, at + 1)
    return found
