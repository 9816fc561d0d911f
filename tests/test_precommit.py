"""The published pre-commit hooks, run by real pre-commit on real commits.

The hook repository is a snapshot of this checkout (tracked and untracked-but-not-ignored
files, as ``pre-commit try-repo`` takes a dirty repo), so uncommitted changes are tested.
The hook environment is built once per module from PyPI.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _pre_commit_cmd() -> list[str] | None:
    if importlib.util.find_spec("pre_commit") is not None:
        return [sys.executable, "-m", "pre_commit"]
    exe = shutil.which("pre-commit")
    return [exe] if exe else None


PRE_COMMIT = _pre_commit_cmd()

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git on PATH"),
    pytest.mark.skipif(PRE_COMMIT is None, reason="needs pre-commit (pip install '.[test]')"),
]


Env = dict[str, str]
HookRepo = tuple[Path, str]


def _run(cmd: list[str], cwd: Path, env: Env, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing output; on an unexpected failure, show that output."""
    proc = subprocess.run(cmd, cwd=cwd, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if check and proc.returncode != 0:
        pytest.fail(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout}")
    return proc


def _git_init(path: Path, env: Env) -> None:
    """An empty repository with its own committer identity."""
    path.mkdir(parents=True, exist_ok=True)
    _run(["git", "init", "-q"], path, env)
    _run(["git", "config", "user.name", "newslint tests"], path, env)
    _run(["git", "config", "user.email", "tests@newslint.invalid"], path, env)
    _run(["git", "config", "commit.gpgsign", "false"], path, env)


def _clean_environ() -> Env:
    """os.environ less GIT_* variables (set when pytest itself runs inside a git hook)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Env:
    """No GIT_* variables, no user or system git config, a private PRE_COMMIT_HOME.

    HOME is kept, so pip's user config still applies when the hook environment is built. (pre-commit
    drops GIT_CONFIG_GLOBAL when it clones the hook repo; that clone of a local path is all it affects.)
    """
    base = {k: v for k, v in _clean_environ().items() if not k.startswith("PRE_COMMIT") and k != "SKIP"}
    base.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")),
    )
    return base


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: Env) -> HookRepo:
    """A git repository holding a snapshot of this checkout's working tree, and its HEAD sha."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        env=_clean_environ(),
        capture_output=True,
    )
    if listed.returncode != 0:  # e.g. tests run from an unpacked sdist
        pytest.skip(f"needs a git checkout: {listed.stderr.decode().strip()}")
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in os.fsdecode(listed.stdout).split("\0"):
        source = ROOT / name
        if name and source.is_file():  # -c also lists tracked files deleted from the tree
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    _git_init(repo, env)
    _run(["git", "add", "-A"], repo, env)
    _run(["git", "commit", "-q", "--no-verify", "-m", "snapshot"], repo, env)
    sha = _run(["git", "rev-parse", "HEAD"], repo, env).stdout.strip()
    return repo, sha


def _editorial_repo(path: Path, hook_id: str, hook_repo: HookRepo, env: Env) -> Path:
    """A repository whose committed .pre-commit-config.yaml uses one hook, installed as its git hook."""
    _git_init(path, env)
    repo, sha = hook_repo
    # JSON strings are YAML scalars, so any temporary path is quoted safely.
    (path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {json.dumps(str(repo))}\n    rev: {sha}\n    hooks:\n      - id: {hook_id}\n",
        encoding="utf-8",
    )
    assert PRE_COMMIT is not None
    _run([*PRE_COMMIT, "install", "--install-hooks"], path, env)
    _run(["git", "add", ".pre-commit-config.yaml"], path, env)
    _run(["git", "commit", "-q", "-m", "Add pre-commit config"], path, env)
    return path


def _commit(path: Path, env: Env) -> subprocess.CompletedProcess[str]:
    return _run(["git", "commit", "-m", "Add story"], path, env, check=False)


def _commits(path: Path, env: Env) -> int:
    return int(_run(["git", "rev-list", "--count", "HEAD"], path, env).stdout)


def test_check_hook_refuses_bad_copy(tmp_path: Path, hook_repo: HookRepo, env: Env) -> None:
    """`newslint` blocks a commit with a finding and leaves the file alone."""
    repo = _editorial_repo(tmp_path / "desk", "newslint", hook_repo, env)
    story = repo / "story.txt"
    story.write_text("The march drew 1.200 people.\n", encoding="utf-8")
    _run(["git", "add", "story.txt"], repo, env)

    result = _commit(repo, env)

    assert result.returncode != 0, result.stdout
    assert "NUM101" in result.stdout
    assert story.read_text(encoding="utf-8") == "The march drew 1.200 people.\n"
    assert _commits(repo, env) == 1


def test_fix_hook_fixes_then_accepts(tmp_path: Path, hook_repo: HookRepo, env: Env) -> None:
    """`newslint-fix` rewrites the file and refuses the commit; staging the fix lets it through."""
    repo = _editorial_repo(tmp_path / "desk", "newslint-fix", hook_repo, env)
    story = repo / "story.md"
    story.write_text("# March\n\nThe march drew 1.200 people.\n", encoding="utf-8")
    _run(["git", "add", "story.md"], repo, env)

    first = _commit(repo, env)

    assert first.returncode != 0, first.stdout
    assert "files were modified by this hook" in first.stdout
    assert story.read_text(encoding="utf-8") == "# March\n\nThe march drew 1,200 people.\n"
    assert _commits(repo, env) == 1

    _run(["git", "add", "story.md"], repo, env)
    second = _commit(repo, env)

    assert second.returncode == 0, second.stdout
    assert _commits(repo, env) == 2
    committed = _run(["git", "show", "HEAD:story.md"], repo, env).stdout
    assert "1,200 people" in committed
