"""How the language server talks: standard input and output, or TCP, and its exit code.

pygls reads a message body with one ``read(Content-Length)``, which allocates the
whole length before a byte arrives: a garbled or hostile length of a few gigabytes
ended the server with MemoryError. ``PatientStdin`` reads a body as it arrives
instead, so a wrong length costs only the wait for bytes that never come.

pygls' TCP server hands the protocol to each new connection and stops when any
connection ends: a port scan or a stray HTTP request took the editor's session over,
then ended the server. ``serve_tcp`` serves one connection at a time, closes others
at once, and stops only when a client that initialized a session leaves.
"""

from __future__ import annotations

import asyncio
import io
import logging
import sys
import threading
from typing import Any, BinaryIO, cast

from pygls.io_ import run_async

from newslint.server.features import create
from newslint.server.lsp import NewslintServer

logger = logging.getLogger(__name__)

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
        serve_tcp(server, host, port)
    else:
        stdin = PatientStdin(cast(io.BufferedReader, sys.stdin.buffer))
        server.start_io(stdin=cast(BinaryIO, stdin))
    return server.exit_code


def serve_tcp(server: NewslintServer, host: str, port: int) -> None:
    """Serve one client at a time on ``host:port`` until a session's client leaves."""
    stop = threading.Event()

    async def main() -> None:
        over = asyncio.Event()
        turn = asyncio.Lock()

        async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            if server.started:  # the protocol has one client; a second would take its replies
                writer.close()
                return
            async with turn:  # until a session starts, connections wait for those before them to end
                if server.started:
                    writer.close()
                    return
                server.protocol.set_writer(cast(Any, writer))
                try:
                    await run_async(stop_event=stop, reader=reader, protocol=server.protocol, logger=logger,
                                    error_handler=server.report_server_error)
                finally:
                    writer.close()
                if server.started:
                    over.set()

        listener = await asyncio.start_server(connection, host, port)
        async with listener:
            await over.wait()

    try:
        asyncio.run(main())
    except SystemExit:
        pass  # pygls ends the process on "exit"; the caller chooses the code (exit_code)
    finally:
        server.shutdown()  # type: ignore[no-untyped-call]  # pygls leaves it unannotated
