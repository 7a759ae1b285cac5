"""Dataflow: a per-function graph of how values flow between variables, and the package call graph.

Nodes of a function's graph are declarations (:class:`Decl`). An edge
``src -> dst`` says a value read from ``src`` reaches ``dst``; its data says how:

- ``kind``: ``assign`` (``dst = expr(src)``, ``:=``, ``var``, ``range``),
  ``store`` (``dst.f = expr(src)``, ``dst[k] = ...``, ``*dst = ...``: dst now
  contains it) or ``capture`` (``dst`` is a closure literal's variable... see below);
- ``steps``: the path from the occurrence of ``src`` up to the whole right-hand
  side: each step a :class:`Step` such as ``method Context``, ``arg
  context.WithCancel 0``, ``elem``, ``deref``, ``closure`` (read inside a
  function literal), ``result 1`` (the second value of a tuple).

Rules decide which step paths carry *their* property (a request, a pointer
bit-pattern, a closure) and ask :meth:`FunctionFlow.reach` for the closure of
a set of sources under that predicate. The same step paths describe any
expression (:meth:`FunctionFlow.refs`), so a rule judges ``go f(r.Context())``
with the predicate it uses for edges.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, NamedTuple

from tree_sitter import Node

from golint_mem.model.package import FuncInfo, PackageModel
from golint_mem.model.scope import Assignment, Decl, FunctionScope, function_scope, key
from golint_mem.parse import captures, parent, query, text, unparen

if TYPE_CHECKING:  # imported where a graph is built: most runs of one file build none
    import networkx as nx


class Step(NamedTuple):
    kind: str
    name: str = ""
    index: int = -1


Steps = tuple[Step, ...]


class Ref(NamedTuple):
    decl: Decl
    node: Node  # the identifier occurrence
    steps: Steps


@dataclass(frozen=True)
class Edge:
    kind: str
    steps: Steps
    node: Node  # the statement or call

    @property
    def relation(self) -> str:
        """The edge's relation in one word, from its outermost step inwards:
        ``alias`` (the value itself, through ``*``/``&``/parentheses),
        ``capture`` (read by a closure), ``contain`` (an element of a composite
        literal or a store into a field/element), ``argument`` (passed to a call
        whose result flows on) or ``derive`` (a method result, field, index...)."""
        kinds = [s.kind for s in self.steps if s.kind not in ("deref", "addr", "result")]
        if self.kind == "store" or "elem" in kinds[:1]:
            return "contain"
        if not kinds:
            return "alias"
        if kinds[0] == "closure":
            return "capture"
        if any(k == "arg" for k in kinds):
            return "argument"
        return "derive"


def callee_name(call: Node, scope: FunctionScope) -> str:
    """A call's callee as text, with the package resolved: ``context.WithCancel``,
    ``unsafe.Pointer``, ``new``, ``.Method`` for a method call, ``(*T)`` for a
    conversion; imports are written by their path, so renamed imports match."""
    fn = call.child_by_field_name("function")
    fn = unparen(fn)
    if fn is None:
        return ""
    if fn.type == "identifier":
        return text(fn)
    if fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        name = text(fn.child_by_field_name("field"))
        if operand is not None and operand.type == "identifier":
            d = scope.decl_of(operand)
            if d is not None and d.kind == "import":
                return f"{d.import_path}.{name}"
        return f".{name}"
    return f"({text(fn)})"


def steps_between(occurrence: Node, root: Node, scope: FunctionScope) -> Steps | None:
    """How the value at ``occurrence`` is used to build the value of ``root``.

    None when the occurrence does not flow into root's value (e.g. it is the
    index of an index expression, or a call's receiver whose result is an
    unrelated value is still described, as ``method``)."""
    # Everything inside a function literal below root collapses to one step.
    if occurrence == root:
        return ()
    steps: list[Step] = []
    outer_lit, inside = _outermost_literal(occurrence, root)
    if not inside:
        return None
    node = occurrence
    if outer_lit is not None:
        steps.append(Step("closure"))
        node = outer_lit
        if node == root:
            return tuple(steps)
    while node != root:
        parent = node.parent
        if parent is None:
            return None
        t = parent.type
        if parent == root and t in ("argument_list", "literal_element"):
            break  # root is a list around the value: nothing more is applied
        if t == "parenthesized_expression" or t == "expression_list" or t == "literal_value" \
                or t == "keyed_element":
            pass
        elif t == "unary_expression":
            op = text(parent.child_by_field_name("operator"))
            steps.append(Step({"&": "addr", "*": "deref", "<-": "recv"}.get(op, "unary"), op))
        elif t == "selector_expression":
            name = text(parent.child_by_field_name("field"))
            gp = parent.parent
            if parent != root and gp is not None and gp.type == "call_expression" \
                    and gp.child_by_field_name("function") == parent:
                steps.append(Step("method", name))
                node = gp
                continue
            steps.append(Step("select", name))
        elif t == "argument_list":
            call = parent.parent
            idx = [c for c in parent.named_children].index(node) if node in parent.named_children else -1
            steps.append(Step("arg", callee_name(call, scope), idx))
            node = call
            continue
        elif t == "call_expression":
            steps.append(Step("call"))
        elif t == "literal_element":
            kv = parent.parent
            if kv is not None and kv.type == "keyed_element":
                if kv.child_by_field_name("key") == parent:
                    steps.append(Step("key"))
                else:
                    k = kv.child_by_field_name("key")
                    steps.append(Step("elem", text(k)))
                node = kv
                continue
            steps.append(Step("elem"))
        elif t == "composite_literal":
            pass
        elif t == "index_expression":
            steps.append(Step("index" if parent.child_by_field_name("operand") == node else "key"))
        elif t == "slice_expression":
            steps.append(Step("slice" if parent.child_by_field_name("operand") == node else "bound"))
        elif t == "binary_expression":
            steps.append(Step("binary", text(parent.child_by_field_name("operator"))))
        elif t == "type_assertion_expression":
            steps.append(Step("assert"))
        elif t == "type_conversion_expression":
            steps.append(Step("arg", f"({text(parent.child_by_field_name('type'))})", 0))
        else:
            return None  # a statement boundary: not part of this value
        node = parent
    return tuple(steps)


class FunctionFlow:
    """The dataflow graph of one top-level function (literals included)."""

    def __init__(self, scope: FunctionScope):
        self.scope = scope
        self._graph: nx.MultiDiGraph | None = None
        self._idents_q = query("(identifier) @id")

    @property
    def graph(self) -> nx.MultiDiGraph:
        """Built on first use: a rule that asks only for captures, uses or refs skips it."""
        if self._graph is None:
            import networkx as nx

            self._graph = nx.MultiDiGraph()
            for a in self.scope.assignments:
                self._add_assignment(a)
        return self._graph

    # -- construction --------------------------------------------------------
    def _add_assignment(self, a: Assignment) -> None:
        for src, dst, edge in self._edges(a):
            self.graph.add_edge(src, dst, edge=edge)

    def _edges(self, a: Assignment, only: Decl | None = None):
        """The edges of one assignment, in order: (source, target, edge); with
        ``only``, (target, edge) for the edges out of ``only``."""
        lhs, rhs = a.lhs, a.rhs
        if not rhs:
            return
        pairs: list[tuple[Node, Node, Steps]] = []
        if a.op == "range":
            for i, left in enumerate(lhs):
                pairs.append((left, rhs[0], (Step("range", "", i),)))
        elif len(lhs) == len(rhs):
            extra = (Step("binary", a.op[:-1]),) if a.op not in ("=", ":=", "var") else ()
            pairs.extend((l, r, extra) for l, r in zip(lhs, rhs))
        elif len(rhs) == 1:
            pairs.extend((l, rhs[0], (Step("result", "", i),)) for i, l in enumerate(lhs))
        for left, right, extra in pairs:
            target, kind = self._target(left)
            if target is None:
                continue
            for ref in self.refs(right):
                if ref.decl is target and kind == "assign":
                    continue
                if only is None:
                    yield ref.decl, target, Edge(kind, ref.steps + extra, a.node)
                elif ref.decl is only:
                    yield target, Edge(kind, ref.steps + extra, a.node)

    def _target(self, left: Node) -> tuple[Decl | None, str]:
        """The variable an assignment's left side writes, and whether it is
        replaced (assign) or written into (store: a field, element or pointee)."""
        n = left
        kind = "assign"
        while True:
            while n.type == "parenthesized_expression" and n.named_children:
                n = n.named_children[0]
            if n.type == "identifier":
                d = self.scope.decl_of(n)
                return d, kind
            if n.type in ("selector_expression", "index_expression", "slice_expression"):
                n = n.child_by_field_name("operand")
                kind = "store"
            elif n.type == "unary_expression" and text(n.child_by_field_name("operator")) == "*":
                n = n.child_by_field_name("operand")
                kind = "store"
            else:
                return None, kind
            if n is None:
                return None, kind

    # -- queries -------------------------------------------------------------
    def refs(self, expr: Node) -> list[Ref]:
        """Every variable read in ``expr``, with the step path to expr's value."""
        out = []
        if expr.type == "identifier":
            idents = [expr]
        else:
            idents = captures(self._idents_q, expr).get("id", [])
        for ident in idents:
            d = self.scope.decl_of(ident)
            if d is None or d.kind in ("import", "func", "pkgconst"):
                continue
            if _is_field_key_ident(ident):
                continue
            steps = steps_between(ident, expr, self.scope)
            if steps is None:
                continue
            if steps and steps[0].kind == "closure" and _declared_inside_literal(d, ident, expr):
                continue  # a literal's own parameters and locals are not captured
            out.append(Ref(d, ident, steps))
        return out

    def reach(self, sources: dict, transfer: Callable[[object, Edge], object]) -> dict:
        """Propagate a property from ``sources`` ({decl: state}) along the graph.

        ``transfer(state, edge)`` gives the state the edge's target takes, or
        None where the property does not flow (a rule's notion of taint).
        Returns {decl: (state, predecessor decl or None, edge or None)}; the
        first path to reach a declaration wins (breadth first).
        """
        seen: dict = {}
        frontier = []
        for s, state in sources.items():
            if s not in seen:
                seen[s] = (state, None, None)
                frontier.append(s)
        while frontier:
            nxt = []
            for n in frontier:
                state = seen[n][0]
                for dst, edge in self.out_edges(n):
                    if dst in seen:
                        continue
                    new = transfer(state, edge)
                    if new is not None:
                        seen[dst] = (new, n, edge)
                        nxt.append(dst)
            frontier = nxt
        return seen

    def out_edges(self, d: Decl) -> list[tuple[Decl, Edge]]:
        """``graph.out_edges(d)`` as (target, edge), in the graph's order, built from
        only the assignments whose right side reads ``d`` when the whole graph is
        not built (a reach from a few sources reads a few statements)."""
        if self._graph is not None:
            return [(dst, data["edge"]) for _, dst, data in self._graph.out_edges(d, data=True)] \
                if d in self._graph else []
        cache = self.__dict__.setdefault("_out", {})
        hit = cache.get(d)
        if hit is not None:
            return hit
        by_rhs = self.__dict__.get("_by_rhs")
        if by_rhs is None:
            by_rhs = self.__dict__["_by_rhs"] = {}
            for i, a in enumerate(self.scope.assignments):
                for r in a.rhs:
                    by_rhs.setdefault((r.start_byte, r.end_byte, r.type), []).append(i)
        by_name = self.__dict__.get("_by_name")
        if by_name is None:
            by_name = self.__dict__["_by_name"] = {}
            for ident in captures(self._idents_q, self.scope.root).get("id", []):
                by_name.setdefault(ident.text, []).append(ident)
        found: set[int] = set()
        # every identifier spelled as d's name (package names are not in the scope's refs)
        for ident in by_name.get(d.name.encode(), ()):
            n = ident
            while n is not None:
                found.update(by_rhs.get((n.start_byte, n.end_byte, n.type), ()))
                n = parent(n)
        # grouped by target in the order each target is first reached, as a
        # MultiDiGraph lists a node's out-edges
        grouped: dict = {}
        for i in sorted(found):
            for dst, edge in self._edges(self.scope.assignments[i], d):
                grouped.setdefault(dst, []).append(edge)
        out = [(dst, e) for dst, edges in grouped.items() for e in edges]
        cache[d] = out
        return out

    @staticmethod
    def origin(reached: dict, d: Decl) -> Decl:
        """The source a reached declaration derives from."""
        hops = 0
        while reached.get(d, (None, None, None))[1] is not None and hops < 1000:
            d = reached[d][1]
            hops += 1
        return d

    def captures(self, literal: Node) -> list[tuple[Decl, Node]]:
        """Variables a function literal reads that are declared outside it
        (its enclosing functions' locals and parameters, not package names)."""
        out = []
        seen = set()
        lo, hi = literal.start_byte, literal.end_byte
        # in source order: the query's order varies between runs, and the first
        # capture is the one a message names
        idents = sorted(captures(self._idents_q, literal).get("id", []), key=lambda n: n.start_byte)
        for ident in idents:
            d = self.scope.refs.get(key(ident))
            if d is None or not d.is_local or d.node is None or d.kind == "const":
                continue  # a constant is not a variable: nothing is captured
            if lo <= d.node.start_byte < hi:
                continue
            if d not in seen:
                seen.add(d)
                out.append((d, ident))
        return out

    def uses(self, d: Decl) -> list[Node]:
        """Every identifier in the function that refers to ``d`` (its declaring
        identifier excluded), in source order."""
        index = self.__dict__.get("_uses")
        if index is None:
            index = {}
            for ident in captures(self._idents_q, self.scope.root).get("id", []):
                ref = self.scope.refs.get(key(ident))
                if ref is not None and ident != ref.node:
                    index.setdefault(ref, []).append(ident)
            self.__dict__["_uses"] = index
        return index.get(d, [])


