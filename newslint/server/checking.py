"""Check a text sent by a client: line endings as ``check`` reads files, offsets as sent.

Both servers lint through here, so a story gets the same findings in an editor,
through the HTTP API and from ``newslint check``. A rule that times out on a text
is left out and reported, and the other rules' findings still come back: a
client gets partial results, never none. Lone surrogates, which JSON can carry but
the engine cannot read, are checked as U+FFFD (``surrogates``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from newslint.api import TextResult, check_text
from newslint.engine import DEFAULT_TIMEOUT, RuleTimeout
from newslint.records import Applicability, Diagnostic, Edit, Fix
from newslint.rule import Rule
from newslint.server import surrogates
from newslint.server.newlines import normalize


class Checked(NamedTuple):
    """A text and its diagnostics, whose offsets and fixes refer to the text as sent."""

    text: str
    diagnostics: list[Diagnostic]
    #: One message per rule left out because it timed out on this text.
    timeouts: tuple[str, ...] = ()


def check(
    text: str, rules: Sequence[Rule], *, markdown: bool = False, timeout: float = DEFAULT_TIMEOUT
) -> Checked:
    """Lint ``text`` with ``rules``."""
    normal = normalize(surrogates.sound(text))
    result, timeouts = _sparing_runaways(
        rules, lambda chosen: check_text(normal.text, chosen, markdown=markdown, timeout=timeout)
    )
    found = result.diagnostics
    if normal.text is not text:
        found = [_relocate(d, normal.original, normal.restore) for d in found]
    return Checked(text, found, timeouts)


def fix_all(
    text: str,
    rules: Sequence[Rule],
    *,
    markdown: bool = False,
    threshold: Applicability = Applicability.SAFE,
    timeout: float = DEFAULT_TIMEOUT,
) -> str:
    """The text with every fix at or above ``threshold`` applied until stable."""
    normal = normalize(surrogates.sound(text))
    result, _ = _sparing_runaways(
        rules,
        lambda chosen: check_text(normal.text, chosen, markdown=markdown, fix=threshold, timeout=timeout),
    )
    return text if not result.changed else surrogates.restore(text, normal.restore(result.text))


def _sparing_runaways(
    rules: Sequence[Rule], run: Callable[[Sequence[Rule]], TextResult]
) -> tuple[TextResult, tuple[str, ...]]:
    """Run, leaving out each rule that times out, until a run completes."""
    chosen = list(rules)
    timeouts: list[str] = []
    while True:
        try:
            return run(chosen), tuple(timeouts)
        except RuleTimeout as exc:
            remaining = [rule for rule in chosen if rule is not exc.rule]
            if len(remaining) == len(chosen):
                raise
            timeouts.append(str(exc))
            chosen = remaining


def _relocate(
    diagnostic: Diagnostic, offset: Callable[[int], int], content: Callable[[str], str]
) -> Diagnostic:
    fix = diagnostic.fix
    if fix is not None:
        edits = tuple(Edit(offset(e.start), offset(e.end), content(e.content)) for e in fix.edits)
        fix = Fix(edits, fix.applicability)
    return diagnostic._replace(start=offset(diagnostic.start), end=offset(diagnostic.end), fix=fix)
