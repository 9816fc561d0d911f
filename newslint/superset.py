"""A looser expression for a rule's pattern: it matches wherever the pattern can, and is
simple enough for a multi-pattern engine (Hyperscan) to try every rule in one pass.

The pattern is read from the ``regex`` module's own parse tree (see ``parsetree``)
and rewritten over a projection of the story (see ``projection``). The rewrite
only ever widens:

- lookarounds, word boundaries, anchors and ``\\K`` match the empty string, except
  that a lookbehind where the whole match starts, and a lookahead where it ends,
  take in the text they look at (one of each);
- characters and classes become the classes of projection bytes that can stand
  where they match (``projection``);
- an upper bound on a repeat is dropped, possessive, atomic and lazy repeats
  become plain ones, and a conditional either arm.

So if the rule's pattern matches a story, the looser one matches the projection.
What cannot be widened that way (back-references, fuzzy matching, full case
folding, ASCII or locale mode, recursion, flags changed part-way through) gives no
form, and the rule keeps its literal triggers alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import regex

from newslint.parsetree import parse
from newslint.projection import CHARACTERS, Unsupported

# ASCII or locale mode (``(?a)``, ``(?L)``, scoped or not). In locale mode what a class
# holds depends on the machine; in ASCII mode the parse tree's classes do not say which
# non-ASCII characters they hold (a class inside a group is marked with no mode at all),
# so the odd cases the projection writes as letters could fall outside them.
_ENCODING_FLAG = regex.compile(r"\(\?[a-zA-Z-]*[aL][a-zA-Z-]*[:)]")



def superset(pattern: regex.Pattern[str]) -> tuple[str, ...]:
    """Looser expressions (ASCII text), each matching the projection of every text the
    pattern matches in: the tightest first, then a shorter one in case the engine refuses
    it (too large); none when the pattern has a construct that cannot be widened here."""
    if pattern.flags & (regex.ASCII | regex.LOCALE) or _ENCODING_FLAG.search(pattern.pattern):
        return ()
    try:
        tree = parse(pattern)
        tight = _emit(tree, left=True, right=True)
        loose = _emit(tree)
    except Exception:  # Unsupported, or the private parser changed: the rule keeps its triggers
        return ()
    return (tight,) if tight == loose else (tight, loose)


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
    wide = [n for n, item in enumerate(items) if not _zero_width(item)]
    if not wide:
        return ""
    first, last = wide[0], wide[-1]
    behind = [item for item in items[:first] if _look(item, behind=True)] if left else []
    ahead = [item for item in items[last + 1 :] if _look(item, behind=False)] if right else []
    out = [_group(_emit(behind[-1].subpattern, left=True))] if behind else []
    for n in range(first, last + 1):
        # An edge whose lookaround is taken in here is no longer an edge inside: the text
        # there is taken, so an inner lookaround at the same place must not be taken again.
        out.append(_emit(items[n], left and not behind and n == first, right and not ahead and n == last))
    if ahead:
        out.append(_group(_emit(ahead[0].subpattern, right=True)))
    return "".join(out)


def _zero_width(node: Any) -> bool:
    return type(node).__name__ in _ZERO_WIDTH or bool(getattr(node, "zerowidth", False))


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
