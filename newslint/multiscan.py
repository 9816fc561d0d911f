"""One Hyperscan pass over a story says which rules' patterns could match in it.

Every rule's looser forms of its pattern (``superset``) go into one Hyperscan
database; a story's projection is scanned once, and a rule one of whose looser
forms does not match cannot match either, so it is skipped. This pays
off over many stories: compiling the database takes about a second, so it is
built only once a run has checked enough stories (see ``prefilter``), and kept
in the rule cache, so that later runs load it in about 12 ms (a 2.6 MB entry).

Hyperscan is optional (``pip install 'newslint[fast]'``); without it, with an
engine not trusted (``engine_trusted``), or when a database cannot be built or
loaded, every rule the literal prefilter selects runs.
"""

from __future__ import annotations

import threading
from functools import cache
from collections.abc import Sequence
from typing import Any

from newslint.digest import hexdigest
from newslint.projection import project

#: Report each pattern once per story, and accept patterns that can match the empty string.
_FLAGS = ("HS_FLAG_SINGLEMATCH", "HS_FLAG_ALLOWEMPTY")

#: Releases of the ``hyperscan`` package we have checked, first and last: 0.6.0 ships
#: Hyperscan 5.4.2 and 0.7.0 to 0.7.13 Vectorscan 5.4.11, which find everything one-pattern
#: databases find over the 1987 corpus. 0.7.19 and 0.7.21 abort the process that imports
#: pyarrow after them (the archive extra has both), and from 0.7.23 on the package ships
#: Vectorscan 5.4.12, which misses matches (the canary below).
TRUSTED_RELEASES = ((0, 6, 0), (0, 7, 13))
#: Compiled together, Vectorscan 5.4.12 finds nothing for the second pattern in this text,
#: though it finds its match alone: an engine that does so is not used.
_CANARY = (
    r",[\t\x1a ]*\n?[\t\x1a ]*(?:Additional reporting|Compiled|Compiling|Editing|Fact-checking|Graphics|Photos"
    r"|Production|Reporting|Research|Sub-editing|Translation|Video|Writing|Reported|Written|Edited)[\t\x1a ]+by",
    r",\s+or\s+[a-z]",
)
_CANARY_TEXT = b"of 132,000 dlrs, or\n shr.\n Reuter\n\x03"


class Scanner:
    """A compiled database of looser patterns. A rule's first form has the rule's number as
    its id; its further forms (``extra``) have ids past every rule's."""

    def __init__(self, database: Any, hyperscan: Any, extra: dict[int, frozenset[int]]) -> None:
        self._database = database
        self._hyperscan = hyperscan
        self._extra = extra
        self._extra_ids = frozenset().union(*extra.values())
        self._local = threading.local()  # a scan's scratch space is one thread's alone

    def matching(self, text: str) -> set[int]:
        """The numbers of the rules every form of which matches somewhere in ``text``'s projection."""
        found: set[int] = set()

        def on_match(number: int, start: int, end: int, flags: int, context: object) -> None:
            found.add(number)

        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = self._hyperscan.Scratch(self._database)
        self._database.scan(project(text), match_event_handler=on_match, scratch=scratch)
        extra = self._extra
        for number in [n for n in found if n in extra]:
            if not extra[number] <= found:
                found.discard(number)
        found.difference_update(self._extra_ids)
        return found


def build(expressions: Sequence[tuple[str, ...]], compile: bool = True) -> tuple[Scanner, frozenset[int]] | None:
    """A scanner for ``expressions`` (each rule's looser forms) and the numbers of the rules it
    covers; None without Hyperscan or when nothing compiles.

    The compiled database is kept in the user's rule cache (unless switched off), keyed
    by the expressions and Hyperscan's version. Without ``compile``, only a database
    found there is used.
    """
    try:
        import hyperscan
    except ImportError:
        return None
    if not release_trusted(hyperscan):
        return None
    from newslint.rulecache import open_cache

    cache = open_cache()
    key = _key(expressions, str(getattr(hyperscan, "__version__", "")))
    if cache is not None and (stored := cache.get(key)) is not None:
        try:
            database = hyperscan.loadb(stored["database"], hyperscan.HS_MODE_BLOCK)
            extra = {int(n): frozenset(ids) for n, ids in stored["extra"].items()}
            return Scanner(database, hyperscan, extra), frozenset(stored["covered"])
        except Exception:  # damaged, or built for another CPU: compile afresh
            pass
    # A stored database was compiled by this release after its engine passed the canary,
    # which costs a compile (about 13 ms): only a new one is checked.
    if not compile or not engine_trusted(hyperscan):
        return None
    compiled = _compile_accepted(expressions, hyperscan)
    if compiled is None:
        return None
    database, covered, extra = compiled
    if cache is not None:
        stored = {"database": hyperscan.dumpb(database), "covered": sorted(covered)}
        cache.put(key, {**stored, "extra": {n: sorted(ids) for n, ids in extra.items()}})
    return Scanner(database, hyperscan, extra), covered


