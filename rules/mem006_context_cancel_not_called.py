"""A context's cancel func is discarded or never called.

## What it does
Flags `ctx, cancel := context.WithCancel(parent)` (and `WithTimeout`,
`WithDeadline`, `WithCancelCause`, `WithTimeoutCause`, `WithDeadlineCause`,
with `:=`, `=` or `var`) when the cancel func is assigned to `_`, or when the
function never calls it, defers it, returns it, passes it to a call or
stores it (in a field, a map, a slice, a struct literal, another variable, a
channel). A call or a hand-off anywhere in the function counts, also inside
a closure or a goroutine (`go func() { <-done; cancel() }()`). `_ = cancel`
counts as none of these: it only silences the compiler. A cancel func that
is a named result, or that is stored straight into a field
(`ctx, s.cancel = ...`), is the caller's or the owner's job and is not
flagged. Test code (`_test.go` files, helpers that import package
`testing` or a test framework, test-support packages such as `testutil`) is
not checked: a test binary exits when its tests end.

## Why is this bad?
A derived context stays registered with its parent until it is cancelled:
the parent keeps a reference to it (and to everything its values hold), and
a `WithTimeout`/`WithDeadline` context keeps a runtime timer until the
deadline. A cancel func that nobody calls releases none of this before the
parent is cancelled or the deadline passes; under a long-lived parent (a
server's base context, `context.Background()` with a timeout) that is one
leaked child per call. `go vet`'s `lostcancel` check reports the same bug.

## Example
```go
package example

import (
	"context"
	"time"
)

type Client struct{ timeout time.Duration }

func (c *Client) send(ctx context.Context, msg []byte) error { return ctx.Err() }

func (c *Client) Publish(parent context.Context, msg []byte) error {
	ctx, _ := context.WithTimeout(parent, c.timeout)
	return c.send(ctx, msg)
}
```

## Use instead
```go
package example

import (
	"context"
	"time"
)

type Client struct{ timeout time.Duration }

func (c *Client) send(ctx context.Context, msg []byte) error { return ctx.Err() }

func (c *Client) Publish(parent context.Context, msg []byte) error {
	ctx, cancel := context.WithTimeout(parent, c.timeout)
	defer cancel()
	return c.send(ctx, msg)
}
```
Call `defer cancel()` right after the `context.With...` call. If the context
must outlive the function, return the cancel func or store it with the
context's owner, and call it when the work is done.

Fix: `--fix` names a discarded cancel func (`cancel`, or `cancelCtx` when
that name is used in the function) and adds `defer cancel()` on the next
line (`defer cancel(nil)` for `WithCancelCause`); a cancel func that is never
called gets the `defer`. Offered only when the call is a plain statement
alone on its lines (not an `if`/`for`/`switch` init); for `ctx, _ = ...`
the new name is declared on the line before (`var cancel context.CancelFunc`).
Unsafe (applied only with `--unsafe-fixes`) when the
context, or a value derived from it, may outlive the function: returned
(unless the results are only errors, numbers, strings or booleans), sent,
stored in a field, element or package variable, passed to a `go` statement,
or captured by a goroutine or a closure not run in place; also in a loop
(one `defer` per iteration, run at return). None in a loop that never ends.

## Known problems
Code that runs once per process is not checked either: `func init()` and the body of `func main()` outside loops and function literals (a context made there lives until the process exits a moment later; go vet's lostcancel reports it).
The check is not path-sensitive, unlike `go vet -lostcancel`: one call (or
hand-off) on any path is enough, so a `return` that skips the `defer cancel()`
on an error path is not reported here, while vet reports it. A cancel func
that is passed to a function that ignores it, or stored in a variable that is
never called, counts as handed on. A reassignment of the same variable
(`ctx, cancel = context.WithTimeout(ctx, d)` twice) is judged per variable,
not per call. Deliberate differences from `lostcancel`: vet accepts
`_ = cancel` as a use, this rule does not; vet reports test code, this rule
does not; vet reports a path that skips the cancel, this rule only a cancel
that no path uses.

## References
- Package context (https://pkg.go.dev/context#WithCancel)
- go vet lostcancel (https://pkg.go.dev/golang.org/x/tools/go/analysis/passes/lostcancel)
- Go blog, "Go Concurrency Patterns: Context" (https://go.dev/blog/context)
"""

from __future__ import annotations

from golint_mem.dataflow import callee_name
from golint_mem.edits import insert_after, insert_before, replace, value_statement
from golint_mem.model.channels import loops_around
from golint_mem.model.lifetimes import handoffs, result_targets
from golint_mem.model.loops import endless, runs_once
from golint_mem.model.outlives import escape
from golint_mem.model.scope import enclosing_function
from golint_mem.parse import captures, query, text, unparen
from golint_mem.rule import Fix, Level, Rule

QUERY = """
(call_expression
  function: (selector_expression
    operand: (identifier) @pkg
    field: (field_identifier) @fn
    (#match? @fn "^With(Cancel|Timeout|Deadline)(Cause)?$"))) @mem006.call
"""


