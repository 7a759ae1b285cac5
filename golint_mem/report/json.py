"""JSON reporter: the findings, diagnostics and a summary as one JSON document.

Paths are relative to the working directory when under it (forward slashes),
absolute otherwise; columns are 1-based bytes, as in the text output.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import golint_mem
from golint_mem.report._common import display_path, level_counts, level_of
from golint_mem.rule import Diagnostic, Finding, Location, Result, Rule


def _path(loc: Location, cwd: Path) -> str:
    return display_path(loc.path, cwd).as_posix()


def _finding(f: Finding, cwd: Path) -> dict:
    loc = f.location
    return {
        "rule": f.rule_id,
        "name": f.rule_name,
        "level": level_of(f.level),
        "message": f.message,
        "path": _path(loc, cwd),
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
        "related": [
            {"path": _path(r, cwd), "line": r.line, "column": r.column, "message": r.message}
            for r in f.related
        ],
        "fingerprint": f.fingerprint,
        "fix": _fix(f),
    }


def _fix(f: Finding) -> dict | None:
    """The rule's fix: edits as 1-based line/byte-column spans (end exclusive) and bytes."""
    if f.fix is None:
        return None
    return {
        "title": f.fix.title,
        "safe": f.fix.safe,
        "edits": [
            {"line": e.range.line, "column": e.range.column, "end_line": e.range.end_line,
             "end_column": e.range.end_column, "start_byte": e.start, "end_byte": e.end, "text": e.text}
            for e in f.fix.edits if e.range is not None
        ],
    }


def _diagnostic(d: Diagnostic, cwd: Path) -> dict:
    loc = d.location
    return {
        "kind": d.kind,
        "message": d.message,
        "path": _path(loc, cwd),
        "line": loc.line,
        "column": loc.column,
    }


def to_dict(result: Result, *, cwd: Path) -> dict:
    """The document :func:`render` serialises (sorts ``result`` first)."""
    result.sort()
    return {
        "version": golint_mem.__version__,
        "findings": [_finding(f, cwd) for f in result.findings],
        "diagnostics": [_diagnostic(d, cwd) for d in result.diagnostics],
        "summary": {
            "files": result.files,
            "analysed": result.analysed,
            "packages": result.packages,
            "findings": len(result.findings),
            "diagnostics": len(result.diagnostics),
            "by_level": level_counts(result.findings),
        },
    }


def render(result: Result, rules: Sequence[Rule], *, root: Path, cwd: Path) -> str:
    return json.dumps(to_dict(result, cwd=cwd), indent=2, ensure_ascii=False) + "\n"
