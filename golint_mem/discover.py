"""Paths and Go package patterns -> Go files -> package units, and each unit's module Go version.

Arguments are what `go vet` takes, without needing a Go toolchain: `./...` and
`dir/...` (a tree), directories (walked recursively, as `dir/...`), files, and
import paths under the module of the nearest go.mod (`example.com/m/api/...`).

Build constraints are read as the go tool reads them, with one difference: a
platform, release or custom tag may hold unless the user fixed it (`--goos`,
`--tags`), since a leak on another platform is still a leak. `ignore` never holds
(unless named in `--tags`). A directory's files form one unit per package clause:
a `package main` generator beside `package api` is its own unit, and so are
external `package api_test` tests.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import stat
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

SKIP_DIRS = {"vendor", "testdata", "node_modules"}
_GO_DIRECTIVE = re.compile(rb"^\s*go\s+(\d+)\.(\d+)", re.M)
_MODULE_DIRECTIVE = re.compile(rb"^\s*module\s+\"?([^\s\"]+)", re.M)
_PACKAGE = re.compile(rb"package\s+([A-Za-z_][A-Za-z0-9_]*)")
#: a file's header (comments, build lines, package clause) is read up to this many bytes
HEADER_BYTES = 64 * 1024

KNOWN_OS = frozenset(
    "aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd "
    "plan9 solaris wasip1 windows zos".split()
)
UNIX_OS = frozenset(
    "aix android darwin dragonfly freebsd hurd illumos ios linux netbsd openbsd solaris".split()
)
KNOWN_ARCH = frozenset(
    "386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le "
    "mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm".split()
)
#: GOOS values that also satisfy another OS tag, as in go/build
_ALSO_OS = {"android": "linux", "illumos": "solaris", "ios": "darwin"}


class InputError(Exception):
    """A path the user gave cannot be analysed (exit code 2)."""


@dataclass
class PackageUnit:
    """One package of one directory: its non-test files, its test files, and which to report on."""

    directory: str
    files: list[str] = field(default_factory=list)
    test_files: list[str] = field(default_factory=list)
    #: files findings are reported for; None means all of them
    report_only: set[str] | None = None
    go_version: tuple[int, int] | None = None
    #: the package clause's name ("" when no file had a readable one)
    package: str = ""


class Units(list):
    """The package units, plus how many matched Go files were left out by the build
    rules (constraints, --tests=false): the summary's "in N files (M analysed)"."""

    skipped: int = 0
    #: (path, message): directories inside the tree that could not be listed
    unreadable: list
    #: file symlinks not followed because their target is outside the analysed paths
    outside: list

    def __init__(self, *args):
        super().__init__(*args)
        self.unreadable = []
        self.outside = []


@dataclass(frozen=True)
class Exclude:
    """An exclude glob and the directory it is relative to (the config file's, or cwd).

    A pattern without a slash matches any path component (`gen`, `*_mock.go`); one
    with a slash, or starting with `./`, is anchored at ``base`` and matches a path or
    any of its parent directories (`./internal/gen`, `api/*.pb.go`); an absolute
    pattern matches absolute paths.
    """

    pattern: str
    base: str = ""

    def matches(self, path: str) -> bool:
        pat = self.pattern.strip()
        if pat not in ("/", ""):
            pat = pat.rstrip("/")
        if not pat:
            return False
        full = os.path.abspath(path)
        if os.path.isabs(pat):
            return _hit(Path(full).as_posix(), Path(os.path.normpath(pat)).as_posix())
        anchored = pat.startswith("./") or "/" in pat
        if pat.startswith("./"):
            pat = pat[2:]
        base = os.path.abspath(self.base or os.getcwd())
        rel = os.path.relpath(full, base) if _is_under(full, base) else None
        if rel is None:  # outside the base: match the path as given
            rel = Path(path).as_posix()
            if anchored and fnmatchcase(rel, "*/" + pat):
                return True
        rel = Path(rel).as_posix()
        if pat.startswith("**/") and _component_hit(rel, pat[3:]):
            return True
        return _hit(rel, pat) if anchored else _component_hit(rel, pat)


