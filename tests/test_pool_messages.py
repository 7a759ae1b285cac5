"""Pool rules (MEM002, MEM009, MEM012): messages name the value and a safe fix, in
under 200 characters."""

from __future__ import annotations

import pytest

from corpus_expectations import CORPUS
from golint_mem.engine import Options, run
from golint_mem.registry import all_rules

POOL_RULES = ("MEM002", "MEM009", "MEM012")


@pytest.fixture(scope="module")
def findings():
    rules = [r for r in all_rules() if r.id in POOL_RULES]
    dirs = [str(CORPUS / rid) for rid in POOL_RULES]
    return run(dirs, rules, Options(jobs=1)).findings


@pytest.mark.parametrize("rule_id", POOL_RULES)
def test_messages_are_short_and_name_the_value(findings, rule_id):
    mine = [f for f in findings if f.rule_id == rule_id]
    assert mine
    for f in mine:
        assert len(f.message) < 200, f.message
        assert f.message.startswith("`"), f.message


def test_free_list_fix_is_never_truncation(findings):
    """A slice of pointers (a free list) is named with "document why it is kept",
    never with a `[:0]` that could leak what it points to."""
    hits = [f for f in findings if f.rule_id == "MEM002" and "freeListPool" in f.message]
    assert len(hits) == 1
    msg = hits[0].message
    assert "`entries`" in msg and "document why it is kept" in msg and "[:0]" not in msg


def test_mem009_names_the_pointer_type(findings):
    msgs = [f.message for f in findings if f.rule_id == "MEM009"]
    assert any("pool a `*[]byte` instead" in m for m in msgs)
    assert any("pool a `*span` instead" in m for m in msgs)


def test_mem012_names_the_guard(findings):
    msgs = [f.message for f in findings if f.rule_id == "MEM012"]
    assert any("`b.Cap()` is over a limit" in m for m in msgs)
    assert any("`cap(e.scratch)`" in m for m in msgs)


def test_mem009_honours_a_golangci_staticcheck_waiver(tmp_path):
    """golangci-lint's `// nolint: staticcheck` (v2ray's bytespool) already rules on
    SA6002; staticcheck alone ignores that form, so it lives here, not in the corpus."""
    src = tmp_path / "pool.go"
    src.write_text(
        "package pool\n\nimport \"sync\"\n\nvar p sync.Pool\n\n"
        "func free(b []byte) {\n\tp.Put(b) // nolint: staticcheck\n}\n\n"
        "func free2(b []byte) {\n\tp.Put(b)\n}\n",
        encoding="utf-8",
    )
    rules = [r for r in all_rules() if r.id == "MEM009"]
    got = [f.location.line for f in run([str(tmp_path)], rules, Options(jobs=1)).findings]
    assert got == [12]
