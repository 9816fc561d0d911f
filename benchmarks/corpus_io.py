"""Read a benchmark corpus: a Reuters-style .jsonl(.gz) file or a directory of .txt/.md files.

Shared by ``bench_corpus.py`` and ``compare_proselint.py``. The corpus is never copied
into the repository; the default is ``../shared/corpora/reuters21578.jsonl.gz`` beside
the repo root, found from this file's own location.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpora" / "reuters21578.jsonl.gz"
TEXT_EXTENSIONS = (".txt", ".md", ".markdown")


class Story(NamedTuple):
    """One text to check: a name for reports, the text, and whether it is Markdown."""

    name: str
    text: str
    markdown: bool


class CorpusError(Exception):
    """The corpus is missing or unreadable; ``str()`` is the message for the user."""


def use_checkout() -> None:
    """Put the repo root first on sys.path so the checkout under test is what gets timed."""
    root = str(REPO_ROOT)
    if root not in sys.path:
        sys.path.insert(0, root)


def resolve_corpus(path: str | None) -> Path:
    """The corpus path to use, or CorpusError explaining what is missing."""
    if path is None:
        if not DEFAULT_CORPUS.exists():
            raise CorpusError(
                f"no corpus given and the default {DEFAULT_CORPUS} does not exist; "
                "pass a .jsonl/.jsonl.gz file or a directory of .txt/.md files"
            )
        return DEFAULT_CORPUS
    corpus = Path(path)
    if not corpus.exists():
        raise CorpusError(f"corpus {corpus} does not exist")
    return corpus


def story_text(record: dict[str, object]) -> str:
    """A JSON record as wire copy: the title as headline, a blank line, then the body."""
    title = str(record.get("title") or "").strip()
    body = str(record.get("body") or "")
    return f"{title}\n\n{body}" if title else body


def iter_stories(corpus: Path, limit: int | None = None) -> Iterator[Story]:
    """Yield up to ``limit`` stories from a .jsonl/.jsonl.gz file or a directory."""
    stories = _iter_dir(corpus) if corpus.is_dir() else _iter_jsonl(corpus)
    for count, story in enumerate(stories):
        if limit is not None and count >= limit:
            return
        yield story


def load_stories(corpus: Path, limit: int | None = None) -> list[Story]:
    """All stories in memory, so that timing excludes decompression and parsing."""
    try:
        return list(iter_stories(corpus, limit))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorpusError(f"cannot read corpus {corpus}: {exc}") from None


def _iter_jsonl(path: Path) -> Iterator[Story]:
    name = path.name
    if not name.endswith((".jsonl", ".jsonl.gz", ".json.gz", ".ndjson")):
        raise CorpusError(f"{path}: expected a .jsonl or .jsonl.gz file, or a directory")
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            if not isinstance(record, dict) or "body" not in record:
                raise CorpusError(f"{path}:{number}: expected a JSON object with a 'body' key")
            yield Story(str(record.get("id", number)), story_text(record), False)


def _iter_dir(root: Path) -> Iterator[Story]:
    for file in sorted(root.rglob("*")):
        if file.is_file() and file.name.lower().endswith(TEXT_EXTENSIONS):
            text = file.read_text(encoding="utf-8")
            is_md = file.name.lower().endswith((".md", ".markdown"))
            yield Story(str(file.relative_to(root)), text, is_md)


def megabytes(stories: list[Story]) -> float:
    """Size of the stories' text in MB (10**6 bytes of UTF-8)."""
    return sum(len(s.text.encode("utf-8")) for s in stories) / 1e6


def machine_note() -> str:
    """CPU count and load average: a busy machine slows wall times, so every report says it."""
    try:
        load = "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        load = "load average unknown"
    return f"{os.cpu_count()} CPUs, {load}"
