"""A progress bar on stderr for runs that take a while, and only where a person watches.

Shown when stderr is a terminal, the run has lasted more than a second
(``GOLINT_MEM_PROGRESS_DELAY`` seconds, for tests) and neither ``--quiet`` nor a
``CI`` environment variable is set: pipes, files and CI logs never see it.
"""

from __future__ import annotations

import os
import time

WIDTH = 30


class ProgressBar:
    def __init__(self, stream, delay: float = 1.0):
        self.stream = stream
        self.delay = delay
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.start < self.delay or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        filled = WIDTH * done // max(total, 1)
        line = f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total} packages"
        try:
            self.stream.write(line)
            self.stream.flush()
            self.shown = True
        except (OSError, ValueError):
            self.shown = False

    def close(self) -> None:
        if not self.shown:
            return
        try:
            self.stream.write("\r" + " " * (WIDTH + 30) + "\r")
            self.stream.flush()
        except (OSError, ValueError):
            pass


def progress_bar(stream, *, quiet: bool = False) -> ProgressBar | None:
    """A bar for ``stream``, or None where nobody should see one."""
    if quiet or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return None
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    try:
        delay = float(os.environ.get("GOLINT_MEM_PROGRESS_DELAY", "1"))
    except ValueError:
        delay = 1.0
    return ProgressBar(stream, delay)
