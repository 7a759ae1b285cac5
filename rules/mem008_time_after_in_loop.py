"""`time.After` in a loop leaves one live timer per iteration (before Go 1.23).

## What it does
Only in modules whose `go.mod` says `go 1.22` or older, or that have no
`go.mod`: flags a `time.After(d)` call that sits lexically inside the body
of a `for` loop of the same function, typically as a `select` case, when
another way can start the next iteration while its timer is still pending:
another case of the `select` (or its `default`) that goes on with the loop,
or a `time.After` kept in a variable. A call inside a function literal in
the loop, or in a helper that the loop calls, belongs to another function
and is not flagged.

Not flagged, because at most one timer is pending at a time: a plain
receive `<-time.After(d)` (a sleep: it has fired before the loop goes on);
a `select` case whose every other case ends the loop (a `return`, `panic`,
`goto`, a `break` out of the loop, `log.Fatal`/`os.Exit`/`t.Fatal`, falling
out of the `select` into code that always does one of these) or receives
from a shutdown signal (`ctx.Done()`, or a channel named `done`, `stop`,
`quit`, `closing`, `dying`, `shutdown`... with an optional `Ch`/`C` suffix);
a `time.After` kept in a local that is only received that way; one made on
the way out (a statement after it always ends the loop); `t = time.After(d)`
in the case that receives from `t` (re-armed once it fired) or under
`if t == nil`. A case that sets the loop's condition variable
(`finished = true` in `for !finished`) ends the loop too. Also not flagged:
a constant timeout of at most a second (gone within the second), and a
`time.After` handed to a helper (`sleep(ctx, time.After(d))`: the helper
receives it). Test code (`_test.go` files, helpers that import package
`testing` or a test framework, test-support packages such as `testutil`) is
not checked.

## Why is this bad?
Each `time.After` starts a new timer, and before Go 1.23 a timer is not
collected until it fires, whether or not anyone still waits on its
channel. In a loop whose `select` is usually won by another case (a busy
message channel with a one-minute idle timeout) every iteration leaves a
timer behind: memory grows with the message rate times the timeout. From Go
1.23 (with `go 1.23` or newer in `go.mod`) unreferenced timers are collected
at once, so the rule stays silent there.

## Example
```go
package example

import "time"

type Consumer struct {
	messages chan []byte
	idle     time.Duration
}

func (c *Consumer) handle(m []byte) {}

func (c *Consumer) Run() {
	for {
		select {
		case m := <-c.messages:
			c.handle(m)
		case <-time.After(c.idle):
			return
		}
	}
}
```

## Use instead
```go
package example

import "time"

type Consumer struct {
	messages chan []byte
	idle     time.Duration
}

func (c *Consumer) handle(m []byte) {}

func (c *Consumer) Run() {
	idle := time.NewTimer(c.idle)
	defer idle.Stop()
	for {
		select {
		case m := <-c.messages:
			c.handle(m)
			if !idle.Stop() {
				<-idle.C
			}
			idle.Reset(c.idle)
		case <-idle.C:
			return
		}
	}
}
```
Create one `time.NewTimer` before the loop, `Reset` it each iteration (after
a `Stop` that drains the channel if it already fired), and `defer t.Stop()`;
or require Go 1.23 in `go.mod`.

Fix: none is offered: hoisting one timer out of the loop and resetting it changes the loop's structure.

## Known problems
The module Go version comes from the nearest `go.mod`; a `toolchain` line or
a `//go:debug asynctimerchan=1` setting is not read. The number of
iterations and the duration are not estimated: a loop that runs three times,
or a one-second timeout, is flagged like a one-minute timeout per message.
A conditional exit (`if err != nil { return err }`) does not count as ending
the loop, nor does a case that only sets the loop's condition variable. The
shutdown-signal names are a heuristic: a `done` channel that carries one
value per item is taken for a shutdown signal. A helper handed a
`time.After` is trusted to receive it. The one-second bound is a judgement:
a hot loop with a short timeout still churns timers (a cost in CPU, not a
leak).

## References
- Package time, After (https://pkg.go.dev/time#After)
- Go 1.23 release notes, timer changes (https://go.dev/doc/go1.23#timer-changes)
"""

from __future__ import annotations

from golint_mem.dataflow import callee_name
from golint_mem.model.channels import case_receive, comm_case
from golint_mem.model.durations import short_timer
from golint_mem.model.lifetimes import assigned_to
from golint_mem.model.loops import SEQUENCES, case_goes_on, leaves_after, loop_of
from golint_mem.model.scope import FUNC_NODES
from golint_mem.parse import outer_value, text, unparen
from golint_mem.rule import Level, Rule

