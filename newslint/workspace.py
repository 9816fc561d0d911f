"""Per-file settings: the nearest configuration, its ruleset, exclusions and ignores.

A Workspace caches one Config and one ruleset per configuration file, so a
run over thousands of stories loads each rule file once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from newslint.config import Config, ConfigError, default_config, find_config_file, load_config
from newslint.globs import last_part_matchers, matches
from newslint.loader import RuleLoadError
from newslint.rule import Rule
from newslint.rulecache import RuleCache
from newslint.ruleset import build_ruleset
from newslint.selection import SelectionError

#: What resolving a path's configuration and rules can raise: each stops a run with one line.
LOAD_ERRORS = (ConfigError, RuleLoadError, SelectionError)


class CommandLine(NamedTuple):
    """Rule selection given on the command line, laid over each configuration."""

    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    profile: str | None = None


class Workspace:
    """Resolves configuration and rules for each checked path."""

    def __init__(
        self,
        *,
        config_file: Path | None = None,
        isolated: bool = False,
        command_line: CommandLine = CommandLine(),
        default_rules: Callable[[], list[Rule]] | None = None,
        rule_cache: RuleCache | None = None,
    ) -> None:
        self.config_file = config_file
        self.rule_cache = rule_cache
        self.isolated = isolated
        self.command_line = command_line
        self.default_rules = default_rules
        self._configs: dict[Path | None, Config] = {}
        self._rules: dict[Path | None, list[Rule]] = {}
        self._nearest: dict[Path, Path | None] = {}
        # Per directory as given: its configuration file, its path from a configuration's
        # root, and whether an exclude covers it. Resolving costs a system call per path
        # component, and every file of a directory shares all three.
        self._sources: dict[Path, Path | None] = {}
        self._prefixes: dict[tuple[Path, Path], str] = {}
        self._excluded_dirs: dict[tuple[Path | None, str], bool] = {}

    def __getstate__(self) -> dict[str, Any]:
        # A worker process gets the settings and loads (from the cache) what it needs itself.
        state = dict(self.__dict__)
        for memo in ("_configs", "_rules", "_nearest", "_sources", "_prefixes", "_excluded_dirs"):
            state[memo] = {}
        return state

    def config_for(self, path: Path, *, file: bool = False) -> Config:
        """The effective configuration for a file or directory (a file, when the caller says so)."""
        if self.isolated or self.config_file is not None:
            return self._config_in(path)
        return self._config_in(path.parent if file or not path.is_dir() else path)

    def _config_in(self, directory: Path) -> Config:
        """The configuration for the files of ``directory``."""
        if self.isolated:
            source = None
        elif self.config_file is not None:
            source = self.config_file
        else:
            if directory not in self._sources:
                self._sources[directory] = find_config_file(directory, self._nearest)
            source = self._sources[directory]
        if source not in self._configs:
            config = default_config() if source is None else load_config(source)
            self._configs[source] = self._with_command_line(config)
        return self._configs[source]

    def _with_command_line(self, config: Config) -> Config:
        cli = self.command_line
        changes: dict[str, Any] = {}
        if cli.select:
            changes["select"] = list(cli.select)
        if cli.extend_select:
            changes["extend_select"] = [*config["extend-select"], *cli.extend_select]
        if cli.ignore:
            changes["ignore"] = [*config["ignore"], *cli.ignore]
        if cli.profile:
            changes["profile"] = cli.profile
        return config.override("command line", **changes) if changes else config

    def ruleset(self, config: Config) -> list[Rule]:
        """The rules a configuration turns on, with its severity overrides applied."""
        if config.path not in self._rules:
            self._rules[config.path] = build_ruleset(config, self.default_rules, self.rule_cache)
        return self._rules[config.path]

    def rules_for(self, path: Path, *, file: bool = False) -> list[Rule]:
        """The rules for one file: its configuration's ruleset less its per-file ignores.
        ``file`` says that ``path`` is a file (discovery knows): no need to ask the disk."""
        config = self.config_for(path, file=file)
        rules = self.ruleset(config)
        if not config["per-file-ignores"]:
            return rules
        relative = self._relative(path, config.root)
        ignored = [
            code
            for pattern, codes in config["per-file-ignores"].items()
            if matches(relative, pattern)
            for code in codes
        ]
        if not ignored:
            return rules
        return [r for r in rules if not any(r.code.startswith(c.upper()) for c in ignored)]

    def excluded(self, path: Path, config: Config | None = None, *, symlink: bool | None = None) -> bool:
        """Whether exclude settings cover ``path`` (whose configuration, and whether it is a
        symbolic link, the caller may know)."""
        config = config or self.config_for(path)
        relative = self._relative(path, config.root, symlink)
        patterns = [*config["exclude"], *config["extend-exclude"]]
        parent, _, name = relative.rpartition("/")
        # A pattern matching the directory (or one above it) excludes everything in it: the
        # files of a directory share that answer, so only their own name is matched each time.
        key = (config.path, parent)
        if key not in self._excluded_dirs:
            self._excluded_dirs[key] = bool(parent) and any(matches(parent, p) for p in patterns)
        if self._excluded_dirs[key]:
            return True
        whole, last = last_part_matchers(tuple(patterns))
        return bool(whole and whole.match(relative) or last and last.match(name))

    def _relative(self, path: Path, root: Path, symlink: bool | None = None) -> str:
        """``path`` from ``root`` with symlinks resolved, or as given when it lies outside."""
        if path.name in ("", ".", "..") or (path.is_symlink() if symlink is None else symlink):
            real = path.resolve()
            try:
                return real.relative_to(root).as_posix()
            except ValueError:
                return path.as_posix()
        # Every file of a directory shares its prefix: resolving and relating paths is slow.
        key = (path.parent, root)
        if key not in self._prefixes:
            self._prefixes[key] = self._prefix(path.parent, root)
        return self._prefixes[key] + path.name

    def _prefix(self, directory: Path, root: Path) -> str:
        """What ``_relative`` puts before the name of a file in ``directory``."""
        try:
            relative = directory.resolve().relative_to(root).as_posix()
        except ValueError:
            relative = directory.as_posix()  # outside: as given ("." for a bare file name)
        return "" if relative == "." else relative.rstrip("/") + "/"

    def discover(self, paths: Iterable[Path], *, force_exclude: bool = False) -> Iterator[Path]:
        """Files to check: explicit files always (unless force_exclude), directories recursively."""
        paths = list(paths)
        # Only overlapping arguments ("a/ a/b.txt") can name a file twice; one directory walked
        # alone cannot, and then nothing is remembered per file: memory stays flat in tree size.
        seen: set[str] | None = set() if len(paths) > 1 else None
        for path in paths:
            if path.is_dir():
                found: Iterable[Path] = self._walk(path)
            elif force_exclude and self.excluded(path):
                continue
            else:
                found = [path]
            for file in found:
                if seen is not None:
                    key = str(file)
                    if key in seen:
                        continue
                    seen.add(key)
                yield file

    def _walk(self, root: Path) -> Iterator[Path]:
        """What ``os.walk`` would list, top-down, not into linked directories, errors skipped;
        from ``os.scandir``, which says which entries are links without a call per file."""
        try:
            with os.scandir(root) as scanned:
                entries = sorted(scanned, key=lambda entry: entry.name)
        except OSError:
            return
        here = Path(root)
        kinds = [_is_dir(entry) for entry in entries]
        directories = [
            entry for entry, is_dir in zip(entries, kinds)
            if is_dir and not entry.name.startswith(".") and not self.excluded(here / entry.name)
        ]
        config = self._config_in(here)  # every file of a directory has its configuration
        include = tuple(config["include"])
        for entry, is_dir in zip(entries, kinds):
            name = entry.name
            if not is_dir and name.lower().endswith(include) and not name.startswith("."):
                file = here / name
                if not self.excluded(file, config, symlink=_is_link(entry)):
                    yield file
        for entry in directories:
            if not _is_link(entry):
                yield from self._walk(here / entry.name)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False
