"""``newslint server`` (the language server) and ``newslint serve`` (the HTTP API).

The language server needs the ``server`` extra (pygls); the HTTP API needs only
the standard library. Options in, a server run, an exit code out: 2 for a usage
or load error, 0 when the server stops.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import NoReturn

import click


EXIT_CLEAN, EXIT_ERROR = 0, 2
INSTALL_HINT = "the language server needs the 'server' extra: pip install 'newslint[server]'"


def _fail(message: str) -> NoReturn:
    click.echo(f"newslint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


@click.command("server")
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default).")
@click.option("--tcp", is_flag=True, help="Listen on a TCP port instead of standard input and output.")
@click.option("--host", default="127.0.0.1", show_default=True, help="With --tcp, the address to listen on.")
@click.option("--port", default=2087, show_default=True, type=click.IntRange(0, 65535), help="With --tcp, the port.")
def server(stdio: bool, tcp: bool, host: str, port: int) -> None:
    """Run the language server for editors (LSP), on stdio or with --tcp on a port."""
    if stdio and tcp:
        raise click.UsageError("--stdio and --tcp cannot be combined")
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        _fail(INSTALL_HINT)
    from newslint.server import lsp
    # Standard output carries the protocol: logs go to standard error only.
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="newslint: %(levelname)s: %(message)s")
    try:
        lsp.serve(tcp=tcp, host=host, port=port)
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port} ({exc.strerror or exc})")
    sys.exit(EXIT_CLEAN)
