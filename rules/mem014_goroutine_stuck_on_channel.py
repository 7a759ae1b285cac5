"""Goroutine blocks forever on a channel its spawner may stop serving.

## What it does
Flags a `go` statement whose goroutine sends on, or receives from, a local
channel that the function which made it (with `make(chan T)` or
`make(chan T, N)`) may stop serving:

- **abandoned send**: the goroutine sends (`ch <- v`) and the spawner can
  stop receiving before it has every value: its receive is a `select` case
  next to a case that returns or goes on (`case <-ctx.Done(): return`,
  `case <-time.After(d):`), a `return` or `panic` can run between the `go`
  statement and the first receive, or the `go` statement is in a loop and
  the spawner receives once (first response) or leaves its receiving loop
  early (first error);
- **abandoned receive**: the goroutine ranges over the channel (or receives
  in a loop with no other exit) and nobody ever closes it.

The channel is followed into the goroutine's function literal and into a
same-package function started as `go worker(ch)`. A channel that escapes
(returned, stored, passed to any other call) is never flagged, nor is a
send that cannot block forever (a `select` case next to `default`, a
`Done()` or `time.After` receive, or a channel the spawner closes), nor a
buffer that provably holds every send: `make(chan T, N)` for at most N
sends, `make(chan T, len(xs))` with one send per element of `range xs`,
the same with a constant or variable loop bound, a buffer plus the receives
that always run, `b.N+1` slots for `b.N` sends in a loop and one more, and
goroutines in different branches of an `if` counted once.

Also not flagged, because the goroutine cannot outlive the spawner there
(shapes found on real code): the abandoning path first waits for the
goroutine's `sync.WaitGroup` (`cancel(); wg.Wait(); return err`), or leaves
only through a case that fires after the senders are done (a channel the
goroutine closes after its last send, or one a closer goroutine closes after
`wg.Wait()`); the receiving loop counts the senders down
(`active--; if active == 0 { return }`); workers claim items from a shared
atomic counter and send once per item into a buffer sized by the items; only
the last sender sends (`if atomic.AddInt32(&n, 1) == total`); the path ends
the process (`log.Fatal`, `os.Exit`) or, in tests, fails the test (`t.Fatal`,
`t.Error`, `panic`), including a test's failure-report channel; a
`select`-with-`default` probe after plain receives. Spawners that never
return or live as long as the process (`init`, the functions of a command:
a `package main` that neither listens nor serves, i.e. calls no `.Listen(`,
`ListenAndServe(`, `.Serve(` or `NewServer(` outside its tests; a function ending in `select {}` or an exitless
loop) and test code (`_test.go`: its goroutines end with the test binary)
are not flagged, nor a send inside the goroutine's own exitless `for {}` (it
never ends anyway; MEM011 reports that). In tests, a `time.After`/timer case and
a helper returning `fmt.Errorf`/`errors.New` count as failure paths.

## Why is this bad?
A goroutine blocked on a channel nobody will ever touch again is never
collected. It keeps its stack and everything it references (the request,
buffers, the result it computed, the context) alive for the life of the
process, and one leaks per call: the "timeout" and "early return" leaks are
the most common goroutine leaks in Go services, and neither the compiler nor
`go vet` reports them.

## Example
```go
package example

import (
	"context"
	"errors"
)

type Fetcher interface {
	Fetch(key string) string
}

func Lookup(ctx context.Context, f Fetcher, key string) (string, error) {
	ch := make(chan string)
	go func() {
		ch <- f.Fetch(key)
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return "", errors.New("lookup timed out")
	}
}
```

## Use instead
```go
package example

import (
	"context"
	"errors"
)

type Fetcher interface {
	Fetch(key string) string
}

func Lookup(ctx context.Context, f Fetcher, key string) (string, error) {
	ch := make(chan string, 1) // the send always completes, even after a timeout
	go func() {
		ch <- f.Fetch(key)
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return "", errors.New("lookup timed out")
	}
}
```
Give the channel a buffer of the number of sends (`make(chan T, 1)`,
`make(chan T, len(xs))`), let the goroutine `select` on `ctx.Done()` (or a
channel the spawner closes) as well, or `close(ch)` when done sending to
range-over workers.

Fix: when one goroutine, started once (not in a loop), is the only sender
and sends at most once, `--fix` turns `make(chan T)` into `make(chan T, 1)`:
the send then always completes. Safe when the send is the goroutine's last
act (followed only by the end of the function, a `return` or a `close` of the
channel, with nothing else deferred); otherwise unsafe (applied only with `--unsafe-fixes`), since the
sender no longer waits for the receiver before going on. No fix for the
other shapes (senders in a loop, receivers waiting for a close).

## Known problems
Only local channels made in the spawner are followed, one call deep. Paths
are judged from the source's structure, not by a full control-flow
analysis: a `return` in a branch that lies lexically after the first
receive is not seen as early, and a receiving loop counts as draining
unless it contains a `return`, `panic`, `goto` or a `break` out of it. A
receive in another goroutine, or in a deferred function, counts as serving
the channel. Buffer sizes are compared symbolically (`len(xs)` with
`range xs`, `n` with `i < n`); a bound computed any other way is unknown.
Several `go` statements outside loops with fewer plain receives than sends
are not judged (only the three paths above are). A goroutine pumping events
for an interactive program that exits with its spawner (a terminal UI's
event loop) is still reported. The shared-counter and last-sender shapes are
recognised by their syntax (`atomic.Add...` with `>=` / `==`), not proven.

## References
- Go blog, "Go Concurrency Patterns: Pipelines and cancellation": "Goroutines are not garbage collected; they must exit on their own" (https://go.dev/blog/pipelines)
- uber-go/goleak, a runtime detector for exactly these leaks (https://github.com/uber-go/goleak)
- "Finding Goroutine Leaks in Go Programs" (Uber, 2024), the timeout and early-return patterns (https://arxiv.org/abs/2312.12002)
"""

