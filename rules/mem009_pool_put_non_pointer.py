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
Fix: offered only when the change stays inside one function: the pool is a
local made there (`p := sync.Pool{New: func() any { return make([]T, n) }}`),
got once (`x := p.Get().([]T)...`), and every other use of it is a `Put`
after that Get. `New` then returns `&b`, the Get keeps the pointer
(`xp := p.Get().(*[]T)`, `x := *xp`) and each Put becomes `*xp = v` and
`p.Put(xp)`. A pool used in several functions (a package variable) gets no
fix: change its `New`, every `Get` and every `Put` together, as above.

## Known problems
Test code (`_test.go`, helpers importing `testing`) is not checked: a benchmark
may measure exactly this allocation (staticcheck's SA6002 reports it).
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

from golint_mem.edits import alone_on_its_lines, indentation
from golint_mem.model.pools import boxed_kind, is_pool_type, package_uses_sync
from golint_mem.parse import captures, query, text, unparen
from golint_mem.rule import Edit, Fix, Level, Rule

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
    if ctx.file.test_only or not package_uses_sync(pkg):
        return  # a test binary ends with its tests; a benchmark may measure exactly this cost
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
                    f"value is copied to the heap to fit in `any`; pool a `*{t}` instead{how}",
               fix=_pointer_fix(ctx, put, pool) if kind == "slice" else None)


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


# -- the fix ------------------------------------------------------------------------

def _pointer_fix(ctx, put, pool) -> Fix | None:
    """Pool a `*[]T` instead of a `[]T` when the whole change stays inside one
    function: the pool is a local made there with a `New` that returns the slice,
    it is got once (`x := P.Get().([]T)...`) and every use of it is that Get or a
    `P.Put(v)` after it. Then `New` returns `&b`, the Get keeps the pointer
    (`xp := P.Get().(*[]T)`, `x := *xp`) and each Put stores into it
    (`*xp = v; P.Put(xp)`): the same slices travel, without the boxing."""
    src = ctx.file.source
    scope = ctx.scope(put)
    if pool.type != "identifier":
        return None
    d = scope.decl_of(pool)
    if d is None or not d.is_local or d.kind != "var" or d.value is None:
        return None
    ret = _new_return(d.value)
    if ret is None:
        return None
    gets, puts = [], []
    for use in ctx.flow(put).uses(d):
        sel = use.parent
        call = sel.parent if sel is not None and sel.type == "selector_expression" else None
        if call is None or call.type != "call_expression" or call.child_by_field_name("function") != sel:
            return None
        method = text(sel.child_by_field_name("field"))
        if method == "Get":
            gets.append(call)
        elif method == "Put":
            puts.append(call)
        else:
            return None
    if len(gets) != 1 or not puts or put != min(puts, key=lambda c: c.start_byte):
        return None  # one fix, offered on the first Put, changes every Put
    got = _get_statement(src, gets[0])
    if got is None:
        return None
    stmt, x, assertion, elem = got
    names = query("[(identifier) (type_identifier) (package_identifier)] @id")
    used = {text(i) for i in captures(names, scope.root).get("id", [])}  # nothing to shadow
    xp = next((n for n in (f"{x}p", f"{x}Ptr") if n not in used), None)
    nb = next((n for n in ("b", "s", "buf") if n not in used), None)
    if xp is None or nb is None:
        return None
    edits = [_new_edit(src, ret, nb)]
    value = unparen(stmt.child_by_field_name("right").named_children[0])
    deref = f"*{xp}" if assertion == value else f"(*{xp})"
    rest = src[value.start_byte:assertion.start_byte].decode() + deref + \
        src[assertion.end_byte:value.end_byte].decode()
    ind = indentation(src, stmt)
    edits.append(Edit(stmt.start_byte, stmt.end_byte,
                      f"{xp} := {text(pool)}.Get().(*{elem})\n{ind}{x} := {rest}"))
    for p in puts:
        ps = p.parent
        if ps is None or ps.type != "expression_statement" or ps.parent is None \
                or ps.parent.type != "statement_list" or not alone_on_its_lines(src, ps) \
                or not (stmt.end_byte < p.start_byte < stmt.parent.end_byte):
            return None  # a deferred Put, or one that cannot see `xp`
        v = p.child_by_field_name("arguments").named_children[0]
        edits.append(Edit(ps.start_byte, ps.end_byte,
                          f"*{xp} = {text(v)}\n{indentation(src, ps)}{text(pool)}.Put({xp})"))
    return Fix(f"pool `*{elem}` instead of `{elem}`", tuple(edits))


def _new_return(value):
    """The `return E` that is the whole body of the pool literal's `New` func."""
    v = unparen(value)
    if v.type == "unary_expression" and text(v.child_by_field_name("operator")) == "&":
        v = unparen(v.child_by_field_name("operand"))
    if v.type != "composite_literal" or text(v.child_by_field_name("type")) not in ("sync.Pool",):
        return None
    for el in v.child_by_field_name("body").named_children:
        if el.type != "keyed_element" or text(el.named_children[0]) != "New":
            continue
        fn = unparen(el.named_children[1].named_children[0]) if el.named_children[1].named_children else None
        body = fn.child_by_field_name("body") if fn is not None and fn.type == "func_literal" else None
        stmts = [s for s in _statements(body) if s.type != "comment"] if body is not None else []
        if len(stmts) == 1 and stmts[0].type == "return_statement" and stmts[0].named_child_count == 1 \
                and stmts[0].named_children[0].named_child_count == 1:
            return stmts[0]
    return None


def _statements(block):
    out = []
    for c in block.named_children:
        out.extend(c.named_children if c.type == "statement_list" else [c])
    return out


def _new_edit(src: bytes, ret, name: str) -> Edit:
    value = text(ret.named_children[0])
    block = ret.parent.parent if ret.parent.type == "statement_list" else ret.parent
    sep = "; " if block.start_point[0] == block.end_point[0] else "\n" + indentation(src, ret)
    return Edit(ret.start_byte, ret.end_byte, f"{name} := {value}{sep}return &{name}")


def _get_statement(src: bytes, get):
    """`x := P.Get().([]T)...` alone on its lines in a block: (statement, x, the
    assertion, `[]T`)."""
    assertion = get.parent
    while assertion is not None and assertion.type == "parenthesized_expression":
        assertion = assertion.parent
    if assertion is None or assertion.type != "type_assertion_expression":
        return None
    typ = assertion.child_by_field_name("type")
    if typ is None or typ.type != "slice_type":
        return None
    n = assertion
    while n.parent is not None and n.parent.type in ("slice_expression", "parenthesized_expression") \
            and n.parent.named_children[0] == n:
        n = n.parent
    lst = n.parent
    stmt = lst.parent if lst is not None and lst.type == "expression_list" else None
    if stmt is None or stmt.type != "short_var_declaration" or lst.named_child_count != 1 \
            or stmt.child_by_field_name("right") != lst or stmt.parent is None \
            or stmt.parent.type != "statement_list" or not alone_on_its_lines(src, stmt):
        return None
    left = stmt.child_by_field_name("left").named_children
    if len(left) != 1 or left[0].type != "identifier" or text(left[0]) == "_":
        return None
    return stmt, text(left[0]), assertion, text(typ)
