"""A process pool that survives its workers and dies with its parent.

A worker can die without raising: a C stack overflow in the parser, the kernel's
OOM killer, a stray ``kill -9``. ``ProcessPoolExecutor`` then fails every pending
job (``BrokenProcessPool``). Here the jobs that finished are kept, the rest run
again in a fresh pool, and once a round makes no progress each remaining job runs
alone, so the one that kills its worker is named (``on_death``) and every other
job still gets its result.

Workers must not outlive the run: ``docker stop``, systemd and Kubernetes send
SIGTERM to the main process only, and SIGKILL leaves no chance to clean up. Each
worker asks Linux to SIGKILL it when its parent dies (``PR_SET_PDEATHSIG``) and,
elsewhere or in case that is missed, a watchdog thread exits when the parent pid
changes. The main process stops its workers itself when interrupted.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the pool is imported where it runs: `check one.go` needs no process
    from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1
#: how often the fallback watchdog looks at the parent pid
WATCHDOG_SECONDS = 1.0


def _die_with(parent_pid: int) -> None:
    """Worker initializer: die with ``parent_pid``; leave Ctrl-C to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(WATCHDOG_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="golint-mem-watchdog", daemon=True).start()


def _stop(pool: ProcessPoolExecutor) -> None:
    """Kill the pool's workers now (interrupt, error): waiting could take minutes."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for p in processes:
        try:
            p.kill()
        except (OSError, AttributeError, ValueError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        try:
            p.join(timeout=1)
        except (OSError, AttributeError, ValueError, AssertionError):
            pass


def _round(fn, jobs: list, workers: int, results: dict, on_done, on_error) -> list[int]:
    """Run ``jobs`` (index, args) in one pool; return the indexes lost to a dead worker."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(max_workers=workers, initializer=_die_with,
                               initargs=(os.getpid(),))
    lost: list[int] = []
    try:
        futures = {pool.submit(fn, args): i for i, args in jobs}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                i = futures[fut]
                try:
                    results[i] = fut.result()
                    on_done()
                except BrokenProcessPool:
                    lost.append(i)
                except Exception as e:  # e.g. a result that cannot be pickled
                    results[i] = on_error(i, f"{type(e).__name__}: {e}")
                    on_done()
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)
    return sorted(lost)


def run_pool(fn: Callable, jobs: Sequence, workers: int,
             on_death: Callable[[object, str], object], on_done: Callable[[int], None]) -> list:
    """``[fn(args) for args in jobs]`` in ``workers`` processes, in order; a job whose
    worker dies even when run alone yields ``on_death(args, reason)`` instead."""
    results: dict[int, object] = {}

    def done() -> None:
        on_done(len(results))

    def error(i: int, why: str):
        return on_death(jobs[i], why)

    remaining = list(range(len(jobs)))
    while remaining:
        before = len(remaining)
        remaining = _round(fn, [(i, jobs[i]) for i in remaining], workers, results, done, error)
        if len(remaining) == before:
            break  # no progress: find the job that kills its worker
    for i in remaining:
        if _round(fn, [(i, jobs[i])], 1, results, done, error):
            results[i] = on_death(jobs[i], "its worker process died")
            done()
    return [results[i] for i in range(len(jobs))]


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind like Ctrl-C (workers are stopped on the way)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum, frame) -> None:
    raise Terminated(signum)


def exit_on_signals() -> None:
    """Turn SIGTERM and SIGHUP into :class:`Terminated` in the main thread (exit 128+N)."""
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is None or threading.current_thread() is not threading.main_thread():
            continue
        if signal.getsignal(sig) is signal.SIG_DFL:  # `nohup` and friends keep theirs
            signal.signal(sig, _raise_terminated)
