"""Whether a local's value may outlive the function that made it.

A fix that releases a value when its function returns (`defer cancel()`,
`defer t.Stop()`) is only safe when nothing still uses the value after that:
it is not returned, sent, stored outside the function's locals, passed to a
`go` statement, or captured by a function literal that can run later. MEM006
and MEM007 ask this before offering their fix as safe.

Values derived from the local are followed through the dataflow graph
(`req := req.WithContext(ctx)`, `resp, err := do(ctx)`): a derived value that
escapes makes the local escape too. A returned value only counts when the
function's results can hold it (not `error`, numbers, strings, booleans or
slices of these). Conservative: any use the walk cannot place counts as an
escape, so an answer of None means "stays inside".
"""

from __future__ import annotations

import re

from tree_sitter import Node

from golint_mem.model.scope import FUNC_NODES, Decl
from golint_mem.parse import parent, text

#: expressions whose value is built from (or is) their operand's
_EXPRESSIONS = frozenset((
    "argument_list", "call_expression", "selector_expression", "index_expression",
    "slice_expression", "unary_expression", "binary_expression", "parenthesized_expression",
    "type_assertion_expression", "type_conversion_expression", "composite_literal",
    "literal_value", "literal_element", "keyed_element", "expression_list",
))
_ASSIGNS = ("short_var_declaration", "assignment_statement", "var_spec")
#: result types that cannot hold a context, a timer or a pointer of any kind
_PLAIN = frozenset((
    "error", "bool", "string", "byte", "rune", "int", "int8", "int16", "int32", "int64",
    "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "float32", "float64",
    "complex64", "complex128",
))
_MAX_DERIVED = 200
#: calls that may keep an argument past their return: start work in the background
#: (`w.Start(ctx)`, `Serve`, `Watch`), store it (`Register`, `Set`, `Enqueue`) or hand
#: it to subscribers (`Publish`: v2ray's stats channel publishes from a goroutine)
_KEEPS = re.compile(
    r"^(?:[Gg]o|[Ss]tart|[Rr]un|[Ss]erve|[Ll]isten|[Ss]pawn|[Ll]aunch|[Ww]atch|[Ss]ubscribe|[Rr]egister"
    r"|[Ss]tore|[Ss]et|[Pp]ut|[Pp]ush|[Ee]nqueue|[Ss]ubmit|[Ss]chedule|[Bb]ackground|[Pp]ublish|[Ee]mit"
    r"|[Nn]otify|[Dd]ispatch)(?:[A-Z_0-9]|$)|Async")


def escape(flow, d: Decl, callees: bool = True, returns: bool = True) -> Node | None:
    """The first use through which the value of ``d`` (or of a local derived from
    it) may outlive the function declaring ``d``; None when it provably stays.
    With ``callees``, an argument of a same-package function counts when that
    function's parameter escapes it (one level down); ``returns`` says whether a
    return counts (a callee's return comes back to the caller, which follows it)."""

    def keeps(call: Node, arg: Node) -> bool:
        return _keeps(call) or (callees and _callee_keeps(flow, call, arg))

    seen = {d}
    todo = [d]
    while todo:
        cur = todo.pop()
        if cur is not d and (not cur.is_local or cur.kind in ("param", "recv", "result")):
            return cur.node if cur.node is not None else d.node  # written into the caller's
        for use in flow.uses(cur):
            where = _escapes(use, cur.owner, keeps, returns)
            if where is not None:
                return where
        if cur not in flow.graph:
            continue
        for _, dst, _data in flow.graph.out_edges(cur, data=True):
            if dst not in seen:
                if len(seen) >= _MAX_DERIVED:
                    return d.node  # too much to follow: assume the worst
                seen.add(dst)
                todo.append(dst)
    return None


def captured_later(use: Node, owner: Node | None) -> Node | None:
    """The `go` statement or function literal through which ``use`` may run after
    ``owner`` (the function declaring the variable) returns: a literal that is not
    called in place (nor deferred), or any `go` statement between them. None when
    every function between them runs now."""
    n = use
    while (p := parent(n)) is not None and p != owner:
        if p.type == "go_statement":
            return p
        if p.type == "func_literal" and not _runs_now(p):
            return p
        if p.type in ("function_declaration", "method_declaration"):
            return None
        n = p
    return None


