"""Check a rule file's data against the shipped JSON Schema, with one-line errors.

The error names the rule and the key, and for an unknown key suggests the
nearest known one of the rule's own kind, so a typo never silently disables
a check.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import regex

from newslint.kinds import KINDS


class SchemaError(ValueError):
    """The data breaks the schema; the loader adds the file name."""

    def __init__(self, message: str, rule: str | None, key: str | None) -> None:
        super().__init__(message)
        self.rule = rule
        self.key = key


def schema_text() -> str:
    import importlib.resources  # only when a rule file is validated

    return importlib.resources.files("newslint.schema").joinpath("rules.schema.json").read_text()


@cache
def _validator() -> Any:
    import jsonschema  # imported lazily: it is the slowest import of a run

    schema = json.loads(schema_text())
    return jsonschema.Draft202012Validator(schema)


def validate(data: Mapping[str, Any]) -> None:
    """Raise SchemaError for the first problem, in file order."""
    # A failing kind branch also makes its own keys "unevaluated": report the real error.
    errors = [e for e in _validator().iter_errors(data) if _unknown_keys(e) != []]
    if not errors:
        return
    rank = {"enum": 0, "unevaluatedProperties": 1, "additionalProperties": 1, "required": 2}
    error = min(errors, key=lambda e: (_order(e.absolute_path), rank.get(e.validator, 3)))
    path = list(error.absolute_path)
    rule = key = None
    if len(path) >= 2 and path[0] == "rules":
        spec = data["rules"][path[1]]
        rule = spec.get("code") if isinstance(spec, dict) else None
        rule = rule or f"#{path[1] + 1}"
        path = path[2:]
    key = ".".join(str(p) for p in path) or None
    unknown = _unknown_keys(error)
    if unknown:
        allowed = _allowed_keys(error.schema, error.instance)
        hint = difflib.get_close_matches(unknown[0], allowed, n=1)
        what = ", ".join(f"'{u}'" for u in unknown)
        message = f"unknown key {what}" + (f" (did you mean '{hint[0]}'?)" if hint else "")
        key = ".".join([*map(str, path), unknown[0]])
    elif error.validator == "required":
        missing = regex.findall(r"'([^']+)'", error.message)[:1]
        key = ".".join([*map(str, path), *missing])
        message = "missing required key"
    elif error.validator == "enum" and path == ["kind"]:
        message = f"unknown kind {error.instance!r} (known: {', '.join(KINDS)})"
    else:
        message = error.message
    raise SchemaError(message, rule, key)


def _order(path: Iterable[Any]) -> list[str]:
    """Sort key for the first two path steps, with rule indexes in numeric order (2 before 10)."""
    return [f"{p:09d}" if isinstance(p, int) else str(p) for p in list(path)[:2]]


def _allowed_keys(schema: Any, instance: Any) -> list[str]:
    """Keys the schema allows here; for a rule, those of its own kind (all kinds if unknown)."""
    if not isinstance(schema, dict):
        return []
    keys = list(schema.get("properties", {}))
    kind = instance.get("kind") if isinstance(instance, dict) else None
    # A kind with no keys of its own has no branch: it still allows only the common keys.
    known = schema.get("properties", {}).get("kind", {}).get("enum", [])
    for branch in schema.get("allOf", []):
        if kind not in known or _branch_kind(branch) == kind:
            keys.extend(branch.get("then", {}).get("properties", {}))
    return keys


def _branch_kind(branch: Mapping[str, Any]) -> Any:
    return branch.get("if", {}).get("properties", {}).get("kind", {}).get("const")


def _unknown_keys(error: Any) -> list[str] | None:
    """The keys an unknown-key error is really about, or None for other errors."""
    if error.validator not in ("unevaluatedProperties", "additionalProperties"):
        return None
    if not isinstance(error.instance, dict):
        return None
    allowed = _allowed_keys(error.schema, error.instance)
    return [str(k) for k in error.instance if k not in allowed]
