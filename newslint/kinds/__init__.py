"""Rule kinds: the ``kind:`` key of a rule maps to exactly one module here.

A kind's module is imported when a rule of that kind is first built or
restored from the cache, so a run pays only for the kinds its rules use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import regex

from newslint.kinds.base import BuildContext, SpecError
from newslint.rule import Checker

Builder = Callable[[Mapping[str, Any], BuildContext], Checker]

#: kind -> the module whose ``build(spec, context)`` makes its checker.
KINDS: dict[str, str] = {
    "pattern": "newslint.kinds.pattern",
    "substitution": "newslint.kinds.substitution",
    "capitalization": "newslint.kinds.capitalization",
    "line": "newslint.kinds.line",
    "suppression": "newslint.kinds.suppression",
    "consistency": "newslint.kinds.consistency",
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
        builder: Builder = importlib.import_module(KINDS[kind]).build
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
