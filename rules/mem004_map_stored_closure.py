"""Closure stored in a long-lived map keeps what it captures reachable.

## What it does
Flags a closure stored in a long-lived map when the package never removes
anything from that map. The closure is a function literal that uses a
variable of an enclosing function, or a method value `v.m`, which binds `v`.
The store is `M[k] = F` or `M.Store(k, F)` on a `sync.Map`, where the key
`k` is not a constant. `M` is long-lived when it is a package variable, a
struct field, or a local map that is returned or stored in one of those. A
field of a struct built in the same function that never leaves it is
treated like a local map that does not escape.

A store under a constant key (a literal such as `"/healthz"` or `'&'`, a
named constant, typed or from an `iota` block, a constant expression such
as `prefix+"host"`, or a qualified name such as `http.MethodGet`) overwrites
one slot each time it runs, so the map cannot grow past the constants in
the code. A map composite literal (`map[string]func(){"a": ...}`) is a
table of fixed size. Neither is a store this rule looks at: route tables,
logger tag tables and configuration maps built this way are fine.

The package has a cleanup path for `M` when any of its files has
`delete(M, k)`, `clear(M)`, `M.Delete(k)`/`M.LoadAndDelete(k)` (sync.Map),
or a reassignment `M = ...`, also through a local alias
(`m := s.handlers; delete(m, k)`) or a same-package function that cleans
its parameter (`resetHooks(&hooks)`, `dropAll(s.handlers)`). For a field,
the same field of the same struct type counts. Then there is no finding. A
function that binds only the map's owner (`s.handlers[k] = s.handle`),
package-level names, or its own key variable
(`cmds[name] = func() { run(name) }`: the map holds `name` as its key
anyway) keeps nothing new alive and is not flagged either, unless that key
is a loop variable shared before Go 1.22.

If a captured variable is a `for`/`range` loop variable, or a method value
with a pointer receiver binds a loop variable's address, and the module's Go
version is below 1.22 (or unknown), the finding is an error: every closure
shares the loop's last value.

## Why is this bad?
Maps never shrink by themselves. Each stored closure keeps every variable it
captures reachable: request payloads, buffers, connections, and the whole
object behind a method value's receiver. None of it can be collected while
the map lives, so memory grows with every key ever stored. Before Go 1.22
a closure that captures a loop variable also sees only the loop's last value.

## Example
```go
package example

var hooks = map[string]func(){}

type payload struct{ data []byte }

func use(p *payload) { _ = len(p.data) }

func Register(name string, p *payload) {
	hooks[name] = func() { use(p) }
}
```

## Use instead
```go
package example

var hooks = map[string]func(){}

type payload struct{ data []byte }

func use(p *payload) { _ = len(p.data) }

func Register(name string, p *payload) {
	hooks[name] = func() { use(p) }
}

func Unregister(name string) {
	delete(hooks, name)
}
```
Give every entry a removal path, such as `delete`, `clear`, `Delete` or
replacing the map. Or store only the small values the function needs. Copy
a loop variable first (`v := v`), or require Go 1.22, so each closure gets
its own copy.

Fix: none is offered: when an entry may be deleted depends on the map's lifecycle.

## Known problems
A qualified name used as a key is taken for another package's constant; a
package variable of another package used as a key is missed.
Cleanup is looked up by name across the package and is not flow-sensitive.
A `delete` that runs only on one path, or on a local variable that shadows
the map's name, still counts as a cleanup path. A closure stored through a
variable (`fn := func() {...}; M[k] = fn`), appended to a slice in the map
(`M[k] = append(M[k], F)`), passed to a registration helper, or stored in a
map of another package is not seen. A method value on a value of an
unresolved type counts as a method value. It might be a func-typed field of
another package's struct.

## References
- Go FAQ, "What happens with closures running as goroutines?" (https://go.dev/doc/faq#closures_and_goroutines)
- Go 1.22 release notes, per-iteration loop variables (https://go.dev/doc/go1.22#language)
- Go blog, "Fixing For Loops in Go 1.22" (https://go.dev/blog/loopvar-preview)
- Go spec, Method values (https://go.dev/ref/spec#Method_values)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from golint_mem.model.maps import constant_key, map_cleanups, map_kind, type_key
from golint_mem.model.package import NeedsWholeTree
from golint_mem.model.infer import literal_slot
from golint_mem.model.scope import Decl, enclosing_function
from golint_mem.model.types import GoType
from golint_mem.parse import outer_value, text, unparen
from golint_mem.rule import Level, Rule

# F forms: a function literal, a selector (method value), or a conversion of a
# function literal to a named func type: `HandlerFunc(func(...) {...})`.
# Map composite literals are fixed tables and never sinks: no pattern for them.
QUERY = """
(assignment_statement
  left: (expression_list (index_expression operand: [(identifier) (selector_expression)]))
  right: (expression_list
    [(func_literal)
     (selector_expression operand: [(identifier) (selector_expression)])
     (parenthesized_expression)
     (call_expression function: (identifier) arguments: (argument_list . (func_literal) .))]))
  @mem004.assign
