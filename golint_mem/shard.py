"""``--shard K/N``: one of N deterministic slices of the package units, for a CI matrix
(one job per shard, their SARIF joined with ``golint-mem merge-sarif``).

A unit's shard is a hash of its directory relative to the working directory, so every
job of the matrix (same checkout path, same arguments) computes the same split, and
a package's main and test units always land in the same shard.
"""

from __future__ import annotations

import hashlib
import os


class ShardError(ValueError):
    """Not K/N with 1 <= K <= N (exit code 2)."""


def parse(spec: str) -> tuple[int, int]:
    try:
        k, n = (int(x) for x in spec.split("/"))
    except ValueError:
        raise ShardError(f"--shard {spec!r}: expected K/N, e.g. 1/4") from None
    if not 1 <= k <= n:
        raise ShardError(f"--shard {spec!r}: K must be between 1 and N")
    return k, n


def shard_of(directory: str, n: int) -> int:
    rel = os.path.relpath(os.path.abspath(directory)).replace(os.sep, "/")
    return int.from_bytes(hashlib.sha256(rel.encode("utf-8", "surrogateescape")).digest()[:8], "big") % n + 1


def select(units: list, k: int, n: int) -> list:
    return [u for u in units if shard_of(u.directory, n) == k]
