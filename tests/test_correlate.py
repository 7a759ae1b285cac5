"""golint-mem correlate: goroutine dumps read and joined with static findings.

Parsing runs on dumps recorded from real Go programs (tests/dumps/: ?debug=2 and
?debug=1 of tests/leaky_service, its SIGQUIT dump, a panic traceback). The live
test builds tests/leaky_service with the real Go toolchain, runs it on a loopback
port, sends requests, fetches /debug/pprof/goroutine?debug=2 and correlates it
with the checkout, analysed under a different path than the binary was built in.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from golint_mem.correlate import DumpError, parse

ROOT = Path(__file__).resolve().parent.parent
DUMPS = ROOT / "tests" / "dumps"
SERVICE = ROOT / "tests" / "leaky_service"
GO = shutil.which("go")


def _read(name: str) -> bytes:
    return (DUMPS / name).read_bytes()


# -- parsing recorded dumps -------------------------------------------------------


def test_parse_debug2_dump():
    d = parse(_read("goroutine_debug2.txt"))
    assert d.form == "debug=2" and d.total == 12
    lookups = [g for g in d.goroutines if g.created_by and g.created_by.function == "main.lookup"]
    assert len(lookups) == 4
    g = lookups[0]
    assert g.state == "chan send"
    assert (g.created_by.path, g.created_by.line) == ("/tmp/leakybuild/main.go", 36)
    assert g.frames[0].function == "main.lookup.func1" and g.frames[0].line == 37
    pusher = next(g for g in d.goroutines if g.frames[0].function == "main.(*queue).push")
    assert pusher.frames[0].line == 52


def test_parse_debug1_profile():
    d = parse(_read("goroutine_debug1.txt"))
    assert d.form == "debug=1" and d.total == 12
    assert [(g.count, g.frames[0].function) for g in d.goroutines[:3]] == [
        (4, "main.lookup.func1"), (3, "main.audit.func1"), (2, "main.(*queue).push")]
    assert d.goroutines[0].created_by is None and d.goroutines[0].state == ""


def test_parse_sigquit_dump_and_panic_traceback():
    sigquit = parse(_read("sigquit.txt"))
    assert sigquit.total >= 12
    assert sum(1 for g in sigquit.goroutines if g.created_by and g.created_by.function == "main.audit") == 3
    panic = parse(_read("panic.txt"))
    assert [g.state for g in panic.goroutines] == ["running", "chan send", "chan send", "chan send"]
    assert {(g.created_by.path, g.created_by.line) for g in panic.goroutines[1:]} == {("/tmp/panicdemo/main.go", 12)}


def test_parse_states_waits_and_leak_marks():
    text = _read("goroutine_debug2.txt").decode()
    text = text.replace("goroutine 20 [chan send]:", "goroutine 20 [chan send, 17 minutes]:")
    text = text.replace("goroutine 25 [chan send]:", "goroutine 25 [chan send (leaked), 3 minutes, locked to thread]:")
    d = parse(text.encode())
    by_id = {g.id: g for g in d.goroutines}
    assert (by_id[20].state, by_id[20].wait_minutes, by_id[20].leaked) == ("chan send", 17, False)
    assert (by_id[25].state, by_id[25].wait_minutes, by_id[25].leaked) == ("chan send", 3, True)


def test_leak_profile_marks_every_goroutine():
    text = _read("goroutine_debug1.txt").decode().replace("goroutine profile:", "goroutineleak profile:", 1)
    d = parse(text.encode())
    assert d.leak_profile and all(g.leaked for g in d.goroutines)


@pytest.mark.parametrize("data,message", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (gzip.compress(b"\x0a\x04pprof"), "?debug=2"),
    (b"heap profile: 5: 991680 [5: 991680] @ heap/1048576\n", "heap profile"),
    (b"hello world\n", "not a goroutine dump"),
])
def test_bad_input_is_one_clear_error(data, message):
    with pytest.raises(DumpError) as e:
        parse(data)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_truncated_dump_is_an_error():
    text = _read("goroutine_debug2.txt").decode()
    cut = text[: text.index("main.lookup.func1()") + len("main.lookup.func1()")]
    with pytest.raises(DumpError, match="cut off"):
        parse(cut.encode())
    one = _read("goroutine_debug1.txt").decode()
    with pytest.raises(DumpError, match="cut off"):
        parse(one[: one.index("#\t0x670fce")].encode())


# -- the command on recorded dumps ------------------------------------------------------


def test_correlate_recorded_dump_json(cli, tmp_path):
    dump = tmp_path / "dump.txt"
    dump.write_bytes(_read("goroutine_debug2.txt"))
    run = cli("correlate", str(dump), str(SERVICE), "--format", "json", cwd=ROOT)
    assert run.code == 1, run.err
    sites = run.json()["sites"]
    top = [(s["line"], s["goroutines"], s["findings"]) for s in sites[:3]]
    assert top == [(36, 4, ["MEM014"]), (21, 3, ["MEM001"]), (60, 2, [])]
    assert sites[0]["states"] == {"chan send": 4} and sites[0]["function"] == "main.lookup"
    assert sites[2]["kind"] == "unexplained"
    assert all(s["external"] for s in sites if "/usr/lib/go" in s["path"])


def test_correlate_debug1_attributes_by_innermost_frame(cli, tmp_path):
    dump = tmp_path / "dump.txt"
    dump.write_bytes(_read("goroutine_debug1.txt"))
    run = cli("correlate", str(dump), str(SERVICE), "--format", "json", cwd=ROOT)
    sites = run.json()["sites"]
    assert [(s["line"], s["goroutines"], s["findings"]) for s in sites[:3]] == [
        (37, 4, ["MEM014"]), (22, 3, ["MEM001"]), (52, 2, [])]


def test_correlate_text_and_sarif(cli, tmp_path):
    import json

    import jsonschema

    dump = tmp_path / "dump.txt"
    dump.write_bytes(_read("goroutine_debug2.txt"))
    text = cli("correlate", str(dump), str(SERVICE), cwd=ROOT)
    assert "Findings confirmed at run time:" in text.out
    assert "tests/leaky_service/main.go:36 main.lookup: 4 goroutines [chan send x4]" in text.out
    assert "Goroutines parked where no rule has a finding:" in text.out
    sarif = cli("correlate", str(dump), str(SERVICE), "--format", "sarif", cwd=ROOT)
    doc = json.loads(sarif.out)
    schema = json.loads((ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    results = doc["runs"][0]["results"]
    mem014 = next(r for r in results if r["ruleId"] == "MEM014")
    assert mem014["properties"]["goroutines"] == 4 and mem014["rank"] == 100.0
    (note,) = [r for r in results if r["ruleId"] == "pileup"]
    assert note["level"] == "note" and note["locations"][0]["physicalLocation"]["region"]["startLine"] == 60


def test_correlate_bad_dump_exit_2(cli, tmp_path):
    heap = tmp_path / "heap.txt"
    heap.write_bytes(_read("heap_debug1.txt"))
    run = cli("correlate", str(heap), str(SERVICE), cwd=ROOT)
    assert run.code == 2 and run.err.count("\n") == 1 and "heap profile" in run.err
    binary = tmp_path / "goroutine.pb.gz"
    binary.write_bytes(gzip.compress(b"\x0a\x04pprof"))
    run = cli("correlate", str(binary), str(SERVICE), cwd=ROOT)
    assert run.code == 2 and "?debug=2" in run.err


def test_correlate_reads_stdin(cli):
    run = cli("correlate", "-", str(SERVICE), "--format", "json", cwd=ROOT,
              stdin=_read("panic.txt").decode())
    assert run.code in (0, 1), run.err


# -- a live service ------------------------------------------------------------------


@pytest.fixture(scope="module")
def live_dump(tmp_path_factory):
    if GO is None:
        pytest.skip("the Go toolchain is not installed (apt-get install golang-go)")
    base = tmp_path_factory.mktemp("live")
    build = base / "build" / "leaky"
    shutil.copytree(SERVICE, build)
    env = dict(os.environ, GOFLAGS="-mod=mod", GOPROXY="off", GOTOOLCHAIN="local",
               GOCACHE=str(base / "gocache"), GOPATH=str(base / "gopath"), GO111MODULE="on")
    subprocess.run([GO, "build", "-o", str(base / "leaky"), "."], cwd=build, env=env, check=True,
                   capture_output=True, timeout=600)
    proc = subprocess.Popen([str(base / "leaky")], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        addr = proc.stdout.readline().strip()
        assert addr.startswith("127.0.0.1:"), addr

        def get(path: str) -> bytes:
            with urllib.request.urlopen(f"http://{addr}{path}", timeout=10) as resp:
                return resp.read()

        for i in range(5):
            get("/audit")
        for i in range(3):
            try:
                get(f"/lookup?key=k{i}")
            except urllib.error.HTTPError as e:
                assert e.code == 504
        for i in range(2):
            get(f"/enqueue?job=j{i}")
        deadline = time.monotonic() + 10
        while True:  # the lookups' workers park once their 50 ms sleep ends
            dump = get("/debug/pprof/goroutine?debug=2")
            parked = dump.count(b"main.lookup.func1()")
            if parked == 3 and b"[sleep]" not in dump or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        path = base / "goroutines.txt"
        path.write_bytes(dump)
        checkout = base / "checkout" / "leaky"  # the same code, somewhere else
        shutil.copytree(SERVICE, checkout)
        yield path, build, checkout
    finally:
        proc.kill()
        proc.wait(timeout=10)


def _sites(cli, dump, src):
    run = cli("correlate", str(dump), str(src), "--format", "json")
    assert run.code == 1, run.err
    return {(s["line"], tuple(s["findings"])): s for s in run.json()["sites"] if not s["external"]}


def test_live_service_confirms_findings_with_counts(cli, live_dump):
    dump, build, _ = live_dump
    sites = _sites(cli, dump, build)
    assert sites[(21, ("MEM001",))]["goroutines"] == 5
    assert sites[(36, ("MEM014",))]["goroutines"] == 3
    assert sites[(36, ("MEM014",))]["states"] == {"chan send": 3}
    pileup = sites[(60, ())]  # workers on a queue channel kept in a struct field
    assert pileup["goroutines"] == 2 and pileup["kind"] == "unexplained"


def test_live_dump_maps_to_a_checkout_elsewhere(cli, live_dump):
    dump, build, checkout = live_dump
    assert str(build) in dump.read_text() and str(checkout) not in dump.read_text()
    sites = _sites(cli, dump, checkout)
    assert sites[(21, ("MEM001",))]["goroutines"] == 5
    assert sites[(36, ("MEM014",))]["goroutines"] == 3
    assert str(checkout) in sites[(36, ("MEM014",))]["path"] or \
        sites[(36, ("MEM014",))]["path"].endswith("checkout/leaky/main.go")
