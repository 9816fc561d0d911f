"""The LanguageTool-compatible HTTP API, end to end.

A real LanguageTool client (language-tool-python, with ``remote_server=``) checks
stories against a running server; raw HTTP requests check the error statuses and
that nothing a client sends can stop the server.
"""

from __future__ import annotations

import http.client
import json
import socket
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import language_tool_python
import pytest

from newslint.api import check_text
from newslint.rule import Rule
from newslint.selection import select_rules
from newslint.server.http import ApiConfig, ApiServer, make_server
from newslint.server.ltparams import Rulebook, parse_check
from tests.conftest import ROOT, shared_path

SEED = ROOT / "seeds" / "blinken-middle-east-trip.txt"


def running(all_rules: list[Rule], **options: Any) -> Iterator[ApiServer]:
    configured = select_rules(all_rules)
    every = select_rules(all_rules, ("ALL",))
    server = make_server("127.0.0.1", 0, ApiConfig(Rulebook(configured, every), **options))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def api(all_rules: list[Rule]) -> Iterator[ApiServer]:
    yield from running(all_rules, max_request_size=200_000, allow_origin="*")


@pytest.fixture(scope="module")
def impatient(all_rules: list[Rule]) -> Iterator[ApiServer]:
    """A server that gives a request body one second to arrive, not thirty."""
    yield from running(all_rules, read_timeout=1.0)


@pytest.fixture(scope="module")
def tool(api: ApiServer) -> Iterator[language_tool_python.LanguageTool]:
    with language_tool_python.LanguageTool("en-US", remote_server=f"http://127.0.0.1:{api.server_port}") as lt:
        yield lt


