"""Turning the paths on the command line into the files to check.

A file named on the command line is checked even inside a folder a walk would skip
(the user asked for it). Folders are walked for `.py` and `.ipynb` files, leaving out
version control, virtual environments, installed packages and tool caches: code
there is not the user's training code, and walking it costs time.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

CHECKED_EXTENSIONS = (".py", ".ipynb")
SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", "site-packages", ".ipynb_checkpoints", "__pycache__", "node_modules", ".tox"}
)
# A virtual environment can have any name; what marks it is this file at its root.
VENV_MARKER = "pyvenv.cfg"


@dataclass(frozen=True)
class PathProblem:
    """A command-line path that yields no file to check, and why."""

    path: str
    message: str


@dataclass(frozen=True)
class Discovery:
    files: tuple[str, ...]  # sorted, without duplicates
    problems: tuple[PathProblem, ...]  # in command-line order


def discover(paths: Sequence[str]) -> Discovery:
    """Expand `paths` (the current folder when empty) into the files to check."""
    files: set[str] = set()
    problems: list[PathProblem] = []
    for path in paths or (".",):
        if os.path.isdir(path):
            files.update(_walk(path, problems))
        elif not os.path.exists(path):
            problems.append(PathProblem(path, "no such file or directory"))
        elif os.path.isfile(path) and is_checked_file(path):
            files.add(os.path.normpath(path))
    return Discovery(tuple(sorted(files)), tuple(problems))


def is_checked_file(path: str) -> bool:
    return path.endswith(CHECKED_EXTENSIONS)


def is_skipped_directory(path: str) -> bool:
    return os.path.basename(path) in SKIPPED_DIRECTORIES or os.path.isfile(os.path.join(path, VENV_MARKER))


def _walk(top: str, problems: list[PathProblem]) -> Iterator[str]:
    def unreadable(error: OSError) -> None:
        path = os.path.normpath(error.filename or top)
        problems.append(PathProblem(path, f"cannot read directory: {error.strerror or error}"))

    for root, directories, names in os.walk(os.path.normpath(top), onerror=unreadable):
        # Sorted so that problems come out in the same order on every run and system.
        directories[:] = sorted(name for name in directories if not is_skipped_directory(os.path.join(root, name)))
        yield from (os.path.normpath(os.path.join(root, name)) for name in names if is_checked_file(name))
