"""Writing findings: `text` for editors' problem matchers, `full` for people, `json` for programs.

Every reporter has the same signature, `(reports, stream, summary)`, and writes the
findings of all reports sorted by file, cell, line, column and code.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TextIO

from keraslint.engine import FileReport
from keraslint.source import Source
from keraslint.types import Finding, Location

# Lines of the user's code shown above and below the flagged line in `full` output.
FRAME_CONTEXT = 2


def write_text(reports: Sequence[FileReport], stream: TextIO, summary: bool = True) -> None:
    for finding in sorted_findings(reports):
        stream.write(headline(finding) + "\n")
    if summary:
        stream.write(summary_line(reports) + "\n")


def write_full(reports: Sequence[FileReport], stream: TextIO, summary: bool = True) -> None:
    sources = {report.path: report.source for report in reports}
    for finding in sorted_findings(reports):
        stream.write(headline(finding) + "\n")
        source = sources.get(finding.location.path)
        for line in (*code_frame(finding.location, source), *evidence_lines(finding)):
            stream.write(line + "\n")
        stream.write("\n")
    if summary:
        stream.write(summary_line(reports) + "\n")


def write_json(reports: Sequence[FileReport], stream: TextIO, summary: bool = True) -> None:
    """A JSON array and nothing else, whatever `summary` says: programs parse all of stdout."""
    json.dump([finding_as_json(finding) for finding in sorted_findings(reports)], stream, indent=2)
    stream.write("\n")


REPORTERS: dict[str, Callable[[Sequence[FileReport], TextIO, bool], None]] = {
    "text": write_text,
    "full": write_full,
    "json": write_json,
}


def sorted_findings(reports: Sequence[FileReport]) -> list[Finding]:
    return sorted((finding for report in reports for finding in report.findings), key=Finding.sort_key)


def headline(finding: Finding) -> str:
    return f"{place(finding.location)}: {finding.code} {finding.message}"


def place(location: Location) -> str:
    cell = f"cell {location.cell}:" if location.cell is not None else ""
    return f"{location.path}:{cell}{location.line}:{location.column}"


def summary_line(reports: Sequence[FileReport]) -> str:
    checked = len(reports)
    findings = sum(len(report.findings) for report in reports)
    if not findings:
        return f"No findings in {plural(checked, 'file')}."
    with_findings = sum(1 for report in reports if report.findings)
    where = plural(checked, "file") if with_findings == checked else f"{with_findings} of {plural(checked, 'file')}"
    return f"{plural(findings, 'finding')} in {where}."


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def code_frame(location: Location, source: Source | None) -> list[str]:
    """The user's lines around the finding (a notebook's: those of its cell), a caret under it.

    Empty when the file could not be read: there are no lines to show.
    """
    lines = source.user_lines(location.cell) if source is not None else ()
    if not 1 <= location.line <= len(lines):
        return []
    first = max(1, location.line - FRAME_CONTEXT)
    last = min(len(lines), location.line + FRAME_CONTEXT)
    width = len(str(last))
    frame = [f"{'':{width}} |"]
    for number in range(first, last + 1):
        frame.append(f"{number:{width}} | {lines[number - 1]}".rstrip())
        if number == location.line:
            frame.append(f"{'':{width}} | {caret(lines[number - 1], location)}")
    frame.append(f"{'':{width}} |")
    return frame


def caret(line: str, location: Location) -> str:
    """Carets under the flagged span of `line` (to the end of it when the span goes on)."""
    start = min(location.column - 1, len(line))
    end = location.end_column - 1 if location.end_line == location.line else len(line)
    # Keep the line's tabs so that the carets line up under them in a terminal.
    indent = "".join(char if char == "\t" else " " for char in line[:start])
    return indent + "^" * max(1, end - start)


def evidence_lines(finding: Finding) -> list[str]:
    return [f"  = {fact}" for fact in finding.evidence]


def finding_as_json(finding: Finding) -> dict:
    location = finding.location
    return {
        "code": finding.code,
        "name": finding.name,
        "message": finding.message,
        "path": location.path,
        "line": location.line,
        "column": location.column,
        "end_line": location.end_line,
        "end_column": location.end_column,
        "cell": location.cell,
        "severity": finding.severity.value,
        "evidence": list(finding.evidence),
        "fix": finding.fix,
    }