(call_expression
  function: (selector_expression operand: [(identifier) (selector_expression)]
                                 field: (field_identifier) @mem004.method)
  arguments: (argument_list
    . (_) @mem004.key
    . [(func_literal) (selector_expression) (parenthesized_expression)
       (call_expression function: (identifier) arguments: (argument_list . (func_literal) .))]
      @mem004.value .)
  (#eq? @mem004.method "Store")) @mem004.store
"""


@dataclass
class Target:
    """A long-lived map `M` and what makes it long-lived."""

    display: str  # M as written: `hooks`, `s.routes`
    what: str  # "package variable", "field Server.routes", "local map ..., returned by f"
    #: cleanup keys: ("var", name) or ("field", type key, field name)
    keys: list = field(default_factory=list)
    #: the variable that owns M (`s` of `s.routes`, the local map itself)
    root: Decl | None = None
    sync: bool = False


def _root_ident(n):
    n = unparen(n)
    while n is not None and n.type == "selector_expression":
        n = unparen(n.child_by_field_name("operand"))
    return n if n is not None and n.type == "identifier" else None


# -- which maps are long-lived ---------------------------------------------------------

def _type_name(t: GoType | None) -> str:
    return str(t.named_or_pointee()) if t is not None else "?"


def _fresh(d: Decl | None) -> bool:
    """A local holding a struct built right here: `T{}`, `&T{}`, `new(T)`, `var t T`."""
    if d is None or d.kind != "var":
        return False
    v = unparen(d.value)
    if v is None:
        return d.type_node is not None and d.type_node.type == "type_identifier"
    if v.type == "unary_expression" and text(v.child_by_field_name("operator")) == "&":
        v = unparen(v.child_by_field_name("operand"))
    if v.type == "composite_literal":
        return True
    return v.type == "call_expression" and text(v.child_by_field_name("function")) == "new"


def _field_target(types, flow, sel, want, seen: set | None = None) -> Target | None:
    """`x.f` as a map: a struct field whose resolved type is a map (or sync.Map).
    None for a field of a struct built in this function that never leaves it."""
    operand = unparen(sel.child_by_field_name("operand"))
    fname = text(sel.child_by_field_name("field"))
    root = _root_ident(operand)
    if root is not None:
        d = types.scope.decl_of(root)
        if d is not None and d.kind == "import" and root == operand:
            return None  # another package's variable: its type is not in this source
        if _fresh(d) and not _destinations(types, flow, d, set() if seen is None else seen):
            return None  # like a local map that does not escape
    owner = types.type_of(operand)
    ft = types.field_type(owner, fname)
    if want and map_kind(types.pkg, ft) != want:
        return None
    return Target(
        display=text(sel),
        what=f"field {_type_name(owner)}.{fname}",
        keys=[("field", type_key(owner), fname)],
        root=types.scope.decl_of(root) if root is not None else None,
        sync=want == "sync",
    )


def _target(types, flow, expr, want) -> Target | None:
    """M as a long-lived map of kind ``want`` ("map" or "sync"); None when it is not one."""
    expr = unparen(expr)
    pkg = types.pkg
    if expr is None:
        return None
    if expr.type == "selector_expression":
        return _field_target(types, flow, expr, want)
    if expr.type != "identifier":
        return None
    d = types.scope.decl_of(expr)
    if d is None or d.kind not in ("pkgvar", "var"):
        return None
    if map_kind(pkg, types.decl_type(d)) != want:
        return None
    if d.kind == "pkgvar":
        return Target(d.name, "package variable", [("var", d.name)], d, want == "sync")
    dests = _destinations(types, flow, d, set())
    if not dests:
        return None  # a local map that does not escape is never flagged
    what = f"local map, {dests[0][0]}"
    keys = [("var", d.name)] + [k for _, ks in dests for k in ks]
    return Target(d.name, what, keys, d, want == "sync")


def _func_name(owner) -> str:
    if owner is not None and owner.type in ("function_declaration", "method_declaration"):
        return text(owner.child_by_field_name("name"))
    return "its function"


def _destinations(types, flow, d: Decl, seen: set) -> list[tuple[str, list]]:
    """Where a local map goes that outlives its function: returned, or stored
    into a package variable or a struct field (also through local aliases)."""
    if d in seen or len(seen) > 8:
        return []
    seen.add(d)
    scope = types.scope
    out: list[tuple[str, list]] = []
    for use in flow.uses(d):
        n = outer_value(use, address=True)
        p = n.parent
        if p is None:
            continue
        gp = p.parent
        if p.type == "expression_list" and gp is not None and gp.type == "return_statement":
            if scope.owner_of(gp) == d.owner:
                out.append((f"returned by {_func_name(d.owner)}", []))
        elif p.type == "literal_element":
            dest = _struct_field_of(types, p)
            if dest is not None:
                out.append(dest)
        elif p.type == "expression_list" and gp is not None and gp.child_by_field_name("right") == p \
                and gp.type in ("assignment_statement", "short_var_declaration"):
            rhs = p.named_children
            lhs = gp.child_by_field_name("left").named_children
            if len(lhs) != len(rhs) or n not in rhs:
                continue
            out.extend(_lhs_destinations(types, flow, lhs[rhs.index(n)], seen))
        elif p.type == "expression_list" and gp is not None and gp.type == "var_spec" \
                and gp.child_by_field_name("value") == p:
            rhs = p.named_children
            names = gp.children_by_field_name("name")
            if len(names) == len(rhs) and n in rhs:
                out.extend(_lhs_destinations(types, flow, names[rhs.index(n)], seen))
    return out


def _lhs_destinations(types, flow, lhs, seen) -> list[tuple[str, list]]:
    lhs = unparen(lhs)
    scope = types.scope
    if lhs.type == "identifier":
        d = scope.decl_of(lhs)
        if d is None:
            return []
        if d.kind == "pkgvar":
            return [(f"stored in package variable {d.name}", [("var", d.name)])]
        if d.kind == "var":
            return _destinations(types, flow, d, seen)
        return []
    if lhs.type == "selector_expression":
        t = _field_target(types, flow, lhs, "", seen)
        if t is None:
            return []
        return [(f"stored in {t.what}", t.keys)]
    if lhs.type == "index_expression":
        outer = unparen(lhs.child_by_field_name("operand"))
        if outer is not None and outer.type == "identifier":
            d = scope.decl_of(outer)
            if d is not None and d.kind == "pkgvar":
                return [(f"stored in package variable {d.name}", [("var", d.name)])]
        elif outer is not None and outer.type == "selector_expression":
            t = _field_target(types, flow, outer, "", seen)
            if t is not None:
                return [(f"stored in {t.what}", t.keys)]
    return []


def _struct_field_of(types, element) -> tuple[str, list] | None:
    """The struct field a composite literal's `Field: value` element stores into."""
    slot = literal_slot(element)
    if slot is None or slot.key is None:
        return None
    key = slot.key.named_children[0] if slot.key.type == "literal_element" \
        and slot.key.named_children else slot.key
    if key.type not in ("identifier", "field_identifier"):
        return None
    t = types.literal_type(slot.literal_value)
    resolved = types.pkg.resolve_named(t)
    if t is None or t.kind != "named" or (resolved is not None and resolved.kind == "map"):
        return None
    fname = text(key)
    return (f"stored in field {_type_name(t)}.{fname}", [("field", type_key(t), fname)])


# -- what the stored function binds ------------------------------------------------------

@dataclass
class Bound:
    kind: str  # "closure" | "method"
    decls: list  # the captured / bound variables
    loop: list  # those that are shared loop variables
    what: str  # `w.Run`, or "closure"
    label: str = ""  # what it holds, for the message: `p` and `q`, `srv.Handler`


def _bound(types, flow, f, target: Target, elem: GoType | None) -> Bound | None:
    f = unparen(f)
    pkg = types.pkg
    if f is None:
        return None
    if f.type == "call_expression":
        # a conversion to a same-package func type: HandlerFunc(func(...) {...})
        fn = unparen(f.child_by_field_name("function"))
        args = f.child_by_field_name("arguments")
        if fn is None or fn.type != "identifier" or args is None or args.named_child_count != 1 \
                or types.scope.decl_of(fn) is not None or text(fn) not in pkg.types:
            return None
        underlying = pkg.resolve_named(GoType("named", name=text(fn)))
        if underlying is None or underlying.kind != "func":
            return None
        return _bound(types, flow, args.named_children[0], target, underlying)
    if f.type == "func_literal":
        caps = sorted(flow.captures(f), key=lambda c: c[1].start_byte)
        decls = [d for d, _ in caps if d is not target.root]
        if not decls:
            return None
        return Bound("closure", decls, [d for d in decls if d.is_loop_var], "closure",
                     _names(decls))
    if f.type == "selector_expression":
        return _method_value(types, f, target, elem)
    return None


def _method_value(types, sel, target: Target, elem: GoType | None) -> Bound | None:
    """`v.m` as a method value binding a variable of the enclosing function."""
    pkg = types.pkg
    operand = unparen(sel.child_by_field_name("operand"))
    name = text(sel.child_by_field_name("field"))
    root = _root_ident(operand)
    if root is None:
        return None
    d = types.scope.decl_of(root)
    if d is None or not d.is_local or d.kind == "const" or d is target.root:
        return None  # imports, package names and method expressions bind nothing new
    t = types.type_of(operand)
    resolved = pkg.resolve_named(t)
    local = t.local_name if t is not None else None
    method = None
    if resolved is not None and resolved.kind == "interface":
        pass  # an interface has only methods
    elif resolved is not None and resolved.kind == "struct" and name in dict(resolved.fields):
        return None  # a field of an anonymous struct
    elif local is not None:
        info = pkg.types.get(local)
        if info is not None and info.is_struct and name in info.fields:
            return None  # a field's value: binds nothing new
        method = pkg.find_method(local, name)
        if method is None:
            return None  # a promoted field, or not resolvable
    else:
        # another package's (or an unresolved) type: `v.f` is a method value,
        # but only a map of functions can tell it is a function at all
        e = pkg.resolve_named(elem)
        if e is None or e.kind != "func":
            return None
    # a pointer method on an addressable loop variable binds &v: shared before Go 1.22
    shares = (operand == root and d.is_loop_var and method is not None and method.recv_pointer
              and t is not None and t.kind == "named")
    return Bound("method", [d], [d] if shares else [], text(sel), f"`{text(operand)}`")


# -- the rule --------------------------------------------------------------------

def _cleaned(ctx, target: Target) -> bool:
    mc = map_cleanups(ctx.package)
    unknown = False  # a name whose answer lies in a body the partial parse left out
    for k in target.keys:
        if k[0] == "var":
            cleaned = mc.cleaned(k[1])
            if cleaned:
                return True
            unknown = unknown or cleaned is None
        if k[0] == "field" and mc.for_field(k[1], k[2]):
            return True
    if unknown:
        raise NeedsWholeTree()  # the body may be in any file: all of them whole
    return False


def _names(decls) -> str:
    names = [f"`{d.name}`" for d in decls]
    if len(names) > 3:
        names = names[:3] + [f"{len(decls) - 3} more"]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def _removal(target: Target, key) -> str:
    k = text(key) if key is not None else "k"
    if len(k) > 24 or "\n" in k:
        k = "k"
    m = target.display
    if target.sync:
        return f"{m}.Delete({k})"
    return f"delete({m}, {k})"


def _judge(ctx, types, flow, node, target: Target | None, f, key, elem) -> None:
    if target is None:
        return
    bound = _bound(types, flow, f, target, elem)
    if bound is None or _cleaned(ctx, target):
        return
    where = f"map `{target.display}`"
    if target.what.startswith("local map, "):
        where += f" ({target.what.removeprefix('local map, ')})"
    removal = _removal(target, key)
    what = "closure" if bound.kind == "closure" else f"method value `{bound.what}`"
    verb = "captures" if bound.kind == "closure" else "binds"
    shared = bound.loop and not ctx.package.go_version_at_least(1, 22)
    k = unparen(key)
    if not shared and k is not None and k.type == "identifier" \
            and all(d is types.scope.decl_of(k) for d in bound.decls):
        return  # it holds only its own key, which the map holds anyway
    if shared:
        n = len(bound.loop)
        copy = "; ".join(f"{d.name} := {d.name}" for d in bound.loop[:3])
        ctx.report(
            node,
            f"{what} in {where} {verb} loop variable{'s' if n > 1 else ''} "
            f"{_names(bound.loop)}: before Go 1.22 every closure shares the loop's last value; "
            f"copy {'them' if n > 1 else 'it'} (`{copy}`) or use go 1.22; {removal} when done",
            level=Level.ERROR,
        )
        return
    fix = "capture only what it needs" if bound.kind == "closure" \
        else "store a func taking the receiver"
    ctx.report(
        node,
        f"{what} stored in {where} {verb} {bound.label}, which the never-cleaned map keeps "
        f"alive: {removal} when done or {fix}",
    )


def _done(ctx, node) -> bool:
    seen = ctx.package.cache.setdefault("mem004.seen", set())
    k = (ctx.file.path, node.start_byte, node.type)
    if k in seen:
        return True
    seen.add(k)
    return False


def _plausible(ctx, f) -> bool:
    """A cheap syntactic look at F before any scope is built: can it bind anything?"""
    f = unparen(f)
    if f is None:
        return False
    if f.type == "func_literal":
        return True
    if f.type == "selector_expression":
        root = _root_ident(f.child_by_field_name("operand"))
        if root is None:
            return False
        name = text(root)
        pkg = ctx.package
        # imports, package names and type names (method expressions) bind nothing
        # new; a local shadowing one of them is missed (precision first)
        return not (name in ctx.file.imports or name in pkg.vars or name in pkg.types
                    or name in pkg.funcs or name in pkg.consts)
    if f.type == "call_expression":
        fn = unparen(f.child_by_field_name("function"))
        args = f.child_by_field_name("arguments")
        return (fn is not None and fn.type == "identifier" and text(fn) in ctx.package.types
                and args is not None and args.named_child_count == 1
                and _plausible(ctx, args.named_children[0]))
    return False


def _kept_cheaply(ctx, m, key) -> bool:
    """A store that is not reported, told before any scope is built: its key is a
    literal (constant_key), or the map is named like a package variable that the
    package cleans (a local of that name would be a target cleaned by name too)."""
    if constant_key(None, key):
        return True
    if m.type != "identifier" or text(m) not in ctx.package.vars:
        return False
    return map_cleanups(ctx.package).cleaned(text(m)) is True


def check(ctx, caps) -> None:
    if "mem004.assign" in caps:
        stmt = caps["mem004.assign"][0]
        if _done(ctx, stmt):
            return
        left = stmt.child_by_field_name("left").named_children
        right = stmt.child_by_field_name("right").named_children
        if len(left) != len(right):
            return
        for lhs, rhs in zip(left, right):
            lhs = unparen(lhs)
            if lhs.type != "index_expression" or not _plausible(ctx, rhs) \
                    or _kept_cheaply(ctx, lhs.child_by_field_name("operand"), lhs.child_by_field_name("index")):
                continue
            types, flow = ctx.types(stmt), ctx.flow(stmt)
            if constant_key(types.scope, lhs.child_by_field_name("index")):
                continue  # overwrites one slot: cannot grow the map
            m = lhs.child_by_field_name("operand")
            target = _target(types, flow, m, "map")
            if target is None:
                continue
            elem = types.pkg.resolve_named(types.type_of(m)).elem
            _judge(ctx, types, flow, stmt, target, rhs, lhs.child_by_field_name("index"), elem)
    elif "mem004.store" in caps:
        call = caps["mem004.store"][0]
        value = caps["mem004.value"][0]
        sel = call.child_by_field_name("function")
        if not _plausible(ctx, value) \
                or _kept_cheaply(ctx, sel.child_by_field_name("operand"), caps["mem004.key"][0]):
            return
        types, flow = ctx.types(call), ctx.flow(call)
        if constant_key(types.scope, caps["mem004.key"][0]):
            return
        target = _target(types, flow, sel.child_by_field_name("operand"), "sync")
        _judge(ctx, types, flow, call, target, value, caps["mem004.key"][0], None)


RULE = Rule(
    id="MEM004",
    name="map-stored-closure",
    summary="closure stored in a long-lived map that is never cleaned up keeps its captures alive",
    level=Level.WARNING,
    tags=("memory", "closure"),
    precision="high",
    default=True,
    query=QUERY,
    check=check,
)
