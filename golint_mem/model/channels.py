"""Channel lifetimes in one function: where a local channel is made, its buffer,
who sends, receives and closes it, whether it escapes, and which paths leave
the function that made it (the spawner) while a goroutine still needs it.

A channel is followed only while every use of it is one this module can see:
a send, a receive, a `range`, `close`, `len`/`cap`, a comparison, or an
argument of a `go` statement whose same-package callee (or literal) in turn
only does those. Anything else (returned, stored, aliased, passed to another
call, captured by a literal that is not a goroutine, deferred or run in place)
makes it *escape*: somebody we cannot see may serve it, so rules stay quiet.

Every walk here is iterative or bounded by the nesting of one function, and
each function's facts are computed once (cached on the package).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from tree_sitter import Node

from golint_mem.model.package import FileModel, PackageModel
from golint_mem.model.scope import FUNC_NODES, Decl, function_scope, in_defer, key
from golint_mem.parse import captures, outer_value, query, text, unparen

LOOP = "for_statement"
_BREAKABLE = ("for_statement", "expression_switch_statement", "type_switch_statement",
              "select_statement")
_CASES = ("communication_case", "default_case", "expression_case", "type_case")


@dataclass(eq=False)
class Op:
    """One operation on the channel: ``send``, ``recv``, ``range`` or ``close``."""

    kind: str
    node: Node  # send_statement, `<-` unary_expression, for_statement, close call
    file: FileModel
    fn: Node  # the function whose body runs it
    deferred: bool = False

    @property
    def line(self) -> int:
        return self.node.start_point[0] + 1

    @property
    def select_case(self) -> Node | None:
        """The select case this send or receive is the communication of."""
        return comm_case(self.node)


@dataclass(eq=False)
class Goroutine:
    """A `go` statement of the spawner that uses the channel."""

    go: Node
    body: Node  # the func_literal, or the same-package callee's declaration
    file: FileModel
    ops: list[Op] = field(default_factory=list)

    def of(self, *kinds: str) -> list[Op]:
        return [o for o in self.ops if o.kind in kinds]


@dataclass(eq=False)
class Channel:
    decl: Decl
    make: Node  # the make(chan T[, N]) call
    elem: str  # the channel type as written, e.g. "chan result"
    buffer: Node | None
    spawner: Node
    file: FileModel
    own: list[Op] = field(default_factory=list)  # ops the spawner runs itself
    goroutines: list[Goroutine] = field(default_factory=list)
    escape: Node | None = None  # the first use we cannot follow

    @property
    def name(self) -> str:
        return self.decl.name

    def own_of(self, *kinds: str, deferred: bool = False) -> list[Op]:
        return [o for o in self.own if o.kind in kinds and o.deferred == deferred]

    def closed(self) -> bool:
        return any(o.kind == "close" for o in self.own) or any(
            g.of("close") for g in self.goroutines)

    def goroutine(self, go: Node) -> Goroutine | None:
        return next((g for g in self.goroutines if g.go == go), None)


# -- syntax helpers --------------------------------------------------------------

def comm_case(node: Node) -> Node | None:
    """The communication_case whose communication is ``node`` (a send or receive)."""
    n, child = node.parent, node
    while n is not None and n.type in ("receive_statement", "expression_list",
                                       "parenthesized_expression"):
        n, child = n.parent, n
    if n is not None and n.type == "communication_case" and n.named_children \
            and n.named_children[0] == child:
        return n
    return None


def is_panic(node: Node) -> bool:
    if node.type != "expression_statement" or not node.named_children:
        return False
    call = node.named_children[0]
    return call.type == "call_expression" and text(call.child_by_field_name("function")) == "panic"


def is_terminator(node: Node) -> bool:
    return node.type == "return_statement" or is_panic(node)


def make_call(value: Node | None) -> Node | None:
    """``value`` when it is ``make(chan T)`` or ``make(chan T, N)``."""
    v = unparen(value)
    if v is None or v.type != "call_expression" or text(v.child_by_field_name("function")) != "make":
        return None
    args = _args(v)
    if not args or args[0].type != "channel_type":
        return None
    return v


def _args(call: Node) -> list[Node]:
    a = call.child_by_field_name("arguments")
    return [c for c in a.named_children if c.type != "comment"] if a is not None else []


def descendants(root: Node, skip_literals: bool = True):
    """Every node below ``root`` (pre-order, iterative), not entering function
    literals when ``skip_literals``."""
    stack = list(reversed(root.named_children))
    while stack:
        n = stack.pop()
        yield n
        if skip_literals and n.type == "func_literal":
            continue
        stack.extend(reversed(n.named_children))


def ancestors(node: Node, stop: Node | None = None):
    n = node.parent
    while n is not None and n != stop:
        yield n
        n = n.parent


def _same(a: Node | None, b: Node | None) -> bool:
    return a is not None and b is not None and key(a) == key(b) and a.type == b.type


def inside(node: Node | None, outer: Node | None) -> bool:
    """``node`` lies within ``outer`` (False when either is missing, as in a
    statement that does not parse)."""
    if node is None or outer is None:
        return False
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def exclusive(a: Node, b: Node) -> bool:
    """Whether ``a`` and ``b`` lie in different branches of one if/switch/select:
    no run executes both."""
    chain = {}
    child = a
    for n in ancestors(a):
        chain[(key(n), n.type)] = child
        child = n
    child = b
    for n in ancestors(b):
        ca = chain.get((key(n), n.type))
        if ca is not None:
            if n.type == "if_statement":
                branches = [n.child_by_field_name("consequence"), n.child_by_field_name("alternative")]
                ia = next((i for i, x in enumerate(branches) if _same(x, ca)), None)
                ib = next((i for i, x in enumerate(branches) if _same(x, child)), None)
                return ia is not None and ib is not None and ia != ib
            if ca.type in _CASES and child.type in _CASES:
                return not _same(ca, child)
            return False
        child = n
    return False


def loops_around(node: Node, fn: Node, outside_of: Node | None = None) -> list[Node]:
    """The for loops around ``node`` inside ``fn`` (innermost first), leaving out
    any loop that also contains ``outside_of`` (e.g. the channel's make: a loop
    that makes a new channel per iteration is not a loop over one channel)."""
    out = []
    for n in ancestors(node, fn):
        if n.type in FUNC_NODES:
            break
        if n.type == LOOP and not (outside_of is not None and inside(outside_of, n)):
            out.append(n)
    return out


def leaves(jump: Node, region: Node) -> bool:
    """Whether a break/continue/goto ``jump`` transfers control out of ``region``."""
    label = next((c for c in jump.named_children if c.type == "label_name"), None)
    if jump.type == "goto_statement":
        return True
    if label is not None:
        for n in ancestors(jump):
            if n.type == "labeled_statement" and text(n.child_by_field_name("label") or n.named_children[0]) == text(label):
                return not inside(n, region) or _same(n.named_children[-1], region)
            if n.type in FUNC_NODES:
                break
        return True
    for n in ancestors(jump):
        if (jump.type == "break_statement" and n.type in _BREAKABLE) or (
                jump.type == "continue_statement" and n.type == LOOP):
            return _same(n, region) or not inside(n, region)
        if n.type in FUNC_NODES:
            break
    return True


def exits(region: Node, *, breaks: bool = True) -> list[Node]:
    """The statements in ``region`` (not in function literals) that leave it or
    the function: return, panic, goto, and (with ``breaks``) a break out of it."""
    out = []
    for n in descendants(region):
        if n.type == "return_statement" or is_panic(n) or n.type == "goto_statement":
            out.append(n)
        elif breaks and n.type == "break_statement" and leaves(n, region):
            out.append(n)
    return out


def infinite(loop: Node) -> bool:
    """`for { ... }`: no condition, clause or range."""
    return loop.type == LOOP and all(c.type in ("block", "comment") for c in loop.named_children)


def done_receive(node: Node | None) -> bool:
    """``<-X.Done()`` or ``<-time.After(...)``: a channel that ends the wait."""
    n = unparen(node)
    if n is None or n.type != "unary_expression" or text(n.child_by_field_name("operator")) != "<-":
        return False
    call = unparen(n.child_by_field_name("operand"))
    if call is None or call.type != "call_expression":
        return False
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return False
    name = text(fn.child_by_field_name("field"))
    return name == "Done" or (name == "After" and text(fn.child_by_field_name("operand")) == "time")


def case_receive(case: Node) -> Node | None:
    """The `<-x` expression a communication case receives from, if any."""
    if case.type != "communication_case" or not case.named_children:
        return None
    comm = case.named_children[0]
    if comm.type == "receive_statement":
        comm = comm.child_by_field_name("right")
    comm = unparen(comm)
    if comm is not None and comm.type == "unary_expression" and text(comm.child_by_field_name("operator")) == "<-":
        return comm
    return None


def case_body(case: Node) -> list[Node]:
    """A case's statements (after the communication, if any)."""
    kids = case.named_children
    if case.type == "communication_case":
        kids = kids[1:]
    out = []
    for k in kids:
        out.extend(k.named_children if k.type == "statement_list" else [k])
    return [k for k in out if k.type != "comment"]


