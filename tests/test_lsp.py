"""The language server end to end: pytest-lsp starts `golint-mem lsp` and drives it
over stdio as an editor does (the capability set is VS Code's, as pytest-lsp ships it)."""

from __future__ import annotations

import asyncio as _asyncio
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

asyncio = pytest.mark.asyncio
MODULE = Path(tempfile.mkdtemp(prefix="golint-mem-lsp-")) / "lspdemo"

LEAK = """package api

import "net/http"

func Audit(w http.ResponseWriter, r *http.Request) {
	go func() {
		_ = r.URL.Path // the handler's request, held after it returns
	}()
}
"""

CLEAN = """package api

import "net/http"

func Audit(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	go func() {
		_ = path
	}()
}
"""

# a sibling file on disk: the buffer is analysed with its package as context
SIBLING = """package api

import "net/http"

func Ship(w http.ResponseWriter, r *http.Request) {
	go send(r)
}

func send(r *http.Request) { _ = r }
"""


def _module(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "go.mod").write_text("module example.com/lspdemo\n\ngo 1.21\n", encoding="utf-8")
    api = root / "api"
    api.mkdir(exist_ok=True)
    (api / "audit.go").write_text(CLEAN, encoding="utf-8")  # disk says clean; buffers differ
    (api / "ship.go").write_text(SIBLING, encoding="utf-8")
    return root


@pytest.fixture(scope="module", autouse=True)
def module_tree():
    root = _module(MODULE)
    yield root
    shutil.rmtree(root.parent, ignore_errors=True)


CONFIG = ClientServerConfig(server_command=[sys.executable, "-m", "golint_mem", "lsp"])


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=MODULE.as_uri(),
        initialization_options={"golint-mem": {"debounce": 100}},
    ))
    yield
    await lsp_client.shutdown_session()


def _uri(name: str) -> str:
    return (MODULE / "api" / name).as_uri()


async def _next(client: LanguageClient, timeout: float = 30.0) -> types.PublishDiagnosticsParams:
    return await _asyncio.wait_for(
        client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), timeout)


def _open(client: LanguageClient, name: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=_uri(name), language_id="go", version=version, text=text)))


@asyncio
async def test_open_publishes_findings_of_the_buffer_not_the_disk(client: LanguageClient):
    _open(client, "audit.go", LEAK)
    params = await _next(client)
    assert params.uri == _uri("audit.go")
    assert [str(d.code) for d in params.diagnostics] == ["MEM001"]
    d = params.diagnostics[0]
    assert d.range.start == types.Position(line=5, character=1)  # the `go` keyword
    assert d.source == "golint-mem"
    assert d.severity == types.DiagnosticSeverity.Warning
    assert d.code_description is not None and d.code_description.href.endswith("#mem001")
    assert "`r`" in d.message


@asyncio
async def test_change_is_debounced_and_save_relints(client: LanguageClient):
    _open(client, "audit.go", LEAK)
    assert len((await _next(client)).diagnostics) == 1
    # three quick edits: one analysis, of the last text
    for version, text in ((2, LEAK + "\n"), (3, LEAK + "\n\n"), (4, CLEAN)):
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=_uri("audit.go"), version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
    params = await _next(client)
    assert params.version == 4 and params.diagnostics == ()
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=_uri("audit.go"), version=5),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=LEAK)]))
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=_uri("audit.go"))))
    params = await _next(client)
    assert params.version == 5 and len(params.diagnostics) == 1


@asyncio
async def test_quick_fix_inserts_an_ignore_line_and_hover_shows_the_rule(client: LanguageClient):
    _open(client, "audit.go", LEAK)
    diag = (await _next(client)).diagnostics[0]
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=_uri("audit.go")),
        range=diag.range,
        context=types.CodeActionContext(diagnostics=[diag]),
    ))
    assert actions and actions[0].kind == types.CodeActionKind.QuickFix
    edit = actions[0].edit.changes[_uri("audit.go")][0]
    assert edit.range.start == types.Position(line=5, character=0)
    assert edit.new_text.startswith("\t//golint-mem:ignore MEM001 ")
    assert len(edit.new_text.split("MEM001 ", 1)[1].strip()) > 0  # the reason is required

    # the edited text, re-analysed, has no finding: the directive is honoured
    lines = LEAK.splitlines(keepends=True)
    fixed = "".join(lines[:5] + [edit.new_text] + lines[5:])
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=_uri("audit.go"), version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)]))
    assert (await _next(client)).diagnostics == ()

    _open(client, "ship.go", SIBLING)
    diag = (await _next(client)).diagnostics[0]
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=_uri("ship.go")), position=diag.range.start))
    assert hover is not None
    assert "MEM001 goroutine-captures-request" in hover.contents.value


@asyncio
async def test_settings_select_and_ignore(client: LanguageClient):
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"golint-mem": {"ignore": ["MEM001"], "debounce": 100}}))
    _open(client, "audit.go", LEAK)
    # the configuration change re-lints open documents too; wait until the open one lands
    params = await _next(client)
    while params.uri != _uri("audit.go"):
        params = await _next(client)
    assert params.diagnostics == ()


@asyncio
async def test_config_file_is_honoured(client: LanguageClient):
    cfg = MODULE / ".golint-mem.toml"
    cfg.write_text('ignore = ["goroutine-captures-request"]\n', encoding="utf-8")
    try:
        _open(client, "audit.go", LEAK)
        assert (await _next(client)).diagnostics == ()
    finally:
        cfg.unlink()


def test_cli_path_does_not_import_the_language_server():
    code = ("import sys, golint_mem.cli as c; c.main(['rules']); "
            "bad = [m for m in ('golint_mem.lsp', 'pygls', 'lsprotocol') if m in sys.modules]; "
            "sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


POLL = """package api

import (
	"context"
	"time"
)

func Poll(parent context.Context, fetch func(context.Context) error) error {
	ctx, _ := context.WithTimeout(parent, time.Second)
	return fetch(ctx)
}
"""


@asyncio
async def test_rule_fix_is_a_preferred_quick_fix_next_to_the_ignore_action(client: LanguageClient):
    _open(client, "poll.go", POLL)
    params = await _next(client)
    while params.uri != _uri("poll.go"):
        params = await _next(client)
    diag = params.diagnostics[0]
    assert str(diag.code) == "MEM006"
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=_uri("poll.go")),
        range=diag.range,
        context=types.CodeActionContext(diagnostics=[diag]),
    ))
    assert [a.kind for a in actions] == [types.CodeActionKind.QuickFix] * 2
    fix, ignore = actions
    assert fix.is_preferred and "defer cancel()" in fix.title and "ignore" in ignore.title.lower()
    edits = sorted(fix.edit.changes[_uri("poll.go")], key=lambda e: (e.range.start.line, e.range.start.character))
    assert [(e.range.start.line, e.range.start.character, e.new_text) for e in edits] == [
        (8, 6, "cancel"), (8, 51, "\n\tdefer cancel()")]
