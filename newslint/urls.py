"""Bare URLs and e-mail addresses: text no rule may lint or rewrite inside.

Plain text needs only this; Markdown's own parser uses ``url_end`` for the
URLs it finds in prose.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

_URL_TRAILING = frozenset("?!.,:;*_~'\"”’")


def url_end(text: str, start: int, end: int) -> int:
    """End of a bare URL without trailing punctuation or unbalanced closing parentheses."""
    unbalanced = text.count(")", start, end) - text.count("(", start, end)
    while end > start:
        c = text[end - 1]
        if c == ")" and unbalanced > 0:
            unbalanced -= 1
        elif c not in _URL_TRAILING:
            break
        end -= 1
    return end


_BARE_URL = re.compile(r"(?<![\w@/.])(?i:https?://|www\.)[^\s<>\[\]`]+|[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def url_spans(text: str) -> tuple[Span, ...]:
    """Bare URLs and e-mail addresses in plain text, without trailing punctuation."""
    # Every match holds "@", "://" or "www."; most stories have none, and the scan is costly.
    if "@" not in text and "://" not in text and "www." not in text.lower():
        return ()
    spans = []
    for m in _BARE_URL.finditer(text):
        end = url_end(text, m.start(), m.end()) if "@" not in m.group() else m.end()
        while end > m.start() and text[end - 1] in _URL_TRAILING:
            end -= 1
        spans.append((m.start(), end))
    return tuple(spans)

