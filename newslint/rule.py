"""The Rule record: what a rule says about itself, plus the checker that runs it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from newslint.records import Applicability, Finding, Severity
from newslint.template import Template

if TYPE_CHECKING:
    import regex

    from newslint.document import Document


class Checker(Protocol):
    """What a rule kind builds: finds matches in a document."""

    #: Field names a message template may use (besides ``replacement``).
    fields: frozenset[str]

    @property
    def pattern(self) -> regex.Pattern[str] | None:
        """The expression every finding is a match of, if the kind has one: triggers come from it."""
    #: What every match of ``pattern`` starts with, when known: it is tried only there.
    anchors: frozenset[str] | None

    def find(self, doc: Document, timeout: float) -> Iterable[Finding]: ...


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
    #: Case-folded strings one of which is in every story the rule can find something in;
    #: None when the rule must always run (see ``prefilter``).
    triggers: frozenset[str] | None = None
    #: Further sets of case-folded strings the pattern promises: a story must also hold
    #: one string of each, or the rule is skipped (see ``prefilter``).
    requires: tuple[frozenset[str], ...] = ()
    #: Looser forms of the pattern for a one-pass multi-pattern scan, each matching wherever
    #: the pattern can: the rule runs only where all match (see ``superset`` and ``multiscan``);
    #: empty when the rule has none.
    superset: tuple[str, ...] = ()
    #: Case-folded strings one of which every match starts with, or None (see ``prefilter``).
    anchors: frozenset[str] | None = None

    @property
    def fixable(self) -> bool:
        return self.fix is not None and self.fix > Applicability.DISPLAY_ONLY

    def __repr__(self) -> str:
        return f"<Rule {self.code} {self.name}>"
