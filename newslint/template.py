"""Message and replacement templates: ``{name}`` or ``{name|transform|...}``.

``name`` is ``match`` (the whole match), ``replacement``, a group number or
a named group. A transform is a named function (see ``transforms``) or
``map:NAME``, a lookup in the rule file's ``maps`` (case-insensitive; a value
not in the map is kept as it is). ``{{`` and ``}}`` are literal braces. Templates are parsed
once at load time so that a bad name or transform fails before any text is
linted.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import NamedTuple

import regex

from newslint.transforms import TRANSFORMS

_TOKEN = regex.compile(r"\{\{|\}\}|\{([^{}|]+)((?:\|[^{}|]+)*)\}|[{}]")


class TemplateError(ValueError):
    """A template names an unknown field or transform, or has a stray brace."""


class _Field(NamedTuple):
    name: str
    transforms: tuple[str, ...]


class Template:
    """A parsed template; ``render`` fills it from a mapping of field values."""

    __slots__ = ("source", "_parts", "_maps")

    def __init__(
        self, source: str, fields: Collection[str], maps: Mapping[str, Mapping[str, str]] | None = None
    ) -> None:
        self.source = source
        self._maps = {name: {k.casefold(): v for k, v in table.items()} for name, table in (maps or {}).items()}
        parts: list[str | _Field] = []
        pos = 0
        for token in _TOKEN.finditer(source):
            parts.append(source[pos : token.start()])
            pos = token.end()
            text = token.group()
            if text in ("{{", "}}"):
                parts.append(text[0])
                continue
            if token.group(1) is None:
                raise TemplateError(f"stray {text!r} at position {token.start()} (write {text * 2})")
            name = token.group(1).strip()
            names = tuple(t.strip() for t in token.group(2).split("|")[1:])
            if name not in fields:
                known = ", ".join(sorted(fields))
                raise TemplateError(f"unknown field {{{name}}} (known: {known})")
            for transform in names:
                if transform.startswith("map:"):
                    if transform[4:] not in self._maps:
                        known = ", ".join(sorted(self._maps)) or "none"
                        raise TemplateError(f"unknown map {transform[4:]!r} (maps in this file: {known})")
                elif transform not in TRANSFORMS:
                    known = ", ".join(sorted(TRANSFORMS))
                    raise TemplateError(f"unknown transform {transform!r} (known: {known})")
            parts.append(_Field(name, names))
        parts.append(source[pos:])
        self._parts = tuple(p for p in parts if p != "")

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(p.name for p in self._parts if isinstance(p, _Field))

    def render(self, values: Mapping[str, str | None]) -> str:
        out: list[str] = []
        for part in self._parts:
            if isinstance(part, str):
                out.append(part)
                continue
            value = values.get(part.name) or ""
            for transform in part.transforms:
                if transform.startswith("map:"):
                    value = self._maps[transform[4:]].get(value.casefold(), value)
                else:
                    value = TRANSFORMS[transform](value)
            out.append(value)
        return "".join(out)

    def __repr__(self) -> str:
        return f"Template({self.source!r})"


def match_fields(pattern: regex.Pattern[str]) -> set[str]:
    """Field names a template may use for a compiled pattern's matches."""
    fields = {"match", "0"}
    fields.update(str(i) for i in range(1, pattern.groups + 1))
    fields.update(pattern.groupindex)
    return fields


def match_values(m: regex.Match[str]) -> dict[str, str]:
    """Field values for one match: ``match``, numbered and named groups."""
    values = {"match": m.group(), "0": m.group()}
    for i, group in enumerate(m.groups(), start=1):
        values[str(i)] = group or ""
    for name, group in m.groupdict().items():
        values[name] = group or ""
    return values
