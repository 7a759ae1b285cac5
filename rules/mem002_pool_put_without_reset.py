"""Value put back into a sync.Pool without resetting its buffers.

## What it does
Flags `P.Put(x)` on a `sync.Pool` (a package variable, local, parameter or
struct field of type `sync.Pool` or `*sync.Pool`) when `x` holds buffers that
were not reset: a slice, a pointer to a slice, a `*bytes.Buffer` or
`*strings.Builder`, or a pointer to a same-package struct with slice, map,
`bytes.Buffer` or `strings.Builder` fields (or pointers to these); slices and
slice fields count when they are appended to, maps when written by key. The
message names the fields left unreset.

A reset counts when it runs before the `Put` in the same function, in a
same-package function called with `x` before the `Put`, or right after every
`Get` from the same pool in the package (reset-on-Get). "Right after a Get"
follows the value through `v.(*T)`, into an unexported getter that returns
it (to each of its callers), and into a same-package function or method that
receives it, or the `Get` result itself (`prepare(p.Get(), req)`), as its
first use and resets its parameter before reading it (`c := p.Get().(*T);
encode(c)`); in a loop every use must be such a call.

Resets: `P.Put(x[:0])` or `x = x[:0]` for a slice; `*x = (*x)[:0]` for a
pointer to a slice; `x.Reset()` for a buffer; for a struct `*x = T{}` (or
`T{...}`), a method `Reset`/`reset`/`Clear`/`clear` called on `x`, or a reset of
every buffer field: `x.f = x.f[:0]`, `x.f = nil`, `x.f = make(...)`,
`clear(x.f)`, a `for k := range x.f { delete(x.f, k) }` loop, `x.f.Reset()`,
`x.f.Truncate(0)`/`x.f.truncate(0)`.

Not flagged, because no stale data can be read:
- a field the package only ever uses truncated: every `X.f` is `X.f[:0]`, the
  target of an assignment, `cap(X.f)`, or a read that follows a refill
  `X.f = g(X.f[:0], ...)` earlier in the same function;
- a slice grown only with zeros (`append(s[:cap(s)], make([]T, n)...)`, a
  sized getter whose callers overwrite by index), or whose first use after
  every Get is `s[:0]` (`bytes.NewBuffer((*bp)[:0])`);
- a value the Put's function took from the same pool and could not have
  filled: no same-package function that fills the field (appends to it,
  writes it by key, writes into it) is that function, is reachable from it
  in the call graph, or is a method it calls by name. The Put that dirtied
  the value is the one flagged.

A slice of pointers is never suggested `[:0]` (a free list may own what it
points to): the message names it and asks to reset it or document why it is
kept.

Fix: when the `Put` is a statement alone on its line, the reset is inserted
on the line before it: `x.Reset()`, `x = x[:0]` or `*x = (*x)[:0]` (safe), or
a reset of each named field (unsafe: a field may be kept on purpose; none is
offered when a slice of pointers is among them).

## Why is this bad?
The pool hands the object to the next `Get` as it is. Stale contents leak into
the next user (a buffer that still holds the previous request's bytes, a map
with the previous user's keys), and buffers that grew for one large use stay
pinned, full, for as long as the object lives in the pool.

## Example
```go
package example

import (
	"bytes"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func Greet(name string) string {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString("hello ")
	b.WriteString(name)
	s := b.String()
	bufPool.Put(b)
	return s
}
```

## Use instead
```go
package example

import (
	"bytes"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func Greet(name string) string {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString("hello ")
	b.WriteString(name)
	s := b.String()
	b.Reset()
	bufPool.Put(b)
	return s
}
```
Reset right before the `Put` (`b.Reset()`, `buf[:0]`, `*x = T{}`), or reset
right after every `Get` of that pool.

Fix: `--fix` inserts the reset on its own line right before the `Put`:
`b.Reset()` for a `*bytes.Buffer` or `*strings.Builder`, `buf = buf[:0]` for a
slice, `*bp = (*bp)[:0]` for a `*[]T`. Safe when the value is a local that
nothing reads after the `Put`; otherwise unsafe (applied only with
`--unsafe-fixes`). For a struct it resets each field named (`x.f = x.f[:0]`,
a delete loop for a map, `x.f.Reset()`), always as unsafe (a field may be
kept on purpose), and not at all when such a field is a pointer (it may be
nil or shared) or a slice of pointers. A deferred `Put` gets no fix.

## Known problems
Types come from the source alone: a value whose type is not resolved (another
package's function result, `Get()` without a type assertion) is not checked.
"Before the Put" is textual order in the function: a reset in any branch
before the `Put` counts, and any reset in the function counts for a deferred
`Put`; a loop whose every use is a resetting helper counts as a reset even
if it may run zero times. A slice (or a slice field) counts as a buffer only
when it is appended to (in the Put's function or where it comes from a Get;
for fields, anywhere in the package by field name): a fixed-length scratch
slice read into by index is left alone. A getter that is exported (or called
through an interface) covers nothing. Fields are matched by name across the
package's struct types (a field of the same name in another type can hide or
show a use). The "could not have filled" exemption follows static calls and
method names only: a filler reached through a stored function value is not
seen. A type with its own `Get` and `Put` methods wrapping a pool is treated
as a pool: its `Put` is not flagged. A field that every function setting it
sets back to nil before it returns only borrows a value (logrus's
`Entry.Buffer`) and needs no reset; fields kept empty by a convention spread
over several functions (json-iterator's `captured`, set by `startCapture` and
cleared by `stopCapture`), or logically emptied by a length counter (gojay's
`length`), are not recognised and are named.

## References
- sync.Pool: "Any item stored in the Pool may be removed automatically at any time without notification" and the `fmt` example of resetting before reuse (https://pkg.go.dev/sync#Pool)
- golang/go#23199: sync.Pool and variable-size buffers (https://github.com/golang/go/issues/23199)
- bytes.Buffer.Reset (https://pkg.go.dev/bytes#Buffer.Reset)
"""

