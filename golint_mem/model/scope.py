"""Scopes of one top-level function: every local declaration and what each identifier refers to.

Built on demand, for functions in which a rule has a candidate. Follows Go's
scoping: a name declared by ``:=`` or ``var`` is visible after its statement,
parameters of a function literal only inside it, range and type-switch
variables only in their statement or case.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from tree_sitter import Node

from golint_mem.model.package import FileModel, FuncInfo, PackageModel
from golint_mem.parse import ancestors as ts_ancestors, outermost as ts_outermost, text

FUNC_NODES = ("function_declaration", "method_declaration", "func_literal")


def key(node: Node) -> tuple[int, int]:
    return (node.start_byte, node.end_byte)


@dataclass(eq=False)
class Decl:
    """A declared name: a local, a parameter, or a package-level object."""

    name: str
    kind: str  # param recv result var const range typeswitch pkgvar func pkgconst import
    node: Node | None  # the declaring identifier (None for imports)
    owner: Node | None  # the function (declaration or literal) declaring it; None at package level
    file: FileModel | None = None
    type_node: Node | None = None
    #: initialiser: the expression, its index among the values and the count of names
    value: Node | None = None
    value_index: int = 0
    names_count: int = 1
    values_count: int = 1
    #: range variables: the ranged expression (value_index 0 = key, 1 = value)
    range_of: Node | None = None
    #: type-switch variables: the asserted expression and the case's single type node
    switch_value: Node | None = None
    #: for package-level objects
    import_path: str = ""
    cache: dict = field(default_factory=dict)

    @property
    def is_local(self) -> bool:
        return self.owner is not None

    @property
    def is_loop_var(self) -> bool:
        return bool(self.cache.get("loop"))

    def __repr__(self) -> str:
        return f"Decl({self.name!r}, {self.kind})"


@dataclass(eq=False)
class Assignment:
    """`lhs... (op) rhs...` from =, op=, :=, var specs and range clauses."""

    node: Node
    lhs: list[Node]
    rhs: list[Node]
    op: str  # "=", ":=", "+=", "var", "range"


class _Scope:
    __slots__ = ("names", "parent")

    def __init__(self, parent: "_Scope | None"):
        self.names: dict[str, Decl] = {}
        self.parent = parent

    def lookup(self, name: str) -> Decl | None:
        s = self
        while s is not None:
            d = s.names.get(name)
            if d is not None:
                return d
            s = s.parent
        return None


class FunctionScope:
    """Resolution for one top-level function (and every literal nested in it)."""

    def __init__(self, pkg: PackageModel, file: FileModel, root: Node):
        self.pkg = pkg
        self.file = file
        self.root = root
        self.refs: dict[tuple[int, int], Decl] = {}
        self.decls: list[Decl] = []
        self.assignments: list[Assignment] = []
        #: function nodes (root and literals), outermost first
        self.functions: list[Node] = []
        self._owner_stack: list[Node] = []
        old = sys.getrecursionlimit()
        # the walk recurses about 9 frames per nested closure; from Python 3.11 on,
        # Python-to-Python calls use no C stack, so a deep limit is only memory
        sys.setrecursionlimit(max(old, 400_000 if sys.version_info >= (3, 11) else 20000))
        try:
            self._visit_function(root, _Scope(None))
        finally:
            sys.setrecursionlimit(old)

    # -- queries -------------------------------------------------------------
    def decl_of(self, ident: Node) -> Decl | None:
        """What an identifier (reference or declaration) refers to."""
        d = self.refs.get(key(ident))
        if d is not None:
            return d
        if ident.type == "identifier":
            return package_decl(self.pkg, self.file, text(ident))
        return None

    def owner_of(self, node: Node) -> Node | None:
        """The innermost function (declaration or literal) containing node."""
        return enclosing_function(node)

    # -- the walk ------------------------------------------------------------
    def _declare(self, scope: _Scope, ident: Node, kind: str, **kw) -> Decl | None:
        name = text(ident)
        if name == "_" or not name:
            return None
        d = Decl(name, kind, ident, self._owner_stack[-1], self.file, **kw)
        scope.names[name] = d
        self.refs[key(ident)] = d
        self.decls.append(d)
        return d

    def _params(self, plist: Node | None, scope: _Scope, kind: str) -> None:
        if plist is None:
            return
        for decl in plist.named_children:
            if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                continue
            tnode = decl.child_by_field_name("type")
            for n in decl.children_by_field_name("name"):
                d = self._declare(scope, n, kind, type_node=tnode)
                if d is not None and decl.type == "variadic_parameter_declaration":
                    d.cache["variadic"] = True

    def _visit_function(self, fn: Node, scope: _Scope) -> None:
        self.functions.append(fn)
        self._owner_stack.append(fn)
        inner = _Scope(scope)
        self._params(fn.child_by_field_name("receiver"), inner, "recv")
        self._params(fn.child_by_field_name("parameters"), inner, "param")
        self._params(fn.child_by_field_name("result"), inner, "result")
        body = fn.child_by_field_name("body")
        if body is not None:
            self._visit(body, inner)
        self._owner_stack.pop()

    def _visit_children(self, node: Node, scope: _Scope) -> None:
        for c in node.named_children:
            self._visit(c, scope)

    def _visit(self, node: Node, scope: _Scope) -> None:
        t = node.type
        if t == "identifier":
            d = scope.lookup(text(node))
            if d is not None:
                self.refs[key(node)] = d
            return
        handler = _HANDLERS.get(t)
        if handler is not None:
            handler(self, node, scope)
        elif node.named_child_count:
            for c in node.named_children:
                self._visit(c, scope)

    def _block(self, node: Node, scope: _Scope) -> None:
        self._visit_children(node, _Scope(scope))

    def _func_literal(self, node: Node, scope: _Scope) -> None:
        self._visit_function(node, scope)

    def _short_var(self, node: Node, scope: _Scope) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        rhs = right.named_children if right is not None else []
        if right is not None:
            self._visit(right, scope)
        lhs = left.named_children if left is not None else []
        for i, ident in enumerate(lhs):
            if ident.type != "identifier":
                continue
            existing = scope.names.get(text(ident))
            if existing is not None:  # `:=` re-assigns names already in this scope
                self.refs[key(ident)] = existing
                continue
            self._declare(
                scope, ident, "var",
                value=rhs[i] if len(rhs) == len(lhs) else (rhs[0] if rhs else None),
                value_index=i, names_count=len(lhs), values_count=len(rhs),
            )
        self.assignments.append(Assignment(node, lhs, rhs, ":="))

    def _var_decl(self, node: Node, scope: _Scope) -> None:
        for spec in _specs(node, ("var_spec", "const_spec")):
            tnode = spec.child_by_field_name("type")
            values = spec.child_by_field_name("value")
            rhs = values.named_children if values is not None else []
            if values is not None:
                self._visit(values, scope)
            names = spec.children_by_field_name("name")
            kind = "var" if spec.type == "var_spec" else "const"
            for i, ident in enumerate(names):
                self._declare(
                    scope, ident, kind, type_node=tnode,
                    value=rhs[i] if len(rhs) == len(names) else (rhs[0] if rhs else None),
                    value_index=i, names_count=len(names), values_count=len(rhs),
                )
            if rhs:
                self.assignments.append(Assignment(spec, list(names), list(rhs), "var"))

    def _assignment(self, node: Node, scope: _Scope) -> None:
        self._visit_children(node, scope)
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        op = node.child_by_field_name("operator")
        self.assignments.append(Assignment(
            node,
            left.named_children if left is not None else [],
            right.named_children if right is not None else [],
            text(op) if op is not None else "=",
        ))

    def _for(self, node: Node, scope: _Scope) -> None:
        inner = _Scope(scope)
        for c in node.named_children:
            if c.type == "range_clause":
                self._range(c, inner)
            elif c.type == "for_clause":
                for part in c.named_children:
                    self._visit(part, inner)
                    if part.type == "short_var_declaration":
                        for ident in (part.child_by_field_name("left") or part).named_children:
                            d = inner.names.get(text(ident))
                            if d is not None:
                                d.cache["loop"] = node
            else:
                self._visit(c, inner)

    def _range(self, clause: Node, scope: _Scope) -> None:
        right = clause.child_by_field_name("right")
        left = clause.child_by_field_name("left")
        if right is not None:
            self._visit(right, scope)
        defines = any(c.type == ":=" for c in clause.children)
        if left is None:
            return
        lhs = left.named_children
        if defines:
            for i, ident in enumerate(lhs):
                if ident.type == "identifier":
                    d = self._declare(scope, ident, "range", range_of=right, value_index=i)
                    if d is not None:
                        d.cache["loop"] = clause.parent
        else:
            self._visit(left, scope)
        self.assignments.append(Assignment(clause, lhs, [right] if right else [], "range"))

    def _if_like(self, node: Node, scope: _Scope) -> None:
        self._visit_children(node, _Scope(scope))

    def _type_switch(self, node: Node, scope: _Scope) -> None:
        inner = _Scope(scope)
        alias = node.child_by_field_name("alias")
        value = node.child_by_field_name("value")
        for c in node.named_children:
            if c.type in ("type_case", "default_case"):
                case_scope = _Scope(inner)
                if alias is not None:
                    types = c.children_by_field_name("type")
                    for ident in alias.named_children:
                        self._declare(
                            case_scope, ident, "typeswitch", switch_value=value,
                            type_node=types[0] if len(types) == 1 and text(types[0]) != "nil" else None,
                        )
                for s in c.named_children:
                    if s not in c.children_by_field_name("type"):
                        self._visit(s, case_scope)
            elif c is alias:
                continue
            else:
                self._visit(c, inner)

    def _comm_case(self, node: Node, scope: _Scope) -> None:
        inner = _Scope(scope)
        comm = node.child_by_field_name("communication")
        for c in node.named_children:
            if c == comm and c.type == "receive_statement" and any(
                x.type == ":=" for x in c.children
            ):
                right = c.child_by_field_name("right")
                if right is not None:
                    self._visit(right, inner)
                left = c.child_by_field_name("left")
                lhs = left.named_children if left is not None else []
                for i, ident in enumerate(lhs):
                    self._declare(inner, ident, "var", value=right, value_index=i,
                                  names_count=len(lhs), values_count=1)
                self.assignments.append(Assignment(c, lhs, [right] if right else [], ":="))
            else:
                self._visit(c, inner)

    def _keyed_element(self, node: Node, scope: _Scope) -> None:
        key_node = node.child_by_field_name("key")
        value = node.child_by_field_name("value")
        if key_node is not None and not _is_field_key(node, key_node):
            self._visit(key_node, scope)
        if value is not None:
            self._visit(value, scope)

    def _skip(self, node: Node, scope: _Scope) -> None:
        return


def _is_field_key(element: Node, key_node: Node) -> bool:
    """`Name: v` in a struct literal names a field, not a variable."""
    inner = key_node.named_children[0] if key_node.named_children else key_node
    if inner.type not in ("identifier", "field_identifier"):
        return False
    lit = element.parent
    while lit is not None and lit.type == "literal_value":
        lit = lit.parent
        if lit is not None and lit.type == "literal_element":
            lit = lit.parent
    if lit is None or lit.type != "composite_literal":
        return True
    ty = lit.child_by_field_name("type")
    return ty is None or ty.type != "map_type"


def _specs(decl: Node, kinds: tuple[str, ...]):
    for child in decl.named_children:
        if child.type in kinds:
            yield child
        elif child.type.endswith("_spec_list"):
            yield from (c for c in child.named_children if c.type in kinds)


_HANDLERS = {
    "block": FunctionScope._block,
    "func_literal": FunctionScope._func_literal,
    "short_var_declaration": FunctionScope._short_var,
    "var_declaration": FunctionScope._var_decl,
    "const_declaration": FunctionScope._var_decl,
    "assignment_statement": FunctionScope._assignment,
    "for_statement": FunctionScope._for,
    "if_statement": FunctionScope._if_like,
    "expression_switch_statement": FunctionScope._if_like,
    "expression_case": FunctionScope._if_like,
    "default_case": FunctionScope._if_like,
    "type_switch_statement": FunctionScope._type_switch,
    "communication_case": FunctionScope._comm_case,
    "keyed_element": FunctionScope._keyed_element,
    "type_declaration": FunctionScope._skip,
    "label_name": FunctionScope._skip,
}


def package_decl(pkg: PackageModel, file: FileModel, name: str) -> Decl | None:
    """A package-level name as a Decl (cached per package, imports per file)."""
    cache = pkg.cache.setdefault("pkgdecls", {})
    if name in pkg.vars:
        d = cache.get(("var", name))
        if d is None:
            v = pkg.vars[name]
            d = Decl(name, "pkgvar", v.node, None, v.file, type_node=v.type_node,
                     value=v.value, value_index=v.index, values_count=v.values_count)
            cache[("var", name)] = d
        return d
    if name in pkg.funcs:
        d = cache.get(("func", name))
        if d is None:
            f = pkg.funcs[name]
            d = Decl(name, "func", f.node.child_by_field_name("name"), None, f.file)
            d.cache["func"] = f
            cache[("func", name)] = d
        return d
    if name in pkg.consts:
        return cache.setdefault(("const", name), Decl(name, "pkgconst", None, None))
    path = file.imports.get(name)
    if path is not None:
        k = ("import", file.path, name)
        d = cache.get(k)
        if d is None:
            d = Decl(name, "import", None, None, file, import_path=path)
            cache[k] = d
        return d
    return None


def function_scope(pkg: PackageModel, file: FileModel, node: Node) -> FunctionScope:
    """The (cached) scope of the top-level function containing ``node``."""
    root = top_function(node)
    cache = pkg.cache.setdefault("scopes", {})
    k = (file.path, key(root))
    fs = cache.get(k)
    if fs is None:
        fs = cache[k] = FunctionScope(pkg, file, root)
    return fs


def enclosing_function(node: Node) -> Node | None:
    """The innermost function declaration or literal containing node (None at package level)."""
    for n in ts_ancestors(node):
        if n.type in FUNC_NODES:
            return n
    return None


def top_function(node: Node) -> Node:
    """The outermost function declaration or literal around node (node itself if none)."""
    top = ts_outermost(node, FUNC_NODES)
    return top if top is not None else node


def func_info_of(pkg: PackageModel, node: Node) -> FuncInfo | None:
    """The FuncInfo of a function/method declaration node."""
    name = text(node.child_by_field_name("name"))
    if node.type == "function_declaration":
        f = pkg.funcs.get(name)
        return f if f is not None and f.node == node else None
    if node.type == "method_declaration":
        for f in pkg.methods.values():
            if f.node == node:
                return f
    return None