# -- building the model ------------------------------------------------------------

def channels(pkg: PackageModel, file: FileModel, fn: Node) -> list[Channel]:
    """The local channels made in function ``fn`` (declaration or literal), cached."""
    cache = pkg.cache.setdefault("channels", {})
    k = (file.path, key(fn))
    hit = cache.get(k)
    if hit is None:
        hit = cache[k] = _build(pkg, file, fn)
    return hit


def _build(pkg: PackageModel, file: FileModel, fn: Node) -> list[Channel]:
    from golint_mem.dataflow import function_flow

    src = file.source
    if src.find(b"make", fn.start_byte, fn.end_byte) < 0 or src.find(b"chan", fn.start_byte, fn.end_byte) < 0:
        return []  # its variables are declared in it: no `make(chan T)`, no channel of its own
    scope = function_scope(pkg, file, fn)
    flow = function_flow(pkg, file, fn)
    out = []
    for d in scope.decls:
        if d.owner is None or not _same(d.owner, fn) or d.kind != "var":
            continue
        if d.names_count != d.values_count:
            continue
        mk = make_call(d.value)
        if mk is None:
            continue
        args = _args(mk)
        ch = Channel(d, mk, text(args[0]), args[1] if len(args) > 1 else None, fn, file)
        for use in flow.uses(d):
            _place(pkg, ch, use, scope)
            if ch.escape is not None:
                break
        if ch.escape is None:
            ch.own.sort(key=lambda o: o.node.start_byte)
            for g in ch.goroutines:
                g.ops.sort(key=lambda o: (o.file.path, o.node.start_byte))
            out.append(ch)
    return out


