"""newslint's records as LSP records: diagnostics, edits, code actions and hovers.

Offsets stay absolute characters up to here; a LineIndex turns them into the
negotiated position units.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lsprotocol import types

from newslint.explain import rule_page
from newslint.records import Applicability, Diagnostic, Edit, Severity
from newslint.server.positions import LineIndex

_BACKTICKS = re.compile("`+")

SOURCE = "newslint"
FIX_ALL_KIND = f"{types.CodeActionKind.SourceFixAll.value}.newslint"
FIX_ALL_TITLE = "newslint: fix all safe problems"
FIX_ALL_UNSAFE_TITLE = "newslint: fix all problems (safe and unsafe)"

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_FIX_NOTES = {
    Applicability.SAFE: "",
    Applicability.UNSAFE: " (unsafe fix: check it)",
    Applicability.DISPLAY_ONLY: " (suggestion: check it)",
}


def span(start: int, end: int, index: LineIndex) -> types.Range:
    first, last = index.position(start), index.position(end)
    return types.Range(types.Position(*first), types.Position(*last))


def diagnostic(found: Diagnostic, index: LineIndex) -> types.Diagnostic:
    fix = found.fix
    return types.Diagnostic(
        range=span(found.start, found.end, index),
        message=found.message,
        severity=SEVERITIES[found.severity],
        code=found.code,
        source=SOURCE,
        data={"fix": fix.applicability.label if fix else None},
    )


def failure(message: str, index: LineIndex) -> types.Diagnostic:
    """A problem with the checking itself (a rule file, a setting), shown on the first line."""
    return types.Diagnostic(
        range=span(0, index.line_end(0), index),
        message=f"newslint: {message}",
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
    )


def text_edit(edit: Edit, index: LineIndex) -> types.TextEdit:
    return types.TextEdit(range=span(edit.start, edit.end, index), new_text=edit.content)


def fix_title(found: Diagnostic, text: str) -> str:
    """What the fix does, from the text it changes: "Replace '1.200' with '1,200'"."""
    assert found.fix is not None
    old = text[found.start : found.end]
    new = found.replacement(text) or ""
    if not new.strip():
        action = f"Delete {_quote(old)}"
    elif not old:
        action = f"Insert {_quote(new)}"
    else:
        action = f"Replace {_quote(old)} with {_quote(new)}"
    return f"{action} ({found.code}){_FIX_NOTES[found.fix.applicability]}"


def quick_fix(uri: str, found: Diagnostic, text: str, index: LineIndex, shown: types.Diagnostic) -> types.CodeAction:
    assert found.fix is not None
    return types.CodeAction(
        title=fix_title(found, text),
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[shown],
        edit=types.WorkspaceEdit(changes={uri: [text_edit(e, index) for e in found.fix.edits]}),
        is_preferred=found.fix.applicability is Applicability.SAFE,
    )


def whole_text_edit(old: str, new: str, index: LineIndex) -> types.TextEdit:
    """One edit that turns ``old`` into ``new``, covering only the part that changed."""
    prefix = 0
    limit = min(len(old), len(new))
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return text_edit(Edit(prefix, len(old) - suffix, new[prefix : len(new) - suffix]), index)


def hover(found: Sequence[Diagnostic], markdown: bool) -> types.Hover:
    """Each finding's message and its rule's page, as ``newslint rule CODE`` prints it."""
    parts = []
    for item in found:
        page = rule_page(item.rule).rstrip("\n")
        if markdown:
            # A fence longer than any run of backticks on the page: a house rule's rationale
            # or example may hold a fence of its own, which would otherwise end this one.
            fence = "`" * max(3, max(map(len, _BACKTICKS.findall(page)), default=0) + 1)
            parts.append(f"**{item.code}** {item.message}\n\n{fence}text\n{page}\n{fence}")
        else:
            parts.append(f"{item.code} {item.message}\n\n{page}")
    kind = types.MarkupKind.Markdown if markdown else types.MarkupKind.PlainText
    return types.Hover(contents=types.MarkupContent(kind=kind, value="\n\n---\n\n".join(parts)))


def _quote(text: str, limit: int = 40) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 3] + "...")