QUERY = """
(call_expression
  function: (selector_expression
    operand: (identifier) @pkg
    field: (field_identifier) @fn
    (#eq? @fn "After"))) @mem008.call
"""


def check(ctx, caps) -> None:
    call, pkg_ident = caps["mem008.call"][0], caps["pkg"][0]
    if ctx.package.go_version_at_least(1, 23) or ctx.file.test_only:
        return  # collected without firing from Go 1.23; a test binary exits
    if ctx.file.imports.get(text(pkg_ident)) != "time":
        return
    loop = loop_of(call)
    if loop is None or short_timer(call, ctx.file.imports) or _one_pending_at_most(ctx, call, loop):
        return
    if callee_name(call, ctx.scope(call)) != "time.After":
        return  # a local shadowing the import
    ctx.report(
        call,
        f"`{_short(text(call))}` in a loop leaves a timer per iteration alive until it fires "
        f"(before Go 1.23); hoist one time.NewTimer out of the loop and Reset it",
    )


def _one_pending_at_most(ctx, call, loop) -> bool:
    """Whether the loop never goes on while an earlier iteration's timer is pending."""
    stmt = _statement(call)
    if stmt is not None and leaves_after(stmt, loop):
        return True  # made on the way out: the last iteration
    recv = outer_value(call).parent
    if recv is not None and recv.type == "unary_expression" \
            and text(recv.child_by_field_name("operator")) == "<-":
        return _fires_first(recv, loop)
    target = assigned_to(call)
    if target is None:
        # handed to a helper (`r.sleep(ctx, time.After(d))`): it is the helper's
        # to receive, and we cannot see how (precision first)
        return _argument(call)
    target = unparen(target)
    if _rearmed(call, target, loop):
        return True
    if target.type != "identifier":
        return False
    d = ctx.scope(call).decl_of(target)
    if d is None or not d.is_local:
        return False
    reads = [u for u in ctx.flow(call).uses(d) if not _written(u)]
    return bool(reads) and all(_argument(u) or (_received(u) is not None and loop_of(u) == loop
                                                and _fires_first(_received(u), loop))
                               for u in reads)


def _argument(node) -> bool:
    p = outer_value(node).parent
    return p is not None and p.type == "argument_list"


def _fires_first(recv, loop) -> bool:
    """A receive that nothing outruns into the next iteration: a plain receive
    (a sleep), or a `select` case whose every other case (and `default`) ends
    the loop or waits on a shutdown signal."""
    case = comm_case(recv)
    if case is None:
        return True
    select = case.parent
    others = [c for c in select.named_children
              if c.type in ("communication_case", "default_case") and c != case]
    return not any(case_goes_on(c, select, loop) for c in others)


def _rearmed(call, target, loop) -> bool:
    """`t = time.After(d)` in the case that receives from `t` (re-armed once it
    fired), or under `if t == nil` (armed only when not armed): one pending at a time."""
    name = text(target)
    n = call.parent
    while n is not None and n != loop:
        if n.type == "communication_case":
            recv = case_receive(n)
            if recv is not None and text(unparen(recv.child_by_field_name("operand"))) == name:
                return True
        if n.type == "if_statement":
            cond = n.child_by_field_name("condition")
            if cond is not None and f"{name} == nil" in " ".join(text(cond).split()):
                return True
        n = n.parent
    return False


def _statement(node):
    """The statement holding ``node``: its ancestor whose parent runs statements in order."""
    n = node
    while n.parent is not None and n.parent.type not in FUNC_NODES:
        p = n.parent
        if p.type in SEQUENCES and n.type not in ("block", "statement_list") \
                and not (p.type == "communication_case" and n == p.named_children[0]):
            return n  # (a case's communication is not one of its statements)
        n = p
    return None


def _received(use):
    """The `<-use` receive of a variable, or None."""
    p = outer_value(use).parent
    if p is not None and p.type == "unary_expression" and text(p.child_by_field_name("operator")) == "<-":
        return p
    return None


def _written(use) -> bool:
    p = use.parent
    gp = p.parent if p is not None else None
    return p is not None and p.type == "expression_list" and gp is not None \
        and gp.child_by_field_name("left") == p


def _short(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= 40 else s[:37] + "..."


RULE = Rule(
    id="MEM008",
    name="time-after-in-loop",
    summary="time.After in a loop leaves a live timer per iteration until it fires (before Go 1.23)",
    level=Level.WARNING,
    tags=("memory", "timer"),
    precision="medium",
    default=True,
    query=QUERY,
    check=check,
)
