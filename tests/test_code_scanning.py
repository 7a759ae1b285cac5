"""What GitHub code scanning reads from our SARIF, beyond the schema.

- ``primaryLocationLineHash`` is computed as github/codeql-action's upload step
  computes it (``src/fingerprints.ts``), checked against that file's published test
  vectors (``src/fingerprints.test.ts``);
- our own fingerprint includes the path, and both keys survive a line inserted above;
- ``automationDetails.id`` from ``--sarif-category``; UTF-16 columns, notifications
  included; ``executionSuccessful`` true unless the tool failed;
- GitHub's published limits: 25,000 results per run, 1,000 locations per result,
  10,000 thread flow locations, 20 tags per rule, 1,024-character descriptions.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from golint_mem.report import render
from golint_mem.report.fingerprints import line_hash_map, line_hashes
from golint_mem.report.sarif import MAX_DESCRIPTION, MAX_RESULTS, MAX_TAGS
from golint_mem.registry import all_rules
from golint_mem.rule import Finding, Level, Location, Result

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

# (input, expected hashes): the vectors of codeql-action's src/fingerprints.test.ts
UPSTREAM_VECTORS = [
    ("", ["c129715d7a2bc9a3:1"]),
    (" a\nb\n  \t\tc\n d", ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1",
                             "a23a3dc5e078b07b:1"]),
    (" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
     ["8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1",
      "b86d3392aea1be30:1", "e6ceba753e1a442:1"]),
]
_ENDED = ["e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
          "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"]
UPSTREAM_VECTORS += [
    (" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n", _ENDED),
    (" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r", _ENDED),
    (" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", _ENDED),
    (" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n", _ENDED),
    ("Lorem ipsum dolor sit amet.\n" * 10,
     ["a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4",
      "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1",
      "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"]),
]


@pytest.mark.parametrize("text,expected", UPSTREAM_VECTORS, ids=range(len(UPSTREAM_VECTORS)))
def test_line_hash_matches_the_upload_action(text, expected):
    assert line_hashes(text) == expected
    assert line_hashes(text.encode("utf-8")) == expected


LEAK = """package api

import "net/http"

