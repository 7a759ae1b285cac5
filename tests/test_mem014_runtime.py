"""MEM014's corpus labels are proven by the Go runtime, not asserted.

corpus/MEM014/leak_test.go runs every `// want MEM014` function down its
abandoning path and checks (runtime.NumGoroutine and the goroutine dump) that
it leaves a goroutine blocked on a channel, and every `// ok MEM014` function
down the same kind of path and checks that it leaves none. Here we run that
test with the real `go test` (offline) and check that its tables name exactly
the annotated functions, so a label cannot drift from what the runtime shows.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from corpus_expectations import CORPUS, corpus_files
from golint_mem import parse as ts

GO = shutil.which("go")
DIR = CORPUS / "MEM014"
TEST_FILE = DIR / "leak_test.go"
_ANNOT = re.compile(r"^//\s*(want|ok)\s+(?:\+\d+\s+)?MEM014\b")


def _function_name(node) -> str | None:
    """`Name` or `Recv.Name` of the declaration around ``node``."""
    n = node
    while n is not None and n.type not in ("function_declaration", "method_declaration"):
        n = n.parent
    if n is None:
        return None
    name = ts.text(n.child_by_field_name("name"))
    recv = n.child_by_field_name("receiver")
    if recv is None:
        return name
    m = re.search(r"\*?\s*(\w+)\s*\)$", ts.text(recv))
    return f"{m.group(1)}.{name}" if m else name


def annotated() -> tuple[set[str], set[str]]:
    """(functions with a `// want MEM014`, functions with only `// ok MEM014`)."""
    want, ok = set(), set()
    for path in corpus_files(DIR):
        # commands under cmd/ are package main, which the test cannot call; the same
        # shape in a serving main is proven at run time by tests/test_correlate.py
        if path.name.endswith("_test.go") or path.parent != DIR:
            continue
        tree = ts.parse(path.read_bytes())
        for c in ts.captures(ts.query("(comment) @c"), tree.root_node).get("c", []):
            m = _ANNOT.match(ts.text(c))
            if m:
                (want if m.group(1) == "want" else ok).add(_function_name(c))
    return want, ok - want


def table(name: str) -> dict[str, str]:
    """The `{"Name", func() {...}}` entries of one table in leak_test.go: name -> body."""
    src = TEST_FILE.read_text(encoding="utf-8")
    start = src.index(f"var {name} = []labelCase{{")
    end = src.index("\n}\n", start)
    entries = re.split(r'\n\t\{"', src[start:end])[1:]
    out = {}
    for e in entries:
        label, body = e.split('"', 1)
        out[label] = body
    return out


def test_tables_name_exactly_the_annotated_functions():
    want, ok = annotated()
    positives, negatives = table("positives"), table("negatives")
    assert len(want) >= 20 and len(ok) >= 20
    assert set(positives) == want, (sorted(set(positives) - want), sorted(want - set(positives)))
    assert set(negatives) == ok, (sorted(set(negatives) - ok), sorted(ok - set(negatives)))
    for label, body in {**positives, **negatives}.items():
        method = label.split(".")[-1]
        assert re.search(rf"\b{method}\(", body), f"{label}: its entry does not call {method}"


@pytest.mark.skipif(GO is None, reason="the Go toolchain is not installed (apt-get install golang-go)")
def test_runtime_proves_the_labels(tmp_path):
    env = dict(os.environ, GOFLAGS="-mod=mod", GOPROXY="off", GOTOOLCHAIN="local",
               GOCACHE=str(tmp_path / "cache"), GOPATH=str(tmp_path / "gopath"), GO111MODULE="on")
    proc = subprocess.run(
        [GO, "test", "-count=1", "-v", "-run", "^TestMEM014Labels$", "./MEM014/"],
        cwd=CORPUS, env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    passed = set(re.findall(r"--- PASS: TestMEM014Labels/(want|ok)/(\S+)", proc.stdout))
    positives, negatives = table("positives"), table("negatives")
    assert passed == {("want", p) for p in positives} | {("ok", n) for n in negatives}


MODEL_SRC = b"""package p

func worker(in <-chan int, out chan<- int) {
	for v := range in {
		out <- v
	}
}

func spawn(xs []int, sink func(chan int)) int {
	jobs := make(chan int)
	results := make(chan int, len(xs))
	leaked := make(chan int)
	go worker(jobs, results)
	defer close(jobs)
	sink(leaked)
	for _, x := range xs {
		jobs <- x
	}
	return <-results
}
"""


def test_channel_model_facts(tmp_path):
    """The shared channel-lifetime model: make, buffer, ops per side, escapes."""
    from golint_mem.engine import Options, load_file
    from golint_mem.model import channels as cm
    from golint_mem.model.package import build_package

    path = tmp_path / "p.go"
    path.write_bytes(MODEL_SRC)
    fm = load_file(str(path), Options(), [])
    pkg = build_package(str(tmp_path), [fm])
    spawn = pkg.funcs["spawn"].node
    chans = {c.name: c for c in cm.channels(pkg, fm, spawn)}
    assert set(chans) == {"jobs", "results"}  # `leaked` escapes into sink(...)
    jobs, results = chans["jobs"], chans["results"]
    assert jobs.buffer is None and ts.text(results.buffer) == "len(xs)"
    assert [o.kind for o in jobs.own] == ["close", "send"] and jobs.own[0].deferred
    (g,) = jobs.goroutines
    assert g.body == pkg.funcs["worker"].node and [o.kind for o in g.ops] == ["range"]
    assert [o.kind for o in results.goroutines[0].ops] == ["send"]
    assert [o.kind for o in results.own] == ["recv"] and jobs.closed()
    assert cm.size_of(pkg, None, None) is None
