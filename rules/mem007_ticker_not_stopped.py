"""A ticker or timer is never stopped (before Go 1.23).

## What it does
Only in modules whose `go.mod` says `go 1.22` or older, or that have no
`go.mod`: flags `time.NewTicker(d)` and `time.NewTimer(d)` whose result goes
into a local variable (or `_`) that the function never stops (`t.Stop()`,
`defer t.Stop()`, a `Stop` in a closure, or the method value `t.Stop` handed
to someone), returns, passes to a call or stores (in a field, a map, a
literal, another variable, a channel). A result stored straight into a
field, returned or passed on is the receiver's job and is not flagged. Also
flags `time.Tick(d)` (and its twin `time.NewTicker(d).C` used in place)
outside `package main`: its ticker can never be stopped; and a
`time.NewTimer(d).C` used in place inside a loop, a timer per iteration.

Not flagged, because nothing leaks that a `Stop` would save, or the fix is
someone else's: test code (`_test.go` files and helpers that import package
`testing` or a test framework) and commands (a `package main` that neither
listens nor serves, i.e. calls no `.Listen(`, `ListenAndServe(`, `.Serve(` or `NewServer(` outside its tests, runs
once and exits; a service's `package main` is analysed, except for
`time.Tick`, which the contract leaves to `package main`); a wrapper that returns `time.Tick(d)` to its caller; a ticker whose
channel is read only by loops that never end (`for range time.Tick(d)`
with no return or break: no `Stop` could ever run, the ticker lives as long
as its goroutine, and any leak is the goroutine's); a timer the function
re-arms with `Reset` (it drives a long-running loop: when the loop ends one
timer is left, until it fires); a timer whose channel is read by a plain
receive `<-t.C` (it has fired); a timer of a constant duration of at most a
second (`500 * time.Millisecond`: gone within the second); a
`time.NewTimer(d).C` used in place outside a loop (it is `time.After` by
another name). Test code also covers test-support packages by name
(`clocktest`, `testutil`).

## Why is this bad?
Before Go 1.23 the runtime holds every active timer: a ticker that is not
stopped is never garbage collected, nor is anything reachable from it, and
it keeps firing for the life of the process; a timer that is not stopped
stays until it fires. A function that runs per request or per connection
leaks one ticker per call. From Go 1.23 (with `go 1.23` or newer in
`go.mod`) unreferenced timers and tickers are collected without `Stop`, so
the rule stays silent there.

## Example
```go
package example

import "time"

type Monitor struct{ interval time.Duration }

func (m *Monitor) check() bool { return true }

func (m *Monitor) WaitHealthy(done <-chan struct{}) bool {
	t := time.NewTicker(m.interval)
	for {
		select {
		case <-done:
			return false
		case <-t.C:
			if m.check() {
				return true
			}
		}
	}
}
```

## Use instead
```go
package example

import "time"

type Monitor struct{ interval time.Duration }

func (m *Monitor) check() bool { return true }

func (m *Monitor) WaitHealthy(done <-chan struct{}) bool {
	t := time.NewTicker(m.interval)
	defer t.Stop()
	for {
		select {
		case <-done:
			return false
		case <-t.C:
			if m.check() {
				return true
			}
		}
	}
}
```
Add `defer t.Stop()` right after `NewTicker`/`NewTimer`, replace `time.Tick`
by `time.NewTicker` with `defer t.Stop()`, or require Go 1.23 in `go.mod`.

Fix: `--fix` adds `defer t.Stop()` on the line after `t := time.NewTicker(d)`
(or `NewTimer`, `var t = ...`, `t = ...`) when `t` is a local of the function
and the statement is alone on its lines in a block. Unsafe (applied only
with `--unsafe-fixes`) when `t` is used in a `go` statement or a function
literal that may run later (stopping it could strand a goroutine reading
`t.C`), when `t.C` is handed on instead of received from in place, or in a
loop (one `defer` per iteration). None in a loop that never ends, for
`time.Tick`, or for a timer that is discarded or used in place.

## Known problems
Code that runs once per process is not checked either: `func init()` and the body of `func main()` outside loops and function literals, even in a serving `package main` (one ticker for the life of the process is not a leak).
Uses are not flow-sensitive: one `Stop` (or hand-off) on any path is
enough. A ticker handed to a function that never stops it counts as handed
on. The module Go version comes from the nearest `go.mod`; a `toolchain`
line or a `//go:debug asynctimerchan=1` setting (which restores the old
timers) is not read. A `Reset` timer in a function that runs per request
is not flagged. Deliberate differences from staticcheck's SA1015:
staticcheck 2023.1 flags `time.Tick` in Go 1.23 modules too, this rule does
not; staticcheck also flags a `time.Tick` kept in a variable and read by an
endless `select` loop, which this rule treats like `for range time.Tick(d)`,
and a wrapper that returns `time.Tick(d)`, which this rule leaves to the
caller.

## References
- Package time, NewTicker (https://pkg.go.dev/time#NewTicker)
- Go 1.23 release notes, timer changes (https://go.dev/doc/go1.23#timer-changes)
- staticcheck SA1015 (https://staticcheck.dev/docs/checks/#SA1015)
"""

