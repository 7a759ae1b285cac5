"""Finalizer or cleanup may block the single finalizer goroutine.

## What it does
Flags `runtime.SetFinalizer(obj, fn)` and `runtime.AddCleanup(ptr, fn, arg)`
when `fn` (a function literal, also one bound to a local, a same-package
function, a method expression such as `(*T).close` or a method value such as
`o.close`) may block: it sends on or receives from a channel, runs a
`select` without `default`, ranges over a channel, sleeps, waits on a
`sync.WaitGroup` or `sync.Cond`, does network, HTTP or `database/sql` I/O,
waits for a child process, or takes a slow lock, directly or through any
chain of same-package calls. A lock (`.Lock()`/`.RLock()`) is slow when the
package holds that mutex across one of these operations somewhere: between
a `Lock` and its `Unlock`, or after a `Lock` whose `Unlock` is deferred,
directly or through same-package calls, on the same variable or the same
field of the same struct type (an embedded `sync.Mutex` is its field
`Mutex`); a lock held while taking a slow lock is slow too. A lock that only
guards memory is not blocking, and neither is a `SetFinalizer` finalizer's
lock on its object's own mutex (`x.mu.Lock()` with `x` the parameter that
receives the object and `mu` a `sync.Mutex`/`RWMutex` held by value): whoever
holds that mutex holds the object, and the finalizer runs only once the
object is unreachable. The message names the operation (and, for a
lock, the slow operation it is held across and where), and SARIF output
carries each hop, and the slow critical section, as related locations.

Not blocking: a send on a channel that the function setting the finalizer
made with a constant buffer (`make(chan T, N)`, `N >= 1`) and that only this
finalizer sends on, at most `N` times (a one-shot signal); closing files
(`(*os.File).Close`), `syscall.Close`, atomics, logging, deadline setters,
and calls on values whose type is not resolved to one of the listed types
(an `io.Closer` may be anything). Code inside a `go` statement, or inside a
function literal the finalizer only defines, does not run on the finalizer
goroutine.

## Why is this bad?
The runtime runs every finalizer of the program one after the other on a
single goroutine (and, in Go 1.24, every cleanup too). A finalizer that
blocks stalls all the others: objects waiting for finalization are not
freed, and their memory (and the file descriptors, connections or C memory
their finalizers would release) piles up across GC cycles. A finalizer that
waits for something that never happens never returns, and no finalizer runs
again.

## Example
```go
package example

import "runtime"

type Pipe struct {
	events chan string
}

func (p *Pipe) release() {
	p.events <- "released"
}

func NewPipe(events chan string) *Pipe {
	p := &Pipe{events: events}
	runtime.SetFinalizer(p, (*Pipe).release)
	return p
}
```

## Use instead
```go
package example

import "runtime"

type Pipe struct {
	events chan string
}

func (p *Pipe) release() {
	select {
	case p.events <- "released":
	default: // nobody listening: drop the event rather than block
	}
}

func NewPipe(events chan string) *Pipe {
	p := &Pipe{events: events}
	runtime.SetFinalizer(p, (*Pipe).release)
	return p
}
```
Keep finalizers short and non-blocking: use a `select` with `default`,
`TryLock` or atomics (or keep every critical section of the mutex short), hand slow work (network, database, process waits) to a
goroutine started with `go`, or better, release the resource with an explicit
`Close` method and keep the finalizer as a last-resort safety net.

Fix: none is offered: making a finalizer non-blocking (signalling a goroutine, `TryLock`, a `select` with `default`) is a design choice.

## Known problems
Test code (`_test.go` files and helpers that import `testing`) is not
checked: a test binary exits when its tests end, so a finalizer a test blocks
on purpose stalls only that test (as the other leak rules treat tests).
Only same-package code is followed; a finalizer that blocks inside another
package's function is not seen. Calls through function values, interfaces and
local variables holding a function are not followed, and a finalizer given as
a variable is resolved only when the variable holds a literal. When files
with different build tags each declare the named function, the one in the
calling file is used, and a name with variants only in other files is not
followed. Types come from the source alone: a connection, client or command
whose type is not declared in the source (for example the result of
`net.Dial` kept in an untyped local) is not recognised, and a mutex whose
variable or struct type is unknown never counts as slow. A channel send
counts as blocking even when the channel is buffered, except the one-shot
idiom above. Critical sections are read in source order: a section ends at
the first matching `Unlock` after the `Lock` in the same function (an early
`Unlock` in a branch ends it), a mutex locked and unlocked in different
functions is held only to the end of the locking function, and a `Cond.Wait`
inside a section is taken to release that section's mutex. The own-mutex
exemption applies to locks written in the finalizer itself, not to a lock the
finalizer reaches through a method call on its object. Mutexes are told
apart by variable or by struct field, not by instance: two `*Client` values
share the key `Client.mu`. Newer Go releases may run cleanups (not
finalizers) on more than one goroutine; a blocking cleanup still holds up the
cleanups queued behind it.

## References
- runtime.SetFinalizer: "A single goroutine runs all finalizers for a program, sequentially. If a finalizer must run for a long time, it should do so by starting a new goroutine." (https://pkg.go.dev/runtime#SetFinalizer)
- runtime.AddCleanup: "If a cleanup function must run for a long time, it should create a new goroutine" (https://pkg.go.dev/runtime#AddCleanup)
"""

