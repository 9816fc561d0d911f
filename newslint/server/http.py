"""A LanguageTool-compatible HTTP API: ``/v2/check``, ``/v2/languages`` and friends.

Built on the standard library's ThreadingHTTPServer: a request is a short
CPU-bound check, so a thread per connection is enough, and nothing outside the
core install is needed. Every failure is answered with a status and a one-line
``Error: ...`` message, as LanguageTool answers; nothing a client sends can
stop the server.
"""

from __future__ import annotations

import io
import json
import logging
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple, cast
from urllib.parse import urlsplit

from newslint.server import languagetool
from newslint.server.checking import check
from newslint.server.httpread import BodyReader, form, framing
from newslint.server.languagetool import SOFTWARE
from newslint.server.ltparams import ApiError, Rulebook, parse_check

logger = logging.getLogger(__name__)

DEFAULT_MAX_REQUEST_SIZE = 1 << 20
ENDPOINTS = ("check", "languages", "info", "healthcheck", "maxtextlength", "configinfo")


class ApiConfig(NamedTuple):
    rulebook: Rulebook
    max_request_size: int = DEFAULT_MAX_REQUEST_SIZE
    #: The Access-Control-Allow-Origin sent to browsers, or None for no CORS.
    allow_origin: str | None = None
    #: Checks run at once; more requests wait for a turn. A check holds the GIL, so two at
    #: once only interleave, and the switching costs throughput: with 4 clients, one at a
    #: time served 303 requests/s where 8 at a time served 175 (benchmarks/bench_server.py).
    #: Connections are still read and answered concurrently.
    max_concurrent: int = 1
    #: Seconds a request waits for a turn before it is answered 503.
    queue_timeout: float = 30.0
    #: Seconds a connection may sit idle, and a request body may take to arrive whole,
    #: before the connection is closed (408 for a body).
    read_timeout: float = 30.0


