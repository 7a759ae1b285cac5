"""sync.Pool: which expressions are pools, which pool they are, every Get of a pool
in a package, and the buffer-bearing shape of a value put into one.

Shared by the pool rules (MEM002 pool-put-without-reset, MEM009, MEM012).

- :func:`is_pool_type`: resolved type ``sync.Pool`` or ``*sync.Pool`` (renamed
  imports resolve through the file's imports).
- :func:`pool_identity`: which pool an expression denotes, so uses in different
  functions and files meet: a package variable by its name, a struct field by
  (struct type, field name), a local or parameter by its declaration, an
  element of an array/slice/map of pools by its container.
- :func:`pool_gets`: every ``P.Get()`` on one pool in the package (read only in
  the declarations that name the pool before a `.Get()`).
- :func:`buffer_shape`: whether a value put back holds buffers (RULES.md MEM002's
  "needs reset" types) and which struct fields do; :func:`buffer_fields` which
  of them hold data, from facts about each field name across the package
  (filled, only truncated, only borrowed), each read in the declarations that
  name the field and settled, where it can be, without the function bodies a
  partial parse left out.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from tree_sitter import Node, QueryCursor

from golint_mem.model.occurrences import in_code
from golint_mem.model.package import FileModel, NeedsWholeTree, PackageModel
from golint_mem.model.scope import FunctionScope, function_scope
from golint_mem.model.types import GoType
from golint_mem.parse import query, text, unparen
from golint_mem.triggers import ENDS_STATEMENT

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
    ("local", path, byte, name) for a local or parameter, ("elem", ...) for an element
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
            return ("local", d.file.path if d.file else "", d.node.start_byte, d.name)
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


#: blanks and comments, which may separate any two tokens (a possessive match: no backtracking)
GAP = rb"(?:\s|//[^\n]*+|/\*(?:[^*]|\*(?!/))*+\*/)*+"


@functools.lru_cache(maxsize=256)
def selector_tokens(names, then: bytes = b"") -> tuple[re.Pattern, ...]:
    """pkg.scan tokens for selectors `X.f` with ``f`` one of ``names`` (a `.`, blanks
    or comments, the name; then blanks, comments or `)` and the pattern ``then``):
    narrower than the bare names, which locals share."""
    alt = b"|".join(re.escape(n.encode()) for n in sorted(names))
    after = GAP + rb"(?:\)" + GAP + rb")*" + then if then else b""
    return (re.compile(rb"\." + GAP + rb"(?:" + alt + rb")(?!\w)" + after),)


#: `.Get()` after the pool's expression (its last name, then `)`s or an index)
_GET_CALL = GAP + rb"(?:\)" + GAP + rb")*\." + GAP + rb"Get" + GAP + rb"(?:\)" + GAP + rb")*\(" + GAP + rb"\)"


@functools.lru_cache(maxsize=256)
def _get_tokens(ident: tuple) -> tuple[re.Pattern, ...] | None:
    """pkg.scan tokens for the Gets of the pool ``ident``: its variable's, local's or
    field's name, then `.Get()` (or `[` for an element of a container of pools)."""
    elem = False
    while ident and ident[0] == "elem":
        ident, elem = ident[1:], True
    if not ident:
        return None
    name = {"var": 1, "field": 2, "local": 3}.get(ident[0])
    if name is None:
        return None
    then = GAP + rb"(?:\)" + GAP + rb")*\[" if elem else _GET_CALL
    return (re.compile(re.escape(ident[name].encode()) + rb"(?!\w)" + then),)


