"""How the language server talks: standard input and output, or TCP, and its exit code.

pygls reads a message body with one ``read(Content-Length)``, which allocates the
whole length before a byte arrives: a garbled or hostile length of a few gigabytes
ended the server with MemoryError. ``PatientStdin`` reads a body as it arrives
instead, so a wrong length costs only the wait for bytes that never come.
"""

from __future__ import annotations

import io
import sys
from typing import BinaryIO, cast

from newslint.server.features import create

#: No header line is longer; a longer one is garbage, read in pieces that match nothing.
MAX_HEADER_LINE = 1 << 16
_READ = 1 << 16


class PatientStdin:
    """A binary stream for pygls' reader: bounded header lines, bodies read piece by piece."""

    def __init__(self, stream: io.BufferedReader) -> None:
        self._stream = stream

    def readline(self) -> bytes:
        return self._stream.readline(MAX_HEADER_LINE)

    def read(self, size: int) -> bytes:
        """Up to ``size`` bytes, fewer only at the end of the stream."""
        parts: list[bytes] = []
        while size > 0:
            part = self._stream.read1(min(size, _READ))
            if not part:
                break
            parts.append(part)
            size -= len(part)
        return b"".join(parts)


def serve(tcp: bool = False, host: str = "127.0.0.1", port: int = 2087) -> int:
    """Run the language server until the client leaves; the exit code the protocol asks for."""
    server = create()
    if tcp:
        server.start_tcp(host, port)
    else:
        stdin = PatientStdin(cast(io.BufferedReader, sys.stdin.buffer))
        server.start_io(stdin=cast(BinaryIO, stdin))
    return server.exit_code
