"""The language server's state: open documents, their last reports, and checking.

The protocol's messages are handled in ``features``. Checks run on one worker
thread, so a slow rule never blocks the protocol and the Session is never shared
between threads. Changes are coalesced: while a document is being checked,
further changes only mark it for one more check, and results for text that has
since changed are never published.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple, cast

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from newslint import __version__
from newslint.discovery import is_markdown
from newslint.records import Diagnostic
from newslint.server import convert
from newslint.server.checking import check, fix_all
from newslint.server.positions import Encoding, LineIndex
from newslint.server.session import LoadFailure, Session
from newslint.server.settings import Settings

logger = logging.getLogger(__name__)


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
    """pygls' server with newslint's session, a checking thread and each document's last report."""

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
        #: Whether a client has initialized a session (over TCP, ending it ends the server).
        self.started = False
        self.shut_down = False
        #: What the process exits with: the client may only ask it to stop, and pygls
        #: ends its loop rather than the process.
        self.exit_code = 0

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
            checked = check(text, rules, markdown=_markdown(language, path))
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
        return fix_all(text, rules, markdown=_markdown(language, path), threshold=self.settings.fix_threshold)


def _markdown(language: str, path: Path) -> bool:
    """Whether a document is Markdown: the editor says so, or its name does (as for ``check``)."""
    return language == "markdown" or is_markdown(path.name)