from __future__ import annotations

from collections import Counter

from golint_mem.model import channels as cm
from golint_mem.model.scope import function_scope
from golint_mem.model.scope import enclosing_function
from golint_mem.parse import query, text, unparen
from golint_mem.rule import Edit, Fix, Level, Rule

QUERY = "(go_statement) @go"


def _line(node) -> int:
    return node.start_point[0] + 1


def _short(node, limit: int = 28) -> str:
    s = " ".join(text(node).split())
    return s if len(s) <= limit else s[: limit - 3] + "..."


def _op_text(ch, op) -> str:
    if op.kind == "send":
        return _short(op.node)
    if op.kind == "range":
        return f"range {ch.name}"
    return f"<-{ch.name}"


# -- sends that cannot block forever ---------------------------------------------

def _spawner_closes(ctx, ch, g, operand) -> bool:
    closed = cm.closed_channels(ctx.package, ch.file, ch.spawner)
    scope = ctx.scope(ch.spawner)
    if g.body.type == "func_literal":
        return cm.chan_key(scope, operand) in closed
    # a callee's parameter: the go statement's argument at that position
    pnames = []
    plist = g.body.child_by_field_name("parameters")
    for decl in plist.named_children if plist is not None else ():
        pnames.extend(text(n) for n in decl.children_by_field_name("name"))
    name = text(unparen(operand))
    call = next(c for c in g.go.named_children if c.type == "call_expression")
    args = [a for a in call.child_by_field_name("arguments").named_children if a.type != "comment"]
    if name in pnames and pnames.index(name) < len(args):
        return cm.chan_key(scope, args[pnames.index(name)]) in closed
    return False


def _safe_send(ctx, ch, g, op) -> bool:
    case = op.select_case
    if case is None:
        return False
    for c in case.parent.named_children:
        if c.type == "default_case":
            return True
        if c.type != "communication_case" or cm._same(c, case):
            continue
        rc = cm.case_receive(c)
        if rc is None:
            continue
        operand = unparen(rc.child_by_field_name("operand"))
        if cm.done_receive(rc) or _spawner_closes(ctx, ch, g, operand):
            return True
        if operand is not None and operand.type == "selector_expression" \
                and text(operand.child_by_field_name("field")) in _closed_fields(ctx.package):
            return True  # `case <-c.closedCh:` that the owner's Close closes
    return False


