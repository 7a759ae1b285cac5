"""Goroutine runs an infinite loop with no way out.

## What it does
Flags `go func() { ... for { ... } ... }()` (and `for range time.Tick(d)`,
or `for range t.C` over a local `t := time.NewTicker(d)`)
whose infinite loop, a top-level statement of the literal, has no way out:
no `return`, no `break` out of the loop, no `goto` to a label outside it, and
no receive from a `Done()` channel (`<-ctx.Done()`) or from a channel that
the function starting the goroutine closes (`close(quit)`, deferred or not).
Nested function literals are not looked into: a `return` there leaves only
the literal.

## Why is this bad?
Such a goroutine can never be stopped. Everything it references stays
reachable for the life of the process, and when the code that starts it runs
more than once (per connection, per request, per test, per `New`), one more
goroutine and its captured state pile up each time. It also makes clean
shutdown and leak checkers (`goleak`) impossible.

## Example
```go
package example

import (
	"log"
	"time"
)

type Cache struct {
	entries map[string]string
}

func (c *Cache) StartJanitor(every time.Duration) {
	go func() {
		for {
			time.Sleep(every)
			log.Printf("cache holds %d entries", len(c.entries))
		}
	}()
}
```

## Use instead
```go
package example

import (
	"context"
	"log"
	"time"
)

type Cache struct {
	entries map[string]string
}

func (c *Cache) StartJanitor(ctx context.Context, every time.Duration) {
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				log.Printf("cache holds %d entries", len(c.entries))
			case <-ctx.Done():
				return
			}
		}
	}()
}
```
Give the loop a way to stop: a `case <-ctx.Done(): return` (or a quit
channel that a `Close`/`Stop` method closes), and keep the function that
starts it responsible for stopping it.

Fix: none is offered: a way out (a `ctx.Done()` case, a stop channel) needs a cancellation design.

## Known problems
Off by default: a loop meant to live as long as the process (a signal
handler, a metrics exporter started once from `main`) is flagged too; the
rule cannot tell how often the starting code runs. A receive from a channel
closed somewhere other than the starting function (a `Stop` method closing
`s.quit`) counts as a way out only when the loop also returns or breaks on
it. `panic`, `os.Exit` and `log.Fatal` are not ways out. Only function
literals started directly with `go` are checked, not named functions.

## References
- Go blog, "Go Concurrency Patterns: Context" (https://go.dev/blog/context)
- Dave Cheney, "Never start a goroutine without knowing how it will stop" (https://dave.cheney.net/2016/12/22/never-start-a-goroutine-without-knowing-how-it-will-stop)
"""

from __future__ import annotations

import functools

from golint_mem.model import channels as cm
from golint_mem.model.scope import enclosing_function
from golint_mem.parse import text, unparen
from golint_mem.rule import Level, Rule

QUERY = "(go_statement (call_expression function: (func_literal) @lit)) @go"


def _time_call(ctx, call, name: str) -> bool:
    fn = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
    if fn is None or fn.type != "selector_expression" or text(fn.child_by_field_name("field")) != name:
        return False
    pkg = fn.child_by_field_name("operand")
    return pkg is not None and pkg.type == "identifier" and ctx.file.imports.get(text(pkg)) == "time"


def _tick_loop(ctx, loop, scope) -> bool:
    """`for range time.Tick(d)` (time resolved through the file's imports), or
    `for range t.C` of a local `t := time.NewTicker(d)`: neither channel closes."""
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    call = unparen(clause.child_by_field_name("right")) if clause is not None else None
    if call is not None and call.type == "selector_expression" and text(call.child_by_field_name("field")) == "C":
        operand = unparen(call.child_by_field_name("operand"))
        d = scope().decl_of(operand) if operand is not None and operand.type == "identifier" else None
        return d is not None and d.kind == "var" and d.names_count == d.values_count \
            and _time_call(ctx, unparen(d.value), "NewTicker")
    if call is None or call.type != "call_expression":
        return False
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression" or text(fn.child_by_field_name("field")) != "Tick":
        return False
    pkg = fn.child_by_field_name("operand")
    return pkg is not None and pkg.type == "identifier" and ctx.file.imports.get(text(pkg)) == "time"


def _short(loop) -> str:
    clause = next(c for c in loop.named_children if c.type == "range_clause")
    return text(clause.child_by_field_name("right"))[:30]


def _goto_out(jump, loop) -> bool:
    label = next((c for c in jump.named_children if c.type == "label_name"), None)
    if label is None:
        return True
    for n in cm.descendants(loop):
        if n.type == "labeled_statement" and text(n.child_by_field_name("label") or n.named_children[0]) == text(label):
            return False
    return True


def _way_out(ctx, loop, closed, scope):
    """The first statement or receive that can end the loop, or None."""
    for n in cm.descendants(loop):
        if n.type == "return_statement":
            return n
        if n.type == "goto_statement" and _goto_out(n, loop):
            return n
        if n.type == "break_statement" and cm.leaves(n, loop):
            return n
        if n.type == "unary_expression" and text(n.child_by_field_name("operator")) == "<-":
            operand = n.child_by_field_name("operand")
            if cm.done_receive(n) and text(unparen(operand).child_by_field_name("function")).endswith(".Done"):
                return n
            if cm.chan_key(scope, operand) in closed:
                return n
    return None


def check(ctx, caps) -> None:
    go, lit = caps["go"][0], caps["lit"][0]
    body = lit.child_by_field_name("body")
    if body is None:
        return
    closed = None
    scope = functools.partial(ctx.scope, go)  # built only for a loop that asks
    for stmt in cm.descendants_list(body):
        loop = stmt.named_children[-1] if stmt.type == "labeled_statement" and stmt.named_children else stmt
        if loop.type != cm.LOOP:
            continue
        tick = _tick_loop(ctx, loop, scope)
        if not (cm.infinite(loop) or tick):
            continue
        if closed is None:  # what the starter closes matters only to a loop without end
            starter = enclosing_function(go)
            closed = cm.closed_channels(ctx.package, ctx.file, starter) if starter is not None else set()
        if _way_out(ctx, loop, closed, scope()) is not None:
            continue
        what = f"for range {_short(loop)}" if tick else "for"
        ctx.report(
            go,
            f"goroutine's `{what}` loop (line {loop.start_point[0] + 1}) has no return, break or "
            f"Done() receive: it can never stop and keeps what it captures alive; "
            f"add `case <-ctx.Done(): return`",
            related=((ctx.file, loop, "loops forever"),),
        )
        return


RULE = Rule(
    id="MEM011",
    name="goroutine-without-exit",
    summary="goroutine runs an infinite loop with no return, break or cancellation",
    level=Level.WARNING,
    tags=("goroutine", "memory"),
    precision="medium",
    default=False,
    query=QUERY,
    check=check,
)
