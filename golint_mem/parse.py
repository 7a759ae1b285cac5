"""One cached tree-sitter parser for Go, compiled queries, and syntax-error lookup."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import tree_sitter_go
from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

GO = Language(tree_sitter_go.language())


@functools.lru_cache(maxsize=1)
def parser() -> Parser:
    return Parser(GO)


@functools.lru_cache(maxsize=64)
def query(source: str) -> Query:
    return Query(GO, source)


def matches(q: Query, node: Node) -> list[tuple[int, dict[str, list[Node]]]]:
    return QueryCursor(q).matches(node)


def captures(q: Query, node: Node) -> dict[str, list[Node]]:
    return QueryCursor(q).captures(node)


def parse(source: bytes) -> Tree:
    return parser().parse(source)


@dataclass(frozen=True)
class SyntaxProblem:
    line: int  # 0-based, as tree-sitter reports
    column: int  # 0-based bytes
    message: str


def first_syntax_problem(tree: Tree) -> SyntaxProblem | None:
    """The first ERROR or MISSING node, found by descending only into
    subtrees that report an error (cheap: one path, not a whole-tree walk)."""
    node = tree.root_node
    if not node.has_error:
        return None
    while True:
        if node.is_missing:
            row, col = node.start_point
            return SyntaxProblem(row, col, f"syntax error: missing {node.type!r}")
        if node.is_error and not any(c.has_error for c in node.children):
            row, col = node.start_point
            text = node.text.decode("utf-8", "replace") if node.text else ""
            text = " ".join(text.split())
            if len(text) > 40:
                text = text[:37] + "..."
            what = f"unexpected {text!r}" if text else "unexpected end of input"
            return SyntaxProblem(row, col, f"syntax error: {what}")
        for child in node.children:
            if child.has_error or child.is_missing:
                node = child
                break
        else:
            row, col = node.start_point
            return SyntaxProblem(row, col, "syntax error")


def in_error(node: Node) -> bool:
    """True when ``node`` contains, or lies inside, an ERROR or MISSING node."""
    if node.has_error:
        return True
    parent = node.parent
    while parent is not None:
        if parent.is_error:
            return True
        parent = parent.parent
    return False


def unparen(node: Node | None) -> Node | None:
    """The expression inside any number of parentheses."""
    while node is not None and node.type == "parenthesized_expression" and node.named_children:
        node = node.named_children[0]
    return node


def outer_value(node: Node, address: bool = False) -> Node:
    """The outermost expression around ``node`` that denotes the same value:
    through parentheses and, with ``address``, through ``&`` (same object)."""
    while node.parent is not None:
        p = node.parent
        if p.type == "parenthesized_expression" or (
            address and p.type == "unary_expression"
            and text(p.child_by_field_name("operator")) == "&"
        ):
            node = p
        else:
            break
    return node


def text(node: Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")
