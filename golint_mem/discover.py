"""Paths -> Go files -> package units, and each unit's module Go version."""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

SKIP_DIRS = {"vendor", "testdata", "node_modules"}
_GO_DIRECTIVE = re.compile(rb"^\s*go\s+(\d+)\.(\d+)", re.M)


class InputError(Exception):
    """A path the user gave cannot be analysed (exit code 2)."""


@dataclass
class PackageUnit:
    """One directory: its non-test files, its test files, and which of them to report on."""

    directory: str
    files: list[str] = field(default_factory=list)
    test_files: list[str] = field(default_factory=list)
    #: files findings are reported for; None means all of them
    report_only: set[str] | None = None
    go_version: tuple[int, int] | None = None


def _excluded(path: str, patterns: list[str]) -> bool:
    if not patterns:
        return False
    posix = Path(path).as_posix()
    parts = posix.split("/")
    for pat in patterns:
        pat = pat.rstrip("/")
        if fnmatch.fnmatch(posix, pat) or fnmatch.fnmatch(posix, f"*/{pat}"):
            return True
        if any(fnmatch.fnmatch(p, pat) for p in parts):
            return True
    return False


def _hidden(name: str) -> bool:
    return name.startswith(".") or name.startswith("_")


def discover(paths: list[str], exclude: list[str] | None = None) -> list[PackageUnit]:
    """Group the .go files under ``paths`` into package units, in a stable order.

    A directory given (or reached) is walked, skipping vendor/, testdata/,
    hidden and excluded paths. A file given explicitly is analysed with the
    other files of its directory as context, but only it is reported on.
    """
    exclude = list(exclude or [])
    units: dict[str, PackageUnit] = {}
    explicit: dict[str, set[str]] = {}
    walked: set[str] = set()
    for raw in paths:
        if not os.path.exists(raw):
            raise InputError(f"{raw}: no such file or directory")
        if os.path.isfile(raw):
            if not raw.endswith(".go"):
                raise InputError(f"{raw}: not a .go file")
            d = os.path.dirname(raw) or "."
            explicit.setdefault(os.path.normpath(d), set()).add(os.path.normpath(raw))
            continue
        for dirpath, dirnames, filenames in os.walk(raw):
            dirnames[:] = sorted(
                d
                for d in dirnames
                if d not in SKIP_DIRS
                and not _hidden(d)
                and not _excluded(os.path.join(dirpath, d), exclude)
            )
            key = os.path.normpath(dirpath)
            if any(f.endswith(".go") for f in filenames):
                walked.add(key)
    for d in sorted(walked | set(explicit)):
        unit = PackageUnit(directory=d)
        try:
            names = sorted(os.listdir(d))
        except OSError as e:
            raise InputError(f"{d}: cannot list directory: {e.strerror}") from None
        for name in names:
            if not name.endswith(".go") or _hidden(name):
                continue
            path = os.path.normpath(os.path.join(d, name))
            if _excluded(path, exclude) and path not in explicit.get(d, ()):
                continue
            if not os.path.isfile(path):
                continue
            (unit.test_files if name.endswith("_test.go") else unit.files).append(path)
        if d not in walked:
            unit.report_only = explicit[d]
        unit.go_version = module_go_version(d)
        if unit.files or unit.test_files:
            units[d] = unit
    return list(units.values())


_version_cache: dict[str, tuple[int, int] | None] = {}


def module_go_version(directory: str) -> tuple[int, int] | None:
    """The `go` directive of the nearest go.mod at or above ``directory``."""
    d = os.path.abspath(directory)
    seen = []
    version = None
    while True:
        if d in _version_cache:
            version = _version_cache[d]
            break
        seen.append(d)
        gomod = os.path.join(d, "go.mod")
        if os.path.isfile(gomod):
            try:
                with open(gomod, "rb") as f:
                    m = _GO_DIRECTIVE.search(f.read(1 << 20))
                version = (int(m.group(1)), int(m.group(2))) if m else None
            except OSError:
                version = None
            break
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    for s in seen:
        _version_cache[s] = version
    return version
