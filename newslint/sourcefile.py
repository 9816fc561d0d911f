"""Read and write copy exactly: encoding, BOM, line endings and the final newline survive.

Text is linted with ``\\n`` line breaks; a file written with uniform ``\\r\\n``
(or ``\\r``) endings gets them back on write. Files with mixed endings are
linted as they are, so nothing is normalised behind the user's back.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from typing import NamedTuple

# Each BOM names its byte order: a big-endian file must not come back little-endian.
# UTF-32 LE comes before UTF-16 LE, whose BOM is a prefix of it.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class InputError(Exception):
    """A file cannot be linted (missing, binary, not decodable); one line for the user."""


class SourceText(NamedTuple):
    text: str
    encoding: str
    newline: str
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return self.bom + text.encode(self.encoding)


def decode(data: bytes, name: str) -> SourceText:
    """Decode file bytes, or raise InputError naming the file and the problem."""
    encoding, bom = "utf-8", b""
    for mark, codec in _BOMS:
        if data.startswith(mark):
            encoding, bom = codec, mark
            break
    if not bom and b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file (contains NUL bytes), not checked")
    try:
        text = data[len(bom) :].decode(encoding)
    except UnicodeDecodeError as exc:
        offset = len(bom) + exc.start
        raise InputError(
            f"{name}: not valid {encoding.upper()} (byte 0x{data[offset]:02x} at offset {offset}), not checked"
        ) from None
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    if crlf and not cr and not lf:
        return SourceText(text.replace("\r\n", "\n"), encoding, "\r\n", bom)
    if cr and not crlf and not lf:
        return SourceText(text.replace("\r", "\n"), encoding, "\r", bom)
    return SourceText(text, encoding, "\n", bom)


def read(path: Path) -> SourceText:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return decode(data, str(path))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step: readers see old or new, never half."""
    import tempfile  # only a run that writes pays for it

    path = Path(os.path.realpath(path))  # through a symlink, rewrite its target
    mode = path.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".newslint")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
