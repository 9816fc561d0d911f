"""``kind: consistency``: a story should keep to one variant (American or British spelling, ...).

``variants`` maps each variant's name to its words. When a story uses words
of more than one variant, the words of the minority variants are flagged
(on a tie, those of every variant but the first to appear). ``exceptions``
lists proper names whose words do not count ("Ministry of Defence",
"World Trade Center").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

import regex

from newslint.document import Document
from newslint.kinds.base import BASE_FLAGS, BuildContext, SpecError, first_word
from newslint.records import Finding

_EDGE_BEFORE = r"\b(?<!-)"  # variant words start with a letter: \b lets the scan skip ahead
_EDGE_AFTER = r"(?![\w\-]\w)(?!\w)"


class ConsistencyChecker:
    fields = frozenset({"match", "variant", "majority"})
    anchors: frozenset[str] | None = None

    def __init__(
        self, pattern: regex.Pattern[str], variant_of: dict[str, str], exceptions: regex.Pattern[str] | None
    ) -> None:
        self.pattern = pattern
        self.variant_of = variant_of
        self.exceptions = exceptions
        # The first word of each variant word ("co" for "co-operate"), for a cheap pre-check.
        self.variants_by_token: dict[str, set[str]] = {}
        for word, variant in variant_of.items():
            self.variants_by_token.setdefault(first_word(word) or word, set()).add(variant)

    def find(self, doc: Document, timeout: float) -> Iterator[Finding]:
        present = {v for token, variants in self.variants_by_token.items() if token in doc.words for v in variants}
        if len(present) < 2:
            return  # a story needs words of two variants to mix them
        text = doc.text
        skip = [m.span() for m in self.exceptions.finditer(text, timeout=timeout)] if self.exceptions else []
        hits = [
            (m, self.variant_of[m.group().casefold()])
            for m in self.pattern.finditer(text, timeout=timeout)
            if not any(s <= m.start() < e for s, e in skip)
        ]
        counts = Counter(variant for _, variant in hits)
        if len(counts) < 2:
            return
        order = list(dict.fromkeys(variant for _, variant in hits))
        majority = max(order, key=lambda v: (counts[v], -order.index(v)))
        for m, variant in hits:
            if variant != majority:
                yield Finding(m.start(), m.end(), None, {"match": m.group(), "variant": variant, "majority": majority})


def build(spec: Mapping[str, Any], ctx: BuildContext) -> ConsistencyChecker:
    variants: Mapping[str, list[str]] = spec["variants"]
    if len(variants) < 2:
        raise SpecError("variants", "needs at least two variants")
    variant_of: dict[str, str] = {}
    for name, words in variants.items():
        for word in words:
            key = word.casefold()
            if key in variant_of:
                raise SpecError("variants", f"word {word!r} is in both {variant_of[key]!r} and {name!r}")
            variant_of[key] = name
    pattern = regex.compile(
        _EDGE_BEFORE + r"\L<words>" + _EDGE_AFTER, BASE_FLAGS | regex.IGNORECASE, words=list(variant_of)
    )
    exceptions = None
    if spec.get("exceptions"):
        phrases = sorted(spec["exceptions"], key=len, reverse=True)
        alternation = "|".join(r"\s+".join(map(regex.escape, p.split())) for p in phrases)
        exceptions = regex.compile(_EDGE_BEFORE + f"(?:{alternation})" + _EDGE_AFTER, BASE_FLAGS)
    return ConsistencyChecker(pattern, variant_of, exceptions)