def _is_under(path: str, base: str) -> bool:
    return path == base or path.startswith(base.rstrip(os.sep) + os.sep)


def _hit(path: str, pat: str) -> bool:
    """``path`` or one of its parent directories matches ``pat``."""
    parts = path.split("/")
    return any(fnmatchcase("/".join(parts[:i]), pat) for i in range(len(parts), 0, -1))


def _component_hit(path: str, pat: str) -> bool:
    return any(fnmatchcase(p, pat) for p in path.split("/") if p not in ("", "."))


def excluded(path: str, patterns: list[Exclude] | list[str]) -> bool:
    return any(_as_exclude(p).matches(path) for p in patterns)


def _as_exclude(p: Exclude | str) -> Exclude:
    return p if isinstance(p, Exclude) else Exclude(p)


def _hidden(name: str) -> bool:
    return name.startswith(".") or name.startswith("_")


# -- build constraints -------------------------------------------------------------


@dataclass(frozen=True)
class BuildContext:
    """What the user fixed: ``tags`` (None: any custom tag may hold) and ``goos``."""

    tags: frozenset[str] | None = None
    goos: str | None = None

    def fixed(self, tag: str) -> bool | None:
        """The tag's value, or None when it may go either way."""
        if self.tags is not None and tag in self.tags:
            return True
        if tag == "ignore":
            return False
        if tag in KNOWN_OS or tag == "unix":
            if self.goos is None:
                return None
            if tag == "unix":
                return self.goos in UNIX_OS
            return tag == self.goos or _ALSO_OS.get(self.goos) == tag
        if tag in KNOWN_ARCH or tag.startswith(("go1.", "goexperiment.")) or tag in (
            "cgo", "gc", "gccgo", "boringcrypto"
        ):
            return None
        return None if self.tags is None else False

    def filename_ok(self, name: str) -> bool:
        """The `_GOOS`/`_GOOS_GOARCH` file name suffix agrees with --goos."""
        if self.goos is None:
            return True
        stem = name[:-3]
        if stem.endswith("_test"):
            stem = stem[:-5]
        parts = stem.split("_")
        if len(parts) >= 3 and parts[-2] in KNOWN_OS and parts[-1] in KNOWN_ARCH:
            return self.fixed(parts[-2]) is not False
        if len(parts) >= 2 and parts[-1] in KNOWN_OS:
            return self.fixed(parts[-1]) is not False
        return True


_TOKEN = re.compile(r"\s*(&&|\|\||!|\(|\)|[A-Za-z0-9_.]+)")


def _go_build_rpn(expr: str) -> list[str] | None:
    """A `//go:build` expression in reverse Polish notation (shunting-yard: no
    recursion), or None when it does not parse."""
    out: list[str] = []
    ops: list[str] = []
    prec = {"||": 1, "&&": 2, "!": 3}
    pos, expect_operand = 0, True
    expr = expr.rstrip()
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if not m:
            return None
        tok, pos = m.group(1), m.end()
        if tok == "(":
            if not expect_operand:
                return None
            ops.append(tok)
        elif tok == ")":
            if expect_operand:
                return None
            while ops and ops[-1] != "(":
                out.append(ops.pop())
            if not ops:
                return None
            ops.pop()
        elif tok == "!":
            if not expect_operand:
                return None
            ops.append(tok)
        elif tok in ("&&", "||"):
            if expect_operand:
                return None
            while ops and ops[-1] != "(" and prec[ops[-1]] >= prec[tok]:
                out.append(ops.pop())
            ops.append(tok)
            expect_operand = True
        else:
            if not expect_operand:
                return None
            out.append("$" + tok)
            expect_operand = False
    if expect_operand:
        return None
    while ops:
        op = ops.pop()
        if op == "(":
            return None
        out.append(op)
    return out


