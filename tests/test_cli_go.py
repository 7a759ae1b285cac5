"""The command line as a Go team meets it (issue 8), driven for real in a temporary module.

The module has a go.mod, sub-packages, a `package main` generator beside `package api`,
`//go:build ignore` tools, platform-tagged files, internal and external tests, a syntax
error, and a config file in the module root; several tests run from a subdirectory.
Each section is one numbered behaviour of the issue.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

LEAK = """
func {name}(w http.ResponseWriter, r *http.Request) {{
	go func() {{
		_ = r.URL.Path
	}}()
}}
"""


def go_file(package: str, *handlers: str, header: str = "") -> str:
    """A file of ``package`` with one leaking handler per name (MEM001 on line 6, 12, ...)."""
    body = "".join(LEAK.format(name=h) for h in handlers)
    return f'{header}package {package}\n\nimport "net/http"\n{body}'


CONFIG = """# the module's config: globs are relative to this file's directory
exclude = ["./internal/gen", "*_mock.go"]
"""

FILES = {
    "go.mod": "module example.com/shop\n\ngo 1.21\n",
    ".golint-mem.toml": CONFIG,
    "api/handler.go": go_file("api", "Handle"),
    "api/handler_test.go": go_file("api", "handleInternalTest"),
    "api/handler_ext_test.go": go_file("api_test", "handleExternalTest"),
    "api/gen.go": go_file("main", "generated"),
    "api/tools.go": go_file("main", "toolOnly", header="//go:build ignore\n\n"),
    "api/legacy.go": go_file("main", "legacyTool", header="// +build ignore\n\n"),
    "api/conn_windows.go": go_file("api", "handleWindows"),
    "api/conn_linux.go": go_file("api", "handleLinux", header="//go:build linux\n\n"),
    "api/debug.go": go_file("api", "handleDebug", header="//go:build debug && !race\n\n"),
    "api/client_mock.go": go_file("api", "mocked"),
    "internal/gen/gen.go": go_file("gen", "generatedElsewhere"),
    "worker/worker.go": "package worker\n\nfunc Run() {}\n",
    "broken/broken.go": go_file("broken", "stillAnalysed") + "\nfunc Broken( {\n",
    "broken/ok.go": go_file("broken", "sibling"),
    "cmd/shop/main.go": go_file("main", "serve"),
    "docs/README.md": "no Go here\n",
}


@pytest.fixture(scope="module")
def mod(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("shop")
    for name, text in FILES.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, "utf-8")
    return root


class Run:
    def __init__(self, proc, cwd: Path):
        self.code, self.out, self.err = proc.returncode, proc.stdout, proc.stderr
        self.cwd = cwd

    def json(self):
        return json.loads(self.out)

    def paths(self) -> set[str]:
        """Paths with findings (json output)."""
        return {f["path"] for f in self.json()["findings"]}

    def names(self) -> set[str]:
        """The handlers with MEM001 findings (json output): the `go` statement's
        line follows the handler's `func` line in these files."""
        out = set()
        for f in self.json()["findings"]:
            if f["rule"] == "MEM001":
                line = (self.cwd / f["path"]).read_text().splitlines()[f["line"] - 2]
                out.add(line.split("func ")[1].split("(")[0])
        return out


def gm(*args: str, cwd: Path, stdin: str | None = None, env: dict | None = None) -> Run:
    e = {k: v for k, v in os.environ.items() if k != "CI"}
    e.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "golint_mem", *args], cwd=cwd, capture_output=True, text=True,
        encoding="utf-8", input=stdin, timeout=300, env=e,
    )
    return Run(proc, cwd)


def one_error_line(r: Run, text: str) -> None:
    assert r.code == 2, (r.code, r.out, r.err)
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("golint-mem: error: "), r.err
    assert text in lines[0], lines[0]
    assert "Traceback" not in r.err


