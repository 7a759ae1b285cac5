"""Finalizer or cleanup may block the single finalizer goroutine.

## What it does
Flags `runtime.SetFinalizer(obj, fn)` and `runtime.AddCleanup(ptr, fn, arg)`
when `fn` (a function literal, a same-package function, a method expression
such as `(*T).close` or a method value such as `o.close`) may block: it sends
on or receives from a channel, runs a `select` without `default`, ranges over
a channel, sleeps, takes a lock (`.Lock()`/`.RLock()`), waits on a
`sync.WaitGroup` or `sync.Cond`, does network, HTTP or `database/sql` I/O,
or waits for a child process, directly or through any chain of same-package
calls. The message shows the call chain down to the blocking operation, and
SARIF output carries each hop as a related location.

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
`TryLock` or atomics, hand slow work (network, database, process waits) to a
goroutine started with `go`, or better, release the resource with an explicit
`Close` method and keep the finalizer as a last-resort safety net.

## Known problems
Only same-package code is followed; a finalizer that blocks inside another
package's function is not seen. Calls through function values, interfaces and
local variables holding a function are not followed, and a finalizer given as
a variable is not resolved. When files with different build tags each declare
the named function, the one in the calling file is used, and a name with
variants only in other files is not followed. Types come from the source
alone: a connection, client or command whose type is not declared in the
source (for example the result of `net.Dial` kept in an untyped local) is not
recognised. A channel send counts as blocking even when the channel is
buffered, except the one-shot idiom of tests (`fin := make(chan bool, 1)` in
the same function, one send from a finalizer literal set once, no other
sender); `.Lock()` counts on any receiver. Newer Go releases may run
cleanups (not finalizers) on more than one goroutine; a blocking cleanup still
holds up the cleanups queued behind it.

## References
- runtime.SetFinalizer: "A single goroutine runs all finalizers for a program, sequentially. If a finalizer must run for a long time, it should do so by starting a new goroutine." (https://pkg.go.dev/runtime#SetFinalizer)
- runtime.AddCleanup: "If a cleanup function must run for a long time, it should create a new goroutine" (https://pkg.go.dev/runtime#AddCleanup)
"""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

from golint_mem.dataflow import call_context, call_sites, resolve_func_value
from golint_mem.model.infer import types_for
from golint_mem.model.scope import FUNC_NODES, function_scope
from golint_mem.parse import captures, query, text, unparen
from golint_mem.rule import Level, Rule

QUERY = """
(call_expression
  function: (selector_expression
    operand: (identifier) @pkg
    field: (field_identifier) @fname (#any-of? @fname "SetFinalizer" "AddCleanup"))
  arguments: (argument_list)) @call
"""

# Candidate blocking operations inside one function body.
_OPS_Q = """
(send_statement) @send
(unary_expression operator: "<-") @recv
(select_statement) @select
(range_clause right: (_) @range)
(call_expression function: (selector_expression)) @mcall
"""

# package path -> blocking package-level functions (exact names or prefixes ending in '*')
_BLOCKING_FUNCS = {
    "time": ("Sleep",),
    "net/http": ("Get", "Head", "Post", "PostForm"),
    "net": ("Dial*", "Listen*"),
}
# (package, type) -> (blocking method names or prefixes, what it waits for)
_BLOCKING_METHODS = {
    ("sync", "WaitGroup"): (("Wait",), "waits for every outstanding Done"),
    ("sync", "Cond"): (("Wait",), "waits for a Signal or Broadcast"),
    ("net/http", "Client"): (("Do", "Get", "Head", "Post", "PostForm"), "a network round trip"),
    ("net", "Conn"): (("Read", "Write", "Close"), "network I/O"),
    ("net", "TCPConn"): (("Read", "Write", "Close"), "network I/O"),
    ("net", "UDPConn"): (("Read", "Write", "Close"), "network I/O"),
    ("net", "Dialer"): (("Dial*",), "connection setup"),
    ("net", "ListenConfig"): (("Listen*",), "network setup"),
    ("database/sql", "DB"): (("Exec*", "Query*", "Ping*", "Begin*"), "a database round trip"),
    ("database/sql", "Tx"): (("Exec*", "Query*", "Commit", "Rollback"), "a database round trip"),
    ("database/sql", "Conn"): (("Exec*", "Query*", "Ping*", "Begin*"), "a database round trip"),
    ("database/sql", "Stmt"): (("Exec*", "Query*"), "a database round trip"),
    ("os/exec", "Cmd"): (("Run", "Output", "CombinedOutput", "Wait"), "waits for a child process"),
}
# the package-level variables of those types that the source alone can name
_KNOWN_VARS = {("net/http", "DefaultClient"): ("net/http", "Client")}

_FIXES = {
    "chan": "use a select with a default case, or signal from a goroutine",
    "sleep": "drop the sleep or do the delayed work in a goroutine",
    "lock": "use TryLock or an atomic, or do the locked work in a goroutine",
    "wait": "do the waiting in a goroutine started with go",
    "io": "release the resource in an explicit Close method, or start the I/O in a goroutine",
}


