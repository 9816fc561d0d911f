"""The rule cache: where it lives, that it can be switched off, and that nothing in it can
change a result or stop a run (corrupt, foreign, unwritable or stale entries)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint.api import check_text
from newslint.cli import main
from newslint.loader import RuleLoadError, load_default_rules, load_rules
from newslint.rulecache import FORMAT, RuleCache, code_stamp, default_directory, dump_checker, load_checker
from newslint.selection import select_rules
from tests.helpers import pattern_rule_yaml

STORY = "Police said 1.200 people marched.\n© 2025 Thomson/Reuters. All rights reserved.\n"


def _entries(directory: Path) -> list[Path]:
    return sorted((directory / f"rules-v{FORMAT}").glob("*.entry"))


def _check(env: dict[str, str], story: Path, *args: str) -> tuple[int, str]:
    result = CliRunner(env=env).invoke(main, ["check", "--isolated", *args, str(story)])
    return result.exit_code, result.stdout


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def test_the_cache_lives_where_newslint_cache_dir_says(tmp_path: Path, story: Path) -> None:
    cache = tmp_path / "cache"
    first = _check({"NEWSLINT_CACHE_DIR": str(cache)}, story)
    assert len(_entries(cache)) == len(list((Path(__file__).parent.parent / "rules").glob("*.yaml")))
    assert _check({"NEWSLINT_CACHE_DIR": str(cache)}, story) == first
    assert first[0] == 1 and "NUM101" in first[1] and "WIR101" in first[1]


def test_the_default_directory_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NEWSLINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if os.name == "posix" and not os.uname().sysname == "Darwin":
        assert default_directory() == tmp_path / "newslint"


def test_no_cache_flag_and_environment_write_nothing(tmp_path: Path, story: Path) -> None:
    cache = tmp_path / "cache"
    with_flag = _check({"NEWSLINT_CACHE_DIR": str(cache)}, story, "--no-cache")
    assert not cache.exists()
    with_env = _check({"NEWSLINT_CACHE_DIR": str(cache), "NEWSLINT_NO_CACHE": "1"}, story)
    assert not cache.exists()
    assert with_flag == with_env == _check({"NEWSLINT_CACHE_DIR": str(cache)}, story)


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: b"",
        lambda raw: raw[: len(raw) // 2],  # a write cut short
        lambda raw: raw.replace(b"NUM101", b"NUM999"),  # a checksum that no longer fits
        lambda raw: b"\xff\xfe not a pickle at all",
    ],
)
def test_a_damaged_entry_is_ignored_and_rebuilt(tmp_path: Path, story: Path, damage) -> None:  # type: ignore[no-untyped-def]
    cache = tmp_path / "cache"
    env = {"NEWSLINT_CACHE_DIR": str(cache)}
    expected = _check(env, story, "--no-cache")
    _check(env, story)
    for entry in _entries(cache):
        entry.write_bytes(damage(entry.read_bytes()))
    assert _check(env, story) == expected
    assert _check(env, story) == expected  # and the rebuilt entries serve again


def test_an_entry_naming_any_class_is_refused(tmp_path: Path) -> None:
    import datetime

    cache = RuleCache(tmp_path)
    cache.put("k", {"when": datetime.date(2026, 12, 6)})
    assert cache.get("k") is None
    assert not _entries(tmp_path)  # not even written: it would be refused at every run


def test_an_entry_of_the_wrong_shape_with_a_good_checksum_is_ignored(tmp_path: Path) -> None:
    cache = RuleCache(tmp_path)
    rule_file = tmp_path / "house.yaml"
    rule_file.write_text(pattern_rule_yaml("TST001", r"\bteh\b", "the"), encoding="utf-8")
    cache.put(cache.key(rule_file.read_bytes()), {"data": {"rules": "nonsense"}, "rules": 3})
    [rule] = load_rules([rule_file], cache)
    assert check_text("teh end", [rule]).diagnostics


def test_an_unwritable_cache_is_no_error(tmp_path: Path, story: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    env = {"NEWSLINT_CACHE_DIR": str(blocker)}
    assert _check(env, story) == _check(env, story, "--no-cache")


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file ownership is POSIX")
def test_an_entry_others_can_write_is_not_trusted(tmp_path: Path) -> None:
    cache = RuleCache(tmp_path)
    cache.put("k", {"a": 1})
    assert cache.get("k") == {"a": 1}
    entry = tmp_path / f"rules-v{FORMAT}" / "k.entry"
    entry.chmod(0o666)
    assert cache.get("k") is None


def test_an_edited_rule_file_is_loaded_afresh_and_fails_loudly(tmp_path: Path) -> None:
    cache = RuleCache(tmp_path / "cache")
    rule_file = tmp_path / "house.yaml"
    rule_file.write_text(pattern_rule_yaml("TST001", r"\bteh\b", "the"), encoding="utf-8")
    [old] = load_rules([rule_file], cache)
    rule_file.write_text(pattern_rule_yaml("TST001", r"\bthier\b", "their"), encoding="utf-8")
    [new] = load_rules([rule_file], cache)
    assert not check_text("teh", [new]).diagnostics and check_text("thier", [new]).diagnostics
    rule_file.write_text(pattern_rule_yaml("TST001", r"(thier", "their"), encoding="utf-8")
    with pytest.raises(RuleLoadError, match=r"rule TST001: key 'pattern': invalid regular expression"):
        load_rules([rule_file], cache)
    assert check_text("teh", [old]).diagnostics


def test_a_changed_loading_module_changes_the_code_stamp(tmp_path: Path) -> None:
    package = tmp_path / "newslint"
    (package / "kinds").mkdir(parents=True)
    (package / "schema").mkdir()
    module, kind, schema = package / "build.py", package / "kinds" / "pattern.py", package / "schema" / "rules.json"
    for path in (module, kind, schema):
        path.write_text("x = 1\n", encoding="utf-8")
    (package / "notes.txt").write_text("not code\n", encoding="utf-8")
    first = code_stamp(package)
    assert code_stamp(package) == first
    (package / "notes.txt").write_text("still not code\n", encoding="utf-8")
    assert code_stamp(package) == first
    stamps = {first}
    for path in (module, kind, schema):
        path.write_text("x = 22\n", encoding="utf-8")  # another size
        stamps.add(code_stamp(package))
    status = module.stat()
    os.utime(module, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))  # same size, later
    stamps.add(code_stamp(package))
    (package / "kinds" / "added.py").write_text("", encoding="utf-8")
    stamps.add(code_stamp(package))
    assert len(stamps) == 6


def test_every_shipped_checker_survives_the_cache_codec() -> None:
    for rule in load_default_rules():
        blob = dump_checker(rule.checker)
        assert blob is not None, rule.code
        restored = load_checker(blob)
        assert type(restored) is type(rule.checker)
        before, after = rule.checker.pattern, restored.pattern
        if before is not None:
            assert (after.pattern, after.flags, after.named_lists) == (before.pattern, before.flags, before.named_lists)


def test_the_codec_builds_nothing_but_checkers() -> None:
    class Evil:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (os.system, ("echo pwned",))

    with pytest.raises(pickle.UnpicklingError, match="not allowed"):
        load_checker(pickle.dumps(Evil()))


def test_a_damaged_checker_blob_compiles_the_rule_again(tmp_path: Path) -> None:
    cache = RuleCache(tmp_path)
    cold = select_rules(load_default_rules(cache), ("ALL",))
    for entry in _entries(tmp_path):
        data = cache.get(entry.stem)
        assert data is not None
        for learned in data["rules"]:
            learned["checker"] = b"not a pickle"
        cache.put(entry.stem, data)
    warm = select_rules(load_default_rules(cache), ("ALL",))
    text = "Police said 1.200 people marched on Oct 7, up 12 pct.\n"
    key = [(d.code, d.start, d.end, d.message) for d in check_text(text, cold).diagnostics]
    assert [(d.code, d.start, d.end, d.message) for d in check_text(text, warm).diagnostics] == key


def test_newslint_clean_removes_the_cache(tmp_path: Path, story: Path) -> None:
    cache = tmp_path / "cache"
    env = {"NEWSLINT_CACHE_DIR": str(cache)}
    _check(env, story)
    assert cache.exists()
    result = CliRunner(env=env).invoke(main, ["clean"])
    assert (result.exit_code, result.stdout) == (0, f"Removed {cache}.\n")
    assert not cache.exists()
    again = CliRunner(env=env).invoke(main, ["clean"])
    assert (again.exit_code, again.stdout) == (0, f"No cache at {cache}.\n")


def test_newslint_rule_shows_what_triggers_a_rule() -> None:
    page = CliRunner().invoke(main, ["rule", "NUM103"]).stdout
    assert "Triggers:  '00000' (any case; 0 stands for any digit; stories without them skip the rule)" in page
    page = CliRunner().invoke(main, ["rule", "NUM101"]).stdout
    assert "Triggers:  one of 'men', 'cars', " in page and " more; and '.000' (any case;" in page
    assert "Triggers:  none (runs on every story)" in CliRunner().invoke(main, ["rule", "CAP103"]).stdout


def test_no_cache_keeps_the_scanner_database_out_of_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("hyperscan", reason="Hyperscan is installed by the test extra only")
    from newslint import prefilter

    monkeypatch.setattr(prefilter, "SCAN_AFTER", 16)  # whatever the default: a scanner after 16 stories
    monkeypatch.setattr(prefilter, "COMPILE_AFTER", 20)  # a run this long compiles a scanner
    stories = tmp_path / "stories"
    stories.mkdir()
    for n in range(24):  # more than a prefilter serves before it builds its scanner
        (stories / f"story-{n:02d}.txt").write_text(STORY, encoding="utf-8")
    for flags, kept in ((["--no-cache"], False), ([], True)):
        cache = tmp_path / f"cache-{kept}"
        result = CliRunner(env={"NEWSLINT_CACHE_DIR": str(cache)}).invoke(
            main, ["check", "--isolated", "--jobs", "1", *flags, str(stories)]
        )
        assert result.exit_code == 1, result.output
        assert result.stdout.count("NUM101") == 24
        assert bool(list(cache.rglob("scan-*.entry"))) is kept
