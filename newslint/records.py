"""Immutable records shared by the engine, the fixer and the reporters.

Offsets are absolute character offsets into the linted text; lines and
columns exist only at the reporting edge (see ``locate``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from newslint.rule import Rule


#: A record from a tuple of all its fields, in order, without the NamedTuple constructor's
#: Python frame: the engine makes several per finding, and the frame is most of their cost.
make = tuple.__new__


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Applicability(enum.IntEnum):
    """How sure a fix is; ordered so that ``a >= threshold`` selects fixes."""

    DISPLAY_ONLY = 0
    UNSAFE = 1
    SAFE = 2

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")

    @classmethod
    def from_label(cls, label: str) -> Applicability:
        return cls[label.upper().replace("-", "_")]


class Edit(NamedTuple):
    """Replace ``text[start:end]`` with ``content``."""

    start: int
    end: int
    content: str


class Fix(NamedTuple):
    """One or more edits applied together, or not at all."""

    edits: tuple[Edit, ...]
    applicability: Applicability

    @property
    def start(self) -> int:
        return min(edit.start for edit in self.edits)

    @property
    def end(self) -> int:
        return max(edit.end for edit in self.edits)


class Finding(NamedTuple):
    """What a rule kind reports before the engine turns it into a Diagnostic."""

    start: int
    end: int
    replacement: str | None
    values: Mapping[str, str]
    #: Lowers the rule's fix applicability for this finding only (never raises it).
    applicability: Applicability | None = None


class Diagnostic(NamedTuple):
    """A rule violation on ``text[start:end]``; the fix never edits outside it."""

    rule: Rule
    start: int
    end: int
    message: str
    fix: Fix | None

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    def replacement(self, text: str) -> str | None:
        """The text that replaces ``text[start:end]`` when the fix is applied."""
        if self.fix is None:
            return None
        out: list[str] = []
        pos = self.start
        for edit in sorted(self.fix.edits):
            out.append(text[pos : edit.start])
            out.append(edit.content)
            pos = edit.end
        out.append(text[pos : self.end])
        return "".join(out)
