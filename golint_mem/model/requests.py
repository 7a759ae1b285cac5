"""Request lifetimes: which functions serve a request, which of their values are
request-scoped, which channels close when the request ends, and which goroutines
the handler waits for.

A *handler* is recognised by its signature (net/http's ResponseWriter, *Request
pair, gin, echo, fasthttp, fiber); a same-package function a handler calls with
a request-scoped argument is analysed as a handler too (a *helper*, one level).
Request-scoped values are followed with a small state machine over dataflow
step paths (:func:`step`): the state names what a value holds (``request``,
``writer``, ``context``...), None once it holds nothing request-scoped.

Every walk here is bounded by the nesting of one function or by one call level.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from tree_sitter import Node

from golint_mem.dataflow import Step, call_sites, function_flow
from golint_mem.model.package import FileModel, FuncInfo, NeedsWholeTree, PackageModel
from golint_mem.model.scope import FUNC_NODES, Decl, function_scope, key, top_function
from golint_mem.model.types import type_from_node
from golint_mem.parse import captures, matches, parent, query, text, unparen

# -- request-scoped states ----------------------------------------------------

#: (import path, type name, is pointer) -> the state a parameter of that type starts in
FRAMEWORK_TYPES = {
    ("github.com/gin-gonic/gin", "Context", True): ("gin", None),
    ("github.com/labstack/echo", "Context", False): ("echo", "error"),
    ("github.com/labstack/echo/v4", "Context", False): ("echo", "error"),
    ("github.com/valyala/fasthttp", "RequestCtx", True): ("fasthttp", None),
    ("github.com/gofiber/fiber/v2", "Ctx", True): ("fiber", "error"),
    ("github.com/gofiber/fiber/v3", "Ctx", False): ("fiber3", "error"),
}
FRAMEWORK_STATES = {"gin", "echo", "fasthttp", "fiber", "fiber3"}
REQUEST_STATES = {"request"} | FRAMEWORK_STATES

# Plain data read from a request object: not request-scoped objects themselves.
PLAIN_FIELDS = {
    "request": {
        "Method", "URL", "Proto", "ProtoMajor", "ProtoMinor", "Header", "GetBody",
        "ContentLength", "TransferEncoding", "Close", "Host", "Form", "PostForm",
        "MultipartForm", "Trailer", "RemoteAddr", "RequestURI", "TLS", "Cancel",
        "Response", "Pattern",
    },
    "gin": {"Params", "Keys", "Errors", "Accepted"},
    "writer": {"Status", "Size", "Committed"},  # echo.Response's plain fields
}
# Fields that are request-scoped objects, and what they hold.
HELD_FIELDS = {
    "request": {"Body": "body"},
    "gin": {"Request": "request", "Writer": "writer"},
    "fasthttp": {"Request": "fasthttp", "Response": "writer"},
    "writer": {"Writer": "writer"},
}
# Methods whose result is request-scoped, and what it holds.
HELD_METHODS = {
    "WithContext": "request",
    "Request": "request",
    "Response": "writer",
}
CONTEXT_DERIVERS = {
    f"context.{n}"
    for n in ("WithCancel", "WithTimeout", "WithDeadline", "WithValue", "WithCancelCause",
              "WithDeadlineCause", "WithTimeoutCause")
}
#: context values as the first argument of a deriver: what the derived context holds
_DERIVED = {"context": "context", "ctxval": "ctxval", "gin": "ctxval", "fasthttp": "ctxval"}
DESCRIBE = {
    "request": "*http.Request",
    "writer": "http.ResponseWriter",
    "gin": "*gin.Context",
    "echo": "echo.Context",
    "fasthttp": "*fasthttp.RequestCtx",
    "fiber": "*fiber.Ctx",
    "fiber3": "fiber.Ctx",
    "context": "request context",
    "ctxval": "context.Context",
    "body": "request body",
}


def _context_of(state: str) -> str | None:
    """What `.Context()` of a value in ``state`` holds. Only net/http's request
    context ends with the request (``context``); fiber v2's is the pooled
    *fasthttp.RequestCtx; fiber v3's is the user context (Background unless set)."""
    if state == "request":
        return "context"
    if state == "fiber":
        return "fasthttp"
    if state == "fiber3":
        return None
    return "ctxval"


