"""Goroutine in a request handler holds a request-scoped object.

## What it does
Flags a `go` statement inside an HTTP request handler whose goroutine holds a
request-scoped value and may outlive the request.

A *handler* is recognised by its signature: net/http's
`(w http.ResponseWriter, r *http.Request)` (the pair in this order, any names;
router signatures that add parameters around the pair, such as httprouter's
params or docker's `(ctx, w, r, vars) error`, count too), gin's
`(c *gin.Context)`, echo's `(c echo.Context) error` (echo and /v4), fasthttp's
`(ctx *fasthttp.RequestCtx)`, fiber's `(c *fiber.Ctx) error` (v2) and
`(c fiber.Ctx) error` (v3). A same-package function or method that a handler
calls with a request-scoped argument is analysed as a handler too (one level
deep), its corresponding parameters request-scoped. A function that merely
takes an `*http.Request` (server plumbing, `RoundTrip`, code that sends the
request with `Client.Do`) is not a handler.

Request-scoped values are the handler's parameters and what is derived from
them: the request's context and contexts derived from it, its `Body`,
`WithContext` copies, gin's `c.Request`/`c.Writer`, echo's `c.Request()`/
`c.Response()`, a struct literal holding one, a method value such as
`w.Write`. Plain values read from them (`r.URL.Path`, `r.FormValue(..)`,
`c.Param(..)`), gin's `c.Copy()` and `context.WithoutCancel(..)` are not.
The goroutine may capture one in a function literal or receive it as an
argument or receiver.

Not flagged:
- a goroutine the function waits for: it calls `wg.Done()` and the function
  runs `wg.Wait()` after the `go` statement, or it sends on or closes a
  channel the function then receives from (`<-ch`, `for range ch`; a receive
  that is only a `select` case does not count, unless every other case of the
  select calls fasthttp's `ctx.TimeoutError*`, fasthttp's documented way to
  let goroutines keep ctx);
- a helper that hands the join to its caller: it returns (or stores in a field
  of its receiver or result) a value holding the goroutine's WaitGroup or done
  channel, such as a `done(err)` func or a writer whose `Close` waits;
- a *request-end hook*: the goroutine's first statement receives from a
  request-lifetime channel, or is a `select` all of whose cases do
  (`httputil.ReverseProxy` closing the backend when the request ends);
- a *request-bound worker*: every channel operation, `select` and
  `time.Sleep` in the goroutine is a `select` with a case that receives from a
  request-lifetime channel and then returns (or breaks out of its loop, or has
  nothing left to run), and there is at least one such `select` (a log
  streamer whose loop has `case <-ctx.Done(): return`).

A *request-lifetime channel* is `X.Done()` of the request's net/http context
(`r.Context()`, gin's `c.Request.Context()`, echo's `c.Request().Context()`,
and contexts derived from them), of a context whose cancel the handler defers,
or a channel the handler closes or sends on in a deferred call. gin's
`c.Done()` and fasthttp's `ctx.Done()` are not: they do not close when the
request ends. Same-package functions started with `go f(args)` are looked
into for hooks and workers, their parameters standing for the arguments.

## Why is this bad?
The goroutine can outlive the handler. While it runs it keeps the request,
its body buffer, TLS state and context reachable, so under load memory grows
with the number of slow goroutines; frameworks that pool their contexts
(gin, fasthttp, fiber, echo) hand the same object to the next request, so the
goroutine reads another user's data; and writing to a finished
`ResponseWriter` is a bug of its own.

## Example
```go
package example

import (
	"log"
	"net/http"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	go func() {
		log.Printf("audit %s", r.URL.Path)
	}()
	w.WriteHeader(http.StatusAccepted)
}
```

## Use instead
```go
package example

import (
	"log"
	"net/http"
)

func Handle(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	go func() {
		log.Printf("audit %s", path)
	}()
	w.WriteHeader(http.StatusAccepted)
}
```
Copy the plain values the goroutine needs before starting it; use
`context.WithoutCancel(r.Context())` (Go 1.21) or gin's `c.Copy()` when it
needs a context; join it (`wg.Wait()`, a receive from a channel it sends
on) before the handler returns; or bind it to the request, so that every
wait it does ends with `case <-r.Context().Done(): return`.

Fix: none is offered: whether to copy the values the goroutine needs, detach its context or join it before returning depends on what the goroutine is for.

## Known problems
Dataflow is flow-insensitive: a variable that holds a request-derived value
anywhere in the function counts as holding it everywhere. A goroutine that
receives a request value through a channel, a package variable or a field of
a user struct read back later is not seen. Helpers are followed one call deep
and only through same-package calls whose callee resolves from the source.
Joins are recognised only in the shapes `wg.Done()`/`wg.Wait()` and
send-or-close/receive on one channel (or a field path of one variable); an
`errgroup` or a join in the caller of a handler is not seen. A request-bound
worker's select may still pick a ready work case once after the request
ended (Go's select is random among ready cases): such a last write to a
finished response is accepted, as the contract exempts these goroutines. A
goroutine bound to the request only through a channel the handler closes
without `defer` (on its normal path) is still reported: an early return or
a panic leaves it running. So is a goroutine that ends only once a callback
it runs sees a channel the handler closes (docker's websocket attach serves
`srv.ServeHTTP(w, r)` on the hijacked connection until the handler closes
`done`): the binding is not visible in the goroutine itself.

## References
- net/http: "Except for reading the body, handlers should not modify the provided Request" and "it is not valid to use the ResponseWriter or read from the Request.Body after or concurrently with the completion of the ServeHTTP call" (https://pkg.go.dev/net/http#Handler)
- gin: "Goroutines inside a middleware: you should not use the original context, you have to use a read-only copy" (https://gin-gonic.com/docs/examples/goroutines-inside-a-middleware/)
- fasthttp: "It is forbidden holding references to RequestCtx members after returning from RequestHandler" (https://pkg.go.dev/github.com/valyala/fasthttp#RequestHandler)
"""

