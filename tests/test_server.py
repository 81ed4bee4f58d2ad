"""The language server end to end: a real LSP client talks to `python -m keraslint server` over stdio."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from keraslint.docs import rules_page

from conftest import PIXELS_LINE, PIXELS_SCRIPT, run_cli

FIT_LINE = PIXELS_LINE - 1  # LSP counts lines from 0
CLEAN = "import keras\n"


class PublishLog(dict):
    """The client's diagnostics by URI, keeping every publication in order: one can arrive
    while a test is not waiting, and a test must see each in turn."""

    def __init__(self) -> None:
        super().__init__()
        self.history: list[tuple[str, list[types.Diagnostic]]] = []
        self.taken: Counter[str] = Counter()

    def __setitem__(self, uri: str, diagnostics: list[types.Diagnostic]) -> None:
        self.history.append((uri, list(diagnostics)))
        super().__setitem__(uri, diagnostics)

    async def next(self, uri: str) -> list[types.Diagnostic]:
        """The oldest publication for `uri` that the test has not looked at yet."""
        deadline = time.monotonic() + 30
        while True:
            found = [diagnostics for published_uri, diagnostics in self.history if published_uri == uri]
            if len(found) > self.taken[uri]:
                self.taken[uri] += 1
                return found[self.taken[uri] - 1]
            assert time.monotonic() < deadline, f"no diagnostics published for {uri}"
            await asyncio.sleep(0.01)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "keraslint", "server"]))
async def client(lsp_client: LanguageClient, tmp_path: Path):
    lsp_client.diagnostics = PublishLog()
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="project")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def open_document(client: LanguageClient, uri: str, text: str) -> None:
    item = types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))


def replace_text(client: LanguageClient, uri: str, version: int, text: str) -> None:
    change = types.TextDocumentContentChangeWholeDocument(text=text)
    document = types.VersionedTextDocumentIdentifier(uri=uri, version=version)
    client.text_document_did_change(types.DidChangeTextDocumentParams(text_document=document, content_changes=[change]))


async def published(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    return await client.diagnostics.next(uri)


async def quick_fixes(client: LanguageClient, uri: str, diagnostics: list[types.Diagnostic]) -> list[types.CodeAction]:
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostics[0].range,
            context=types.CodeActionContext(diagnostics=diagnostics),
        )
    )


@pytest.mark.asyncio
async def test_opening_a_script_publishes_its_findings_with_evidence_and_a_docs_link(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = (tmp_path / "train.py").as_uri()
    open_document(client, uri, PIXELS_SCRIPT)
    (diagnostic,) = await published(client, uri)
    assert (diagnostic.code, diagnostic.source) == ("KL201", "keraslint")
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.range == types.Range(
        start=types.Position(line=FIT_LINE, character=0), end=types.Position(line=FIT_LINE, character=27)
    )
    assert "raw 0..255 pixels" in diagnostic.message
    related = {info.location.range.start.line: info for info in diagnostic.related_information}
    assert set(related) == {2, 3}  # where the data is loaded, and the model without rescaling
    assert all(info.location.uri == uri for info in related.values())
    assert "keras.datasets.mnist.load_data()" in related[2].message
    href = diagnostic.code_description.href
    assert href.endswith("docs/rules.md#kl201")
    assert "\n## KL201\n" in rules_page()  # the heading that anchor names


@pytest.mark.asyncio
async def test_changes_are_checked_once_typing_pauses(client: LanguageClient, tmp_path: Path) -> None:
    uri = (tmp_path / "train.py").as_uri()
    open_document(client, uri, PIXELS_SCRIPT)
    await published(client, uri)
    replace_text(client, uri, 2, CLEAN)
    replace_text(client, uri, 3, "# a new first line\n" + PIXELS_SCRIPT)
    last_change = time.monotonic()
    (diagnostic,) = await published(client, uri)  # not the clean text in between
    assert time.monotonic() - last_change >= 0.25
    assert diagnostic.range.start.line == FIT_LINE + 1


@pytest.mark.asyncio
async def test_saving_checks_and_closing_clears(client: LanguageClient, tmp_path: Path) -> None:
    uri = (tmp_path / "train.py").as_uri()
    open_document(client, uri, CLEAN)
    assert await published(client, uri) == []
    replace_text(client, uri, 2, PIXELS_SCRIPT)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    assert [diagnostic.code for diagnostic in await published(client, uri)] == ["KL201"]
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    assert await published(client, uri) == []


@pytest.mark.asyncio
async def test_the_quick_fix_adds_a_suppression_comment_that_silences_the_finding(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = (tmp_path / "train.py").as_uri()
    open_document(client, uri, PIXELS_SCRIPT)
    diagnostics = await published(client, uri)
    actions = await quick_fixes(client, uri, diagnostics)
    (action,) = actions
    assert action.title == "Suppress KL201 on this line" and action.kind == types.CodeActionKind.QuickFix
    (edit,) = action.edit.changes[uri]
    assert edit.range.start == types.Position(line=FIT_LINE, character=len("model.fit(x_train, y_train)"))
    assert edit.new_text == "  # keraslint: ignore[KL201]"
    lines = PIXELS_SCRIPT.splitlines(keepends=True)
    lines[FIT_LINE] = lines[FIT_LINE].rstrip("\n") + edit.new_text + "\n"
    replace_text(client, uri, 2, "".join(lines))
    assert await published(client, uri) == []


@pytest.mark.asyncio
async def test_a_second_code_joins_the_existing_suppression(client: LanguageClient, tmp_path: Path) -> None:
    uri = (tmp_path / "train.py").as_uri()
    lines = PIXELS_SCRIPT.splitlines(keepends=True)
    lines[FIT_LINE] = "model.fit(x_train, y_train)  # keraslint: ignore[KL301]\n"
    open_document(client, uri, "".join(lines))
    diagnostics = await published(client, uri)
    actions = await quick_fixes(client, uri, diagnostics)
    (edit,) = actions[0].edit.changes[uri]
    assert edit.new_text == ", KL201"
    assert edit.range.start.character == len("model.fit(x_train, y_train)  # keraslint: ignore[KL301")


@pytest.mark.asyncio
async def test_per_file_ignores_and_exclude_of_the_nearest_pyproject_apply(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.keraslint]\nextend-exclude = ["vendored"]\n[tool.keraslint.per-file-ignores]\n"legacy_*.py" = ["KL2"]\n'
    )
    (tmp_path / "vendored").mkdir()
    for name in ("legacy_train.py", "vendored/train.py"):
        uri = (tmp_path / name).as_uri()
        open_document(client, uri, PIXELS_SCRIPT)
        assert await published(client, uri) == [], name


@pytest.mark.asyncio
async def test_a_broken_configuration_is_shown_on_the_document(client: LanguageClient, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.keraslint]\nselct = ['KL2']\n")
    uri = (tmp_path / "train.py").as_uri()
    open_document(client, uri, PIXELS_SCRIPT)
    (diagnostic,) = await published(client, uri)
    assert "unknown key 'selct'" in diagnostic.message and "did you mean 'select'" in diagnostic.message


@pytest.mark.asyncio
async def test_a_notebook_gets_diagnostics_on_the_cell_with_the_finding(client: LanguageClient, tmp_path: Path) -> None:
    notebook_uri = (tmp_path / "lab.ipynb").as_uri()
    sources = [
        (types.NotebookCellKind.Code, "import keras\n(x_train, y_train), _ = keras.datasets.mnist.load_data()"),
        (types.NotebookCellKind.Markup, "# The model"),
        (types.NotebookCellKind.Code, PIXELS_SCRIPT.split("\n", 3)[3]),
    ]
    cells = [types.NotebookCell(kind=kind, document=f"{notebook_uri}#cell{number}") for number, (kind, _) in enumerate(sources)]
    documents = [
        types.TextDocumentItem(uri=cell.document, language_id="python" if kind == types.NotebookCellKind.Code else "markdown", version=1, text=text)
        for cell, (kind, text) in zip(cells, sources)
    ]
    notebook = types.NotebookDocument(uri=notebook_uri, notebook_type="jupyter-notebook", version=1, cells=cells)
    client.notebook_document_did_open(types.DidOpenNotebookDocumentParams(notebook_document=notebook, cell_text_documents=documents))
    by_cell = {cell.document: await published(client, cell.document) for cell in cells}
    assert by_cell[cells[0].document] == [] and by_cell[cells[1].document] == []
    (diagnostic,) = by_cell[cells[2].document]
    assert diagnostic.code == "KL201" and diagnostic.range.start.line == 2  # line 3 of the third cell
    (loaded,) = [info for info in diagnostic.related_information if info.location.uri == cells[0].document]
    assert loaded.location.range.start.line == 1


@pytest.mark.asyncio
async def test_a_notebook_opened_as_text_gets_diagnostics_where_its_cells_lines_are_in_the_json(
    client: LanguageClient, tmp_path: Path
) -> None:
    setup, fit = PIXELS_SCRIPT.rsplit("model.fit", 1)
    cells = [{"cell_type": "code", "metadata": {}, "source": part.splitlines(keepends=True)} for part in (setup, "model.fit" + fit)]
    text = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)
    uri = (tmp_path / "lab.ipynb").as_uri()
    open_document(client, uri, text)
    (diagnostic,) = await published(client, uri)
    json_lines = text.splitlines()
    fit_line = next(number for number, line in enumerate(json_lines) if '"model.fit(' in line)
    assert diagnostic.range.start == types.Position(line=fit_line, character=json_lines[fit_line].index("model.fit"))
    loaded = [info.location.range.start for info in diagnostic.related_information]
    assert json_lines[loaded[0].line][loaded[0].character :].startswith("(x_train, y_train), (x_test")


def test_without_pygls_the_server_command_says_which_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pygls", None)  # makes `import pygls` fail as if it were not installed
    monkeypatch.delitem(sys.modules, "keraslint.server", raising=False)
    result = run_cli("server")
    assert (result.exit_code, result.stderr) == (2, "keraslint: the language server needs pygls: pip install 'keraslint[lsp]'\n")
