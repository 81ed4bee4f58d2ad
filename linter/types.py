"""The values that flow between the engine, the rules and the reporters."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import libcst as cst


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Location:
    """A region of a file as a user sees it: for a notebook, a line inside a cell."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    cell: int | None = None  # 1-based over all cells of a notebook; None for .py

    def sort_key(self) -> tuple:
        return (self.path, self.cell or 0, self.line, self.column)


@dataclass(frozen=True)
class Fact:
    """One fact a finding rests on, tied to the syntax it was read from (if any).

    The engine turns it into "text (line 12: np.eye(10)[y])" once positions are known;
    positions are computed only for files that have findings.
    """

    text: str
    node: cst.CSTNode | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Violation:
    """What a rule yields: the node to point at, a message and the facts behind it."""

    code: str
    message: str
    node: cst.CSTNode
    evidence: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """What the runtime probe (`--probe`) made of a finding, and what it saw."""

    verdict: str  # "confirmed", "refuted" or "inconclusive"
    observed: tuple[str, ...] = ()

    def summary(self) -> str:
        return f"{self.verdict}: {'; '.join(self.observed)}" if self.observed else self.verdict


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    message: str
    location: Location
    severity: Severity
    evidence: tuple[str, ...] = ()
    fix: None = None  # no rule offers a fix yet; the JSON schema already has the field
    probe: Verdict | None = None  # only with --probe

    def sort_key(self) -> tuple:
        return (*self.location.sort_key(), self.code)
