"""Run rules over a document and turn their findings into diagnostics."""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

from newslint import suppression
from newslint.document import Document
from newslint.spans import SpanSet
from newslint.prefilter import for_rules
from newslint.records import Applicability, Diagnostic, Edit, Fix, make
from newslint.rule import Rule

#: The order diagnostics are reported in, as a key computed without a Python frame.
_POSITION = attrgetter("start", "end", "rule.code")

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


def lint(
    doc: Document, rules: Sequence[Rule], timeout: float = DEFAULT_TIMEOUT, *, prefilter: bool = True
) -> list[Diagnostic]:
    """Every diagnostic of ``rules`` on ``doc`` that no comment suppresses, sorted by position.

    With ``prefilter`` (the default), rules whose triggers are not in the text are
    skipped; the result is the same as running them all, only sooner.
    """
    diagnostics: list[Diagnostic] = []
    running: Sequence[Rule] = rules
    if prefilter:
        running, doc.hits = for_rules(tuple(rules)).select(doc.text)
    for rule in running:
        if rule.kind != "suppression":
            diagnostics.extend(_run(rule, doc, timeout))
    outcome = suppression.apply(doc, diagnostics)
    diagnostics = outcome.kept
    meta = [r for r in rules if r.kind == "suppression"] if outcome.unused else []
    if meta:
        codes = [r.code for r in rules]
        # A directive naming only rules that are off cannot be judged: leave it alone.
        unused = [
            d for d in outcome.unused if d.codes is None or any(suppression.covers(d.codes, c) for c in codes)
        ]
        for rule in meta:
            diagnostics.extend(
                diag for diag in _run(rule, doc, timeout) if any(diag.start <= d.start < diag.end for d in unused)
            )
    diagnostics.sort(key=_POSITION)
    return diagnostics


def _run(rule: Rule, doc: Document, timeout: float) -> list[Diagnostic]:
    try:
        found = rule.checker.find(doc, timeout)
        if not isinstance(found, list):  # pattern rules give lists; the other kinds, generators
            found = list(found)
    except TimeoutError:
        raise RuleTimeout(rule, timeout) from None
    if not found:
        return []  # most rules, on most stories: no scopes to look up
    text_end = len(doc.text)
    # Scope "all" holds every finding of a text that is not empty: most rules need no look-up.
    include = None if rule.scope == ("all",) and text_end else [doc.scope(name) for name in rule.scope]
    exclude = [doc.scope(name) for name in rule.exclude] if rule.exclude else None
    # Directives are HTML comments, which are ignored text, so NSL100 must see them.
    ignored = doc.ignored if rule.kind != "suppression" else None
    if not ignored:
        ignored = None
    fix_level, message = rule.fix, rule.message
    quote: SpanSet | None = None  # looked up at the first safe fix
    kept = []
    for start, end, replacement, values, lowered in found:
        if include is not None:
            for span_set in include:
                if span_set.contains(start) or (start == end == text_end and span_set):
                    break
            else:
                continue  # in none of the rule's scopes
        if exclude is not None and any(s.overlaps(start, end) for s in exclude):
            continue
        # Code and URLs are never edited inside; a finding may still take one whole,
        # as deleting a copyright line that ends in a link does.
        if ignored is not None and ignored.cuts(start, end):
            continue
        fix = None
        if fix_level is not None and replacement is not None:
            applicability = fix_level
            if lowered is not None and lowered < applicability:
                applicability = lowered
            # A quotation is the speaker's words: never rewrite it unasked.
            if applicability is Applicability.SAFE:
                if quote is None:
                    quote = doc.quote
                if quote and quote.overlaps(start, end):
                    applicability = Applicability.UNSAFE
            fix = make(Fix, ((make(Edit, (start, end, replacement)),), applicability))
        kept.append(make(Diagnostic, (rule, start, end, message.render(values, replacement or ""), fix)))
    return kept
