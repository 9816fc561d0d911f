"""Load rule files: safe YAML, JSON Schema validation, then build each rule.

Every problem is a RuleLoadError naming the file, the rule and the key, so a
typo in a rule file stops the run instead of silently disabling a check.
"""

from __future__ import annotations

import difflib
import importlib.resources
import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import regex
import yaml

from newslint.kinds import KINDS, SpecError, build_checker
from newslint.kinds.base import compile_template
from newslint.records import Applicability, Severity
from newslint.rule import BadExample, Examples, Rule

RuleSource = Path | Traversable


class RuleLoadError(Exception):
    """A rule file cannot be used; ``str()`` is the one-line message for users."""

    def __init__(self, path: object, message: str, rule: str | None = None, key: str | None = None):
        where = f"{path}"
        if rule:
            where += f": rule {rule}"
        if key:
            where += f": key '{key}'"
        super().__init__(f"{where}: {message}")


# libyaml's parser is about nine times faster than the pure-Python one; both are safe loaders.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """A safe loader that refuses duplicate keys instead of keeping the last one."""


def _mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if not isinstance(key, str):
            # YAML reads `on:`, `1:` or `null:` as non-strings; a swap term must never be one.
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} is not a string (quote it)", key_node.start_mark
            )
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    mapping: dict[Any, Any] = loader.construct_mapping(node)
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def default_rules_dir() -> RuleSource:
    """The shipped ruleset: installed as newslint.rules, or rules/ in a source checkout."""
    try:
        return importlib.resources.files("newslint.rules")
    except ModuleNotFoundError:
        # Editable installs and plain checkouts keep the rules beside the package.
        return Path(__file__).resolve().parent.parent / "rules"


def rule_files(source: RuleSource) -> list[RuleSource]:
    """The .yaml files of a rule directory (recursively, sorted), or the file itself."""
    if not source.is_dir():
        return [source]  # a missing path is reported by load_file, not as a traceback
    found: list[RuleSource] = []
    for child in sorted(source.iterdir(), key=lambda c: c.name):
        if child.is_dir() and not child.name.startswith((".", "_")):
            found.extend(rule_files(child))
        elif child.name.endswith((".yaml", ".yml")):
            found.append(child)
    return found


@cache
def _validator() -> Any:
    import jsonschema  # imported lazily: it is the slowest import of a run

    schema = json.loads(schema_text())
    return jsonschema.Draft202012Validator(schema)


def schema_text() -> str:
    return importlib.resources.files("newslint.schema").joinpath("rules.schema.json").read_text()


def load_file(source: RuleSource, label: str | None = None) -> list[Rule]:
    """Load and build every rule in one YAML file."""
    name = label or str(source)
    try:
        data = yaml.load(source.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleLoadError(name, f"cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleLoadError(name, f"invalid YAML: {problem}{where}") from None
    if not isinstance(data, dict):
        raise RuleLoadError(name, "a rule file is a mapping with 'category' and 'rules'")
    _validate(data, name)
    lists = data.get("lists", {})
    fragments = data.get("fragments", {})
    maps = data.get("maps", {})
    return [_build(spec, data["category"], lists, fragments, maps, name) for spec in data["rules"]]


def load_rules(sources: Iterable[RuleSource]) -> list[Rule]:
    """Load every rule from files or directories; codes and names must be unique."""
    rules: list[Rule] = []
    codes: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    for source in sources:
        for path in rule_files(source):
            for rule in load_file(path):
                for table, value in ((codes, rule.code), (names, rule.name)):
                    if value in table:
                        key = "code" if table is codes else "name"
                        msg = f"duplicate {key} {value!r} (also in {table[value].source})"
                        raise RuleLoadError(rule.source, msg, rule.code, key)
                    table[value] = rule
                rules.append(rule)
    return rules


def load_default_rules() -> list[Rule]:
    return load_rules([default_rules_dir()])


def _validate(data: Mapping[str, Any], name: str) -> None:
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
    raise RuleLoadError(name, message, rule, key)


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


def _build(
    spec: Mapping[str, Any],
    category: str,
    lists: Mapping[str, Any],
    fragments: Mapping[str, str],
    maps: Mapping[str, Mapping[str, str]],
    name: str,
) -> Rule:
    code = spec["code"]
    try:
        checker = build_checker(spec["kind"], spec, lists, fragments, maps)
        message = compile_template(spec["message"], "message", checker.fields | {"replacement"}, maps)
    except SpecError as exc:
        raise RuleLoadError(name, str(exc), code, exc.key) from None
    fix = spec["fix"]
    scope = spec["scope"]
    exclude = spec.get("exclude", ())
    examples = spec["examples"]
    bad = tuple(
        BadExample(
            ex["text"],
            ex.get("fixed"),
            (ex["match"],) if isinstance(ex["match"], str) else tuple(ex["match"]),
        )
        for ex in examples.get("bad", ())
    )
    return Rule(
        code=code,
        name=spec["name"],
        category=category,
        kind=spec["kind"],
        severity=Severity(spec["severity"]),
        fix=None if fix == "none" else Applicability.from_label(fix),
        scope=(scope,) if isinstance(scope, str) else tuple(scope),
        exclude=(exclude,) if isinstance(exclude, str) else tuple(exclude),
        summary=spec["summary"].strip(),
        message=message,
        rationale=spec["rationale"].strip(),
        reference=spec["reference"].strip(),
        examples=Examples(bad, tuple(examples.get("good", ()))),
        enabled=spec.get("enabled", True),
        checker=checker,
        source=name,
        when=tuple(sorted(spec.get("when", {}).items())),
        profile=spec.get("profile"),
        precision=spec.get("precision", {}),
    )
