"""One cached tree-sitter parser for Go, compiled queries, and syntax-error lookup."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import time
from array import array
from dataclasses import dataclass

import tree_sitter_go
from tree_sitter import Language, Node, Parser, Query, QueryCursor, Range, Tree

GO = Language(tree_sitter_go.language())


@functools.lru_cache(maxsize=1)
def parser() -> Parser:
    return Parser(GO)


@functools.lru_cache(maxsize=64)
def query(source: str) -> Query:
    return Query(GO, source)


#: In-progress matches a cursor may hold: a pathological tree makes tree-sitter keep
#: one per open node, and the time grows with their number.
MATCH_LIMIT = 1 << 16
#: Seconds one file's query may take before its remaining declarations are skipped.
#: (The progress_callback of py-tree-sitter 0.26 crashes, so the budget is checked
#: between top-level declarations.)
QUERY_SECONDS = 20.0


class QueryBudgetExceeded(Exception):
    """A file's query hit the match limit or its time budget; ``partial`` holds what it got."""

    def __init__(self, message: str, partial: list):
        super().__init__(message)
        self.partial = partial


def matches(q: Query, node: Node) -> list[tuple[int, dict[str, list[Node]]]]:
    return QueryCursor(q).matches(node)


def budgeted_matches(q: Query, node: Node, seconds: float | None = None,
                     parts: list[Node] | None = None,
                     spans: list[tuple[int, int]] | None = None) -> list:
    """All matches under ``node``, or only those in its top-level ``parts``, or only
    those that overlap one of the byte ``spans`` (each match once), one part or span at
    a time, within the match limit and ``seconds`` (default :data:`QUERY_SECONDS`);
    raises :class:`QueryBudgetExceeded` with the matches found so far."""
    budget = QUERY_SECONDS if seconds is None else seconds
    deadline = time.monotonic() + budget
    dedup = spans is not None
    if spans is None:
        if parts is None:
            parts = node.children if node.type == "source_file" else [node]
        spans = [(p.start_byte, p.end_byte) for p in parts]
    if not spans:
        return []
    cursor = QueryCursor(q, match_limit=MATCH_LIMIT)
    out: list = []
    seen: set = set()
    for i, (start, end) in enumerate(spans):
        if i and time.monotonic() > deadline:
            raise QueryBudgetExceeded(f"query took over {budget:g}s; the rest of the file "
                                      "was not analysed", out)
        cursor.set_byte_range(start, end)
        found = cursor.matches(node)
        if dedup and i:
            # a match that overlaps two spans is found from each
            for m in found:
                k = (m[0], tuple((name, n[0].start_byte, n[0].end_byte) for name, n in m[1].items()))
                if k not in seen:
                    seen.add(k)
                    out.append(m)
        else:
            if dedup:
                seen.update((m[0], tuple((name, n[0].start_byte, n[0].end_byte)
                                         for name, n in m[1].items())) for m in found)
            out.extend(found)
        if cursor.did_exceed_match_limit:
            raise QueryBudgetExceeded(f"query exceeded {MATCH_LIMIT} open matches; findings "
                                      "may be missing", out)
    return out


def captures(q: Query, node: Node) -> dict[str, list[Node]]:
    return QueryCursor(q).captures(node)


def parse(source: bytes) -> Tree:
    # tree-sitter-go wants a terminator after the last declaration and Go does not:
    # a valid file without a final newline (utls' notboring.go) was a syntax error.
    # Appending one moves no byte offset of the file's own text.
    if source and not source.endswith(b"\n"):
        source += b"\n"
    return parser().parse(source)


# -- partial parses ---------------------------------------------------------------
# Most of a package's bytes are function bodies that hold no candidate of any rule.
# Their insides are left out of the parse (tree-sitter's included ranges keep every
# byte offset); the braces stay, so the tree keeps every declaration, signature and
# package-level value, and only the statements inside those bodies are missing. The
# spans come from gofmt's layout (top-level declarations start in column 0, a
# function ends with a `}` in column 0), and a layout the search misreads falls back
# to a whole parse: see parse_partial.

# (after a newline rather than `^` in multi-line mode: a literal first byte lets the
# regular expression engine skip ahead, five times faster)
_TOP_DECL = re.compile(rb"\n(?:func|type|var|const|import)\b")
# the `{` that ends a line: a body's opening brace in gofmt's layout
_LINE_OPEN = re.compile(rb"\{[ \t]*(?://[^\n]*)?\n")
_FUNC_TYPES = ("function_declaration", "method_declaration")
#: Bodies shorter than this are parsed: a range costs more than it saves.
MIN_OMITTED = 64


