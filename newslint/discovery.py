"""Which files to check: explicit files always, directories recursively by extension."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

DEFAULT_EXTENSIONS = (".txt", ".md", ".markdown")
MARKDOWN_EXTENSIONS = (".md", ".markdown")


def is_markdown(name: str) -> bool:
    return name.lower().endswith(MARKDOWN_EXTENSIONS)


def discover(paths: Iterable[Path], extensions: tuple[str, ...] = DEFAULT_EXTENSIONS) -> Iterator[Path]:
    """Yield files in a stable order; hidden directories are skipped when recursing.

    A path that does not exist is yielded as is, so the reader reports it.
    """
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = _walk(path, extensions)
        else:
            found = iter([path])
        for file in found:
            if file not in seen:
                seen.add(file)
                yield file


def _walk(root: Path, extensions: tuple[str, ...]) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.lower().endswith(extensions) and not name.startswith("."):
                yield Path(dirpath) / name