from __future__ import annotations

from golint_mem.dataflow import callee_name
from golint_mem.edits import insert_after, value_statement
from golint_mem.model.channels import comm_case, inside, loops_around
from golint_mem.model.durations import short_timer
from golint_mem.model.lifetimes import assigned_to, handoffs
from golint_mem.model.loops import endless, loop_of, ranged_by, runs_once
from golint_mem.model.outlives import captured_later
from golint_mem.model.scope import enclosing_function
from golint_mem.parse import outer_value, text, unparen
from golint_mem.rule import Fix, Level, Rule

QUERY = """
(call_expression
  function: (selector_expression
    operand: (identifier) @pkg
    field: (field_identifier) @fn
    (#any-of? @fn "NewTicker" "NewTimer" "Tick"))) @mem007.call
"""

_LASTS = {"ticker": "is never collected", "timer": "stays alive until it fires"}


def check(ctx, caps) -> None:
    call, pkg_ident = caps["mem007.call"][0], caps["pkg"][0]
    if ctx.package.go_version_at_least(1, 23) or ctx.file.test_only or ctx.package.is_command \
            or runs_once(call, ctx.file.package_name):
        return  # collected without Stop from Go 1.23; a test binary, a command, init or main exits
    if ctx.file.imports.get(text(pkg_ident)) != "time":
        return
    scope = ctx.scope(call)
    fn = callee_name(call, scope).removeprefix("time.")
    if fn not in ("NewTicker", "NewTimer", "Tick"):
        return  # a local shadowing the import
    # `time.NewTicker(d).C` cannot be stopped either: it is time.Tick by another name
    n = outer_value(call)
    p = n.parent
    in_place = p is not None and p.type == "selector_expression" \
        and p.child_by_field_name("operand") == n and text(p.child_by_field_name("field")) == "C"
    if fn == "Tick" or (fn == "NewTicker" and in_place):
        if ctx.file.package_name == "main":
            return  # the contract: a ticker for the life of a main package's process
        channel = p if in_place else call
        if _returned(channel) or _read_forever(ctx, scope, call, channel=channel):
            return
        ctx.report(
            call,
            f"the ticker of `{_short(text(channel))}` can never be stopped: before Go 1.23 it is "
            f"never collected; use `t := time.NewTicker(d)` with `defer t.Stop()`",
        )
        return
    what = "ticker" if fn == "NewTicker" else "timer"
    if what == "timer" and short_timer(call, ctx.file.imports):
        return
    if in_place:
        if loop_of(call) is not None:  # a timer per iteration, as time.After in a loop
            ctx.report(
                call,
                f"`{_short(text(p))}` in a loop leaves a timer per iteration alive until it fires "
                f"(before Go 1.23); hoist one timer out of the loop, Reset it and `defer t.Stop()`",
            )
        return
    if p is not None and p.type == "expression_statement":
        name = "_"
    else:
        name = _unstopped(ctx, scope, call, what)
    if name is None:
        return
    if name == "_":
        ctx.report(
            call,
            f"{what} from time.{fn} is discarded, never stopped: before Go 1.23 it {_LASTS[what]}; "
            f"keep it and `defer t.Stop()` right after this call",
        )
        return
    ctx.report(
        call,
        f"{what} `{name}` from time.{fn} is never stopped: before Go 1.23 it {_LASTS[what]}; "
        f"`defer {name}.Stop()` right after this call",
        fix=_fix(ctx, call, name),
    )


def _returned(expr) -> bool:
    """`return time.Tick(d)`: a wrapper hands the channel (and the choice) to its caller."""
    n = outer_value(expr)
    p = n.parent
    return p is not None and p.type == "expression_list" \
        and p.parent is not None and p.parent.type == "return_statement"


def _unstopped(ctx, scope, call, what) -> str | None:
    """The name of the local holding a ticker or timer that is never stopped
    nor handed on ("_" when discarded), or None."""
    target = assigned_to(call)
    if target is None:
        return None  # returned, passed, stored in a literal or sent
    target = unparen(target)
    if target.type != "identifier":
        return None  # stored in a field or element
    if text(target) == "_":
        return "_"
    d = scope.decl_of(target)
    if d is None or not d.is_local:
        return None
    flow = ctx.flow(call)
    if handoffs(flow, d, method="Stop"):
        return None
    uses = flow.uses(d)
    if what == "ticker":
        return None if _read_forever(ctx, scope, call, uses=uses) else d.name
    # a timer re-armed with Reset drives a long-running loop: when the loop ends one
    # timer is left, until it fires; a timer received by a plain receive has fired
    for u in uses:
        field = _field(u)
        if field == "Reset" or (field == "C" and _plain_receive(u.parent)):
            return None
    return d.name


