"""Operations that may block the goroutine running them, and same-package call chains to them.

RULES.md MEM003's list: channel sends and receives outside a `select` with a
`default`, `select` without `default`, `for range` over a channel,
`time.Sleep`, `Wait` on a `sync.WaitGroup`/`sync.Cond`, network, HTTP,
`database/sql` and child-process waits on values of resolved type, and
`Lock`/`RLock` on a mutex that the package holds across one of these
somewhere (``golint_mem.model.locks``: a lock is as slow as its slowest
critical section). Code in a `go` statement, or in a function literal that is
only defined, does not run on the goroutine asking.
"""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

from golint_mem.dataflow import call_context, call_sites, resolve_func_value
from golint_mem.model.finalizers import pick
from golint_mem.model.infer import types_for
from golint_mem.model.scope import function_scope
from golint_mem.parse import captures, query, text

# Candidate blocking operations inside one function body.
_OPS_Q = """
(send_statement) @send
(unary_expression operator: "<-") @recv
(select_statement) @select
(range_clause right: (_) @range)
(call_expression function: (selector_expression)) @mcall
"""

# package path -> blocking package-level functions (exact names or prefixes ending in '*')
_BLOCKING_FUNCS = {
    "time": ("Sleep",),
    "net/http": ("Get", "Head", "Post", "PostForm"),
    "net": ("Dial*", "Listen*"),
}
# (package, type) -> (blocking method names or prefixes, what it waits for: the doc's words)
_BLOCKING_METHODS = {
    ("sync", "WaitGroup"): (("Wait",), "waits for every Done"),
    ("sync", "Cond"): (("Wait",), "waits for a Signal"),
    ("net/http", "Client"): (("Do", "Get", "Head", "Post", "PostForm"), "network round trip"),
    ("net", "Conn"): (("Read", "Write", "Close"), "network I/O"),
    ("net", "TCPConn"): (("Read", "Write", "Close"), "network I/O"),
    ("net", "UDPConn"): (("Read", "Write", "Close"), "network I/O"),
    ("net", "Dialer"): (("Dial*",), "connection setup"),
    ("net", "ListenConfig"): (("Listen*",), "network setup"),
    ("database/sql", "DB"): (("Exec*", "Query*", "Ping*", "Begin*"), "database round trip"),
    ("database/sql", "Tx"): (("Exec*", "Query*", "Commit", "Rollback"), "database round trip"),
    ("database/sql", "Conn"): (("Exec*", "Query*", "Ping*", "Begin*"), "database round trip"),
    ("database/sql", "Stmt"): (("Exec*", "Query*"), "database round trip"),
    ("os/exec", "Cmd"): (("Run", "Output", "CombinedOutput", "Wait"), "waits for a child process"),
}
# the package-level variables of those types that the source alone can name
_KNOWN_VARS = {("net/http", "DefaultClient"): ("net/http", "Client")}


class Op(NamedTuple):
    node: object  # the blocking operation's node
    what: str  # e.g. "send on x.ch"
    fix: str  # "chan" | "sleep" | "lock" | "wait" | "io"
    #: extra (file, node, message) locations that explain it (a lock's slow critical section)
    related: tuple = ()
    #: a Cond.Wait, which releases its lock while it waits
    releases_lock: bool = False
    #: why it blocks, when the operation alone does not say (a lock's slow section)
    why: str = ""


class Hop(NamedTuple):
    file: object  # the caller's file
    node: object  # the call site
    callee: object  # the FuncInfo called


def _match(name: str, patterns) -> bool:
    return any(name.startswith(p[:-1]) if p.endswith("*") else name == p for p in patterns)


def in_comm(node) -> bool:
    """A send or receive that is the communication of a select case (the select decides)."""
    n, child = node.parent, node
    while n is not None and n.type in ("receive_statement", "expression_list", "parenthesized_expression"):
        n, child = n.parent, n
    return n is not None and n.type == "communication_case" and n.named_children and n.named_children[0] == child


