"""Suppression comments: ``//nolint[:ID,...]`` and ``//golint-mem:ignore ID reason``.

A directive covers its own line and the line below it. Directives are read
from tree-sitter comment nodes, so text inside string literals never counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NOLINT = re.compile(r"^//\s*nolint(?::([\w\-, ]+?))?(?:\s*//.*)?\s*$|^//\s*nolint\b(?::([\w\-,]+))?")
_IGNORE = re.compile(r"^//\s*golint-mem:ignore\s+([\w\-,]+)(?:\s+(.*))?$")


@dataclass
class Directive:
    line: int  # 1-based line of the comment
    column: int
    keys: set[str] | None  # None: every rule (bare //nolint)
    ours: bool  # names one of our rules, or is golint-mem:ignore
    used: bool = False
    text: str = ""


@dataclass
class Suppressions:
    directives: list[Directive] = field(default_factory=list)

    def suppresses(self, line: int, rule_id: str, rule_name: str) -> bool:
        hit = False
        for d in self.directives:
            if d.line != line and d.line != line - 1:
                continue
            if d.keys is None or rule_id in d.keys or rule_name in d.keys or "all" in d.keys:
                d.used = True
                hit = True
        return hit

    def unused(self) -> list[Directive]:
        return [d for d in self.directives if d.ours and not d.used]


def parse_directive(comment: str, line: int, column: int, known: dict[str, str]) -> Directive | None:
    """``known`` maps every rule id and name (lower-cased names) to its id."""
    body = comment.strip()
    if not body.startswith("//"):
        return None
    m = _IGNORE.match(body)
    if m:
        keys = {k.strip() for k in m.group(1).split(",") if k.strip()}
        keys = {known.get(k.upper(), known.get(k.lower(), k)) for k in keys}
        return Directive(line, column, keys, True, text=body)
    m = _NOLINT.match(body)
    if m:
        raw = m.group(1) or m.group(2)
        if raw is None:
            return Directive(line, column, None, False, text=body)
        keys = {k.strip() for k in raw.split(",") if k.strip()}
        ours = {known[k.upper()] if k.upper() in known else known[k.lower()]
                for k in keys if k.upper() in known or k.lower() in known}
        if "all" in {k.lower() for k in keys}:
            return Directive(line, column, None, False, text=body)
        return Directive(line, column, ours, bool(ours), text=body)
    return None
