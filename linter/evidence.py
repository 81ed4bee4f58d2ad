"""Reading the place back out of an evidence string, for formats that link to it (SARIF,
the language server).

The engine writes a fact read from the code as "text (line 65: np.eye(10)[y])", or
"text (cell 9, line 2: ...)" in a notebook; a fact with no place is the text alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Greedy: the place is the last parenthesis, the one the engine appends.
_PLACED = re.compile(r"(?P<text>.*) \((?:cell (?P<cell>\d+), )?line (?P<line>\d+): (?P<snippet>.*)\)", re.DOTALL)


@dataclass(frozen=True)
class Evidence:
    text: str  # the fact, without its place
    line: int | None = None  # in a notebook, the line inside `cell`
    cell: int | None = None
    snippet: str = ""


def parse_evidence(fact: str) -> Evidence:
    match = _PLACED.fullmatch(fact)
    if match is None:
        return Evidence(fact)
    cell = match.group("cell")
    return Evidence(match.group("text"), int(match.group("line")), int(cell) if cell else None, match.group("snippet"))
