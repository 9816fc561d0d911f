"""The launcher: the command line is imported with the collector paused, and run with it on."""

from __future__ import annotations

import gc
import sys
import tomllib
from pathlib import Path

import pytest

from newslint import launch

ROOT = Path(__file__).resolve().parents[1]


def test_the_work_runs_with_the_collector_on_and_exit_freezes(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    registered: list[object] = []
    monkeypatch.setattr("newslint.cli.main", lambda: seen.append(gc.isenabled()))
    monkeypatch.setattr(launch.atexit, "register", registered.append)
    try:
        launch.main()
    finally:
        gc.unfreeze()
    assert seen == [True]
    assert registered == [gc.freeze]
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    monkeypatch.setattr("newslint.cli.main", lambda: seen.append(gc.isenabled()))
    monkeypatch.setattr(launch.atexit, "register", lambda _: None)
    gc.disable()
    try:
        launch.main()
    finally:
        gc.enable()
        gc.unfreeze()
    assert seen == [False]


def test_console_script_and_module_both_start_through_the_launcher() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["newslint"] == "newslint.launch:main"
    assert "from newslint.launch import main" in (ROOT / "newslint" / "__main__.py").read_text(encoding="utf-8")


def test_module_run_checks_a_story(tmp_path: Path) -> None:
    import subprocess

    story = tmp_path / "story.txt"
    story.write_text("About 1.200 people attended.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "newslint", "check", "--isolated", str(story)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert ":1:7: NUM101 " in done.stdout
