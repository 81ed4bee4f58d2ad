"""The language server (`keraslint server`): findings as diagnostics while the user edits.

Scripts are checked when opened, saved, and 0.3 s after the last change; notebooks the
same through LSP 3.17 notebook synchronisation, their diagnostics on each cell. Each
document gets the settings of its path (nearest pyproject.toml), and a document that
`exclude` matches gets none, as ruff's server does. A diagnostic carries the evidence as
related information and links to the rule's documentation; its quick fix adds
`# keraslint: ignore[CODE]` to the end of the line.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Sequence

from lsprotocol import types
from pygls import uris
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from keraslint import __version__
from keraslint.config import ConfigError, Resolver
from keraslint.docs import rule_url
from keraslint.engine import INPUT_ERROR, FileReport
from keraslint.evidence import parse_evidence
from keraslint.notebook_json import cell_sources, text_offset
from keraslint.runner import Task, check_data
from keraslint.source import Source
from keraslint.suppressions import UNUSED_SUPPRESSION, suppression_comment
from keraslint.types import Finding, Severity

SOURCE = "keraslint"
# Typing pauses shorter than this do not start a check: the result would be stale at once.
DEBOUNCE_SECONDS = 0.3
_IGNORE_LIST = re.compile(r"(#\s*keraslint:\s*ignore\[[^\]]*)\]")
_NOT_SUPPRESSIBLE = (INPUT_ERROR, UNUSED_SUPPRESSION)
# The events that check a document, and whether the check waits for typing to pause.
TEXT_EVENTS = (
    (types.TEXT_DOCUMENT_DID_OPEN, False),
    (types.TEXT_DOCUMENT_DID_CHANGE, True),
    (types.TEXT_DOCUMENT_DID_SAVE, False),
)
NOTEBOOK_EVENTS = (
    (types.NOTEBOOK_DOCUMENT_DID_OPEN, False),
    (types.NOTEBOOK_DOCUMENT_DID_CHANGE, True),
    (types.NOTEBOOK_DOCUMENT_DID_SAVE, False),
)


class KeraslintServer(LanguageServer):
    def __init__(self) -> None:
        notebooks = types.NotebookDocumentSyncOptions(
            notebook_selector=[types.NotebookDocumentFilterWithNotebook(notebook="jupyter-notebook")], save=True
        )
        super().__init__(SOURCE, __version__, types.TextDocumentSyncKind.Incremental, notebooks)
        self._pending: dict[str, asyncio.TimerHandle] = {}

    def later(self, uri: str, check: Callable[[], None]) -> None:
        """Run `check` once typing in `uri` has paused for DEBOUNCE_SECONDS."""
        if uri in self._pending:
            self._pending[uri].cancel()
        self._pending[uri] = asyncio.get_running_loop().call_later(DEBOUNCE_SECONDS, self.now, uri, check)

    def now(self, uri: str, check: Callable[[], None]) -> None:
        if uri in self._pending:
            self._pending.pop(uri).cancel()
        check()

    def publish(self, uri: str, diagnostics: list[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics))

    def check_text_document(self, uri: str) -> None:
        if self.workspace.get_notebook_document(cell_uri=uri) is not None:
            return  # a notebook's cell: checked with its notebook
        document = self.workspace.get_text_document(uri)
        report = self.report(document.path, document.source.encode())
        if isinstance(report, str):
            self.publish(uri, [configuration_problem(report)])
            return
        # A notebook opened as text is JSON: its cells' lines are found in it.
        place = in_notebook_json(document) if document.path.endswith(".ipynb") else in_document(document)
        self.publish(uri, [diagnostic(finding, report.source, place)[1] for finding in report.findings])

    def check_notebook(self, uri: str) -> None:
        notebook = self.workspace.get_notebook_document(notebook_uri=uri)
        if notebook is None or not notebook.cells:
            return
        cells = {
            number: self.workspace.get_text_document(cell.document)
            for number, cell in enumerate(notebook.cells, start=1)
        }
        path = uris.to_fs_path(uri) or uri
        report = self.report(path if path.endswith(".ipynb") else path + ".ipynb", notebook_json(notebook.cells, cells))
        by_cell: dict[str, list[types.Diagnostic]] = {document.uri: [] for document in cells.values()}
        if isinstance(report, str):
            by_cell[cells[1].uri].append(configuration_problem(report))
        else:
            for finding in report.findings:
                cell_uri, found = diagnostic(finding, report.source, in_cells(cells))
                by_cell[cell_uri].append(found)
        for cell_uri, diagnostics in by_cell.items():
            self.publish(cell_uri, diagnostics)

    def report(self, path: str, data: bytes) -> FileReport | str:
        """The report for `path` with content `data`; a configuration problem's message instead."""
        try:
            settings = Resolver().settings_for(path)  # afresh: the user may be editing pyproject.toml
        except ConfigError as error:
            return str(error)
        if settings.excluded_with_folders(path):
            return FileReport(path, ())
        return check_data(Task(path, settings.rules_for(path)), data)


# Where keraslint's (cell, line, column) is in the client's documents: a document's URI and a position.
Placement = Callable[[int | None, int, int], tuple[str, types.Position]]


def in_document(document: TextDocument) -> Placement:
    return lambda cell, line, column: (document.uri, position(document, line, column))


def in_cells(documents: dict[int, TextDocument]) -> Placement:
    def place(cell: int | None, line: int, column: int) -> tuple[str, types.Position]:
        document = documents[cell or 1]  # a finding without a cell is about the whole notebook
        return document.uri, position(document, line, column)

    return place


