"""The document model: headline, body, quotations and trailing line as scopes."""

from __future__ import annotations

import gzip
import itertools
import json

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.document import HEADLINE_MAX_CHARS, Document
from newslint.spans import SpanSet
from tests.conftest import shared_path


def spans(doc: Document, scope: str) -> list[str]:
    return [doc.text[s:e] for s, e in doc.scope(scope).spans]


@pytest.mark.parametrize(
    "text,markdown,headlines",
    [
        ("BAHIA COCOA REVIEW\n\nShowers continued.", False, ["BAHIA COCOA REVIEW"]),
        ("Oil falls on demand worries\n\nOil fell.\n", False, ["Oil falls on demand worries"]),
        ("Oil fell on Tuesday.\n\nIt was the third day.", False, []),  # a sentence, not a headline
        ("U.S. hopeful on extradition of suspects, says U.S.\n\nText.", False, ["U.S. hopeful on extradition of suspects, says U.S."]),
        ("Oil falls\nsecond line\n\nText.", False, []),  # no blank line after the first line
        ("x" * 130 + "\n\nText.", False, []),  # too long to be a headline
        ("# Oil falls\n\nText.\n\n## Analysis ##\n", True, ["Oil falls", "Analysis"]),
        ("Oil falls\n=========\n\nText.", True, ["Oil falls"]),
        ("# Not a heading in plain text\n\nText.", False, ["# Not a heading in plain text"]),
    ],
)
def test_headline(text: str, markdown: bool, headlines: list[str]) -> None:
    assert spans(Document(text, markdown=markdown), "headline") == headlines


def test_body_is_everything_but_the_headline() -> None:
    doc = Document("Oil falls\n\nOil fell 3%.\n")
    assert "".join(spans(doc, "body")) == "\n\nOil fell 3%.\n"


@pytest.mark.parametrize(
    "text,quotes",
    [
        ('He said "no way" and left.', ['"no way"']),
        ("He said “no way” and “never”.", ["“no way”", "“never”"]),
        ('"We will win," he said.\n\n"It is over," she said.', ['"We will win,"', '"It is over,"']),
        ('"This paragraph quotes on\n\n"and the next closes it."', ['"This paragraph quotes on', '"and the next closes it."']),
        ("No quotes here.", []),
    ],
)
def test_quotations(text: str, quotes: list[str]) -> None:
    assert spans(Document(text), "quote") == quotes


@pytest.mark.parametrize(
    "text,trailing",
    [
        ("Story.\n© 2025 Reuters.", "© 2025 Reuters."),
        ("Story.\n Reuter\n\x03", "\x03"),
        ("Story.\nLast line.\n\n\n", "Last line.\n\n\n"),
        ("  \n\n", None),
    ],
)
def test_trailing_line(text: str, trailing: str | None) -> None:
    assert spans(Document(text), "trailing") == ([trailing] if trailing else [])


def test_span_set_queries() -> None:
    s = SpanSet([(10, 20), (0, 5), (30, 30)])
    assert s.spans == ((0, 5), (10, 20))  # sorted, empty spans dropped
    assert [s.contains(i) for i in (0, 4, 5, 9, 10, 19, 20)] == [True, True, False, False, True, True, False]
    assert s.overlaps(4, 11) and s.overlaps(19, 40) and s.overlaps(12, 12)
    assert not s.overlaps(5, 10) and not s.overlaps(20, 30) and not s.overlaps(7, 7)


def test_wire_paragraphs_are_marked_by_indentation() -> None:
    text = 'He said "the plan\nis dead.\n    The minister, he added, was wrong.'
    assert spans(Document(text), "quote") == ['"the plan\nis dead.']


@pytest.mark.parametrize(
    "text,dateline",
    [
        ("Israel vows response\n\nTEL AVIV, Oct 22 (Reuters) - Israel said.", "TEL AVIV, Oct 22 (Reuters) - "),
        ("WASHINGTON, March 3 (Reuters) -Text.", "WASHINGTON, March 3 (Reuters) -"),
        ("Tel Aviv, Oct. 22 (Reuters)— Text.", "Tel Aviv, Oct. 22 (Reuters)— "),  # malformed, still a dateline
        ("Israel said on Tuesday (Reuters) was wrong.", None),  # no dash after it
        ("A long first paragraph that mentions Reuters much later on in the copy (Reuters) - x", None),
    ],
)
def test_dateline(text: str, dateline: str | None) -> None:
    assert spans(Document(text), "dateline") == ([dateline] if dateline else [])


