"""SARIF 2.1.0 reporter, built from ``sarif_om`` objects.

One run: ``tool.driver`` lists every selected rule (id order) with its rendered
documentation; each result points into that list with ``ruleIndex``. Paths under
the source root are relative URI references against ``%SRCROOT%`` (declared in
``originalUriBaseIds``); files outside it get absolute ``file:`` URIs. Regions use
UTF-16 columns (``columnKind``). A finding's related locations (e.g. MEM003's call
chain) become ``relatedLocations`` and a ``codeFlows`` thread flow so GitHub shows
the path. Input diagnostics are ``toolExecutionNotifications`` of the invocation.
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
FINGERPRINT_KEY = "golintMem/v1"

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


def reporting_descriptor(rule: Rule) -> om.ReportingDescriptor:
    level = level_of(rule.level)
    return om.ReportingDescriptor(
        id=rule.id,
        name=rule.name,
        short_description=om.MultiformatMessageString(text=rule.summary),
        full_description=om.MultiformatMessageString(text=rule.full_description or rule.summary),
        help=rule_help(rule),
        help_uri=help_uri(rule.id),
        default_configuration=om.ReportingConfiguration(level=level, enabled=bool(rule.default)),
        properties=_properties(
            tags=list(dict.fromkeys(rule.tags)),
            precision=rule.precision,
            **{"problem.severity": _PROBLEM_SEVERITY[level]},
        ),
    )


# ---------------------------------------------------------------------- results


def _result(f: Finding, rule_index: dict[str, int], *, root: Path, cwd: Path) -> om.Result:
    res = om.Result(
        message=om.Message(text=f.message),
        rule_id=f.rule_id,
        rule_index=rule_index.get(f.rule_id, -1),
        level=level_of(f.level),
        locations=[_location(f.location, root=root, cwd=cwd)],
    )
    if f.fingerprint:
        res.partial_fingerprints = {FINGERPRINT_KEY: f.fingerprint}
    if f.related:
        res.related_locations = [
            _location(r, root=root, cwd=cwd, message=r.message or f"step {i}", id=i)
            for i, r in enumerate(f.related, start=1)
        ]
        steps = [(f.location, f.location.message or f.message)]
        steps += [(r, r.message or f"step {i}") for i, r in enumerate(f.related, start=1)]
        res.code_flows = [
            om.CodeFlow(
                thread_flows=[
                    om.ThreadFlow(
                        locations=[
                            om.ThreadFlowLocation(location=_location(loc, root=root, cwd=cwd, message=msg))
                            for loc, msg in steps
                        ]
                    )
                ]
            )
        ]
    return res


def _notification(d: Diagnostic, *, root: Path, cwd: Path) -> om.Notification:
    return om.Notification(
        message=om.Message(text=d.message),
        level=diagnostic_level(d.kind),
        descriptor=om.ReportingDescriptorReference(id=d.kind),
        locations=[_location(d.location, root=root, cwd=cwd)],
    )


def sarif_log(result: Result, rules: Sequence[Rule], *, root: Path, cwd: Path) -> om.SarifLog:
    """The log as ``sarif_om`` objects (sorts ``result`` first)."""
    result.sort()
    ordered = sorted_rules(rules)
    index = {rule.id: i for i, rule in enumerate(ordered)}
    version = golint_mem.__version__
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
        original_uri_base_ids={SRCROOT: om.ArtifactLocation(uri=root_uri(root, cwd))},
        column_kind="utf16CodeUnits",
        invocations=[
            om.Invocation(
                execution_successful=True,
                tool_execution_notifications=[
                    _notification(d, root=root, cwd=cwd) for d in result.diagnostics
                ],
            )
        ],
        results=[_result(f, index, root=root, cwd=cwd) for f in result.findings],
    )
    return om.SarifLog(schema_uri=SCHEMA_URI, version=SARIF_VERSION, runs=[run])


def to_dict(result: Result, rules: Sequence[Rule], *, root: Path, cwd: Path) -> dict:
    """The SARIF document as JSON data, ``$schema`` and ``version`` first."""
    data = to_json(sarif_log(result, rules, root=root, cwd=cwd))
    # results is required by GitHub even when empty; to_json drops empty lists
    data["runs"][0].setdefault("results", [])
    head = {"$schema": data.pop("$schema"), "version": data.pop("version")}
    return {**head, **data}


def render(result: Result, rules: Sequence[Rule], *, root: Path, cwd: Path) -> str:
    return json.dumps(to_dict(result, rules, root=root, cwd=cwd), indent=2, ensure_ascii=False) + "\n"
