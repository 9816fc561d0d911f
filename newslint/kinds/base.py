"""Helpers shared by the rule kinds: compiling patterns and templates with clear errors."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any, NamedTuple

import regex

from newslint.template import Template, TemplateError


class SpecError(ValueError):
    """A rule spec is wrong at ``key``; the loader adds the file and rule."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


class BuildContext(NamedTuple):
    """What a kind may use besides its own spec: the file's named word lists."""

    lists: Mapping[str, Sequence[str]]


# Every pattern is compiled in multi-line mode: copy is line-oriented.
BASE_FLAGS = regex.MULTILINE | regex.VERSION0


def compile_pattern(
    source: str,
    key: str,
    *,
    ignore_case: bool = False,
    lists: Mapping[str, Sequence[str]] | None = None,
) -> regex.Pattern[str]:
    """Compile a rule's regex, turning every failure into a SpecError naming ``key``."""
    flags = BASE_FLAGS | (regex.IGNORECASE if ignore_case else 0)
    named = dict(lists or {})
    used = set(regex.findall(r"\\L<(\w+)>", source))
    missing = sorted(used - named.keys())
    if missing:
        raise SpecError(key, f"pattern uses unknown list(s) {', '.join(missing)}")
    try:
        return regex.compile(source, flags, ignore_unused=True, **{n: named[n] for n in used})
    except (regex.error, TypeError, ValueError) as exc:
        raise SpecError(key, f"invalid regular expression: {exc}") from None


def compile_template(source: str, key: str, fields: Collection[str]) -> Template:
    try:
        return Template(source, fields)
    except TemplateError as exc:
        raise SpecError(key, str(exc)) from None


def flag(spec: Mapping[str, Any], key: str, default: bool) -> bool:
    value = spec.get(key, default)
    return bool(value)
