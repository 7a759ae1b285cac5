"""`.golint-mem.toml`: the same keys as the command-line flags."""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CONFIG_NAME = ".golint-mem.toml"
_FORMATS = ("text", "json", "github", "sarif")


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
    "select": list, "ignore": list, "exclude": list, "format": str,
    "jobs": int, "max-file-size": int, "report-unused-suppressions": bool,
    "extend-select": list, "force-exclude": bool, "require-reason": bool, "tests": bool,
    "tags": list, "goos": str,
}


def find_config(start: str) -> str | None:
    """The nearest .golint-mem.toml at or above ``start`` (a file or directory).

    The search stops at the repository root (the nearest directory holding
    ``.git``), so a config planted higher up (a shared /tmp or home directory)
    never applies, and it skips world-writable directories, where anyone could
    have put one.
    """
    d = os.path.abspath(start)
    if not os.path.isdir(d):
        d = os.path.dirname(d)
    while True:
        candidate = os.path.join(d, CONFIG_NAME)
        if os.path.isfile(candidate) and not _world_writable(d):
            return candidate
        parent = os.path.dirname(d)
        if parent == d or os.path.exists(os.path.join(d, ".git")):
            return None
        d = parent


def _world_writable(directory: str) -> bool:
    try:
        return bool(os.stat(directory).st_mode & stat.S_IWOTH)
    except OSError:
        return True


#: A config is a few lines; a bigger file is not one (and is not read into memory).
MAX_CONFIG_BYTES = 1 << 20


def _read(path: str) -> str:
    """The file's text: opened without blocking (a FIFO must not hang the run), and
    only when it is a regular UTF-8 file of reasonable size."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config: {e.strerror or e}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ConfigError(f"{path}: cannot read config: not a regular file")
        if st.st_size > MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: config is over {MAX_CONFIG_BYTES} bytes")
        with os.fdopen(os.dup(fd), "rb") as f:
            raw = f.read(MAX_CONFIG_BYTES + 1)
    except OSError as e:
        raise ConfigError(f"{path}: cannot read config: {e.strerror or e}") from None
    finally:
        os.close(fd)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: config is not valid UTF-8 (byte {e.start})") from None


def load_config(path: str) -> Config:
    text = _read(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: arrays or tables nested too deep") from None
    # accept both a top-level table and [tool.golint-mem] (pyproject style)
    table = data
    if "tool" in data:
        tool = data["tool"]
        if not isinstance(tool, dict):
            raise ConfigError(f"{path}: 'tool' must be a table ([tool.golint-mem])")
        table = tool.get("golint-mem", data)
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: 'tool.golint-mem' must be a table")
    cfg = Config(path=path)
    for k, v in table.items():
        if k == "output":
            raise ConfigError(f"{path}: 'output' can only be given on the command line "
                              "(--output): a config from the analysed tree must not choose "
                              "which file to write")
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
        elif k == "format" and v not in _FORMATS:
            raise ConfigError(f"{path}: format {v!r}: choose one of {', '.join(_FORMATS)}")
        setattr(cfg, k.replace("-", "_"), v)
    return cfg
