"""Command line: argument parsing only; the engine does the work.

Exit codes: 0 no findings, 1 findings, 2 usage, config or input error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from golint_mem import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "json", "github", "sarif")
#: diagnostics that mean part of the input could not be analysed at all
INPUT_ERRORS = {"read-error", "too-large", "syntax-error", "encoding-error", "internal-error"}


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


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="golint-mem", description="Find memory-leak patterns in Go source.")
    p.add_argument("--version", action="version", version=f"golint-mem {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    c = sub.add_parser("check", help="analyse Go files and directories (default: .)")
    c.add_argument("paths", nargs="*", metavar="PATH")
    c.add_argument("--format", choices=FORMATS, help="output format (default: text)")
    c.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    c.add_argument("--select", action="append", metavar="IDS",
                   help="only these rules (IDs or names, comma-separated; ALL for every rule)")
    c.add_argument("--ignore", action="append", metavar="IDS", help="skip these rules")
    c.add_argument("--exclude", action="append", metavar="GLOB",
                   help="skip paths matching GLOB (repeatable)")
    c.add_argument("--config", metavar="FILE",
                   help="config file (default: nearest .golint-mem.toml above the first path)")
    c.add_argument("--no-config", action="store_true", help="ignore any config file")
    c.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: cores)")
    c.add_argument("--max-file-size", type=int, metavar="BYTES",
                   help="skip larger files (default: 8 MiB)")
    c.add_argument("--report-unused-suppressions", action="store_true", default=None,
                   help="report suppression comments that suppress nothing")

    sub.add_parser("rules", help="list the rules: ID, name, default, level, summary")
    e = sub.add_parser("explain", help="show a rule's documentation")
    e.add_argument("rule", metavar="ID|NAME")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    except UsageError as e:
        print(f"golint-mem: error: {e}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("golint-mem: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_ERROR


def _main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        raise UsageError("missing command (check, rules or explain); see golint-mem --help")
    if args.command == "rules":
        return _cmd_rules()
    if args.command == "explain":
        return _cmd_explain(args.rule)
    return _cmd_check(args)


def _cmd_rules() -> int:
    from golint_mem.registry import all_rules

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
    from golint_mem.discover import InputError
    from golint_mem.engine import Options, run
    from golint_mem.registry import SelectionError, select

    paths = args.paths or ["."]
    cfg = Config()
    try:
        if args.config:
            cfg = load_config(args.config)
        elif not args.no_config:
            found = find_config(paths[0]) if os.path.exists(paths[0]) else None
            if found:
                cfg = load_config(found)
    except ConfigError as e:
        print(f"golint-mem: error: {e}", file=sys.stderr)
        return EXIT_ERROR

    fmt = args.format or cfg.format or "text"
    if fmt not in FORMATS:
        raise UsageError(f"format {fmt!r} in {cfg.path}: choose one of {', '.join(FORMATS)}")
    try:
        rules = select(_csv(args.select) or cfg.select, _csv(args.ignore) or cfg.ignore)
    except SelectionError as e:
        raise UsageError(str(e)) from None
    opts = Options(exclude=_csv(args.exclude) + cfg.exclude)
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
    opts.report_unused_suppressions = bool(
        args.report_unused_suppressions
        if args.report_unused_suppressions is not None
        else cfg.report_unused_suppressions
    )
    try:
        result = run(paths, rules, opts)
    except InputError as e:
        print(f"golint-mem: error: {e}", file=sys.stderr)
        return EXIT_ERROR

    from golint_mem.report import render

    cwd = Path.cwd()
    out = render(fmt, result, rules, root=_source_root(cwd), cwd=cwd)
    output = args.output or cfg.output
    if output:
        try:
            with open(output, "w", encoding="utf-8") as f:
                f.write(out)
        except OSError as e:
            print(f"golint-mem: error: cannot write {output}: {e.strerror or e}", file=sys.stderr)
            return EXIT_ERROR
        if fmt != "text":
            # keep CI logs readable: a one-line summary when the report goes to a file
            from golint_mem.report.text import summary

            print(summary(result), file=sys.stderr)
    else:
        _write_stdout(out)

    if any(d.kind in INPUT_ERRORS for d in result.diagnostics):
        return EXIT_ERROR
    if result.findings or any(d.kind == "unused-suppression" for d in result.diagnostics):
        return EXIT_FINDINGS
    return EXIT_CLEAN


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
