"""Checking many files: several processes give the same reports as one, in the same order."""

from __future__ import annotations

import concurrent.futures
from pathlib import Path

import pytest

import keraslint.runner
from keraslint.engine import check_path
from keraslint.rule import all_rules
from keraslint.runner import PARALLEL_THRESHOLD, Task, check_files

from conftest import BROKEN_SCRIPT, CLEAN_SCRIPT


# Contents, and whether each gives a finding whatever the rules are (an input error).
CONTENTS = [
    (CLEAN_SCRIPT, False),
    (BROKEN_SCRIPT, True),
    ("import keras\nx = '\xff'\n", True),  # written as Latin-1: not UTF-8
    ("import torch\nx = (\n", False),  # skipped: mentions no Keras
    ("", False),
]


@pytest.fixture
def many_files(tmp_path: Path) -> list[str]:
    paths = []
    for number in range(PARALLEL_THRESHOLD * 2 + 1):
        path = tmp_path / f"script_{number:02}.py"
        path.write_text(CONTENTS[number % len(CONTENTS)][0], encoding="latin-1")
        paths.append(str(path))
    return paths[::-1]  # the reports must follow the order given, not the sorted one


def test_many_files_are_checked_in_several_processes_with_the_same_reports(
    many_files: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pools = []

    class RecordingPool(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            pools.append(self)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", RecordingPool)
    monkeypatch.setattr(keraslint.runner, "usable_cpus", lambda: 2)
    parallel = check_files([Task(path, all_rules()) for path in many_files])
    assert len(pools) == 1
    serial = [check_path(path, all_rules()) for path in many_files]
    assert [report.path for report in parallel] == many_files
    assert [report.findings for report in parallel] == [report.findings for report in serial]
    has_input_error = [CONTENTS[int(path[-5:-3]) % len(CONTENTS)][1] for path in many_files]
    assert [any(finding.code == "KL000" for finding in report.findings) for report in parallel] == has_input_error


def test_few_files_are_checked_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", None)  # would fail if used
    (tmp_path / "clean.py").write_text(CLEAN_SCRIPT)
    assert check_files([Task(str(tmp_path / "clean.py"), all_rules())] * PARALLEL_THRESHOLD)[0].findings == ()


def test_an_engine_failure_on_one_file_costs_only_that_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def check_path_with_a_bug(path, rules):
        if path.endswith("unlucky.py"):
            raise MemoryError("out of memory")
        return check_path(path, rules)

    monkeypatch.setattr(keraslint.runner, "check_path", check_path_with_a_bug)
    for name, text in (("unlucky.py", CLEAN_SCRIPT), ("broken.py", BROKEN_SCRIPT)):
        (tmp_path / name).write_text(text)
    unlucky, broken = check_files([Task(str(tmp_path / name), all_rules()) for name in ("unlucky.py", "broken.py")])
    assert [finding.message for finding in unlucky.findings] == ["internal error: MemoryError: out of memory"]
    assert [finding.code for finding in broken.findings] == ["KL000"]
    assert "syntax error" in broken.findings[0].message