def _plus_build_rpn(lines: list[str]) -> list[str] | None:
    """Old `// +build` lines: lines AND, space-separated options OR, commas AND."""
    out: list[str] = []
    for n, line in enumerate(lines):
        options = line.split()
        if not options:
            continue
        for i, opt in enumerate(options):
            for j, term in enumerate(opt.split(",")):
                neg = term.startswith("!")
                term = term.lstrip("!")
                if not term or not re.fullmatch(r"[A-Za-z0-9_.]+", term):
                    return None
                out.append("$" + term)
                if neg:
                    out.append("!")
                if j:
                    out.append("&&")
            if i:
                out.append("||")
        if n and out:
            out.append("&&")
    return out or None


def _eval(rpn: list[str], env: dict[str, bool]) -> bool:
    stack: list[bool] = []
    for tok in rpn:
        if tok == "!":
            stack.append(not stack.pop())
        elif tok in ("&&", "||"):
            b, a = stack.pop(), stack.pop()
            stack.append((a and b) if tok == "&&" else (a or b))
        else:
            stack.append(env[tok[1:]])
    return stack[-1] if stack else True


def satisfiable(rpn: list[str], ctx: BuildContext) -> bool:
    """Some assignment of the tags the user left open makes the constraint hold."""
    return _satisfiable(tuple(rpn), ctx)


@functools.lru_cache(maxsize=1024)
def _satisfiable(rpn: tuple[str, ...], ctx: BuildContext) -> bool:
    names = sorted({t[1:] for t in rpn if t.startswith("$")})
    env: dict[str, bool] = {}
    free = []
    for name in names:
        v = ctx.fixed(name)
        if v is None:
            free.append(name)
        else:
            env[name] = v
    if len(free) > 12:  # too many to enumerate: assume it can hold
        return True
    for values in itertools.product((False, True), repeat=len(free)):
        env.update(zip(free, values))
        if _eval(rpn, env):
            return True
    return False


@dataclass
class Header:
    package: str = ""
    constraint: list[str] | None = None  # RPN, None: no constraint


_HEAD = re.compile(rb"(?:\s+|//[^\n]*|/\*.*?\*/)*", re.S)
_GO_BUILD = re.compile(rb"^//go:build(?:[ \t]([^\n]*))?$", re.M)
_PLUS_BUILD = re.compile(rb"^//\s*\+build(?:[ \t]([^\n]*))?$", re.M)


def read_header(data: bytes) -> Header:
    """The package clause and build constraint from the start of a Go file."""
    h = Header()
    text = data[:HEADER_BYTES]
    if text.startswith(b"\xef\xbb\xbf"):
        text = text[3:]
    end = _HEAD.match(text).end()
    m = _PACKAGE.match(text, end)
    if m:
        h.package = m.group(1).decode("ascii")
    head = text[:end]
    if b"build" not in head:
        return h
    g = _GO_BUILD.search(head)
    if g is not None:
        h.constraint = _go_build_rpn((g.group(1) or b"").decode("utf-8", "replace"))
    else:
        plus = [(x or b"").decode("utf-8", "replace") for x in _PLUS_BUILD.findall(head)]
        if plus:
            h.constraint = _plus_build_rpn(plus)
    return h


# -- discovery ---------------------------------------------------------------------


@dataclass
class _Arg:
    raw: str
    root: str
    recursive: bool  # walk subdirectories (False: an import path without /...)
    is_file: bool = False
    found: int = 0  # Go files it matched (before excludes)
    pruned: bool = False  # an exclude pruned part of it


