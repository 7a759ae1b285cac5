"""The reporters: exact text/github/json output, SARIF validated against the schema."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import golint_mem
from golint_mem.report import FORMATS, render
from golint_mem.report import github as github_report
from golint_mem.report import json as json_report
from golint_mem.report import sarif as sarif_report
from golint_mem.report import text as text_report
from golint_mem.rule import Diagnostic, Finding, Level, Location, Result, Rule

SCHEMA_DIR = Path(__file__).parent / "schemas"
SCHEMA_FILES = ("sarif-schema-2.1.0.json", "sarif-schema-2.1.0-os2020-draft07.json")

# --------------------------------------------------------------------- fixtures

MEM001_DOC = textwrap.dedent(
    '''\
    Goroutine captures a request-scoped value.

    ## What it does
    Flags a `go` statement in an HTTP handler whose goroutine holds the
    request, its context or its response writer.

    ## Why is this bad?
    The goroutine can outlive the handler and keep the request alive.

    ## Example
    ```go
    func h(w http.ResponseWriter, r *http.Request) {
        go process(r)
    }
    ```

    ## Use instead
    ```go
    func h(w http.ResponseWriter, r *http.Request) {
        go process(r.FormValue("id"))
    }
    ```

    ## Known problems
    Joins through helper functions are not seen.

    ## References
    - [net/http](https://pkg.go.dev/net/http#Request)
    '''
)

MEM003_DOC = MEM001_DOC.replace("Flags a `go` statement", "Flags a finalizer that blocks;")
MEM005_DOC = MEM001_DOC.replace("Flags a `go` statement", "Flags a uintptr store")


def _rule(id, name, level=Level.WARNING, default=True, tags=("memory",), doc=MEM001_DOC):
    return Rule(
        id=id,
        name=name,
        summary=f"summary of {name}",
        level=level,
        tags=tags,
        precision="high",
        default=default,
        query="",
        check=lambda ctx, captures: None,
        doc=doc,
    )


MEM001 = _rule("MEM001", "goroutine-captures-request", tags=("memory", "goroutine"))
MEM003 = _rule("MEM003", "finalizer-blocking", doc=MEM003_DOC)
MEM005 = _rule("MEM005", "unsafe-pointer-write-barrier-bypass", Level.ERROR, tags=("unsafe", "correctness"), doc=MEM005_DOC)
MEM011 = _rule("MEM011", "goroutine-without-exit", default=False)
#: deliberately not in id order: reporters must sort
RULES = [MEM011, MEM005, MEM001, MEM003]


def loc(path, line, col, end_line=None, end_col=None, col16=0, end_col16=0, message=""):
    return Location(
        path=str(path),
        line=line,
        column=col,
        end_line=line if end_line is None else end_line,
        end_column=col + 5 if end_col is None else end_col,
        column16=col16,
        end_column16=end_col16,
        message=message,
    )


def finding(rule, location, message="leaks", related=(), fingerprint="fp"):
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        level=rule.level,
        message=message,
        location=location,
        related=tuple(related),
        fingerprint=fingerprint,
    )


@pytest.fixture
def root(tmp_path):
    return tmp_path


def sample_result(root: Path) -> Result:
    """Findings given out of order, a related chain, an error-level finding, a syntax error."""
    chain = (
        loc(root / "fin.go", 20, 2, message="calls closeConn"),
        loc(root / "conn.go", 7, 5, message="conn.Close() may block"),
    )
    return Result(
        findings=[
            finding(MEM005, loc("unsafe.go", 9, 3), "uintptr kept in s.ref", fingerprint="f5"),
            finding(MEM003, loc("fin.go", 12, 2), "finalizer may block", chain, fingerprint="f3"),
            finding(MEM001, loc("handler.go", 4, 9, col16=7, end_col16=20), "goroutine captures r", fingerprint="f1"),
        ],
        diagnostics=[Diagnostic("syntax-error", "unexpected '}'", loc("broken.go", 3, 1))],
        files=10,
        analysed=10,
        packages=2,
    )


# ------------------------------------------------------------ SARIF validation

_URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


@pytest.fixture(scope="module")
def schemas():
    out = []
    for name in SCHEMA_FILES:
        schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        out.append((schema, cls))
    return out


def _uris(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("uri", "helpUri", "informationUri") and isinstance(value, str):
                yield value
            else:
                yield from _uris(value)
    elif isinstance(node, list):
        for value in node:
            yield from _uris(value)


#: every format jsonschema knows, "uri-reference" included (draft-04's own checker lacks it)
ALL_FORMATS = jsonschema.FormatChecker()


def validate(doc, schemas):
    for schema, cls in schemas:
        cls(schema).validate(doc)
        cls(schema, format_checker=cls.FORMAT_CHECKER).validate(doc)
        cls(schema, format_checker=ALL_FORMATS).validate(doc)
    for uri in _uris(doc):
        assert _URI_REFERENCE.match(uri), f"not an RFC 3986 URI reference: {uri!r}"


def sarif(result, root, rules=RULES, cwd=None, schemas=None):
    text = render("sarif", result, rules, root=root, cwd=root if cwd is None else cwd)
    doc = json.loads(text)
    if schemas is not None:
        validate(doc, schemas)
    return doc


# ------------------------------------------------------------------------ SARIF


def test_sarif_empty_result(root, schemas):
    doc = sarif(Result(files=3), root, schemas=schemas)
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert doc["version"] == "2.1.0"
    assert list(doc)[:2] == ["$schema", "version"]
    (run,) = doc["runs"]
    assert run["results"] == []
    assert run["columnKind"] == "utf16CodeUnits"
    assert run["invocations"] == [{"executionSuccessful": True}]
    driver = run["tool"]["driver"]
    assert driver["name"] == "golint-mem"
    assert driver["version"] == driver["semanticVersion"] == golint_mem.__version__
    assert driver["informationUri"] == "https://github.com/golint-mem/golint-mem"
    assert [r["id"] for r in driver["rules"]] == ["MEM001", "MEM003", "MEM005", "MEM011"]


def test_sarif_no_rules_still_valid(root, schemas):
    doc = sarif(Result(), root, rules=[], schemas=schemas)
    assert "rules" not in doc["runs"][0]["tool"]["driver"]


def test_sarif_rule_index_points_to_its_rule(root, schemas):
    doc = sarif(sample_result(root), root, schemas=schemas)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["ruleId"] for r in run["results"]] == ["MEM003", "MEM001", "MEM005"]  # path order
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    assert [res["ruleIndex"] for res in run["results"]] == [1, 0, 2]


def test_sarif_rule_metadata(root, schemas):
    rules = sarif(Result(), root, schemas=schemas)["runs"][0]["tool"]["driver"]["rules"]
    by_id = {r["id"]: r for r in rules}
    r1 = by_id["MEM001"]
    assert r1["name"] == "goroutine-captures-request"
    assert r1["shortDescription"] == {"text": "summary of goroutine-captures-request"}
    assert r1["fullDescription"]["text"] == (
        "Flags a `go` statement in an HTTP handler whose goroutine holds the "
        "request, its context or its response writer."
    )
    assert r1["helpUri"] == "https://github.com/golint-mem/golint-mem/blob/main/docs/rules.md#mem001"
    assert r1["defaultConfiguration"] == {"enabled": True, "level": "warning"}
    assert r1["properties"] == {
        "tags": ["memory", "goroutine"],
        "precision": "high",
        "problem.severity": "warning",
    }
    md = r1["help"]["markdown"]
    titles = re.findall(r"^## (.+)$", md, re.M)
    assert titles == ["What it does", "Why is this bad?", "Example", "Use instead", "Known problems", "References"]
    assert "```go\nfunc h(w http.ResponseWriter" in md
    assert "Goroutine captures a request-scoped value." not in md  # the preamble is no section
    text = r1["help"]["text"]
    assert "```" not in text and "## " not in text
    assert "\n        go process(r)\n" in text  # code block indented four more spaces
    assert "net/http (https://pkg.go.dev/net/http#Request)" in text
    assert by_id["MEM005"]["defaultConfiguration"] == {"enabled": True, "level": "error"}
    assert by_id["MEM005"]["properties"]["problem.severity"] == "error"
    assert by_id["MEM011"]["defaultConfiguration"] == {"enabled": False, "level": "warning"}


def test_sarif_rule_without_doc_falls_back_to_summary(root, schemas):
    bare = _rule("MEM009", "pool-put-non-pointer", doc="")
    (r,) = sarif(Result(), root, rules=[bare], schemas=schemas)["runs"][0]["tool"]["driver"]["rules"]
    assert r["help"] == {"text": "summary of pool-put-non-pointer", "markdown": "summary of pool-put-non-pointer"}
    assert r["fullDescription"] == {"text": "summary of pool-put-non-pointer"}


def test_sarif_result_content(root, schemas):
    run = sarif(sample_result(root), root, schemas=schemas)["runs"][0]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    r1 = by_rule["MEM001"]
    assert r1["level"] == "warning"
    assert r1["message"] == {"text": "goroutine captures r"}
    from golint_mem.report.sarif import path_fingerprint

    # our own key includes the path; the line hash is GitHub's (absent: no such file here)
    assert r1["partialFingerprints"] == {"golintMem/v2": path_fingerprint("handler.go", "f1")}
    (location,) = r1["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "handler.go", "uriBaseId": "%SRCROOT%"},
        # UTF-16 columns (7, 20), not the byte columns (9, 14)
        "region": {"startLine": 4, "startColumn": 7, "endLine": 4, "endColumn": 20},
    }
    assert "relatedLocations" not in r1 and "codeFlows" not in r1
    r5 = by_rule["MEM005"]
    assert r5["level"] == "error"
    # column16 unknown (0): byte columns are used
    assert r5["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 9, "startColumn": 3, "endLine": 9, "endColumn": 8
    }
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": root.as_uri() + "/"}}


def test_sarif_related_locations_and_code_flow(root, schemas):
    run = sarif(sample_result(root), root, schemas=schemas)["runs"][0]
    (r3,) = [r for r in run["results"] if r["ruleId"] == "MEM003"]
    related = r3["relatedLocations"]
    assert [r["id"] for r in related] == [1, 2]
    assert [r["message"]["text"] for r in related] == ["calls closeConn", "conn.Close() may block"]
    assert [r["physicalLocation"]["artifactLocation"]["uri"] for r in related] == ["fin.go", "conn.go"]
    (flow,) = r3["codeFlows"]
    (thread,) = flow["threadFlows"]
    steps = [s["location"] for s in thread["locations"]]
    assert [s["physicalLocation"]["region"]["startLine"] for s in steps] == [12, 20, 7]
    assert [s["physicalLocation"]["artifactLocation"]["uri"] for s in steps] == ["fin.go", "fin.go", "conn.go"]
    assert [s["message"]["text"] for s in steps] == [
        "finalizer may block", "calls closeConn", "conn.Close() may block"
    ]


def test_sarif_diagnostics_are_notifications(root, schemas):
    result = Result(
        diagnostics=[
            Diagnostic("unused-suppression", "//nolint:MEM001 suppresses nothing", loc("a.go", 2, 1)),
            Diagnostic("syntax-error", "expected ';', found 'EOF'", loc("a.go", 9, 4)),
            Diagnostic("read-error", "permission denied", Location("secret.go", 0, 0, 0, 0)),
        ],
        files=2,
    )
    run = sarif(result, root, schemas=schemas)["runs"][0]
    assert run["results"] == []
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is True
    notes = invocation["toolExecutionNotifications"]
    assert [(n["descriptor"]["id"], n["level"]) for n in notes] == [
        ("unused-suppression", "warning"),
        ("syntax-error", "error"),
        ("read-error", "error"),
    ]
    assert notes[1]["message"] == {"text": "expected ';', found 'EOF'"}
    assert notes[1]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "a.go", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 9, "startColumn": 4, "endLine": 9, "endColumn": 9},
    }
    # no position known: no region (the schema needs startLine in a region)
    assert "region" not in notes[2]["locations"][0]["physicalLocation"]


def test_sarif_non_ascii_and_spaces(root, schemas):
    path = root / "pkg" / "my dir" / "héllo 世界.go"
    message = "goroutine captures «r» — 请求"
    result = Result(findings=[finding(MEM001, loc(path, 1, 1), message)])
    doc = sarif(result, root, schemas=schemas)
    res = doc["runs"][0]["results"][0]
    art = res["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art == {
        "uri": "pkg/my%20dir/h%C3%A9llo%20%E4%B8%96%E7%95%8C.go",
        "uriBaseId": "%SRCROOT%",
    }
    assert unquote(art["uri"]) == "pkg/my dir/héllo 世界.go"
    assert res["message"]["text"] == message


def test_sarif_root_with_spaces(tmp_path, schemas):
    root = tmp_path / "my repo é"
    doc = sarif(Result(findings=[finding(MEM001, loc(root / "a.go", 1, 1))]), root, schemas=schemas)
    base = doc["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base.endswith("/my%20repo%20%C3%A9/") and base.startswith("file:///")
    art = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art == {"uri": "a.go", "uriBaseId": "%SRCROOT%"}


def test_sarif_absolute_path_outside_root(root, schemas):
    outside = root.parent / "elsewhere dir" / "x.go"
    related = [loc(outside, 3, 1, message="called here")]
    doc = sarif(Result(findings=[finding(MEM003, loc(root / "in.go", 1, 1), related=related)]), root, schemas=schemas)
    res = doc["runs"][0]["results"][0]
    art = res["relatedLocations"][0]["physicalLocation"]["artifactLocation"]
    assert art == {"uri": outside.as_uri()}  # absolute file URI, no base id
    assert "%20" in art["uri"]
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"


def test_sarif_relative_paths_are_against_cwd(root, schemas):
    cwd = root / "cmd" / "server"
    result = Result(findings=[
        finding(MEM001, loc("main.go", 1, 1)),
        finding(MEM001, loc("../../internal/x.go", 2, 1)),
    ])
    run = sarif(result, root, cwd=cwd, schemas=schemas)["runs"][0]
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]]
    assert uris == ["internal/x.go", "cmd/server/main.go"]


def test_sarif_is_stable_and_sorted(root, schemas):
    a = render("sarif", sample_result(root), RULES, root=root, cwd=root)
    result = sample_result(root)
    result.findings.reverse()
    b = render("sarif", result, list(reversed(RULES)), root=root, cwd=root)
    assert a == b
    assert a.endswith("}\n")


def test_sarif_format_checker_checks_uris(schemas):
    if ALL_FORMATS.conforms("a b", "uri-reference"):
        pytest.skip("no URI validator installed (rfc3986-validator or rfc3987): URI formats unchecked")
    tool = {"driver": {"name": "x", "informationUri": "not a uri"}}
    bad_uri = {"version": "2.1.0", "runs": [{"tool": tool}]}
    location = {"physicalLocation": {"artifactLocation": {"uri": "my dir/é.go"}}}
    bad_ref = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
        {"message": {"text": "m"}, "locations": [location]}
    ]}]}
    for schema, cls in schemas:
        with pytest.raises(jsonschema.ValidationError):
            cls(schema, format_checker=cls.FORMAT_CHECKER).validate(bad_uri)
        with pytest.raises(jsonschema.ValidationError):
            cls(schema, format_checker=ALL_FORMATS).validate(bad_ref)


def test_sarif_schema_rejects_broken_log(schemas):
    # the validation used above does reject: no version, no driver name
    for schema, cls in schemas:
        with pytest.raises(jsonschema.ValidationError):
            cls(schema).validate({"runs": []})
        with pytest.raises(jsonschema.ValidationError):
            cls(schema).validate({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})


def test_sarif_to_json_converter():
    import sarif_om as om

    assert sarif_report.to_json(om.Region()) == {}  # -1 sentinels and None dropped
    assert sarif_report.to_json(om.Location(id=0)) == {"id": 0}
    assert sarif_report.to_json(om.ReportingConfiguration()) == {"enabled": True, "level": "warning"}
    assert sarif_report.to_json(om.ThreadFlowLocation()) == {}  # kinds factory default dropped
    bag = om.PropertyBag(tags=[])
    setattr(bag, "problem.severity", "error")
    assert sarif_report.to_json(bag) == {"problem.severity": "error"}
    assert sarif_report.to_json(om.Invocation(execution_successful=False)) == {"executionSuccessful": False}


def test_sarif_om_imported_only_for_sarif(root):
    code = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from golint_mem.report import render
        from golint_mem.rule import Result
        root = Path({str(root)!r})
        for fmt in ("text", "json", "github"):
            render(fmt, Result(), [], root=root, cwd=root)
        assert "sarif_om" not in sys.modules, "sarif_om imported"
        render("sarif", Result(), [], root=root, cwd=root)
        assert "sarif_om" in sys.modules
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert proc.returncode == 0, proc.stderr


_segment = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/\\\x00"),
    min_size=1,
    max_size=12,
).filter(lambda s: s not in (".", ".."))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segments=st.lists(_segment, min_size=1, max_size=3), message=st.text(min_size=1, max_size=40))
def test_sarif_any_path_and_message_is_valid(root, schemas, segments, message):
    rel = "/".join(segments)
    result = Result(
        findings=[finding(MEM003, loc(rel, 2, 1), message, related=[loc(rel, 3, 1, message=message)])],
        diagnostics=[Diagnostic("syntax-error", message, loc(rel, 1, 1))],
    )
    doc = sarif(result, root, schemas=schemas)
    res = doc["runs"][0]["results"][0]
    uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert unquote(uri) == rel
    assert res["message"]["text"] == message


# ------------------------------------------------------------------------- text


def test_text_exact(root):
    out = render("text", sample_result(root), RULES, root=root, cwd=root)
    assert out == (
        "fin.go:12:2: MEM003 [finalizer-blocking] finalizer may block\n"
        "    fin.go:20:2: calls closeConn\n"
        "    conn.go:7:5: conn.Close() may block\n"
        "handler.go:4:9: MEM001 [goroutine-captures-request] goroutine captures r\n"
        "unsafe.go:9:3: MEM005 [unsafe-pointer-write-barrier-bypass] uintptr kept in s.ref (error)\n"
        "broken.go:3:1: syntax-error: unexpected '}'\n"
        "Found 3 findings (2 warnings, 1 error) in 10 files (10 analysed); 1 file could not be parsed.\n"
    )


def test_text_no_findings(root):
    one = Result(files=1, analysed=1)
    assert render("text", one, RULES, root=root, cwd=root) == "No findings in 1 file (1 analysed).\n"
    assert render("text", Result(), RULES, root=root, cwd=root) == "No findings in 0 files (0 analysed).\n"


def test_text_summary_counts_files_and_suppressions(root):
    result = Result(
        findings=[finding(MEM001, loc("a.go", 1, 1))],
        diagnostics=[
            Diagnostic("syntax-error", "x", loc("b.go", 1, 1)),
            Diagnostic("syntax-error", "y", loc("b.go", 5, 1)),  # same file: counted once
            Diagnostic("syntax-error", "z", loc("c.go", 1, 1)),
            Diagnostic("unused-suppression", "unused", loc("a.go", 9, 1)),
            Diagnostic("read-error", "denied", Location("d.go", 0, 0, 0, 0)),
        ],
        files=4,
        analysed=3,
    )
    out = render("text", result, RULES, root=root, cwd=root)
    assert "d.go: read-error: denied\n" in out  # no position: none shown
    assert out.splitlines()[-1] == (
        "Found 1 finding (1 warning) in 4 files (3 analysed); 2 files could not be parsed; "
        "1 file could not be read; 1 unused suppression."
    )


def test_text_paths_relative_to_cwd_else_shorter_of_relative_and_absolute(root):
    outside = root.parent / "other" / "x.go"
    far = Path("/") / "x.go"
    result = Result(findings=[
        finding(MEM001, loc(root / "pkg" / "a.go", 1, 2)),
        finding(MEM001, loc(outside, 3, 4)),
        finding(MEM001, loc(far, 5, 6)),
    ])
    lines = render("text", result, RULES, root=root, cwd=root / "pkg").splitlines()
    # sorted by the paths as given; outside cwd, relative when shorter (go's ShortPath)
    assert lines[:3] == [
        "../../other/x.go:3:4: MEM001 [goroutine-captures-request] leaks",
        "a.go:1:2: MEM001 [goroutine-captures-request] leaks",
        "/x.go:5:6: MEM001 [goroutine-captures-request] leaks",
    ]


# ------------------------------------------------------------------------- json


def test_json_round_trip(root):
    doc = json.loads(render("json", sample_result(root), RULES, root=root, cwd=root))
    assert doc["version"] == golint_mem.__version__
    assert [f["rule"] for f in doc["findings"]] == ["MEM003", "MEM001", "MEM005"]
    f3 = doc["findings"][0]
    assert f3 == {
        "rule": "MEM003",
        "name": "finalizer-blocking",
        "level": "warning",
        "message": "finalizer may block",
        "path": "fin.go",
        "line": 12,
        "column": 2,
        "end_line": 12,
        "end_column": 7,
        "related": [
            {"path": "fin.go", "line": 20, "column": 2, "message": "calls closeConn"},
            {"path": "conn.go", "line": 7, "column": 5, "message": "conn.Close() may block"},
        ],
        "fingerprint": "f3",
        "fix": None,
    }
    assert doc["findings"][1]["column"] == 9  # bytes, as in the text output
    assert doc["findings"][2]["level"] == "error"
    assert doc["diagnostics"] == [
        {"kind": "syntax-error", "message": "unexpected '}'", "path": "broken.go", "line": 3, "column": 1}
    ]
    assert doc["summary"] == {
        "files": 10,
        "analysed": 10,
        "packages": 2,
        "findings": 3,
        "diagnostics": 1,
        "by_level": {"warning": 2, "error": 1, "note": 0},
    }


def test_json_empty_and_non_ascii(root):
    doc = json.loads(render("json", Result(files=2), RULES, root=root, cwd=root))
    assert doc["findings"] == [] and doc["diagnostics"] == []
    assert doc["summary"]["by_level"] == {"warning": 0, "error": 0, "note": 0}
    out = render("json", Result(findings=[finding(MEM001, loc("é.go", 1, 1), "«r»")]), RULES, root=root, cwd=root)
    assert '"«r»"' in out  # written as UTF-8, not \u escapes
    assert json.loads(out)["findings"][0]["path"] == "é.go"
    assert out.startswith('{\n  "version"')


# ----------------------------------------------------------------------- github


def test_github_exact(root):
    out = render("github", sample_result(root), RULES, root=root, cwd=root)
    assert out.splitlines() == [
        "::warning file=fin.go,line=12,col=2,endLine=12,endColumn=7,title=MEM003 finalizer-blocking"
        "::finalizer may block%0A  fin.go:20:2: calls closeConn%0A  conn.go:7:5: conn.Close() may block",
        # UTF-16 columns where known
        "::warning file=handler.go,line=4,col=7,endLine=4,endColumn=20,"
        "title=MEM001 goroutine-captures-request::goroutine captures r",
        "::error file=unsafe.go,line=9,col=3,endLine=9,endColumn=8,"
        "title=MEM005 unsafe-pointer-write-barrier-bypass::uintptr kept in s.ref",
        "::error file=broken.go,line=3,col=1,endLine=3,endColumn=6,title=syntax-error::unexpected '}'",
    ]


def test_github_escaping(root):
    path = root / "a,b:c" / "50%.go"
    result = Result(
        findings=[finding(MEM001, loc(path, 1, 1), "line one\nline two, 100%: done\r")],
        diagnostics=[Diagnostic("unused-suppression", "unused: a,b", Location("x.go", 0, 0, 0, 0))],
    )
    lines = render("github", result, RULES, root=root, cwd=root).splitlines()
    assert lines == [
        "::warning file=a%2Cb%3Ac/50%25.go,line=1,col=1,endLine=1,endColumn=6,"
        "title=MEM001 goroutine-captures-request::line one%0Aline two, 100%25: done%0D",
        "::warning file=x.go,title=unused-suppression::unused: a,b",
    ]


def test_github_empty(root):
    assert render("github", Result(files=5), RULES, root=root, cwd=root) == ""


def _unescape_property(s):
    return s.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


@given(st.text())
def test_github_escape_round_trips(value):
    prop = github_report.escape_property(value)
    data = github_report.escape_data(value)
    assert not set(prop) & set(",:\r\n")
    assert not set(data) & set("\r\n")
    assert _unescape_property(prop) == value
    assert _unescape_property(data) == value


# ---------------------------------------------------------------------- dispatch


def test_formats_and_dispatch(root):
    assert FORMATS == ("text", "json", "github", "sarif")
    modules = {"text": text_report, "json": json_report, "github": github_report, "sarif": sarif_report}
    for fmt in FORMATS:
        expected = modules[fmt].render(sample_result(root), RULES, root=root, cwd=root)
        assert render(fmt, sample_result(root), RULES, root=root, cwd=root) == expected
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render("xml", Result(), RULES, root=root, cwd=root)
