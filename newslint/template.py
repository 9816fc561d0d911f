"""Message and replacement templates: ``{name}`` or ``{name|transform|...}``.

``name`` is ``match`` (the whole match), ``replacement``, a group number or
a named group. A transform is a named function (see ``transforms``) or
``map:NAME``, a lookup in the rule file's ``maps`` (case-insensitive; a value
not in the map is kept as it is). ``{{`` and ``}}`` are literal braces. Templates are parsed
once at load time so that a bad name or transform fails before any text is
linted.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

import regex

from newslint.transforms import TRANSFORMS

_TOKEN = regex.compile(r"\{\{|\}\}|\{([^{}|]+)((?:\|[^{}|]+)*)\}|[{}]")


#: Renderings a template keeps, by field values.
_RENDERED_MAX = 4096


class TemplateError(ValueError):
    """A template names an unknown field or transform, or has a stray brace."""


class _Field(NamedTuple):
    name: str
    transforms: tuple[str, ...]


class Template:
    """A parsed template; ``render`` fills it from a mapping of field values."""

    __slots__ = ("source", "_parts", "_maps", "_names", "_rendered")

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
        self._names = tuple(p.name for p in self._parts if isinstance(p, _Field))
        # Rendered text by field values: the same few values recur across a corpus ("mln"),
        # and transforms are pure functions, so each is rendered once (up to a bound).
        self._rendered: dict[tuple[str, ...], str] = {}

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(self._names)

    def render(self, values: Mapping[str, str | None], replacement: str = "") -> str:
        """The template filled from ``values``; the field ``replacement`` is the argument."""
        names = self._names
        if len(names) == 1:  # most templates: a list of one is cheaper to build than a generator
            name = names[0]
            key: tuple[str, ...] = (replacement if name == "replacement" else values.get(name) or "",)
        else:
            key = tuple([replacement if name == "replacement" else values.get(name) or "" for name in names])
        text = self._rendered.get(key)
        if text is None:
            text = self._fill(key)
            if len(self._rendered) < _RENDERED_MAX:
                self._rendered[key] = text
        return text

    def _fill(self, values: tuple[str, ...]) -> str:
        out: list[str] = []
        fields = iter(values)
        for part in self._parts:
            if isinstance(part, str):
                out.append(part)
                continue
            value = next(fields)
            for transform in part.transforms:
                if transform.startswith("map:"):
                    value = self._maps[transform[4:]].get(value.casefold(), value)
                else:
                    value = TRANSFORMS[transform](value)
            out.append(value)
        return "".join(out)

    def __repr__(self) -> str:
        return f"Template({self.source!r})"


@lru_cache(maxsize=1024)
def group_keys(pattern: regex.Pattern[str]) -> dict[str, int | str]:
    """Each field name a template may use for ``pattern``'s matches, and the group it reads."""
    keys: dict[str, int | str] = {"match": 0, "0": 0}
    keys.update((str(i), i) for i in range(1, pattern.groups + 1))
    keys.update((name, name) for name in pattern.groupindex)  # a group named "match" wins, as in a dict
    return keys


def match_fields(pattern: regex.Pattern[str]) -> set[str]:
    """Field names a template may use for a compiled pattern's matches."""
    return set(group_keys(pattern))


class MatchValues(Mapping[str, str]):
    """A match's field values (``match``, numbered and named groups; an unmatched group is
    ""), looked up only when a template asks: most findings' messages use one or two."""

    __slots__ = ("_match", "_keys")

    def __init__(self, match: regex.Match[str], keys: Mapping[str, int | str] | None = None) -> None:
        self._match = match
        self._keys = group_keys(match.re) if keys is None else keys

    def __getitem__(self, key: str) -> str:
        value: str | None = self.get(key, None)
        if value is None:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:  # the hot path: a template's lookups
        group = self._keys.get(key)
        if group is None:
            return default
        return self._match.group(group) or ""

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)
