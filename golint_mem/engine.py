"""Runs rules over package units: load, parse once, query once, check, suppress.

Per file, one combined tree-sitter query (every selected rule's patterns plus
the comment pattern for suppressions) yields all candidates; a rule's
``check`` sees one match at a time and asks the shared analyses (scopes,
types, dataflow, call graph) for the rest. Packages run in parallel processes.
"""

from __future__ import annotations

import bisect
import dataclasses
import errno
import gc
import hashlib
import os
import stat
from dataclasses import dataclass, field

from tree_sitter import Node

from golint_mem import parse as ts
from golint_mem.discover import BuildContext, PackageUnit, discover
from golint_mem.model.package import (
    FileModel, NeedsWholeTree, PackageModel, build_package, file_model,
)
from golint_mem.rule import Diagnostic, Finding, Fix, Level, Location, Result, Rule
from golint_mem.suppress import Suppressions, read_directives

#: Larger files are skipped with a note. Parsing and querying cost about 2.5 s and
#: 85 bytes of memory per source KiB on the worst generated shape (one huge byte-slice
#: literal): 2 MiB stays under 6 s and 180 MB per worker; 8 MiB took 35 s.
DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024


@dataclass
class Options:
    exclude: list[str] = field(default_factory=list)
    jobs: int = 0  # 0: one process per core
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    report_unused_suppressions: bool = False
    #: a //nolint needs a `// reason` to suppress anything
    require_reason: bool = False
    #: apply excludes to files named on the command line too
    force_exclude: bool = False
    tests: bool = True  # analyse _test.go files
    build: BuildContext = field(default_factory=BuildContext)
    #: path -> text analysed in place of the file on disk (stdin)
    overrides: dict[str, bytes] = field(default_factory=dict)
    #: per-package results cache (None: no cache)
    cache_dir: str | None = None
    #: (K, N): analyse only the K-th of N deterministic slices of the packages
    shard: tuple[int, int] | None = None
    #: query only the declarations whose bytes can hold a candidate (triggers.py);
    #: False queries everything (the tests compare both: results are identical)
    lazy: bool = True
    #: with ``lazy``, leave out of the parse the function bodies that hold no trigger
    #: (parse.parse_partial); an analysis that needs one re-runs its package whole
    partial: bool = True


class RuleContext:
    """What a rule's ``check`` gets: the package, the file, and ``report``."""

    def __init__(self, rule: Rule, package: PackageModel, file: FileModel, sink: list):
        self.rule = rule
        self.package = package
        self.file = file
        self._sink = sink

    # shared analyses, imported lazily so the engine stays light to import
    def scope(self, node: Node):
        from golint_mem.model.scope import function_scope

        return function_scope(self.package, self.file, node)

    def types(self, node: Node):
        from golint_mem.model.infer import types_for

        return types_for(self.scope(node))

    def flow(self, node: Node):
        from golint_mem.dataflow import function_flow

        return function_flow(self.package, self.file, node)

    def call_graph(self):
        from golint_mem.dataflow import call_graph

        return call_graph(self.package)

    def report(
        self,
        node: Node,
        message: str,
        *,
        level: Level | None = None,
        related: tuple[tuple[FileModel, Node, str], ...] = (),
        fix: Fix | None = None,
    ) -> None:
        self._sink.append((self.rule, self.file, node, message, level or self.rule.level, related, fix))


def location(file: FileModel, node: Node, message: str = "") -> Location:
    (sr, sc), (er, ec) = node.start_point, node.end_point
    return Location(
        path=file.path, line=sr + 1, column=sc + 1, end_line=er + 1, end_column=ec + 1,
        column16=_utf16_col(file, sr, sc), end_column16=_utf16_col(file, er, ec),
        message=message,
    )


def _lines(file: FileModel) -> list[bytes]:
    lines = file.__dict__.get("_lines")
    if lines is None:
        lines = file.source.split(b"\n")
        file.__dict__["_lines"] = lines
    return lines


def _utf16_col(file: FileModel, row: int, col: int) -> int:
    lines = _lines(file)
    if row >= len(lines):
        return col + 1
    prefix = lines[row][:col]
    if prefix.isascii():
        return col + 1
    return len(prefix.decode("utf-8", "replace").encode("utf-16-le")) // 2 + 1


# -- loading -----------------------------------------------------------------

class TooLarge(Exception):
    def __init__(self, size: int):
        super().__init__(size)
        self.size = size