def step(state: str, s: Step) -> str | None:
    """The state of a value built by applying one step to a value in ``state``;
    None when the result no longer holds anything request-scoped."""
    k = s.kind
    if k in ("deref", "addr"):
        return state
    if k == "elem":
        return "holder"
    if k == "closure":
        return "func"
    if k == "result":
        return state if s.index == 0 else None
    if k == "method":
        if state in REQUEST_STATES or state == "writer":
            if s.name == "Context":
                return _context_of(state)
            if s.name == "Response" and state == "writer":
                return None
            return HELD_METHODS.get(s.name)
        return None
    if k == "select":
        if state in ("holder", "func"):
            return None  # a user struct's field: not known to hold the request
        held = HELD_FIELDS.get(state, {}).get(s.name)
        if held is not None:
            return held
        if s.name in PLAIN_FIELDS.get(state, ()):
            return None
        return "func"  # a method value binds its receiver
    if k == "arg":
        if s.name in CONTEXT_DERIVERS and s.index == 0:
            return _DERIVED.get(state)
        return None
    return None


def walk(state: str | None, steps) -> str | None:
    for s in steps:
        if state is None:
            return None
        state = step(state, s)
    return state


def transfer(state: str, edge) -> str | None:
    held = walk(state, edge.steps)
    if held is None:
        return None
    return "holder" if edge.kind == "store" else held


def expr_states(flow, reached: dict, expr: Node) -> list[tuple[Decl, Node, str]]:
    """(decl, identifier, state) for each request-scoped value ``expr`` holds."""
    out = []
    for ref in flow.refs(expr):
        entry = reached.get(ref.decl)
        if entry is None:
            continue
        state = walk(entry[0], ref.steps)
        if state is not None:
            out.append((ref.decl, ref.node, state))
    return out


# -- handlers by signature ----------------------------------------------------

def _param_slots(fn: Node, imports: dict) -> list[tuple[Node | None, object]]:
    """(name identifier or None, GoType or None) per parameter, in order."""
    plist = fn.child_by_field_name("parameters")
    slots = []
    for decl in plist.named_children if plist is not None else []:
        if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        t = type_from_node(decl.child_by_field_name("type"), imports)
        if decl.type == "variadic_parameter_declaration":
            t = None
        names = decl.children_by_field_name("name")
        for n in names or [None]:
            slots.append((n, t))
    return slots


def _is(t, pkg: str, name: str, pointer: bool) -> bool:
    if t is None:
        return False
    if pointer:
        return t.kind == "pointer" and t.elem is not None and t.elem.is_named(pkg, name)
    return t.is_named(pkg, name)


_SIG_HINT = ("ResponseWriter", "Context", "RequestCtx", "Ctx")


def handler_params(fn: Node, file: FileModel) -> dict[Node, str] | None:
    """{parameter identifier: state} when ``fn`` has a handler's signature.

    net/http: an http.ResponseWriter immediately followed by an *http.Request
    (routers add parameters around the pair: httprouter's params, docker's
    ctx and vars); frameworks: exactly one parameter of the framework's
    handler type, with the framework's result (``error`` for echo and fiber).
    """
    plist = fn.child_by_field_name("parameters")
    if plist is None or not any(h in text(plist) for h in _SIG_HINT):
        return None
    slots = _param_slots(fn, file.imports)
    for i in range(len(slots) - 1):
        (wn, wt), (rn, rt) = slots[i], slots[i + 1]
        if _is(wt, "net/http", "ResponseWriter", False) and _is(rt, "net/http", "Request", True):
            return {n: s for n, s in ((wn, "writer"), (rn, "request")) if n is not None}
    if len(slots) != 1:
        return None
    n, t = slots[0]
    if t is None:
        return None
    ptr = t.kind == "pointer"
    base = t.elem if ptr else t
    if base is None or base.kind != "named":
        return None
    entry = FRAMEWORK_TYPES.get((base.pkg, base.name, ptr))
    if entry is None:
        return None
    state, result = entry
    res = fn.child_by_field_name("result")
    if (text(res) if res is not None else None) != result:
        return None
    return {n: state} if n is not None else {}


_FUNCS_Q = "[(function_declaration) (method_declaration) (func_literal)] @fn"


def _sig_tokens(file: FileModel) -> tuple[bytes, ...]:
    """The type names a handler's parameter list in ``file`` must spell: a handler
    type is always package-qualified, so only the imported packages' names count."""
    paths = set(file.imports.values())
    toks = [b"ResponseWriter"] if "net/http" in paths else []
    for path, name, _ in FRAMEWORK_TYPES:
        if path in paths and name.encode() not in toks:
            toks.append(name.encode())
    return tuple(toks)


def handlers_in(file: FileModel, root: Node) -> list[tuple[Node, dict[Node, str]]]:
    """Every function (declaration or literal) at or below ``root`` with a handler's signature."""
    src, start, end = file.source, root.start_byte, root.end_byte
    if not any(src.find(t, start, end) >= 0 for t in _sig_tokens(file)):
        return []  # no parameter list in root names a handler's type: skip the walk
    out = []
    for fn in captures(query(_FUNCS_Q), root).get("fn", []):
        params = handler_params(fn, file)
        if params is not None:
            out.append((fn, params))
    return out


