"""Finalizer or cleanup keeps its own object reachable.

## What it does
Flags `runtime.SetFinalizer(obj, fn)` when `fn` is a function literal that
references the variable `obj` from the enclosing function (the literal
written in place, or a local that holds only that literal when the call
runs), and `runtime.AddCleanup(ptr, fn, arg)` when `arg` is `ptr` itself or
`fn` captures `ptr` (a literal that references it, or a method value
`ptr.m`, which binds it). A reference anywhere in the literal counts, also in
a `go` statement or a nested literal: the closure holds the variable either
way. The staticcheck check SA5005 flags the same `SetFinalizer` shape.

## Why is this bad?
The garbage collector runs a finalizer (or cleanup) only once its object is
unreachable. The registered function is itself reachable (the runtime holds
it), so everything it captures is too: a finalizer that captures its own
object keeps that object alive forever. The object is never freed, the
finalizer never runs, and whatever it was meant to release (a file
descriptor, a connection, C memory, a pool slot) leaks with it.
`runtime.AddCleanup` documents the same trap for `arg` and for `fn`.

## Example
```go
package example

import (
	"net"
	"runtime"
)

type Conn struct {
	raw net.Conn
}

func Wrap(raw net.Conn) *Conn {
	c := &Conn{raw: raw}
	runtime.SetFinalizer(c, func(_ *Conn) {
		c.raw.Close()
	})
	return c
}
```

## Use instead
```go
package example

import (
	"net"
	"runtime"
)

type Conn struct {
	raw net.Conn
}

func Wrap(raw net.Conn) *Conn {
	c := &Conn{raw: raw}
	runtime.SetFinalizer(c, func(c *Conn) {
		c.raw.Close()
	})
	return c
}
```
Work on the object through the finalizer's parameter, which the runtime
passes once the object is unreachable. For `runtime.AddCleanup`, pass what
the cleanup needs (a descriptor, a handle, an inner resource) as `arg`,
never the object or a closure over it.

Fix: none is offered: the finalizer must use its parameter instead of the captured variable, and which uses may be rewritten is not certain.

## Known problems
Only a variable passed as the object is matched (`obj` an identifier): an
object reached through a field (`s.conn`), an address `&v`, or a copy in
another local that the literal captures is not followed. A finalizer named
as a same-package function, a method expression or (for `SetFinalizer`) a
method value `obj.m` is not flagged: the contract covers literals only, even
though a method value on the object binds it just as a literal does
(staticcheck does not flag it either). A literal reached through a local
variable is followed only when its last assignment before the call is in a
block that encloses the call. A finalizer that reaches the object through
another object (a package map, a parent that points back at it) is not seen.
Compared with staticcheck's SA5005 (2023.1): every line SA5005 reports in the
corpus is a MEM010 finding, but not the other way round. SA5005 matches its
IR's boxed variables, so it stays silent on most captures of a variable that
is never reassigned (in the corpus it reports 2 of the 15 `SetFinalizer`
positives); MEM010 reports every capture, since the closure keeps the object
reachable either way. A literal bound to a local and later reassigned is
judged by the assignment before the call, as staticcheck does. `AddCleanup`
(Go 1.24) is covered here and not by staticcheck 2023.1.

## References
- runtime.SetFinalizer: "If a cyclic structure includes a block with a finalizer, that cycle is not guaranteed to be garbage collected and the finalizer is not guaranteed to run" (https://pkg.go.dev/runtime#SetFinalizer)
- runtime.AddCleanup: "ptr is reachable from cleanup or arg, ptr will never be collected and the cleanup will never run" (https://pkg.go.dev/runtime#AddCleanup)
- staticcheck SA5005, "The finalizer references the finalized object, preventing garbage collection" (https://staticcheck.dev/docs/checks/#SA5005)
"""

from __future__ import annotations

from golint_mem.model.finalizers import QUERY, finalizer_call
from golint_mem.parse import text, unparen
from golint_mem.rule import Level, Rule


def _same_object(scope, a, b) -> bool:
    """``a`` and ``b`` denote the same variable (or the same call-free selector)."""
    a, b = unparen(a), unparen(b)
    if a is None or b is None:
        return False
    if a.type == "identifier" and b.type == "identifier":
        d = scope.decl_of(a)
        return d is not None and d is scope.decl_of(b)
    if a.type == b.type == "selector_expression" and "(" not in text(a):
        return text(a) == text(b)
    return False


def _first_param(lit) -> str | None:
    params = lit.child_by_field_name("parameters")
    for p in params.named_children if params is not None else ():
        if p.type == "parameter_declaration":
            name = p.child_by_field_name("name")
            return text(name) if name is not None and text(name) != "_" else None
    return None


def check(ctx, caps) -> None:
    fc = finalizer_call(ctx, caps)
    if fc is None or fc.obj.type != "identifier":
        if fc is not None and fc.what == "cleanup" and fc.arg is not None \
                and _same_object(ctx.scope(fc.call), fc.arg, fc.obj):
            _report_arg(ctx, fc)
        return
    scope = ctx.scope(fc.call)
    obj = scope.decl_of(fc.obj)
    if obj is None or not obj.is_local:
        return
    name = text(fc.obj)
    if fc.what == "cleanup" and fc.arg is not None and _same_object(scope, fc.arg, fc.obj):
        _report_arg(ctx, fc)
        return
    t = fc.target
    if t is None:
        return
    if t.kind == "literal":
        if not any(d is obj for d, _ in ctx.flow(t.literal).captures(t.literal)):
            return
        param = _first_param(t.literal) if fc.what == "finalizer" else None
        use = f"its parameter `{param}`" if param and param != name else (
            "its parameter" if fc.what == "finalizer" else "a value passed as arg")
        ctx.report(fc.call, (
            f"the {fc.what} literal captures `{name}`, the object it is set on: `{name}` stays "
            f"reachable, is never freed and the {fc.what} never runs; use {use} instead of `{name}`"))
    elif t.kind == "method_value" and fc.what == "cleanup" and t.receiver is not None \
            and t.receiver.type == "identifier" and scope.decl_of(t.receiver) is obj:
        ctx.report(fc.call, (
            f"the cleanup `{text(t.node)}` binds `{name}`, the object it is set on: `{name}` stays "
            f"reachable and the cleanup never runs; use a function that takes what it needs as arg"))


def _report_arg(ctx, fc) -> None:
    name = text(fc.obj)
    ctx.report(fc.call, (
        f"cleanup arg `{text(fc.arg)}` is the object `{name}` itself: the cleanup keeps it "
        f"reachable, so it is never freed and never runs; pass only what the cleanup needs "
        f"(a field or handle)"))


RULE = Rule(
    id="MEM010",
    name="finalizer-captures-object",
    summary="finalizer or cleanup captures its own object, which is then never collected",
    level=Level.WARNING,
    tags=("memory", "finalizer", "correctness"),
    precision="high",
    default=True,
    query=QUERY,
    check=check,
)
