"""The library entry point: check texts and files, optionally fixing them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from newslint import sourcefile
from newslint.discovery import is_markdown
from newslint.document import Document
from newslint.engine import DEFAULT_TIMEOUT, lint
from newslint.fixes import fix_until_stable
from newslint.records import Applicability, Diagnostic
from newslint.rule import Rule

#: Rounds of rewrapping and fixing at most; real copy settles in one, rarely two.
MAX_REWRAP_ROUNDS = 3


class TextResult(NamedTuple):
    """The outcome for one text: its final form and what is left to report."""

    original: str
    text: str
    diagnostics: list[Diagnostic]
    fixed: list[Diagnostic]
    converged: bool

    @property
    def changed(self) -> bool:
        return self.text != self.original


class FileResult(NamedTuple):
    path: str
    result: TextResult | None
    source: sourcefile.SourceText | None
    error: str | None


def check_text(
    text: str,
    rules: Sequence[Rule],
    *,
    markdown: bool = False,
    fix: Applicability | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    rewrap: bool = False,
    prefilter: bool = True,
) -> TextResult:
    """Lint ``text``; with ``fix``, apply fixes at or above that applicability until stable.

    With ``rewrap`` (plain text only), hard-wrapped paragraphs are joined after a
    first round of fixes (which removes end marks that would otherwise join the
    last paragraph), then fixed again, until rewrapping changes nothing: a fix can
    remove what kept a paragraph from being joined (a double space read as a table's
    column gap), and one run must be final. ``prefilter=False`` runs every rule on
    every text (the same findings, slower): for tests that prove the prefilter right.
    """

    def run(current: str) -> list[Diagnostic]:
        return lint(Document(current, markdown=markdown), rules, timeout, prefilter=prefilter)

    if fix is None:
        return TextResult(text, text, run(text), [], True)
    outcome = fix_until_stable(text, run, fix)
    fixed = outcome.fixed
    if rewrap and not markdown:
        from newslint.rewrap import rewrap as rewrap_text

        for _ in range(MAX_REWRAP_ROUNDS):
            wrapped = rewrap_text(outcome.text)
            if wrapped == outcome.text:
                break
            outcome = fix_until_stable(wrapped, run, fix)
            fixed = fixed + outcome.fixed
    return TextResult(text, outcome.text, outcome.remaining, fixed, outcome.converged)


def check_file(
    path: Path,
    rules: Sequence[Rule],
    *,
    fix: Applicability | None = None,
    write: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    rewrap: bool = False,
) -> FileResult:
    """Check one file; with ``write``, replace it atomically when fixes changed it."""
    try:
        source = sourcefile.read(path)
    except sourcefile.InputError as exc:
        return FileResult(str(path), None, None, str(exc))
    markdown = is_markdown(path.name)
    result = check_text(source.text, rules, markdown=markdown, fix=fix, timeout=timeout, rewrap=rewrap)
    if write and result.changed:
        try:
            sourcefile.write_atomic(path, source.encode(result.text))
        except OSError as exc:
            return FileResult(str(path), result, source, f"{path}: cannot write ({exc.strerror or exc})")
    return FileResult(str(path), result, source, None)
