"""Start-up: checking one file with the text report loads only what that run uses.

The editor and pre-commit paths run one file at a time, so an import costs on every
keystroke or commit: the language server (pygls, lsprotocol), the SARIF model and
networkx (loaded only by a rule that builds a graph for that file) stay out.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("pygls", "lsprotocol", "sarif_om", "networkx")

_PROBE = """
import json, sys
from golint_mem.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "heavy": sorted({m.split(".")[0] for m in sys.modules} & set(%r))}))
""" % (HEAVY,)


def _probe(*args: str, cwd: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=cwd, capture_output=True,
                         text=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_one_file_text_check_loads_no_heavy_module(gopkg, tmp_path):
    src = ("package app\n\nimport \"net/http\"\n\n"
           "func H(w http.ResponseWriter, r *http.Request) {\n\tgo func() { _ = r }()\n}\n")
    d = gopkg({"a.go": src, "b.go": "package app\n\nfunc helper(m map[string]int) { m[\"k\"] = 1 }\n"})
    # MEM001 follows the request through a.go's dataflow from its few statements
    # that read it (FunctionFlow.out_edges): no graph of the function, no networkx
    got = _probe("check", "--no-cache", str(d / "a.go"), cwd=tmp_path)
    assert got == {"code": 1, "heavy": []}
    # b.go has nothing a graph is built for
    got = _probe("check", "--no-cache", str(d / "b.go"), cwd=tmp_path)
    assert got == {"code": 0, "heavy": []}


def test_sarif_loads_the_sarif_model_only_when_asked(gopkg, tmp_path):
    d = gopkg({"a.go": "package app\n\nfunc F() {}\n"})
    got = _probe("check", "--no-cache", "--format", "sarif", str(d / "a.go"), cwd=tmp_path)
    assert "sarif_om" in got["heavy"] and "pygls" not in got["heavy"]
