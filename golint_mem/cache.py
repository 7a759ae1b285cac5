"""Per-package results cache: a package whose files did not change costs a hash and a read.

An entry is keyed by everything its result depends on: the tool's own code (version
and a digest of its modules, so an upgrade or a local edit never reads a stale
entry), the selected rules, the options that change findings, the module Go version,
and the path and content of every file of the package unit. Entries are JSON (a
cache in the analysed tree is as untrusted as the tree: nothing is unpickled),
written to a temporary file and renamed into place, so two runs may share a cache
and a half-written or corrupt entry is ignored and rebuilt.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import os
from pathlib import Path

from golint_mem.rule import Diagnostic, Edit, Finding, Fix, Level, Location, Result

FORMAT = 1
DEFAULT_DIR = ".golint-mem-cache"


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """The tool's version and a digest of its Python sources."""
    import golint_mem
    import golint_mem.rules as rules_pkg

    from importlib import metadata

    h = hashlib.sha256(golint_mem.__version__.encode())
    for dist in ("tree-sitter", "tree-sitter-go"):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            pass
    for base in (Path(golint_mem.__file__).parent, Path(rules_pkg.__file__).parent):
        for p in sorted(base.rglob("*.py")):
            try:
                h.update(p.relative_to(base).as_posix().encode() + b"\0" + p.read_bytes())
            except OSError:
                pass
    return h.hexdigest()


def unit_key(unit, rule_ids: tuple[str, ...], opts) -> str | None:
    """The entry key of a package unit, or None when a file cannot be read (no caching)."""
    h = hashlib.sha256()
    settings = {
        "format": FORMAT, "code": code_digest(), "rules": sorted(rule_ids),
        "max_file_size": opts.max_file_size, "require_reason": opts.require_reason,
        "unused": opts.report_unused_suppressions, "tests": opts.tests,
        "dir": os.path.abspath(unit.directory), "go": unit.go_version,
        "report_only": sorted(unit.report_only) if unit.report_only is not None else None,
    }
    h.update(json.dumps(settings, sort_keys=True, default=str).encode())
    for path in sorted(unit.files + unit.test_files):
        norm = os.path.normpath(path)
        # the path as given too: findings carry it, and a run naming the same file
        # another way (absolute, ./x) must not read paths spelled the first way
        h.update(b"\0F" + os.fsencode(os.path.abspath(path)) + b"\0" + os.fsencode(path) + b"\0")
        if norm in opts.overrides:
            h.update(hashlib.sha256(opts.overrides[norm]).digest())
            continue
        try:
            with open(path, "rb") as f:
                h.update(hashlib.sha256(f.read()).digest())
        except OSError:
            return None
    return h.hexdigest()


def _entry(cache_dir: str, key: str) -> str:
    return os.path.join(cache_dir, key[:2], key + ".json")


def load(cache_dir: str, key: str) -> Result | None:
    try:
        with open(_entry(cache_dir, key), encoding="utf-8") as f:
            doc = json.load(f)
        if doc.get("format") != FORMAT or doc.get("key") != key:
            return None
        return _result(doc["result"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, half-written or corrupt: rebuilt by the caller


def store(cache_dir: str, key: str, result: Result) -> None:
    """Best effort: a cache that cannot be written only costs speed."""
    path = _entry(cache_dir, key)
    try:
        directory = os.path.dirname(path)
        if directory not in _made:  # a few system calls per entry, not a dozen
            os.makedirs(directory, exist_ok=True)
            ignore = os.path.join(cache_dir, ".gitignore")
            if not os.path.exists(ignore):
                with open(ignore, "w", encoding="utf-8") as f:
                    f.write("# written by golint-mem\n*\n")
            _made.add(directory)
        data = json.dumps({"format": FORMAT, "key": key, "result": _doc(result)}).encode()
        # a name no other process or run writes: the pid and a counter
        tmp = f"{path}.{os.getpid()}.{next(_serial)}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError:
        pass


_made: set[str] = set()
_serial = itertools.count()


# -- JSON round trip -------------------------------------------------------------------

def _loc(loc: Location) -> list:
    return [loc.path, loc.line, loc.column, loc.end_line, loc.end_column, loc.column16,
            loc.end_column16, loc.message]


def _unloc(v: list) -> Location:
    path, line, col, eline, ecol, col16, ecol16, message = v
    return Location(str(path), int(line), int(col), int(eline), int(ecol), int(col16), int(ecol16), str(message))


def _doc(result: Result) -> dict:
    return {
        "files": result.files, "analysed": result.analysed, "packages": result.packages,
        "findings": [{
            "id": f.rule_id, "name": f.rule_name, "level": f.level.value, "message": f.message,
            "loc": _loc(f.location), "related": [_loc(r) for r in f.related],
            "fp": f.fingerprint,
            "fix": None if f.fix is None else {
                "title": f.fix.title, "safe": f.fix.safe,
                "edits": [[e.start, e.end, e.text, _loc(e.range) if e.range else None] for e in f.fix.edits],
            },
        } for f in result.findings],
        "diagnostics": [{"kind": d.kind, "message": d.message, "loc": _loc(d.location)}
                        for d in result.diagnostics],
    }


def _result(doc: dict) -> Result:
    findings = []
    for f in doc["findings"]:
        fix = None
        if f["fix"] is not None:
            fix = Fix(str(f["fix"]["title"]), tuple(
                Edit(int(s), int(e), str(t), _unloc(r) if r else None) for s, e, t, r in f["fix"]["edits"]
            ), bool(f["fix"]["safe"]))
        findings.append(Finding(str(f["id"]), str(f["name"]), Level(f["level"]), str(f["message"]),
                                _unloc(f["loc"]), tuple(_unloc(r) for r in f["related"]),
                                fingerprint=str(f["fp"]), fix=fix))
    diags = [Diagnostic(str(d["kind"]), str(d["message"]), _unloc(d["loc"])) for d in doc["diagnostics"]]
    return Result(findings=findings, diagnostics=diags, files=int(doc["files"]),
                  analysed=int(doc["analysed"]), packages=int(doc["packages"]))