def _field(use):
    p = use.parent
    if p is not None and p.type == "selector_expression" and p.child_by_field_name("operand") == use:
        return text(p.child_by_field_name("field"))
    return None


def _plain_receive(expr) -> bool:
    p = outer_value(expr).parent
    return p is not None and p.type == "unary_expression" \
        and text(p.child_by_field_name("operator")) == "<-" and comm_case(p) is None


def _read_forever(ctx, scope, made, channel=None, uses=()) -> bool:
    """Whether a ticker's channel is read only by loops that never end (then no
    `Stop` could ever run: the ticker lives as long as its goroutine, and any
    leak is the goroutine's). ``made`` is the call that makes the ticker;
    ``channel`` the `time.Tick(d)` or `NewTicker(d).C` expression, or ``uses``
    the uses of the local holding the ticker."""
    if channel is not None:
        target = assigned_to(channel)
        if target is None or unparen(target).type != "identifier":
            return _endless_reader(channel, made)
        d = scope.decl_of(unparen(target))
        if d is None or not d.is_local:
            return False
        reads = list(ctx.flow(channel).uses(d))
    else:
        reads = []
        for u in uses:
            field = _field(u)
            if field == "C":
                reads.append(u.parent)
            elif field != "Reset":
                return False
    return bool(reads) and all(_endless_reader(r, made) for r in reads)


def _endless_reader(chan, made) -> bool:
    """``chan`` is ranged over, or received from, by a loop that never ends and
    that does not make a new ticker per iteration."""
    n = outer_value(chan)
    loop = ranged_by(n)
    ranged = loop is not None
    if loop is None:
        p = n.parent
        if p is None or p.type != "unary_expression" or text(p.child_by_field_name("operator")) != "<-":
            return False
        loop = loop_of(p)
    if loop is None or inside(made, loop.child_by_field_name("body")):
        return False
    return endless(loop, ranges_forever=ranged)


def _short(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= 40 else s[:37] + "..."


RULE = Rule(
    id="MEM007",
    name="ticker-not-stopped",
    summary="a ticker or timer is never stopped, so before Go 1.23 it is never collected",
    level=Level.WARNING,
    tags=("memory", "timer"),
    precision="high",
    default=True,
    query=QUERY,
    check=check,
)


# -- the fix ------------------------------------------------------------------

def _fix(ctx, call, name: str) -> Fix | None:
    """`defer t.Stop()` right after the statement that makes the local ``t``. Safe
    when ``t`` is only read in place (`<-t.C`, `t.Reset`) by its own function: a
    goroutine or a later closure reading `t.C` would wait forever once it is
    stopped, and a `defer` in a loop piles up (none when the loop never ends)."""
    stmt = value_statement(ctx.file.source, call)
    if stmt is None:
        return None
    loops = loops_around(stmt, enclosing_function(stmt))
    if any(endless(loop) for loop in loops):
        return None
    scope = ctx.scope(call)
    d = next((scope.decl_of(t) for t in _names(stmt) if text(t) == name), None)
    if d is None or not d.is_local:
        return None
    safe = not loops and all(_read_in_place(u, d.owner) for u in ctx.flow(call).uses(d))
    return Fix(f"defer {name}.Stop() right after the call",
               (insert_after(ctx.file.source, stmt, f"defer {name}.Stop()"),), safe=safe)


def _names(stmt):
    if stmt.type == "var_declaration":
        return stmt.named_children[0].children_by_field_name("name")
    return stmt.child_by_field_name("left").named_children


def _read_in_place(use, owner) -> bool:
    """`<-t.C` (also as a select case or ranged over), `t.Reset(d)`, a write to `t`:
    nothing that can run after the function returns."""
    if captured_later(use, owner) is not None:
        return False
    field = _field(use)
    if field == "Reset":
        return True
    if field == "C":
        sel = outer_value(use.parent)
        p = sel.parent
        return ranged_by(sel) is not None or p is not None and p.type == "unary_expression" \
            and text(p.child_by_field_name("operator")) == "<-"
    return _written(use)


def _written(use) -> bool:
    p = use.parent
    gp = p.parent if p is not None else None
    return p is not None and p.type == "expression_list" and gp is not None \
        and gp.type in ("assignment_statement", "short_var_declaration") and gp.child_by_field_name("left") == p