def pool_gets(pkg: PackageModel, ident: tuple) -> list[GetSite] | None:
    """Every ``P.Get()`` on the pool ``ident`` (:func:`pool_identity`) in the
    package, in source order; None when there is none (cached)."""
    cache = pkg.cache.setdefault("pools.gets", {})
    if ident in cache:
        return cache[ident]
    from golint_mem.model.infer import types_for

    out: list[GetSite] = []
    tokens = _get_tokens(ident)
    if package_uses_sync(pkg) and tokens is not None:
        # only declarations that name the pool before a `.Get()` are read
        matches, hidden = _visible_matches(pkg, query(_GET_Q), tokens)
        if hidden:
            raise NeedsWholeTree(hidden)
        for fm, _, caps in matches:
            args = caps["args"][0]
            if args.named_child_count:
                continue
            call, pool = caps["get"][0], caps["pool"][0]
            scope = function_scope(pkg, fm, call)
            types = types_for(scope)
            if is_pool_type(types.type_of(pool)) and pool_identity(scope, types, pool) == ident:
                out.append(GetSite(fm, call, pool, scope))
    cache[ident] = out or None
    return out or None


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
    # the cheapest facts first: each later one is asked only about the fields still in
    kinds = dict(zip(shape.fields, shape.field_kinds))
    out = [f for f, k in kinds.items() if k == "buffer" or filled_as(pkg, f, k)]
    if not truncated:
        cut = truncated_fields(pkg, [f for f in out if kinds[f] == "slice"])
        out = [f for f in out if f not in cut]
    borrowed = borrowed_fields(pkg, out)
    return frozenset(f for f in out if f not in borrowed)


def _per_field(pkg: PackageModel, what: str, names, compute) -> dict:
    """{name: fact} for the field ``names``, each computed once per package by
    ``compute(pkg, name)``."""
    cache = pkg.cache.setdefault(what, {})
    for n in names:
        if n not in cache:
            cache[n] = compute(pkg, n)
    return {n: cache[n] for n in names}


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


def _visible_matches(pkg: PackageModel, q, tokens, hidden_counts=None,
                     must: bytes = b"") -> tuple[list, str | None]:
    """The matches of ``q`` (as ``pkg.scan`` gives them) in the declarations that hold
    one of ``tokens`` outside a body the partial parse left out, and the path of a
    file where a token lies in such a body (None when there is none). A fact that one
    match proves is settled without whole trees; one that needs every match raises
    :class:`NeedsWholeTree` for that path. A token in a left-out body counts only when
    it is code (not in a comment or string) and ``hidden_counts(source, match)``
    (when given) says it may be what the fact is about. ``must``: bytes every match
    of a token holds (a file without them is skipped at the cost of a byte search)."""
    hidden = None
    out = []
    for fm in pkg.files:
        src, spans = fm.source, fm.omitted
        if must and must not in src:
            continue
        at = []
        for tok in tokens:
            for m in tok.finditer(src):
                i = m.start()
                j = bisect.bisect_right(spans, (i, float("inf"))) - 1 if spans else -1
                if j < 0 or not spans[j][0] <= i < spans[j][1]:
                    at.append(i)
                elif hidden is None and in_code(src, i) \
                        and (hidden_counts is None or hidden_counts(src, m)):
                    hidden = fm.path
        if not at:
            continue
        at.sort()
        cursor = None
        for part in fm.tree.root_node.children:
            i = bisect.bisect_left(at, part.start_byte)
            if i == len(at) or at[i] >= part.end_byte:
                continue
            if cursor is None:
                cursor = QueryCursor(q)
            cursor.set_byte_range(part.start_byte, part.end_byte)
            out.extend((fm, index, caps) for index, caps in cursor.matches(fm.tree.root_node))
    return out, hidden


# Left-out bodies hold no raw string or block comment that spans lines (see
# parse._multiline_literal_lines), so one line, read from its start, tells code from
# strings and comments there.

def _line_code(src: bytes, start: int, end: int) -> bytes | None:
    """The code of ``src[start:end]`` (within one line, starting in code): strings
    and runes kept as their quotes, comments dropped; None when a string or block
    comment is still open at ``end``."""
    out = bytearray()
    j = start
    while j < end:
        c = src[j]
        if c in b'"\'`':
            k = j + 1
            while k < end and src[k] != c:
                k += 2 if c != 0x60 and src[k] == 0x5C else 1
            if k >= end:
                return None
            out += bytes((c, c))
            j = k + 1
        elif c == 0x2F and src[j + 1:j + 2] == b"/":
            break
        elif c == 0x2F and src[j + 1:j + 2] == b"*":
            k = src.find(b"*/", j + 2, end)
            if k < 0:
                return None
            out += b" "
            j = k + 2
        else:
            out.append(c)
            j += 1
    return bytes(out)


