"""Pointer kept as a uintptr, or written through a *uintptr view.

## What it does
Flags code that keeps pointer data where the garbage collector cannot see it:

- a store through a `*uintptr` view, `*(*uintptr)(unsafe.Pointer(E)) = V`, when
  `V` is pointer-derived (it holds `uintptr(unsafe.Pointer(...))`) or `E` is `&v`
  with `v` of a pointer-shaped type (pointer, `unsafe.Pointer`, map, chan, func,
  slice, string, interface);
- a pointer-derived `uintptr` (`uintptr(unsafe.Pointer(p))`, also through local
  variables and `+`/`-` arithmetic) stored where it outlives the expression: a
  package variable, a struct field (an assignment or a composite-literal field,
  `reflect.SliceHeader{Data: ...}` and `reflect.StringHeader{...}` included), a
  map or slice element, `atomic.StoreUintptr`/`SwapUintptr`/`CompareAndSwapUintptr`;
- a local variable holding a pointer-derived `uintptr` that a later statement
  converts back with `unsafe.Pointer(v)` or `unsafe.Pointer(v + off)` (reported
  at the local's assignment).

## Why is this bad?
A `uintptr` is an integer: the garbage collector does not treat it as a
reference, and a store of it runs no write barrier. Once the address lives
only in a `uintptr` the object can be collected (its memory reused) or, for a
stack object, moved by stack growth, and converting the integer back to a
pointer later yields a dangling pointer. Overwriting a pointer-shaped word
through a `*uintptr` view hides the new pointer from a concurrent mark phase,
so a live object can be freed. These bugs corrupt memory rarely and far from
their cause.

## Example
```go
package example

import "unsafe"

type node struct {
	next uintptr
	val  int
}

func (n *node) link(next *node) {
	n.next = uintptr(unsafe.Pointer(next))
}

func (n *node) follow() *node {
	return (*node)(unsafe.Pointer(n.next))
}
```

## Use instead
```go
package example

import "unsafe"

type node struct {
	next unsafe.Pointer
	val  int
}

func (n *node) link(next *node) {
	n.next = unsafe.Pointer(next)
}

func (n *node) follow() *node {
	return (*node)(n.next)
}
```
Keep references as typed pointers or `unsafe.Pointer` (use `atomic.Pointer[T]`
or `atomic.StorePointer` for atomics), and do pointer arithmetic within one
expression: `unsafe.Pointer(uintptr(unsafe.Pointer(p)) + off)` or `unsafe.Add(p, off)`.
Build slices and strings with `unsafe.Slice`/`unsafe.String` instead of
`reflect.SliceHeader`/`StringHeader` values.

Fix: none is offered: keeping the pointer as `unsafe.Pointer` changes the field's or variable's type wherever it is used.

## Known problems
Two harmless shapes from real code are not reported: the address of memory
the collector does not manage, reached through a pointer to an array of at
least 1 GiB (`*[maxMapSize]byte`, `(*[1 << 30]byte)(p)`: the Go idiom for
mmap'd or C memory, as in bolt's `DB.Info`); and a request block returned
together with the buffer the function allocated for it (`return req, e`: the
caller receives both, as netlink's ioctl string-set request does). A buffer
that came in as a parameter and is returned with the block stays reported.
The spec's valid patterns stay silent: arithmetic and conversion back within one
expression, `uintptr(unsafe.Pointer(...))` in a call's arguments (`syscall.Syscall`;
also a `[]uintptr{...}` literal written directly as an argument, a temporary like
them), `reflect.Value.Pointer()`/`UnsafeAddr()` converted back at once, and a
local `uintptr` used only for printing, hashing, comparison or alignment math.
A `hdr.Data = ...` store through a `*reflect.SliceHeader`/`*reflect.StringHeader`
that points at a real slice or string header is valid by contract (the unsafe
package's pattern 6: the header is the slice itself, whose `Data` the GC does
see); a `reflect.SliceHeader{Data: ...}` value is not, and is reported.
The difference of two addresses is an offset, not an address, and
`uintptr(unsafe.Pointer(x))` of an integer `x` is that integer.

Harmless shapes found on real code are not reported. The weak-reference
idiom: the address of a variable that the same function passes to
`runtime.SetFinalizer`/`AddCleanup`, whose finalizer drops the hidden address
before the object is freed (`internal/intern`, go4org/intern; prefer
`weak.Pointer` from Go 1.24). A self-reference: the address of the object
(or of a part of it) that holds the word, `x.f = uintptr(unsafe.Pointer(&x.buf[0]))`
or `atomic.CompareAndSwapUintptr((*uintptr)(c), 0, uintptr(unsafe.Pointer(c)))`
(`sync.Cond`'s copy check): whoever reads the word holds the object, so the
address cannot outlive it (should the holder live on a goroutine stack, a stack
move makes the value stale; it is then a wrong identity, not a dangling
reference the GC missed). And the Go runtime itself (the packages
`runtime`, `runtime/...` and `internal/runtime/...` of module `std`): it
implements the GC and stores such words on purpose where the GC cannot
intervene (nosplit code, the system stack, write barriers off); a user package
that is merely named `runtime` is checked as usual. A function marked
`//go:nocheckptr` is skipped too: its author turned off the compiler's
unsafe.Pointer checks for it, declaring the conversions deliberate (the
`sync/atomic` tests that store counters through pointer-typed words).

An address stored in a field or package variable only as an identity (a map
key part, a debug value) is still reported: nothing keeps the object alive, so
the identity can be reused by a new object. So is an argument block for the
kernel (`ifreq.Data = uintptr(unsafe.Pointer(&buf[0]))` before an `ioctl`):
only the syscall's own arguments get the compiler's keep-alive, so give the
field a pointer type or keep the buffer alive with `runtime.KeepAlive`. A block
whose buffer the function uses again after the first call that is given the
block (the ioctl fills it and the function reads it: safchain/ethtool,
vishvananda/netlink) is not reported: that use already keeps the buffer alive
across the call, and a goroutine's stack does not move during a syscall.
Only `uintptr(unsafe.Pointer(...))` counts as pointer-derived (not `uintptr(x)`
of an `unsafe.Pointer` variable, nor `reflect.Value.Pointer()`); values passed
through function results, `*p = v` through a typed `*uintptr`, and array
elements are not followed. Dataflow is flow-insensitive, and "later" means later
in the source text. Types come from the source alone: a field whose type
differs between build-tagged files, or another package's field, may stay
unresolved, and then the store is not reported.

## References
- unsafe.Pointer, the valid patterns: "A uintptr is an integer, not a reference. Converting a Pointer to a uintptr creates an integer value with no pointer semantics. Even if a uintptr holds the address of some object, the garbage collector will not update that uintptr's value if the object moves, nor will that uintptr keep the object from being reclaimed." (https://pkg.go.dev/unsafe#Pointer)
- reflect.SliceHeader: "the Data field is not sufficient to guarantee the data it references will not be garbage collected, so programs must keep a separate, correctly typed pointer to the underlying data" (https://pkg.go.dev/reflect#SliceHeader)
- go vet's unsafeptr check (https://pkg.go.dev/golang.org/x/tools/go/analysis/passes/unsafeptr)
"""

