"""Suppression comments on real findings: where they count, what they name, when they are unused."""

from __future__ import annotations

from pathlib import Path

import pytest

from keraslint.rule import all_rules, select_rules
from keraslint.runner import Task, check_data

from conftest import BROKEN_SCRIPT, PIXELS_LINE, PIXELS_SCRIPT, notebook_text, run_cli

FIT = "model.fit(x_train, y_train)"  # KL201: raw pixels reach fit
SETUP = PIXELS_SCRIPT.removesuffix(FIT + "\n")
FIT_LINE = PIXELS_LINE


def script(fit_line: str = FIT, before_fit: str = "", header: str = "") -> str:
    return header + SETUP + before_fit + fit_line + "\n"


def findings(text: str, path: str = "train.py", unused: bool = False, rules=None) -> list[tuple[str, int]]:
    task = Task(path, tuple(rules or all_rules()), report_unused_ignores=unused)
    return [(finding.code, finding.location.line) for finding in check_data(task, text.encode()).findings]


def test_the_unsuppressed_script_has_one_finding_on_the_fit_line() -> None:
    assert findings(script()) == [("KL201", FIT_LINE)]


@pytest.mark.parametrize(
    "comment",
    [
        "# keraslint: ignore[KL201]",
        "# keraslint: ignore[KL2]",
        "# keraslint: ignore[KL101, KL201]",
        "# keraslint: ignore",
        "#keraslint:ignore[kl201]",
        "# noqa: KL201",
        "# noqa:KL201,E501",
        "# noqa",
        "# NOQA",
        "# type: ignore  # noqa: KL201",
    ],
)
def test_a_comment_on_the_findings_line_suppresses_it(comment: str) -> None:
    assert findings(script(f"{FIT}  {comment}")) == []


@pytest.mark.parametrize(
    "comment",
    ["# keraslint: ignore[KL3]", "# keraslint: ignore[KL2010]", "# noqa: E501", "# keraslint: ignored", "# keraslint ignore"],
)
def test_a_comment_naming_other_codes_or_misspelt_suppresses_nothing(comment: str) -> None:
    assert findings(script(f"{FIT}  {comment}")) == [("KL201", FIT_LINE)]


def test_a_keraslint_comment_alone_on_the_line_above_suppresses() -> None:
    assert findings(script(before_fit="    # keraslint: ignore[KL201]\n")) == []
    assert findings(script(before_fit="# keraslint: ignore\n")) == []


def test_the_line_above_counts_only_for_a_comment_alone_there_and_not_for_noqa() -> None:
    assert findings(script(before_fit="x = 1  # keraslint: ignore[KL201]\n")) == [("KL201", FIT_LINE + 1)]
    assert findings(script(before_fit="# noqa: KL201\n")) == [("KL201", FIT_LINE + 1)]
    assert findings(script(before_fit="# keraslint: ignore[KL201]\n\n")) == [("KL201", FIT_LINE + 2)]


def test_a_comment_on_a_later_line_of_the_flagged_code_suppresses() -> None:
    assert findings(script("model.fit(\n    x_train, y_train\n)  # keraslint: ignore[KL201]")) == []


def test_a_noqa_inside_a_string_is_not_a_comment() -> None:
    assert findings(script('model.fit(x_train, y_train, verbose="# noqa")')) == [("KL201", FIT_LINE)]


@pytest.mark.parametrize("comment", ["# keraslint: ignore-file[KL2]", "# keraslint: ignore-file", "# keraslint: ignore-file[KL201]"])
def test_a_file_level_comment_anywhere_suppresses_in_the_whole_file(comment: str) -> None:
    assert findings(script(header=f"{comment}\n")) == []
    assert findings(script() + f"{comment}\n") == []


def test_a_file_level_comment_for_other_rules_suppresses_nothing() -> None:
    assert findings(script(header="# keraslint: ignore-file[KL1, KL3]\n")) == [("KL201", FIT_LINE + 1)]


def test_input_errors_cannot_be_suppressed() -> None:
    for text in (BROKEN_SCRIPT.replace("y)", "y)  # noqa"), "# keraslint: ignore-file\n" + BROKEN_SCRIPT):
        assert [code for code, _ in findings(text)] == ["KL000"]