def request(api: ApiServer, method: str, path: str, body: bytes | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", api.server_port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def post(api: ApiServer, **params: str) -> tuple[int, Any]:
    body = urlencode(params).encode()
    status, headers, data = request(
        api, "POST", "/v2/check", body, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    if status == 200:
        assert headers["Content-Type"].startswith("application/json")
        return status, json.loads(data)
    assert headers["Content-Type"].startswith("text/plain")
    return status, data.decode()


def test_seed_findings_and_offsets_through_language_tool_python(tool: language_tool_python.LanguageTool,
                                                                 all_rules: list[Rule]) -> None:
    text = SEED.read_text(encoding="utf-8")
    matches = tool.check(text)
    expected = check_text(text, select_rules(all_rules)).diagnostics
    assert [(m.rule_id, m.offset, m.error_length) for m in matches] == [
        (d.code, d.start, d.end - d.start) for d in expected
    ]
    num = next(m for m in matches if m.rule_id == "NUM101")
    assert text[num.offset : num.offset + num.error_length] == "1.200"
    assert num.replacements == ["1,200"]
    assert num.context[num.offset_in_context : num.offset_in_context + num.error_length] == "1.200"
    assert num.category == "NUMBERS"
    wir = next(m for m in matches if m.rule_id == "WIR101")
    assert text[wir.offset:].startswith("© 2025 Thomson/Reuters.")
    assert "Thomson/Reuters" in wir.sentence


def test_shared_seed(tool: language_tool_python.LanguageTool) -> None:
    text = shared_path("seeds/000_dd5bf07d3bc52eb6.txt").read_text(encoding="utf-8")
    assert {"NUM101", "WIR101"} <= {m.rule_id for m in tool.check(text)}


def test_offsets_after_emoji_are_utf16_units(api: ApiServer, tool: language_tool_python.LanguageTool) -> None:
    text = "Fans 😀😀 中文 said 1.200 people marched."
    _, body = post(api, text=text, language="en-US")
    match = next(m for m in body["matches"] if m["rule"]["id"] == "NUM101")
    assert match["offset"] == len(text[: text.index("1.200")].encode("utf-16-le")) // 2
    # The client converts UTF-16 offsets back to Python's: it must land on the number.
    found = next(m for m in tool.check(text) if m.rule_id == "NUM101")
    assert text[found.offset : found.offset + 5] == "1.200"
    # CRLF text (as an HTML form sends it), checked as LF, reported in the original.
    crlf = "Fans 😀 rally\r\n\r\nPolice said 1.200 people marched.\r\n© 2025 Thomson/Reuters.\r\n"
    _, body = post(api, text=crlf, language="en-US")
    units = crlf.encode("utf-16-le")
    spans = {m["rule"]["id"]: units[2 * m["offset"] : 2 * (m["offset"] + m["length"])].decode("utf-16-le")
             for m in body["matches"]}
    assert spans["NUM101"] == "1.200" and spans["WIR103"] == "Thomson/Reuters"
    assert not any("\r" in m["context"]["text"] or "\n" in m["context"]["text"] for m in body["matches"])


def test_rule_selection_through_the_client(api: ApiServer) -> None:
    text = SEED.read_text(encoding="utf-8")
    with language_tool_python.LanguageTool("en-US", remote_server=f"http://127.0.0.1:{api.server_port}") as lt:
        lt.disabled_rules = {"NUM101", "MORFOLOGIK_RULE_EN_US"}  # an unknown id is ignored, as by LanguageTool
        codes = {m.rule_id for m in lt.check(text)}
        assert "NUM101" not in codes and "WIR101" in codes
        lt.disabled_rules = set()
        lt.enabled_rules = {"NUM101", "WIR101"}
        lt.enabled_rules_only = True
        assert {m.rule_id for m in lt.check(text)} == {"NUM101", "WIR101"}


def test_enabled_rules_turn_on_opt_in_rules(api: ApiServer) -> None:
    rulebook = api.config.rulebook
    opt_in = next(r for r in rulebook.every if not r.enabled)
    prefix = opt_in.code[:3]
    assert opt_in.code not in {r.code for r in rulebook.configured}
    named = parse_check({"text": "", "language": "en", "enabledRules": opt_in.code})
    assert opt_in.code in {r.code for r in rulebook.choose(named)}
    # A prefix turns on the rules it covers that are on by default, never an opt-in one.
    by_prefix = parse_check({"text": "", "language": "en", "enabledRules": prefix})
    assert opt_in.code not in {r.code for r in rulebook.choose(by_prefix)}


def test_categories(api: ApiServer) -> None:
    text = SEED.read_text(encoding="utf-8")
    _, body = post(api, text=text, language="en-US", enabledOnly="true", enabledCategories="numbers")
    assert {m["rule"]["id"] for m in body["matches"]} == {"NUM101"}
    _, body = post(api, text=text, language="en-US", disabledCategories="ATTRIBUTION,BOILERPLATE")
    assert not any(m["rule"]["id"].startswith("ATT") for m in body["matches"])


def test_response_shape(api: ApiServer) -> None:
    _, body = post(api, text="Police said 1.200 people marched.\nThey left.", language="en-GB")
    assert body["software"]["apiVersion"] == 1
    assert body["language"]["code"] == "en-GB" and body["language"]["detectedLanguage"]["code"] == "en-GB"
    assert body["warnings"] == {"incompleteResults": False}
    (match,) = body["matches"]
    assert match["offset"] == 12 and match["length"] == 5
    assert match["context"] == {"text": "Police said 1.200 people marched. They left.", "offset": 12, "length": 5}
    assert match["sentence"] == "Police said 1.200 people marched."
    assert match["replacements"] == [{"value": "1,200"}]
    assert match["type"] == {"typeName": "Other"}
    assert match["rule"]["category"] == {"id": "NUMBERS", "name": "Numbers"}
    assert set(match["rule"]) >= {"id", "description", "issueType", "category"}
    assert body["sentenceRanges"] == [[0, 33], [34, 44]]


def test_long_context_is_cut_with_ellipses(api: ApiServer) -> None:
    text = "x" * 60 + " Police said 1.200 people marched " + "y" * 60
    _, body = post(api, text=text, language="en")
    context = body["matches"][0]["context"]
    assert context["text"].startswith("...") and context["text"].endswith("...")
    assert context["text"][context["offset"] : context["offset"] + 5] == "1.200"


def test_annotated_data_offsets_point_into_the_original(api: ApiServer) -> None:
    annotation = [
        {"markup": "<p>"},
        {"text": "Police said "},
        {"markup": "<b>"},
        {"text": "1.200"},
        {"markup": "</b>"},
        {"text": " people marched."},
        {"markup": "</p>", "interpretAs": "\n\n"},
        {"markup": "<p class='legal'>"},
        {"text": "© 2025 Thomson/Reuters. All rights reserved."},
        {"markup": "</p>"},
    ]
    original = "".join(part.get("text", part.get("markup", "")) for part in annotation)
    _, body = post(api, data=json.dumps({"annotation": annotation}), language="en-US")
    spans = {m["rule"]["id"]: original[m["offset"] : m["offset"] + m["length"]] for m in body["matches"]}
    assert spans["NUM101"] == "1.200"
    assert spans["WIR103"] == "Thomson/Reuters"
    assert spans["WIR101"].startswith("© 2025 Thomson/Reuters")
    assert "<b>" not in body["matches"][0]["sentence"]


def test_lone_surrogates_in_data_are_checked(api: ApiServer) -> None:
    # Valid JSON, but no UTF-8 string: the engine once failed on it with a 500.
    status, body = post(api, data='{"text": "\\ud83d Police said 1.200 people marched."}', language="en-US")
    assert status == 200
    (match,) = body["matches"]
    assert (match["rule"]["id"], match["offset"], match["length"]) == ("NUM101", 14, 5)


def test_ltex_style_request(api: ApiServer) -> None:
    """LTeX sends annotated text, form-encoded, with a Content-Type of application/json."""
    data = json.dumps({"annotation": [{"markup": "# "}, {"text": "Rally"}, {"markup": "\n\n", "interpretAs": "\n\n"},
                                      {"text": "Police said 1.200 people marched."}]})
    body = urlencode({"language": "en-US", "data": data, "motherTongue": "de-DE", "level": "picky"}).encode()
    status, _, answer = request(api, "POST", "/v2/check", body, {"Content-Type": "application/json"})
    assert status == 200
    (match,) = json.loads(answer)["matches"]
    assert (match["rule"]["id"], match["offset"], match["length"]) == ("NUM101", 21, 5)
    assert match["sentence"] == "Police said 1.200 people marched."


def test_get_check_and_languages(api: ApiServer) -> None:
    status, _, data = request(api, "GET", "/v2/check?" + urlencode({"text": "Police said 1.200 people marched.",
                                                                     "language": "auto"}))
    assert status == 200 and json.loads(data)["matches"][0]["rule"]["id"] == "NUM101"
    # A POST's body wins over its query string, which LanguageTool ignores.
    status, _, data = request(api, "POST", "/v2/check?language=xx-XX&text=none",
                              urlencode({"text": "Police said 1.200 people.", "language": "en-GB"}).encode())
    assert status == 200 and json.loads(data)["language"]["code"] == "en-GB"
    assert json.loads(data)["matches"][0]["rule"]["id"] == "NUM101"
    status, _, data = request(api, "GET", "/v2/languages")
    languages = json.loads(data)
    assert {"name": "English (US)", "code": "en", "longCode": "en-US"} in languages
    status, _, data = request(api, "GET", "/v2/healthcheck")
    assert (status, data) == (200, b"OK")
    status, _, data = request(api, "GET", "/v2/configinfo?language=en-US")
    assert any(r["ruleId"] == "NUM101" for r in json.loads(data)["rules"])


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"language": "en-US"}, 400, "Error: Missing 'text' or 'data' parameter"),
        ({"text": "a", "data": "{}", "language": "en-US"}, 400, "Error: Set only 'text' or 'data'"),
        ({"text": "a"}, 400, "Error: Missing 'language' parameter"),
        ({"text": "a", "language": "de-DE"}, 400, "Error: 'de-DE' is not a language code known to newslint"),
        ({"text": "a", "language": "en-US", "enabledOnly": "true"}, 400, "Error: You must specify enabled rules"),
        ({"text": "a", "language": "en-US", "enabledOnly": "true", "enabledRules": "NUM101",
          "disabledRules": "WIR101"}, 400, "Error: You cannot specify disabled rules"),
        ({"text": "a", "language": "en-US", "preferredVariants": "en-GB"}, 400, "Error: You specified 'preferredVariants'"),
        ({"data": "{not json", "language": "en-US"}, 400, "Error: Could not parse JSON from 'data' parameter"),
        ({"data": '{"annotation": [{"text": "a", "markup": "b"}]}', "language": "en-US"}, 400,
         "Error: Only either 'text' or 'markup'"),
        ({"data": '{"annotation": [{"text": "a", "interpretAs": "b"}]}', "language": "en-US"}, 400,
         "Error: 'text' cannot be used with 'interpretAs'"),
        ({"data": '{"annotation": [{"foo": "a"}]}', "language": "en-US"}, 400, "Error: Only 'text' and 'markup'"),
        ({"data": '{"annotation": [{"text": 5}]}', "language": "en-US"}, 400, "Error: 'text' in 'data' must be"),
        ({"data": "[]", "language": "en-US"}, 400, "Error: 'data' must be a JSON object"),
        ({"data": '{"other": 1}', "language": "en-US"}, 400, "Error: 'data' key in JSON requires"),
    ],
)
def test_bad_requests_get_languagetool_errors(api: ApiServer, params: dict[str, str], status: int,
                                              message: str) -> None:
    got_status, body = post(api, **params)
    assert got_status == status
    assert body.startswith(message)


