"""The language server: ``golint-mem lsp`` speaks LSP over stdio (pygls).

An editor sends the buffer's text; the server analyses that text in place of the
file on disk, with the rest of its package read from disk as context (the same
engine path as ``check --stdin-filename``), and publishes the findings as
diagnostics: on open and save at once, on change after a short pause (typing
does not start an analysis per keystroke). Each diagnostic carries the rule ID,
a link to the rule's documentation, and its related locations; a quick fix
inserts a ``//golint-mem:ignore ID reason`` line above it, and hovering it shows
the rule's summary.

Selection comes from the nearest ``.golint-mem.toml`` of the document, then from
the editor's settings (``initializationOptions`` or
``workspace/didChangeConfiguration``, either flat or under ``"golint-mem"``):
``select`` replaces the config's selection, ``ignore`` adds to it.

Only ``golint-mem lsp`` imports this module (pygls and lsprotocol are not loaded
on the command-line path), and this module imports no reporter.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.workspace import ServerTextPosition, ServerTextRange, TextDocument

import golint_mem
from golint_mem.rule import Finding, Level, Location

SOURCE = "golint-mem"
DEFAULT_DEBOUNCE_MS = 400
IGNORE_REASON = "TODO: say why this is safe"

logger = logging.getLogger(SOURCE)

_SEVERITY = {
    Level.ERROR: types.DiagnosticSeverity.Error,
    Level.WARNING: types.DiagnosticSeverity.Warning,
    Level.NOTE: types.DiagnosticSeverity.Information,
}


@dataclass
class Settings:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    debounce_ms: int = DEFAULT_DEBOUNCE_MS

    @classmethod
    def from_client(cls, raw) -> "Settings":
        """Settings from whatever the client sent: flat, or under ``golint-mem``/``golintMem``."""
        if not isinstance(raw, dict):
            return cls()
        raw = raw.get("golint-mem", raw.get("golintMem", raw))
        if not isinstance(raw, dict):
            return cls()

        def strings(key: str) -> list[str]:
            value = raw.get(key) or []
            if isinstance(value, str):
                value = value.split(",")
            return [str(v).strip() for v in value if str(v).strip()] if isinstance(value, list) else []

        debounce = raw.get("debounce", raw.get("debounceMs", DEFAULT_DEBOUNCE_MS))
        if not isinstance(debounce, int) or isinstance(debounce, bool) or not 0 <= debounce <= 10_000:
            debounce = DEFAULT_DEBOUNCE_MS
        return cls(select=strings("select"), ignore=strings("ignore"), debounce_ms=debounce)


def uri_to_path(uri: str) -> str | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return os.path.normpath(unquote(parsed.path))


def analyse_text(path: str, text: str, settings: Settings) -> tuple[list[Finding], str | None]:
    """Findings for ``text`` analysed as the file ``path`` (its package from disk),
    and a problem to show the user (a bad config), if any."""
    from golint_mem.config import ConfigError, find_config, load_config
    from golint_mem.discover import InputError, excluded
    from golint_mem.engine import Options, run
    from golint_mem.registry import SelectionError, select

    problem = None
    select_keys, ignore_keys, excludes = [], [], []
    try:
        found = find_config(path)
        if found:
            cfg = load_config(found)
            select_keys, ignore_keys = list(cfg.select), list(cfg.ignore)
            excludes = _excludes(cfg)
    except ConfigError as e:
        problem = f"golint-mem: {e}; using the default rules"
    if settings.select:
        select_keys = list(settings.select)
    ignore_keys += settings.ignore
    try:
        rules = select(select_keys, ignore_keys)
    except SelectionError as e:
        problem = f"golint-mem: {e}; using the default rules"
        rules = select([], [])
    if excludes and excluded(path, excludes):
        return [], problem
    opts = Options(jobs=1, overrides={path: text.encode("utf-8", "surrogateescape")})
    try:
        result = run([path], rules, opts)
    except InputError as e:
        return [], f"golint-mem: {e}"
    return [f for f in result.findings if os.path.normpath(f.location.path) == path], problem


def _excludes(cfg) -> list:
    from golint_mem.discover import Exclude

    base = cfg.directory
    return [Exclude(p, base) for p in cfg.exclude]


def _code_point_range(doc: TextDocument, loc: Location) -> ServerTextRange:
    lines = doc.lines

    def point(line: int, byte_col: int) -> ServerTextPosition:
        row = max(line - 1, 0)
        if row >= len(lines):
            return ServerTextPosition(line=row, character=0)
        prefix = lines[row].encode("utf-8", "surrogateescape")[: max(byte_col - 1, 0)]
        return ServerTextPosition(line=row, character=len(prefix.decode("utf-8", "replace")))

    return ServerTextRange(start=point(loc.line, loc.column), end=point(loc.end_line, loc.end_column))


def to_diagnostic(doc: TextDocument, f: Finding) -> types.Diagnostic:
    from golint_mem.report._common import help_uri

    related = []
    for r in f.related:
        related.append(types.DiagnosticRelatedInformation(
            location=types.Location(
                uri=_path_uri(r.path),
                range=types.Range(
                    start=types.Position(line=max(r.line - 1, 0), character=max((r.column16 or r.column) - 1, 0)),
                    end=types.Position(line=max(r.end_line - 1, 0),
                                       character=max((r.end_column16 or r.end_column) - 1, 0)),
                ),
            ),
            message=r.message or "related",
        ))
    return types.Diagnostic(
        range=doc.range_to_client_units(_code_point_range(doc, f.location)),
        message=f.message,
        severity=_SEVERITY.get(f.level, types.DiagnosticSeverity.Warning),
        code=f.rule_id,
        code_description=types.CodeDescription(href=help_uri(f.rule_id)),
        source=SOURCE,
        related_information=related or None,
        data={"rule": f.rule_id, "name": f.rule_name, "fix": _fix_data(doc, f)},
    )


def _fix_data(doc: TextDocument, f: Finding) -> dict | None:
    """The finding's fix, as LSP edits in the client's position encoding (carried in the
    diagnostic's data so a code action request can offer it without a new analysis)."""
    if f.fix is None or not f.fix.edits:
        return None
    edits = []
    for e in f.fix.edits:
        rng = doc.range_to_client_units(_code_point_range(doc, e.range))
        edits.append({"range": {"start": {"line": rng.start.line, "character": rng.start.character},
                                "end": {"line": rng.end.line, "character": rng.end.character}},
                      "newText": e.text})
    return {"title": f.fix.title, "safe": f.fix.safe, "edits": edits}


def _path_uri(path: str) -> str:
    from pathlib import Path

    return Path(os.path.abspath(path)).as_uri()


def ignore_edit(doc: TextDocument, diagnostic: types.Diagnostic) -> types.TextEdit:
    """A line above the diagnostic's line: ``//golint-mem:ignore ID reason``, indented alike."""
    row = diagnostic.range.start.line
    line = doc.lines[row] if row < len(doc.lines) else ""
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    text = f"{indent}//golint-mem:ignore {diagnostic.code} {IGNORE_REASON}\n"
    at = types.Position(line=row, character=0)
    return types.TextEdit(range=types.Range(start=at, end=at), new_text=text)


class GolintMemServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(SOURCE, golint_mem.__version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.settings = Settings()
        self._pending: dict[str, asyncio.TimerHandle] = {}
        self._shown_problems: set[str] = set()
        #: what was last published per document, for hover
        self._published: dict[str, list[types.Diagnostic]] = {}

    def schedule(self, uri: str, delay_ms: int) -> None:
        """Lint ``uri`` after ``delay_ms``; a newer request for the same document replaces it."""
        old = self._pending.pop(uri, None)
        if old is not None:
            old.cancel()
        loop = asyncio.get_running_loop()
        self._pending[uri] = loop.call_later(
            delay_ms / 1000, lambda: asyncio.ensure_future(self.lint(uri))
        )

    async def lint(self, uri: str) -> None:
        self._pending.pop(uri, None)
        doc = self.workspace.get_text_document(uri)
        path = uri_to_path(uri)
        if path is None or not path.endswith(".go"):
            return
        version, text = doc.version, doc.source
        try:
            findings, problem = await asyncio.to_thread(analyse_text, path, text, self.settings)
        except Exception as e:  # the editor must keep working whatever the analysis does
            logger.exception("analysis failed for %s", path)
            findings, problem = [], f"golint-mem: analysis failed ({type(e).__name__}: {e})"
        if problem and problem not in self._shown_problems:
            self._shown_problems.add(problem)
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=problem))
        current = self.workspace.get_text_document(uri)
        if current.version != version:
            return  # an edit arrived meanwhile; its own lint will publish
        diagnostics = [to_diagnostic(current, f) for f in findings]
        self._published[uri] = diagnostics
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=diagnostics,
        ))

    def diagnostics_at(self, uri: str, pos: types.Position) -> list[types.Diagnostic]:
        here = (pos.line, pos.character)
        return [d for d in self._published.get(uri, ())
                if (d.range.start.line, d.range.start.character) <= here
                <= (d.range.end.line, d.range.end.character)]

    def relint_open_documents(self) -> None:
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)


