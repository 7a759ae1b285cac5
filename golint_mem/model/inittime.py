"""Which code runs only while the package sets itself up.

*Initialisation code* is: a ``func init()``; a package-level variable's
initialiser (``var x = f()``, ``var _ = func() bool {...}()``); a function
literal handed to ``Do`` on a ``sync.Once``; and an unexported same-package
function every reference to which is initialisation code (``once.Do(readServices)``,
``registerDriver`` called only from ``init``). Such code runs a bounded number
of times, whatever traffic the program sees.

References are found by name over the package's files, once per package; the
functions reached only from initialisation code are the greatest fixed point
(a function referenced from nowhere else, or only from other such functions),
computed without recursion.
"""

from __future__ import annotations

from tree_sitter import Node

from golint_mem.model.package import PackageModel
from golint_mem.parse import ancestors, captures, query, text, unparen

_IDENTS = "(identifier) @id"


def is_initialisation(pkg: PackageModel, file, node: Node) -> bool:
    """Whether ``node`` runs only during the package's initialisation."""
    where = _context(pkg, file, node)
    return where == "init" or (where is not None and where in _init_only_functions(pkg))


def _context(pkg: PackageModel, file, node: Node) -> str | None:
    """"init" for initialisation code; the name of the enclosing unexported
    top-level function otherwise (None for methods and exported functions)."""
    n = node
    for a in ancestors(node):
        if a.type == "func_literal" and _is_once_do_argument(pkg, file, a):
            return "init"
        if a.type == "method_declaration":
            return None
        if a.type == "function_declaration":
            name = text(a.child_by_field_name("name"))
            if name == "init" and a.child_by_field_name("receiver") is None:
                return "init"
            return name if not name[:1].isupper() else None
        n = a
    # no function declaration around it: a package-level initialiser
    return "init" if n.type == "source_file" or n.parent is None else "init"


def _is_once_do_argument(pkg: PackageModel, file, value: Node) -> bool:
    """`o.Do(value)` with `o` of resolved type sync.Once (or a pointer to one)."""
    from golint_mem.model.infer import package_types, types_for
    from golint_mem.model.scope import FUNC_NODES, function_scope, top_function

    v = value
    while v.parent is not None and v.parent.type == "parenthesized_expression":
        v = v.parent
    args = v.parent
    call = args.parent if args is not None else None
    if args is None or args.type != "argument_list" or args.named_child_count != 1 \
            or call is None or call.type != "call_expression":
        return False
    fn = unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression" or text(fn.child_by_field_name("field")) != "Do":
        return False
    operand = fn.child_by_field_name("operand")
    types = types_for(function_scope(pkg, file, operand)) \
        if top_function(operand).type in FUNC_NODES else package_types(pkg, file)
    t = types.type_of(operand)
    t = t.named_or_pointee() if t is not None else None
    return t is not None and t.is_named("sync", "Once")


def _init_only_functions(pkg: PackageModel) -> frozenset[str]:
    """Unexported top-level functions referenced only from initialisation code
    (or from other such functions), cached per package."""
    cached = pkg.cache.get("init_only_functions")
    if cached is not None:
        return cached
    # name -> contexts of its references; a name with no reference is not a candidate
    refs: dict[str, list[str | None]] = {}
    for fm in pkg.files:
        for ident in captures(query(_IDENTS), fm.tree.root_node).get("id", []):
            name = text(ident)
            info = pkg.funcs.get(name)
            if info is None or name == "init" or name[:1].isupper():
                continue
            p = ident.parent
            if p is not None and p.type == "function_declaration" \
                    and p.child_by_field_name("name") == ident:
                continue  # the declaration itself
            if p is not None and p.type == "call_expression" or _passed_to_once(pkg, fm, ident):
                where = "init" if _passed_to_once(pkg, fm, ident) else _context(pkg, fm, ident)
            else:
                where = _context(pkg, fm, ident)
                if where != "init":
                    where = None  # a function value taken outside initialisation: may run any time
            refs.setdefault(name, []).append(where)
    alive = {n for n, ctxs in refs.items() if all(c is not None for c in ctxs)}
    changed = True
    while changed:
        changed = False
        for name in list(alive):
            if any(c != "init" and c not in alive for c in refs[name]):
                alive.discard(name)
                changed = True
    result = frozenset(alive)
    pkg.cache["init_only_functions"] = result
    return result


def _passed_to_once(pkg: PackageModel, file, ident: Node) -> bool:
    return _is_once_do_argument(pkg, file, ident)


__all__ = ["is_initialisation"]
