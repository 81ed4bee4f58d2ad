"""Checking one file: bytes in, findings out. No printing, no path walking.

Every way a file can fail (unreadable, not UTF-8, a broken notebook, a syntax error,
code nested too deeply, an internal error in one rule) becomes one KL000 finding for
that file, and whatever can still run, runs.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst

from keraslint.reader import build_facts
from keraslint.positions import Positions, Range
from keraslint.rule import Rule
from keraslint.source import Source, SourceError, load_source
from keraslint.types import Fact, Finding, Location, Severity, Violation

INPUT_ERROR = "KL000"
INPUT_ERROR_NAME = "invalid-input"
_SNIPPET_WIDTH = 60
# CPython's tokenizer refuses more than 200 nested brackets, so deeper code is not Python.
MAX_BRACKET_DEPTH = 200
_BRACKETS = re.compile(r"[][(){}]")
_PARSER_POSITION = re.compile(r"error at \d+:\d+: ")


@dataclass(frozen=True)
class FileReport:
    """What checking one file produced; `source` is kept for code frames."""

    path: str
    findings: tuple[Finding, ...]
    source: Source | None = None


def mentions_keras(text: str) -> bool:
    """The cheap test that lets a tree walk skip files that cannot contain Keras code."""
    return "keras" in text or "tensorflow" in text


def input_error(path: str, message: str, line: int = 1, column: int = 1, cell: int | None = None) -> Finding:
    return Finding(
        INPUT_ERROR, INPUT_ERROR_NAME, message, Location(path, line, column, line, column, cell), Severity.ERROR
    )


def check_bytes(path: str, data: bytes, rules: Sequence[type[Rule]]) -> FileReport:
    try:
        source = load_source(path, data)
    except SourceError as error:
        return FileReport(path, (input_error(path, error.message, error.line, error.column, error.cell),))
    if not mentions_keras(source.text):
        return FileReport(path, (), source)
    return FileReport(path, check_source(source, rules), source)


def check_path(path: str, rules: Sequence[type[Rule]]) -> FileReport:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return FileReport(path, (input_error(path, f"cannot read file: {error.strerror or error}"),))
    return check_bytes(path, data, rules)


def check_source(source: Source, rules: Sequence[type[Rule]]) -> tuple[Finding, ...]:
    depth = bracket_depth(source.text)
    if depth > MAX_BRACKET_DEPTH:
        # libcst's native parser overflows the C stack on such input and kills the process.
        message = f"code nested too deeply: brackets {depth} deep, more than Python itself accepts ({MAX_BRACKET_DEPTH})"
        return (input_error(source.path, message),)
    try:
        module = cst.parse_module(source.text)
    except cst.ParserSyntaxError as error:
        return (_syntax_error(source, error),)
    except RecursionError:
        return (input_error(source.path, "code nested too deeply to parse"),)
    try:
        facts = build_facts(module, source.text)
    except RecursionError:
        return (input_error(source.path, "code nested too deeply to analyse"),)
    except Exception as error:  # an engine bug must not cost the user the other files
        return (input_error(source.path, f"internal error while reading the script: {type(error).__name__}: {error}"),)

    violations: list[Violation] = []
    failures: list[Finding] = []
    for rule in rules:
        try:
            violations.extend(rule().check(facts))
        except Exception as error:  # one broken rule must not silence the others
            failures.append(
                input_error(source.path, f"internal error in rule {rule.code}: {type(error).__name__}: {error}")
            )
    if not violations:
        return tuple(failures)
    try:
        located = _locate(source, module, violations, rules)
    except RecursionError:
        return (input_error(source.path, "code nested too deeply to locate findings"),)
    return tuple(sorted({*located, *failures}, key=Finding.sort_key))


def _syntax_error(source: Source, error: cst.ParserSyntaxError) -> Finding:
    """CPython places syntax errors more precisely than libcst, and costs nothing on files that parse."""
    line, column = error.raw_line, error.raw_column + 1
    message = _PARSER_POSITION.sub("", error.message)  # its position is in the joined text of a notebook
    try:
        compile(source.text, source.path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as python_error:
        line, column, message = python_error.lineno or line, python_error.offset or column, python_error.msg
    except (ValueError, RecursionError, MemoryError):
        pass
    where = source.position(line)
    return input_error(source.path, f"syntax error: {message}", where.line, column + where.indent, where.cell)


def bracket_depth(text: str) -> int:
    """The deepest bracket nesting, counting brackets in strings too: an upper bound is enough."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "([{" else -1
        deepest = max(deepest, depth)
    return deepest


def _locate(source: Source, module: cst.Module, violations: list[Violation], rules: Sequence[type[Rule]]) -> set[Finding]:
    """Turn violations into findings; positions are computed here, once, and only when needed."""
    positions = Positions(module)
    by_code = {rule.code: rule for rule in rules}
    findings: dict[tuple[str, Location], Finding] = {}
    for violation in violations:
        rule = by_code[violation.code]
        location = _location(source, positions[violation.node])
        # A helper called twice reports twice at the same place: one finding is enough.
        findings.setdefault(
            (violation.code, location),
            Finding(
                violation.code,
                rule.name,
                violation.message,
                location,
                rule.severity,
                tuple(_describe(fact, source, module, positions) for fact in violation.evidence),
            ),
        )
    return set(findings.values())


def _location(source: Source, span: Range) -> Location:
    start = source.position(span.line)
    end = source.position(span.end_line)
    if end.cell != start.cell:
        end = start
    return Location(
        source.path, start.line, span.column + 1 + start.indent, end.line, span.end_column + 1 + end.indent, start.cell
    )


def _describe(fact: Fact, source: Source, module: cst.Module, positions: Positions) -> str:
    if fact.node is None or fact.node not in positions:
        return fact.text
    where = source.position(positions[fact.node].line)
    place = f"cell {where.cell}, line {where.line}" if where.cell else f"line {where.line}"
    return f"{fact.text} ({place}: {snippet(module, fact.node)})"


def snippet(module: cst.Module, node: cst.CSTNode) -> str:
    text = " ".join(module.code_for_node(node).split())
    return text if len(text) <= _SNIPPET_WIDTH else text[: _SNIPPET_WIDTH - 1] + "…"
