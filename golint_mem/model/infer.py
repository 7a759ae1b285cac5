"""Resolved types of expressions and declarations, from the source alone.

RULES.md's "resolved type": explicit declarations, composite literals, new(T),
type assertions, same-package function results. We add what follows from
those without guessing: fields of same-package structs, elements of slices and
maps, slicing, address-of and dereference, make(T), conversions to a named
type, and results of same-package methods. Anything else is unknown (None).
"""

from __future__ import annotations

from typing import NamedTuple

from tree_sitter import Node

from golint_mem.model.package import PackageModel
from golint_mem.model.scope import Decl, FunctionScope, package_decl
from golint_mem.model.types import BASIC, GoType, basic, pointer, type_from_node
from golint_mem.parse import text, unparen

_IN_PROGRESS = object()


class Types:
    """Type questions for the expressions of one function scope."""

    def __init__(self, scope: FunctionScope):
        self.scope = scope
        self.pkg: PackageModel = scope.pkg
        self.imports = scope.file.imports

    # -- declarations --------------------------------------------------------
    def decl_type(self, d: Decl | None) -> GoType | None:
        if d is None:
            return None
        cached = d.cache.get("type", None)
        if cached is _IN_PROGRESS:
            return None
        if "type" in d.cache:
            return cached
        d.cache["type"] = _IN_PROGRESS
        try:
            t = self._decl_type(d)
        except RecursionError:
            t = None
        d.cache["type"] = t
        return t

    def _decl_type(self, d: Decl) -> GoType | None:
        imports = d.file.imports if d.file is not None else self.imports
        if d.kind in ("func", "import", "pkgconst"):
            return None
        if d.type_node is not None:
            t = type_from_node(d.type_node, imports)
            if d.cache.get("variadic") and t is not None:
                return GoType("slice", elem=t)
            return t
        if d.kind == "range" and d.range_of is not None:
            return self._range_type(self.type_of(d.range_of), d.value_index)
        if d.kind == "typeswitch":
            return None
        if d.value is None:
            return None
        if d.kind == "pkgvar" and d.file is not None and d.file is not self.scope.file:
            return Types(_FileOnlyScope(self.pkg, d.file)).value_type(d)
        return self.value_type(d)

    def value_type(self, d: Decl) -> GoType | None:
        """The type a declaration takes from its initialiser."""
        v = d.value
        if d.names_count > 1 and d.values_count == 1:
            return self._multi_value(v, d.value_index)
        return self.type_of(v)

    def _multi_value(self, v: Node, index: int) -> GoType | None:
        v = unparen(v)
        if v.type == "call_expression":
            results = self.call_results(v)
            return results[index] if index < len(results) else None
        if index == 1 and v.type in ("index_expression", "type_assertion_expression", "unary_expression"):
            return basic("bool")
        if index == 0:
            return self.type_of(v)
        return None

    def _range_type(self, t: GoType | None, index: int) -> GoType | None:
        t = self.pkg.resolve_named(t)
        if t is None:
            return None
        if t.kind in ("slice", "array"):
            return basic("int") if index == 0 else t.elem
        if t.kind == "pointer" and t.elem is not None and t.elem.kind == "array":
            return basic("int") if index == 0 else t.elem.elem
        if t.kind == "map":
            return t.key if index == 0 else t.elem
        if t.kind == "chan":
            return t.elem if index == 0 else None
        if t.kind == "basic" and t.name == "string":
            return basic("int") if index == 0 else basic("rune")
        if t.kind == "basic" and t.name.startswith("int"):
            return t if index == 0 else None
        return None

    # -- expressions ---------------------------------------------------------
    def type_of(self, node: Node | None) -> GoType | None:
        if node is None:
            return None
        try:
            return self._type_of(node)
        except RecursionError:
            return None

    def _type_of(self, node: Node) -> GoType | None:
        t = node.type
        if t == "parenthesized_expression":
            return self._type_of(node.named_children[0]) if node.named_children else None
        if t == "identifier":
            return self.decl_type(self.scope.decl_of(node))
        if t == "composite_literal":
            return self._type_node(node.child_by_field_name("type"))
        if t == "unary_expression":
            op = text(node.child_by_field_name("operator"))
            operand = node.child_by_field_name("operand")
            if op == "&":
                return pointer(self._type_of(operand))
            if op == "*":
                inner = self.pkg.resolve_named(self._type_of(operand))
                return inner.elem if inner is not None and inner.kind == "pointer" else None
            if op == "<-":
                inner = self.pkg.resolve_named(self._type_of(operand))
                return inner.elem if inner is not None and inner.kind == "chan" else None
            if op == "!":
                return basic("bool")
            return self._type_of(operand)
        if t == "type_assertion_expression":
            return self._type_node(node.child_by_field_name("type"))
        if t == "call_expression":
            results = self.call_results(node)
            return results[0] if len(results) == 1 else None
        if t == "selector_expression":
            return self._selector_type(node)
        if t == "index_expression":
            base = self.pkg.resolve_named(self._type_of(node.child_by_field_name("operand")))
            if base is None:
                return None
            if base.kind == "pointer" and base.elem is not None and base.elem.kind == "array":
                base = base.elem
            if base.kind in ("slice", "array", "map"):
                return base.elem
            if base.kind == "basic" and base.name == "string":
                return basic("byte")
            return None
        if t == "slice_expression":
            base = self._type_of(node.child_by_field_name("operand"))
            resolved = self.pkg.resolve_named(base)
            if resolved is not None and resolved.kind == "array":
                return GoType("slice", elem=resolved.elem)
            if resolved is not None and resolved.kind == "pointer" and resolved.elem and resolved.elem.kind == "array":
                return GoType("slice", elem=resolved.elem.elem)
            return base
        if t == "interpreted_string_literal" or t == "raw_string_literal":
            return basic("string")
        if t == "int_literal":
            return basic("int")
        if t == "float_literal":
            return basic("float64")
        if t == "rune_literal":
            return basic("rune")
        if t in ("true", "false"):
            return basic("bool")
        if t == "func_literal":
            return GoType("func", results=self._results_of(node))
        if t == "binary_expression":
            op = text(node.child_by_field_name("operator"))
            if op in ("==", "!=", "<", "<=", ">", ">=", "&&", "||"):
                return basic("bool")
            left = self._type_of(node.child_by_field_name("left"))
            return left if left is not None else self._type_of(node.child_by_field_name("right"))
        return None

    def literal_type(self, lit_value: Node) -> GoType | None:
        """The type of the composite literal a ``literal_value`` belongs to,
        elided element types (`[]T{{...}}`, `map[K]*T{k: {...}}`) resolved
        through the enclosing literal."""
        parent = lit_value.parent
        if parent is None:
            return None
        if parent.type == "composite_literal":
            return self.type_of(parent)
        if parent.type == "literal_element":
            kv = parent.parent
            keyed = kv is not None and kv.type == "keyed_element"
            outer = self.pkg.resolve_named(
                self.literal_type(kv.parent if keyed else parent.parent))
            if outer is None:
                return None
            if keyed and kv.child_by_field_name("key") == parent:
                return outer.key if outer.kind == "map" else None
            if outer.kind in ("slice", "array", "map"):
                elem = outer.elem
                if elem is not None and elem.kind == "pointer":
                    elem = elem.elem  # &T elided
                return elem
        return None

    def _type_node(self, tnode: Node | None) -> GoType | None:
        return type_from_node(tnode, self.imports)

    def _results_of(self, fn: Node) -> tuple:
        from golint_mem.model.types import result_types

        return result_types(fn.child_by_field_name("result"), self.imports)

    def _selector_type(self, node: Node) -> GoType | None:
        operand = node.child_by_field_name("operand")
        fname = text(node.child_by_field_name("field"))
        if operand is not None and operand.type == "identifier":
            d = self.scope.decl_of(operand)
            if d is not None and d.kind == "import":
                return None  # another package's variable: its type is not in this source
        base = self._type_of(operand)
        return self.field_type(base, fname)

    def field_type(self, base: GoType | None, fname: str) -> GoType | None:
        """The type of field ``fname`` of a same-package struct (through a pointer)."""
        if base is None:
            return None
        b = self.pkg.resolve_named(base)
        if b is not None and b.kind == "pointer" and b.elem is not None:
            b = self.pkg.resolve_named(b.elem)
        if b is None:
            return None
        if b.kind == "named" and b.pkg == "":
            info = self.pkg.types.get(b.name)
            if info is not None and info.is_struct:
                return info.fields.get(fname)
        if b.kind == "struct":
            return dict(b.fields).get(fname)
        return None

    def call_results(self, call: Node) -> tuple:
        """Result types of a call: same-package functions and methods, builtins, conversions."""
        fn = unparen(call.child_by_field_name("function"))
        args = call.child_by_field_name("arguments")
        arg_nodes = args.named_children if args is not None else []
        if fn is None:
            return ()
        if fn.type == "identifier":
            name = text(fn)
            d = self.scope.decl_of(fn)
            if d is not None and d.kind == "func":
                info = d.cache.get("func")
                return info.results if info is not None else ()
            if d is not None and d.is_local:
                ft = self.pkg.resolve_named(self.decl_type(d))
                return ft.results if ft is not None and ft.kind == "func" else ()
            if d is None or d.kind == "pkgvar":
                if d is not None:
                    ft = self.pkg.resolve_named(self.decl_type(d))
                    return ft.results if ft is not None and ft.kind == "func" else ()
                if name == "new" and arg_nodes:
                    return (pointer(self._type_node(arg_nodes[0])),)
                if name == "make" and arg_nodes:
                    return (self._type_node(arg_nodes[0]),)
                if name in ("len", "cap", "copy"):
                    return (basic("int"),)
                if name == "append" and arg_nodes:
                    return (self._type_of(arg_nodes[0]),)
                if name in BASIC:
                    return (basic(name),)
                if name in self.pkg.types:  # conversion to a same-package type
                    return (GoType("named", name=name),)
            return ()
        if fn.type == "selector_expression":
            operand = fn.child_by_field_name("operand")
            mname = text(fn.child_by_field_name("field"))
            if operand is not None and operand.type == "identifier":
                d = self.scope.decl_of(operand)
                if d is not None and d.kind == "import":
                    if d.import_path == "unsafe" and mname == "Pointer":
                        return (GoType("named", name="Pointer", pkg="unsafe"),)
                    return ()
            recv = self._type_of(operand)
            local = recv.local_name if recv is not None else None
            if local is not None:
                m = self.pkg.method(local, mname)
                if m is not None:
                    return m.results
                ft = self.field_type(recv, mname)
                ft = self.pkg.resolve_named(ft)
                if ft is not None and ft.kind == "func":
                    return ft.results
            return ()
        if fn.type in ("pointer_type", "qualified_type", "slice_type", "map_type",
                       "array_type", "channel_type", "function_type", "interface_type",
                       "parenthesized_type", "generic_type", "type_identifier"):
            return (self._type_node(fn),)
        if fn.type == "unary_expression" and text(fn.child_by_field_name("operator")) == "*":
            # (*T)(x): a conversion to a pointer type
            inner = fn.child_by_field_name("operand")
            t = self._type_node(_as_type(inner))
            if t is None and inner is not None and inner.type == "selector_expression":
                # (*pkg.T)(x): in expression position pkg.T parses as a selector
                path = self.imports.get(text(inner.child_by_field_name("operand")))
                if path is not None:
                    t = GoType("named", name=text(inner.child_by_field_name("field")), pkg=path)
            return (pointer(t),)
        if fn.type == "func_literal":
            return self._results_of(fn)
        return ()


