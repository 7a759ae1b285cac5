"""A real editor: headless Neovim starts `golint-mem lsp`, opens a leaking Go file,
and writes back the diagnostics its LSP client received."""

from __future__ import annotations

import os
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

# Neovim 0.7 (Debian bookworm) has start_client/buf_attach_client, not vim.lsp.start.
INIT_LUA = r"""
local file, out, root, python = vim.env.GOLINT_FILE, vim.env.GOLINT_OUT, vim.env.GOLINT_ROOT, vim.env.GOLINT_PYTHON
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
  name = 'golint-mem',
  cmd = { python, '-m', 'golint_mem', 'lsp' },
  root_dir = root,
})
vim.lsp.buf_attach_client(bufnr, id)
vim.wait(60000, function() return #vim.diagnostic.get(bufnr) > 0 end, 100)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ''
  table.insert(lines, string.format('%d:%d:%s:%s:%s', d.lnum + 1, d.col + 1, code, d.source or '', d.message))
end
vim.fn.writefile(lines, out)
vim.lsp.stop_client(id)
vim.cmd('qa!')
"""


@pytest.mark.skipif(NVIM is None, reason="Neovim is not installed (apt-get install neovim)")
def test_neovim_shows_the_finding(tmp_path):
    root = tmp_path / "svc"
    (root / "api").mkdir(parents=True)
    (root / "go.mod").write_text("module example.com/svc\n\ngo 1.21\n", encoding="utf-8")
    src = root / "api" / "audit.go"
    src.write_text(LEAK, encoding="utf-8")
    init = tmp_path / "init.lua"
    init.write_text(INIT_LUA, encoding="utf-8")
    out = tmp_path / "diagnostics.txt"
    env = dict(os.environ, GOLINT_FILE=str(src), GOLINT_OUT=str(out), GOLINT_ROOT=str(root),
               GOLINT_PYTHON=sys.executable, XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    proc = subprocess.run([NVIM, "--headless", "--clean", "-u", str(init)], env=env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert out.exists(), proc.stdout + proc.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1, lines
    line, col, code, source, message = lines[0].split(":", 4)
    assert (line, col, code, source) == ("6", "2", "MEM001", "golint-mem")
    assert "`r`" in message
