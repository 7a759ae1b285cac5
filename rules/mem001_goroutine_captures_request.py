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

from golint_mem.dataflow import Step
from golint_mem.model.scope import FUNC_NODES, Decl
from golint_mem.parse import captures, matches, query, text, unparen
from golint_mem.rule import Level, Rule

# (import path, type name, is pointer) -> the state a parameter of that type starts in
HANDLER_TYPES = {
    ("net/http", "Request", True): "request",
    ("net/http", "ResponseWriter", False): "writer",
    ("github.com/gin-gonic/gin", "Context", True): "gin",
    ("github.com/labstack/echo", "Context", False): "echo",
    ("github.com/labstack/echo/v4", "Context", False): "echo",
    ("github.com/valyala/fasthttp", "RequestCtx", True): "fasthttp",
    ("github.com/gofiber/fiber/v2", "Ctx", True): "fiber",
}
REQUEST_STATES = {"request", "gin", "echo", "fasthttp", "fiber"}

# Plain data read from a request object: not request-scoped objects themselves.
PLAIN_FIELDS = {
    "request": {
        "Method", "URL", "Proto", "ProtoMajor", "ProtoMinor", "Header", "GetBody",
        "ContentLength", "TransferEncoding", "Close", "Host", "Form", "PostForm",
        "MultipartForm", "Trailer", "RemoteAddr", "RequestURI", "TLS", "Cancel",
        "Response", "Pattern",
    },
    "gin": {"Params", "Keys", "Errors", "Accepted"},
    "writer": {"Status", "Size", "Committed"},  # echo.Response's plain fields
}
# Fields that are request-scoped objects, and what they hold.
HELD_FIELDS = {
    "request": {"Body": "body"},
    "gin": {"Request": "request", "Writer": "writer"},
    "fasthttp": {"Request": "fasthttp", "Response": "writer"},
    "writer": {"Writer": "writer"},
}
# Methods whose result is request-scoped, and what it holds.
HELD_METHODS = {
    "Context": "context",
    "WithContext": "request",
    "Request": "request",
    "Response": "writer",
}
CONTEXT_DERIVERS = {
    f"context.{n}"
    for n in ("WithCancel", "WithTimeout", "WithDeadline", "WithValue", "WithCancelCause",
              "WithDeadlineCause", "WithTimeoutCause")
}
DESCRIBE = {
    "request": "*http.Request",
    "writer": "http.ResponseWriter",
    "gin": "*gin.Context",
    "echo": "echo.Context",
    "fasthttp": "*fasthttp.RequestCtx",
    "fiber": "*fiber.Ctx",
    "context": "context.Context",
    "body": "request body",
}


def step(state: str, s: Step) -> str | None:
    """The state of a value built by applying one step to a value in ``state``;
    None when the result no longer holds anything request-scoped."""
    k = s.kind
    if k in ("deref", "addr"):
        return state
    if k == "elem":
        return "holder"
    if k == "closure":
        return "func"
    if k == "result":
        return state if s.index == 0 else None
    if k == "method":
        if state in REQUEST_STATES or state == "writer":
            return HELD_METHODS.get(s.name) if s.name != "Response" or state != "writer" else None
        return None
    if k == "select":
        if state in ("holder", "func"):
            return None  # a user struct's field: not known to hold the request
        held = HELD_FIELDS.get(state, {}).get(s.name)
        if held is not None:
            return held
        if s.name in PLAIN_FIELDS.get(state, ()):
            return None
        return "func"  # a method value binds its receiver
    if k == "arg":
        if s.name in CONTEXT_DERIVERS and s.index == 0 and state == "context":
            return "context"
        return None
    return None


def walk(state: str | None, steps) -> str | None:
    for s in steps:
        if state is None:
            return None
        state = step(state, s)
    return state


def transfer(state: str, edge) -> str | None:
    held = walk(state, edge.steps)
    if held is None:
        return None
    return "holder" if edge.kind == "store" else held


QUERY = "(go_statement) @go"


def _tainted(ctx, go) -> tuple[dict, object]:
    flow = ctx.flow(go)
    cached = flow.__dict__.get("_mem001")
    if cached is not None:
        return cached, flow
    types = ctx.types(go)
    sources: dict[Decl, str] = {}
    for d in flow.scope.decls:
        if d.kind != "param":
            continue
        t = types.decl_type(d)
        if t is None:
            continue
        base = t.named_or_pointee()
        if base.kind != "named":
            continue
        state = HANDLER_TYPES.get((base.pkg, base.name, t.kind == "pointer"))
        if state is not None:
            sources[d] = state
    for d in [d for d, s in sources.items() if s == "request"]:
        if _client_side(flow, d, sources):
            del sources[d]
    reached = flow.reach(sources, transfer) if sources else {}
    flow.__dict__["_mem001"] = reached
    return reached, flow


