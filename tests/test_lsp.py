"""The language server end to end: a real LSP client (pytest-lsp) drives ``newslint server``.

Each test starts the server in a subprocess, opens documents, and reads what
comes back over the protocol. Edits are applied with pygls' own document model,
an implementation of UTF-16 positions independent of newslint's.
"""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.workspace import TextDocument
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from newslint.api import check_text
from newslint.fixes import apply_fixes
from newslint.records import Applicability
from newslint.rule import Rule
from newslint.server.convert import FIX_ALL_KIND
from newslint.workspace import Workspace
from tests.conftest import ROOT, shared_path

SEED = ROOT / "seeds" / "blinken-middle-east-trip.txt"


def make_client() -> LanguageClient:
    """pytest-lsp's client, also answering the server's request to watch files, as editors do,
    and keeping every publishDiagnostics in order (``published``), not only the last."""

    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)  # type: ignore[attr-defined]

    # make_test_lsp_client() with two handlers of our own (pygls refuses a second handler).
    client = LanguageClient(converter_factory=default_converter)
    features = {**DEFAULT_CLIENT_FEATURES, types.CLIENT_REGISTER_CAPABILITY: register,
                types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish}
    register_lsp_features(client, features)
    client.registrations = []  # type: ignore[attr-defined]
    client.published = []  # type: ignore[attr-defined]
    return client


SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "newslint", "server"], client_factory=make_client)


@pytest_lsp.fixture(config=SERVER)
async def bare(lsp_client: LanguageClient) -> AsyncIterator[None]:
    """A started server that the test initializes itself."""
    yield


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, tmp_path: Path) -> AsyncIterator[None]:
    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=tmp_path.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="stories")],
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


async def open_document(
    client: LanguageClient, path: Path, text: str | None = None, language: str = "plaintext"
) -> list[types.Diagnostic]:
    """Open a document and wait for its diagnostics."""
    uri = path.as_uri()
    content = path.read_text(encoding="utf-8") if text is None else text
    item = types.TextDocumentItem(uri=uri, language_id=language, version=1, text=content)
    client.text_document_did_open(types.DidOpenTextDocumentParams(item))
    return await diagnostics_for(client, uri)


async def diagnostics_for(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    client.diagnostics.pop(uri, None)
    while uri not in client.diagnostics:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


def by_code(diagnostics: list[types.Diagnostic], code: str) -> types.Diagnostic:
    return next(d for d in diagnostics if d.code == code)


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply edits as an editor would (last first), with pygls' UTF-16 document model."""
    document = TextDocument("file:///scratch.txt", text)
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        document.apply_change(types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text))
    return document.source


def action_edits(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.changes is not None
    return list(action.edit.changes[uri])


async def actions_at(
    client: LanguageClient, uri: str, where: types.Range, only: list[str] | None = None
) -> list[types.CodeAction]:
    context = types.CodeActionContext(diagnostics=[], only=only)
    params = types.CodeActionParams(types.TextDocumentIdentifier(uri), where, context)
    result = await client.text_document_code_action_async(params)
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


@pytest.mark.asyncio
async def test_seed_story_findings_quick_fix_and_change(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "blinken.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    uri = path.as_uri()
    found = await open_document(client, path)
    codes = [d.code for d in found]
    assert "NUM101" in codes and "WIR101" in codes
    num = by_code(found, "NUM101")
    # The report says 3:97 (1-based); LSP is 0-based.
    assert (num.range.start.line, num.range.start.character) == (2, 96)
    assert (num.range.end.line, num.range.end.character) == (2, 101)
    assert num.source == "newslint" and num.severity == types.DiagnosticSeverity.Error

    actions = await actions_at(client, uri, num.range)
    fix = next(a for a in actions if a.kind == types.CodeActionKind.QuickFix and "NUM101" in a.title)
    assert fix.title == "Replace '1.200' with '1,200' (NUM101)"
    assert fix.is_preferred
    edits = action_edits(fix, uri)
    text = apply(path.read_text(encoding="utf-8"), edits)
    assert "at least 1,200 Israeli citizens" in text

    # The editor applies the edit and sends the new text (the server asks for full sync).
    change = types.TextDocumentContentChangeWholeDocument(text=text)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(uri=uri, version=2), [change])
    )
    after = await diagnostics_for(client, uri)
    assert "NUM101" not in [d.code for d in after]
    assert "WIR101" in [d.code for d in after]


