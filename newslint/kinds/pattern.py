"""``kind: pattern``: a regular expression and an optional replacement template.

With ``preserve-case``, the replacement takes the case of the match
("Terrorists" -> "Militants", "TERRORISTS" -> "MILITANTS").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import regex

from newslint.document import Document
from newslint.kinds.base import BuildContext, compile_pattern, compile_template, flag, scan
from newslint.records import Finding, make
from newslint.template import MatchValues, Template, group_keys, match_fields
from newslint.transforms import match_case


class PatternChecker:
    """Every match of ``pattern`` is a finding; ``replace`` renders its fix."""

    anchors: frozenset[str] | None = None

    def __init__(self, pattern: regex.Pattern[str], replace: Template | None, preserve_case: bool = False) -> None:
        self.pattern = pattern
        self.replace = replace
        self.preserve_case = preserve_case
        self._keys = group_keys(pattern)
        self.fields = frozenset(self._keys)

    def find(self, doc: Document, timeout: float) -> list[Finding]:
        # A list, not a generator: most runs find nothing or one thing, and the engine lists them anyway.
        replace, preserve_case, keys = self.replace, self.preserve_case, self._keys
        found = []
        for m in scan(self.pattern, doc, self.anchors, timeout):
            values = MatchValues(m, keys)
            replacement = replace.render(values) if replace is not None else None
            if replacement is not None and preserve_case:
                replacement = match_case(m.group(), replacement)
            start, end = m.span()
            found.append(make(Finding, (start, end, replacement, values, None)))
        return found


def build(spec: Mapping[str, Any], ctx: BuildContext) -> PatternChecker:
    lists = {**ctx.lists, **spec.get("lists", {})}
    pattern = compile_pattern(
        spec["pattern"],
        "pattern",
        ignore_case=flag(spec, "ignore-case", False),
        lists=lists,
        fragments=ctx.fragments,
    )
    replace = spec.get("replace")
    template = None if replace is None else compile_template(replace, "replace", match_fields(pattern), ctx.maps)
    return PatternChecker(pattern, template, flag(spec, "preserve-case", False))
