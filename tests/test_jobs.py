"""``newslint check --jobs``: the same output, files and exit code as one process, in every mode."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newslint import run
from newslint.run import MIN_FILES_FOR_POOL

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "blinken-middle-east-trip.txt").read_text(encoding="utf-8")
STORIES = [
    SEED,
    "OIL PRICES RISE SHARPLY\n\nOil rose 12 pct to 18.50 dlrs, traders said on Monday.\n",
    "# Markets wrap\n\nShares in Acme Inc. fell 1.200 points, the exchange said.\n",
    "Clean copy: the minister said nothing of note.\n",
    "The cease-fire held. About 12000 people marched, police said.\n Reuter\n\x03",
]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """More files than the pool threshold, in nested directories, in an order worth keeping."""
    root = tmp_path / "copy"
    for i in range(MIN_FILES_FOR_POOL + 9):
        folder = root / f"desk{i % 3}" / ("sub" if i % 4 == 0 else "")
        folder.mkdir(parents=True, exist_ok=True)
        suffix = ".md" if STORIES[i % len(STORIES)].startswith("#") else ".txt"
        (folder / f"story{i:02d}{suffix}").write_text(STORIES[i % len(STORIES)], encoding="utf-8")
    return root


def newslint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newslint", "check", "--isolated", *args],
        cwd=cwd, capture_output=True, text=True, env=_env(),
    )


def _env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env.pop("FORCE_COLOR", None)
    return env


@pytest.mark.parametrize(
    "options",
    [
        [],
        ["--output-format", "json"],
        ["--output-format", "sarif"],
        ["--output-format", "junit"],
        ["--output-format", "concise"],
        ["--output-format", "json-lines"],
        ["--statistics"],
        ["--show-fixes"],
        ["--diff"],
        ["--select", "NUM", "--output-format", "github"],
    ],
    ids=lambda o: " ".join(o) or "text",
)
def test_two_jobs_print_what_one_job_prints(tree: Path, options: list[str]) -> None:
    one = newslint(*options, "--jobs", "1", ".", cwd=tree)
    two = newslint(*options, "--jobs", "2", ".", cwd=tree)
    assert one.returncode == 1
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)


def test_two_jobs_print_in_colour_what_one_job_prints(tree: Path) -> None:
    """Workers print the findings of the line-by-line formats themselves: colours too."""
    one = subprocess.run(
        [sys.executable, "-m", "newslint", "check", "--isolated", "--jobs", "1", "."],
        cwd=tree, capture_output=True, text=True, env={**_env(), "FORCE_COLOR": "1"},
    )
    two = subprocess.run(
        [sys.executable, "-m", "newslint", "check", "--isolated", "--jobs", "2", "."],
        cwd=tree, capture_output=True, text=True, env={**_env(), "FORCE_COLOR": "1"},
    )
    assert "\x1b[" in one.stdout
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)


def test_two_jobs_fix_files_as_one_job_does(tree: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(tree, other)
    one = newslint("--fix", "--jobs", "1", ".", cwd=tree)
    two = newslint("--fix", "--jobs", "2", ".", cwd=other)
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)
    for path in sorted(tree.rglob("*.*")):
        assert (other / path.relative_to(tree)).read_bytes() == path.read_bytes(), path


def test_a_bad_configuration_deep_in_the_tree_stops_both_alike(tree: Path) -> None:
    late = tree / "desk2" / "zz"
    late.mkdir()
    (late / ".newslint.yaml").write_text("selekt: [NUM]\n", encoding="utf-8")
    (late / "story.txt").write_text(SEED, encoding="utf-8")
    one = subprocess.run(
        [sys.executable, "-m", "newslint", "check", "--jobs", "1", "."], cwd=tree, capture_output=True, text=True, env=_env()
    )
    two = subprocess.run(
        [sys.executable, "-m", "newslint", "check", "--jobs", "2", "."], cwd=tree, capture_output=True, text=True, env=_env()
    )
    assert one.returncode == two.returncode == 2
    assert one.stderr == two.stderr
    assert "selekt" in two.stderr and two.stderr.count("\n") == 1


def test_a_few_files_never_start_a_pool(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import newslint.parallel

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pool for a small run")

    monkeypatch.setattr(newslint.parallel, "ordered_map", refuse)
    from newslint.run import CheckOptions, report_paths
    from newslint.workspace import Workspace

    files = sorted(tree.rglob("*.txt"))[: MIN_FILES_FOR_POOL - 1]
    reports = list(report_paths(Workspace(isolated=True), files, CheckOptions(), jobs=8))
    assert [r.path for r in reports] == [str(f) for f in files]
    assert run.MIN_FILES_FOR_POOL == MIN_FILES_FOR_POOL


def test_a_report_crosses_processes_whole_but_for_its_rules() -> None:
    import pickle

    from newslint.api import FileResult, check_text
    from newslint.loader import load_default_rules
    from newslint.output import file_report

    rules = load_default_rules()
    levels = set()
    for text in STORIES:
        result = check_text(text, rules)
        report = file_report(FileResult("desk/story.txt", result, None, None))
        levels |= {e.applicability for e in report.entries}
        sent = pickle.loads(pickle.dumps(report.portable()))
        back = sent[0].unpacked(sent[1])
        assert back == report._replace(entries=tuple(e._replace(rule=None) for e in report.entries))
    assert None in levels and len(levels) > 2  # findings without a fix, and fixes of two kinds
