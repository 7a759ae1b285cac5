"""Goroutine in a request handler holds a request-scoped object.

## What it does
Flags a `go` statement inside an HTTP request handler whose goroutine holds a
request-scoped value: the `*http.Request`, the `http.ResponseWriter`, a
framework context (`*gin.Context`, `echo.Context`, `*fasthttp.RequestCtx`,
`*fiber.Ctx`), or anything derived from them: the request's context and
contexts derived from it, its `Body`, a struct literal holding one, a method
value such as `w.Write`. The goroutine may capture it in a function literal
or receive it as an argument or receiver.

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
needs a context; or join it (`wg.Wait()`, a receive from a channel it sends
on) before the handler returns.

## Known problems
Dataflow is flow-insensitive: a variable that holds a request-derived value
anywhere in the handler counts as holding it everywhere. A goroutine that
receives a request value through a channel, a package variable or a field of
a user struct read back later is not seen. Joins are recognised only in the
shapes `wg.Done()`/`wg.Wait()` and send-or-close/receive on one channel.

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
        if rq.joined(ctx.package, scope, go):
            continue
        serving = rt.serving_fn(go)
        if serving is not None and rt.serving[serving] == "helper" \
                and rq.hands_join(ctx.package, rt, go, serving):
            continue
        if ends_with_request(ctx, rt, go, serving):
            continue
        d, _, state, label = hits[0]
        src = rt.flow.origin(rt.reached, d)
        ctx.report(go, message(rt, d, label, state, src, len({h[0] for h in hits}) - 1))


def _owner_name(rt: rq.RequestTaint, src: Decl) -> str:
    owner = src.owner
    if owner is None:
        return "the handler"
    name = text(owner.child_by_field_name("name")) if owner.type != "func_literal" else ""
    if rt.serving.get(owner) == "helper":
        return f"{name} (called by handler {rt.callers[src][1]})" if src in rt.callers else name
    return f"handler {name}" if name else "a handler literal"


def _fix(state: str, src_state: str) -> str:
    if src_state == "gin":
        return "pass c.Copy() or copy the values it needs"
    if state == "context":
        return "use context.WithoutCancel or wait for it"
    if src_state in ("echo", "fasthttp", "fiber", "fiber3"):
        return "copy the values it needs first; the framework reuses the context"
    return "copy the values it needs first, or wait for it"


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
    src_state = rt.reached[src][0]
    extra = f" and {more} more" if more else ""
    msg = (f"goroutine holds `{subject}` ({kind}){extra} of {_owner_name(rt, src)} and can outlive "
           f"the request, pinning it; {_fix(state, src_state)}")
    if len(msg) > 200:
        msg = (f"goroutine holds `{subject}` ({kind}){extra} and can outlive the request, "
               f"pinning it; {_fix(state, src_state)}")
    return msg


RULE = Rule(
    id="MEM001",
    name="goroutine-captures-request",
    summary="goroutine started in a request handler holds the request or a request-scoped value",
    level=Level.WARNING,
    tags=("memory", "goroutine", "http", "correctness"),
    precision="high",
    default=True,
    query=QUERY,
    check=check,
)
