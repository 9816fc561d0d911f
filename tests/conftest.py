"""Shared fixtures: the shipped ruleset and the location of ../shared."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from newslint.loader import load_default_rules
from newslint.rule import Rule

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def _private_rule_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The CLI caches loaded rule files: tests use a cache of their own, never the user's."""
    previous = os.environ.get("NEWSLINT_CACHE_DIR")
    os.environ["NEWSLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("rule-cache"))
    yield
    if previous is None:
        del os.environ["NEWSLINT_CACHE_DIR"]
    else:
        os.environ["NEWSLINT_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def all_rules() -> list[Rule]:
    return load_default_rules()


def shared_path(relative: str) -> Path:
    """A file under ../shared, or skip: a user's clone has no ../shared beside it."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"needs ../shared/{relative} (present in CI, not in a user's clone)")
    return path