from __future__ import annotations

import os

from golint_mem.dataflow import callee_name
from golint_mem.discover import _module_root
from golint_mem.model.infer import literal_slot
from golint_mem.model.scope import top_function
from golint_mem.model.types import POINTER_SHAPED_KINDS
from golint_mem.parse import captures, outer_value, query, text, unparen
from golint_mem.rule import Level, Rule

# uintptr(unsafe.Pointer(x)): the pointer-to-integer conversion (unsafe may be renamed)
_SRC = """
(call_expression
  function: (identifier) @mem005.conv
  arguments: (argument_list . (call_expression
      function: (selector_expression field: (field_identifier) @mem005.ptr)) .)
  (#eq? @mem005.conv "uintptr") (#eq? @mem005.ptr "Pointer")) @mem005.src
"""
# *(*uintptr)(X) = V
_VIEW = """
(assignment_statement
  left: (expression_list
    (unary_expression operator: "*"
      operand: (call_expression
        function: (parenthesized_expression
          (unary_expression operator: "*" operand: (identifier) @mem005.word))
        arguments: (argument_list))))
  (#eq? @mem005.word "uintptr")) @mem005.view
"""
QUERY = _SRC + _VIEW

ATOMIC_VALUE_ARG = {
    "sync/atomic.StoreUintptr": 1,
    "sync/atomic.SwapUintptr": 1,
    "sync/atomic.CompareAndSwapUintptr": 2,
}
HEADERS = ("SliceHeader", "StringHeader")
FIX = "keep it as unsafe.Pointer or a typed pointer"


def _single_arg(call):
    args = call.child_by_field_name("arguments")
    named = args.named_children if args is not None else []
    return named[0] if len(named) == 1 else None


