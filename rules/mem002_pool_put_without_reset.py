"""Value put back into a sync.Pool without resetting its buffers.

## What it does
Flags `P.Put(x)` on a `sync.Pool` (a package variable, local, parameter or
struct field of type `sync.Pool` or `*sync.Pool`) when `x` holds buffers that
were not reset: a slice, a pointer to a slice, a `*bytes.Buffer` or
`*strings.Builder`, or a pointer to a same-package struct with slice, map,
`bytes.Buffer` or `strings.Builder` fields (or pointers to these). A reset
counts when it runs before the `Put` in the same function, in a same-package
function called with `x` before the `Put`, or right after every `Get` from the
same pool in the package. The message names the fields left unreset.

Resets: `P.Put(x[:0])` or `x = x[:0]` for a slice; `*x = (*x)[:0]` for a
pointer to a slice; `x.Reset()` for a buffer; for a struct `*x = T{}` (or
`T{...}`), a method `Reset`/`reset`/`Clear`/`clear` called on `x`, or a reset of
every buffer field: `x.f = x.f[:0]`, `x.f = nil`, `x.f = make(...)`,
`clear(x.f)`, a `for k := range x.f { delete(x.f, k) }` loop, `x.f.Reset()`.

## Why is this bad?
The pool hands the object to the next `Get` as it is. Stale contents leak into
the next user (a buffer that still holds the previous request's bytes, a map
with the previous user's keys), and buffers that grew for one large use stay
pinned, full, for as long as the object lives in the pool.

## Example
```go
package example

import (
	"bytes"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func Greet(name string) string {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString("hello ")
	b.WriteString(name)
	s := b.String()
	bufPool.Put(b)
	return s
}
```

## Use instead
```go
package example

import (
	"bytes"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func Greet(name string) string {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString("hello ")
	b.WriteString(name)
	s := b.String()
	b.Reset()
	bufPool.Put(b)
	return s
}
```
Reset right before the `Put` (`b.Reset()`, `buf[:0]`, `*x = T{}`), or reset
right after every `Get` of that pool.

## Known problems
Types come from the source alone: a value whose type is not resolved (another
package's function result, `Get()` without a type assertion) is not checked.
"Before the Put" is textual order in the function (a reset in any branch
before the `Put` counts; any reset in the function counts for a deferred
`Put`). A reset on Get counts only right after the `Get` itself, not after a
call of a getter function that wraps it. Pools that are embedded in a struct
(`type p struct{ sync.Pool }`) and used through promoted methods are not
recognised.

## References
- sync.Pool: "Any item stored in the Pool may be removed automatically at any time without notification" and the `fmt` example of resetting before reuse (https://pkg.go.dev/sync#Pool)
- golang/go#23199: sync.Pool and variable-size buffers (https://github.com/golang/go/issues/23199)
- bytes.Buffer.Reset (https://pkg.go.dev/bytes#Buffer.Reset)
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from golint_mem.dataflow import resolve_callee
from golint_mem.model.infer import types_for
from golint_mem.model.pools import (
    BufferShape, buffer_shape, filled_fields, is_pool_type, package_uses_sync, pool_gets,
    pool_identity,
)
from golint_mem.model.scope import FUNC_NODES, FunctionScope, function_scope, key
from golint_mem.parse import captures, matches, query, text
from golint_mem.rule import Level, Rule

QUERY = """
(call_expression
  function: (selector_expression operand: (_) @pool field: (field_identifier) @method)
  arguments: (argument_list . (_) @value .)
  (#eq? @method "Put")) @put
"""

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


def _unparen(node: Node | None) -> Node | None:
    while node is not None and node.type == "parenthesized_expression" and node.named_children:
        node = node.named_children[0]
    return node


def _norm(node: Node | None) -> str:
    """Expression text without parentheses and blanks, for comparing two spellings."""
    return "".join(ch for ch in text(node) if ch not in " \t\n()")


def _path(scope: FunctionScope, node: Node | None, addr_ok: bool = False) -> tuple | None:
    """(Decl, field names) for `v`, `v.f.g`; `&v.f` too when ``addr_ok``."""
    node = _unparen(node)
    if node is None:
        return None
    if addr_ok and node.type == "unary_expression" and text(node.child_by_field_name("operator")) == "&":
        node = _unparen(node.child_by_field_name("operand"))
    fields = []
    while node is not None and node.type == "selector_expression":
        fields.append(text(node.child_by_field_name("field")))
        node = _unparen(node.child_by_field_name("operand"))
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
    cached = scope.__dict__.get("_mem002_events")
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
                lft = _unparen(lft)
                if lft.type == "unary_expression" and text(lft.child_by_field_name("operator")) == "*":
                    p, kind = _path(scope, lft.child_by_field_name("operand")), "deref"
                else:
                    p, kind = _path(scope, lft), "assign"
                if p is not None:
                    out.append(Event(a, stmt, owner, p, kind, rhs=r))
        elif "call" in caps:
            call = caps["call"][0]
            _call_events(pkg, scope, types, call, out)
        elif "for" in caps:
            loop, clause = caps["for"][0], caps["range"][0]
            _delete_loop(scope, loop, clause, out)
    scope.__dict__["_mem002_events"] = out
    return out


def _call_events(pkg, scope, types, call: Node, out: list[Event]) -> None:
    fn = _unparen(call.child_by_field_name("function"))
    argl = call.child_by_field_name("arguments")
    args = [a for a in (argl.named_children if argl is not None else []) if a.type != "comment"]
    if fn is None:
        return
    owner = scope.owner_of(call)
    stmt = _stmt_of(call)
    if fn.type == "identifier":
        d = scope.decl_of(fn)
        if d is None and text(fn) == "clear" and len(args) == 1:
            p = _path(scope, args[0])
            if p is not None:
                out.append(Event(call, stmt, owner, p, "clear"))
            return
        if d is not None and d.kind == "func":
            info = d.cache.get("func")
            if info is not None:
                for i, a in enumerate(args):
                    p = _path(scope, a, addr_ok=True)
                    if p is not None:
                        out.append(Event(call, stmt, owner, p, "call", callee=info, index=i))
        return
    if fn.type != "selector_expression":
        return
    recv = fn.child_by_field_name("operand")
    name = text(fn.child_by_field_name("field"))
    p = _path(scope, recv)
    if p is None:
        return
    if (name in RESET_METHODS and not args) or (name == "Truncate" and len(args) == 1
                                                 and text(args[0]) == "0"):
        out.append(Event(call, stmt, owner, p, "method"))
        return
    info = resolve_callee(pkg, scope, types, call)
    if info is None:
        return
    out.append(Event(call, stmt, owner, p, "call", callee=info, index=-1))
    for i, a in enumerate(args):
        pa = _path(scope, a, addr_ok=True)
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
            p = _path(scope, right)
            if p is not None:
                out.append(Event(loop, loop, scope.owner_of(loop), p, "clear"))
            return


# -- does an event reset the value? -------------------------------------------------

def _zero_slice(node: Node | None) -> bool:
    """`s[:0]`, `s[0:0]`, `s[:0:0]`."""
    node = _unparen(node)
    if node is None or node.type != "slice_expression":
        return False
    end, start = node.child_by_field_name("end"), node.child_by_field_name("start")
    return end is not None and text(end) == "0" and (start is None or text(start) == "0")


def _fresh(node: Node | None) -> bool:
    """A value that holds nothing old: nil, a literal, new(T), make(...), s[:0]."""
    node = _unparen(node)
    if node is None:
        return False
    t = node.type
    if t in ("nil", "composite_literal") or _zero_slice(node):
        return True
    if t == "unary_expression" and text(node.child_by_field_name("operator")) == "&":
        return _unparen(node.child_by_field_name("operand")).type == "composite_literal"
    if t == "call_expression":
        fn = _unparen(node.child_by_field_name("function"))
        return fn is not None and fn.type == "identifier" and text(fn) in ("new", "make")
    return False


def _keeps(lhs_text: str, rhs: Node | None) -> bool:
    """`v = append(v, ...)`, `v = v`, `v = v[i:j]`: the old contents stay."""
    rhs = _unparen(rhs)
    if rhs is None:
        return True
    if rhs.type == "call_expression":
        fn = _unparen(rhs.child_by_field_name("function"))
        if fn is not None and fn.type == "identifier" and text(fn) == "append":
            args = rhs.child_by_field_name("arguments")
            first = args.named_children[0] if args is not None and args.named_children else None
            return not _zero_slice(first)
    if rhs.type == "slice_expression" and not _zero_slice(rhs):
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
                e.kind == "assign" and _fresh(e.rhs) and not (depth and n == 0)
            ):
                out |= needs
            elif e.kind == "call":
                out |= _helper(pkg, e, tfs[n:], needs, depth, seen)
        elif n == len(tfs) + 1 and fs[:-1] == tfs and fs[-1] in needs:
            f = fs[-1]
            if e.kind == "assign":
                if not _keeps(_path_text(e), e.rhs):
                    out.add(f)
            elif e.kind in ("method", "clear", "deref"):
                out.add(f)
            elif e.kind == "call" and _helper(pkg, e, (), WHOLE, depth, seen):
                out.add(f)
        if out >= needs:
            break
    return out


def _path_text(e: Event) -> str:
    d, fs = e.path
    return ".".join((d.name,) + fs)


def _whole(pkg, e: Event, target, needs, depth, seen) -> set:
    k = e.kind
    if k in ("method", "clear"):
        return set(needs)
    if k == "deref":
        return set() if _keeps("*" + _path_text(e), e.rhs) else set(needs)
    if k == "assign":
        if depth and not target[1]:
            return set()
        return set(needs) if _fresh(e.rhs) else set()
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
    if e.index < 0:
        ident = _receiver(info.node)
    else:
        ps = _params(info.node)
        ident = ps[e.index] if e.index < len(ps) else None
    if ident is None:
        return set()
    scope = function_scope(pkg, info.file, info.node)
    param = scope.refs.get(key(ident))
    if param is None:
        return set()
    return covered(pkg, events(pkg, scope), (param, rest), needs, depth + 1, seen)


def _grows(e: Event, target: tuple) -> bool:
    """`x = append(x, ...)`, `*x = append(*x, ...)`, `x = strconv.AppendInt(x, ...)`:
    the slice at ``target`` gets longer (its old contents stay in front)."""
    if e.path != target or e.kind not in ("assign", "deref"):
        return False
    rhs = _unparen(e.rhs)
    if rhs is None or rhs.type != "call_expression":
        return False
    args = rhs.child_by_field_name("arguments")
    first = args.named_children[0] if args is not None and args.named_children else None
    first = _unparen(first)
    while first is not None and first.type == "slice_expression":
        first = _unparen(first.child_by_field_name("operand"))
    if first is None:
        return False
    lhs = _path_text(e)
    return _norm(first) == ("*" + lhs if e.kind == "deref" else lhs)


def _slice_grown(pkg, scope, target, sites) -> bool:
    """A pooled slice needs a reset only when it is used by appending: grown in
    the Put's function or right where it comes from a Get. A fixed-length
    scratch buffer (`make([]byte, 32<<10)`, read into by index) holds nothing
    a reset would remove, and truncating it would break its next user."""
    if any(_grows(e, target) for e in events(pkg, scope)):
        return True
    for site in sites or ():
        how, where, _ = _value_site(site.call)
        if how != "store":
            continue
        t = _path(site.scope, where)
        if t is not None and any(_grows(e, t) for e in events(pkg, site.scope)):
            return True
    return False


# -- where an event must be to count -----------------------------------------------

def _counts_for(put: Node, scope: FunctionScope):
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


def _value_site(node: Node) -> tuple[str, object, Node | None]:
    """Where the value of ``node`` (a Get or getter call) goes:
    ("sliced", None, None) for `P.Get().([]T)[:0]`; ("store", lhs, stmt) for an
    assignment or declaration; ("return", index, stmt) for a return; else ("", ...)."""
    p = node.parent
    if p is not None and p.type == "type_assertion_expression" and p.child_by_field_name("operand") == node:
        node, p = p, p.parent
    while p is not None and p.type == "parenthesized_expression":
        node, p = p, p.parent
    if p is not None and p.type == "slice_expression" and _zero_slice(p):
        return "sliced", None, None
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
    how, where, stmt = _value_site(node)
    if how == "sliced":
        return set(sc.needs) if sc.needs == WHOLE and index == 0 else set()
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
    target = _path(sc.scope, where)
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
    evs = events(sc.pkg, sc.scope)
    out: set = set()
    for s in _following(stmt):
        if s.type in ("comment", "empty_statement", "defer_statement"):
            continue
        td = target[0]
        mentions = [i for i in captures(query(_IDENT_Q), s).get("id", []) if sc.scope.decl_of(i) is td]
        if not mentions:
            continue
        got = _stmt_cover(sc, evs, s, target)
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
    """Resets done by statement ``s`` itself, or by every branch of an if/else."""
    here = [e for e in evs if e.stmt is not None and e.stmt == s]
    if here:
        return covered(sc.pkg, here, target, sc.needs)
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


def _retarget(scope, s: Node, target) -> tuple | None:
    """`e := v.(*T)` / `e = v.(*T)` where v is the target: follow e."""
    if s.type not in ("short_var_declaration", "assignment_statement") or target[1]:
        return None
    left, right = s.child_by_field_name("left"), s.child_by_field_name("right")
    rhs = right.named_children if right is not None else []
    lhs = left.named_children if left is not None else []
    if len(rhs) != 1 or not lhs:
        return None
    r = _unparen(rhs[0])
    if r.type != "type_assertion_expression":
        return None
    if _path(scope, r.child_by_field_name("operand")) != target:
        return None
    return _path(scope, lhs[0])


def _returned(scope, s: Node, target) -> int | None:
    """The result index at which ``return ..., x, ...`` returns the target."""
    if s.type != "return_statement":
        return None
    lst = next((c for c in s.named_children if c.type == "expression_list"), None)
    vals = lst.named_children if lst is not None else [c for c in s.named_children]
    for i, v in enumerate(vals):
        if _path(scope, v) == target:
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
    p = node.parent
    while p is not None and p.type == "parenthesized_expression":
        node, p = p, p.parent
    if p is None:
        return False
    if p.type == "argument_list":
        call = p.parent
        fn = call.child_by_field_name("function") if call is not None else None
        return fn is not None and fn.type == "identifier" and text(fn) in ("len", "cap") \
            and sc.scope.decl_of(fn) is None
    if p.type == "slice_expression" and p.child_by_field_name("operand") == node:
        return _zero_slice(p)
    if p.type == "binary_expression" and text(p.child_by_field_name("operator")) in ("==", "!="):
        other = p.child_by_field_name("right") if p.child_by_field_name("left") == node \
            else p.child_by_field_name("left")
        return other is not None and _unparen(other).type == "nil"
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
    from golint_mem.dataflow import call_graph
    from golint_mem.model.scope import func_info_of

    info = func_info_of(sc.pkg, fn)
    if info is None:
        return set()
    g = call_graph(sc.pkg)
    calls = [d["site"] for _, _, d in g.in_edges(info.key, data=True)] if info.key in g else []
    if not calls:
        return set()
    result = set(sc.needs)
    for site in calls:
        caller = g.nodes[site.caller].get("info")
        if caller is None:
            return set()
        scope = function_scope(sc.pkg, caller.file, site.node)
        sub = _Scan(sc.pkg, scope, sc.needs, sc.fields)
        result &= _value_cover(sub, site.node, index, depth + 1)
        if not result:
            return set()
    return result


def _get_cover(pkg, site, needs: frozenset, shape: BufferShape) -> set:
    """The needs reset right after this Get (cached per site and needs)."""
    cache = pkg.cache.setdefault("mem002.getcover", {})
    k = (id(site), needs)
    hit = cache.get(k)
    if hit is not None:
        return hit
    fields = frozenset()
    if shape.kind == "struct" and shape.struct in pkg.types:
        fields = frozenset(pkg.types[shape.struct].fields)
    sc = _Scan(pkg, site.scope, needs, fields)
    out = _value_cover(sc, site.call, 0, 0)
    cache[k] = out
    return out


_IDENT_Q = "(identifier) @id"


def _block_statements(block: Node | None) -> list[Node]:
    if block is None:
        return []
    for c in block.named_children:
        if c.type == "statement_list":
            return list(c.named_children)
    return [c for c in block.named_children if c.type not in ("{", "}")]


# -- the rule ------------------------------------------------------------------------

_HINT = {
    "slice": "put `{x}[:0]` or set `{x} = {x}[:0]` before Put",
    "map": "`clear({x})`",
    "buffer": "`{x}.Reset()`",
}


def _message(x: str, pool: str, shape: BufferShape, left: set) -> str:
    t = str(shape.type)
    if shape.kind == "struct":
        names = [f for f in shape.fields if f in left]
        kinds = dict(zip(shape.fields, shape.field_kinds))
        hints = []
        for f in names:
            fx = f"{x}.{f}"
            kind = kinds[f]
            hints.append(f"`{fx} = {fx}[:0]`" if kind == "slice" else _HINT[kind].format(x=fx))
        plural = "s" if len(names) > 1 else ""
        return (
            f"`{x}` ({t}) is put back into sync.Pool `{pool}` with field{plural} "
            f"{', '.join(f'`{f}`' for f in names)} not reset: the next Get sees the old contents "
            f"and the buffers stay pinned; reset {'them' if plural else 'it'} before Put "
            f"({', '.join(hints)}) or zero the value with `*{x} = {shape.struct}{{}}`"
        )
    if shape.kind == "slice":
        fix = _HINT["slice"].format(x=x)
    elif shape.kind == "slice-pointer":
        fix = f"set `*{x} = (*{x})[:0]` before Put"
    else:
        fix = f"call `{x}.Reset()` before Put"
    return (
        f"`{x}` ({t}) is put back into sync.Pool `{pool}` without a reset: the next Get sees "
        f"the old contents and the grown buffer stays pinned; {fix}, or reset right after "
        f"every Get"
    )


def _struct_needs(pkg, shape: BufferShape) -> frozenset:
    """The buffer fields that hold data worth a reset: bytes.Buffer/strings.Builder
    fields always; slice and map fields only when the package fills them
    (appends, stores a built-up value, writes by key). A slice field that is
    only ever `make`d and resliced is fixed-size scratch the next user
    overwrites."""
    filled = filled_fields(pkg)
    out = []
    for f, kind in zip(shape.fields, shape.field_kinds):
        how = filled.get(f, ())
        if kind == "buffer" or (kind == "slice" and "slice" in how) or (kind == "map" and how):
            out.append(f)
    return frozenset(out)


def check(ctx, caps) -> None:
    pkg = ctx.package
    if not package_uses_sync(pkg):
        return
    put, pool, value = caps["put"][0], caps["pool"][0], caps["value"][0]
    scope = ctx.scope(put)
    types = ctx.types(put)
    if not is_pool_type(types.type_of(pool)):
        return
    v = _unparen(value)
    if v is None or _fresh(v):
        return
    target = _path(scope, v)
    if target is None:
        return
    shape = buffer_shape(pkg, types.type_of(v))
    if shape is None:
        return
    needs = _struct_needs(pkg, shape) if shape.kind == "struct" else WHOLE
    if not needs:
        return
    counts = _counts_for(put, scope)
    local = [e for e in events(pkg, scope) if counts(e)]
    left = set(needs) - covered(pkg, local, target, needs)
    if not left:
        return
    ident = pool_identity(scope, types, pool)
    sites = pool_gets(pkg).get(ident) if ident is not None else None
    if shape.kind in ("slice", "slice-pointer") and not _slice_grown(pkg, scope, target, sites):
        return
    if sites:
        on_get = set(needs)
        for site in sites:
            on_get &= _get_cover(pkg, site, needs, shape)
            if not on_get:
                break
        left -= on_get
    if not left:
        return
    ctx.report(put, _message(text(value), text(pool), shape, left))


RULE = Rule(
    id="MEM002",
    name="pool-put-without-reset",
    summary="value put back into a sync.Pool without resetting its buffers",
    level=Level.WARNING,
    tags=("memory", "sync-pool", "correctness"),
    precision="high",
    default=True,
    query=QUERY,
    check=check,
)
