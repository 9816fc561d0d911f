"""The language server's view of a workspace: rules per document, reloaded on change.

A Session is used from the checking thread only. Rules and settings come from
``newslint.workspace``, as for ``newslint check``; what fails to load is kept as a
message until a configuration or rule file changes, so a broken house rule is
reported on every check without reloading every rule file on every keystroke.
"""

from __future__ import annotations

from pathlib import Path

from newslint.config import CONFIG_NAMES
from newslint.rule import Rule
from newslint.rulecache import open_cache
from newslint.server.settings import Settings
from newslint.workspace import LOAD_ERRORS, Workspace

RULE_SUFFIXES = (".yaml", ".yml")


class LoadFailure(Exception):
    """Configuration or rules for a document did not load; ``str()`` says why and where."""


class Session:
    """Rules and exclusions for each document under the current settings."""

    def __init__(self, settings: Settings = Settings()) -> None:
        self.settings = settings
        self._workspace: Workspace | None = None
        self._failures: dict[Path, str] = {}
        self._rule_files: set[Path] = set()

    def reload(self, settings: Settings | None = None) -> None:
        """Forget every loaded configuration and rule; the next check loads them again."""
        if settings is not None:
            self.settings = settings
        self._workspace = None
        self._failures.clear()
        self._rule_files.clear()

    def _current(self) -> Workspace:
        if self._workspace is None:
            settings = self.settings
            self._workspace = Workspace(
                config_file=settings.configuration,
                isolated=settings.isolated,
                command_line=settings.command_line(),
                rule_cache=open_cache(),
            )
        return self._workspace

    def rules_for(self, path: Path) -> list[Rule]:
        """The rules for a document, or LoadFailure naming the file and key at fault."""
        directory = path.parent
        if directory in self._failures:
            raise LoadFailure(self._failures[directory])
        try:
            rules = self._current().rules_for(path)
        except LOAD_ERRORS as exc:
            self._failures[directory] = str(exc)
            raise LoadFailure(str(exc)) from None
        self._rule_files.update(Path(rule.source) for rule in rules)
        return rules

    def excluded(self, path: Path) -> bool:
        """Whether the document's configuration excludes it (a broken one excludes nothing)."""
        try:
            return self._current().excluded(path)
        except LOAD_ERRORS:
            return False

    def affected_by(self, path: Path) -> bool:
        """Whether a change to ``path`` may change the rules or settings of some document."""
        if path.name in CONFIG_NAMES or path == self.settings.configuration:
            return True
        if path.suffix not in RULE_SUFFIXES:
            return False
        # A failure may be a house rule file being written; a new file may join a rule directory.
        return bool(self._failures) or any(path == f or path.parent == f.parent for f in self._rule_files)