def release_trusted(hyperscan: Any) -> bool:
    """Whether this ``hyperscan`` is a release we checked (see ``TRUSTED_RELEASES``)."""
    release = _release(str(getattr(hyperscan, "__version__", "")))
    first, last = TRUSTED_RELEASES
    return release is not None and first <= release <= last


@cache
def engine_trusted(hyperscan: Any) -> bool:
    """Whether this ``hyperscan`` is a release we checked, and finds the canary's match: a
    missed match would skip a rule that has a finding."""
    if not release_trusted(hyperscan):
        return False
    database = _compile(dict(enumerate(_CANARY)), hyperscan)
    if database is None:
        return False
    found: set[int] = set()
    database.scan(_CANARY_TEXT, match_event_handler=lambda number, *_: found.add(number))
    return found == {1}


def _release(version: str) -> tuple[int, int, int] | None:
    """"0.7.21" as (0, 7, 21); None for anything else ("0.7.21rc1", "")."""
    parts = version.split(".")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    return int(parts[0]), int(parts[1]), int(parts[2])


def _compile_accepted(
    expressions: Sequence[tuple[str, ...]], hyperscan: Any
) -> tuple[Any, frozenset[int], dict[int, frozenset[int]]] | None:
    """The database of every form Hyperscan accepts (a form it refuses, say as too large, is
    left out, and a rule with none left is not covered), the rules covered, and their
    further forms' ids."""
    forms = {n: tuple(f) for n, f in enumerate(expressions) if f}
    numbered, extra = _numbered(forms, len(expressions))
    database = _compile(numbered, hyperscan)
    if database is None:
        forms = {n: kept for n, f in forms.items() if (kept := tuple(x for x in f if _compile({0: x}, hyperscan)))}
        numbered, extra = _numbered(forms, len(expressions))
        database = _compile(numbered, hyperscan)
    if database is None:
        return None
    return database, frozenset(forms), extra


def _numbered(forms: dict[int, tuple[str, ...]], first_extra: int) -> tuple[dict[int, str], dict[int, frozenset[int]]]:
    """Each form by its id: a rule's first form by the rule's number, the others from ``first_extra`` on."""
    numbered: dict[int, str] = {}
    extra: dict[int, frozenset[int]] = {}
    next_id = first_extra
    for number, (head, *rest) in forms.items():
        numbered[number] = head
        ids = range(next_id, next_id + len(rest))
        numbered.update(zip(ids, rest))
        next_id += len(rest)
        if rest:
            extra[number] = frozenset(ids)
    return numbered, extra


def _compile(expressions: dict[int, str], hyperscan: Any) -> Any | None:
    if not expressions:
        return None
    numbers = sorted(expressions)
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    try:
        database.compile(
            expressions=[expressions[n].encode("ascii") for n in numbers],
            ids=numbers,
            elements=len(numbers),
            flags=[_flags(hyperscan)] * len(numbers),
        )
    except hyperscan.error:
        return None
    return database


def _flags(hyperscan: Any) -> int:
    value = 0
    for name in _FLAGS:
        value |= getattr(hyperscan, name)
    return value


def _key(expressions: Sequence[tuple[str, ...]], version: str) -> str:
    header = f"hyperscan {version} {' '.join(_FLAGS)}\0".encode()
    return "scan-" + hexdigest(header, *("\1".join(forms).encode("ascii") + b"\0" for forms in expressions))
