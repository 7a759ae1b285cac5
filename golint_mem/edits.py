"""Text edits a rule builds its fix from, gofmt-shaped: a new statement goes on its own
line with the indentation (tabs) of the statement it follows or precedes."""

from __future__ import annotations

from tree_sitter import Node

from golint_mem.rule import Edit


def _line_start(source: bytes, offset: int) -> int:
    return source.rfind(b"\n", 0, offset) + 1


def _line_end(source: bytes, offset: int) -> int:
    end = source.find(b"\n", offset)
    return len(source) if end < 0 else end


def indentation(source: bytes, node: Node) -> str:
    """The leading whitespace of the line ``node`` starts on."""
    start = _line_start(source, node.start_byte)
    line = source[start:node.start_byte]
    return line[: len(line) - len(line.lstrip(b" \t"))].decode("utf-8", "replace")


def alone_on_its_lines(source: bytes, node: Node) -> bool:
    """True when nothing but whitespace (or a line comment after it) shares its lines:
    only then can a statement go on the line before or after it."""
    before = source[_line_start(source, node.start_byte):node.start_byte]
    after = source[node.end_byte:_line_end(source, node.end_byte)].strip()
    return not before.strip() and (not after or after.startswith(b"//"))


def insert_after(source: bytes, stmt: Node, text: str) -> Edit:
    """``text`` as a new line right after the line ``stmt`` ends on, indented like it."""
    at = _line_end(source, stmt.end_byte)
    return Edit(at, at, "\n" + indentation(source, stmt) + text)


def insert_before(source: bytes, stmt: Node, text: str) -> Edit:
    """``text`` as a new line right before the line ``stmt`` starts on, indented like it."""
    at = _line_start(source, stmt.start_byte)
    return Edit(at, at, indentation(source, stmt) + text + "\n")


def replace(node: Node, text: str) -> Edit:
    return Edit(node.start_byte, node.end_byte, text)


#: nodes whose statements run one after the other
_SEQUENCES = ("statement_list", "block", "expression_case", "default_case", "communication_case",
              "type_case")


def value_statement(source: bytes, value: Node) -> Node | None:
    """The statement whose single value is ``value`` (`x := v`, `a, b = v`, `var a, b = v`)
    when it is a plain statement of a block or case (not an if/for/switch init), alone on
    its lines: only then can a new statement go right after it."""
    n = value
    while n.parent is not None and n.parent.type == "parenthesized_expression":
        n = n.parent
    p = n.parent
    gp = p.parent if p is not None else None
    if p is None or gp is None or p.type != "expression_list" or p.named_child_count != 1:
        return None
    if gp.type in ("short_var_declaration", "assignment_statement") and gp.child_by_field_name("right") == p:
        stmt = gp
    elif gp.type == "var_spec" and gp.parent is not None and gp.parent.type == "var_declaration" \
            and gp.parent.named_child_count == 1 and gp.parent.child(1) == gp:
        stmt = gp.parent  # `var a, b = v`, not a `var ( ... )` group
    else:
        return None
    if stmt.parent is None or stmt.parent.type not in _SEQUENCES or not alone_on_its_lines(source, stmt):
        return None
    return stmt
