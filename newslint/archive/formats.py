"""Dataset formats: what a path holds, which files an INPUT names, and the optional extras."""

from __future__ import annotations

import importlib
import io
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import IO, Any, NamedTuple, cast

EXTRA = "pip install 'newslint[archive]'"
NAMES = ("jsonl", "csv", "tsv", "parquet")
GZIP_MAGIC = b"\x1f\x8b"


# Imported at first need: ``newslint check`` imports this module to recognise datasets.
def _glob() -> ModuleType:
    import glob

    return glob


def _gzip() -> ModuleType:
    import gzip

    return gzip


class ArchiveError(Exception):
    """An input, output or option the job cannot use: one line for the user, exit status 2."""


class FileFormat(NamedTuple):
    name: str  # "jsonl", "csv" or "parquet"
    gzip: bool = False
    delimiter: str = ","  # CSV only

    @property
    def suffix(self) -> str:
        base = {"jsonl": ".jsonl", "parquet": ".parquet"}.get(self.name, ".tsv" if self.delimiter == "\t" else ".csv")
        return base + (".gz" if self.gzip else "")


_SUFFIXES = {
    ".jsonl": FileFormat("jsonl"),
    ".ndjson": FileFormat("jsonl"),
    ".jsonl.gz": FileFormat("jsonl", True),
    ".ndjson.gz": FileFormat("jsonl", True),
    ".csv": FileFormat("csv"),
    ".csv.gz": FileFormat("csv", True),
    ".tsv": FileFormat("csv", False, "\t"),
    ".tsv.gz": FileFormat("csv", True, "\t"),
    ".parquet": FileFormat("parquet"),
}
SUFFIXES = tuple(_SUFFIXES)


def detect(name: str) -> FileFormat | None:
    """The format a file name's extension names, or None."""
    lower = name.lower()
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix):
            return _SUFFIXES[suffix]
    return None


def by_name(name: str, gzip: bool = False) -> FileFormat:
    if name == "tsv":
        return FileFormat("csv", gzip, "\t")
    return FileFormat(name, gzip)


def input_format(path: str, override: str | None) -> FileFormat:
    """The format to read ``path`` as: ``--input-format``, else its extension (stdin: JSON lines).

    Compression is found from the bytes when the file is opened, so it is not decided here.
    """
    if override is not None:
        return by_name(override)
    return _by_extension(path, "the format", "--input-format")


def output_format(path: str) -> FileFormat:
    return _by_extension(path, "the output format", "- for stdout")


def _by_extension(path: str, what: str, otherwise: str) -> FileFormat:
    """The format ``path``'s extension names (``-``, standard input or output: JSON lines)."""
    if path == "-":
        return FileFormat("jsonl")
    found = detect(path)
    if found is None:
        raise ArchiveError(f"{path}: cannot tell {what} from the extension (use {', '.join(SUFFIXES)}, or {otherwise})")
    return found


def expand(inputs: Sequence[str]) -> list[str]:
    """The files INPUT arguments name: files as given, directories searched, globs expanded."""
    files: list[str] = []
    for arg in inputs:
        if arg == "-" or os.path.isfile(arg):
            files.append(arg)
        elif os.path.isdir(arg):
            found = sorted(_walk(arg))
            if not found:
                raise ArchiveError(f"{arg}: no {', '.join(SUFFIXES)} files in this directory")
            files.extend(found)
        elif _glob().has_magic(arg):
            matches = sorted(p for p in _glob().glob(arg, recursive=True) if os.path.isfile(p))
            if not matches:
                raise ArchiveError(f"{arg}: no files match")
            files.extend(matches)
        else:
            raise ArchiveError(f"{arg}: no such file")
    if "-" in files and len(files) > 1:
        raise ArchiveError("'-' (stdin) cannot be combined with other inputs")
    return files


def _walk(root: str) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith(".") and detect(name) is not None:
                yield os.path.join(dirpath, name)


def require(module: str, purpose: str) -> ModuleType:
    """Import an optional dependency, or say which extra provides it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ArchiveError(f"{purpose} needs {module.split('.')[0]}, an optional extra: {EXTRA}") from None


class ByteInput:
    """An input file or stdin as decompressed bytes; ``position`` is how far into the stored file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.size: int | None = None
        try:
            if path == "-":
                stdin = sys.stdin.buffer
                # A test's stdin may be a BytesIO, which cannot peek; a reader over it can.
                raw: IO[bytes] = stdin
                if not hasattr(stdin, "peek"):
                    raw = cast(IO[bytes], io.BufferedReader(cast(Any, stdin)))
                head = raw.peek(2)[:2]  # type: ignore[attr-defined]
            else:
                raw = open(path, "rb")
                self.size = os.fstat(raw.fileno()).st_size
                head = raw.read(2)
                raw.seek(0)
        except FileNotFoundError:
            raise ArchiveError(f"{path}: no such file") from None
        except OSError as exc:
            raise ArchiveError(f"{path}: cannot read ({exc.strerror or exc})") from None
        self.raw = raw
        self.stream: IO[bytes] = cast(IO[bytes], _gzip().GzipFile(fileobj=raw, mode="rb")) if head == GZIP_MAGIC else raw

    def position(self) -> int:
        """Bytes of the stored file read so far (0 for stdin, whose size is unknown)."""
        return self.raw.tell() if self.size is not None else 0

    def close(self) -> None:
        if self.path != "-":
            self.raw.close()


def gzip_member(stream: IO[bytes]) -> IO[bytes]:
    """A gzip member written over ``stream``; closing it ends the member, not the stream.

    Writers open one per part, so parts joined byte for byte are one valid gzip file.
    """
    return cast(IO[bytes], _gzip().GzipFile(fileobj=stream, mode="wb", compresslevel=6, mtime=0))


def display(path: str) -> str:
    """How reports name an input: as given, stdin as '-'."""
    return path if path == "-" else str(Path(path))