def _use_kind(use: Node) -> tuple[str, Node | None]:
    """What one occurrence of the channel does: send/recv/range/close, ``goarg``
    (an argument of a go statement's call), ``ignore`` or ``escape``."""
    n = outer_value(use)
    p = n.parent
    if p is None:
        return "escape", use
    t = p.type
    if t == "send_statement" and _same(p.child_by_field_name("channel"), n):
        return "send", p
    if t == "unary_expression" and text(p.child_by_field_name("operator")) == "<-":
        return "recv", p
    if t == "range_clause" and _same(p.child_by_field_name("right"), n):
        return "range", p.parent
    if t == "binary_expression" and text(p.child_by_field_name("operator")) in ("==", "!="):
        return "ignore", None
    if t == "argument_list":
        call = p.parent
        f = unparen(call.child_by_field_name("function"))
        name = text(f) if f is not None and f.type == "identifier" else ""
        if name == "close":
            return "close", call
        if name in ("len", "cap"):
            return "ignore", None
        if call.parent is not None and call.parent.type == "go_statement":
            return "goarg", call
    return "escape", use


def _context(use: Node, fn: Node) -> tuple[str, Node | None]:
    """Where ``use`` runs relative to ``fn``: ``own`` or ``deferred`` (fn itself),
    ``go`` (the literal of a go statement directly in fn; returns the statement),
    or ``escape`` (a literal fn hands to someone else)."""
    lits, deferred = [], False
    for n in ancestors(use, fn):
        if n.type == "func_literal":
            lits.append(n)
        elif n.type == "defer_statement" and not lits:
            deferred = True
    if not lits:
        return ("deferred" if deferred else "own"), None
    for inner in lits[:-1]:
        if not _runs_in_place(inner):
            return "escape", None
    outer = lits[-1]
    p = outer.parent
    if p is None or p.type != "call_expression" or not _same(p.child_by_field_name("function"), outer):
        return "escape", None
    gp = p.parent
    if gp is not None and gp.type == "go_statement":
        return "go", gp
    if gp is not None and gp.type == "defer_statement":
        return "deferred", None
    return "own", None


def _runs_in_place(lit: Node) -> bool:
    p = lit.parent
    return (p is not None and p.type == "call_expression" and _same(p.child_by_field_name("function"), lit)
            and (p.parent is None or p.parent.type != "go_statement"))