class _Function:
    """MEM005's view of one top-level function (or of package-level code)."""

    def __init__(self, ctx, root, scope, types, flow):
        self.ctx = ctx
        self.root = root
        self.scope = scope
        self.types = types
        self.flow = flow
        self.tainted: set = set()
        #: tainted local -> the assignments that give it a pointer-derived value
        self.taint_stmts: dict = {}

    # -- what is pointer-derived ---------------------------------------------
    def is_src(self, n) -> bool:
        n = unparen(n)
        if n is None or n.type != "call_expression":
            return False
        fn = n.child_by_field_name("function")
        if fn is None or fn.type != "identifier" or text(fn) != "uintptr":
            return False
        inner = unparen(_single_arg(n))
        if inner is None or inner.type != "call_expression" \
                or callee_name(inner, self.scope) != "unsafe.Pointer":
            return False
        # uintptr(unsafe.Pointer(addr)) of an integer `addr` is the integer itself
        arg = _single_arg(inner)
        t = self.ctx.package.resolve_named(self.types.type_of(arg)) if arg is not None else None
        return not (t is not None and t.kind == "basic" and t.name != "string")

    def derived(self, expr, tainted=None) -> bool:
        """Whether ``expr``'s value is a pointer-derived uintptr: a conversion
        ``uintptr(unsafe.Pointer(..))``, a tainted local, ``x + off`` of one or
        ``x - off`` (but not the difference of two addresses)."""
        tainted = self.tainted if tainted is None else tainted
        e = unparen(expr)
        if e is None:
            return False
        t = e.type
        if t == "identifier":
            return self.scope.decl_of(e) in tainted
        if t == "binary_expression":
            op = text(e.child_by_field_name("operator"))
            left = self.derived(e.child_by_field_name("left"), tainted)
            right = self.derived(e.child_by_field_name("right"), tainted)
            if op == "+":
                return left != right
            if op == "-":
                return left and not right
            return False
        if t == "call_expression":
            if self.is_src(e):
                return True
            fn = e.child_by_field_name("function")
            if fn is not None and fn.type == "identifier" and text(fn) == "uintptr":
                arg = _single_arg(e)
                return arg is not None and self.derived(arg, tainted)
        return False

    def describe(self, expr) -> str:
        """How a flagged value reads in a message."""
        e = unparen(expr)
        if e is not None and e.type == "identifier":
            d = self.scope.decl_of(e)
            if d in self.tainted:
                src = _origin_src(self, d)
                via = f" = {_short(text(src), 40)}" if src is not None else ""
                return f"`{text(e)}`{via}"
        src = _first_src(self, e)
        if src is not None and src is not e:
            return f"`{_short(text(e), 40)}` (from {_short(text(src), 40)})"
        if src is None and e is not None:
            for ident in captures(query(_ID_Q), e).get("id", []):
                d = self.scope.decl_of(ident)
                if d in self.tainted:
                    origin = _origin_src(self, d)
                    via = f" = {_short(text(origin), 40)}" if origin is not None else ""
                    return f"`{_short(text(e), 40)}` (`{d.name}`{via})"
        return f"`{_short(text(e), 50)}`"

    # -- climbing from a pointer-derived occurrence to where it goes ---------
    @staticmethod
    def climb(n):
        """The largest expression around ``n`` that still carries its value
        (parentheses, ``+``, left of ``-``, ``uintptr(..)``), and its parent."""
        while True:
            p = n.parent
            if p is None:
                return n, None
            t = p.type
            if t == "parenthesized_expression":
                n = p
                continue
            if t == "binary_expression":
                op = text(p.child_by_field_name("operator"))
                if op == "+" or (op == "-" and p.child_by_field_name("left") == n):
                    n = p
                    continue
                return n, p
            if t == "argument_list" and len(p.named_children) == 1:
                call = p.parent
                fn = call.child_by_field_name("function") if call is not None else None
                if fn is not None and fn.type == "identifier" and text(fn) == "uintptr":
                    n = call
                    continue
            return n, p


def _short(s: str, limit: int = 60) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 3] + "..."


def _origin_src(fa: _Function, d, depth: int = 0):
    """The `uintptr(unsafe.Pointer(..))` a tainted local's value comes from."""
    for stmt in fa.taint_stmts.get(d, ()):
        src = _first_src(fa, stmt)
        if src is not None:
            return src
    if depth < 8:
        for stmt in fa.taint_stmts.get(d, ()):
            lhs, rhs, _ = _sides(stmt)
            for r in rhs:
                for ident in captures(query(_ID_Q), r).get("id", []) if r.type != "identifier" else [r]:
                    o = fa.scope.decl_of(ident)
                    if o in fa.tainted and o is not d:
                        src = _origin_src(fa, o, depth + 1)
                        if src is not None:
                            return src
    return None


def _first_src(fa: _Function, node):
    if node is None:
        return None
    if fa.is_src(node):
        return unparen(node)
    for c in captures(query(_SRC), node).get("mem005.src", []):
        if fa.is_src(c):
            return c
    return None


# -- assignments ---------------------------------------------------------------

def _sides(stmt):
    """(lhs nodes, rhs nodes, op) of an assignment-like statement."""
    t = stmt.type
    if t in ("assignment_statement", "short_var_declaration"):
        left = stmt.child_by_field_name("left")
        right = stmt.child_by_field_name("right")
        op = stmt.child_by_field_name("operator")
        return (left.named_children if left is not None else [],
                right.named_children if right is not None else [],
                text(op) if op is not None else ":=")
    if t == "var_spec":
        values = stmt.child_by_field_name("value")
        return (stmt.children_by_field_name("name"),
                values.named_children if values is not None else [], "var")
    return [], [], ""