from __future__ import annotations

import dataclasses

from tree_sitter import Node

from golint_mem.model.channels import loops_around
from golint_mem.model.outlives import captured_later
from golint_mem.model.pools import (
    BufferShape, buffer_fields, buffer_shape, fresh_value, is_pool_type, package_uses_sync,
    pool_gets, pool_identity,
)
from golint_mem.model.resets import (
    WHOLE, counts_before, covered, events_on, reset_on_get, slice_grown, unfilled_since_get,
    value_path,
)
from golint_mem.model.scope import enclosing_function, func_info_of, in_defer
from golint_mem.parse import text, unparen
from golint_mem.rule import Edit, Fix, Level, Rule

QUERY = """
(call_expression
  function: (selector_expression operand: (_) @pool field: (field_identifier) @method)
  arguments: (argument_list . (_) @value .)
  (#eq? @method "Put")) @put
"""


# -- the rule ------------------------------------------------------------------------

def _pointer_slice(pkg, struct: str, field: str) -> bool:
    """A slice of pointers: truncating keeps its elements reachable and may hide
    a free list whose entries the type releases or hands out elsewhere, so no
    `[:0]` is suggested for it."""
    info = pkg.types.get(struct)
    ft = pkg.resolve_named(info.fields.get(field)) if info is not None and info.is_struct else None
    e = pkg.resolve_named(ft.elem) if ft is not None and ft.kind == "slice" else None
    return e is not None and (e.kind == "pointer" or (e.kind == "named" and e.pkg == "unsafe"))


def _field_fix(pkg, shape: BufferShape, fx: str, f: str, kind: str, go121: bool) -> str:
    if kind == "slice":
        if _pointer_slice(pkg, shape.struct, f):
            return f"reset `{fx}` before Put or document why it is kept"
        return f"set `{fx} = {fx}[:0]` before Put"
    if kind == "map":
        how = f"clear({fx})" if go121 else f"for k := range {fx} {{ delete({fx}, k) }}"
        return f"`{how}` before Put"
    return f"call `{fx}.Reset()` before Put"


