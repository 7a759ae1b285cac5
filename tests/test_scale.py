"""Scale: the per-package cache, --shard K/N and merge-sarif, through the real CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _copy_corpus(tmp_path: Path) -> Path:
    dst = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", dst)
    return dst


def test_warm_run_reads_the_cache_and_matches_the_cold_run(cli, tmp_path):
    corpus = _copy_corpus(tmp_path)
    cache = tmp_path / "cache"
    cold = cli("check", "--format", "json", "--cache-dir", str(cache), str(corpus), cwd=tmp_path)
    entries = sorted(cache.rglob("*.json"))
    assert entries, "nothing was cached"
    warm = cli("check", "--format", "json", "--cache-dir", str(cache), str(corpus), cwd=tmp_path)
    assert (warm.code, warm.out) == (cold.code, cold.out)
    # a warm run writes nothing new
    assert sorted(cache.rglob("*.json")) == entries
    nocache = cli("check", "--format", "json", "--no-cache", str(corpus), cwd=tmp_path)
    assert nocache.out == cold.out


def test_a_changed_file_is_analysed_again(cli, gopkg, tmp_path):
    leak = ("package app\n\nimport \"net/http\"\n\nfunc H(w http.ResponseWriter, r *http.Request) {\n"
            "\tgo func() { _ = r }()\n}\n")
    d = gopkg({"a.go": leak})
    cache = tmp_path / "cache"
    assert cli("check", "--cache-dir", str(cache), "app", cwd=d.parent).code == 1
    (d / "a.go").write_text(leak.replace("go func() { _ = r }()", "_ = r"), encoding="utf-8")
    assert cli("check", "--cache-dir", str(cache), "app", cwd=d.parent).code == 0


def test_corrupt_or_half_written_entries_are_rebuilt(cli, tmp_path):
    corpus = _copy_corpus(tmp_path)
    cache = tmp_path / "cache"
    cold = cli("check", "--format", "json", "--cache-dir", str(cache), str(corpus), cwd=tmp_path)
    entries = sorted(cache.rglob("*.json"))
    entries[0].write_text("{\"format\": 1, \"key\": ", encoding="utf-8")  # cut off
    entries[1].write_bytes(b"\x00\xff garbage")
    entries[2].write_text(json.dumps({"format": 1, "key": "other", "result": {}}), encoding="utf-8")
    again = cli("check", "--format", "json", "--cache-dir", str(cache), str(corpus), cwd=tmp_path)
    assert (again.code, again.out) == (cold.code, cold.out)
    json.loads(entries[0].read_text(encoding="utf-8"))  # rewritten whole


def test_two_runs_share_one_cache(tmp_path):
    corpus = _copy_corpus(tmp_path)
    cache = tmp_path / "cache"
    cmd = [sys.executable, "-m", "golint_mem", "check", "--format", "json", "--cache-dir", str(cache),
           "-j", "1", str(corpus)]
    procs = [subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [1, 1], [o[1] for o in outs]
    assert outs[0][0] == outs[1][0]
    assert not list(cache.rglob(".tmp-*"))


def _results(doc):
    run = doc["runs"][0]
    return sorted(json.dumps(r, sort_keys=True) for r in run["results"])


def test_shards_cover_the_tree_once_and_merge_to_the_unsharded_run(cli, tmp_path):
    corpus = _copy_corpus(tmp_path)
    whole = cli("check", "--format", "sarif", "--no-cache", "corpus", cwd=tmp_path)
    parts = []
    for k in (1, 2, 3):
        out = tmp_path / f"shard{k}.sarif"
        run = cli("check", "--format", "sarif", "--no-cache", "--shard", f"{k}/3", "-o", str(out),
                  "corpus", cwd=tmp_path)
        assert run.code in (0, 1), run.err
        parts.append(out)
    counts = [len(json.loads(p.read_text(encoding="utf-8"))["runs"][0]["results"]) for p in parts]
    assert all(c > 0 for c in counts)
    merged_path = tmp_path / "merged.sarif"
    merged = cli("merge-sarif", *map(str, parts), "-o", str(merged_path), cwd=tmp_path)
    assert merged.code == 0, merged.err
    a, b = json.loads(whole.out), json.loads(merged_path.read_text(encoding="utf-8"))
    assert _results(a) == _results(b)
    assert sum(counts) == len(a["runs"][0]["results"])
    assert [r["id"] for r in a["runs"][0]["tool"]["driver"]["rules"]] == \
        [r["id"] for r in b["runs"][0]["tool"]["driver"]["rules"]]
    assert b["runs"][0]["invocations"][0]["executionSuccessful"] is True
    for r in b["runs"][0]["results"]:
        assert b["runs"][0]["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]


def test_bad_shard_and_bad_merge_inputs_exit_2(cli, tmp_path):
    assert cli("check", "--shard", "4/3", str(ROOT / "corpus"), cwd=tmp_path).code == 2
    assert cli("check", "--shard", "x", str(ROOT / "corpus"), cwd=tmp_path).code == 2
    junk = tmp_path / "junk.sarif"
    junk.write_text("[]", encoding="utf-8")
    run = cli("merge-sarif", str(junk), cwd=tmp_path)
    assert run.code == 2 and "not a SARIF 2.1.0 log" in run.err


def test_cached_findings_keep_the_path_as_this_run_spells_it(gopkg, tmp_path, monkeypatch):
    from golint_mem.engine import Options, run
    from golint_mem.registry import all_rules

    leak = ("package app\n\nimport \"net/http\"\n\nfunc H(w http.ResponseWriter, r *http.Request) {\n"
            "\tgo func() { _ = r }()\n}\n")
    d = gopkg({"a.go": leak})
    monkeypatch.chdir(d.parent)
    opts = Options(jobs=1, cache_dir=str(tmp_path / "cache"))
    rules = [r for r in all_rules() if r.default]
    first = run([str(d)], rules, opts)
    again = run(["app"], rules, opts)
    assert [f.location.path for f in first.findings] == [str(d / "a.go")]
    assert [f.location.path for f in again.findings] == ["app/a.go"]
