"""The three output formats, on findings built by hand (independent of the rules)."""

from __future__ import annotations

import io
import json

from keraslint.engine import FileReport
from keraslint.reporters import Style, write_full, write_json, write_text
from keraslint.source import Source, load_source
from keraslint.types import Finding, Location, Severity

SCRIPT = """\
import keras
model = keras.Sequential()
model.add(keras.layers.Dense(10, activation='sigmoid'))
model.fit(x, y)
"""
NOTEBOOK = {
    "cells": [
        {"cell_type": "code", "source": ["import keras\n", "x = 1\n"]},
        {"cell_type": "markdown", "source": "# Training"},
        {"cell_type": "code", "source": ["model = keras.Sequential()\n", "\tmodel.fit(x, y)"]},
    ],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def finding(
    path: str,
    line: int,
    column: int,
    end_column: int,
    code: str = "KL101",
    cell: int | None = None,
    evidence: tuple[str, ...] = (),
) -> Finding:
    location = Location(path, line, column, line, end_column, cell)
    return Finding(code, "some-rule", f"message of {code}", location, Severity.ERROR, evidence)


def render(writer, reports, summary: bool = True) -> str:
    stream = io.StringIO()
    writer(reports, stream, Style(summary=summary))
    return stream.getvalue()


def notebook_report(*findings: Finding) -> FileReport:
    return FileReport("nb.ipynb", findings, load_source("nb.ipynb", json.dumps(NOTEBOOK).encode()))


def test_text_is_one_sorted_line_per_finding_then_a_summary() -> None:
    reports = [
        FileReport("b.py", (finding("b.py", 3, 1, 5, "KL301"), finding("b.py", 3, 1, 5, "KL101"))),
        notebook_report(finding("nb.ipynb", 2, 2, 9, cell=3), finding("nb.ipynb", 1, 1, 4, cell=1)),
        FileReport("a.py", (finding("a.py", 10, 4, 8),)),
        FileReport("clean.py", ()),
    ]
    assert render(write_text, reports).splitlines() == [
        "a.py:10:4: KL101 message of KL101",
        "b.py:3:1: KL101 message of KL101",
        "b.py:3:1: KL301 message of KL301",
        "nb.ipynb:cell 1:1:1: KL101 message of KL101",
        "nb.ipynb:cell 3:2:2: KL101 message of KL101",
        "5 findings in 3 of 4 files.",
    ]


def test_summary_counts_files_and_findings_in_words() -> None:
    one = [FileReport("a.py", (finding("a.py", 1, 1, 2),))]
    assert render(write_text, []).splitlines() == ["No findings in 0 files."]
    assert render(write_text, [FileReport("a.py", ())]).splitlines() == ["No findings in 1 file."]
    assert render(write_text, one).splitlines()[-1] == "1 finding in 1 file."
    assert render(write_text, [*one, FileReport("b.py", ())]).splitlines()[-1] == "1 finding in 1 of 2 files."


def test_without_summary_only_the_findings_are_written() -> None:
    report = FileReport("a.py", (finding("a.py", 1, 1, 2),))
    assert render(write_text, [report], summary=False) == "a.py:1:1: KL101 message of KL101\n"
    assert render(write_text, [FileReport("a.py", ())], summary=False) == ""


def test_full_shows_the_users_lines_a_caret_under_the_span_and_the_evidence() -> None:
    flagged = finding("a.py", 3, 11, 56, evidence=("y is one-hot of 10 (line 9: np.eye(10)[y])", "loss is binary"))
    output = render(write_full, [FileReport("a.py", (flagged,), Source("a.py", SCRIPT))])
    assert output == (
        "a.py:3:11: KL101 message of KL101\n"
        "  |\n"
        "1 | import keras\n"
        "2 | model = keras.Sequential()\n"
        "3 | model.add(keras.layers.Dense(10, activation='sigmoid'))\n"
        "  |           " + "^" * 45 + "\n"
        "4 | model.fit(x, y)\n"
        "  |\n"
        "  = y is one-hot of 10 (line 9: np.eye(10)[y])\n"
        "  = loss is binary\n"
        "\n"
        "1 finding in 1 file.\n"
    )


def test_full_frames_a_notebook_finding_with_the_lines_of_its_own_cell() -> None:
    output = render(write_full, [notebook_report(finding("nb.ipynb", 2, 2, 7, cell=3))], summary=False)
    assert output == (
        "nb.ipynb:cell 3:2:2: KL101 message of KL101\n"
        "  |\n"
        "1 | model = keras.Sequential()\n"
        "2 | \tmodel.fit(x, y)\n"
        "  | \t^^^^^\n"  # the tab is kept so that the carets sit under `model` in a terminal
        "  |\n"
        "\n"
    )


def test_full_has_a_gutter_as_wide_as_the_largest_line_number() -> None:
    text = "".join(f"line_{number} = {number}\n" for number in range(1, 12))
    output = render(write_full, [FileReport("a.py", (finding("a.py", 9, 1, 7),), Source("a.py", text))], False)
    assert output.splitlines()[1:8] == [
        "   |",
        " 7 | line_7 = 7",
        " 8 | line_8 = 8",
        " 9 | line_9 = 9",
        "   | ^^^^^^",
        "10 | line_10 = 10",
        "11 | line_11 = 11",
    ]


def test_full_writes_no_frame_when_there_are_no_lines_to_show() -> None:
    unreadable = finding("gone.py", 1, 1, 1, code="KL000")
    beyond_the_end = finding("a.py", 99, 1, 2)
    reports = [FileReport("gone.py", (unreadable,)), FileReport("a.py", (beyond_the_end,), Source("a.py", SCRIPT))]
    assert render(write_full, reports, summary=False) == (
        "a.py:99:1: KL101 message of KL101\n\ngone.py:1:1: KL000 message of KL000\n\n"
    )


def test_json_is_an_array_of_findings_with_exactly_the_documented_keys() -> None:
    reports = [
        notebook_report(finding("nb.ipynb", 2, 2, 7, cell=3, evidence=("loss is binary",))),
        FileReport("a.py", (finding("a.py", 3, 11, 56, code="KL000"),)),
    ]
    assert json.loads(render(write_json, reports)) == [
        {
            "code": "KL000",
            "name": "some-rule",
            "message": "message of KL000",
            "path": "a.py",
            "line": 3,
            "column": 11,
            "end_line": 3,
            "end_column": 56,
            "cell": None,
            "severity": "error",
            "evidence": [],
            "fix": None,
        },
        {
            "code": "KL101",
            "name": "some-rule",
            "message": "message of KL101",
            "path": "nb.ipynb",
            "line": 2,
            "column": 2,
            "end_line": 2,
            "end_column": 7,
            "cell": 3,
            "severity": "error",
            "evidence": ["loss is binary"],
            "fix": None,
        },
    ]


def test_json_is_the_whole_output_even_when_a_summary_is_asked_for() -> None:
    assert json.loads(render(write_json, [FileReport("a.py", ())], summary=True)) == []
