"""Language server settings: what an editor may pass in ``initializationOptions``
or ``workspace/didChangeConfiguration``.

The settings mirror ``newslint check``'s options; configuration files still apply
underneath, as on the command line. A wrong value is reported and skipped: a typo
in an editor's settings must not stop checking.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from newslint.records import Applicability
from newslint.selection import parse_selectors
from newslint.workspace import CommandLine

_CODE_LISTS = {"select": "select", "extendSelect": "extend_select", "ignore": "ignore"}


class Settings(NamedTuple):
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    profile: str | None = None
    #: A configuration file used for every document (``--config``).
    configuration: Path | None = None
    #: Ignore configuration files (``--isolated``).
    isolated: bool = False
    #: Whether "fix all" applies unsafe fixes too (``--unsafe-fixes``).
    unsafe_fixes: bool = False
    #: Milliseconds to wait after a change before checking; changes that arrive
    #: while a check runs are always folded into one further check.
    debounce: int = 0

    def command_line(self) -> CommandLine:
        return CommandLine(self.select, self.extend_select, self.ignore, self.profile)

    @property
    def fix_threshold(self) -> Applicability:
        """The least sure fix that "fix all" applies, as ``--unsafe-fixes`` sets it."""
        return Applicability.UNSAFE if self.unsafe_fixes else Applicability.SAFE


def parse(options: object, root: Path) -> tuple[Settings, list[str]]:
    """Settings from a client's JSON object, and a message for each value skipped.

    The object may hold the settings directly or under a ``newslint`` key, as
    editors nest settings by server name.
    """
    if not isinstance(options, Mapping):
        return Settings(), [] if options is None else ["settings must be an object"]
    nested = options.get("newslint")
    values: Mapping[str, Any] = nested if isinstance(nested, Mapping) else options
    problems: list[str] = []
    changes: dict[str, Any] = {}
    for key, field in _CODE_LISTS.items():
        value = values.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            changes[field] = tuple(parse_selectors(value))
        else:
            problems.append(f"setting '{key}' must be a list of rule codes")
    for key, field in (("profile", "profile"), ("configuration", "configuration")):
        value = values.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(f"setting '{key}' must be a string")
        elif key == "configuration":
            path = Path(value).expanduser()
            changes[field] = path if path.is_absolute() else root / path
        else:
            changes[field] = value
    for key, field in (("isolated", "isolated"), ("unsafeFixes", "unsafe_fixes")):
        value = values.get(key)
        if value is None:
            continue
        if isinstance(value, bool):
            changes[field] = value
        else:
            problems.append(f"setting '{key}' must be true or false")
    debounce = values.get("debounce")
    if debounce is not None:
        if isinstance(debounce, int) and not isinstance(debounce, bool) and debounce >= 0:
            changes["debounce"] = debounce
        else:
            problems.append("setting 'debounce' must be a whole number of milliseconds, 0 or more")
    return Settings()._replace(**changes), problems

