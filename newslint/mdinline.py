"""Inline Markdown that no rule may see: code spans, raw HTML, autolinks, link
destinations and reference labels, bare URLs and e-mail addresses (see ``markdown``)."""

from __future__ import annotations

import bisect
import re
from typing import Any

from newslint.urls import url_end

Span = tuple[int, int]

#: An HTML open or close tag (CommonMark); HTML blocks start with one too.
TAG = (
    r"<[A-Za-z][A-Za-z0-9-]*+(?:\s++[A-Za-z_:][A-Za-z0-9_.:-]*+"
    r"""(?:\s*+=\s*+(?:[^\s"'=<>`]++|'[^']*+'|"[^"]*+"))?)*+\s*+/?>|</[A-Za-z][A-Za-z0-9-]*+\s*+>"""
)

_INLINE = re.compile(r"""\\[!-/:-@\[-`{-~]|`++|<|!?\[|\]|@|(?<![^\s*_~(\[>\"'“‘])(?i:https?://|www\.)""")
_AUTOLINK = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*+|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]++@[A-Za-z0-9]"
    r"(?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*+)>"
)
_INLINE_HTML = re.compile(
    rf"{TAG}|<!--(?:-?>|.*?-->)|<\?.*?\?>|<![A-Za-z][^>]*+>|<!\[CDATA\[.*?\]\]>", re.DOTALL
)
_LINK_TAIL = re.compile(
    r"""\(\s*+(?:<(?:[^<>\n\\]|\\.)*+>|(?!<)(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*+\))*+)"""
    r"""(?:\s++(?:"(?:[^"\\]|\\.)*+"|'(?:[^'\\]|\\.)*+'|\((?:[^()\\]|\\.)*+\)))?\s*+\)""",
    re.DOTALL,
)
_LINK_LABEL = re.compile(r"\[(?:[^\[\]\\]|\\.){0,999}+\]", re.DOTALL)
_URL_STOP = re.compile(r"[\s<>\[\]`]")
_EMAIL_DOMAIN = re.compile(r"[A-Za-z0-9_-]++(?:\.[A-Za-z0-9_-]++)++")
_EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-")
_BACKTICKS = re.compile(r"`++")
_DECLARATION = re.compile(r"<![A-Za-z]")



def scan_inline(text: str, start: int, end: int, labels: set[str], out: list[Span]) -> None:
    """Append the ignored inline spans of ``text[start:end]`` to ``out``, in order."""
    openers: list[list[Any]] = []  # [is_image, active] per unmatched "[" or "!["
    runs: dict[int, list[int]] | None = None  # backtick run starts by run length
    missing: set[str] = set()  # closers ("-->", "?>", ...) not found after some "<"
    pos = floor = start
    while m := _INLINE.search(text, pos, end):
        s, pos = m.span()
        c = text[s]
        found: Span | None = None
        if c == "`":
            if runs is None:
                runs = {}
                for r in _BACKTICKS.finditer(text, start, end):
                    runs.setdefault(r.end() - r.start(), []).append(r.start())
            starts = runs.get(pos - s, [])
            n = bisect.bisect_left(starts, pos)
            if n < len(starts):
                found = (s, starts[n] + pos - s)
        elif c == "<":
            closer = _html_closer(text, s)
            t = _AUTOLINK.match(text, s, end)
            if t is None and closer not in missing:
                t = _INLINE_HTML.match(text, s, end)
                if t is None and closer:
                    missing.add(closer)  # absent up to the end: later tries would rescan
            found = t.span() if t else None
        elif c in "[!":
            openers.append([c == "!", True])
        elif c == "]" and openers:
            image, active = openers.pop()
            t = _LINK_TAIL.match(text, pos, end) if active else None
            if active and t is None:
                t = _LINK_LABEL.match(text, pos, end)  # [text][label], label defined
                t = t if t and label(t[0][1:-1]) in labels else None
            if t:
                found = t.span()
                for opener in openers if not image else ():
                    opener[1] = opener[0]  # no links inside links
        elif c == "@":
            i = s
            while i > floor and text[i - 1] in _EMAIL_LOCAL:
                i -= 1
            t = _EMAIL_DOMAIN.match(text, pos, end)
            found = (i, t.end()) if t and i < s else None
        elif c in "hHwW":
            stop = _URL_STOP.search(text, pos, end)
            stop_at = url_end(text, s, stop.start() if stop else end)
            found = (s, stop_at) if stop_at > pos else None
        if found:
            out.append(found)
            pos = floor = found[1]


def _html_closer(text: str, start: int) -> str | None:
    """The closer an inline comment, instruction, CDATA or declaration at ``start`` needs."""
    for opener, closer in (("<!--", "-->"), ("<?", "?>"), ("<![CDATA[", "]]>")):
        if text.startswith(opener, start):
            return closer
    return ">" if _DECLARATION.match(text, start) else None


def label(label: str) -> str:
    """A link label as CommonMark matches it: case-folded, whitespace collapsed."""
    return " ".join(label.split()).casefold()
