"""Notebooks: code cells are one program, IPython syntax is neutralised, findings map back to cells."""

from __future__ import annotations

import json

from keraslint.engine import check_bytes
from keraslint.ipython import python_lines
from keraslint.rule import all_rules


def notebook(*cells: tuple[str, str]) -> bytes:
    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {},
            "cells": [
                {"cell_type": kind, "metadata": {}, "source": source.splitlines(keepends=True)}
                | ({"outputs": [], "execution_count": None} if kind == "code" else {})
                for kind, source in cells
            ],
        }
    ).encode()


def test_magic_and_shell_lines_become_pass_without_moving_lines() -> None:
    cell = python_lines(["%matplotlib inline", "!pip install keras", "files = !ls", "model.fit?", "x = 1"])
    assert cell.lines == ("pass", "pass", "files = None", "pass", "x = 1")


def test_a_percent_inside_an_expression_is_python() -> None:
    lines = ["print('epoch %d'", "      % epoch)", "y = (a", "     % b)"]
    assert python_lines(lines).lines == tuple(lines)


def test_a_shell_command_continued_with_backslashes_is_dropped_whole() -> None:
    cell = python_lines(["!tf_upgrade_v2 \\", "  --infile a.py \\", "  --outfile b.py", "x = 1"])
    assert cell.lines == ("pass", "", "", "x = 1")


def test_automagic_commands_without_percent() -> None:
    assert python_lines(["ls ./data/train/", "pip install tensorflow", "ls = [1]", "cd"]).lines == (
        "pass",
        "pass",
        "ls = [1]",
        "pass",
    )


def test_foreign_cell_magics_drop_the_cell_and_python_ones_keep_it() -> None:
    assert python_lines(["%%bash", "ls -la", "echo hi"]).lines == ("", "", "")
    assert python_lines(["%%time", "model.fit(x, y)"]).lines == ("", "model.fit(x, y)")


def test_an_indented_cell_is_dedented_as_ipython_does() -> None:
    cell = python_lines(["  def f():", "    return 1"])
    assert (cell.lines, cell.indent) == (("def f():", "  return 1"), 2)


def test_facts_flow_across_cells_and_findings_name_the_cell() -> None:
    data = notebook(
        ("markdown", "# Load the data"),
        ("code", "%pip install keras\nimport keras\n(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()"),
        ("markdown", "## Model"),
        (
            "code",
            "model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation='softmax')])\n"
            "model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')",
        ),
        ("code", "!nvidia-smi\nmodel.fit(x_train, y_train)"),
    )
    report = check_bytes("lab.ipynb", data, all_rules())
    assert [(f.code, f.location.cell, f.location.line, f.location.column) for f in report.findings] == [("KL201", 5, 2, 1)]
    assert any("cell 2, line 3" in line for line in report.findings[0].evidence)


def test_columns_in_an_indented_cell_are_the_notebooks_columns() -> None:
    data = notebook(
        ("code", "import keras\n(x, y), _ = keras.datasets.mnist.load_data()\nmodel = keras.Sequential([keras.layers.Dense(10, activation='softmax')])"),
        ("code", "  model.compile(loss='sparse_categorical_crossentropy')\n  model.fit(x, y)"),
    )
    (finding,) = check_bytes("lab.ipynb", data, all_rules()).findings
    assert (finding.code, finding.location.cell, finding.location.line, finding.location.column) == ("KL201", 2, 2, 3)


def test_a_syntax_error_is_reported_in_its_cell() -> None:
    data = notebook(("code", "import keras"), ("markdown", "text"), ("code", "x = 1\ny = (2"))
    (finding,) = check_bytes("lab.ipynb", data, all_rules()).findings
    assert finding.code == "KL000" and finding.location.cell == 3
    assert "error at" not in finding.message
