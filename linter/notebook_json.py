"""Where a cell's line is in a notebook's JSON text: for an editor that opens a `.ipynb`
file as text, whose diagnostics must point into the JSON.

The JSON is decoded with a decoder whose strings remember where they start in the text;
a position inside a cell's source is then that start plus the length of the escaped
text before it.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner


class _PlacedString(str):
    """A decoded JSON string and the offset in the text where its content starts."""

    offset: int


def _placed_string(text: str, end: int, strict: bool = True) -> tuple[_PlacedString, int]:
    value, after = json.decoder.scanstring(text, end, strict)
    placed = _PlacedString(value)
    placed.offset = end  # just after the opening quote
    return placed, after


def _decoder() -> json.JSONDecoder:
    decoder = json.JSONDecoder()
    decoder.parse_string = _placed_string
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # the C scanner ignores parse_string
    return decoder


def cell_sources(text: str) -> dict[int, list[_PlacedString]]:
    """Each cell's source strings by 1-based cell number; empty when the JSON is not a notebook."""
    try:
        notebook = _decoder().decode(text)
    except ValueError:
        return {}
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    sources: dict[int, list[_PlacedString]] = {}
    for number, cell in enumerate(cells if isinstance(cells, list) else [], start=1):
        source = cell.get("source") if isinstance(cell, dict) else None
        parts = [source] if isinstance(source, str) else source if isinstance(source, list) else []
        sources[number] = [part for part in parts if isinstance(part, _PlacedString)]
    return sources


def text_offset(parts: list[_PlacedString], line: int, column: int) -> int | None:
    """The offset in the JSON text of 1-based `line` and `column` of a cell's source."""
    seen = 0
    for part in parts:
        start = 0
        for piece in part.splitlines(keepends=True):
            seen += 1
            if seen == line:
                inside = start + min(column - 1, len(piece.rstrip("\r\n")))
                return part.offset + len(_escaped(part[:inside]))
            start += len(piece)
    return None


def _escaped(value: str) -> str:
    # nbformat writes with ensure_ascii=False; only quotes, backslashes and controls grow.
    return json.dumps(value, ensure_ascii=False)[1:-1]