DEFAULT = {"Handle", "handleInternalTest", "handleExternalTest", "generated", "handleWindows",
           "handleLinux", "handleDebug", "stillAnalysed", "sibling", "serve"}


# -- 1. package patterns -------------------------------------------------------------


def test_patterns_dot_dot_dot_and_mixed(mod):
    r = gm("check", "./...", "--format", "json", cwd=mod)
    assert r.code == 1, r.err
    assert r.names() == DEFAULT
    # dir/..., a directory, a file and an import path of the module, mixed
    r = gm("check", "api/...", "broken", "cmd/shop/main.go", "example.com/shop/worker",
           "--format", "json", cwd=mod)
    assert r.names() == DEFAULT
    # `.` from a subdirectory: that tree only
    r = gm("check", ".", "--format", "json", cwd=mod / "cmd")
    assert r.names() == {"serve"} and r.paths() == {"shop/main.go"}
    r = gm("check", "example.com/shop/broken/...", "--format", "json", cwd=mod / "api")
    assert r.names() == {"stillAnalysed", "sibling"}


def test_default_path_is_the_whole_tree(mod):
    r = gm("check", "--format", "json", cwd=mod / "broken")
    assert r.names() == {"stillAnalysed", "sibling"}


# -- 2. build constraints --------------------------------------------------------------


def test_build_constraints_package_clauses_and_tests(mod):
    r = gm("check", "api", "--format", "json", cwd=mod)
    assert r.names() == {"Handle", "handleInternalTest", "handleExternalTest", "generated",
                         "handleWindows", "handleLinux", "handleDebug"}
    # api, its tests, its generator (package main) and its external tests are four units
    assert r.json()["summary"]["packages"] == 4
    # ignore-tagged tools are left out, like the go tool: 9 Go files, 7 analysed (mock excluded)
    assert (r.json()["summary"]["files"], r.json()["summary"]["analysed"]) == (9, 7)
    r = gm("check", "api", "--goos", "linux", "--tests=false", "--format", "json", cwd=mod)
    assert r.names() == {"Handle", "generated", "handleLinux", "handleDebug"}
    r = gm("check", "api", "--goos", "windows", "--tags", "integration", "--format", "json", cwd=mod)
    assert r.names() == {"Handle", "handleInternalTest", "handleExternalTest", "generated",
                         "handleWindows"}, "a tag not in --tags does not hold"
    r = gm("check", "api", "--tags", "debug,race", "--format", "json", cwd=mod)
    assert "handleDebug" not in r.names()
    # a file named on the command line is analysed whatever its constraints (go run tools.go)
    r = gm("check", "api/tools.go", "api/legacy.go", "--format", "json", cwd=mod)
    assert r.names() == {"toolOnly", "legacyTool"}


# -- 3. exit codes ------------------------------------------------------------------------


