"""golint_mem.model.requests on small packages: handler signatures, helpers,
request-lifetime channels, and where a goroutine ends."""

from __future__ import annotations

import pytest

from golint_mem import parse as ts
from golint_mem.model import requests as rq
from golint_mem.model.package import build_package, file_model

SRC = """package app

import (
	"context"
	nethttp "net/http"

	"github.com/gin-gonic/gin"
	"github.com/gofiber/fiber/v3"
	"github.com/labstack/echo/v4"
	"github.com/valyala/fasthttp"
)

func plain(w nethttp.ResponseWriter, r *nethttp.Request) { helper(r.Context(), 1) }
func routed(ctx context.Context, w nethttp.ResponseWriter, r *nethttp.Request, vars map[string]string) error { return nil }
func reversed(r *nethttp.Request, w nethttp.ResponseWriter) {}
func upgrade(req *nethttp.Request) {}
func ginH(c *gin.Context) {}
func ginExtra(c *gin.Context, id string) {}
func echoH(c echo.Context) error { return nil }
func echoNoErr(c echo.Context) {}
func fastH(ctx *fasthttp.RequestCtx) {}
func fiber3(c fiber.Ctx) error { return nil }
func helper(ctx context.Context, n int) {
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-ctx.Done():
		case <-done:
		}
	}()
}
"""


@pytest.fixture(scope="module")
def pkg():
    src = SRC.encode()
    fm = file_model("app/app.go", src, ts.parse(src))
    return build_package("app", [fm], (1, 21))


def _fn(pkg, name):
    return pkg.funcs[name].node


@pytest.mark.parametrize("name, states", [
    ("plain", ["writer", "request"]),
    ("routed", ["writer", "request"]),
    ("reversed", None),
    ("upgrade", None),
    ("ginH", ["gin"]),
    ("ginExtra", None),
    ("echoH", ["echo"]),
    ("echoNoErr", None),
    ("fastH", ["fasthttp"]),
    ("fiber3", ["fiber3"]),
])
def test_handler_signatures(pkg, name, states):
    got = rq.handler_params(_fn(pkg, name), pkg.files[0])
    assert (sorted(got.values()) if got is not None else None) == (sorted(states) if states else None)


def test_helper_gets_the_callers_request_context(pkg):
    fm = pkg.files[0]
    got = rq.helper_sources(pkg, fm, _fn(pkg, "helper"))
    assert {d.name: s for d, (s, _) in got.items()} == {"ctx": "context"}


def test_request_end_hook_in_helper(pkg):
    fm = pkg.files[0]
    go = ts.captures(ts.query("(go_statement) @g"), _fn(pkg, "helper"))["g"][0]
    rt = rq.request_taint(pkg, fm, go)
    serving = rt.serving_fn(go)
    assert rt.serving[serving] == "helper"
    life = rq.Lifetime(rt, serving)
    body, _, judge = rq.goroutine_body(pkg, rt, go, life)
    assert rq.request_end_hook(body, judge)


LOOPS = """package app

func f(ctx interface{ Done() <-chan struct{} }, ch chan int) {
	go func() {
		for {
			select {
			case <-ctx.Done():
				break
			case <-ch:
			}
		}
	}()
	go func() {
	loop:
		for {
			select {
			case <-ctx.Done():
				break loop
			case <-ch:
			}
		}
	}()
	go func() {
		if true {
			select {
			case <-ctx.Done():
			case <-ch:
				return
			}
		}
		println()
	}()
}
"""


def test_case_ends():
    src = LOOPS.encode()
    fm = file_model("app/loops.go", src, ts.parse(src))
    gos = sorted(ts.captures(ts.query("(go_statement) @g"), fm.tree.root_node)["g"], key=lambda n: n.start_byte)
    bodies = [g.named_children[0].child_by_field_name("function").child_by_field_name("body") for g in gos]
    first_cases = [min(ts.captures(ts.query("(communication_case) @c"), b)["c"], key=lambda n: n.start_byte)
                   for b in bodies]
    assert [rq._case_ends(c, b) for c, b in zip(first_cases, bodies)] == [False, True, False]


def _partial_app(calls_from_big: bool, big_params: str = "w http.ResponseWriter, r *http.Request"):
    """A package whose big function's body is left out of the parse (it holds no go
    statement); a small handler calls the helper, and so may the big function."""
    lines = "\n".join(f'\tw.Header().Set("X-Field-{i}", "value")' for i in range(12))
    call = "\taudit(r)\n" if calls_from_big else ""
    src = f"""package app

import "net/http"

func Big({big_params}) {{
{lines}
{call}}}

func Small(w http.ResponseWriter, r *http.Request) {{ audit(r) }}

func audit(r *http.Request) {{
	go func() {{ println(r.URL.Path) }}()
}}
""".encode()
    tree, omitted = ts.parse_partial(src, [src.index(b"go func")])
    fm = file_model("app/app.go", src, tree)
    fm.omitted = omitted
    assert omitted, "Big's body is left out"
    return build_package("app", [fm], (1, 21)), fm


def test_helper_callers_are_read_only_where_they_call_it():
    from golint_mem.model.package import NeedsWholeTree

    def sources(pkg, fm):
        got = rq.helper_sources(pkg, fm, pkg.funcs["audit"].decl)
        return {d.name: (s, c) for d, (s, c) in got.items()}

    assert sources(*_partial_app(calls_from_big=False)) == {"r": ("request", "Small")}
    # Big is no handler (no *http.Request after the writer): its body is not needed
    assert sources(*_partial_app(True, "w http.ResponseWriter, r *http.Response")) == {"r": ("request", "Small")}
    with pytest.raises(NeedsWholeTree):  # handler Big's left-out body calls the helper
        sources(*_partial_app(calls_from_big=True))