def test_http_errors_and_survival(api: ApiServer) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert request(api, "POST", "/v2/check", b"text=\xff\xfe&language=en-US", form)[0] == 400
    status, _, body = request(api, "POST", "/v2/check", b"text=%FF&language=en-US", form)
    assert status == 400 and body == b"Error: The request body is not valid UTF-8"
    assert request(api, "GET", "/nowhere")[0] == 404
    status, _, body = request(api, "GET", "/v2/nowhere")
    assert status == 404 and body.startswith(b"Error: Unsupported action: 'nowhere'")
    status, headers, _ = request(api, "PUT", "/v2/check", b"")
    assert status == 405 and "POST" in headers["Allow"]
    status, _, _ = request(api, "DELETE", "/v2/check")
    assert status == 405
    multipart = {"Content-Type": "multipart/form-data; boundary=x"}
    assert request(api, "POST", "/v2/check", b"--x--", multipart)[0] == 415
    assert request(api, "POST", "/v2/check", b"a=" + b"b&" * 2000, form)[0] == 400  # too many fields
    status, headers, _ = request(api, "OPTIONS", "/v2/check", headers={"Access-Control-Request-Headers": "x-a"})
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"
    assert request(api, "HEAD", "/v2/languages")[0] == 200
    # The server still answers normally.
    assert post(api, text="Police said 1.200 people marched.", language="en-US")[0] == 200


