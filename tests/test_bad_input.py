"""Input keraslint cannot analyse: one clear KL000 per file, and the run goes on."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from keraslint.rule import Rule, all_rules
from keraslint.source import MAX_FILE_BYTES

from conftest import BROKEN_SCRIPT, CLEAN_SCRIPT, json_findings, run_cli, run_process


@dataclass(frozen=True)
class BadInput:
    name: str
    content: bytes
    reason: str  # a part of the KL000 message
    line: int | None = None  # where the file says the problem is, when it says
    column: int | None = None
    cell: int | None = None


def notebook(cells: list) -> bytes:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()


def nested_ifs(depth: int) -> bytes:
    lines = ["import keras", *("    " * level + "if keras:" for level in range(depth)), "    " * depth + "pass"]
    return "\n".join(lines).encode() + b"\n"


BAD_INPUTS = [
    BadInput("syntax_error.py", BROKEN_SCRIPT.encode(), "syntax error", line=3),
    BadInput("latin1.py", b"import keras\nname = '\xe9t\xe9'\n", "not UTF-8", line=2, column=9),
    BadInput("binary.py", b"keras\x00\x01\x02\xff", "binary"),
    BadInput("empty.ipynb", b"", "not valid JSON"),
    BadInput("not_json.ipynb", b'{"cells": [keras', "not valid JSON", line=1, column=12),
    BadInput("no_cells.ipynb", notebook([]), "no cells"),
    BadInput(
        "broken_cell.ipynb",
        notebook([{"cell_type": "code", "source": "import keras\n"}, {"cell_type": "code", "source": BROKEN_SCRIPT}]),
        "syntax error",
        line=3,
        cell=2,
    ),
    # Deep, but shallow enough that libcst's parser would survive it without the engine's guard
    # (it overflows the C stack at about 1100 nested calls), so that a regression fails here
    # rather than crash pytest; deeper code is checked in a separate process below.
    BadInput("deep_calls.py", b"import keras\nx = " + b"f(" * 600 + b"1" + b")" * 600 + b"\n", "nested too deeply"),
    BadInput("deep_lists.py", b"import keras\nx = " + b"[" * 600 + b"]" * 600 + b"\n", "nested too deeply"),
    BadInput("long_sum.py", b"import keras\nx = " + b"1 + " * 1000 + b"1\n", "nested too deeply"),
    BadInput("deep_ifs.py", nested_ifs(300), "indentation"),
    BadInput("huge.py", b"import keras\n" + b"x = 1\n" * (MAX_FILE_BYTES // 6 + 1), "too large"),
]


def write(folder: Path, case: BadInput) -> None:
    (folder / case.name).write_bytes(case.content)


def assert_one_diagnostic(findings: list[dict], case: BadInput) -> None:
    mine = [finding for finding in findings if finding["path"] == case.name]
    assert [finding["code"] for finding in mine] == ["KL000"], mine
    assert case.reason in mine[0]["message"]
    if case.line is not None:
        assert mine[0]["line"] == case.line
    if case.column is not None:
        assert mine[0]["column"] == case.column
    assert mine[0]["cell"] == case.cell


@pytest.mark.parametrize("case", BAD_INPUTS, ids=lambda case: case.name)
def test_bad_input_gives_one_diagnostic_and_the_run_goes_on(
    case: BadInput, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, case)
    Path("other_broken.py").write_text(BROKEN_SCRIPT)
    result = run_cli("check", "--format", "json", ".")
    assert result.exit_code == 1
    findings = json_findings(result.stdout)
    assert_one_diagnostic(findings, case)
    assert [finding["path"] for finding in findings] == sorted([case.name, "other_broken.py"])


def test_all_bad_inputs_in_one_process_each_get_their_diagnostic(tmp_path: Path) -> None:
    for case in BAD_INPUTS:
        write(tmp_path, case)
    (tmp_path / "clean.py").write_text(CLEAN_SCRIPT)
    names = [case.name for case in BAD_INPUTS]
    result = run_process("check", "--format", "json", *names, "missing.py", "clean.py", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")  # no traceback, no warning
    findings = json_findings(result.stdout)
    for case in BAD_INPUTS:
        assert_one_diagnostic(findings, case)
    assert_one_diagnostic(findings, BadInput("missing.py", b"", "no such file or directory", line=1, column=1))
    assert len(findings) == len(BAD_INPUTS) + 1


def test_code_nested_beyond_the_parsers_stack_gives_a_diagnostic(tmp_path: Path) -> None:
    # Without a guard, libcst's native parser overflows the C stack and the process dies.
    (tmp_path / "parentheses.py").write_bytes(b"import keras\nx = " + b"(" * 1000 + b"1" + b")" * 1000 + b"\n")
    (tmp_path / "calls.py").write_bytes(b"import keras\nx = " + b"f(" * 5000 + b"1" + b")" * 5000 + b"\n")
    result = run_process("check", "--format", "json", "parentheses.py", "calls.py", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    findings = json_findings(result.stdout)
    assert [(finding["path"], finding["code"]) for finding in findings] == [
        ("calls.py", "KL000"),
        ("parentheses.py", "KL000"),
    ]
    assert all("nested too deeply" in finding["message"] for finding in findings)


def test_an_empty_script_has_no_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An empty file cannot contain Keras code; it is not an input error either.
    monkeypatch.chdir(tmp_path)
    Path("empty.py").write_bytes(b"")
    result = run_cli("check", "empty.py")
    assert (result.exit_code, result.stdout) == (0, "No findings in 1 file.\n")


def test_a_file_that_mentions_no_keras_is_not_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("torch_script.py").write_text("import torch\n\nmodel.fit(x y)\n")
    Path("torch_notebook.ipynb").write_bytes(notebook([{"cell_type": "code", "source": "def f(:\n"}]))
    result = run_cli("check", ".")
    assert (result.exit_code, result.stdout) == (0, "No findings in 2 files.\n")


def test_a_rule_that_raises_is_reported_for_that_file_and_the_other_rules_still_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flagged_example: tuple[type[Rule], str]
) -> None:
    rule, example = flagged_example
    broken_rule = next((other for other in all_rules() if other is not rule), None)
    if broken_rule is None:
        pytest.skip("needs two rules")

    def check(self, facts):
        raise RuntimeError("rule bug")

    monkeypatch.setattr(broken_rule, "check", check)
    monkeypatch.chdir(tmp_path)
    Path("example.py").write_text(example)
    findings = json_findings(run_cli("check", "--format", "json", "example.py").stdout)
    failures = [finding["message"] for finding in findings if finding["code"] == "KL000"]
    assert failures == [f"internal error in rule {broken_rule.code}: RuntimeError: rule bug"]
    assert rule.code in {finding["code"] for finding in findings}