def _message(pkg, x: str, pool: str, shape: BufferShape, left: set, go121: bool) -> str:
    if shape.kind == "struct":
        names = [f for f in shape.fields if f in left]
        kinds = dict(zip(shape.fields, shape.field_kinds))
        shown = ", ".join(f"`{f}`" for f in names[:3]) + (" ..." if len(names) > 3 else "")
        if len(names) == 1:
            fix = _field_fix(pkg, shape, f"{x}.{names[0]}", names[0], kinds[names[0]], go121)
        elif any(kinds[f] == "slice" and _pointer_slice(pkg, shape.struct, f) for f in names):
            fix = "reset them before Put or document why they are kept"
        else:
            fix = f"reset them before Put or zero it with `*{x} = {shape.struct}{{}}`"
        return (f"`{x}` goes back to pool `{pool}` with {shown} not reset: the next Get sees "
                f"stale data; {fix}")
    if shape.kind == "slice":
        fix = f"put `{x}[:0]`"
    elif shape.kind == "slice-pointer":
        fix = f"set `*{x} = (*{x})[:0]` before Put"
    else:
        fix = f"call `{x}.Reset()` before Put"
    return f"`{x}` goes back to pool `{pool}` unreset: the next Get sees stale data; {fix}"


def _fix(put: Node, x: str, shape: BufferShape, left: set, pkg) -> Fix | None:
    """Insert the reset on its own line right before `P.Put(x)` (a plain
    statement, alone on its line). Safe for a whole slice or buffer; for struct
    fields it is offered as unsafe (a field may be kept on purpose), and never
    for a slice of pointers."""
    stmt = put.parent
    if stmt is None or stmt.type != "expression_statement" or stmt.parent is None \
            or stmt.parent.type not in ("statement_list", "block"):
        return None
    root = stmt
    while root.parent is not None:
        root = root.parent
    data = root.text
    line_start = data.rfind(b"\n", 0, stmt.start_byte) + 1
    indent = data[line_start:stmt.start_byte]
    if indent.strip():
        return None
    ind = indent.decode("utf-8")
    if shape.kind == "buffer":
        lines, title, safe = [f"{x}.Reset()"], f"call `{x}.Reset()` before Put", True
    elif shape.kind == "slice":
        lines, title, safe = [f"{x} = {x}[:0]"], f"truncate `{x}` before Put", True
    elif shape.kind == "slice-pointer":
        lines, title, safe = [f"*{x} = (*{x})[:0]"], f"truncate `*{x}` before Put", True
    else:
        kinds = dict(zip(shape.fields, shape.field_kinds))
        lines = []
        for f in (f for f in shape.fields if f in left):
            fx = f"{x}.{f}"
            if kinds[f] == "slice":
                if _pointer_slice(pkg, shape.struct, f):
                    return None
                lines.append(f"{fx} = {fx}[:0]")
            elif kinds[f] == "map":
                lines += [f"for k := range {fx} {{", f"\tdelete({fx}, k)", "}"]
            else:
                lines.append(f"{fx}.Reset()")
        title, safe = f"reset the fields of `{x}` before Put", False
    text_ = "".join(f"{ind}{ln}\n" for ln in lines)
    return Fix(title=title, edits=(Edit(line_start, line_start, text_),), safe=safe)


def _pool_wrapper(pkg, scope, put: Node, target: tuple) -> bool:
    """`func (p *myPool) Put(x *T) { p.pool.Put(x) }` on a type that also has a
    Get: a pool of its own, whose callers own the reset (as with sync.Pool)."""
    fn = scope.owner_of(put)
    if fn is None or fn.type != "method_declaration" or target[1]:
        return False
    if text(fn.child_by_field_name("name")) not in ("Put", "put"):
        return False
    d = target[0]
    if d.kind != "param" or d.owner != fn:
        return False
    info = func_info_of(pkg, fn)
    return info is not None and info.recv_type is not None and any(
        pkg.method(info.recv_type, g) is not None for g in ("Get", "get"))