def _closed_fields(pkg) -> set[str]:
    """Field names the package closes somewhere (`close(c.closedCh)`)."""
    got = pkg.cache.get("mem014_closed_fields")
    if got is None:
        got = set()
        for _, _, caps in pkg.scan(query(cm.CLOSE_Q), (b"close",)):
            args = caps["call"][0].child_by_field_name("arguments").named_children
            a = unparen(args[0]) if args else None
            if a is not None and a.type == "selector_expression":
                got.add(text(a.child_by_field_name("field")))
        pkg.cache["mem014_closed_fields"] = got
    return got


# -- buffers that hold every send ------------------------------------------------

def _goroutine_sends(ctx, g):
    """A goroutine's sends as count terms (see channels.size_terms), or None:
    one per send outside loops, a loop's count for a send in one known loop."""
    most = cm.max_sends(g.of("send"), g.body)
    if most is not None:
        return most, Counter()
    total, symbolic = 0, Counter()
    scope = function_scope(ctx.package, g.file, g.body)
    for s in g.of("send"):
        loops = cm.loops_around(s.node, g.body)
        if not loops:
            total += 1
            continue
        count = cm.loop_count(ctx.package, scope, loops[0]) if len(loops) == 1 else None
        if count is None:
            return None
        if count[0] == "const":
            total += count[1]
        else:
            symbolic[count] += 1
    return total, symbolic


def _shared_counter(g) -> bool:
    """Workers that claim items from a shared atomic counter and send once per
    item (`idx := atomic.AddUint32(&next, 1) - 1; if idx >= n { return }`):
    the sends number the items, which the buffer is sized by."""
    sends = g.of("send")
    for s in sends:
        loops = cm.loops_around(s.node, g.body)
        if not loops or "atomic.Add" not in text(loops[0]):
            return False
        if not any(e.type == "return_statement" and any(
                a.type == "if_statement" and ">=" in text(a.child_by_field_name("condition"))
                for a in cm.ancestors(e, loops[0])) for e in cm.exits(loops[0])):
            return False
    return bool(sends)


def _buffer_holds(ctx, ch) -> bool:
    if ch.buffer is None:
        return False
    scope = ctx.scope(ch.spawner)
    capacity = cm.size_terms(ctx.package, scope, ch.buffer)
    if capacity is None:
        return False
    senders = [g for g in ch.goroutines if g.of("send")]
    if capacity[1] and senders and all(_shared_counter(g) for g in senders):
        return True
    units, per_goroutine = [], []  # (node, sends) of each sender, for exclusivity
    for s in ch.own_of("send") + ch.own_of("send", deferred=True):
        if cm.loops_around(s.node, ch.spawner, ch.decl.node):
            return False
        units.append(s.node)
        per_goroutine.append((1, Counter()))
    recvs = ch.own_of("recv", "range")
    for g in senders:
        sent = _goroutine_sends(ctx, g)
        if sent is None:
            return False
        units.append(g.go)
        loops = cm.loops_around(g.go, ch.spawner, ch.decl.node)
        if loops and any(r.kind == "range" and cm._same(r.node, loops[0]) for r in recvs):
            continue  # `for v := range ch { ...; go send() }`: each new sender replaces one received
        if loops and any(cm.inside(r.node, loops[0]) and r.node.start_byte > g.go.end_byte for r in recvs):
            loops = []  # a handshake per iteration: one sender pending at a time
        if not loops:
            per_goroutine.append(sent)
            continue
        count = cm.loop_count(ctx.package, scope, loops[0]) if len(loops) == 1 else None
        if count is None or sent[1]:
            return False
        if count[0] == "const":
            per_goroutine.append((count[1] * sent[0], Counter()))
        elif sent[0] == 1:
            per_goroutine.append((0, Counter({count: 1})))
        else:
            return False
    exclusive = all(cm.exclusive(a, b) for i, a in enumerate(units) for b in units[i + 1:])
    if exclusive and len(per_goroutine) > 1 and not any(c for _, c in per_goroutine):
        per_goroutine = [(max(n for n, _ in per_goroutine), Counter())]  # alternatives: one runs
    total, symbolic = 0, Counter()
    for n, c in per_goroutine:
        total += n
        symbolic += c
    return symbolic == capacity[1] and total <= capacity[0]


