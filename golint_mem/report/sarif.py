"""SARIF 2.1.0 reporter, built from ``sarif_om`` objects.

One run: ``tool.driver`` lists every selected rule (id order) with its rendered
documentation; each result points into that list with ``ruleIndex``. Paths under
the source root are relative URI references against ``%SRCROOT%`` (declared in
``originalUriBaseIds``); files outside it get absolute ``file:`` URIs. Regions use
UTF-16 columns (``columnKind``), notifications included. A finding's related
locations (e.g. MEM003's call chain) become ``relatedLocations`` and a
``codeFlows`` thread flow so GitHub shows the path. Input diagnostics are
``toolExecutionNotifications`` of the invocation.

What GitHub code scanning reads beyond the schema: ``partialFingerprints`` carry
``primaryLocationLineHash`` computed as the upload action computes it (so uploads
with and without the action track the same alert) and our own key, which includes
the file's path; ``automationDetails.id`` carries ``--sarif-category``; GitHub's
published limits are respected (results per run, locations per result, thread flow
locations, tags per rule, description lengths), and what is cut is said in a
notification.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

import attr
import sarif_om as om

import golint_mem
from golint_mem.report._common import (
    INFORMATION_URI,
    TOOL_NAME,
    absolute,
    diagnostic_level,
    help_uri,
    level_of,
    relative_to,
    sorted_rules,
)
from golint_mem.rule import Diagnostic, Finding, Location, Result, Rule, doc_sections

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"
#: our own fingerprint: rule, path, the flagged line's text and its occurrence index
FINGERPRINT_KEY = "golintMem/v2"
LINE_HASH_KEY = "primaryLocationLineHash"

# GitHub code scanning's limits for one uploaded run (docs: "SARIF results exceed limit").
MAX_RESULTS = 25_000
MAX_LOCATIONS = 1_000
MAX_THREAD_FLOW_LOCATIONS = 10_000
MAX_TAGS = 20
MAX_DESCRIPTION = 1_024

#: GitHub code scanning's ``problem.severity`` for each SARIF level.
_PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "note": "recommendation"}

#: Written even when equal to sarif_om's default: readers look for them.
_ALWAYS_WRITTEN = frozenset({"level", "enabled"})


# --------------------------------------------------------------------------- JSON


def to_json(obj):
    """Turn a tree of ``sarif_om`` objects into JSON data with SARIF property names.

    Drops ``None``, empty lists and dicts, and values equal to the field's default
    (SARIF's ``-1`` "absent" sentinels, ``language: en-US``...) except ``level`` and
    ``enabled``. Attributes set on an instance beyond its declared fields (a
    :class:`sarif_om.PropertyBag`'s free-form properties) are written under their
    own names.
    """
    if attr.has(type(obj)):
        out = {}
        names = set()
        for f in attr.fields(type(obj)):
            names.add(f.name)
            value = getattr(obj, f.name)
            key = f.metadata.get("schema_property_name", f.name)
            if value is None:
                continue
            default = f.default
            if isinstance(default, attr.Factory):  # type: ignore[arg-type]
                default = default.factory()
            if key not in _ALWAYS_WRITTEN and default is not attr.NOTHING and value == default:
                continue
            converted = to_json(value)
            if converted in ({}, []):
                continue
            out[key] = converted
        for key, value in vars(obj).items():
            if key not in names and value is not None:
                out[key] = to_json(value)
        return out
    if isinstance(obj, dict):
        return {str(k): to_json(v) for k, v in obj.items() if v is not None}
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    return obj


# ------------------------------------------------------------------------ paths


def artifact_location(path: str, *, root: Path, cwd: Path) -> om.ArtifactLocation:
    """A relative, percent-encoded URI against ``%SRCROOT%``, or a ``file:`` URI outside root."""
    full = absolute(path, cwd)
    rel = relative_to(full, absolute(root, cwd))
    if rel is None:
        return om.ArtifactLocation(uri=full.as_uri())
    # os.fsencode keeps undecodable file names' bytes (surrogateescape) intact
    return om.ArtifactLocation(uri=quote(os.fsencode(rel.as_posix()), safe="/"), uri_base_id=SRCROOT)


def root_uri(root: Path, cwd: Path) -> str:
    uri = absolute(root, cwd).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _region(loc: Location) -> om.Region | None:
    if loc.line <= 0:
        return None
    region = om.Region(start_line=loc.line)
    col = loc.column16 or loc.column
    if col > 0:
        region.start_column = col
    if loc.end_line >= loc.line:
        region.end_line = loc.end_line
        end_col = loc.end_column16 or loc.end_column
        if end_col > 0:
            region.end_column = end_col
    return region


def _location(loc: Location, *, root: Path, cwd: Path, message: str = "", id: int = -1) -> om.Location:
    return om.Location(
        id=id,
        physical_location=om.PhysicalLocation(
            artifact_location=artifact_location(loc.path, root=root, cwd=cwd),
            region=_region(loc),
        ),
        message=om.Message(text=message) if message else None,
    )


# ------------------------------------------------------------------------ rules


def _plain(markdown: str) -> str:
    """Markdown made readable as plain text: code fences become indented blocks."""
    out = []
    in_code = False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            out.append("    " + line if line.strip() else "")
        else:
            out.append(re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", line))
    return "\n".join(out)


def rule_help(rule: Rule) -> om.MultiformatMessageString:
    """The rule's doc sections, as Markdown and as plain text (summary when it has none)."""
    sections = [(t, body.strip("\n")) for t, body in doc_sections(rule.doc).items() if body.strip()]
    if not sections:
        return om.MultiformatMessageString(text=rule.summary, markdown=rule.summary)
    markdown = "\n\n".join(f"## {title}\n\n{body}" for title, body in sections)
    text = "\n\n".join(f"{title}\n\n{_plain(body)}" for title, body in sections)
    return om.MultiformatMessageString(text=text, markdown=markdown)


def _properties(**props) -> om.PropertyBag:
    bag = om.PropertyBag(tags=props.pop("tags", None))
    for key, value in props.items():
        setattr(bag, key, value)
    return bag


def _clip(text: str, limit: int = MAX_DESCRIPTION) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def reporting_descriptor(rule: Rule) -> om.ReportingDescriptor:
    level = level_of(rule.level)
    return om.ReportingDescriptor(
        id=rule.id,
        name=rule.name,
        short_description=om.MultiformatMessageString(text=_clip(rule.summary)),
        full_description=om.MultiformatMessageString(text=_clip(rule.full_description or rule.summary)),
        help=rule_help(rule),
        help_uri=help_uri(rule.id),
        default_configuration=om.ReportingConfiguration(level=level, enabled=bool(rule.default)),
        properties=_properties(
            tags=list(dict.fromkeys(rule.tags))[:MAX_TAGS],
            precision=rule.precision,
            **{"problem.severity": _PROBLEM_SEVERITY[level]},
        ),
    )


# ---------------------------------------------------------------------- results


def _result(f: Finding, rule_index: dict[str, int], sources: "_Sources", *, root: Path, cwd: Path) -> om.Result:
    location = _location(f.location, root=root, cwd=cwd)
    res = om.Result(
        message=om.Message(text=f.message),
        rule_id=f.rule_id,
        rule_index=rule_index.get(f.rule_id, -1),
        level=level_of(f.level),
        locations=[location],
    )
    fingerprints = {}
    line_hash = sources.line_hash(f.location.path, f.location.line)
    if line_hash:
        fingerprints[LINE_HASH_KEY] = line_hash
    if f.fingerprint:
        fingerprints[FINGERPRINT_KEY] = path_fingerprint(location.physical_location.artifact_location.uri,
                                                         f.fingerprint)
    res.partial_fingerprints = fingerprints or None
    if f.fix is not None and f.fix.edits:
        res.fixes = [_fix(f, root=root, cwd=cwd)]
    related = f.related[:MAX_LOCATIONS]
    if related:
        res.related_locations = [
            _location(r, root=root, cwd=cwd, message=r.message or f"step {i}", id=i)
            for i, r in enumerate(related, start=1)
        ]
        steps = [(f.location, f.location.message or f.message)]
        steps += [(r, r.message or f"step {i}") for i, r in enumerate(related, start=1)]
        res.code_flows = [
            om.CodeFlow(
                thread_flows=[
                    om.ThreadFlow(
                        locations=[
                            om.ThreadFlowLocation(location=_location(loc, root=root, cwd=cwd, message=msg))
                            for loc, msg in steps[:MAX_THREAD_FLOW_LOCATIONS]
                        ]
                    )
                ]
            )
        ]
    return res


def _fix(f: Finding, *, root: Path, cwd: Path) -> om.Fix:
    """The rule's fix as one artifactChange of replacements (UTF-16 columns; an insertion
    deletes an empty region)."""
    replacements = []
    for e in f.fix.edits:
        span = e.range
        deleted = om.Region(start_line=span.line, start_column=span.column16 or span.column,
                            end_line=span.end_line, end_column=span.end_column16 or span.end_column)
        replacements.append(om.Replacement(deleted_region=deleted,
                                           inserted_content=om.ArtifactContent(text=e.text)))
    return om.Fix(
        description=om.Message(text=f.fix.title + ("" if f.fix.safe else " (unsafe: --unsafe-fixes)")),
        artifact_changes=[om.ArtifactChange(
            artifact_location=artifact_location(f.location.path, root=root, cwd=cwd),
            replacements=replacements,
        )],
    )


def path_fingerprint(uri: str, fingerprint: str) -> str:
    """Our fingerprint with the file's path in it: two files with the same flagged line
    are two alerts."""
    import hashlib

    return hashlib.sha256(uri.encode("utf-8") + b"\0" + fingerprint.encode("ascii")).hexdigest()[:32]


class _Sources:
    """The analysed files' bytes, read once each, for line hashes and UTF-16 columns."""

    def __init__(self, cwd: Path):
        self._cwd = cwd
        self._data: dict[str, bytes | None] = {}
        self._hashes: dict[str, dict[int, str]] = {}

    def data(self, path: str) -> bytes | None:
        if path not in self._data:
            try:
                with open(absolute(path, self._cwd), "rb") as f:
                    self._data[path] = f.read()
            except (OSError, ValueError):
                self._data[path] = None
        return self._data[path]

    def line_hash(self, path: str, line: int) -> str | None:
        if line <= 0:
            return None
        if path not in self._hashes:
            from golint_mem.report.fingerprints import line_hash_map

            data = self.data(path)
            self._hashes[path] = line_hash_map(data) if data is not None else {}
        return self._hashes[path].get(line)

    def utf16(self, loc: Location) -> Location:
        """``loc`` with UTF-16 columns, computed from the file when the location has none."""
        if loc.column16 and loc.column16 != loc.column:
            return loc
        data = self.data(loc.path)
        if data is None or loc.line <= 0:
            return loc
        lines = data.split(b"\n")

        def col16(line: int, col: int) -> int:
            if col <= 0 or line - 1 >= len(lines):
                return col
            prefix = lines[line - 1][: col - 1]
            return len(prefix.decode("utf-8", "replace").encode("utf-16-le")) // 2 + 1

        import dataclasses

        return dataclasses.replace(loc, column16=col16(loc.line, loc.column),
                                   end_column16=col16(loc.end_line, loc.end_column))


def _notification(d: Diagnostic, sources: _Sources, *, root: Path, cwd: Path) -> om.Notification:
    return om.Notification(
        message=om.Message(text=d.message),
        level=diagnostic_level(d.kind),
        descriptor=om.ReportingDescriptorReference(id=d.kind),
        locations=[_location(sources.utf16(d.location), root=root, cwd=cwd)],
    )


#: Diagnostic kinds that mean the tool itself failed on some input.
_TOOL_FAILURES = frozenset({"internal-error"})


def _truncated(findings: list[Finding]) -> tuple[list[Finding], int]:
    """At most MAX_RESULTS findings, errors before warnings before notes, in report order."""
    if len(findings) <= MAX_RESULTS:
        return findings, 0
    rank = {"error": 0, "warning": 1, "note": 2}
    keep = sorted(range(len(findings)), key=lambda i: (rank.get(level_of(findings[i].level), 3), i))
    chosen = sorted(keep[:MAX_RESULTS])
    return [findings[i] for i in chosen], len(findings) - MAX_RESULTS


def sarif_log(result: Result, rules: Sequence[Rule], *, root: Path, cwd: Path,
              category: str | None = None) -> om.SarifLog:
    """The log as ``sarif_om`` objects (sorts ``result`` first)."""
    result.sort()
    ordered = sorted_rules(rules)
    index = {rule.id: i for i, rule in enumerate(ordered)}
    version = golint_mem.__version__
    sources = _Sources(cwd)
    findings, dropped = _truncated(result.findings)
    notifications = [_notification(d, sources, root=root, cwd=cwd) for d in result.diagnostics]
    if dropped:
        notifications.append(om.Notification(
            message=om.Message(text=f"{dropped} results left out: GitHub code scanning accepts at most "
                                    f"{MAX_RESULTS} per run (errors were kept first)"),
            level="warning",
            descriptor=om.ReportingDescriptorReference(id="results-truncated"),
        ))
    run = om.Run(
        tool=om.Tool(
            driver=om.ToolComponent(
                name=TOOL_NAME,
                version=version,
                semantic_version=version,
                information_uri=INFORMATION_URI,
                rules=[reporting_descriptor(r) for r in ordered],
            )
        ),
        automation_details=om.RunAutomationDetails(id=automation_id(category)) if category else None,
        original_uri_base_ids={SRCROOT: om.ArtifactLocation(uri=root_uri(root, cwd))},
        column_kind="utf16CodeUnits",
        invocations=[
            om.Invocation(
                execution_successful=not any(d.kind in _TOOL_FAILURES for d in result.diagnostics),
                tool_execution_notifications=notifications,
            )
        ],
        results=[_result(f, index, sources, root=root, cwd=cwd) for f in findings],
    )
    return om.SarifLog(schema_uri=SCHEMA_URI, version=SARIF_VERSION, runs=[run])


def automation_id(category: str) -> str:
    """GitHub reads the part up to the last ``/`` as the category: ``golint-mem`` becomes
    ``golint-mem/``, as ``upload-sarif``'s ``category`` input does."""
    category = category.strip()
    return category if category.endswith("/") else category + "/"


def to_dict(result: Result, rules: Sequence[Rule], *, root: Path, cwd: Path,
            category: str | None = None) -> dict:
    """The SARIF document as JSON data, ``$schema`` and ``version`` first."""
    data = to_json(sarif_log(result, rules, root=root, cwd=cwd, category=category))
    # results is required by GitHub even when empty; to_json drops empty lists
    data["runs"][0].setdefault("results", [])
    head = {"$schema": data.pop("$schema"), "version": data.pop("version")}
    return {**head, **data}


def render(result: Result, rules: Sequence[Rule], *, root: Path, cwd: Path,
           category: str | None = None) -> str:
    return json.dumps(to_dict(result, rules, root=root, cwd=cwd, category=category),
                      indent=2, ensure_ascii=False) + "\n"
