"""Looser expressions for a rule's pattern: each matches wherever the pattern can, and is
simple enough for a multi-pattern engine (Hyperscan) to try every rule in one pass.

The pattern is read from the ``regex`` module's own parse tree (see ``regexparse``)
and rewritten over a projection of the story (see ``projection``). The rewrite
only ever widens:

- lookarounds, word boundaries, anchors and ``\\K`` match the empty string, except
  that where the whole match starts a lookbehind takes in the text it looks at (or
  ``^``/``\\A`` the line break or start before it), and where it ends a lookahead (or
  ``$``/``\\Z``) likewise;
- characters and classes become the classes of projection bytes that can stand
  where they match (``projection``);
- an upper bound on a repeat is dropped, possessive, atomic and lazy repeats
  become plain ones, and a conditional either arm.

A second form may start at a lookbehind inside the pattern ("a figure, then a
lookbehind at the words before it"): what comes before it is dropped and the text
it looks at is taken in, which often says more than the rest. A match of the
pattern is a match of every form, so a story where any form finds nothing is one
the rule finds nothing in.

What cannot be widened that way (back-references, fuzzy matching, full case
folding, ASCII or locale mode, recursion, flags changed part-way through) gives no
form, and the rule keeps its literal triggers alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import regex

from newslint.regexparse import parse
from newslint.projection import CHARACTERS, Unsupported

# ASCII or locale mode (``(?a)``, ``(?L)``, scoped or not). In locale mode what a class
# holds depends on the machine; in ASCII mode the parse tree's classes do not say which
# non-ASCII characters they hold (a class inside a group is marked with no mode at all),
# so the odd cases the projection writes as letters could fall outside them.
_ENCODING_FLAG = regex.compile(r"\(\?[a-zA-Z-]*[aL][a-zA-Z-]*[:)]")


def superset(pattern: regex.Pattern[str]) -> tuple[str, ...]:
    """Looser expressions (ASCII text), each matching the projection of every text the
    pattern matches in; none when the pattern has a construct that cannot be widened here."""
    if pattern.flags & (regex.ASCII | regex.LOCALE) or _ENCODING_FLAG.search(pattern.pattern):
        return ()
    try:
        tree = parse(pattern)
        forms = [_emit(tree, left=True, right=True)]
        inner = _from_lookbehind(tree, left=True, right=True)
    except Exception:  # Unsupported, or the private parser changed: the rule keeps its triggers
        return ()
    if inner and inner not in forms:
        forms.append(inner)
    return tuple(forms)


def _emit(node: Any, left: bool = False, right: bool = False) -> str:
    """The looser expression of ``node``; ``left``/``right``: its start/end is the whole match's."""
    kind = type(node).__name__
    if kind == "Sequence":
        return _sequence(node.items, left, right)
    if kind in ("Group", "Atomic"):
        return _group(_emit(node.subpattern, left, right))
    if kind == "Branch":
        return _branch(node.branches, left, right)
    if kind in ("Conditional", "LookAroundConditional"):
        return _branch([node.yes_item, node.no_item], left, right)
    if kind in ("GreedyRepeat", "LazyRepeat", "PossessiveRepeat"):
        return _repeat(node)
    if kind in _ZERO_WIDTH or getattr(node, "zerowidth", False):
        return ""
    handler = CHARACTERS.get(kind)
    if handler is None:
        raise Unsupported(kind)
    out: str = handler(node)
    return out


def _sequence(items: tuple[Any, ...] | list[Any], left: bool, right: bool) -> str:
    # A lookbehind where the whole match starts holds the text just before it, and a
    # lookahead where it ends the text just after: there, the looser expression takes
    # that text in (one of each; ones elsewhere assert at places inside and are dropped).
    first, last = _span(items)
    before = _edge(items[:first], behind=True) if left else ""
    after = _edge(items[last + 1 :], behind=False) if right else ""
    out = [before]
    for n in range(first, last + 1):
        # An edge whose lookaround is taken in here is no longer an edge inside: the text
        # there is taken, so an inner lookaround at the same place must not be taken again.
        out.append(_emit(items[n], left and not before and n == first, right and not after and n == last))
    out.append(after)
    return "".join(out)


def _span(items: tuple[Any, ...] | list[Any]) -> tuple[int, int]:
    """The first and last items that take in text (len(items) and -1 when none does)."""
    wide = [n for n, item in enumerate(items) if not _zero_width(item)]
    return (wide[0], wide[-1]) if wide else (len(items), -1)