from __future__ import annotations

from golint_mem.model.blocking import analysis
from golint_mem.model.finalizers import QUERY, finalizer_call
from golint_mem.model.infer import types_for
from golint_mem.model.locks import lock_key
from golint_mem.model.scope import FUNC_NODES, function_scope
from golint_mem.parse import text, unparen
from golint_mem.rule import Level, Rule

_FIXES = {
    "chan": "use a select with default, or signal from a goroutine",
    "sleep": "drop the sleep or sleep in a goroutine",
    "lock": "use TryLock or an atomic, or lock in a goroutine",
    "wait": "wait in a goroutine started with go",
    "io": "close it explicitly, or do the I/O in a goroutine",
}

_LOOPS = ("for_statement",)


def _one_shot_send(ctx, setter, lit, op: Op) -> bool:
    """A send that cannot block: the finalizer literal (set once, not in a
    loop) sends once on a local channel made with a buffer, and nothing else
    sends on that channel or lets it escape (the test idiom
    `fin := make(chan bool, 1); runtime.SetFinalizer(x, func(*T) { fin <- true })`)."""
    node = op.node
    if node.type != "send_statement":
        return False
    ch = unparen(node.child_by_field_name("channel"))
    if ch is None or ch.type != "identifier":
        return False
    flow = ctx.flow(lit)
    d = flow.scope.decl_of(ch)
    if d is None or d.kind != "var" or d.node is None or d.values_count != d.names_count:
        return False
    lo, hi = lit.start_byte, lit.end_byte
    if lo <= d.node.start_byte < hi:
        return False  # the literal's own channel: made per run, nobody receives
    make = unparen(d.value)
    if make is None or make.type != "call_expression" or text(make.child_by_field_name("function")) != "make":
        return False
    margs = [a for a in make.child_by_field_name("arguments").named_children if a.type != "comment"]
    if len(margs) != 2 or margs[1].type != "int_literal" or not margs[1].text.isdigit():
        return False
    capacity = int(margs[1].text)
    decl_owner = d.node.parent
    # the finalizer is set once per channel: no loop around the setter that
    # does not also make a new channel
    n = setter.parent
    while n is not None and n.type not in FUNC_NODES:
        if n.type in _LOOPS and not (n.start_byte <= decl_owner.start_byte < n.end_byte):
            return False
        n = n.parent
    sends = 0
    for use in flow.uses(d):
        parent = use.parent
        inside = lo <= use.start_byte < hi
        if parent.type == "send_statement" and parent.child_by_field_name("channel") == use:
            if not inside:
                return False
            sends += 1
            m = parent.parent
            while m is not None and m != lit:
                if m.type in _LOOPS:
                    return False
                m = m.parent
        elif parent.type == "unary_expression" and text(parent.child_by_field_name("operator")) == "<-":
            continue
        elif parent.type == "range_clause" and parent.child_by_field_name("right") == use:
            continue
        elif parent.type == "argument_list" and text(parent.parent.child_by_field_name("function")) in (
                "close", "len", "cap"):
            continue
        else:
            return False  # passed on, stored or reassigned: someone else may send
    return 0 < sends <= capacity


