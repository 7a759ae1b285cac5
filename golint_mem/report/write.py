"""Delivering a rendered report: to stdout or to a file, whole or not at all.

A report file is written to a temporary file beside it and renamed into place, so
an upload step never sends half a SARIF log when the disk fills or the run is
stopped. Device files and FIFOs named as the output (``/dev/stdout``, a pipe) are
written directly: renaming over them would replace the device.

File names that are not valid UTF-8 reach the reporters as surrogate escapes
(Python's ``os.fsdecode``); text output writes their original bytes back, as
``ls`` does, while the structured formats escape them (``\\udcff``), which keeps
the document valid UTF-8 and lets a JSON reader recover the bytes.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile


class ReportWriteError(Exception):
    """The report could not be delivered; the message is one line for the user."""


class BrokenPipe(Exception):
    """The reader of stdout went away (``| head``): end quietly."""


def encode(text: str, fmt: str) -> bytes:
    if text and not text.endswith("\n"):
        text += "\n"
    return text.encode("utf-8", "surrogateescape" if fmt == "text" else "backslashreplace")


def to_stdout(text: str, fmt: str) -> None:
    data = encode(text, fmt)
    stream = sys.stdout
    if stream is None:  # started with stdout closed (`>&-`)
        raise ReportWriteError("cannot write the report: standard output is closed")
    try:
        stream.flush()
        out = stream.buffer
        out.write(data)
        out.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise BrokenPipe() from None
    except (OSError, ValueError) as e:  # ValueError: the stream object was closed
        _silence_stdout()
        reason = e.strerror if isinstance(e, OSError) and e.strerror else "standard output is closed"
        raise ReportWriteError(f"cannot write the report to standard output: {reason}") from None


def _silence_stdout() -> None:
    """Point fd 1 at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass
    try:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until exit
    except OSError:
        sys.stdout = None


def to_file(text: str, fmt: str, path: str) -> None:
    """Write the report to ``path`` atomically (regular files) or directly (devices, FIFOs)."""
    data = encode(text, fmt)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise ReportWriteError(f"cannot write {path}: {e.strerror or e}") from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise ReportWriteError(f"cannot write {path}: it is a directory")
        _write_direct(path, data)
        return
    try:
        replace_file(path, data, st)
    except OSError as e:
        raise ReportWriteError(f"cannot write {path}: {e.strerror or e}") from None


def replace_file(path: str, data: bytes, st: os.stat_result | None = None) -> None:
    """Write ``data`` to a temporary file beside ``path`` (synced, with ``path``'s mode)
    and rename it into place: readers see the old file or the new one, never half."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".golint-mem-", suffix=".tmp")
    try:
        mode = st.st_mode & 0o7777 if st is not None else 0o666 & ~_umask()
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _write_direct(path: str, data: bytes) -> None:
    try:
        # O_NONBLOCK: a FIFO nobody reads must fail (ENXIO), not hang the run
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as e:
        if e.errno == errno.ENXIO:
            raise ReportWriteError(f"cannot write {path}: no reader on the pipe") from None
        raise ReportWriteError(f"cannot write {path}: {e.strerror or e}") from None
    try:
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
    except BrokenPipeError:
        raise ReportWriteError(f"cannot write {path}: the reader closed the pipe") from None
    except OSError as e:
        raise ReportWriteError(f"cannot write {path}: {e.strerror or e}") from None
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
