"""The rules' fixes, driven by the corpus: every fix a positive case offers is applied
(in a copy of the corpus), then the fixed findings must be gone, no finding may
appear, `gofmt -l` must be clean and `go vet` must still type-check every module.
Then --fix and --diff through the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from golint_mem import fixes
from golint_mem.engine import Options, run
from golint_mem.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GO = shutil.which("go")
GOFMT = shutil.which("gofmt")
FIXABLE = ("MEM002", "MEM006", "MEM007", "MEM009", "MEM014")


def _rules():
    return [r for r in all_rules() if r.default or r.id in FIXABLE]


def _key(root: Path, f, text_root: Path) -> tuple[str, str, str]:
    """A finding by file, rule and flagged line's text: unlike the fingerprint's
    occurrence index, it does not change when an identical flagged line is fixed."""
    rel = os.path.relpath(f.location.path, root)
    lines = (text_root / rel).read_text(encoding="utf-8").splitlines()
    return rel, f.rule_id, lines[f.location.line - 1].strip()


@pytest.fixture(scope="module", params=[False, True], ids=["safe", "unsafe"])
def fixed_corpus(request, tmp_path_factory):
    """The corpus with every safe fix applied, then (second run) every fix, unsafe
    ones included: those may change what the program does, never whether it builds."""
    copy = tmp_path_factory.mktemp("fixed") / "corpus"
    shutil.copytree(CORPUS, copy)
    rules = _rules()
    before = run([str(copy)], rules, Options(jobs=1))
    with_fix = [f for f in before.findings if fixes.applicable(f, unsafe=request.param)]
    by_path: dict[str, list] = {}
    for f in with_fix:
        by_path.setdefault(f.location.path, []).append(f.fix)
    applied = 0
    for path, fx in by_path.items():
        source = Path(path).read_bytes()
        new, n = fixes.apply_to_source(source, fx)
        assert n == len(fx), f"{path}: fixes of one file overlap"
        Path(path).write_bytes(new)
        applied += n
    after = run([str(copy)], rules, Options(jobs=1))
    return copy, before, after, with_fix, list(by_path)


def test_every_fixable_rule_offers_fixes_on_its_corpus(fixed_corpus):
    _, before, _, with_fix, _ = fixed_corpus
    offered = Counter(f.rule_id for f in with_fix)
    for rule_id in FIXABLE:
        assert offered[rule_id] > 0, f"{rule_id} offers no fix on its corpus"
    assert {f.rule_id for f in before.findings if f.fix} <= set(FIXABLE)


def test_fixed_findings_are_gone_and_nothing_new_appears(fixed_corpus):
    copy, before, after, with_fix, _ = fixed_corpus
    fixed = Counter(_key(copy, f, CORPUS) for f in with_fix)
    expected = Counter(_key(copy, f, CORPUS) for f in before.findings) - fixed
    got = Counter(_key(copy, f, copy) for f in after.findings)
    assert got == expected, (
        f"still there or new: {sorted((got - expected).elements())[:10]}\n"
        f"gone unexpectedly: {sorted((expected - got).elements())[:10]}")
    assert after.diagnostics == []


@pytest.mark.skipif(GOFMT is None, reason="gofmt is not installed (apt-get install golang-go)")
def test_fixed_files_are_gofmt_clean(fixed_corpus):
    _, _, _, _, paths = fixed_corpus
    # only files that were gofmt-clean before the fix are held to it
    clean_before = [p for p in paths if not subprocess.run(
        [GOFMT, "-l", str(CORPUS / os.path.relpath(p, fixed_corpus[0]))],
        capture_output=True, text=True).stdout.strip()]
    proc = subprocess.run([GOFMT, "-l", *clean_before], capture_output=True, text=True)
    assert proc.stdout.strip() == "", proc.stdout


@pytest.mark.skipif(GO is None, reason="the Go toolchain is not installed (apt-get install golang-go)")
def test_fixed_corpus_still_type_checks(fixed_corpus, tmp_path):
    copy = fixed_corpus[0]
    env = dict(os.environ, GOFLAGS="-mod=mod", GOPROXY="off", GOTOOLCHAIN="local",
               GOCACHE=str(tmp_path / "cache"), GOPATH=str(tmp_path / "gopath"), GO111MODULE="on")
    modules = sorted(p.parent for p in copy.rglob("go.mod") if "testdata" not in p.relative_to(copy).parts)
    for module in modules:
        proc = subprocess.run([GO, "vet", "-asmdecl", "./..."], cwd=module, env=env,
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, f"{module}:\n{proc.stdout}{proc.stderr}"


SEVERAL = """package app