def _bodies(source: bytes, keep: list[int]) -> list[tuple[int, int, int]]:
    """``(declaration start, opening bracket, closing bracket)`` of each top-level
    function body, top-level `var x = T{...}` literal's elements and `const ( ... )`
    block (see _const_block) that holds none of the ``keep`` offsets and can safely
    be left out: no raw string or block comment spans its lines (they could look like
    code in column 0), its `{` ends a line (for a function, outside the parameter
    list) and its `}` starts one."""
    starts = [m.start() + 1 for m in _TOP_DECL.finditer(source)]
    starts.append(len(source))
    out = []
    bad = None
    for s, e in zip(starts, starts[1:]):
        func = source.startswith(b"func", s)
        if source.startswith(b"const (\n", s):
            block = _const_block(source, s, e, keep)
            if block is not None:
                out.append(block)
            continue
        if not func and not (source.startswith(b"var ", s) and source[s + 4:s + 5] != b"("):
            continue
        close = source.rfind(b"\n}", s, e)
        if close < 0:
            continue
        close += 1
        k = bisect.bisect_left(keep, s)
        if k < len(keep) and keep[k] < close + 1:
            continue
        open_ = -1
        if func:
            depth, at = 0, s
            for m in _LINE_OPEN.finditer(source, s, close):
                seg = source[at:m.start()]
                depth += seg.count(b"(") - seg.count(b")")
                at = m.start()
                if depth == 0:
                    open_ = m.start()
                    break
        else:  # `var x = T{` with the literal's `{` ending the first line
            m = _LINE_OPEN.search(source, s, close)
            first = source[s:m.start()] if m is not None else b""
            if m is not None and b"\n" not in first and b"=" in first \
                    and not any(w in first for w in (b"struct", b"interface", b"func")):
                open_ = m.start()
        if open_ < 0 or close - open_ < MIN_OMITTED:
            continue
        if bad is None:
            bad = _multiline_literal_lines(source)
        j = bisect.bisect_right(bad, open_)
        if j < len(bad) and bad[j] < close:
            continue
        out.append((s, open_, close))
    return out


def _const_block(source: bytes, s: int, e: int, keep: list[int]) -> tuple[int, int, int] | None:
    """A `const (` block the package model can read from its bytes (constblock) and
    no trigger points into: its `(`, and its `)` at the start of a line."""
    from golint_mem import constblock

    open_ = s + len(b"const ")
    close = source.find(b"\n)", open_, e)
    if close < 0 or close - open_ < MIN_OMITTED:
        return None
    close += 1
    k = bisect.bisect_left(keep, s)
    if k < len(keep) and keep[k] < close + 1:
        return None
    if not constblock.simple(source, open_ + 2, close):
        return None
    return (s, open_, close)


def _left_out_node(top: Node | None) -> Node | None:
    """The node whose inside a span leaves out: a function's body, the elements
    (`literal_value`) of a `var x = T{...}` or `var x = &T{...}` literal, or a
    `const` block left with only its parentheses."""
    if top is None:
        return None
    if top.type in _FUNC_TYPES:
        return top.child_by_field_name("body")
    if top.type == "const_declaration":
        # `const` `(` `)`: the block itself stands for its inside
        kids = top.children
        return top if len(kids) == 3 and kids[1].type == "(" and kids[2].type == ")" else None
    if top.type != "var_declaration" or top.named_child_count != 1:
        return None
    spec = top.named_children[0]
    values = spec.child_by_field_name("value") if spec.type == "var_spec" else None
    if values is None or values.named_child_count != 1:
        return None
    v = values.named_children[0]
    if v.type == "unary_expression" and v.named_child_count == 1:
        v = v.named_children[0]
    return v.child_by_field_name("body") if v.type == "composite_literal" else None


def _multiline_literal_lines(source: bytes) -> list[int]:
    """The starts of the lines where a raw string or a block comment opens or closes
    without the other end on the same line: no span may contain one, since the
    lines of such a literal could look like code in column 0 (`}`, `func`)."""
    out = set()
    for tok in (b"`", b"/*", b"*/"):
        i = source.find(tok)
        while i >= 0:
            start = source.rfind(b"\n", 0, i) + 1
            end = source.find(b"\n", i)
            if end < 0:
                end = len(source)
            line = source[start:end]
            if line.count(b"`") % 2 or line.count(b"/*") != line.count(b"*/"):
                out.add(start)
            i = source.find(tok, end)
    return sorted(out)


