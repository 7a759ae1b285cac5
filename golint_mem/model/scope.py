"""Scopes of one top-level function: every local declaration and what each identifier refers to.

Built on demand, for functions in which a rule has a candidate. Follows Go's
scoping: a name declared by ``:=`` or ``var`` is visible after its statement,
parameters of a function literal only inside it, range and type-switch
variables only in their statement or case.
"""

from __future__ import annotations

import functools
import operator
from bisect import bisect_left
from dataclasses import dataclass, field

from tree_sitter import Node

from golint_mem.model.package import FileModel, FuncInfo, PackageModel
from golint_mem.parse import captures, outermost as ts_outermost, parent, query, text

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
    __slots__ = ("names", "parent", "owner")

    def __init__(self, parent: "_Scope | None", owner: Node | None):
        #: keyed by the identifier's bytes: the walk never decodes a name it only looks up
        self.names: dict[bytes, Decl] = {}
        self.parent = parent
        self.owner = owner  # the function whose declarations this scope holds


def _inner(scope: _Scope) -> _Scope:
    return _Scope(scope, scope.owner)


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
        #: every name declared so far: most identifiers read are package names and
        #: builtins, which need no walk up the scopes
        self._declared: set[bytes] = set()
        self._walk(root)

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
    # One loop over an explicit stack, in source order (depth is not bounded by
    # Python's). An entry is (node, scope): visit the node in that scope; or
    # (None, action): run what a statement does after its parts were visited (a
    # `:=` declares its names after its right side was read). Handlers push their
    # parts in reverse so that they come off the stack in order.
    def _walk(self, root: Node) -> None:
        stack: list = []
        pop, push = stack.pop, stack.append
        self._visit_function(root, _Scope(None, None), push)
        refs = self.refs
        declared = self._declared
        handlers = _HANDLERS
        # Most of a function is expressions that declare nothing: their identifiers
        # are all read in the scope where the expression starts. One query lists the
        # function's identifiers, and such an expression's (or a lone identifier's)
        # come from a slice of it instead of a walk. What can declare (a block, a
        # function literal, a composite literal's keys) needs a `{`, so an expression
        # without one is taken whole; statement lists and syntax errors are walked.
        idents = sorted(captures(query("(identifier) @id"), root).get("id", ()),
                        key=_START)
        starts = [n.start_byte for n in idents]
        braces = _brace_offsets(root)
        whole = not root.has_error
        while stack:
            node, scope = pop()
            if node is None:
                scope()
                continue
            t = node.type
            handler = handlers.get(t)
            if handler is not None:
                handler(self, node, scope, push)
                continue
            if t not in _WALKED:
                start, end = node.start_byte, node.end_byte
                i = bisect_left(braces, start)
                if (i == len(braces) or braces[i] >= end) and (whole or not node.has_error):
                    j = bisect_left(starts, start)
                    for ident in idents[j:bisect_left(starts, end, j)]:
                        name = ident.text
                        s = scope if name in declared else None
                        while s is not None:
                            d = s.names.get(name)
                            if d is not None:
                                refs[(ident.start_byte, ident.end_byte)] = d
                                break
                            s = s.parent
                    continue
            kids = node.named_children
            if not kids:
                continue
            if len(kids) == 1:
                push((kids[0], scope))
            else:
                stack.extend([(c, scope) for c in reversed(kids)])

    def _declare(self, scope: _Scope, ident: Node, kind: str, **kw) -> Decl | None:
        raw = ident.text
        if not raw or raw == b"_":
            return None
        d = Decl(raw.decode("utf-8", "replace"), kind, ident, scope.owner, self.file, **kw)
        scope.names[raw] = d
        self._declared.add(raw)
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

    def _visit_function(self, fn: Node, scope: _Scope, push) -> None:
        self.functions.append(fn)
        inner = _Scope(scope, fn)
        self._params(fn.child_by_field_name("receiver"), inner, "recv")
        self._params(fn.child_by_field_name("parameters"), inner, "param")
        self._params(fn.child_by_field_name("result"), inner, "result")
        body = fn.child_by_field_name("body")
        if body is not None:
            push((body, inner))

    def _block(self, node: Node, scope: _Scope, push) -> None:
        kids = node.named_children
        if kids:
            inner = _Scope(scope, scope.owner)
            for c in reversed(kids):
                push((c, inner))

    def _short_var(self, node: Node, scope: _Scope, push) -> None:
        right = node.child_by_field_name("right")
        push((None, lambda: self._short_var_names(node, scope, right)))
        if right is not None:
            push((right, scope))

    def _short_var_names(self, node: Node, scope: _Scope, right: Node | None) -> None:
        left = node.child_by_field_name("left")
        rhs = right.named_children if right is not None else []
        lhs = left.named_children if left is not None else []
        for i, ident in enumerate(lhs):
            if ident.type != "identifier":
                continue
            existing = scope.names.get(ident.text)
            if existing is not None:  # `:=` re-assigns names already in this scope
                self.refs[key(ident)] = existing
                continue
            self._declare(
                scope, ident, "var",
                value=rhs[i] if len(rhs) == len(lhs) else (rhs[0] if rhs else None),
                value_index=i, names_count=len(lhs), values_count=len(rhs),
            )
        self.assignments.append(Assignment(node, lhs, rhs, ":="))

    def _var_decl(self, node: Node, scope: _Scope, push) -> None:
        tasks = []
        for spec in _specs(node, ("var_spec", "const_spec")):
            values = spec.child_by_field_name("value")
            if values is not None:
                tasks.append((values, scope))
            tasks.append((None, functools.partial(self._spec_names, spec, scope, values)))
        for task in reversed(tasks):
            push(task)

    def _spec_names(self, spec: Node, scope: _Scope, values: Node | None) -> None:
        tnode = spec.child_by_field_name("type")
        rhs = values.named_children if values is not None else []
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

    def _assignment(self, node: Node, scope: _Scope, push) -> None:
        push((None, lambda: self._assigned(node)))
        for c in reversed(node.named_children):
            push((c, scope))

    def _assigned(self, node: Node) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        op = node.child_by_field_name("operator")
        self.assignments.append(Assignment(
            node,
            left.named_children if left is not None else [],
            right.named_children if right is not None else [],
            text(op) if op is not None else "=",
        ))

    def _for(self, node: Node, scope: _Scope, push) -> None:
        inner = _inner(scope)
        tasks = []
        for c in node.named_children:
            t = c.type
            if t == "range_clause":
                tasks.append((None, functools.partial(self._range, c, inner, push, node)))
            elif t == "for_clause":
                for part in c.named_children:
                    tasks.append((part, inner))
                    if part.type == "short_var_declaration":
                        tasks.append((None, functools.partial(_mark_loop, part, inner, node)))
            else:
                tasks.append((c, inner))
        for task in reversed(tasks):
            push(task)

    def _range(self, clause: Node, scope: _Scope, push, loop: Node) -> None:
        right = clause.child_by_field_name("right")
        push((None, lambda: self._range_names(clause, scope, push, loop, right)))
        if right is not None:
            push((right, scope))

    def _range_names(self, clause: Node, scope: _Scope, push, loop: Node, right: Node | None) -> None:
        left = clause.child_by_field_name("left")
        if left is None:
            return
        lhs = left.named_children
        assignment = Assignment(clause, lhs, [right] if right else [], "range")
        if any(c.type == ":=" for c in clause.children):
            for i, ident in enumerate(lhs):
                if ident.type == "identifier":
                    d = self._declare(scope, ident, "range", range_of=right, value_index=i)
                    if d is not None:
                        d.cache["loop"] = loop
            self.assignments.append(assignment)
        else:
            push((None, lambda: self.assignments.append(assignment)))
            push((left, scope))

    def _type_switch(self, node: Node, scope: _Scope, push) -> None:
        inner = _inner(scope)
        alias = node.child_by_field_name("alias")
        value = node.child_by_field_name("value")
        tasks = []
        # the alias is visited like any child (its identifiers' refs are then
        # replaced by each case's declaration of it)
        for c in node.named_children:
            if c.type in ("type_case", "default_case"):
                tasks.append((None, functools.partial(self._type_case, c, inner, alias, value, push)))
            else:
                tasks.append((c, inner))
        for task in reversed(tasks):
            push(task)

    def _type_case(self, case: Node, scope: _Scope, alias: Node | None, value: Node | None, push) -> None:
        case_scope = _inner(scope)
        types = case.children_by_field_name("type")
        if alias is not None:
            for ident in alias.named_children:
                self._declare(
                    case_scope, ident, "typeswitch", switch_value=value,
                    type_node=types[0] if len(types) == 1 and types[0].text != b"nil" else None,
                )
        for s in reversed(case.named_children):
            if s not in types:
                push((s, case_scope))

    def _comm_case(self, node: Node, scope: _Scope, push) -> None:
        inner = _inner(scope)
        comm = node.child_by_field_name("communication")
        tasks = []
        for c in node.named_children:
            if c == comm and c.type == "receive_statement" and any(
                x.type == ":=" for x in c.children
            ):
                right = c.child_by_field_name("right")
                if right is not None:
                    tasks.append((right, inner))
                tasks.append((None, functools.partial(self._received, c, inner, right)))
            else:
                tasks.append((c, inner))
        for task in reversed(tasks):
            push(task)

    def _received(self, recv: Node, scope: _Scope, right: Node | None) -> None:
        left = recv.child_by_field_name("left")
        lhs = left.named_children if left is not None else []
        for i, ident in enumerate(lhs):
            self._declare(scope, ident, "var", value=right, value_index=i,
                          names_count=len(lhs), values_count=1)
        self.assignments.append(Assignment(recv, lhs, [right] if right else [], ":="))

    def _keyed_element(self, node: Node, scope: _Scope, push) -> None:
        key_node = node.child_by_field_name("key")
        value = node.child_by_field_name("value")
        if value is not None:
            push((value, scope))
        if key_node is not None and not _is_field_key(node, key_node):
            push((key_node, scope))

    def _func_literal(self, node: Node, scope: _Scope, push) -> None:
        self._visit_function(node, scope, push)

    def _skip(self, node: Node, scope: _Scope, push) -> None:
        return


