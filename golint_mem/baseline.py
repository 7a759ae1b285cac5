"""Gradual adoption: record today's findings (``--write-baseline``), then hide them
(``--baseline``) so that only new findings fail a build.

A finding is matched by its rule, its file (relative to the baseline file, so the
baseline can be committed and used from any working directory) and its
fingerprint: the flagged line's text and its occurrence among identical lines of
the file, so lines added or removed above it do not bring it back. Matching
counts: a baseline entry hides one finding, and a second identical finding is new.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from golint_mem.rule import Finding, Result

FORMAT_VERSION = 1


class BaselineError(Exception):
    """A baseline file that cannot be read or written (exit code 2)."""


def _key(f: Finding, base: Path) -> tuple[str, str, str]:
    rel = os.path.relpath(os.path.abspath(f.location.path), base)
    return f.rule_id, Path(rel).as_posix(), f.fingerprint


def render(result: Result, baseline_path: str) -> str:
    base = Path(os.path.abspath(baseline_path)).parent
    entries = []
    for f in result.findings:
        rule, path, fingerprint = _key(f, base)
        entries.append({"rule": rule, "path": path, "fingerprint": fingerprint,
                        "line": f.location.line, "message": f.message})
    entries.sort(key=lambda e: (e["path"], e["line"], e["rule"], e["fingerprint"]))
    doc = {"tool": "golint-mem", "version": FORMAT_VERSION, "findings": entries}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def load(baseline_path: str) -> Counter:
    try:
        with open(baseline_path, encoding="utf-8") as f:
            doc = json.load(f)
    except OSError as e:
        raise BaselineError(f"{baseline_path}: cannot read baseline: {e.strerror or e}") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise BaselineError(f"{baseline_path}: not a golint-mem baseline (invalid JSON: {e})") from None
    if not isinstance(doc, dict) or doc.get("version") != FORMAT_VERSION or not isinstance(doc.get("findings"), list):
        raise BaselineError(f"{baseline_path}: not a golint-mem baseline (write one with --write-baseline)")
    keys: Counter = Counter()
    for e in doc["findings"]:
        if not isinstance(e, dict) or not all(isinstance(e.get(k), str) for k in ("rule", "path", "fingerprint")):
            raise BaselineError(f"{baseline_path}: malformed entry {str(e)[:80]!r}")
        keys[(e["rule"], e["path"], e["fingerprint"])] += 1
    return keys


def apply(result: Result, baseline_path: str) -> int:
    """Drop the findings the baseline records; returns how many were hidden."""
    remaining = load(baseline_path)
    base = Path(os.path.abspath(baseline_path)).parent
    kept = []
    for f in result.findings:
        k = _key(f, base)
        if remaining[k] > 0:
            remaining[k] -= 1
        else:
            kept.append(f)
    hidden = len(result.findings) - len(kept)
    result.findings = kept
    return hidden