def parse_partial(source: bytes, keep: list[int]) -> tuple[Tree, tuple[tuple[int, int], ...]]:
    """``source`` parsed without the insides of the function bodies (and top-level
    `var` literals and `const` blocks) that hold none of the sorted ``keep`` offsets; returns the tree
    and the omitted ``[start, end)`` spans. A span whose inside is not exactly what
    tree-sitter then finds there (a `func` line inside a raw string, a layout gofmt
    would not write) is dropped and the file parsed again; a partial tree with a
    syntax error gives way to a whole parse."""
    if source and not source.endswith(b"\n"):
        source += b"\n"
    bodies = _bodies(source, keep)
    for _ in range(2):
        if not bodies:
            break
        tree = _parse_without(source, [(o + 1, c) for _, o, c in bodies])
        if tree.root_node.has_error:
            break
        tops = {n.start_byte: n for n in tree.root_node.children}
        good = []
        for s, o, c in bodies:
            node = _left_out_node(tops.get(s))
            if node is not None and node.type == "const_declaration":
                if node.children[1].start_byte == o and node.end_byte == c + 1:
                    good.append((s, o, c))
            elif node is not None and node.start_byte == o and node.end_byte == c + 1:
                good.append((s, o, c))
        if len(good) == len(bodies):
            return tree, tuple((o + 1, c) for _, o, c in bodies)
        bodies = good
    return parse(source), ()


def _parse_without(source: bytes, spans: list[tuple[int, int]]) -> Tree:
    ranges, at = [], 0
    for start, end in spans:
        ranges.append((at, start))
        at = end
    ranges.append((at, len(source)))
    points, row, last = {}, 0, 0
    for b in sorted({b for r in ranges for b in r}):
        row += source.count(b"\n", last, b)
        points[b] = (row, b - (source.rfind(b"\n", 0, b) + 1))
        last = b
    p = _partial_parser()
    p.included_ranges = [Range(points[a], points[b], a, b) for a, b in ranges]
    return p.parse(source)


@functools.lru_cache(maxsize=1)
def _partial_parser() -> Parser:
    return Parser(GO)


#: Bracket depth above which a file is not parsed: tree-sitter's error recovery
#: recurses and overflows the C stack near 90,000 levels, and every walk costs more
#: with depth; real Go code stays far below 100.
MAX_NESTING = 5000

_NOT_CODE = re.compile(
    rb'"(?:[^"\\\n]|\\.)*"|`[^`]*`|\'(?:[^\'\\\n]|\\.)*\'|//[^\n]*|/\*.*?(?:\*/|\Z)', re.S)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"()[]{}")
_NOT_OPENING = bytes(b for b in range(256) if b not in b"([{")
_STEP = bytes.maketrans(b"([{)]}", b"\x01\x01\x01\xff\xff\xff")


def nesting_depth(source: bytes) -> int:
    """The deepest bracket nesting outside strings and comments, in C-speed passes."""
    if len(source) <= MAX_NESTING or len(source.translate(None, _NOT_OPENING)) <= MAX_NESTING:
        return 0  # cannot exceed the limit; the exact figure is not needed
    steps = _NOT_CODE.sub(b"", source).translate(None, _NOT_BRACKET).translate(_STEP)
    return max(itertools.accumulate(array("b", steps)), default=0)


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
            # quote only the offending token: the file may be a symlinked secret
            leaf = node
            while leaf.child_count:
                leaf = leaf.children[0]
            text = leaf.text.decode("utf-8", "replace") if leaf.text else ""
            text = text.split()[0] if text.split() else ""
            if len(text) > 16:
                text = text[:12] + "..."
            what = f"unexpected {text!r}" if text else "unexpected end of input"
            return SyntaxProblem(row, col, f"syntax error: {what}")
        for child in node.children:
            if child.has_error or child.is_missing:
                node = child
                break
        else:
            row, col = node.start_point
            return SyntaxProblem(row, col, "syntax error")


# -- parents ---------------------------------------------------------------------
# tree-sitter finds ``node.parent`` by descending from the root, so each call costs
# O(depth) and a walk to the root O(depth^2): cubic over a deeply nested file. The
# engine names the tree it is checking; one descent to a node then records every
# parent link on the way, and later steps up that path cost O(1).

# Values keep their key node too: a node keeps its tree alive, so an id cannot be
# reused by another tree while it is a key here.
_root: Node | None = None
_parents: dict[int, tuple[Node, Node | None]] = {}
_outermost: dict[tuple, tuple[Node, Node | None]] = {}


