"""The shared finalizer and lock analyses MEM003 and MEM010 stand on."""

from __future__ import annotations

from golint_mem import parse as ts
from golint_mem.model.blocking import Blocking
from golint_mem.model.infer import types_for
from golint_mem.model.locks import lock_key, sections, slow_locks
from golint_mem.model.package import build_package, file_model
from golint_mem.model.scope import function_scope

SRC = """package store

import (
	"net"
	"sync"
	"time"
)

var cfgMu sync.Mutex

type Conn struct {
	mu   sync.Mutex
	raw  net.Conn
	n    int
}

type Table struct {
	sync.RWMutex
	rows map[string]int
}

type Index struct {
	mu sync.Mutex
	c  *Conn
}

func (c *Conn) write(b []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.raw.Write(b)
}

func (c *Conn) count() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	time.Sleep(time.Millisecond)
}

func (t *Table) set(k string) {
	t.Lock()
	t.rows[k] = 1
	t.Unlock()
}

func reload() {
	cfgMu.Lock()
	time.Sleep(time.Second)
	cfgMu.Unlock()
}

func (ix *Index) put() {
	ix.mu.Lock()
	ix.c.count()
	ix.c.mu.Lock()
	ix.c.mu.Unlock()
	ix.mu.Unlock()
}
"""


def _pkg(src: str = SRC):
    fm = file_model("store.go", src.encode(), ts.parse(src.encode()))
    return build_package("store", [fm], (1, 21))


def _types(pkg, name: str):
    info = pkg.funcs.get(name) or next(m for (t, n), m in pkg.methods.items() if n == name)
    return types_for(function_scope(pkg, info.file, info.node)), info


def test_lock_keys_name_variables_and_fields():
    pkg = _pkg()
    keys = {s.key for s in sections(pkg)}
    assert ("field", "", "Conn", "mu") in keys
    assert ("field", "", "Table", "RWMutex") in keys  # embedded: its field
    assert ("var", "cfgMu") in keys


def test_a_section_ends_at_its_unlock_or_the_function_end():
    pkg = _pkg()
    by_fn = {}
    for s in sections(pkg):
        name = ts.text(s.fn.child_by_field_name("name"))
        by_fn.setdefault(name, []).append(s)
    write = by_fn["write"][0]
    assert write.span[1] == write.fn.child_by_field_name("body").end_byte  # deferred Unlock
    count = by_fn["count"][0]  # the Sleep comes after the Unlock: outside the section
    assert b"Sleep" not in pkg.files[0].source[count.span[0]:count.span[1]]


def test_slow_locks_are_held_across_blocking_operations_to_a_fixpoint():
    pkg = _pkg()
    slow = slow_locks(pkg)
    assert ("field", "", "Conn", "mu") in slow  # across raw.Write
    assert ("var", "cfgMu") in slow  # across time.Sleep
    assert ("field", "", "Table", "RWMutex") not in slow  # guards a map only
    # Index.mu is held while taking Conn.mu (slow) and calling count (which sleeps)
    assert ("field", "", "Index", "mu") in slow
    assert "raw.Write()" in slow[("field", "", "Conn", "mu")].describe()


def test_lock_ops_block_only_on_slow_mutexes():
    pkg = _pkg(SRC + """
func (t *Table) get(k string) int {
	t.RLock()
	defer t.RUnlock()
	return t.rows[k]
}

func (c *Conn) reset() {
	c.mu.Lock()
	c.n = 0
	c.mu.Unlock()
}
""")
    b = Blocking(pkg)
    _, get = _types(pkg, "get")
    _, reset = _types(pkg, "reset")
    assert b.blocks(get) is None
    hops, op = b.blocks(reset)
    assert op.what == "c.mu.Lock()" and "raw.Write()" in op.why


def test_lock_key_of_an_unresolved_operand_is_none():
    pkg = _pkg(SRC + """
func g(y any) { y.(*Conn).mu.Lock(); y.(*Conn).mu.Unlock() }
func h(m map[string]*Conn) { m["a"].mu.Lock() }
""")
    keys = {(ts.text(s.fn.child_by_field_name("name")), s.key) for s in sections(pkg)}
    assert ("g", ("field", "", "Conn", "mu")) in keys  # a type assertion resolves
    assert ("h", ("field", "", "Conn", "mu")) in keys  # so does a map element
    pkg = _pkg(SRC + "func u(x interface{ Lock(); Unlock() }) { x.Lock(); x.Unlock() }\n"
               "func v(w any) { w.(interface{ Lock() }).Lock() }\n")
    keys = {(ts.text(s.fn.child_by_field_name("name")), s.key) for s in sections(pkg)}
    assert any(name == "u" and k[0] == "local" for name, k in keys)  # the parameter itself
    assert not any(name == "v" for name, _ in keys)  # nothing names the mutex
