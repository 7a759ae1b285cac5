"""The value of a constant `time.Duration` expression written in the source.

MEM007 and MEM008 leave alone a timer that is gone within a second: its cost
is bounded by one second of whatever creates it. Only what the source spells
out is evaluated: number literals, the unit constants of package time
(`time.Millisecond`, renamed imports included), `*`, `/`, `+`, `-`,
parentheses and conversions `time.Duration(n)`. A named constant of the
package is not looked up (unknown means "not short").
"""

from __future__ import annotations

from tree_sitter import Node

from golint_mem.parse import text, unparen

SECOND = 1_000_000_000
_UNITS = {"Nanosecond": 1, "Microsecond": 1_000, "Millisecond": 1_000_000, "Second": SECOND,
          "Minute": 60 * SECOND, "Hour": 3600 * SECOND}
_OPS = {"*": lambda a, b: a * b, "/": lambda a, b: a / b if b else None,
        "+": lambda a, b: a + b, "-": lambda a, b: a - b}


def constant_ns(expr: Node | None, imports: dict[str, str]) -> float | None:
    """Nanoseconds of ``expr`` when the source alone fixes them, else None.
    Iterative over an explicit stack: the depth of an expression is not bounded."""
    root = unparen(expr)
    if root is None:
        return None
    values: dict[int, float | None] = {}
    stack = [(root, False)]
    while stack:
        node, ready = stack.pop()
        node = unparen(node)
        kids = _operands(node, imports)
        if kids is None:
            values[node.id] = _leaf(node, imports)
            continue
        if not ready:
            stack.append((node, True))
            stack.extend((k, False) for k in kids)
            continue
        vals = [values.get(unparen(k).id) for k in kids]
        if any(v is None for v in vals):
            values[node.id] = None
        elif len(vals) == 1:
            values[node.id] = vals[0]
        else:
            values[node.id] = _OPS[text(node.child_by_field_name("operator"))](*vals)
    return values.get(root.id)


def _operands(node: Node, imports) -> list[Node] | None:
    """The sub-expressions a composite constant is made of (None for a leaf)."""
    if node.type == "binary_expression" and text(node.child_by_field_name("operator")) in _OPS:
        return [node.child_by_field_name("left"), node.child_by_field_name("right")]
    if node.type in ("call_expression", "type_conversion_expression"):
        fn = node.child_by_field_name("function") or node.child_by_field_name("type")
        args = node.child_by_field_name("arguments")
        if fn is not None and _time_member(fn, imports) == "Duration":
            operand = node.child_by_field_name("operand")
            if operand is not None:
                return [operand]
            if args is not None and args.named_child_count == 1:
                return [args.named_children[0]]
    return None


def _leaf(node: Node, imports) -> float | None:
    if node.type in ("int_literal", "float_literal"):
        try:
            return float(text(node).replace("_", ""))
        except ValueError:
            return None
    unit = _time_member(node, imports)
    return _UNITS.get(unit) if unit else None


def _time_member(node: Node, imports) -> str | None:
    """``Second`` for `time.Second` (the operand resolved through the imports)."""
    node = unparen(node)
    if node is None or node.type not in ("selector_expression", "qualified_type"):
        return None
    operand = node.child_by_field_name("operand") or node.child_by_field_name("package")
    field = node.child_by_field_name("field") or node.child_by_field_name("name")
    if operand is None or field is None or imports.get(text(operand)) != "time":
        return None
    return text(field)


def at_most_a_second(expr: Node | None, imports: dict[str, str]) -> bool:
    ns = constant_ns(expr, imports)
    return ns is not None and 0 <= ns <= SECOND


def short_timer(call: Node, imports: dict[str, str]) -> bool:
    """`time.After(d)`, `time.NewTimer(d)`... whose one argument is a constant of
    at most a second: the timer is gone within the second."""
    args = call.child_by_field_name("arguments")
    return args is not None and args.named_child_count == 1 \
        and at_most_a_second(args.named_children[0], imports)
