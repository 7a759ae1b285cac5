"""Lazy querying (golint_mem/triggers.py) finds exactly what querying everything finds.

Each rule's trigger patterns must occur inside every match of its query; these tests
hold every rule to that, candidate by candidate, on the corpus (and on the Go
standard library with GOLINT_MEM_SLOW=1), and compare whole runs in both modes.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from golint_mem import parse as ts
from golint_mem import triggers
from golint_mem.engine import Options, combined_query, run
from golint_mem.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent
STDLIB = "/usr/lib/go-1.19/src"


def _candidates(rule, source: bytes, lazy: bool) -> list[tuple[int, int, int]]:
    q, _ = combined_query([rule])
    root = ts.parse(source).root_node
    spans = triggers.spans_to_query(root, source, [rule.id]) if lazy else None
    return sorted((i, caps[next(iter(caps))][0].start_byte, caps[next(iter(caps))][0].end_byte)
                  for i, caps in ts.budgeted_matches(q, root, spans=spans))


def _missed(files) -> list[str]:
    missed = []
    for path in files:
        source = Path(path).read_bytes()
        for rule in all_rules():
            if rule.id in triggers.PATTERNS:
                full, lazy = _candidates(rule, source, False), _candidates(rule, source, True)
                if full != lazy:
                    missed.append(f"{rule.id} {path}: {sorted(set(full) - set(lazy))}")
    return missed


def test_every_rule_has_trigger_patterns():
    # a rule without patterns is correct but makes every file be queried
    assert {r.id for r in all_rules()} <= set(triggers.PATTERNS)


def test_triggers_keep_every_candidate_of_the_corpus():
    files = sorted(str(p) for p in (ROOT / "corpus").rglob("*.go"))
    assert files
    assert _missed(files) == []


@pytest.mark.parametrize("snippet, rule", [
    ("func f() {\n\tgo work()\n}\n", "MEM001"),
    ("func f() {\n\tif ok { go work() }\n}\n", "MEM014"),
    ("func f() {\n\tselect {\n\tcase <-c: go func() {}()\n\t}\n}\n", "MEM011"),
    ("func f() {\n\t/* start */ go work()\n}\n", "MEM001"),
    ("func f() {\n\tgo\n\twork()\n}\n", "MEM001"),
    ("func f() {\n\tm[k] = func() {}\n}\n", "MEM004"),
    ("func f() {\n\tm[k], n[j] =\n\t\tfunc() {}, x.y\n}\n", "MEM004"),
    ("func f() {\n\tm[k],\n\t\tn = x.y, 1\n}\n", "MEM004"),
    ("func f() {\n\tm[k] <<= x.y\n}\n", "MEM004"),
    ("func f() {\n\tif a[i] == b { m[k] = x.y }\n}\n", "MEM004"),
    ("func f() {\n\tif a[i] <= b || c[j] >= d { m[k] >>= x.y }\n}\n", "MEM004"),
    ("func f() {\n\tif a[i] != b { m[k] &^= x.y }\n}\n", "MEM004"),
    ("func f() {\n\tm[k] = /* later */\n\t\tx.y\n}\n", "MEM004"),
    ("func f() {\n\tm[k], n[j] = 1,\n\t\tx.y\n}\n", "MEM004"),
    ("func f() {\n\tm[k] = (x)\n}\n", "MEM004"),
    ("func f() {\n\tm[k], n[j] = 1, (x)\n}\n", "MEM004"),
    ("func f() {\n\tm[k] = Handler(func() {})\n}\n", "MEM004"),
    ("func f() {\n\tp := uintptr(unsafe.Pointer(&x))\n\t_ = p\n}\n", "MEM005"),
    ("func f() {\n\t*(*uintptr)(unsafe.Pointer(&x)) = 1\n}\n", "MEM005"),
    ("func f() {\n\tcounts[k] ++\n}\n", "MEM013"),
    ("func f() {\n\tcounts[k-1]--\n}\n", "MEM013"),
    ("func f() {\n\tp.\n\t\tPut(b)\n}\n", "MEM002"),
])
def test_triggers_see_unusual_layouts(snippet, rule):
    source = f"package p\n\n{snippet}".encode()
    r = next(x for x in all_rules() if x.id == rule)
    full = _candidates(r, source, False)
    assert full, "the snippet must be a candidate"
    assert _candidates(r, source, True) == full


def test_a_file_without_triggers_is_not_queried():
    source = b"package p\n\n// a for loop; //go:noinline below\n//go:noinline\nfunc f(a []int) int {\n\treturn a[0]\n}\n"
    root = ts.parse(source).root_node
    assert triggers.spans_to_query(root, source, [r.id for r in all_rules()]) == []


def test_a_trigger_word_in_a_comment_is_queried_only_there():
    source = b"package p\n\n// go is fine here\nfunc f(a []int) int {\n\treturn a[0]\n}\n"
    root = ts.parse(source).root_node
    spans = triggers.spans_to_query(root, source, [r.id for r in all_rules()])
    assert [source[a - 1:b + 1] for a, b in spans] == [b"go "]
    q, _ = combined_query(list(all_rules()))
    assert ts.budgeted_matches(q, root, spans=spans) == []


def _both(paths) -> tuple:
    rules = list(all_rules())
    out = []
    for lazy in (False, True):
        r = run(paths, rules, Options(jobs=1, lazy=lazy))
        out.append((r.findings, r.diagnostics, r.files, r.analysed, r.packages))
    return out


def test_lazy_and_full_runs_agree_on_the_corpus():
    full, lazy = _both([str(ROOT / "corpus")])
    assert full[0], "the corpus has findings"
    assert lazy == full


SLOW = pytest.mark.skipif(os.environ.get("GOLINT_MEM_SLOW") != "1" or not os.path.isdir(STDLIB),
                          reason="slow: set GOLINT_MEM_SLOW=1 (needs the Go 1.19 sources)")


@SLOW
def test_triggers_keep_every_candidate_of_the_standard_library():
    from golint_mem.discover import discover

    files = [f for u in discover([STDLIB]) for f in u.files + u.test_files]
    assert _missed(files) == []


@SLOW
def test_lazy_and_full_runs_agree_on_the_standard_library():
    full, lazy = _both([STDLIB])
    assert lazy == full