def read_regular(path: str, limit: int) -> bytes:
    """The file's bytes, opened without blocking and only if it is a regular file: a
    .go name swapped for a FIFO or device after discovery must not hang the run."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if st.st_size > limit:
            raise TooLarge(st.st_size)
        # one read normally returns the whole file; more only for a file still growing
        data = os.read(fd, st.st_size + 1)
        while len(data) <= limit and len(chunk := os.read(fd, limit + 1 - len(data))):
            data += chunk
    finally:
        os.close(fd)
    if len(data) > limit:  # grew since fstat
        raise TooLarge(len(data))
    return data


def read_source(path: str, opts: Options, diags: list[Diagnostic]) -> bytes | None:
    """The file's bytes, or None (with a diagnostic) when it cannot be analysed."""
    def diag(kind: str, msg: str, line: int = 1, col: int = 1) -> None:
        diags.append(Diagnostic(kind, msg, Location(path, line, col, line, col, col, col)))

    try:
        if os.path.normpath(path) in opts.overrides:
            source = opts.overrides[os.path.normpath(path)]
            if len(source) > opts.max_file_size:
                diag("too-large", f"skipped: {len(source)} bytes is over the "
                                  f"{opts.max_file_size}-byte limit (--max-file-size)")
                return None
        else:
            source = read_regular(path, opts.max_file_size)
    except TooLarge as e:
        diag("too-large", f"skipped: {e.size} bytes is over the {opts.max_file_size}-byte limit "
                          f"(--max-file-size)")
        return None
    except OSError as e:
        diag("read-error", f"cannot read file: {e.strerror or e}")
        return None
    try:
        if not source.isascii():
            source.decode("utf-8")
    except UnicodeDecodeError as e:
        line = source.count(b"\n", 0, e.start) + 1
        col = e.start - (source.rfind(b"\n", 0, e.start) + 1) + 1
        diag("encoding-error", f"not valid UTF-8 (byte 0x{source[e.start]:02x}); "
                               "analysed as far as it parses", line, col)
    depth = ts.nesting_depth(source)
    if depth > ts.MAX_NESTING:
        diag("too-deep", f"skipped: brackets nest {depth} deep, over the limit of "
                         f"{ts.MAX_NESTING}")
        return None
    return source


def load_file(path: str, opts: Options, diags: list[Diagnostic],
              rule_ids: list[str] | None = None, source: bytes | None = None,
              hints=None) -> FileModel | None:
    """The file read (unless ``source`` is given) and parsed; with ``rule_ids`` (and
    ``opts.partial``) the bodies that none of those rules' triggers point at, and
    that ``hints`` (triggers.PackageHints) do not ask for, are left out of the parse."""
    if source is None:
        source = read_source(path, opts, diags)
        if source is None:
            return None
    hits = omitted = None
    keep = None
    if rule_ids is not None and opts.lazy:
        from golint_mem.triggers import hits as trigger_hits

        hits = keep = hints.hits(source, rule_ids) if hints is not None else trigger_hits(source, rule_ids)
        if hits is not None and hints is not None:
            hits, keep = hints.add(source, hits)
    # suppression comments are read from the tree, and a malformed or unused one
    # inside any body is reported: such files are parsed whole
    if keep is not None and opts.partial and not opts.report_unused_suppressions \
            and b"nolint" not in source and b"golint-mem:" not in source:
        tree, omitted = ts.parse_partial(source, keep)
    else:
        tree = ts.parse(source)
    problem = ts.first_syntax_problem(tree)
    if problem is not None:
        diags.append(Diagnostic(
            "syntax-error", problem.message + "; findings that touch the error are dropped",
            Location(path, problem.line + 1, problem.column + 1, problem.line + 1,
                     problem.column + 1, problem.column + 1, problem.column + 1)))
    fm = file_model(path, source, tree)
    if omitted:
        fm.omitted = omitted
    if rule_ids is not None and opts.lazy:
        fm.hits = hits
    return fm


def _with_package_var_hits(files: list[FileModel], rule_ids: list[str]) -> None:
    """Add the triggers of the rules that only write package variables (known now
    that every file's declarations are parsed) to each file's hits, re-parsing a
    file whose partial parse left one of them out (before anything reads its tree)."""
    from golint_mem.model.package import variable_names
    from golint_mem.triggers import package_var_hits

    names = variable_names(files)
    for fm in files:
        if fm.hits is None or fm.hits is ...:
            continue
        extra = package_var_hits(fm.source, names, rule_ids)
        if not extra:
            continue
        fm.hits = sorted(set(fm.hits).union(extra))
        if fm.omitted and any(a <= o < b for o in extra for a, b in fm.omitted):
            fm.tree, fm.omitted = ts.parse_partial(fm.source, fm.hits)