@pytest.mark.asyncio
async def test_fix_all_safe_problems_matches_check_fix(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "blinken.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    uri = path.as_uri()
    await open_document(client, path)
    whole = types.Range(types.Position(0, 0), types.Position(0, 0))
    actions = await actions_at(client, uri, whole, only=[types.CodeActionKind.SourceFixAll])
    assert [a.title for a in actions] == ["newslint: fix all safe problems"]
    action = actions[0]
    if action.edit is None:  # VS Code resolves the edit lazily
        action = await client.code_action_resolve_async(action)
    fixed = apply(path.read_text(encoding="utf-8"), action_edits(action, uri))
    assert fixed == (ROOT / "seeds" / "blinken-middle-east-trip.fixed").read_text(encoding="utf-8")


@pytest.mark.asyncio
async def test_hover_shows_the_rule_page(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "blinken.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    found = await open_document(client, path)
    wir = by_code(found, "WIR101")
    params = types.HoverParams(types.TextDocumentIdentifier(path.as_uri()), wir.range.start)
    hover = await client.text_document_hover_async(params)
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "WIR101" in hover.contents.value
    assert "Examples that break the rule" in hover.contents.value  # what `newslint rule WIR101` prints
    nothing = types.HoverParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(0, 0))
    assert await client.text_document_hover_async(nothing) is None


@pytest.mark.asyncio
async def test_positions_count_utf16_code_units(client: LanguageClient, tmp_path: Path) -> None:
    # An emoji is two UTF-16 units, a CJK character one; the finding must start after both.
    text = "Headline 🙂 中文\n\nPolice said 😀😀 1.200 people marched.\n"
    path = tmp_path / "emoji.txt"
    found = await open_document(client, path, text)
    num = by_code(found, "NUM101")
    line = "Police said 😀😀 1.200 people marched."
    assert num.range.start == types.Position(2, len(line[: line.index("1.200")].encode("utf-16-le")) // 2)
    actions = await actions_at(client, path.as_uri(), num.range)
    fix = next(a for a in actions if "NUM101" in a.title)
    assert "😀😀 1,200 people" in apply(text, action_edits(fix, path.as_uri()))


@pytest.mark.asyncio
async def test_crlf_document_positions_and_fix(client: LanguageClient, tmp_path: Path, all_rules: list[Rule]) -> None:
    text = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / "crlf.txt"
    found = await open_document(client, path, text)
    num = by_code(found, "NUM101")
    assert (num.range.start.line, num.range.start.character) == (2, 96)
    wir = by_code(found, "WIR101")
    actions = await actions_at(client, path.as_uri(), wir.range)
    fix = next(a for a in actions if "WIR101" in a.title)
    fixed = apply(text, action_edits(fix, path.as_uri()))
    # The same fix on the LF text, with CRLF line breaks: not one stray \r or \n.
    lf = SEED.read_text(encoding="utf-8")
    wir101 = next(d for d in check_text(lf, all_rules).diagnostics if d.code == "WIR101")
    assert wir101.fix is not None
    assert fixed == apply_fixes(lf, [wir101.fix])[0].replace("\n", "\r\n")


@pytest.mark.asyncio
async def test_markdown_code_is_not_checked(client: LanguageClient, tmp_path: Path) -> None:
    text = "# Rally\n\nPolice said 1.200 people marched.\n\n```\n1.200 people\n```\n"
    found = await open_document(client, tmp_path / "story.md", text, language="markdown")
    assert [d.range.start.line for d in found if d.code == "NUM101"] == [2]


@pytest.mark.asyncio
async def test_configuration_is_read_and_reloaded(client: LanguageClient, tmp_path: Path) -> None:
    config = tmp_path / ".newslint.yaml"
    config.write_text("ignore: [NUM101]\n", encoding="utf-8")
    path = tmp_path / "blinken.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    codes = [d.code for d in await open_document(client, path)]
    assert "NUM101" not in codes and "WIR101" in codes

    config.write_text("ignore: [WIR101]\n", encoding="utf-8")
    event = types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)
    client.diagnostics.pop(path.as_uri(), None)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([event]))
    codes = [d.code for d in await diagnostics_for(client, path.as_uri())]
    assert "NUM101" in codes and "WIR101" not in codes