def _declared_inside_literal(d: Decl, ident: Node, root: Node) -> bool:
    """Whether ``d`` is declared inside the outermost function literal that
    contains ``ident`` below (or at) ``root``."""
    if d.node is None or not d.is_local:
        return False
    outer, _ = _outermost_literal(ident, root)
    return outer is not None and outer.start_byte <= d.node.start_byte < outer.end_byte


def _outermost_literal(node: Node, root: Node) -> tuple[Node | None, bool]:
    """The outermost function literal between ``node`` and ``root`` (root
    included), and whether ``root`` is an ancestor of ``node`` at all."""
    outer = None
    n = node.parent
    while n is not None:
        if n.type == "func_literal":
            outer = n
        if n == root:
            return outer, True
        n = n.parent
    return outer, False


def _is_field_key_ident(ident: Node) -> bool:
    p = ident.parent
    if p is not None and p.type == "literal_element":
        kv = p.parent
        if kv is not None and kv.type == "keyed_element" and kv.child_by_field_name("key") == p:
            from golint_mem.model.scope import _is_field_key

            return _is_field_key(kv, p)
    return False


def function_flow(pkg: PackageModel, file, node: Node) -> FunctionFlow:
    """The (cached) dataflow graph of the top-level function containing ``node``."""
    scope = function_scope(pkg, file, node)
    flow = scope.__dict__.get("_flow")
    if flow is None:
        flow = FunctionFlow(scope)
        scope.__dict__["_flow"] = flow
    return flow


