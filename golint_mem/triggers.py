"""Where a rule's candidates can be, from the bytes alone.

A match of a rule's query contains tokens that no other node has: the ``go``
keyword of a go statement, a field named ``Put``, ``SetFinalizer``, ``uintptr``...
Searching the source for them costs a few percent of a tree-sitter query walk
(which visits every node whatever the patterns), so the engine uses them twice:
the parse leaves out the function bodies that hold none of them
(parse.parse_partial), and the query runs only on small spans around them (a
cursor limited to a span walks only the path down to it); most files are not
queried at all.

Each pattern below must match inside every match of its rule's query (in a tree
without syntax errors; a file with one is queried whole): then the candidates, and
so the results, are exactly those of querying everything. A rule missing from the
table is queried everywhere. tests/test_triggers.py holds each rule's candidates
to this on the corpus (and, marked slow, on the standard library): a rule whose
query changes must change its patterns here too.
"""

from __future__ import annotations

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
    # uintptr(unsafe.Pointer(p)), its argument on the line or the next, and *(*uintptr)(p)
    "MEM005": (rb"uintptr[ \t\r]*\((?:[^\n]*?Pointer|[ \t\r]*(?:\n|//|/\*))",
               rb"\*[ \t\r]*uintptr[ \t\r]*\)"),
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
#: package, named as the operand (MEM013: `m[k] = v`, `m[k]++`, `m.Store(k, v)`):
#: the engine loads a package with the other rules' triggers, then adds those of
#: these rules whose statement writes one of the package's variables
#: (package_var_hits).
PACKAGE_VAR_RULES = frozenset({"MEM013"})

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


def hits(source: bytes, rule_ids: Iterable[str], memo: dict | None = None) -> list[int] | None:
    """Sorted offsets of trigger tokens in ``source``, or None when the rules must
    see every declaration. ``memo``: each pattern's offsets in this source, kept
    between calls (MEM004 and MEM013 search the same index assignments)."""
    pats = _patterns(rule_ids)
    if pats is None:
        return None
    out: list[int] = []
    for rx in pats:
        got = memo.get(rx.pattern) if memo is not None else None
        if got is None:
            got = _offsets(source, rx, memo)
            if memo is not None:
                memo[rx.pattern] = got
        out.extend(got)
    out.sort()
    return out


def _offsets(source: bytes, rx: re.Pattern, memo: dict | None) -> list[int]:
    if rx.pattern == _GO:
        return [m.end() - 1 for m in rx.finditer(source) if _starts_statement(source, m.start())]
    if rx.pattern == _INDEX_ASSIGN:
        return [m.end() - 1 for m in rx.finditer(source) if _assigns(source, m.end() - 1)]
    if rx.pattern == _INDEX_ASSIGN_VALUE:
        assigns = memo.get(_INDEX_ASSIGN) if memo is not None else None
        if assigns is None:
            assigns = [m.end() - 1 for m in rx.finditer(source) if _assigns(source, m.end() - 1)]
            if memo is not None:
                memo[_INDEX_ASSIGN] = assigns
        return [o for o in assigns if _stores_value(source, o)]
    return [m.end() - 1 for m in rx.finditer(source)]


def _assigns(source: bytes, eq: int) -> bool:
    """The ``=`` at ``eq`` ends an assignment operator (``=``, ``+=``, ``<<=``...)."""
    if source[eq + 1:eq + 2] == b"=":
        return False
    before = source[eq - 1:eq]
    if before in (b"<", b">"):
        return source[eq - 2:eq - 1] == before
    return before not in (b"!", b":")


_PAREN_ELEMENT = re.compile(rb"(?:^|,)[ \t\r]*\(")
# an element that is a selector and nothing more (`x.m`, `s.h.m`), which a method
# value is; `x.f(a)`, `T{a: x.f}` and `x.(T)` are not
_IDENT = rb"(?:\w|[\x80-\xff])+"
_SELECTOR_ELEMENT = re.compile(rb"(?:^|,)[ \t\r]*" + _IDENT + rb"(?:[ \t]*\.[ \t]*" + _IDENT
                               + rb")+[ \t\r]*(?:$|[,;})]|//|/\*)")


