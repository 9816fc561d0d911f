"""Choose rules by code or code prefix, like ruff's --select / --ignore."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from newslint.rule import Rule


class SelectionError(ValueError):
    """A selector matches no rule: a typo must not silently disable checking."""


def parse_selectors(values: Iterable[str]) -> list[str]:
    """Split repeated and comma-separated option values into upper-case selectors."""
    return [part.strip().upper() for value in values for part in value.split(",") if part.strip()]


def check_selectors(rules: Sequence[Rule], selectors: Iterable[str]) -> None:
    """Raise SelectionError for a selector that matches no rule."""
    for selector in selectors:
        if selector != "ALL" and not any(r.code.startswith(selector) for r in rules):
            raise SelectionError(f"unknown rule code or prefix {selector!r}")


def select_rules(
    rules: Sequence[Rule],
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    *,
    extend_select: Sequence[str] = (),
) -> list[Rule]:
    """Rules that are on: the longest matching selector decides, ignore winning ties.

    With no ``select``, every rule that is not opt-in is on, plus ``extend_select``.
    An opt-in rule is on only when a selector names its full code (or ``ALL``).
    """
    check_selectors(rules, (*select, *ignore, *extend_select))
    chosen: list[Rule] = []
    wanted = (*select, *extend_select)
    for rule in rules:
        on = _longest(rule.code, wanted)
        off = _longest(rule.code, ignore)
        if off >= 0 and off >= on:
            continue
        if on < 0:
            if select or not rule.enabled:
                continue
        elif not rule.enabled and on != len(rule.code) and "ALL" not in wanted:
            continue
        chosen.append(rule)
    return chosen


def _longest(code: str, selectors: Sequence[str]) -> int:
    """Length of the longest selector that matches ``code`` (ALL counts as 0), or -1."""
    best = -1
    for selector in selectors:
        if selector == "ALL":
            best = max(best, 0)
        elif code.startswith(selector):
            best = max(best, len(selector))
    return best
