"""Configuration files: find them, validate them, and say where each value came from.

Sources, nearest to the checked file first: ``.newslint.yaml``, ``.newslint.toml``
or ``[tool.newslint]`` in ``pyproject.toml`` (in that order within one
directory). Paths and globs in a file are relative to the file's directory.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from newslint.discovery import DEFAULT_EXTENSIONS

CONFIG_NAMES = (".newslint.yaml", ".newslint.toml", "pyproject.toml")

DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", "build", "dist")
DEFAULTS: dict[str, Any] = {
    "select": None,
    "extend-select": [],
    "ignore": [],
    "per-file-ignores": {},
    "exclude": list(DEFAULT_EXCLUDE),
    "extend-exclude": [],
    "include": list(DEFAULT_EXTENSIONS),
    "severity": {},
    "rules": None,
    "extend-rules": [],
    "months": "abbreviated",
    "spelling": "american",
    "profile": None,
}
PATH_KEYS = ("rules", "extend-rules")


class ConfigError(Exception):
    """A configuration file is wrong; ``str()`` names the file and key."""

    def __init__(self, path: object, message: str, key: str | None = None) -> None:
        super().__init__(f"{path}: key '{key}': {message}" if key else f"{path}: {message}")


@dataclass(frozen=True)
class Config:
    """Effective settings for a set of files, with the origin of every value."""

    values: Mapping[str, Any]
    origins: Mapping[str, str]
    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def override(self, origin: str, **changes: Any) -> Config:
        """A copy with command-line values laid over the file's."""
        values = dict(self.values)
        origins = dict(self.origins)
        for key, value in changes.items():
            name = key.replace("_", "-")
            values[name] = value
            origins[name] = origin
        return replace(self, values=values, origins=origins)


def default_config(root: Path | None = None) -> Config:
    return Config(dict(DEFAULTS), {k: "default" for k in DEFAULTS}, None, root or Path.cwd())


@cache
def _schema_validator() -> Any:
    import importlib.resources  # only when a configuration file is validated
    import json

    import jsonschema

    text = importlib.resources.files("newslint.schema").joinpath("config.schema.json").read_text()
    return jsonschema.Draft202012Validator(json.loads(text))


def read_table(path: Path) -> dict[str, Any] | None:
    """The newslint table of a config file, or None when a pyproject.toml has none."""
    try:
        raw = path.read_text(encoding="utf-8")
        data = _parse_yaml(raw) if path.suffix == ".yaml" else _parse_toml(raw)
        if path.name == "pyproject.toml":
            data = data.get("tool", {}).get("newslint")
    except OSError as exc:
        raise ConfigError(path, f"cannot read ({exc.strerror or exc})") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"cannot parse: {' '.join(str(exc).split())}") from None
    if data is not None and not isinstance(data, dict):
        raise ConfigError(path, "the configuration must be a table of settings")
    return data


# Parsers are imported at first need: most runs read no configuration file, or only TOML.
def _parse_yaml(raw: str) -> Any:
    import yaml

    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise ValueError(str(exc)) from None
    return {} if data is None else data


def _parse_toml(raw: str) -> Any:
    import tomllib

    return tomllib.loads(raw)  # TOMLDecodeError is a ValueError


def load_config(path: Path) -> Config:
    """Read and validate one configuration file over the defaults."""
    table = read_table(path)
    if table is None:
        raise ConfigError(path, "has no [tool.newslint] table")
    errors = sorted(_schema_validator().iter_errors(table), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        error = errors[0]
        key = ".".join(str(p) for p in error.absolute_path) or None
        if error.validator == "additionalProperties":
            unknown = [k for k in table if k not in DEFAULTS]
            key, message = (unknown[0] if unknown else key), "unknown setting"
        else:
            message = error.message
        raise ConfigError(path, message, key)
    root = path.resolve().parent
    config = default_config(root)
    values = dict(config.values)
    origins = dict(config.origins)
    for key, value in table.items():
        if key in PATH_KEYS:
            value = [str((root / p).resolve()) for p in value]
        values[key] = value
        origins[key] = str(path)
    return Config(values, origins, path, root)


def find_config_file(start: Path, memo: dict[Path, Path | None] | None = None) -> Path | None:
    """The nearest configuration file at or above ``start`` (a file or directory).

    ``memo`` maps directories already searched to their answer, for callers that
    resolve many files of one tree.
    """
    directory = start.resolve()
    if not directory.is_dir():
        directory = directory.parent
    visited: list[Path] = []
    found: Path | None = None
    while True:
        if memo is not None and directory in memo:
            found = memo[directory]
            break
        visited.append(directory)
        found = next((c for c in map(directory.joinpath, CONFIG_NAMES) if _is_config(c)), None)
        if found is not None or directory.parent == directory:
            break
        directory = directory.parent
    if memo is not None:
        memo.update(dict.fromkeys(visited, found))
    return found


def _is_config(candidate: Path) -> bool:
    return candidate.is_file() and (candidate.name != "pyproject.toml" or _has_table(candidate))


def _has_table(pyproject: Path) -> bool:
    try:
        return read_table(pyproject) is not None
    except ConfigError:
        return True  # a broken pyproject.toml with our table must be reported, not skipped


def describe(config: Config) -> str:
    """The effective configuration as TOML-like lines, each with where it came from."""
    import json  # only here and for validation: most runs need no JSON

    lines = [f"# configuration file: {config.path or 'none (defaults)'}"]
    for key in DEFAULTS:
        value = config.values[key]
        lines.append(f"{key} = {json.dumps(value)}  # {config.origins[key]}")
    return "\n".join(lines) + "\n"
