"""Which files a run checks: folders walked, tool and environment folders skipped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from keraslint.discovery import Discovery, PathProblem, discover


def touch(root: Path, *relative: str) -> None:
    for name in relative:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("import keras\n")


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_folder_is_walked_for_scripts_and_notebooks_in_sorted_order(in_tmp: Path) -> None:
    touch(in_tmp, "b.py", "a/z.ipynb", "a/y.py", "a/deep/x.py", "notes.txt", "a/data.csv", "setup.cfg", "stub.pyi")
    assert discover(["."]) == discover([]) == discover(["./"])
    assert discover([]).files == ("a/deep/x.py", "a/y.py", "a/z.ipynb", "b.py")
    assert discover([]).problems == ()


@pytest.mark.parametrize(
    "skipped",
    [".git", ".hg", "site-packages", ".ipynb_checkpoints", "__pycache__", "node_modules", ".tox", "lib/site-packages"],
)
def test_tool_and_package_folders_are_skipped(in_tmp: Path, skipped: str) -> None:
    touch(in_tmp, "train.py", f"{skipped}/hidden.py", f"{skipped}/sub/hidden.ipynb")
    assert discover([]).files == ("train.py",)


@pytest.mark.parametrize("name", [".venv", "venv", "env", "my-tf-env"])
def test_a_virtual_environment_is_skipped_whatever_its_name(in_tmp: Path, name: str) -> None:
    touch(in_tmp, "train.py", f"{name}/lib/python3.11/keras_thing.py")
    (in_tmp / name / "pyvenv.cfg").write_text("home = /usr/bin\n")
    assert discover([]).files == ("train.py",)


def test_folders_named_like_environments_or_build_are_walked_when_they_are_not_environments(in_tmp: Path) -> None:
    touch(in_tmp, "env/train.py", "venv/train.py", "build/train.py")
    assert discover([]).files == ("build/train.py", "env/train.py", "venv/train.py")


def test_a_file_named_on_the_command_line_is_checked_even_in_a_skipped_folder(in_tmp: Path) -> None:
    touch(in_tmp, ".venv/experiment.py", "node_modules/nb.ipynb")
    (in_tmp / ".venv" / "pyvenv.cfg").write_text("")
    assert discover([".venv/experiment.py", "node_modules/nb.ipynb"]).files == (
        ".venv/experiment.py",
        "node_modules/nb.ipynb",
    )


def test_a_named_file_that_is_neither_script_nor_notebook_is_left_out(in_tmp: Path) -> None:
    touch(in_tmp, "README.md", "stub.pyi")
    assert discover(["README.md", "stub.pyi"]) == Discovery((), ())


def test_a_missing_path_is_a_problem_and_the_other_paths_are_still_expanded(in_tmp: Path) -> None:
    touch(in_tmp, "src/train.py")
    found = discover(["nope.py", "src", "missing_dir/"])
    assert found.files == ("src/train.py",)
    assert found.problems == (
        PathProblem("nope.py", "no such file or directory"),
        PathProblem("missing_dir/", "no such file or directory"),
    )


def test_a_file_reached_twice_is_checked_once(in_tmp: Path) -> None:
    touch(in_tmp, "src/train.py")
    assert discover(["src", "src/train.py", "./src/train.py"]).files == ("src/train.py",)


def test_an_unreadable_folder_is_a_problem(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root may read any folder, so the permission error is simulated.
    touch(in_tmp, "ok/train.py", "locked/secret.py")
    real_scandir = os.scandir

    def scandir(path):
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover([])
    assert found.files == ("ok/train.py",)
    assert found.problems == (PathProblem("locked", "cannot read directory: Permission denied"),)
