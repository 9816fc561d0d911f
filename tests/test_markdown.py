"""Markdown structure: the regions never linted, and the headings, as absolute spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.markdown import MarkdownRegions, markdown_regions


def ignored(text: str) -> list[str]:
    return [text[s:e] for s, e in markdown_regions(text).ignored]


def headings(text: str) -> list[str]:
    return [text[s:e] for s, e in markdown_regions(text).headings]


FENCE = "```"

BLOCKS = [
    # Front matter: only at the very start, only when closed.
    ("---\ntitle: Oil falls\ndate: 2024\n---\nText 1.200 people.\n", ["---\ntitle: Oil falls\ndate: 2024\n---"]),
    ("---\ntitle: x\n...\nText.\n", ["---\ntitle: x\n..."]),
    ("+++\ntitle = 'Oil'\n+++\nText.\n", ["+++\ntitle = 'Oil'\n+++"]),
    ("Text.\n\n---\ntitle: x\n---\n", []),  # not at the start: thematic break, setext
    ("---\n\nText.\n---\n", []),  # a blank line after the opening: a thematic break
    ("---\ntitle: never closed\n", []),
    # Fenced code: info strings, tildes, length rules, unclosed fences.
    (f"{FENCE}python\nx = 1.200\n{FENCE}\nAfter 1.200 people.", [f"{FENCE}python\nx = 1.200\n{FENCE}"]),
    ("~~~ {.js}\nlet a = `b`;\n~~~\n", ["~~~ {.js}\nlet a = `b`;\n~~~"]),
    ("````\n```\nstill code\n````\nText", ["````\n```\nstill code\n````"]),  # shorter fence inside
    ("```\ncode\n~~~\nstill code\n```\n", ["```\ncode\n~~~\nstill code\n```"]),  # other char inside
    ("```\nunclosed\n\nruns to the end\n", ["```\nunclosed\n\nruns to the end"]),
    ("```\ncode\n```   \nText", ["```\ncode\n```   "]),  # closing fence may have trailing spaces
    ("```\ncode\n``` x\n```\nText", ["```\ncode\n``` x\n```"]),  # no info string on a closer
    ("``` a`b\nnot a fence: a paragraph\n", []),  # a backtick info string holds no backtick
    ("```\nx = `a` and `` and ``` b\n```\n", ["```\nx = `a` and `` and ``` b\n```"]),
    ("   ```\n   code\n   ```\n", ["```\n   code\n   ```"]),
    ("    ```\n    indented code\n", ["```\n    indented code"]),  # 4 spaces: indented code
    ("Para\n```\ncode\n```\n", ["```\ncode\n```"]),  # a fence interrupts a paragraph
    # Fences in containers end with their container.
    ("> ```\n> # code\n> ```\n> # Quoted heading\n", ["```\n> # code\n> ```"]),
    ("> ```\n> code\n\nText 1.200 people.\n", ["```\n> code"]),
    ("- item\n\n  ```\n  code\n  ```\n- next\n", ["```\n  code\n  ```"]),
    ("- ```\n  code\n  ```\n", ["```\n  code\n  ```"]),
    ("1. Step\n   ```\n   code\n   ```\n", ["```\n   code\n   ```"]),
    ("- item\n  ```\n  code\nout of the item\n", ["```\n  code"]),
    # Indented code.
    ("Para\n\n    code 1.200\n\n    more\n\nText\n", ["code 1.200\n\n    more"]),
    ("\tcode with a tab\n", ["code with a tab"]),
    ("    code at the start\n", ["code at the start"]),
    ("Para\n    continues the paragraph\n", []),  # indented code cannot interrupt a paragraph
    ("- item\n\n    continuation paragraph\n", []),  # inside the list item: prose
    ("1. item\n\n       code in the item\n", ["code in the item"]),  # 4 past the content column
    ("- a\n  - b\n\n    continues b\n", []),
    ("- item\n\nText\n\n    code after the list\n", ["code after the list"]),
    ("-\n\n    code: an empty item ends at a blank line\n", ["code: an empty item ends at a blank line"]),
    ("- \tafter a tab\n\n\t- nested, not code\n", []),
    ("> quote\n    lazy continuation, not code\n", []),
    ("> quote\n-\n>     code in a new quote\n", ["code in a new quote"]),
    # HTML blocks and comments.
    ("<!-- newslint-disable NUM101 -->\nText 1.200 people.\n", ["<!-- newslint-disable NUM101 -->"]),
    ("<!--\nmulti-line\n\ncomment\n-->\nText.\n", ["<!--\nmulti-line\n\ncomment\n-->"]),
    ("<div class=\"note\">\n1.200 people\n</div>\n\nText.\n", ["<div class=\"note\">\n1.200 people\n</div>"]),
    ("<script>\nvar a = 1;\n\nvar b = 2;\n</script>\nText.\n", ["<script>\nvar a = 1;\n\nvar b = 2;\n</script>"]),
    ("<custom-tag attr=\"1\">\nraw\n\nText.\n", ["<custom-tag attr=\"1\">\nraw"]),
    ("<?php echo 1; ?>\nText.\n", ["<?php echo 1; ?>"]),
    ("<!DOCTYPE html>\nText.\n", ["<!DOCTYPE html>"]),
    ("<![CDATA[\nx\n]]>\nText.\n", ["<![CDATA[\nx\n]]>"]),
    ("Para\n<div>\nhtml\n", ["<div>\nhtml"]),  # kinds 1-6 interrupt a paragraph
    ("Para\n<span>\nstill para\n", ["<span>"]),  # kind 7 does not: inline HTML
    ("<span>text</span> is a paragraph\n", ["<span>", "</span>"]),
    ("<!-- never closed\n\nText\n", ["<!-- never closed\n\nText"]),
    ("> <!-- quoted -->\n> Text\n", ["<!-- quoted -->"]),
    # Link reference definitions.
    ("[id]: https://example.com/1.200 \"Title\"\n\nText [link][id].\n", ["[id]: https://example.com/1.200 \"Title\"", "[id]"]),
    ("[a]: <https://x.com> 'T'\n[b]: /url\n(title)\nText\n", ["[a]: <https://x.com> 'T'", "[b]: /url\n(title)"]),
    ("[a]:\n  /url\n", ["[a]:\n  /url"]),
    ("[a]: /url \"title\" trailing\n", []),  # not a definition
    ("Para\n[a]: /url\n", []),  # a definition cannot interrupt a paragraph
    ("   [a]: /url\n", ["[a]: /url"]),
    ("[ ]: /url\n", []),  # a label needs a non-blank character
]

INLINE = [
    ("Text `code 1.200` and 1.200 people.", ["`code 1.200`"]),
    ("Use ``a ` b`` here.", ["``a ` b``"]),
    ("An unclosed ` backtick and 1.200 people.", []),
    ("Runs differ: ``a` b.", []),
    ("A \\`escaped` backtick.", []),
    ("`a\nb` spans lines", ["`a\nb`"]),
    ("`a\n\nb` not across paragraphs", []),
    ("Inline <span class=\"x\">text</span> and <br/>.", ["<span class=\"x\">", "</span>", "<br/>"]),
    ("A <!-- note\nover lines --> comment.", ["<!-- note\nover lines -->"]),
    ("Text <!-- newslint-disable-line NUM101 --> 1.200", ["<!-- newslint-disable-line NUM101 -->"]),
    ("Is a < b and c > d?", []),
    ("Shares of <IBM.N> rose.", []),  # a Reuters instrument code is not HTML
    ("See [the report](https://example.com/1.200 \"Title\").", ["(https://example.com/1.200 \"Title\")"]),
    ("See [the [nested] report](/url) now.", ["(/url)"]),
    ("[a [b [c]] d](/u) [e]", ["(/u)"]),
    ("See [a `]` b](/url).", ["`]`", "(/url)"]),
    ("![A chart of 1.200 people](chart.png 'Chart')", ["(chart.png 'Chart')"]),
    ("[![badge](img.svg)](https://ci.example.com)", ["(img.svg)", "(https://ci.example.com)"]),
    ("[text](<url with spaces> \"t\")", ["(<url with spaces> \"t\")"]),
    ("[text](url_(with)_parens)", ["(url_(with)_parens)"]),
    ("[text](\n  /url\n  \"title\"\n)", ["(\n  /url\n  \"title\"\n)"]),
    ("[text] (not a link) and [x](y z w)", []),
    ("[a [b](/inner)](/outer)", ["(/inner)"]),  # no links in links: the outer stays text
    ("See [the report][ref] and [this][].", []),  # undefined label: brackets in prose
    ("See [the report][The  REF] and [this][].\n\n[the ref]: /u", ["[The  REF]", "[the ref]: /u"]),
    ("See [a][`x`] and [b][<b>].", ["`x`", "<b>"]),
    ("A \\[not a link](x).", []),
    ("Autolink <https://example.com/1.200?a=b> here.", ["<https://example.com/1.200?a=b>"]),
    ("Mail <news@example.com> now.", ["<news@example.com>"]),
    ("Bare https://example.com/1.200 and 1.200 people.", ["https://example.com/1.200"]),
    ("Visit www.example.com.", ["www.example.com"]),
    ("Go (see https://x.com/a_(b)).", ["https://x.com/a_(b)"]),
    ("“https://example.com/x”, he said.", ["https://example.com/x"]),
    ("HTTP://EXAMPLE.COM/A ok", ["HTTP://EXAMPLE.COM/A"]),
    (">https://example.com/q", ["https://example.com/q"]),
    ("[](<https://x.com/a>) a destination", ["(<https://x.com/a>)"]),
    ("[](<https://x.com/a>]) an autolink", ["<https://x.com/a>"]),  # "(<" opens no raw destination
    ("xhttps://example.com is not a URL start", []),
    ("Just https:// alone", []),
    ("Write to news.desk+oil@example.co.uk.", ["news.desk+oil@example.co.uk"]),
    ("Follow @Reuters on social media", []),
    ("`a@b.com` and <b>x@y.com</b>", ["`a@b.com`", "<b>", "x@y.com", "</b>"]),
    ("[https://x.com](https://x.com)", ["https://x.com", "(https://x.com)"]),
    ("> Quote with `code` and 1.200 people\n> more", ["`code`"]),
    ("| Country | People |\n|---|---|\n| Spain | `1.200` |\n", ["`1.200`"]),
    ("- item with <https://x.com>\n- item 2", ["<https://x.com>"]),
    ("# Heading with `code`", ["`code`"]),
]

HEADINGS = [
    ("# Oil falls\n\nText.\n\n## Analysis ##\n", ["Oil falls", "Analysis"]),
    ("###### Six\n####### Seven\n", ["Six"]),
    ("#NoSpace\n", []),
    ("# Closing #s #####   \n", ["Closing #s"]),
    ("# C#\n", ["C#"]),
    ("# Escaped \\#\n", ["Escaped \\#"]),
    ("#\n# #\n", []),  # empty headings
    ("   # Indented three\n", ["Indented three"]),
    ("    # Indented four: code\n", []),
    ("Oil falls\n=========\n\nText.", ["Oil falls"]),
    ("Oil falls\nsharply\n---\n", ["Oil falls\nsharply"]),  # setext content is the whole paragraph
    ("Text\n\n---\n", []),  # a thematic break
    ("Foo\n- - -\n", []),
    ("> # Quoted\n> Sub\n> ---\n", ["Quoted", "Sub"]),
    ("> Lazy\ncontinuation\n---\n", []),  # a lazy line cannot be underlined
    ("> Quote\n-\n> ---\n", []),  # "-" ends the quote: a new list, then a new quote
    ("- # In a list\n", ["In a list"]),
    ("- Item\n---\n", []),
    ("```\n# not a heading\n```\n# Heading\n", ["Heading"]),
    ("~~~\nText\n===\n~~~\n", []),
    ("---\ntitle: x\n---\n# After front matter\n", ["After front matter"]),
    ("<!--\n# commented out\n-->\n", []),
    ("    Code\n    ===\n", []),
    ("Para\n    # continuation, not a heading\n", []),
]


@pytest.mark.parametrize("text,expected", BLOCKS + INLINE)
def test_ignored(text: str, expected: list[str]) -> None:
    assert ignored(text) == expected


@pytest.mark.parametrize("text,expected", HEADINGS)
def test_headings(text: str, expected: list[str]) -> None:
    assert headings(text) == expected


def test_prose_number_is_linted_but_code_number_is_not() -> None:
    text = "Police said 1.200 people marched.\n\n    1.200\n\n`1.200` and <https://x.com/1.200>\n"
    regions = markdown_regions(text)
    positions = [i for i in range(len(text)) if text.startswith("1.200", i)]
    inside = [any(s <= p < e for s, e in regions.ignored) for p in positions]
    assert inside == [False, True, True, True]


def test_result_is_an_immutable_record() -> None:
    regions = markdown_regions("# T\n\n`x`")
    assert isinstance(regions, MarkdownRegions)
    assert regions == MarkdownRegions(ignored=((5, 8),), headings=((2, 3),))
    assert isinstance(regions.ignored, tuple)


def test_offsets_survive_containers() -> None:
    text = "> - a `x` b\n>   > c `y`\n| t | `z` |\n"
    assert ignored(text) == ["`x`", "`y`", "`z`"]


MARKDOWNISH = st.lists(
    st.sampled_from(
        [*"`~#<>[]()!*-_=+.:@/\\\"' \t\nax1h", "\n", "\n", "http://", "www.", "<!--", "-->", "    ", "```", "---", "- ", "1. "]
    ),
    max_size=120,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.one_of(MARKDOWNISH, st.text(max_size=200)))
def test_spans_are_in_bounds_sorted_and_disjoint(text: str) -> None:
    regions = markdown_regions(text)
    for spans in (regions.ignored, regions.headings):
        for (s, e), nxt in zip(spans, [*spans[1:], None]):
            assert 0 <= s < e <= len(text)
            if nxt is not None:
                assert e <= nxt[0]
