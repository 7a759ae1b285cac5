"""A real editor: headless Neovim starts `golint-mem lsp`, opens a leaking Go file,
and writes back the diagnostics its LSP client received."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

NVIM = shutil.which("nvim")

LEAK = """package api

import "net/http"

func Audit(w http.ResponseWriter, r *http.Request) {
	go func() {
		_ = r.URL.Path
	}()
}
"""

ROOT = Path(__file__).resolve().parent.parent

# The README's setup is the user's init.lua (under XDG_CONFIG_HOME, where Neovim reads
# it at a normal start); the file is opened from the command line, and once startup is
# done this probe (-c) waits for the diagnostics and writes them out.
PROBE_LUA = r"""
local bufnr = vim.api.nvim_get_current_buf()
vim.wait(60000, function() return #vim.diagnostic.get(bufnr) > 0 end, 100)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ''
  table.insert(lines, string.format('%d:%d:%s:%s:%s', d.lnum + 1, d.col + 1, code, d.source or '', d.message))
end
vim.fn.writefile(lines, vim.env.GOLINT_OUT)
vim.lsp.stop_client(vim.lsp.get_active_clients())
vim.cmd('qa!')
"""


def readme_lua() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (lua,) = re.findall(r"^```lua\n(.*?)^```", readme, re.S | re.M)
    return lua


@pytest.mark.skipif(NVIM is None, reason="Neovim is not installed (apt-get install neovim)")
def test_neovim_shows_the_finding(tmp_path):
    root = tmp_path / "svc"
    (root / "api").mkdir(parents=True)
    (root / "go.mod").write_text("module example.com/svc\n\ngo 1.21\n", encoding="utf-8")
    src = root / "api" / "audit.go"
    src.write_text(LEAK, encoding="utf-8")
    config = tmp_path / "config"
    (config / "nvim").mkdir(parents=True)
    (config / "nvim" / "init.lua").write_text(readme_lua(), encoding="utf-8")
    probe = tmp_path / "probe.lua"
    probe.write_text(PROBE_LUA, encoding="utf-8")
    out = tmp_path / "diagnostics.txt"
    bindir = tmp_path / "bin"  # `golint-mem` on PATH is this checkout, as after pip install
    bindir.mkdir()
    (bindir / "golint-mem").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m golint_mem "$@"\n')
    (bindir / "golint-mem").chmod(0o755)
    env = dict(os.environ, GOLINT_OUT=str(out),
               PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}", XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(config))
    proc = subprocess.run([NVIM, "--headless", "-c", f"luafile {probe}", "api/audit.go"], env=env, cwd=root,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert out.exists(), proc.stdout + proc.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1, lines
    line, col, code, source, message = lines[0].split(":", 4)
    assert (line, col, code, source) == ("6", "2", "MEM001", "golint-mem")
    assert "`r`" in message
