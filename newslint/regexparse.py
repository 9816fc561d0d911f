"""A compiled pattern's parse tree, as the ``regex`` module itself parses it.

The parser is the module's private API (``regex._regex_core``): what reads the tree
(``parsetree``, ``superset``) treats a node it does not know as promising nothing.
"""

from __future__ import annotations

from typing import Any

import regex


class Unparsable(ValueError):
    """A pattern whose parse tree cannot be rebuilt faithfully here."""


_FLAG_GROUP = regex.compile(r"\(\?([a-zA-Z0-9-]+)\)")


#: The last few trees parsed: triggers, requirements and looser forms all read the same one.
_PARSED: dict[int, tuple[regex.Pattern[str], Any]] = {}


def parse(pattern: regex.Pattern[str]) -> Any:
    """The pattern's parse tree (see ``_parse``), parsed once for all who read it."""
    kept = _PARSED.get(id(pattern))
    if kept is not None and kept[0] is pattern:
        return kept[1]
    tree = _parse(pattern)
    if len(_PARSED) >= 8:
        _PARSED.clear()
    _PARSED[id(pattern)] = (pattern, tree)
    return tree


def _parse(pattern: regex.Pattern[str]) -> Any:
    """The pattern's parse tree, as the engine itself parses it (flags, lists and all).

    ``pattern.flags`` holds the flags of the whole pattern, including one set part-way
    through, which the engine applies only from there on. Parsing the part before it with
    that flag is wider (harmless) for most flags, but not when a flag is turned off, the
    version changes or verbose mode would drop white space or comments: Unparsable.
    """
    from regex import _regex_core as core

    text, end, leading = pattern.pattern, 0, True
    for m in _FLAG_GROUP.finditer(text):
        leading, end = leading and m.start() == end, m.end()
        flags = m.group(1)
        if not leading and ("-" in flags or "V" in flags or "x" in flags and regex.search(r"[\s#]", text[: m.start()])):
            raise Unparsable(f"flags (?{flags}) set part-way through")
    named_lists = {name: list(values) for name, values in pattern.named_lists.items()}
    source = core.Source(pattern.pattern)
    info = core.Info(pattern.flags, source.char_type, named_lists)
    info.guess_encoding = core.UNICODE
    source.ignore_space = bool(info.flags & regex.VERBOSE)
    source.use_unicode_space(bool(info.flags & regex.VERSION1))
    return core._parse_pattern(source, info)