def in_notebook_json(document: TextDocument) -> Placement:
    sources = cell_sources(document.source)

    def place(cell: int | None, line: int, column: int) -> tuple[str, types.Position]:
        offset = text_offset(sources[cell], line, column) if cell in sources else None
        if offset is None:  # no cell: an input error, placed in the JSON text itself
            return document.uri, position(document, line, column)
        return document.uri, document.client_position_at_offset(offset)

    return place


def notebook_json(cells: Sequence[types.NotebookCell], documents: dict[int, TextDocument]) -> bytes:
    """The notebook as nbformat JSON, every cell kept so that cell numbers match."""
    return json.dumps(
        {
            "cells": [
                {
                    "cell_type": "code" if cell.kind == types.NotebookCellKind.Code else "markdown",
                    "source": documents[number].source,
                }
                for number, cell in enumerate(cells, start=1)
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    ).encode()


def diagnostic(finding: Finding, source: Source | None, place: Placement) -> tuple[str, types.Diagnostic]:
    """The diagnostic and the URI of the document it belongs to."""
    location = finding.location
    uri, start = place(location.cell, location.line, location.column)
    _, end = place(location.cell, location.end_line, location.end_column)
    evidence = [parse_evidence(fact) for fact in finding.evidence]
    related = [
        types.DiagnosticRelatedInformation(location=line_location(source, place, fact.cell, fact.line), message=f"{fact.text}: {fact.snippet}")
        for fact in evidence
        if fact.line is not None and source is not None
    ]
    unplaced = [f"= {fact.text}" for fact in evidence if fact.line is None]
    url = rule_url(finding.code)
    return uri, types.Diagnostic(
        range=types.Range(start=start, end=end),
        message="\n".join([finding.message, *unplaced]),
        severity=types.DiagnosticSeverity.Warning if finding.severity is Severity.WARNING else types.DiagnosticSeverity.Error,
        code=finding.code,
        code_description=types.CodeDescription(href=url) if url else None,
        source=SOURCE,
        related_information=related or None,
    )


def position(document: TextDocument, line: int, column: int) -> types.Position:
    """keraslint's 1-based line and column (in characters) in the client's units."""
    server_position = types.Position(line=max(line - 1, 0), character=max(column - 1, 0))
    return document.position_codec.position_to_client_units(document.lines, server_position)


def line_location(source: Source, place: Placement, cell: int | None, line: int) -> types.Location:
    """The code on a line of the user's file, without its indentation."""
    lines = source.user_lines(cell)
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = len(text) - len(text.lstrip())
    uri, start = place(cell, line, indent + 1)
    _, end = place(cell, line, len(text) + 1)
    return types.Location(uri=uri, range=types.Range(start=start, end=end))


def configuration_problem(message: str) -> types.Diagnostic:
    start = types.Position(line=0, character=0)
    return types.Diagnostic(
        range=types.Range(start=start, end=start),
        message=f"keraslint cannot read its configuration: {message}",
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
    )


def suppression_edit(document: TextDocument, line: int, code: str) -> types.TextEdit:
    """Add `code` to the line's `# keraslint: ignore[...]`, or append that comment to the line."""
    text = document.lines[line].rstrip("\r\n") if line < len(document.lines) else ""
    existing = _IGNORE_LIST.search(text)
    if existing:
        at = existing.end(1)
        insertion = f", {code}"
    else:
        at = len(text)
        insertion = f"  {suppression_comment(code)}" if text.strip() else suppression_comment(code)
    where = position(document, line + 1, at + 1)
    return types.TextEdit(range=types.Range(start=where, end=where), new_text=insertion)


def checking(
    check: Callable[[KeraslintServer, str], None], uri_of: Callable[[object], str], debounced: bool
) -> Callable[[KeraslintServer, object], None]:
    """A handler of a document event that checks the document: now, or once typing pauses."""

    def handler(ls: KeraslintServer, params: object) -> None:
        uri = uri_of(params)
        (ls.later if debounced else ls.now)(uri, lambda: check(ls, uri))

    return handler


def create_server() -> KeraslintServer:
    server = KeraslintServer()

    for method, debounced in TEXT_EVENTS:
        handler = checking(KeraslintServer.check_text_document, lambda params: params.text_document.uri, debounced)
        server.feature(method)(handler)
    for method, debounced in NOTEBOOK_EVENTS:
        handler = checking(KeraslintServer.check_notebook, lambda params: params.notebook_document.uri, debounced)
        server.feature(method)(handler)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: KeraslintServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.now(params.text_document.uri, lambda: ls.publish(params.text_document.uri, []))

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_did_close(ls: KeraslintServer, params: types.DidCloseNotebookDocumentParams) -> None:
        def clear() -> None:
            for cell in params.cell_text_documents:
                ls.publish(cell.uri, [])

        ls.now(params.notebook_document.uri, clear)

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(ls: KeraslintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        document = ls.workspace.get_text_document(params.text_document.uri)
        actions = []
        for found in params.context.diagnostics:
            if found.source != SOURCE or not isinstance(found.code, str) or found.code in _NOT_SUPPRESSIBLE:
                continue
            edit = suppression_edit(document, found.range.start.line, found.code)
            actions.append(
                types.CodeAction(
                    title=f"Suppress {found.code} on this line",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[found],
                    edit=types.WorkspaceEdit(changes={document.uri: [edit]}),
                )
            )
        return actions

    return server


def serve() -> None:
    create_server().start_io()