def _assignment_of(value):
    """(statement, lhs node) when ``value`` is a right-hand side of an
    assignment, ``:=`` or var spec with as many names as values."""
    lst = value.parent
    if lst is None:
        return None, None
    stmt = lst.parent if lst.type == "expression_list" else lst
    if stmt is None or stmt.type not in ("assignment_statement", "short_var_declaration", "var_spec"):
        return None, None
    lhs, rhs, op = _sides(stmt)
    if op not in ("=", ":=", "var", "+="):
        return None, None
    if value not in rhs or len(lhs) != len(rhs):
        return None, None
    return stmt, lhs[rhs.index(value)]


def _compute_taint(fa: _Function, srcs) -> None:
    """Locals holding a pointer-derived uintptr: assigned one directly, or
    (through reach) from such a local by plain assignment or `+`/`-`."""
    scope = fa.scope
    sources = {}
    for s in srcs:
        top, _ = fa.climb(s)
        stmt, target = _assignment_of(top)
        if stmt is None or target.type != "identifier":
            continue
        d = scope.decl_of(target)
        if d is not None and d.is_local:
            sources[d] = True
    if not sources:
        return
    allowed = {("binary", "+"), ("binary", "-"), ("arg", "uintptr")}

    def transfer(state, edge):
        if edge.kind != "assign":
            return None
        if all((s.kind, s.name) in allowed for s in edge.steps):
            return state
        return None

    candidates = set(fa.flow.reach(sources, transfer))
    # the step paths over-approximate (`a - b` of two addresses is an offset):
    # keep the locals whose assigned value is pointer-derived, to a fixpoint
    by_decl: dict = {}
    for a in scope.assignments:
        if a.op == "range":
            continue
        for left in a.lhs:
            if left.type == "identifier":
                d = scope.decl_of(left)
                if d in candidates:
                    by_decl.setdefault(d, []).append(a.node)
    tainted = candidates
    for _ in range(6):
        stmts = {}
        for d, nodes in by_decl.items():
            for stmt in nodes:
                lhs, rhs, op = _sides(stmt)
                if op not in ("=", ":=", "var", "+=") or len(lhs) != len(rhs):
                    continue
                for left, right in zip(lhs, rhs):
                    if left.type == "identifier" and scope.decl_of(left) is d \
                            and fa.derived(right, tainted):
                        stmts.setdefault(d, []).append(stmt)
        new = set(stmts)
        fa.taint_stmts = stmts
        if new == tainted:
            break
        tainted = new
    fa.tainted = tainted


# -- classification of where a value goes -------------------------------------

def _is_header_pointer(fa: _Function, operand) -> bool:
    """`hdr` of `hdr.Data = ...` is a *reflect.SliceHeader/*StringHeader: the
    spec's valid pattern (6), where hdr points at a real slice or string."""
    t = fa.types.type_of(operand)
    return t is not None and t.is_pointer_to("reflect", *HEADERS)


def _store_target(fa: _Function, target):
    """What kind of place an assignment's left side is (None: not flagged)."""
    n = unparen(target)
    t = n.type
    if t == "identifier":
        d = fa.scope.decl_of(n)
        if d is not None and d.kind == "pkgvar":
            return f"package variable `{text(n)}`"
        return None
    if t == "selector_expression":
        operand = n.child_by_field_name("operand")
        field = text(n.child_by_field_name("field"))
        if operand is not None and operand.type == "identifier":
            d = fa.scope.decl_of(operand)
            if d is not None and d.kind == "import":
                return f"package variable `{text(n)}`"
        if field == "Data" and _is_header_pointer(fa, operand):
            return None
        return f"struct field `{_short(text(n))}`"
    if t == "index_expression":
        base = fa.ctx.package.resolve_named(fa.types.type_of(n.child_by_field_name("operand")))
        if base is not None and base.kind in ("map", "slice"):
            return f"{base.kind} element `{_short(text(n))}`"
        return None
    if t == "unary_expression" and _view_call(n) is not None:
        return f"`{_short(text(n))}` (a *uintptr view)"
    return None


def _view_call(n):
    """The `(*uintptr)(X)` call of a `*(*uintptr)(X)` expression, else None."""
    n = unparen(n)
    if n is None or n.type != "unary_expression" or text(n.child_by_field_name("operator")) != "*":
        return None
    call = unparen(n.child_by_field_name("operand"))
    if call is None or call.type != "call_expression":
        return None
    fn = unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "unary_expression" or text(fn.child_by_field_name("operator")) != "*":
        return None
    word = unparen(fn.child_by_field_name("operand"))
    if word is None or word.type != "identifier" or text(word) != "uintptr":
        return None
    return call