class ApiServer(ThreadingHTTPServer):
    daemon_threads = True
    # The default (5) drops connections when many clients connect at once.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], config: ApiConfig) -> None:
        super().__init__(address, ApiHandler)
        self.config = config
        self.turns = threading.BoundedSemaphore(config.max_concurrent)

    def handle_error(self, request: object, client_address: Any) -> None:
        """What escapes a handler: a client gone before its answer is routine, not an error."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        logger.error("connection from %s failed", client_address, exc_info=True)


class ApiHandler(BaseHTTPRequestHandler):
    server: ApiServer
    protocol_version = "HTTP/1.1"
    server_version = f"newslint/{SOFTWARE['version']}"
    # Headers and body go out in separate writes: with Nagle's algorithm on, a keep-alive
    # client's delayed ACK would hold every response back by some 40 ms.
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        # Every wait for the client is bounded: an idle or stalled client costs its own
        # connection, and only for this long (the body has one deadline, in BodyReader).
        self.connection.settimeout(self.server.config.read_timeout)

    def handle_expect_100(self) -> bool:
        """Refuse a body that would be refused anyway before the client sends it."""
        try:
            framing(self.headers, self.server.config.max_request_size)
        except ApiError as exc:
            self._error(exc.status, str(exc), close=True)
            return False
        return super().handle_expect_100()

    def do_GET(self) -> None:
        self._handle(body=False)

    def do_POST(self) -> None:
        self._handle(body=True)

    def do_HEAD(self) -> None:
        self._handle(body=False, head=True)

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self._common_headers()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        asked = self.headers.get("Access-Control-Request-Headers")
        if asked:
            self.send_header("Access-Control-Allow-Headers", asked)
        self.send_header("Allow", "GET, POST, HEAD, OPTIONS")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _refuse_method(self) -> None:
        self._error(405, f"Method {self.command} is not supported: use GET or POST", close=True,
                    extra={"Allow": "GET, POST, HEAD, OPTIONS"})

    do_PUT = do_DELETE = do_PATCH = do_TRACE = do_CONNECT = _refuse_method

    def _handle(self, body: bool, head: bool = False) -> None:
        # A body left unread would be taken for the next request: close the connection then.
        declared = self.headers.get("Content-Length", "0").strip() not in ("", "0")
        self._unread = body or declared or bool(self.headers.get("Transfer-Encoding"))
        try:
            path, params = self._read_request(body)
            status, content_type, payload = self._route(path, params)
        except ApiError as exc:
            self._error(exc.status, str(exc), close=self._unread, head=head)
            return
        except Exception as exc:  # a bug costs one request, never the server
            logger.exception("request %s %s failed", self.command, self.path)
            self._error(500, f"Internal Error: {exc!r}", close=self._unread, head=head)
            return
        self._send(status, content_type, payload, head=head, close=self._unread)

    def _read_request(self, body: bool) -> tuple[str, dict[str, str]]:
        parts = urlsplit(self.path)
        # A POST's body wins over its query string: LanguageTool reads only the body.
        params = form(parts.query.encode("latin-1", "replace"), "query string")
        if body:
            params.update(form(self._body(), "request body"))
        return parts.path, params

    def _body(self) -> bytes:
        config = self.server.config
        how = framing(self.headers, config.max_request_size)
        # The standard library makes rfile a buffered reader over the socket.
        reader = BodyReader(cast(io.BufferedReader, self.rfile), self.connection, config.read_timeout)
        data = reader.read(how, config.max_request_size)
        self._unread = False
        return data

    def _route(self, path: str, params: dict[str, str]) -> tuple[int, str, bytes]:
        if not path.startswith("/v2/"):
            raise ApiError(404, f"Unknown path '{path[:100]}': this server answers "
                                + ", ".join(f"/v2/{e}" for e in ENDPOINTS))
        action = path[len("/v2/"):]
        config = self.server.config
        if action == "check":
            return 200, "application/json", _json(self._check(params))
        if action == "languages":
            return 200, "application/json", _json(languagetool.languages())
        if action == "info":
            return 200, "application/json", _json({"software": SOFTWARE})
        if action == "healthcheck":
            return 200, "text/plain", b"OK"
        if action == "maxtextlength":
            return 200, "text/plain", str(config.max_request_size).encode()
        if action == "configinfo":
            rulebook = config.rulebook
            info = languagetool.config_info(rulebook.every, rulebook.configured, config.max_request_size)
            return 200, "application/json", _json(info)
        raise ApiError(404, f"Unsupported action: '{action[:100]}'. Supported: {', '.join(ENDPOINTS)}")

    def _check(self, params: dict[str, str]) -> dict[str, Any]:
        request = parse_check(params)
        rules = self.server.config.rulebook.choose(request)
        if not self.server.turns.acquire(timeout=self.server.config.queue_timeout):
            raise ApiError(503, "There are currently too many parallel requests. Please try again later.")
        try:
            checked = check(request.text.plain, rules)
        finally:
            self.server.turns.release()
        return languagetool.response(request.text, checked.diagnostics, request.language, checked.timeouts)

    def _common_headers(self) -> None:
        origin = self.server.config.allow_origin
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)

    def _send(self, status: int, content_type: str, payload: bytes, *, head: bool = False,
              close: bool = False, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self._common_headers()
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        if close:
            # The unread body would otherwise be taken for the next request.
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if not head:
            self.wfile.write(payload)

    def _error(self, status: int, message: str, *, close: bool = False, head: bool = False,
               extra: dict[str, str] | None = None) -> None:
        self._send(status, "text/plain", f"Error: {message}".encode("utf-8", "replace"),
                   head=head, close=close, extra=extra)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Protocol errors found by the standard library (a bad request line, headers too long)."""
        if self.request_version == "HTTP/0.9":
            self.request_version = "HTTP/1.0"  # a garbled request line still gets a status line
        try:
            self._error(code, message or self.responses.get(code, ("Bad request",))[0], close=True)
        except OSError:
            pass  # the client has gone

    def log_message(self, format: str, *args: Any) -> None:
        logger.info("%s %s", self.address_string(), format % args)


def _json(value: object) -> bytes:
    # ASCII escapes keep lone surrogates (possible in 'data' JSON) from breaking UTF-8 output.
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def make_server(host: str, port: int, config: ApiConfig) -> ApiServer:
    """A bound server; call ``serve_forever()`` on it (``port`` 0 picks a free port)."""
    return ApiServer((host, port), config)