def _fix(ctx, ch, g) -> str:
    most = cm.max_sends(g.of("send"), g.body)
    loops = cm.loops_around(g.go, ch.spawner, ch.decl.node)
    if most == 1 and not loops and len([x for x in ch.goroutines if x.of("send")]) == 1:
        return f"make({ch.elem}, 1) lets it finish"
    if most == 1 and len(loops) == 1:
        count = cm.loop_count(ctx.package, ctx.scope(ch.spawner), loops[0])
        if count is not None and count[0] == "len" and count[1] != ch.name:
            return f"make({ch.elem}, len({count[1]})) lets every sender finish"
        if count is not None and count[0] == "const":
            return f"make({ch.elem}, {count[1]}) lets every sender finish"
    return "let the sender select on ctx.Done() too"


# -- the abandoning paths ----------------------------------------------------------

def _signals_spawner(g, operand) -> bool:
    """The case waits for a channel this goroutine itself sends on or closes:
    it fires only once the goroutine is done with ``ch``."""
    name = text(unparen(operand))
    for n in cm.descendants(g.body):
        if n.type == "send_statement" and text(unparen(n.child_by_field_name("channel"))) == name:
            return True
        if n.type == "call_expression" and text(n.child_by_field_name("function")) == "close" \
                and name in text(n.child_by_field_name("arguments")):
            return True
    return False


def _wait_groups_done(g) -> set[str]:
    """The WaitGroups (as text) the goroutine calls Done on."""
    out = set()
    for n in cm.descendants(g.body, skip_literals=False):
        if n.type == "call_expression":
            fn = n.child_by_field_name("function")
            if fn is not None and fn.type == "selector_expression" and text(fn.child_by_field_name("field")) == "Done":
                out.add(text(fn.child_by_field_name("operand")))
    return out


def _waits(region, groups: set[str], lo: int, hi: int) -> bool:
    """A `wg.Wait()` on one of ``groups`` in ``region`` (not in literals) between lo and hi."""
    for n in cm.descendants(region, skip_literals=region.type != "defer_statement"):
        if n.type == "call_expression" and lo < n.start_byte < hi:
            fn = n.child_by_field_name("function")
            if fn is not None and fn.type == "selector_expression" \
                    and text(fn.child_by_field_name("field")) == "Wait" \
                    and text(fn.child_by_field_name("operand")) in groups:
                return True
    return False


def _joined(ch, g, leave) -> bool:
    """The spawner waits for the goroutine (its WaitGroup) on the abandoning
    path: before a return, or anywhere after a path that goes on. A stuck
    goroutine would then hang the spawner (a deadlock, not this leak)."""
    groups = _wait_groups_done(g)
    if not groups:
        return False
    body = ch.spawner.child_by_field_name("body")
    hi = leave.start_byte if cm.is_terminator(leave) else body.end_byte
    lo = g.go.end_byte
    loops = cm.loops_around(g.go, ch.spawner, ch.decl.node)
    if loops and cm.inside(leave, loops[-1]) and leave.start_byte < g.go.start_byte:
        lo = loops[-1].start_byte  # a later iteration's path
    if _waits(body, groups, lo, hi):
        return True
    for d in cm.descendants(body):  # `defer func() { ...; wg.Wait() }()` joins at every return
        if d.type == "defer_statement" and d.start_byte < hi and _waits(d, groups, 0, 1 << 62):
            return True
    return False