_START = operator.attrgetter("start_byte")
#: what may hold a declaration without a `{` of its own
_WALKED = frozenset(("statement_list", "labeled_statement", "for_clause", "type_case", "ERROR",
                     "source_file"))


def _brace_offsets(root: Node) -> list[int]:
    src, base = root.text or b"", root.start_byte
    out = []
    i = src.find(b"{")
    while i >= 0:
        out.append(base + i)
        i = src.find(b"{", i + 1)
    return out


def _mark_loop(clause_part: Node, scope: _Scope, loop: Node) -> None:
    """The variables a for clause's `:=` declares are the loop's."""
    for ident in (clause_part.child_by_field_name("left") or clause_part).named_children:
        d = scope.names.get(ident.text)
        if d is not None:
            d.cache["loop"] = loop


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
    "if_statement": FunctionScope._block,
    "expression_switch_statement": FunctionScope._block,
    "expression_case": FunctionScope._block,
    "default_case": FunctionScope._block,
    "type_switch_statement": FunctionScope._type_switch,
    "communication_case": FunctionScope._comm_case,
    "keyed_element": FunctionScope._keyed_element,
    "type_declaration": FunctionScope._skip,
    "label_name": FunctionScope._skip,
    "comment": FunctionScope._skip,
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
            d = Decl(name, "func", f.decl.child_by_field_name("name"), None, f.file)
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


def in_defer(node: Node, within: Node | None) -> bool:
    """``node`` lies in a `defer` statement below ``within`` (a function, or None for
    anywhere): it runs when that function returns, not where it is written."""
    n = node.parent
    while n is not None and n != within:
        if n.type == "defer_statement":
            return True
        n = n.parent
    return False


def enclosing_function(node: Node) -> Node | None:
    """The innermost function declaration or literal containing node (None at package level)."""
    n = parent(node)
    while n is not None:
        if n.type in FUNC_NODES:
            return n
        n = parent(n)
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
        return f if f is not None and f.decl == node else None
    if node.type == "method_declaration":
        for f in pkg.methods.values():
            if f.decl == node:
                return f
    return None
