"""Configuration files: discovery, validation with named keys, origins of values."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslint.config import ConfigError, describe, find_config_file, load_config


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "name,text",
    [
        (".newslint.yaml", "ignore: [NUM103]\nmonths: full\n"),
        (".newslint.toml", 'ignore = ["NUM103"]\nmonths = "full"\n'),
        ("pyproject.toml", '[project]\nname = "x"\n[tool.newslint]\nignore = ["NUM103"]\nmonths = "full"\n'),
    ],
)
def test_each_format_is_read(tmp_path: Path, name: str, text: str) -> None:
    config = load_config(write(tmp_path / name, text))
    assert config["ignore"] == ["NUM103"] and config["months"] == "full"
    assert config.origins["ignore"] == str(tmp_path / name)
    assert config.origins["select"] == "default"


def test_nearest_file_wins_and_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    top = write(tmp_path / ".newslint.toml", "")
    write(tmp_path / "desk" / "pyproject.toml", '[project]\nname = "x"\n')
    near = write(tmp_path / "desk" / "drafts" / ".newslint.yaml", "{}\n")
    story = write(tmp_path / "desk" / "drafts" / "story.md", "text")
    assert find_config_file(story) == near
    assert find_config_file(tmp_path / "desk" / "other.txt") == top


def test_yaml_beats_toml_beats_pyproject_in_one_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.newslint]\n")
    write(tmp_path / ".newslint.toml", "")
    assert find_config_file(tmp_path) == tmp_path / ".newslint.toml"
    write(tmp_path / ".newslint.yaml", "{}\n")
    assert find_config_file(tmp_path / "x.txt") == tmp_path / ".newslint.yaml"


@pytest.mark.parametrize(
    "text,key,message",
    [
        ("ignroe: [NUM103]\n", "ignroe", "unknown setting"),
        ("ignore: NUM103\n", "ignore", "is not of type 'array'"),
        ("months: short\n", "months", "is not one of"),
        ("severity: {NUM101: fatal}\n", "severity.NUM101", "is not one of"),
        ("per-file-ignores: {'*.md': [12]}\n", "per-file-ignores.*.md.0", "is not of type 'string'"),
        ("include: [txt]\n", "include.0", "does not match"),
    ],
)
def test_invalid_settings_name_file_and_key(tmp_path: Path, text: str, key: str, message: str) -> None:
    path = write(tmp_path / ".newslint.yaml", text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}: key '{key}': ")
    assert message in str(info.value)


@pytest.mark.parametrize(
    "name,text",
    [(".newslint.yaml", "ignore: [\n"), (".newslint.toml", "ignore = [\n"), (".newslint.yaml", "- a\n")],
)
def test_unparsable_files_are_errors(tmp_path: Path, name: str, text: str) -> None:
    path = write(tmp_path / name, text)
    with pytest.raises(ConfigError, match=f"^{path}: "):
        load_config(path)


def test_rule_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    config = load_config(write(tmp_path / "desk" / ".newslint.yaml", "extend-rules: [house]\n"))
    assert config["extend-rules"] == [str((tmp_path / "desk" / "house").resolve())]


def test_describe_names_origins(tmp_path: Path) -> None:
    path = write(tmp_path / ".newslint.yaml", "spelling: british\n")
    text = describe(load_config(path).override("command line", ignore=["CAP"]))
    assert f'spelling = "british"  # {path}' in text
    assert 'ignore = ["CAP"]  # command line' in text
    assert 'months = "abbreviated"  # default' in text


from hypothesis import given
from hypothesis import strategies as st

_PART = st.sampled_from(["build", "drafts", "a", "x.txt", "story.md", "dist", "scratch", "node_modules", ""])
_GLOB = st.sampled_from(["build", "*.md", "drafts/*", "draft?", "*/scratch", "x.*", "a/b", "dist/", "**/x.txt"])


@given(st.lists(_PART, min_size=1, max_size=5), _GLOB)
def test_excluded_files_are_matched_through_their_directory(parts: list[str], pattern: str) -> None:
    """Workspace.excluded matches a file's directory once and then its last part: the same answer."""
    from newslint.globs import last_part_matchers, matches

    relative = "/".join(parts)
    parent, _, name = relative.rpartition("/")
    # The patterns of a configuration are asked about together, in one expression.
    patterns = (pattern, "zz*/q?")
    whole, last = last_part_matchers(patterns)
    split = any(bool(parent) and matches(parent, p) for p in patterns) or bool(
        whole and whole.match(relative) or last and last.match(name)
    )
    assert split == any(matches(relative, p) for p in patterns)


def test_discovery_lists_what_a_walk_of_the_tree_would(tmp_path: Path) -> None:
    """Files in order, hidden and excluded directories pruned, linked directories not entered,
    and a link to a file judged by where it points, as os.walk and per-file checks would."""
    import os

    from newslint.workspace import Workspace

    root = tmp_path / "tree"
    write(root / ".newslint.yaml", "extend-exclude: [drafts, '*.bak.txt']\n")
    for name in ("b.txt", "a.md", "c.bak.txt", "notes.rst", ".hidden.txt", "z/deep/y.txt", "z/x.txt"):
        write(root / name, "Text.\n")
    for name in ("drafts/d.txt", ".git/e.txt", "sub/.newslint.yaml", "sub/s.txt"):
        write(root / name, "ignore: [NUM]\n" if name.endswith(".yaml") else "Text.\n")
    (root / "link-to-draft.txt").symlink_to(root / "drafts" / "d.txt")
    (root / "link-to-z").symlink_to(root / "z", target_is_directory=True)
    (root / "broken.txt").symlink_to(root / "nowhere.txt")

    workspace = Workspace(isolated=False)
    expected = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not workspace.excluded(here / d))
        include = tuple(workspace.config_for(here / "x.txt")["include"])
        expected += [
            here / name for name in sorted(filenames)
            if name.lower().endswith(include) and not name.startswith(".") and not workspace.excluded(here / name)
        ]
    found = list(Workspace(isolated=False).discover([root]))
    assert found == expected
    assert root / "link-to-draft.txt" not in found and root / "b.txt" in found
    assert not any("link-to-z" in str(path) for path in found)
