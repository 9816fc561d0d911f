"""Rule kinds: the ``kind:`` key of a rule maps to exactly one module here."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import regex

from newslint.kinds import capitalization, consistency, line, pattern, substitution, suppression
from newslint.kinds.base import BuildContext, SpecError
from newslint.rule import Checker

Builder = Callable[[Mapping[str, Any], BuildContext], Checker]

KINDS: dict[str, Builder] = {
    "pattern": pattern.build,
    "substitution": substitution.build,
    "capitalization": capitalization.build,
    "line": line.build,
    "suppression": suppression.build,
    "consistency": consistency.build,
}


def build_checker(
    kind: str,
    spec: Mapping[str, Any],
    lists: Mapping[str, Sequence[str]],
    fragments: Mapping[str, str] | None = None,
    maps: Mapping[str, Mapping[str, str]] | None = None,
) -> Checker:
    """Build the checker for a validated rule spec; raises SpecError naming the key."""
    try:
        builder = KINDS[kind]
    except KeyError:
        raise SpecError("kind", f"unknown kind {kind!r} (known: {', '.join(KINDS)})") from None
    try:
        return builder(spec, BuildContext(lists=lists, fragments=fragments or {}, maps=maps or {}))
    except SpecError:
        raise
    except (regex.error, ValueError, TypeError) as exc:
        # A kind's own compile step failed: still a load error, never a traceback.
        raise SpecError(kind, f"cannot build rule: {exc}") from None


__all__ = ["KINDS", "BuildContext", "SpecError", "build_checker"]
