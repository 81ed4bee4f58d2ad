"""File patterns of the configuration (`exclude`, `per-file-ignores`), matched as ruff does.

A pattern without a `/` matches a file or folder name anywhere (`build`, `*.ipynb`); a
pattern with one matches the path relative to the folder of the configuration file
(`data/*.py`, `tests/**`). `*` and `?` stay within one path segment, `**` spans any
number of them, `[...]` is a character class and `{a,b}` an alternative.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Glob:
    pattern: str

    @property
    def anchored(self) -> bool:
        return "/" in self.pattern.rstrip("/")

    def matches(self, relative_path: str) -> bool:
        """`relative_path` is relative to the configuration's folder, with `/` separators."""
        if self.anchored:
            return _compiled(self.pattern.strip("/").removeprefix("./")).fullmatch(relative_path) is not None
        return _compiled(self.pattern.rstrip("/")).fullmatch(relative_path.rsplit("/", 1)[-1]) is not None


def relative_path(path: str, root: str) -> str | None:
    """`path` relative to the folder `root`, with `/` separators; None when it lies outside."""
    relative = os.path.relpath(os.path.abspath(path), root)
    if relative == ".." or relative.startswith(".." + os.sep):
        return None
    return relative.replace(os.sep, "/")


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(_translate(pattern))


def _translate(pattern: str) -> str:
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            parts.append(".*")
            index += 2
            continue
        if char == "*":
            parts.append("[^/]*")
        elif char == "?":
            parts.append("[^/]")
        elif char == "[" and (end := pattern.find("]", index + 2)) != -1:
            body = pattern[index + 1 : end]
            parts.append("[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]")
            index = end + 1
            continue
        elif char == "{" and (end := pattern.find("}", index)) != -1:
            choices = pattern[index + 1 : end].split(",")
            parts.append("(?:" + "|".join(_translate(choice) for choice in choices) + ")")
            index = end + 1
            continue
        else:
            parts.append(re.escape(char))
        index += 1
    return "".join(parts)
