"""``--rewrap``: join hard-wrapped wire copy into paragraphs.

1987 wire stories are wrapped at about 65 columns, and a paragraph starts
with a four-space indent rather than a blank line. Rewrapping joins each
paragraph's lines with single spaces, drops the indent, and separates
paragraphs with a blank line. Tables (lines aligned with runs of spaces or
tabs) keep their lines and spacing: joining them would destroy the columns.
"""

from __future__ import annotations

import regex

_PARAGRAPH_START = regex.compile(r"^(?:[ \t]{3,}|\t)(?=\S)")
_COLUMNS = regex.compile(r"\S(?: {2,}|\t)\S")
_HYPHEN_END = regex.compile(r"\p{L}-$")


def _blocks(text: str) -> list[list[str]]:
    """Lines grouped into paragraphs: a blank line or an indented line starts a new one."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if not line.strip() or _PARAGRAPH_START.match(line):
            if current:
                blocks.append(current)
            current = [line] if line.strip() else []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def is_table(lines: list[str]) -> bool:
    return any(_COLUMNS.search(line.strip()) for line in lines)


def join_lines(lines: list[str]) -> str:
    out = ""
    for line in (part.strip() for part in lines):
        if not out:
            out = line
        elif _HYPHEN_END.search(out):
            out += line  # "Iranian-\nbacked" is one word broken at its hyphen
        else:
            out += " " + line
    return out


def rewrap(text: str) -> str:
    """The text with hard-wrapped paragraphs joined; a final newline is kept if there was one."""
    paragraphs = [
        "\n".join(line.rstrip() for line in block) if is_table(block) else join_lines(block)
        for block in _blocks(text)
    ]
    joined = "\n\n".join(paragraphs)
    return joined + "\n" if text.endswith("\n") and joined else joined
