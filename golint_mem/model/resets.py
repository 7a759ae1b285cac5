"""Resets of pooled values: what a function does that empties a buffer, and
whether the buffers of a value are reset before it goes back to a pool or
right after it comes out of one.

Shared by the pool rules (MEM002 pool-put-without-reset; MEM012 reuses the
events). Built on demand, per top-level function, from one tree-sitter query:

- :func:`events`: every reset-like event of a function: assignments
  (``v = rhs``, ``v.f = rhs``, ``*v = rhs``), calls of a method named
  ``Reset``/``reset``/``Clear``/``clear`` (or ``Truncate(0)``), ``clear(v)``,
  ``for k := range m { delete(m, k) }`` loops, and same-package calls that
  receive the value (as an argument or receiver).
- :func:`covered`: which needs (struct field names, or :data:`WHOLE`) a list of
  events resets for the value at a path ``(Decl, field names)``, following
  same-package helpers into their bodies.
- :func:`counts_before`: whether an event runs before a ``Put``.
- :func:`reset_on_get`: what is reset right after a ``Get``, following the
  value through ``v.(*T)`` and unexported getter functions to their callers.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from golint_mem.dataflow import resolve_callee
from golint_mem.model.infer import types_for
from golint_mem.model.pools import fresh_value, zero_slice
from golint_mem.model.scope import FUNC_NODES, FunctionScope, function_scope, key
from golint_mem.parse import captures, matches, outer_value, query, text, unparen

RESET_METHODS = frozenset({"Reset", "reset", "Clear", "clear"})
WHOLE = frozenset({"*"})
MAX_HELPER_DEPTH = 4


# -- reset events of one function ------------------------------------------------

@dataclass(eq=False)
class Event:
    """Something that may reset (part of) the value at ``path``.

    kind: ``assign`` (``path = rhs``), ``deref`` (``*path = rhs``), ``method``
    (``path.Reset()`` and kin), ``clear`` (``clear(path)``, a delete loop over
    it) or ``call`` (a same-package function called with path, ``callee``'s
    parameter ``index``, -1 for the receiver)."""

    node: Node
    stmt: Node | None  # the statement that is this event, if it is a whole statement
    owner: Node | None  # innermost function containing it
    path: tuple
    kind: str
    rhs: Node | None = None
    callee: object = None
    index: int = 0


_EVENTS_Q = """
[(assignment_statement) @assign
 (call_expression) @call
 (for_statement (range_clause) @range) @for]
