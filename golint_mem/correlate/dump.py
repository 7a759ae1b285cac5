"""Goroutine dumps, as a running Go service writes them, read into goroutines.

Accepted forms:
- ``/debug/pprof/goroutine?debug=2``, a SIGQUIT dump and a panic traceback: one
  block per goroutine (``goroutine 18 [chan send, 5 minutes]:``), its frames
  (function line, then a tab-indented ``file:line``), and ``created by`` with the
  file and line of the ``go`` statement;
- ``/debug/pprof/goroutine?debug=1``: stacks with counts (``5 @ 0x...``, then
  ``#  pc  func+off  file:line`` frames), without states or creation sites;
- Go 1.26's ``goroutineleak`` profile in either text form: every goroutine in it
  is a proven leak (its debug=2 blocks also carry ``(leaked)`` in the state).

Anything else (a heap profile, a binary ``?debug=0`` profile, an empty or cut-off
file) raises :class:`DumpError` with one line that says what to fetch instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADER = re.compile(r"^goroutine (\d+)(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[(.*)\]:\s*$")
_COUNT_HEADER = re.compile(r"^(goroutine|goroutineleak) profile: total (\d+)\s*$")
_COUNT_RECORD = re.compile(r"^(\d+) @(?: 0x[0-9a-f]+)+\s*$")
_COUNT_FRAME = re.compile(r"^#\s+0x[0-9a-f]+\s+(\S+?)\+0x[0-9a-f]+\s+(.+):(\d+)\s*$")
_FILE_LINE = re.compile(r"^\t(.+?):(\d+)(?: \+0x[0-9a-f]+)?(?: fp=\S+ sp=\S+ pc=\S+)?\s*$")
_CREATED = re.compile(r"^created by (\S+)(?: in goroutine (\d+))?\s*$")
_WAIT = re.compile(r"^(\d+) minutes?$")
_OTHER_PROFILE = re.compile(r"^(heap|allocs|threadcreate|block|mutex) profile:|^--- (contention|mutex):")


class DumpError(Exception):
    """The input is not a goroutine dump we can read (exit code 2)."""


@dataclass(frozen=True)
class Frame:
    function: str
    path: str
    line: int


@dataclass
class Goroutine:
    id: int | None
    state: str  # "chan send", "select", ... ("" in debug=1 dumps)
    wait_minutes: int = 0
    frames: list[Frame] = field(default_factory=list)  # innermost first
    created_by: Frame | None = None  # the `go` statement
    leaked: bool = False
    count: int = 1  # debug=1 records stand for `count` identical goroutines


@dataclass
class Dump:
    goroutines: list[Goroutine]
    form: str  # "debug=2" | "debug=1"
    leak_profile: bool = False

    @property
    def total(self) -> int:
        return sum(g.count for g in self.goroutines)


def parse(data: bytes) -> Dump:
    if not data.strip():
        raise DumpError("the dump is empty; fetch /debug/pprof/goroutine?debug=2 from the service")
    if data[:2] == b"\x1f\x8b" or b"\0" in data[:4096]:
        raise DumpError("this is a binary (protobuf, ?debug=0) profile; fetch "
                        "/debug/pprof/goroutine?debug=2 for a text dump")
    text = data.decode("utf-8", "replace").replace("\r\n", "\n")
    lines = text.split("\n")
    first = next((ln for ln in lines if ln.strip()), "")
    if _OTHER_PROFILE.match(first):
        kind = first.split()[0].strip("-: ")
        raise DumpError(f"this is a {kind} profile, not a goroutine dump; fetch "
                        "/debug/pprof/goroutine?debug=2")
    m = _COUNT_HEADER.match(first)
    if m:
        return _parse_counts(lines, leak_profile=m.group(1) == "goroutineleak")
    if not any(_HEADER.match(ln) for ln in lines):
        raise DumpError("no goroutine found: not a goroutine dump (?debug=2, SIGQUIT or panic "
                        "output) or a ?debug=1 profile")
    return _parse_blocks(lines)


def _parse_state(raw: str) -> tuple[str, int, bool]:
    parts = [p.strip() for p in raw.split(",")]
    state, wait, leaked = parts[0], 0, False
    if "(leaked)" in state:
        leaked = True
        state = state.replace("(leaked)", "").strip()
    for p in parts[1:]:
        w = _WAIT.match(p)
        if w:
            wait = int(w.group(1))
        elif p == "leaked":
            leaked = True
    return state, wait, leaked


def _parse_blocks(lines: list[str]) -> Dump:
    goroutines: list[Goroutine] = []
    current: Goroutine | None = None
    pending: str | None = None  # a function line waiting for its file:line
    creator: str | None = None
    leak_profile = False
    for ln in lines:
        h = _HEADER.match(ln)
        if h:
            _close(current, pending, creator)
            state, wait, leaked = _parse_state(h.group(2))
            current = Goroutine(int(h.group(1)), state, wait, leaked=leaked)
            goroutines.append(current)
            pending = creator = None
            continue
        if current is None:
            if ln.startswith("goroutineleak"):
                leak_profile = True
            continue  # panic message, SIGQUIT registers, headers
        if not ln.strip():
            _close(current, pending, creator)
            current, pending, creator = None, None, None
            continue
        fl = _FILE_LINE.match(ln)
        if fl:
            frame_path, frame_line = fl.group(1), int(fl.group(2))
            if creator is not None:
                current.created_by = Frame(creator, frame_path, frame_line)
                creator = None
            elif pending is not None:
                current.frames.append(Frame(pending, frame_path, frame_line))
                pending = None
            continue
        c = _CREATED.match(ln)
        if c:
            if pending is not None:
                raise DumpError(f"the dump is cut off or garbled: frame {pending!r} has no file:line")
            creator = c.group(1)
            continue
        if ln.startswith("...") or ln.startswith("\t..."):
            continue  # "...additional frames elided..."
        if not ln.startswith("\t") and "(" in ln:
            if pending is not None:
                raise DumpError(f"the dump is cut off or garbled: frame {pending!r} has no file:line")
            pending = _function_name(ln)
    _close(current, pending, creator)
    if leak_profile:
        for g in goroutines:
            g.leaked = True
    return Dump(goroutines, "debug=2", leak_profile=leak_profile)


def _close(g: Goroutine | None, pending: str | None, creator: str | None) -> None:
    if g is None:
        return
    if pending is not None or creator is not None:
        what = pending if pending is not None else f"created by {creator}"
        raise DumpError(f"the dump is cut off: goroutine {g.id} ends at {what!r} without its file:line")
    if not g.frames:
        raise DumpError(f"the dump is cut off: goroutine {g.id} has no frames")


def _function_name(line: str) -> str:
    """``main.(*Pool).worker(0xc000010000, ...)`` -> ``main.(*Pool).worker``: the argument
    list is the parenthesised group that closes at the end of the line (a receiver such
    as ``(*Pool)`` closes earlier and stays part of the name)."""
    line = line.strip()
    for i, ch in enumerate(line):
        if ch == "(" and _closes_at_end(line, i):
            return line[:i]
    return line


def _closes_at_end(line: str, start: int) -> bool:
    depth = 0
    for j in range(start, len(line)):
        if line[j] == "(":
            depth += 1
        elif line[j] == ")":
            depth -= 1
            if depth == 0:
                return j == len(line) - 1
    return False


def _parse_counts(lines: list[str], leak_profile: bool) -> Dump:
    goroutines: list[Goroutine] = []
    current: Goroutine | None = None
    for ln in lines[1:]:
        r = _COUNT_RECORD.match(ln)
        if r:
            if current is not None and not current.frames:
                raise DumpError("the profile is cut off: a stack record has no frames")
            current = Goroutine(None, "", 0, count=int(r.group(1)), leaked=leak_profile)
            goroutines.append(current)
            continue
        f = _COUNT_FRAME.match(ln)
        if f and current is not None:
            current.frames.append(Frame(f.group(1), f.group(2), int(f.group(3))))
            continue
        if ln.startswith("# labels:") or not ln.strip():
            continue
        if ln.startswith("#") and current is not None:
            continue  # a frame without symbol information ("#\t0x4a3b2c")
        raise DumpError(f"the profile is garbled at {ln[:60]!r}")
    if not goroutines:
        raise DumpError("the profile holds no stacks")
    if not goroutines[-1].frames:
        raise DumpError("the profile is cut off: the last stack record has no frames")
    return Dump(goroutines, "debug=1", leak_profile=leak_profile)
