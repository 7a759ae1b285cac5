"""What a check costs next to parsing alone, like with like, measured in one run.

    python benchmarks/bench_check.py [PATH] [--jobs N] [--scale] [--go-vet]
    (PATH defaults to the Go standard library)

Every variant runs on exactly the files `check` analyses, with the same number of
worker processes, back to back, and the ratios are what to compare (these machines
are noisy):
  a. floor: a bare tree-sitter parse of those files, N processes;
  b. cold:  `check --select ALL` with an empty cache, N processes;
  c. warm:  the same again, every package answered by the cache;
  d. one file: `golint-mem check net/http/cookie.go`, process start to exit (best of 5);
  e. peak RSS of the largest process (main or worker) of the cold check;
  f. with --go-vet, `go vet` on the same packages (where the toolchain is installed);
  g. with --scale, the cold check of PATH copied once, twice and four times under
     different roots, to show time grows linearly with the tree.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

STDLIB = "/usr/lib/go-1.19/src"
ONE_FILE = f"{STDLIB}/net/http/cookie.go"


def analysed_files(path: str) -> list[str]:
    from golint_mem.discover import discover

    return [f for u in discover([path]) for f in u.files + u.test_files]


def _parse_chunk(files: list[str]) -> int:
    from golint_mem import parse as ts

    n = 0
    for f in files:
        with open(f, "rb") as fh:
            ts.parse(fh.read())
        n += 1
    return n


def _cpu(who) -> float:
    ru = resource.getrusage(who)
    return ru.ru_utime + ru.ru_stime


def floor(files: list[str], jobs: int) -> tuple[float, float]:
    """Parse every file with ``jobs`` processes (pool start-up included, as in a check):
    (wall seconds, CPU seconds of the workers)."""
    chunks = [files[i::jobs * 8] for i in range(jobs * 8)]
    cpu = _cpu(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        assert sum(pool.map(_parse_chunk, chunks)) == len(files)
    return time.perf_counter() - t, _cpu(resource.RUSAGE_CHILDREN) - cpu


_CHECK = """
import json, resource, sys, time
from golint_mem.engine import Options, run
from golint_mem.registry import all_rules
path, jobs, cache = sys.argv[1], int(sys.argv[2]), sys.argv[3] or None
t = time.perf_counter()
result = run([path], list(all_rules()), Options(jobs=jobs, cache_dir=cache))
elapsed = time.perf_counter() - t
cpu = sum(getattr(resource.getrusage(w), f) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
          for f in ("ru_utime", "ru_stime"))
print(json.dumps({"seconds": elapsed, "cpu": cpu, "findings": len(result.findings),
                  "self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def check(path: str, jobs: int, cache: str | None) -> dict:
    """A full check with every rule in a fresh process (timed inside it, like the floor)."""
    out = subprocess.run([sys.executable, "-c", _CHECK, path, str(jobs), cache or ""],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def one_file(path: str) -> float:
    """Best of 5, after one warm-up run."""
    best = float("inf")
    for i in range(6):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "golint_mem", "check", "--no-cache", path],
                       capture_output=True, check=False)
        if i:
            best = min(best, time.perf_counter() - t)
    return best


def compiled_bytecode(pyc: str) -> None:
    """Every process of the benchmark (floor, checks) with compiled bytecode, as an
    installed tool has it (pip compiles on install): a PYTHONDONTWRITEBYTECODE
    environment would otherwise compile every module in every process."""
    os.environ["PYTHONPYCACHEPREFIX"] = pyc
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.pycache_prefix = pyc
    sys.dont_write_bytecode = False
    subprocess.run([sys.executable, "-c", "import golint_mem.cli, golint_mem.engine, "
                    "golint_mem.workers, golint_mem.cache, golint_mem.triggers; "
                    "from golint_mem.registry import all_rules; all_rules()"], check=True)


def go_vet(path: str) -> float | None:
    go = shutil.which("go")
    if go is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, GOFLAGS="-mod=mod", GOPROXY="off", GOTOOLCHAIN="local",
                   GOCACHE=os.path.join(tmp, "cache"))
        target = ["std"] if os.path.realpath(path) == os.path.realpath(STDLIB) else ["./..."]
        t = time.perf_counter()
        subprocess.run([go, "vet", *target], cwd=path, env=env, capture_output=True, check=False)
        return time.perf_counter() - t


def scale(path: str, jobs: int) -> list[tuple[int, float]]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for copies in (1, 2, 4):
            root = Path(tmp) / f"x{copies}"
            for i in range(copies):
                shutil.copytree(path, root / f"copy{i}", symlinks=True,
                                ignore=shutil.ignore_patterns("testdata", "vendor"))
            out.append((copies, check(str(root), jobs, None)["seconds"]))
            shutil.rmtree(root)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", nargs="?", default=STDLIB)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--scale", action="store_true")
    ap.add_argument("--go-vet", action="store_true")
    args = ap.parse_args()
    if not os.path.isdir(args.path):
        print(f"{args.path}: not a directory (apt-get install golang-go for the stdlib)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as pyc:
        compiled_bytecode(pyc)
        return measure(args)


def measure(args) -> int:
    files = analysed_files(args.path)
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    a, a_cpu = floor(files, args.jobs)
    with tempfile.TemporaryDirectory() as cache:
        b = check(args.path, args.jobs, cache)
        c = check(args.path, args.jobs, cache)
    assert b["findings"] == c["findings"], "a warm run must report what the cold one did"

    def line(name: str, seconds: float, extra: str = "") -> None:
        print(f"{name:<28}{seconds:7.2f} s  {len(files) / seconds:8.0f} files/s  {mb / seconds:6.1f} MB/s{extra}")

    print(f"{args.path}: {len(files)} files, {mb:.1f} MB, {args.jobs} processes, every rule, "
          f"{b['findings']} findings")
    line("a. floor: parse only", a)
    line("b. cold check", b["seconds"], f"   b/a {b['seconds'] / a:.2f}")
    # CPU seconds (all processes): less sensitive than wall time to a busy machine
    print(f"{'   CPU: floor, cold':<28}{a_cpu:7.2f} s {b['cpu']:7.2f} s   b/a {b['cpu'] / a_cpu:.2f}")
    line("c. warm check (cache)", c["seconds"], f"   c/b {c['seconds'] / b['seconds']:.3f}")
    peak = max(b["self_kb"], b["children_kb"]) / 1024
    print(f"{'e. peak RSS (largest process)':<28}{peak:7.0f} MB")
    if os.path.isfile(ONE_FILE):
        print(f"{'d. one file, start to exit':<28}{one_file(ONE_FILE):7.2f} s  ({ONE_FILE})")
    if args.go_vet:
        vet = go_vet(args.path)
        if vet is not None:
            line("f. go vet", vet, f"   b/f {b['seconds'] / vet:.2f}")
    if args.scale:
        base = None
        for copies, seconds in scale(args.path, args.jobs):
            base = base or seconds
            print(f"g. {copies}x the tree{'':<17}{seconds:7.2f} s   {seconds / base:.2f}x the 1x time")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