# -- request taint of one top-level function ----------------------------------

@dataclass
class RequestTaint:
    """Request-scoped values of one top-level function: from the parameters of
    its handlers (itself or literals inside it) and, for a helper, from the
    parameters its handler callers pass request-scoped values to."""

    pkg: PackageModel
    file: FileModel
    root: Node  # the top-level function
    sources: dict  # Decl -> state
    reached: dict  # Decl -> (state, pred, edge)
    #: function node -> "handler" | "helper"
    serving: dict = field(default_factory=dict)
    #: helper: source parameter Decl -> name of a handler that passes it a request-scoped value
    callers: dict = field(default_factory=dict)

    @property
    def flow(self):
        """The function's dataflow graph, built on first use: most functions
        holding a go statement serve no request and never need it."""
        return function_flow(self.pkg, self.file, self.root)

    def serving_fn(self, node: Node) -> Node | None:
        """The innermost handler or helper whose code contains ``node``, if the
        code between them runs before it returns (not in a goroutine or stored literal)."""
        n = parent(node)
        while n is not None:
            if n in self.serving:
                return n
            if n.type == "func_literal" and not _runs_in_place(n):
                return None
            n = parent(n)
        return None


def _runs_in_place(lit: Node) -> bool:
    p = parent(lit)
    if p is not None and p.type == "call_expression" and p.child_by_field_name("function") == lit:
        return True
    return False


def request_taint(pkg: PackageModel, file: FileModel, node: Node, helpers: bool = True) -> RequestTaint:
    """The request taint of the top-level function containing ``node`` (cached).
    Its scope and dataflow are built only when it serves a request."""
    root = top_function(node)
    cache = pkg.cache.setdefault("mem_request_taint", {})
    k = (file.path, key(root), helpers)
    cached = cache.get(k)
    if cached is not None:
        return cached
    sources: dict[Decl, str] = {}
    serving: dict[Node, str] = {}
    handlers = handlers_in(file, root)
    if handlers:
        scope = function_scope(pkg, file, root)
        for fn, params in handlers:
            serving[fn] = "handler"
            for ident, state in params.items():
                d = scope.refs.get(key(ident))
                if d is not None:
                    sources[d] = state
    callers = {}
    if helpers and root.type in ("function_declaration", "method_declaration") and root not in serving:
        got = helper_sources(pkg, file, root)
        if got:
            serving[root] = "helper"
            for d, (state, caller) in got.items():
                sources.setdefault(d, state)
                callers[d] = caller
    reached = function_flow(pkg, file, root).reach(sources, transfer) if sources else {}
    rt = RequestTaint(pkg, file, root, sources, reached, serving, callers)
    cache[k] = rt
    return rt


# -- helpers of handlers --------------------------------------------------------

def _helper_sites(pkg: PackageModel, info: FuncInfo) -> list:
    """[(handler fn node, file, call node)] for every call to ``info`` a same-package
    handler makes before it returns (cached). Such a call spells the callee's name,
    and the handler's parameter list a handler type: only the top-level declarations
    holding both are read, so most packages are never walked."""
    cache = pkg.cache.setdefault("mem_request_helpers", {})
    got = cache.get(info.key)
    if got is not None:
        return got
    got = []
    name = info.name.encode()
    word = None
    for file, toks in _handler_files(pkg):
        if name not in file.source:
            continue
        if word is None:
            # an identifier's bytes stand between non-word bytes (a non-ASCII name may not)
            word = re.compile(rb"\b" + re.escape(name) + rb"\b" if info.name.isascii() else re.escape(name))
        for part in _parts_calling(file, word, toks):
            for fn, _ in handlers_in(file, part):
                for site in call_sites(pkg, file, fn):
                    if site.callee != info.key or site.context != "direct" \
                            or _inside_other_handler(site.node, fn, file):
                        continue
                    got.append((fn, file, site.node))
    cache[info.key] = got
    return got


def _handler_files(pkg: PackageModel) -> list[tuple[FileModel, tuple[bytes, ...]]]:
    """(file, the handler type names its bytes hold) for the files that can declare
    a handler (cached); most packages have none."""
    got = pkg.cache.get("mem_request_handler_files")
    if got is None:
        got = []
        for file in pkg.files:
            toks = tuple(t for t in _sig_tokens(file) if t in file.source)
            if toks:
                got.append((file, toks))
        pkg.cache["mem_request_handler_files"] = got
    return got