_CLIENT_CALLS = """
(call_expression function: (selector_expression field: (field_identifier) @m)
  arguments: (argument_list) @args (#any-of? @m "RoundTrip" "Do")) @call
"""


def _client_side(flow, req: Decl, sources: dict) -> bool:
    """A `*http.Request` parameter of client code, not of a handler: a
    RoundTripper's RoundTrip, or a function that sends the request with
    `.RoundTrip(req)` / `.Do(req)`. Handlers also have an http.ResponseWriter."""
    owner = req.owner
    if any(s == "writer" and d.owner == owner for d, s in sources.items()):
        return False
    if owner.type == "method_declaration" and text(owner.child_by_field_name("name")) == "RoundTrip":
        return True
    aliases = flow.reach({req: "request"}, lambda state, e: state if not e.steps else None)
    for args in captures(query(_CLIENT_CALLS), owner).get("args", []):
        for ref in flow.refs(args):
            if ref.decl in aliases and not [s for s in ref.steps if s.kind != "arg"]:
                return True
    return False


def _held_refs(flow, reached, expr):
    """(decl, identifier, state) for each request-scoped value ``expr`` holds."""
    out = []
    for ref in flow.refs(expr):
        entry = reached.get(ref.decl)
        if entry is None:
            continue
        state = walk(entry[0], ref.steps)
        if state is not None:
            label = " ".join(text(expr).split())
            out.append((ref.decl, ref.node, state, label if len(label) <= 40 else None))
    return out


def held_by_goroutine(flow, reached, go):
    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    if call is None:
        return []
    fn = unparen(call.child_by_field_name("function"))
    hits = []
    if fn is not None and fn.type == "func_literal":
        for d, ident in flow.captures(fn):
            if d in reached:
                hits.append((d, ident, reached[d][0], None))
    elif fn is not None and fn.type == "selector_expression":
        hits += _held_refs(flow, reached, fn.child_by_field_name("operand"))
    elif fn is not None:
        hits += _held_refs(flow, reached, fn)
    args = call.child_by_field_name("arguments")
    for a in args.named_children if args is not None else []:
        hits += _held_refs(flow, reached, a)
    return hits


# -- the join exemption ---------------------------------------------------------

_DONE_Q = """
(call_expression function: (selector_expression operand: (_) @recv field: (field_identifier) @m)
  (#eq? @m "Done")) @done
"""
_SEND_Q = """
[(send_statement channel: (_) @ch)
 (call_expression function: (identifier) @f arguments: (argument_list . (_) @ch) (#eq? @f "close"))]
"""
_WAIT_Q = """
[(call_expression function: (selector_expression operand: (_) @recv field: (field_identifier) @m)
  (#eq? @m "Wait")) @wait
 (unary_expression operator: "<-" operand: (_) @ch) @recv_expr
 (range_clause right: (_) @ch) @range]
"""


def _var(scope, node):
    node = unparen(node)
    if node is not None and node.type == "unary_expression" and text(node.child_by_field_name("operator")) == "&":
        node = unparen(node.child_by_field_name("operand"))
    if node is not None and node.type == "identifier":
        return scope.decl_of(node)
    return None


def _goroutine_signals(ctx, scope, go):
    """Variables the goroutine signals completion on: WaitGroups it calls Done
    on, channels it sends on or closes (in its literal, or in the same-package
    function it runs, mapped back to the go statement's arguments)."""
    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    if call is None:
        return set(), set()
    fn = unparen(call.child_by_field_name("function"))
    wgs, chans = set(), set()
    if fn is not None and fn.type == "func_literal":
        body = fn
        for n in captures(query(_DONE_Q), body).get("recv", []):
            d = _var(scope, n)
            if d is not None:
                wgs.add(d)
        for n in captures(query(_SEND_Q), body).get("ch", []):
            d = _var(scope, n)
            if d is not None:
                chans.add(d)
        return wgs, chans
    # go worker(&wg, ch, ...): look into a same-package function's body
    if fn is not None and fn.type == "identifier":
        d = scope.decl_of(fn)
        info = d.cache.get("func") if d is not None and d.kind == "func" else None
        if info is None:
            return wgs, chans
        from golint_mem.model.scope import function_scope

        callee_scope = function_scope(ctx.package, info.file, info.node)
        params = [p for p in callee_scope.decls if p.kind == "param" and p.owner == info.node]
        args = call.child_by_field_name("arguments")
        arg_nodes = args.named_children if args is not None else []
        body = info.node.child_by_field_name("body")
        if body is None:
            return wgs, chans
        done = {callee_scope.decl_of(n) for n in captures(query(_DONE_Q), body).get("recv", [])
                if unparen(n).type == "identifier"}
        sent = {callee_scope.decl_of(n) for n in captures(query(_SEND_Q), body).get("ch", [])
                if unparen(n).type == "identifier"}
        for i, p in enumerate(params):
            if i >= len(arg_nodes):
                break
            a = _var(scope, arg_nodes[i])
            if a is None:
                continue
            if p in done:
                wgs.add(a)
            if p in sent:
                chans.add(a)
    return wgs, chans


