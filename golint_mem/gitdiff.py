"""``--new-from-rev REV``: keep only findings on lines changed since a git revision
(golangci-lint's flag). Changed means added or modified in the working tree
relative to REV, uncommitted changes included; a file git does not track yet is
new as a whole.
"""

from __future__ import annotations

import os
import re
import subprocess

_HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
ALL_LINES = None  # a whole new file


class GitError(Exception):
    """REV is not a revision, or the paths are not in a git work tree (exit code 2)."""


def _git(args: list[str], cwd: str) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=120)
    except FileNotFoundError:
        raise GitError("--new-from-rev needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {' '.join(args)} did not finish in 120 s") from None
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]}: {msg[-1] if msg else 'failed'}")
    return proc.stdout


def changed_lines(rev: str, cwd: str) -> dict[str, set[int] | None]:
    """``{absolute path: changed line numbers}`` (None: every line) since ``rev``."""
    if rev.startswith("-"):
        raise GitError(f"--new-from-rev: {rev!r} is not a revision")
    top = _git(["rev-parse", "--show-toplevel"], cwd).decode("utf-8", "surrogateescape").strip()
    _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd)
    diff = _git(["diff", "--no-color", "--no-ext-diff", "--no-renames", "-U0", rev, "--"], top)
    out: dict[str, set[int] | None] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith(b"+++ "):
            target = line[4:]
            if target == b"/dev/null":
                current = None
                continue
            name = os.fsdecode(target[2:] if target.startswith(b"b/") else target)
            current = out.setdefault(os.path.realpath(os.path.join(top, name)), set())
            continue
        m = _HUNK.match(line)
        if m and current is not None:
            start, count = int(m.group(1)), int(m.group(2) if m.group(2) is not None else 1)
            current.update(range(start, start + count))
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top)
    for name in untracked.split(b"\0"):
        if name:
            out[os.path.realpath(os.path.join(top, os.fsdecode(name)))] = ALL_LINES
    return out


def keep_changed(findings: list, changed: dict[str, set[int] | None]) -> list:
    kept = []
    for f in findings:
        path = os.path.realpath(f.location.path)
        if path not in changed:
            continue
        lines = changed[path]
        if lines is ALL_LINES or f.location.line in lines:
            kept.append(f)
    return kept