def check(ctx, caps) -> None:
    pkg = ctx.package
    if not package_uses_sync(pkg):
        return
    put, pool, value = caps["put"][0], caps["pool"][0], caps["value"][0]
    scope, types = ctx.scope(put), ctx.types(put)
    # P.Put(x): P a sync.Pool, x a variable or field path (not a fresh value or x[:0])
    if not is_pool_type(types.type_of(pool)):
        return
    v = unparen(value)
    if v is None or fresh_value(v):
        return
    target = value_path(scope, v)
    if target is None:
        return
    # what in x needs a reset
    shape = buffer_shape(pkg, types.type_of(v))
    if shape is None or _pool_wrapper(pkg, scope, put, target):
        return
    needs = buffer_fields(pkg, shape) if shape.kind == "struct" else WHOLE
    if not needs:
        return
    # resets before the Put, here or in same-package helpers called with x
    counts = counts_before(put, scope)
    left = set(needs) - covered(pkg, [e for e in events_on(pkg, scope, target[0]) if counts(e)],
                                target, needs)
    if not left:
        return
    ident = pool_identity(scope, types, pool)
    sites = pool_gets(pkg, ident) if ident is not None else None
    if shape.kind in ("slice", "slice-pointer") and not slice_grown(pkg, scope, target, sites):
        return
    # resets right after every Get of the same pool
    if sites:
        on_get = set(needs)
        for site in sites:
            on_get &= reset_on_get(pkg, site, needs, shape.struct)
            if not on_get:
                break
        left -= on_get
    if left and shape.kind == "struct":
        left -= unfilled_since_get(pkg, put, scope, target, sites, left)
    if left:
        x = text(value)
        fix = _fix(put, x, shape, left, pkg) if value.type in ("identifier", "selector_expression") else None
        fix = _checked(ctx, put, value, _fully_reset(pkg, shape, left, x, fix))
        ctx.report(put, _message(pkg, x, text(pool), shape, left, pkg.go_version_at_least(1, 21)),
                   fix=fix)


RULE = Rule(
    id="MEM002",
    name="pool-put-without-reset",
    summary="value put back into a sync.Pool without resetting its buffers",
    level=Level.WARNING,
    tags=("memory", "sync-pool", "correctness"),
    precision="medium",
    default=True,
    query=QUERY,
    check=check,
)


# -- when the reset is safe ---------------------------------------------------------


def _fully_reset(pkg, shape: BufferShape, left: set, x: str, fix: Fix | None) -> Fix | None:
    """No struct fix unless each field it resets is a value the reset fully empties:
    a pointer field (`*[]T`, `*bytes.Buffer`) may be nil or shared, and the fix's
    `for k := range` must not shadow a name in ``x``."""
    if fix is None or shape.kind != "struct":
        return fix
    info = pkg.types.get(shape.struct)
    if info is None or any(info.fields.get(f) is None or info.fields[f].kind == "pointer" for f in left):
        return None
    if "k" in x.replace(".", " ").split():
        return None
    return fix


def _checked(ctx, put: Node, value: Node, fix: Fix | None) -> Fix | None:
    """A whole-value reset (`b.Reset()`, `buf = buf[:0]`, `*bp = (*bp)[:0]`) changes
    only what is read of the value after its `Put`, which is a use after release:
    safe when the value is a local that nothing reads after the `Put` (not even in
    the next round of a loop it was declared outside); otherwise offered as unsafe."""
    if fix is None or not fix.safe:
        return fix
    d = ctx.scope(put).decl_of(value) if value.type == "identifier" else None
    if d is None or not d.is_local:
        return dataclasses.replace(fix, safe=False)
    loops = loops_around(put, enclosing_function(put))
    outer = loops[-1] if loops and d.node is not None and not (
        loops[-1].start_byte <= d.node.start_byte < loops[-1].end_byte) else None
    for use in ctx.flow(put).uses(d):
        if use.start_byte >= put.end_byte or (outer is not None and use.start_byte >= outer.start_byte
                                              and use.start_byte < put.start_byte) \
                or captured_later(use, d.owner) is not None or in_defer(use, d.owner):
            return dataclasses.replace(fix, safe=False)  # may be read after the Put
    return fix
