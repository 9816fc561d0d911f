"""The Rule record: what a rule says about itself, plus the checker that runs it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from newslint.document import Document
from newslint.records import Applicability, Finding, Severity
from newslint.template import Template


class Checker(Protocol):
    """What a rule kind builds: finds matches in a document."""

    #: Field names a message template may use (besides ``replacement``).
    fields: frozenset[str]

    def find(self, doc: Document, timeout: float) -> Iterator[Finding]: ...


class BadExample(NamedTuple):
    text: str
    fixed: str | None
    match: tuple[str, ...]


class Examples(NamedTuple):
    bad: tuple[BadExample, ...]
    good: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Rule:
    """One loaded, validated rule. Identity equality: a rule is itself."""

    code: str
    name: str
    category: str
    kind: str
    severity: Severity
    fix: Applicability | None
    scope: tuple[str, ...]
    exclude: tuple[str, ...]
    summary: str
    message: Template
    rationale: str
    reference: str
    examples: Examples
    enabled: bool
    checker: Checker
    source: str
    #: Style switches the rule needs, e.g. (("spelling", "american"),).
    when: tuple[tuple[str, str], ...] = ()
    #: The profile the rule belongs to; such a rule is off unless the profile is chosen.
    profile: str | None = None
    #: Measured precision per corpus: {corpus: {findings, stories, sampled, correct, note}}.
    precision: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def fixable(self) -> bool:
        return self.fix is not None and self.fix > Applicability.DISPLAY_ONLY

    def __repr__(self) -> str:
        return f"<Rule {self.code} {self.name}>"
