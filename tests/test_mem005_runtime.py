"""MEM005 leaves the Go runtime itself alone (module std, runtime/...), and only it."""

from __future__ import annotations

from golint_mem.engine import Options, run
from golint_mem.registry import all_rules

LIBCALL = """package {name}

import "unsafe"

type libcall struct {{
	fn   uintptr
	args uintptr
}}

var libcWrite uintptr

func write(buf []byte) libcall {{
	return libcall{{fn: uintptr(unsafe.Pointer(&libcWrite)), args: uintptr(unsafe.Pointer(&buf[0]))}}
}}
"""


def _mem005(root):
    rule = next(r for r in all_rules() if r.id == "MEM005")
    return run([str(root)], [rule], Options(jobs=1)).findings


def _tree(tmp_path, module: str, rel: str):
    (tmp_path / "go.mod").write_text(f"module {module}\n\ngo 1.19\n", encoding="utf-8")
    d = tmp_path / rel
    d.mkdir(parents=True)
    (d / "os_solaris.go").write_text(LIBCALL.format(name=rel.rsplit("/", 1)[-1]), encoding="utf-8")
    return d


def test_go_runtime_is_exempt(tmp_path):
    _tree(tmp_path, "std", "runtime")
    _tree(tmp_path, "std", "runtime/internal/syscall")
    assert _mem005(tmp_path) == []


def test_other_std_packages_are_checked(tmp_path):
    _tree(tmp_path, "std", "internal/intern")
    assert len(_mem005(tmp_path)) == 2


def test_a_package_named_runtime_elsewhere_is_checked(tmp_path):
    _tree(tmp_path, "k8s.io/apimachinery", "pkg/runtime")
    assert len(_mem005(tmp_path)) == 2