def _after_senders(ctx, ch, g, operand) -> bool:
    """The case waits for a channel that a goroutine closes (or sends on)
    only after waiting for this goroutine's WaitGroup."""
    groups = _wait_groups_done(g)
    if not groups:
        return False
    scope = ctx.scope(ch.spawner)
    key = cm.chan_key(scope, operand)
    for other in cm.channels(ctx.package, ch.file, ch.spawner):
        if other.decl is not key:
            continue
        for closer in other.goroutines:
            ops = closer.of("close", "send")
            hi = closer.body.end_byte if ops and ops[0].deferred else (ops[0].node.start_byte if ops else 0)
            if ops and _waits(closer.body, groups, 0, hi):
                return True
    return False


def _sender_leaves_on(g, operand) -> bool:
    """The goroutine itself returns on the same channel the spawner leaves on
    (`case <-end: return` in both): it ends when the spawner does."""
    name = text(unparen(operand))
    for n in cm.descendants(g.body):
        if n.type == "communication_case":
            rc = cm.case_receive(n)
            if rc is not None and text(unparen(rc.child_by_field_name("operand"))) == name \
                    and any(cm.is_terminator(x) for x in cm.case_body(n)):
                return True
    return False


def _after_senders_case(ctx, ch, g, exit_node, loop) -> bool:
    """The exit is taken in a select case that fires only once the senders
    are done (see _after_senders)."""
    for n in cm.ancestors(exit_node, loop):
        if n.type == "communication_case":
            rc = cm.case_receive(n)
            return rc is not None and _after_senders(ctx, ch, g, rc.child_by_field_name("operand"))
    return False


def _case_leaves(ch, sel, case, recvs):
    """The statement by which the spawner, having taken ``case`` of ``sel``,
    stops receiving from ``ch`` (None when it receives again)."""
    if any(cm.inside(r.node, case) for r in recvs):
        return None  # the case itself waits for the goroutine (after a kill or close)
    for stmt in cm.case_body(case):
        for n in [stmt, *cm.descendants(stmt)]:
            if cm.is_terminator(n) or n.type == "goto_statement":
                return n
            if n.type == "break_statement" and any(c.type == "label_name" for c in n.named_children) \
                    and cm.leaves(n, sel):
                if not any(r.node.start_byte > n.end_byte and not cm.inside(r.node, sel) for r in recvs):
                    return n
            if n.type == "continue_statement":
                return None
    if cm.loops_around(sel, ch.spawner, ch.decl.node):
        return None
    if any(r.node.start_byte >= sel.end_byte for r in recvs):
        return None
    return case


def _case_label(case) -> str:
    if case.type == "default_case":
        return "default"
    comm = case.named_children[0]
    return "case " + _short(comm, 24)


def _only_failing_alternatives(ctx, case) -> bool:
    """Every other case of the select fails the test or ends the process:
    the receive is as good as a plain one."""
    others = [c for c in case.parent.named_children
              if c.type in ("communication_case", "default_case") and not cm._same(c, case)]
    return bool(others) and all(_failure_path(ctx, c) for c in others)


def _select_path(ctx, ch, g, recvs):
    if not all(r.select_case is not None and not _only_failing_alternatives(ctx, r.select_case)
               for r in recvs):
        return None  # RULES.md: only when its receive is only a select case
    go_loops = cm.loops_around(g.go, ch.spawner, ch.decl.node)
    for r in recvs:
        case = r.select_case
        if case is None:
            continue
        if r.node.start_byte < g.go.start_byte and not (
                go_loops and cm.inside(r.node, go_loops[-1])):
            continue
        sel = case.parent
        for c in sel.named_children:
            if c.type not in ("communication_case", "default_case") or cm._same(c, case):
                continue
            rc = cm.case_receive(c)
            if rc is not None and not go_loops and _signals_spawner(g, rc.child_by_field_name("operand")):
                continue
            if rc is not None and _after_senders(ctx, ch, g, rc.child_by_field_name("operand")):
                continue
            if rc is not None and _sender_leaves_on(g, rc.child_by_field_name("operand")):
                continue
            leave = _case_leaves(ch, sel, c, recvs)
            if leave is not None and not _failure_path(ctx, case_region(c, leave)) \
                    and not _joined(ch, g, leave):
                return c, leave
    return None


_FAILURES = {"Fatal", "Fatalf", "FailNow", "Error", "Errorf", "Fail", "Skip", "Skipf", "SkipNow"}


