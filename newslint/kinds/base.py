"""Helpers shared by the rule kinds: compiling patterns and templates with clear errors."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import regex

from newslint.document import Document
from newslint.template import Template, TemplateError


class SpecError(ValueError):
    """A rule spec is wrong at ``key``; the loader adds the file and rule."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


class BuildContext(NamedTuple):
    """What a kind may use besides its own spec: the file's word lists and pattern fragments."""

    lists: Mapping[str, Sequence[str]]
    fragments: Mapping[str, str] = {}
    maps: Mapping[str, Mapping[str, str]] = {}


_WORD = regex.compile(r"\w+")
_FRAGMENT = regex.compile(r"\\F<(\w+)>")
MAX_FRAGMENT_DEPTH = 5


def expand_fragments(source: str, fragments: Mapping[str, str], key: str, depth: int = 0) -> str:
    """Replace ``\\F<name>`` with the file's fragment ``name`` as a non-capturing group.

    Textual on purpose: the regex module's subroutine calls do not work inside
    lookbehinds, which is where shared context (attribution words, counted
    nouns) is most often needed.
    """
    if depth > MAX_FRAGMENT_DEPTH:
        raise SpecError(key, "fragments nest too deeply (a fragment may refer to itself)")

    def one(m: regex.Match[str]) -> str:
        name = m.group(1)
        if name not in fragments:
            raise SpecError(key, f"pattern uses unknown fragment {name!r}")
        return "(?:" + expand_fragments(fragments[name], fragments, key, depth + 1) + ")"

    expanded: str = _FRAGMENT.sub(one, source)
    return expanded


# Every pattern is compiled in multi-line mode: copy is line-oriented.
BASE_FLAGS = regex.MULTILINE | regex.VERSION0


def compile_pattern(
    source: str,
    key: str,
    *,
    ignore_case: bool = False,
    lists: Mapping[str, Sequence[str]] | None = None,
    fragments: Mapping[str, str] | None = None,
) -> regex.Pattern[str]:
    """Compile a rule's regex, turning every failure into a SpecError naming ``key``."""
    source = expand_fragments(source, fragments or {}, key)
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


def compile_template(
    source: str, key: str, fields: Collection[str], maps: Mapping[str, Mapping[str, str]] | None = None
) -> Template:
    try:
        return Template(source, fields, maps)
    except TemplateError as exc:
        raise SpecError(key, str(exc)) from None


def flag(spec: Mapping[str, Any], key: str, default: bool) -> bool:
    value = spec.get(key, default)
    return bool(value)


def scan(
    pattern: regex.Pattern[str], doc: Document, anchors: frozenset[str] | None, timeout: float
) -> Iterator[regex.Match[str]]:
    """What ``pattern.finditer(doc.text)`` finds, trying only where an anchor starts when the
    prefilter has found those places (every match starts with one of ``anchors``)."""
    starts = doc.hits.starts(anchors) if anchors and doc.hits is not None else None
    if starts is None:
        every: Iterator[regex.Match[str]] = pattern.finditer(doc.text, timeout=timeout)
        return every
    return _match_at(pattern, doc.text, starts, timeout)


def _match_at(pattern: regex.Pattern[str], text: str, starts: list[int], timeout: float) -> Iterator[regex.Match[str]]:
    # As finditer does: a match hides any other that starts before it ends.
    end = 0
    for start in starts:
        if start < end:
            continue
        m = pattern.match(text, start, timeout=timeout)
        if m is not None:
            end = max(m.end(), start + 1)
            yield m


def first_word(term: str) -> str | None:
    """The lower-cased first word of a term, or None when it does not start with one ("©")."""
    m = _WORD.match(term.lower())
    return m.group() if m else None