def _stores_value(source: bytes, eq: int) -> bool:
    """The right side of the assignment at ``eq`` can hold what MEM004 asks for: a
    function literal or a call with one as its argument (``func``), a selector
    (an element that is one) or a parenthesised expression (an element starting
    with ``(``). Only
    the rest of the line is read; a right side that goes on past it (the line ends
    after the operator, after a comma or in a comment) counts."""
    end = source.find(b"\n", eq)
    rest = source[eq + 1:end if end >= 0 else len(source)]
    if b"func" in rest or b"/*" in rest or _PAREN_ELEMENT.search(rest) \
            or (b"." in rest and _SELECTOR_ELEMENT.search(rest)):
        return True
    rest = rest.rstrip()
    return not rest or rest.endswith(b",")


def _starts_statement(source: bytes, at: int) -> bool:
    i = at - 1
    while i >= 0 and source[i] in b" \t\r":
        i -= 1
    return i < 0 or source[i] in b"\n{;:/"


#: Trigger offsets this close together are queried as one span.
SPAN_GAP = 16


def spans_to_query(root: Node, source: bytes, rule_ids: Iterable[str],
                   offsets=...) -> list[tuple[int, int]] | None:
    """Byte spans around the trigger offsets (``offsets``, or :func:`hits` of the
    rules): every candidate contains a trigger, and a query cursor limited to a span
    still finds the matches whose nodes contain it, walking only the path down to it.
    None when everything must be queried: a rule without patterns, or a tree with a
    syntax error, whose error recovery may build nodes the patterns do not foresee."""
    if root.has_error:
        return None
    if offsets is ...:
        offsets = hits(source, rule_ids)
    if offsets is None:
        return None
    spans: list[list[int]] = []
    for o in offsets:
        if spans and o <= spans[-1][1] + SPAN_GAP:
            spans[-1][1] = o + 1
        else:
            spans.append([o, o + 1])
    return [(a, b) for a, b in spans]


# an identifier (not a field: `s.m[k]` is no package variable) indexed or sent the
# sync.Map writes of PATTERNS' MEM013
_OPERAND = re.compile(rb"(?<![\w.])(\w+)[ \t]*(?:\[|\.[ \t]*(?:Store|LoadOrStore|Swap)\b)")
#: the last byte of a line that ends its statement (Go's semicolon rule inserts a `;`;
#: a byte above 0x7f ends an identifier)
ENDS_STATEMENT = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'\"`)]}"
                            + bytes(range(0x80, 0x100)))


_WORD_OR_DOT = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.")
# a line ending so starts a block, a case or a label: the next line starts a statement
_OPENS_BLOCK = frozenset(b"{:;")


def package_var_hits(source: bytes, names: list[bytes], rule_ids: Iterable[str],
                     wanted: frozenset[bytes] | None = None,
                     odd: list[bytes] | None = None, memo: dict | None = None) -> list[int]:
    """The trigger offsets of the package-variable rules among ``rule_ids`` whose
    statement names one of the package variables ``names`` as the written operand:
    the others cannot be those rules' candidates."""
    ids = [r for r in rule_ids if r in PACKAGE_VAR_RULES]
    if not ids or not names:
        return []
    offsets = hits(source, ids, memo) or []
    if not offsets:
        return []
    wanted = frozenset(names) if wanted is None else wanted
    odd = [n for n in names if not n.isascii()] if odd is None else odd  # `\w` is ASCII
    out = []
    for o in offsets:
        stmt = source[_statement_start(source, o):o + 1]
        if any(m.group(1) in wanted for m in _OPERAND.finditer(stmt)) \
                or any(n in stmt for n in odd):
            out.append(o)
    return out


