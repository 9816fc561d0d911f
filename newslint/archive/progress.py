"""A progress bar on a terminal: records, MB/s and time left; nothing at all otherwise.

The bar counts stored input bytes (compressed bytes for a .gz file), which is
what the time left can be estimated from; the records done ride along. It uses
tqdm when the ``archive`` extra is installed and click's bar otherwise.
"""

from __future__ import annotations

import importlib
import io
import os
import sys
import time
from typing import Any, Protocol, TextIO

import click


class Progress(Protocol):
    def update(self, records: int, position: int) -> None: ...

    def close(self) -> None: ...


class _Silent:
    def update(self, records: int, position: int) -> None:
        pass

    def close(self) -> None:
        pass


class _Tqdm:
    def __init__(self, tqdm: Any, total: int | None, stream: TextIO, label: str) -> None:
        # tqdm hides its bar on a terminal that reports no size (some ptys do).
        width: dict[str, Any] = {"dynamic_ncols": True} if _columns(stream) else {"ncols": 100, "nrows": 24}
        self._bar = tqdm(
            total=total, unit="B", unit_scale=True, unit_divisor=1000, file=stream,
            desc=label, mininterval=0.5, leave=False, **width,
        )
        self._position = 0

    def update(self, records: int, position: int) -> None:
        self._bar.set_postfix_str(f"{records:,} records", refresh=False)
        self._bar.update(max(0, position - self._position))
        self._position = max(position, self._position)

    def close(self) -> None:
        self._bar.close()


def _columns(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return 0


class _Click:
    """click's bar, which knows the time left; the records and MB/s are its item text."""

    def __init__(self, total: int | None, stream: TextIO, label: str) -> None:
        self._start = time.monotonic()
        self._records = 0
        self._position = 0
        self._bar: Any = click.progressbar(
            length=total or None, label=label, file=stream, show_eta=True, show_pos=False,
            item_show_func=lambda _: self._text(),
        )
        self._bar.__enter__()

    def _text(self) -> str:
        seconds = max(time.monotonic() - self._start, 1e-9)
        return f"{self._records:,} records, {self._position / 1e6 / seconds:.2f} MB/s"

    def update(self, records: int, position: int) -> None:
        self._records = records
        self._bar.update(max(0, position - self._position), records)
        self._position = max(position, self._position)

    def close(self) -> None:
        self._bar.__exit__(None, None, None)


def progress(
    total: int | None, enabled: bool | None = None, stream: TextIO | None = None, label: str = "normalize"
) -> Progress:
    """A bar over ``total`` stored bytes (None: unknown) when ``stream`` is a terminal or ``enabled``."""
    stream = stream or sys.stderr
    if enabled is None:
        enabled = stream.isatty()
    if not enabled:
        return _Silent()
    try:
        tqdm = importlib.import_module("tqdm").tqdm
    except ImportError:
        return _Click(total, stream, label)
    return _Tqdm(tqdm, total, stream, label)