def case_region(case, leave):
    return case if leave is case else leave.parent


def _failure_path(ctx, region) -> bool:
    """The path ends the process or fails the test (`log.Fatal`, `os.Exit`,
    and in _test.go files `t.Fatal`/`t.Error`/`panic`...): the goroutine left
    behind cannot matter any more."""
    test = ctx.file.is_test
    for n in [region, *cm.descendants(region)]:
        if test and n.type == "communication_case":
            rc = cm.case_receive(n)
            operand = unparen(rc.child_by_field_name("operand")) if rc is not None else None
            if operand is not None and (text(operand).startswith("time.After(") or (
                    operand.type == "selector_expression" and text(operand.child_by_field_name("field")) == "C")):
                return True  # a test's timeout: the test fails there
        if n.type != "call_expression":
            continue
        fn = unparen(n.child_by_field_name("function"))
        if fn is None:
            continue
        if fn.type == "identifier":
            if text(fn) == "panic" and ctx.file.is_test:
                return True
            continue
        if fn.type != "selector_expression":
            continue
        name = text(fn.child_by_field_name("field"))
        operand = text(fn.child_by_field_name("operand"))
        path = ctx.file.imports.get(operand)
        if (path == "log" and name.startswith(("Fatal", "Panic"))) or (path == "os" and name == "Exit"):
            return True
        if ctx.file.is_test and name in _FAILURES and path is None:
            return True
        if test and (path, name) in (("fmt", "Errorf"), ("errors", "New")):
            return True  # a test helper reporting the failure to its caller
    return False


def _early_return(ctx, ch, g, recvs):
    go = g.go
    go_loops = cm.loops_around(go, ch.spawner, ch.decl.node)
    after = [r for r in recvs if r.node.start_byte > go.end_byte]
    first = min(after, key=lambda r: r.node.start_byte) if after else None
    outer = go_loops[-1] if go_loops else None
    body = ch.spawner.child_by_field_name("body")
    for n in cm.descendants(body):
        if not cm.is_terminator(n):
            continue
        if first is not None and cm.inside(first.node, n):
            continue
        if first is not None and first.select_case is not None and cm.inside(n, first.select_case.parent):
            continue  # another case of the receiving select: the select path judges it
        between = n.start_byte > go.end_byte and first is not None and n.start_byte < first.node.start_byte
        in_loop = outer is not None and cm.inside(n, outer) and (
            first is None or first.node.start_byte >= outer.end_byte) and bool(after)
        if not (between or in_loop):
            continue
        if cm.exclusive(n, go) or _failure_path(ctx, n.parent) or _joined(ch, g, n):
            continue
        return n
    return None


def _last_one_out(send, body) -> bool:
    """`if atomic.AddInt32(&n, 1) == total { done <- true }`: only the last
    of the senders sends."""
    for n in cm.ancestors(send, body):
        if n.type == "if_statement":
            cond = text(n.child_by_field_name("condition"))
            if "==" in cond and ("atomic." in cond or ".Add(" in cond):
                return True
    return False


def _loop_path(ctx, ch, g, recvs):
    """Senders started in a loop, the spawner receiving fewer times."""
    go_loops = cm.loops_around(g.go, ch.spawner, ch.decl.node)
    if not go_loops or all(_last_one_out(s.node, g.body) for s in g.of("send")):
        return None
    outer = go_loops[-1]
    for r in recvs:
        if r.kind == "range" and cm._same(r.node, go_loops[0]):
            # `for v := range ch { ...; go send() }`: a replacement per value
            # received; leaving the loop early strands the running senders
            ex = [e for e in cm.exits(r.node) if not _joined(ch, g, e) and not _failure_path(ctx, e.parent)]
            return ("first error", r, ex[0], r.node) if ex else None
    if any(cm.inside(r.node, outer) for r in recvs):
        return None
    after = [r for r in recvs if r.node.start_byte >= outer.end_byte]
    if not after:
        return None
    straight = []
    for r in after:
        loops = cm.loops_around(r.node, ch.spawner, ch.decl.node)
        if r.kind == "range":
            loops.insert(0, r.node)
        if loops:
            ex = [e for e in cm.exits(loops[-1]) if not cm.counted_exit(e, loops[-1])
                  and not _failure_path(ctx, e.parent) and not _joined(ch, g, e)
                  and not _after_senders_case(ctx, ch, g, e, loops[-1])]
            if not ex:
                return None  # a loop that drains the senders
            return "first error", r, ex[0], outer
        straight.append(r)
    scope = ctx.scope(ch.spawner)
    count = cm.loop_count(ctx.package, scope, outer)
    capacity = cm.size_of(ctx.package, scope, ch.buffer) if ch.buffer is not None else ("const", 0)
    if _joined(ch, g, straight[0].node):
        return None
    if count is not None and count[0] == "const" and capacity is not None and capacity[0] == "const" \
            and capacity[1] + len(straight) >= count[1] * (cm.max_sends(g.of("send"), g.body) or 1 << 30):
        return None  # the buffer and the receives take every send
    return "first response", straight[0], straight[0].node, outer


