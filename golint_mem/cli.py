"""Command line: argument parsing only; the engine does the work.

Exit codes, as CI expects of go vet, staticcheck and ruff: 0 clean, 1 findings
(a syntax or encoding error in analysed code and a malformed or unused
suppression count as findings), 2 the tool could not do its job (a bad flag or
config, a path with no Go file, an unreadable file, a report it could not write).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from golint_mem import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "github", "sarif")
#: diagnostics that mean the tool could not do its job (exit 2)
INPUT_ERRORS = {"read-error", "internal-error", "too-deep", "too-complex"}
#: diagnostics about the analysed code, which count as findings (exit 1); the rest
#: (a file skipped by --max-file-size) are notes
FINDING_KINDS = {"syntax-error", "encoding-error", "unused-suppression", "malformed-suppression"}


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, no usage dump
        raise UsageError(message)


def _csv(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


def _bool(value: str) -> bool:
    v = value.strip().lower()
    if v in ("true", "1", "yes", "on"):
        return True
    if v in ("false", "0", "no", "off"):
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, not {value!r}")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="golint-mem", description="Find memory-leak patterns in Go source.")
    p.add_argument("--version", action="version", version=f"golint-mem {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    c = sub.add_parser("check", help="analyse Go packages, directories and files (default: ./...)")
    c.add_argument("paths", nargs="*", metavar="PATH",
                   help="./..., dir/..., a directory (walked), a .go file, an import path "
                        "of the current module, or - for stdin")
    c.add_argument("--format", choices=FORMATS, help="output format (default: text)")
    c.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    c.add_argument("--sarif-category", metavar="CATEGORY",
                   help="SARIF automationDetails.id: tells GitHub code scanning which analysis "
                        "this is when several upload to one repository")
    c.add_argument("--select", action="append", metavar="IDS",
                   help="only these rules (IDs or names, comma-separated; ALL for every rule)")
    c.add_argument("--extend-select", action="append", metavar="IDS",
                   help="add these rules to the selection (the config's or the default)")
    c.add_argument("--ignore", action="append", metavar="IDS",
                   help="skip these rules (added to the config's ignore)")
    c.add_argument("--exclude", action="append", metavar="GLOB",
                   help="skip paths matching GLOB (repeatable)")
    c.add_argument("--force-exclude", action="store_true", default=None,
                   help="apply excludes to files named on the command line too")
    c.add_argument("--tests", type=_bool, nargs="?", const=True, metavar="BOOL",
                   help="analyse _test.go files (default: true; --tests=false leaves them out)")
    c.add_argument("--tags", action="append", metavar="TAGS",
                   help="build tags that hold (comma-separated); others then do not")
    c.add_argument("--goos", metavar="GOOS",
                   help="only files that build for this GOOS (default: every platform)")
    c.add_argument("--stdin-filename", metavar="PATH",
                   help="with PATH -, analyse stdin as PATH, with its package from disk")
    c.add_argument("--config", metavar="FILE",
                   help="config file (default: nearest .golint-mem.toml above the first path)")
    c.add_argument("--no-config", action="store_true", help="ignore any config file")
    c.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: cores)")
    c.add_argument("--max-file-size", type=int, metavar="BYTES",
                   help="skip larger files (default: 2 MiB)")
    c.add_argument("--report-unused-suppressions", action="store_true", default=None,
                   help="report suppression comments that suppress nothing")
    c.add_argument("--require-reason", action="store_true", default=None,
                   help="a //nolint needs a `// reason` to suppress anything")
    c.add_argument("--cache-dir", metavar="DIR",
                   help="where per-package results are cached (default: .golint-mem-cache)")
    c.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    c.add_argument("--shard", metavar="K/N",
                   help="analyse only the K-th of N deterministic slices of the packages "
                        "(a CI matrix; join the SARIF with merge-sarif)")
    c.add_argument("--fix", action="store_true",
                   help="apply the rules' safe fixes in place, then report what remains")
    c.add_argument("--diff", action="store_true",
                   help="print the fixes as a unified diff and write nothing")
    c.add_argument("--unsafe-fixes", action="store_true",
                   help="with --fix or --diff, also apply fixes that could change behaviour")
    c.add_argument("--write-baseline", metavar="FILE",
                   help="record today's findings in FILE (commit it; see --baseline)")
    c.add_argument("--baseline", metavar="FILE",
                   help="hide the findings recorded in FILE; new ones still fail")
    c.add_argument("--new-from-rev", metavar="REV",
                   help="report only findings on lines changed since git revision REV")
    c.add_argument("--exit-zero", action="store_true",
                   help="exit 0 even when there are findings (2 still means an error)")
    c.add_argument("--statistics", action="store_true",
                   help="print the number of findings per rule instead of the findings")
    c.add_argument("--quiet", "-q", action="store_true",
                   help="print findings only: no summary, no progress bar")

    rl = sub.add_parser("rules", help="list the rules: ID, name, default, level, summary")
    rl.add_argument("--format", choices=("text", "json"), default="text")
    e = sub.add_parser("explain", help="show a rule's documentation")
    e.add_argument("rule", metavar="ID|NAME")
    sub.add_parser("lsp", help="run the language server on stdio (for editors)")

    m = sub.add_parser("merge-sarif", help="join the SARIF of several shards into one run")
    m.add_argument("sarif", nargs="+", metavar="FILE", help="SARIF files written by golint-mem")
    m.add_argument("--output", "-o", metavar="FILE", help="write the merged SARIF to FILE")

    # correlate takes check's options: the same selection, config, formats and output
    cr = sub.add_parser("correlate", help="join a running service's goroutine dump with the findings")
    cr.add_argument("dump", metavar="DUMP",
                    help="the text of /debug/pprof/goroutine?debug=2 (or ?debug=1, a SIGQUIT or "
                         "panic traceback, a goroutineleak profile); - reads stdin")
    cr.add_argument("paths", nargs="*", metavar="PATH", help="the service's code (default: ./...)")
    for action in c._actions:
        if action.option_strings and action.dest not in ("help", "stdin_filename", "statistics",
                                                         "write_baseline", "new_from_rev", "fix",
                                                         "diff", "unsafe_fixes"):
            cr._add_action(action)
    cr.set_defaults(stdin_filename=None, statistics=False, write_baseline=None, new_from_rev=None,
                    fix=False, diff=False, unsafe_fixes=False)
    return p


def main(argv: list[str] | None = None) -> int:
    from golint_mem.report.write import BrokenPipe, ReportWriteError
    from golint_mem.workers import Terminated, exit_on_signals

    exit_on_signals()
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    except UsageError as e:
        print(f"golint-mem: error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("golint-mem: interrupted", file=sys.stderr)
        return 130
    except Terminated as e:  # SIGTERM 143, SIGHUP 129
        print("golint-mem: terminated", file=sys.stderr)
        return 128 + e.signum
    except ReportWriteError as e:
        print(f"golint-mem: error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except (BrokenPipe, BrokenPipeError):  # `golint-mem check | head`: quiet, like other tools
        return EXIT_ERROR


def _main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        raise UsageError("missing command (check, rules or explain); see golint-mem --help")
    if args.command == "rules":
        return _cmd_rules(args.format)
    if args.command == "explain":
        return _cmd_explain(args.rule)
    if args.command == "correlate":
        return _cmd_check(args)
    if args.command == "merge-sarif":
        return _cmd_merge_sarif(args)
    if args.command == "lsp":
        from golint_mem.lsp import main as lsp_main  # only this command loads pygls

        return lsp_main()
    return _cmd_check(args)


def _cmd_rules(fmt: str = "text") -> int:
    from golint_mem.registry import all_rules

    if fmt == "json":
        import json

        _write_stdout(json.dumps([
            {"id": r.id, "name": r.name, "summary": r.summary, "default": r.default,
             "level": str(r.level), "precision": r.precision, "tags": list(r.tags)}
            for r in all_rules()
        ], indent=2))
        return EXIT_CLEAN

    rows = [("ID", "NAME", "DEFAULT", "LEVEL", "SUMMARY")]
    for r in all_rules():
        rows.append((r.id, r.name, "on" if r.default else "off", str(r.level), r.summary))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row[:4], widths)) + "  " + row[4])
    return EXIT_CLEAN


def _cmd_explain(key: str) -> int:
    from golint_mem.registry import all_rules, lookup

    rule = lookup(key)
    if rule is None:
        known = ", ".join(f"{r.id} ({r.name})" for r in all_rules())
        raise UsageError(f"unknown rule {key!r}; known rules: {known}")
    print(f"{rule.id} {rule.name}")
    print(f"{rule.summary}")
    print(f"default: {'on' if rule.default else 'off'}; level: {rule.level}; "
          f"precision: {rule.precision}; tags: {', '.join(rule.tags)}")
    print()
    print(rule.doc)
    return EXIT_CLEAN


def _cmd_check(args) -> int:
    from golint_mem.config import Config, ConfigError, find_config, load_config
    from golint_mem.discover import KNOWN_OS, BuildContext, Exclude, InputError
    from golint_mem.engine import Options, run
    from golint_mem.registry import Layer, SelectionError, resolve

    dump = _read_dump(args) if args.command == "correlate" else None
    if isinstance(dump, int):
        return dump
    paths = list(args.paths) or (["-"] if getattr(args, "stdin_filename", None) else ["./..."])
    overrides: dict[str, bytes] = {}
    if "-" in paths:
        if not args.stdin_filename:
            raise UsageError("reading Go source from stdin (-) needs --stdin-filename PATH "
                             "(its package is read from PATH's directory)")
        if not args.stdin_filename.endswith(".go"):
            raise UsageError(f"--stdin-filename {args.stdin_filename}: not a .go file name")
        overrides[os.path.normpath(args.stdin_filename)] = sys.stdin.buffer.read()
        paths = [args.stdin_filename if p == "-" else p for p in paths]
    cfg = Config()
    try:
        if args.config:
            cfg = load_config(args.config)
        elif not args.no_config:
            found = find_config(_config_start(paths[0]))
            if found:
                cfg = load_config(found)
    except ConfigError as e:
        print(f"golint-mem: error: {e}", file=sys.stderr)
        return EXIT_ERROR

    fmt = args.format or cfg.format or "text"
    if fmt not in FORMATS:
        raise UsageError(f"format {fmt!r} in {cfg.path}: choose one of {', '.join(FORMATS)}")
    if args.statistics and fmt not in ("text", "json"):
        raise UsageError("--statistics prints text or json, not " + fmt)
    for flag in ("select", "extend_select", "ignore"):
        if getattr(args, flag) is not None and not _csv(getattr(args, flag)):
            raise UsageError(f"--{flag.replace('_', '-')}: names no rule")
    try:
        rules = resolve([
            Layer(cfg.select, cfg.extend_select, cfg.ignore, origin=f"{cfg.path}: "),
            Layer(_csv(args.select), _csv(args.extend_select), _csv(args.ignore)),
        ])
    except SelectionError as e:
        raise UsageError(str(e)) from None
    opts = Options(exclude=[Exclude(p, os.getcwd()) for p in _csv(args.exclude)]
                   + [Exclude(p, cfg.directory) for p in cfg.exclude])
    jobs = args.jobs if args.jobs is not None else cfg.jobs
    if jobs is not None:
        if jobs < 0:
            raise UsageError("--jobs must be 0 (one per core) or more")
        opts.jobs = jobs
    size = args.max_file_size if args.max_file_size is not None else cfg.max_file_size
    if size is not None:
        if size <= 0:
            raise UsageError("--max-file-size must be positive")
        opts.max_file_size = size
    opts.report_unused_suppressions = bool(_first(args.report_unused_suppressions,
                                                  cfg.report_unused_suppressions))
    opts.require_reason = bool(_first(args.require_reason, cfg.require_reason))
    opts.force_exclude = bool(_first(args.force_exclude, cfg.force_exclude))
    opts.tests = _first(args.tests, cfg.tests, True)
    goos = _first(args.goos, cfg.goos)
    if goos is not None and goos not in KNOWN_OS:
        raise UsageError(f"--goos {goos!r}: not a GOOS (known: {', '.join(sorted(KNOWN_OS))})")
    tags = _csv([t.replace(" ", ",") for t in args.tags]) if args.tags else cfg.tags or None
    opts.build = BuildContext(frozenset(tags) if tags is not None else None, goos)
    opts.overrides = overrides
    if not args.no_cache and not overrides:
        from golint_mem.cache import DEFAULT_DIR

        opts.cache_dir = args.cache_dir or DEFAULT_DIR
    if args.shard:
        from golint_mem.shard import ShardError, parse as parse_shard

        try:
            opts.shard = parse_shard(args.shard)
        except ShardError as e:
            raise UsageError(str(e)) from None

    from golint_mem.progress import progress_bar

    bar = progress_bar(sys.stderr, quiet=args.quiet)
    try:
        result = run(paths, rules, opts, progress=bar)
    except InputError as e:
        print(f"golint-mem: error: {e}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        if bar is not None:
            bar.close()
    if args.fix or args.diff:
        fixed = _fix(args, result, rules, opts, paths)
        if isinstance(fixed, int):
            return fixed
        result = fixed
    adopted = _adoption(args, result)
    if isinstance(adopted, int):
        return adopted
    if dump is not None:
        return _correlate_report(args, dump, result, rules, opts, paths, fmt, cfg)

    from golint_mem.report import render
    from golint_mem.report.text import summary

    cwd = Path.cwd()
    if args.statistics:
        from golint_mem.report.text import statistics

        out = statistics(result, fmt, quiet=args.quiet)
    else:
        out = render(fmt, result, rules, root=_source_root(cwd), cwd=cwd,
                     sarif_category=getattr(args, "sarif_category", None))
        if fmt == "text" and args.quiet:
            out = out[: out.rstrip("\n").rfind("\n") + 1]  # drop the summary line
    output = args.output or cfg.output
    if output:
        from golint_mem.report.write import to_file

        to_file(out, fmt, output)  # atomic: never half a report (ReportWriteError: exit 2)
        if not args.quiet:
            # keep CI logs readable: a one-line summary when the report goes to a file
            print(summary(result), file=sys.stderr)
    else:
        from golint_mem.report.write import to_stdout

        to_stdout(out, fmt)

    if any(d.kind in INPUT_ERRORS for d in result.diagnostics):
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    if result.findings or any(d.kind in FINDING_KINDS for d in result.diagnostics):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _fix(args, result, rules, opts, paths):
    """--fix / --diff: the fixes applied (or shown); the result of checking again, or an
    exit code when only a diff was asked for."""
    import dataclasses

    from golint_mem import fixes
    from golint_mem.engine import run
    from golint_mem.report._common import display_path

    def reread(sources: dict[str, bytes]) -> list:
        again = run(list(sources), rules, dataclasses.replace(opts, overrides={**opts.overrides, **sources}))
        return again.findings

    outcome = fixes.fix_files(result.findings, args.unsafe_fixes, reread)
    if args.diff:
        _write_stdout(fixes.unified_diff(outcome, lambda p: display_path(p, Path.cwd())))
        if not args.quiet:
            print(f"golint-mem: {outcome.fixed} fixes in {len(outcome.changes)} files would be applied "
                  f"(--fix applies them)", file=sys.stderr)
        return EXIT_FINDINGS if outcome.changes else EXIT_CLEAN
    try:
        skipped = fixes.write(outcome)
    except OSError as e:
        print(f"golint-mem: error: cannot write a fix: {e.strerror or e}", file=sys.stderr)
        return EXIT_ERROR
    for path in skipped:
        print(f"golint-mem: {path} changed while it was being fixed; left alone", file=sys.stderr)
    again = run(paths, rules, opts) if outcome.changes else result
    if not args.quiet:
        unfixable = sum(1 for f in again.findings if fixes.applicable(f, args.unsafe_fixes) is None)
        hidden = sum(1 for f in again.findings if f.fix is not None and not f.fix.safe and not args.unsafe_fixes)
        note = f" ({hidden} more with --unsafe-fixes)" if hidden else ""
        print(f"golint-mem: fixed {outcome.fixed} findings, {len(again.findings)} remain "
              f"({unfixable} with no safe fix){note}", file=sys.stderr)
    return again


def _deliver(out: str, fmt: str, output: str | None) -> None:
    """The report to ``output`` (whole or not at all) or to stdout; ReportWriteError: exit 2."""
    from golint_mem.report.write import to_file, to_stdout

    if output:
        to_file(out, fmt, output)
    else:
        to_stdout(out, fmt)


def _cmd_merge_sarif(args) -> int:
    from golint_mem.report.merge import MergeError, merge_files

    try:
        out = merge_files(args.sarif)
    except MergeError as e:
        print(f"golint-mem: error: {e}", file=sys.stderr)
        return EXIT_ERROR
    _deliver(out, "sarif", args.output)
    return EXIT_CLEAN


def _read_dump(args):
    """The parsed goroutine dump, or exit code 2 with one line when it is unusable."""
    from golint_mem.correlate import DumpError, parse

    try:
        if args.dump == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.dump, "rb") as f:
                data = f.read()
        return parse(data)
    except OSError as e:
        print(f"golint-mem: error: cannot read {args.dump}: {e.strerror or e}", file=sys.stderr)
    except DumpError as e:
        print(f"golint-mem: error: {args.dump}: {e}", file=sys.stderr)
    return EXIT_ERROR


def _correlate_report(args, dump, result, rules, opts, paths, fmt, cfg) -> int:
    from golint_mem.correlate import correlate, local_files
    from golint_mem.correlate import report

    cwd = Path.cwd()
    sites = correlate(dump, result.findings, local_files(paths, opts))
    if fmt == "json":
        out = report.render_json(dump, sites, cwd)
    elif fmt == "sarif":
        out = report.render_sarif(dump, sites, result, rules, root=_source_root(cwd), cwd=cwd,
                                  category=getattr(args, "sarif_category", None))
    elif fmt == "text":
        out = report.render_text(dump, sites, cwd)
    else:
        raise UsageError(f"correlate writes text, json or sarif, not {fmt}")
    _deliver(out, fmt, args.output)
    acted = any(s.kind == "confirmed" or s.pileup for s in sites)
    if args.exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if acted else EXIT_CLEAN


def _adoption(args, result) -> int | None:
    """--write-baseline, --baseline, --new-from-rev; an exit code when one of them fails."""
    if args.write_baseline:
        from golint_mem import baseline

        try:
            _atomic_write(args.write_baseline, baseline.render(result, args.write_baseline))
        except OSError as e:
            print(f"golint-mem: error: cannot write {args.write_baseline}: {e.strerror or e}", file=sys.stderr)
            return EXIT_ERROR
        if not args.quiet:
            print(f"golint-mem: recorded {len(result.findings)} findings in {args.write_baseline}",
                  file=sys.stderr)
    if args.baseline:
        from golint_mem import baseline

        try:
            hidden = baseline.apply(result, args.baseline)
        except baseline.BaselineError as e:
            print(f"golint-mem: error: {e}", file=sys.stderr)
            return EXIT_ERROR
        if hidden and not args.quiet:
            print(f"golint-mem: {hidden} known findings hidden by the baseline {args.baseline}",
                  file=sys.stderr)
    if args.new_from_rev:
        from golint_mem import gitdiff

        try:
            changed = gitdiff.changed_lines(args.new_from_rev, os.getcwd())
        except gitdiff.GitError as e:
            print(f"golint-mem: error: {e}", file=sys.stderr)
            return EXIT_ERROR
        result.findings = gitdiff.keep_changed(result.findings, changed)
    return None


def _atomic_write(path: str, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (raises OSError, as open() would)."""
    from golint_mem.report.write import replace_file

    data = text.encode("utf-8", "surrogateescape")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    replace_file(path, data, st)


def _first(*values):
    """The first value that is not None (flag, then config, then default)."""
    return next((v for v in values if v is not None), None)


def _config_start(path: str) -> str:
    """Where to look for the config: the first path, without a /... pattern suffix."""
    if path == "..." or path.endswith("/..."):
        path = path[:-3] or "."
    return path if os.path.exists(path) or os.path.isdir(os.path.dirname(path) or ".") else "."


def _write_stdout(text: str) -> None:
    data = text if text.endswith("\n") or not text else text + "\n"
    sys.stdout.buffer.write(data.encode("utf-8"))
    sys.stdout.flush()


def _source_root(cwd: Path) -> Path:
    """The repository root (nearest .git above cwd), else cwd: SARIF URIs are relative to it."""
    d = cwd.resolve()
    for candidate in (d, *d.parents):
        if (candidate / ".git").exists():
            return candidate
    return d