def _parts_calling(file: FileModel, word: re.Pattern, toks: tuple[bytes, ...]) -> list[Node]:
    """The top-level declarations of ``file`` whose bytes hold ``word`` and one of
    ``toks``. A function whose body was left out of the parse is needed (raises
    :class:`NeedsWholeTree`) only when ``word`` lies in that body, where the call
    would be, and a handler can hold it: the function itself (its signature is
    parsed) or a literal in the body (a type name of ``toks`` there); else it is skipped."""
    src = file.source
    offsets = [m.start() for m in word.finditer(src)]
    if not offsets:
        return []
    spans = file.omitted
    out = []
    for part in file.tree.root_node.children:
        start, end = part.start_byte, part.end_byte
        i = bisect.bisect_left(offsets, start)
        if i == len(offsets) or offsets[i] >= end or not any(src.find(t, start, end) >= 0 for t in toks):
            continue
        if spans:
            j = bisect.bisect_left(spans, (start,))
            if j < len(spans) and spans[j][0] < end:
                body_start, body_end = spans[j]
                if any(body_start <= o < body_end for o in offsets[i:bisect.bisect_left(offsets, end)]) \
                        and (any(src.find(t, body_start, body_end) >= 0 for t in toks)
                             or handler_params(part, file) is not None):
                    raise NeedsWholeTree(file.path)
                continue
        out.append(part)
    return out


def _inside_other_handler(node: Node, fn: Node, file: FileModel) -> bool:
    n = parent(node)
    while n is not None and n != fn:
        if n.type in FUNC_NODES and handler_params(n, file) is not None:
            return True
        n = parent(n)
    return False


def _info_of(pkg: PackageModel, fn: Node) -> FuncInfo | None:
    name = text(fn.child_by_field_name("name"))
    if fn.type == "function_declaration":
        f = pkg.funcs.get(name)
        return f if f is not None and f.decl == fn else None
    for f in pkg.methods.values():
        if f.name == name and f.decl == fn:
            return f
    return None


def helper_sources(pkg: PackageModel, file: FileModel, fn: Node) -> dict:
    """{parameter Decl: (state, caller description)} for a same-package function
    that handlers call with request-scoped arguments; empty when none does, or
    when its only request-scoped parameter is an outgoing client request."""
    plist = fn.child_by_field_name("parameters")
    if plist is None or not any(c.type in ("parameter_declaration", "variadic_parameter_declaration")
                                for c in plist.named_children):
        return {}  # no parameter to pass a request-scoped value to
    info = _info_of(pkg, fn)
    if info is None:
        return {}
    sites = _helper_sites(pkg, info)
    if not sites:
        return {}
    scope = function_scope(pkg, file, fn)
    params = [d for d in scope.decls if d.kind == "param" and d.owner == fn]
    out: dict = {}
    for hfn, hfile, call in sites:
        caller = request_taint(pkg, hfile, hfn, helpers=False)
        if not caller.reached:
            continue  # its parameters are unnamed: it passes nothing request-scoped
        args = call.child_by_field_name("arguments")
        for i, a in enumerate(args.named_children if args is not None else []):
            if i >= len(params) or params[i].cache.get("variadic"):
                break
            states = expr_states(caller.flow, caller.reached, a)
            if states and params[i] not in out:
                out[params[i]] = (states[0][2], _fn_name(hfn))
    if out and all(s == "request" for s, _ in out.values()) \
            and all(client_side(scope, fn, d) for d in out):
        return {}
    return out


def _fn_name(fn: Node) -> str:
    if fn.type in ("function_declaration", "method_declaration"):
        return text(fn.child_by_field_name("name"))
    return "a handler literal"


_CLIENT_CALLS = """
(call_expression function: (selector_expression field: (field_identifier) @m)
  arguments: (argument_list) @args (#any-of? @m "RoundTrip" "Do")) @call
"""


def client_side(scope, fn: Node, req: Decl) -> bool:
    """Whether ``fn`` sends the request ``req`` (or an alias of it) with
    `.Do(req)` / `.RoundTrip(req)`: client code, not a handler."""
    flow = function_flow(scope.pkg, scope.file, fn)
    aliases = flow.reach({req: "request"}, lambda state, e: state if not e.steps else None)
    for args in captures(query(_CLIENT_CALLS), fn).get("args", []):
        for ref in flow.refs(args):
            if ref.decl in aliases and not [s for s in ref.steps if s.kind != "arg"]:
                return True
    return False


# -- request-lifetime channels --------------------------------------------------

_DEFER_Q = "(defer_statement) @defer"


