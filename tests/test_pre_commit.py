"""The pre-commit hook, run by the real `pre-commit try-repo` against this checkout
in a throwaway git repository holding a Go module."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))
GIT = shutil.which("git")

LEAK = """package api

import "net/http"

func Audit(w http.ResponseWriter, r *http.Request) {
	go func() { _ = r.URL.Path }()
}
"""
CLEAN = LEAK.replace("go func() { _ = r.URL.Path }()", "path := r.URL.Path\n\tgo func() { _ = path }()")


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    if GIT is None or not Path(PRE_COMMIT).exists():
        pytest.skip("git and pre-commit are needed")
    root = tmp_path_factory.mktemp("hooked")
    env = _env(tmp_path_factory.mktemp("pre-commit-home"))
    (root / "go.mod").write_text("module example.com/hooked\n\ngo 1.21\n", encoding="utf-8")
    (root / "api").mkdir()
    (root / "api" / "leak.go").write_text(LEAK, encoding="utf-8")
    (root / "api" / "clean.go").write_text(CLEAN.replace("Audit", "Audit2"), encoding="utf-8")
    (root / "gen").mkdir()
    (root / "gen" / "leak_gen.go").write_text(LEAK.replace("package api", "package gen"), encoding="utf-8")
    (root / ".golint-mem.toml").write_text('exclude = ["gen"]\n', encoding="utf-8")
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "init"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    return root, env


def _env(home: Path) -> dict:
    return dict(os.environ, PRE_COMMIT_HOME=str(home), GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
                GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com", PRE_COMMIT_COLOR="never")


def _try(repo, *files):
    root, env = repo
    return subprocess.run([PRE_COMMIT, "try-repo", str(ROOT), "golint-mem", "--files", *files],
                          cwd=root, env=env, capture_output=True, text=True, timeout=900)


def test_hook_fails_on_a_leaking_file(repo):
    proc = _try(repo, "api/leak.go")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "api/leak.go:6:2: MEM001" in out
    assert "Failed" in out


def test_hook_passes_on_a_clean_file(repo):
    proc = _try(repo, "api/clean.go")  # its package has a leak, but only named files are reported
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Passed" in proc.stdout


def test_hook_honours_config_excludes_for_named_files(repo):
    proc = _try(repo, "gen/leak_gen.go")
    assert proc.returncode == 0, proc.stdout + proc.stderr
