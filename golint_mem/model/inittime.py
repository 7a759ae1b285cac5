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

import re

from tree_sitter import Node

from golint_mem.model.package import PackageModel
from golint_mem.model.scope import enclosing_function
from golint_mem.parse import ancestors, captures, query, text, unparen

_IDENTS = "(identifier) @id"


def is_initialisation(pkg: PackageModel, file, node: Node) -> bool:
    """Whether ``node`` runs only during the package's initialisation."""
    where = _context(pkg, file, node)
    return where == "init" or (where is not None and where in _init_only_functions(pkg))


def _context(pkg: PackageModel, file, node: Node) -> str | None:
    """"init" for initialisation code; else the name of the enclosing unexported
    top-level function, or None (methods, exported functions, goroutines, and
    function literals that are not called in place: they may run at any time)."""
    for a in ancestors(node):
        t = a.type
        if t == "func_literal":
            if _is_once_do_argument(pkg, file, a):
                return "init"
            if not _called_in_place(a):
                return None
        elif t == "go_statement" or t == "method_declaration":
            return None
        elif t == "function_declaration":
            name = text(a.child_by_field_name("name"))
            if name == "init":
                return "init"
            return None if name[:1].isupper() else name
    return "init"  # a package-level variable's initialiser


def _called_in_place(lit: Node) -> bool:
    """`func() {...}()`, or `f := func() {...}` where every other use of `f` in
    the function is a plain call `f(...)` (cmd/internal/obj's register tables)."""
    v = lit
    while v.parent is not None and v.parent.type == "parenthesized_expression":
        v = v.parent
    p = v.parent
    if p is not None and p.type == "call_expression" and p.child_by_field_name("function") == v:
        return True
    decl = p.parent if p is not None and p.type == "expression_list" else None
    if decl is None or decl.type != "short_var_declaration" or decl.child_by_field_name("right") != p \
            or p.named_child_count != 1:
        return False
    left = decl.child_by_field_name("left").named_children
    body = decl.parent
    if len(left) != 1 or left[0].type != "identifier" or body is None:
        return False
    name, calls, owner = text(left[0]), 0, enclosing_function(decl)
    for ident in captures(query(_IDENTS), body).get("id", []):
        if text(ident) != name or ident == left[0] or ident.start_byte < decl.start_byte:
            continue
        call = ident.parent
        # a call from a nested literal or a goroutine runs whenever they do
        if call is None or call.type != "call_expression" or call.child_by_field_name("function") != ident \
                or call.parent.type == "go_statement" or enclosing_function(call) != owner:
            return False
        calls += 1
    return calls > 0


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


_WORD = re.compile(rb"\w+")


def _init_only_functions(pkg: PackageModel) -> frozenset[str]:
    """Unexported top-level functions referenced only from initialisation code
    (or from other such functions), cached per package."""
    cached = pkg.cache.get("init_only_functions")
    if cached is not None:
        return cached
    # name -> contexts of its references; a name with no reference is not a candidate
    refs: dict[str, list[str | None]] = {}
    names = [n.encode() for n in pkg.funcs if n != "init" and not n[:1].isupper()]
    for fm in pkg.files:
        # a file that names none of them is not walked (most files of a package);
        # a non-ASCII name is not one word of the search below, so it always counts
        words = set(_WORD.findall(fm.source)) if names else set()
        if not any(n in words or not n.isascii() for n in names):
            continue
        for ident in captures(query(_IDENTS), fm.tree.root_node).get("id", []):
            name = text(ident)
            info = pkg.funcs.get(name)
            if info is None or name == "init" or name[:1].isupper():
                continue
            p = ident.parent
            if p is not None and p.type == "function_declaration" \
                    and p.child_by_field_name("name") == ident:
                continue  # the declaration itself
            if p is not None and p.type == "call_expression" and p.child_by_field_name("function") == ident:
                where = _context(pkg, fm, ident)
            elif _is_once_do_argument(pkg, fm, ident):
                where = "init"
            else:
                where = None  # a function value: whoever holds it may call it at any time
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


__all__ = ["is_initialisation"]
