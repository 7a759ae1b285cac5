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
receive `<-time.After(d)` (a sleep: it has fired before the loop goes on),
and a `select` case whose every other case ends the loop (a `return`,
`panic`, `goto`, a `break` out of the loop, `log.Fatal`/`os.Exit`/
`t.Fatal`, falling out of the `select` into code that always does one of
these) or receives from a `Done()` channel. Test code (`_test.go` files and
helpers that import package `testing`) is not checked.

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

## Known problems
The module Go version comes from the nearest `go.mod`; a `toolchain` line or
a `//go:debug asynctimerchan=1` setting is not read. The number of
iterations and the duration are not estimated: a loop that runs three times,
or a one-second timeout, is flagged like a one-minute timeout per message.
A conditional exit (`if err != nil { return err }`) does not count as ending
the loop.

## References
- Package time, After (https://pkg.go.dev/time#After)
- Go 1.23 release notes, timer changes (https://go.dev/doc/go1.23#timer-changes)
"""

from __future__ import annotations

from golint_mem.dataflow import callee_name
from golint_mem.model.channels import comm_case
from golint_mem.model.loops import case_goes_on, loop_of
from golint_mem.parse import outer_value, text
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
    if loop is None or _fires_before_next_iteration(call, loop):
        return
    if callee_name(call, ctx.scope(call)) != "time.After":
        return  # a local shadowing the import
    ctx.report(
        call,
        f"`{_short(text(call))}` in a loop leaves a timer per iteration alive until it fires "
        f"(before Go 1.23); hoist one time.NewTimer out of the loop and Reset it",
    )


def _fires_before_next_iteration(call, loop) -> bool:
    """A received `time.After` that no other way can outrun into the next
    iteration: a plain receive (a sleep), or a `select` case whose every other
    case (and `default`) ends the loop or waits on a `Done()` channel."""
    recv = outer_value(call).parent
    if recv is None or recv.type != "unary_expression" or text(recv.child_by_field_name("operator")) != "<-":
        return False  # stored or passed: whoever holds it may never receive
    case = comm_case(recv)
    if case is None:
        return True
    select = case.parent
    others = [c for c in select.named_children
              if c.type in ("communication_case", "default_case") and c != case]
    return not any(case_goes_on(c, select, loop) for c in others)


def _short(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= 40 else s[:37] + "..."


RULE = Rule(
    id="MEM008",
    name="time-after-in-loop",
    summary="time.After in a loop leaves a live timer per iteration until it fires (before Go 1.23)",
    level=Level.WARNING,
    tags=("memory", "timer"),
    precision="high",
    default=True,
    query=QUERY,
    check=check,
)