def _daemon_send(g, op) -> bool:
    """A send inside an exitless `for { }`: the goroutine never ends anyway
    (MEM011's concern), whoever serves the channel."""
    loops = cm.loops_around(op.node, g.body)
    return bool(loops) and cm.infinite(loops[-1]) and not cm.exits(loops[-1])


def _abandoned_send(ctx, ch, g):
    sends = [o for o in g.of("send") if not _safe_send(ctx, ch, g, o) and not _daemon_send(g, o)]
    if not sends or _buffer_holds(ctx, ch):
        return None
    if ch.own_of("recv", "range", deferred=True) or any(x.of("recv", "range") for x in ch.goroutines):
        return None  # drained after return, or served by another goroutine
    recvs = ch.own_of("recv", "range")
    if not recvs:
        return None
    if ctx.file.is_test and all(r.select_case is not None and _failure_path(ctx, r.select_case)
                                for r in recvs):
        return None  # a test's failure-report channel: a send means the test failed
    blocked = sends[0]
    op = f"`{_op_text(ch, blocked)}` (line {blocked.line})"
    fix = _fix(ctx, ch, g)
    rel = [(blocked.file, blocked.node, f"blocks here sending on {ch.name}")]
    found = _select_path(ctx, ch, g, recvs)
    if found is not None:
        case, leave = found
        label = _case_label(case)
        rel.append((ch.file, leave, f"the {label} stops receiving from {ch.name}"))
        return (f"goroutine leaks blocked on {op} once the `{label}` (line {_line(case)}) "
                f"stops receiving from `{ch.name}`; {fix}"), rel
    early = _early_return(ctx, ch, g, recvs)
    if early is not None:
        what = "panic" if cm.is_panic(early) else "return"
        rel.append((ch.file, early, f"{what} before receiving from {ch.name}"))
        return (f"goroutine leaks blocked on {op} when the {what} at line {_line(early)} "
                f"runs before `{ch.name}` is received; {fix}"), rel
    looped = _loop_path(ctx, ch, g, recvs)
    if looped is not None:
        kind, r, leave, loop = looped
        rel.append((ch.file, leave, f"receives {kind} only"))
        rel.append((ch.file, loop, "starts one sender per iteration"))
        if kind == "first error":
            tail = f"the receiving loop leaves early at line {_line(leave)}"
        else:
            tail = f"only one value is received (line {r.line})"
        return (f"goroutines started in the loop at line {_line(loop)} leak blocked on {op}: "
                f"{tail}; {fix}"), rel
    return None


def _waits_forever(g, op) -> bool:
    if op.kind == "range":
        return True
    loops = cm.loops_around(op.node, g.body)
    return bool(loops) and cm.infinite(loops[0]) and not cm.exits(loops[0])


