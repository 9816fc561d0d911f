"""Turn a rule file's validated data into Rules: compiled now, or restored to compile at first use.

A file read from disk is built in full, every regular expression compiled, so
that any problem is a load error; what the build learns (each rule's template
fields and triggers) goes into a cache entry beside the data. A rule restored
from that entry compiles its expression only when a story first needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from newslint.records import Applicability, Finding, Severity
from newslint.rule import BadExample, Checker, Examples, Rule
from newslint.rulecache import dump_checker, load_checker
from newslint.template import Template, TemplateError

if TYPE_CHECKING:
    from newslint.document import Document


class BuildError(ValueError):
    """A rule cannot be built; the loader adds the file."""

    def __init__(self, rule: str, key: str | None, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.key = key


class LazyChecker:
    """A rule's checker, built at its first use: most rules never run on most stories."""

    def __init__(
        self, build: Callable[[], Checker], fields: frozenset[str], anchors: frozenset[str] | None
    ) -> None:
        self.fields = fields
        self.anchors = anchors
        self._build: Callable[[], Checker] | None = build
        self._checker: Checker | None = None

    @property
    def checker(self) -> Checker:
        if self._checker is None:
            assert self._build is not None
            self._checker, self._build = self._build(), None
            self.find = self._checker.find  # type: ignore[method-assign]  # no detour from now on
        return self._checker

    @property
    def pattern(self) -> Any:
        return self.checker.pattern

    def find(self, doc: Document, timeout: float) -> Iterable[Finding]:
        return self.checker.find(doc, timeout)


def build_rules(data: Mapping[str, Any], source: str) -> tuple[list[Rule], dict[str, Any]]:
    """Every rule of a validated file, compiled, and the cache entry that restores them."""
    from newslint.kinds import SpecError  # the rule kinds are imported only when rules are built

    rules: list[Rule] = []
    learned: list[dict[str, Any]] = []
    for spec in data["rules"]:
        try:
            checker = _compile(spec, data)()
        except SpecError as exc:
            raise BuildError(spec["code"], exc.key, str(exc)) from None
        triggers, anchors, requires = _literals(spec, checker)
        if checker.anchors is None:  # a kind may know its own (a title's first words)
            checker.anchors = anchors
        looser = _superset(checker)
        rules.append(
            _rule(spec, data, checker, checker.fields, checker.anchors, source,
                  triggers=triggers, requires=requires, superset=looser)
        )
        learned.append(
            {
                "fields": sorted(checker.fields),
                "triggers": _sorted(triggers),
                "requires": [sorted(clause) for clause in requires],
                "superset": list(looser),
                "anchors": _sorted(checker.anchors),
                "checker": dump_checker(checker),
            }
        )
    return rules, {"data": data, "rules": learned}


def restore_rules(entry: Mapping[str, Any], source: str) -> list[Rule]:
    """The rules of a cache entry, each compiling at its first use."""
    data = entry["data"]
    rules = []
    for spec, learned in zip(data["rules"], entry["rules"], strict=True):
        fields = frozenset(learned["fields"])
        triggers, anchors = _frozen(learned["triggers"]), _frozen(learned["anchors"])
        requires = tuple(frozenset(clause) for clause in learned["requires"])
        looser = tuple(learned["superset"])
        checker = LazyChecker(_restore(learned.get("checker"), _compile(spec, data), anchors), fields, anchors)
        rules.append(
            _rule(spec, data, checker, fields, anchors, source, triggers=triggers, requires=requires, superset=looser)
        )
    return rules


def _compile(spec: Mapping[str, Any], data: Mapping[str, Any]) -> Callable[[], Checker]:
    def build() -> Checker:
        from newslint.kinds import build_checker

        return build_checker(spec["kind"], spec, data.get("lists", {}), data.get("fragments", {}), data.get("maps", {}))

    return build


def _restore(
    blob: bytes | None, compile_spec: Callable[[], Checker], anchors: frozenset[str] | None
) -> Callable[[], Checker]:
    """Unpickle the stored checker, or compile the spec again when there is none or it is damaged."""

    def restore() -> Checker:
        if blob is not None:
            try:
                checker: Checker = load_checker(blob)
                return checker
            except Exception:  # any damage to the blob: compiling from the spec is always right
                pass
        checker = compile_spec()
        checker.anchors = anchors
        return checker

    return restore


def _sorted(strings: frozenset[str] | None) -> list[str] | None:
    return None if strings is None else sorted(strings)


def _frozen(strings: list[str] | None) -> frozenset[str] | None:
    return None if strings is None else frozenset(strings)


def _superset(checker: Checker) -> tuple[str, ...]:
    from newslint.superset import superset

    return superset(checker.pattern) if checker.pattern is not None else ()


def _literals(
    spec: Mapping[str, Any], checker: Checker
) -> tuple[frozenset[str] | None, frozenset[str] | None, tuple[frozenset[str], ...]]:
    """Triggers (the author's, or derived from the pattern; None: always run), anchors,
    and the further requirements the pattern promises beside the triggers."""
    from newslint.folding import fold
    from newslint.literals import clauses, derive, implies

    given = frozenset(fold(t) for t in spec["triggers"]) if "triggers" in spec else None
    if checker.pattern is None:
        return given, None, ()
    triggers, anchors = derive(checker.pattern)
    if given is not None:
        triggers = given
    requires = tuple(c for c in clauses(checker.pattern) if not (triggers and implies(triggers, c)))
    return triggers, anchors, requires


def _rule(
    spec: Mapping[str, Any],
    data: Mapping[str, Any],
    checker: Checker,
    fields: frozenset[str],
    anchors: frozenset[str] | None,
    source: str,
    *,
    triggers: frozenset[str] | None,
    requires: tuple[frozenset[str], ...],
    superset: tuple[str, ...],
) -> Rule:
    code = spec["code"]
    try:
        message = Template(spec["message"], fields | {"replacement"}, data.get("maps", {}))
    except TemplateError as exc:
        raise BuildError(code, "message", str(exc)) from None
    fix = spec["fix"]
    scope = spec["scope"]
    exclude = spec.get("exclude", ())
    examples = spec["examples"]
    bad = tuple(
        BadExample(
            ex["text"],
            ex.get("fixed"),
            (ex["match"],) if isinstance(ex["match"], str) else tuple(ex["match"]),
        )
        for ex in examples.get("bad", ())
    )
    return Rule(
        code=code,
        name=spec["name"],
        category=data["category"],
        kind=spec["kind"],
        severity=Severity(spec["severity"]),
        fix=None if fix == "none" else Applicability.from_label(fix),
        scope=(scope,) if isinstance(scope, str) else tuple(scope),
        exclude=(exclude,) if isinstance(exclude, str) else tuple(exclude),
        summary=spec["summary"].strip(),
        message=message,
        rationale=spec["rationale"].strip(),
        reference=spec["reference"].strip(),
        examples=Examples(bad, tuple(examples.get("good", ()))),
        enabled=spec.get("enabled", True),
        checker=checker,
        source=source,
        when=tuple(sorted(spec.get("when", {}).items())),
        profile=spec.get("profile"),
        precision=spec.get("precision", {}),
        triggers=triggers,
        requires=requires,
        superset=superset,
        anchors=anchors,
    )