def use_tree(root: Node | None) -> None:
    """Make ``root``'s tree the one :func:`parent` caches (None: forget it)."""
    global _root
    _root = root
    _parents.clear()
    _outermost.clear()


def parent(node: Node) -> Node | None:
    """``node.parent``, in O(1) amortised along paths of the tree named by :func:`use_tree`."""
    try:
        return _parents[node.id][1]
    except KeyError:
        pass
    p = node.parent  # one O(depth) step in C; the path above it is filled below
    _parents[node.id] = (node, p)
    if p is not None and p.id not in _parents:
        _climb(p)
    return p


#: Unknown ancestors :func:`_climb` steps through before descending from the root.
CLIMB = 16


def _climb(node: Node) -> None:
    """Record the parent links above ``node``: usually a few steps up reach a node
    whose links are known (a statement next to one asked about before), each step
    one C call; past :data:`CLIMB` steps one descent from the root (:func:`_fill`)
    keeps a deep path linear."""
    walked = []
    n = node
    for _ in range(CLIMB):
        p = n.parent
        walked.append((n, p))
        if p is None or p.id in _parents:
            for down, up in walked:
                _parents[down.id] = (down, up)
            return
        n = p
    _fill(node)


def _fill(node: Node) -> None:
    """Record every parent link from the root down to ``node`` in one descent."""
    root = _root
    if root is None or not (root.start_byte <= node.start_byte and node.end_byte <= root.end_byte):
        return
    if node.id == root.id:
        _parents[root.id] = (root, None)
        return
    path = [root]
    cur = root
    while True:
        nxt = cur.child_with_descendant(node)
        if nxt is None or nxt.id == cur.id:
            return  # a node of another tree
        if nxt.id == node.id:
            break
        path.append(nxt)
        cur = nxt
    _parents[root.id] = (root, None)
    if len(path) > DEEP_PATH:
        # nodes asked for one after another, outer first, would each need their own
        # descent: map the whole top-level declaration once instead
        _map_subtree(path[1], root)
        return
    for up, down in zip(path, path[1:]):
        _parents[down.id] = (down, up)
    _parents[node.id] = (node, cur)


#: Descent length above which a declaration's parent links are all recorded at once.
DEEP_PATH = 256


def _map_subtree(top: Node, up: Node) -> None:
    _parents[top.id] = (top, up)
    cursor = top.walk()
    stack = [top]
    if not cursor.goto_first_child():
        return
    while True:
        node = cursor.node
        _parents[node.id] = (node, stack[-1])
        if cursor.goto_first_child():
            stack.append(node)
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return
            stack.pop()
            if not stack:
                return


def ancestors(node: Node):
    """``node``'s parent, its parent, ... up to the root."""
    p = parent(node)
    while p is not None:
        yield p
        p = parent(p)


def outermost(node: Node, types: tuple | frozenset) -> Node | None:
    """The outermost of ``node`` and its ancestors whose type is in ``types``, memoised
    along the path so that asking for every node of a deep tree stays linear."""
    walked = []
    n: Node | None = node
    above = None
    while n is not None:
        hit = _outermost.get((n.id, types))
        if hit is not None:
            above = hit[1]
            break
        walked.append(n)
        n = parent(n)
    for n in reversed(walked):
        if above is None and n.type in types:
            above = n
        _outermost[(n.id, types)] = (n, above)
    return above


def in_error(node: Node) -> bool:
    """True when ``node`` contains, or lies inside, an ERROR or MISSING node."""
    if node.has_error:
        return True
    return any(p.is_error for p in ancestors(node))


def unparen(node: Node | None) -> Node | None:
    """The expression inside any number of parentheses."""
    while node is not None and node.type == "parenthesized_expression" and node.named_children:
        node = node.named_children[0]
    return node


def outer_value(node: Node, address: bool = False) -> Node:
    """The outermost expression around ``node`` that denotes the same value:
    through parentheses and, with ``address``, through ``&`` (same object)."""
    while (p := parent(node)) is not None:
        if p.type == "parenthesized_expression" or (
            address and p.type == "unary_expression"
            and text(p.child_by_field_name("operator")) == "&"
        ):
            node = p
        else:
            break
    return node


def text(node: Node | None) -> str:
    if node is None:
        return ""
    raw = node.text  # a copy of the source bytes on each access: read it once
    return "" if raw is None else raw.decode("utf-8", "replace")
