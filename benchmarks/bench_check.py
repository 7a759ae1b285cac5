"""How much a full check costs over parsing alone, measured in one run.

    python benchmarks/bench_check.py [PATH]    (default: the Go standard library)

Prints absolute times and, since these machines are noisy, the ratios between
runs made back to back in the same process:
- parse:      tree-sitter parsing of every file, one process (the floor);
- check -j1:  `golint-mem check` with the default rules, one process;
- check:      the same with one worker process per core (what users run).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from golint_mem import parse as ts
from golint_mem.discover import discover
from golint_mem.engine import Options, run
from golint_mem.registry import select


def _files(path: str) -> list[str]:
    units = discover([path])
    return [f for u in units for f in u.files + u.test_files]


def bench_parse(files: list[str]) -> float:
    t = time.perf_counter()
    for f in files:
        ts.parse(Path(f).read_bytes())
    return time.perf_counter() - t


def bench_check(path: str, jobs: int) -> tuple[float, int]:
    rules = select()
    t = time.perf_counter()
    result = run([path], rules, Options(jobs=jobs))
    return time.perf_counter() - t, len(result.findings)


def main() -> int:
    path = sys.argv[1] if len(sys.argv) > 1 else "/usr/lib/go-1.19/src"
    if not os.path.isdir(path):
        print(f"{path}: not a directory (apt-get install golang-go for the stdlib)", file=sys.stderr)
        return 2
    files = _files(path)
    size = sum(os.path.getsize(f) for f in files)
    parse = bench_parse(files)
    one, findings = bench_check(path, 1)
    many, _ = bench_check(path, 0)
    print(f"{path}: {len(files)} files, {size / 1e6:.1f} MB, {os.cpu_count()} cores, "
          f"rules: {', '.join(r.id for r in select())}, findings: {findings}")
    print(f"parse only (1 process)   {parse:6.2f} s")
    print(f"check -j1                {one:6.2f} s   {one / parse:4.2f}x parse")
    print(f"check (all cores)        {many:6.2f} s   {many / parse:4.2f}x parse")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
