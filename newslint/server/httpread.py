"""Reading a request for the HTTP API: its framing, its body, its form parameters.

Everything here is bounded, because the other end may be anything: the framing
headers are judged before a byte of the body is read (so ``Expect: 100-continue``
is refused in time), the body may not exceed the size limit, chunked or not, and it
must arrive whole before a deadline, so a client that dribbles a byte at a time
holds its own connection only that long.
"""

from __future__ import annotations

import io
import socket
import time
from email.message import Message
from typing import NamedTuple
from urllib.parse import parse_qsl

from newslint.server.ltparams import ApiError

MAX_FIELDS = 1000
#: A chunk-size line or a trailer: a hex number and extensions, far less than this.
MAX_LINE = 4096
MAX_TRAILERS = 100
_READ = 1 << 16


class Framing(NamedTuple):
    """How a request body is delimited: a declared length, or chunks."""

    length: int
    chunked: bool = False


def framing(headers: Message, limit: int) -> Framing:
    """The body's framing from the headers, or ApiError when it cannot or must not be read."""
    codings = [c.strip().lower() for v in headers.get_all("Transfer-Encoding", []) for c in v.split(",")]
    codings = [c for c in codings if c]
    if codings and codings != ["chunked"]:
        raise ApiError(501, f"Transfer-Encoding '{', '.join(codings)[:60]}' is not supported: send the body "
                            "as it is, with a Content-Length, or chunked")
    lengths = {v.strip() for v in headers.get_all("Content-Length", [])}
    if codings and lengths:
        # Each end could take a different body: a request smuggler's trick (RFC 9112, 6.3).
        raise ApiError(400, "A request cannot have both Transfer-Encoding and Content-Length")
    if len(lengths) > 1:
        raise ApiError(400, "The request has conflicting Content-Length headers")
    coding = headers.get("Content-Encoding", "identity").strip().lower()
    if coding not in ("", "identity"):
        raise ApiError(415, f"Content-Encoding '{coding[:40]}' is not supported: send the body uncompressed")
    # The body is read as form-encoded whatever the Content-Type says, as LanguageTool
    # reads it: LTeX, for one, sends form-encoded parameters labelled application/json.
    if headers.get_content_type() == "multipart/form-data":
        raise ApiError(415, "Send the parameters form-encoded (application/x-www-form-urlencoded)")
    if codings:
        return Framing(0, chunked=True)
    raw = lengths.pop() if lengths else "0"
    if not (raw.isascii() and raw.isdigit()):
        raise ApiError(400, f"Invalid Content-Length: {raw[:40]!r}")
    size = int(raw[:19])  # more digits than that is too large whatever they say
    if size > limit:
        raise _too_large(size, limit)
    return Framing(size)


class BodyReader:
    """Reads one body from a connection's stream, every wait bounded by one deadline."""

    def __init__(self, stream: io.BufferedReader, connection: socket.socket, seconds: float) -> None:
        self._stream = stream
        self._connection = connection
        self._deadline = time.monotonic() + seconds

    def read(self, framing: Framing, limit: int) -> bytes:
        """The whole body, or ApiError (400 cut short, 408 too slow, 413 too large)."""
        idle = self._connection.gettimeout()
        try:
            return self._chunked(limit) if framing.chunked else self._exactly(framing.length)
        except TimeoutError:
            raise ApiError(408, "The request body did not arrive in time") from None
        finally:
            self._connection.settimeout(idle)  # a kept-alive connection waits as before

    def _arm(self) -> None:
        """Let the next read wait no longer than the time left."""
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        self._connection.settimeout(left)

    def _exactly(self, size: int) -> bytes:
        parts: list[bytes] = []
        missing = size
        while missing:
            self._arm()
            part = self._stream.read1(min(missing, _READ))
            if not part:
                raise ApiError(400, "The request body ended before its Content-Length")
            parts.append(part)
            missing -= len(part)
        return b"".join(parts)

    def _line(self) -> bytes:
        parts: list[bytes] = []
        size = 0
        while size <= MAX_LINE:
            self._arm()
            buffered = self._stream.peek(1)[:MAX_LINE]
            if not buffered:
                raise ApiError(400, "The request body ended before its last chunk")
            end = buffered.find(b"\n")
            taken = self._stream.read(len(buffered) if end < 0 else end + 1)  # already buffered: no wait
            parts.append(taken)
            size += len(taken)
            if end >= 0:
                return b"".join(parts)
        raise ApiError(400, "A chunk-size line of the request body is too long")

    def _chunked(self, limit: int) -> bytes:
        parts: list[bytes] = []
        total = 0
        while True:
            digits = self._line().split(b";", 1)[0].strip()  # chunk extensions are ignored
            if not digits or len(digits) > 15 or digits.strip(b"0123456789abcdefABCDEF"):
                raise ApiError(400, f"Invalid chunk size in the request body: {digits[:20]!r}")
            size = int(digits, 16)
            if size == 0:
                break
            total += size
            if total > limit:
                raise _too_large(total, limit)
            parts.append(self._exactly(size))
            if self._line().strip():
                raise ApiError(400, "A chunk of the request body is longer than its size says")
        for _ in range(MAX_TRAILERS):
            if not self._line().strip():
                return b"".join(parts)
        raise ApiError(400, "The request body has too many trailer fields")


def form(data: bytes, where: str) -> dict[str, str]:
    """Form-encoded parameters; the last of a repeated name wins, as in LanguageTool."""
    try:
        text = data.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict",
                          max_num_fields=MAX_FIELDS)
    except UnicodeDecodeError:
        raise ApiError(400, f"The {where} is not valid UTF-8") from None
    except ValueError as exc:
        raise ApiError(400, f"The {where} could not be parsed: {exc}") from None
    return dict(pairs)


def _too_large(size: int, limit: int) -> ApiError:
    return ApiError(413, f"Your request of {size} bytes exceeds this server's limit of {limit} bytes. "
                         "Please submit a shorter text.")
