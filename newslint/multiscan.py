"""One Hyperscan pass over a story says which rules' patterns could match in it.

Every rule with a looser form of its pattern (``superset``) goes into one
Hyperscan database; a story's projection is scanned once, and a rule whose
looser pattern does not match cannot match either, so it is skipped. This pays
off over many stories: compiling the database takes about a second, so it is
built only once a run has checked enough stories (see ``prefilter``), and kept
in the rule cache, so that later runs load it in a millisecond.

Hyperscan is optional (``pip install 'newslint[fast]'``); without it, or when
a database cannot be built or loaded, every rule the literal prefilter selects runs.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from typing import Any

from newslint.projection import project

#: Report each pattern once per story, and accept patterns that can match the empty string.
_FLAGS = ("HS_FLAG_SINGLEMATCH", "HS_FLAG_ALLOWEMPTY")


class Scanner:
    """A compiled database of looser patterns, numbered as the rules they stand for."""

    def __init__(self, database: Any, hyperscan: Any) -> None:
        self._database = database
        self._hyperscan = hyperscan
        self._local = threading.local()  # a scan's scratch space is one thread's alone

    def matching(self, text: str) -> set[int]:
        """The numbers of the patterns that match somewhere in ``text``'s projection."""
        found: set[int] = set()

        def on_match(number: int, start: int, end: int, flags: int, context: object) -> None:
            found.add(number)

        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = self._hyperscan.Scratch(self._database)
        self._database.scan(project(text), match_event_handler=on_match, scratch=scratch)
        return found


def build(expressions: Sequence[tuple[str, ...]], compile: bool = True) -> tuple[Scanner, frozenset[int]] | None:
    """A scanner for ``expressions`` (each rule's looser forms, tightest first) and the
    numbers of the rules it covers; None without Hyperscan or when nothing compiles.

    The compiled database is kept in the user's rule cache (unless switched off), keyed
    by the expressions and Hyperscan's version. Without ``compile``, only a database
    found there is used.
    """
    try:
        import hyperscan
    except ImportError:
        return None
    from newslint.rulecache import open_cache

    cache = open_cache()
    key = _key(expressions, str(getattr(hyperscan, "__version__", "")))
    if cache is not None and (stored := cache.get(key)) is not None:
        try:
            database = hyperscan.loadb(stored["database"], hyperscan.HS_MODE_BLOCK)
            return Scanner(database, hyperscan), frozenset(stored["covered"])
        except Exception:  # damaged, or built for another CPU: compile afresh
            pass
    if not compile:
        return None
    compiled = _compile_tightest(expressions, hyperscan)
    if compiled is None:
        return None
    database, covered = compiled
    if cache is not None:
        cache.put(key, {"database": hyperscan.dumpb(database), "covered": sorted(covered)})
    return Scanner(database, hyperscan), covered


def _compile_tightest(expressions: Sequence[tuple[str, ...]], hyperscan: Any) -> tuple[Any, frozenset[int]] | None:
    """The database of each rule's tightest form Hyperscan accepts (a rule with none is left
    out), and the numbers of the rules in it."""
    tightest = {n: forms[0] for n, forms in enumerate(expressions) if forms}
    database = _compile(tightest, hyperscan)
    if database is None:  # some form is refused (too large): find each rule's own
        chosen: dict[int, str] = {}
        for number, forms in enumerate(expressions):
            chosen.update(next(({number: f} for f in forms if _compile({number: f}, hyperscan)), {}))
        database = _compile(chosen, hyperscan)
        tightest = chosen
    if database is None or not tightest:
        return None
    return database, frozenset(tightest)


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
    digest = hashlib.sha256(f"hyperscan {version} {' '.join(_FLAGS)}\0".encode())
    for forms in expressions:
        digest.update("\1".join(forms).encode("ascii") + b"\0")
    return "scan-" + digest.hexdigest()
