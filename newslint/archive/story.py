"""A record's text fields as stories to check, and the fixed stories back into fields.

With a title field, the first text field's story is ``title + "\\n\\n" + body``,
which newslint reads as a plain-text file whose short first line is the
headline. The title is checked without the white space around it, which is
put back unchanged. After fixing, the story is split at its first blank line;
if the fixes moved that boundary (the title gained lines or lost the blank line
after it), the split is refused and the record is copied unchanged. Further
text fields are stories of their own. A field whose line breaks are all
``\\r\\n`` (or all ``\\r``) is checked with ``\\n`` and gets its own breaks back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import regex

_SURROGATE = regex.compile(r"[\ud800-\udfff]")


class Layout(NamedTuple):
    """Which fields of a record hold text, which one is the headline, which one names it."""

    text_fields: tuple[str, ...] = ("body",)
    title_field: str | None = None
    id_field: str | None = "id"

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields a worker receives, in this order: the title first, then the text fields."""
        return ((self.title_field,) if self.title_field else ()) + self.text_fields


class Story(NamedTuple):
    field: str  # the text field the story is built on
    text: str  # what is checked: "\n" line breaks, the headline first when composed
    headline: int  # characters at the start of text that come from the title (0: none)


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def extract(record: Mapping[str, Any], layout: Layout) -> tuple[tuple[str, ...] | None, str | None]:
    """The layout's field values, or None and why the record cannot be normalised."""
    values: list[str] = []
    for name in layout.fields:
        if name not in record:
            return None, f"no field {name!r}"
        value = record[name]
        if not isinstance(value, str):
            return None, f"field {name!r} is {_kind(value)}, not text"
        if _SURROGATE.search(value):
            return None, f"field {name!r} is not valid Unicode text"
        values.append(value)
    if layout.title_field and "\n\n" in _newlines(values[0])[0].strip():
        return None, f"field {layout.title_field!r} holds a blank line, so it cannot be a headline"
    return tuple(values), None


def ident(record: Mapping[str, Any], layout: Layout) -> str | None:
    """The record's id as text for reports, when it has a usable one."""
    if layout.id_field is None:
        return None
    value = record.get(layout.id_field)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value):
        return str(value)
    return None


def _newlines(value: str) -> tuple[str, str]:
    """The value with "\\n" line breaks, and the break it used throughout ("\\n" when mixed)."""
    if "\r" not in value:
        return value, "\n"
    crlf = value.count("\r\n")
    cr = value.count("\r") - crlf
    lf = value.count("\n") - crlf
    if crlf and not cr and not lf:
        return value.replace("\r\n", "\n"), "\r\n"
    if cr and not crlf and not lf:
        return value.replace("\r", "\n"), "\r"
    return value, "\n"


def stories(values: Sequence[str], layout: Layout) -> list[Story]:
    """The stories to check for one record's values (in ``layout.fields`` order)."""
    bodies = values[1:] if layout.title_field else values
    out: list[Story] = []
    for number, (name, value) in enumerate(zip(layout.text_fields, bodies)):
        text = _newlines(value)[0]
        if number == 0 and layout.title_field:
            core = _newlines(values[0])[0].strip()
            if core:
                out.append(Story(name, f"{core}\n\n{text}", len(core)))
                continue
        out.append(Story(name, text, 0))
    return out


def rebuild(
    values: Sequence[str], layout: Layout, checked: Sequence[Story], fixed: Sequence[str]
) -> tuple[str, ...] | None:
    """The record's new values from its fixed stories, or None when the title cannot be split off."""
    texts = list(fixed)
    new: list[str] = []
    if layout.title_field:
        title, newline = _newlines(values[0])
        story = checked[0]
        if story.headline and texts[0] != story.text:
            split = _split(texts[0], title.strip(), story.text[story.headline + 2 :])
            if split is None:
                return None
            head, texts[0] = split
            if head != title.strip():
                lead = title[: len(title) - len(title.lstrip())]
                trail = title[len(title.rstrip()) :]
                values = [(lead + head + trail).replace("\n", newline), *values[1:]]
        elif story.headline:
            texts[0] = story.text[story.headline + 2 :]
        new.append(values[0])
    bodies = values[1:] if layout.title_field else values
    for story, text, value in zip(checked, texts, bodies):
        original, newline = _newlines(value)
        new.append(value if text == original else text.replace("\n", newline))
    return tuple(new)


def _split(text: str, title: str, body: str) -> tuple[str, str] | None:
    cut = text.find("\n\n")
    if cut < 0 and not body and text and "\n" not in text.rstrip("\n"):
        return text.rstrip("\n"), ""  # a title-only story whose trailing blank line went
    if cut <= 0:
        return None
    head = text[:cut]
    if head.count("\n") > title.count("\n"):
        return None
    return head, text[cut + 2 :]