# -- the combined query --------------------------------------------------------

_COMMENTS = "(comment) @comment"
_query_cache: dict[tuple[str, ...], tuple] = {}


def combined_query(rules: list[Rule]):
    """One query for all rules; returns (query, [rule per pattern index])."""
    k = tuple(r.id for r in rules)
    hit = _query_cache.get(k)
    if hit is not None:
        return hit
    owners: list[Rule] = []
    parts, starts, at = [], [], 0
    for r in rules:
        if not r.query.strip():
            continue
        parts.append(r.query)
        starts.append((at, r))
        at += len(r.query.encode()) + 1
    q = ts.query("\n".join(parts)) if parts else None
    # each pattern belongs to the rule whose text it starts in (one compile, not two)
    for i in range(q.pattern_count if q is not None else 0):
        at = q.start_byte_for_pattern(i)
        owners.append(starts[bisect.bisect_right([a for a, _ in starts], at) - 1][1])
    _query_cache[k] = (q, owners)
    return q, owners


# -- one package unit ----------------------------------------------------------

def analyse_unit(unit: PackageUnit, rules: list[Rule], opts: Options) -> Result:
    loader = _Loader(opts, [r.id for r in rules])
    ts.use_tree(None)  # nothing cached from another package's trees
    try:
        for _ in range(MAX_RERUNS):
            try:
                return _analyse_unit(unit, rules, opts, loader)
            except NeedsWholeTree as e:
                # an analysis needed a body the partial parse left out: that file (or,
                # when it cannot tell which, every file) is parsed whole and the
                # package analysed again, the other trees kept
                loader.parse_whole(e.args[0] if e.args else None)
                ts.use_tree(None)
        loader.parse_whole(None)
        return _analyse_unit(unit, rules, opts, loader)
    finally:
        ts.use_tree(None)


#: Re-analyses of a package with one more file parsed whole, before all of them are.
MAX_RERUNS = 4


class _Loader:
    """Reads and parses a package unit's files, once each: partially (bodies no
    trigger points at left out) until an analysis asks for one of those bodies,
    then that file whole."""

    def __init__(self, opts: Options, rule_ids: list[str]):
        from golint_mem.triggers import PACKAGE_VAR_RULES

        self.opts = opts
        self.rule_ids = rule_ids
        # the package-variable rules' triggers need the package's variables (hints)
        self.first_ids = [r for r in rule_ids if r not in PACKAGE_VAR_RULES]
        self.whole: set[str] | None = set()  # None: every file whole
        self._files: dict[str, tuple[FileModel | None, list[Diagnostic]]] = {}
        self._hints = None

    def parse_whole(self, path: str | None) -> None:
        """Parse ``path`` whole from now on; None, or a file already whole (the
        body asked for is elsewhere): every file."""
        if path is None or self.whole is None or path in self.whole:
            self.whole = None
            self._files.clear()
            return
        self.whole.add(path)
        self._files.pop(path, None)

    def load(self, paths: list[str], diags: list[Diagnostic], named: bool = False,
             context: bool = False) -> dict[str, FileModel]:
        """The files of ``paths`` that could be read and parsed. ``named``: given on
        the command line, parsed whole so that every syntax error in them is reported
        (a partial parse cannot see one in a left-out body); ``context``: a named
        file's siblings, never queried."""
        todo = [p for p in paths if p not in self._files]
        if todo:
            sources = {}
            for path in todo:
                own: list[Diagnostic] = []
                sources[path] = (read_source(path, self.opts, own), own)
            ids = None if named else self.first_ids if context else self.rule_ids
            hints = None
            if ids is not None and not context and self.opts.lazy:
                from golint_mem.triggers import PackageHints

                if self._hints is None:
                    known = [fm.source for fm, _ in self._files.values() if fm is not None]
                    self._hints = PackageHints(
                        known + [src for src, _ in sources.values() if src is not None], ids)
                hints = self._hints
                ids = self.first_ids
            for path, (source, own) in sources.items():
                opts = self.opts
                if self.whole is None or path in self.whole:
                    opts = dataclasses.replace(opts, partial=False)
                fm = load_file(path, opts, own, ids, source, hints) if source is not None else None
                self._files[path] = (fm, own)
            if hints is not None and hints.var_rules:
                self._check_var_names(hints)
        out = {}
        for path in paths:
            fm, own = self._files[path]
            diags.extend(own)
            if fm is not None:
                out[path] = fm
        return out

    def _check_var_names(self, hints) -> None:
        """The variable names read from the bytes must hold every name the trees
        declare (a layout gofmt would not write may hide one): else the triggers are
        found again from the trees' names."""
        from golint_mem.model.package import variable_names

        files = [fm for fm, _ in self._files.values() if fm is not None]
        if not set(variable_names(files)) <= set(hints.var_names):
            _with_package_var_hits(files, self.rule_ids)