@pytest.mark.asyncio
async def test_broken_house_rules_are_one_diagnostic(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "bad.yaml").write_text("category: house\nrules:\n  - code: HSE101\n    patern: x\n")
    (tmp_path / ".newslint.yaml").write_text("extend-rules: [house]\n", encoding="utf-8")
    path = tmp_path / "blinken.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    found = await open_document(client, path)
    assert len(found) == 1
    assert found[0].message.startswith("newslint: ") and "bad.yaml" in found[0].message
    assert any("bad.yaml" in m.message for m in client.messages)
    # The server is still alive and answers requests.
    params = types.HoverParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(0, 0))
    assert await client.text_document_hover_async(params) is None


@pytest.mark.asyncio
async def test_settings_from_initialization_options(bare: LanguageClient, tmp_path: Path) -> None:
    lsp_client = bare
    # A client of its own: the settings travel with initialize.
    params = types.InitializeParams(
        capabilities=client_capabilities("neovim"),
        root_uri=tmp_path.as_uri(),
        initialization_options={"newslint": {"ignore": ["WIR"], "debounce": 5, "bogus": 1}},
    )
    await lsp_client.initialize_session(params)
    path = tmp_path / "blinken.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    codes = [d.code for d in await open_document(lsp_client, path)]
    assert "NUM101" in codes and not any(c.startswith("WIR") for c in codes)
    # Neovim offers UTF-8 positions first, and the server takes them: "é" is two bytes.
    found = await open_document(lsp_client, tmp_path / "accent.txt", "Café owners said 1.200 people came.\n")
    assert by_code(found, "NUM101").range.start == types.Position(0, len("Café owners said ".encode()))
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_shared_seed(client: LanguageClient, tmp_path: Path) -> None:
    seed = shared_path("seeds/000_dd5bf07d3bc52eb6.txt")
    codes = [d.code for d in await open_document(client, seed)]
    assert "NUM101" in codes and "WIR101" in codes


@pytest.mark.asyncio
async def test_settings_changed_at_run_time(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "blinken.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert "NUM101" in [d.code for d in await open_document(client, path)]
    client.diagnostics.pop(path.as_uri(), None)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"newslint": {"ignore": ["NUM101"], "unsafeFixes": True}})
    )
    codes = [d.code for d in await diagnostics_for(client, path.as_uri())]
    assert "NUM101" not in codes and "WIR101" in codes
    whole = types.Range(types.Position(0, 0), types.Position(0, 0))
    actions = await actions_at(client, path.as_uri(), whole, only=[FIX_ALL_KIND])
    assert [a.title for a in actions] == ["newslint: fix all problems (safe and unsafe)"]


@pytest.mark.asyncio
async def test_saving_a_configuration_file_reloads(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "blinken.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert "NUM101" in [d.code for d in await open_document(client, path)]
    config = tmp_path / ".newslint.yaml"
    config.write_text("ignore: [NUM101]\n", encoding="utf-8")
    client.diagnostics.pop(path.as_uri(), None)
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(config.as_uri())))
    assert "NUM101" not in [d.code for d in await diagnostics_for(client, path.as_uri())]


@pytest.mark.asyncio
async def test_untitled_documents_and_closing(client: LanguageClient) -> None:
    uri = "untitled:Untitled-1"
    item = types.TextDocumentItem(uri=uri, language_id="plaintext", version=1,
                                  text="Police said 1.200 people marched.\n")
    client.text_document_did_open(types.DidOpenTextDocumentParams(item))
    assert [d.code for d in await diagnostics_for(client, uri)] == ["NUM101"]
    client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    assert await diagnostics_for(client, uri) == []
    # Requests about a document the server does not have are answered, not failed.
    where = types.Range(types.Position(0, 0), types.Position(0, 1))
    assert await actions_at(client, "file:///nowhere.txt", where) == []


