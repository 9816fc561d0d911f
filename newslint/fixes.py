"""Apply fixes: one routine sorts edits, skips overlaps, and repeats until stable."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from newslint.records import Applicability, Diagnostic, Fix

MAX_ITERATIONS = 10


def apply_fixes(text: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix]]:
    """Apply non-overlapping fixes in order of position; return the text and those applied."""
    out: list[str] = []
    applied: list[Fix] = []
    pos = 0
    for fix in sorted(fixes, key=lambda f: (f.start, f.end)):
        edits = sorted(fix.edits)
        # Skip a fix that overlaps one already taken, or inserts at the very point it ended.
        if edits[0].start < pos or (applied and edits[0].start == pos == edits[0].end):
            continue
        if any(b.start < a.end for a, b in zip(edits, edits[1:])):
            continue
        for edit in edits:
            out.append(text[pos : edit.start])
            out.append(edit.content)
            pos = edit.end
        applied.append(fix)
    out.append(text[pos:])
    return "".join(out), applied


class FixOutcome(NamedTuple):
    text: str
    fixed: list[Diagnostic]
    remaining: list[Diagnostic]
    converged: bool


def fix_until_stable(
    text: str,
    lint: Callable[[str], list[Diagnostic]],
    threshold: Applicability = Applicability.SAFE,
    max_iterations: int = MAX_ITERATIONS,
) -> FixOutcome:
    """Lint, apply every fix at or above ``threshold``, and repeat until nothing changes."""
    fixed: list[Diagnostic] = []
    diagnostics = lint(text)
    for _ in range(max_iterations):
        fixable = [d for d in diagnostics if d.fix is not None and d.fix.applicability >= threshold]
        if not fixable:
            return FixOutcome(text, fixed, diagnostics, True)
        by_fix = {id(d.fix): d for d in fixable}
        new_text, applied = apply_fixes(text, (d.fix for d in fixable if d.fix is not None))
        fixed.extend(by_fix[id(f)] for f in applied)
        if new_text == text:
            return FixOutcome(text, fixed, diagnostics, True)
        text = new_text
        diagnostics = lint(text)
    still = any(d.fix is not None and d.fix.applicability >= threshold for d in diagnostics)
    return FixOutcome(text, fixed, diagnostics, not still)