def cell_findings(text: str, unused: bool = False) -> list[tuple[str, int | None, int]]:
    task = Task("lab.ipynb", all_rules(), report_unused_ignores=unused)
    report = check_data(task, text.encode())
    return [(finding.code, finding.location.cell, finding.location.line) for finding in report.findings]


def test_in_a_notebook_the_comment_counts_on_the_findings_line_of_its_cell() -> None:
    assert cell_findings(notebook_text(SETUP, FIT)) == [("KL201", 2, 1)]
    assert cell_findings(notebook_text(SETUP, f"{FIT}  # noqa: KL201")) == []
    assert cell_findings(notebook_text(SETUP, f"# keraslint: ignore[KL201]\n{FIT}")) == []
    assert cell_findings(notebook_text(SETUP, FIT, "# keraslint: ignore-file[KL201]")) == []


def test_in_a_notebook_the_line_above_is_in_the_same_cell() -> None:
    # The comment ends cell 1; the finding is on the first line of cell 2.
    assert cell_findings(notebook_text(SETUP + "# keraslint: ignore[KL201]", FIT)) == [("KL201", 2, 1)]
    # Line 1 of cell 1 is not "the line above" line 2 of cell 2.
    assert cell_findings(notebook_text(SETUP + "# keraslint: ignore[KL201]", "x = 1\n" + FIT)) == [("KL201", 2, 2)]


def unused(text: str, rules=None) -> list[tuple[str, int, str]]:
    task = Task("train.py", tuple(rules or all_rules()), report_unused_ignores=True)
    report = check_data(task, text.encode())
    return [(f.code, f.location.line, f.message) for f in report.findings]


def test_an_unused_suppression_is_reported_at_the_comment() -> None:
    task = Task("train.py", all_rules(), report_unused_ignores=True)
    text = script() + "print(x_test)  # keraslint: ignore[KL201]\n"
    (finding_at_fit, unused_comment) = check_data(task, text.encode()).findings
    assert finding_at_fit.code == "KL201"
    assert (unused_comment.code, unused_comment.name, unused_comment.severity.value) == ("KL001", "unused-suppression", "warning")
    location = unused_comment.location
    assert (location.line, location.column, location.end_column) == (FIT_LINE + 1, 16, 16 + len("# keraslint: ignore[KL201]"))
    assert unused_comment.message == "unused suppression: `# keraslint: ignore[KL201]` suppresses nothing"


def test_used_suppressions_are_not_reported() -> None:
    assert unused(script(f"{FIT}  # keraslint: ignore[KL201]")) == []
    assert unused(script(header="# keraslint: ignore-file\n")) == []


def test_only_the_codes_that_suppress_nothing_are_named() -> None:
    assert unused(script(f"{FIT}  # noqa: KL201, KL301, KL999")) == [
        ("KL001", FIT_LINE, "unused suppression: `# noqa: KL201, KL301, KL999`: KL999 is not a rule; KL301 suppresses nothing"),
    ]


def test_other_linters_noqa_and_codes_of_rules_that_did_not_run_are_not_judged() -> None:
    text = script() + "a = 1  # noqa\nb = 2  # noqa: E501\nc = 3  # keraslint: ignore[KL3]\n"
    assert unused(text, rules=select_rules(("KL2",))) == [("KL201", FIT_LINE, unused(script())[0][2])]
    assert [code for code, _, _ in unused(text)] == ["KL201", "KL001"]  # KL3 ran: its suppression is idle


def test_unused_suppressions_are_reported_in_files_without_findings_and_in_notebooks() -> None:
    assert unused("import keras  # noqa: KL101\n") == [("KL001", 1, "unused suppression: `# noqa: KL101` suppresses nothing")]
    assert unused("x = 1  # keraslint: ignore\n")[0][:2] == ("KL001", 1)
    assert cell_findings(notebook_text(SETUP, "x = 1\ny = 2  # keraslint: ignore[KL2]"), unused=True) == [("KL001", 2, 2)]


def test_the_command_reports_unused_suppressions_only_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "train.py").write_text(script(f"{FIT}  # noqa: KL201") + "print(1)  # keraslint: ignore[KL201]\n")
    assert run_cli("check", "train.py").stdout == "No findings in 1 file.\n"
    result = run_cli("check", "--report-unused-ignores", "train.py")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"train.py:{FIT_LINE + 1}:11: KL001 unused suppression: `# keraslint: ignore[KL201]` suppresses nothing",
        "1 finding in 1 file.",
    ]
