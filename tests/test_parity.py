"""Parity with the peers: the real `go vet -lostcancel` and staticcheck
(SA1015, SA6002, SA5005) run over every corpus module, and each line they
report must carry the finding of the golint-mem rule that covers the same bug:

    lostcancel -> MEM006    SA1015 -> MEM007    SA6002 -> MEM009    SA5005 -> MEM010

Our rules may report more (they see shapes the peers do not). Where we
deliberately differ, the line says so in a comment, `differs: lostcancel`
(or `differs: SA1015`...), the rule's doc explains why, and exactly one side
reports that line: the test runs the real tool to pin the difference.

The tools run offline (GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local) with a
temporary GOCACHE, GOPATH and staticcheck cache; each runs once per module
per session. Skipped when the tool is absent (.ci/run installs golang-go and
go-staticcheck). A rule that is not written yet is skipped, not failed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from corpus_expectations import CORPUS, corpus_files
from golint_mem import parse as ts
from golint_mem.engine import Options, run
from golint_mem.registry import lookup

GO = shutil.which("go")
STATICCHECK = shutil.which("go-staticcheck") or shutil.which("staticcheck")
MODULES = sorted(
    p.parent for p in CORPUS.rglob("go.mod") if "testdata" not in p.relative_to(CORPUS).parts
)
#: peer check -> (tool, golint-mem rule)
CHECKS = {
    "lostcancel": ("vet", "MEM006"),
    "SA1015": ("staticcheck", "MEM007"),
    "SA6002": ("staticcheck", "MEM009"),
    "SA5005": ("staticcheck", "MEM010"),
}
_DIFFERS = re.compile(r"\bdiffers:\s*([A-Za-z0-9_,\s]+)")
# lostcancel's second diagnostic points at the return statement, not at the call
_SECONDARY = "this return statement may be reached"

Line = tuple[str, int]


def _env(tmp: Path) -> dict:
    return dict(os.environ, GOFLAGS="-mod=mod", GOPROXY="off", GOTOOLCHAIN="local",
                GO111MODULE="on", GOCACHE=str(tmp / "gocache"), GOPATH=str(tmp / "gopath"),
                STATICCHECK_CACHE=str(tmp / "staticcheck"))


def _vet(module: Path, env: dict) -> dict[str, set[Line]]:
    proc = subprocess.run([GO, "vet", "-lostcancel", "-json", "./..."], cwd=module, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # `# pkg` lines, each followed by one JSON object {pkg: {analyzer: [diagnostics]}}
    body = "\n".join(l for l in proc.stderr.splitlines() if not l.startswith("#"))
    out: dict[str, set[Line]] = {}
    dec, i = json.JSONDecoder(), 0
    while True:
        while i < len(body) and body[i].isspace():
            i += 1
        if i >= len(body):
            break
        obj, i = dec.raw_decode(body, i)
        for analyzers in obj.values():
            for check, diags in analyzers.items():
                assert check != "error", diags
                for d in diags:
                    if d["message"].startswith(_SECONDARY):
                        continue
                    path, line, _ = d["posn"].rsplit(":", 2)
                    out.setdefault(check, set()).add((str(Path(path).resolve()), int(line)))
    return out


def _staticcheck(module: Path, env: dict) -> dict[str, set[Line]]:
    checks = ",".join(c for c, (tool, _) in CHECKS.items() if tool == "staticcheck")
    proc = subprocess.run([STATICCHECK, "-f", "json", "-checks", checks, "./..."], cwd=module,
                          env=env, capture_output=True, text=True, timeout=600)
    out: dict[str, set[Line]] = {}
    for raw in proc.stdout.splitlines():
        d = json.loads(raw)
        assert d["code"] in CHECKS, f"staticcheck could not check {module}: {d}"
        loc = d["location"]
        out.setdefault(d["code"], set()).add((str(Path(loc["file"]).resolve()), loc["line"]))
    assert proc.returncode in (0, 1) and not proc.stderr.strip(), proc.stderr
    return out


@pytest.fixture(scope="session")
def peers(tmp_path_factory) -> dict[str, set[Line]]:
    """Every peer check's reported lines over every corpus module (tools that are
    installed only)."""
    env = _env(tmp_path_factory.mktemp("peers"))
    out: dict[str, set[Line]] = {}
    for module in MODULES:
        for tool, runner in (("vet", _vet if GO else None),
                             ("staticcheck", _staticcheck if GO and STATICCHECK else None)):
            if runner is None:
                continue
            for check, lines in runner(module, env).items():
                out.setdefault(check, set()).update(lines)
    return out


@pytest.fixture(scope="session")
def ours() -> dict[str, set[Line]]:
    rules = [r for r in (lookup(rid) for _, rid in CHECKS.values()) if r is not None]
    result = run([str(CORPUS)], rules, Options(jobs=1))
    out: dict[str, set[Line]] = {}
    for f in result.findings:
        out.setdefault(f.rule_id, set()).add((str(Path(f.location.path).resolve()), f.location.line))
    return out


def differences() -> dict[str, set[Line]]:
    """{check: lines marked `differs: check`}, read from comment nodes."""
    out: dict[str, set[Line]] = {}
    q = ts.query("(comment) @c")
    for path in corpus_files():
        tree = ts.parse(path.read_bytes())
        for c in ts.captures(q, tree.root_node).get("c", []):
            m = _DIFFERS.search(ts.text(c))
            if m:
                for check in re.split(r"[,\s]+", m.group(1).strip()):
                    if check:
                        out.setdefault(check, set()).add((str(path.resolve()), c.start_point[0] + 1))
    return out


def _need(check: str):
    tool, rule_id = CHECKS[check]
    if GO is None:
        pytest.skip("the Go toolchain is not installed (apt-get install golang-go)")
    if tool == "staticcheck" and STATICCHECK is None:
        pytest.skip("staticcheck is not installed (apt-get install go-staticcheck)")
    if lookup(rule_id) is None:
        pytest.skip(f"{rule_id} is not written yet")
    return rule_id


def _fmt(lines) -> str:
    return "\n".join(f"  {Path(p).relative_to(CORPUS)}:{n}" for p, n in sorted(lines))


@pytest.mark.parametrize("check", list(CHECKS))
def test_every_peer_line_is_a_finding(check, peers, ours):
    rule_id = _need(check)
    missed = peers.get(check, set()) - differences().get(check, set()) - ours.get(rule_id, set())
    assert not missed, f"{check} reports lines {rule_id} does not:\n{_fmt(missed)}"


@pytest.mark.parametrize("check", list(CHECKS))
def test_deliberate_differences_hold(check, peers, ours):
    """A `differs: check` line is reported by exactly one side."""
    rule_id = _need(check)
    theirs, mine = peers.get(check, set()), ours.get(rule_id, set())
    both = {ln for ln in differences().get(check, set()) if (ln in theirs) == (ln in mine)}
    assert not both, (f"`differs: {check}` lines reported by both or by neither "
                      f"({check} vs {rule_id}):\n{_fmt(both)}")


def test_known_differences_are_pinned(peers, ours):
    """The documented differences exist in the corpus and still hold with the
    installed tools: `_ = cancel` silences lostcancel but not MEM006, and
    staticcheck 2023.1 reports time.Tick in a Go 1.23 module where MEM007 is silent."""
    _need("lostcancel")
    _need("SA1015")
    diffs = differences()
    blank = {ln for ln in diffs.get("lostcancel", set())
             if "_ = cancel" in _source_after(ln)}
    assert blank and all(ln in ours["MEM006"] and ln not in peers.get("lostcancel", set())
                         for ln in blank)
    go123 = {ln for ln in diffs.get("SA1015", set()) if "/go123/" in ln[0]}
    assert go123 and all(ln in peers.get("SA1015", set()) and ln not in ours.get("MEM007", set())
                         for ln in go123)


def test_peers_report_on_the_corpus(peers):
    """The tools really ran: each reports its known corpus lines (a broken run
    that reports nothing would make the parity tests pass vacuously)."""
    _need("lostcancel")
    _need("SA1015")
    assert peers.get("lostcancel") and peers.get("SA1015")


def _source_after(ln: Line, lines: int = 3) -> str:
    path, n = ln
    text = Path(path).read_text(encoding="utf-8").splitlines()
    return "\n".join(text[n - 1:n - 1 + lines])