def _statement_start(source: bytes, at: int, limit: int = 64) -> int:
    """Where the statement holding ``at`` starts, or earlier: the start of its line,
    moved back over lines that cannot end a statement (a trailing `,`, `(`, an
    operator, a comment), but not past a line opening a block (`{` with no `[` on
    the line: a statement starts after it) or ``limit`` lines."""
    start = source.rfind(b"\n", 0, at) + 1
    for _ in range(limit):
        if start == 0:
            return 0
        before = source.rfind(b"\n", 0, start - 1) + 1
        prev = source[before:start - 1].rstrip()
        if prev and b"//" not in prev and b"*/" not in prev and (
                prev[-1] in ENDS_STATEMENT or prev.endswith((b"++", b"--"))
                or (prev[-1] in _OPENS_BLOCK and b"[" not in prev)):
            return start
        start = before
    return start


# -- what a package's files say about each other ---------------------------------

# `var x`, `var a, b`, and every indented line start inside a `var (` group: a
# superset of the package's variable names (the engine checks it against the trees)
_VAR_LINE = re.compile(rb"\nvar[ \t]+(\w+(?:[ \t]*,[ \t]*\w+)*)")
_VAR_GROUP = re.compile(rb"\nvar[ \t]*\(")
_GROUP_LINE = re.compile(rb"\n[ \t]+(\w+(?:[ \t]*,[ \t]*\w+)*)")
_NAME_LIST = re.compile(rb"\w+")
# the function a go statement starts (`go name(`, `go x.name(`) and the one a
# finalizer or cleanup runs (`runtime.SetFinalizer(x, name)`)
_GO_CALLEE = re.compile(rb"go[ \t]+(?:\w+[ \t]*\.[ \t]*)*(\w+)[ \t]*[(\[]")
_FINALIZER_FUNC = re.compile(
    rb"(?:SetFinalizer|AddCleanup)\([^,()]*(?:\([^()]*\))?[^,()]*,[ \t]*(?:\w+\.)*(\w+)[ \t]*[,)]")
_FUNC_DECL = re.compile(rb"\nfunc[ \t]+(?:\([^)\n]*\)[ \t]*)?(\w+)")
#: rules whose analyses follow a go statement into the function it starts, and
#: those that follow a finalizer into its function
_FOLLOW_GO = frozenset({"MEM001", "MEM011", "MEM014"})
_FOLLOW_FINALIZER = frozenset({"MEM003", "MEM010"})


#: Names a package's hints watch at most (beyond, none: they only save re-analyses).
MAX_WATCHED = 16


# after a written map's name: a cleanup or a reassignment; after a writer's: a call
_CLEANS_AFTER = re.compile(rb"[ \t]*(?:\.[ \t]*(?:Delete|LoadAndDelete|CompareAndDelete)\b|=[^=])")
_CALL_AFTER = re.compile(rb"[ \t]*\(")
_CLEANUP_CALL = re.compile(rb"(?:delete|clear)\([ \t]*&?(\w+)")


def _watched_offsets(source: bytes, maps: set[bytes], writers: set[bytes]) -> list[int]:
    """What reads a written package map as MEM013 asks about it: a cleanup
    (`delete(m,`, `clear(m)`, `m.Delete`, `m = ...`) or a call of a function writing
    one (is it run only at initialisation?). Byte searches for the names, then a
    look at what follows (no expression compiled per package)."""
    out = []
    if maps and (b"delete(" in source or b"clear(" in source):
        out.extend(m.start() for m in _CLEANUP_CALL.finditer(source) if m.group(1) in maps)
    for names, after in ((maps, _CLEANS_AFTER), (writers, _CALL_AFTER)):
        for name in names:
            n, i = len(name), source.find(name)
            while i >= 0:
                if (not i or source[i - 1] not in _WORD_OR_DOT) and after.match(source, i + n):
                    out.append(i)
                i = source.find(name, i + n)
    return out