def test_a_client_gone_before_its_answer_is_no_error(api: ApiServer, capsys: pytest.CaptureFixture[str]) -> None:
    # What escapes a handler reaches the server's handle_error, which printed a traceback
    # to standard error for every client that hung up before its answer.
    for gone in (ConnectionResetError(104, "Connection reset by peer"), BrokenPipeError(32, "Broken pipe")):
        try:
            raise gone
        except ConnectionError:
            api.handle_error(None, ("127.0.0.1", 1))
    assert capsys.readouterr().err == ""
    with socket.create_connection(("127.0.0.1", api.server_port), timeout=30) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
        body = urlencode({"text": "Police said 1.200 people marched. " * 500, "language": "en"}).encode()
        sock.sendall(b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    assert post(api, text="Police said 1.200 people marched.", language="en-US")[0] == 200


def raw(api: ApiServer, data: bytes, half_close: bool = True) -> bytes:
    with socket.create_connection(("127.0.0.1", api.server_port), timeout=30) as sock:
        sock.sendall(data)
        if half_close:
            try:
                sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass  # the server has answered and closed already
        return read_all(sock)


def read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    chunks = []
    try:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    except ConnectionResetError:
        pass  # the client kept sending after the answer; what came before it stands
    return b"".join(chunks)


def test_request_size_limit_and_malformed_requests(api: ApiServer) -> None:
    # A huge declared body is refused before it is read.
    answer = raw(api, b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\ntext=a")
    assert answer.startswith(b"HTTP/1.1 413") and b"Error: Your request of 999999999 bytes" in answer
    assert post(api, text="a" * 300_000, language="en-US")[0] == 413
    answer = raw(api, b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Length: -4\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400")
    answer = raw(api, b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\ntext=short")
    assert answer.startswith(b"HTTP/1.1 400") and b"ended before its Content-Length" in answer
    answer = raw(api, b"this is not http\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400") or answer.startswith(b"HTTP/1.0 400")
    assert b"Traceback" not in answer
    assert b"Traceback" not in raw(api, b"\x00\xff\xfe garbage\r\n\r\n")
    assert post(api, text="Police said 1.200 people marched.", language="en-US")[0] == 200


def test_concurrent_clients_get_the_same_answers(api: ApiServer) -> None:
    text = SEED.read_text(encoding="utf-8")
    _, expected = post(api, text=text, language="en-US")

    def one(_: int) -> tuple[int, Any]:
        return post(api, text=text, language="en-US")

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, range(32)))
    assert all(status == 200 and body == expected for status, body in results)


def test_serve_command(tmp_path: Path) -> None:
    """`newslint serve` on a free port, checked by the real client, then stopped."""
    process = subprocess.Popen(
        [sys.executable, "-m", "newslint", "serve", "--port", "0", "--isolated"],
        cwd=tmp_path, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        assert line.startswith("newslint: LanguageTool API on http://127.0.0.1:")
        url = line.split(" on ")[1].split(" ")[0].removesuffix("v2/")
        with language_tool_python.LanguageTool("en-US", remote_server=url) as lt:
            assert [m.rule_id for m in lt.check("Police said 1.200 people marched.")] == ["NUM101"]
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_refuses_a_broken_configuration(tmp_path: Path) -> None:
    (tmp_path / ".newslint.yaml").write_text("ignore: [NOPE999]\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "newslint", "serve", "--port", "0"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith("newslint: error: ") and "NOPE999" in done.stderr


def test_odd_content_lengths_and_bodies_on_get(api: ApiServer) -> None:
    for length in ("²", "1" * 5000, "12abc"):
        answer = raw(api, b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Length: " + length.encode("latin-1")
                     + b"\r\n\r\ntext=a&language=en")
        assert answer.split(b"\r\n")[0] in (b"HTTP/1.1 400 Bad Request", b"HTTP/1.1 413 Request Entity Too Large")
    # A GET with a body is answered, and the connection closed rather than misread.
    answer = raw(api, b"GET /v2/languages HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", half_close=False)
    assert answer.startswith(b"HTTP/1.1 200") and b"Connection: close" in answer


def test_chunked_bodies(api: ApiServer) -> None:
    """Chunked bodies are read as LanguageTool reads them, within the same size limit."""
    connection = http.client.HTTPConnection("127.0.0.1", api.server_port, timeout=30)
    try:
        parts = iter([b"text=Police+said+1.200", b"+people+marched.&language=en-US"])
        connection.request("POST", "/v2/check", body=parts, encode_chunked=True,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        assert response.status == 200
        assert [m["rule"]["id"] for m in json.loads(response.read())["matches"]] == ["NUM101"]
    finally:
        connection.close()
    chunked = b"POST /v2/check HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
    # Chunk extensions and trailer fields are allowed and ignored.
    answer = raw(api, chunked + b"e;x=y\r\ntext=1.200+men\r\nc\r\n&language=en\r\n0\r\nX-Trailer: 1\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200") and b'"NUM101"' in answer
    answer = raw(api, chunked + b"40000\r\n" + b"a" * 0x40000 + b"\r\n0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 413")
    for bad in (b"zz\r\n", b"-5\r\nhello\r\n0\r\n\r\n", b"5\r\nhello world\r\n0\r\n\r\n", b"5\r\nhel",
                b"f" * 5000 + b"\r\n", b"1" * 40 + b"\r\n"):
        answer = raw(api, chunked + bad)
        assert answer.startswith(b"HTTP/1.1 400") and b"Connection: close" in answer, bad[:20]


def test_framing_that_cannot_be_read_safely_is_refused(api: ApiServer) -> None:
    # Two lengths, or a length and chunks: the server and a proxy could each take a different body.
    answer = raw(api, b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 30\r\n\r\n"
                      b"text=a&language=en-US123456789")
    assert answer.count(b"HTTP/1.1 ") == 1 and answer.startswith(b"HTTP/1.1 400")
    assert b"conflicting Content-Length" in answer
    answer = raw(api, b"POST /v2/check HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
                      b"0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400")
    answer = raw(api, b"POST /v2/check HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 501")
    answer = raw(api, b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\n"
                      b"\x1f\x8b\x08\x00")
    assert answer.startswith(b"HTTP/1.1 415") and b"uncompressed" in answer
    # A client that asks first is told "too large" before it sends the body, not "100 Continue".
    answer = raw(api, b"POST /v2/check HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 999999\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 413")
    answer = raw(api, b"POST /v2/check HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 21\r\n\r\n"
                      b"text=a&language=en-US")
    assert answer.startswith(b"HTTP/1.1 100 Continue") and b"HTTP/1.1 200" in answer


def test_stalled_and_dribbled_bodies_get_408(impatient: ApiServer) -> None:
    """A client that stops sending, or sends a byte at a time, holds only its own connection."""
    head = b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\ntext="
    with socket.create_connection(("127.0.0.1", impatient.server_port), timeout=30) as stalled:
        stalled.sendall(head)
        answer = read_all(stalled)
        assert answer.startswith(b"HTTP/1.1 408") and b"did not arrive in time" in answer
        assert b"Connection: close" in answer

    stop = threading.Event()
    with socket.create_connection(("127.0.0.1", impatient.server_port), timeout=30) as slow:
        slow.sendall(head)

        def dribble() -> None:  # a byte every 0.2 s: each well inside the 1 s wait for data
            while not stop.wait(0.2):
                try:
                    slow.sendall(b"a")
                except OSError:
                    return

        dribbler = threading.Thread(target=dribble, daemon=True)
        dribbler.start()
        try:
            # Others are served meanwhile.
            assert post(impatient, text="Police said 1.200 people marched.", language="en-US")[0] == 200
            assert read_all(slow).startswith(b"HTTP/1.1 408")
        finally:
            stop.set()
            dribbler.join()