import (
	"bytes"
	"context"
	"sync"
	"time"
)

var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func render(data []byte) int {
	b := bufs.Get().(*bytes.Buffer)
	b.Write(data)
	n := b.Len()
	bufs.Put(b)
	return n
}

func poll(parent context.Context, fetch func(context.Context) error) error {
	ctx, _ := context.WithTimeout(parent, time.Second)
	return fetch(ctx)
}

func firstReply(ask func() string) string {
	reply := make(chan string)
	go func() {
		reply <- ask()
	}()
	select {
	case r := <-reply:
		return r
	case <-time.After(time.Second):
		return ""
	}
}
"""


def test_diff_writes_nothing_and_fix_applies_all_in_one_run(cli, gopkg):
    d = gopkg({"several.go": SEVERAL}, gomod="1.21")
    src = d / "several.go"
    before = src.read_bytes()
    first = cli("check", "--format", "json", "app", cwd=d.parent)
    rules = sorted(f["rule"] for f in first.json()["findings"] if f["fix"])
    assert rules == ["MEM002", "MEM006", "MEM014"], first.out

    diff = cli("check", "--diff", "app", cwd=d.parent)
    assert diff.code == 1
    assert src.read_bytes() == before
    assert diff.out.startswith("--- a/app/several.go\n+++ b/app/several.go\n")
    assert "+\tb.Reset()\n" in diff.out

    fixed = cli("check", "--fix", "app", cwd=d.parent)
    assert "fixed 3 findings, 0 remain" in fixed.err, fixed.err
    assert fixed.code == 0
    text = src.read_text(encoding="utf-8")
    assert "\tb.Reset()\n\tbufs.Put(b)\n" in text
    assert "ctx, cancel := context.WithTimeout(parent, time.Second)\n\tdefer cancel()\n" in text
    assert "reply := make(chan string, 1)" in text
    assert cli("check", "app", cwd=d.parent).code == 0


# -- the safe/unsafe split, one shape per line: (function name, rule) -> expected
# "safe", "unsafe" or None (no fix at all)
SPLIT = """package app

import (
	"bytes"
	"context"
	"sync"
	"time"
)

type job struct{ ctx context.Context }

var jobs = make(chan job, 8)

func derivedReturned(parent context.Context) context.Context {
	ctx, _ := context.WithTimeout(parent, time.Second)
	return ctx
}

func errorReturned(parent context.Context, fetch func(context.Context) error) error {
	ctx, _ := context.WithTimeout(parent, time.Second)
	return fetch(ctx)
}

func passedToGo(parent context.Context, work func(context.Context)) {
	ctx, _ := context.WithCancel(parent)
	go work(ctx)
}

func capturedByGoroutine(parent context.Context, work func(context.Context)) {
	ctx, _ := context.WithCancel(parent)
	go func() { work(ctx) }()
}

type worker interface{ Start(context.Context) }

func startsWorker(parent context.Context, w worker) {
	ctx, _ := context.WithCancel(parent)
	w.Start(ctx)
}

func nolintKept(parent context.Context, fetch func(context.Context) error) error {
	ctx, _ := context.WithTimeout(parent, time.Second) // nolint: govet
	return fetch(ctx)
}

type monitor struct{ stopped chan struct{} }

func (m *monitor) watchdog(ctx context.Context) {
	go func() {
		<-ctx.Done()
		close(m.stopped)
	}()
}

func (m *monitor) check(ctx context.Context) error { return ctx.Err() }

func helperSpawns(parent context.Context, m *monitor) {
	ctx, _ := context.WithCancel(parent)
	m.watchdog(ctx)
}

func helperChecks(parent context.Context, m *monitor) error {
	ctx, _ := context.WithCancel(parent)
	return m.check(ctx)
}

func sentOnChannel(parent context.Context) {
	ctx, _ := context.WithCancel(parent)
	jobs <- job{ctx: ctx}
}

func inRetryLoop(parent context.Context, fetch func(context.Context) error) error {
	var err error
	for i := 0; i < 3; i++ {
		ctx, _ := context.WithTimeout(parent, time.Second)
		if err = fetch(ctx); err == nil {
			return nil
		}
	}
	return err
}

func ifInit(parent context.Context, fetch func(context.Context) error) error {
	if ctx, _ := context.WithTimeout(parent, time.Second); ctx != nil {
		return fetch(ctx)
	}
	return nil
}

func nameTaken(parent context.Context, cancel func(), fetch func(context.Context) error) error {
	defer cancel()
	ctx, _ := context.WithTimeout(parent, time.Second)
	return fetch(ctx)
}

