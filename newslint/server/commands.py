"""``newslint server`` (the language server) and ``newslint serve`` (the HTTP API).

The language server needs the ``server`` extra (pygls); the HTTP API needs only
the standard library. Options in, a server run, an exit code out: 2 for a usage
or load error, 0 when the server stops (1 when a language client sends ``exit``
without ``shutdown`` first, as the protocol asks).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from newslint.rulecache import open_cache
from newslint.workspace import LOAD_ERRORS, CommandLine, Workspace

EXIT_CLEAN, EXIT_ERROR = 0, 2
INSTALL_HINT = "the language server needs the 'server' extra: pip install 'newslint[server]'"


def _fail(message: str) -> NoReturn:
    click.echo(f"newslint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _no_compile_stalls() -> None:
    """A server uses a cached Hyperscan scanner but never compiles one: that takes about a
    second, which would stall the edit or request that happened to be the 2,000th."""
    from newslint import prefilter

    prefilter.COMPILE_AFTER = sys.maxsize


@click.command("server")
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default).")
@click.option("--tcp", is_flag=True, help="Listen on a TCP port instead of standard input and output.")
@click.option("--host", default="127.0.0.1", show_default=True, help="With --tcp, the address to listen on.")
@click.option("--port", default=2087, show_default=True, type=click.IntRange(1, 65535), help="With --tcp, the port.")
def server(stdio: bool, tcp: bool, host: str, port: int) -> None:
    """Run the language server for editors (LSP), on stdio or with --tcp on a port."""
    if stdio and tcp:
        raise click.UsageError("--stdio and --tcp cannot be combined")
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        _fail(INSTALL_HINT)
    import logging

    from newslint.server import transport

    _no_compile_stalls()
    # Standard output carries the protocol: logs go to standard error only.
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="newslint: %(levelname)s: %(message)s")
    try:
        code = transport.serve(tcp=tcp, host=host, port=port)
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port} ({exc.strerror or exc})")
    sys.exit(code)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on (loopback by default).")
@click.option("--port", default=8081, show_default=True, type=click.IntRange(0, 65535),
              help="The port (LanguageTool's usual 8081; 0 picks a free one).")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Use this configuration file.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--max-request-size", default=1 << 20, show_default=True, type=click.IntRange(1),
              help="Largest request body accepted, in bytes; larger ones get 413.")
@click.option("--allow-origin", metavar="ORIGIN", help="Send this Access-Control-Allow-Origin (e.g. '*') for browsers.")
@click.option("--verbose", is_flag=True, help="Log every request to standard error.")
def serve(
    host: str, port: int, config_file: Path | None, isolated: bool, max_request_size: int,
    allow_origin: str | None, verbose: bool,
) -> None:
    """Answer LanguageTool's HTTP API (POST /v2/check, GET /v2/languages) with newslint's rules."""
    import logging

    from newslint.server.http import ApiConfig, make_server
    from newslint.server.ltparams import Rulebook

    _no_compile_stalls()
    # Rules come from the configuration found from the current directory, as for `check`.
    here = Path.cwd()
    try:
        cache = open_cache()
        configured = Workspace(config_file=config_file, isolated=isolated, rule_cache=cache).rules_for(here)
        every = Workspace(
            config_file=config_file, isolated=isolated, command_line=CommandLine(select=("ALL",)), rule_cache=cache
        ).rules_for(here)
    except LOAD_ERRORS as exc:
        _fail(str(exc))
    logging.basicConfig(stream=sys.stderr, level=logging.INFO if verbose else logging.WARNING,
                        format="newslint: %(message)s")
    config = ApiConfig(Rulebook(configured, every), max_request_size, allow_origin)
    try:
        httpd = make_server(host, port, config)
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port} ({exc.strerror or exc})")
    click.echo(f"newslint: LanguageTool API on http://{host}:{httpd.server_port}/v2/ "
               f"({len(configured)} rules); Ctrl-C stops it", err=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
    sys.exit(EXIT_CLEAN)