def _abandoned_receive(ctx, ch, g):
    waits = [o for o in g.of("range", "recv") if _waits_forever(g, o)]
    if not waits or ch.closed():
        return None
    if cm.never_returns(ch.spawner):
        return None
    op = waits[0]
    sends = ch.own_of("send")
    rel = [(op.file, op.node, f"waits here for {ch.name}")]
    if sends:
        last = max(sends, key=lambda s: s.node.start_byte)
        rel.append((ch.file, last.node, f"last send on {ch.name}, never closed"))
    fix = f"close({ch.name}) after the last send"
    if op.kind == "recv":
        fix += " and leave the loop once it is closed"
    return (f"goroutine leaks blocked on `{_op_text(ch, op)}` (line {op.line}): nothing closes "
            f"`{ch.name}`, so it waits forever once sending stops; {fix}"), rel


def _daemon_spawner(ctx, fn) -> bool:
    """`init`, a command's functions (a `package main` that neither listens nor serves runs
    once per process, which ends with them: vmctl, runc, nk on real code; a
    `package main` service is analysed), and test code (its goroutines end with
    the test binary; on real code they leaked only on failure paths or in
    helpers)."""
    if ctx.package.is_command or ctx.file.is_test:
        return True
    return fn.type == "function_declaration" and text(fn.child_by_field_name("name")) == "init"


def check(ctx, caps) -> None:
    for go in caps.get("go", []):
        fn = enclosing_function(go)
        if fn is None or _daemon_spawner(ctx, fn):
            continue
        for ch in cm.channels(ctx.package, ctx.file, fn):
            g = ch.goroutine(go)
            if g is None:
                continue
            found = _abandoned_send(ctx, ch, g) or _abandoned_receive(ctx, ch, g)
            if found is None:
                continue
            message, related = found
            ctx.report(go, message, related=tuple(related), fix=_buffer_fix(ctx, ch, g))


RULE = Rule(
    id="MEM014",
    name="goroutine-stuck-on-channel",
    summary="goroutine blocks forever on a channel its spawner may stop serving",
    level=Level.WARNING,
    tags=("goroutine", "memory", "channel"),
    precision="high",
    default=True,
    query=QUERY,
    check=check,
)


# -- the fix ------------------------------------------------------------------------

_SEQUENCE = ("statement_list", "block")


def _buffer_fix(ctx, ch, g) -> Fix | None:
    """`make(chan T)` becomes `make(chan T, 1)` when one goroutine, started once,
    is the only sender and sends at most once: the buffer then holds every send.
    Safe when the send is the goroutine's last act (nothing but closing the channel,
    no other deferred call, runs after it): only then does the lost hand-off wait
    change nothing else."""
    senders = [x for x in ch.goroutines if x.of("send")]
    sends = g.of("send")
    if ch.buffer is not None or senders != [g] or ch.own_of("send") or ch.own_of("send", deferred=True) \
            or g.of("recv", "range") or cm.max_sends(sends, g.body) != 1 \
            or cm.loops_around(g.go, ch.spawner, ch.decl.node) or ch.file is not ctx.file:
        return None
    args = ch.make.child_by_field_name("arguments")
    if args is None or args.named_child_count != 1 or b"\n" in args.text:
        return None
    at = args.named_children[0].end_byte
    safe = all(_last_act(s.node, s.fn) for s in sends)
    return Fix(f"give `{ch.name}` a buffer of 1", (Edit(at, at, ", 1"),), safe=safe)


def _last_act(send, fn) -> bool:
    """Nothing runs after ``send`` in ``fn`` but returning or closing the same channel
    (a buffered value is still received before the close is seen): it is followed
    only by the end of its blocks (not of a loop's), a `close(ch)` or a `return`,
    and ``fn`` defers nothing but `close(ch)`."""
    chan = text(send.child_by_field_name("channel"))
    closing = f"close({chan})"
    if any(n.type == "defer_statement" and text(n).split(None, 1)[-1] != closing
           for n in cm.descendants(fn)):
        return False
    n = send
    while n is not None and n != fn:
        p = n.parent
        if p is None or p.type == cm.LOOP or p.type == "communication_case":
            return False
        if p.type in _SEQUENCE:
            after = [s for s in p.named_children[p.named_children.index(n) + 1:]
                     if s.type != "comment" and text(s) != closing]
            if after:
                return after[0].type == "return_statement"
        n = p
    return n == fn
