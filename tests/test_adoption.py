"""Gradual adoption on a big codebase: --write-baseline / --baseline and --new-from-rev,
driven through the real CLI in a temporary Go module (and a real git repository)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

LEAK = """package app

import "net/http"

func Audit(w http.ResponseWriter, r *http.Request) {
	go func() { _ = r.URL.Path }()
}
"""

SECOND = """
func Export(w http.ResponseWriter, r *http.Request) {
	go func() { _ = r.Body }()
}
"""


def _ids(run):
    return sorted((f["path"], f["line"], f["rule"]) for f in run.json()["findings"])


def test_baseline_hides_known_findings_and_not_new_ones(cli, gopkg):
    d = gopkg({"audit.go": LEAK})
    root = d.parent
    wrote = cli("check", "--write-baseline", "golint-mem-baseline.json", "./...", cwd=root)
    assert wrote.code == 1  # the run itself still reports what it found
    doc = json.loads((root / "golint-mem-baseline.json").read_text(encoding="utf-8"))
    assert [(e["rule"], e["path"]) for e in doc["findings"]] == [("MEM001", "app/audit.go")]

    hidden = cli("check", "--baseline", "golint-mem-baseline.json", "./...", cwd=root)
    assert hidden.code == 0, hidden.out + hidden.err
    assert "1 known findings hidden" in hidden.err

    # lines added above the known finding do not bring it back
    (d / "audit.go").write_text(LEAK.replace("import", "// Package app audits.\n\n\nimport"), encoding="utf-8")
    moved = cli("check", "--baseline", "golint-mem-baseline.json", "./...", cwd=root)
    assert moved.code == 0, moved.out

    # a new finding still fails, and only it is reported; from another directory too
    (d / "audit.go").write_text(LEAK + SECOND, encoding="utf-8")
    new = cli("check", "--format", "json", "--baseline", "../golint-mem-baseline.json", ".", cwd=d)
    assert new.code == 1
    assert [f["line"] for f in new.json()["findings"]] == [10]


def test_a_second_identical_finding_is_new(cli, gopkg):
    d = gopkg({"audit.go": LEAK})
    root = d.parent
    cli("check", "--write-baseline", "b.json", "./...", cwd=root)
    twice = LEAK + LEAK.split("import \"net/http\"\n", 1)[1].replace("Audit", "Audit2")
    (d / "audit.go").write_text(twice, encoding="utf-8")
    run = cli("check", "--format", "json", "--baseline", "b.json", "./...", cwd=root)
    assert run.code == 1
    assert len(run.json()["findings"]) == 1


def test_bad_baseline_is_one_line_and_exit_2(cli, gopkg):
    d = gopkg({"audit.go": LEAK})
    (d.parent / "b.json").write_text("{not json", encoding="utf-8")
    run = cli("check", "--baseline", "b.json", "./...", cwd=d.parent)
    assert run.code == 2
    assert run.err.count("\n") == 1 and "not a golint-mem baseline" in run.err
    missing = cli("check", "--baseline", "nope.json", "./...", cwd=d.parent)
    assert missing.code == 2 and "cannot read baseline" in missing.err


GIT = shutil.which("git")


def _git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
                        "HOME": str(root), "PATH": "/usr/bin:/bin"})


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_new_from_rev_reports_changed_lines_only(cli, gopkg):
    d = gopkg({"audit.go": LEAK})
    root = d.parent
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "base")
    assert cli("check", "--new-from-rev", "HEAD", "./...", cwd=root).code == 0

    (d / "audit.go").write_text(LEAK + SECOND, encoding="utf-8")  # modified, uncommitted
    (d / "extra.go").write_text(LEAK.replace("Audit", "Extra"), encoding="utf-8")  # untracked
    run = cli("check", "--format", "json", "--new-from-rev", "HEAD", "./...", cwd=root)
    assert run.code == 1
    assert _ids(run) == [("app/audit.go", 10, "MEM001"), ("app/extra.go", 6, "MEM001")]
    # all three are there without the flag
    assert len(cli("check", "--format", "json", "./...", cwd=root).json()["findings"]) == 3

    bad = cli("check", "--new-from-rev", "no-such-rev", "./...", cwd=root)
    assert bad.code == 2 and bad.err.count("\n") == 1
