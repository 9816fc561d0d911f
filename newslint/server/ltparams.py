"""The parameters of LanguageTool's ``/v2/check``, and the rules a request turns on.

Errors carry LanguageTool's own wording where it has one, so clients that show
the server's message show a familiar one. Rule and category ids are newslint's
codes ("NUM101") and categories ("NUMBERS"); ids that name no rule are ignored,
as LanguageTool ignores them, because clients send their own defaults (for
example LanguageTool's spelling rule ids) whatever the server.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from newslint.rule import Rule
from newslint.server import annotated
from newslint.server.annotated import AnnotatedText
from newslint.server.languagetool import LANGUAGES, Language, category_id, find_language


class ApiError(Exception):
    """A request LanguageTool would refuse: an HTTP status and a message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class CheckRequest(NamedTuple):
    text: AnnotatedText
    language: Language
    enabled_rules: frozenset[str] = frozenset()
    disabled_rules: frozenset[str] = frozenset()
    enabled_categories: frozenset[str] = frozenset()
    disabled_categories: frozenset[str] = frozenset()
    enabled_only: bool = False
    #: LanguageTool's ``mode``: "all", "textLevelOnly" or "allButTextLevelOnly".
    mode: str = "all"


# Rules that judge a whole story rather than a paragraph: LanguageTool's "text-level" rules,
# which clients that check paragraph by paragraph ask for separately (``mode``).
TEXT_LEVEL_KINDS = frozenset({"consistency", "suppression"})
MODES = ("all", "textLevelOnly", "allButTextLevelOnly")


def parse_check(params: Mapping[str, str]) -> CheckRequest:
    """A check request from its form parameters, or ApiError(400, ...)."""
    if "text" in params and "data" in params:
        raise ApiError(400, "Set only 'text' or 'data' parameter, not both")
    if "text" in params:
        text = AnnotatedText.of_text(params["text"])
    elif "data" in params:
        try:
            text = annotated.parse(params["data"])
        except annotated.AnnotationError as exc:
            raise ApiError(400, str(exc)) from None
    else:
        raise ApiError(400, "Missing 'text' or 'data' parameter")
    code = params.get("language", "").strip()
    if not code:
        raise ApiError(400, "Missing 'language' parameter, e.g. 'language=en-US' for American English")
    language = find_language(code)
    if language is None:
        known = ", ".join(["auto", *(lang.long_code for lang in LANGUAGES)])
        raise ApiError(400, f"'{code}' is not a language code known to newslint. Supported language codes are: {known}")
    language = _check_variants(params, code) or language
    mode = params.get("mode", "all").strip() or "all"
    if mode not in MODES:
        raise ApiError(400, f"Unsupported mode '{mode[:40]}': use one of {', '.join(MODES)}")
    enabled_only = params.get("enabledOnly", "").strip().lower() in ("true", "yes")
    request = CheckRequest(
        text,
        language,
        _ids(params, "enabledRules"),
        _ids(params, "disabledRules"),
        frozenset(category_id(c) for c in _ids(params, "enabledCategories")),
        frozenset(category_id(c) for c in _ids(params, "disabledCategories")),
        enabled_only,
        mode,
    )
    if enabled_only and (request.disabled_rules or request.disabled_categories):
        raise ApiError(400, "You cannot specify disabled rules or categories using enabledOnly=true")
    if enabled_only and not (request.enabled_rules or request.enabled_categories):
        raise ApiError(400, "You must specify enabled rules or categories when using enabledOnly=true")
    return request


def _ids(params: Mapping[str, str], key: str) -> frozenset[str]:
    return frozenset(part.strip().upper() for part in params.get(key, "").split(",") if part.strip())


def _check_variants(params: Mapping[str, str], code: str) -> Language | None:
    """The English variant a ``language=auto`` request prefers, if it names one."""
    variants = [v.strip() for v in params.get("preferredVariants", "").split(",") if v.strip()]
    if variants and code.lower() != "auto":
        raise ApiError(400, "You specified 'preferredVariants' but you didn't specify 'language=auto'")
    for variant in variants:
        if "-" not in variant:
            raise ApiError(400, f"Invalid format for 'preferredVariants', expected a dash as in 'en-GB': '{variant}'")
    # Every text is taken for English, so the English variant named is the one detected.
    return next((lang for lang in map(find_language, variants) if lang is not None), None)


class Rulebook:
    """The configured rules, and every rule a request may turn on."""

    def __init__(self, configured: Sequence[Rule], every: Sequence[Rule]) -> None:
        self.configured = list(configured)
        self.every = list(every)

    def choose(self, request: CheckRequest) -> list[Rule]:
        """The rules for one request: LanguageTool's enabled/disabled/enabledOnly and mode semantics."""
        chosen = self._selected(request)
        if request.mode == "textLevelOnly":
            return [r for r in chosen if r.kind in TEXT_LEVEL_KINDS]
        if request.mode == "allButTextLevelOnly":
            return [r for r in chosen if r.kind not in TEXT_LEVEL_KINDS]
        return chosen

    def _selected(self, request: CheckRequest) -> list[Rule]:
        if request.enabled_only:
            return [r for r in self.every if _enabled_by(r, request)]
        chosen = list(self.configured)
        if request.enabled_rules or request.enabled_categories:
            codes = {r.code for r in chosen}
            chosen += [r for r in self.every if r.code not in codes and _enabled_by(r, request)]
        if request.disabled_rules or request.disabled_categories:
            chosen = [
                r
                for r in chosen
                if not any(r.code.startswith(d) for d in request.disabled_rules)
                and category_id(r.category) not in request.disabled_categories
            ]
        return chosen


def _enabled_by(rule: Rule, request: CheckRequest) -> bool:
    """Named by code (an opt-in rule only by its full code), by prefix or by category."""
    if rule.code in request.enabled_rules:
        return True
    if rule.enabled and any(rule.code.startswith(e) for e in request.enabled_rules):
        return True
    return rule.enabled and category_id(rule.category) in request.enabled_categories
