"""Rule files: safe YAML, schema validation and one-line load errors naming file, rule and key."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import regex
import yaml

from newslint.document import Document
from newslint.engine import RuleTimeout, lint
from newslint.kinds import KINDS
from newslint.loader import (
    RuleLoadError,
    default_rules_dir,
    load_default_rules,
    load_rules,
    rule_files,

)
from newslint.records import Applicability, Severity
from newslint.validation import schema_text

# A minimal valid rule; each case below breaks one thing about it.
RULE: dict[str, Any] = {
    "code": "DEM101",
    "name": "demo-rule",
    "summary": "Flags foo.",
    "message": "Write bar, not {match}",
    "kind": "pattern",
    "severity": "warning",
    "fix": "safe",
    "scope": "all",
    "pattern": r"\bfoo\b",
    "replace": "bar",
    "rationale": "Because.",
    "reference": "Nowhere.",
    "examples": {"bad": [{"text": "a foo", "match": "foo", "fixed": "a bar"}], "good": ["a bar"]},
}


def rule(**changes: Any) -> dict[str, Any]:
    """A copy of RULE with keys changed; a value of None drops the key."""
    spec = copy.deepcopy(RULE)
    for key, value in changes.items():
        key = key.replace("_", "-")
        if value is None:
            spec.pop(key, None)
        else:
            spec[key] = value
    return spec


def file_data(*rules: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"category": "demo", **top, "rules": list(rules) or [rule()]}


def write(path: Path, data: dict[str, Any] | str) -> Path:
    text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(RuleLoadError) as info:
        load_rules([path])
    message = str(info.value)
    assert "\n" not in message, "a load error is one line"
    return message


def substitution(**extra: Any) -> dict[str, Any]:
    return rule(**{"kind": "substitution", "pattern": None, "replace": None, **extra})


def capitalization(**extra: Any) -> dict[str, Any]:
    return rule(**{"kind": "capitalization", "pattern": None, "replace": None, **extra})


def line_rule(**extra: Any) -> dict[str, Any]:
    return rule(**{"kind": "line", "replace": None, **extra})


def test_minimal_rule_loads(tmp_path: Path) -> None:
    (loaded,) = load_rules([write(tmp_path / "demo.yaml", file_data())])
    assert (loaded.code, loaded.name, loaded.category, loaded.kind) == (
        "DEM101",
        "demo-rule",
        "demo",
        "pattern",
    )
    assert loaded.severity is Severity.WARNING
    assert loaded.fix is Applicability.SAFE
    assert loaded.scope == ("all",) and loaded.exclude == ()
    assert loaded.enabled is True
    assert loaded.source == str(tmp_path / "demo.yaml")
    assert loaded.examples.bad[0].match == ("foo",)


# (rule spec, the code named in the error, the key, the message after "key '<key>': ").
# A message ending in "..." is a prefix: the rest comes from the regex module.
RULE_ERRORS: list[tuple[str, dict[str, Any], str, str, str]] = [
    ("unknown key", rule(patern="x"), "DEM101", "patern", "unknown key 'patern' (did you mean 'pattern'?)"),
    (
        "unknown key with hint",
        rule(ignorecase=True),
        "DEM101",
        "ignorecase",
        "unknown key 'ignorecase' (did you mean 'ignore-case'?)",
    ),
    ("key of another kind", rule(swap={"a": "b"}), "DEM101", "swap", "unknown key 'swap'"),
    (
        "typo of a kind key",
        rule(pattern=None, patern="x"),
        "DEM101",
        "patern",
        "unknown key 'patern' (did you mean 'pattern'?)",
    ),
    ("uncompilable regex", rule(pattern="(foo"), "DEM101", "pattern", "invalid regular expression: ..."),
    (
        "uncompilable regex in a line rule",
        line_rule(pattern="[a-"),
        "DEM101",
        "pattern",
        "invalid regular expression: ...",
    ),
    (
        "unknown kind",
        rule(kind="magic"),
        "DEM101",
        "kind",
        f"unknown kind 'magic' (known: {', '.join(KINDS)})",
    ),
    ("missing required key", rule(summary=None), "DEM101", "summary", "missing required key"),
    ("missing kind", rule(kind=None), "DEM101", "kind", "missing required key"),
    (
        "missing key the kind requires",
        rule(pattern=None, replace=None),
        "DEM101",
        "pattern",
        "missing required key",
    ),
    ("missing pattern, replace present", rule(pattern=None), "DEM101", "pattern", "missing required key"),
    ("missing swap", substitution(), "DEM101", "swap", "missing required key"),
    ("wrong type", rule(enabled="yes"), "DEM101", "enabled", "'yes' is not of type 'boolean'"),
    (
        "wrong type of a kind key",
        rule(ignore_case="yes"),
        "DEM101",
        "ignore-case",
        "'yes' is not of type 'boolean'",
    ),
    (
        "wrong type in a swap",
        substitution(swap={"Foo": 3}),
        "DEM101",
        "swap.Foo",
        "3 is not of type 'string', 'null'",
    ),
    (
        "wrong type in titles",
        capitalization(mode="title-before-name", titles=[1]),
        "DEM101",
        "titles.0",
        "1 is not of type 'string'",
    ),
    ("code not a string", rule(code=101), "101", "code", "101 is not of type 'string'"),
    ("bad code", rule(code="dem1"), "dem1", "code", "'dem1' does not match '^[A-Z]{2,4}[0-9]{3}$'"),
    (
        "bad severity",
        rule(severity="fatal"),
        "DEM101",
        "severity",
        "'fatal' is not one of ['error', 'warning', 'info']",
    ),
    (
        "bad fix",
        rule(fix="maybe"),
        "DEM101",
        "fix",
        "'maybe' is not one of ['safe', 'unsafe', 'display-only', 'none']",
    ),
    (
        "bad mode",
        capitalization(mode="shout"),
        "DEM101",
        "mode",
        "'shout' is not one of ['headline-all-caps', 'headline-title-case', 'title-before-name', 'title-after-name']",
    ),
    (
        "unknown template field",
        rule(message="{nope}"),
        "DEM101",
        "message",
        "unknown field {nope} (known: 0, match, replacement)",
    ),
    (
        "unknown named group",
        rule(message="{word}"),
        "DEM101",
        "message",
        "unknown field {word} (known: 0, match, replacement)",
    ),
    (
        "unknown transform",
        rule(message="{match|shout}"),
        "DEM101",
        "message",
        "unknown transform 'shout' (known: ...",
    ),
    ("stray brace", rule(message="a } b"), "DEM101", "message", "stray '}' at position 2 (write }})"),
    ("bad replace template", rule(replace="{9}"), "DEM101", "replace", "unknown field {9} (known: 0, match)"),
    ("unknown list", rule(pattern=r"\L<nolist>"), "DEM101", "pattern", "pattern uses unknown list(s) nolist"),
    (
        "swap term replaced by itself",
        substitution(swap={"Foo": "foo"}),
        "DEM101",
        "swap",
        "term 'Foo' is replaced by itself",
    ),
    (
        "swap term twice",
        substitution(swap={"Foo": "x", "foo": "y"}),
        "DEM101",
        "swap",
        "term 'foo' is listed twice",
    ),
    (
        "titles missing",
        capitalization(mode="title-before-name"),
        "DEM101",
        "titles",
        "mode 'title-before-name' needs a list of titles",
    ),
    (
        "titles on a headline mode",
        capitalization(mode="headline-all-caps", titles=["king"]),
        "DEM101",
        "titles",
        "mode 'headline-all-caps' takes no titles",
    ),
    (
        "replace action without template",
        line_rule(action="replace"),
        "DEM101",
        "replace",
        "action 'replace' needs a 'replace' template",
    ),
    (
        "replace template without action",
        line_rule(replace="x"),
        "DEM101",
        "replace",
        "'replace' is only used with action 'replace', not 'flag'",
    ),
    (
        "example typo",
        rule(examples={"bad": [{"text": "a foo", "match": "foo", "fixd": "a bar"}], "good": []}),
        "DEM101",
        "examples.bad.0.fixd",
        "unknown key 'fixd' (did you mean 'fixed'?)",
    ),
    (
        "example without match",
        rule(examples={"bad": [{"text": "a foo"}], "good": []}),
        "DEM101",
        "examples.bad.0.match",
        "missing required key",
    ),
]


@pytest.mark.parametrize(
    "spec,code,key,message", [c[1:] for c in RULE_ERRORS], ids=[c[0] for c in RULE_ERRORS]
)
def test_rule_error_names_file_rule_and_key(
    tmp_path: Path, spec: dict[str, Any], code: str, key: str, message: str
) -> None:
    path = write(tmp_path / "bad.yaml", file_data(spec))
    error = load_error(path)
    prefix = f"{path}: rule {code}: key '{key}': "
    if message.endswith("..."):
        assert error.startswith(prefix + message[:-3]), error
    else:
        assert error == prefix + message


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_key_of_another_kind_is_unknown_for_every_kind(tmp_path: Path, kind: str) -> None:
    foreign = "mode" if kind == "substitution" else "swap"
    spec = rule(kind=kind, pattern=None, replace=None, **{foreign: "x"})
    path = write(tmp_path / "bad.yaml", file_data(spec))
    # The message may add a spelling hint ("did you mean ...?"), never the key itself.
    error = load_error(path)
    assert error.startswith(f"{path}: rule DEM101: key '{foreign}': unknown key '{foreign}'")
    assert f"did you mean '{foreign}'" not in error


def test_unknown_key_in_a_list_name_is_reported_from_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.yaml", file_data(lists={"bad-name": ["x"]}))
    assert load_error(path) == f"{path}: key 'lists': 'bad-name' does not match '^[A-Za-z_][A-Za-z0-9_]*$'"


# Errors about the file itself: no rule to name.
FILE_ERRORS: list[tuple[str, str | dict[str, Any], str]] = [
    (
        "unknown top-level key",
        {**file_data(), "categry": "x"},
        "key 'categry': unknown key 'categry' (did you mean 'category'?)",
    ),
    ("missing rules", {"category": "demo"}, "key 'rules': missing required key"),
    ("missing category", {"rules": [rule()]}, "key 'category': missing required key"),
    (
        "rules not a list",
        {"category": "demo", "rules": {"a": 1}},
        "key 'rules': {'a': 1} is not of type 'array'",
    ),
    ("empty word list", file_data(lists={"w": []}), "key 'lists.w': [] should be non-empty"),
    ("a list, not a mapping", "- a\n- b\n", "a rule file is a mapping with 'category' and 'rules'"),
    ("empty file", "", "a rule file is a mapping with 'category' and 'rules'"),
    (
        "invalid YAML",
        "category: [\n",
        # libyaml and the pure-Python parser word it differently; the place is the same.
        "invalid YAML: "
        + (
            "did not find expected node content"
            if yaml.__with_libyaml__
            else "expected the node content, but found '<stream end>'"
        )
        + " (line 2, column 1)",
    ),
    (
        "duplicate top-level key",
        "category: a\ncategory: b\nrules: []\n",
        "invalid YAML: duplicate key 'category' (line 2, column 1)",
    ),
    (
        "non-string key",
        "category: demo\n1: x\nrules: []\n",
        "invalid YAML: key 1 is not a string (quote it) (line 2, column 1)",
    ),
]


@pytest.mark.parametrize("data,message", [c[1:] for c in FILE_ERRORS], ids=[c[0] for c in FILE_ERRORS])
def test_file_error_names_file_and_key(tmp_path: Path, data: str | dict[str, Any], message: str) -> None:
    path = write(tmp_path / "bad.yaml", data)
    assert load_error(path) == f"{path}: {message}"


def test_a_rule_that_is_not_a_mapping_is_named_by_position(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.yaml", file_data(rule(), "oops"))  # type: ignore[arg-type]
    assert load_error(path) == f"{path}: rule #2: 'oops' is not of type 'object'"


def test_duplicate_key_inside_a_rule_is_an_error_not_last_wins(tmp_path: Path) -> None:
    text = yaml.safe_dump(file_data(), sort_keys=False)
    text = text.replace("  severity: warning\n", "  severity: warning\n  severity: error\n")
    path = write(tmp_path / "bad.yaml", text)
    line = text.splitlines().index("  severity: error") + 1
    assert load_error(path) == f"{path}: invalid YAML: duplicate key 'severity' (line {line}, column 3)"


@pytest.mark.parametrize("term", ["on", "yes", "1", "null", "~"])
def test_unquoted_non_string_swap_term_is_an_error(tmp_path: Path, term: str) -> None:
    # YAML 1.1 reads these as booleans, numbers or null: a swap term must be text.
    text = yaml.safe_dump(file_data(substitution(swap={"PLACEHOLDER": "x"})), sort_keys=False)
    path = write(tmp_path / "bad.yaml", text.replace("PLACEHOLDER", term))
    error = load_error(path)
    assert error.startswith(f"{path}: invalid YAML: key ")
    assert "is not a string (quote it)" in error


def test_quoted_swap_term_loads(tmp_path: Path) -> None:
    text = yaml.safe_dump(file_data(substitution(swap={"PLACEHOLDER": "upon"})), sort_keys=False)
    (loaded,) = load_rules([write(tmp_path / "ok.yaml", text.replace("PLACEHOLDER", "'on'"))])
    assert loaded.kind == "substitution"


def test_yaml_is_loaded_safely(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"category: !!python/object/apply:os.system ['touch {marker}']\nrules: []\n"
    error = load_error(write(tmp_path / "evil.yaml", text))
    assert error.startswith(f"{tmp_path / 'evil.yaml'}: invalid YAML: could not determine a constructor")
    assert not marker.exists()


@pytest.mark.parametrize(
    "content,message",
    [
        (None, "cannot read: "),
        (b"category: caf\xe9\nrules: []\n", "cannot read: 'utf-8' codec can't decode byte 0xe9"),
    ],
    ids=["missing", "not utf-8"],
)
def test_unreadable_rule_file(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "rules.yaml"
    if content is not None:
        path.write_bytes(content)
    assert load_error(path).startswith(f"{path}: {message}")


def test_duplicate_code_across_files_names_both(tmp_path: Path) -> None:
    first = write(tmp_path / "a.yaml", file_data())
    second = write(tmp_path / "b.yaml", file_data(rule(name="other-rule")))
    with pytest.raises(RuleLoadError) as info:
        load_rules([first, second])
    assert str(info.value) == f"{second}: rule DEM101: key 'code': duplicate code 'DEM101' (also in {first})"


def test_duplicate_code_in_one_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", file_data(rule(), rule(name="other-rule")))
    assert load_error(path) == f"{path}: rule DEM101: key 'code': duplicate code 'DEM101' (also in {path})"


def test_duplicate_name(tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", file_data(rule(), rule(code="DEM102")))
    assert load_error(path) == f"{path}: rule DEM102: key 'name': duplicate name 'demo-rule' (also in {path})"


def test_first_broken_rule_in_file_order_is_reported(tmp_path: Path) -> None:
    # Rules #3 and #11 are broken: the message is about #3, not #11 (indexes "10" < "2" as text).
    specs = [rule(code=f"DEM{100 + i}", name=f"rule-{i}") for i in range(12)]
    specs[2]["fix"] = "maybe"
    specs[10]["severity"] = "fatal"
    path = write(tmp_path / "a.yaml", file_data(*specs))
    assert load_error(path).startswith(f"{path}: rule DEM102: key 'fix': ")


def test_rule_directory_is_loaded_recursively_in_name_order(tmp_path: Path) -> None:
    write(tmp_path / "b.yaml", file_data(rule(code="DEM102", name="b")))
    write(tmp_path / "a.yml", file_data(rule(code="DEM101", name="a")))
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "c.yaml", file_data(rule(code="DEM103", name="c")))
    # Not rule files: other extensions, hidden and private directories.
    (tmp_path / "notes.txt").write_text("not yaml")
    for skipped in (".hidden", "_private"):
        (tmp_path / skipped).mkdir()
        write(tmp_path / skipped / "x.yaml", "this: is: not: valid")
    assert [r.code for r in load_rules([tmp_path])] == ["DEM101", "DEM102", "DEM103"]
    assert rule_files(tmp_path / "b.yaml") == [tmp_path / "b.yaml"]


def test_file_and_rule_lists_feed_patterns(tmp_path: Path) -> None:
    spec = rule(
        pattern=r"\L<fruit>|\L<veg>", lists={"veg": ["leek"]}, message="No {match}", replace=None, fix="none"
    )
    path = write(tmp_path / "a.yaml", file_data(spec, lists={"fruit": ["apple", "pear"]}))
    (loaded,) = load_rules([path])
    found = lint(Document("An apple, a leek and a plum."), [loaded])
    assert [d.message for d in found] == ["No apple", "No leek"]


# --- the shipped schema and rules ---------------------------------------------------------


def test_shipped_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json.loads(schema_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert jsonschema.validators.validator_for(schema) is jsonschema.Draft202012Validator


def test_schema_knows_exactly_the_implemented_kinds() -> None:
    rule_schema = json.loads(schema_text())["$defs"]["rule"]
    assert rule_schema["properties"]["kind"]["enum"] == list(KINDS)
    # Kinds with keys of their own have a branch; a kind without one takes only common keys.
    branches = [b["if"]["properties"]["kind"]["const"] for b in rule_schema["allOf"]]
    assert len(branches) == len(set(branches)) and set(branches) <= set(KINDS)


def test_schema_rejects_what_the_loader_reports() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    assert validator.is_valid(file_data())
    assert not validator.is_valid(file_data(rule(patern="x")))
    assert not validator.is_valid(file_data(rule(kind="magic")))
    assert not validator.is_valid(file_data(rule(summary=None)))


SHIPPED = rule_files(default_rules_dir())


@pytest.mark.parametrize("source", SHIPPED, ids=[s.name for s in SHIPPED])
def test_shipped_rule_file_validates(source: Path) -> None:
    validator = jsonschema.Draft202012Validator(json.loads(schema_text()))
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(data)] == []


def test_shipped_rules_load_with_unique_codes_and_names() -> None:
    rules = load_default_rules()
    assert len(SHIPPED) >= 3
    assert len(rules) == len({r.code for r in rules}) == len({r.name for r in rules})
    assert all(regex.fullmatch(r"[A-Z]{2,4}\d{3}", r.code) for r in rules)


# --- runaway patterns ---------------------------------------------------------------------

RUNAWAY = "(?:a|aa)+$"


def test_runaway_pattern_times_out_naming_the_rule(tmp_path: Path) -> None:
    path = write(
        tmp_path / "runaway.yaml",
        file_data(
            rule(code="RUN101", name="runaway", pattern=RUNAWAY, replace=None, fix="none", message="m")
        ),
    )
    rules = load_rules([path])
    started = time.monotonic()
    with pytest.raises(RuleTimeout) as info:
        lint(Document("a" * 60 + "b"), rules, timeout=0.05)
    assert time.monotonic() - started < 5, "the timeout must stop the match, not the test runner"
    assert info.value.rule is rules[0]
    message = str(info.value)
    assert message.startswith("rule RUN101 (runaway) timed out after 0.05s")
    assert str(path) in message and "\n" not in message


@pytest.mark.parametrize(
    "make",
    [
        lambda: line_rule(code="RUN101", name="runaway", pattern=RUNAWAY.removesuffix("$"), fix="none"),
        lambda: rule(code="RUN101", name="runaway", pattern=RUNAWAY, fix="none", replace=None),
    ],
    ids=["line", "pattern"],
)
def test_every_regex_kind_honours_the_timeout(tmp_path: Path, make: Callable[[], dict[str, Any]]) -> None:
    rules = load_rules([write(tmp_path / "r.yaml", file_data(make()))])
    with pytest.raises(RuleTimeout, match="RUN101"):
        lint(Document("a" * 60 + "b"), rules, timeout=0.05)


def test_a_fast_pattern_is_not_affected_by_a_small_timeout(tmp_path: Path) -> None:
    rules = load_rules([write(tmp_path / "r.yaml", file_data())])
    found = lint(Document("a foo " * 200), rules, timeout=0.05)
    assert len(found) == 200