def _first_param(fn_node, field: str = "parameters"):
    params = fn_node.child_by_field_name(field)
    for p in params.named_children if params is not None else ():
        if p.type == "parameter_declaration":
            return p.child_by_field_name("name")
    return None


def _own_lock(pkg, types, obj_param):
    """An exemption for the finalized object's own mutex: `x.mu.Lock()` (or
    `x.Lock()` of an embedded one) where `x` is the finalizer's parameter and
    the mutex is held by value. Whoever holds that mutex holds `x` too (the
    deferred or later Unlock needs it), and the finalizer runs only once `x`
    is unreachable: no critical section of it can be running."""
    decl = types.scope.decl_of(obj_param) if obj_param is not None else None
    if decl is None:
        return lambda op: False

    def exempt(op) -> bool:
        if op.fix != "lock":
            return False
        operand = unparen(op.node.child_by_field_name("function").child_by_field_name("operand"))
        base = unparen(operand.child_by_field_name("operand")) \
            if operand.type == "selector_expression" else operand
        if base is None or base.type != "identifier" or types.scope.decl_of(base) is not decl:
            return False
        k = lock_key(pkg, types, operand)
        if k is None or k[0] != "field" or k[1] != "":
            return False
        info = pkg.types.get(k[2])
        ft = info.fields.get(k[3]) if info is not None else None
        return ft is not None and ft.is_named("sync", "Mutex", "RWMutex")

    return exempt


# -- the rule --------------------------------------------------------------------

def _chain(names: list[str]) -> str:
    """The call chain for the message (SARIF's related locations hold every hop)."""
    if len(names) > 3:
        names = [names[0], "...", names[-1]]
    return " -> ".join(names)


def check(ctx, caps) -> None:
    if ctx.file.test_only:
        return  # a test binary exits when its tests end: a stalled queue stalls only the test
    fc = finalizer_call(ctx, caps)
    if fc is None or fc.target is None:
        return
    blocking = analysis(ctx.package)
    target = fc.target
    related = []
    if target.kind == "literal":
        lit = target.literal
        names = ["literal"]
        op_file = ctx.file
        types = ctx.types(lit)
        own = _own_lock(ctx.package, types, _first_param(lit) if fc.what == "finalizer" else None)
        found = blocking.in_code(ctx.file, lit, types,
                                 exempt=lambda o: own(o) or _one_shot_send(ctx, fc.call, lit, o))
    else:
        info = target.info
        names = [info.display]
        op_file = info.file
        related.append((info.file, info.decl.child_by_field_name("name"), f"{fc.what} {info.display}"))
        obj_param = None
        if fc.what == "finalizer" and target.kind != "method_value":
            obj_param = _first_param(info.decl, "receiver" if target.kind == "method_expr" else "parameters")
        types = types_for(function_scope(ctx.package, info.file, info.node))
        found = blocking.in_code(info.file, info.node, types,
                                 exempt=_own_lock(ctx.package, types, obj_param))
    if found is None:
        return
    hops, op = found
    for hop in hops:
        names.append(hop.callee.display)
        related.append((hop.file, hop.node, f"calls {hop.callee.display}"))
        op_file = hop.callee.file
    related.append((op_file, op.node, f"{op.what} blocks here"))
    related.extend(op.related)
    why = f" ({op.why})" if op.why else ""
    ctx.report(
        fc.call,
        f"{fc.what} {_chain(names)} may block on {op.what}{why}: all finalizers wait on "
        f"this one goroutine; {_FIXES[op.fix]}",
        related=tuple(related),
    )


RULE = Rule(
    id="MEM003",
    name="finalizer-blocking",
    summary="finalizer or cleanup may block the single goroutine that runs all finalizers",
    level=Level.WARNING,
    tags=("memory", "finalizer", "goroutine"),
    precision="high",
    default=True,
    query=QUERY,
    check=check,
)