def test_exit_codes_clean_findings_and_syntax_error(mod):
    assert gm("check", "worker", cwd=mod).code == 0
    r = gm("check", "broken", "--format", "json", cwd=mod)
    assert r.code == 1
    assert r.names() == {"stillAnalysed", "sibling"}, "the rest of the file and package is analysed"
    [diag] = r.json()["diagnostics"]
    assert diag["kind"] == "syntax-error" and diag["path"] == "broken/broken.go"
    # a syntax error alone is a finding too
    r = gm("check", "broken/broken.go", "--select", "MEM002", cwd=mod)
    assert r.code == 1 and "syntax-error" in r.out
    r = gm("check", "broken", "--format", "sarif", cwd=mod)
    inv = r.json()["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is True
    assert inv["toolExecutionNotifications"][0]["descriptor"]["id"] == "syntax-error"


def test_exit_zero_and_too_large_is_a_note(mod, tmp_path):
    r = gm("check", "api", "--exit-zero", cwd=mod)
    assert r.code == 0 and "MEM001" in r.out
    assert gm("check", "nowhere", "--exit-zero", cwd=mod).code == 2, "errors still fail"
    big = tmp_path / "big"
    big.mkdir()
    (big / "go.mod").write_text("module example.com/big\n\ngo 1.21\n")
    (big / "big.go").write_text(go_file("big", "Huge") + "// " + "x" * 5000 + "\n")
    (big / "small.go").write_text("package big\n")
    r = gm("check", ".", "--max-file-size", "4096", cwd=big)
    assert r.code == 0, r.out + r.err
    assert "too-large" in r.out and "in 2 files (1 analysed)" in r.out
    r = gm("check", ".", "--max-file-size", "4096", "--format", "sarif", cwd=big)
    note = r.json()["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]
    assert note["level"] == "note"


def test_path_without_go_files_is_exit_2(mod):
    one_error_line(gm("check", "docs", cwd=mod), "docs: no Go files")
    one_error_line(gm("check", "./...", "docs/...", cwd=mod), "docs/...: no Go files")
    one_error_line(gm("check", "apii/...", cwd=mod), "apii/...: no such file or directory")


def test_failed_report_write_is_one_line_exit_2(mod, tmp_path):
    one_error_line(gm("check", "worker", "-o", str(tmp_path), cwd=mod), "cannot write")
    if os.path.exists("/dev/full"):
        one_error_line(gm("check", "worker", "-o", "/dev/full", cwd=mod), "cannot write")


# -- 4. selection and config ----------------------------------------------------------------


@pytest.fixture
def small(tmp_path) -> Path:
    (tmp_path / "go.mod").write_text("module example.com/small\n\ngo 1.21\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "h.go").write_text(go_file("app", "Handle"))
    (tmp_path / "app" / "pool.go").write_text(POOL)
    return tmp_path


POOL = """package app

import (
	"bytes"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func render(name string) string {
	b := bufPool.Get().(*bytes.Buffer)
	b.WriteString(name)
	s := b.String()
	bufPool.Put(b)
	return s
}
"""


def _rules(r: Run) -> set[str]:
    return {f["rule"] for f in r.json()["findings"]}


def test_select_replaces_config_ignore_and_extend_select_add(small):
    (small / ".golint-mem.toml").write_text('select = ["MEM002"]\nformat = "json"\n')
    app = small / "app"
    assert _rules(gm("check", cwd=app)) == {"MEM002"}
    assert _rules(gm("check", "--select", "MEM001", cwd=app)) == {"MEM001"}
    assert _rules(gm("check", "--extend-select", "MEM001", cwd=app)) == {"MEM001", "MEM002"}
    assert _rules(gm("check", "--select", "MEM00", "--ignore", "MEM002", cwd=app)) == {"MEM001"}
    (small / ".golint-mem.toml").write_text('ignore = ["MEM001"]\nformat = "json"\n')
    assert _rules(gm("check", cwd=app)) == {"MEM002"}
    assert _rules(gm("check", "--ignore", "MEM002", cwd=app)) == set(), "--ignore adds"


def test_unknown_rule_in_config_is_blamed_on_the_file_and_key(small):
    cfg = small / ".golint-mem.toml"
    cfg.write_text('extend-select = ["MEM404"]\n')
    one_error_line(gm("check", cwd=small / "app"), f"{cfg}: extend-select: unknown rule 'MEM404'")
    cfg.unlink()
    one_error_line(gm("check", "--select", "MEM9", cwd=small / "app"), "--select: unknown rule 'MEM9'")


def test_config_excludes_are_relative_to_the_config_file(mod):
    # run from a subdirectory: the root config is found and ./internal/gen is its own
    r = gm("check", "../...", "--format", "json", cwd=mod / "cmd")
    assert "generatedElsewhere" not in r.names() and "mocked" not in r.names()
    assert r.names() == DEFAULT
    r = gm("check", "../...", "--no-config", "--format", "json", cwd=mod / "cmd")
    assert {"generatedElsewhere", "mocked"} <= r.names()
    # ./x and absolute globs on the command line (relative to cwd)
    r = gm("check", "--exclude", "./api", "--exclude", str(mod / "broken" / "*"),
           "--format", "json", cwd=mod)
    assert r.names() == {"serve"}


def test_force_exclude_applies_to_named_files(mod):
    r = gm("check", "internal/gen/gen.go", "--format", "json", cwd=mod)
    assert r.names() == {"generatedElsewhere"}, "a named file is analysed by default"
    r = gm("check", "internal/gen/gen.go", "api/client_mock.go", "--force-exclude", cwd=mod)
    assert r.code == 0 and r.out.startswith("No findings"), r.out + r.err


# -- 5. stdin ---------------------------------------------------------------------------------


def test_stdin_is_analysed_as_the_named_file_with_its_package(small):
    (small / "app" / "pool.go").write_text(POOL.split("func render")[0])
    src = "package app\n\nimport \"bytes\"\n\nfunc render(name string) string" + POOL.split(
        "func render(name string) string")[1]
    r = gm("check", "--stdin-filename", "app/render.go", "-", "--format", "json",
           cwd=small, stdin=src)
    assert r.code == 1, r.err
    [f] = r.json()["findings"]
    # bufPool is declared in pool.go, on disk: without it the type is unknown and nothing is flagged
    assert (f["rule"], f["path"], f["line"]) == ("MEM002", "app/render.go", 9)
    r = gm("check", "-", cwd=small, stdin=src)
    one_error_line(r, "needs --stdin-filename")


# -- 6. suppressions ----------------------------------------------------------------------------

SUPPRESSED = """package app

import "net/http"

// Handle serves things.
//nolint:MEM001 // the goroutines end with the request context
func Handle(w http.ResponseWriter, r *http.Request) {
	go func() {
		_ = r.URL.Path
	}()
	go func() {
		_ = r.URL.Path
	}()
}

func Two(w http.ResponseWriter, r *http.Request) { //nolint:MEM001
	go func() {
		_ = r.URL.Path
	}()
}

func Three(w http.ResponseWriter, r *http.Request) {
	//golint-mem:ignore MEM001
	go func() {
		_ = r.URL.Path
	}()
	// nolint:MEM001
	go func() {
		_ = r.URL.Path
	}()
	go func() { //nolint:errcheck,MEM001,MEM002 // audited
		_ = r.URL.Path
	}()
	//golint-mem:ignore MEM001 joined by the caller's WaitGroup
	go func() {
		_ = r.URL.Path
	}()
}
"""


def _diags(r: Run) -> list[tuple[str, int]]:
    return [(d["kind"], d["line"]) for d in r.json()["diagnostics"]]


def test_suppressions_like_golangci_and_staticcheck(small):
    (small / "app" / "h.go").write_text(SUPPRESSED)
    r = gm("check", "app", "--select", "MEM001", "--format", "json", cwd=small)
    assert r.code == 1
    # doc comment and func line cover the whole declaration; a reasonless
    # golint-mem:ignore and `// nolint` (with a space) suppress nothing
    assert [f["line"] for f in r.json()["findings"]] == [24, 28]
    assert _diags(r) == [("malformed-suppression", 23)], "malformed: always reported"
    r = gm("check", "app", "--select", "MEM001,MEM002", "--report-unused-suppressions",
           "--format", "json", cwd=small)
    diags = {d["line"]: d["message"] for d in r.json()["diagnostics"]}
    assert "not a directive" in diags[27]
    assert diags[31].startswith("MEM002 in '//nolint:errcheck,MEM001,MEM002 // audited'")
    assert "MEM001 in" not in diags[31] and "errcheck" not in diags[31].split(" in ")[0]
    # require-reason: a //nolint without `// reason` no longer suppresses
    (small / ".golint-mem.toml").write_text("require-reason = true\n")
    r = gm("check", "app", "--select", "MEM001", "--format", "json", cwd=small)
    assert [f["line"] for f in r.json()["findings"]] == [17, 24, 28]
    assert ("malformed-suppression", 16) in _diags(r)


# -- 7. output for people --------------------------------------------------------------------------


def test_statistics_summary_and_relative_paths(mod):
    r = gm("check", "./...", "--statistics", cwd=mod)
    assert r.code == 1
    lines = r.out.splitlines()
    assert lines[0].split() == ["10", "MEM001", "goroutine-captures-request"]
    assert lines[1].split() == ["1", "syntax-error"]
    assert lines[-1].endswith("in 13 files (11 analysed); 1 file could not be parsed.")
    r = gm("check", "./...", "--statistics", "--format", "json", cwd=mod)
    assert {"code": "MEM001", "name": "goroutine-captures-request", "count": 10} in r.json()
    # paths outside the working directory stay relative
    r = gm("check", "../cmd", cwd=mod / "api")
    assert r.out.startswith("../cmd/shop/main.go:6:2: MEM001")


def test_output_file_in_text_mode_still_prints_the_summary(mod, tmp_path):
    out = tmp_path / "report.txt"
    r = gm("check", "cmd", "-o", str(out), cwd=mod)
    assert r.code == 1 and r.out == ""
    assert r.err.strip() == "Found 1 finding (1 warning) in 1 file (1 analysed)."
    assert out.read_text().startswith("cmd/shop/main.go:6:2: MEM001")
    r = gm("check", "cmd", "-q", cwd=mod)
    assert r.out.startswith("cmd/shop/main.go") and "Found" not in r.out + r.err


def test_rules_json(mod):
    r = gm("rules", "--format", "json", cwd=mod)
    rules = r.json()
    assert r.code == 0 and rules[0]["id"] == "MEM001"
    assert set(rules[0]) == {"id", "name", "summary", "default", "level", "precision", "tags"}


def _tty_stderr(args: list[str], cwd: Path, env: dict) -> str:
    """Run with stderr on a pseudo-terminal; what the terminal saw."""
    master, slave = pty.openpty()
    e = {k: v for k, v in os.environ.items() if k != "CI"}
    e.update(env)
    proc = subprocess.Popen([sys.executable, "-m", "golint_mem", *args], cwd=cwd, env=e,
                            stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=300)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_only_on_a_terminal_outside_ci(mod):
    now = {"GOLINT_MEM_PROGRESS_DELAY": "0"}
    # packages answered from the result cache need no work, hence no progress
    fresh = ["--no-cache"] if "--no-cache" in gm("check", "--help", cwd=mod).out else []
    assert "packages" in _tty_stderr(["check", "./...", *fresh], mod, now)
    assert "packages" not in _tty_stderr(["check", "./...", *fresh], mod, {**now, "CI": "true"})
    assert "packages" not in _tty_stderr(["check", "./...", "--quiet", *fresh], mod, now)
    r = gm("check", "./...", *fresh, cwd=mod, env=now)  # a pipe
    assert "packages" not in r.err


def test_progress_bar_waits_a_second_then_clears_its_line():
    import io

    from golint_mem.progress import ProgressBar

    quick = io.StringIO()
    bar = ProgressBar(quick, delay=3600)
    bar(1, 2), bar(2, 2), bar.close()
    assert quick.getvalue() == "", "a run shorter than the delay shows nothing"
    slow = io.StringIO()
    bar = ProgressBar(slow, delay=0)
    bar(1, 4), bar(4, 4)
    assert "4/4 packages" in slow.getvalue()
    bar.close()
    assert slow.getvalue().endswith("\r")


def test_help_lists_the_new_flags():
    r = gm("check", "--help", cwd=ROOT)
    for flag in ("--stdin-filename", "--force-exclude", "--extend-select", "--exit-zero",
                 "--statistics", "--tests", "--tags", "--goos", "--quiet"):
        assert flag in r.out
