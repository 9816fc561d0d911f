"""Load rule files: safe YAML, JSON Schema validation, then build each rule.

Every problem is a RuleLoadError naming the file, the rule and the key, so a
typo in a rule file stops the run instead of silently disabling a check. With
a RuleCache, a file whose bytes were loaded before is restored from the cache
instead: not parsed, not validated, its expressions compiled at first use.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from newslint.build import BuildError, build_rules, restore_rules
from newslint.gcpause import gc_paused
from newslint.rule import Rule
from newslint.rulecache import RuleCache

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
# A rule file or directory: a path, or a resource of a zipped install.
RuleSource: TypeAlias = "Path | Traversable"


class RuleLoadError(Exception):
    """A rule file cannot be used; ``str()`` is the one-line message for users."""

    def __init__(self, path: object, message: str, rule: str | None = None, key: str | None = None):
        where = f"{path}"
        if rule:
            where += f": rule {rule}"
        if key:
            where += f": key '{key}'"
        super().__init__(f"{where}: {message}")


def default_rules_dir() -> RuleSource:
    """The shipped ruleset: installed as newslint.rules, or rules/ in a source checkout."""
    package = Path(__file__).resolve().parent
    # Installed, the rules are a directory inside the package; in a checkout or an editable
    # install they sit beside it. Looking there first spares importlib.resources' imports.
    for candidate in (package / "rules", package.parent / "rules"):
        if candidate.is_dir():
            return candidate
    import importlib.resources

    return importlib.resources.files("newslint.rules")  # a zipped install


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


def load_file(source: RuleSource, label: str | None = None, cache: RuleCache | None = None) -> list[Rule]:
    """Load and build every rule in one YAML file (from ``cache`` when it holds these bytes)."""
    name = label or str(source)
    try:
        content = source.read_bytes()
    except OSError as exc:
        raise RuleLoadError(name, f"cannot read: {exc}") from None
    key = cache.key(content) if cache is not None else ""
    if cache is not None and (entry := cache.get(key)) is not None:
        try:
            return restore_rules(entry, name)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # an entry of the wrong shape: load the file as if it were not there
    data = _parse(content, name)
    try:
        rules, entry = build_rules(data, name)
    except BuildError as exc:
        raise RuleLoadError(name, str(exc), exc.rule, exc.key) from None
    if cache is not None:
        cache.put(key, entry)
    return rules


def _parse(content: bytes, name: str) -> dict[str, Any]:
    """The file's data, valid against the schema."""
    # Imported here: a run whose rule files are all cached needs neither.
    import yaml

    from newslint.strictyaml import load as load_yaml
    from newslint.validation import SchemaError, validate

    try:
        data = load_yaml(content.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise RuleLoadError(name, f"cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleLoadError(name, f"invalid YAML: {problem}{where}") from None
    if not isinstance(data, dict):
        raise RuleLoadError(name, "a rule file is a mapping with 'category' and 'rules'")
    try:
        validate(data)
    except SchemaError as exc:
        raise RuleLoadError(name, str(exc), exc.rule, exc.key) from None
    return data


def load_rules(sources: Iterable[RuleSource], cache: RuleCache | None = None) -> list[Rule]:
    """Load every rule from files or directories; codes and names must be unique."""
    rules: list[Rule] = []
    codes: dict[str, Rule] = {}
    names: dict[str, Rule] = {}
    with gc_paused():
        for source in sources:
            for path in rule_files(source):
                for rule in load_file(path, cache=cache):
                    for table, value in ((codes, rule.code), (names, rule.name)):
                        if value in table:
                            key = "code" if table is codes else "name"
                            msg = f"duplicate {key} {value!r} (also in {table[value].source})"
                            raise RuleLoadError(rule.source, msg, rule.code, key)
                        table[value] = rule
                    rules.append(rule)
    return rules


def load_default_rules(cache: RuleCache | None = None) -> list[Rule]:
    return load_rules([default_rules_dir()], cache)
