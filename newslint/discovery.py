"""File kinds: the extensions checked by default and which of them are Markdown.

Walking directories is the Workspace's job: it applies each directory's exclusions.
"""

from __future__ import annotations

DEFAULT_EXTENSIONS = (".txt", ".md", ".markdown")
MARKDOWN_EXTENSIONS = (".md", ".markdown")


def is_markdown(name: str) -> bool:
    return name.lower().endswith(MARKDOWN_EXTENSIONS)

