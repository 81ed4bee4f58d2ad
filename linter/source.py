"""Turning a file into the text keraslint analyses, and mapping positions back to it.

A `.py` file is analysed as it is. A notebook becomes its code cells joined in order,
so that facts flow from the cell that loads data to the cell that trains; IPython
syntax is neutralised line by line (keraslint.ipython) so that no line moves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from keraslint.ipython import python_lines

MAX_FILE_BYTES = 10 * 1024 * 1024

class SourceError(Exception):
    """The file cannot be analysed; the message says why, for a KL000 diagnostic."""

    def __init__(self, message: str, line: int = 1, column: int = 1, cell: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.cell = cell


@dataclass(frozen=True)
class Position:
    """Where a line of the analysed text is in the user's file."""

    line: int
    cell: int | None = None
    indent: int = 0  # columns the analysed line lacks: IPython dedents an indented cell


@dataclass(frozen=True)
class Source:
    path: str
    text: str
    # For notebooks, one entry per analysed line (index 0 is line 1); empty for .py files.
    line_map: tuple[Position, ...] = ()
    # The user's own lines for code frames: per cell for notebooks, key None for .py.
    original_lines: dict[int | None, tuple[str, ...]] | None = None

    @property
    def is_notebook(self) -> bool:
        return bool(self.line_map) or self.path.endswith(".ipynb")

    def position(self, line: int) -> Position:
        if not self.line_map:
            return Position(line)
        index = min(max(line, 1), len(self.line_map)) - 1
        return self.line_map[index]

    def user_lines(self, cell: int | None) -> tuple[str, ...]:
        if self.original_lines is None:
            return tuple(self.text.splitlines())
        return self.original_lines.get(cell, ())


def decode(data: bytes, path: str) -> str:
    if b"\x00" in data:
        raise SourceError("binary file (contains NUL bytes), not Python source")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise SourceError(f"not UTF-8: byte 0x{data[error.start]:02x} cannot be decoded", line, column) from None


def load_source(path: str, data: bytes) -> Source:
    """Build the analysed text of `path` from its bytes; raises SourceError."""
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(f"file too large to analyse ({len(data) // (1024 * 1024)} MiB; the limit is {MAX_FILE_BYTES // (1024 * 1024)} MiB)")
    text = decode(data, path)
    if path.endswith(".ipynb"):
        return notebook_source(path, text)
    return Source(path, text)


def _cell_lines(cell: dict) -> list[str]:
    body = cell.get("source", "")
    if isinstance(body, list):
        body = "".join(body)
    if not isinstance(body, str):
        raise SourceError("broken notebook: a cell's source is neither a string nor a list of strings")
    return body.splitlines()


def notebook_source(path: str, text: str) -> Source:
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError(f"broken notebook: not valid JSON ({error.msg})", error.lineno, error.colno) from None
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        raise SourceError("broken notebook: no list of cells")
    if not cells:
        raise SourceError("notebook has no cells")
    analysed: list[str] = []
    line_map: list[Position] = []
    original: dict[int | None, tuple[str, ...]] = {}
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            raise SourceError(f"broken notebook: cell {number} is not an object", cell=number)
        lines = _cell_lines(cell)
        original[number] = tuple(lines)
        if cell.get("cell_type") != "code":
            continue
        cell_code = python_lines(lines)
        for line_number, line in enumerate(cell_code.lines, start=1):
            analysed.append(line)
            line_map.append(Position(line_number, number, cell_code.indent))
    text = "\n".join(analysed) + "\n" if analysed else ""
    return Source(path, text, tuple(line_map), original)