def chan_key(scope, node: Node | None):
    """A channel or variable expression as (root Decl, field path): `ch`, `fw.done`, `&wg`."""
    n = unparen(node)
    if n is not None and n.type == "unary_expression" and text(n.child_by_field_name("operator")) == "&":
        n = unparen(n.child_by_field_name("operand"))
    path = []
    while n is not None and n.type == "selector_expression":
        path.append(text(n.child_by_field_name("field")))
        n = unparen(n.child_by_field_name("operand"))
    if n is None or n.type != "identifier":
        return None
    d = scope.decl_of(n)
    if d is None or d.kind in ("import", "func", "pkgconst"):
        return None
    return (d, ".".join(reversed(path)))


def _statements(block: Node | None) -> list[Node]:
    """The statements of a block or case body, comments left out."""
    if block is None:
        return []
    out = []
    for c in block.named_children:
        if c.type == "statement_list":
            out.extend(x for x in c.named_children if x.type != "comment")
        elif c.type != "comment" and block.type == "block":
            out.append(c)
    return out


def _call_parts(node: Node | None) -> tuple[str, Node | None, list[Node]]:
    """(callee text, operand of a selector callee, arguments) of a call."""
    n = unparen(node)
    if n is None or n.type != "call_expression":
        return "", None, []
    fn = unparen(n.child_by_field_name("function"))
    args = n.child_by_field_name("arguments")
    arg_nodes = [a for a in args.named_children if a.type != "comment"] if args is not None else []
    if fn is not None and fn.type == "selector_expression":
        return text(fn.child_by_field_name("field")), fn.child_by_field_name("operand"), arg_nodes
    return text(fn), None, arg_nodes


class Lifetime:
    """Which channels close when the request served by ``fn`` ends: the request
    context's Done (net/http cancels it when ServeHTTP returns), a context whose
    cancel ``fn`` defers, and channels ``fn`` closes or sends on in a deferred call."""

    def __init__(self, rt: RequestTaint, fn: Node | None):
        self.rt = rt
        self.scope = rt.flow.scope
        self.cancels: set = set()
        self.chans: set = set()
        self.contexts: set = set()
        if fn is not None:
            self._deferred(fn)

    def _deferred(self, fn: Node) -> None:
        body = fn.child_by_field_name("body")
        if body is None:
            return
        for d in captures(query(_DEFER_Q), body).get("defer", []):
            if _owner(d) != fn:
                continue
            call = next((c for c in d.named_children if c.type == "call_expression"), None)
            f = unparen(call.child_by_field_name("function")) if call is not None else None
            stmts = [call]
            if f is not None and f.type == "func_literal":
                stmts = _statements(f.child_by_field_name("body"))
            for s in stmts:
                self._signal(s.named_children[0] if s is not None and s.type == "expression_statement"
                             and s.named_children else s)
        for a in self.scope.assignments:
            if len(a.lhs) == 2 and len(a.rhs) == 1 and a.lhs[1].type == "identifier":
                cancel = self.scope.decl_of(a.lhs[1])
                name, _, _ = _call_parts(a.rhs[0])
                if cancel in self.cancels and name.startswith("With"):
                    k = chan_key(self.scope, a.lhs[0])
                    if k is not None:
                        self.contexts.add(k)

    def _signal(self, s: Node | None) -> None:
        if s is None:
            return
        if s.type == "send_statement":
            k = chan_key(self.scope, s.child_by_field_name("channel"))
            if k is not None:
                self.chans.add(k)
            return
        name, operand, args = _call_parts(s)
        if name == "close" and operand is None and args:
            k = chan_key(self.scope, args[0])
            if k is not None:
                self.chans.add(k)
        elif operand is None and s.type == "call_expression" and len(args) <= 1:
            fn = unparen(s.child_by_field_name("function"))  # cancel(), or cancel(nil) of WithCancelCause
            if fn is not None and fn.type == "identifier":
                d = self.scope.decl_of(fn)
                if d is not None and d.is_local:
                    self.cancels.add(d)

    def context(self, expr: Node | None) -> bool:
        """Whether the context ``expr`` is done once the request has ended."""
        if expr is None:
            return False
        if any(s == "context" for _, _, s in expr_states(self.rt.flow, self.rt.reached, expr)):
            return True
        k = chan_key(self.scope, expr)
        return k is not None and k in self.contexts

    def channel(self, expr: Node | None, depth: int = 0) -> bool:
        """Whether the channel ``expr`` is closed (or sent on) once the request has ended."""
        n = unparen(expr)
        if n is None:
            return False
        name, operand, args = _call_parts(n)
        if name == "Done" and operand is not None and not args:
            return self.context(operand)
        k = chan_key(self.scope, n)
        if k is None:
            return False
        if k in self.chans:
            return True
        d = k[0]
        if not k[1] and depth == 0 and d.value is not None and d.names_count == 1:
            return self.channel(d.value, 1)  # done := ctx.Done()
        return False


