"""Package-wide map facts: where a map is deleted from, cleared or replaced.

Looked up one name at a time, in the top-level declarations that hold the
name where it can be cleaned (a byte search first), and cached in
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

import re
from dataclasses import dataclass, field

from tree_sitter import Node

from golint_mem.model.occurrences import occurrences, parts_at
from golint_mem import constblock
from golint_mem.model.package import FileModel, NeedsWholeTree, PackageModel, omitted_const_specs
from golint_mem.model.types import BASIC, GoType
from golint_mem.parse import captures, matches, query, text, unparen

CLEANUP_QUERY = """
(call_expression function: (identifier) @fn arguments: (argument_list . (_) @target)
  (#any-of? @fn "delete" "clear"))
(call_expression function: (selector_expression operand: (_) @target field: (field_identifier) @m)
  (#any-of? @m "Delete" "LoadAndDelete" "CompareAndDelete"))
(assignment_statement left: (expression_list (_) @target))
"""
#: the cleanup calls alone, for local aliases and helpers (an assignment to a
#: local or a parameter cleans nothing the caller holds)
_CLEANUP_CALLS = """
(call_expression function: (identifier) @fn arguments: (argument_list . (_) @target)
  (#any-of? @fn "delete" "clear"))
(call_expression function: (selector_expression operand: (_) @target field: (field_identifier) @m)
  (#any-of? @m "Delete" "LoadAndDelete" "CompareAndDelete"))
"""
#: a cleanup call's name, as a whole word (`clearSyncMap(&m)` holds none)
_CALL_WORD = re.compile(rb"(?<![0-9A-Za-z_])(?:delete|clear|Delete|LoadAndDelete|CompareAndDelete)"
                        rb"(?![0-9A-Za-z_])")
_CALL_QUERY = "(call_expression function: (identifier) arguments: (argument_list)) @call"

# What follows a map's name (or field name) where it is cleaned up (`delete(m, k)`,
# `clear(m)`, `m = nil`, `m, n = a, b`, `m += x`, `(m).Delete(k)`), read into a local
# (`a := m`, `var a = m // c`) or handed to a helper (`reset(&m)`, `wipe(m, x)`):
# reads such as `m[k]`, `m.Load(k)`, `range m {`, `m == nil` are none of these.
_SITE_FOLLOW = re.compile(
    rb"[ \t]*(?:\Z|[,);}\n\r/]|=(?!=)|(?:[-+*%&|^]|<<|>>|&\^)="
    rb"|\.\s*(?:/|(?:Delete|LoadAndDelete|CompareAndDelete)(?![0-9A-Za-z_])))")


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


def _is(node: Node | None, name: str, selected: bool) -> bool:
    """``node`` is the identifier ``name`` or (``selected``) a selector `x.name`."""
    if node is None:
        return False
    if selected:
        return node.type == "selector_expression" and text(node.child_by_field_name("field")) == name
    return node.type == "identifier" and text(node) == name


@dataclass
class MapCleanups:
    """A package's cleanup sites, looked up one name at a time: only the top-level
    declarations holding the name where it can be cleaned, aliased or handed to a
    helper are read (see :data:`_SITE_FOLLOW`).

    Callers ask whether there is a site; the lists hold the sites of the parsed
    code, and when there is none there while the name occurs in a body the partial
    parse left out (where one may be), ``NeedsWholeTree`` is raised (:meth:`cleaned`
    answers None instead, unless that body's line surely cleans it)."""

    pkg: PackageModel
    #: (name, is a field) -> (direct sites, file with a left-out occurrence,
    #: occurrences in the parsed code, whether a left-out one surely is a site)
    _direct: dict = field(default_factory=dict)
    #: (name, is a field) -> (sites through aliases and helpers, file with a left-out helper)
    _indirect: dict = field(default_factory=dict)
    #: function name -> (indices of the parameters it cleans, file with a left-out body)
    _helpers: dict = field(default_factory=dict)
    _field_types: dict = field(default_factory=dict)

    def for_name(self, name: str) -> list[CleanupSite]:
        """Cleanup sites of a package variable (or any name) ``name``, also
        through a local alias (`m := name; delete(m, k)`) or a same-package
        helper that cleans its parameter (`clearSyncMap(&name)`)."""
        sites, hidden, _ = self._lookup(name, False)
        if not sites and hidden is not None:
            raise NeedsWholeTree(hidden)
        return sites

    def cleaned(self, name: str) -> bool | None:
        """Whether :meth:`for_name` has a site; None when only the whole trees can
        tell (for a caller that may have its answer elsewhere)."""
        sites, hidden, surely = self._lookup(name, False)
        return True if sites or surely else None if hidden is not None else False

    def for_field(self, owner: tuple[str, str] | None, name: str) -> list[CleanupSite]:
        """Cleanup sites of field ``name`` on struct type ``owner`` (a :func:`type_key`).

        A site whose operand type is not resolved counts for every owner, and
        every site counts for an unknown owner: either may be the same field.
        """
        sites, hidden, _ = self._lookup(name, True)
        out = []
        for site in sites:
            k = self._operand_type(site)
            if owner is None or k is None or k == owner:
                out.append(site)
        if not out and hidden is not None:
            raise NeedsWholeTree(hidden)  # a left-out site may be of this owner
        return out

    def _lookup(self, name: str, selected: bool) -> tuple[list[CleanupSite], str | None, bool]:
        """The sites of identifier (or field) ``name`` in the parsed code: the
        direct ones, or when there are none, those through aliases and helpers;
        a file whose left-out code may hold more of them (None when the list is
        complete); and whether a left-out one surely is a site."""
        sites, hidden, _, surely = self._sites(name, selected)
        if sites or hidden is not None:
            return sites, hidden, surely
        return (*self._indirect_sites(name, selected), False)

    def _sites(self, name: str, selected: bool):
        """The direct cleanup sites of identifier (or field) ``name``."""
        k = (name, selected)
        got = self._direct.get(k)
        if got is not None:
            return got
        found, left_out = occurrences(self.pkg, name, selected=selected, follow=_SITE_FOLLOW)
        left_out = [o for o in left_out if not self._surely_read(o[0].source, o[1], name)]
        hidden = left_out[0][0].path if left_out else None
        surely = not selected and any(self._surely_site(fm.source, i, span, name)
                                      for fm, i, span in left_out)
        sites = []
        q = query(CLEANUP_QUERY)
        for fm, offsets in found:
            for part in parts_at(fm, offsets):
                for _, caps in matches(q, part):
                    how = text((caps.get("fn") or caps.get("m") or [None])[0]) or "assign"
                    for target in caps.get("target", []):
                        node = unparen(target)
                        if _is(node, name, selected):
                            sites.append(CleanupSite(fm, node, how))
        got = self._direct[k] = (sites, hidden, found, surely)
        return got

    def _indirect_sites(self, name: str, selected: bool) -> tuple[list[CleanupSite], str | None]:
        """Cleanup sites reached through a local initialised from the map:
        `m := pkgMap; delete(m, k)` and `m := s.f; clear(m)` (the site's node being
        `pkgMap` or `s.f`); and through a same-package function that cleans its
        parameter: `clearSyncMap(&pkgMap)`, `reset(s.f)` (the site's node being the
        argument). Both lie in a declaration that holds the name. Also a file whose
        left-out body may make a called function such a helper."""
        k = (name, selected)
        got = self._indirect.get(k)
        if got is not None:
            return got
        from golint_mem.model.scope import FUNC_NODES, function_scope, top_function

        out, hidden = [], None
        cq, callq = query(_CLEANUP_CALLS), query(_CALL_QUERY)
        for fm, offsets in self._sites(name, selected)[2]:
            for part in parts_at(fm, offsets):
                for _, caps in matches(cq, part):
                    how = text((caps.get("fn") or caps.get("m"))[0])
                    for target in caps.get("target", []):
                        node = unparen(target)
                        if node is None or node.type != "identifier" \
                                or top_function(node).type not in FUNC_NODES:
                            continue
                        d = function_scope(self.pkg, fm, node).decl_of(node)
                        if d is None or d.kind != "var" or d.value is None \
                                or d.names_count != d.values_count:
                            continue
                        v = unparen(d.value)
                        if _is(v, name, selected):
                            out.append(CleanupSite(fm, v, how))
                for call in captures(callq, part).get("call", []):
                    fn = text(call.child_by_field_name("function"))
                    cleaned, left_out = self._cleaned_params(fn)
                    args = call.child_by_field_name("arguments").named_children
                    if left_out is not None and any(_is(_argument(a), name, selected) for a in args):
                        hidden = hidden or left_out
                    for i in sorted(cleaned):
                        if i < len(args) and _is(_argument(args[i]), name, selected):
                            out.append(CleanupSite(fm, _argument(args[i]), f"via {fn}"))
        got = self._indirect[k] = (out, hidden)
        return got

    def _cleaned_params(self, fn: str) -> tuple[set[int], str | None]:
        """Indices of the parameters that same-package function ``fn`` (any of its
        declarations) deletes from, clears or calls Delete on; and a file where one
        of its bodies that may do so was left out of the parse."""
        got = self._helpers.get(fn)
        if got is not None:
            return got
        from golint_mem.model.scope import function_scope

        cleaned, hidden = set(), None
        cq = query(_CLEANUP_CALLS)
        for info in self.pkg.variants.get(fn, ()):
            body = info.decl.child_by_field_name("body")
            src = info.file.source
            if info.recv_type is not None or body is None \
                    or _CALL_WORD.search(src, body.start_byte, body.end_byte) is None:
                continue
            if info.omitted:
                hidden = hidden or info.file.path
                continue
            for _, caps in matches(cq, info.node):
                for target in caps.get("target", []):
                    node = unparen(target)
                    if node is None or node.type != "identifier":
                        continue
                    d = function_scope(self.pkg, info.file, node).decl_of(node)
                    if d is not None and d.kind == "param" and d.owner is not None \
                            and d.owner.type == "function_declaration":
                        i = _param_index(d.owner, d.node)
                        if i is not None:
                            cleaned.add(i)
        got = self._helpers[fn] = (cleaned, hidden)
        return got

    def _surely_read(self, src: bytes, i: int, name: str) -> bool:
        """Whether ``name`` at ``i``, in a body left out of the parse, surely is no
        site, alias or helper argument: `len(m)`, `cap(m)`, `return m`, or the first
        argument of a method or another package's function (`fmt.Println(m)`)."""
        if _DOT_AFTER.match(src, i + len(name.encode())):
            return False  # `return m.Delete(k)`
        read = _READ_BEFORE.search(src[src.rfind(b"\n", 0, i) + 1:i])
        # a package may declare its own len or cap
        return read is not None and (read.group(1) is None or read.group(1).decode() not in self.pkg.funcs)

    def _surely_site(self, src: bytes, i: int, span: tuple[int, int], name: str) -> bool:
        """Whether identifier ``name`` at ``i``, in a body left out of the parse, is
        surely a cleanup site, as a whole parse would find it (the answer "cleaned"
        needs no whole tree then): see :data:`_CALL_BEFORE`."""
        line = src.rfind(b"\n", 0, i) + 1
        before = src[line:i]
        end = i + len(name.encode())
        if _CALL_BEFORE.search(before):
            return _FIRST_ARG_AFTER.match(src, end) is not None
        if _DELETE_AFTER.match(src, end):
            return True
        if not before.strip(b" \t"):
            return _ASSIGN_AFTER.match(src, end) is not None \
                and _SPEC_BLOCK.search(src, span[0], span[1]) is None
        helper = _HELPER_BEFORE.search(before)
        return helper is not None and _FIRST_ARG_AFTER.match(src, end) is not None \
            and 0 in self._cleaned_params(helper.group(1).decode())[0]

    def _operand_type(self, site: CleanupSite) -> tuple[str, str] | None:
        k = (site.file.path, site.node.start_byte)
        if k not in self._field_types:
            operand = site.node.child_by_field_name("operand")
            self._field_types[k] = type_key(_type_at(self.pkg, site.file, operand))
        return self._field_types[k]


# What stands before a left-out occurrence that only reads the map (MapCleanups._surely_read):
# `len(`, `cap(`, `return `, a method's or another package's function's `x.f(`
_READ_BEFORE = re.compile(
    rb"(?:(?:^|[^0-9A-Za-z_.])(len|cap)\(|(?:^|[^0-9A-Za-z_.])return[ \t]+|[0-9A-Za-z_)\]]\.[A-Za-z_]\w*\()"
    rb"[ \t]*\Z")
_DOT_AFTER = re.compile(rb"[ \t)]*\.")

# A left-out line that surely cleans the map named on it, as tree-sitter reads it
# (the name is in code there: see occurrences): `delete(m, k)`, `clear(m)`,
# `m.Delete(k)`, `m = ...` (`m += ...`) as a statement of its own line outside any
# `var (`/`const (` block (whose specs look the same), and `wipe(&m)` where `wipe`
# cleans its first parameter.
_CALL_BEFORE = re.compile(rb"(?:^|[^0-9A-Za-z_.])(?:delete|clear)\([ \t]*\Z")
_HELPER_BEFORE = re.compile(rb"(?:^|[^0-9A-Za-z_.])([A-Za-z_][0-9A-Za-z_]*)\([ \t]*&?[ \t]*\Z")
_FIRST_ARG_AFTER = re.compile(rb"[ \t]*[,)]")
_DELETE_AFTER = re.compile(rb"\.(?:Delete|LoadAndDelete|CompareAndDelete)\(")
_ASSIGN_AFTER = re.compile(rb"[ \t]*(?:[-+*/%&|^]|<<|>>|&\^)?=(?!=)")
_SPEC_BLOCK = re.compile(rb"\b(?:var|const)[ \t]*\(")


def _argument(arg: Node) -> Node | None:
    """A helper's argument as the map it is handed: `m`, `&m`, `(&s.f)`."""
    arg = unparen(arg)
    if arg is not None and arg.type == "unary_expression" \
            and text(arg.child_by_field_name("operator")) == "&":
        arg = arg.child_by_field_name("operand")
    return unparen(arg)


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
    """The package's map cleanup sites (looked up per name, cached per package)."""
    mc = pkg.cache.get("map_cleanups")
    if mc is None:
        mc = pkg.cache["map_cleanups"] = MapCleanups(pkg)
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
    package-level key names one slot either way. ``scope`` resolves names; with
    None only literals and operators count (a rule can skip such a key before it
    builds a scope: with one, the answer is the same)."""
    stack, seen = [expr], 0
    while stack:
        e = unparen(stack.pop())
        seen += 1
        if e is None or seen > 64:
            return False
        t = e.type
        if t in _CONSTANT_LEAVES:
            continue
        if scope is None and t in ("identifier", "selector_expression", "call_expression"):
            return False
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
                    or (text(fn) not in BASIC and text(fn) not in scope.pkg.types):
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
            left_out = omitted_const_specs(fm, decl)
            if left_out is not None:  # a block read from its bytes
                for spec in left_out:
                    fn = constblock.call_of(spec.values[0]) if spec.values else None
                    if spec.type is not None:
                        out.add(spec.type)
                    elif fn is not None and fn in pkg.types:
                        out.add(fn)
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