def _literal_kind(fa: _Function, element):
    """'struct field', 'map element' or 'slice element' for a composite
    literal's value element; None for keys and arrays."""
    slot = literal_slot(element)
    if slot is None:
        return None, None
    lit_value, key, index, node = slot
    t = fa.types.literal_type(lit_value)
    if t is None:
        return None, None
    if t.kind == "named" and t.pkg:
        # another package's type: a field name key says it is a struct
        inner = unparen(key.named_children[0]) if key is not None and key.named_children else None
        header = t.pkg == "reflect" and t.name in HEADERS
        what = f"reflect.{t.name} field" if header else "struct field"
        if inner is not None and inner.type in ("identifier", "field_identifier"):
            return f"{what} `{text(inner)}`", node
        if key is None and header:
            return f"{what} `{'Data' if index == 0 else index}`", node
        return None, None
    r = fa.ctx.package.resolve_named(t)
    if r is None:
        return None, None
    if r.kind == "named" or r.kind == "struct":
        if r.kind == "named":
            info = fa.ctx.package.types.get(r.name)
            if info is None or not info.is_struct:
                return None, None
            names = list(info.fields)
        else:
            names = [f for f, _ in r.fields]
        if key is not None:
            name = text(key)
        else:
            name = names[index] if index < len(names) else str(index)
        return f"struct field `{_short(name)}`", node
    if r.kind in ("map", "slice"):
        if _call_argument(lit_value.parent):
            return None, None  # a temporary argument list, as for syscall arguments
        lit = lit_value.parent
        ty = lit.child_by_field_name("type") if lit.type == "composite_literal" else None
        of = f" of a `{_short(text(ty), 40)}` literal" if ty is not None else " of a literal"
        if r.kind == "map" and key is not None:
            return f"map element `{_short(text(key), 30)}`{of}", node
        return f"{r.kind} element{of}", node
    return None, None


def _call_argument(lit) -> bool:
    """A composite literal written directly as a call's argument (`f([]uintptr{..})`,
    `f(args...)`): a temporary of the expression, like syscall arguments."""
    p = outer_value(lit).parent
    if p is not None and p.type == "variadic_argument":
        p = p.parent
    return p is not None and p.type == "argument_list"


def _classify(fa: _Function, top, parent):
    """Where a pointer-derived value ``top`` goes: (kind, report node, value
    expression, description) when it is a flagged store; ('back', ..) when
    it is converted back with unsafe.Pointer; None otherwise."""
    if parent is None:
        return None
    t = parent.type
    if t == "argument_list":
        call = parent.parent
        name = callee_name(call, fa.scope)
        if name == "unsafe.Pointer":
            return ("back", call, top, "")
        idx = ATOMIC_VALUE_ARG.get(name)
        if idx is not None:
            args = parent.named_children
            if idx < len(args) and args[idx] == top:
                dest = _short(text(args[0])) if args else "?"
                return ("store", call, top, f"{name.rsplit('/', 1)[-1]} into `{dest}`")
        return None
    if t == "literal_element":
        what, node = _literal_kind(fa, parent)
        if what is None:
            return None
        return ("store", node, top, what)
    if t in ("expression_list", "var_spec"):
        stmt, target = _assignment_of(top)
        if stmt is None:
            return None
        what = _store_target(fa, target)
        if what is None:
            return None
        return ("store", stmt, top, what)
    return None


# -- the rule ------------------------------------------------------------------

_ID_Q = "(identifier) @id"


def _analyse(ctx, node) -> list:
    """Every MEM005 finding of the function around ``node`` (computed once)."""
    if top_function(node) is node:  # not inside any function
        return _analyse_package_level(ctx, node)
    scope = ctx.scope(node)
    flow = ctx.flow(node)
    cached = flow.__dict__.get("_mem005")
    if cached is not None:
        return cached
    out: list = []
    flow.__dict__["_mem005"] = out
    root = scope.root
    if _nocheckptr(root):
        return out
    fa = _Function(ctx, root, scope, ctx.types(node), flow)
    srcs = [s for s in captures(query(_SRC), root).get("mem005.src", []) if fa.is_src(s)]
    views = captures(query(_VIEW), root).get("mem005.view", [])
    if not srcs and not views:
        return out
    _compute_taint(fa, srcs)
    seen = set()
    backs: list = []  # (tainted decl, conversion call)

    def consider(occurrence, decl=None):
        top, parent = fa.climb(occurrence)
        hit = _classify(fa, top, parent)
        if hit is None:
            return
        kind, rnode, value, what = hit
        if kind == "back":
            if decl is not None:
                backs.append((decl, rnode))
            return
        if rnode.start_byte in seen:
            return
        if not fa.derived(value) or _weak_reference(fa, value) or _self_reference(fa, value, rnode) \
                or _kept_alive_past_call(fa, value, rnode) or _foreign_view(fa, value) \
                or _returned_with_holder(fa, value, rnode):
            return
        seen.add(rnode.start_byte)
        out.append((rnode, _store_message(fa, value, what)))

    for s in srcs:
        consider(s)
    if fa.tainted:
        for ident in captures(query(_ID_Q), root).get("id", []):
            d = scope.decl_of(ident)
            if d in fa.tainted and ident.parent is not None:
                consider(ident, d)
    for view in views:
        if view.start_byte in seen:
            continue
        hit = _view_store(fa, view)
        if hit is not None:
            seen.add(view.start_byte)
            out.append(hit)
    done = set()
    for d, call in sorted(backs, key=lambda b: b[1].start_byte):
        # one finding per local: at its first pointer-derived assignment
        # before the conversion back
        before = [st for st in fa.taint_stmts.get(d, ()) if st.end_byte <= call.start_byte]
        if d in done or not before:
            continue
        done.add(d)
        stmt = min(before, key=lambda st: st.start_byte)
        if stmt.start_byte in seen:
            continue
        seen.add(stmt.start_byte)
        line = call.start_point[0] + 1
        src = _origin_src(fa, d)
        origin = f" from {text(src)}" if src is not None else ""
        out.append((stmt, (
            f"local `{d.name}` keeps an address as uintptr{origin} until unsafe.Pointer on "
            f"line {line}: the object can be freed or moved in between; use unsafe.Pointer "
            f"and unsafe.Add")))
    return out


