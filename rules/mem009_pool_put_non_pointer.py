"""Non-pointer value put into a sync.Pool: every Put allocates.

## What it does
Flags `P.Put(x)` on a `sync.Pool` (a package variable, local, parameter or
struct field of type `sync.Pool` or `*sync.Pool`) when `x` has a resolved
type that is not pointer-shaped: a slice (also `buf[:0]`, `make([]T, ...)`, a
slice literal), a string, a number or boolean, an array, or a struct value.
This is staticcheck's SA6002. Pointers, maps, channels, functions,
interfaces and `unsafe.Pointer` fit in an interface word and are never
flagged. The message names the value and the pointer type to pool instead.

## Why is this bad?
`Put` takes an `any`. A value that is not pointer-shaped is copied to the
heap to be boxed into that interface, so every `Put` allocates, usually
more than the pool was meant to save (a slice header costs 24 bytes on
each round trip). Pool a pointer instead: `*[]byte` for byte slices
(`bufPool.Put(&buf)`, with `New` returning a `*[]byte`), `*T` for structs.

## Example
```go
package example

import "sync"

var bufPool = sync.Pool{New: func() any { return make([]byte, 0, 4096) }}

func Frame(payload []byte) []byte {
	buf := bufPool.Get().([]byte)[:0]
	buf = append(buf, byte(len(payload)))
	buf = append(buf, payload...)
	out := append([]byte(nil), buf...)
	bufPool.Put(buf)
	return out
}
```

## Use instead
```go
package example

import "sync"

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

func Frame(payload []byte) []byte {
	bp := bufPool.Get().(*[]byte)
	buf := append((*bp)[:0], byte(len(payload)))
	buf = append(buf, payload...)
	out := append([]byte(nil), buf...)
	*bp = buf
	bufPool.Put(bp)
	return out
}
```

## Known problems
Types come from the source alone, so this rule deliberately reports a subset
of SA6002 (every MEM009 finding is an SA6002 finding, checked against
staticcheck 2023.1 on the corpus). It flags what it can resolve: a declared
variable, parameter, field or result, `make`, a composite literal, a basic
literal, or a slice expression of those, and the standard library value
types `bytes.Buffer`, `strings.Builder`, `time.Time`, `time.Duration` and
`sync.WaitGroup`. Not flagged where staticcheck is: a value of a named type
from another package (`netip.Addr`), a value whose type comes from another
package's function, `Put(nil)`, a type parameter, and a `Put` promoted from a
`sync.Pool` embedded in a struct (`type bufPool struct{ sync.Pool }`). A Put
whose line (or the line above) already waives SA6002 for staticcheck
(`//lint:ignore SA6002 reason`, `//nolint:staticcheck`, golangci's spaced
`// nolint: staticcheck`) is not reported: the author has ruled on it.

## References
- staticcheck SA6002: storing non-pointer values in sync.Pool allocates memory (https://staticcheck.dev/docs/checks/#SA6002)
- sync.Pool (https://pkg.go.dev/sync#Pool)
- golang/go#16323 and the `*[]byte` pattern (https://github.com/golang/go/issues/16323)
"""

from __future__ import annotations

import re

from golint_mem.model.pools import boxed_kind, is_pool_type, package_uses_sync
from golint_mem.parse import text, unparen
from golint_mem.rule import Level, Rule

QUERY = """
(call_expression
  function: (selector_expression operand: (_) @pool field: (field_identifier) @method)
  arguments: (argument_list . (_) @value .)
  (#eq? @method "Put")) @put
"""

#: the author already ruled on SA6002 for this line
_STATICCHECK_WAIVER = re.compile(rb"//\s*(?:lint:ignore\s+\S*SA6002|nolint\s*:\s*[\w,\s-]*staticcheck)")


def _waived(put) -> bool:
    """`//lint:ignore SA6002 ...` or a nolint naming staticcheck (also golangci's
    spaced `// nolint: staticcheck`) on the Put's line or the line above."""
    root = put
    while root.parent is not None:
        root = root.parent
    lines = root.text.split(b"\n")
    row = put.start_point[0]
    return any(_STATICCHECK_WAIVER.search(lines[r]) for r in (row - 1, row) if 0 <= r < len(lines))


def check(ctx, caps) -> None:
    pkg = ctx.package
    if not package_uses_sync(pkg):
        return
    put, pool, value = caps["put"][0], caps["pool"][0], caps["value"][0]
    types = ctx.types(put)
    if not is_pool_type(types.type_of(pool)):
        return
    v = unparen(value)
    if v is None:
        return
    t = types.type_of(v)
    kind = boxed_kind(pkg, t)
    if kind is None or _waived(put):
        return
    x = text(v) if len(text(v)) <= 40 else text(v)[:37] + "..."
    how = f" (Put `&{x}`, New returns one)" if kind == "slice" and v.type == "identifier" else ""
    ctx.report(put, f"`{x}` ({t}) allocates on every Put to pool `{text(pool)}`: a non-pointer "
                    f"value is copied to the heap to fit in `any`; pool a `*{t}` instead{how}")


RULE = Rule(
    id="MEM009",
    name="pool-put-non-pointer",
    summary="non-pointer value put into a sync.Pool allocates on every Put (SA6002)",
    level=Level.WARNING,
    tags=("memory", "sync-pool", "performance"),
    precision="high",
    default=True,
    query=QUERY,
    check=check,
)