class Op(NamedTuple):
    node: object  # the blocking operation's node
    what: str  # e.g. "channel send on x.ch"
    fix: str  # key of _FIXES


class Hop(NamedTuple):
    file: object  # the caller's file
    node: object  # the call site
    callee: object  # the FuncInfo called


def _match(name: str, patterns) -> bool:
    return any(name.startswith(p[:-1]) if p.endswith("*") else name == p for p in patterns)


# -- blocking operations -------------------------------------------------------

def _in_comm(node) -> bool:
    """A send or receive that is the communication of a select case (the select decides)."""
    n, child = node.parent, node
    while n is not None and n.type in ("receive_statement", "expression_list", "parenthesized_expression"):
        n, child = n.parent, n
    return n is not None and n.type == "communication_case" and n.named_children and n.named_children[0] == child


def _receiver_types(pkg, types, operand, method: str, depth: int = 3):
    """The resolved type of ``operand`` and, when it is a same-package struct
    without its own ``method``, the types of its embedded fields (promotion)."""
    if operand is None:
        return []
    if operand.type == "selector_expression":
        o = operand.child_by_field_name("operand")
        if o is not None and o.type == "identifier":
            d = types.scope.decl_of(o)
            if d is not None and d.kind == "import":
                known = _KNOWN_VARS.get((d.import_path, text(operand.child_by_field_name("field"))))
                return [known] if known else []
    t = types.type_of(operand)
    out, level = [], [t]
    for _ in range(depth + 1):
        nxt = []
        for t in level:
            if t is None:
                continue
            base = t.named_or_pointee()
            if base.kind != "named":
                continue
            if base.pkg:
                out.append((base.pkg, base.name))
                continue
            if pkg.method(base.name, method) is not None:
                continue  # its own method: the call graph follows it
            info = pkg.types.get(base.name)
            if info is None:
                continue
            if not info.is_struct:
                nxt.append(info.underlying)
                continue
            if method in info.fields:
                continue  # a func-typed field of that name shadows promoted methods
            nxt.extend(info.fields.get(f) for f in info.embedded)
        level = nxt
    return out


def _classify(pkg, types, cap: str, node) -> Op | None:
    if cap == "send":
        if _in_comm(node):
            return None
        return Op(node, f"channel send on {text(node.child_by_field_name('channel'))}", "chan")
    if cap == "recv":
        if _in_comm(node):
            return None
        return Op(node, f"receive from {text(node.child_by_field_name('operand'))}", "chan")
    if cap == "select":
        if any(c.type == "default_case" for c in node.named_children):
            return None
        return Op(node, "select without a default case", "chan")
    if cap == "range":
        t = pkg.resolve_named(types.type_of(node))
        if t is not None and t.kind == "chan":
            return Op(node.parent.parent if node.parent.parent is not None else node,
                      f"for range over channel {text(node)}", "chan")
        return None
    if cap == "mcall":
        fn = node.child_by_field_name("function")
        operand = fn.child_by_field_name("operand")
        m = text(fn.child_by_field_name("field"))
        if operand is not None and operand.type == "identifier":
            d = types.scope.decl_of(operand)
            if d is not None and d.kind == "import":  # a package-level function
                if not _match(m, _BLOCKING_FUNCS.get(d.import_path, ())):
                    return None
                if d.import_path == "time":
                    return Op(node, f"time.{m}", "sleep")
                short = d.import_path.rsplit("/", 1)[-1]
                return Op(node, f"{short}.{m} (network I/O)", "io")
        args = node.child_by_field_name("arguments")
        nargs = len([a for a in args.named_children if a.type != "comment"]) if args is not None else 0
        if m in ("Lock", "RLock") and nargs == 0:
            return Op(node, f"{text(operand)}.{m}()", "lock")
        for pkg_path, tname in _receiver_types(pkg, types, operand, m):
            entry = _BLOCKING_METHODS.get((pkg_path, tname))
            if entry is not None and _match(m, entry[0]):
                short = pkg_path.rsplit("/", 1)[-1]
                fix = "wait" if pkg_path in ("sync", "os/exec") else "io"
                return Op(node, f"{text(operand)}.{m}() on {short}.{tname} ({entry[1]})", fix)
        return None
    return None


def _ops_in(pkg, types, fn_node, exempt=None) -> Op | None:
    """The first blocking operation that runs when ``fn_node`` runs (not in a
    `go` statement, not in a function literal it only defines), leaving out
    those ``exempt(op)`` proves cannot block."""
    body = fn_node.child_by_field_name("body")
    if body is None:
        return None
    found: list[Op] = []
    for cap, nodes in captures(query(_OPS_Q), body).items():
        for n in nodes:
            if call_context(n, fn_node) != "direct":
                continue
            op = _classify(pkg, types, cap, n)
            if op is not None and not (exempt is not None and exempt(op)):
                found.append(op)
    return min(found, key=lambda o: o.node.start_byte) if found else None


