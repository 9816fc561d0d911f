"""A cache of loaded rule files: an unchanged rule file is neither parsed nor validated again.

An entry is keyed by the file's bytes and by everything that turns those bytes
into rules: newslint's version, the schema, the code that loads and builds
rules, the ``regex`` version and the Python version. So an entry is either
exactly what loading the file would give, or not found; the cache can never
change a result. A corrupt, unreadable or unwritable cache is ignored and
rebuilt, never an error.

An entry is the file's validated data and, per rule, what building it
learned, with a checksum. A rule's built checker is kept too, compiled
expressions included: the ``regex`` module pickles a pattern as its compiled
code, so restoring one skips the parsing that makes compiling slow. Entries
are pickles read by unpicklers that can build nothing but plain data (the
entry) or the checker classes and compiled patterns (a checker), and only from
files that the current user owns and nobody else can write.

Location, as ruff does it: ``NEWSLINT_CACHE_DIR``, else the platform's user
cache directory (``$XDG_CACHE_HOME/newslint`` or ``~/.cache/newslint`` on
Linux, ``~/Library/Caches/newslint`` on macOS, ``%LOCALAPPDATA%\\newslint`` on
Windows). ``--no-cache`` or ``NEWSLINT_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import io
import os
import pickle
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from newslint.digest import digest, hexdigest

#: Bump when the entry layout changes.
FORMAT = 2
#: Entries kept; past this, the least recently written are removed.
MAX_ENTRIES = 512
_PACKAGE = Path(__file__).resolve().parent


def default_directory() -> Path:
    """Where the cache lives unless ``NEWSLINT_CACHE_DIR`` says otherwise."""
    if env := os.environ.get("NEWSLINT_CACHE_DIR"):
        return Path(env)
    # platformdirs answers this too, but importing it costs more than a whole cached start-up.
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "newslint"


def disabled_by_environment() -> bool:
    return os.environ.get("NEWSLINT_NO_CACHE", "") not in ("", "0")


@cache
def _salt() -> bytes:
    """What, besides a rule file's bytes, decides the rules it loads to."""
    import regex

    from newslint import __version__

    versions = f"{FORMAT}\0{__version__}\0{regex.__version__}\0{sys.version}\0".encode()
    return digest(versions, code_stamp(_PACKAGE))


def code_stamp(package: Path) -> bytes:
    """The loading code's files by name, size and modification time, as Python's own
    bytecode cache tells a changed module: a changed checkout must not reuse old entries.
    (Reading every file instead cost a sixtieth of a one-story check.)"""
    stamp = []
    for folder in (package, package / "kinds", package / "schema"):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith((".py", ".json")) and entry.is_file():
                status = entry.stat()
                stamp.append(f"{folder.name}/{entry.name}\0{status.st_size}\0{status.st_mtime_ns}")
    return "\n".join(sorted(stamp)).encode()


class RuleCache:
    """Loaded rule files by content; every method swallows I/O and format problems."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory / f"rules-v{FORMAT}"

    def key(self, content: bytes) -> str:
        return hexdigest(_salt(), content)

    def get(self, key: str) -> Any | None:
        """The stored value for ``key``, or None when absent or damaged."""
        try:
            with open(self.directory / f"{key}.entry", "rb") as handle:
                if not _trusted(os.fstat(handle.fileno())):
                    return None
                raw = handle.read()
            checksum, payload = raw[:32], raw[32:]
            if digest(payload) != checksum:
                return None
            return _DataUnpickler(io.BytesIO(payload)).load()
        except (OSError, pickle.UnpicklingError, ValueError, EOFError):
            return None

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` (plain data) atomically; a cache that cannot be written is skipped."""
        payload = pickle.dumps(value, protocol=5)
        try:
            _DataUnpickler(io.BytesIO(payload)).load()
        except pickle.UnpicklingError:
            return  # data YAML gave that is not plain (a date): this file is loaded afresh each time
        data = digest(payload) + payload
        import tempfile  # only a run that writes an entry pays for it

        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(tmp, self.directory / f"{key}.entry")
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            self._prune()
        except OSError:
            pass

    def _prune(self) -> None:
        entries = list(self.directory.glob("*.entry"))
        if len(entries) <= MAX_ENTRIES:
            return
        entries.sort(key=lambda p: p.stat().st_mtime)
        for stale in entries[: len(entries) - MAX_ENTRIES]:
            stale.unlink(missing_ok=True)


def _trusted(status: os.stat_result) -> bool:
    """Only our own entries, which nobody else can rewrite, are read (blobs hold compiled code)."""
    if not hasattr(os, "getuid"):
        return True  # Windows: the user's profile directory is private already
    return status.st_uid == os.getuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


# The only globals a checker blob may name: the checker classes of the rule kinds, the
# template records they hold, and the regex engine's constructor for compiled patterns.
_ALLOWED = frozenset(
    {
        ("regex._regex", "compile"),
        ("newslint.template", "Template"),
        ("newslint.template", "_Field"),
        ("newslint.kinds.pattern", "PatternChecker"),
        ("newslint.kinds.line", "LineChecker"),
        ("newslint.kinds.substitution", "SubstitutionChecker"),
        ("newslint.kinds.capitalization", "HeadlineChecker"),
        ("newslint.kinds.capitalization", "TitleChecker"),
        ("newslint.kinds.consistency", "ConsistencyChecker"),
        ("newslint.kinds.suppression", "SuppressionChecker"),
    }
)


class _CheckerUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a rule cache")
        return super().find_class(module, name)


class _DataUnpickler(pickle.Unpickler):
    """Dicts, lists, strings, numbers and bytes need no globals: an entry names none.

    A rule file whose YAML holds something else (a date) is refused here and loaded afresh.
    """

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a rule cache entry")


def dump_checker(checker: object) -> bytes | None:
    """A built checker for an entry, or None when it cannot be stored."""
    try:
        return pickle.dumps(checker, protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None


def load_checker(blob: bytes) -> Any:
    """The checker stored by ``dump_checker``; raises on anything else."""
    return _CheckerUnpickler(io.BytesIO(blob)).load()


_switched_off = False


def is_switched_off() -> bool:
    return _switched_off


def switch_off(off: bool = True) -> None:
    """Switch the cache off (or leave it) for the rest of this process: a worker's setting."""
    global _switched_off
    _switched_off = _switched_off or off


@contextmanager
def switched_off(off: bool = True) -> Iterator[None]:
    """Within it, ``open_cache`` gives None: ``--no-cache`` for everything a command does."""
    global _switched_off
    previous, _switched_off = _switched_off, _switched_off or off
    try:
        yield
    finally:
        _switched_off = previous


def open_cache(enabled: bool = True) -> RuleCache | None:
    """The user's rule cache, or None when switched off."""
    if not enabled or _switched_off or disabled_by_environment():
        return None
    return RuleCache(default_directory())


def clean(directory: Path | None = None) -> Path | None:
    """Remove the cache directory; the directory removed, or None when there was none."""
    import shutil

    directory = directory or default_directory()
    if not directory.exists():
        return None
    shutil.rmtree(directory)
    return directory