def _may_append(src: bytes, m, name: str) -> bool:
    """A left-out `X.f =` (or `X.f, ... =`, `X.f[k] =`) whose right side may append
    to it: `append(...)` or a call given `X.f` first. Not so for a comparison, a
    `,` inside brackets, or a right side that ends on its line (brackets closed, a
    last token that ends a statement) naming neither `append` nor `.f` in a call."""
    last = src[m.end() - 1:m.end()]
    end = src.find(b"\n", m.end())
    code = _line_code(src, m.end(), len(src) if end < 0 else end)
    if code is None:
        return True
    if last == b"[":
        return _may_store(code)
    if last == b",":
        return _lhs_goes_on(code)
    op = src[m.end() - 3:m.end() - 1]
    if op[-1:] in (b"<", b">") and op[:1] != op[-1:]:
        return False  # `<=`, `>=`
    if b"append" in code or re.search(rb"\(.*\.\s*" + re.escape(name.encode()) + rb"(?!\w)", code):
        return True
    code = code.rstrip()
    return not code or code[-1] not in ENDS_STATEMENT or code.count(b"(") != code.count(b")") \
        or code.count(b"[") != code.count(b"]") or code.count(b"{") != code.count(b"}")


def _lhs_goes_on(code: bytes) -> bool:
    """After `X.f,`: the line may still be an assignment's left side (no bracket
    closes before an assignment operator, or the line ends first)."""
    depth = 0
    for c in code:
        if c in b"([{":
            depth += 1
        elif c in b")]}":
            depth -= 1
            if depth < 0:
                return False  # an argument or element list
        elif c == 0x3D and depth == 0:  # `=`: an assignment (or `:=`) after the list
            return True
    return True


#: an assignment operator (`=`, `+=`, `<<=`...), not `==`, `!=`, `<=`, `>=`
_ASSIGN_OP = re.compile(rb"(?:<<|>>|&\^|[-+*/%&|^])?=(?!=)")


def _may_store(code: bytes) -> bool:
    """After a left-out `X.f[`: it may be `X.f[k] = v` (or `X.f[k], y = ...`): the
    line goes on past the brackets or holds an assignment operator or a comma
    after them."""
    depth = 1
    for k, c in enumerate(code):
        depth += (c in b"([{") - (c in b")]}")
        if depth == 0:
            rest = code[k + 1:]
            if b"," in rest:
                return True
            for op in _ASSIGN_OP.finditer(rest):
                if rest[op.start() - 1:op.start()] not in (b"=", b"!", b"<", b">", b":") \
                        or op.group() in (b"<<=", b">>="):
                    return True
            return False
    return True  # the brackets go on to the next line


def filled_as(pkg: PackageModel, name: str, kind: str) -> bool:
    """The package fills fields named ``name`` (any struct type) like a buffer of
    ``kind``: a slice when some `E.f = append(...)` (or a call that extends the E.f
    it is given first, like `strconv.AppendInt(E.f, ...)`) appends to it; a map
    also when some `E.f[k] = v` writes an element. A field only ever assigned
    `make(...)`, a reslice or another value is fixed-size scratch or a reference,
    not a growing buffer. Cached."""
    return _per_field(pkg, "pools.filled_" + kind, (name,),
                      lambda pkg, n: _filled(pkg, n, kind))[name]


#: what follows the field on an assignment's left side: `=`, `op=`, `,` (and `[k]`
#: for an element write)
_ASSIGNED = rb"(?:[-+*/%&|^<>]{0,3}=(?!=)|,)"
_ASSIGNED_ELEM = rb"(?:[-+*/%&|^<>]{0,3}=(?!=)|,|\[)"