def frame(payload: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(payload) + payload


def message(**body: object) -> bytes:
    return frame(json.dumps({"jsonrpc": "2.0", **body}).encode())


def read(stream: Any) -> dict[str, Any]:
    length = 0
    while line := stream.readline().strip():
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(stream.read(length))  # type: ignore[no-any-return]


INITIALIZE = message(id=1, method="initialize", params={"processId": None, "rootUri": None, "capabilities": {}})


def test_server_survives_malformed_messages(tmp_path: Path) -> None:
    """Garbage on the wire, an unknown method and bad parameters cost the server nothing."""
    process = subprocess.Popen([sys.executable, "-m", "newslint", "server"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write(b"".join([
            frame(b"{this is not json"),
            message(id=1, method="initialize", params={"processId": None, "rootUri": tmp_path.as_uri(),
                                                       "capabilities": {}}),
            message(method="initialized", params={}),
            message(id=2, method="newslint/unknown", params={}),
            message(id=3, method="textDocument/hover", params={"textDocument": 5}),
            message(method="textDocument/didOpen", params={"textDocument": {
                "uri": (tmp_path / "a.txt").as_uri(), "languageId": "plaintext", "version": 1,
                "text": "Police said 1.200 people marched.\n"}}),
        ]))
        process.stdin.flush()
        replies = []
        while not replies or replies[-1].get("method") != "textDocument/publishDiagnostics":
            replies.append(read(process.stdout))
        by_id = {reply.get("id"): reply for reply in replies if "id" in reply}
        assert "capabilities" in by_id[1]["result"]
        assert by_id[2]["error"]["code"] == -32601  # method not found
        # Parameters that do not fit are reported as a message (pygls cannot tell their id).
        shown = [r["params"]["message"] for r in replies if r.get("method") == "window/showMessage"]
        assert any("Invalid Params" in m for m in shown)
        assert [d["code"] for d in replies[-1]["params"]["diagnostics"]] == ["NUM101"]
        process.stdin.write(message(id=4, method="shutdown") + message(method="exit"))
        process.stdin.flush()
        assert read(process.stdout) == {"id": 4, "jsonrpc": "2.0", "result": None}
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()
        process.wait()


@pytest.mark.parametrize(
    ("ending", "code"),
    [
        (message(id=2, method="shutdown") + message(method="exit"), 0),
        (message(method="exit"), 1),  # exit without shutdown: the protocol asks for 1
        (b"", 0),  # the client went away
        # A length no client could mean: the server waits for the bytes, and ends with the stream.
        (b"Content-Length: 4611686018427387904\r\n\r\n", 0),
        # A header line of garbage longer than any header is skipped like a short one.
        (b"X" * 200_000 + b"\r\n" + message(method="exit"), 1),
    ],
)
def test_exit_codes_and_impossible_lengths(ending: bytes, code: int) -> None:
    done = subprocess.run([sys.executable, "-m", "newslint", "server"], input=INITIALIZE + ending,
                          capture_output=True, timeout=120)
    assert read(io.BytesIO(done.stdout))["id"] == 1
    assert (done.returncode, done.stderr) == (code, b"")


def test_tcp_server_keeps_its_client_whatever_else_connects() -> None:
    """A port scan or a stray HTTP request once took the editor's session, then ended the server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "newslint", "server", "--tcp", "--port", str(port)],
                               stderr=subprocess.DEVNULL)

    def connect() -> socket.socket:
        for _ in range(600):
            try:
                return socket.create_connection(("127.0.0.1", port), timeout=60)
            except ConnectionRefusedError:
                process.wait(timeout=0.1) if process.poll() is not None else time.sleep(0.1)
        raise AssertionError("the server did not listen")

    def stray(data: bytes) -> None:
        with connect() as other:
            other.sendall(data)
            try:
                assert other.recv(100) == b""  # closed at once: the server has a client
            except ConnectionResetError:
                pass  # closed at once, with the stray's bytes unread

    try:
        connect().close()  # a connection that comes and goes before the editor's
        with connect() as editor, editor.makefile("rb") as replies:
            editor.sendall(INITIALIZE + message(method="initialized", params={}))
            assert read(replies)["id"] == 1
            for data in (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", b"\x00\xff garbage\r\n\r\n", INITIALIZE):
                stray(data)
            editor.sendall(message(id=2, method="shutdown") + message(method="exit"))
            assert read(replies) == {"id": 2, "jsonrpc": "2.0", "result": None}
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()
        process.wait()


@pytest.mark.asyncio
async def test_minimal_client_gets_fix_all_edit_at_once(bare: LanguageClient, tmp_path: Path) -> None:
    # A client that cannot resolve code actions, watch files or be asked for settings.
    await bare.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities()))
    path = tmp_path / "blinken.txt"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    await open_document(bare, path)
    whole = types.Range(types.Position(0, 0), types.Position(0, 0))
    (action,) = await actions_at(bare, path.as_uri(), whole, only=[types.CodeActionKind.SourceFixAll])
    fixed = apply(path.read_text(encoding="utf-8"), action_edits(action, path.as_uri()))
    assert fixed == (ROOT / "seeds" / "blinken-middle-east-trip.fixed").read_text(encoding="utf-8")
    hover = await bare.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(path.as_uri()), types.Position(2, 97))
    )
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.kind == types.MarkupKind.PlainText
    assert hover.contents.value.startswith("NUM101 Thousands separator")
    await bare.shutdown_session()


def change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    whole = types.TextDocumentContentChangeWholeDocument(text=text)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(types.VersionedTextDocumentIdentifier(uri=uri, version=version), [whole])
    )


@pytest.mark.asyncio
async def test_changes_faster_than_checks_never_publish_stale_results(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "typing.txt"
    uri = path.as_uri()
    with_finding, without = "Police said 1.200 people marched.\n", "Police said 1,200 people marched.\n"
    await open_document(client, path, with_finding)
    last = 41
    for version in range(2, last + 1):  # odd versions have a finding, even ones none
        change(client, uri, version, with_finding if version % 2 else without)
    history: list[types.PublishDiagnosticsParams] = client.published  # type: ignore[attr-defined]
    while not any(p.uri == uri and p.version == last for p in history):
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    published = [(p.version, [d.code for d in p.diagnostics]) for p in history if p.uri == uri]
    versions = [version for version, _ in published]
    assert versions == sorted(set(versions)) and versions[-1] == last
    # Each publication describes the text of its own version, never an older one.
    assert all(codes == (["NUM101"] if version and version % 2 else []) for version, codes in published)


@pytest.mark.asyncio
async def test_a_range_over_several_findings_gets_each_quick_fix(client: LanguageClient, tmp_path: Path) -> None:
    text = "Police said 1.200 people marched.\n\n© 2025 Thomson/Reuters. All rights reserved.\n"
    path = tmp_path / "story.txt"
    await open_document(client, path, text)
    everything = types.Range(types.Position(0, 0), types.Position(3, 0))
    actions = await actions_at(client, path.as_uri(), everything, only=[types.CodeActionKind.QuickFix])
    assert sorted(a.title.split(" (")[-1] for a in actions) == ["NUM101)", "WIR101)", "WIR103)"]
    # WIR101 deletes the line whose "Thomson/Reuters" WIR103 rewrites: fix-all takes one, as check --fix does.
    (fix_all,) = await actions_at(client, path.as_uri(), everything, only=[FIX_ALL_KIND])
    if fix_all.edit is None:
        fix_all = await client.code_action_resolve_async(fix_all)
    rules = Workspace(isolated=True).rules_for(path)
    expected = check_text(text, rules, fix=Applicability.SAFE).text
    assert apply(text, action_edits(fix_all, path.as_uri())) == expected


@pytest.mark.asyncio
async def test_workspace_folders_keep_their_own_configuration(bare: LanguageClient, tmp_path: Path) -> None:
    quiet, plain = tmp_path / "quiet", tmp_path / "plain"
    quiet.mkdir()
    plain.mkdir()
    (quiet / ".newslint.yaml").write_text("ignore: [NUM101]\n", encoding="utf-8")
    folders = [types.WorkspaceFolder(quiet.as_uri(), "quiet"), types.WorkspaceFolder(plain.as_uri(), "plain")]
    await bare.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), workspace_folders=folders)
    )
    text = "Police said 1.200 people marched.\n"
    assert await open_document(bare, quiet / "a.txt", text) == []
    assert [d.code for d in await open_document(bare, plain / "b.txt", text)] == ["NUM101"]

    # A configuration edited to be broken is one diagnostic; fixed, it is gone again.
    config = plain / ".newslint.yaml"
    for content, expected in (("ignore: [NUM101\n", [None]), ("ignore: [WIR]\n", ["NUM101"])):
        config.write_text(content, encoding="utf-8")
        bare.diagnostics.clear()
        event = types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)
        bare.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams([event]))
        while len(bare.diagnostics) < 2:  # every open document is checked again
            await bare.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        found = bare.diagnostics[(plain / "b.txt").as_uri()]
        assert [d.code for d in found] == expected
        if expected == [None]:
            assert ".newslint.yaml" in found[0].message and found[0].range.start == types.Position(0, 0)
        assert list(bare.diagnostics[(quiet / "a.txt").as_uri()]) == []
    await bare.shutdown_session()
