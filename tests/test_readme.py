"""Docs as tests for README.md: every command and snippet in it is run or validated.

- shell commands (```sh blocks and inline `golint-mem ...`/`python ...` spans) run,
  with `golint-mem` on PATH meaning this checkout; the fresh-machine lines run their
  golint-mem part, and their venv/pip part is covered by building and installing
  the package from a copy of the checkout (the "install from a path" line);
- ```toml blocks are loaded as a config and used for a real run;
- ```go blocks are whole files: with their suppression comments they are clean,
  without them they are flagged;
- the ```yaml CI snippet's steps run: findings (exit 1) pass, exit 2 fails;
- the usage block lists exactly the flags of `golint-mem check --help`;
- the sample output is what `golint-mem check corpus/` prints
  (`python tests/test_readme.py` rewrites it from a fresh run).

A command that cannot run here is listed in NOT_RUN with where it is covered.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
INLINE = re.compile(r"`((?:\.venv/bin/)?(?:golint-mem [a-z]|python3? |pip |\.ci/run|apt-get )[^`]*)`")

#: commands the README shows that these tests do not run as written, and why
NOT_RUN = {
    "apt-get install golang-go": "needs root and the network; .ci/run installs it",
    ".ci/run": "the CI entry point; it runs this file",
    "python benchmarks/bench_check.py": "minutes on the standard library; "
                                        "test_benchmark_script runs it on corpus/",
    "curl -s 'http://localhost:6060/debug/pprof/goroutine?debug=2' > goroutines.txt":
        "needs a running service: tests/test_correlate.py builds tests/leaky_service, runs it "
        "and fetches this URL",
    "golint-mem correlate goroutines.txt ./...": "the dump of that service: tests/test_correlate.py "
                                                 "runs correlate on it",
    "golint-mem lsp": "a server reading stdin: tests/test_lsp.py and tests/test_neovim.py start it",
}
#: commands that write into the tree they run in: run in a throwaway module instead
#: (test_adoption_and_fix_commands_run)
IN_A_COPY = re.compile(r"^golint-mem check --(fix|diff|write-baseline|baseline|new-from-rev)\b")
#: fresh-machine setup steps, covered by test_install_from_a_path
SETUP = re.compile(r"^(python3 -m venv \.venv|(\.venv/bin/)?pip install .*)$")


def text() -> str:
    return README.read_text(encoding="utf-8")


def blocks(lang: str) -> list[str]:
    return [body for kind, body in FENCE.findall(text()) if kind == lang]


def commands() -> list[str]:
    """Every shell command the README shows: sh block lines and inline spans, `&&` split."""
    out = []
    for body in blocks("sh"):
        out += [line.strip() for line in body.splitlines() if line.strip() and not line.startswith("#")]
    prose = FENCE.sub("", text())
    out += [m.group(1) for m in INLINE.finditer(prose) if not m.group(1).startswith("golint-mem: ")]
    parts = []
    for c in out:
        parts += [p.strip() for p in c.split("&&")]
    return list(dict.fromkeys(parts))


@pytest.fixture(scope="module")
def shim(tmp_path_factory) -> dict:
    """An environment whose PATH has `golint-mem` (this checkout) and `python` (this one)."""
    bin_dir = tmp_path_factory.mktemp("bin")
    for name, run in (("golint-mem", f'"{sys.executable}" -m golint_mem'), ("python", f'"{sys.executable}"')):
        p = bin_dir / name
        p.write_text(f'#!/bin/sh\nexec {run} "$@"\n', encoding="utf-8")
        p.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return env


def sh(command: str, env: dict, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-e", "-c", command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


def module(tmp_path: Path, files: dict[str, str]) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "go.mod").write_text("module example.com/shop\n\ngo 1.21\n", encoding="utf-8")
    for name, src in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(src, encoding="utf-8")
    return tmp_path


LEAK = """package api

import "net/http"

