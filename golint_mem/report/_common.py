"""What every reporter shares: path display, levels, counting, tool identity."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath

from golint_mem.rule import Diagnostic, Finding, Level, Location, Rule

TOOL_NAME = "golint-mem"
INFORMATION_URI = "https://github.com/golint-mem/golint-mem"
RULES_DOC_URI = INFORMATION_URI + "/blob/main/docs/rules.md"

#: Levels in the order the summaries list them.
LEVEL_ORDER = (Level.WARNING, Level.ERROR, Level.NOTE)

#: Diagnostic kinds that are only advice about the input, not a failure to read it.
WARNING_KINDS = frozenset({"unused-suppression", "malformed-suppression"})
#: Diagnostic kinds that are notes: a file skipped on purpose (--max-file-size).
NOTE_KINDS = frozenset({"too-large", "symlink-outside"})


def level_of(level: Level | str) -> str:
    """The level word (``error``/``warning``/``note``) of an enum or a plain string."""
    return Level(level).value


def diagnostic_level(kind: str) -> str:
    """``warning`` for advice (unused suppressions), ``note`` for a file skipped on purpose,
    ``error`` for input that was not analysed."""
    if kind in NOTE_KINDS:
        return "note"
    return "warning" if kind in WARNING_KINDS else "error"


def absolute(path: str | os.PathLike[str], cwd: Path) -> Path:
    """``path`` made absolute against ``cwd`` and normalised (``..`` folded, no symlinks resolved)."""
    p = Path(path)
    if not p.is_absolute():
        p = Path(os.path.abspath(cwd)) / p
    return Path(os.path.normpath(p))


def relative_to(path: Path, base: Path) -> PurePath | None:
    """``path`` relative to ``base`` (both absolute), or None when it lies outside it.

    Tries the paths as written first, then with symlinks resolved (``/tmp`` vs
    ``/private/tmp``), so a root given one way still matches files given the other.
    """
    try:
        return path.relative_to(base)
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(base.resolve())
    except (ValueError, OSError):
        return None


def display_path(path: str, cwd: Path) -> PurePath:
    """The path as shown to a user: relative to ``cwd`` when under it; outside it,
    relative (``../lib/x.go``) when that is shorter than the absolute path, as the
    go tool's ShortPath chooses."""
    full = absolute(path, cwd)
    base = absolute(cwd, cwd)
    rel = relative_to(full, base)
    if rel is not None:
        return rel
    try:
        up = PurePath(os.path.relpath(full, base))
    except ValueError:  # another drive
        return full
    return up if len(str(up)) < len(str(full)) else full


def position(loc: Location) -> str:
    """``line:col`` for ``path:line:col`` displays; parts that are unknown (0) are left out."""
    if loc.line <= 0:
        return ""
    if loc.column <= 0:
        return f"{loc.line}"
    return f"{loc.line}:{loc.column}"


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def level_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """``{"warning": n, "error": n, "note": n}`` in :data:`LEVEL_ORDER`."""
    counts = Counter(level_of(f.level) for f in findings)
    return {level.value: counts.get(level.value, 0) for level in LEVEL_ORDER}


#: How the text summary words each diagnostic kind: (counts files?, singular, plural).
_DIAGNOSTIC_PHRASES = {
    "syntax-error": (True, "file could not be parsed", "files could not be parsed"),
    "read-error": (True, "file could not be read", "files could not be read"),
    "encoding-error": (True, "file could not be decoded", "files could not be decoded"),
    "too-large": (True, "file was skipped as too large", "files were skipped as too large"),
    "too-deep": (True, "file was skipped as nested too deep", "files were skipped as nested too deep"),
    "too-complex": (True, "file was not fully analysed", "files were not fully analysed"),
    "internal-error": (False, "internal error", "internal errors"),
    "symlink-outside": (False, "symlink note", "symlink notes"),
    "unused-suppression": (False, "unused suppression", "unused suppressions"),
    "malformed-suppression": (False, "malformed suppression", "malformed suppressions"),
}


def diagnostic_summary(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """Phrases such as ``1 file could not be parsed`` for the text summary, in a fixed order."""
    by_kind: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_kind.setdefault(d.kind, []).append(d)
    known = [k for k in _DIAGNOSTIC_PHRASES if k in by_kind]
    other = sorted(k for k in by_kind if k not in _DIAGNOSTIC_PHRASES)
    phrases = []
    for kind in known:
        per_file, one, many = _DIAGNOSTIC_PHRASES[kind]
        items = by_kind[kind]
        n = len({d.location.path for d in items}) if per_file else len(items)
        phrases.append(f"{n} {one if n == 1 else many}")
    for kind in other:
        phrases.append(plural(len(by_kind[kind]), f"{kind} diagnostic"))
    return phrases


def statistics_rows(result) -> list[tuple[int, str, str]]:
    """(count, code, name) per rule with findings and per diagnostic kind, most first."""
    counts: Counter = Counter()
    names: dict[str, str] = {}
    for f in result.findings:
        counts[f.rule_id] += 1
        names[f.rule_id] = f.rule_name
    for d in result.diagnostics:
        counts[d.kind] += 1
        names.setdefault(d.kind, "")
    return [(n, code, names[code]) for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def sorted_rules(rules: Iterable[Rule]) -> list[Rule]:
    """The rules in id order, one per id (the first given wins)."""
    seen: dict[str, Rule] = {}
    for rule in rules:
        seen.setdefault(rule.id, rule)
    return [seen[k] for k in sorted(seen)]


def help_uri(rule_id: str) -> str:
    return f"{RULES_DOC_URI}#{rule_id.lower()}"
