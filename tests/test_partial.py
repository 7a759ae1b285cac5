"""Partial parses: the bodies no trigger points at are left out, and nothing else changes.

A partial tree must hold exactly the nodes of the whole tree that are not inside a
left-out span (same types, same byte ranges); a layout the span search misreads must
fall back to a whole parse; and a run must give the same results whether bodies are
left out or not, also when an analysis needs a left-out body (the package is then
analysed again with that file whole).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from golint_mem import parse as ts
from golint_mem.engine import Options, run
from golint_mem.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent
STDLIB = "/usr/lib/go-1.19/src"


def _nodes(tree, spans=()) -> list[tuple[str, int, int]]:
    """(type, start, end) of every node not strictly inside one of ``spans``."""
    out = []
    cursor = tree.walk()
    while True:
        n = cursor.node
        inside = any(a <= n.start_byte and n.end_byte <= b and n.end_byte > n.start_byte
                     for a, b in spans)
        if not inside:
            out.append((n.type, n.start_byte, n.end_byte))
        if not inside and cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return sorted(out)


def _same_outside_spans(source: bytes, keep=()) -> tuple:
    tree, spans = ts.parse_partial(source, list(keep))
    whole = ts.parse(source)
    assert _nodes(tree) == _nodes(whole, spans)
    return tree, spans


BODY = "\n".join(f"\tx{i} := i * {i}\n\t_ = x{i}" for i in range(12))


def test_bodies_without_triggers_are_left_out_and_the_rest_is_the_whole_tree():
    src = (f"package p\n\nimport \"fmt\"\n\n// F does things.\nfunc F(i int) int {{\n{BODY}\n\treturn i\n}}\n\n"
           f"type T struct{{ a int }}\n\nfunc (t *T) M(\n\ta int,\n\tb interface{{}},\n) (int, error) {{\n{BODY}\n"
           f"\treturn 0, nil\n}}\n\nvar v = 1\n\nfunc G() {{ fmt.Println() }}\n").encode()
    tree, spans = _same_outside_spans(src)
    assert len(spans) == 2  # F and M; G is on one line
    # a trigger offset keeps its function whole
    at = src.index(b"x3 :=")
    tree, spans = _same_outside_spans(src, [at])
    assert len(spans) == 1 and not any(a <= at < b for a, b in spans)


@pytest.mark.parametrize("body", [
    # a raw string whose lines look like the end of the function and a new one
    "\ts := `\n}\nfunc fake() {\n`\n\t_ = s",
    # a block comment spanning lines with a `}` in column 0
    "\t/* a comment\n}\n*/\n\t_ = 1",
    # a backtick in a string: the line count is odd, so the body is parsed
    "\t_ = \"`\"\n\t_ = 2",
])
def test_lines_inside_literals_never_split_a_body(body):
    src = f"package p\n\nfunc F(i int) int {{\n{BODY}\n{body}\n\treturn i\n}}\n\nfunc G() {{}}\n".encode()
    tree, spans = _same_outside_spans(src)
    assert spans == ()


ELEMENTS = "\n".join(f'\t"key{i}": {i},' for i in range(30))


def test_the_elements_of_a_package_level_literal_are_left_out():
    src = (f"package p\n\nvar table = map[string]int{{\n{ELEMENTS}\n}}\n\n"
           f"var tests = []struct {{\n\tin string\n}}{{\n{ELEMENTS.replace(': ', ', ')}\n}}\n").encode()
    tree, spans = _same_outside_spans(src)
    assert len(spans) == 1  # the map's elements; `[]struct {` opens a type, not the literal
    assert src[spans[0][0]:spans[0][1]].strip().startswith(b'"key0"')


def test_a_func_line_inside_a_raw_string_is_not_a_body():
    # cgo writes Go code into raw strings: the span found there is dropped, the
    # real function's body is still left out
    src = (f"package p\n\nconst prologue = `\nfunc _Cfunc_free(p unsafe.Pointer) {{\n{BODY}\n}}\n`\n\n"
           f"func F(i int) int {{\n{BODY}\n\treturn i\n}}\n").encode()
    tree, spans = _same_outside_spans(src)
    assert len(spans) == 1 and src.index(b"func F") < spans[0][0]


def test_a_layout_gofmt_would_not_write_falls_back_to_a_whole_parse():
    # an inner block closed in column 0, then a declaration keyword in column 0
    src = (f"package p\n\nfunc F(b bool) {{\n{BODY}\n\tif b {{\n}}\nvar y = 1\n\t_ = y\n}}\n").encode()
    tree, spans = _same_outside_spans(src)
    assert spans == ()
    assert not tree.root_node.has_error


def test_a_syntax_error_outside_the_bodies_is_seen_by_the_partial_parse():
    src = f"package p\n\nfunc F(i int) int {{\n{BODY}\n\treturn i\n}}\n\nfunc Broken( {{\n".encode()
    tree, spans = ts.parse_partial(src, [])
    assert tree.root_node.has_error and spans == ()


def test_every_corpus_file_parses_partially_to_the_whole_tree_outside_its_spans():
    omitted = 0
    for path in sorted((ROOT / "corpus").rglob("*.go")):
        _, spans = _same_outside_spans(path.read_bytes())
        omitted += len(spans)
    assert omitted > 50  # the corpus does exercise it


def _runs(paths, select=None, jobs=0) -> list:
    rules = [r for r in all_rules() if select is None or r.id in select]
    out = []
    for partial in (False, True):
        r = run(paths, rules, Options(partial=partial, jobs=jobs))
        out.append(([f.__dict__ for f in r.findings], [d.__dict__ for d in r.diagnostics],
                     r.files, r.analysed, r.packages))
    return out


def test_partial_and_whole_runs_agree_on_the_corpus():
    whole, partial = _runs([str(ROOT / "corpus")])
    assert whole[0]
    assert partial == whole


def test_an_analysis_that_needs_a_left_out_body_gets_it(tmp_path):
    # getBuf's body holds no MEM002 trigger (no Put), so it is left out; the
    # reset-on-Get analysis needs it and the package is analysed again with it
    (tmp_path / "go.mod").write_text("module example.com/render\n\ngo 1.19\n")
    pad = "\n".join(f"\t// {'padding ' * 6}{i}" for i in range(6))
    (tmp_path / "pool.go").write_text(
        "package render\n\nimport (\n\t\"bytes\"\n\t\"sync\"\n)\n\n"
        "var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}\n\n"
        f"func getBuf() *bytes.Buffer {{\n{pad}\n\tb := bufPool.Get().(*bytes.Buffer)\n"
        "\tb.Reset()\n\treturn b\n}\n")
    (tmp_path / "render.go").write_text(
        "package render\n\nfunc Render(s string) string {\n\tb := getBuf()\n\tb.WriteString(s)\n"
        "\tout := b.String()\n\tbufPool.Put(b)\n\treturn out\n}\n")
    tree, spans = ts.parse_partial((tmp_path / "pool.go").read_bytes(), [])
    assert spans, "getBuf's body is long enough to be left out"
    whole, partial = _runs([str(tmp_path)], {"MEM002"})
    assert partial == whole
    assert whole[0] == []  # reset on Get: no finding


@pytest.mark.skipif(not os.path.isdir(STDLIB), reason="needs the Go 1.19 sources (golang-go)")
def test_partial_and_whole_runs_agree_on_the_standard_library():
    # one process: every package's re-analyses run after other packages' in the
    # same interpreter (a cache keyed by a freed object's id once showed only so)
    whole, partial = _runs([STDLIB], jobs=1)
    assert whole[0]
    assert partial == whole


# -- const blocks read from their bytes --------------------------------------------

def _const_blocks(paths):
    """(source, block start, block end, const_declaration node) of every `const (`
    block whose lines constblock reads exactly."""
    from golint_mem import constblock

    for path in paths:
        src = Path(path).read_bytes()
        for d in ts.parse(src).root_node.named_children:
            kids = d.children
            if d.type != "const_declaration" or len(kids) < 3 or kids[1].type != "(":
                continue
            start, end = kids[1].end_byte + 1, kids[-1].start_byte
            if constblock.simple(src, start, end):
                yield src, start, end, d


def _tree_facts(spec):
    from golint_mem.model.package import int_literal_value

    names = tuple(ts.text(n) for n in spec.children_by_field_name("name") if n.type == "identifier")
    t = spec.child_by_field_name("type")
    vals = spec.child_by_field_name("value")
    vs = vals.named_children if vals is not None else []
    first = ts.unparen(vs[0]) if vs else None
    fn = first.child_by_field_name("function") if first is not None and first.type == "call_expression" else None
    return (names, ts.text(t) if t is not None and t.type == "type_identifier" else None,
            tuple(int_literal_value(v) for v in vs), ts.text(fn) if fn is not None and fn.type == "identifier" else None)


def _byte_facts(spec):
    from golint_mem import constblock

    return (spec.names, spec.type, tuple(constblock.int_value(v) for v in spec.values),
            constblock.call_of(spec.values[0]) if spec.values else None)


def _check_const_blocks(paths) -> int:
    from golint_mem import constblock

    n = 0
    for src, start, end, decl in _const_blocks(paths):
        specs = constblock.read(src, start, end)
        assert specs is not None, src[start:end][:200]
        assert [x for s in specs for x in s.names] == constblock.names(src, start, end)
        tree = [_tree_facts(s) for s in decl.named_children if s.type == "const_spec"]
        assert [_byte_facts(s) for s in specs] == tree, src[start:end][:200]
        n += 1
    return n


def test_const_blocks_read_from_bytes_say_what_the_tree_says(tmp_path):
    src = ("package p\n\ntype Kind int\n\nconst (\n\t// kinds\n\tNone Kind = iota // none\n\tSome\n"
           "\tA, B         = 1, 2\n\tmask         = 1 << 5\n\tneg          = -0x64\n\tc            = Kind(3)\n"
           "\ts            = \"a // not a comment\"\n\tq            = os.ModePerm | 1\n)\n")
    path = tmp_path / "kinds.go"
    path.write_text(src)
    assert _check_const_blocks([path]) == 1


@pytest.mark.parametrize("line", [
    "\tA = 1 << 2 << 3",  # a chain of shifts: the tree nests them
    "\tA = (1 << 2)",  # parentheses around a value
    "\tA = f(a, b)",  # a call with several arguments
    "\tA = `raw`",  # a raw string (may span lines)
    "\tA = 1 /* c */",  # a block comment
    "\tA = 1 +\n\t\t2",  # a value on two lines
    "\tA [2]int = 1",  # a type that is not a name
])
def test_a_const_block_line_the_reader_is_not_sure_of_keeps_the_block_parsed(line):
    from golint_mem import constblock

    block = ("\tB = 1\n" + line + "\n").encode()
    assert not constblock.simple(block, 0, len(block))


@pytest.mark.skipif(not os.path.isdir(STDLIB), reason="needs the Go 1.19 sources (golang-go)")
def test_every_const_block_of_the_standard_library_reads_as_the_tree_says():
    from golint_mem.discover import discover

    files = [f for u in discover([STDLIB]) for f in u.files + u.test_files]
    assert _check_const_blocks(files) > 1000