def _owner(node: Node) -> Node | None:
    n = parent(node)
    while n is not None and n.type not in FUNC_NODES:
        n = parent(n)
    return n


class _Mapped:
    """Lifetime questions asked from inside a same-package function a `go`
    statement runs: its parameters stand for the go statement's arguments."""

    def __init__(self, life: Lifetime, callee_scope, params: list, args: list):
        self.life = life
        self.scope = callee_scope
        self.arg_of = {p: args[i] for i, p in enumerate(params) if i < len(args)}

    def _arg(self, expr: Node | None) -> Node | None:
        n = unparen(expr)
        if n is None or n.type != "identifier":
            return None
        return self.arg_of.get(self.scope.decl_of(n))

    def channel(self, expr: Node | None, depth: int = 0) -> bool:
        n = unparen(expr)
        name, operand, args = _call_parts(n)
        if name == "Done" and operand is not None and not args:
            return self.life.context(self._arg(operand))
        return self.life.channel(self._arg(n))


# -- goroutines the request's end ends ------------------------------------------

def goroutine_body(pkg: PackageModel, rt: RequestTaint, go: Node, life: Lifetime):
    """(body block, file, channel judge) of the goroutine a `go` statement starts:
    its literal, or the same-package function it calls (parameters mapped to arguments)."""
    from golint_mem.dataflow import resolve_callee
    from golint_mem.model.infer import types_for

    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    if call is None:
        return None
    fn = unparen(call.child_by_field_name("function"))
    if fn is not None and fn.type == "func_literal":
        return fn.child_by_field_name("body"), rt.flow.scope.file, life
    info = resolve_callee(pkg, rt.flow.scope, types_for(rt.flow.scope), call)
    if info is None:
        return None
    cscope = function_scope(pkg, info.file, info.node)
    params = [d for d in cscope.decls if d.kind == "param" and d.owner == info.node]
    args = call.child_by_field_name("arguments")
    arg_nodes = [a for a in args.named_children if a.type != "comment"] if args is not None else []
    return info.node.child_by_field_name("body"), info.file, _Mapped(life, cscope, params, arg_nodes)


def body_types(pkg: PackageModel, file: FileModel, body: Node):
    from golint_mem.model.infer import types_for

    return types_for(function_scope(pkg, file, body))


def _receive_operand(node: Node | None) -> Node | None:
    """X of a receive `<-X` (an expression, `v := <-X`, `v, ok = <-X`, a select case's)."""
    n = node
    if n is None:
        return None
    if n.type == "expression_statement" and n.named_children:
        n = n.named_children[0]
    elif n.type in ("short_var_declaration", "assignment_statement", "receive_statement"):
        right = n.child_by_field_name("right")
        if right is None:
            return None
        n = right.named_children[0] if right.type == "expression_list" and right.named_children else right
    n = unparen(n)
    if n is not None and n.type == "unary_expression" and text(n.child_by_field_name("operator")) == "<-":
        return n.child_by_field_name("operand")
    return None


def _cases(select: Node) -> list[Node]:
    return [c for c in select.named_children if c.type in ("communication_case", "default_case")]


def request_end_hook(body: Node, judge) -> bool:
    """The goroutine's first statement (after defers) waits for the request's end:
    a receive from a request-lifetime channel, or a select all of whose cases are one."""
    first = next((s for s in _statements(body) if s.type != "defer_statement"), None)
    if first is None:
        return False
    if first.type == "select_statement":
        cases = _cases(first)
        return bool(cases) and all(
            c.type == "communication_case" and judge.channel(_receive_operand(c.child_by_field_name("communication")))
            for c in cases)
    return judge.channel(_receive_operand(first))


_OPS_Q = """
[(send_statement) @op
 (unary_expression operator: "<-") @op
 (select_statement) @op
 (call_expression function: (selector_expression operand: (identifier) @pkg field: (field_identifier) @f)
   (#eq? @f "Sleep")) @sleep
 (for_statement (range_clause right: (_) @ranged)) @range]
"""


