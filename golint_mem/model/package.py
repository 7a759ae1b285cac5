"""Package-level facts: imports per file, functions, methods, types, package variables.

Built from the top-level declarations of each file only (no deep walk);
function bodies are looked at later, and only where a rule has a candidate.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from tree_sitter import Node, Query, QueryCursor, Tree

from golint_mem.model.types import (
    GoType, default_import_name, embedded_field_names, result_types, struct_fields, type_from_node,
)
from golint_mem.parse import text


_TEST_FRAMEWORKS = ("github.com/stretchr/testify/", "github.com/onsi/ginkgo", "github.com/onsi/gomega")
#: test-support packages by name: httptest, rafttest, testutil, testhelpers...
_TEST_PACKAGE = re.compile(r"(?<!la)test$|testing$|^testutils?$|^testhelpers?$")


#: the calls a long-running `package main` makes: it listens or serves
#: (`net.Listen(`, `http.ListenAndServe(`, `srv.Serve(ln)`, `grpc.NewServer(`,
#: `app.Listen(":80")`); a flag's help text naming `-httpListenAddr` or a unix
#: notify socket (`net.ListenUnixgram`) is not a server
SERVER_CALL = re.compile(rb"(?:\.Listen|\bListenAndServe(?:TLS)?|\.Serve|\bNewServer)\(")


class NeedsWholeTree(Exception):
    """An analysis reached code that the file's partial parse left out (the body of a
    function no rule's trigger points at); the engine analyses the package again from
    whole trees, so results never depend on what was left out."""


@dataclass(eq=False)
class FileModel:
    path: str
    source: bytes
    tree: Tree
    package_name: str = ""
    #: local name -> import path (renamed imports under their new name)
    imports: dict[str, str] = field(default_factory=dict)
    is_test: bool = False
    #: sorted [start, end) byte spans the parse left out: the insides of function
    #: bodies that no trigger points at (their braces are parsed, so the tree is whole
    #: in shape and its declarations are all there)
    omitted: tuple[tuple[int, int], ...] = ()
    #: the engine's trigger offsets for the selected rules (triggers.hits), or
    #: Ellipsis when they were not computed while loading
    hits: object = ...

    def offsets(self, tokens: tuple[bytes, ...]) -> list[int]:
        """Sorted offsets of every occurrence of ``tokens`` in the source (byte
        literals, or compiled byte patterns: where each match starts); raises
        :class:`NeedsWholeTree` when one lies in an omitted span."""
        src = self.source
        out = []
        for tok in tokens:
            if not isinstance(tok, bytes):
                # a compiled pattern, for a token a literal cannot say soundly (a
                # selector's field: `.` and the name may have blanks or comments between)
                out.extend(m.start() for m in tok.finditer(src))
                continue
            i = src.find(tok)
            while i >= 0:
                out.append(i)
                i = src.find(tok, i + 1)
        out.sort()
        if self.omitted and out:
            for start, end in self.omitted:
                j = bisect.bisect_left(out, start)
                if j < len(out) and out[j] < end:
                    raise NeedsWholeTree(self.path)
        return out

    def parts_with(self, tokens: tuple[bytes, ...]) -> list[Node]:
        """The top-level declarations whose text contains one of ``tokens`` (raises
        :class:`NeedsWholeTree` when one lies in an omitted body)."""
        offsets = self.offsets(tokens)
        if not offsets:
            return []
        out = []
        for part in self.tree.root_node.children:
            i = bisect.bisect_left(offsets, part.start_byte)
            if i < len(offsets) and offsets[i] < part.end_byte:
                out.append(part)
        return out

    @property
    def test_only(self) -> bool:
        """A `_test.go` file, a helper that imports package testing or a test
        framework, or a test-support package (`rafttest`, `testutil`): code that
        runs only in a test binary, which exits when its tests end."""
        return self.is_test or _TEST_PACKAGE.search(self.package_name) is not None \
            or any(p == "testing" or p.startswith(_TEST_FRAMEWORKS) for p in self.imports.values())

    def import_name(self, path: str) -> str | None:
        for name, p in self.imports.items():
            if p == path:
                return name
        return None


@dataclass(eq=False)
class FuncInfo:
    """A top-level function or method declaration."""

    name: str
    #: the declaration; its body may have been left out of a partial parse: use
    #: ``node`` for anything that reads the body, ``decl`` for the signature only
    decl: Node
    file: FileModel
    recv_type: str | None = None  # same-package type name, without '*'
    recv_pointer: bool = False

    @property
    def omitted(self) -> bool:
        """The body was left out of the parse (the tree holds only its braces)."""
        spans = self.file.omitted
        if not spans:
            return False
        body = self.decl.child_by_field_name("body")
        if body is None:
            return False
        i = bisect.bisect_left(spans, (body.start_byte,))
        return i < len(spans) and spans[i][0] < body.end_byte

    @property
    def node(self) -> Node:
        """The declaration with its body; raises :class:`NeedsWholeTree` when the body
        was left out of the parse."""
        if self.file.omitted and self.omitted:
            raise NeedsWholeTree(self.file.path)
        return self.decl

    @functools.cached_property
    def results(self) -> tuple:
        """Declared result types, resolved on first use (most are never asked for)."""
        return result_types(self.decl.child_by_field_name("result"), self.file.imports)

    @property
    def key(self) -> str:
        return f"{self.recv_type}.{self.name}" if self.recv_type else self.name

    @property
    def display(self) -> str:
        if self.recv_type:
            return f"({'*' if self.recv_pointer else ''}{self.recv_type}).{self.name}"
        return self.name


@dataclass(eq=False)
class VarInfo:
    """A package-level variable."""

    name: str
    node: Node  # the identifier in its var_spec
    spec: Node
    file: FileModel
    type_node: Node | None
    value: Node | None  # the expression initialising it, if any
    index: int = 0
    values_count: int = 0


@dataclass(eq=False)
class TypeInfo:
    """A same-package type declaration; its types are resolved on first use."""

    name: str
    node: Node  # the type_spec
    file: FileModel

    @property
    def _type_node(self) -> Node | None:
        return self.node.child_by_field_name("type")

    @property
    def is_struct(self) -> bool:
        t = self._type_node
        return t is not None and t.type == "struct_type"

    @functools.cached_property
    def underlying(self) -> GoType | None:
        return type_from_node(self._type_node, self.file.imports)

    @functools.cached_property
    def fields(self) -> dict[str, GoType | None]:
        """Struct types: field name -> type (embedded fields by their type's name)."""
        if not self.is_struct:
            return {}
        return dict(struct_fields(self._type_node, self.file.imports))

    @functools.cached_property
    def embedded(self) -> tuple[str, ...]:
        """Struct types: the names of embedded fields (a subset of ``fields``' keys)."""
        if not self.is_struct:
            return ()
        return embedded_field_names(self._type_node, self.file.imports)


@dataclass(eq=False)
class PackageModel:
    directory: str
    files: list[FileModel]
    go_version: tuple[int, int] | None = None
    name: str = ""
    funcs: dict[str, FuncInfo] = field(default_factory=dict)
    #: (receiver type name, method name) -> FuncInfo
    methods: dict[tuple[str, str], FuncInfo] = field(default_factory=dict)
    types: dict[str, TypeInfo] = field(default_factory=dict)
    vars: dict[str, VarInfo] = field(default_factory=dict)
    #: FuncInfo.key -> every declaration of it, in file order (more than one when
    #: files with different build tags each declare it; `funcs`/`methods` keep one)
    variants: dict[str, list[FuncInfo]] = field(default_factory=dict)
    #: analysis caches (function scopes, dataflow graphs, call graph), filled lazily
    cache: dict = field(default_factory=dict)

    def field_type(self, type_name: str, field_name: str) -> GoType | None:
        info = self.types.get(type_name)
        return info.fields.get(field_name) if info else None

    def method(self, type_name: str, name: str) -> FuncInfo | None:
        return self.methods.get((type_name, name))

    def find_method(self, type_name: str, name: str, depth: int = 4) -> FuncInfo | None:
        """``type_name``'s method ``name``, or one promoted from an embedded
        same-package type (breadth first, as Go's shallowest-depth rule)."""
        level, seen = [type_name], {type_name}
        for _ in range(depth + 1):
            nxt = []
            for t in level:
                m = self.methods.get((t, name))
                if m is not None:
                    return m
                info = self.types.get(t)
                for f in info.embedded if info is not None else ():
                    ft = info.fields.get(f)
                    local = ft.local_name if ft is not None else None
                    if local is not None and local not in seen:
                        seen.add(local)
                        nxt.append(local)
            if not nxt:
                return None
            level = nxt
        return None

    def resolve_named(self, t: GoType | None) -> GoType | None:
        """A same-package named type's underlying type (one level), else t."""
        seen = 0
        while t is not None and t.kind == "named" and t.pkg == "" and seen < 8:
            info = self.types.get(t.name)
            if info is None or info.underlying is None or info.is_struct:
                return t
            t = info.underlying
            seen += 1
        return t

    @functools.cached_property
    def consts(self) -> set[str]:
        """The names of the package's constants (read on first use: generated
        packages declare thousands that most runs never ask about)."""
        out: set[str] = set()
        for fm in self.files:
            out.update(_const_names(fm))
        return out

    @functools.cached_property
    def int_consts(self) -> dict[str, int]:
        """Package constants whose value is an integer literal or a shift of two
        (`maxMapSize = 0xFFFFFFFFFFFF`, `limit = 1 << 30`), by name."""
        from golint_mem import constblock

        got: dict[str, int] = {}
        for fm in self.files:
            for decl in fm.tree.root_node.named_children:
                if decl.type != "const_declaration":
                    continue
                left_out = omitted_const_specs(fm, decl)
                for spec in left_out or ():
                    # as below, where a spec of several names counts its commas too
                    if len(spec.names) == 1 == len(spec.values):
                        for nm, v in zip(spec.names, spec.values):
                            value = constblock.int_value(v)
                            if value is not None:
                                got[nm] = value
                if left_out is not None:
                    continue
                for spec in _specs(decl, "const_spec"):
                    names = spec.children_by_field_name("name")
                    vals = spec.child_by_field_name("value")
                    vals = vals.named_children if vals is not None else []
                    if len(names) != len(vals):
                        continue
                    for nm, v in zip(names, vals):
                        value = int_literal_value(v)
                        if value is not None:
                            got[text(nm)] = value
        return got

    def scan(self, q: Query, tokens: tuple[bytes, ...]) -> Iterator[tuple[FileModel, int, dict]]:
        """``(file, pattern index, captures)`` for every match of ``q`` in the package,
        read only in the top-level declarations that contain one of ``tokens``: every
        match of ``q`` must contain one of them (most declarations are skipped at the
        cost of a byte search, and partially parsed files are read without a re-parse
        unless a token lies in an omitted body)."""
        for fm in self.files:
            parts = fm.parts_with(tokens)
            if not parts:
                continue
            cursor = QueryCursor(q)
            for part in parts:
                cursor.set_byte_range(part.start_byte, part.end_byte)
                for index, caps in cursor.matches(fm.tree.root_node):
                    yield fm, index, caps

    def go_version_at_least(self, major: int, minor: int) -> bool:
        return self.go_version is not None and self.go_version >= (major, minor)

    @functools.cached_property
    def is_command(self) -> bool:
        """A `package main` that serves nothing: a command-line program, whose process
        ends with its work, so what it leaks goes with it. A `package main` that listens
        or serves (`net.Listen`, `http.ListenAndServe`, `srv.Serve`, `grpc.NewServer`) is a
        long-running service and is analysed like any other package."""
        if not self.files or self.files[0].package_name != "main":
            return False
        return not any(SERVER_CALL.search(f.source) for f in self.files if not f.is_test)


_HEADER = frozenset({"package_clause", "import_declaration", "comment", "ERROR"})


def file_model(path: str, source: bytes, tree: Tree) -> FileModel:
    fm = FileModel(path=path, source=source, tree=tree, is_test=path.endswith("_test.go"))
    for node in tree.root_node.named_children:
        if node.type not in _HEADER:
            break  # Go puts every import before the first other declaration
        if node.type == "package_clause":
            name = next((c for c in node.named_children), None)
            fm.package_name = text(name)
        elif node.type == "import_declaration":
            for spec in _import_specs(node):
                path_node = spec.child_by_field_name("path")
                if path_node is None:
                    continue
                ipath = text(path_node).strip('"`')
                name_node = spec.child_by_field_name("name")
                if name_node is None:
                    fm.imports[default_import_name(ipath)] = ipath
                elif name_node.type in ("package_identifier", "identifier"):
                    fm.imports[text(name_node)] = ipath
                # dot and blank imports bind no name
    return fm


def _import_specs(decl: Node):
    for child in decl.named_children:
        if child.type == "import_spec":
            yield child
        elif child.type == "import_spec_list":
            yield from (c for c in child.named_children if c.type == "import_spec")


def build_package(directory: str, files: list[FileModel], go_version=None) -> PackageModel:
    pkg = PackageModel(directory=directory, files=files, go_version=go_version)
    funcs, methods, variants, types, vars_ = pkg.funcs, pkg.methods, pkg.variants, pkg.types, pkg.vars
    for fm in files:
        if not pkg.name and fm.package_name and not fm.package_name.endswith("_test"):
            pkg.name = fm.package_name
        for kind, name, info in _declarations(fm):
            if kind == "func":
                # `init` may be declared many times; keep the first for lookups
                funcs.setdefault(name, info)
                variants.setdefault(name, []).append(info)
            elif kind == "method":
                methods[(info.recv_type, name)] = info
                variants.setdefault(info.key, []).append(info)
            elif kind == "var":
                vars_[name] = info
            else:
                types[name] = info
    return pkg


def variable_names(files: list[FileModel]) -> list[bytes]:
    """The names of the variables the files declare at their top level (from the
    declarations read once per file, which the package model reuses)."""
    return sorted({name.encode() for fm in files for kind, name, _ in _declarations(fm) if kind == "var"})


def _declarations(fm: FileModel) -> list[tuple[str, object, object]]:
    """``(kind, name, info)`` of the file's top-level declarations, in order, read from
    its tree once: a package's test unit and its re-analyses reuse them."""
    got = fm.__dict__.get("_declarations")
    if got is not None:
        return got
    got = []
    for node in fm.tree.root_node.named_children:
        t = node.type
        if t == "function_declaration":
            name = _name(node.child_by_field_name("name"))
            got.append(("func", name, FuncInfo(name, node, fm)))
        elif t == "method_declaration":
            recv_type, is_ptr = _receiver(node)
            if recv_type:
                name = _name(node.child_by_field_name("name"))
                got.append(("method", name, FuncInfo(name, node, fm, recv_type, is_ptr)))
        elif t == "var_declaration":
            for spec in _specs(node, "var_spec"):
                names = spec.children_by_field_name("name")
                tnode = spec.child_by_field_name("type")
                values = spec.child_by_field_name("value")
                vals = values.named_children if values is not None else []
                for i, n in enumerate(names):
                    value = vals[i] if len(vals) == len(names) else (vals[0] if vals else None)
                    name = _name(n)
                    got.append(("var", name, VarInfo(name, n, spec, fm, tnode, value, i, len(vals))))
        elif t == "type_declaration":
            for spec in node.named_children:
                if spec.type in ("type_spec", "type_alias"):
                    name = _name(spec.child_by_field_name("name"))
                    got.append(("type", name, TypeInfo(name, spec, fm)))
    fm.__dict__["_declarations"] = got
    return got


def _const_names(fm: FileModel) -> list[str]:
    got = fm.__dict__.get("_const_names")
    if got is None:
        from golint_mem import constblock

        got = []
        for node in fm.tree.root_node.named_children:
            if node.type == "const_declaration":
                block = omitted_const_block(fm, node)
                if block is not None:
                    got.extend(constblock.names(fm.source, *block))
                    continue
                for spec in _specs(node, "const_spec"):
                    got.extend(n.text.decode("utf-8", "replace")
                               for n in spec.children_by_field_name("name"))
        fm.__dict__["_const_names"] = got
    return got


def omitted_const_block(fm: FileModel, decl: Node) -> tuple[int, int] | None:
    """The byte span of the lines of a `const ( ... )` block that the parse left out
    (parse.parse_partial): its constants are read from those bytes (constblock)."""
    if not fm.omitted:
        return None
    kids = decl.children
    if len(kids) != 3 or kids[1].type != "(":
        return None
    start, end = kids[1].end_byte, kids[2].start_byte
    i = bisect.bisect_left(fm.omitted, (start,))
    if i < len(fm.omitted) and fm.omitted[i] == (start, end):
        return start + 1, end  # after the `(` line's newline
    return None


def omitted_const_specs(fm: FileModel, decl: Node):
    """The specs of a left-out `const` block (constblock.ConstSpec), or None for a
    block that was parsed."""
    block = omitted_const_block(fm, decl)
    if block is None:
        return None
    from golint_mem import constblock

    specs = constblock.read(fm.source, *block)
    if specs is None:  # the parse only leaves out blocks that read: never, but safe
        raise NeedsWholeTree(fm.path)
    return specs


def _name(node: Node | None) -> str:
    return node.text.decode("utf-8", "replace") if node is not None else ""


def int_literal_value(node: Node | None) -> int | None:
    """An integer literal's value, or a shift of two literals (`1 << 30`)."""
    if node is None:
        return None
    if node.type == "parenthesized_expression" and node.named_children:
        return int_literal_value(node.named_children[0])
    if node.type == "int_literal":
        try:
            return int(text(node).replace("_", ""), 0)
        except ValueError:
            return None
    if node.type == "binary_expression" and text(node.child_by_field_name("operator")) == "<<":
        a = int_literal_value(node.child_by_field_name("left"))
        b = int_literal_value(node.child_by_field_name("right"))
        return a << b if a is not None and b is not None and 0 <= b < 64 else None
    return None


def _specs(decl: Node, kind: str):
    for child in decl.named_children:
        if child.type == kind:
            yield child
        elif child.type.endswith("_spec_list"):
            yield from (c for c in child.named_children if c.type == kind)


def _receiver(method: Node) -> tuple[str | None, bool]:
    recv = method.child_by_field_name("receiver")
    if recv is None:
        return None, False
    for decl in recv.named_children:
        if decl.type != "parameter_declaration":
            continue
        t = decl.child_by_field_name("type")
        is_ptr = False
        while t is not None and t.type in ("pointer_type", "parenthesized_type"):
            is_ptr = is_ptr or t.type == "pointer_type"
            t = t.named_children[0] if t.named_children else None
        if t is not None and t.type == "generic_type":
            t = t.child_by_field_name("type")
        if t is not None and t.type == "type_identifier":
            return text(t), is_ptr
    return None, False