def _place(pkg: PackageModel, ch: Channel, use: Node, scope) -> None:
    where, go = _context(use, ch.spawner)
    if where == "escape":
        ch.escape = use
        return
    kind, node = _use_kind(use)
    if kind == "ignore":
        return
    if kind == "escape":
        ch.escape = use
        return
    if where == "go":
        if kind == "goarg":  # a goroutine starting another goroutine with it
            ch.escape = use
            return
        g = _goroutine(ch, go, _go_literal(go), ch.file)
        g.ops.append(Op(kind, node, ch.file, g.body, in_defer(node, g.body)))
        return
    if kind == "goarg":
        if where != "own":
            ch.escape = use
            return
        if not _callee_ops(pkg, ch, node, use, scope):
            ch.escape = use
        return
    ch.own.append(Op(kind, node, ch.file, ch.spawner, where == "deferred"))


def _go_literal(go: Node) -> Node:
    call = next(c for c in go.named_children if c.type == "call_expression")
    return unparen(call.child_by_field_name("function"))


def _goroutine(ch: Channel, go: Node, body: Node, file: FileModel) -> Goroutine:
    g = ch.goroutine(go)
    if g is None:
        g = Goroutine(go, body, file)
        ch.goroutines.append(g)
    return g




def _param_at(fn: Node, index: int) -> tuple[Node | None, bool]:
    """The parameter identifier at argument position ``index`` of ``fn``, and
    whether the position is variadic (a variadic parameter is not followed)."""
    plist = fn.child_by_field_name("parameters")
    i = 0
    for decl in plist.named_children if plist is not None else ():
        if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        names = decl.children_by_field_name("name") or [None]
        for n in names:
            if i == index:
                return n, decl.type == "variadic_parameter_declaration"
            i += 1
    return None, False


def _callee_ops(pkg: PackageModel, ch: Channel, call: Node, use: Node, scope) -> bool:
    """Follow ``go f(ch)`` into the literal or same-package function ``f``:
    record what it does with the parameter. False when it cannot be followed."""
    from golint_mem.dataflow import function_flow, resolve_callee
    from golint_mem.model.infer import types_for

    args = _args(call)
    arg = outer_value(use)
    index = next((i for i, a in enumerate(args) if _same(a, arg)), -1)
    if index < 0:
        return False
    fn = unparen(call.child_by_field_name("function"))
    if fn is not None and fn.type == "func_literal":
        body, file = fn, ch.file
    else:
        info = resolve_callee(pkg, scope, types_for(scope), call)
        if info is None:
            return False
        variants = pkg.variants.get(info.key, ())
        if len(variants) > 1:
            return False
        body, file = info.node, info.file
    pnode, variadic = _param_at(body, index)
    if pnode is None or variadic:
        return False
    cscope = function_scope(pkg, file, body)
    pdecl = cscope.decl_of(pnode)
    if pdecl is None:
        return False
    g = _goroutine(ch, call.parent, body, file)
    for u in function_flow(pkg, file, body).uses(pdecl):
        where, _ = _context(u, body)
        kind, node = _use_kind(u)
        if kind == "ignore":
            continue
        if where not in ("own", "deferred") or kind in ("escape", "goarg"):
            return False
        g.ops.append(Op(kind, node, file, body, where == "deferred"))
    return True


# -- facts rules ask ---------------------------------------------------------------

def closed_channels(pkg: PackageModel, file: FileModel, fn: Node) -> set:
    """What ``fn`` closes anywhere in its body (literals included): local
    channels as their Decl, other channel expressions (``s.quit``) as text."""
    cache = pkg.cache.setdefault("closed_channels", {})
    k = (file.path, key(fn))
    if k in cache:
        return cache[k]
    out: set = set()
    cache[k] = out
    body = fn.child_by_field_name("body")
    if body is None or file.source.find(b"close", body.start_byte, body.end_byte) < 0:
        return out
    scope = function_scope(pkg, file, fn)
    for n in captures(query(CLOSE_Q), body).get("call", []):
        args = _args(n)
        if len(args) == 1:
            out.add(chan_key(scope, args[0]))
    return out


#: `close(x)` calls (the builtin by name; its arguments are checked by the reader)
CLOSE_Q = '(call_expression function: (identifier) @f (#eq? @f "close")) @call'


def chan_key(scope, expr: Node):
    e = unparen(expr)
    if e is not None and e.type == "identifier":
        d = scope.decl_of(e)
        if d is not None:
            return d
    return text(e)


