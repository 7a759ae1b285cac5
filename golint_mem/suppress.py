"""Suppression comments: ``//nolint[:ID,...] [// reason]`` and ``//golint-mem:ignore ID reason``.

As in golangci-lint and staticcheck:
- a directive at the end of a line covers that line and the next; at the end of
  a ``func`` line (or a type/var/const declaration's first line) it covers the
  whole declaration;
- a directive on a line of its own covers the node that starts on the line below
  its comment block, at the same column: in a declaration's doc comment, the
  whole declaration;
- ``//golint-mem:ignore`` needs its reason: without one it suppresses nothing and
  is reported (staticcheck's "malformed linter directive"); with the option
  ``require-reason`` a ``//nolint`` needs ``// reason`` too;
- ``// nolint`` (a space after ``//``) is not a directive, as in Go's own
  directive syntax; it is reported with ``--report-unused-suppressions``.
Directives are read from tree-sitter comment nodes, so text inside string
literals never counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tree_sitter import Node

_NOLINT = re.compile(r"^//nolint(?::([^\s/]*))?(?P<rest>(?:\s.*|//.*)?)$", re.S)
_IGNORE = re.compile(r"^//golint-mem:ignore(?:\s+(?P<keys>[^\s]+))?(?P<rest>.*)$", re.S)
_SPACED = re.compile(r"^//\s+(nolint\b|golint-mem:ignore\b)")
#: `//nolint:golint-mem` names every rule of this tool
_TOOL_KEYS = {"golint-mem", "golint_mem", "golintmem"}
#: nodes a directive on their first line covers entirely
_DECLARATIONS = {
    "function_declaration", "method_declaration", "func_literal",
    "type_declaration", "var_declaration", "const_declaration",
}


@dataclass
class Directive:
    line: int  # 1-based line of the comment
    column: int
    keys: set[str] | None  # rule ids it names; None: every rule (bare //nolint, :all)
    ours: bool  # names one of our rules, or is golint-mem:ignore
    used: bool = False
    text: str = ""
    first: int = 0  # the lines it covers (1-based, inclusive)
    last: int = 0
    used_keys: set[str] = field(default_factory=set)
    #: why it suppresses nothing although it looks like a directive ("" when it works)
    problem: str = ""
    #: "malformed-suppression" (always reported) or "unused-suppression" (on request)
    problem_kind: str = ""
    #: a malformed directive that sat where it would have suppressed a finding
    would_match: bool = False

    def __post_init__(self):
        if not self.first:
            self.first, self.last = self.line, self.line + 1

    def names(self, rule_id: str, rule_name: str) -> bool:
        return self.keys is None or rule_id in self.keys or rule_name in self.keys


@dataclass
class Suppressions:
    directives: list[Directive] = field(default_factory=list)

    def suppresses(self, line: int, rule_id: str, rule_name: str) -> bool:
        hit = False
        for d in self.directives:
            if not d.first <= line <= d.last or not d.names(rule_id, rule_name):
                continue
            if d.problem:
                d.would_match = True
                continue
            d.used = True
            d.used_keys.add(rule_id)
            hit = True
        return hit

    def unused(self) -> list[Directive]:
        return [d for d in self.directives if d.ours and not d.used and not d.problem]

    def problems(self, selected: set[str], report_unused: bool) -> list[tuple[str, Directive, str]]:
        """(kind, directive, message) for each directive worth telling the user about:
        malformed ones always, unused ones and look-alikes only when asked."""
        out = []
        for d in self.directives:
            if d.problem:
                if d.problem_kind == "malformed-suppression" and (d.ours or d.would_match):
                    out.append((d.problem_kind, d, d.problem))
                elif report_unused and d.problem_kind == "unused-suppression":
                    out.append((d.problem_kind, d, d.problem))
                continue
            if not report_unused or not d.ours:
                continue
            if d.keys is None:
                if not d.used:
                    out.append(("unused-suppression", d,
                                f"suppression {d.text!r} suppresses nothing; remove it"))
                continue
            idle = sorted((d.keys & selected) - d.used_keys)
            if not idle:
                continue
            if idle == sorted(d.keys) and _only_ours(d):
                msg = f"suppression {d.text!r} suppresses nothing; remove it"
            else:
                msg = f"{', '.join(idle)} in {d.text!r} suppresses nothing here; remove {', '.join(idle)}"
            out.append(("unused-suppression", d, msg))
        return out


def _only_ours(d: Directive) -> bool:
    return d.__dict__.get("_only_ours", True)


def _lookup(key: str, known: dict[str, str]) -> str | None:
    return known.get(key.upper()) or known.get(key.lower())


def parse_directive(
    comment: str, line: int, column: int, known: dict[str, str], *, require_reason: bool = False
) -> Directive | None:
    """``known`` maps every rule id and name to its id."""
    body = comment.strip()
    if not body.startswith("//"):
        return None
    m = _IGNORE.match(body)
    if m:
        raw = [k for k in (m.group("keys") or "").split(",") if k]
        keys = {_lookup(k, known) or k for k in raw}
        d = Directive(line, column, keys, True, text=body)
        if not raw or not m.group("rest").strip():
            d.problem_kind = "malformed-suppression"
            need = "a reason after the rule" if raw else "a rule and a reason"
            d.problem = (f"{body!r} suppresses nothing: it needs {need}, "
                         f"e.g. //golint-mem:ignore {','.join(sorted(keys)) or 'MEM001'} <why this is safe>")
        return d
    m = _NOLINT.match(body)
    if m:
        raw = [k.strip() for k in (m.group(1) or "").split(",") if k.strip()]
        rest = m.group("rest").strip()
        reason = rest.startswith("//") and rest[2:].strip() != ""
        if not raw or "all" in {k.lower() for k in raw}:
            d = Directive(line, column, None, False, text=body)
        elif _TOOL_KEYS & {k.lower() for k in raw}:
            d = Directive(line, column, None, True, text=body)
        else:
            ours = {_lookup(k, known) for k in raw if _lookup(k, known)}
            d = Directive(line, column, ours, bool(ours), text=body)
            d.__dict__["_only_ours"] = len(ours) == len(raw)
        if require_reason and not reason:
            d.problem_kind = "malformed-suppression"
            d.problem = (f"{body!r} suppresses nothing: require-reason is on and it has no "
                         f"reason; add one, e.g. {body} // <why this is safe>")
        return d
    m = _SPACED.match(body)
    if m:
        fixed = "//" + body[2:].lstrip()
        d = Directive(line, column, None, False, text=body)
        keys = re.match(r"^//(?:nolint:([^\s/]+)|golint-mem:ignore\s+(\S+))", fixed)
        names = (keys.group(1) or keys.group(2)) if keys else ""
        ours = {_lookup(k, known) for k in names.split(",") if _lookup(k, known)}
        if names and not ours:
            return None  # another linter's look-alike: not ours to judge
        if ours:
            d.keys = ours
        d.problem_kind = "unused-suppression"
        d.problem = (f"{body!r} is not a directive (no space is allowed after //) and "
                     f"suppresses nothing; write {fixed.split(' //')[0]!r}")
        return d
    return None


def read_directives(
    comments: list[Node], source: bytes, known: dict[str, str], *, require_reason: bool = False
) -> Suppressions:
    """The directives among ``comments`` (tree-sitter comment nodes of ``source``), with spans."""
    sup = Suppressions()
    for c in comments:
        text = c.text.decode("utf-8", "replace") if c.text else ""
        row, col = c.start_point
        d = parse_directive(text, row + 1, col + 1, known, require_reason=require_reason)
        if d is None:
            continue
        first, last = _span(c, source)
        d.first, d.last = first + 1, last + 1
        sup.directives.append(d)
    return sup


def _span(c: Node, source: bytes) -> tuple[int, int]:
    """0-based first and last line a directive in comment ``c`` covers."""
    row = c.start_point[0]
    line_start = source.rfind(b"\n", 0, c.start_byte) + 1
    if source[line_start:c.start_byte].strip():  # at the end of a line
        decl = None
        node = c.parent
        while node is not None and node.start_point[0] == row:
            if node.type in _DECLARATIONS:
                decl = node
            node = node.parent
        end = decl.end_point[0] if decl is not None else row
        return row, max(end, row + 1)
    # on a line of its own: through the rest of its comment block to the next node
    nxt = c.next_sibling
    last = row
    while nxt is not None and nxt.type == "comment" and nxt.start_point[0] == last + 1:
        last = nxt.end_point[0]
        nxt = nxt.next_sibling
    if nxt is not None and nxt.start_point[0] == last + 1 and nxt.start_point[1] == c.start_point[1]:
        return row, max(nxt.end_point[0], last + 1)
    return row, row + 1