_FINALIZERS = ("runtime.SetFinalizer", "runtime.AddCleanup")
_CALL_Q = "(call_expression arguments: (argument_list . (_) @first)) @call"


def _weak_reference(fa: _Function, value) -> bool:
    """The weak-reference idiom: the address of a variable that this function
    also gives a finalizer (or cleanup), which drops the hidden address before
    the object is freed (`internal/intern`, go4org/intern; Go 1.24 has
    `weak.Pointer` for it)."""
    arg = _pointee(fa, value)
    if arg is None or arg.type != "identifier":
        return False
    d = fa.scope.decl_of(arg)
    if d is None:
        return False
    finalized = fa.__dict__.get("_finalized")
    if finalized is None:
        finalized = set()
        for m in captures(query(_CALL_Q), fa.root).get("call", []) if fa.root is not None else ():
            if callee_name(m, fa.scope) in _FINALIZERS:
                first = unparen(m.child_by_field_name("arguments").named_children[0])
                if first is not None and first.type == "identifier":
                    finalized.add(fa.scope.decl_of(first))
        fa.__dict__["_finalized"] = finalized
    return d in finalized


def _pointee(fa: _Function, value):
    """``X`` of the `uintptr(unsafe.Pointer(X))` a pointer-derived value comes from."""
    e = unparen(value)
    src = None
    if e is not None and e.type == "identifier" and fa.scope.decl_of(e) in fa.tainted:
        src = _origin_src(fa, fa.scope.decl_of(e))
    if src is None:
        src = _first_src(fa, e)
    inner = unparen(_single_arg(src)) if src is not None else None
    return unparen(_single_arg(inner)) if inner is not None else None


def _root_ident(n):
    """``x`` of `x`, `&x`, `x.f.g`, `x.arr[i]`, `(*T)(x)`, `unsafe.Pointer(&x.f)`."""
    for _ in range(16):
        n = unparen(n)
        if n is None:
            return None
        if n.type == "identifier":
            return n
        if n.type == "unary_expression" and text(n.child_by_field_name("operator")) == "&":
            n = n.child_by_field_name("operand")
        elif n.type in ("selector_expression", "index_expression"):
            n = n.child_by_field_name("operand")
        elif n.type == "call_expression":
            n = _single_arg(n)
        else:
            return None
    return None


def _self_reference(fa: _Function, value, store) -> bool:
    """The address of the object that holds the word: `x.f = uintptr(unsafe.Pointer(x))`,
    `atomic.CompareAndSwapUintptr((*uintptr)(c), 0, uintptr(unsafe.Pointer(c)))`
    (sync.Cond's copy check). Whoever reads the word has the object, so the
    address cannot dangle while it can be read."""
    if store.type == "call_expression":
        args = store.child_by_field_name("arguments").named_children
        target = args[0] if args else None
    elif store.type == "assignment_statement":
        lhs, rhs, _ = _sides(store)
        target = lhs[rhs.index(value)] if value in rhs and len(lhs) == len(rhs) else None
        if target is None or unparen(target).type == "identifier":
            return False  # a variable is not an object holding itself
    else:
        return False
    x, y = _root_ident(_pointee(fa, value)), _root_ident(target)
    if x is None or y is None:
        return False
    d = fa.scope.decl_of(x)
    return d is not None and d.is_local and d is fa.scope.decl_of(y)


_STMTS = ("short_var_declaration", "assignment_statement", "var_spec")
#: calls that do not hand the block to anyone: builtins and conversions
_NOT_HANDING = frozenset((
    "append", "cap", "clear", "copy", "delete", "len", "max", "min", "new", "print",
    "println", "uintptr", "unsafe.Pointer"))


