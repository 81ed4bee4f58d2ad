"""Suppression comments, applied to a file's findings after the engine and before reporting.

- `# keraslint: ignore[KL101, KL2]` (codes or prefixes) or `# keraslint: ignore` (every
  rule) on a line of the finding, or alone on the line above it;
- `# noqa: KL101` or a bare `# noqa` on a line of the finding, as flake8 and ruff read it;
- `# keraslint: ignore-file[KL2]` or `# keraslint: ignore-file` anywhere in the file.

In a notebook the lines are those of a cell, and "the line above" is in the same cell.
Only comments count: the file is tokenized, so `# noqa` inside a string is text. Input
errors (KL000) cannot be suppressed. With `report_unused`, a suppression that suppresses
nothing is itself reported (KL001), except a bare `# noqa` and other linters' codes in a
`# noqa`, which may be there for those linters.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from keraslint.engine import INPUT_ERROR, FileReport
from keraslint.rule import Rule, all_rules
from keraslint.source import Source
from keraslint.types import Finding, Location, Severity

UNUSED_SUPPRESSION = "KL001"
UNUSED_SUPPRESSION_NAME = "unused-suppression"
UNUSED_SUPPRESSION_SUMMARY = "a suppression comment that suppresses nothing"

_DIRECTIVE = re.compile(
    r"#\s*(?:keraslint:\s*(?P<scope>ignore-file|ignore)(?![\w-])(?:\[(?P<codes>[^\]]*)\])?"
    r"|noqa(?::\s*(?P<noqa_codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?)",
    re.IGNORECASE,
)
_MENTIONS = re.compile(r"keraslint|noqa", re.IGNORECASE)
_CODE_PREFIX = "KL"


class Scope(Enum):
    LINE = "line"  # `# keraslint: ignore`: its own line, or the next one when alone on its line
    SAME_LINE = "same line"  # `# noqa`: its own line only
    FILE = "file"


@dataclass(frozen=True)
class Suppression:
    scope: Scope
    codes: tuple[str, ...]  # codes or prefixes; empty: every rule
    text: str  # as written, for messages
    cell: int | None
    line: int
    column: int
    standalone: bool  # the comment is alone on its line
    judged: bool  # whether it may be reported as unused

    def covers(self, finding: Finding) -> bool:
        if finding.code in (INPUT_ERROR, UNUSED_SUPPRESSION) or not self.names(finding.code):
            return False
        if self.scope is Scope.FILE:
            return True
        location = finding.location
        if location.cell != self.cell:
            return False
        on_its_lines = location.line <= self.line <= location.end_line
        above = self.scope is Scope.LINE and self.standalone and self.line == location.line - 1
        return on_its_lines or above

    def names(self, code: str) -> bool:
        return not self.codes or any(code.startswith(prefix) for prefix in self.codes)


def apply_suppressions(report: FileReport, rules_run: Sequence[type[Rule]], report_unused: bool = False) -> FileReport:
    """The report without the findings its comments suppress; with report_unused, plus
    one KL001 finding for each suppression of rules that ran which suppressed nothing."""
    if report.source is None or not (report.findings or report_unused) or not _MENTIONS.search(report.source.text):
        return report
    suppressions = tuple(find_suppressions(report.source))
    if not suppressions:
        return report
    kept = tuple(finding for finding in report.findings if not any(s.covers(finding) for s in suppressions))
    if report_unused:
        suppressed = tuple(finding for finding in report.findings if finding not in kept)
        codes_run = tuple(rule.code for rule in rules_run)
        unused = (_unused(report.path, s, suppressed, codes_run) for s in suppressions if s.judged)
        kept = tuple(sorted((*kept, *filter(None, unused)), key=Finding.sort_key))
    return replace(report, findings=kept)


def find_suppressions(source: Source) -> Iterator[Suppression]:
    for token in _comments(source.text):
        row, column = token.start
        where = source.position(row)
        standalone = not token.line[:column].strip()
        for match in _DIRECTIVE.finditer(token.string):
            suppression = _suppression(match, where.cell, where.line, column + 1 + where.indent + match.start(), standalone)
            if suppression is not None:
                yield suppression


def _comments(text: str) -> Iterator[tokenize.TokenInfo]:
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                yield token
    except (tokenize.TokenError, SyntaxError):  # a file that does not tokenize has only its KL000
        return


def _suppression(match: re.Match[str], cell: int | None, line: int, column: int, standalone: bool) -> Suppression | None:
    text = match.group(0).rstrip()
    where = {"text": text, "cell": cell, "line": line, "column": column, "standalone": standalone}
    if match.group("scope"):
        scope = Scope.FILE if match.group("scope").lower() == "ignore-file" else Scope.LINE
        return Suppression(scope, _codes(match.group("codes") or ""), judged=True, **where)
    if match.group("noqa_codes") is None:  # a bare `# noqa` silences every linter
        return Suppression(Scope.SAME_LINE, (), judged=False, **where)
    codes = tuple(code for code in _codes(match.group("noqa_codes")) if code.startswith(_CODE_PREFIX))
    if not codes:  # `# noqa: E501` is for another linter
        return None
    return Suppression(Scope.SAME_LINE, codes, judged=True, **where)


def _codes(text: str) -> tuple[str, ...]:
    return tuple(code.upper() for code in re.split(r"[,\s]+", text) if code)


def _unused(path: str, suppression: Suppression, suppressed: Sequence[Finding], codes_run: Sequence[str]) -> Finding | None:
    covered = [finding for finding in suppressed if suppression.covers(finding)]
    if not suppression.codes:
        if covered:
            return None
        return _unused_finding(path, suppression, f"`{suppression.text}` suppresses nothing")
    known = [rule.code for rule in all_rules()]
    unknown = [prefix for prefix in suppression.codes if not any(code.startswith(prefix) for code in known)]
    idle = [
        prefix
        for prefix in suppression.codes
        if prefix not in unknown
        and any(code.startswith(prefix) for code in codes_run)
        and not any(finding.code.startswith(prefix) for finding in covered)
    ]
    if not unknown and len(idle) == len(suppression.codes):
        return _unused_finding(path, suppression, f"`{suppression.text}` suppresses nothing")
    problems = [*(f"{prefix} is not a rule" for prefix in unknown), *(f"{prefix} suppresses nothing" for prefix in idle)]
    if not problems:
        return None
    return _unused_finding(path, suppression, f"`{suppression.text}`: {'; '.join(problems)}")


def _unused_finding(path: str, suppression: Suppression, message: str) -> Finding:
    start, end = suppression.column, suppression.column + len(suppression.text)
    location = Location(path, suppression.line, start, suppression.line, end, suppression.cell)
    return Finding(UNUSED_SUPPRESSION, UNUSED_SUPPRESSION_NAME, f"unused suppression: {message}", location, Severity.WARNING)


def suppression_comment(code: str) -> str:
    """The comment that suppresses `code` on a line, as the editor's quick fix writes it."""
    return f"# keraslint: ignore[{code}]"