# -- per-package summaries -------------------------------------------------------

def _summaries(pkg) -> dict:
    return pkg.cache.setdefault("mem003", {"ops": {}, "chains": {}})


def _fid(info) -> tuple:
    return (info.file.path, info.node.start_byte)


def pick(pkg, key: str, from_file):
    """The declaration a reference to ``key`` from ``from_file`` means. With
    build-tagged variants in several files, the one in ``from_file``; when
    none is there the reference is ambiguous and is not followed (None)."""
    variants = pkg.variants.get(key, ())
    if len(variants) == 1:
        return variants[0]
    return next((v for v in variants if v.file is from_file), None)


def _direct_op(pkg, info) -> Op | None:
    ops = _summaries(pkg)["ops"]
    k = _fid(info)
    if k not in ops:
        ops[k] = _ops_in(pkg, types_for(function_scope(pkg, info.file, info.node)), info.node)
    return ops[k]


def _direct_calls(pkg, file, fn_node, caller: str = "") -> list[Hop]:
    """Same-package calls that run when ``fn_node`` runs (not in a `go`
    statement, not in a literal it only defines), in source order: the
    package call graph's out-edges of one function, built lazily."""
    hops = []
    for site in call_sites(pkg, file, fn_node, caller):
        if site.context != "direct":
            continue
        target = pick(pkg, site.callee, file)
        if target is not None:
            hops.append(Hop(file, site.node, target))
    hops.sort(key=lambda h: h.node.start_byte)
    return hops


def _chain_from(pkg, start_calls: list[Hop], seen: set) -> tuple[list[Hop], Op] | None:
    """Breadth first through direct same-package calls: the shortest chain of
    hops to a function with a blocking operation (cycles terminate)."""
    queue = deque()
    for hop in start_calls:
        if _fid(hop.callee) not in seen:
            seen.add(_fid(hop.callee))
            queue.append((hop.callee, [hop]))
    while queue:
        info, path = queue.popleft()
        op = _direct_op(pkg, info)
        if op is not None:
            return path, op
        for hop in _direct_calls(pkg, info.file, info.node, info.key):
            if _fid(hop.callee) not in seen:
                seen.add(_fid(hop.callee))
                queue.append((hop.callee, path + [hop]))
    return None


def blocks(pkg, info) -> tuple[list[Hop], Op] | None:
    """Whether the same-package function ``info`` may block, and how: the
    shortest call chain to a blocking operation (cached per package)."""
    chains = _summaries(pkg)["chains"]
    k = _fid(info)
    if k not in chains:
        op = _direct_op(pkg, info)
        if op is not None:
            chains[k] = ([], op)
        else:
            chains[k] = _chain_from(pkg, _direct_calls(pkg, info.file, info.node, info.key), {k})
    return chains[k]


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


def _literal_blocks(ctx, lit, setter=None) -> tuple[list[Hop], Op] | None:
    types = ctx.types(lit)
    op = _ops_in(ctx.package, types, lit, lambda o: setter is not None and _one_shot_send(ctx, setter, lit, o))
    if op is not None:
        return [], op
    return _chain_from(ctx.package, _direct_calls(ctx.package, ctx.file, lit), set())


# -- the rule --------------------------------------------------------------------

def check(ctx, caps) -> None:
    for call in caps.get("call", []):
        pkg_ident = caps["pkg"][0]
        if ctx.file.imports.get(text(pkg_ident)) != "runtime":
            continue
        scope = ctx.scope(call)
        d = scope.decl_of(pkg_ident)
        if d is None or d.kind != "import" or d.import_path != "runtime":
            continue
        what = "cleanup" if text(caps["fname"][0]) == "AddCleanup" else "finalizer"
        args = call.child_by_field_name("arguments")
        argv = [a for a in args.named_children if a.type != "comment"]
        if len(argv) < 2:
            continue
        fn = unparen(argv[1])
        if fn.type == "nil":
            continue
        pkg = ctx.package
        related = []
        if fn.type == "func_literal":
            names = ["func literal"]
            op_file = ctx.file
            found = _literal_blocks(ctx, fn, call)
        else:
            info = resolve_func_value(pkg, scope, ctx.types(call), fn)
            info = pick(pkg, info.key, ctx.file) if info is not None else None
            if info is None:
                continue
            names = [info.display]
            op_file = info.file
            related.append((info.file, info.node.child_by_field_name("name"), f"{what} {info.display}"))
            found = blocks(pkg, info)
        if found is None:
            continue
        hops, op = found
        for hop in hops:
            names.append(hop.callee.display)
            related.append((hop.file, hop.node, f"calls {hop.callee.display}"))
            op_file = hop.callee.file
        related.append((op_file, op.node, f"{op.what} blocks here"))
        ctx.report(
            call,
            f"{what} {' -> '.join(names)}: {op.what} blocks the finalizer goroutine; "
            f"all finalizers and cleanups run there one by one, so objects like {text(argv[0])} "
            f"pile up unfreed while it waits; {_FIXES[op.fix]}",
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