def _module_root(start: str) -> tuple[str, str] | None:
    """(module path, module dir) of the nearest go.mod at or above ``start``."""
    d = os.path.abspath(start)
    while True:
        gomod = os.path.join(d, "go.mod")
        if os.path.isfile(gomod):
            try:
                with open(gomod, "rb") as f:
                    m = _MODULE_DIRECTIVE.search(f.read(1 << 20))
            except OSError:
                return None
            return (m.group(1).decode("utf-8", "replace"), d) if m else None
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def _resolve(raw: str, overrides: dict[str, bytes]) -> _Arg:
    if os.path.normpath(raw) in overrides:
        return _Arg(raw, os.path.normpath(raw), False, is_file=True)
    recursive = False
    path = raw
    if path == "..." or path.endswith("/...") or path.endswith(os.sep + "..."):
        path = path[:-3].rstrip("/" + os.sep) or ("/" if path.startswith("/") else ".")
        recursive = True
    if "..." in path:
        raise InputError(f"{raw}: only a trailing /... is supported in a package pattern")
    if not os.path.exists(path):
        mod = _module_root(".") if not path.startswith(("/", ".")) else None
        if mod and (path == mod[0] or path.startswith(mod[0] + "/")):
            rest = path[len(mod[0]):].lstrip("/")
            local = os.path.relpath(os.path.join(mod[1], rest)) if rest else os.path.relpath(mod[1])
            if os.path.isdir(local):
                return _Arg(raw, local, recursive)
        raise InputError(f"{raw}: no such file or directory")
    if os.path.isdir(path):
        return _Arg(raw, path, True)
    if recursive:
        raise InputError(f"{raw}: {path} is not a directory")
    if not path.endswith(".go"):
        raise InputError(f"{raw}: not a .go file")
    if not os.path.isfile(path):  # a FIFO, socket or device: reading it could block
        raise InputError(f"{raw}: not a regular file")
    return _Arg(raw, os.path.normpath(path), False, is_file=True)


def discover(
    paths: list[str],
    exclude: list[Exclude] | list[str] | None = None,
    *,
    force_exclude: bool = False,
    tests: bool = True,
    build: BuildContext | None = None,
    overrides: dict[str, bytes] | None = None,
) -> Units:
    """Group the Go files matched by ``paths`` into package units, in a stable order.

    A directory (or `dir/...`) is walked, skipping vendor/, testdata/, hidden and
    excluded paths. A file given explicitly is analysed with the other files of
    its package as context, but only it is reported on; it is excluded only with
    ``force_exclude`` and build constraints never leave it out (as `go run gen.go`).
    ``overrides`` maps a path to the text to analyse in its place (stdin).
    A path that matches no Go file at all is an InputError.
    """
    excludes = [_as_exclude(p) for p in exclude or []]
    build = build or BuildContext()
    overrides = {os.path.normpath(k): v for k, v in (overrides or {}).items()}
    explicit: dict[str, set[str]] = {}
    walked: set[str] = set()
    args = [_resolve(raw, overrides) for raw in paths]
    units = Units()
    for arg in args:
        if arg.is_file:
            arg.found = 1
            if force_exclude and excluded(arg.root, excludes):
                continue
            d = os.path.dirname(arg.root) or "."
            explicit.setdefault(os.path.normpath(d), set()).add(arg.root)
            continue
        def unlistable(err: OSError, arg=arg) -> None:
            where = err.filename or arg.root
            if os.path.normpath(where) == os.path.normpath(arg.root):
                raise InputError(f"{arg.raw}: cannot list directory: {err.strerror}")
            units.unreadable.append((where, f"cannot list directory: {err.strerror}"))

        for dirpath, dirnames, filenames in os.walk(arg.root, onerror=unlistable):
            if not arg.recursive:
                dirnames[:] = []
            if force_exclude and dirpath == arg.root and excluded(dirpath, excludes):
                arg.pruned = True
                dirnames[:] = []
                continue
            keep = []
            for d in sorted(dirnames):
                if d in SKIP_DIRS or _hidden(d):
                    continue
                if excluded(os.path.join(dirpath, d), excludes):
                    arg.pruned = True
                    continue
                keep.append(d)
            dirnames[:] = keep
            gos = [f for f in filenames if f.endswith(".go") and not _hidden(f)]
            if gos:
                arg.found += len(gos)
                walked.add(os.path.normpath(dirpath))
    for arg in args:
        if not arg.found and not arg.pruned:
            raise InputError(f"{arg.raw}: no Go files")

    roots = [os.path.realpath(a.root if not a.is_file else os.path.dirname(a.root) or ".")
             for a in args]
    for d in sorted(walked | set(explicit)):
        units.extend(_units_of(d, d in walked, explicit.get(d, set()), excludes, tests, build,
                               overrides, units, roots))
    return units


