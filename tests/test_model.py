"""The shared analyses on small packages: imports, declarations, scopes, types, dataflow."""

from __future__ import annotations

import pytest

from golint_mem import parse as ts
from golint_mem.dataflow import call_graph, function_flow
from golint_mem.discover import discover
from golint_mem.model.infer import types_for
from golint_mem.model.package import build_package, default_import_name, file_model
from golint_mem.model.scope import function_scope

SRC = """package app

import (
	nethttp "net/http"
	"context"
	gosync "sync"
	"github.com/labstack/echo/v4"
	yaml "gopkg.in/yaml.v3"
	_ "embed"
)

type Job struct {
	req  *nethttp.Request
	buf  []byte
	meta map[string]int
	gosync.Mutex
}

var pool = gosync.Pool{New: func() any { return new(Job) }}

func newJob() *Job { return &Job{} }

func (j *Job) run() { j.flush() }
func (j *Job) flush() {}

func Handle(w nethttp.ResponseWriter, r *nethttp.Request) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	j := &Job{req: r}
	k := newJob()
	x := pool.Get().(*Job)
	f := func() { _ = ctx }
	var e echo.Context
	for i, v := range j.buf {
		_, _ = i, v
	}
	r = nil
	{
		r := 1
		_ = r
	}
	j.req = r
	_, _, _, _, _ = k, x, f, e, yaml.Marshal
}
"""


@pytest.fixture(scope="module")
def pkg():
    src = SRC.encode()
    fm = file_model("app/app.go", src, ts.parse(src))
    return build_package("app", [fm], (1, 21))


def _ident(pkg, name: str, nth: int = 0):
    fm = pkg.files[0]
    found = [n for n in ts.captures(ts.query("(identifier) @i"), fm.tree.root_node)["i"]
             if ts.text(n) == name]
    return found[nth]


@pytest.mark.parametrize("path, name", [
    ("net/http", "http"), ("github.com/labstack/echo/v4", "echo"),
    ("gopkg.in/yaml.v3", "yaml"), ("github.com/go-redis/redis", "redis"),
])
def test_default_import_names(path, name):
    assert default_import_name(path) == name


def test_imports_renamed_default_and_blank(pkg):
    imports = pkg.files[0].imports
    assert imports["nethttp"] == "net/http"
    assert imports["gosync"] == "sync"
    assert imports["echo"] == "github.com/labstack/echo/v4"
    assert imports["yaml"] == "gopkg.in/yaml.v3"
    assert "_" not in imports and "embed" not in imports


def test_declarations(pkg):
    assert set(pkg.funcs) == {"newJob", "Handle"}
    assert set(pkg.methods) == {("Job", "run"), ("Job", "flush")}
    assert pkg.methods[("Job", "run")].recv_pointer
    job = pkg.types["Job"]
    assert job.is_struct
    assert str(job.fields["req"]) == "*http.Request"
    assert job.fields["req"].is_pointer_to("net/http", "Request")
    assert str(job.fields["buf"]) == "[]byte" and job.fields["meta"].kind == "map"
    assert job.embedded == ("Mutex",)
    assert "pool" in pkg.vars


def test_scopes_resolve_shadowing_and_reassignment(pkg):
    fm = pkg.files[0]
    handle = pkg.funcs["Handle"].node
    scope = function_scope(pkg, fm, handle)
    params = [d for d in scope.decls if d.kind == "param"]
    assert [d.name for d in params] == ["w", "r"]
    r_param = params[1]
    # `r = nil` assigns the parameter; the inner `r := 1` is a new variable
    uses = [scope.decl_of(n) for n in ts.captures(ts.query("(identifier) @i"), handle)["i"]
            if ts.text(n) == "r"]
    assert uses.count(r_param) == 5
    inner = [d for d in uses if d is not r_param]
    assert len(set(inner)) == 1 and inner[0].kind == "var"
    loop = [d for d in scope.decls if d.name in ("i", "v")]
    assert all(d.is_loop_var for d in loop)


def test_resolved_types(pkg):
    fm = pkg.files[0]
    scope = function_scope(pkg, fm, pkg.funcs["Handle"].node)
    types = types_for(scope)
    by_name = {d.name: d for d in scope.decls}
    assert str(types.decl_type(by_name["j"])) == "*Job"  # &T{}
    assert str(types.decl_type(by_name["k"])) == "*Job"  # same-package function result
    assert str(types.decl_type(by_name["x"])) == "*Job"  # type assertion
    assert str(types.decl_type(by_name["e"])) == "echo.Context"  # renamed-path import
    assert str(types.decl_type(by_name["v"])) == "byte"  # range over a []byte field
    assert types.decl_type(by_name["ctx"]) is None  # another package's result: unknown
    pool = scope.decl_of(_ident(pkg, "pool", 1))
    assert pool.kind == "pkgvar" and str(types.decl_type(pool)) == "sync.Pool"


def test_dataflow_edges_and_relations(pkg):
    fm = pkg.files[0]
    flow = function_flow(pkg, fm, pkg.funcs["Handle"].node)
    by_name = {d.name: d for d in flow.scope.decls}
    ctx, cancel, f = (by_name[n] for n in ("ctx", "cancel", "f"))
    r = next(d for d in flow.scope.decls if d.name == "r" and d.kind == "param")
    rel = {(a.name, b.name): data["edge"].relation for a, b, data in flow.graph.edges(data=True)}
    assert rel[("r", "ctx")] == "argument"  # context.WithCancel(r.Context())
    assert rel[("r", "cancel")] == "argument"
    assert rel[("r", "j")] == "contain"  # &Job{req: r} (and the store j.req = r)
    assert rel[("ctx", "f")] == "capture"
    # reach: the request flows to ctx (result 0) but a rule can stop at cancel (result 1)
    def transfer(state, edge):
        return None if any(s.kind == "result" and s.index == 1 for s in edge.steps) else state
    reached = flow.reach({r: "req"}, transfer)
    assert ctx in reached and f in reached and cancel not in reached
    assert flow.origin(reached, f) is r
    [literal] = ts.captures(ts.query("(func_literal) @f"), pkg.funcs["Handle"].node)["f"]
    assert [d.name for d, _ in flow.captures(literal)] == ["ctx"]


def test_call_graph(pkg):
    g = call_graph(pkg)
    assert g.has_edge("Job.run", "Job.flush")
    assert g.has_edge("Handle", "newJob")


def test_call_graph_sites_name_their_caller_after_an_anonymous_walk():
    """A rule that lists a function's calls without naming it (MEM003's blocking
    walk) must not leave sites with an empty caller for call_graph's readers
    (a KeyError: '' in MEM002 on goleveldb)."""
    from golint_mem.dataflow import call_sites

    src = SRC.encode()
    pkg = build_package("app", [file_model("app/app.go", src, ts.parse(src))], (1, 21))
    run = pkg.methods[("Job", "run")]
    call_sites(pkg, run.file, run.node)
    g = call_graph(pkg)
    assert "" not in g
    assert all(d["site"].caller == u for u, _, d in g.edges(data=True))


def test_discover_groups_packages_and_reads_go_version(tmp_path):
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.22.1\n")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.go").write_text("package a\n")
    (tmp_path / "a" / "x_test.go").write_text("package a\n")
    (tmp_path / "a" / "vendor").mkdir()
    (tmp_path / "a" / "vendor" / "v.go").write_text("package v\n")
    units = discover([str(tmp_path)])
    assert [(u.directory, len(u.files), len(u.test_files)) for u in units] == [
        (str(tmp_path / "a"), 1, 1)]
    assert units[0].go_version == (1, 22)