def _runs_now(lit: Node) -> bool:
    """`func() { ... }()` or `defer func() { ... }()`: done before the function returns."""
    p = parent(lit)
    while p is not None and p.type == "parenthesized_expression":
        lit, p = p, parent(p)
    return p is not None and p.type == "call_expression" and p.child_by_field_name("function") == lit \
        and (parent(p) is None or parent(p).type != "go_statement")


def _escapes(use: Node, owner: Node | None, keeps, returns: bool) -> Node | None:
    """Where one occurrence hands its value (or one built from it) out of ``owner``."""
    later = captured_later(use, owner)
    if later is not None:
        return later
    n = use
    # a call, a literal or an operator built from the value may carry it: follow it up
    while (p := parent(n)) is not None and p.type in _EXPRESSIONS:
        if p.type == "argument_list" and keeps(parent(p), n):
            return parent(p)
        n = p
    if p is None:
        return use
    t = p.type
    if t == "return_statement":
        return None if not returns or _plain_results(p) else p
    if t == "send_statement":
        return p if n == p.child_by_field_name("value") else None
    if t in ("go_statement",):
        return p
    if t in _ASSIGNS:
        values = p.child_by_field_name("right") if t != "var_spec" else p.child_by_field_name("value")
        if n != values:
            return None  # written, not read
        targets = p.child_by_field_name("left").named_children if t != "var_spec" \
            else p.children_by_field_name("name")
        for target in targets:
            while target.type == "parenthesized_expression" and target.named_children:
                target = target.named_children[0]
            if target.type != "identifier":
                return p  # into a field, an element or a pointee
        return None  # locals: followed through the dataflow graph
    return None


def _keeps(call: Node | None) -> bool:
    fn = call.child_by_field_name("function") if call is not None else None
    if fn is not None and fn.type == "selector_expression":
        fn = fn.child_by_field_name("field")
    return fn is not None and bool(_KEEPS.search(text(fn)))


def _callee_keeps(flow, call: Node, arg: Node) -> bool:
    """Whether the same-package function ``call`` invokes lets its parameter for
    ``arg`` escape (a `go` statement, a store, a later closure in its body)."""
    from golint_mem.dataflow import function_flow, resolve_callee
    from golint_mem.model.infer import types_for
    from golint_mem.model.scope import function_scope

    scope = flow.scope
    info = resolve_callee(scope.pkg, scope, types_for(scope), call)
    args = call.child_by_field_name("arguments")
    params = info.decl.child_by_field_name("parameters") if info is not None else None
    if params is None or args is None:
        return False
    names: list[Node | None] = []
    for decl in params.named_children:
        if decl.type != "parameter_declaration":
            return False  # variadic: arguments and parameters do not line up
        names.extend(decl.children_by_field_name("name") or [None])
    values = args.named_children
    if len(names) != len(values) or arg not in values:
        return False
    ident = names[values.index(arg)]
    pd = function_scope(scope.pkg, info.file, info.node).decl_of(ident) if ident is not None else None
    if pd is None:
        return False
    return escape(function_flow(scope.pkg, info.file, info.node), pd, callees=False, returns=False) is not None


def _plain_results(ret: Node) -> bool:
    fn = ret
    while fn is not None and fn.type not in FUNC_NODES:
        fn = parent(fn)
    if fn is None:
        return False
    result = fn.child_by_field_name("result")
    if result is None:
        return True
    types = [c.child_by_field_name("type") for c in result.named_children] \
        if result.type == "parameter_list" else [result]
    return all(_plain(t) for t in types)


def _plain(t: Node | None) -> bool:
    while t is not None and t.type in ("slice_type", "array_type"):
        t = t.child_by_field_name("element")
    return t is not None and t.type == "type_identifier" and text(t) in _PLAIN