def _analyse_unit(unit: PackageUnit, rules: list[Rule], opts: Options, loader: _Loader) -> Result:
    result = Result()
    diags = result.diagnostics
    loaded: dict[str, FileModel] = {}
    # files named on the command line are reported on; their siblings are context,
    # read and parsed only when a candidate needs the package model, and their input
    # problems (syntax errors...) are not reported: they were not asked for
    context = [p for p in unit.files + unit.test_files
               if unit.report_only is not None and p not in unit.report_only]
    loaded.update(loader.load([p for p in unit.files + unit.test_files if p not in context],
                              diags, named=unit.report_only is not None))
    result.files = (len(unit.report_only) if unit.report_only is not None
                    else len(unit.files) + len(unit.test_files))
    result.analysed = len(loaded)
    main_files = [loaded[p] for p in unit.files if p in loaded]
    test_files = [loaded[p] for p in unit.test_files if p in loaded]

    def with_context(paths: list[str]):
        def files() -> list[FileModel]:
            if context:
                loaded.update(loader.load(context, [], context=True))
                context.clear()
            return [loaded[p] for p in paths if p in loaded]
        return files

    groups = []
    if main_files or any(p in context for p in unit.files):
        groups.append((_Lazy(unit.directory, with_context(unit.files), unit.go_version), main_files))
    if test_files or any(p in context for p in unit.test_files):
        # _test.go files: their own unit, seeing the package's files too
        groups.append((_Lazy(unit.directory, with_context(unit.files + unit.test_files),
                             unit.go_version), test_files))
    result.packages = len(groups)
    known = {}
    from golint_mem.registry import all_rules

    for r in all_rules():
        known[r.id] = r.id
        known[r.name] = r.id
    try:
        for pkg, files in groups:
            for fm in files:
                if unit.report_only is not None and fm.path not in unit.report_only:
                    continue
                _check_file(pkg, fm, rules, opts, result, known)
    finally:
        for pkg, _ in groups:
            pkg.release()
        if sum(len(fm.source) for fm in loaded.values()) > COLLECT_AFTER:
            gc.collect()  # what is left in cycles, before the next package adds its trees
    return result


#: Source bytes of a package above which its garbage is collected at once (a few
#: milliseconds: worth it where the trees weigh tens of megabytes).
COLLECT_AFTER = 2 * 1024 * 1024


class _Lazy:
    """A package model built on first use: most packages have no candidate at all."""

    def __init__(self, directory: str, files, go_version):
        self._args = (directory, files, go_version)  # files: a callable, loads context files
        self._pkg: PackageModel | None = None

    def __call__(self) -> PackageModel:
        if self._pkg is None:
            directory, files, go_version = self._args
            self._pkg = build_package(directory, files(), go_version)
        return self._pkg

    def release(self) -> None:
        """Drop the analyses: scopes and graphs refer back to the package (networkx
        views to their graph), so without this every tree of the package would wait
        for the cycle collector, and a worker would hold several packages at once."""
        if self._pkg is not None:
            self._pkg.cache.clear()
            self._pkg = None


