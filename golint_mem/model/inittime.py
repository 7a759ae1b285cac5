"""Which code runs only while the package sets itself up.

*Initialisation code* is: a ``func init()``; a package-level variable's
initialiser (``var x = f()``, ``var _ = func() bool {...}()``); a function
literal handed to ``Do`` on a ``sync.Once``; and an unexported same-package
function every reference to which is initialisation code (``once.Do(readServices)``,
``registerDriver`` called only from ``init``). Such code runs a bounded number
of times, whatever traffic the program sees.

References are found by name (a byte search, then the tree at each
occurrence), only for the functions that can reach the one asked about; the
functions reached only from initialisation code are the greatest fixed point
(a function referenced from nowhere else, or only from other such functions),
computed without recursion.
"""

from __future__ import annotations

from tree_sitter import Node

from golint_mem.model.occurrences import identifiers, occurrences
from golint_mem.model.package import NeedsWholeTree, PackageModel
from golint_mem.model.scope import enclosing_function
from golint_mem.parse import ancestors, text, unparen


def is_initialisation(pkg: PackageModel, file, node: Node) -> bool:
    """Whether ``node`` runs only during the package's initialisation."""
    where = init_context(pkg, file, node)
    if where is None or where == "init":
        return where == "init"
    got = init_only(pkg, where)
    if got is None:
        raise NeedsWholeTree()  # a caller in a left-out body, in any file: all whole
    return got


def init_context(pkg: PackageModel, file, node: Node) -> str | None:
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
    for ident in identifiers(body, name, decl.start_byte):
        if ident == left[0]:
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


def init_only(pkg: PackageModel, name: str) -> bool | None:
    """Whether the unexported top-level function ``name`` is referenced only from
    initialisation code or from other such functions (the greatest fixed point:
    it is, unless a function that can reach it has a reference elsewhere, or none
    at all). Only the functions that can reach it are looked at; cached per package.

    None when the parsed code leaves the answer open and a reference lies in a
    body the partial parse left out (for a caller that may have its answer
    elsewhere; :func:`is_initialisation` then raises ``NeedsWholeTree``)."""
    cache = pkg.cache.setdefault("init_only", {})
    if name in cache:
        return cache[name]
    seen, todo, hidden, got = {name}, [name], None, True
    while todo:
        contexts, left_out = _references(pkg, todo.pop())
        if None in contexts or not (contexts or left_out):
            got = False
            break
        hidden = hidden or left_out
        for c in contexts:
            if c != "init" and c not in seen:
                seen.add(c)
                todo.append(c)
    if got and hidden is not None:
        got = None
    cache[name] = got
    return got


def _references(pkg: PackageModel, name: str) -> tuple[list[str | None], str | None]:
    """The contexts (see :func:`init_context`) of the references to function ``name``
    in the parsed code, and a file where one may lie in a left-out body."""
    cache = pkg.cache.setdefault("init_refs", {})
    got = cache.get(name)
    if got is not None:
        return got
    found, left_out = occurrences(pkg, name)
    hidden = left_out[0][0].path if left_out else None
    word = name.encode()
    out: list[str | None] = []
    for fm, offsets in found:
        root = fm.tree.root_node
        for i in offsets:
            ident = root.descendant_for_byte_range(i, i + len(word))
            if ident is None or ident.type != "identifier" or ident.text != word:
                continue  # in a comment, a string, a longer name
            p = ident.parent
            if p is not None and p.type == "function_declaration" \
                    and p.child_by_field_name("name") == ident:
                continue  # the declaration itself
            if p is not None and p.type == "call_expression" and p.child_by_field_name("function") == ident:
                out.append(init_context(pkg, fm, ident))
            elif _is_once_do_argument(pkg, fm, ident):
                out.append("init")
            else:
                out.append(None)  # a function value: whoever holds it may call it at any time
    got = cache[name] = (out, hidden)
    return got


__all__ = ["init_context", "init_only", "is_initialisation"]