server = GolintMemServer()


@server.feature(types.INITIALIZE)
def initialize(ls: GolintMemServer, params: types.InitializeParams) -> None:
    ls.settings = Settings.from_client(params.initialization_options)


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
def did_change_configuration(ls: GolintMemServer, params: types.DidChangeConfigurationParams) -> None:
    ls.settings = Settings.from_client(params.settings)
    ls.relint_open_documents()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: GolintMemServer, params: types.DidOpenTextDocumentParams) -> None:
    await ls.lint(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: GolintMemServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, ls.settings.debounce_ms)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
async def did_save(ls: GolintMemServer, params: types.DidSaveTextDocumentParams) -> None:
    await ls.lint(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: GolintMemServer, params: types.DidCloseTextDocumentParams) -> None:
    pending = ls._pending.pop(params.text_document.uri, None)
    if pending is not None:
        pending.cancel()
    ls._published.pop(params.text_document.uri, None)
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
    )


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
def code_action(ls: GolintMemServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    doc = ls.workspace.get_text_document(params.text_document.uri)
    actions = []
    for d in params.context.diagnostics:
        if d.source != SOURCE or not d.code:
            continue
        fix = d.data.get("fix") if isinstance(d.data, dict) else None
        if fix and fix.get("edits"):
            edits = [types.TextEdit(
                range=types.Range(start=types.Position(**e["range"]["start"]),
                                  end=types.Position(**e["range"]["end"])),
                new_text=e["newText"]) for e in fix["edits"]]
            actions.append(types.CodeAction(
                title=f"{fix['title']} ({d.code})",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[d],
                is_preferred=bool(fix.get("safe")),
                edit=types.WorkspaceEdit(changes={doc.uri: edits}),
            ))
        actions.append(types.CodeAction(
            title=f"Ignore {d.code} on this line (//golint-mem:ignore)",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[d],
            edit=types.WorkspaceEdit(changes={doc.uri: [ignore_edit(doc, d)]}),
        ))
    return actions


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: GolintMemServer, params: types.HoverParams) -> types.Hover | None:
    from golint_mem.registry import lookup
    from golint_mem.report._common import help_uri

    diagnostics = ls.diagnostics_at(params.text_document.uri, params.position)
    parts = []
    for d in diagnostics:
        rule = lookup(str(d.code))
        if rule is None:
            continue
        parts.append(f"**{rule.id} {rule.name}**: {rule.summary}\n\n"
                     f"{rule.full_description}\n\n[Rule documentation]({help_uri(rule.id)})")
    if not parts:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                    value="\n\n---\n\n".join(parts)))


def main() -> int:
    logging.basicConfig(level=logging.WARNING)  # stderr: stdout is the protocol channel
    logging.getLogger("pygls").setLevel(logging.WARNING)
    server.start_io()
    return 0
