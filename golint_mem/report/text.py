"""Text reporter: ``path:line:col: MEM001 [name] message``, one line per finding.

Related locations follow their finding as indented lines, input diagnostics come
after the findings with their kind in place of the rule, and one summary line ends
the output. Findings of level ``error`` end in `` (error)``; the summary counts
every level.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from golint_mem.report._common import (
    diagnostic_summary,
    statistics_rows,
    display_path,
    level_counts,
    level_of,
    plural,
    position,
)
from golint_mem.rule import Level, Location, Result, Rule


def _where(loc: Location, cwd: Path) -> str:
    pos = position(loc)
    path = str(display_path(loc.path, cwd))
    return f"{path}:{pos}" if pos else path


def summary(result: Result) -> str:
    """``Found 3 findings (2 warnings, 1 error) in 10 files (9 analysed).`` or
    ``No findings in 10 files (10 analysed).``: files the paths matched, and of those
    the ones analysed (not left out by build constraints, --tests=false or size)."""
    files = f"{plural(result.files, 'file')} ({result.analysed} analysed)"
    if result.findings:
        counts = ", ".join(
            plural(n, level) for level, n in level_counts(result.findings).items() if n
        )
        line = f"Found {plural(len(result.findings), 'finding')} ({counts}) in {files}"
    else:
        line = f"No findings in {files}"
    extra = diagnostic_summary(result.diagnostics)
    if extra:
        line += "; " + "; ".join(extra)
    return line + "."


def render(result: Result, rules: Sequence[Rule], *, root: Path, cwd: Path) -> str:
    result.sort()
    lines = []
    for f in result.findings:
        line = f"{_where(f.location, cwd)}: {f.rule_id} [{f.rule_name}] {f.message}"
        if level_of(f.level) == Level.ERROR.value:
            line += " (error)"
        lines.append(line)
        for rel in f.related:
            lines.append(f"    {_where(rel, cwd)}: {rel.message}")
    for d in result.diagnostics:
        lines.append(f"{_where(d.location, cwd)}: {d.kind}: {d.message}")
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def statistics(result: Result, fmt: str = "text", *, quiet: bool = False) -> str:
    """``--statistics``: findings counted per rule (and diagnostics per kind), most first."""
    rows = statistics_rows(result)
    if fmt == "json":
        import json

        return json.dumps([{"code": c, "name": n, "count": k} for k, c, n in rows], indent=2) + "\n"
    width = max((len(str(k)) for k, _, _ in rows), default=1)
    code_width = max((len(c) for _, c, _ in rows), default=6)
    lines = [f"{k:>{width}}  {c:<{code_width}}  {n}".rstrip() for k, c, n in rows]
    if not quiet:
        lines.append(summary(result))
    return "".join(line + "\n" for line in lines)