# -- the package call graph -------------------------------------------------

@dataclass(frozen=True)
class CallSite:
    caller: str  # FuncInfo.key
    callee: str
    node: Node  # the call expression
    #: "direct" runs before the caller returns; "go" in a go statement;
    #: "literal" inside a function literal that is not invoked in place
    context: str


_CALLS_Q = "(call_expression function: (_) @fn) @call"


def call_graph(pkg: PackageModel) -> nx.MultiDiGraph:
    """Same-package calls between top-level functions and methods (cached).

    Node: FuncInfo.key (``name`` or ``Type.name``), with attribute ``info``.
    Edge: attribute ``site`` (:class:`CallSite`). Method calls are resolved
    through the receiver's resolved type, so ``o.close()`` on an ``*Obj``
    links to ``Obj.close``.
    """
    g = pkg.cache.get("callgraph")
    if g is not None:
        return g
    import networkx as nx

    g = nx.MultiDiGraph()
    infos = _graph_infos(pkg)
    for info in infos:
        g.add_node(info.key, info=info)
    for info in infos:
        for site in call_sites(pkg, info.file, info.node, info.key):
            g.add_edge(info.key, site.callee, site=site)
    pkg.cache["callgraph"] = g
    return g


def _graph_infos(pkg: PackageModel) -> list[FuncInfo]:
    """The functions :func:`call_graph` has as nodes, in its order."""
    return list(pkg.funcs.values()) + list(pkg.methods.values())