class PackageHints:
    """What the files of one package say about each other, from their bytes alone,
    before any is parsed: the names of the package's variables (the triggers of the
    package-variable rules), and the bodies the rules' analyses will read besides
    those with a trigger, which are then parsed with the rest so that a package is
    rarely analysed twice: the function a go statement or a finalizer runs, and for
    a package variable written as a candidate, every body that names it (a cleanup)
    or calls the function writing it (only at initialisation?)."""

    def __init__(self, sources: list[bytes], rule_ids: Iterable[str]):
        ids = set(rule_ids)
        self.var_rules = sorted(ids & PACKAGE_VAR_RULES)
        names: set[bytes] = set()
        follow: set[bytes] = set()
        for src in sources:
            if self.var_rules:
                for m in _VAR_LINE.finditer(src):
                    names.update(_NAME_LIST.findall(m.group(1)))
                for g in _VAR_GROUP.finditer(src):
                    end = src.find(b"\n)", g.end())
                    for m in _GROUP_LINE.finditer(src, g.end() - 1, end if end >= 0 else len(src)):
                        names.update(_NAME_LIST.findall(m.group(1)))
            if ids & _FOLLOW_GO:
                follow.update(m.group(1) for m in _GO_CALLEE.finditer(src)
                              if _starts_statement(src, m.start()))
            if ids & _FOLLOW_FINALIZER and (b"SetFinalizer" in src or b"AddCleanup" in src):
                follow.update(m.group(1) for m in _FINALIZER_FUNC.finditer(src))
        follow.discard(b"func")
        self.var_names = sorted(names)
        self._wanted = frozenset(names)
        self._odd = [n for n in self.var_names if not n.isascii()]
        self.follow = follow
        self._var_hits: dict[int, tuple[bytes, list[int]]] = {}
        self._memos: dict[int, tuple[bytes, dict]] = {}
        maps: set[bytes] = set()
        writers: set[bytes] = set()
        if self.var_rules and names:
            for src in sources:
                for o in self._package_var_hits(src):
                    stmt = src[_statement_start(src, o):o + 1]
                    maps.update(m.group(1) for m in _OPERAND.finditer(stmt) if m.group(1) in names)
                    at = src.rfind(b"\nfunc", 0, o)
                    writer = _FUNC_DECL.match(src, at) if at >= 0 else None
                    if writer is not None and writer.group(1) not in (b"init", b"main"):
                        writers.add(writer.group(1))
        if len(maps) + len(writers) > MAX_WATCHED:
            maps, writers = set(), set()
        self._maps, self._writers = maps, writers

    def _package_var_hits(self, source: bytes) -> list[int]:
        # keyed by identity, holding the source so that its id is not reused
        got = self._var_hits.get(id(source))
        if got is None or got[0] is not source:
            got = self._var_hits[id(source)] = (source, package_var_hits(
                source, self.var_names, self.var_rules, self._wanted, self._odd,
                self._memo(source)))
        return got[1]

    def _memo(self, source: bytes) -> dict:
        # keyed by identity, holding the source so that its id is not reused
        got = self._memos.get(id(source))
        if got is None or got[0] is not source:
            got = self._memos[id(source)] = (source, {})
        return got[1]

    def hits(self, source: bytes, rule_ids: Iterable[str]) -> list[int] | None:
        """:func:`hits`, sharing the searches with the hints' own."""
        return hits(source, rule_ids, self._memo(source))

    def add(self, source: bytes, offsets: list[int]) -> tuple[list[int], list[int]]:
        """(trigger offsets with the package-variable rules' added, the offsets whose
        declarations the parse keeps: those, the followed functions and the bodies
        naming a watched variable or writer)."""
        extra = self._package_var_hits(source)
        hits = sorted(set(offsets).union(extra)) if extra else offsets
        kept: list[int] = []
        if self.follow:
            kept.extend(m.start() + 1 for m in _FUNC_DECL.finditer(source) if m.group(1) in self.follow)
        if self._maps or self._writers:
            kept.extend(_watched_offsets(source, self._maps, self._writers))
        return hits, sorted(set(hits).union(kept)) if kept else hits
