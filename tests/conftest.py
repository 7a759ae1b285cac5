from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

HANDLER = """package app

import "net/http"

func Handle(w http.ResponseWriter, r *http.Request) {
	go func() {
		_ = r.URL.Path
	}()
}
"""

CLEAN = """package app

import "net/http"

func Handle(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	go func() {
		_ = path
	}()
}
"""


class Run:
    def __init__(self, proc: subprocess.CompletedProcess):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def cli():
    """Run the real command line in a subprocess: golint-mem ARGS (cwd optional)."""

    def run(*args: str, cwd: Path | str | None = None, stdin: str | None = None) -> Run:
        proc = subprocess.run(
            [sys.executable, "-m", "golint_mem", *args],
            cwd=cwd, capture_output=True, text=True, encoding="utf-8", input=stdin,
            timeout=300,
        )
        return Run(proc)

    return run


@pytest.fixture
def gopkg(tmp_path):
    """Write Go files into a fresh package directory: gopkg({"a.go": src}) -> dir."""

    def make(files: dict[str, str | bytes], name: str = "app", gomod: str | None = "1.21") -> Path:
        d = tmp_path / name
        d.mkdir(parents=True, exist_ok=True)
        if gomod:
            (tmp_path / "go.mod").write_text(f"module example.com/m\n\ngo {gomod}\n", encoding="utf-8")
        for fname, src in files.items():
            p = d / fname
            p.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(src, bytes):
                p.write_bytes(src)
            else:
                p.write_text(src, encoding="utf-8")
        return d

    return make