def func_by_key(pkg: PackageModel, k: str) -> FuncInfo | None:
    """The FuncInfo :func:`call_graph` holds for a key (``name`` or ``Type.name``)."""
    recv, _, name = k.rpartition(".")
    return pkg.methods.get((recv, name)) if recv else pkg.funcs.get(name)


def callers(pkg: PackageModel, k: str) -> list[tuple[CallSite, FuncInfo]]:
    """The same-package calls of the function ``k`` (a FuncInfo.key), each with its
    caller: ``call_graph(pkg).in_edges(k)``, in that order (cached). Only the
    declarations whose text can call it are read: a call names the function
    (`name(`, `x.name(`, `(x.name)(`), so the rest of the package, and the bodies a
    partial parse left out there, are never looked at."""
    cache = pkg.cache.setdefault("callers", {})
    hit = cache.get(k)
    if hit is not None:
        return hit
    g = pkg.cache.get("callgraph")
    if g is not None:
        out = [(d["site"], g.nodes[d["site"].caller]["info"]) for _, _, d in g.in_edges(k, data=True)] \
            if k in g else []
        cache[k] = out
        return out
    name = k.rpartition(".")[2]
    # the callee's name, then blanks, closing parentheses or comments, then `(`
    # (the literal first: the search skips ahead at C speed)
    call_rx = re.compile(re.escape(name.encode()) + rb"(?:[\s)]|/\*(?:[^*]|\*(?!/))*+\*/)*+\(")
    offsets: dict[str, list[int]] = {}
    out = []
    for info in _graph_infos(pkg):
        fm = info.file
        at = offsets.get(fm.path)
        if at is None:
            src = fm.source
            at = offsets[fm.path] = [m.start() for m in call_rx.finditer(src)
                                     if not m.start() or not _IDENT_BYTE.match(src, m.start() - 1)]
        decl = info.decl
        i = bisect.bisect_left(at, decl.start_byte)
        if i == len(at) or at[i] >= decl.end_byte:
            continue
        out.extend((site, info) for site in _sites_named(pkg, info, name) if site.callee == k)
    cache[k] = out
    return out


