"""Run rules over a document and turn their findings into diagnostics."""

from __future__ import annotations

from collections.abc import Sequence

from newslint.document import Document
from newslint.records import Applicability, Diagnostic, Edit, Fix
from newslint.rule import Rule

# Seconds one rule may spend on one document before it is reported as runaway.
DEFAULT_TIMEOUT = 5.0


class RuleTimeout(Exception):
    """A rule's regex ran longer than the timeout: a pattern to fix, never a hang."""

    def __init__(self, rule: Rule, seconds: float) -> None:
        super().__init__(
            f"rule {rule.code} ({rule.name}) timed out after {seconds:g}s; "
            f"its pattern backtracks too much (from {rule.source})"
        )
        self.rule = rule


def lint(doc: Document, rules: Sequence[Rule], timeout: float = DEFAULT_TIMEOUT) -> list[Diagnostic]:
    """Every diagnostic of ``rules`` on ``doc``, sorted by position then code."""
    diagnostics: list[Diagnostic] = []
    for rule in rules:
        include = [doc.scope(name) for name in rule.scope]
        exclude = [doc.scope(name) for name in rule.exclude]
        try:
            for found in rule.checker.find(doc, timeout):
                start, end = found.start, found.end
                if not any(s.contains(start) or (start == end == len(doc.text) and s) for s in include):
                    continue
                if any(s.overlaps(start, end) for s in exclude):
                    continue
                values = {**found.values, "replacement": found.replacement or ""}
                fix = None
                if rule.fix is not None and found.replacement is not None:
                    applicability = rule.fix
                    # A quotation is the speaker's words: never rewrite it unasked.
                    if applicability is Applicability.SAFE and doc.quote.overlaps(start, end):
                        applicability = Applicability.UNSAFE
                    fix = Fix((Edit(start, end, found.replacement),), applicability)
                diagnostics.append(Diagnostic(rule, start, end, rule.message.render(values), fix))
        except TimeoutError:
            raise RuleTimeout(rule, timeout) from None
    diagnostics.sort(key=lambda d: (d.start, d.end, d.rule.code))
    return diagnostics
