"""`runtime.SetFinalizer` / `runtime.AddCleanup` calls and the function they register.

MEM003 asks what the registered function does when it runs; MEM010 asks what
it holds on to. Both start from the same answer: which call this is, which
argument is the object, and what the function argument denotes: a function
literal (written in place, or bound to a local that is assigned only that
literal before the call), a same-package function, a method expression
``(*T).m`` or a method value ``v.m``.
"""

from __future__ import annotations

from typing import NamedTuple

from tree_sitter import Node

from golint_mem.dataflow import method_expression_type, resolve_func_value
from golint_mem.model.package import FuncInfo, PackageModel
from golint_mem.model.scope import FUNC_NODES
from golint_mem.parse import text, unparen

QUERY = """
(call_expression
  function: (selector_expression
    operand: (identifier) @pkg
    field: (field_identifier) @fname (#any-of? @fname "SetFinalizer" "AddCleanup"))
  arguments: (argument_list)) @call
"""


class Registered(NamedTuple):
    """What a finalizer or cleanup argument denotes."""

    kind: str  # "literal" | "func" | "method_expr" | "method_value"
    node: Node  # the argument as written
    literal: Node | None = None  # kind "literal": the func_literal (maybe via a local)
    info: FuncInfo | None = None  # the same-package declaration, when one is named
    receiver: Node | None = None  # kind "method_value": the bound operand ``v`` of ``v.m``


class FinalizerCall(NamedTuple):
    call: Node
    what: str  # "finalizer" | "cleanup"
    obj: Node  # SetFinalizer's obj, AddCleanup's ptr
    fn: Node  # the function argument, parentheses removed
    arg: Node | None  # AddCleanup's arg
    target: Registered | None  # None: nil, or not resolvable from the source


def pick(pkg: PackageModel, key: str, from_file) -> FuncInfo | None:
    """The declaration a reference to ``key`` from ``from_file`` means. With
    build-tagged variants in several files, the one in ``from_file``; when
    none is there the reference is ambiguous and is not followed (None)."""
    variants = pkg.variants.get(key, ())
    if len(variants) == 1:
        return variants[0]
    return next((v for v in variants if v.file is from_file), None)


def finalizer_call(ctx, caps) -> FinalizerCall | None:
    """The registration a query match (``QUERY``) is, when ``pkg`` really is
    the runtime package (renamed imports included) and the call has its
    arguments."""
    call = caps["call"][0]
    pkg_ident = caps["pkg"][0]
    if ctx.file.imports.get(text(pkg_ident)) != "runtime":
        return None
    scope = ctx.scope(call)
    d = scope.decl_of(pkg_ident)
    if d is None or d.kind != "import" or d.import_path != "runtime":
        return None
    args = call.child_by_field_name("arguments")
    argv = [a for a in args.named_children if a.type != "comment"]
    if len(argv) < 2:
        return None
    what = "cleanup" if text(caps["fname"][0]) == "AddCleanup" else "finalizer"
    fn = unparen(argv[1])
    arg = argv[2] if what == "cleanup" and len(argv) > 2 else None
    return FinalizerCall(call, what, unparen(argv[0]), fn, arg, _resolve(ctx, scope, call, fn))


def _resolve(ctx, scope, call: Node, fn: Node) -> Registered | None:
    if fn is None or fn.type == "nil":
        return None
    if fn.type == "func_literal":
        return Registered("literal", fn, literal=fn)
    if fn.type == "identifier":
        d = scope.decl_of(fn)
        if d is not None and d.is_local:
            lit = bound_literal(ctx, scope, d, call)
            return Registered("literal", fn, literal=lit) if lit is not None else None
    pkg = ctx.package
    info = resolve_func_value(pkg, scope, ctx.types(call), fn)
    info = pick(pkg, info.key, ctx.file) if info is not None else None
    if info is None:
        return None
    if fn.type == "identifier":
        return Registered("func", fn, info=info)
    operand = fn.child_by_field_name("operand")
    if method_expression_type(pkg, scope, operand) is not None:
        return Registered("method_expr", fn, info=info)
    return Registered("method_value", fn, info=info, receiver=unparen(operand))


def bound_literal(ctx, scope, d, use: Node) -> Node | None:
    """The function literal a local ``d`` holds at ``use``: its only
    assignment before ``use`` is a literal, made in the function that
    contains ``use`` (not in a branch or loop that ``use`` is outside of),
    and nothing assigns it between that and ``use`` or takes its address."""
    assigned = []
    if d.value is not None and d.values_count == d.names_count:
        assigned.append((d.node, d.value))
    for a in scope.assignments:
        if a.op == "range":
            if any(scope.decl_of(left) is d for left in a.lhs if left.type == "identifier"):
                return None
            continue
        for i, left in enumerate(a.lhs):
            if left.type == "identifier" and left != d.node and scope.decl_of(left) is d:
                if len(a.rhs) != len(a.lhs) or a.op != "=":
                    return None
                assigned.append((left, a.rhs[i]))
    before = [(left, v) for left, v in assigned if left.end_byte <= use.start_byte]
    if not before:
        return None
    left, value = max(before, key=lambda lv: lv[0].start_byte)
    value = unparen(value)
    if value is None or value.type != "func_literal":
        return None
    if not _dominates(left, use):
        return None
    return value


def _dominates(assign: Node, use: Node) -> bool:
    """``assign``'s statement sits in a block that encloses ``use`` within one
    function (so it ran before ``use``, not only on some paths)."""
    stmt = assign
    while stmt.parent is not None and stmt.parent.type not in ("block", "source_file"):
        if stmt.type in FUNC_NODES:
            return False
        stmt = stmt.parent
    block = stmt.parent
    if block is None:
        return False
    n = use
    while n is not None and n != block:
        if n.type in FUNC_NODES:
            return False
        n = n.parent
    return n is not None
