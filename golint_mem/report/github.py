"""GitHub Actions reporter: one workflow command per finding and per diagnostic.

``::warning file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=MEM001 name::MESSAGE``
(``::error`` for level error, ``::notice`` for note). Paths are relative to the
working directory (the checkout in a workflow), with forward slashes. Columns are
UTF-16 code units, as GitHub's web UI counts them (bytes when unknown). Related
locations are appended to the message, one line each, since annotations have no
field for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from golint_mem.report._common import diagnostic_level, display_path, level_of, position
from golint_mem.rule import Location, Result, Rule

_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(value: str) -> str:
    """Escape a command's message (after ``::``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a command property value (``file=``, ``title=``...)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _properties(loc: Location, cwd: Path, title: str) -> str:
    props = [("file", display_path(loc.path, cwd).as_posix())]
    if loc.line > 0:
        props.append(("line", str(loc.line)))
        col = loc.column16 or loc.column
        if col > 0:
            props.append(("col", str(col)))
        if loc.end_line > 0:
            props.append(("endLine", str(loc.end_line)))
            end_col = loc.end_column16 or loc.end_column
            if end_col > 0:
                props.append(("endColumn", str(end_col)))
    props.append(("title", title))
    return ",".join(f"{k}={escape_property(v)}" for k, v in props)


def _related_line(loc: Location, cwd: Path) -> str:
    where = display_path(loc.path, cwd).as_posix()
    pos = position(loc)
    return f"  {where}:{pos}: {loc.message}" if pos else f"  {where}: {loc.message}"


def render(result: Result, rules: Sequence[Rule], *, root: Path, cwd: Path) -> str:
    result.sort()
    lines = []
    for f in result.findings:
        command = _COMMAND[level_of(f.level)]
        props = _properties(f.location, cwd, f"{f.rule_id} {f.rule_name}")
        message = "\n".join([f.message] + [_related_line(r, cwd) for r in f.related])
        lines.append(f"::{command} {props}::{escape_data(message)}")
    for d in result.diagnostics:
        command = _COMMAND[diagnostic_level(d.kind)]
        props = _properties(d.location, cwd, d.kind)
        lines.append(f"::{command} {props}::{escape_data(d.message)}")
    return "".join(line + "\n" for line in lines)
