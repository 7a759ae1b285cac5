"""Which top-level declarations of a file can hold a rule's candidate, from the bytes alone.

A match of a rule's query contains tokens that no other node has: the ``go``
keyword of a go statement, a field named ``Put``, ``SetFinalizer``, ``uintptr``...
Searching the source for them costs a few percent of a tree-sitter query walk
(which visits every node whatever the patterns), so the engine queries only the
top-level declarations that contain one of them; most files contain none and are
not queried at all. Every file is still parsed: syntax errors are reported for
every file, and the package model reads every file's declarations.

Each pattern below must match inside every match of its rule's query (in a tree
without syntax errors; a file with one is queried whole): then the candidates, and
so the results, are exactly those of querying everything. A rule missing from the
table is queried everywhere. tests/test_triggers.py holds each rule's candidates
to this on the corpus (and, marked slow, on the standard library): a rule whose
query changes must change its patterns here too.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from tree_sitter import Node

# A go statement starts a statement: at a line start (after indentation), after
# `{`, `;`, a label's or case's `:`, or a comment's `*/` (see _starts_statement);
# `//go:` directives are not it.
_GO = rb"go(?![\w:])"
# `x[i] = v`, `x[i] += v`, `x[i], y = ...` (the list may continue on the next line
# after a comma; any line ending in a comma or a blank is followed) up to the first
# `=`; one of `==`, `!=`, `<=`, `>=`, `:=` is not an assignment (see _assigns: a
# lookbehind here would make the search several times slower, as would backtracking).
_INDEX_ASSIGN = rb"\][^\n;=]*+(?:(?<=[, \t\r])\n[^\n;=]*+)*="
# the same, for MEM004, whose query also asks what the right side is (see _stores_value)
_INDEX_ASSIGN_VALUE = _INDEX_ASSIGN + rb"(?#value)"
_INDEX_INC = rb"\][^\n;=+\-]*(?:\+\+|--)"

#: rule id -> regular expressions (bytes), each starting with a literal so that a
#: search skips ahead at C speed.
PATTERNS: dict[str, tuple[bytes, ...]] = {
    "MEM001": (_GO,),
    "MEM002": (rb"Put",),
    "MEM003": (rb"SetFinalizer", rb"AddCleanup"),
    "MEM004": (_INDEX_ASSIGN_VALUE, rb"Store"),
    # uintptr(unsafe.Pointer(p)) and (*uintptr)(p): `uintptr` before `(` or `)`
    "MEM005": (rb"uintptr[ \t\r]*[()/]",),
    "MEM006": (rb"With(?:Cancel|Timeout|Deadline)",),
    "MEM007": (rb"NewTimer", rb"Tick"),  # Tick covers NewTicker
    "MEM008": (rb"After",),
    "MEM009": (rb"Put",),
    "MEM010": (rb"SetFinalizer", rb"AddCleanup"),
    "MEM011": (_GO,),
    "MEM012": (rb"Put",),
    "MEM013": (_INDEX_ASSIGN, _INDEX_INC, rb"Store", rb"Swap"),  # Store covers LoadOrStore
    "MEM014": (_GO,),
}

#: Rules whose candidates all write to a variable declared at the top level of the
#: package, named as the operand (MEM013: `m[k] = v`, `m[k]++`, `m.Store(k, v)`): the
#: engine loads a package with the other rules' triggers, then adds these, each the
#: name of one of the package's variables followed by the pattern here.
PACKAGE_VAR_PATTERNS: dict[str, bytes] = {
    "MEM013": rb"[ \t]*(?:\[|\.\s*(?:Store|LoadOrStore|Swap)\b)",
}

_compiled: dict[tuple[str, ...], tuple[re.Pattern, ...] | None] = {}


def _patterns(rule_ids: Iterable[str]) -> tuple[re.Pattern, ...] | None:
    """The compiled patterns of the rules, or None when one of them has none (query all)."""
    key = tuple(sorted(set(rule_ids)))
    if key not in _compiled:
        pats: set[bytes] = set()
        for rid in key:
            if rid not in PATTERNS:
                _compiled[key] = None
                return None
            pats.update(PATTERNS[rid])
        _compiled[key] = tuple(re.compile(p) for p in sorted(pats))
    return _compiled[key]


def hits(source: bytes, rule_ids: Iterable[str]) -> list[int] | None:
    """Sorted offsets of trigger tokens in ``source``, or None when the rules must
    see every declaration."""
    pats = _patterns(rule_ids)
    if pats is None:
        return None
    out: list[int] = []
    for rx in pats:
        if rx.pattern == _GO:
            out.extend(m.end() - 1 for m in rx.finditer(source) if _starts_statement(source, m.start()))
        elif rx.pattern == _INDEX_ASSIGN:
            out.extend(m.end() - 1 for m in rx.finditer(source) if _assigns(source, m.end() - 1))
        elif rx.pattern == _INDEX_ASSIGN_VALUE:
            out.extend(m.end() - 1 for m in rx.finditer(source)
                       if _assigns(source, m.end() - 1) and _stores_value(source, m.end() - 1))
        else:
            out.extend(m.end() - 1 for m in rx.finditer(source))
    out.sort()
    return out


def _assigns(source: bytes, eq: int) -> bool:
    """The ``=`` at ``eq`` ends an assignment operator (``=``, ``+=``, ``<<=``...)."""
    if source[eq + 1:eq + 2] == b"=":
        return False
    before = source[eq - 1:eq]
    if before in (b"<", b">"):
        return source[eq - 2:eq - 1] == before
    return before not in (b"!", b":")


_PAREN_ELEMENT = re.compile(rb"(?:^|,)[ \t\r]*\(")


def _stores_value(source: bytes, eq: int) -> bool:
    """The right side of the assignment at ``eq`` can hold what MEM004 asks for: a
    function literal or a call with one as its argument (``func``), a selector
    (``.``) or a parenthesised expression (an element starting with ``(``). Only
    the rest of the line is read; a right side that goes on past it (the line ends
    after the operator, after a comma or in a comment) counts."""
    end = source.find(b"\n", eq)
    rest = source[eq + 1:end if end >= 0 else len(source)]
    if b"." in rest or b"func" in rest or b"/*" in rest or _PAREN_ELEMENT.search(rest):
        return True
    rest = rest.rstrip()
    return not rest or rest.endswith(b",")


def _starts_statement(source: bytes, at: int) -> bool:
    i = at - 1
    while i >= 0 and source[i] in b" \t\r":
        i -= 1
    return i < 0 or source[i] in b"\n{;:/"


def parts_to_query(root: Node, source: bytes, rule_ids: Iterable[str],
                   offsets=...) -> list[Node] | None:
    """The top-level nodes of ``root`` that can hold a candidate of one of the rules
    (``offsets``: their :func:`hits` in ``source``, when already known), or None for
    all of them (a rule without patterns, or a tree with a syntax error,
    whose error recovery may build nodes the patterns do not foresee)."""
    if root.has_error:
        return None
    if offsets is ...:
        offsets = hits(source, rule_ids)
    if offsets is None:
        return None
    if not offsets:
        return []
    out = []
    for part in root.children:
        if part.type == "comment":  # a trigger word in prose
            continue
        i = bisect.bisect_left(offsets, part.start_byte)
        if i < len(offsets) and offsets[i] < part.end_byte:
            out.append(part)
    return out


def package_var_names(files) -> list[bytes]:
    """The names of the variables the files declare at their top level."""
    names: set[bytes] = set()
    for fm in files:
        for decl in fm.tree.root_node.children:
            if decl.type != "var_declaration":
                continue
            specs = [c for c in decl.named_children if c.type == "var_spec"]
            for group in decl.named_children:
                if group.type == "var_spec_list":
                    specs.extend(c for c in group.named_children if c.type == "var_spec")
            for spec in specs:
                names.update(n.text for n in spec.children_by_field_name("name")
                              if n.type == "identifier")
    return sorted(names)


def package_var_hits(source: bytes, names: list[bytes], rule_ids: Iterable[str]) -> list[int]:
    """Offsets of the package-variable rules' triggers in ``source``: one of ``names``
    written as those rules' candidates write it."""
    suffixes = tuple(sorted(PACKAGE_VAR_PATTERNS[r] for r in rule_ids if r in PACKAGE_VAR_PATTERNS))
    if not names or not suffixes:
        return []
    rx = _package_var_rx.get(suffixes)
    if rx is None:
        rx = _package_var_rx[suffixes] = re.compile(
            rb"\b(\w+)(?:" + b"|".join(suffixes) + rb")")
    wanted = set(names)
    out = [m.start() for m in rx.finditer(source) if m.group(1) in wanted]
    # `\w` is ASCII: a name with other letters is searched for on its own
    odd = [n for n in names if not n.isascii()]
    if odd:
        alt = re.compile(rb"(?:" + b"|".join(re.escape(n) for n in odd) + rb")(?:"
                         + b"|".join(suffixes) + rb")")
        out = sorted(set(out).union(m.start() for m in alt.finditer(source)))
    return out


_package_var_rx: dict[tuple[bytes, ...], re.Pattern] = {}
