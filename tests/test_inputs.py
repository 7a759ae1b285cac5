"""Bad input never crashes the analyzer: it is reported, and the rest is analysed."""

from __future__ import annotations

import os
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CLEAN, HANDLER, ROOT
from corpus_expectations import corpus_files
from golint_mem.discover import PackageUnit
from golint_mem.engine import Options, analyse_unit
from golint_mem.registry import all_rules


def _abs(path: str) -> str:
    """A reported path made absolute: outside the working directory a report shows the
    shorter of the relative and absolute spellings (Go's ShortPath), which depends on
    where the checkout lies."""
    return os.path.normpath(os.path.abspath(path))


BROKEN = "package app\n\nfunc Broken( {\n"


def _kinds(r):
    return [d["kind"] for d in r.json()["diagnostics"]]


def test_syntax_error_is_reported_and_other_files_still_analysed(cli, gopkg):
    d = gopkg({"a_broken.go": BROKEN, "h.go": HANDLER})
    r = cli("check", str(d), "--format", "json")
    assert r.code == 1, "a syntax error is a finding, as in ruff, staticcheck and golangci-lint"
    data = r.json()
    assert [_abs(f["path"]) for f in data["findings"]] == [str(d / "h.go")]
    [diag] = data["diagnostics"]
    assert diag["kind"] == "syntax-error" and _abs(diag["path"]) == str(d / "a_broken.go")
    assert (diag["line"], diag["column"]) == (3, 1)


def test_valid_file_without_a_final_newline_is_no_syntax_error(cli, gopkg):
    # utls' notboring.go ends in `var boring Boring` with no newline: valid Go
    d = gopkg({"h.go": HANDLER.rstrip("\n"), "v.go": "package app\n\nvar boring int"})
    r = cli("check", str(d), "--format", "json")
    assert _kinds(r) == []
    assert [f["line"] for f in r.json()["findings"]] == [6]


