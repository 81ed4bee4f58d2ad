"""Writing findings: `text` and `concise` for editors' problem matchers, `full` for people,
`json` and `sarif` for programs, `github` for GitHub Actions annotations.

Every reporter has the same signature, `(reports, stream, style)`, and writes the
findings of all reports sorted by file, cell, line, column and code.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TextIO

from keraslint.engine import FileReport
from keraslint.source import Source
from keraslint.types import Finding, Location, Severity

# Lines of the user's code shown above and below the flagged line in `full` output.
FRAME_CONTEXT = 2
_BOLD, _RED, _YELLOW, _RESET = "\x1b[1m", "\x1b[31m", "\x1b[33m", "\x1b[0m"


@dataclass(frozen=True)
class Style:
    summary: bool = True  # the closing line that counts findings and files
    colour: bool = False


def wants_colour(stream: TextIO) -> bool:
    """Colour on a terminal only; FORCE_COLOR forces it (for CI logs), else NO_COLOR turns it off."""
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def paint(text: str, colour: str, style: Style) -> str:
    return f"{colour}{text}{_RESET}" if style.colour else text


def write_text(reports: Sequence[FileReport], stream: TextIO, style: Style = Style()) -> None:
    for finding in sorted_findings(reports):
        stream.write(headline(finding, style) + "\n")
    if style.summary:
        stream.write(paint(summary_line(reports), _BOLD, style) + "\n")


def write_concise(reports: Sequence[FileReport], stream: TextIO, style: Style = Style()) -> None:
    """One plain line per finding and nothing else: the format for other programs to read."""
    for finding in sorted_findings(reports):
        stream.write(headline(finding) + "\n")


def write_full(reports: Sequence[FileReport], stream: TextIO, style: Style = Style()) -> None:
    sources = {report.path: report.source for report in reports}
    for finding in sorted_findings(reports):
        stream.write(headline(finding, style) + "\n")
        source = sources.get(finding.location.path)
        for line in (*code_frame(finding.location, source), *evidence_lines(finding)):
            stream.write(line + "\n")
        stream.write("\n")
    if style.summary:
        stream.write(paint(summary_line(reports), _BOLD, style) + "\n")


def write_json(reports: Sequence[FileReport], stream: TextIO, style: Style = Style()) -> None:
    """A JSON array and nothing else, whatever the style: programs parse all of stdout."""
    json.dump([finding_as_json(finding) for finding in sorted_findings(reports)], stream, indent=2)
    stream.write("\n")


def write_github(reports: Sequence[FileReport], stream: TextIO, style: Style = Style()) -> None:
    """GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""
    for finding in sorted_findings(reports):
        stream.write(workflow_command(finding) + "\n")


def write_sarif(reports: Sequence[FileReport], stream: TextIO, style: Style = Style()) -> None:
    from keraslint.sarif import write_sarif as write  # only runs that ask for SARIF pay for its imports

    write(reports, stream)


Reporter = Callable[[Sequence[FileReport], TextIO, Style], None]
REPORTERS: dict[str, Reporter] = {
    "text": write_text,
    "concise": write_concise,
    "full": write_full,
    "json": write_json,
    "github": write_github,
    "sarif": write_sarif,
}


def write_statistics(reports: Sequence[FileReport], stream: TextIO, style: Style = Style()) -> None:
    """The number of findings of each rule, most frequent first, as ruff's --statistics."""
    counts = rule_counts(reports)
    width = len(str(max(counts.values(), default=0)))
    for (code, name), count in counts.items():
        stream.write(f"{count:>{width}}\t{paint(code, _RED, style)}\t{name}\n")


def write_statistics_json(reports: Sequence[FileReport], stream: TextIO, style: Style = Style()) -> None:
    rows = [{"code": code, "name": name, "count": count} for (code, name), count in rule_counts(reports).items()]
    json.dump(rows, stream, indent=2)
    stream.write("\n")


def rule_counts(reports: Sequence[FileReport]) -> dict[tuple[str, str], int]:
    counts = Counter((finding.code, finding.name) for report in reports for finding in report.findings)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def sorted_findings(reports: Sequence[FileReport]) -> list[Finding]:
    return sorted((finding for report in reports for finding in report.findings), key=Finding.sort_key)


def headline(finding: Finding, style: Style = Style()) -> str:
    colour = _YELLOW if finding.severity is Severity.WARNING else _RED
    verdict = f" [probe {finding.probe.summary()}]" if finding.probe is not None else ""
    return f"{paint(place(finding.location), _BOLD, style)}: {paint(finding.code, colour, style)} {finding.message}{verdict}"


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
        # only with --probe
        **({"probe": {"verdict": finding.probe.verdict, "observed": list(finding.probe.observed)}} if finding.probe else {}),
    }


def workflow_command(finding: Finding) -> str:
    """`::error file=...,line=...::message`; a notebook's cell and line go into the message,
    since an annotation's line is a line of the file, the notebook's JSON."""
    location = finding.location
    properties = {"file": location.path.replace(os.sep, "/")}
    message = finding.message
    if location.cell is None:
        properties |= {
            "line": location.line,
            "col": location.column,
            "endLine": location.end_line,
            "endColumn": location.end_column,
        }
    else:
        message = f"cell {location.cell}, line {location.line}: {message}"
    properties["title"] = finding.code
    text = "\n".join([message, *(f"= {fact}" for fact in finding.evidence)])
    level = "warning" if finding.severity is Severity.WARNING else "error"
    listed = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{level} {listed}::{escape_data(text)}"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
