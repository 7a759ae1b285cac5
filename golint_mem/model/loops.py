"""How a `for` loop goes on: which loop holds a node, whether the loop can ever
end, and whether a `select` case leads to another iteration.

MEM007 asks whether a ticker is read only by loops that never end (then a
`Stop` could never run and the ticker lives exactly as long as its goroutine);
MEM008 asks whether any case of a `select` next to a `time.After` can start the
next iteration while that timer is still pending. Both are answered from the
syntax of one function; walks go up the parents of a node or over one loop's
statements (function literals are other functions and are not entered).
"""

from __future__ import annotations

import re

from tree_sitter import Node

from golint_mem.model.channels import LOOP, case_body, case_receive, descendants, exits, inside, leaves
from golint_mem.model.scope import FUNC_NODES
from golint_mem.parse import text, unparen

#: calls that never return to the loop: the process or goroutine ends, or the test stops
_NO_RETURN = {"Exit", "Fatal", "Fatalf", "Fatalln", "FailNow", "SkipNow", "Skip", "Skipf",
              "Goexit", "Panic", "Panicf", "Panicln"}


#: channel names that announce a shutdown: `done`, `stopCh`, `quit`, `closing`, `dying`...
_SIGNAL = re.compile(r"(?i)^_?(done|stop|stopped|stopping|quit|quitting|close|closed|closing|die|"
                     r"dying|dead|exit|exiting|shutdown|shuttingdown|terminate|kill|cancel|"
                     r"cancelled|canceled)(_?(ch|c|chan|channel))?$")
#: nodes whose statements run one after the other (a case runs its statements after its label)
SEQUENCES = ("block", "statement_list", "expression_case", "default_case", "communication_case",
              "type_case")


def loop_of(node: Node) -> Node | None:
    """The innermost `for` statement whose body holds ``node`` in the same
    function (a function literal is a boundary), or None."""
    child, n = node, node.parent
    while n is not None and n.type not in FUNC_NODES:
        if n.type == LOOP and n.child_by_field_name("body") == child:
            return n
        child, n = n, n.parent
    return None


def runs_once(node: Node, package_name: str) -> bool:
    """``node`` runs once per process: it is in `func init()`, or in `func main()` of
    package main, outside any loop and any function literal (which may run again)."""
    fn = node.parent
    while fn is not None and fn.type not in FUNC_NODES:
        if fn.type == LOOP:
            return False
        fn = fn.parent
    if fn is None or fn.type != "function_declaration":
        return False
    name = fn.child_by_field_name("name")
    name = name.text.decode("utf-8", "replace") if name is not None else ""
    return name == "init" or (name == "main" and package_name == "main")


def ranged_by(node: Node) -> Node | None:
    """The `for` statement ranging over ``node`` (`for x := range node`), or None."""
    p = node.parent
    if p is not None and p.type == "range_clause" and p.child_by_field_name("right") == node:
        return p.parent
    return None


def endless(loop: Node, ranges_forever: bool = False) -> bool:
    """Whether ``loop`` can never end: `for { ... }` (or, with ``ranges_forever``,
    a range over a channel nobody closes, such as a ticker's) whose body has no
    return, panic, goto, or break out of it."""
    clauses = [c for c in loop.named_children if c.type not in ("block", "comment")]
    if clauses and not (ranges_forever and len(clauses) == 1 and clauses[0].type == "range_clause"):
        return False
    return not exits(loop)


def ends_iteration(stmt: Node, loop: Node) -> bool:
    """Whether ``stmt`` leaves ``loop`` for good: return, goto, panic, a break
    (or labeled continue) out of it, or a call that never returns
    (`os.Exit`, `log.Fatal`, `t.Fatal`...)."""
    t = stmt.type
    if t in ("return_statement", "goto_statement"):
        return True
    if t == "break_statement":
        return leaves(stmt, loop)
    if t == "continue_statement":
        target = _continues(stmt)  # a labeled continue of an outer loop leaves this one
        return target is not None and target != loop and inside(loop, target)
    if t == "assignment_statement":
        return _stops_condition(stmt, loop)
    if t == "expression_statement" and stmt.named_children:
        call = unparen(stmt.named_children[0])
        if call is not None and call.type == "call_expression":
            fn = unparen(call.child_by_field_name("function"))
            if fn is not None and fn.type == "identifier":
                return text(fn) == "panic"
            if fn is not None and fn.type == "selector_expression":
                return text(fn.child_by_field_name("field")) in _NO_RETURN
    return False