def test_syntax_error_in_sarif_is_a_notification(cli, gopkg):
    d = gopkg({"a_broken.go": BROKEN})
    r = cli("check", str(d), "--format", "sarif")
    note = r.json()["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]
    assert note["descriptor"]["id"] == "syntax-error" and note["level"] == "error"


def test_finding_inside_an_error_node_is_dropped_but_the_rest_of_the_file_is_analysed(cli, gopkg):
    src = HANDLER + """
func Other(w http.ResponseWriter, r *http.Request) {
	go func() {
		_ = r +
	}()
}
"""
    d = gopkg({"h.go": src})
    r = cli("check", str(d), "--format", "json")
    assert [f["line"] for f in r.json()["findings"]] == [6]
    assert _kinds(r) == ["syntax-error"]


def test_non_utf8_file(cli, gopkg):
    src = HANDLER.encode() + b"\n// caf\xe9 latin-1 comment\n"
    d = gopkg({"h.go": src})
    r = cli("check", str(d), "--format", "json")
    assert r.code == 1
    assert _kinds(r) == ["encoding-error"]
    assert [f["line"] for f in r.json()["findings"]] == [6], "still analysed"


def test_empty_and_whitespace_files(cli, gopkg):
    d = gopkg({"empty.go": "", "blank.go": "\n\n   \n", "h.go": CLEAN})
    r = cli("check", str(d))
    assert r.code == 0, r.out + r.err


def test_too_large_file_is_skipped_and_reported(cli, gopkg):
    d = gopkg({"big.go": HANDLER + "// " + "x" * 5000 + "\n", "h.go": CLEAN})
    r = cli("check", str(d), "--max-file-size", "4096", "--format", "json")
    assert r.code == 0 and _kinds(r) == ["too-large"], "a file skipped on purpose is a note"
    assert r.json()["findings"] == []


def test_binary_garbage_file(cli, gopkg):
    rnd = random.Random(7)
    d = gopkg({"garbage.go": bytes(rnd.randrange(256) for _ in range(20000)), "h.go": HANDLER})
    r = cli("check", str(d), "--format", "json")
    assert r.code == 1
    assert "Traceback" not in r.err
    assert [_abs(f["path"]) for f in r.json()["findings"]] == [str(d / "h.go")]


def test_no_go_files_is_an_error(cli, tmp_path):
    (tmp_path / "README").write_text("nothing here", "utf-8")
    r = cli("check", str(tmp_path))
    assert r.code == 2 and r.err.strip() == f"golint-mem: error: {tmp_path}: no Go files"


def test_deeply_nested_expression_does_not_crash(cli, gopkg):
    depth = 3000
    expr = "(" * depth + "r" + ")" * depth
    src = HANDLER.replace("_ = r.URL.Path", f"_ = {expr}")
    d = gopkg({"h.go": src})
    r = cli("check", str(d), "--format", "json")
    assert r.code in (1, 2) and "Traceback" not in r.err


# -- suppression ----------------------------------------------------------------

def _suppressed(cli, gopkg, line_comment: str = "", above: str = "", extra: list[str] = ()):
    src = HANDLER.replace("\tgo func() {", (f"\t{above}\n" if above else "") + f"\tgo func() {{ {line_comment}")
    d = gopkg({"h.go": src})
    return cli("check", str(d), "--format", "json", *extra)


def test_nolint_by_id_name_bare_and_ignore(cli, gopkg):
    for comment in ("//nolint:MEM001", "//nolint:goroutine-captures-request", "//nolint",
                    "//nolint:errcheck,MEM001 // known", "//golint-mem:ignore MEM001 audited",
                    "//nolint:all"):
        r = _suppressed(cli, gopkg, line_comment=comment)
        assert r.code == 0, (comment, r.out)
    r = _suppressed(cli, gopkg, above="//golint-mem:ignore MEM001 reason on the line above")
    assert r.code == 0, r.out


def test_suppression_of_another_rule_or_linter_does_not_apply(cli, gopkg):
    for comment in ("//nolint:MEM002", "//nolint:errcheck", "// nolintx", "//golint-mem:ignore MEM004 x"):
        r = _suppressed(cli, gopkg, line_comment=comment)
        assert r.code == 1, comment


def test_suppression_in_a_string_does_not_count(cli, gopkg):
    src = HANDLER.replace("_ = r.URL.Path", '_ = r.URL.Path + "//nolint"')
    src = src.replace("\tgo func() {", '\tgo func() { _ = "//nolint:MEM001"')
    d = gopkg({"h.go": src})
    assert cli("check", str(d)).code == 1


def test_unused_suppressions_are_reported_on_request(cli, gopkg):
    src = CLEAN.replace("\tgo func() {", "\tgo func() { //nolint:MEM001")
    src += "\n//golint-mem:ignore MEM002 stale\nvar x = 1\n"
    d = gopkg({"h.go": src})
    assert cli("check", str(d)).code == 0
    r = cli("check", str(d), "--report-unused-suppressions", "--format", "json")
    assert r.code == 1
    diags = r.json()["diagnostics"]
    assert [(x["kind"], x["line"]) for x in diags] == [("unused-suppression", 7), ("unused-suppression", 12)]
    # a bare //nolint may serve other linters: never reported
    src2 = CLEAN.replace("\tgo func() {", "\tgo func() { //nolint")
    d2 = gopkg({"h.go": src2}, name="other")
    assert cli("check", str(d2), "--report-unused-suppressions").code == 0


# -- property: mutated corpus files never make the analyzer raise ---------------------

_SOURCES = [p.read_bytes() for p in corpus_files() if p.stat().st_size < 6000]


@st.composite
def mutated(draw):
    src = bytearray(draw(st.sampled_from(_SOURCES)))
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "truncate", "insert", "delete"]))
        if not src:
            break
        i = draw(st.integers(0, len(src) - 1))
        if op == "flip":
            src[i] = draw(st.integers(0, 255))
        elif op == "truncate":
            del src[i:]
        elif op == "insert":
            src[i:i] = draw(st.sampled_from([b"{", b"}", b"(", b"go ", b"func", b"\x00", b"\xff", b"\n"]))
        else:
            del src[i : i + draw(st.integers(1, 40))]
    return bytes(src)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sources=st.lists(mutated(), min_size=1, max_size=3))
def test_mutated_sources_never_raise(tmp_path_factory, sources):
    d = tmp_path_factory.mktemp("fuzz")
    paths = []
    for i, src in enumerate(sources):
        p = d / f"f{i}.go"
        p.write_bytes(src)
        paths.append(str(p))
    unit = PackageUnit(directory=str(d), files=paths, go_version=(1, 21))
    result = analyse_unit(unit, list(all_rules()), Options())
    internal = [x for x in result.diagnostics if x.kind == "internal-error"]
    assert not internal, internal
    for f in result.findings:
        assert f.location.line >= 1 and f.location.column >= 1


def test_the_fuzz_seed_corpus_is_real():
    assert len(_SOURCES) > 20 and ROOT.exists()
