"""Package-wide map facts: where a map is deleted from, cleared or replaced.

One tree-sitter query per file of the package, run once and cached in
``pkg.cache``. A *cleanup site* is ``delete(M, k)``, ``clear(M)``, a
``Delete``/``LoadAndDelete``/``CompareAndDelete`` call on ``M`` (sync.Map), or an
assignment ``M = ...`` (``M = make(...)``, ``M = nil``). Declarations
(``var M = ...``, ``M := ...``) and field initialisers in composite literals are
not cleanup sites.

Package variables (and other names) are keyed by name, without resolving
shadowing: a local of the same name that is deleted from counts too, which can
only hide a finding. Fields are keyed by field name; the struct type of the
operand is resolved lazily, only for a field some rule asks about.

Also here, for every rule that asks whether a map can grow: :func:`map_kind`
(a map, a ``sync.Map``, or neither) and :func:`constant_key` (a store under a
constant key overwrites one slot and cannot grow the map).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from golint_mem.model.package import FileModel, PackageModel
from golint_mem.model.types import BASIC, GoType
from golint_mem.parse import captures, matches, query, text, unparen

CLEANUP_QUERY = """
(call_expression function: (identifier) @fn arguments: (argument_list . (_) @target)
  (#any-of? @fn "delete" "clear"))
(call_expression function: (selector_expression operand: (_) @target field: (field_identifier) @m)
  (#any-of? @m "Delete" "LoadAndDelete" "CompareAndDelete"))
(assignment_statement left: (expression_list (_) @target))
"""


@dataclass(frozen=True)
class CleanupSite:
    file: FileModel
    #: the map expression: the identifier or the selector `x.f` (for a local
    #: alias `m := x.f; delete(m, k)`, the `x.f` it was read from)
    node: Node
    how: str  # "delete" | "clear" | "Delete" | "LoadAndDelete" | "CompareAndDelete" | "assign"


def type_key(t: GoType | None) -> tuple[str, str] | None:
    """(package path, name) of a named type or a pointer to one; None otherwise."""
    if t is None:
        return None
    t = t.named_or_pointee()
    if t.kind != "named":
        return None
    return (t.pkg, t.name)


@dataclass
class MapCleanups:
    pkg: PackageModel
    #: identifier name -> its cleanup sites
    names: dict[str, list[CleanupSite]] = field(default_factory=dict)
    #: field name -> cleanup sites of `x.<field>`
    fields: dict[str, list[CleanupSite]] = field(default_factory=dict)
    _field_types: dict = field(default_factory=dict)
    _alias_sites: tuple | None = None

    def for_name(self, name: str) -> list[CleanupSite]:
        """Cleanup sites of a package variable (or any name) ``name``, also
        through a local alias (`m := name; delete(m, k)`) or a same-package
        helper that cleans its parameter (`clearSyncMap(&name)`)."""
        return self.names.get(name, []) or self._aliases()[0].get(name, [])

    def for_field(self, owner: tuple[str, str] | None, name: str) -> list[CleanupSite]:
        """Cleanup sites of field ``name`` on struct type ``owner`` (a :func:`type_key`).

        A site whose operand type is not resolved counts for every owner, and
        every site counts for an unknown owner: either may be the same field.
        """
        out = []
        for site in self.fields.get(name, []) or self._aliases()[1].get(name, []):
            k = self._operand_type(site)
            if owner is None or k is None or k == owner:
                out.append(site)
        return out

    def _aliases(self) -> tuple[dict, dict]:
        """Cleanup sites reached through a local initialised from the map:
        `m := pkgMap; delete(m, k)` (keyed by pkgMap) and `m := s.f; clear(m)`
        (keyed by f, the site's node being `s.f`); and through a same-package
        function that cleans its parameter: `clearSyncMap(&pkgMap)`,
        `reset(s.f)` (the site's node being the argument). Computed on first use."""
        if self._alias_sites is not None:
            return self._alias_sites
        from golint_mem.model.scope import FUNC_NODES, function_scope, top_function

        names: dict[str, list[CleanupSite]] = {}
        fields: dict[str, list[CleanupSite]] = {}

        def add(fm: FileModel, v: Node | None, how: str) -> None:
            v = unparen(v)
            if v is not None and v.type == "identifier":
                names.setdefault(text(v), []).append(CleanupSite(fm, v, how))
            elif v is not None and v.type == "selector_expression":
                fname = text(v.child_by_field_name("field"))
                fields.setdefault(fname, []).append(CleanupSite(fm, v, how))

        helpers: dict[str, set[int]] = {}  # function name -> indices of cleaned parameters
        for sites in list(self.names.values()):
            for site in sites:
                if site.how == "assign" or top_function(site.node).type not in FUNC_NODES:
                    continue
                d = function_scope(self.pkg, site.file, site.node).decl_of(site.node)
                if d is not None and d.kind == "param" and d.owner is not None \
                        and d.owner.type == "function_declaration":
                    i = _param_index(d.owner, d.node)
                    if i is not None:
                        helpers.setdefault(text(d.owner.child_by_field_name("name")), set()).add(i)
                    continue
                if d is None or d.kind != "var" or d.value is None or d.names_count != d.values_count:
                    continue
                add(site.file, d.value, site.how)
        if helpers:
            for fm in self.pkg.files:
                for call in captures(query(_CALL_QUERY), fm.tree.root_node).get("call", []):
                    fn = text(call.child_by_field_name("function"))
                    args = call.child_by_field_name("arguments").named_children
                    for i in sorted(helpers.get(fn, ())):
                        if i < len(args):
                            arg = unparen(args[i])
                            if arg is not None and arg.type == "unary_expression" \
                                    and text(arg.child_by_field_name("operator")) == "&":
                                arg = arg.child_by_field_name("operand")
                            add(fm, arg, f"via {fn}")
        self._alias_sites = (names, fields)
        return self._alias_sites

    def _operand_type(self, site: CleanupSite) -> tuple[str, str] | None:
        k = (site.file.path, site.node.start_byte)
        if k not in self._field_types:
            operand = site.node.child_by_field_name("operand")
            self._field_types[k] = type_key(_type_at(self.pkg, site.file, operand))
        return self._field_types[k]


_CALL_QUERY = "(call_expression function: (identifier) arguments: (argument_list)) @call"


def _param_index(fn: Node, ident: Node) -> int | None:
    """The position of parameter ``ident`` in function ``fn``'s parameter list."""
    params = fn.child_by_field_name("parameters")
    i = 0
    for decl in params.named_children if params is not None else ():
        if decl.type != "parameter_declaration":
            return None  # variadic: its argument is not one value
        names = decl.children_by_field_name("name") or [None]
        for n in names:
            if n is not None and n.start_byte == ident.start_byte:
                return i
            i += 1
    return None


def _type_at(pkg: PackageModel, file: FileModel, expr: Node | None) -> GoType | None:
    if expr is None:
        return None
    from golint_mem.model.infer import package_types, types_for
    from golint_mem.model.scope import FUNC_NODES, function_scope, top_function

    if top_function(expr).type in FUNC_NODES:
        return types_for(function_scope(pkg, file, expr)).type_of(expr)
    return package_types(pkg, file).type_of(expr)


def map_cleanups(pkg: PackageModel) -> MapCleanups:
    """The package's map cleanup sites (computed once per package, cached)."""
    mc = pkg.cache.get("map_cleanups")
    if mc is not None:
        return mc
    mc = MapCleanups(pkg)
    q = query(CLEANUP_QUERY)
    for fm in pkg.files:
        for _, caps in matches(q, fm.tree.root_node):
            how = text((caps.get("fn") or caps.get("m") or [None])[0]) or "assign"
            for target in caps.get("target", []):
                node = unparen(target)
                if node is None:
                    continue
                site = CleanupSite(fm, node, how)
                if node.type == "identifier":
                    mc.names.setdefault(text(node), []).append(site)
                elif node.type == "selector_expression":
                    fname = text(node.child_by_field_name("field"))
                    mc.fields.setdefault(fname, []).append(site)
    pkg.cache["map_cleanups"] = mc
    return mc


# -- can the map grow? ------------------------------------------------------------

def map_kind(pkg: PackageModel, t: GoType | None) -> str | None:
    """"map" for a map type, "sync" for ``sync.Map`` or ``*sync.Map``, else None
    (same-package named types are followed to their underlying type)."""
    t = pkg.resolve_named(t)
    if t is None:
        return None
    if t.kind == "map":
        return "map"
    if t.kind == "pointer":
        t = pkg.resolve_named(t.elem)
    return "sync" if t is not None and t.is_named("sync", "Map") else None


_CONSTANT_LEAVES = frozenset((
    "interpreted_string_literal", "raw_string_literal", "int_literal", "float_literal",
    "imaginary_literal", "rune_literal", "true", "false", "iota",
))
_CONSTANT_OPERATORS = frozenset(("binary_expression", "unary_expression"))


def constant_key(scope, expr: Node | None) -> bool:
    """Whether a map key is a Go constant: literals, named constants (package,
    local, typed, iota), and operators and conversions over them (`prefix+"x"`,
    `-1`, `Kind(3)`). Another package's qualified name (`http.MethodGet`) counts
    too: the source alone cannot tell its constants from its variables, and a
    package-level key names one slot either way. ``scope`` resolves names."""
    pkg = scope.pkg
    stack, seen = [expr], 0
    while stack:
        e = unparen(stack.pop())
        seen += 1
        if e is None or seen > 64:
            return False
        t = e.type
        if t in _CONSTANT_LEAVES:
            continue
        if t == "identifier":
            d = scope.decl_of(e)
            if d is None:
                if text(e) not in ("true", "false"):
                    return False
            elif d.kind not in ("const", "pkgconst"):
                return False
        elif t in _CONSTANT_OPERATORS:
            op = text(e.child_by_field_name("operator"))
            if t == "unary_expression" and op in ("&", "*", "<-"):
                return False
            stack.extend([e.child_by_field_name("left"), e.child_by_field_name("right")]
                         if t == "binary_expression" else [e.child_by_field_name("operand")])
        elif t == "selector_expression":
            root = unparen(e.child_by_field_name("operand"))
            d = scope.decl_of(root) if root is not None and root.type == "identifier" else None
            if d is None or d.kind != "import":
                return False
        elif t == "call_expression":
            # a conversion of a constant to a basic or same-package type: `Kind(3)`
            fn = unparen(e.child_by_field_name("function"))
            args = e.child_by_field_name("arguments")
            if fn is None or fn.type != "identifier" or args is None or args.named_child_count != 1 \
                    or scope.decl_of(fn) is not None \
                    or (text(fn) not in BASIC and text(fn) not in pkg.types):
                return False
            stack.append(args.named_children[0])
        else:
            return False
    return True


#: key types with few values: a map keyed by one cannot outgrow them
_SMALL_BASIC = frozenset(("bool", "int8", "uint8", "byte"))
#: another package's types with a bounded set of values in any one program:
#: the program's types, the kinds of types, the signals of the OS
_BOUNDED_NAMED = frozenset((("reflect", "Type"), ("reflect", "Kind"), ("os", "Signal"),
                            ("syscall", "Signal")))


def bounded_key(types, expr: Node | None) -> bool:
    """Whether a map key comes from a small or program-bounded domain: `bool`,
    `int8`/`uint8`/`byte`, `reflect.Type` (also straight from `reflect.TypeOf`
    or `reflect.Value.Type`), `reflect.Kind`, `os.Signal`/`syscall.Signal`, or
    a same-package enum: a named type that the package declares constants of
    (`type Level int; const Debug Level = iota`)."""
    pkg = types.pkg
    t = types.type_of(expr)
    if t is None:
        return _reflect_type_of(types, expr)
    if t.kind == "basic":
        return t.name in _SMALL_BASIC
    if t.kind != "named":
        return False
    if t.pkg:
        return (t.pkg, t.name) in _BOUNDED_NAMED
    info = pkg.types.get(t.name)
    return info is not None and not info.is_struct and t.name in _enum_types(pkg)


def _reflect_type_of(types, expr: Node | None) -> bool:
    """`reflect.TypeOf(x)` or `v.Type()` on a `reflect.Value`, directly or
    through a local initialised with it (the source has no signatures of
    another package's functions, so these two are spelled out)."""
    e = unparen(expr)
    if e is not None and e.type == "identifier":
        d = types.scope.decl_of(e)
        if d is None or d.kind != "var" or d.value is None or d.names_count != d.values_count:
            return False
        e = unparen(d.value)
    if e is None or e.type != "call_expression":
        return False
    fn = unparen(e.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression":
        return False
    method = text(fn.child_by_field_name("field"))
    operand = unparen(fn.child_by_field_name("operand"))
    if method == "Type":
        t = types.type_of(operand)
        return t is not None and t.is_named("reflect", "Value")
    d = types.scope.decl_of(operand) if operand is not None and operand.type == "identifier" else None
    return method == "TypeOf" and d is not None and d.kind == "import" and d.import_path == "reflect"


def _enum_types(pkg: PackageModel) -> frozenset[str]:
    """Same-package type names that typed constants are declared with
    (`const A T = ...`, or `const A = T(iota)`), cached per package."""
    cached = pkg.cache.get("enum_types")
    if cached is not None:
        return cached
    out = set()
    for fm in pkg.files:
        for decl in fm.tree.root_node.named_children:
            if decl.type != "const_declaration":
                continue
            for spec in decl.named_children:
                if spec.type != "const_spec":
                    continue
                tnode = spec.child_by_field_name("type")
                if tnode is not None and tnode.type == "type_identifier":
                    out.add(text(tnode))
                    continue
                values = spec.child_by_field_name("value")
                first = values.named_children[:1] if values is not None else []
                v = unparen(first[0]) if first else None
                if v is not None and v.type == "call_expression":
                    fn = v.child_by_field_name("function")
                    if fn is not None and fn.type == "identifier" and text(fn) in pkg.types:
                        out.add(text(fn))
    result = frozenset(out)
    pkg.cache["enum_types"] = result
    return result


__all__ = ["CLEANUP_QUERY", "CleanupSite", "MapCleanups", "bounded_key", "constant_key", "map_cleanups",
           "map_kind", "type_key"]