def _receiver_types(pkg, types, operand, method: str, depth: int = 3):
    """The resolved type of ``operand`` and, when it is a same-package struct
    without its own ``method``, the types of its embedded fields (promotion)."""
    if operand is None:
        return []
    if operand.type == "selector_expression":
        o = operand.child_by_field_name("operand")
        if o is not None and o.type == "identifier":
            d = types.scope.decl_of(o)
            if d is not None and d.kind == "import":
                known = _KNOWN_VARS.get((d.import_path, text(operand.child_by_field_name("field"))))
                return [known] if known else []
    t = types.type_of(operand)
    out, level = [], [t]
    for _ in range(depth + 1):
        nxt = []
        for t in level:
            if t is None:
                continue
            base = t.named_or_pointee()
            if base.kind != "named":
                continue
            if base.pkg:
                out.append((base.pkg, base.name))
                continue
            if pkg.method(base.name, method) is not None:
                continue  # its own method: the call graph follows it
            info = pkg.types.get(base.name)
            if info is None:
                continue
            if not info.is_struct:
                nxt.append(info.underlying)
                continue
            if method in info.fields:
                continue  # a func-typed field of that name shadows promoted methods
            nxt.extend(info.fields.get(f) for f in info.embedded)
        level = nxt
    return out


def _fid(info) -> tuple:
    return (info.file.path, info.decl.start_byte)