def _inside(path: str, roots: list[str]) -> bool:
    """Whether the symlink ``path`` resolves to a file under one of the analysed roots."""
    target = os.path.realpath(path)
    return any(target == r or target.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def _units_of(d, walked, named, excludes, tests, build, overrides, counts: Units, roots=()):
    try:
        # directory entries know their type: no stat per file
        with os.scandir(d) as it:
            entries = {e.name: e for e in it}
        names = sorted(entries)
    except OSError as e:
        if not walked:  # a file given on stdin for a directory that does not exist yet
            names, entries = [], {}
        else:
            raise InputError(f"{d}: cannot list directory: {e.strerror}") from None
    for p in named:
        if os.path.basename(p) not in names:
            names.append(os.path.basename(p))
    version = module_go_version(d)
    groups: dict[str, PackageUnit] = {}
    unknown: list[tuple[str, bool]] = []
    for name in sorted(names):
        path = os.path.normpath(os.path.join(d, name))
        is_named = path in named
        if not name.endswith(".go") or (_hidden(name) and not is_named):
            continue
        if not is_named and excluded(path, excludes):
            continue
        entry = entries.get(name)
        if path not in overrides and not (entry.is_file() if entry is not None else os.path.isfile(path)):
            continue
        if not is_named and (entry.is_symlink() if entry is not None else os.path.islink(path)) \
                and not _inside(path, list(roots)):
            counts.outside.append(path)  # could be any file the user can read (a .env)
            continue
        is_test = name.endswith("_test.go")
        if not is_named and (
            (is_test and not tests) or not build.filename_ok(name)
        ):
            counts.skipped += walked
            continue
        header = _header(path, overrides)
        if not is_named and header.constraint is not None and not satisfiable(header.constraint, build):
            counts.skipped += walked
            continue
        if not header.package:
            unknown.append((path, is_test))
            continue
        key = header.package
        unit = groups.get(key)
        if unit is None:
            unit = groups[key] = PackageUnit(directory=d, go_version=version, package=key)
        (unit.test_files if is_test else unit.files).append(path)
    if unknown:  # no readable package clause: it goes with the directory's main package
        main = max(groups.values(), key=lambda u: (len(u.files), u.package == os.path.basename(
            os.path.abspath(d))), default=None)
        if main is None:
            main = groups[""] = PackageUnit(directory=d, go_version=version)
        for path, is_test in unknown:
            (main.test_files if is_test else main.files).append(path)
    out = []
    for key in sorted(groups):
        unit = groups[key]
        unit.files.sort()
        unit.test_files.sort()
        if not walked:
            mine = named & set(unit.files + unit.test_files)
            if not mine:
                continue
            unit.report_only = mine
        if unit.files or unit.test_files:
            out.append(unit)
    return out


def _header(path: str, overrides: dict[str, bytes]) -> Header:
    if path in overrides:
        return read_header(overrides[path])
    try:
        # O_NONBLOCK and a regular-file check: a FIFO must not hang discovery
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return Header()
            head = os.read(fd, 4096)
            h = read_header(head)
            if not h.package and len(head) == 4096:  # a long header comment
                h = read_header(head + os.read(fd, HEADER_BYTES - 4096))
            return h
        finally:
            os.close(fd)
    except OSError:
        return Header()  # the engine reports it when it cannot read it either


_version_cache: dict[str, tuple[int, int] | None] = {}


def module_go_version(directory: str) -> tuple[int, int] | None:
    """The `go` directive of the nearest go.mod at or above ``directory``."""
    d = os.path.abspath(directory)
    seen = []
    version = None
    while True:
        if d in _version_cache:
            version = _version_cache[d]
            break
        seen.append(d)
        gomod = os.path.join(d, "go.mod")
        if os.path.isfile(gomod):
            try:
                with open(gomod, "rb") as f:
                    m = _GO_DIRECTIVE.search(f.read(1 << 20))
                version = (int(m.group(1)), int(m.group(2))) if m else None
            except OSError:
                version = None
            break
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    for s in seen:
        _version_cache[s] = version
    return version
