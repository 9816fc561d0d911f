"""Lone surrogates: check them as U+FFFD, give them back after fixing.

JSON's ``\\ud800`` escapes let a client send half of a UTF-16 pair (an LSP message,
LanguageTool's ``data``); such a string has no UTF-8 form, and the engine's prefilter
needs one. Checked as U+FFFD, the text keeps every offset, in code points and in
UTF-16 units alike, so findings need no mapping back; only a fixed text does.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
_LONE = re.compile("[\ud800-\udfff]")


def sound(text: str) -> str:
    """``text`` with each lone surrogate as U+FFFD (``text`` itself when it has none)."""
    if text.isascii() or _LONE.search(text) is None:
        return text
    return _LONE.sub(REPLACEMENT, text)


def restore(sent: str, fixed: str) -> str:
    """The fixed form of ``sound(sent)`` with ``sent``'s surrogates back in their places.

    Fixes move text but never make or take a U+FFFD, so the n-th U+FFFD of the fixed
    text is the n-th surrogate. When ``sent`` had a U+FFFD of its own, or the counts
    differ, the two cannot be told apart, and U+FFFD stays: a guess would corrupt text.
    """
    lone = _LONE.findall(sent)
    if not lone or REPLACEMENT in sent or fixed.count(REPLACEMENT) != len(lone):
        return fixed
    pieces = fixed.split(REPLACEMENT)
    return "".join(piece + surrogate for piece, surrogate in zip(pieces, [*lone, ""]))
