"""The narrow package scans of the pool analyses and the call graph: each gives what
a walk of the whole package gives, and reads a body a partial parse left out only
when the answer depends on it (then it raises NeedsWholeTree)."""

from __future__ import annotations

import re

import networkx as nx
import pytest

from golint_mem import parse as ts
from golint_mem.dataflow import call_graph, callers, function_flow, reachable
from golint_mem.model.occurrences import in_code
from golint_mem.model.package import NeedsWholeTree, build_package, file_model
from golint_mem.model.pools import (
    _may_append, _ASSIGNED, _ASSIGNED_ELEM, borrowed_fields, filled_as, pool_gets,
    selector_tokens, truncated_fields,
)

SRC = """package app

import "sync"

type Conn struct {
	buf     []byte
	scratch []byte
	hdr     map[string]string
	cur     []byte
}

var connPool = sync.Pool{New: func() any { return new(Conn) }}

func getConn() *Conn {
	c := connPool.Get().(*Conn)
	c.reset()
	return c
}

func (c *Conn) reset() {
	// padding: a body shorter than parse.MIN_OMITTED is always parsed
	c.buf = c.buf[:0]
}

func (c *Conn) write(p []byte) {
	// padding: a body shorter than parse.MIN_OMITTED is always parsed
	c.buf = append(c.buf, p...)
	(c).flush()
	c.hdr["k"] = "v"
}

func (c *Conn) flush() {
	// padding: a body shorter than parse.MIN_OMITTED is always parsed
	c.scratch = c.scratch[:0]
	c.start(nil)
	c.stop()
}

func (c *Conn) start(p []byte) { c.cur = p }
func (c *Conn) stop()          { c.cur = nil }

func Serve(c *Conn) {
	c.write([]byte("x"))
	c.start([]byte("y"))
	c.stop()
	connPool.Put(c)
}

func Copy(src *Conn) *Conn {
	dst := src
	b := dst.buf
	b2, n := b, len(b)
	var m = map[string]*Conn{"a": dst}
	dst.scratch = b2
	f := func() { dst = src; connPool.Put(dst) }
	src = &Conn{buf: b}
	_, _ = n, f
	return m["a"]
}
"""


def _pkg(src: str, keep: tuple[str, ...] = ()):
    data = src.encode()
    offsets = sorted(data.index(k.encode()) for k in keep)
    tree, omitted = ts.parse_partial(data, offsets) if keep else (ts.parse(data), ())
    fm = file_model("app/app.go", data, tree)
    fm.omitted = omitted
    return build_package("app", [fm], (1, 21))


def test_callers_and_reachable_are_the_call_graph():
    pkg = _pkg(SRC)
    g = call_graph(pkg)
    fresh = _pkg(SRC)  # no graph built: the narrow search
    for k in g.nodes:
        want = [(d["site"].node.start_byte, d["site"].caller) for _, _, d in g.in_edges(k, data=True)]
        got = [(s.node.start_byte, info.key) for s, info in callers(fresh, k)]
        assert got == want, k
        assert reachable(fresh, k) == {k} | nx.descendants(g, k)
    assert [info.key for _, info in callers(fresh, "Conn.flush")] == ["Conn.write"]


def test_lazy_out_edges_are_the_graph_s():
    pkg = _pkg(SRC)
    fn = pkg.funcs["Copy"]
    lazy = function_flow(pkg, fn.file, fn.node)
    decls = list(lazy.scope.decls) + [lazy.scope.decl_of(lazy.scope.root.child_by_field_name("name"))]
    got = {d: lazy.out_edges(d) for d in decls if d is not None}  # before the graph is built
    assert sum(map(len, got.values())) > 8
    for d in got:
        want = [(dst, data["edge"]) for _, dst, data in lazy.graph.out_edges(d, data=True)] \
            if d in lazy.graph else []
        assert got[d] == want


def test_field_facts():
    pkg = _pkg(SRC)
    assert filled_as(pkg, "buf", "slice") and filled_as(pkg, "hdr", "map")
    assert not filled_as(pkg, "scratch", "slice") and not filled_as(pkg, "hdr", "slice")
    assert truncated_fields(pkg, ["scratch", "buf"]) == {"scratch"}
    # `cur` is set by start and cleared by stop in every caller
    assert borrowed_fields(pkg, ["cur", "buf"]) == {"cur"}
    assert [s.call.start_byte for s in pool_gets(pkg, ("var", "connPool"))] == [SRC.index("connPool.Get")]


def test_a_left_out_body_is_read_only_when_the_answer_needs_it():
    # write's body (the only append to buf) left out: no answer without it
    pkg = _pkg(SRC, keep=("connPool.Put", "c.reset()", "c.scratch ="))
    assert any(a < SRC.index("append(c.buf") < b for a, b in pkg.files[0].omitted)
    with pytest.raises(NeedsWholeTree):
        filled_as(pkg, "buf", "slice")
    # a read of scratch in a body the parse holds settles it: not truncated-only...
    assert not truncated_fields(_pkg(SRC + "\nfunc use(c *Conn) []byte { return c.scratch }\n",
                                     keep=("connPool.Put", "return c.scratch")), ["scratch"])
    # ...and a left-out body that only resets a field does not count as filling it
    pkg = _pkg(SRC, keep=("connPool.Put", "c.buf = append", "c.scratch ="))
    assert any(a < SRC.index("c.buf = c.buf[:0]") < b for a, b in pkg.files[0].omitted)
    assert filled_as(pkg, "buf", "slice")


@pytest.mark.parametrize("line, counts", [
    ("x.buf = append(x.buf, 1)", True),
    ("x.buf = strconv.AppendInt(x.buf[:0], 1, 10)", True),
    ("x.buf = g(\n", True),
    ("x.buf = // later\n\t\tappend(x.buf, 1)", True),
    ("x.buf = x.buf[:0]", False),
    ("x.buf = make([]byte, 0, n)", False),
    ("x.buf = nil // append(", False),
    ("copy(x.buf, src)", False),
    ("if len(x.buf) <= 3 {", False),
    ("x.buf, err = read(r)", True),
])
def test_a_left_out_assignment_counts_when_it_may_append(line, counts):
    src = ("{\n\t" + line + "\n}\n").encode()
    rx = selector_tokens(("buf",), _ASSIGNED)[0]
    ms = [m for m in rx.finditer(src) if in_code(src, m.start())]
    assert any(_may_append(src, m, "buf") for m in ms) == counts


@pytest.mark.parametrize("line, counts", [
    ("x.hdr[k] = v", True), ("x.hdr[k], ok = v, true", True), ("v := x.hdr[k]", False),
    ("if x.hdr[k] == v {", False), ("x.hdr[f(\n", True),
])
def test_a_left_out_element_write_counts(line, counts):
    src = ("{\n\t" + line + "\n}\n").encode()
    rx = selector_tokens(("hdr",), _ASSIGNED_ELEM)[0]
    assert any(_may_append(src, m, "hdr") for m in rx.finditer(src)) == counts


def test_in_code_skips_strings_and_comments():
    src = b'{\n\ts := "a.buf" + `b.buf` + y.buf // z.buf\n}\n'
    at = [m.start() for m in re.finditer(rb"\.buf", src)]
    assert [in_code(src, i) for i in at] == [False, False, True, False]
