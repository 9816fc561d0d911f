"""The literal strings a regular expression cannot match without: what the prefilter looks for.

``required(pattern)`` returns a set of case-folded strings such that, whenever
the pattern matches anywhere in a text, the case-folded text contains at least
one of them; or None when no such set can be derived (the rule must always run).
The text around a match counts too: a positive lookaround's literals must be in
the story even though they are not in the match.

The pattern is parsed with the ``regex`` module's own parser, so verbose mode,
scoped flags, named lists and escapes mean exactly what they mean to the engine.
That parser is not public API: any node this module does not know, and any
failure to parse, gives None, which is always correct (only slower).

Everything is compared folded (``folding.fold``): case-folded, and with every decimal
digit written as "0". A case-insensitive match of pattern character ``p`` on
text character ``t`` means they fold alike, so a literal found in the folded
pattern is found in the folded text; a case-sensitive literal is only looked
for more loosely than it matches. Folding digits lets "\\d{5}" require "00000",
so number rules run only on stories with such figures.
"""

from __future__ import annotations

from typing import Any

import regex

from newslint.folding import Literals, is_common, weight
from newslint.parsetree import ANY, Info, analyse, runs
from newslint.regexparse import parse


def required(pattern: regex.Pattern[str]) -> Literals | None:
    """Case-folded strings one of which every text the pattern matches in must contain."""
    return derive(pattern)[0]


def anchors(pattern: regex.Pattern[str]) -> Literals | None:
    """Case-folded strings one of which every match starts with (where matching began,
    before any ``\\K``), or None. Matching only where they occur finds what a scan finds.
    """
    return derive(pattern)[1]


def derive(pattern: regex.Pattern[str]) -> tuple[Literals | None, Literals | None]:
    """``required`` and ``anchors`` from one parse of the pattern."""
    top = _top(pattern)
    need = top.need if _usable(top.need) else None
    # A reverse scan meets overlapping matches in the other order: no anchoring.
    head = top.head if _usable(top.head) and not pattern.flags & regex.REVERSE else None
    return need, head


#: Requirements kept beside the triggers: each costs a little per story.
MAX_CLAUSES = 3


def clauses(pattern: regex.Pattern[str]) -> tuple[Literals, ...]:
    """Requirements that all hold wherever the pattern matches, most selective first.

    ``required`` gives one; a pattern often promises several ("1.200 people" needs
    "0.000" and a noun), and a story must hold one string of each. Common ones are
    left out, and so is any set another one implies.
    """
    try:
        found = _conjuncts(parse(pattern))
    except Exception:  # private parser API: see _top
        return ()
    usable = sorted(
        {c for c in found if _usable(c) and not any(map(is_common, c))},
        key=lambda c: (-min(map(weight, c)), len(c), sorted(c)),
    )
    kept: list[Literals] = []
    for clause in usable:
        if not any(implies(other, clause) for other in kept):
            kept.append(clause)
    return tuple(kept[:MAX_CLAUSES])


def implies(a: Literals, b: Literals) -> bool:
    """Whether a text holding one of ``a`` always holds one of ``b`` ("0.000" holds "000")."""
    return all(any(y in x for y in b) for x in a)


def _conjuncts(node: Any) -> list[Literals]:
    # Every item of a sequence matches, and so do a group, a positive lookaround and
    # a repeat of at least one; a branch promises only what all its arms do.
    kind = type(node).__name__
    found = [need] if (need := analyse(node).need) is not None else []
    if kind == "Sequence":
        found.extend(runs(node)[2])
        parts = list(node.items)
    elif kind in ("Group", "Atomic") or kind == "LookAround" and node.positive:
        parts = [node.subpattern]
    elif kind in ("GreedyRepeat", "LazyRepeat", "PossessiveRepeat") and node.min_count > 0:
        parts = [node.subpattern]
    else:
        parts = []
    for part in parts:
        found.extend(_conjuncts(part))
    return found


def _usable(found: Literals | None) -> bool:
    return bool(found) and "" not in found  # type: ignore[operator]


def _top(pattern: regex.Pattern[str]) -> Info:
    try:
        return analyse(parse(pattern))
    except Exception:  # the parser is private API: a change in it must cost speed, never findings
        return ANY