func Handle(w http.ResponseWriter, r *http.Request) {
	go func() {
		_ = r.URL.Path
	}()
}
"""


# -- the shell commands ----------------------------------------------------------------


def _golint_mem(command: str) -> str | None:
    """The command as run here, when it is a golint-mem run."""
    c = re.sub(r"^\.venv/bin/", "", command)
    return c if c.startswith("golint-mem ") else None


def test_every_command_is_exercised():
    covered = []
    for c in commands():
        if c in NOT_RUN or SETUP.match(c) or _golint_mem(c) or c in _RUN_HERE or IN_A_COPY.match(c):
            covered.append(c)
            continue
        if c.startswith(".venv/bin/python -m pytest"):
            covered.append(c)  # the test command itself: test_ci_runs_the_readme_test_command
            continue
        raise AssertionError(f"README command not exercised by tests/test_readme.py: {c!r}")
    assert any(_golint_mem(c) for c in covered)


def test_golint_mem_commands_run(shim):
    ran = 0
    for c in commands():
        cmd = _golint_mem(c)
        if cmd is None or c in NOT_RUN or IN_A_COPY.match(cmd):
            continue
        r = sh(cmd, shim)
        assert r.returncode in (0, 1), (cmd, r.returncode, r.stderr)
        assert "Traceback" not in r.stderr and r.stdout, (cmd, r.stderr)
        ran += 1
    assert ran >= 4


def test_ci_runs_the_readme_test_command():
    readme = [c for c in commands() if c.startswith(".venv/bin/python -m pytest")]
    assert readme, "the README shows how to run the tests"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/pip install -q -e '.[test]'" in ci
    assert re.search(r"^\.venv/bin/python -m pytest\b", ci, re.M)


_RUN_HERE = {"python -m golint_mem.rules_doc > docs/rules.md"}


def test_rules_doc_command(shim, tmp_path):
    # the page's freshness is test_rule_docs.test_docs_rules_md_is_up_to_date
    r = sh("python -m golint_mem.rules_doc > " + str(tmp_path / "rules.md"), shim)
    assert r.returncode == 0 and (tmp_path / "rules.md").read_text().startswith("#")


def test_benchmark_script(shim):
    r = sh("python benchmarks/bench_check.py corpus", shim)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr


def test_install_from_a_path(tmp_path):
    """`pip install ./golint-mem` on a fresh machine, without the network: build the
    wheel from a copy of the checkout, install it apart from the editable install,
    and run its `golint-mem` script from outside the checkout."""
    src = tmp_path / "golint-mem"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for name in ("golint_mem", "rules"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    site = tmp_path / "site"
    # pip builds it as on a fresh machine: in an isolated env with the pyproject's setuptools
    r = subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(src)],
                       capture_output=True, text=True, timeout=600)
    if r.returncode and re.search(r"Could not find a version|NewConnectionError|Network is unreachable|"
                                  r"Temporary failure in name resolution", r.stderr):
        pytest.skip("building needs setuptools from the package index, which is unreachable here")
    assert r.returncode == 0, r.stderr
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = str(site)
    work = module(tmp_path / "work", {"api/h.go": LEAK})
    r = subprocess.run([str(site / "bin" / "golint-mem"), "check", "./..."], cwd=work, env=env,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, r.stderr
    assert r.stdout.startswith("api/h.go:6:2: MEM001"), r.stdout
    r = subprocess.run([sys.executable, "-c", "import golint_mem, golint_mem.rules as r; "
                        "print(golint_mem.__file__); print(r.__file__)"],
                       cwd=work, env=env, capture_output=True, text=True)
    assert all(line.startswith(str(site)) for line in r.stdout.split()), r.stdout


def test_install_lines_name_a_repository_and_a_path():
    install = [c for c in commands() if c.startswith("pip install")]
    assert any(c.startswith('pip install "git+https://') for c in install)
    assert "pip install ./golint-mem" in install
    url = re.search(r"git\+(https://\S+?)\"", " ".join(install)).group(1)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'Homepage = "{url}"' in pyproject, "the install URL is the project's repository"


# -- config, Go and CI snippets ---------------------------------------------------------------


def test_adoption_and_fix_commands_run(tmp_path, shim):
    """The README's --write-baseline, --baseline, --new-from-rev, --diff and --fix lines,
    as written, in a git repository holding a leaking module (origin/main is its first
    commit)."""
    d = module(tmp_path / "m", {"api/h.go": LEAK})
    git = {**shim, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    for step in ("git init -q", "git add .", "git commit -q -m base",
                 "git update-ref refs/remotes/origin/main HEAD"):
        assert sh(step, git, cwd=d).returncode == 0
    ran = [c for c in commands() if IN_A_COPY.match(c)]
    assert len(ran) == 5, ran
    for c in ran:
        r = sh(c, git, cwd=d)
        assert r.returncode in (0, 1), (c, r.stderr)
        assert "Traceback" not in r.stderr
        if "--write-baseline" in c:
            assert (d / "golint-mem-baseline.json").exists()
        if "--baseline" in c.split():
            assert r.returncode == 0, (c, r.stdout)  # the known finding is hidden
        if "--new-from-rev" in c:
            assert r.returncode == 0, (c, r.stdout)  # nothing changed since origin/main


def test_toml_snippets_are_valid_configs(tmp_path, shim):
    from golint_mem.config import load_config

    tomls = [b for b in blocks("toml") if "[language-server" not in b]
    assert tomls
    for i, body in enumerate(tomls):
        d = module(tmp_path / f"m{i}", {"api/h.go": LEAK, "internal/gen/g.go": LEAK})
        cfg = d / ".golint-mem.toml"
        cfg.write_text(body, encoding="utf-8")
        load_config(str(cfg))
        r = sh("golint-mem check ./...", shim, cwd=d / "api")
        assert r.returncode in (0, 1), r.stderr
        assert "Traceback" not in r.stderr


def test_go_snippets_suppress_what_they_say(tmp_path, shim):
    gos = blocks("go")
    assert gos
    directive = re.compile(r"\s*//(nolint|golint-mem:ignore)\b.*$")
    for i, body in enumerate(gos):
        d = module(tmp_path / f"m{i}", {"api/x.go": body})
        r = sh("golint-mem check ./... --report-unused-suppressions --select ALL", shim, cwd=d)
        assert r.returncode == 0, r.stdout + r.stderr
        n = sum(1 for line in body.splitlines() if directive.search(line))
        bare = "\n".join(directive.sub("", line) for line in body.splitlines()) + "\n"
        (d / "api" / "x.go").write_text(bare, encoding="utf-8")
        r = sh("golint-mem check ./... --format json --select ALL", shim, cwd=d)
        assert r.returncode == 1 and r.stdout.count('"rule": "MEM') >= n, r.stdout


def _yaml_runs(body: str) -> list[str]:
    try:
        import yaml
    except ImportError:  # not a test dependency: the structure is checked by hand
        steps = [line for line in body.splitlines() if line.startswith("- ")]
        assert steps, body
    else:
        steps = yaml.safe_load(body)
        assert isinstance(steps, list) and all(isinstance(s, dict) for s in steps)
    return [m.group(1).strip() for m in re.finditer(r"^\s*-?\s*run:\s*(.+)$", body, re.M)]


def test_ci_snippet_tolerates_findings_but_fails_on_errors(tmp_path, shim):
    [body] = [b for b in blocks("yaml") if "upload-sarif" in b]
    runs = _yaml_runs(body)
    check = [r for r in runs if r.startswith("golint-mem ")]
    assert check and all(r.startswith("pip install") for r in runs if r not in check)
    assert [r for r in runs if r.startswith("pip install")][0] in commands()
    for step in check:
        leaky = module(tmp_path / "leaky", {"api/h.go": LEAK})
        r = sh(step, shim, cwd=leaky)  # GitHub's default shell is bash -e
        assert r.returncode == 0, "findings (exit 1) are tolerated"
        assert (leaky / "golint-mem.sarif").read_text().count('"ruleId": "MEM001"') == 1
        empty = tmp_path / "empty"
        empty.mkdir()
        (empty / "README.md").write_text("no Go here\n")
        r = sh(step, shim, cwd=empty)
        assert r.returncode != 0, "exit 2 (nothing analysed) fails the job"
        broken = module(tmp_path / "unwritable", {"api/h.go": LEAK})
        (broken / "golint-mem.sarif").mkdir()
        assert sh(step, shim, cwd=broken).returncode != 0, "a report that cannot be written fails"


def test_pre_commit_snippet_names_this_repository_and_hook():
    import yaml

    [body] = [b for b in blocks("yaml") if "repos:" in b]
    (repo,) = yaml.safe_load(body)["repos"]
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'Homepage = "{repo["repo"]}"' in pyproject
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in repo["hooks"]] == [h["id"] for h in hooks] == ["golint-mem"]
    # the real pre-commit runs this hook in tests/test_pre_commit.py


def test_editor_snippets_start_the_language_server():
    """Helix's TOML and VS Code's JSON start `golint-mem lsp`; the Lua is run by a real
    Neovim in tests/test_neovim.py, which reads it from here."""
    import json

    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    [helix] = [b for b in blocks("toml") if "[language-server" in b]
    conf = tomllib.loads(helix)
    assert conf["language-server"]["golint-mem"] == {"command": "golint-mem", "args": ["lsp"]}
    assert "golint-mem" in conf["language"][0]["language-servers"]
    [vscode] = blocks("json")
    settings = json.loads(vscode)
    assert settings["glspc.server.command"] == "golint-mem"
    assert settings["glspc.server.commandArguments"] == ["lsp"]
    [lua] = blocks("lua")
    assert '{ "golint-mem", "lsp" }' in lua


def test_correlate_sample_is_what_the_command_prints(shim):
    [sample] = [b for b in blocks("text") if b.startswith("$ golint-mem correlate")]
    command = sample.splitlines()[0][2:]
    r = sh(command, shim)
    assert r.returncode == 1, r.stderr
    assert sample == sample.splitlines()[0] + "\n" + r.stdout


# -- usage and sample output ---------------------------------------------------------------------


def _flags(s: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", s)) - {"--help"}


def test_usage_block_lists_every_flag(shim):
    [usage] = [b for b in blocks("text") if b.startswith("golint-mem check")]
    check = usage.split("golint-mem rules")[0]
    r = sh("golint-mem check --help", shim)
    assert _flags(check) == _flags(r.stdout)
    for line in usage.splitlines()[1:]:
        if line.startswith("golint-mem "):
            sub = line.split()[1]
            assert sh(f"golint-mem {sub} --help", shim).returncode == 0


SAMPLE_RULES = ("MEM001", "MEM002", "MEM003")


def _sample(out: str) -> str:
    """The README's sample: the first finding (with its related lines) of a few rules."""
    lines = out.splitlines()
    shown, seen = [], set()
    for i, line in enumerate(lines):
        m = re.match(r"^\S+:\d+:\d+: (MEM\d{3}) ", line)
        if m and m.group(1) in SAMPLE_RULES and m.group(1) not in seen:
            seen.add(m.group(1))
            shown.append(line)
            j = i + 1
            while j < len(lines) and lines[j].startswith("    "):
                shown.append(lines[j])
                j += 1
            shown.append("...")
    return "\n".join(["$ golint-mem check corpus/", *shown, lines[-1]]) + "\n"


def _sample_run(env) -> str:
    r = sh("golint-mem check corpus/", env)
    assert r.returncode == 1, r.stderr
    return r.stdout


def test_sample_output_is_what_the_command_prints(shim):
    [sample] = [b for b in blocks("text") if b.startswith("$ golint-mem check corpus/")]
    assert sample == _sample(_sample_run(shim)), (
        "README sample output is stale: python tests/test_readme.py rewrites it"
    )


if __name__ == "__main__":  # rewrite the README's sample output from a fresh run
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    fresh = _sample(_sample_run(env))
    old = [b for b in blocks("text") if b.startswith("$ golint-mem check corpus/")][0]
    README.write_text(text().replace(old, fresh), encoding="utf-8")
    print("README.md sample output updated")
