"""Helpers shared by the tests: running keraslint in-process and as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from keraslint.cli import main
from keraslint.engine import mentions_keras
from keraslint.rule import Rule, all_rules

REPOSITORY = Path(__file__).resolve().parent.parent
# Whatever the environment of the test run says, output is compared without colour.
PLAIN_OUTPUT = {"FORCE_COLOR": None, "NO_COLOR": None}

# A file that mentions Keras but has nothing a rule could flag: no model, no data.
CLEAN_SCRIPT = "import keras\n\nprint(keras.__version__)\n"
# Mentions Keras (so it is not skipped) and does not parse: a comma is missing on line 3.
BROKEN_SCRIPT = "import keras\n\nmodel.fit(x y)\n"
# Feeds raw MNIST pixels to fit: one KL201 finding, on the fit call (line 6).
PIXELS_SCRIPT = """\
import keras

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam")
model.fit(x_train, y_train)
"""
PIXELS_LINE = 6


def notebook_text(*cells: str) -> str:
    """A notebook of code cells with these sources, as nbformat JSON."""
    cells_json = [{"cell_type": "code", "metadata": {}, "source": source} for source in cells]
    return json.dumps({"cells": cells_json, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def run_cli(*args: str, stdin: bytes | None = None) -> Result:
    """`keraslint ARGS` in this process, so that tests can monkeypatch keraslint."""
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False, env=PLAIN_OUTPUT)


def run_process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m keraslint ARGS` as a separate process, as users and CI run it."""
    return subprocess.run(
        [sys.executable, "-m", "keraslint", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=120,
        env={name: value for name, value in os.environ.items() if name not in PLAIN_OUTPUT},
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
