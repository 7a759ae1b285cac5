"""Which mutexes a package holds across a blocking operation.

A `Lock` waits as long as the slowest critical section of that mutex: one
that only guards memory (`mu.Lock(); n++; mu.Unlock()`) is released in
nanoseconds, one held across a network write or a channel send is not.
RULES.md MEM003 counts `.Lock()`/`.RLock()` as blocking only for the second
kind. A mutex is named by a *lock key*: the same variable (a package variable,
or a local or parameter of one function), or the same field of the same
struct type (`c.mu` for every `*Client` c; an embedded `sync.Mutex` is its
field `Mutex`). A *critical section* runs from a `Lock`/`RLock` to the first
matching `Unlock`/`RUnlock` after it in the same function, or to the end of
the function when the unlock is deferred (or missing).
"""

from __future__ import annotations

from typing import NamedTuple

from tree_sitter import Node

from golint_mem.dataflow import resolve_func_value
from golint_mem.model.infer import types_for
from golint_mem.model.scope import FUNC_NODES, function_scope, in_defer, top_function
from golint_mem.parse import query, text, unparen

_CALL_Q = """
(call_expression
  function: (selector_expression operand: (_) @operand field: (field_identifier) @m)
  arguments: (argument_list) @args
  (#any-of? @m "Lock" "RLock" "Unlock" "RUnlock")) @call
"""
_UNLOCK = {"Lock": "Unlock", "RLock": "RUnlock"}
_MUTEXES = ("Mutex", "RWMutex")
_ROUNDS = 5  # fixpoint rounds: a lock held while taking a slow lock is slow too


class Section(NamedTuple):
    file: object
    fn: Node  # the function (declaration or literal) holding the lock
    lock: Node  # the Lock/RLock call
    key: tuple
    span: tuple[int, int]  # byte range in which the lock is held


class Held(NamedTuple):
    """Evidence that a mutex is slow: a critical section and the blocking
    operation it reaches (through ``hops``)."""

    section: Section
    hops: list
    op: object  # golint_mem.model.blocking.Op

    @property
    def op_file(self):
        return self.hops[-1].callee.file if self.hops else self.section.file

    def describe(self) -> str:
        """What the section waits for and where, e.g. ``conn.Write() in flush``."""
        n = top_function(self.section.fn)
        name = text(n.child_by_field_name("name")) if n.type != "func_literal" else ""
        return f"{self.op.what} in {name}" if name else self.op.what

    def related(self) -> tuple:
        lock = self.section.lock
        return (
            (self.section.file, lock, f"{text(lock)} held from here"),
            (self.op_file, self.op.node, f"{self.op.what} while it is held"),
        )


def lock_key(pkg, types, operand: Node | None) -> tuple | None:
    """What mutex ``operand.Lock()`` locks, when the source names it: the
    variable, or the struct type and field; None when unknown."""
    operand = unparen(operand)
    if operand is None:
        return None
    t = types.type_of(operand)
    base = t.named_or_pointee() if t is not None else None
    if base is not None and base.kind == "named" and base.pkg == "":
        info = pkg.types.get(base.name)
        if info is not None and info.is_struct:  # a struct with an embedded mutex
            for f in info.embedded:
                ft = info.fields.get(f)
                if ft is not None and ft.named_or_pointee().is_named("sync", *_MUTEXES):
                    return ("field", "", base.name, f)
            return None
    if operand.type == "identifier":
        d = types.scope.decl_of(operand)
        if d is None or d.kind in ("import", "func", "const", "pkgconst"):
            return None
        if d.is_local:
            return ("local", d.file.path if d.file is not None else "", d.node.start_byte)
        return ("var", d.name)
    if operand.type == "selector_expression":
        inner = operand.child_by_field_name("operand")
        fname = text(operand.child_by_field_name("field"))
        if inner is not None and inner.type == "identifier":
            d = types.scope.decl_of(inner)
            if d is not None and d.kind == "import":
                return ("var", f"{d.import_path}.{fname}")
        it = types.type_of(inner)
        ib = it.named_or_pointee() if it is not None else None
        if ib is not None and ib.kind == "named":
            return ("field", ib.pkg, ib.name, fname)
    return None


def _enclosing(node: Node) -> Node | None:
    n = node.parent
    while n is not None and n.type not in FUNC_NODES:
        n = n.parent
    return n




def sections(pkg) -> list[Section]:
    """Every critical section of the package whose mutex has a lock key (cached)."""
    cached = pkg.cache.get("locks.sections")
    if cached is not None:
        return cached
    out: list[Section] = []
    by_file: dict = {}
    # "Lock" is in every method name the query asks for (RLock, Unlock, RUnlock)
    for file, _, caps in pkg.scan(query(_CALL_Q), (b"Lock",)):
        by_file.setdefault(file, []).extend(caps["call"])
    for file, found_calls in by_file.items():
        calls: dict = {}  # fn -> [(call, operand, method)]
        found_calls.sort(key=lambda c: (c.start_byte, -c.end_byte))  # source order
        for call in found_calls:
            fn = _enclosing(call)
            if fn is None or fn.child_by_field_name("body") is None:
                continue
            args = call.child_by_field_name("arguments")
            if any(a.type != "comment" for a in args.named_children):
                continue
            sel = call.child_by_field_name("function")
            calls.setdefault(fn, []).append((call, sel.child_by_field_name("operand"),
                                              text(sel.child_by_field_name("field"))))
        for fn, found in calls.items():
            types = None
            for call, operand, m in found:
                if m not in _UNLOCK:
                    continue
                if types is None:
                    types = types_for(function_scope(pkg, file, fn))
                if resolve_func_value(pkg, types.scope, types, call.child_by_field_name("function")):
                    continue  # a same-package Lock method, not a mutex
                k = lock_key(pkg, types, operand)
                if k is None:
                    continue
                out.append(Section(file, fn, call, k, (call.end_byte, _end(fn, call, operand, m, found))))
    pkg.cache["locks.sections"] = out
    return out


def _end(fn: Node, lock: Node, operand: Node, method: str, calls) -> int:
    """Where the lock taken by ``lock`` is released in ``fn``."""
    want, name = _UNLOCK[method], text(operand)
    first = None
    for call, op, m in calls:
        if m != want or text(op) != name or call.start_byte < lock.end_byte:
            continue
        if in_defer(call, fn):
            return fn.child_by_field_name("body").end_byte
        if first is None or call.start_byte < first:
            first = call.start_byte
    return first if first is not None else fn.child_by_field_name("body").end_byte


def slow_locks(pkg) -> dict:
    """Lock key -> :class:`Held` for every mutex the package holds across a
    blocking operation (cached). A lock held while taking a slow lock is slow
    too, so the answer is iterated to a fixpoint."""
    cached = pkg.cache.get("locks.slow")
    if cached is not None:
        return cached
    from golint_mem.model.blocking import Blocking

    slow: dict = {}
    secs = sections(pkg)
    for _ in range(_ROUNDS):
        b = Blocking(pkg, slow, sections=True)
        new: dict = {}
        for sec in secs:
            if sec.key in new:
                continue
            found = b.in_code(sec.file, sec.fn, span=sec.span)
            if found is not None:
                new[sec.key] = Held(sec, found[0], found[1])
        if new.keys() == slow.keys():
            slow = new
            break
        slow = new
    pkg.cache["locks.slow"] = slow
    return slow
