"""Applying the rules' fixes: ``check --fix`` writes them, ``check --diff`` shows them.

Fixes are applied per file, all in one pass, in order of position; a fix whose edits
overlap one already taken waits for the next pass. After each pass the fixed files
are checked again (a fix may make room for another, and must not leave a finding of
its own), up to a few passes, as ruff does. Files are written atomically (a
temporary file renamed into place), and a file that changed on disk since it was
read is left alone.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field

from golint_mem.report.write import replace_file
from golint_mem.rule import Finding, Fix

MAX_PASSES = 4


@dataclass
class FixOutcome:
    fixed: int = 0
    #: path -> (original bytes, fixed bytes)
    changes: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)


def applicable(f: Finding, unsafe: bool) -> Fix | None:
    if f.fix is None or not f.fix.edits:
        return None
    if not f.fix.safe and not unsafe:
        return None
    return f.fix


def apply_to_source(source: bytes, fixes: list[Fix]) -> tuple[bytes, int]:
    """``source`` with every non-overlapping fix applied; and how many were."""
    taken: list[tuple[int, int]] = []
    chosen: list[Fix] = []
    for fix in sorted(fixes, key=lambda fx: min(e.start for e in fx.edits)):
        spans = [(e.start, e.end) for e in fix.edits]
        if any(_overlaps(a, b) for a in spans for b in taken):
            continue
        taken.extend(spans)
        chosen.append(fix)
    edits = sorted((e for fx in chosen for e in fx.edits), key=lambda e: (e.start, e.end), reverse=True)
    out = source
    for e in edits:
        out = out[: e.start] + e.text.encode("utf-8") + out[e.end:]
    return out, len(chosen)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two edits conflict when their spans overlap, when one inserts inside the other's
    span, or when both insert at one point (their order would be a guess)."""
    (a0, a1), (b0, b1) = a, b
    if a0 == a1 and b0 == b1:
        return a0 == b0
    if a0 == a1:
        return b0 < a0 < b1
    if b0 == b1:
        return a0 < b0 < a1
    return a0 < b1 and b0 < a1


def fix_files(findings: list[Finding], unsafe: bool, reread) -> FixOutcome:
    """Apply fixes in passes; ``reread(paths)`` re-checks those files and returns their
    findings. Works on copies in memory: nothing is written here."""
    outcome = FixOutcome()
    current: dict[str, bytes] = {}
    pending = findings
    for _ in range(MAX_PASSES):
        by_path: dict[str, list[Fix]] = {}
        for f in pending:
            fix = applicable(f, unsafe)
            if fix is not None:
                by_path.setdefault(f.location.path, []).append(fix)
        if not by_path:
            break
        touched = []
        for path, fixes in by_path.items():
            if path not in current:
                with open(path, "rb") as fh:
                    current[path] = fh.read()
                outcome.changes[path] = (current[path], current[path])
            new, n = apply_to_source(current[path], fixes)
            if n:
                current[path] = new
                outcome.changes[path] = (outcome.changes[path][0], new)
                outcome.fixed += n
                touched.append(path)
        if not touched:
            break
        pending = reread({p: current[p] for p in touched})
    outcome.changes = {p: c for p, c in outcome.changes.items() if c[0] != c[1]}
    return outcome


def unified_diff(outcome: FixOutcome, display) -> str:
    out = []
    for path in sorted(outcome.changes):
        before, after = outcome.changes[path]
        name = str(display(path))
        out.extend(difflib.unified_diff(
            before.decode("utf-8", "surrogateescape").splitlines(keepends=True),
            after.decode("utf-8", "surrogateescape").splitlines(keepends=True),
            fromfile=f"a/{name}", tofile=f"b/{name}",
        ))
    return "".join(out)


def write(outcome: FixOutcome) -> list[str]:
    """Write the fixed files; returns the paths left alone because they changed meanwhile."""
    skipped = []
    for path, (before, after) in sorted(outcome.changes.items()):
        with open(path, "rb") as fh:
            if fh.read() != before:
                skipped.append(path)
                continue
        replace_file(path, after, os.stat(path))
    return skipped
