"""The language server: findings as you type, quick fixes, fix all, and rule pages on hover.

Checks run on one worker thread, so a slow rule never blocks the protocol and
the Session is never shared between threads. Changes are coalesced: while a
document is being checked, further changes only mark it for one more check,
and results for text that has since changed are never published.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple, cast

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from newslint import __version__
from newslint.discovery import is_markdown
from newslint.records import Applicability, Diagnostic
from newslint.server import convert
from newslint.server.checking import check, fix_all
from newslint.server.positions import Encoding, LineIndex, Position
from newslint.server.session import LoadFailure, Session
from newslint.server.settings import Settings, parse

logger = logging.getLogger(__name__)

WATCHED = ("**/pyproject.toml", "**/.newslint.yaml", "**/.newslint.toml", "**/*.yaml", "**/*.yml")


class Report(NamedTuple):
    """A document's text as last checked, with its findings in both forms."""

    uri: str
    version: int | None
    text: str
    lines: LineIndex
    diagnostics: list[Diagnostic]
    #: What is published: one per diagnostic, in order, then any failures.
    shown: list[types.Diagnostic]
    failure: str | None = None


class NewslintServer(LanguageServer):
    def __init__(self) -> None:
        # Full sync: a story is a few thousand characters, and taking the whole text is
        # cheaper than pygls' per-character position arithmetic for incremental edits.
        super().__init__("newslint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.session = Session()
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newslint-check")
        self.root = Path.cwd()
        self.reports: dict[str, Report] = {}
        self.jobs: dict[str, asyncio.Task[None]] = {}
        self.dirty: set[str] = set()
        self.announced: set[str] = set()

    @property
    def settings(self) -> Settings:
        return self.session.settings

    def encoding(self) -> Encoding:
        chosen = str(self.workspace.position_encoding or "utf-16")
        return cast(Encoding, chosen if chosen in ("utf-8", "utf-32") else "utf-16")

    def path_of(self, uri: str) -> Path:
        path = to_fs_path(uri) if uri.startswith("file:") else None
        return Path(path) if path else self.root / "untitled"

    # Scheduling, on the event loop.

    def schedule(self, uri: str) -> None:
        self.dirty.add(uri)
        job = self.jobs.get(uri)
        if job is None or job.done():
            self.jobs[uri] = asyncio.get_running_loop().create_task(self._check_until_current(uri))

    async def _check_until_current(self, uri: str) -> None:
        try:
            await self._check_loop(uri)
        except Exception:  # never let a failed check take the server down
            logger.exception("checking %s failed", uri)

    async def _check_loop(self, uri: str) -> None:
        loop = asyncio.get_running_loop()
        while uri in self.dirty:
            # Even a zero wait lets changes already received be applied first.
            await asyncio.sleep(self.settings.debounce / 1000)
            self.dirty.discard(uri)
            document = self.workspace.text_documents.get(uri)
            if document is None:
                return
            args = (uri, document.source, document.version, document.language_id, self.encoding())
            report = await loop.run_in_executor(self.worker, self.report, *args)
            if uri in self.dirty or uri not in self.workspace.text_documents:
                continue  # the text changed meanwhile: these findings are stale
            self.reports[uri] = report
            self.publish(report)

    def publish(self, report: Report) -> None:
        if report.failure and report.failure not in self.announced:
            self.announced.add(report.failure)
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"newslint: {report.failure}"))
        params = types.PublishDiagnosticsParams(report.uri, report.shown, report.version)
        self.text_document_publish_diagnostics(params)

    def reload(self, settings: Settings | None = None) -> None:
        """Load settings, configuration and rules afresh, then check every open document again."""
        self.worker.submit(self.session.reload, settings)
        self.announced.clear()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri)

    async def affects_rules(self, paths: list[Path]) -> bool:
        """Whether a change to any of ``paths`` may change some document's rules (asked on the worker)."""
        session = self.session
        return await asyncio.get_running_loop().run_in_executor(
            self.worker, lambda: any(session.affected_by(path) for path in paths)
        )

    async def current(self, uri: str) -> Report | None:
        """The report for the document's current text, checking it now if need be."""
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return None
        report = self.reports.get(uri)
        if report is None or report.text != document.source:
            args = (uri, document.source, document.version, document.language_id, self.encoding())
            report = await asyncio.get_running_loop().run_in_executor(self.worker, self.report, *args)
        return report

    # Checking, on the worker thread.

    def report(self, uri: str, text: str, version: int | None, language: str, encoding: Encoding) -> Report:
        """Check one text; every failure becomes a diagnostic, never an exception."""
        index = LineIndex(text, encoding)
        path = self.path_of(uri)
        try:
            if self.session.excluded(path):
                return Report(uri, version, text, index, [], [])
            rules = self.session.rules_for(path)
            checked = check(text, rules, markdown=language == "markdown" or is_markdown(path.name))
        except LoadFailure as exc:
            return Report(uri, version, text, index, [], [convert.failure(str(exc), index)], str(exc))
        except Exception as exc:  # a bug must cost one check, not the editor's server
            logger.exception("checking %s failed", uri)
            message = f"internal error while checking: {exc!r}"
            return Report(uri, version, text, index, [], [convert.failure(message, index)], message)
        shown = [convert.diagnostic(d, index) for d in checked.diagnostics]
        shown += [convert.failure(message, index) for message in checked.timeouts]
        return Report(uri, version, text, index, checked.diagnostics, shown)

    def fixed_text(self, uri: str, text: str, language: str) -> str:
        path = self.path_of(uri)
        rules = self.session.rules_for(path)
        threshold = Applicability.UNSAFE if self.settings.unsafe_fixes else Applicability.SAFE
        markdown = language == "markdown" or is_markdown(path.name)
        return fix_all(text, rules, markdown=markdown, threshold=threshold)


