"""`.golint-mem.toml`: the same keys as the command-line flags."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CONFIG_NAME = ".golint-mem.toml"


class ConfigError(Exception):
    """A config file that cannot be read or has bad keys (exit code 2)."""


@dataclass
class Config:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    format: str | None = None
    output: str | None = None
    jobs: int | None = None
    max_file_size: int | None = None
    report_unused_suppressions: bool | None = None
    extend_select: list[str] = field(default_factory=list)
    force_exclude: bool | None = None
    require_reason: bool | None = None
    tests: bool | None = None
    tags: list[str] = field(default_factory=list)
    goos: str | None = None
    path: str | None = None

    @property
    def directory(self) -> str:
        """Where relative `exclude` globs start: the config file's directory."""
        return os.path.dirname(os.path.abspath(self.path)) if self.path else os.getcwd()


_LIST_KEYS = ("select", "ignore", "exclude", "extend-select", "tags")
_KEYS = {
    "select": list, "ignore": list, "exclude": list, "format": str, "output": str,
    "jobs": int, "max-file-size": int, "report-unused-suppressions": bool,
    "extend-select": list, "force-exclude": bool, "require-reason": bool, "tests": bool,
    "tags": list, "goos": str,
}


def find_config(start: str) -> str | None:
    """The nearest .golint-mem.toml at or above ``start`` (a file or directory)."""
    d = os.path.abspath(start)
    if not os.path.isdir(d):
        d = os.path.dirname(d)
    while True:
        candidate = os.path.join(d, CONFIG_NAME)
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def load_config(path: str) -> Config:
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None
    # accept both a top-level table and [tool.golint-mem] (pyproject style)
    table = data.get("tool", {}).get("golint-mem", data) if "tool" in data else data
    cfg = Config(path=path)
    for k, v in table.items():
        if k not in _KEYS:
            raise ConfigError(f"{path}: unknown key {k!r} (known: {', '.join(sorted(_KEYS))})")
        want = _KEYS[k]
        if want is list:
            if isinstance(v, str):
                v = [x.strip() for x in v.split(",") if x.strip()]
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise ConfigError(f"{path}: {k!r} must be a list of strings")
        elif want is int:
            if not isinstance(v, int) or isinstance(v, bool) or v < 0:
                raise ConfigError(f"{path}: {k!r} must be a non-negative integer")
        elif not isinstance(v, want):
            raise ConfigError(f"{path}: {k!r} must be a {want.__name__}")
        setattr(cfg, k.replace("-", "_"), v)
    return cfg
