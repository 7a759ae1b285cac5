"""Package-level map that only ever grows.

## What it does
Flags a write to a package-level map or `sync.Map` under a key that is not a
constant, when nothing in the package ever removes entries from it. The
write is `m[k] = v` (also `m[k] += v`, `m[k]++`), or `Store`,
`LoadOrStore` or `Swap` on a `sync.Map` (or `*sync.Map`). The map must be
a package variable whose type is resolved from the source.

There is no finding when the package has a cleanup path for the map: a
`delete(m, k)`, `clear(m)`, `m.Delete(k)`, `m.LoadAndDelete(k)`,
`m.CompareAndDelete(k, v)`, or a reassignment `m = ...` anywhere in it, also
through a local alias (`tbl := m; delete(tbl, k)`) or a same-package helper
that cleans its parameter (`clearSyncMap(&m)`).

Writes that cannot grow the map without bound are not flagged:
- the key is a constant (a literal, a named constant, a constant expression,
  or another package's qualified name such as `http.MethodGet`): it
  overwrites one slot;
- the key comes from a small or program-bounded domain: `bool`, `int8`,
  `uint8`/`byte`, a same-package enum (a named type the package declares
  constants of), `reflect.Kind`, `os.Signal`, or `reflect.Type` (a per-type
  cache such as encoding/json's holds one entry per type in the program);
- the write runs only while the package initialises: in `func init()`, in a
  package-level variable's initialiser, in a function literal given to
  `sync.Once.Do`, in a local literal that such code calls in place, or in an
  unexported function that only such code calls (`once.Do(readServices)`,
  `registerDriver` called from `init`). A literal that is stored, registered
  as a handler or started as a goroutine runs later and still counts;
- the write is in an exported `Register...`/`MustRegister...` function: by Go
  convention (`database/sql.Register`) other packages call it from `init`,
  once per implementation;
- the write is in test code: a `_test.go` file, or a file that imports
  `testing` (test support such as `internal/testenv`): a test binary does
  not live long.

This rule is off by default: select it with `--select MEM013`.

## Why is this bad?
A package-level map lives as long as the program. When it is keyed by
something that comes from the outside (a user ID, a request path, a remote
address, a session token), every new key adds an entry that is never
removed: the map, and everything its values point to, grows for the whole
life of the process. It is the classic slow leak of a long-running service,
invisible in tests and in a code review.

## Example
```go
package example

type profile struct{ avatar []byte }

var profiles = map[string]*profile{}

func Remember(userID string, p *profile) {
	profiles[userID] = p
}
```

## Use instead
```go
package example

type profile struct{ avatar []byte }

var profiles = map[string]*profile{}

func Remember(userID string, p *profile) {
	profiles[userID] = p
}

func Forget(userID string) {
	delete(profiles, userID)
}
```
Evict entries when they are no longer needed (`delete`, `sync.Map.Delete`),
bound the map's size (drop an entry when it is full), or use an LRU or
expiring cache instead of a bare map.

Fix: none is offered: an eviction policy (delete, size bound, LRU) is a design decision.

## Known problems
Cleanup is looked up by name across the package, not by control flow: a
`delete` that runs only on a rare path, or a reset of the whole map, still
counts. Maps held in struct fields, in another package's variables, or
reached through a pointer returned by a function are not looked at. A map
keyed by a small set of run-time values that the types do not show (a
config file's sections, the handful of log levels spelled as strings, the
backends a command-line tool was started with) is reported all the same, as
is a map in a short-lived command (a compiler, a code generator): suppress
those with a reason. An exported `Register...` function that is in fact
called per request is missed.

## References
- Go blog, "Go maps in action" (https://go.dev/blog/maps)
- Go issue 20135, "runtime: shrink map as elements are deleted" (https://github.com/golang/go/issues/20135)
- sync.Map documentation (https://pkg.go.dev/sync#Map)
"""

from __future__ import annotations

from golint_mem.model.inittime import init_context, init_only
from golint_mem.model.maps import bounded_key, constant_key, map_cleanups, map_kind
from golint_mem.model.package import NeedsWholeTree
from golint_mem.model.scope import top_function
from golint_mem.parse import text
from golint_mem.rule import Level, Rule

QUERY = """
(assignment_statement
  left: (expression_list
    (index_expression operand: (identifier) @mem013.map index: (_) @mem013.key)))
  @mem013.write
(inc_statement (index_expression operand: (identifier) @mem013.map index: (_) @mem013.key))
  @mem013.write
(dec_statement (index_expression operand: (identifier) @mem013.map index: (_) @mem013.key))
  @mem013.write
(call_expression
  function: (selector_expression operand: (identifier) @mem013.map
                                 field: (field_identifier) @mem013.method)
  arguments: (argument_list . (_) @mem013.key)
  (#any-of? @mem013.method "Store" "LoadOrStore" "Swap")) @mem013.write
"""


def _registration(node) -> bool:
    """In an exported `Register...`/`MustRegister...` function: by Go convention
    other packages call it from their `init` (database/sql.Register)."""
    top = top_function(node)
    return top.type == "function_declaration" \
        and text(top.child_by_field_name("name")).startswith(("Register", "MustRegister"))


def _test_code(file) -> bool:
    """A _test.go file, or test support that imports testing (internal/testenv)."""
    return file.is_test or "testing" in file.imports.values()


def _removal(name: str, kind: str, key) -> str:
    k = text(key) if len(text(key)) <= 24 and "\n" not in text(key) else "k"
    return f"{name}.Delete({k})" if kind == "sync" else f"delete({name}, {k})"


def _var_kind(pkg, file, name: str) -> str | None:
    """map_kind of package variable ``name``, from package-level types: no function
    scope is built for a write to a slice or an array."""
    from golint_mem.model.infer import package_types
    from golint_mem.model.scope import package_decl

    d = package_decl(pkg, file, name)
    return map_kind(pkg, package_types(pkg, d.file).decl_type(d))


def check(ctx, caps) -> None:
    write, m, key = caps["mem013.write"][0], caps["mem013.map"][0], caps["mem013.key"][0]
    name = text(m)
    pkg = ctx.package
    # the cheap conditions first; the function's scope only for a map nothing cleans
    if _test_code(ctx.file) or name not in pkg.vars or _registration(write):
        return
    want = "sync" if "mem013.method" in caps else "map"
    if _var_kind(pkg, ctx.file, name) != want:
        return
    where = init_context(pkg, ctx.file, write)
    if where == "init" or constant_key(None, key):
        return
    # each of these may need a body the partial parse left out (None): the whole
    # trees are asked for only when nothing else keeps the write
    cleaned = map_cleanups(pkg).cleaned(name)
    if cleaned:
        return
    types = ctx.types(write)
    d = types.scope.decl_of(m)
    if d is None or d.kind != "pkgvar":
        return  # a local shadowing the package variable
    if constant_key(types.scope, key) or bounded_key(types, key):
        return
    once = init_only(pkg, where) if where is not None else False
    if once:
        return
    if cleaned is None or once is None:
        raise NeedsWholeTree()  # the body may be in any file: all of them whole
    what = "sync.Map" if want == "sync" else "map"
    ctx.report(
        write,
        f"package-level {what} `{name}` grows by one entry per new key and nothing in the package "
        f"removes any: evict with {_removal(name, want, key)}, bound its size, or use an LRU cache",
    )


RULE = Rule(
    id="MEM013",
    name="unbounded-global-map",
    summary="package-level map written with run-time keys and never cleaned: it only ever grows",
    level=Level.WARNING,
    tags=("memory", "map"),
    precision="medium",
    default=False,
    query=QUERY,
    check=check,
)
