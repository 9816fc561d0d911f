"""LanguageTool's JSON: newslint's findings as ``/v2/check`` matches, and its languages.

Offsets and lengths count UTF-16 code units of the original text, markup
included, as LanguageTool (a Java program) does; ``context`` is 40 characters each
side of the match in the original, cut with "...", as LanguageTool's is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from newslint import __version__
from newslint.records import Diagnostic, Severity
from newslint.rule import Rule
from newslint.server.annotated import AnnotatedText
from newslint.server.positions import Utf16Offsets, units
from newslint.server.sentences import Sentences

API_VERSION = 1
CONTEXT_SIZE = 40
SOFTWARE: dict[str, Any] = {
    "name": "newslint",
    "version": __version__,
    "buildDate": "",
    "apiVersion": API_VERSION,
    "premium": False,
    "status": "",
}

# Rule categories as LanguageTool issue types (its ITS names), which clients colour by.
ISSUE_TYPES = {
    "spelling": "misspelling",
    "punctuation": "typographical",
    "capitalization": "typographical",
    "numbers": "numbers",
    "percent-money": "numbers",
    "dates-times": "locale-violation",
    "suppression": "other",
}
CATEGORY_NAMES = {
    "dates-times": "Dates and times",
    "percent-money": "Percent and money",
    "wire-structure": "Wire structure",
    "legacy-wire": "Legacy wire",
}


class Language(NamedTuple):
    name: str
    code: str
    long_code: str


LANGUAGES = (
    Language("English", "en", "en"),
    Language("English (US)", "en", "en-US"),
    Language("English (GB)", "en", "en-GB"),
    Language("English (Australian)", "en", "en-AU"),
    Language("English (Canadian)", "en", "en-CA"),
    Language("English (New Zealand)", "en", "en-NZ"),
    Language("English (South African)", "en", "en-ZA"),
)
AUTO = LANGUAGES[1]  # newslint checks English only, in American spelling unless configured


def find_language(code: str) -> Language | None:
    """The language for a LanguageTool code ("en-US", "en_us", "auto"), or None."""
    wanted = code.strip().replace("_", "-").lower()
    if wanted == "auto":
        return AUTO
    return next((lang for lang in LANGUAGES if lang.long_code.lower() == wanted), None)


def languages() -> list[dict[str, str]]:
    """The body of ``GET /v2/languages``."""
    return [{"name": lang.name, "code": lang.code, "longCode": lang.long_code} for lang in LANGUAGES]


def category_id(category: str) -> str:
    return category.upper().replace("-", "_").replace(" ", "_")


def category(rule: Rule) -> dict[str, str]:
    name = CATEGORY_NAMES.get(rule.category, rule.category.replace("-", " ").capitalize())
    return {"id": category_id(rule.category), "name": name}


def rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "description": rule.summary,
        "issueType": ISSUE_TYPES.get(rule.category, "style"),
        "category": category(rule),
    }


def config_info(every: Sequence[Rule], configured: Sequence[Rule], max_size: int) -> dict[str, Any]:
    """The body of ``GET /v2/configinfo``: every rule, those off by default marked."""
    on = {r.code for r in configured}
    rules = []
    for rule in every:
        entry = {
            "ruleId": rule.code,
            "description": rule.summary,
            "categoryId": category_id(rule.category),
            "categoryName": category(rule)["name"],
            "locQualityIssueType": ISSUE_TYPES.get(rule.category, "style"),
        }
        if rule.code not in on:
            entry["isDefaultOff"] = "yes"
        rules.append(entry)
    return {"software": SOFTWARE, "parameter": {"maxTextLength": max_size}, "rules": rules}


def response(
    text: AnnotatedText,
    found: Sequence[Diagnostic],
    language: Language,
    incomplete: Sequence[str] = (),
) -> dict[str, Any]:
    """The body of ``POST /v2/check``: ``found`` has offsets into ``text.plain``."""
    utf16 = Utf16Offsets(text.original)
    sentences = Sentences(text.plain)
    matches = [_match(d, text, utf16, sentences) for d in found]
    warnings: dict[str, Any] = {"incompleteResults": bool(incomplete)}
    if incomplete:
        warnings["incompleteResultsReason"] = "; ".join(incomplete)
    ranges = []
    for start, end in sentences.spans:
        first, last = text.original_span(start, end)
        ranges.append([utf16(first), utf16(last)])
    return {
        "software": SOFTWARE,
        "warnings": warnings,
        "language": {
            "name": language.name,
            "code": language.long_code,
            "detectedLanguage": {
                "name": language.name,
                "code": language.long_code,
                "confidence": 1.0,
                "source": "",
            },
        },
        "matches": matches,
        "sentenceRanges": ranges,
    }


def _match(found: Diagnostic, text: AnnotatedText, utf16: Utf16Offsets, sentences: Sentences) -> dict[str, Any]:
    start, end = text.original_span(found.start, found.end)
    offset, length = utf16(start), utf16(end) - utf16(start)
    replacement = found.replacement(text.plain)
    return {
        "message": found.message,
        "shortMessage": found.rule.name.replace("-", " ").capitalize(),
        "replacements": [] if replacement is None else [{"value": replacement}],
        "offset": offset,
        "length": length,
        "context": context(text.original, start, end, length),
        "sentence": sentences.around(found.start),
        "type": {"typeName": "Hint" if found.severity is Severity.INFO else "Other"},
        "rule": rule_json(found.rule),
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


def context(text: str, start: int, end: int, length16: int) -> dict[str, Any]:
    """The match with up to CONTEXT_SIZE characters either side, line breaks as spaces."""
    first = max(start - CONTEXT_SIZE, 0)
    last = min(end + CONTEXT_SIZE, len(text))
    prefix = "..." if first > 0 else ""
    before = prefix + text[first:start]
    shown = before + text[start:last] + ("..." if last < len(text) else "")
    return {
        "text": shown.replace("\r", " ").replace("\n", " "),
        "offset": units(before),
        "length": length16,
    }