def _filled(pkg: PackageModel, name: str, kind: str) -> bool:
    tokens = selector_tokens((name,), _ASSIGNED_ELEM if kind == "map" else _ASSIGNED)
    matches, hidden = _visible_matches(pkg, query(_FIELD_WRITES_Q), tokens,
                                       lambda src, m: _may_append(src, m, name), must=name.encode())
    for _, _, caps in matches:
        lhs = caps["left"][0].named_children
        rhs = caps["right"][0].named_children
        for i, left in enumerate(lhs):
            left = unparen(left)
            if left.type == "index_expression":
                target = unparen(left.child_by_field_name("operand"))
                if kind == "map" and target is not None and target.type == "selector_expression" \
                        and text(target.child_by_field_name("field")) == name:
                    return True
                continue
            if left.type != "selector_expression" or text(left.child_by_field_name("field")) != name:
                continue
            right = rhs[i] if len(rhs) == len(lhs) else None
            if _appends(right, name):
                return True
    if hidden:
        raise NeedsWholeTree(hidden)
    return False


_FIELD_SETS_Q = """
(assignment_statement
  left: (expression_list (selector_expression field: (field_identifier) @field) @lhs)
  right: (expression_list) @right) @assign
(keyed_element
  key: (literal_element (identifier) @key)
  value: (literal_element) @value)
"""


def borrowed_fields(pkg: PackageModel, names) -> frozenset[str]:
    """Those of the field ``names`` that only ever borrow a value for the length
    of one call: every function that sets `X.f` to something other than nil sets
    the same `X.f` back to nil later in its body (logrus's Entry.Buffer), and no
    composite literal sets it. A pooled value never keeps such a field. Cached."""
    facts = _per_field(pkg, "pools.borrowed", names, _borrowed)
    return frozenset(n for n in names if facts[n])


def _borrowed(pkg: PackageModel, name: str) -> bool:
    from golint_mem.model.scope import top_function

    writes = []  # [(function, lhs text, start, is_nil)]
    # `f: v` in a composite literal: the name, blanks or comments, a `:` (not `:=`)
    keys = re.compile(re.escape(name.encode()) + rb"(?!\w)" + GAP + rb":(?!=)")
    matches, hidden = _visible_matches(
        pkg, query(_FIELD_SETS_Q), selector_tokens((name,), _ASSIGNED) + (keys,), must=name.encode())
    for _, _, caps in matches:
        if "key" in caps:
            value = caps["value"][0].named_children
            if text(caps["key"][0]) == name and not (value and value[0].type == "nil"):
                return False  # a literal keeps a value in it
            continue
        if text(caps["field"][0]) != name:
            continue
        lhs = caps["lhs"][0]
        lefts = caps["assign"][0].child_by_field_name("left").named_children
        rights = caps["right"][0].named_children
        if len(lefts) != len(rights):
            return False
        right = unparen(rights[lefts.index(lhs)]) if lhs in lefts else None
        if _guarded_self_append(lhs, right):
            continue  # extends a borrow already in progress; starts none
        is_nil = right is not None and right.type == "nil"
        writes.append((top_function(lhs), text(lhs), lhs.start_byte, is_nil))

    def cleared_here(fn, lhs, start) -> bool:
        return any(fn2 == fn and lhs2 == lhs and nil2 and start2 > start
                   for fn2, lhs2, start2, nil2 in writes)

    # a set that nothing can clear (not in an unexported method on its receiver, not
    # cleared later in its own function) settles it before any other body is read
    if any(not is_nil and not _may_be_cleared_by_callers(fn, lhs, name)
           and not cleared_here(fn, lhs, start) for fn, lhs, start, is_nil in writes):
        return False
    if hidden:
        raise NeedsWholeTree(hidden)
    if not writes:
        return False  # never set: nothing shows it is borrowed
    clearers = {text(fn.child_by_field_name("name")) for fn, lhs, _, is_nil in writes
                if is_nil and fn.type == "method_declaration" and lhs == f"{_recv_name(fn)}.{name}"}
    return all(
        cleared_here(fn, lhs, start) or _cleared_by_callers(pkg, fn, lhs, name, writes, clearers, 0)
        for fn, lhs, start, is_nil in writes if not is_nil
    )