def _holder(fa: _Function, store):
    """The local that holds the block ``store`` writes: `ifr` of `ifr.data = ...`,
    `ifr := ifreq{...}` or `ifr := &ifreq{...}`."""
    n = store
    while n is not None and n.type not in _STMTS:
        if n.type in ("block", "function_declaration", "method_declaration", "func_literal"):
            return None, None
        n = n.parent
    if n is None:
        return None, None
    lhs = n.child_by_field_name("left") or n.child_by_field_name("name")
    rhs = n.child_by_field_name("right") or n.child_by_field_name("value")
    if lhs is None or rhs is None:
        return None, None
    left, right = lhs.named_children or [lhs], rhs.named_children or [rhs]
    if store.type == "assignment_statement":
        target = left[0] if len(left) == 1 else None
    else:
        at = [i for i, r in enumerate(right) if r.start_byte <= store.start_byte < r.end_byte]
        target = left[at[0]] if at and len(left) == len(right) else None
    x = _root_ident(target) if target is not None else None
    d = fa.scope.decl_of(x) if x is not None else None
    return (d, n) if d is not None and d.is_local else (None, None)


def _kept_alive_past_call(fa: _Function, value, store) -> bool:
    """An argument block for the kernel (`ifr.data = uintptr(unsafe.Pointer(&buf[0]))`,
    then `syscall.Syscall(SYS_IOCTL, fd, req, uintptr(unsafe.Pointer(&ifr)))`)
    whose buffer the function uses again after the first call given the block:
    that use keeps the buffer alive across the syscall as runtime.KeepAlive
    would, so nothing can be freed (safchain/ethtool, vishvananda/netlink). A
    buffer dead after the store stays reported (ishidawataru/sctp)."""
    x = _root_ident(_pointee(fa, value))
    d = fa.scope.decl_of(x) if x is not None else None
    if d is None or not d.is_local:
        return False
    holder, stmt = _holder(fa, store)
    if holder is None or holder is d:
        return False
    ids = captures(query(_ID_Q), fa.root).get("id", [])
    calls = captures(query("(call_expression) @call"), fa.root).get("call", [])
    for call in sorted(calls, key=lambda c: c.start_byte):
        if call.start_byte < stmt.end_byte or text(call.child_by_field_name("function")) in _NOT_HANDING:
            continue
        args = call.child_by_field_name("arguments")
        if args is not None and any(args.start_byte <= i.start_byte < args.end_byte
                                    and fa.scope.decl_of(i) is holder for i in ids):
            return any(i.start_byte >= call.end_byte and fa.scope.decl_of(i) is d for i in ids)
    return False


#: an array type this long can only be a view of memory Go did not allocate
#: (mmap'd files, C buffers: `(*[1 << 30]byte)(p)`, bolt's `*[maxMapSize]byte`)
_FOREIGN_VIEW_LEN = 1 << 30


def _foreign_view(fa: _Function, value) -> bool:
    """The address of memory the collector does not manage, reached through a
    pointer to a huge array (the Go idiom for viewing mmap'd or C memory):
    nothing is hidden from the GC."""
    x = unparen(_pointee(fa, value))
    if x is not None and x.type == "unary_expression" and text(x.child_by_field_name("operator")) == "&":
        x = unparen(x.child_by_field_name("operand"))
    if x is not None and x.type == "index_expression":
        x = x.child_by_field_name("operand")
    t = fa.types.type_of(x) if x is not None else None
    if t is None or t.kind != "pointer" or t.elem is None or t.elem.kind != "array":
        return False
    n = _constant_int(fa.ctx.package, t.elem.name or "")
    return n is not None and n >= _FOREIGN_VIEW_LEN


def _constant_int(pkg, length: str) -> int | None:
    """An array length as written: an integer literal, `a << b` of literals, or a
    package constant defined by one (the package model's table)."""
    length = length.replace("_", "").strip()
    if length.isidentifier():
        return pkg.int_consts.get(length)
    left, shift, right = length.partition("<<")
    try:
        return int(left.strip(), 0) << int(right.strip(), 0) if shift else int(left, 0)
    except ValueError:
        return None


def _returned_with_holder(fa: _Function, value, store) -> bool:
    """A request block returned together with the buffer this function allocated
    for it (`e := &sset{...}; req := &ifreq{data: uintptr(unsafe.Pointer(e))};
    return req, e`): the caller receives both, as it receives any result. A
    buffer that came in as a parameter stays reported."""
    x = _root_ident(_pointee(fa, value))
    d = fa.scope.decl_of(x) if x is not None else None
    holder, _ = _holder(fa, store)
    if d is None or holder is None or holder is d or d.kind != "var":
        return False
    for ret in captures(query("(return_statement (expression_list) @results)"), fa.root).get("results", []):
        names = {fa.scope.decl_of(r) for r in ret.named_children if r.type == "identifier"}
        if holder in names and d in names:
            return True
    return False


def _nocheckptr(fn) -> bool:
    """A function its author marked `//go:nocheckptr`: the directive that turns
    off the compiler's unsafe.Pointer checks for code that does such
    conversions on purpose (integers that only look like addresses)."""
    n = fn.prev_sibling
    while n is not None and n.type == "comment":
        if n.text.strip() == b"//go:nocheckptr":
            return True
        n = n.prev_sibling
    return False


