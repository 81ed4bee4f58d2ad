"""Helpers shared by the tests: running keraslint in-process and as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from keraslint.cli import main
from keraslint.engine import mentions_keras
from keraslint.rule import Rule, all_rules

REPOSITORY = Path(__file__).resolve().parent.parent

# A file that mentions Keras but has nothing a rule could flag: no model, no data.
CLEAN_SCRIPT = "import keras\n\nprint(keras.__version__)\n"
# Mentions Keras (so it is not skipped) and does not parse: a comma is missing on line 3.
BROKEN_SCRIPT = "import keras\n\nmodel.fit(x y)\n"


def run_cli(*args: str) -> Result:
    """`keraslint ARGS` in this process, so that tests can monkeypatch keraslint."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def run_process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m keraslint ARGS` as a separate process, as users and CI run it."""
    return subprocess.run(
        [sys.executable, "-m", "keraslint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def json_findings(output: str) -> list[dict]:
    findings = json.loads(output)
    assert isinstance(findings, list)
    return findings


@pytest.fixture
def flagged_example() -> tuple[type[Rule], str]:
    """A rule and one of its INVALID examples: a script on which that rule reports a finding."""
    for rule in all_rules():
        for example in rule.INVALID:
            if mentions_keras(example):
                return rule, example
    pytest.skip("no rule has an INVALID example that mentions Keras yet")