def max_sends(sends: list[Op], body: Node) -> int | None:
    """The most sends one run of ``body`` can execute (None: unbounded, a send
    in a loop). Two sends count once when no run reaches both: they lie in
    different branches, or a return follows the first before the second."""
    for s in sends:
        loops = loops_around(s.node, body)
        if loops and not _leaves_after(s.node, loops[0]) and not _nil_guarded(s.node, loops[-1]):
            return None
    nodes = sorted((s.node for s in sends), key=lambda n: n.start_byte)
    best = 0
    for i, a in enumerate(nodes):
        chain = 1
        for b in nodes[i + 1:]:
            if not exclusive(a, b) and not _return_between(a, b):
                chain += 1
        best = max(best, chain)
    return best


def _leaves_after(node: Node, loop: Node) -> bool:
    """A return, panic or break out of ``loop`` follows ``node`` unconditionally:
    the loop runs ``node`` at most once."""
    child = node
    for n in ancestors(node, loop):
        if n.type in ("statement_list", "block"):
            for sib in n.named_children:
                if sib.start_byte >= child.end_byte and (
                        is_terminator(sib) or (sib.type == "break_statement" and leaves(sib, loop))):
                    return True
        elif n.type in _BREAKABLE or n.type in FUNC_NODES:
            return False
        child = n
    return False


def _nil_guarded(node: Node, loop: Node) -> bool:
    """`if err == nil { err = f(); if err != nil { ch <- err } }` in a loop
    that never resets ``err`` to nil: the send runs at most once."""
    for n in ancestors(node, loop):
        if n.type != "if_statement":
            continue
        cond = unparen(n.child_by_field_name("condition"))
        if cond is None or cond.type != "binary_expression" or text(cond.child_by_field_name("operator")) != "==" \
                or text(cond.child_by_field_name("right")) != "nil":
            continue
        name = text(cond.child_by_field_name("left"))
        if not re.search(rf"\b{re.escape(name)}\s*=\s*nil\b", text(loop)):
            return True
    return False


def counted_exit(exit_node: Node, loop: Node) -> bool:
    """An exit guarded by a countdown of the senders (`active--` ...
    `if active == 0 { return }`): the loop leaves only once all have reported."""
    for n in ancestors(exit_node, loop):
        if n.type != "if_statement":
            continue
        cond = unparen(n.child_by_field_name("condition"))
        if cond is None or cond.type != "binary_expression" \
                or text(cond.child_by_field_name("operator")) not in ("==", "<=", ">="):
            continue
        counter = text(cond.child_by_field_name("left"))
        for m in descendants(loop):
            if m.type in ("inc_statement", "dec_statement") and text(m.named_children[0]) == counter:
                return True
    return False


def _return_between(a: Node, b: Node) -> bool:
    """A return or panic that every run reaching ``a`` executes before ``b``."""
    child = a
    for n in ancestors(a):
        if n.type == "statement_list" or n.type == "block":
            stop = b.start_byte if inside(b, n) else n.end_byte
            for sib in n.named_children:
                if sib.start_byte >= child.end_byte and sib.end_byte <= stop and is_terminator(sib):
                    return True
            if inside(b, n):
                return False
        if n.type in FUNC_NODES:
            return False
        child = n
    return False


def const_int(pkg: PackageModel, scope, node: Node | None, depth: int = 0) -> int | None:
    """An integer literal, a (local or package) constant defined by one, or
    `+ - *` of those (a few levels deep)."""
    n = unparen(node)
    if n is None or depth > 6:
        return None
    if n.type == "binary_expression":
        op = text(n.child_by_field_name("operator"))
        a = const_int(pkg, scope, n.child_by_field_name("left"), depth + 1)
        b = const_int(pkg, scope, n.child_by_field_name("right"), depth + 1)
        if a is None or b is None or op not in ("+", "-", "*"):
            return None
        return a + b if op == "+" else a - b if op == "-" else a * b
    if n.type == "int_literal":
        try:
            return int(text(n).replace("_", ""), 0)
        except ValueError:
            return None
    if n.type != "identifier":
        return None
    d = scope.decl_of(n)
    if d is not None and d.kind == "const" and d.names_count == d.values_count:
        return const_int(pkg, scope, d.value) if unparen(d.value) is not None and unparen(d.value).type == "int_literal" else None
    if d is not None and d.kind == "pkgconst":
        return pkg.int_consts.get(text(n))
    return None


