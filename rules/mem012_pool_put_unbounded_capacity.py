"""Buffer put back into a sync.Pool with its capacity and no size guard.

## What it does
Flags `P.Put(x)` on a `sync.Pool` when `x` is a buffer-bearing value (as in
MEM002: a slice that is appended to, a `*[]T`, a `*bytes.Buffer` or
`*strings.Builder`, or a pointer to a same-package struct whose slice, map
or buffer fields the package fills) that still holds its capacity, and no
size check guards the `Put`. A guard is an `if` whose condition (or
initializer) checks `cap(...)`, `len(...)`, `.Cap()` or `.Len()` of `x` or
one of its fields, and that either wraps the `Put`
(`if b.Cap() <= maxPooled { pool.Put(b) }`) or leaves before it
(`if cap(p.buf) > 64<<10 { return }`, as `fmt` does). Capacity is released
when, before the `Put`, every buffer field is set to `nil`, a zero value
(`*x = T{}`), or a fresh `make(...)`, or is reset by
`strings.Builder.Reset`, directly or in a same-package helper or
`Reset`/`Clear` method whose body does so. `x = x[:0]`, `Put(x[:0])`,
`clear(m)` and `bytes.Buffer.Reset` keep the capacity. The message names the
value and the fields that keep it.

## Why is this bad?
A pool keeps whatever it is given. One request with a 50 MB body grows a
pooled buffer to 50 MB; every later user gets that buffer back, the pool
never shrinks it, and since pooled objects survive a GC cycle in the victim
cache, the memory stays pinned for as long as the process keeps using the
pool (golang/go#23199). `fmt` and `encoding/json` drop buffers above a
limit instead of pooling them.

## Example
```go
package example

import (
	"bytes"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func Render(parts []string) string {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	for _, p := range parts {
		b.WriteString(p)
	}
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

const maxPooled = 64 << 10

func Render(parts []string) string {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	for _, p := range parts {
		b.WriteString(p)
	}
	s := b.String()
	if b.Cap() <= maxPooled {
		bufPool.Put(b)
	}
	return s
}
```

Fix: none is offered: the capacity limit is a choice about the workload (`fmt` uses 64 KiB).

## Known problems
Off by default: many pools hold buffers whose size the program bounds by
other means (a fixed frame size, a limited reader) that no local check
shows; enable it for services that handle untrusted input sizes. Any size
check on the value counts as a guard, whatever it compares with, and a
guard must name the pooled variable itself (a check on a copy of it, or in
the caller of a release helper, is not seen). Types come from the source
alone: a value whose type is not resolved is not checked.

## References
- golang/go#23199: sync.Pool and variable-size buffers (https://github.com/golang/go/issues/23199)
- fmt's 64 KiB limit in `(*pp).free` (https://cs.opensource.google/go/go/+/refs/tags/go1.21.0:src/fmt/print.go)
- sync.Pool (https://pkg.go.dev/sync#Pool)
"""

from __future__ import annotations

from golint_mem.model.pools import (
    buffer_fields, buffer_shape, capacity_guarded, fresh_value, is_pool_type, package_uses_sync,
    pool_gets, pool_identity, zero_slice,
)
from golint_mem.model.resets import WHOLE, counts_before, events_on, released, slice_grown, value_path
from golint_mem.parse import text, unparen
from golint_mem.rule import Level, Rule

QUERY = """
(call_expression
  function: (selector_expression operand: (_) @pool field: (field_identifier) @method)
  arguments: (argument_list . (_) @value .)
  (#eq? @method "Put")) @put
"""


def _builders(pkg, shape) -> frozenset:
    """The needs whose `Reset` drops the storage: strings.Builder values."""
    def builder(t):
        return t is not None and (t.is_named("strings", "Builder") or t.is_pointer_to("strings", "Builder"))
    if shape.kind == "buffer":
        return WHOLE if builder(shape.type) else frozenset()
    if shape.kind != "struct":
        return frozenset()
    info = pkg.types.get(shape.struct)
    return frozenset(f for f in shape.fields if builder(info.fields.get(f)))


def check(ctx, caps) -> None:
    pkg = ctx.package
    if not package_uses_sync(pkg):
        return
    put, pool, value = caps["put"][0], caps["pool"][0], caps["value"][0]
    scope, types = ctx.scope(put), ctx.types(put)
    if not is_pool_type(types.type_of(pool)):
        return
    v = unparen(value)
    if v is not None and zero_slice(v):
        v = unparen(v.child_by_field_name("operand"))  # `Put(buf[:0])` keeps the capacity
    if v is None or fresh_value(v):
        return
    target = value_path(scope, v)
    shape = buffer_shape(pkg, types.type_of(v)) if target is not None else None
    if shape is None:
        return
    needs = buffer_fields(pkg, shape, truncated=True) if shape.kind == "struct" else WHOLE
    if not needs:
        return
    if shape.kind in ("slice", "slice-pointer"):
        ident = pool_identity(scope, types, pool)
        sites = pool_gets(pkg, ident) if ident is not None else None
        if not slice_grown(pkg, scope, target, sites):
            return  # fixed-length scratch: it cannot grow
    counts = counts_before(put, scope)
    before = [e for e in events_on(pkg, scope, target[0]) if counts(e)]
    left = set(needs) - released(pkg, before, target, needs, _builders(pkg, shape))
    if not left or capacity_guarded(put, scope, target[0]):
        return
    x = text(v)
    if shape.kind == "struct":
        names = [f for f in shape.fields if f in left]
        held = ", ".join(f"`{f}`" for f in names[:3]) + (" ..." if len(names) > 3 else "")
        what = f"`{x}` (fields {held})"
        kind = shape.field_kinds[shape.fields.index(names[0])]
        fx = f"{x}.{names[0]}"
        size = {"slice": f"`cap({fx})`", "map": f"`len({fx})`"}.get(kind, f"`{fx}.Cap()`")
    else:
        what = f"`{x}`"
        size = f"`{x}.Cap()`" if shape.kind == "buffer" else (
            f"`cap(*{x})`" if shape.kind == "slice-pointer" else f"`cap({x})`")
    ctx.report(put, f"{what} goes back to pool `{text(pool)}` keeping its capacity, unguarded: "
                    f"one huge use pins that memory; skip the Put when {size} is over a limit "
                    f"(fmt: 64 KiB)")


RULE = Rule(
    id="MEM012",
    name="pool-put-unbounded-capacity",
    summary="buffer put back into a sync.Pool with unbounded capacity and no size guard",
    level=Level.WARNING,
    tags=("memory", "sync-pool"),
    precision="medium",
    default=False,
    query=QUERY,
    check=check,
)