def request_bound_worker(body: Node, file: FileModel, judge, types=None) -> bool:
    """Every wait in the goroutine (channel operation, select, time.Sleep; nested
    literals aside) is a select with a case that receives from a request-lifetime
    channel and then ends the goroutine; at least one such select."""
    selects = 0
    for _, caps in matches(query(_OPS_Q), body):
        node = (caps.get("op") or caps.get("sleep") or caps.get("range"))[0]
        if _owner(node) != parent(body):
            continue
        if "sleep" in caps:
            if file.imports.get(text(caps["pkg"][0])) == "time":
                return False
            continue
        if "range" in caps:
            t = types.type_of(caps["ranged"][0]) if types is not None else None
            if t is not None and t.kind == "chan":
                return False
            continue
        if node.type == "select_statement":
            if not any(c.type == "communication_case"
                       and judge.channel(_receive_operand(c.child_by_field_name("communication")))
                       and _case_ends(c, body) for c in _cases(node)):
                return False
            selects += 1
        elif not _select_comm(node):
            return False
    return selects > 0


def _select_comm(node: Node) -> bool:
    """Whether a send or receive is the communication of a select case."""
    n = node
    while parent(n) is not None and parent(n).type in ("receive_statement", "expression_list",
                                                     "parenthesized_expression"):
        n = parent(n)
    p = parent(n)
    return p is not None and p.type == "communication_case" and p.child_by_field_name("communication") == n


def _case_ends(case: Node, body: Node) -> bool:
    """Whether the goroutine ends after the select case: it returns, breaks out
    of a loop that is its last statement, or has nothing left after the select."""
    stmts = _statements(case)
    last = stmts[-1] if stmts else None
    if last is not None and (last.type == "return_statement" or _is_panic(last)):
        return True
    if last is not None and last.type in ("continue_statement", "goto_statement"):
        return False
    if last is not None and last.type == "break_statement":
        label = next((c for c in last.named_children if c.type == "label_name"), None)
        if label is not None:
            target = _labeled(last, text(label), body)
            return target is not None and _rest_ends(target, body)
    return _rest_ends(parent(case), body)


def _is_panic(node: Node) -> bool:
    name, operand, _ = _call_parts(node.named_children[0] if node.type == "expression_statement"
                                   and node.named_children else None)
    return name == "panic" and operand is None


def _labeled(node: Node, label: str, body: Node) -> Node | None:
    n = parent(node)
    while n is not None and n != body:
        if n.type == "labeled_statement" and text(n.child_by_field_name("label")) == label:
            return n
        n = parent(n)
    return None


def _rest_ends(stmt: Node, body: Node) -> bool:
    """Whether nothing runs after ``stmt`` finishes, up to the end of ``body``."""
    n = stmt
    while n is not None and n != body:
        p = parent(n)
        if p is None:
            return False
        if p.type in ("statement_list", "block"):
            sibs = [c for c in p.named_children if c.type != "comment"]
            if sibs and sibs[-1] != n:
                return False
            n = p
            continue
        if p.type == "for_statement":
            return False
        if p.type in ("if_statement", "labeled_statement", "expression_case", "default_case",
                      "type_case", "communication_case"):
            n = p if p.type in ("if_statement", "labeled_statement") else parent(p)
            continue
        if p.type in ("expression_switch_statement", "type_switch_statement", "select_statement"):
            n = p
            continue
        return False
    return n == body


# -- joins ------------------------------------------------------------------------

_DONE_Q = """
(call_expression function: (selector_expression operand: (_) @recv field: (field_identifier) @m)
  (#eq? @m "Done")) @done
"""
_SEND_Q = """
[(send_statement channel: (_) @ch)
 (call_expression function: (identifier) @f arguments: (argument_list . (_) @ch) (#eq? @f "close"))]
"""
_WAIT_Q = """
[(call_expression function: (selector_expression operand: (_) @recv field: (field_identifier) @m)
  (#eq? @m "Wait")) @wait
 (unary_expression operator: "<-" operand: (_) @ch) @recv_expr
 (range_clause right: (_) @ch) @range]
"""