def _check_file(package: _Lazy, fm: FileModel, rules, opts: Options, result: Result, known) -> None:
    q, owners = combined_query(rules)
    raw: list = []
    ts.use_tree(fm.tree.root_node)
    spans = None
    if opts.lazy and q is not None:
        from golint_mem.triggers import spans_to_query

        spans = spans_to_query(fm.tree.root_node, fm.source, [r.id for r in rules], fm.hits)
    try:
        candidates = ts.budgeted_matches(q, fm.tree.root_node, spans=spans) if q is not None else []
    except ts.QueryBudgetExceeded as e:
        candidates = e.partial
        result.diagnostics.append(Diagnostic("too-complex", str(e), location(fm, fm.tree.root_node)))
    pkg = package() if candidates else None
    for pattern_index, caps in candidates:
        rule = owners[pattern_index]
        ctx = RuleContext(rule, pkg, fm, raw)
        try:
            rule.check(ctx, caps)
        except NeedsWholeTree:
            raise
        except Exception as e:  # a rule bug must not cost the user the rest of the run
            node = next(iter(caps.values()))[0]
            result.diagnostics.append(Diagnostic(
                "internal-error",
                f"{rule.id} failed here ({type(e).__name__}: {e}); please report it",
                location(fm, node),
            ))
    # Comments are read only where they can matter: most files have no findings.
    sup = Suppressions()
    if raw or opts.report_unused_suppressions or b"golint-mem:ignore" in fm.source:
        comments = ts.captures(ts.query(_COMMENTS), fm.tree.root_node).get("comment", [])
        sup = read_directives(comments, fm.source, known, require_reason=opts.require_reason)
    seen = set()
    per_line: dict[tuple[str, bytes], int] = {}
    findings = []
    for rule, file, node, message, level, related, fix in raw:
        if fm.tree.root_node.has_error and ts.in_error(node):
            continue
        k = (rule.id, node.start_byte, message)
        if k in seen:
            continue
        seen.add(k)
        loc = location(file, node)
        if sup.suppresses(loc.line, rule.id, rule.name):
            continue
        findings.append((rule, loc, message, level, related, fix))
    findings.sort(key=lambda f: (f[1].line, f[1].column, f[0].id))
    lines = _lines(fm) if findings else []
    for rule, loc, message, level, related, fix in findings:
        line_text = lines[loc.line - 1].strip() if loc.line - 1 < len(lines) else b""
        n = per_line.get((rule.id, line_text), 0)
        per_line[(rule.id, line_text)] = n + 1
        digest = hashlib.sha256(
            rule.id.encode() + b"\0" + line_text + b"\0" + str(n).encode()
        ).hexdigest()[:32]
        result.findings.append(Finding(
            rule.id, rule.name, level, message, loc,
            tuple(location(f, nd, msg) for f, nd, msg in related),
            fingerprint=digest,
            fix=_resolved(fm, fix),
        ))
    selected = {r.id for r in rules}
    for kind, d, message in sup.problems(selected, opts.report_unused_suppressions):
        result.diagnostics.append(Diagnostic(
            kind, message, Location(fm.path, d.line, d.column, d.line, d.column, d.column, d.column),
        ))