"""
_DELETE_Q = """
(call_expression function: (identifier) @f arguments: (argument_list . (_) @m . (_) @k .)
  (#eq? @f "delete")) @del
"""


def _norm(node: Node | None) -> str:
    """Expression text without parentheses and blanks, for comparing two spellings."""
    return "".join(ch for ch in text(node) if ch not in " \t\n()")


def value_path(scope: FunctionScope, node: Node | None, addr_ok: bool = False) -> tuple | None:
    """(Decl, field names) for `v`, `v.f.g`; `&v.f` too when ``addr_ok``."""
    node = unparen(node)
    if node is None:
        return None
    if addr_ok and node.type == "unary_expression" and text(node.child_by_field_name("operator")) == "&":
        node = unparen(node.child_by_field_name("operand"))
    fields = []
    while node is not None and node.type == "selector_expression":
        fields.append(text(node.child_by_field_name("field")))
        node = unparen(node.child_by_field_name("operand"))
    if node is None or node.type != "identifier":
        return None
    d = scope.decl_of(node)
    if d is None or d.kind in ("import", "func", "pkgconst", "const"):
        return None
    return (d, tuple(reversed(fields)))


def _params(fn: Node) -> list[Node | None]:
    """The parameter name identifiers of a function declaration, in order."""
    out: list[Node | None] = []
    plist = fn.child_by_field_name("parameters")
    for decl in plist.named_children if plist is not None else []:
        if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        names = decl.children_by_field_name("name")
        out.extend(names if names else [None])
    return out


def _receiver(fn: Node) -> Node | None:
    recv = fn.child_by_field_name("receiver")
    for decl in recv.named_children if recv is not None else []:
        names = decl.children_by_field_name("name")
        if names:
            return names[0]
    return None


def _stmt_of(node: Node) -> Node | None:
    p = node.parent
    return p if p is not None and p.type == "expression_statement" else None


def events(pkg, scope: FunctionScope) -> list[Event]:
    """Every reset-like event in one top-level function (cached on its scope)."""
    cached = scope.__dict__.get("_reset_events")
    if cached is not None:
        return cached
    types = types_for(scope)
    out: list[Event] = []
    for _, caps in matches(query(_EVENTS_Q), scope.root):
        if "assign" in caps:
            a = caps["assign"][0]
            if text(a.child_by_field_name("operator")) != "=":
                continue
            left, right = a.child_by_field_name("left"), a.child_by_field_name("right")
            lhs = left.named_children if left is not None else []
            rhs = right.named_children if right is not None else []
            if len(lhs) != len(rhs):
                continue
            owner = scope.owner_of(a)
            stmt = a if len(lhs) == 1 else None
            for lft, r in zip(lhs, rhs):
                lft = unparen(lft)
                if lft.type == "unary_expression" and text(lft.child_by_field_name("operator")) == "*":
                    p, kind = value_path(scope, lft.child_by_field_name("operand")), "deref"
                else:
                    p, kind = value_path(scope, lft), "assign"
                if p is not None:
                    out.append(Event(a, stmt, owner, p, kind, rhs=r))
        elif "call" in caps:
            call = caps["call"][0]
            _call_events(pkg, scope, types, call, out)
        elif "for" in caps:
            loop, clause = caps["for"][0], caps["range"][0]
            _delete_loop(scope, loop, clause, out)
    scope.__dict__["_reset_events"] = out
    return out


def events_on(pkg, scope: FunctionScope, decl) -> list[Event]:
    """The events on paths rooted at ``decl``: indexed once per function, so each Put
    looks only at its own variable's events (linear in the function, not Puts x events)."""
    index = scope.__dict__.get("_reset_events_by_decl")
    if index is None:
        index = {}
        for e in events(pkg, scope):
            index.setdefault(id(e.path[0]), []).append(e)
        scope.__dict__["_reset_events_by_decl"] = index
    return index.get(id(decl), [])


def _call_events(pkg, scope, types, call: Node, out: list[Event]) -> None:
    fn = unparen(call.child_by_field_name("function"))
    argl = call.child_by_field_name("arguments")
    args = [a for a in (argl.named_children if argl is not None else []) if a.type != "comment"]
    if fn is None:
        return
    owner = scope.owner_of(call)
    stmt = _stmt_of(call)
    if fn.type == "identifier":
        d = scope.decl_of(fn)
        if d is None and text(fn) == "clear" and len(args) == 1:
            p = value_path(scope, args[0])
            if p is not None:
                out.append(Event(call, stmt, owner, p, "clear"))
            return
        if d is not None and d.kind == "func":
            info = d.cache.get("func")
            if info is not None:
                for i, a in enumerate(args):
                    p = value_path(scope, a, addr_ok=True)
                    if p is not None:
                        out.append(Event(call, stmt, owner, p, "call", callee=info, index=i))
        return
    if fn.type != "selector_expression":
        return
    recv = fn.child_by_field_name("operand")
    name = text(fn.child_by_field_name("field"))
    p = value_path(scope, recv)
    if p is None:
        return
    if name in RESET_METHODS or (name in ("Truncate", "truncate") and len(args) == 1 and text(args[0]) == "0"):
        # the callee, when same-package, tells MEM012 whether the reset drops capacity
        out.append(Event(call, stmt, owner, p, "method", callee=resolve_callee(pkg, scope, types, call),
                         index=-1))
        return
    info = resolve_callee(pkg, scope, types, call)
    if info is None:
        return
    out.append(Event(call, stmt, owner, p, "call", callee=info, index=-1))
    for i, a in enumerate(args):
        pa = value_path(scope, a, addr_ok=True)
        if pa is not None:
            out.append(Event(call, stmt, owner, pa, "call", callee=info, index=i))


def _delete_loop(scope, loop: Node, clause: Node, out: list[Event]) -> None:
    """`for k := range m { delete(m, k) }` empties m."""
    left, right = clause.child_by_field_name("left"), clause.child_by_field_name("right")
    body = loop.child_by_field_name("body")
    if left is None or right is None or body is None or not left.named_children:
        return
    k = text(left.named_children[0])
    m = _norm(right)
    for _, caps in matches(query(_DELETE_Q), body):
        if _norm(caps["m"][0]) == m and text(caps["k"][0]) == k:
            p = value_path(scope, right)
            if p is not None:
                out.append(Event(loop, loop, scope.owner_of(loop), p, "clear"))
            return


# -- does an event reset the value? -------------------------------------------------

def _keeps(lhs_text: str, rhs: Node | None) -> bool:
    """After `lhs = rhs` the value still holds data: `append(...)` (also onto
    `v[:0]`: it refills), a call that extends `v` (`strconv.AppendInt(v, ...)`),
    `v[i:j]`, `v` itself. A fresh value or another value drops the old buffer."""
    rhs = unparen(rhs)
    if rhs is None:
        return True
    if rhs.type == "call_expression":
        fn = unparen(rhs.child_by_field_name("function"))
        args = rhs.child_by_field_name("arguments")
        argv = [a for a in args.named_children if a.type != "comment"] if args is not None else []
        if fn is not None and fn.type == "identifier" and text(fn) == "append":
            return len(argv) != 1 or not zero_slice(argv[0])
        first = unparen(argv[0]) if argv else None
        while first is not None and first.type == "slice_expression":
            first = unparen(first.child_by_field_name("operand"))
        return first is not None and _norm(first) == lhs_text
    if rhs.type == "slice_expression" and not zero_slice(rhs):
        return True
    return _norm(rhs) == lhs_text


def covered(pkg, evs, target: tuple, needs: frozenset, depth: int = 0, seen=None) -> set:
    """The needs (struct field names, or "*" for the whole value) that the events
    reset for the value at ``target``. At depth > 0 (inside a helper) assigning
    the parameter itself resets nothing for the caller."""
    out: set = set()
    td, tfs = target
    for e in evs:
        d, fs = e.path
        if d is not td:
            continue
        n = len(fs)
        if fs == tfs:
            out |= _whole(pkg, e, target, needs, depth, seen)
        elif n < len(tfs) and tfs[:n] == fs:
            # an event on a value containing the target: `*w = T{}`, `w.Reset()`
            if e.kind in ("deref", "method") or (
                e.kind == "assign" and fresh_value(e.rhs) and not (depth and n == 0)
            ):
                out |= needs
            elif e.kind == "call":
                out |= _helper(pkg, e, tfs[n:], needs, depth, seen)
        elif n == len(tfs) + 1 and fs[:-1] == tfs and fs[-1] in needs:
            f = fs[-1]
            if e.kind == "assign":
                if not _keeps(path_text(e), e.rhs):
                    out.add(f)
            elif e.kind in ("method", "clear", "deref"):
                out.add(f)
            elif e.kind == "call" and _helper(pkg, e, (), WHOLE, depth, seen):
                out.add(f)
        if out >= needs:
            break
    return out


def path_text(e: Event) -> str:
    d, fs = e.path
    return ".".join((d.name,) + fs)


def _whole(pkg, e: Event, target, needs, depth, seen) -> set:
    k = e.kind
    if k in ("method", "clear"):
        return set(needs)
    if k == "deref":
        return set() if _keeps("*" + path_text(e), e.rhs) else set(needs)
    if k == "assign":
        if depth and not target[1]:
            return set()
        return set(needs) if fresh_value(e.rhs) else set()
    if k == "call":
        return _helper(pkg, e, (), needs, depth, seen)
    return set()


def _helper(pkg, e: Event, rest: tuple, needs, depth, seen) -> set:
    """What a same-package function resets on the parameter it receives ``e``'s value in."""
    if depth >= MAX_HELPER_DEPTH:
        return set()
    info = e.callee
    k = (info.key, e.index, rest, needs)
    seen = seen if seen is not None else set()
    if k in seen:
        return set()
    seen.add(k)
    scope, param = _callee_param(pkg, info, e.index)
    if param is None:
        return set()
    return covered(pkg, events(pkg, scope), (param, rest), needs, depth + 1, seen)


def _callee_param(pkg, info, index: int):
    """(the callee's scope, the declaration of its parameter at ``index``; -1 is the
    receiver), or (None, None)."""
    if index < 0:
        ident = _receiver(info.decl)
    else:
        ps = _params(info.decl)
        ident = ps[index] if index < len(ps) else None
    if ident is None:
        return None, None
    scope = function_scope(pkg, info.file, info.node)
    return scope, scope.refs.get(key(ident))


def grows(e: Event, target: tuple) -> bool:
    """`x = append(x, ...)`, `*x = append(*x, ...)`, `x = strconv.AppendInt(x, ...)`:
    the slice at ``target`` gets longer (its old contents stay in front)."""
    if e.path != target or e.kind not in ("assign", "deref"):
        return False
    rhs = unparen(e.rhs)
    if rhs is None or rhs.type != "call_expression":
        return False
    args = rhs.child_by_field_name("arguments")
    first = args.named_children[0] if args is not None and args.named_children else None
    first = unparen(first)
    while first is not None and first.type == "slice_expression":
        first = unparen(first.child_by_field_name("operand"))
    if first is None:
        return False
    lhs = path_text(e)
    return _norm(first) == ("*" + lhs if e.kind == "deref" else lhs)


def _drops(e: Event, depth: int, whole: bool) -> bool:
    """`v.f = nil`, `v.f = make(...)`, `*v = T{}`: the old backing storage is
    gone (a `v[:0]` keeps it). Assigning the pooled variable itself frees
    nothing: `v = new(T)` before the Put makes the value (and a helper's
    parameter is its own variable)."""
    if e.kind == "assign" and whole:
        return False
    return e.kind in ("assign", "deref") and fresh_value(e.rhs) and not zero_slice(e.rhs)


def released(pkg, evs, target: tuple, needs: frozenset, builders: frozenset, depth: int = 0,
             seen=None) -> set:
    """The needs (field names, or :data:`WHOLE`) whose capacity the events
    release for the value at ``target`` (MEM012): set to nil, a zero value or
    a fresh `make`, or a `Reset` of a strings.Builder (``builders``: the needs
    that are one), directly or in a same-package helper or `Reset`/`Clear`
    method. `v = v[:0]`, `clear(m)` and `bytes.Buffer.Reset` keep it."""
    out: set = set()
    td, tfs = target
    seen = seen if seen is not None else set()
    for e in evs:
        d, fs = e.path
        if d is not td:
            continue
        n = len(fs)
        if fs == tfs or (n < len(tfs) and tfs[:n] == fs):
            rest = tfs[n:]
            if _drops(e, depth, not rest and fs == tfs):
                out |= needs
            elif e.kind == "method" and fs == tfs and "*" in builders and text(
                    e.node.child_by_field_name("function").child_by_field_name("field")) == "Reset":
                out |= needs
            elif e.kind in ("method", "call") and e.callee is not None:
                out |= _released_in(pkg, e, rest, needs, builders, depth, seen)
        elif n == len(tfs) + 1 and fs[:-1] == tfs and fs[-1] in needs:
            f = fs[-1]
            if _drops(e, depth, False):
                out.add(f)
            elif e.kind == "method" and f in builders and text(
                    e.node.child_by_field_name("function").child_by_field_name("field")) == "Reset":
                out.add(f)
            elif e.kind == "call" and e.callee is not None and _released_in(
                    pkg, e, (), WHOLE, WHOLE if f in builders else frozenset(), depth, seen):
                out.add(f)
        if out >= needs:
            break
    return out


def _released_in(pkg, e: Event, rest: tuple, needs, builders, depth, seen) -> set:
    if depth >= MAX_HELPER_DEPTH:
        return set()
    info = e.callee
    k = (info.key, e.index, rest, needs)
    if k in seen:
        return set()
    seen.add(k)
    scope, param = _callee_param(pkg, info, e.index)
    if param is None:
        return set()
    return released(pkg, events(pkg, scope), (param, rest), needs, builders, depth + 1, seen)


def slice_grown(pkg, scope: FunctionScope, target: tuple, sites) -> bool:
    """A pooled slice holds data only when it is used by appending: grown in
    the Put's function or right where it comes from a Get (``sites``). A
    fixed-length scratch buffer (`make([]byte, 32<<10)`, read into by index)
    holds nothing a reset would remove, and truncating it would break its
    next user."""
    if any(grows(e, target) for e in events(pkg, scope)):
        return True
    for site in sites or ():
        how, where, _ = value_site(site.call)
        if how != "store":
            continue
        t = value_path(site.scope, where)
        if t is not None and any(grows(e, t) for e in events(pkg, site.scope)):
            return True
    return False


# -- where an event must be to count -----------------------------------------------

def counts_before(put: Node, scope: FunctionScope):
    """A predicate: does an event of the Put's top-level function run before the
    Put (in the Put's function or a function enclosing it; textually before it,
    or anywhere in a function in which the Put is deferred)?"""
    owners: dict[tuple, bool] = {}
    deferred = False
    n = put.parent
    while n is not None:
        if n.type == "defer_statement":
            deferred = True
        if n.type in FUNC_NODES:
            owners[key(n)] = deferred
            deferred = False
        n = n.parent
    start = put.start_byte

    def counts(e: Event) -> bool:
        if e.owner is None:
            return e.node.start_byte < start
        flag = owners.get(key(e.owner))
        if flag is None:
            return False
        return flag or e.node.end_byte <= start
    return counts


# -- reset-on-Get ------------------------------------------------------------------
#
# A Get's value is followed from the Get (through `v.(*T)`, into the variable it
# is stored in, out of a getter function that returns it to each of the getter's
# call sites) and the statements after it are scanned: resets count until the
# first statement that reads the old contents (a needed field, the value
# itself, or a method call on it).

MAX_WRAPPER_DEPTH = 3


@dataclass
class _Scan:
    pkg: object
    scope: FunctionScope
    needs: frozenset
    fields: frozenset  # the struct type's field names (struct shapes), else empty


def value_site(node: Node) -> tuple[str, object, Node | None]:
    """Where the value of ``node`` (a Get or getter call) goes:
    ("sliced", None, None) for `P.Get().([]T)[:0]`; ("store", lhs, stmt) for an
    assignment or declaration; ("return", index, stmt) for a return; else ("", ...)."""
    p = node.parent
    if p is not None and p.type == "type_assertion_expression" and p.child_by_field_name("operand") == node:
        node, p = p, p.parent
    node = outer_value(node)
    p = node.parent
    if p is not None and p.type == "slice_expression" and zero_slice(p):
        return "sliced", None, None
    if p is not None and p.type == "argument_list" and p.parent is not None:
        args = [a for a in p.named_children if a.type != "comment"]
        return "arg", args.index(node) if node in args else -1, p.parent
    if p is not None and p.type == "return_statement":
        return "return", 0, p
    if p is None or p.type != "expression_list":
        return "", None, None
    stmt = p.parent
    vals = p.named_children
    idx = vals.index(node) if node in vals else -1
    if stmt is None or idx < 0:
        return "", None, None
    if stmt.type == "return_statement":
        return "return", idx, stmt
    if stmt.type in ("short_var_declaration", "assignment_statement"):
        if stmt.type == "assignment_statement" and text(stmt.child_by_field_name("operator")) != "=":
            return "", None, None
        if stmt.child_by_field_name("right") != p:
            return "", None, None
        left = stmt.child_by_field_name("left")
        lhs = left.named_children if left is not None else []
    elif stmt.type == "var_spec":
        lhs = stmt.children_by_field_name("name")
        while stmt is not None and stmt.type != "var_declaration":
            stmt = stmt.parent
        if stmt is None:
            return "", None, None
    else:
        return "", None, None
    if len(vals) == 1 and idx == 0 and lhs:
        return "store", lhs[0], stmt
    if len(lhs) == len(vals):
        return "store", lhs[idx], stmt
    return "", None, None


def _value_cover(sc: _Scan, node: Node, index: int, depth: int) -> set:
    """The needs reset right after the value ``node`` produces (its result
    ``index`` for a multi-value getter call), before its old contents are read."""
    how, where, stmt = value_site(node)
    if how == "sliced":
        return set(sc.needs) if sc.needs == WHOLE and index == 0 else set()
    if how == "arg":
        # `prepare(P.Get(), ...)`: what the same-package callee resets first
        info = resolve_callee(sc.pkg, sc.scope, types_for(sc.scope), stmt) if index == 0 else None
        return _helper_first(sc, info, where, depth) if info is not None and where >= 0 else set()
    if how == "return":
        return _getter_cover(sc, stmt, where, depth) if index == 0 else set()
    if how != "store":
        return set()
    if index != 0:
        # `a, b := f()`: the lhs at the result's index
        left = stmt.child_by_field_name("left") if stmt.type != "var_declaration" else None
        lhs = left.named_children if left is not None else []
        if index >= len(lhs):
            return set()
        where = lhs[index]
    target = value_path(sc.scope, where)
    if target is None:
        return set()
    return _scan_after(sc, target, stmt, depth)


def _following(stmt: Node):
    """The statements that run after ``stmt``: its later siblings, the branch
    of an `if` it initialises, and on leaving an `if` branch or a bare block,
    the statements after that."""
    cur = stmt
    while cur is not None:
        parent = cur.parent
        if parent is None:
            return
        if parent.type == "if_statement" and parent.child_by_field_name("initializer") == cur:
            yield from _block_statements(parent.child_by_field_name("consequence"))
            cur = parent
            continue
        if parent.type != "statement_list":
            return
        sibs = list(parent.named_children)
        yield from sibs[sibs.index(cur) + 1:] if cur in sibs else []
        block = parent.parent
        up = block.parent if block is not None else None
        if up is not None and up.type == "if_statement" and block == up.child_by_field_name("consequence"):
            cur = up
        elif up is not None and up.type == "statement_list":
            cur = block
        else:
            return


def _scan_after(sc: _Scan, target: tuple, stmt: Node, depth: int) -> set:
    return _scan(sc, target, _following(stmt), depth)


def _scan(sc: _Scan, target: tuple, stmts, depth: int) -> set:
    """The needs reset by ``stmts`` (in order) before anything reads the target."""
    evs = events(sc.pkg, sc.scope)
    out: set = set()
    for s in stmts:
        if s.type in ("comment", "empty_statement", "defer_statement"):
            continue
        td = target[0]
        mentions = [i for i in captures(query(_IDENT_Q), s).get("id", []) if sc.scope.decl_of(i) is td]
        if not mentions:
            continue
        got = _stmt_cover(sc, evs, s, target) or _first_use_cover(sc, evs, s, target, mentions, depth) \
            or _truncated_use(sc, target, mentions)
        if got:
            out |= got
            if out >= sc.needs:
                return out
            continue
        nxt = _retarget(sc.scope, s, target)
        if nxt is not None:
            target = nxt
            continue
        ret = _returned(sc.scope, s, target)
        if ret is not None:
            return out | _getter_cover(sc, s, ret, depth)
        if all(_benign(sc, i, target) for i in mentions):
            continue
        break
    return out


def _stmt_cover(sc: _Scan, evs, s: Node, target) -> set:
    """Resets done by statement ``s`` itself, or by every branch of an if/else.
    A call that hands the value to a helper counts only through
    :func:`_first_use_cover` (the helper must reset before it reads)."""
    here = [e for e in evs if e.stmt is not None and e.stmt == s and e.kind != "call"]
    if here:
        return covered(sc.pkg, here, target, sc.needs) | _refilled(here, target, sc.needs)
    if s.type == "if_statement" and s.child_by_field_name("alternative") is not None:
        result = None
        branch = s
        while branch is not None:
            if branch.type == "if_statement":
                cons, alt = branch.child_by_field_name("consequence"), branch.child_by_field_name("alternative")
            else:  # the final else block
                cons, alt = branch, None
            got: set = set()
            for st in _block_statements(cons):
                got |= _stmt_cover(sc, evs, st, target)
            result = got if result is None else result & got
            if not result:
                return set()
            if branch.type == "if_statement" and alt is None:
                return set()  # an else-if chain without a final else
            branch = alt
        return result or set()
    return set()


_STRAIGHT = frozenset({"expression_statement", "short_var_declaration", "assignment_statement",
                       "var_declaration", "return_statement"})


def _first_use_cover(sc: _Scan, evs, s: Node, target, mentions: list, depth: int) -> set:
    """`encode(c, v)` / `n := encode(c, v)` where the first use of the target is
    handing it to a same-package function that resets its parameter before
    using it. In a `for` statement every use must be such a call (the loop
    resets on each first iteration; a loop that never runs reads nothing)."""
    if s.type not in _STRAIGHT and s.type != "for_statement":
        return set()
    calls = []
    for m in sorted(mentions, key=lambda n: n.start_byte):
        e = next((e for e in evs if e.kind == "call" and e.path == target and _holds_arg(e, m)), None)
        if e is None:
            if not calls or s.type == "for_statement":
                return set()
            break
        calls.append(e)
    if not calls:
        return set()
    first = calls[0]
    if any(e.callee is not first.callee or e.index != first.index for e in calls):
        if s.type == "for_statement":
            return set()
    return _helper_first(sc, first.callee, first.index, depth)


def _truncated_use(sc: _Scan, target, mentions: list) -> set:
    """`dest := bytes.NewBuffer(buf[:0])`: a slice whose first use is truncated
    to length 0 is never read with its old contents there."""
    if sc.needs != WHOLE or target[1]:
        return set()
    for m in mentions:
        node = outer_value(m)
        p = node.parent
        if p is not None and p.type == "unary_expression" and text(p.child_by_field_name("operator")) == "*":
            node = outer_value(p)  # `(*bp)[:0]`
            p = node.parent
        if p is None or p.type != "slice_expression" or p.child_by_field_name("operand") != node \
                or not zero_slice(p):
            return set()
    return set(WHOLE)


def _holds_arg(e: Event, ident: Node) -> bool:
    """The call event ``e`` passes the value that ``ident`` starts (as its
    argument ``e.index``, or its receiver for -1)."""
    if e.index < 0:
        fn = unparen(e.node.child_by_field_name("function"))
        arg = fn.child_by_field_name("operand") if fn is not None and fn.type == "selector_expression" else None
    else:
        argl = e.node.child_by_field_name("arguments")
        args = [a for a in argl.named_children if a.type != "comment"] if argl is not None else []
        arg = args[e.index] if e.index < len(args) else None
    return arg is not None and arg.start_byte <= ident.start_byte and ident.end_byte <= arg.end_byte


def _helper_first(sc: _Scan, info, index: int, depth: int) -> set:
    """What a same-package function resets on its parameter ``index`` (-1: the
    receiver) before anything in it reads the parameter's old contents."""
    if info is None or depth >= MAX_WRAPPER_DEPTH:
        return set()
    ident = _receiver(info.decl) if index < 0 else None
    if index >= 0:
        ps = _params(info.decl)
        ident = ps[index] if index < len(ps) else None
    if ident is None:
        return set()
    scope = function_scope(sc.pkg, info.file, info.node)
    param = scope.refs.get(key(ident))
    if param is None:
        return set()
    sub = _Scan(sc.pkg, scope, sc.needs, sc.fields)
    return _scan(sub, (param, ()), _block_statements(info.node.child_by_field_name("body")), depth + 1)


def _refilled(evs, target, needs) -> set:
    """`x = append(x[:0], ...)`, `*x = strconv.AppendInt((*x)[:0], ...)`, `x.f =
    append(x.f[:0], ...)` right after a Get: truncated before anything reads it."""
    out: set = set()
    td, tfs = target
    for e in evs:
        d, fs = e.path
        if d is not td or e.kind not in ("assign", "deref"):
            continue
        if fs == tfs:
            name = "*"
        elif len(fs) == len(tfs) + 1 and fs[:-1] == tfs and fs[-1] in needs:
            name = fs[-1]
        else:
            continue
        rhs = unparen(e.rhs)
        if rhs is None or rhs.type != "call_expression":
            continue
        args = rhs.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        if not zero_slice(first):
            continue
        lhs = ("*" if e.kind == "deref" else "") + path_text(e)
        if _norm(unparen(first).child_by_field_name("operand")) == lhs:
            out |= set(needs) if name == "*" else {name}
    return out


def _retarget(scope, s: Node, target) -> tuple | None:
    """`e := v.(*T)` / `e = v.(*T)` where v is the target: follow e."""
    if s.type not in ("short_var_declaration", "assignment_statement") or target[1]:
        return None
    left, right = s.child_by_field_name("left"), s.child_by_field_name("right")
    rhs = right.named_children if right is not None else []
    lhs = left.named_children if left is not None else []
    if len(rhs) != 1 or not lhs:
        return None
    r = unparen(rhs[0])
    if r.type != "type_assertion_expression":
        return None
    if value_path(scope, r.child_by_field_name("operand")) != target:
        return None
    return value_path(scope, lhs[0])


def _returned(scope, s: Node, target) -> int | None:
    """The result index at which ``return ..., x, ...`` returns the target."""
    if s.type != "return_statement":
        return None
    lst = next((c for c in s.named_children if c.type == "expression_list"), None)
    vals = lst.named_children if lst is not None else [c for c in s.named_children]
    for i, v in enumerate(vals):
        if value_path(scope, v) == target:
            return i
    return None


def _benign(sc: _Scan, ident: Node, target) -> bool:
    """A mention of the target's variable that does not read its old contents:
    a write, a nil check, len/cap, `x.f[:0]`, a field that holds no buffer."""
    tfs = target[1]
    node, names = ident, []
    while node.parent is not None and node.parent.type == "selector_expression" \
            and node.parent.child_by_field_name("operand") == node:
        node = node.parent
        names.append(text(node.child_by_field_name("field")))
        if len(names) > len(tfs):
            break
    for j, (a, b) in enumerate(zip(names, tfs)):
        if a != b:  # another field of a value on the target's path
            return not _is_call_fn(_selector_at(ident, j + 1))
    if len(names) > len(tfs) and names[-1] not in sc.needs:
        if _is_call_fn(node):
            return False  # a method call on the value may read anything
        return bool(tfs) or names[-1] in sc.fields
    node = outer_value(node)
    p = node.parent
    if p is None:
        return False
    if p.type == "argument_list":
        call = p.parent
        fn = call.child_by_field_name("function") if call is not None else None
        return fn is not None and fn.type == "identifier" and text(fn) in ("len", "cap") \
            and sc.scope.decl_of(fn) is None
    if p.type == "slice_expression" and p.child_by_field_name("operand") == node:
        return zero_slice(p)
    if p.type == "binary_expression" and text(p.child_by_field_name("operator")) in ("==", "!="):
        other = p.child_by_field_name("right") if p.child_by_field_name("left") == node \
            else p.child_by_field_name("left")
        return other is not None and unparen(other).type == "nil"
    if p.type == "expression_list":
        stmt = p.parent
        return stmt is not None and stmt.type == "assignment_statement" \
            and stmt.child_by_field_name("left") == p \
            and text(stmt.child_by_field_name("operator")) == "="
    return False


def _selector_at(ident: Node, depth: int) -> Node:
    node = ident
    for _ in range(depth):
        node = node.parent
    return node


def _is_call_fn(node: Node) -> bool:
    p = node.parent
    return p is not None and p.type == "call_expression" and p.child_by_field_name("function") == node


def _getter_cover(sc: _Scan, ret_stmt: Node, index: int, depth: int) -> set:
    """A getter function returns the pooled value: what every caller resets
    right after the call. Exported getters (callers in other packages) and
    getters that are not top-level functions cover nothing."""
    if depth >= MAX_WRAPPER_DEPTH:
        return set()
    fn = sc.scope.owner_of(ret_stmt)
    if fn is None or fn.type not in ("function_declaration", "method_declaration"):
        return set()
    name = text(fn.child_by_field_name("name"))
    if not name or name[0].isupper():
        return set()
    from golint_mem.dataflow import callers
    from golint_mem.model.scope import func_info_of

    info = func_info_of(sc.pkg, fn)
    if info is None:
        return set()
    calls = callers(sc.pkg, info.key)
    if not calls:
        return set()
    result = set(sc.needs)
    for site, caller in calls:
        scope = function_scope(sc.pkg, caller.file, site.node)
        sub = _Scan(sc.pkg, scope, sc.needs, sc.fields)
        result &= _value_cover(sub, site.node, index, depth + 1)
        if not result:
            return set()
    return result


def reset_on_get(pkg, site, needs: frozenset, struct: str = "") -> set:
    """The needs (field names of the same-package struct ``struct``, or
    :data:`WHOLE`) reset right after this Get, before anything reads the old
    contents (cached per site and needs)."""
    cache = pkg.cache.setdefault("resets.on_get", {})
    k = (id(site), needs)
    hit = cache.get(k)
    if hit is not None:
        return hit
    info = pkg.types.get(struct) if struct else None
    fields = frozenset(info.fields) if info is not None and info.is_struct else frozenset()
    sc = _Scan(pkg, site.scope, needs, fields)
    out = _value_cover(sc, site.call, 0, 0)
    cache[k] = out
    return out


_IDENT_Q = "(identifier) @id"
_METHOD_CALLS_Q = "(call_expression function: (selector_expression field: (field_identifier) @m))"


def _reach(pkg, k: str) -> tuple[set, set]:
    """The functions reachable from ``k`` (itself included) and the method names
    they call (cached per package)."""
    from golint_mem.dataflow import func_by_key, reachable

    cache = pkg.cache.setdefault("resets.reach", {})
    hit = cache.get(k)
    if hit is not None:
        return hit
    names = pkg.cache.setdefault("resets.called_names", {})
    reach = reachable(pkg, k)
    called: set[str] = set()
    for r in reach:
        got = names.get(r)
        if got is None:
            fi = func_by_key(pkg, r)
            got = names[r] = frozenset(
                text(n) for n in captures(query(_METHOD_CALLS_Q), fi.node).get("m", [])) if fi else frozenset()
        called |= got
    cache[k] = (reach, called)
    return reach, called


def unfilled_since_get(pkg, put: Node, scope: FunctionScope, target: tuple, sites, fields) -> set:
    """The struct ``fields`` that the Put's function cannot have filled since it
    took the value from the same pool: the value is a local set only by a Get
    of that pool in this function, and no same-package function that fills the
    field (by name, :func:`field_fillers`) is this function, is reachable from
    it in the call graph, or is a method whose name it (or a reachable
    function) calls on some unresolved receiver. Such a Put returns the value
    no dirtier than the pool handed it out; stale contents come from another
    Put, which is the one to flag."""
    from golint_mem.model.pools import field_fillers
    from golint_mem.model.scope import func_info_of, top_function

    d, fs = target
    if fs or not d.is_local or not sites:
        return set()
    top = top_function(put)
    got = [s for s in sites if top_function(s.call) == top]
    stores = [value_site(s.call) for s in got]
    if not stores or any(how != "store" or value_path(scope, where) != target for how, where, _ in stores):
        return set()
    own = {st for _, _, st in stores}
    if any(e.path == target and e.kind in ("assign", "deref") and e.node not in own
           and e.node.parent not in own for e in events(pkg, scope)):
        return set()
    info = func_info_of(pkg, top)
    if info is None:
        return set()
    fillers = field_fillers(pkg, sorted(fields))
    # a field nothing fills, or something no call graph can rule out fills, needs
    # no walk of the functions the Put's function reaches
    out = {f for f in fields if not fillers[f]}
    open_ = [f for f in fields if fillers[f] and "" not in fillers[f]]
    if not open_:
        return out
    reach, called = _reach(pkg, info.key)
    for f in open_:
        if not any(k in reach or k.rsplit(".", 1)[-1] in called for k in fillers[f]):
            out.add(f)
    return out


def _block_statements(block: Node | None) -> list[Node]:
    if block is None:
        return []
    for c in block.named_children:
        if c.type == "statement_list":
            return list(c.named_children)
    return [c for c in block.named_children if c.type not in ("{", "}")]


__all__ = [
    "Event", "RESET_METHODS", "WHOLE", "counts_before", "covered", "events", "grows",
    "path_text", "released", "reset_on_get", "slice_grown", "unfilled_since_get", "unparen", "value_path", "value_site",
]