def size_of(pkg: PackageModel, scope, node: Node | None, depth: int = 0):
    """A symbolic count: ("const", N), ("len", "xs") for len/cap(xs), or
    ("expr", text); None when unknown."""
    n = unparen(node)
    if n is None:
        return None
    c = const_int(pkg, scope, n)
    if c is not None:
        return ("const", c)
    if n.type == "call_expression" and text(n.child_by_field_name("function")) in ("len", "cap"):
        args = _args(n)
        if len(args) == 1:
            return ("len", text(unparen(args[0])))
    if n.type == "identifier" and depth == 0:
        d = scope.decl_of(n)
        if d is not None and d.kind == "var" and d.names_count == d.values_count:
            aliased = size_of(pkg, scope, d.value, 1)  # `n := len(xs)`: the same count
            if aliased is not None and aliased[0] == "len":
                return aliased
    if n.type in ("identifier", "selector_expression"):
        return ("expr", text(n))
    return None


def size_terms(pkg: PackageModel, scope, node: Node | None):
    """A count as (constant part, Counter of symbolic parts) over `+`:
    `b.N + 1` is (1, {("expr", "b.N"): 1}); None when a part is unknown."""
    total, symbolic = 0, Counter()
    stack, seen = [node], 0
    while stack:
        n = unparen(stack.pop())
        seen += 1
        if n is None or seen > 16:
            return None
        if n.type == "binary_expression" and text(n.child_by_field_name("operator")) == "+" \
                and const_int(pkg, scope, n) is None:
            stack.extend((n.child_by_field_name("left"), n.child_by_field_name("right")))
            continue
        sized = size_of(pkg, scope, n)
        if sized is None:
            return None
        if sized[0] == "const":
            total += sized[1]
        else:
            symbolic[sized] += 1
    return total, symbolic


def loop_count(pkg: PackageModel, scope, loop: Node):
    """How many times a loop runs, symbolically (see :func:`size_of`): `range xs`
    is ("len", "xs"), `for i := 0; i < B; i++` is B's size, `range N` is N's."""
    for c in loop.named_children:
        if c.type == "range_clause":
            right = unparen(c.child_by_field_name("right"))
            if right is not None and right.type == "composite_literal":
                body = right.child_by_field_name("body")
                elems = [e for e in body.named_children if e.type != "comment"] if body is not None else []
                return ("const", len(elems))
            if right is not None and right.type == "identifier" and scope is not None:
                d = scope.decl_of(right)
                mk = unparen(d.value) if d is not None and d.kind == "var" and d.names_count == d.values_count \
                    and not _reassigned(scope, d) else None
                if mk is not None and mk.type == "call_expression" and text(mk.child_by_field_name("function")) == "make":
                    margs = _args(mk)
                    if len(margs) >= 2 and margs[0].type == "slice_type":
                        return size_of(pkg, scope, margs[1])  # `xs := make([]T, n)`: n iterations
            sized = size_of(pkg, scope, right)
            if sized is not None and sized[0] in ("const",):
                return sized  # Go 1.22 range over an int
            return ("len", text(right)) if right is not None else None
        if c.type == "for_clause":
            init = c.child_by_field_name("initializer")
            cond = c.child_by_field_name("condition")
            upd = c.child_by_field_name("update")
            if init is None or cond is None or upd is None or cond.type != "binary_expression":
                return None
            if text(cond.child_by_field_name("operator")) != "<" or not text(upd).endswith("++"):
                return None
            iv = init.child_by_field_name("right") if init.type == "short_var_declaration" else None
            if iv is None or not re.fullmatch(r"(\w+\()?0\)?", text(iv)):
                return None
            return size_of(pkg, scope, cond.child_by_field_name("right"))
    return None


def _reassigned(scope, d) -> bool:
    """The variable is assigned again after its declaration (`xs = append(xs, x)`):
    its declared value no longer tells its length."""
    return any(l.type == "identifier" and l != d.node and scope.decl_of(l) is d
               for a in scope.assignments for l in a.lhs)


def never_returns(fn: Node) -> bool:
    """The function ends in `select {}` or an exitless `for { ... }`: it never
    stops serving its channels."""
    body = fn.child_by_field_name("body")
    stmts = [c for c in descendants_list(body) if c.type != "comment"] if body is not None else []
    if not stmts:
        return False
    last = stmts[-1]
    if last.type == "labeled_statement" and last.named_children:
        last = last.named_children[-1]
    if last.type == "select_statement" and not any(c.type in _CASES for c in last.named_children):
        return True
    return infinite(last) and not exits(last)


def descendants_list(block: Node) -> list[Node]:
    """A block's statements (through tree-sitter's statement_list)."""
    out = []
    for c in block.named_children:
        out.extend(c.named_children if c.type == "statement_list" else [c])
    return out
