"""The language server's features: what it does for each LSP message.

Diagnostics on open, change and save; a quick fix per fixable finding and "fix all
safe problems" (``source.fixAll.newslint``); the rule's page on hover; settings
from the client, and configuration reloaded when its files change.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.uris import to_fs_path

from newslint.server import convert
from newslint.server.lsp import NewslintServer
from newslint.server.positions import LineIndex, Position
from newslint.server.session import LoadFailure
from newslint.server.settings import parse

logger = logging.getLogger(__name__)

WATCHED = ("**/pyproject.toml", "**/.newslint.yaml", "**/.newslint.toml", "**/*.yaml", "**/*.yml")


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
        ls.started = True
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

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: NewslintServer, params: None) -> None:
        ls.shut_down = True

    @server.feature(types.EXIT)
    def exit_notification(ls: NewslintServer, params: None) -> None:
        # The protocol's rule: 0 after a shutdown request, 1 for an exit without one.
        ls.exit_code = 0 if ls.shut_down else 1

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
        threshold = ls.settings.fix_threshold
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
        # Markdown only for a client that says it renders it; plain text is always safe.
        return convert.hover(found, markdown=types.MarkupKind.Markdown in formats)

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