class LiteralSlot(NamedTuple):
    """Where a value element sits in a composite literal."""

    literal_value: Node
    key: Node | None  # the key's literal_element, for `key: value`
    index: int  # position among the literal's elements
    node: Node  # the keyed_element, or the element itself


def literal_slot(element: Node) -> LiteralSlot | None:
    """The slot of a composite literal's value element (None for a key)."""
    kv = element.parent
    keyed = kv is not None and kv.type == "keyed_element"
    if keyed and kv.child_by_field_name("key") == element:
        return None
    lit_value = kv.parent if keyed else element.parent
    if lit_value is None or lit_value.type != "literal_value":
        return None
    node = kv if keyed else element
    index = [c for c in lit_value.named_children if c.type != "comment"].index(node)
    return LiteralSlot(lit_value, kv.child_by_field_name("key") if keyed else None, index, node)


def _as_type(node: Node | None) -> Node | None:
    return node


class _FileOnlyScope(FunctionScope):
    """Resolution at package level of another file (for package var initialisers)."""

    def __init__(self, pkg, file):  # noqa: D401 - no walk: only package names resolve
        self.pkg = pkg
        self.file = file
        self.root = file.tree.root_node
        self.refs = {}
        self.decls = []
        self.assignments = []
        self.functions = []


def package_types(pkg: PackageModel, file) -> Types:
    """Types for package-level expressions of ``file``."""
    cache = pkg.cache.setdefault("filetypes", {})
    t = cache.get(file.path)
    if t is None:
        t = cache[file.path] = Types(_FileOnlyScope(pkg, file))
    return t


def types_for(scope: FunctionScope) -> Types:
    t = scope.__dict__.get("_types")
    if t is None:
        t = Types(scope)
        scope.__dict__["_types"] = t
    return t


__all__ = ["LiteralSlot", "Types", "literal_slot", "package_decl", "package_types", "types_for"]
