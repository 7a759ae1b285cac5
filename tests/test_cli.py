"""The command line, run for real in a subprocess: output formats, exit codes, config."""

from __future__ import annotations

import json
import os
import re

import jsonschema
import pytest

from conftest import CLEAN, HANDLER, ROOT

SCHEMA = json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
def _abs(path: str) -> str:
    """A reported path made absolute: outside the working directory a report shows the
    shorter of the relative and absolute spellings (Go's ShortPath), which depends on
    where the checkout lies."""
    return os.path.normpath(os.path.abspath(path))


LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<id>MEM\d{3}) \[(?P<name>[a-z-]+)\] .+")


def test_findings_exit_1_with_text_format(cli, gopkg):
    d = gopkg({"h.go": HANDLER})
    r = cli("check", str(d))
    assert r.code == 1, r.err
    first = r.out.splitlines()[0]
    m = LINE.match(first)
    assert m, first
    assert m["path"].endswith("h.go") and (m["line"], m["col"]) == ("6", "2")
    assert m["id"] == "MEM001" and m["name"] == "goroutine-captures-request"
    assert "`r`" in first and "*http.Request" in first
    assert r.out.splitlines()[-1] == "Found 1 finding (1 warning) in 1 file (1 analysed)."


def test_clean_exit_0(cli, gopkg):
    d = gopkg({"h.go": CLEAN})
    r = cli("check", str(d))
    assert r.code == 0, r.out + r.err
    assert r.out.strip() == "No findings in 1 file (1 analysed)."


def test_default_path_is_cwd_and_paths_are_relative(cli, gopkg):
    d = gopkg({"h.go": HANDLER})
    r = cli("check", cwd=d.parent)
    assert r.code == 1
    assert r.out.startswith("app/h.go:6:2: MEM001")


def test_corpus_text_output_is_sorted_and_stable(cli):
    a = cli("check", "corpus", cwd=ROOT)
    b = cli("check", "corpus", "--jobs", "1", cwd=ROOT)
    assert a.code == b.code == 1
    assert a.out == b.out
    lines = [LINE.match(x) for x in a.out.splitlines() if LINE.match(x)]
    keys = [(m["path"], int(m["line"]), int(m["col"]), m["id"]) for m in lines]
    assert keys == sorted(keys)


def test_corpus_sarif_validates_against_the_official_schema(cli, tmp_path):
    out = tmp_path / "out.sarif"
    r = cli("check", "corpus", "--format", "sarif", "--output", str(out), cwd=ROOT)
    assert r.code == 1, r.err
    log = json.loads(out.read_text("utf-8"))
    cls = jsonschema.validators.validator_for(SCHEMA)
    cls(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(log)
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "golint-mem" and driver["informationUri"].startswith("https://")
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == sorted(ids) and "MEM001" in ids
    assert run["results"], "the corpus has findings"
    for res in run["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert loc["artifactLocation"]["uri"].startswith("corpus/")
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
        assert res["partialFingerprints"]
    # the summary goes to stderr when the report goes to a file
    assert "finding" in r.err


def test_json_format(cli, gopkg):
    d = gopkg({"h.go": HANDLER})
    r = cli("check", str(d), "--format", "json")
    assert r.code == 1
    data = r.json()
    [f] = data["findings"]
    assert (f["rule"], f["line"], f["column"], f["level"]) == ("MEM001", 6, 2, "warning")


def test_github_format(cli, gopkg):
    d = gopkg({"h.go": HANDLER})
    r = cli("check", str(d), "--format", "github")
    assert r.code == 1
    line = r.out.splitlines()[0]
    assert line.startswith("::warning file=") and ",line=6,col=2," in line
    assert "title=MEM001 goroutine-captures-request::" in line


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "does/not/exist"], "does/not/exist: no such file or directory"),
        (["check", ".", "--select", "MEM999"], "unknown rule 'MEM999'"),
        (["check", ".", "--ignore", "nope"], "unknown rule 'nope'"),
        (["check", ".", "--format", "xml"], "invalid choice: 'xml'"),
        (["check", ".", "--jobs", "x"], "invalid int value"),
        (["explain", "MEM999"], "unknown rule 'MEM999'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "missing command"),
        (["check", "pyproject.toml"], "pyproject.toml: not a .go file"),
    ],
)
def test_usage_errors_exit_2_with_one_line(cli, args, message):
    r = cli(*args, cwd=ROOT)
    assert r.code == 2
    assert r.out == ""
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("golint-mem: error: "), r.err
    assert message in lines[0]
    assert "Traceback" not in r.err