def _stops_condition(assign: Node, loop: Node) -> bool:
    """`finished = true` in `for !finished { ... }` (or `running = false` in
    `for running { ... }`): the loop ends at its next check."""
    cond = next((c for c in loop.named_children
                 if c.type not in ("block", "range_clause", "comment")), None)
    if cond is not None and cond.type == "for_clause":
        cond = cond.child_by_field_name("condition")
    cond = unparen(cond)
    want = "false"
    if cond is not None and cond.type == "unary_expression" and text(cond.child_by_field_name("operator")) == "!":
        cond, want = unparen(cond.child_by_field_name("operand")), "true"
    if cond is None or cond.type != "identifier":
        return False
    left = assign.child_by_field_name("left").named_children
    right = assign.child_by_field_name("right").named_children
    return len(left) == 1 and len(right) == 1 and text(assign.child_by_field_name("operator")) == "=" \
        and text(left[0]) == text(cond) and text(right[0]) == want


def _continues(stmt: Node) -> Node | None:
    """The loop a `continue` starts again."""
    label = next((c for c in stmt.named_children if c.type == "label_name"), None)
    n = stmt.parent
    while n is not None and n.type not in FUNC_NODES:
        if label is None and n.type == LOOP:
            return n
        if label is not None and n.type == "labeled_statement" \
                and text(n.child_by_field_name("label")) == text(label):
            return n.named_children[-1] if n.named_children else None
        n = n.parent
    return None


def _iterates(region: Node, loop: Node) -> bool:
    """Whether a `continue` in ``region`` starts ``loop`` again."""
    for n in descendants(region):
        if n.type == "continue_statement":
            target = _continues(n)
            if target is not None and target == loop:
                return True
    return False


def leaves_after(stmt: Node, loop: Node) -> bool:
    """Whether control that completes ``stmt`` normally always leaves ``loop``
    before its next iteration: some statement after it, in its block or in an
    enclosing block up to the loop body, unconditionally ends the loop."""
    child, n = stmt, stmt.parent
    while n is not None and n != loop:
        if n.type in FUNC_NODES or n.type == LOOP:
            return False  # an inner loop goes on by itself
        if n.type in SEQUENCES:
            after = False
            for s in n.named_children:
                if s == child:
                    after = True
                elif after and ends_iteration(s, loop):
                    return True
        child, n = n, n.parent
    return False


def case_goes_on(case: Node, select: Node, loop: Node) -> bool:
    """Whether a `select` case (or `default`) can lead to the next iteration of
    ``loop``: it does not receive from a `Done()` channel (closed for good once
    closed) and it neither ends the loop itself nor falls out of the `select`
    into code that always does."""
    if _done_receive(case):
        return False
    body = case_body(case)
    if _iterates(case, loop):
        return True
    if any(ends_iteration(s, loop) for s in body):
        return False
    return not leaves_after(select, loop)


def _done_receive(case: Node) -> bool:
    """A receive from `X.Done()` or from a channel named as a shutdown signal
    (`s.stop`, `quitCh`, `w.closing`, `child.dying`...): closed for good once
    closed, so a loop that went on would spin; real loops leave."""
    recv = case_receive(case)
    if recv is None:
        return False
    ch = unparen(recv.child_by_field_name("operand"))
    if ch is not None and ch.type == "call_expression":
        fn = ch.child_by_field_name("function")
        return fn is not None and fn.type == "selector_expression" \
            and text(fn.child_by_field_name("field")) == "Done"
    if ch is not None and ch.type == "selector_expression":
        ch = ch.child_by_field_name("field")
    return ch is not None and ch.type in ("identifier", "field_identifier") \
        and _SIGNAL.match(text(ch)) is not None
