"""The shared map-growth analysis (golint_mem/model/maps.py) and the initialisation
analysis (golint_mem/model/inittime.py) that MEM004 and MEM013 stand on."""

from __future__ import annotations

import pytest

from golint_mem import parse as ts
from golint_mem.model.infer import types_for
from golint_mem.model.inittime import is_initialisation
from golint_mem.model.maps import bounded_key, constant_key, map_cleanups
from golint_mem.model.package import NeedsWholeTree, build_package, file_model
from golint_mem.model.scope import function_scope

SRC = """package app

import (
	"net/http"
	"reflect"
	"sync"
)

type Kind int

const (
	KindA Kind = iota
	KindB
)

type Name string

const prefix = "p:"

var (
	table    = map[string]int{}
	byKind   = map[Kind]int{}
	helped   sync.Map
	aliased  = map[string]int{}
	once     sync.Once
)

func keys(k string, n Name, kind Kind, t reflect.Type, v reflect.Value, b bool, x int) {
	const local = "l"
	table["lit"] = 1
	table[prefix+"x"] = 1
	table[local] = 1
	table[http.MethodGet] = 1
	table[string(Name("a"))] = 1
	table[k] = 1
	table[prefix+k] = 1
	table[string(n)] = 1
	byKind[kind] = 1
	byKind[KindB] = 1
	rt := reflect.TypeOf(x)
	vt := v.Type()
	_ = map[reflect.Type]int{t: 1, rt: 2, vt: 3}
	_ = map[bool]int{b: 1}
	_ = map[int]int{x: 1}
}

func wipe(m *sync.Map) { m.Range(func(k, _ any) bool { m.Delete(k); return true }) }

func reset() {
	wipe(&helped)
	a := aliased
	delete(a, "x")
}

func init() {
	fill := func() { table["i"] = 1 }
	fill()
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { table[r.URL.Path] = 1 })
	go func() { table["g"] = 1 }()
	registerOnce()
}

func registerOnce() { table["r"] = 1 }

func lazy() { once.Do(func() { table["o"] = 1 }); once.Do(load) }

func load() { table["l"] = 1 }

func Exported() { table["e"] = 1 }

func sometimes() { table["s"] = 1 }

func caller(r *http.Request) { sometimes() }

func init() { sometimes() }
"""


@pytest.fixture(scope="module")
def pkg():
    src = SRC.encode()
    fm = file_model("app/a.go", src, ts.parse(src))
    return build_package("app", [fm])


def _index_keys(pkg):
    fm = pkg.files[0]
    q = ts.query("(index_expression index: (_) @k)")
    out = {}
    for k in ts.captures(q, fm.tree.root_node).get("k", []):
        out.setdefault(ts.text(k), k)
    lits = ts.query("(keyed_element key: (literal_element (_) @k))")
    for k in ts.captures(lits, fm.tree.root_node).get("k", []):
        out.setdefault(ts.text(k), k)
    return fm, out


@pytest.mark.parametrize("key,want", [
    ('"lit"', True), ('prefix+"x"', True), ("local", True), ("http.MethodGet", True),
    ('string(Name("a"))', True), ("KindB", True),
    ("k", False), ("prefix+k", False), ("string(n)", False), ("kind", False),
])
def test_constant_key(pkg, key, want):
    fm, keys = _index_keys(pkg)
    node = keys[key]
    assert constant_key(function_scope(pkg, fm, node), node) is want


@pytest.mark.parametrize("key,want", [
    ("kind", True), ("t", True), ("rt", True), ("vt", True), ("b", True),
    ("k", False), ("x", False), ("string(n)", False),
])
def test_bounded_key(pkg, key, want):
    fm, keys = _index_keys(pkg)
    node = keys[key]
    assert bounded_key(types_for(function_scope(pkg, fm, node)), node) is want


def test_cleanup_through_helper_and_alias(pkg):
    mc = map_cleanups(pkg)
    assert mc.for_name("helped"), "wipe(&helped) deletes through its parameter"
    assert mc.for_name("aliased"), "a := aliased; delete(a, k)"
    assert not mc.for_name("table")


@pytest.mark.parametrize("key,want", [
    ('"i"', True),  # a local literal init calls in place
    ("r.URL.Path", False),  # a handler literal: runs per request
    ('"g"', False),  # a goroutine started by init
    ('"r"', True),  # an unexported function only init calls
    ('"o"', True),  # a literal given to sync.Once.Do
    ('"l"', True),  # a function given to sync.Once.Do
    ('"e"', False),  # exported: other packages may call it any time
    ('"s"', False),  # called from init and from a request path
])
def test_is_initialisation(pkg, key, want):
    fm, keys = _index_keys(pkg)
    assert is_initialisation(pkg, fm, keys[key]) is want


# -- partial parses: bodies left out of the parse are read only when they can matter ---

PARTIAL = """package app

var (
	cache = map[string]int{}
	seen  = map[string]int{}
	names = map[string]int{}
)

func Put(k string) { cache[k] = 1; seen[k] = 1; names[k] = 1 }

func init() { register("i") }

func reset() {
	// long enough to be left out of the parse; cache in a comment is no use
	delete(seen, "x")
	_ = names["x"] + len(names)
	m := cache
	delete(m, "y")
}

func register(k string) {
	names[k] = 2 // names in a comment, and a body long enough to be left out
}

func Handle() {
	// a request path, left out of the parse too: it calls register at any time
	register("a")
}
"""


def _partial_pkg(whole: bool):
    src = PARTIAL.encode()
    if whole:
        tree, omitted = ts.parse(src), ()
    else:
        tree, omitted = ts.parse_partial(src, [src.index(b"cache[k]")])
        assert len(omitted) == 3, "reset, register and Handle are left out"
    fm = file_model("app/a.go", src, tree)
    fm.omitted = omitted
    return build_package("app", [fm])


def test_left_out_bodies_are_needed_only_where_they_can_change_the_answer():
    whole, part = map_cleanups(_partial_pkg(True)), map_cleanups(_partial_pkg(False))
    # `delete(seen, "x")` is a cleanup whatever the rest of its body holds
    assert whole.cleaned("seen") is True and part.cleaned("seen") is True
    # `names["x"]`, `len(names)` only read the map: no body needs to be parsed to say so
    assert whole.cleaned("names") is False and part.cleaned("names") is False
    # `m := cache` may alias it (and m be deleted from): only the whole tree tells
    assert whole.cleaned("cache") is True and part.cleaned("cache") is None
    with pytest.raises(NeedsWholeTree):
        part.for_name("cache")


def test_init_only_needs_the_callers_left_out():
    from golint_mem.model.inittime import init_only

    assert init_only(_partial_pkg(True), "register") is False  # Handle calls it per request
    assert init_only(_partial_pkg(False), "register") is None  # Handle's body was left out


def test_words_in_comments_of_left_out_bodies_do_not_count():
    from golint_mem.model.occurrences import occurrences

    pkg = _partial_pkg(False)
    src = pkg.files[0].source
    _, hidden = occurrences(pkg, "register")
    assert [i for _, i, _ in hidden] == [src.index(b'register("a")')]
    _, hidden = occurrences(pkg, "cache")
    assert [i for _, i, _ in hidden] == [src.index(b"cache\n\tdelete")]