def check(ctx, caps) -> None:
    call, pkg_ident = caps["mem006.call"][0], caps["pkg"][0]
    if ctx.file.test_only or ctx.file.imports.get(text(pkg_ident)) != "context":
        return  # a test binary exits when its tests end
    if runs_once(call, ctx.file.package_name):
        return  # init, or main's own body: the context lives until the process exits anyway
    scope = ctx.scope(call)
    fn = callee_name(call, scope)
    if not fn.startswith("context.With"):
        return  # a local shadowing the import
    fn = fn.removeprefix("context.")
    targets = result_targets(call)
    if targets is None or len(targets) != 2:
        return  # returned, passed on or stored whole: the receiver's job
    ctx_name = text(targets[0])
    cancel = unparen(targets[1])
    if cancel.type != "identifier":
        return  # stored into a field or an element
    held = "its parent (and its timer)" if "Cancel" not in fn else "its parent"
    if text(cancel) == "_":
        ctx.report(
            call,
            f"cancel func of context.{fn} discarded (`_`): `{ctx_name}` stays attached to "
            f"{held} until the parent ends; name it and `defer cancel()` right after this call",
            fix=_fix(ctx, call, fn, targets, None),
        )
        return
    d = scope.decl_of(cancel)
    if d is None or not d.is_local:
        return  # a package variable: stored
    flow = ctx.flow(call)
    if handoffs(flow, d):
        return
    name = d.name
    blank = any(_blank_assigned(u) for u in flow.uses(d))
    ctx.report(
        call,
        f"`{name}` from context.{fn} is never called{f' (`_ = {name}` is no call)' if blank else ''}: "
        f"`{ctx_name}` stays attached to {held} until the parent ends; "
        f"`defer {name}()` right after this call",
        fix=_fix(ctx, call, fn, targets, name),
    )


def _blank_assigned(use) -> bool:
    p = use.parent
    gp = p.parent if p is not None else None
    if p is None or gp is None or p.type != "expression_list" \
            or gp.type != "assignment_statement" or gp.child_by_field_name("right") != p:
        return False
    left = gp.child_by_field_name("left").named_children
    return len(left) == 1 and text(left[0]) == "_"


RULE = Rule(
    id="MEM006",
    name="context-cancel-not-called",
    summary="the cancel func of a derived context is discarded or never called",
    level=Level.WARNING,
    tags=("memory", "context", "goroutine"),
    precision="high",
    default=True,
    query=QUERY,
    check=check,
)


# -- the fix ------------------------------------------------------------------

_NAMES = ("cancel", "cancelCtx", "cancelFunc", "cancel2", "cancel3")


def _fix(ctx, call, fn: str, targets, name: str | None) -> Fix | None:
    """`defer cancel()` right after the call (naming a discarded cancel func first).
    Safe unless the context may outlive the function (returned, stored, sent, used by
    a goroutine or a later closure) or the call is in a loop (one defer per iteration,
    run when the function returns; none at all when the loop never ends)."""
    src = ctx.file.source
    stmt = value_statement(src, call)
    if stmt is None:
        return None
    loops = loops_around(stmt, enclosing_function(stmt))
    if any(endless(loop) for loop in loops):
        return None
    edits = []
    if name is None:  # `_`: a new name, declared by `:=` and `var`, or on the line before `=`
        scope = ctx.scope(call)
        names = query("[(identifier) (type_identifier) (package_identifier)] @id")
        used = {text(i) for i in captures(names, scope.root).get("id", [])}  # nothing to shadow
        name = next((n for n in _NAMES if n not in used), None)
        if name is None:
            return None
        if stmt.type == "assignment_statement":
            pkg = text(call.child_by_field_name("function").child_by_field_name("operand"))
            kind = "CancelCauseFunc" if fn == "WithCancelCause" else "CancelFunc"
            edits.append(insert_before(src, stmt, f"var {name} {pkg}.{kind}"))
        edits.append(replace(unparen(targets[1]), name))
    arg = "nil" if fn == "WithCancelCause" else ""
    edits.append(insert_after(src, stmt, f"defer {name}({arg})"))
    return Fix(f"defer {name}({arg}) right after context.{fn}", tuple(edits),
               safe=not loops and not _waived(src, stmt) and not _context_escapes(ctx, call, targets[0]))


def _waived(src: bytes, stmt) -> bool:
    """`// nolint: govet` (or `lint:ignore`) on the line: the author kept the context
    alive on purpose (v2ray publishes with it from a goroutine), so deferring its
    cancel would change what they chose."""
    end = src.find(b"\n", stmt.end_byte)
    line = src[src.rfind(b"\n", 0, stmt.start_byte) + 1:end if end >= 0 else len(src)]
    return b"nolint" in line or b"lint:ignore" in line


def _context_escapes(ctx, call, target) -> bool:
    target = unparen(target)
    if target.type != "identifier":
        return True  # stored into a field or an element
    if text(target) == "_":
        return False
    d = ctx.scope(call).decl_of(target)
    return d is None or not d.is_local or escape(ctx.flow(call), d) is not None