def _edge(items: tuple[Any, ...] | list[Any], behind: bool) -> str:
    """What the zero-width ``items`` at an edge of the whole match let it take in: the text a
    lookbehind (at the start) or lookahead (at the end) looks at, or the line break or end
    of the text an anchor stands by. They all assert at one place, so any one will do:
    the longest, as the likeliest to say the most."""
    anchors = _START_ANCHORS if behind else _END_ANCHORS
    found = [""]
    for item in items:
        kind = type(item).__name__
        if _look(item, behind):
            found.append(_group(_emit(item.subpattern, left=behind, right=not behind)))
        elif kind in ("Group", "Atomic", "Branch"):  # lookarounds in a group of their own
            found.append(_group(_emit(item, left=behind, right=not behind)))
        elif kind in anchors:
            found.append(anchors[kind])
    return max(found, key=len)


def _from_lookbehind(node: Any, left: bool, right: bool) -> str | None:
    """A looser form of ``node`` from the text its last lookbehind (at any depth a match must
    pass through) looks at, on to the end; None when it has none but at the edge of the whole
    match (``left``), which the first form takes in already."""
    kind = type(node).__name__
    if kind in ("Group", "Atomic"):
        return _from_lookbehind(node.subpattern, left, right)
    if kind == "Branch":
        arms = [_from_lookbehind(arm, left, right) for arm in node.branches]
        return None if any(arm is None for arm in arms) else f"(?:{'|'.join(map(str, arms))})"
    if kind != "Sequence":
        return None
    items = node.items
    first, last = _span(items)
    for n in range(len(items) - 1, -1, -1):
        item = items[n]
        if _look(item, behind=True) and not (left and n < first):
            start = _group(_emit(item.subpattern, left=True))
        elif type(item).__name__ in ("Group", "Atomic", "Branch"):
            # At the end of the whole match, the text after it is taken in once: here, or
            # by the lookaheads that follow.
            at_end = right and n >= last and not _edge(items[n + 1 :], behind=False)
            inner = _from_lookbehind(item, left and n <= first, at_end)
            if inner is None:
                continue
            start = _group(inner)
        else:
            continue
        return start + _sequence(items[n + 1 :], left=False, right=right)
    return None


def _zero_width(node: Any) -> bool:
    kind = type(node).__name__
    if kind in ("Group", "Atomic"):
        return _zero_width(node.subpattern)
    if kind == "Branch":
        return all(map(_zero_width, node.branches))
    if kind == "Sequence":
        return all(map(_zero_width, node.items))
    return kind in _ZERO_WIDTH or bool(getattr(node, "zerowidth", False))


def _look(node: Any, behind: bool) -> bool:
    return type(node).__name__ == "LookAround" and node.positive and node.behind == behind


def _group(text: str) -> str:
    return f"(?:{text})" if text else ""


def _repeat(node: Any) -> str:
    inner = _emit(node.subpattern)  # each time round starts and ends inside the match
    if not inner:
        return ""
    low, high = node.min_count, node.max_count
    if high == 0:
        return ""  # "x{0}" matches the empty string, and Hyperscan refuses it
    if high == low:
        quantifier = "" if low == 1 else f"{{{low}}}"
    elif (low, high) == (0, 1):
        quantifier = "?"
    else:  # an upper bound only costs the engine time to compile: no bound is wider
        quantifier = "*" if low == 0 else "+" if low == 1 else f"{{{low},}}"
    return _group(inner) + quantifier


def _branch(arms: Iterable[Any], left: bool, right: bool) -> str:
    return f"(?:{'|'.join(_emit(arm, left, right) for arm in arms)})"


# What an anchor at an edge of the whole match lets it take in (the projection keeps
# every line break where it was, and \\A and \\z are the start and end of the story).
_START_ANCHORS = {"StartOfString": "\\A", "StartOfLine": "(?:\\A|\\x0a)"}
_END_ANCHORS = {"EndOfString": "\\z", "EndOfLine": "(?:\\x0a|\\z)", "EndOfStringLine": "(?:\\x0a?\\z)"}

# Zero-width assertions: the empty string is wider than any of them.
_ZERO_WIDTH = frozenset(
    {
        "LookAround", "Boundary", "DefaultBoundary", "StartOfWord", "EndOfWord", "DefaultStartOfWord",
        "DefaultEndOfWord", "StartOfLine", "StartOfLineU", "EndOfLine", "EndOfLineU", "StartOfString",
        "EndOfString", "EndOfStringLine", "EndOfStringLineU", "SearchAnchor", "Keep",
        # Verbs that only make a match fail: without them the expression is wider.
        "Failure", "Skip", "Prune",
    }
)
