"""Run rules against their own examples: the shipped test suite and ``newslint test`` share this.

A bad example must be flagged exactly on its ``match`` text, fix to its
``fixed`` text, and the fixed text must not trigger the rule again; a good
example must pass. A shipped rule also needs at least two of each.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from newslint.api import check_text
from newslint.records import Applicability
from newslint.rule import BadExample, Rule

MIN_EXAMPLES = 2


class Failure(NamedTuple):
    rule: Rule
    example: str
    problem: str

    def __str__(self) -> str:
        return f"{self.rule.source}: rule {self.rule.code}: example {self.example[:60]!r}: {self.problem}"


def is_markdown(text: str) -> bool:
    """Examples that start with a heading are read as Markdown."""
    return text.startswith("#")


def expected_spans(example: BadExample) -> list[tuple[int, int]] | str:
    """Where each ``match`` fragment sits, in order; a message when one is missing."""
    spans = []
    pos = 0
    for fragment in example.match:
        start = example.text.find(fragment, pos)
        if start < 0:
            return f"match {fragment!r} is not in the example text"
        spans.append((start, start + len(fragment)))
        pos = start + len(fragment)
    return spans


def check_bad(rule: Rule, example: BadExample) -> str | None:
    """The problem with one bad example, or None."""
    md = is_markdown(example.text)
    spans = expected_spans(example)
    if isinstance(spans, str):
        return spans
    found = check_text(example.text, [rule], markdown=md).diagnostics
    got = [(d.start, d.end) for d in found]
    if got != spans:
        shown = [example.text[s:e] for s, e in got]
        return f"expected findings on {list(example.match)!r}, got {shown!r}"
    if not rule.fixable:
        return "a rule without a fix cannot give 'fixed' text" if example.fixed is not None else None
    if example.fixed is None:
        return "a fixable rule's bad example needs 'fixed'"
    assert rule.fix is not None
    once = check_text(example.text, [rule], markdown=md, fix=rule.fix)
    if not once.converged or check_text(once.text, [rule], markdown=md).diagnostics:
        return "the fixed text triggers the rule again"
    if once.text != example.fixed:
        return f"fixed text is {once.text!r}, expected {example.fixed!r}"
    return None


def check_good(rule: Rule, text: str) -> str | None:
    found = check_text(text, [rule], markdown=is_markdown(text)).diagnostics
    if found:
        return f"flagged {[text[d.start:d.end] for d in found]!r}"
    return None


def check_documentation(rule: Rule) -> Iterator[str]:
    """What a shipped rule lacks: examples, rationale, reference."""
    if len(rule.examples.bad) < MIN_EXAMPLES:
        yield f"needs at least {MIN_EXAMPLES} bad examples"
    if len(rule.examples.good) < MIN_EXAMPLES:
        yield f"needs at least {MIN_EXAMPLES} good examples"
    if rule.fix is not None and rule.fix >= Applicability.UNSAFE:
        if any(ex.fixed is None for ex in rule.examples.bad):
            yield "every bad example of a fixable rule needs 'fixed'"


def run(rules: Sequence[Rule], *, documentation: bool = True) -> list[Failure]:
    """Every failure of ``rules`` against their examples (and, optionally, their documentation)."""
    failures: list[Failure] = []
    for rule in rules:
        if documentation:
            failures += [Failure(rule, "", problem) for problem in check_documentation(rule)]
        for bad in rule.examples.bad:
            if (problem := check_bad(rule, bad)) is not None:
                failures.append(Failure(rule, bad.text, problem))
        for good in rule.examples.good:
            if (problem := check_good(rule, good)) is not None:
                failures.append(Failure(rule, good, problem))
    return failures