def wanted(only: list[str] | None, kind: str) -> bool:
    """Whether a client's ``only`` filter admits an action kind (kinds are dotted hierarchies)."""
    return only is None or any(kind == want or kind.startswith(f"{want}.") for want in only)


def capability(root: object, *names: str) -> Any:
    for name in names:
        root = getattr(root, name, None)
        if root is None:
            return None
    return root


def create() -> NewslintServer:
    """A language server with every feature registered."""
    server = NewslintServer()
    options = types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, convert.FIX_ALL_KIND], resolve_provider=True
    )

    @server.feature(types.INITIALIZE)
    def initialize(ls: NewslintServer, params: types.InitializeParams) -> None:
        folders = params.workspace_folders or []
        root = folders[0].uri if folders else params.root_uri
        root_path = to_fs_path(root) if root else params.root_path
        if root_path:
            ls.root = Path(root_path)
        settings, problems = parse(params.initialization_options, ls.root)
        ls.session.reload(settings)
        for problem in problems:
            ls.window_log_message(types.LogMessageParams(types.MessageType.Warning, f"newslint: {problem}"))

    @server.feature(types.INITIALIZED)
    async def initialized(ls: NewslintServer, params: types.InitializedParams) -> None:
        caps = ls.client_capabilities
        if capability(caps, "workspace", "did_change_watched_files", "dynamic_registration"):
            watchers = [types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
            registration = types.Registration(
                id="newslint-watched-files",
                method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
            )
            try:
                await ls.client_register_capability_async(types.RegistrationParams([registration]))
            except Exception as exc:  # the client said no: saves still reload
                logger.warning("could not watch configuration files: %s", exc)
        await pull_settings(ls)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: NewslintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: NewslintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: NewslintServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri.startswith("file:") and await ls.affects_rules([ls.path_of(uri)]):
            ls.reload()
        else:
            ls.schedule(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: NewslintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.dirty.discard(uri)
        ls.reports.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def watched_files(ls: NewslintServer, params: types.DidChangeWatchedFilesParams) -> None:
        paths = [ls.path_of(change.uri) for change in params.changes if change.uri.startswith("file:")]
        if await ls.affects_rules(paths):
            ls.reload()

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def configuration(ls: NewslintServer, params: types.DidChangeConfigurationParams) -> None:
        if isinstance(params.settings, dict) and params.settings:
            apply_settings(ls, params.settings)
        else:
            await pull_settings(ls, always=True)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, options)
    async def code_action(ls: NewslintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        uri = params.text_document.uri
        report = await ls.current(uri)
        if report is None:
            return []
        index = report.lines
        start = index.offset(Position(params.range.start.line, params.range.start.character))
        end = index.offset(Position(params.range.end.line, params.range.end.character))
        only = [str(kind) for kind in params.context.only] if params.context.only else None
        actions = []
        if wanted(only, types.CodeActionKind.QuickFix):
            for found, shown in zip(report.diagnostics, report.shown):
                if found.fix is not None and found.start <= end and found.end >= start:
                    actions.append(convert.quick_fix(uri, found, report.text, index, shown))
        threshold = Applicability.UNSAFE if ls.settings.unsafe_fixes else Applicability.SAFE
        fixable = any(d.fix is not None and d.fix.applicability >= threshold for d in report.diagnostics)
        if fixable and wanted(only, convert.FIX_ALL_KIND):
            title = convert.FIX_ALL_UNSAFE_TITLE if ls.settings.unsafe_fixes else convert.FIX_ALL_TITLE
            action = types.CodeAction(title=title, kind=convert.FIX_ALL_KIND, data={"uri": uri})
            resolvable = capability(ls.client_capabilities, "text_document", "code_action", "resolve_support")
            actions.append(action if resolvable and "edit" in resolvable.properties else await resolve(ls, action))
        return actions

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def resolve(ls: NewslintServer, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        uri = data.get("uri")
        document = ls.workspace.text_documents.get(uri) if isinstance(uri, str) else None
        if document is None or not isinstance(uri, str):
            return action
        text, language = document.source, document.language_id
        try:
            fixed = await asyncio.get_running_loop().run_in_executor(ls.worker, ls.fixed_text, uri, text, language)
        except LoadFailure:
            return action
        index = LineIndex(text, ls.encoding())
        edits = [convert.whole_text_edit(text, fixed, index)] if fixed != text else []
        action.edit = types.WorkspaceEdit(changes={uri: edits})
        return action

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: NewslintServer, params: types.HoverParams) -> types.Hover | None:
        report = await ls.current(params.text_document.uri)
        if report is None:
            return None
        offset = report.lines.offset(Position(params.position.line, params.position.character))
        found = [d for d in report.diagnostics if d.start <= offset < d.end or d.start == d.end == offset]
        if not found:
            return None
        formats = capability(ls.client_capabilities, "text_document", "hover", "content_format") or []
        return convert.hover(found, markdown=not formats or types.MarkupKind.Markdown in formats)

    return server


def apply_settings(ls: NewslintServer, values: object) -> None:
    settings, problems = parse(values, ls.root)
    for problem in problems:
        ls.window_show_message(types.ShowMessageParams(types.MessageType.Warning, f"newslint: {problem}"))
    if settings != ls.settings:
        ls.reload(settings)


async def pull_settings(ls: NewslintServer, always: bool = False) -> None:
    """Ask the client for the ``newslint`` settings section, where it can answer."""
    if not capability(ls.client_capabilities, "workspace", "configuration"):
        return
    try:
        answer = await ls.workspace_configuration_async(
            types.ConfigurationParams([types.ConfigurationItem(section="newslint")])
        )
    except Exception as exc:
        logger.warning("could not read the client's settings: %s", exc)
        return
    values = answer[0] if answer else None
    if isinstance(values, dict) and (values or always):
        apply_settings(ls, values)


def serve(tcp: bool = False, host: str = "127.0.0.1", port: int = 2087) -> None:
    server = create()
    if tcp:
        server.start_tcp(host, port)
    else:
        server.start_io()

