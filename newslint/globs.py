"""Exclude and per-file-ignore patterns: globs on a path relative to its configuration."""

from __future__ import annotations

import fnmatch
import re
from functools import lru_cache


@lru_cache(maxsize=64)
def last_part_matchers(patterns: tuple[str, ...]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """What ``matches`` adds for a path's last part, given it found nothing in its directory:
    one expression for the whole path and one for the name (patterns without a slash), each
    the patterns' ``fnmatchcase`` in one match, as a file of a large tree is asked about."""
    stripped = [p.rstrip("/") for p in patterns]
    whole = [fnmatch.translate(p) for p in stripped]
    last = [fnmatch.translate(p) for p in stripped if "/" not in p]
    return (
        re.compile("|".join(f"(?:{t})" for t in whole)) if whole else None,
        re.compile("|".join(f"(?:{t})" for t in last)) if last else None,
    )


def matches(relative: str, pattern: str) -> bool:
    """Glob match on the path from the config's directory or on a directory above it;
    a pattern without a slash may also match any single part of the path."""
    pattern = pattern.rstrip("/")
    parts = relative.split("/")
    prefixes = ("/".join(parts[: i + 1]) for i in range(len(parts)))
    if any(fnmatch.fnmatchcase(prefix, pattern) for prefix in prefixes):
        return True
    return "/" not in pattern and any(fnmatch.fnmatchcase(part, pattern) for part in parts)