def _go_runtime(pkg) -> bool:
    """The Go runtime's own packages (module std: runtime, runtime/..., internal/runtime/...):
    the code that implements the GC keeps such words on purpose, where the GC
    cannot run (nosplit, system stack, write barriers off)."""
    cached = pkg.cache.get("mem005.runtime")
    if cached is None:
        directory = os.path.abspath(pkg.directory)
        root = _module_root(directory)
        rel = os.path.relpath(directory, root[1]).replace(os.sep, "/") \
            if root is not None and root[0] == "std" else ""
        cached = rel == "runtime" or rel.startswith(("runtime/", "internal/runtime/"))
        pkg.cache["mem005.runtime"] = cached
    return cached


def _store_message(fa: _Function, value, what: str) -> str:
    return (f"{fa.describe(value)} is stored in {what} as a uintptr: the GC does not see it, "
            f"so the object can be freed or moved; {FIX}")


def _view_store(fa: _Function, view):
    """`*(*uintptr)(X) = V`: V pointer-derived, or X = unsafe.Pointer(&v) with
    v pointer-shaped."""
    lhs, rhs, op = _sides(view)
    for i, left in enumerate(lhs):
        call = _view_call(left)
        if call is None:
            continue
        value = rhs[i] if len(rhs) == len(lhs) else None
        if value is not None and op in ("=", "+=") and fa.derived(value):
            return (view, f"`{_short(text(left))}` writes {fa.describe(value)} as a plain "
                          f"word: the GC does not see the reference; {FIX}")
        arg = unparen(_single_arg(call))
        if arg is None or arg.type != "call_expression" or callee_name(arg, fa.scope) != "unsafe.Pointer":
            continue
        e = unparen(_single_arg(arg))
        if e is None or e.type != "unary_expression" or text(e.child_by_field_name("operator")) != "&":
            continue
        v = e.child_by_field_name("operand")
        t = fa.types.type_of(v)
        shape = _pointer_shape(fa, t)
        if shape is not None:
            return (view, f"a *uintptr view overwrites `{_short(text(v))}` ({shape}) with no "
                          f"write barrier: the GC can miss the reference; assign `{_short(text(v))}` "
                          f"through its own type (or unsafe.Pointer) instead")
    return None


def _pointer_shape(fa: _Function, t):
    r = fa.ctx.package.resolve_named(t)
    if r is None:
        return None
    if r.kind in POINTER_SHAPED_KINDS:
        return f"of type {t}"
    if r.kind == "named" and r.pkg == "unsafe" and r.name == "Pointer":
        return "of type unsafe.Pointer"
    if r.kind == "basic" and r.name == "string":
        return "of type string"
    return None


def _analyse_package_level(ctx, node) -> list:
    """`var x = uintptr(unsafe.Pointer(&y))` and literals at package level."""
    from golint_mem.model.infer import package_types

    types = package_types(ctx.package, ctx.file)
    fa = _Function(ctx, None, types.scope, types, None)
    if not fa.is_src(node):
        return []
    top, parent = fa.climb(node)
    hit = _classify(fa, top, parent)
    if hit is None or hit[0] != "store":
        return []
    _, rnode, value, what = hit
    if rnode.type == "var_spec":
        lhs, rhs, _ = _sides(rnode)
        target = lhs[rhs.index(top)]
        what = f"package variable `{text(target)}`"
    return [(rnode, _store_message(fa, value, what))]


def _may_matter(ctx, src) -> bool:
    """A cheap syntactic filter before any function analysis: this
    `uintptr(X.Pointer(..))` names the unsafe import and does not go
    straight into a call's arguments (the valid pattern: conversion back,
    syscall arguments), except an atomic store's."""
    inner = unparen(_single_arg(src))
    operand = inner.child_by_field_name("function").child_by_field_name("operand") \
        if inner is not None and inner.type == "call_expression" else None
    if operand is None or operand.type != "identifier" \
            or ctx.file.imports.get(text(operand)) != "unsafe":
        return False
    top, parent = _Function.climb(src)
    if parent is not None and parent.type == "argument_list":
        fn = unparen(parent.parent.child_by_field_name("function"))
        name = text(fn.child_by_field_name("field")) if fn is not None and fn.type == "selector_expression" else ""
        return "sync/atomic." + name in ATOMIC_VALUE_ARG
    return True


def check(ctx, caps) -> None:
    node = (caps.get("mem005.src") or caps.get("mem005.view") or [None])[0]
    if node is None:
        return
    if node.type == "call_expression" and not _may_matter(ctx, node):
        return
    if _go_runtime(ctx.package):
        return
    cache = ctx.package.cache.setdefault("mem005.reported", set())
    for rnode, message in _analyse(ctx, node):
        k = (ctx.file.path, rnode.start_byte)
        if k in cache:
            continue
        cache.add(k)
        ctx.report(rnode, message)


RULE = Rule(
    id="MEM005",
    name="unsafe-pointer-write-barrier-bypass",
    summary="pointer kept as a uintptr or written through a *uintptr view, hidden from the GC",
    level=Level.ERROR,
    tags=("memory", "unsafe", "gc"),
    precision="high",
    default=True,
    query=QUERY,
    check=check,
)
