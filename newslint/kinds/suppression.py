"""``kind: suppression``: suppression comments that suppress nothing.

The checker finds every suppression directive; the engine keeps the findings
of directives that matched no diagnostic of an enabled rule (like ruff's
unused-noqa), so stale suppressions do not pile up. The fix deletes the
comment, with its line when it stands alone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from newslint import suppression
from newslint.document import Document
from newslint.kinds.base import BuildContext
from newslint.records import Finding


class SuppressionChecker:
    fields = frozenset({"match", "codes"})
    pattern = None
    anchors: frozenset[str] | None = None

    def find(self, doc: Document, timeout: float) -> Iterator[Finding]:
        text = doc.text
        for d in suppression.parse(text, markdown=doc.markdown, ignored=doc.ignored):
            start, end = d.start, d.end
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            line_end = len(text) if line_end == -1 else line_end
            if not text[line_start:start].strip() and not text[end:line_end].strip():
                start, end = line_start, min(line_end + 1, len(text))
            codes = ",".join(d.codes) if d.codes else "all rules"
            yield Finding(start, end, "", {"match": text[d.start : d.end], "codes": codes})


def build(spec: Mapping[str, Any], ctx: BuildContext) -> SuppressionChecker:
    return SuppressionChecker()