func tickerInPlace(stop <-chan struct{}, poll func()) {
	t := time.NewTicker(time.Minute)
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			poll()
		}
	}
}

func tickerInGoroutine(stop <-chan struct{}, poll func()) {
	t := time.NewTicker(time.Minute)
	go func() {
		<-t.C
		poll()
	}()
	<-stop
}

var scratch = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func readAfterPut(s string) int {
	b := scratch.Get().(*bytes.Buffer)
	b.WriteString(s)
	scratch.Put(b)
	return b.Len()
}

func deferredRead(s string, log func(int)) {
	b := scratch.Get().(*bytes.Buffer)
	defer func() { log(b.Len()) }()
	b.WriteString(s)
	scratch.Put(b)
}

func sendThenWork(ask func() string, log func(string)) string {
	reply := make(chan string)
	go func() {
		v := ask()
		reply <- v
		log(v)
	}()
	select {
	case r := <-reply:
		return r
	case <-time.After(time.Second):
		return ""
	}
}

func sendThenClose(ask func() error) error {
	done := make(chan error)
	go func() {
		defer close(done)
		done <- ask()
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(time.Second):
		return nil
	}
}

var packets = sync.Pool{New: func() any { return make([]byte, 0, 64) }}

func packageLevelPool(p []byte) int {
	buf := packets.Get().([]byte)[:0]
	buf = append(buf, p...)
	n := len(buf)
	packets.Put(buf[:0])
	return n
}
"""

EXPECTED_SPLIT = {
    ("derivedReturned", "MEM006"): "unsafe",
    ("errorReturned", "MEM006"): "safe",
    ("passedToGo", "MEM006"): "unsafe",
    ("capturedByGoroutine", "MEM006"): "unsafe",
    ("sentOnChannel", "MEM006"): "unsafe",
    ("startsWorker", "MEM006"): "unsafe",
    ("helperSpawns", "MEM006"): "unsafe",
    ("helperChecks", "MEM006"): "safe",
    ("nolintKept", "MEM006"): "unsafe",
    ("inRetryLoop", "MEM006"): "unsafe",
    ("ifInit", "MEM006"): None,
    ("nameTaken", "MEM006"): "safe",
    ("tickerInPlace", "MEM007"): "safe",
    ("tickerInGoroutine", "MEM007"): "unsafe",
    ("readAfterPut", "MEM002"): "unsafe",
    ("deferredRead", "MEM002"): "unsafe",
    ("sendThenWork", "MEM014"): "unsafe",
    ("sendThenClose", "MEM014"): "safe",
    ("packageLevelPool", "MEM009"): None,
}


def test_fixes_that_could_change_behaviour_are_unsafe(gopkg):
    d = gopkg({"split.go": SPLIT}, gomod="1.21")
    rules = [r for r in all_rules() if r.id in FIXABLE]
    result = run([str(d)], rules, Options(jobs=1))
    lines = SPLIT.splitlines()
    got = {}
    for f in result.findings:
        fn = next(ln.split("(")[0].removeprefix("func ") for ln in reversed(lines[:f.location.line])
                  if ln.startswith("func "))
        got[(fn, f.rule_id)] = None if f.fix is None else ("safe" if f.fix.safe else "unsafe")
    assert got == EXPECTED_SPLIT
    # `cancel` is a parameter there: the new name must not shadow it
    taken = lines.index("func nameTaken(parent context.Context, cancel func(), fetch func(context.Context) error) error {")
    fix = next(f.fix for f in result.findings if f.location.line == taken + 3)
    assert [e.text for e in fix.edits] == ["cancelCtx", "\n\tdefer cancelCtx()"]


@pytest.mark.parametrize("rule_id", FIXABLE)
def test_fix_is_documented_and_fixes_the_docs_example(rule_id, gopkg):
    rule = next(r for r in all_rules() if r.id == rule_id)
    assert "Fix:" in rule.section("Use instead") + rule.section("Known problems")
    example, _ = rule.go_examples()
    d = gopkg({"example.go": example}, gomod="1.21")
    found = [f for f in run([str(d)], [rule], Options(jobs=1)).findings if f.fix is not None]
    if not found:
        return  # this Example's shape has no certain fix (documented)
    src = (d / "example.go").read_bytes()
    fixed, n = fixes.apply_to_source(src, [f.fix for f in found])
    assert n == len(found)
    (d / "example.go").write_bytes(fixed)
    assert run([str(d)], [rule], Options(jobs=1)).findings == []
