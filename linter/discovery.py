"""Turning the paths on the command line into the files to check.

Folders are walked for `.py` and `.ipynb` files, leaving out what `exclude` and
`extend-exclude` match (by default version control, installed packages and tool caches)
and every virtual environment: code there is not the user's training code, and walking it
costs time. A path named on the command line is checked even where a walk would not go
(the user asked for it), unless force-exclude is on: then it is left out when it, or a
folder on its way from the project's folder, is excluded, as pre-commit and editors need.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from keraslint.config import Resolver

CHECKED_EXTENSIONS = (".py", ".ipynb")
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


def discover(paths: Sequence[str], resolver: Resolver | None = None) -> Discovery:
    """Expand `paths` (the current folder when empty) into the files to check."""
    resolver = resolver or Resolver()
    files: set[str] = set()
    problems: list[PathProblem] = []
    for path in paths or (".",):
        if not os.path.exists(path):
            problems.append(PathProblem(path, "no such file or directory"))
        elif resolver.settings_for(path).excludes_named(path):
            continue
        elif os.path.isdir(path):
            files.update(_walk(path, resolver, problems))
        elif os.path.isfile(path) and is_checked_file(path):
            files.add(os.path.normpath(path))
    return Discovery(tuple(sorted(files)), tuple(problems))


def is_checked_file(path: str) -> bool:
    return path.endswith(CHECKED_EXTENSIONS)


def is_virtual_environment(path: str) -> bool:
    return os.path.isfile(os.path.join(path, VENV_MARKER))


def _walk(top: str, resolver: Resolver, problems: list[PathProblem]) -> Iterator[str]:
    def unreadable(error: OSError) -> None:
        path = os.path.normpath(error.filename or top)
        problems.append(PathProblem(path, f"cannot read directory: {error.strerror or error}"))

    for root, directories, names in os.walk(os.path.normpath(top), onerror=unreadable):
        settings = resolver.settings_for(root)
        # Sorted so that problems come out in the same order on every run and system.
        directories[:] = sorted(
            name
            for name in directories
            if not settings.excludes(path := os.path.join(root, name)) and not is_virtual_environment(path)
        )
        for name in names:
            path = os.path.normpath(os.path.join(root, name))
            if is_checked_file(name) and not settings.excludes(path):
                yield path
