"""Whether a local's value is released or handed on before its function is done with it.

MEM006 (a context's cancel func) and MEM007 (a ticker or timer) ask one
question of one variable: does the function call it (or its ``Stop``), return
it, pass it to a call, or store it somewhere that outlives the statement? Any
of these means the function took care of the value or gave the job to someone
else; none of them means nothing ever can. ``_ = v`` is none of them: it only
silences the compiler.

Uses are read anywhere in the top-level function, nested literals included
(a ``cancel()`` in a goroutine or a cleanup closure counts), and are not
flow-sensitive: one release on one path is enough (precision first).
"""

from __future__ import annotations

from typing import NamedTuple

from tree_sitter import Node

from golint_mem.model.scope import Decl
from golint_mem.parse import outer_value, text, unparen

_ASSIGNS = ("short_var_declaration", "assignment_statement")


class Handoff(NamedTuple):
    kind: str  # "called" | "method" | "returned" | "passed" | "stored"
    node: Node  # the use


def handoffs(flow, d: Decl, method: str | None = None) -> list[Handoff]:
    """Every use of ``d`` that releases its value (a call of it, or of its
    ``method`` such as ``Stop``, also as a method value ``t.Stop``) or hands it
    on (returned, an argument, stored in a field, element, variable, literal or
    channel). A named result is handed to the caller by the return itself."""
    out = []
    if d.kind == "result":
        out.append(Handoff("returned", d.node))
    for use in flow.uses(d):
        kind = use_kind(use, method)
        if kind is not None:
            out.append(Handoff(kind, use))
    return out


def use_kind(use: Node, method: str | None = None) -> str | None:
    """What one occurrence of a variable does with its value, in the words of
    :class:`Handoff`; None for a read that keeps nothing (``t.C``, ``x != nil``,
    ``_ = x``) or a write to the variable."""
    n = outer_value(use, address=True)
    p = n.parent
    if p is None:
        return None
    t = p.type
    if t == "call_expression" and p.child_by_field_name("function") == n:
        return "called"
    if t == "selector_expression" and p.child_by_field_name("operand") == n:
        return "method" if method is not None and text(p.child_by_field_name("field")) == method else None
    if t == "argument_list":
        return "passed"
    if t in ("literal_element", "send_statement") and n != p.child_by_field_name("channel"):
        return "stored"
    if t != "expression_list":
        return None
    gp = p.parent
    if gp is None:
        return None
    if gp.type == "return_statement":
        return "returned"
    target = _target_of(n)
    if target is None:
        return None
    target = unparen(target)
    return None if target.type == "identifier" and text(target) == "_" else "stored"


def assigned_to(value: Node) -> Node | None:
    """The left-hand side that receives ``value`` in ``x := value``, ``x = value``
    or ``var x = value`` (one value per name); None when ``value`` goes anywhere
    else (an argument, a return, a literal, a selector...)."""
    return _target_of(outer_value(value))


def _target_of(n: Node) -> Node | None:
    """The left-hand side that receives the value node ``n`` of an assignment or
    `var` spec, one value per name; None otherwise."""
    p = n.parent
    gp = p.parent if p is not None else None
    if p is None or gp is None or p.type != "expression_list":
        return None
    if gp.type in _ASSIGNS and gp.child_by_field_name("right") == p:
        targets = gp.child_by_field_name("left").named_children
    elif gp.type == "var_spec" and gp.child_by_field_name("value") == p:
        targets = gp.children_by_field_name("name")
    else:
        return None
    values = p.named_children
    if len(targets) != len(values) or n not in values:
        return None
    return targets[values.index(n)]


def result_targets(call: Node) -> list[Node] | None:
    """The left-hand sides receiving a multi-value call's results
    (``a, b := f()``, ``a, b = f()``, ``var a, b = f()``); None when the call is
    not the single value of such a statement."""
    n = outer_value(call)
    p = n.parent
    gp = p.parent if p is not None else None
    if p is None or gp is None or p.type != "expression_list" or p.named_child_count != 1:
        return None
    if gp.type in _ASSIGNS and gp.child_by_field_name("right") == p:
        return list(gp.child_by_field_name("left").named_children)
    if gp.type == "var_spec" and gp.child_by_field_name("value") == p:
        return list(gp.children_by_field_name("name"))
    return None