def test_signoff_lines() -> None:
    text = "Story.\n\n(Reporting by Jane Doe in Gaza; Editing by John Roe)\n(Writing by A)\n"
    assert spans(Document(text), "signoff") == [
        "(Reporting by Jane Doe in Gaza; Editing by John Roe)",
        "(Writing by A)",
    ]


@pytest.mark.parametrize(
    "text,urls",
    [
        ("See www.defence.gov.au/plan-1.200.000 for more.", ["www.defence.gov.au/plan-1.200.000"]),
        ("Go to https://example.org/a?b=1.200, then call.", ["https://example.org/a?b=1.200"]),
        ("(see http://x.org/wiki/Foo_(bar)).", ["http://x.org/wiki/Foo_(bar)"]),
        ("Write to desk@example.org.", ["desk@example.org"]),
        ("No links, 1.200 people.", []),
    ],
)
def test_plain_text_urls_are_ignored(text: str, urls: list[str]) -> None:
    assert spans(Document(text), "ignored") == urls


def test_span_set_cuts() -> None:
    s = SpanSet([(10, 20)])
    assert s.cuts(5, 15) and s.cuts(15, 25) and s.cuts(12, 18) and s.cuts(12, 12)
    assert not s.cuts(5, 25) and not s.cuts(10, 20) and not s.cuts(0, 10) and not s.cuts(20, 30)


def test_end_mark_after_an_unclosed_quote_is_not_quoted() -> None:
    text = 'Officials said "the talks will\ncontinue next week.\n Reuter\n\x03'
    assert spans(Document(text), "quote") == ['"the talks will\ncontinue next week.']


# --- the fast scopes against plain references ------------------------------------------------

_REFERENCE_HEADLINE = regex.compile(r"\A[ \t]*(\S[^\n]*?)[ \t]*\n[ \t]*\n")
_REFERENCE_BREAKS = {
    False: regex.compile(r"\n[ \t]*\n|\n(?=[ \t]{3,}\S)|\n(?=[ \t]*(?i:reuters?)[ \t\r]*\n?\x03)"),
    True: regex.compile(r"\n[ \t]*\n"),
}


def _reference_headline(text: str) -> tuple[tuple[int, int], ...]:
    """The plain-text headline as first written: a lazy group, no stripping after."""
    m = _REFERENCE_HEADLINE.match(text)
    if m is None or len(m.group(1)) > HEADLINE_MAX_CHARS:
        return ()
    if m.group(1).endswith(".") and not regex.search(r"\b\p{Lu}\.\p{Lu}\.$", m.group(1)):
        return ()
    return (m.span(1),)


def _reference_quotes(doc: Document) -> tuple[tuple[int, int], ...]:
    """Quotations as first found: split into paragraphs, then pair the marks in each."""
    text, spans, pos = doc.text, [], 0
    for brk in [*_REFERENCE_BREAKS[doc.markdown].finditer(text), None]:
        end = brk.start() if brk else len(text)
        opening = None
        for m in regex.finditer(r"[\"“”]", text[:end]):
            if m.start() < pos or doc.ignored.contains(m.start()):
                continue
            if opening is None:
                opening = m.start() if m.group() != "”" else None
            elif m.group() != "“":
                spans.append((opening, m.end()))
                opening = None
        if opening is not None:
            spans.append((opening, end))
        pos = brk.end() if brk else end
    return tuple(spans)


_PIECES = st.sampled_from(['"', "“", "”", "\n", "\n\n", "   ", " ", "a", "B.", "U.S.", "\t", "\u00a0",
                           "http://x.y/\"q ", "<!-- \" -->", "`\"`", " Reuter\n\x03", "x" * 60])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join), st.booleans())
def test_scopes_match_their_references(text: str, markdown: bool) -> None:
    doc = Document(text, markdown=markdown)
    assert doc.quote.spans == _reference_quotes(doc)
    if not markdown:
        assert doc.headline.spans == _reference_headline(text)


def test_scopes_match_their_references_over_1987_copy() -> None:
    with gzip.open(shared_path("corpora/reuters21578.jsonl.gz"), "rt", encoding="utf-8") as lines:
        for line in itertools.islice(lines, 0, None, 4):
            record = json.loads(line)
            doc = Document(f"{record.get('title') or ''}\n\n{record.get('body') or ''}")
            assert doc.quote.spans == _reference_quotes(doc)
            assert doc.headline.spans == _reference_headline(doc.text)