def _may_be_cleared_by_callers(fn: Node, lhs: str, name: str) -> bool:
    """:func:`_cleared_by_callers`' first test: an unexported method setting its
    receiver's field."""
    if fn.type != "method_declaration":
        return False
    mname = text(fn.child_by_field_name("name"))
    return bool(mname) and not mname[0].isupper() and lhs == f"{_recv_name(fn)}.{name}"


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
    from golint_mem.dataflow import callers
    from golint_mem.model.scope import func_info_of

    if depth >= MAX_BORROW_DEPTH or not _may_be_cleared_by_callers(fn, lhs, name):
        return False
    info = func_info_of(pkg, fn)
    if info is None:
        return False
    sites = callers(pkg, info.key)
    if not sites:
        return False
    for site, caller in sites:
        callee_fn = unparen(site.node.child_by_field_name("function"))
        if site.context != "direct" or callee_fn is None or callee_fn.type != "selector_expression":
            return False
        o = text(callee_fn.child_by_field_name("operand"))
        at = site.node.end_byte
        if any(fn2 == caller.decl and lhs2 == f"{o}.{name}" and nil2 and start2 > at
               for fn2, lhs2, start2, nil2 in writes):
            continue
        if clearers and any(
                text(c["o"][0]) == o and text(c["m"][0]) in clearers and c["call"][0].start_byte > at
                for _, c in _matches(query(_RECV_CALLS_Q), caller.node)):
            continue
        if not _cleared_by_callers(pkg, caller.decl, f"{o}.{name}", name, writes, clearers, depth + 1):
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


def truncated_fields(pkg: PackageModel, names) -> frozenset[str]:
    """Those of the field ``names`` that the package only ever uses truncated:
    every `X.f` is `X.f[:0]`, the target of `X.f = ...`, inside `cap(X.f)`, or a
    read that follows a refill `X.f = g(X.f[:0], ...)` earlier in the same
    function. Stale contents of such a field can never be read, so it needs no
    reset (RULES.md MEM002). Cached."""
    facts = _per_field(pkg, "pools.truncated", names, _truncated)
    return frozenset(n for n in names if facts[n])


def _truncated(pkg: PackageModel, name: str) -> bool:
    from golint_mem.model.scope import enclosing_function

    seen = False
    refills: dict[tuple, list[int]] = {}  # (function, `X.f` text) -> refill offsets
    reads = []
    matches, hidden = _visible_matches(pkg, query(_SELECTORS_Q), selector_tokens((name,)),
                                       must=name.encode())
    for _, _, caps in matches:
        sel = caps["sel"][0]
        if text(caps["f"][0]) != name:
            continue
        seen = True
        if _truncated_use(sel):
            if _refill(sel):
                fn = enclosing_function(sel)
                refills.setdefault((key_of(fn), text(sel)), []).append(sel.start_byte)
            continue
        reads.append(sel)
    for sel in reads:
        # a read after a refill from `X.f[:0]` earlier in the same function
        # (msgp's `src.scratch = strconv.AppendInt(src.scratch[:0], ...)`) sees fresh
        # data; a read without one settles it (the refill would be in the same body)
        fn = enclosing_function(sel)
        if not any(at < sel.start_byte for at in refills.get((key_of(fn), text(sel)), ())):
            return False
    if hidden:
        raise NeedsWholeTree(hidden)
    return seen


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


def field_fillers(pkg: PackageModel, names) -> dict[str, frozenset[str]]:
    """{field name: keys of the top-level functions that fill it} for the field
    ``names``: append to it, write it by key, write into it (a method other than
    a reader on a buffer field), or hand `&X.f` to a call. By field name, any
    struct type. Cached."""
    return _per_field(pkg, "pools.fillers", names, _fillers)


def _fillers(pkg: PackageModel, name: str) -> frozenset[str]:
    from golint_mem.model.scope import func_info_of, top_function

    out: set[str] = set()
    matches, hidden = _visible_matches(pkg, query(_SELECTORS_Q), selector_tokens((name,)), must=name.encode())
    if hidden:
        raise NeedsWholeTree(hidden)
    for _, _, caps in matches:
        sel = caps["sel"][0]
        if sel.child_by_field_name("operand") is None or text(caps["f"][0]) != name or not _fills(sel, name):
            continue
        info = func_info_of(pkg, top_function(sel))
        out.add(info.key if info is not None else "")
    return frozenset(out)


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
    "filled_as", "fresh_value", "truncated_fields",
    "is_pool_type", "package_uses_sync", "pool_gets", "pool_identity", "zero_slice",
]
