"""SARIF 2.1.0, the format GitHub code scanning and other viewers read.

Every code keraslint can report is described under tool.driver.rules, its documentation as
the help text. A finding's evidence that has a place becomes a related location; evidence
without one is added to the message. A notebook's findings point into its cell: the
region's lines are the cell's lines, and the cell number is in the result's properties,
since a SARIF region counts the lines of the file as stored, the notebook's JSON.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from keraslint import __version__
from keraslint.catalog import CodeDoc, catalog
from keraslint.docs import rule_url
from keraslint.engine import FileReport
from keraslint.evidence import parse_evidence
from keraslint.reporters import sorted_findings
from keraslint.types import Finding, Severity

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SOURCE_ROOT = "%SRCROOT%"


def write_sarif(reports: Sequence[FileReport], stream: TextIO) -> None:
    json.dump(sarif_log(reports), stream, indent=2)
    stream.write("\n")


def sarif_log(reports: Sequence[FileReport]) -> dict:
    entries = catalog()
    index = {entry.code: number for number, entry in enumerate(entries)}
    driver = {
        "name": "keraslint",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [rule_descriptor(entry) for entry in entries],
    }
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "originalUriBaseIds": {SOURCE_ROOT: {"uri": Path.cwd().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": [result(finding, index) for finding in sorted_findings(reports)],
            }
        ],
    }


def rule_descriptor(entry: CodeDoc) -> dict:
    descriptor = {
        "id": entry.code,
        "name": entry.name,
        "shortDescription": {"text": entry.summary},
        "fullDescription": {"text": first_paragraph(entry.documentation) or entry.summary},
        "help": {"text": entry.documentation or entry.summary, "markdown": entry.documentation or entry.summary},
        "defaultConfiguration": {"level": level(entry.severity)},
    }
    url = rule_url(entry.code)
    if url:
        descriptor["helpUri"] = url
    return descriptor


def first_paragraph(markdown: str) -> str:
    """The documentation's first paragraph of prose (under "What it finds"), on one line."""
    for block in markdown.split("\n\n"):
        text = " ".join(line.strip() for line in block.splitlines() if not line.startswith("#")).strip()
        if text:
            return text
    return ""


def result(finding: Finding, index: dict[str, int]) -> dict:
    location = finding.location
    evidence = [parse_evidence(fact) for fact in finding.evidence]
    unplaced = [fact.text for fact in evidence if fact.line is None]
    region = {
        "startLine": location.line,
        "startColumn": location.column,
        "endLine": location.end_line,
        "endColumn": max(location.end_column, location.column),
    }
    physical = {"artifactLocation": artifact(location.path), "region": region}
    entry = {
        "ruleId": finding.code,
        "level": level(finding.severity),
        "message": {"text": "\n".join([finding.message, *(f"- {text}" for text in unplaced)])},
        "locations": [{"physicalLocation": physical}],
    }
    if finding.code in index:
        entry["ruleIndex"] = index[finding.code]
    related = [
        {
            "id": number,
            "message": {"text": f"{fact.text}: {fact.snippet}"},
            "physicalLocation": {"artifactLocation": artifact(location.path), "region": {"startLine": fact.line}},
            **({"properties": {"cell": fact.cell}} if fact.cell is not None else {}),
        }
        for number, fact in enumerate(evidence)
        if fact.line is not None
    ]
    if related:
        entry["relatedLocations"] = related
    if location.cell is not None:
        entry["properties"] = {"cell": location.cell}
    return entry


def artifact(path: str) -> dict:
    """A URI relative to the current folder (the repository's root in CI), or absolute outside it."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    if relative.startswith(os.pardir):
        return {"uri": Path(absolute).as_uri()}
    return {"uri": quote(relative.replace(os.sep, "/")), "uriBaseId": SOURCE_ROOT}


def level(severity: Severity) -> str:
    return "warning" if severity is Severity.WARNING else "error"
