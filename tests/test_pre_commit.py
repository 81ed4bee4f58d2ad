"""The pre-commit hook, run by the real pre-commit (`pre-commit try-repo`) in a throw-away repository.

pre-commit installs the hook from a git repository: HEAD, plus changes to tracked files.
The test makes that repository from this checkout's working tree, new files included, so
that it tests the code as it is, committed or not. pre-commit then builds its own virtual
environment and installs keraslint into it with pip, as it does for users.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CLEAN_SCRIPT, PIXELS_LINE, PIXELS_SCRIPT, REPOSITORY

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}


def git(*arguments: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *arguments], cwd=cwd, check=True, capture_output=True, text=True, env={**os.environ, **GIT_IDENTITY}
    ).stdout


def snapshot(destination: Path) -> Path:
    """A repository whose HEAD is this checkout's working tree (what git would not ignore)."""
    listed = git("ls-files", "--cached", "--others", "--exclude-standard", "-z", cwd=REPOSITORY).split("\0")
    for relative in filter(None, listed):
        source = REPOSITORY / relative
        if source.is_file():
            (destination / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / relative)
    git("init", "-q", cwd=destination)
    git("add", "-A", cwd=destination)
    git("commit", "-q", "-m", "snapshot", cwd=destination)
    return destination


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return snapshot(tmp_path_factory.mktemp("keraslint-hook"))


def try_repo(hook_repository: Path, project: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repository), "keraslint", "--color", "never", "--files", *files],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **GIT_IDENTITY, "PRE_COMMIT_HOME": str(project.parent / "pre-commit-home")},
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    (project / "buggy.py").write_text(PIXELS_SCRIPT)
    (project / "clean.py").write_text(CLEAN_SCRIPT)
    git("init", "-q", cwd=project)
    git("add", "-A", cwd=project)
    return project


def test_the_hook_fails_on_a_buggy_file_with_its_findings_and_passes_a_clean_one(
    hook_repository: Path, project: Path
) -> None:
    buggy = try_repo(hook_repository, project, "buggy.py")
    assert buggy.returncode == 1, buggy.stdout + buggy.stderr
    assert f"buggy.py:{PIXELS_LINE}:1: KL201 " in buggy.stdout
    assert "keraslint" in buggy.stdout and "Failed" in buggy.stdout
    clean = try_repo(hook_repository, project, "clean.py")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout and "KL" not in clean.stdout