def test_unwritable_output_is_exit_2(cli, gopkg, tmp_path):
    d = gopkg({"h.go": HANDLER})
    r = cli("check", str(d), "--output", str(tmp_path / "no" / "such" / "dir" / "x.txt"))
    assert r.code == 2 and "cannot write" in r.err


def test_config_file_is_found_above_the_first_path(cli, gopkg, tmp_path):
    d = gopkg({"h.go": HANDLER})
    (tmp_path / ".golint-mem.toml").write_text('ignore = ["MEM001"]\nformat = "json"\n', "utf-8")
    r = cli("check", str(d))
    assert r.code == 0, r.out
    assert r.json()["findings"] == []
    # --no-config and explicit flags win
    r = cli("check", str(d), "--no-config")
    assert r.code == 1 and _abs(r.out.split(":", 1)[0]) == str(d / "h.go")


@pytest.mark.parametrize(
    "content, message",
    [
        ("select = [", "invalid TOML"),
        ("colour = 1", "unknown key 'colour'"),
        ("select = 3", "'select' must be a list of strings"),
        ('select = ["MEM404"]', "unknown rule 'MEM404'"),
        ('format = "yaml"', "format 'yaml'"),
    ],
)
def test_bad_config_exit_2(cli, gopkg, tmp_path, content, message):
    d = gopkg({"h.go": HANDLER})
    cfg = tmp_path / "bad.toml"
    cfg.write_text(content, "utf-8")
    r = cli("check", str(d), "--config", str(cfg))
    assert r.code == 2
    assert message in r.err and "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1


def test_missing_config_file_exit_2(cli, gopkg, tmp_path):
    d = gopkg({"h.go": HANDLER})
    r = cli("check", str(d), "--config", str(tmp_path / "none.toml"))
    assert r.code == 2 and "cannot read config" in r.err


def test_select_by_name_and_all(cli, gopkg):
    d = gopkg({"h.go": HANDLER})
    assert cli("check", str(d), "--select", "goroutine-captures-request").code == 1
    assert cli("check", str(d), "--select", "ALL", "--ignore", "MEM001").code == 0
    assert cli("check", str(d), "--select", "all").code == 1


def test_exclude_glob(cli, gopkg):
    d = gopkg({"h.go": HANDLER, "gen/h.go": HANDLER.replace("package app", "package gen")})
    r = cli("check", str(d), "--format", "json")
    assert len(r.json()["findings"]) == 2
    r = cli("check", str(d), "--exclude", "gen", "--format", "json")
    assert [_abs(f["path"]) for f in r.json()["findings"]] == [str(d / "h.go")]
    r = cli("check", str(d), "--exclude", "*/h.go", "--format", "json")
    assert r.json()["findings"] == []


def test_vendor_testdata_and_hidden_dirs_are_skipped(cli, gopkg):
    d = gopkg({
        "vendor/x/h.go": HANDLER, "testdata/h.go": HANDLER, ".hidden/h.go": HANDLER,
        "_skip/h.go": HANDLER, "ok.go": CLEAN,
    })
    r = cli("check", str(d))
    assert r.code == 0, r.out


def test_explicit_file_reports_only_that_file_but_sees_its_package(cli, gopkg):
    helper = "package app\n\nimport \"net/http\"\n\ntype job struct{ r *http.Request }\n"
    src = """package app

import "net/http"


func Handle(w http.ResponseWriter, r *http.Request) {
	j := &job{r: r}
	go run(j)
}

func run(j *job) {}
"""
    d = gopkg({"a.go": src, "b.go": HANDLER.replace("Handle(", "Other("), "types.go": helper})
    r = cli("check", str(d / "a.go"), "--format", "json")
    assert r.code == 1
    assert {_abs(f["path"]) for f in r.json()["findings"]} == {str(d / "a.go")}
    assert r.json()["summary"]["files"] == 1


def test_test_files_are_their_own_unit(cli, gopkg):
    test_src = HANDLER.replace("func Handle(", "func handleForTest(")
    d = gopkg({"h.go": CLEAN, "h_test.go": test_src})
    r = cli("check", str(d), "--format", "json")
    assert [_abs(f["path"]) for f in r.json()["findings"]] == [str(d / "h_test.go")]


def test_rules_and_explain(cli):
    r = cli("rules")
    assert r.code == 0 and "MEM001" in r.out and "goroutine-captures-request" in r.out
    r = cli("explain", "goroutine-captures-request")
    assert r.code == 0 and "## Use instead" in r.out


def test_version(cli):
    r = cli("--version")
    assert r.code == 0 and r.out.startswith("golint-mem ")
