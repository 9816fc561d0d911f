"""LanguageTool's annotated text: the ``data`` parameter of ``/v2/check``.

``{"annotation": [{"text": "A "}, {"markup": "<b>"}, {"text": "story"},
{"markup": "<p>", "interpretAs": "\\n\\n"}]}`` is checked as the plain text
``A story\\n\\n``, and every offset is reported in the original, markup included,
as LanguageTool does.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from typing import NamedTuple


class AnnotationError(ValueError):
    """The ``data`` parameter is not annotated text; ``str()`` says why."""


class Piece(NamedTuple):
    plain_start: int
    plain_end: int
    original_start: int
    original_end: int
    is_text: bool


class AnnotatedText:
    """Plain text to check, the original it came from, and the map between them."""

    def __init__(self, parts: list[tuple[str, str | None]]) -> None:
        """``parts`` are (text, None) for text and (markup, interpretAs or "") for markup."""
        plain: list[str] = []
        original: list[str] = []
        pieces: list[Piece] = []
        at_plain = at_original = 0
        for content, interpret_as in parts:
            checked = content if interpret_as is None else interpret_as
            piece = Piece(at_plain, at_plain + len(checked), at_original, at_original + len(content),
                          interpret_as is None)
            plain.append(checked)
            original.append(content)
            at_plain, at_original = piece.plain_end, piece.original_end
            if checked:  # markup read as nothing has no plain position to map
                pieces.append(piece)
        self.plain = "".join(plain)
        self.original = "".join(original)
        self._pieces = pieces
        self._starts = [p.plain_start for p in pieces]

    @classmethod
    def of_text(cls, text: str) -> AnnotatedText:
        return cls([(text, None)])

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the plain ``[start, end)``; markup read as text maps whole."""
        first = self._start(start)
        return (first, first) if end <= start else (first, max(first, self._end(end)))

    def _start(self, offset: int) -> int:
        i = bisect_right(self._starts, offset) - 1
        if i < 0 or offset >= self._pieces[i].plain_end:
            return len(self.original) if offset >= len(self.plain) else 0
        piece = self._pieces[i]
        return piece.original_start + (offset - piece.plain_start if piece.is_text else 0)

    def _end(self, offset: int) -> int:
        i = bisect_left(self._starts, offset) - 1
        if i < 0:
            return 0
        piece = self._pieces[i]
        return piece.original_start + (offset - piece.plain_start) if piece.is_text else piece.original_end


def parse(data: str) -> AnnotatedText:
    """Annotated text from the JSON of a ``data`` parameter, or AnnotationError."""
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        raise AnnotationError("Could not parse JSON from 'data' parameter") from None
    if not isinstance(value, dict):
        raise AnnotationError("'data' must be a JSON object with a 'text' or 'annotation' key")
    if "text" in value and "annotation" in value:
        raise AnnotationError("'data' key in JSON requires either 'text' or 'annotation' key, not both")
    if "text" in value:
        return AnnotatedText.of_text(_string(value["text"], "text"))
    annotation = value.get("annotation")
    if annotation is None:
        raise AnnotationError("'data' key in JSON requires 'text' or 'annotation' key")
    if not isinstance(annotation, list):
        raise AnnotationError("'annotation' must be a list of objects")
    return AnnotatedText([_part(node) for node in annotation])


def _part(node: object) -> tuple[str, str | None]:
    if not isinstance(node, dict):
        raise AnnotationError(f"Only 'text' and 'markup' are supported in 'annotation' list: {_show(node)}")
    if "text" in node and "markup" in node:
        raise AnnotationError(
            f"Only either 'text' or 'markup' are supported in an object in 'annotation' list, not both: {_show(node)}"
        )
    if "text" in node:
        if "interpretAs" in node:
            raise AnnotationError(f"'text' cannot be used with 'interpretAs' (only 'markup' can): {_show(node)}")
        return _string(node["text"], "text"), None
    if "markup" in node:
        interpret_as = node.get("interpretAs")
        return _string(node["markup"], "markup"), "" if interpret_as is None else _string(interpret_as, "interpretAs")
    raise AnnotationError(f"Only 'text' and 'markup' are supported in 'annotation' list: {_show(node)}")


def _string(value: object, key: str) -> str:
    if not isinstance(value, str):
        raise AnnotationError(f"'{key}' in 'data' must be a string, not {json.dumps(value)[:50]}")
    return value


def _show(node: object) -> str:
    return json.dumps(node, ensure_ascii=False)[:200]
