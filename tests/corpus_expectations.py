"""Reads `// want` annotations from the corpus (tree-sitter comment nodes only,
so an annotation-like text inside a string literal never counts)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from golint_mem import parse as ts

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
_WANT = re.compile(r"^//\s*want\s+(?:\+(\d+)\s+)?(MEM\d{3}(?:\s*,\s*MEM\d{3})*)\b")
_COMMENTS = "(comment) @c"


def corpus_files(root: Path = CORPUS) -> list[Path]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != "testdata" and not d.startswith((".", "_")))
        out.extend(Path(dirpath) / f for f in sorted(filenames) if f.endswith(".go"))
    return out


def expectations(path: Path) -> set[tuple[str, int, str]]:
    """{(path, line, rule id)} annotated in one file."""
    source = path.read_bytes()
    tree = ts.parse(source)
    out = set()
    for c in ts.captures(ts.query(_COMMENTS), tree.root_node).get("c", []):
        m = _WANT.match(ts.text(c))
        if not m:
            continue
        line = c.start_point[0] + 1 + int(m.group(1) or 0)
        for rid in m.group(2).split(","):
            out.add((str(path), line, rid.strip()))
    return out


def all_expectations(root: Path = CORPUS) -> set[tuple[str, int, str]]:
    out = set()
    for f in corpus_files(root):
        out |= expectations(f)
    return out
