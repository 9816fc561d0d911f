"""The worker side of a job: fix (or check) the records of a batch with rules loaded once.

The rules travel once per worker: in the process pool's initializer (inherited
through fork on Linux), or scattered to every Dask worker. A batch carries
only text values, so what crosses process boundaries is small.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from newslint.api import check_text
from newslint.archive.records import Batch, Found, Outcome, counts
from newslint.archive.story import Layout, Story, rebuild, stories
from newslint.engine import RuleTimeout
from newslint.locate import LineIndex
from newslint.output import Entry
from newslint.records import Applicability
from newslint.rule import Rule


class Context(NamedTuple):
    """Everything a worker needs besides the batch."""

    rulesets: tuple[tuple[Rule, ...], ...]
    layout: Layout
    fix: Applicability | None  # None: report findings instead of fixing
    rewrap: bool


_CONTEXT: list[Context] = []


def init_worker(context: Context) -> None:
    """Keep the context for ``fix_batch`` and ``check_batch`` (a worker's signals are ``parallel``'s)."""
    _CONTEXT[:] = [context]


def fix_batch(batch: Batch) -> list[Outcome | None]:
    return fix_batch_with(batch, _CONTEXT[0])


def check_batch(batch: Batch) -> list[Found | None]:
    return check_batch_with(batch, _CONTEXT[0])


def fix_batch_with(batch: Batch, context: Context) -> list[Outcome | None]:
    rules = context.rulesets[batch.ruleset]
    fix = context.fix or Applicability.SAFE
    return [
        None if values is None else fix_record(values, context.layout, rules, fix, context.rewrap)
        for values in batch.values
    ]


def check_batch_with(batch: Batch, context: Context) -> list[Found | None]:
    rules = context.rulesets[batch.ruleset]
    return [None if values is None else check_record(values, context.layout, rules) for values in batch.values]


def fix_record(
    values: tuple[str, ...], layout: Layout, rules: Sequence[Rule], fix: Applicability, rewrap: bool
) -> Outcome:
    """Fix every story of one record and put the fixed text back into its fields."""
    built = stories(values, layout)
    texts: list[str] = []
    fixed: list[str] = []
    left: list[str] = []
    converged = True
    for story in built:
        try:
            result = check_text(story.text, rules, fix=fix, rewrap=rewrap)
        except RuleTimeout as exc:
            return Outcome(None, (), (), True, str(exc))
        texts.append(result.text)
        fixed.extend(d.code for d in result.fixed)
        left.extend(d.code for d in result.diagnostics)
        converged = converged and result.converged
    new = rebuild(values, layout, built, texts)
    if new is None:
        title = layout.title_field
        return Outcome(None, (), (), True, f"the fixes moved the boundary between {title!r} and its story")
    return Outcome(None if new == values else new, counts(fixed), counts(left), converged, None)


def check_record(values: tuple[str, ...], layout: Layout, rules: Sequence[Rule]) -> Found:
    """The findings in one record's stories, located by line and column within each story."""
    found: list[tuple[str, Entry]] = []
    for story in stories(values, layout):
        try:
            result = check_text(story.text, rules)
        except RuleTimeout as exc:
            return Found((), str(exc))
        index = LineIndex(story.text)
        for d in result.diagnostics:
            line, column = index.position(d.start)
            end_line, end_column = index.position(d.end)
            entry = Entry(
                "", d.code, d.rule.name, d.severity.value, d.message, line, column, end_line, end_column,
                d.fix.applicability if d.fix else None, d.replacement(story.text),
            )
            found.append((_field(story, d.start, layout), entry))
    return Found(tuple(found), None)


def _field(story: Story, offset: int, layout: Layout) -> str:
    """The field a finding starts in: the title for the headline part of a composed story."""
    if story.headline and offset < story.headline and layout.title_field:
        return layout.title_field
    return story.field