_IDENT_BYTE = re.compile(rb"\w")


def _sites_named(pkg: PackageModel, info: FuncInfo, name: str) -> list[CallSite]:
    """``call_sites`` of a top-level function, only those whose callee is named ``name``
    (the others are not resolved)."""
    decl = info.decl
    done = pkg.cache.get("callsites", {}).get((info.file.path, decl.start_byte, decl.end_byte, info.key))
    if done is not None:
        return done
    fn = info.node
    body = fn.child_by_field_name("body")
    if body is None:
        return []
    from golint_mem.model.infer import types_for

    want = name.encode()
    sites = []
    scope = types = None
    for call in captures(query(_CALLS_Q), body).get("call", []):
        f = unparen(call.child_by_field_name("function"))
        if f is None:
            continue
        if f.type == "selector_expression":
            f = f.child_by_field_name("field")
        elif f.type != "identifier":
            continue
        if f is None or f.text != want:
            continue
        if scope is None:
            scope = function_scope(pkg, info.file, fn)
            types = types_for(scope)
        target = resolve_callee(pkg, scope, types, call)
        if target is not None:
            sites.append(CallSite(info.key, target.key, call, call_context(call, fn)))
    return sites


def reachable(pkg: PackageModel, k: str) -> set[str]:
    """The functions reachable from ``k`` in :func:`call_graph` (``k`` included),
    following the calls of only those functions (cached)."""
    cache = pkg.cache.setdefault("reachable", {})
    hit = cache.get(k)
    if hit is not None:
        return hit
    seen = {k}
    frontier = [k]
    while frontier:
        nxt = []
        for cur in frontier:
            info = func_by_key(pkg, cur)
            if info is None:
                continue
            for site in call_sites(pkg, info.file, info.node, info.key):
                if site.callee not in seen:
                    seen.add(site.callee)
                    nxt.append(site.callee)
        frontier = nxt
    cache[k] = seen
    return seen


