"""``kind: line``: rules about whole lines, such as trailing copyright lines.

The pattern must match a line from its start to its end (it is anchored for
you). ``action: delete`` removes the line with its line break; ``action:
replace`` rewrites it with ``replace``; ``action: flag`` only reports it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import regex

from newslint.document import Document
from newslint.kinds.base import BuildContext, SpecError, compile_pattern, compile_template, flag, scan
from newslint.records import Finding
from newslint.template import MatchValues, Template, group_keys, match_fields


class LineChecker:
    anchors: frozenset[str] | None = None

    def __init__(self, pattern: regex.Pattern[str], action: str, replace: Template | None) -> None:
        self.pattern = pattern
        self.action = action
        self.replace = replace
        self._keys = group_keys(pattern)
        self.fields = frozenset(self._keys)

    def find(self, doc: Document, timeout: float) -> Iterator[Finding]:
        text = doc.text
        for m in scan(self.pattern, doc, self.anchors, timeout):
            start, end = m.span()
            values = MatchValues(m, self._keys)
            if self.action == "delete":
                # Take the line break with the line, so no blank line is left behind.
                if text.startswith("\r\n", end):
                    end += 2
                elif end < len(text):
                    end += 1
                yield Finding(start, end, "", values)
            elif self.replace is not None:
                yield Finding(start, end, self.replace.render(values), values)
            else:
                yield Finding(start, end, None, values)


def build(spec: Mapping[str, Any], ctx: BuildContext) -> LineChecker:
    source = spec["pattern"]
    pattern = compile_pattern(
        rf"^(?:{source})$",
        "pattern",
        ignore_case=flag(spec, "ignore-case", False),
        lists=ctx.lists,
        fragments=ctx.fragments,
    )
    action = spec.get("action", "flag")
    replace = spec.get("replace")
    if action == "replace" and replace is None:
        raise SpecError("replace", "action 'replace' needs a 'replace' template")
    if action != "replace" and replace is not None:
        raise SpecError("replace", f"'replace' is only used with action 'replace', not {action!r}")
    template = None if replace is None else compile_template(replace, "replace", match_fields(pattern), ctx.maps)
    return LineChecker(pattern, action, template)