def goroutine_signals(pkg: PackageModel, scope, go: Node) -> tuple[set, set]:
    """Keys (:func:`chan_key`) of the WaitGroups the goroutine calls Done on and
    the channels it sends on or closes: in its literal, or in the same-package
    function it runs, mapped back to the go statement's arguments."""
    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    if call is None:
        return set(), set()
    fn = unparen(call.child_by_field_name("function"))
    wgs, chans = set(), set()
    if fn is not None and fn.type == "func_literal":
        for n in captures(query(_DONE_Q), fn).get("recv", []):
            k = chan_key(scope, n)
            if k is not None:
                wgs.add(k)
        for n in captures(query(_SEND_Q), fn).get("ch", []):
            k = chan_key(scope, n)
            if k is not None:
                chans.add(k)
        return wgs, chans
    if fn is not None and fn.type == "identifier":
        d = scope.decl_of(fn)
        info = d.cache.get("func") if d is not None and d.kind == "func" else None
        if info is None:
            return wgs, chans
        callee_scope = function_scope(pkg, info.file, info.node)
        params = [p for p in callee_scope.decls if p.kind == "param" and p.owner == info.node]
        args = call.child_by_field_name("arguments")
        arg_nodes = args.named_children if args is not None else []
        body = info.node.child_by_field_name("body")
        if body is None:
            return wgs, chans
        done = {callee_scope.decl_of(n) for n in captures(query(_DONE_Q), body).get("recv", [])
                if unparen(n).type == "identifier"}
        sent = {callee_scope.decl_of(n) for n in captures(query(_SEND_Q), body).get("ch", [])
                if unparen(n).type == "identifier"}
        for i, p in enumerate(params):
            if i >= len(arg_nodes):
                break
            a = chan_key(scope, arg_nodes[i])
            if a is None:
                continue
            if p in done:
                wgs.add(a)
            if p in sent:
                chans.add(a)
    return wgs, chans


def _in_select_case(node: Node, owner: Node) -> bool:
    n = parent(node)
    while n is not None and n != owner:
        if n.type in ("communication_case", "select_statement"):
            return True
        if n.type in FUNC_NODES:
            return True  # inside another function: not the handler's own statement
        n = parent(n)
    return False


def joined(pkg: PackageModel, scope, go: Node, rt: RequestTaint | None = None) -> bool:
    """The function running the `go` statement waits for the goroutine before
    returning: `wg.Wait()` after it for a WaitGroup the goroutine calls Done on,
    or a plain receive / range from a channel it sends on or closes; or a select
    case receiving from that channel whose other cases all call fasthttp's
    `ctx.TimeoutError*` (after which fasthttp neither reuses ctx nor sends what
    the goroutine writes)."""
    wgs, chans = goroutine_signals(pkg, scope, go)
    if not wgs and not chans:
        return False
    owner = scope.owner_of(go)
    body = owner.child_by_field_name("body") if owner is not None else None
    if body is None:
        return False
    for _, caps in matches(query(_WAIT_Q), body):
        anchor = (caps.get("wait") or caps.get("recv_expr") or caps.get("range"))[0]
        if anchor.start_byte < go.end_byte:
            continue
        if _in_select_case(anchor, owner) and not (rt is not None and _timeout_guarded(rt, anchor)):
            continue
        if "wait" in caps:
            k = chan_key(scope, caps["recv"][0])
            if k is not None and k in wgs and parent(anchor).type == "expression_statement":
                return True
        else:
            k = chan_key(scope, caps["ch"][0])
            if k is not None and k in chans:
                return True
    return False


_TIMEOUT_Q = """
(call_expression function: (selector_expression operand: (_) @ctx field: (field_identifier) @m)
  (#match? @m "^TimeoutError")) @call
"""


def _timeout_guarded(rt: RequestTaint, recv: Node) -> bool:
    """``recv`` is a select case's receive and every other case of that select
    calls `TimeoutError*` on the fasthttp ctx."""
    n = recv
    while n is not None and n.type != "communication_case":
        if n.type in FUNC_NODES:
            return False
        n = parent(n)
    if n is None or n.child_by_field_name("communication") is None \
            or not (n.child_by_field_name("communication").start_byte <= recv.start_byte
                    < n.child_by_field_name("communication").end_byte):
        return False
    others = [c for c in _cases(parent(n)) if c != n]
    if not others:
        return False
    for c in others:
        if not any(s == "fasthttp" for call in captures(query(_TIMEOUT_Q), c).get("ctx", [])
                   for _, _, s in expr_states(rt.flow, rt.reached, call)):
            return False
    return True


_RETURN_Q = "(return_statement) @ret"


def hands_join(pkg: PackageModel, rt: RequestTaint, go: Node, fn: Node) -> bool:
    """A helper that returns (or stores in a field of its receiver or result) a
    value holding the goroutine's WaitGroup or done channel: its caller joins."""
    scope = rt.flow.scope
    wgs, chans = goroutine_signals(pkg, scope, go)
    roots = {k[0]: "held" for k in wgs | chans}
    if not roots:
        return False
    holders = rt.flow.reach(roots, lambda state, e: state)
    if any(d.kind in ("recv", "result") and d.owner == fn for d in holders):
        return True
    for ret in captures(query(_RETURN_Q), fn).get("ret", []):
        if _owner(ret) != fn:
            continue
        for e in ret.named_children:
            if any(r.decl in holders for r in rt.flow.refs(e)):
                return True
    return False