def call_sites(pkg: PackageModel, file, fn: Node, caller: str = "") -> list[CallSite]:
    """The same-package calls inside one function declaration or literal ``fn``,
    in source order, with their context relative to ``fn`` (cached): the
    out-edges :func:`call_graph` holds, for a rule that follows a few functions
    without paying for the whole package's graph."""
    cache = pkg.cache.setdefault("callsites", {})
    # The caller is part of the key: a site cached under "" by one rule must not
    # reach call_graph, whose readers look its caller up as a node.
    k = (file.path, fn.start_byte, fn.end_byte, caller)
    sites = cache.get(k)
    if sites is not None:
        return sites
    from golint_mem.model.infer import types_for

    sites = []
    body = fn.child_by_field_name("body")
    if body is not None:
        scope = function_scope(pkg, file, fn)
        types = types_for(scope)
        for call in captures(query(_CALLS_Q), body).get("call", []):
            target = resolve_callee(pkg, scope, types, call)
            if target is not None:
                sites.append(CallSite(caller, target.key, call, call_context(call, fn)))
    cache[k] = sites
    return sites


def resolve_callee(pkg: PackageModel, scope: FunctionScope, types, call: Node) -> FuncInfo | None:
    """The same-package function or method a call invokes, when resolvable."""
    fn = call.child_by_field_name("function")
    fn = unparen(fn)
    return resolve_func_value(pkg, scope, types, fn)


def resolve_func_value(pkg: PackageModel, scope: FunctionScope, types, fn: Node | None) -> FuncInfo | None:
    """The same-package function or method a function-valued expression denotes:
    a function name ``f``, a method expression ``(*T).m`` / ``T.m``, or a method
    value ``v.m`` (through ``v``'s resolved type, promoted methods of embedded
    same-package types included)."""
    fn = unparen(fn)
    if fn is None:
        return None
    if fn.type == "identifier":
        d = scope.decl_of(fn)
        if d is not None and d.kind == "func":
            return d.cache.get("func")
        return None
    if fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        name = text(fn.child_by_field_name("field"))
        local = method_expression_type(pkg, scope, operand)
        if local is None:
            t = types.type_of(operand)
            local = t.local_name if t is not None else None
        if local is not None:
            m = pkg.method(local, name)
            if m is None and name not in pkg.types.get(local, _NO_TYPE).fields:
                m = pkg.find_method(local, name)
            return m
    return None


class _NoType:
    fields: dict = {}


_NO_TYPE = _NoType()


def method_expression_type(pkg: PackageModel, scope: FunctionScope, operand: Node | None) -> str | None:
    """``T`` when ``operand`` is the receiver part of a method expression
    ``T.m`` or ``(*T).m`` of a same-package type ``T``."""
    n = unparen(operand)
    if n is not None and n.type == "unary_expression" and text(n.child_by_field_name("operator")) == "*":
        n = unparen(n.child_by_field_name("operand"))
    if n is None or n.type not in ("identifier", "type_identifier"):
        return None
    name = text(n)
    if name in pkg.types and (n.type == "type_identifier" or scope.decl_of(n) is None):
        return name
    return None


def call_context(node: Node, within: Node) -> str:
    """Whether code at ``node`` runs before ``within`` returns."""
    n = node.parent
    while n is not None and n != within:
        if n.type == "go_statement":
            return "go"
        if n.type == "func_literal":
            parent = n.parent
            # func(){...}() and defer func(){...}() run before the caller returns
            if not (parent is not None and parent.type == "call_expression"
                    and parent.child_by_field_name("function") == n):
                return "literal"
        n = n.parent
    return "direct"