func Audit(w http.ResponseWriter, r *http.Request) {
	go func() { _ = r.URL.Path }()
}
"""


def _sarif(cli, *args, cwd):
    run = cli("check", "--format", "sarif", *args, cwd=cwd)
    assert run.code in (0, 1), run.err
    doc = json.loads(run.out)
    jsonschema.validate(doc, SCHEMA)
    return doc


def test_corpus_sarif_meets_code_scanning(cli):
    doc = _sarif(cli, "--sarif-category", "golint-mem", "corpus/", cwd=ROOT)
    (run,) = doc["runs"]
    assert run["automationDetails"] == {"id": "golint-mem/"}
    assert run["columnKind"] == "utf16CodeUnits"
    assert run["invocations"][0]["executionSuccessful"] is True
    assert 0 < len(run["results"]) <= MAX_RESULTS
    keys = set()
    for res in run["results"]:
        fp = res["partialFingerprints"]
        assert re.fullmatch(r"[0-9a-f]+:\d+", fp["primaryLocationLineHash"])
        assert re.fullmatch(r"[0-9a-f]{32}", fp["golintMem/v2"])
        keys.add(fp["golintMem/v2"])
        phys = res["locations"][0]["physicalLocation"]
        path = ROOT / phys["artifactLocation"]["uri"] if phys["artifactLocation"].get("uriBaseId") else None
        if path is not None:
            expected = line_hash_map(path.read_bytes())[phys["region"]["startLine"]]
            assert fp["primaryLocationLineHash"] == expected
        assert len(res.get("relatedLocations", [])) <= 1000
    assert len(keys) == len(run["results"])  # one alert per finding
    for rule in run["tool"]["driver"]["rules"]:
        assert len(rule["properties"]["tags"]) <= MAX_TAGS
        assert len(rule["shortDescription"]["text"]) <= MAX_DESCRIPTION
        assert len(rule["fullDescription"]["text"]) <= MAX_DESCRIPTION


def test_fingerprints_survive_a_line_inserted_above(cli, gopkg):
    d = gopkg({"audit.go": LEAK})
    before = _sarif(cli, "app", cwd=d.parent)["runs"][0]["results"]
    (d / "audit.go").write_text(LEAK.replace("import", "// a new comment\n\nimport"), encoding="utf-8")
    after = _sarif(cli, "app", cwd=d.parent)["runs"][0]["results"]
    assert len(before) == len(after) == 1
    b, a = before[0], after[0]
    assert a["locations"][0]["physicalLocation"]["region"]["startLine"] == \
        b["locations"][0]["physicalLocation"]["region"]["startLine"] + 2
    assert a["partialFingerprints"] == b["partialFingerprints"]


def test_same_line_in_two_files_is_two_alerts(cli, gopkg):
    d = gopkg({"a.go": LEAK, "b.go": LEAK.replace("Audit", "Audit2")})
    results = _sarif(cli, "app", cwd=d.parent)["runs"][0]["results"]
    assert len(results) == 2
    own = {r["partialFingerprints"]["golintMem/v2"] for r in results}
    assert len(own) == 2


def test_notification_columns_are_utf16(cli, gopkg):
    # the syntax error follows a 4-byte, 2-code-unit character
    line = 'var s = []string{"\U0001F600", ) }'
    d = gopkg({"broken.go": f"package app\n\n{line}\n", "audit.go": LEAK})
    doc = _sarif(cli, "app", cwd=d.parent)
    run = doc["runs"][0]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    (note,) = [n for n in notes if n["descriptor"]["id"] == "syntax-error"]
    region = note["locations"][0]["physicalLocation"]["region"]
    byte_col = line.encode("utf-8").index(b")") + 1
    utf16_col = len(line[: line.index(")")].encode("utf-16-le")) // 2 + 1
    assert byte_col != utf16_col
    assert region["startColumn"] == utf16_col
    assert run["invocations"][0]["executionSuccessful"] is True  # bad input is not a tool failure


def _finding(i: int, related: int = 0) -> Finding:
    loc = Location(f"f{i % 7}.go", i + 1, 1, i + 1, 5, 1, 5)
    rel = tuple(Location(f"g{j}.go", j + 1, 1, j + 1, 2, 1, 2, message="step") for j in range(related))
    level = Level.ERROR if i % 3 == 0 else Level.WARNING
    return Finding("MEM001", "goroutine-captures-request", level, "m", loc, rel, fingerprint=f"{i:032x}")


def test_limits_results_and_locations(tmp_path):
    rules = [r for r in all_rules() if r.id == "MEM001"]
    result = Result(findings=[_finding(i) for i in range(MAX_RESULTS + 10)] + [_finding(-1, related=1500)])
    doc = json.loads(render("sarif", result, rules, root=tmp_path, cwd=tmp_path))
    run = doc["runs"][0]
    assert len(run["results"]) == MAX_RESULTS
    levels = [r["level"] for r in run["results"]]
    assert levels.count("error") == sum(1 for i in range(-1, MAX_RESULTS + 10) if i % 3 == 0)
    biggest = max(run["results"], key=lambda r: len(r.get("relatedLocations", [])))
    assert len(biggest["relatedLocations"]) == 1000
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any(n["descriptor"]["id"] == "results-truncated" and "11 results" in n["message"]["text"]
               for n in notes)


def test_tool_failure_is_not_execution_success(tmp_path):
    from golint_mem.rule import Diagnostic

    result = Result(diagnostics=[Diagnostic("internal-error", "MEM001 failed", Location("a.go", 1, 1, 1, 1, 1, 1))])
    doc = json.loads(render("sarif", result, list(all_rules()), root=tmp_path, cwd=tmp_path))
    assert doc["runs"][0]["invocations"][0]["executionSuccessful"] is False
