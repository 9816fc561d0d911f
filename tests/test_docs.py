"""Documentation stays true: the generated rule reference, the README's tables and commands."""

from __future__ import annotations

import os
import re

from newslint import ruledocs
from newslint.kinds import KINDS
from newslint.loader import load_default_rules
from newslint.selection import select_rules
from newslint.transforms import TRANSFORMS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_rule_reference_is_current() -> None:
    expected = ruledocs.render(select_rules(load_default_rules(), ["ALL"]))
    path = ROOT / "docs" / "rules.md"
    if os.environ.get("NEWSLINT_UPDATE_GOLDEN") == "1":
        path.write_bytes(expected.encode("utf-8"))
    assert path.read_bytes().decode("utf-8") == expected, (
        "docs/rules.md is stale: run 'newslint rules --format markdown > docs/rules.md'"
    )


def test_readme_documents_every_kind_and_transform() -> None:
    for kind in KINDS:
        assert f"| `{kind}` |" in README, f"kind {kind} is missing from the README"
    for name in TRANSFORMS:
        assert f"`{name}`" in README, f"transform {name} is missing from the README"


def test_ci_runs_the_readme_test_command() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    test_command = next(b.strip() for b in blocks if "pytest" in b and "venv" in b)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    # CI makes the venv itself; the rest of the README command must be there verbatim.
    assert test_command.split("&& ", 2)[2] in ci
