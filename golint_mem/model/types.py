"""Go types as far as the source alone resolves them (our stand-in for go/types)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tree_sitter import Node

from golint_mem.parse import text

BASIC = frozenset(
    "bool string int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 uintptr "
    "float32 float64 complex64 complex128 byte rune".split()
)
#: predeclared interface types
BUILTIN_INTERFACES = frozenset({"error", "any", "comparable"})


@dataclass(frozen=True)
class GoType:
    """kind: named | basic | pointer | slice | array | map | chan | func | interface | struct.

    ``pkg`` of a named type is its import path, "" for the package being analysed.
    """

    kind: str
    name: str = ""
    pkg: str = ""
    elem: "GoType | None" = None
    key: "GoType | None" = None
    #: func types: result types; struct literal types: field (name, type) pairs
    results: tuple = ()
    fields: tuple = ()

    def __str__(self) -> str:
        k = self.kind
        if k == "named":
            if not self.pkg:
                return self.name
            return f"{default_import_name(self.pkg)}.{self.name}"
        if k == "basic":
            return self.name
        if k == "pointer":
            return f"*{self.elem}"
        if k == "slice":
            return f"[]{self.elem}"
        if k == "array":
            return f"[{self.name or '...'}]{self.elem}"
        if k == "map":
            return f"map[{self.key}]{self.elem}"
        if k == "chan":
            return f"chan {self.elem}"
        if k == "func":
            return "func(...)"
        if k == "interface":
            return self.name or "interface{}"
        if k == "struct":
            return "struct{...}"
        return "?"

    def is_named(self, pkg: str, *names: str) -> bool:
        return self.kind == "named" and self.pkg == pkg and self.name in names

    def is_pointer_to(self, pkg: str, *names: str) -> bool:
        return self.kind == "pointer" and self.elem is not None and self.elem.is_named(pkg, *names)

    def named_or_pointee(self) -> "GoType":
        """T for both T and *T."""
        if self.kind == "pointer" and self.elem is not None:
            return self.elem
        return self

    @property
    def local_name(self) -> str | None:
        """The name of a same-package named type, through one pointer."""
        t = self.named_or_pointee()
        return t.name if t.kind == "named" and t.pkg == "" else None


_MAJOR = re.compile(r"^v\d+$")
_GOPKG = re.compile(r"^(.*)\.v\d+$")


@functools.lru_cache(maxsize=4096)
def default_import_name(path: str) -> str:
    """The name a package is known by when imported without a name.

    Source alone cannot read the package clause of the import, so follow the
    conventions: the last element, skipping a `/vN` major suffix and a
    gopkg.in `.vN`, dropping a `go-` prefix.
    """
    parts = path.split("/")
    last = parts[-1]
    if _MAJOR.match(last) and len(parts) > 1:
        last = parts[-2]
    m = _GOPKG.match(last)
    if m:
        last = m.group(1)
    if last.startswith("go-"):
        last = last[3:]
    return last.replace("-", "_").replace(".", "_")


POINTER_SHAPED_KINDS = frozenset({"pointer", "map", "chan", "func", "slice", "interface"})


def basic(name: str) -> GoType:
    return GoType("basic", name)


def pointer(t: GoType | None) -> GoType | None:
    return GoType("pointer", elem=t) if t is not None else None


def type_from_node(node: Node | None, imports: dict[str, str]) -> GoType | None:
    """The GoType a type expression denotes; None when it is not resolvable."""
    if node is None:
        return None
    t = node.type
    if t in ("type_identifier", "identifier"):
        name = text(node)
        if name in BASIC:
            return basic(name)
        if name in BUILTIN_INTERFACES:
            return GoType("interface", name=name)
        return GoType("named", name=name, pkg="")
    if t == "qualified_type":
        pkg = imports.get(text(node.child_by_field_name("package")))
        if pkg is None:
            return None
        return GoType("named", name=text(node.child_by_field_name("name")), pkg=pkg)
    if t == "generic_type":
        return type_from_node(node.child_by_field_name("type"), imports)
    if t == "pointer_type":
        inner = node.named_children[0] if node.named_children else None
        return pointer(type_from_node(inner, imports)) or GoType("pointer")
    if t == "slice_type":
        return GoType("slice", elem=type_from_node(node.child_by_field_name("element"), imports))
    if t == "array_type":
        return GoType(
            "array",
            name=text(node.child_by_field_name("length")),
            elem=type_from_node(node.child_by_field_name("element"), imports),
        )
    if t == "implicit_length_array_type":
        return GoType("array", elem=type_from_node(node.child_by_field_name("element"), imports))
    if t == "map_type":
        return GoType(
            "map",
            key=type_from_node(node.child_by_field_name("key"), imports),
            elem=type_from_node(node.child_by_field_name("value"), imports),
        )
    if t == "channel_type":
        return GoType("chan", elem=type_from_node(node.child_by_field_name("value"), imports))
    if t == "function_type":
        return GoType("func", results=result_types(node.child_by_field_name("result"), imports))
    if t == "interface_type":
        return GoType("interface")
    if t == "struct_type":
        return GoType("struct", fields=tuple(struct_fields(node, imports)))
    if t == "parenthesized_type":
        inner = node.named_children[0] if node.named_children else None
        return type_from_node(inner, imports)
    if t == "negated_type" or t == "type_elem":
        return None
    return None


def result_types(node: Node | None, imports: dict[str, str]) -> tuple:
    """A function's result list as a tuple of GoType | None (one per value)."""
    if node is None:
        return ()
    if node.type != "parameter_list":
        return (type_from_node(node, imports),)
    out = []
    for decl in node.named_children:
        if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        ty = type_from_node(decl.child_by_field_name("type"), imports)
        names = decl.children_by_field_name("name")
        out.extend([ty] * max(1, len(names)))
    return tuple(out)


def struct_fields(node: Node, imports: dict[str, str]) -> list[tuple[str, GoType | None]]:
    """(name, type) of a struct_type's fields; embedded fields use the type's name."""
    out: list[tuple[str, GoType | None]] = []
    body = next((c for c in node.named_children if c.type == "field_declaration_list"), None)
    if body is None:
        return out
    for decl in body.named_children:
        if decl.type != "field_declaration":
            continue
        tnode = decl.child_by_field_name("type")
        ty = type_from_node(tnode, imports)
        names = decl.children_by_field_name("name")
        if names:
            out.extend((text(n), ty) for n in names)
        elif ty is not None:
            base = ty.named_or_pointee()
            out.append((base.name, ty))
    return out


def embedded_field_names(node: Node, imports: dict[str, str]) -> tuple[str, ...]:
    """The keys :func:`struct_fields` gives a struct_type's embedded fields."""
    out = []
    body = next((c for c in node.named_children if c.type == "field_declaration_list"), None)
    for decl in body.named_children if body is not None else ():
        if decl.type == "field_declaration" and not decl.children_by_field_name("name"):
            ty = type_from_node(decl.child_by_field_name("type"), imports)
            if ty is not None:
                out.append(ty.named_or_pointee().name)
    return tuple(out)
