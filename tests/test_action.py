"""The composite action (`action.yml`) and the workflow in docs/github-code-scanning.md:
their YAML is well formed, they use the official upload step, and the action's run
script, executed by bash as the runner would, writes SARIF and fails only on exit 2."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
DOC = (ROOT / "docs" / "github-code-scanning.md").read_text(encoding="utf-8")


def _steps():
    return ACTION["runs"]["steps"]


def test_action_is_a_composite_that_installs_runs_and_uploads():
    assert ACTION["runs"]["using"] == "composite"
    uses = [s.get("uses", "") for s in _steps()]
    assert uses[0].startswith("actions/setup-python@")
    assert uses[-1].startswith("github/codeql-action/upload-sarif@")
    upload = _steps()[-1]["with"]
    assert upload["sarif_file"] == "${{ inputs.sarif-file }}"
    install = next(s for s in _steps() if s.get("name") == "Install golint-mem")
    assert "$ACTION_PATH" in install["run"]
    # inputs reach scripts through env, never spliced into the script text
    for s in _steps():
        assert "${{" not in s.get("run", "")


def _run_check_step(tmp_path, gomod_dir, paths, args=""):
    step = next(s for s in _steps() if s.get("id") == "check")
    out = tmp_path / "github_output"
    sarif = tmp_path / "report.sarif"
    bindir = Path(sys.executable).parent
    env = dict(os.environ, GITHUB_OUTPUT=str(out), GOLINT_MEM_PATHS=paths, GOLINT_MEM_ARGS=args,
               GOLINT_MEM_CATEGORY="golint-mem", GOLINT_MEM_SARIF=str(sarif),
               PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=gomod_dir, env=env,
                          capture_output=True, text=True, timeout=300)
    outputs = dict(line.split("=", 1) for line in out.read_text().splitlines()) if out.exists() else {}
    return proc, outputs, sarif


def test_run_script_reports_findings_without_failing(tmp_path, gopkg):
    d = gopkg({"a.go": "package app\n\nimport \"net/http\"\n\nfunc H(w http.ResponseWriter, r *http.Request) {\n\tgo func() { _ = r }()\n}\n"})
    proc, outputs, sarif = _run_check_step(tmp_path, d.parent, "./...")
    assert proc.returncode == 0, proc.stderr
    assert outputs["exit-code"] == "1"
    doc = json.loads(sarif.read_text(encoding="utf-8"))
    assert doc["runs"][0]["automationDetails"]["id"] == "golint-mem/"
    assert len(doc["runs"][0]["results"]) == 1


def test_run_script_fails_when_the_tool_cannot_work(tmp_path, gopkg):
    d = gopkg({"a.go": "package app\n"})
    proc, outputs, _ = _run_check_step(tmp_path, d.parent, "./no-such-dir/...")
    assert proc.returncode == 2
    assert outputs["exit-code"] == "2"


def test_docs_workflows_are_valid_and_use_the_action():
    blocks = re.findall(r"```yaml\n(.*?)```", DOC, re.S)
    assert blocks
    workflow = yaml.safe_load(blocks[0])
    steps = workflow["jobs"]["golint-mem"]["steps"]
    assert any(s.get("uses", "").startswith("golint-mem/golint-mem@") for s in steps)
    assert workflow["permissions"]["security-events"] == "write"
    for block in blocks[1:]:
        yaml.safe_load(block)


def test_docs_matrix_workflow_shards_and_merges():
    matrix = next(yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", DOC, re.S) if "matrix" in b)
    shard_runs = [s["run"] for s in matrix["jobs"]["shard"]["steps"] if "run" in s]
    assert any("--shard ${{ matrix.shard }}/4" in r and "|| [ $? -eq 1 ]" in r for r in shard_runs)
    merge = [s["run"] for s in matrix["jobs"]["upload"]["steps"] if "run" in s]
    assert any(r.startswith("golint-mem merge-sarif shard-*.sarif") for r in merge)
    assert matrix["jobs"]["shard"]["strategy"]["matrix"]["shard"] == [1, 2, 3, 4]
