"""The corpus is real Go: every module in it type-checks with the Go toolchain.

`go vet -asmdecl` runs one harmless analyzer, so vet's own checks (which
would rightly complain about the leaks the corpus demonstrates) stay quiet
while every package, test file included, is type-checked. Framework imports
resolve to the stubs in corpus/testdata/stubs through `replace` directives.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from corpus_expectations import CORPUS

GO = shutil.which("go")
MODULES = sorted(
    p.parent for p in CORPUS.rglob("go.mod") if "testdata" not in p.relative_to(CORPUS).parts
)


def test_corpus_has_modules():
    assert CORPUS / "go.mod" in [m / "go.mod" for m in MODULES]


@pytest.mark.skipif(GO is None, reason="the Go toolchain is not installed (apt-get install golang-go)")
@pytest.mark.parametrize("module", MODULES, ids=lambda m: str(m.relative_to(CORPUS)) or ".")
def test_corpus_module_type_checks(module, tmp_path):
    env = dict(os.environ, GOFLAGS="-mod=mod", GOPROXY="off", GOTOOLCHAIN="local",
               GOCACHE=str(tmp_path / "cache"), GOPATH=str(tmp_path / "gopath"), GO111MODULE="on")
    proc = subprocess.run([GO, "vet", "-asmdecl", "./..."], cwd=module, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
