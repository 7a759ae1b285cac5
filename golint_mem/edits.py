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