from __future__ import annotations

from golint_mem.model import requests as rq
from golint_mem.model.scope import Decl
from golint_mem.parse import text, unparen
from golint_mem.rule import Level, Rule

QUERY = "(go_statement) @go"


def held_by_goroutine(rt: rq.RequestTaint, go) -> list:
    """(decl, identifier, state, label) for each request-scoped value the
    goroutine holds: captured by its literal, or in its call's receiver or arguments."""
    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    if call is None:
        return []
    flow, reached = rt.flow, rt.reached
    fn = unparen(call.child_by_field_name("function"))
    hits = []
    exprs = []
    if fn is not None and fn.type == "func_literal":
        for d, ident in flow.captures(fn):
            if d in reached:
                hits.append((d, ident, reached[d][0], None))
    elif fn is not None and fn.type == "selector_expression":
        exprs.append(fn.child_by_field_name("operand"))
    elif fn is not None:
        exprs.append(fn)
    args = call.child_by_field_name("arguments")
    exprs += list(args.named_children) if args is not None else []
    for e in exprs:
        label = " ".join(text(e).split())
        for d, ident, state in rq.expr_states(flow, reached, e):
            hits.append((d, ident, state, label if len(label) <= 30 else None))
    return hits


def ends_with_request(ctx, rt: rq.RequestTaint, go, serving) -> bool:
    """RULES.md's request-end hook and request-bound worker."""
    life = rq.Lifetime(rt, serving)
    got = rq.goroutine_body(ctx.package, rt, go, life)
    if got is None or got[0] is None:
        return False
    body, file, judge = got
    if rq.request_end_hook(body, judge):
        return True
    return rq.request_bound_worker(body, file, judge, rq.body_types(ctx.package, file, body))


def check(ctx, caps) -> None:
    for go in caps.get("go", []):
        rt = rq.request_taint(ctx.package, ctx.file, go)
        if not rt.reached:
            continue
        hits = held_by_goroutine(rt, go)
        if not hits:
            continue
        scope = rt.flow.scope
        if rq.joined(ctx.package, scope, go, rt):
            continue
        serving = rt.serving_fn(go)
        if serving is not None and rt.serving[serving] == "helper" \
                and rq.hands_join(ctx.package, rt, go, serving):
            continue
        if ends_with_request(ctx, rt, go, serving):
            continue
        hits.sort(key=lambda h: h[2] in ("context", "ctxval"))  # name the request or writer first
        d, _, state, label = hits[0]
        src = rt.flow.origin(rt.reached, d)
        ctx.report(go, message(rt, d, label, state, src, len({h[0] for h in hits}) - 1))


def _owner_name(rt: rq.RequestTaint, src: Decl) -> str:
    owner = src.owner
    if owner is None:
        return "the handler"
    name = text(owner.child_by_field_name("name")) if owner.type != "func_literal" else ""
    if rt.serving.get(owner) == "helper":
        return f"{name} (called by handler {rt.callers[src]})" if src in rt.callers else name
    return f"handler {name}" if name else "a handler literal"


def _fix(state: str, src_state: str) -> str:
    if src_state == "gin":
        return "pass c.Copy() or copy the values it needs"
    if state == "context":
        return "detach it with context.WithoutCancel, or wait for the goroutine"
    if src_state in ("echo", "fasthttp", "fiber", "fiber3"):
        return "copy the values it needs; the framework reuses the context"
    return "copy the values it needs, or wait for it before returning"


def message(rt: rq.RequestTaint, d: Decl, label, state: str, src: Decl, more: int) -> str:
    subject = label or d.name
    if state == "holder":
        kind = f"holds `{src.name}`"
    elif state == "func":
        kind = f"bound to `{src.name}`"
    elif src is d and subject == d.name:
        kind = rq.DESCRIBE[state]
    else:
        kind = f"{rq.DESCRIBE[state]} from `{src.name}`"
    extra = f" and {more} more" if more else ""
    why = "it can outlive the request and keep it alive"
    fix = _fix(state, rt.reached[src][0])
    msg = f"goroutine holds `{subject}` ({kind}){extra} from {_owner_name(rt, src)}: {why}; {fix}"
    if len(msg) > 200:
        msg = f"goroutine holds `{subject}` ({kind}){extra}: {why}; {fix}"
    return msg


RULE = Rule(
    id="MEM001",
    name="goroutine-captures-request",
    summary="goroutine started in a request handler holds the request or a request-scoped value",
    level=Level.WARNING,
    tags=("memory", "goroutine", "http", "correctness"),
    # Measured 2026-11-27: 1 finding left on stdlib + /usr/share/gocode (30k files),
    # and it is harmless; the flagged shapes are real bugs but rare in mature code.
    precision="medium",
    default=True,
    query=QUERY,
    check=check,
)