class Blocking:
    """Blocking questions about one package, with ``slow`` the mutexes that
    count as blocking (lock key -> evidence); ``slow=None`` asks
    ``golint_mem.model.locks`` once a `Lock` turns up. With ``sections``,
    an operation that releases the held lock (`Cond.Wait`) does not count."""

    def __init__(self, pkg, slow: dict | None = None, sections: bool = False):
        self.pkg = pkg
        self._slow = slow
        #: judging critical sections: a Cond.Wait releases the lock while it waits
        self.sections = sections
        self._ops: dict = {}
        self._chains: dict = {}
        self._fn_ops: dict = {}

    def slow_locks(self) -> dict:
        if self._slow is None:
            from golint_mem.model.locks import slow_locks

            self._slow = slow_locks(self.pkg)
        return self._slow

    # -- one operation --------------------------------------------------------
    def classify(self, types, cap: str, node) -> Op | None:
        pkg = self.pkg
        if cap == "send":
            if in_comm(node):
                return None
            return Op(node, f"send on {text(node.child_by_field_name('channel'))}", "chan")
        if cap == "recv":
            if in_comm(node):
                return None
            return Op(node, f"receive from {text(node.child_by_field_name('operand'))}", "chan")
        if cap == "select":
            if any(c.type == "default_case" for c in node.named_children):
                return None
            return Op(node, "select without default", "chan")
        if cap == "range":
            t = pkg.resolve_named(types.type_of(node))
            if t is not None and t.kind == "chan":
                return Op(node.parent.parent if node.parent.parent is not None else node,
                          f"range over channel {text(node)}", "chan")
            return None
        if cap != "mcall":
            return None
        fn = node.child_by_field_name("function")
        operand = fn.child_by_field_name("operand")
        m = text(fn.child_by_field_name("field"))
        if operand is not None and operand.type == "identifier":
            d = types.scope.decl_of(operand)
            if d is not None and d.kind == "import":  # a package-level function
                if not _match(m, _BLOCKING_FUNCS.get(d.import_path, ())):
                    return None
                if d.import_path == "time":
                    return Op(node, f"time.{m}", "sleep")
                short = d.import_path.rsplit("/", 1)[-1]
                return Op(node, f"{short}.{m}", "io")
        args = node.child_by_field_name("arguments")
        nargs = len([a for a in args.named_children if a.type != "comment"]) if args is not None else 0
        if m in ("Lock", "RLock") and nargs == 0:
            return self._lock(types, node, fn, operand, m)
        for pkg_path, tname in _receiver_types(pkg, types, operand, m):
            entry = _BLOCKING_METHODS.get((pkg_path, tname))
            if entry is not None and _match(m, entry[0]):
                fix = "wait" if pkg_path in ("sync", "os/exec") else "io"
                return Op(node, f"{text(operand)}.{m}()", fix,
                          releases_lock=(pkg_path, tname) == ("sync", "Cond"))
        return None

    def _lock(self, types, node, fn, operand, m) -> Op | None:
        from golint_mem.model.locks import lock_key

        if resolve_func_value(self.pkg, types.scope, types, fn) is not None:
            return None  # a same-package Lock method: the call graph follows it
        k = lock_key(self.pkg, types, operand)
        held = self.slow_locks().get(k) if k is not None else None
        if held is None:
            return None  # a lock that only guards memory
        return Op(node, f"{text(operand)}.{m}()", "lock", related=held.related(),
                  why=f"held across {held.describe()}")

    # -- one function ---------------------------------------------------------
    def ops_in(self, file, fn_node, types=None, exempt=None, span=None) -> Op | None:
        """The first blocking operation that runs when ``fn_node`` runs (not
        in a `go` statement, not in a function literal it only defines),
        within the byte ``span`` if given, leaving out those ``exempt(op)``
        proves cannot block."""
        for op in self._all_ops(file, fn_node, types):
            if span is not None and not (span[0] <= op.node.start_byte < span[1]):
                continue
            if exempt is not None and exempt(op):
                continue
            return op
        return None

    def _all_ops(self, file, fn_node, types) -> list[Op]:
        """Every blocking operation of one function, in source order (classified
        once: a function with many critical sections is asked many times)."""
        k = (file.path, fn_node.start_byte, fn_node.end_byte)
        ops = self._fn_ops.get(k)
        if ops is not None:
            return ops
        ops = []
        body = fn_node.child_by_field_name("body")
        if body is not None:
            if types is None:
                types = types_for(function_scope(self.pkg, file, fn_node))
            for cap, nodes in captures(query(_OPS_Q), body).items():
                for n in nodes:
                    if call_context(n, fn_node) != "direct":
                        continue
                    op = self.classify(types, cap, n)
                    if op is not None and not (self.sections and op.releases_lock):
                        ops.append(op)
        ops.sort(key=lambda o: o.node.start_byte)
        self._fn_ops[k] = ops
        return ops

    def direct_calls(self, file, fn_node, caller: str = "", span=None) -> list[Hop]:
        """Same-package calls that run when ``fn_node`` runs, in source order."""
        hops = []
        for site in call_sites(self.pkg, file, fn_node, caller):
            if site.context != "direct":
                continue
            if span is not None and not (span[0] <= site.node.start_byte < span[1]):
                continue
            target = pick(self.pkg, site.callee, file)
            if target is not None:
                hops.append(Hop(file, site.node, target))
        hops.sort(key=lambda h: h.node.start_byte)
        return hops

    def _direct_op(self, info) -> Op | None:
        k = _fid(info)
        if k not in self._ops:
            self._ops[k] = self.ops_in(info.file, info.node)
        return self._ops[k]

    def chain_from(self, start_calls: list[Hop], seen: set) -> tuple[list[Hop], Op] | None:
        """Breadth first through direct same-package calls: the shortest chain
        of hops to a function with a blocking operation (cycles terminate)."""
        queue = deque()
        for hop in start_calls:
            if _fid(hop.callee) not in seen:
                seen.add(_fid(hop.callee))
                queue.append((hop.callee, [hop]))
        while queue:
            info, path = queue.popleft()
            op = self._direct_op(info)
            if op is not None:
                return path, op
            for hop in self.direct_calls(info.file, info.node, info.key):
                if _fid(hop.callee) not in seen:
                    seen.add(_fid(hop.callee))
                    queue.append((hop.callee, path + [hop]))
        return None

    def blocks(self, info) -> tuple[list[Hop], Op] | None:
        """Whether the same-package function ``info`` may block, and how: the
        shortest call chain to a blocking operation."""
        k = _fid(info)
        if k not in self._chains:
            op = self._direct_op(info)
            if op is not None:
                self._chains[k] = ([], op)
            else:
                self._chains[k] = self.chain_from(self.direct_calls(info.file, info.node, info.key), {k})
        return self._chains[k]

    def in_code(self, file, fn_node, types=None, exempt=None, span=None) -> tuple[list[Hop], Op] | None:
        """A blocking operation in ``fn_node`` (within ``span``), directly or
        through the same-package calls there."""
        op = self.ops_in(file, fn_node, types, exempt, span)
        if op is not None:
            return [], op
        return self.chain_from(self.direct_calls(file, fn_node, span=span), set())


def analysis(pkg) -> Blocking:
    """The package's blocking analysis (cached), locks judged by their critical sections."""
    b = pkg.cache.get("blocking")
    if b is None:
        b = pkg.cache["blocking"] = Blocking(pkg)
    return b
