"""sync.Pool: which expressions are pools, which pool they are, every Get of a pool
in a package, and the buffer-bearing shape of a value put into one.

Shared by the pool rules (MEM002 pool-put-without-reset, MEM009, MEM012).

- :func:`is_pool_type`: resolved type ``sync.Pool`` or ``*sync.Pool`` (renamed
  imports resolve through the file's imports).
- :func:`pool_identity`: which pool an expression denotes, so uses in different
  functions and files meet: a package variable by its name, a struct field by
  (struct type, field name), a local or parameter by its declaration, an
  element of an array/slice/map of pools by its container.
- :func:`pool_gets`: ``{identity: [GetSite]}`` for every ``P.Get()`` on a pool in
  the package (built once per package, with one tree-sitter query per file).
- :func:`buffer_shape`: whether a value put back holds buffers (RULES.md MEM002's
  "needs reset" types) and which struct fields do.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from golint_mem.model.package import FileModel, PackageModel
from golint_mem.model.scope import FunctionScope, function_scope
from golint_mem.model.types import GoType
from golint_mem.parse import query, text, unparen

BUFFER_TYPES = (("bytes", "Buffer"), ("strings", "Builder"))


def is_pool_type(t: GoType | None) -> bool:
    """``sync.Pool`` or ``*sync.Pool``."""
    return t is not None and (t.is_named("sync", "Pool") or t.is_pointer_to("sync", "Pool"))


def package_uses_sync(pkg: PackageModel) -> bool:
    """Some file of the package imports "sync" (else no pool type can resolve)."""
    hit = pkg.cache.get("pools.uses_sync")
    if hit is None:
        hit = pkg.cache["pools.uses_sync"] = any("sync" in f.imports.values() for f in pkg.files)
    return hit


def pool_identity(scope: FunctionScope, types, expr: Node) -> tuple | None:
    """Which pool ``expr`` denotes: ("var", name) for a package variable,
    ("field", struct type, field) for a field of a same-package struct,
    ("local", path, byte) for a local or parameter, ("elem", ...) for an element
    of a container of pools. None when it cannot be told."""
    expr = unparen(expr)
    if expr is None:
        return None
    t = expr.type
    if t == "unary_expression" and text(expr.child_by_field_name("operator")) in ("&", "*"):
        return pool_identity(scope, types, expr.child_by_field_name("operand"))
    if t == "identifier":
        d = scope.decl_of(expr)
        if d is None or d.node is None:
            return None
        if d.kind == "pkgvar":
            return ("var", d.name)
        if d.is_local:
            return ("local", d.file.path if d.file else "", d.node.start_byte)
        return None
    if t == "selector_expression":
        operand = expr.child_by_field_name("operand")
        base = types.type_of(operand)
        local = base.local_name if base is not None else None
        if local is None:
            return None
        return ("field", local, text(expr.child_by_field_name("field")))
    if t == "index_expression":
        inner = pool_identity(scope, types, expr.child_by_field_name("operand"))
        return ("elem",) + inner if inner is not None else None
    return None


@dataclass(eq=False)
class GetSite:
    """One ``P.Get()`` call on a pool."""

    file: FileModel
    call: Node  # the call expression
    pool: Node  # the pool expression (the selector's operand)
    scope: FunctionScope


_GET_Q = """
(call_expression
  function: (selector_expression operand: (_) @pool field: (field_identifier) @m)
  arguments: (argument_list) @args
  (#eq? @m "Get")) @get
"""


def pool_gets(pkg: PackageModel) -> dict[tuple, list[GetSite]]:
    """Every ``P.Get()`` on a resolved sync.Pool in the package, by pool identity (cached)."""
    hit = pkg.cache.get("pools.gets")
    if hit is not None:
        return hit
    from golint_mem.model.infer import types_for
    from golint_mem.parse import matches

    out: dict[tuple, list[GetSite]] = {}
    if package_uses_sync(pkg):
        q = query(_GET_Q)
        for fm in pkg.files:
            for _, caps in matches(q, fm.tree.root_node):
                args = caps["args"][0]
                if args.named_child_count:
                    continue
                call, pool = caps["get"][0], caps["pool"][0]
                scope = function_scope(pkg, fm, call)
                types = types_for(scope)
                if not is_pool_type(types.type_of(pool)):
                    continue
                ident = pool_identity(scope, types, pool)
                if ident is not None:
                    out.setdefault(ident, []).append(GetSite(fm, call, pool, scope))
    pkg.cache["pools.gets"] = out
    return out


# -- values that do not fit an interface word ------------------------------------

_NUMBERS = frozenset(
    "int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 uintptr float32 float64 "
    "complex64 complex128 byte rune".split())


#: standard library named types whose underlying type the source at hand does not show
_STD_VALUES = {
    ("bytes", "Buffer"): "struct", ("strings", "Builder"): "struct", ("time", "Time"): "struct",
    ("time", "Duration"): "number", ("sync", "WaitGroup"): "struct",
}


def boxed_kind(pkg: PackageModel, t: GoType | None) -> str | None:
    """slice | array | struct | string | number | bool when a value of resolved
    type ``t`` is not pointer-shaped, so that converting it to `any` copies it
    to the heap (staticcheck SA6002's "not pointer-like"); None for pointers,
    maps, chans, funcs, interfaces, unsafe.Pointer and unresolved types."""
    r = pkg.resolve_named(t)
    if r is None:
        return None
    if r.kind == "named" and r.pkg:
        return _STD_VALUES.get((r.pkg, r.name))
    if r.kind in ("slice", "array", "struct"):
        return r.kind
    if r.kind == "named":
        info = pkg.types.get(r.name) if r.pkg == "" else None
        return "struct" if info is not None and info.is_struct else None
    if r.kind == "basic":
        if r.name == "string":
            return "string"
        if r.name == "bool":
            return "bool"
        return "number" if r.name in _NUMBERS else None
    return None


# -- capacity guards (MEM012) ---------------------------------------------------

_SIZE_Q = "(call_expression function: (_) @fn arguments: (argument_list) @args) @call"
_EXITS = frozenset({"return_statement", "continue_statement", "break_statement", "goto_statement"})


def _size_term(call: Node, fn: Node, args: Node, decl) -> bool:
    """`cap(E)`, `len(E)`, `E.Cap()`, `E.Len()` with E rooted at ``decl``
    (`x`, `x.buf`, `*bp`)."""
    from golint_mem.parse import unparen as _u

    if fn.type == "identifier" and text(fn) in ("cap", "len"):
        argv = [a for a in args.named_children if a.type != "comment"]
        e = _u(argv[0]) if len(argv) == 1 else None
    elif fn.type == "selector_expression" and text(fn.child_by_field_name("field")) in ("Cap", "Len"):
        e = _u(fn.child_by_field_name("operand"))
    else:
        return False
    while e is not None and (e.type == "selector_expression" or (
            e.type == "unary_expression" and text(e.child_by_field_name("operator")) == "*")):
        e = _u(e.child_by_field_name("operand"))
    return e is not None and e.type == "identifier" and decl(e)


def _checks_size(cond_parts, is_target) -> bool:
    from golint_mem.parse import matches

    for part in cond_parts:
        if part is None:
            continue
        for _, caps in matches(query(_SIZE_Q), part):
            if _size_term(caps["call"][0], caps["fn"][0], caps["args"][0], is_target):
                return True
    return False


def _leaves(block: Node | None) -> bool:
    """The block ends by leaving: return, continue, break, goto or panic."""
    if block is None:
        return False
    stmts = [c for c in block.named_children if c.type != "comment"]
    if stmts and stmts[-1].type == "statement_list":
        stmts = [c for c in stmts[-1].named_children if c.type != "comment"]
    if not stmts:
        return False
    last = stmts[-1]
    if last.type in _EXITS:
        return True
    call = last.named_children[0] if last.type == "expression_statement" and last.named_children else None
    fn = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
    return fn is not None and text(fn) == "panic"


def capacity_guarded(put: Node, scope: FunctionScope, decl) -> bool:
    """A size check on the pooled value (``decl`` is its variable) guards the
    Put: an `if` around it whose condition (or initializer) checks `cap(x.f)`,
    `len(x)`, `x.Cap()` or `x.Len()`, or such an `if` earlier in the function
    that leaves (returns, continues, breaks) in its body (fmt's
    `if cap(p.buf) > 64<<10 { return }`)."""
    from golint_mem.model.scope import FUNC_NODES

    def is_target(ident: Node) -> bool:
        return scope.decl_of(ident) is decl

    fn = put.parent
    while fn is not None and fn.type not in FUNC_NODES:
        if fn.type == "if_statement" and _checks_size(
                (fn.child_by_field_name("initializer"), fn.child_by_field_name("condition")), is_target):
            return True
        fn = fn.parent
    if fn is None:
        return False
    for _, caps in _matches(query("(if_statement) @if"), fn):
        stmt = caps["if"][0]
        if stmt.end_byte > put.start_byte:
            continue
        parts = (stmt.child_by_field_name("initializer"), stmt.child_by_field_name("condition"))
        if _leaves(stmt.child_by_field_name("consequence")) and _checks_size(parts, is_target):
            return True
    return False


# -- what a pooled value holds ---------------------------------------------------

@dataclass(frozen=True)
class BufferShape:
    """A value that holds buffers when put back.

    kind: ``slice`` ([]T), ``slice-pointer`` (*[]T), ``buffer`` (*bytes.Buffer,
    *strings.Builder) or ``struct`` (pointer to a same-package struct; ``fields``
    are its buffer-bearing fields in declaration order, ``field_kinds`` says
    for each: slice, map or buffer)."""

    kind: str
    type: GoType
    struct: str = ""
    fields: tuple[str, ...] = ()
    field_kinds: tuple[str, ...] = ()


def _is_buffer(t: GoType | None) -> bool:
    return t is not None and any(t.is_named(p, n) for p, n in BUFFER_TYPES)


def buffer_kind(pkg: PackageModel, t: GoType | None) -> str | None:
    """slice | map | buffer for a struct field that holds a buffer (RULES.md:
    slice, map, bytes.Buffer, strings.Builder, or a pointer to one of these)."""
    if t is None:
        return None
    if t.kind == "pointer":
        if _is_buffer(t.elem):
            return "buffer"
        t = t.elem
    if _is_buffer(t):
        return "buffer"
    r = pkg.resolve_named(t)
    if r is not None and r.kind in ("slice", "map"):
        return r.kind
    return None


def buffer_shape(pkg: PackageModel, t: GoType | None) -> BufferShape | None:
    """The buffer-bearing shape of a pooled value's resolved type, None when it
    holds no buffer (scalars, scalar-only structs, unresolved types)."""
    r = pkg.resolve_named(t)
    if r is None:
        return None
    if r.kind == "slice":
        return BufferShape("slice", t)
    if r.kind != "pointer" or r.elem is None:
        return None
    if _is_buffer(r.elem):
        return BufferShape("buffer", t)
    e = pkg.resolve_named(r.elem)
    if e is None:
        return None
    if e.kind == "slice":
        return BufferShape("slice-pointer", t)
    if e.kind == "named" and e.pkg == "":
        info = pkg.types.get(e.name)
        if info is None or not info.is_struct:
            return None
        fields, kinds = [], []
        for name, ft in info.fields.items():
            k = buffer_kind(pkg, ft)
            if k is not None and name != "_":
                fields.append(name)
                kinds.append(k)
        if fields:
            return BufferShape("struct", t, e.name, tuple(fields), tuple(kinds))
    return None


def buffer_fields(pkg: PackageModel, shape: BufferShape, truncated: bool = False) -> frozenset:
    """The buffer fields of a struct shape that hold data (or capacity) when
    the value goes back: bytes.Buffer/strings.Builder fields always; slice and
    map fields only when the package fills them (appends, stores a built-up
    value, writes by key): a slice field only ever `make`d and resliced is
    fixed-size scratch the next user overwrites. Fields that are only
    borrowed (:func:`borrowed_fields`) never count; slice fields only ever
    used truncated (:func:`truncated_fields`, no stale data, capacity kept)
    count only with ``truncated``."""
    filled = filled_fields(pkg)
    borrowed = borrowed_fields(pkg)
    cut = frozenset() if truncated else truncated_fields(pkg)
    out = []
    for f, kind in zip(shape.fields, shape.field_kinds):
        if f in borrowed or (kind == "slice" and f in cut):
            continue
        how = filled.get(f, ())
        if kind == "buffer" or (kind == "slice" and "slice" in how) or (kind == "map" and how):
            out.append(f)
    return frozenset(out)


_FIELD_WRITES_Q = """
(assignment_statement
  left: (expression_list) @left
  right: (expression_list) @right) @assign
"""


def zero_slice(node: Node | None) -> bool:
    """`s[:0]`, `s[0:0]`, `s[:0:0]`."""
    node = unparen(node)
    if node is None or node.type != "slice_expression":
        return False
    end, start = node.child_by_field_name("end"), node.child_by_field_name("start")
    return end is not None and text(end) == "0" and (start is None or text(start) == "0")


def fresh_value(node: Node | None) -> bool:
    """nil, a literal, `&T{...}`, new(T), make(...), s[:0]: a value that holds no old data."""
    node = unparen(node)
    if node is None:
        return False
    t = node.type
    if t in ("nil", "composite_literal") or zero_slice(node):
        return True
    if t == "unary_expression" and text(node.child_by_field_name("operator")) == "&":
        inner = unparen(node.child_by_field_name("operand"))
        return inner is not None and inner.type == "composite_literal"
    if t == "call_expression":
        fn = unparen(node.child_by_field_name("function"))
        return fn is not None and fn.type == "identifier" and text(fn) in ("new", "make")
    return False


def filled_fields(pkg: PackageModel) -> dict[str, set[str]]:
    """Field names the package fills like buffers, by name (any struct type):
    {"slice"} when some `E.f = append(...)` (or a call that extends the E.f it
    is given first, like `strconv.AppendInt(E.f, ...)`) appends to it;
    {"index"} when some `E.f[k] = v` writes an element (a map filled by key).
    A field only ever assigned `make(...)`, a reslice or another value is
    fixed-size scratch or a reference, not a growing buffer. Cached."""
    hit = pkg.cache.get("pools.filled_fields")
    if hit is not None:
        return hit
    out: dict[str, set[str]] = {}
    q = query(_FIELD_WRITES_Q)
    for fm in pkg.files:
        for _, caps in _matches(q, fm.tree.root_node):
            lhs = caps["left"][0].named_children
            rhs = caps["right"][0].named_children
            for i, left in enumerate(lhs):
                left = unparen(left)
                if left.type == "index_expression":
                    target = unparen(left.child_by_field_name("operand"))
                    if target is not None and target.type == "selector_expression":
                        out.setdefault(text(target.child_by_field_name("field")), set()).add("index")
                    continue
                if left.type != "selector_expression":
                    continue
                right = rhs[i] if len(rhs) == len(lhs) else None
                name = text(left.child_by_field_name("field"))
                if _appends(right, name):
                    out.setdefault(name, set()).add("slice")
    pkg.cache["pools.filled_fields"] = out
    return out


_FIELD_SETS_Q = """
(assignment_statement
  left: (expression_list (selector_expression field: (field_identifier) @field) @lhs)
  right: (expression_list) @right) @assign
(keyed_element
  key: (literal_element (identifier) @key)
  value: (literal_element) @value)
"""


def borrowed_fields(pkg: PackageModel) -> frozenset[str]:
    """Field names that only ever borrow a value for the length of one call:
    every function that sets `X.f` to something other than nil sets the same
    `X.f` back to nil later in its body (logrus's Entry.Buffer), and no
    composite literal sets it. A pooled value never keeps such a field. Cached."""
    hit = pkg.cache.get("pools.borrowed_fields")
    if hit is not None:
        return hit
    from golint_mem.model.scope import top_function

    sets: dict[str, list] = {}  # field -> [(function, lhs text, start, is_nil)]
    kept: set[str] = set()
    q = query(_FIELD_SETS_Q)
    for fm in pkg.files:
        for _, caps in _matches(q, fm.tree.root_node):
            if "key" in caps:
                value = caps["value"][0].named_children
                if not (value and value[0].type == "nil"):
                    kept.add(text(caps["key"][0]))
                continue
            lhs = caps["lhs"][0]
            lefts = caps["assign"][0].child_by_field_name("left").named_children
            rights = caps["right"][0].named_children
            if len(lefts) != len(rights):
                kept.add(text(caps["field"][0]))
                continue
            right = unparen(rights[lefts.index(lhs)]) if lhs in lefts else None
            if _guarded_self_append(lhs, right):
                continue  # extends a borrow already in progress; starts none
            sets.setdefault(text(caps["field"][0]), []).append(
                (top_function(lhs), text(lhs), lhs.start_byte, right is not None and right.type == "nil"))
    out = set()
    for name, writes in sets.items():
        if name in kept:
            continue
        clearers = {text(fn.child_by_field_name("name")) for fn, lhs, _, is_nil in writes
                    if is_nil and fn.type == "method_declaration" and lhs == f"{_recv_name(fn)}.{name}"}
        cleared = all(
            any(fn2 == fn and lhs2 == lhs and nil2 and start2 > start
                for fn2, lhs2, start2, nil2 in writes)
            or _cleared_by_callers(pkg, fn, lhs, name, writes, clearers, 0)
            for fn, lhs, start, is_nil in writes if not is_nil
        )
        if cleared:
            out.add(name)
    result = frozenset(out)
    pkg.cache["pools.borrowed_fields"] = result
    return result


def _recv_name(fn: Node) -> str:
    recv = fn.child_by_field_name("receiver")
    for decl in recv.named_children if recv is not None else []:
        names = decl.children_by_field_name("name")
        if names:
            return text(names[0])
    return ""


def _guarded_self_append(lhs: Node, rhs: Node | None) -> bool:
    """`if X.f != nil { X.f = append(X.f, ...) }`: grows a value already set."""
    if rhs is None or rhs.type != "call_expression" or text(rhs.child_by_field_name("function")) != "append":
        return False
    args = rhs.child_by_field_name("arguments")
    first = unparen(args.named_children[0]) if args is not None and args.named_children else None
    if first is None or text(first) != text(lhs):
        return False
    want = "".join(f"{text(lhs)}!=nil".split())
    n = lhs.parent
    while n is not None and n.type not in ("function_declaration", "method_declaration", "func_literal"):
        if n.type == "if_statement" and want in "".join(text(n.child_by_field_name("condition")).split()):
            return True
        n = n.parent
    return False


MAX_BORROW_DEPTH = 3
_RECV_CALLS_Q = "(call_expression function: (selector_expression operand: (identifier) @o field: (field_identifier) @m)) @call"


def _cleared_by_callers(pkg, fn: Node, lhs: str, name: str, writes, clearers: set, depth: int) -> bool:
    """An unexported method sets `recv.f` and leaves it set, and every caller
    clears it again later on the same receiver: `X.f = nil`, or a call of a
    method that does (json-iterator's `startCapture` ... `stopCapture`), or is
    itself such a method whose callers do."""
    from golint_mem.dataflow import call_graph
    from golint_mem.model.scope import func_info_of

    if depth >= MAX_BORROW_DEPTH or fn.type != "method_declaration":
        return False
    mname = text(fn.child_by_field_name("name"))
    if not mname or mname[0].isupper() or lhs != f"{_recv_name(fn)}.{name}":
        return False
    info = func_info_of(pkg, fn)
    g = call_graph(pkg)
    if info is None or info.key not in g:
        return False
    sites = [d["site"] for _, _, d in g.in_edges(info.key, data=True)]
    if not sites:
        return False
    for site in sites:
        caller = g.nodes[site.caller].get("info")
        callee_fn = unparen(site.node.child_by_field_name("function"))
        if caller is None or site.context != "direct" or callee_fn is None \
                or callee_fn.type != "selector_expression":
            return False
        o = text(callee_fn.child_by_field_name("operand"))
        at = site.node.end_byte
        if any(fn2 == caller.node and lhs2 == f"{o}.{name}" and nil2 and start2 > at
               for fn2, lhs2, start2, nil2 in writes):
            continue
        if any(text(c["o"][0]) == o and text(c["m"][0]) in clearers and c["call"][0].start_byte > at
               for _, c in _matches(query(_RECV_CALLS_Q), caller.node)):
            continue
        if not _cleared_by_callers(pkg, caller.node, f"{o}.{name}", name, writes, clearers, depth + 1):
            return False
    return True


def _appends(rhs: Node | None, field: str) -> bool:
    """`append(...)`, or a call that extends the field it is given first
    (`strconv.AppendInt(e.f, ...)`, `appendFoo(e.f[:0], ...)`)."""
    rhs = unparen(rhs)
    if rhs is None or rhs.type != "call_expression":
        return False
    fn = unparen(rhs.child_by_field_name("function"))
    if fn is not None and fn.type == "identifier" and text(fn) == "append":
        return not _zero_grow(rhs)
    args = rhs.child_by_field_name("arguments")
    first = unparen(args.named_children[0]) if args is not None and args.named_children else None
    while first is not None and first.type == "slice_expression":
        first = unparen(first.child_by_field_name("operand"))
    return first is not None and first.type == "selector_expression" \
        and text(first.child_by_field_name("field")) == field


def _zero_grow(call: Node) -> bool:
    """`append(s[:cap(s)], make([]T, n)...)`: grows a fixed-length scratch slice
    with zeros (VictoriaMetrics' sized getters); it appends no data."""
    args = call.child_by_field_name("arguments")
    argv = [a for a in args.named_children if a.type != "comment"] if args is not None else []
    if len(argv) != 2 or argv[1].type != "variadic_argument" or not argv[1].named_children:
        return False
    made = unparen(argv[1].named_children[0])
    if made is None or made.type != "call_expression":
        return False
    fn = unparen(made.child_by_field_name("function"))
    return fn is not None and text(fn) == "make"


_SELECTORS_Q = "(selector_expression field: (field_identifier) @f) @sel"


def truncated_fields(pkg: PackageModel) -> frozenset[str]:
    """Field names the package only ever uses truncated: every `X.f` is
    `X.f[:0]`, the target of `X.f = ...`, inside `cap(X.f)`, or a read that
    follows a refill `X.f = g(X.f[:0], ...)` earlier in the same function. Stale
    contents of such a field can never be read, so it needs no reset (RULES.md
    MEM002). Cached."""
    hit = pkg.cache.get("pools.truncated_fields")
    if hit is not None:
        return hit
    from golint_mem.model.scope import enclosing_function

    seen: set[str] = set()
    other: set[str] = set()
    refills: dict[tuple, list[int]] = {}  # (function, `X.f` text) -> refill offsets
    reads = []
    q = query(_SELECTORS_Q)
    for fm in pkg.files:
        for _, caps in _matches(q, fm.tree.root_node):
            name, sel = text(caps["f"][0]), caps["sel"][0]
            if name in other:
                continue
            seen.add(name)
            if _truncated_use(sel):
                if _refill(sel):
                    fn = enclosing_function(sel)
                    refills.setdefault((key_of(fn), text(sel)), []).append(sel.start_byte)
                continue
            reads.append((name, sel))
    for name, sel in reads:
        # a read after a refill from `X.f[:0]` earlier in the same function
        # (msgp's `src.scratch = strconv.AppendInt(src.scratch[:0], ...)`) sees fresh data
        fn = enclosing_function(sel)
        if not any(at < sel.start_byte for at in refills.get((key_of(fn), text(sel)), ())):
            other.add(name)
    result = frozenset(seen - other)
    pkg.cache["pools.truncated_fields"] = result
    return result


def key_of(node: Node | None) -> tuple:
    return (node.start_byte, node.end_byte) if node is not None else (-1, -1)


def _refill(sel: Node) -> bool:
    """`X.f = g(X.f[:0], ...)` / `X.f = append(X.f[:0], ...)` (sel is the target)."""
    p = sel.parent
    stmt = p.parent if p is not None and p.type == "expression_list" else None
    if stmt is None or stmt.type != "assignment_statement" or stmt.child_by_field_name("left") != p:
        return False
    lhs, rhs = p.named_children, stmt.child_by_field_name("right").named_children
    if len(lhs) != len(rhs) and len(rhs) != 1:
        return False  # `X.f, err = r.ReadBytes(X.f[:0])` refills from one call
    r = unparen(rhs[lhs.index(sel)] if len(lhs) == len(rhs) else rhs[0])
    if r is None or r.type != "call_expression":
        return False
    args = r.child_by_field_name("arguments")
    first = unparen(args.named_children[0]) if args is not None and args.named_children else None
    return zero_slice(first) and text(unparen(first.child_by_field_name("operand"))) == text(sel)


def _truncated_use(sel: Node) -> bool:
    p = sel.parent
    while p is not None and p.type == "parenthesized_expression":
        sel, p = p, p.parent
    if p is None:
        return False
    if p.type == "slice_expression" and p.child_by_field_name("operand") == sel:
        return zero_slice(p)
    if p.type == "expression_list":
        stmt = p.parent
        return stmt is not None and stmt.type == "assignment_statement" \
            and stmt.child_by_field_name("left") == p and text(stmt.child_by_field_name("operator")) == "="
    if p.type == "argument_list":
        call = p.parent
        fn = call.child_by_field_name("function") if call is not None else None
        return fn is not None and text(fn) == "cap"
    return False


def field_fillers(pkg: PackageModel) -> dict[str, frozenset[str]]:
    """{field name: keys of the top-level functions that fill it}: append to it,
    write it by key, write into it (a method other than a reader on a buffer
    field), or hand `&X.f` to a call. By field name, any struct type. Cached."""
    hit = pkg.cache.get("pools.field_fillers")
    if hit is not None:
        return hit
    from golint_mem.model.scope import func_info_of, top_function

    out: dict[str, set[str]] = {}
    q = query(_SELECTORS_Q)
    for fm in pkg.files:
        for _, caps in _matches(q, fm.tree.root_node):
            sel = caps["sel"][0]
            if sel.child_by_field_name("operand") is None:
                continue
            name = text(caps["f"][0])
            if not _fills(sel, name):
                continue
            info = func_info_of(pkg, top_function(sel))
            out.setdefault(name, set()).add(info.key if info is not None else "")
    result = {k: frozenset(v) for k, v in out.items()}
    pkg.cache["pools.field_fillers"] = result
    return result


_READERS = frozenset({"Len", "Cap", "String", "Bytes", "Reset", "Truncate"})


def _fills(sel: Node, name: str) -> bool:
    p = sel.parent
    if p is None:
        return False
    if p.type == "index_expression" and p.child_by_field_name("operand") == sel:
        lst = p.parent
        stmt = lst.parent if lst is not None and lst.type == "expression_list" else None
        return stmt is not None and stmt.type == "assignment_statement" and stmt.child_by_field_name("left") == lst
    if p.type == "expression_list":
        stmt = p.parent
        if stmt is None or stmt.type != "assignment_statement" or stmt.child_by_field_name("left") != p:
            return False
        rhs = stmt.child_by_field_name("right").named_children
        lhs = p.named_children
        return len(rhs) == len(lhs) and _appends(rhs[lhs.index(sel)], name)
    if p.type == "selector_expression" and p.child_by_field_name("operand") == sel:
        call = p.parent
        return call is not None and call.type == "call_expression" \
            and text(p.child_by_field_name("field")) not in _READERS
    if p.type == "unary_expression" and text(p.child_by_field_name("operator")) == "&":
        return True
    return False


def _matches(q, node):
    from golint_mem.parse import matches

    return matches(q, node)


__all__ = [
    "BufferShape", "GetSite", "borrowed_fields", "boxed_kind", "buffer_fields", "buffer_kind",
    "buffer_shape", "capacity_guarded",
    "field_fillers",
    "filled_fields", "fresh_value", "truncated_fields",
    "is_pool_type", "package_uses_sync", "pool_gets", "pool_identity", "zero_slice",
]
