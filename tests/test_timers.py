"""MEM006/MEM007/MEM008 beyond the corpus: the module Go version gate (no go.mod
means the oldest behaviour) and messages short enough for an editor hover that
name the variable and the fix."""

from __future__ import annotations

import pytest

from corpus_expectations import CORPUS
from golint_mem.engine import Options, run
from golint_mem.registry import lookup

TIMERS = """package app

import (
	"context"
	"time"
)

type Poller struct {
	every time.Duration
	msgs  chan string
}

func (p *Poller) Run(ctx context.Context) error {
	ticker := time.NewTicker(p.every)
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ticker.C:
		case <-p.msgs:
		case <-time.After(time.Minute):
			return nil
		}
	}
}
"""


def _ids(d, rules=("MEM007", "MEM008")):
    result = run([str(d)], [lookup(r) for r in rules], Options(jobs=1))
    assert result.diagnostics == []
    return sorted(f.rule_id for f in result.findings)


@pytest.mark.parametrize("gomod, flagged", [
    (None, True),  # unknown version: the oldest behaviour
    ("1.19", True),
    ("1.22", True),
    ("1.23", False),
    ("1.24", False),
])
def test_module_go_version_gates_mem007_and_mem008(gopkg, gomod, flagged):
    d = gopkg({"poller.go": TIMERS}, gomod=gomod)
    assert _ids(d) == (["MEM007", "MEM008"] if flagged else [])


def test_mem006_is_not_version_gated(gopkg):
    src = TIMERS.replace("ticker := time.NewTicker(p.every)",
                         "ctx, _ = context.WithTimeout(ctx, p.every)\n\tticker := time.NewTicker(p.every)")
    d = gopkg({"poller.go": src}, gomod="1.23")
    assert _ids(d, ("MEM006", "MEM007", "MEM008")) == ["MEM006"]


@pytest.fixture(scope="module")
def corpus_findings():
    rules = [lookup(r) for r in ("MEM006", "MEM007", "MEM008")]
    return run([str(CORPUS / r.id) for r in rules], rules, Options(jobs=1)).findings


def test_messages_fit_a_hover_and_name_the_fix(corpus_findings):
    assert corpus_findings
    for f in corpus_findings:
        assert len(f.message) < 200, f.message
        assert "`" in f.message, f"{f.message}: names no variable or expression"
        fix = {"MEM006": "defer cancel()", "MEM007": ".Stop()", "MEM008": "time.NewTimer"}[f.rule_id]
        if f.rule_id == "MEM006":
            assert "defer " in f.message and "()` right after this call" in f.message, f.message
        else:
            assert fix in f.message or "Stop()" in f.message, f.message
            assert "Go 1.23" in f.message, f"{f.message}: says not which version makes it harmless"