def _in_select_case(node, owner) -> bool:
    n = node.parent
    while n is not None and n != owner:
        if n.type in ("communication_case", "select_statement"):
            return True
        if n.type in FUNC_NODES:
            return True  # inside another function: not the handler's own statement
        n = n.parent
    return False


def joined(ctx, flow, go) -> bool:
    """The handler waits for the goroutine before returning (RULES.md's join)."""
    scope = flow.scope
    wgs, chans = _goroutine_signals(ctx, scope, go)
    if not wgs and not chans:
        return False
    owner = scope.owner_of(go)
    body = owner.child_by_field_name("body") if owner is not None else None
    if body is None:
        return False
    for _, caps in matches(query(_WAIT_Q), body):
        anchor = (caps.get("wait") or caps.get("recv_expr") or caps.get("range"))[0]
        if anchor.start_byte < go.end_byte or _in_select_case(anchor, owner):
            continue
        if "wait" in caps:
            d = _var(scope, caps["recv"][0])
            if d is not None and d in wgs and anchor.parent.type == "expression_statement":
                return True
        else:
            d = _var(scope, caps["ch"][0])
            if d is not None and d in chans:
                return True
    return False


# -- the rule -------------------------------------------------------------------

def _handler_name(scope, d: Decl) -> str:
    owner = d.owner
    if owner is None:
        return "handler"
    if owner.type in ("function_declaration", "method_declaration"):
        return f"handler {text(owner.child_by_field_name('name'))}"
    return "a handler func literal"


def _fix(state: str) -> str:
    if state == "gin" or state == "holder":
        pass
    hints = {
        "gin": "pass c.Copy() instead, or copy the values it needs",
        "echo": "copy the values it needs; echo reuses its Context after the handler returns",
        "fasthttp": "copy the values it needs; fasthttp reuses RequestCtx after the handler returns",
        "fiber": "copy the values it needs (fiber reuses Ctx and its byte slices)",
        "context": "detach it with context.WithoutCancel (Go 1.21) or use a new context",
    }
    return hints.get(state, "copy the plain values it needs (e.g. r.URL.Path) before starting it")


def check(ctx, caps) -> None:
    for go in caps.get("go", []):
        reached, flow = _tainted(ctx, go)
        if not reached:
            continue
        hits = held_by_goroutine(flow, reached, go)
        if not hits:
            continue
        if joined(ctx, flow, go):
            continue
        seen, names = set(), []
        for d, ident, state, label in hits:
            if d in seen:
                continue
            seen.add(d)
            src = flow.origin(reached, d)
            names.append((describe(d, label, state, src), src, reached[src][0], state))
        what, src, src_state, state = names[0]
        more = f" and {len(names) - 1} more" if len(names) > 1 else ""
        ctx.report(
            go,
            f"goroutine holds request-scoped {what}{more} from {_handler_name(flow.scope, src)}: "
            f"it can outlive the handler and keep the request alive; "
            f"{_fix(state if state == 'context' else src_state)}, "
            f"or wait for it (sync.WaitGroup) before returning",
        )


def describe(d: Decl, label: str | None, state: str, src: Decl) -> str:
    """"`ctx` (context.Context derived from `r`)" and the like."""
    subject = label or d.name
    if state == "holder":
        kind = f"value holding `{src.name}`"
    elif state == "func":
        kind = f"function value bound to `{src.name}`"
    elif src is d and subject == d.name:
        kind = DESCRIBE[state]
    else:
        kind = f"{DESCRIBE[state]} derived from `{src.name}`"
    return f"`{subject}` ({kind})"


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
