"""Golden test over seeds/: the check report and the fixed text are compared byte for byte.

Regenerate after an intended change with ``NEWSLINT_UPDATE_GOLDEN=1 python -m pytest tests/test_seeds.py``
and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from newslint.cli import main
from tests.conftest import ROOT

SEEDS = ROOT / "seeds"
ARTICLES = sorted(SEEDS.glob("*.txt"))
UPDATE = os.environ.get("NEWSLINT_UPDATE_GOLDEN") == "1"


def _golden(path: Path, actual: bytes) -> None:
    if UPDATE:
        path.write_bytes(actual)
    assert path.exists(), f"missing golden file {path.name}; run with NEWSLINT_UPDATE_GOLDEN=1"
    assert actual == path.read_bytes()


@pytest.mark.parametrize("article", ARTICLES, ids=[a.name for a in ARTICLES])
def test_check_report(article: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["check", f"seeds/{article.name}"])
    assert result.exit_code == 1
    _golden(article.with_suffix(".report"), result.stdout.encode())


@pytest.mark.parametrize("article", ARTICLES, ids=[a.name for a in ARTICLES])
def test_fixed_text(article: Path, tmp_path: Path) -> None:
    copy = tmp_path / article.name
    shutil.copyfile(article, copy)
    result = CliRunner().invoke(main, ["check", "--fix", str(copy)])
    assert result.exit_code == 1  # files changed
    _golden(article.with_suffix(".fixed"), copy.read_bytes())


def test_seed_is_the_original_article() -> None:
    shared = ROOT.parent / "shared" / "seeds" / "000_dd5bf07d3bc52eb6.txt"
    if not shared.exists():
        pytest.skip("needs ../shared/seeds (present in CI, not in a user's clone)")
    assert (SEEDS / "blinken-middle-east-trip.txt").read_bytes() == shared.read_bytes()


def test_seed_findings_the_issue_asks_for() -> None:
    report = (SEEDS / "blinken-middle-east-trip.report").read_text()
    assert ":3:97: NUM101 [*]" in report and "'1.200' -> '1,200'" in report
    assert ":9:1: WIR101 [*]" in report
    fixed = (SEEDS / "blinken-middle-east-trip.fixed").read_text()
    assert "at least 1,200 Israeli citizens" in fixed and "1.200" not in fixed
    assert "All rights reserved" not in fixed and fixed.endswith("said the official.\n")
