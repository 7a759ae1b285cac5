"""The contract every rule meets: Rule metadata, Finding, Level.

A rule is one module in ``rules/``. Its docstring is the rule's documentation
(ruff-style sections) and its module attribute ``RULE`` is a :class:`Rule`
carrying the typed metadata, the tree-sitter query that finds its candidates,
and the ``check`` callable that turns one query match into findings.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # the engine's context is only a type here; keeps imports light
    from golint_mem.engine import RuleContext


class Level(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    def __str__(self) -> str:
        return self.value


#: The sections a rule docstring must have, in order (ruff's layout).
DOC_SECTIONS = (
    "What it does",
    "Why is this bad?",
    "Example",
    "Use instead",
    "Known problems",
    "References",
)

RULE_ID = re.compile(r"^MEM\d{3}$")
RULE_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    summary: str
    level: Level
    tags: tuple[str, ...]
    precision: str  # "high" | "medium"
    default: bool
    #: tree-sitter query patterns; each match is handed to ``check``.
    query: str
    #: ``check(ctx, captures)``: ``captures`` maps capture name -> list of nodes.
    check: Callable[["RuleContext", dict], None]
    #: filled in by the registry from the module docstring
    doc: str = ""

    def section(self, title: str) -> str:
        """The text of one docstring section (without its heading)."""
        return doc_sections(self.doc).get(title, "")

    @property
    def full_description(self) -> str:
        return " ".join(self.section("What it does").split())

    def go_examples(self) -> tuple[str, str]:
        """The Go code of the Example and Use instead sections."""
        return (
            _code_block(self.section("Example")),
            _code_block(self.section("Use instead")),
        )


def doc_sections(doc: str) -> dict[str, str]:
    """Split a docstring into ``{heading: body}`` by ``## Heading`` lines."""
    sections: dict[str, str] = {}
    current = None
    lines: list[str] = []
    for line in doc.splitlines():
        m = re.match(r"^##\s+(.+?)\s*$", line)
        if m:
            if current is not None:
                sections[current] = "\n".join(lines).strip("\n")
            current, lines = m.group(1), []
        elif current is not None:
            lines.append(line)
    if current is not None:
        sections[current] = "\n".join(lines).strip("\n")
    return sections


def _code_block(text: str) -> str:
    m = re.search(r"```go\n(.*?)```", text, re.S)
    return m.group(1) if m else ""


@dataclass(frozen=True)
class Location:
    path: str  # as given on the command line / discovered (not relativised)
    line: int  # 1-based
    column: int  # 1-based, in bytes (as go vet reports)
    end_line: int
    end_column: int
    column16: int = 0  # 1-based, in UTF-16 code units (SARIF, LSP)
    end_column16: int = 0
    message: str = ""  # for related locations: what happens here


@dataclass(frozen=True)
class Edit:
    """Replace bytes ``[start, end)`` of the finding's file with ``text``."""

    start: int
    end: int
    text: str
    #: the same span as lines and columns (bytes and UTF-16), filled in by the engine
    range: Location | None = None


@dataclass(frozen=True)
class Fix:
    """A rule's mechanical fix for one finding: edits in the finding's file.

    ``safe`` fixes are applied by ``--fix``; the others only with ``--unsafe-fixes``
    (ruff's split): they are right in the common case but could change behaviour in
    one the rule cannot see.
    """

    title: str
    edits: tuple[Edit, ...]
    safe: bool = True


@dataclass(frozen=True)
class Finding:
    rule_id: str
    rule_name: str
    level: Level
    message: str
    location: Location
    #: secondary locations (e.g. MEM003's call chain), in order
    related: tuple[Location, ...] = ()
    #: stable across line moves: rule id + the flagged line's text + its
    #: occurrence index among identical lines of the file (SARIF partialFingerprints)
    fingerprint: str = ""
    #: the rule's mechanical fix, when it has a certain one
    fix: Fix | None = None

    @property
    def sort_key(self):
        loc = self.location
        return (loc.path, loc.line, loc.column, self.rule_id, self.message)


@dataclass(frozen=True)
class Diagnostic:
    """A problem with the input, not with the code: reported, never fatal."""

    kind: str  # "syntax-error" | "read-error" | "encoding-error" | "too-large" | "unused-suppression"
    message: str
    location: Location

    @property
    def sort_key(self):
        loc = self.location
        return (loc.path, loc.line, loc.column, self.kind, self.message)


@dataclass
class Result:
    """What a run produced: findings and input diagnostics, sorted."""

    findings: list[Finding] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0  # Go files matched (in report scope)
    packages: int = 0
    analysed: int = 0  # of those, files read and analysed (not left out by build rules or size)

    def sort(self) -> None:
        self.findings.sort(key=lambda f: f.sort_key)
        self.diagnostics.sort(key=lambda d: d.sort_key)