def _resolved(file: FileModel, fix: Fix | None) -> Fix | None:
    """``fix`` with each edit's span given as lines and columns too (SARIF, LSP, JSON)."""
    if fix is None:
        return None
    starts = file.__dict__.get("_line_starts")
    if starts is None:
        starts = [0]
        for line in _lines(file)[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        file.__dict__["_line_starts"] = starts

    def point(offset: int) -> tuple[int, int]:
        row = bisect.bisect_right(starts, offset) - 1
        return row, offset - starts[row]

    edits = []
    for e in fix.edits:
        (sr, sc), (er, ec) = point(e.start), point(e.end)
        span = Location(file.path, sr + 1, sc + 1, er + 1, ec + 1,
                        _utf16_col(file, sr, sc), _utf16_col(file, er, ec))
        edits.append(dataclasses.replace(e, range=span))
    return dataclasses.replace(fix, edits=tuple(edits))


# -- the whole run -------------------------------------------------------------

def _worker(args) -> Result:
    unit, rule_ids, opts = args
    from golint_mem.registry import all_rules

    rules = [r for r in all_rules() if r.id in rule_ids]
    return _cached(unit, rules, opts)


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _guarded(unit: PackageUnit, rules: list[Rule], opts: Options) -> Result:
    """One unit; a failure outside the rules (model building, memory) costs that unit only."""
    try:
        return analyse_unit(unit, rules, opts)
    except (Exception, RecursionError, MemoryError) as e:
        return _failed_unit(unit, f"{type(e).__name__}: {e}")


def _failed_unit(unit: PackageUnit, why: str) -> Result:
    result = Result()
    files = unit.files + unit.test_files
    where = files[0] if files else unit.directory
    result.diagnostics.append(Diagnostic(
        "internal-error",
        f"package {unit.directory} was not analysed ({why}); please report it",
        Location(where, 0, 0, 0, 0, 0, 0),
    ))
    result.files = len(unit.report_only) if unit.report_only is not None else len(files)
    return result


def _from_cache(units, rules: list[Rule], opts: Options) -> dict:
    """{id(unit): cached result}, looked up here only when the largest unit is in the
    cache (a re-run, where a lookup is all there is to do); in a first run every
    unit is looked up by the worker that would analyse it (see _cached)."""
    if opts.cache_dir is None or not units:
        return {}
    from golint_mem import cache

    cache.code_digest()  # once, before the workers fork
    ids = tuple(r.id for r in rules)

    def lookup(u):
        key = cache.unit_key(u, ids, opts)
        return cache.load(opts.cache_dir, key) if key is not None else None

    largest = max(units, key=lambda u: len(u.files) + len(u.test_files))
    first = lookup(largest)
    if first is None:
        return {}
    hits = {id(largest): first}
    for u in units:
        if u is not largest:
            hit = lookup(u)
            if hit is not None:
                hits[id(u)] = hit
    return hits


def _cached(unit: PackageUnit, rules: list[Rule], opts: Options) -> Result:
    """The unit's result from the cache, or analysed and stored there. Each worker
    does this for its own units: hashing, reading and writing entries run in
    parallel and overlap the analyses instead of preceding and following them."""
    if opts.cache_dir is None:
        return _guarded(unit, rules, opts)
    from golint_mem import cache

    key = cache.unit_key(unit, tuple(r.id for r in rules), opts)
    hit = cache.load(opts.cache_dir, key) if key is not None else None
    if hit is not None:
        return hit
    result = _guarded(unit, rules, opts)
    # a failed package is analysed again next time, not remembered as failed
    if key is not None and not any(d.kind == "internal-error" for d in result.diagnostics):
        cache.store(opts.cache_dir, key, result)
    return result


def run(paths: list[str], rules: list[Rule], opts: Options | None = None, progress=None) -> Result:
    """Analyse ``paths`` with ``rules``. Raises discover.InputError for bad paths."""
    opts = opts or Options()
    units = discover(paths, opts.exclude, force_exclude=opts.force_exclude, tests=opts.tests,
                     build=opts.build, overrides=opts.overrides)
    if opts.shard is not None:
        from golint_mem import shard

        kept = shard.select(units, *opts.shard)
        units[:] = kept
    progress = progress or (lambda done, total: None)  # called after each package unit
    total = Result()
    cached = _from_cache(units, rules, opts)
    if cached:
        units[:] = [u for u in units if id(u) not in cached]
    # never more processes than cores, whatever a (possibly untrusted) config asks
    jobs = min(opts.jobs or cpu_count(), cpu_count())
    nfiles = sum(len(u.files) + len(u.test_files) for u in units)
    parallel = jobs > 1 and len(units) > 1 and nfiles > 40
    # biggest packages first so one large package does not finish last
    todo = sorted(units, key=lambda u: -(len(u.files) + len(u.test_files))) if parallel else list(units)
    if parallel:
        from golint_mem.workers import run_pool

        ids = tuple(r.id for r in rules)
        parts = run_pool(_worker, [(u, ids, opts) for u in todo], jobs,
                         lambda args, why: _failed_unit(args[0], why),
                         lambda done: progress(done, len(units)))
    else:
        parts = []
        for u in todo:
            parts.append(_cached(u, rules, opts))
            progress(len(parts), len(units))
    parts = list(parts) + list(cached.values())
    for part in parts:
        total.findings.extend(part.findings)
        total.diagnostics.extend(part.diagnostics)
        total.files += part.files
        total.analysed += part.analysed
        total.packages += part.packages
    total.files += units.skipped
    for where, message in getattr(units, "unreadable", ()):
        total.diagnostics.append(Diagnostic("read-error", message, Location(where, 0, 0, 0, 0, 0, 0)))
    outside = getattr(units, "outside", ())
    if outside:  # said once per run, at the first one
        n = len(outside)
        total.diagnostics.append(Diagnostic(
            "symlink-outside",
            f"{n} symlinked file{'s' if n != 1 else ''} not followed: the target is outside "
            "the analysed paths (name it on the command line to analyse it)",
            Location(outside[0], 0, 0, 0, 0, 0, 0),
        ))
    total.sort()
    return total
