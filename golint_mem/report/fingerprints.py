"""GitHub code scanning's ``primaryLocationLineHash``, computed as its upload action does.

github/codeql-action (``src/fingerprints.ts``) fills ``partialFingerprints.
primaryLocationLineHash`` for results that arrive without one: a rolling hash
over the first 100 characters of the file from each line's start, spaces and
tabs dropped, line endings folded to ``\\n``, suffixed with ``:n`` for the n-th
identical hash in the file. Computing the same value here makes an upload with
the action and one without it (``gh api``, another uploader) agree, so GitHub
keeps tracking an alert across both.

The action reads the file as UTF-8 and hashes UTF-16 code units
(``charCodeAt``) with 64-bit wrapping arithmetic (``Long``); so does this port.
"""

from __future__ import annotations

from collections.abc import Iterator

_TAB, _SPACE, _LF, _CR = 9, 32, 10, 13
_EOF = 65535
_BLOCK_SIZE = 100
_MOD = 37
_MASK = (1 << 64) - 1
_FIRST_MOD = pow(_MOD, _BLOCK_SIZE, 1 << 64)


def _code_units(text: str) -> Iterator[int]:
    data = text.encode("utf-16-le", "surrogatepass")
    for i in range(0, len(data), 2):
        yield data[i] | (data[i + 1] << 8)


def line_hashes(source: bytes | str) -> list[str]:
    """The hash of every line of ``source``, first line first (``"c129715d7a2bc9a3:1"``)."""
    text = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
    window = [0] * _BLOCK_SIZE
    line_numbers = [-1] * _BLOCK_SIZE
    hashes: dict[int, str] = {}
    counts: dict[str, int] = {}
    state = {"hash": 0, "index": 0, "line": 0, "line_start": True, "prev_cr": False}

    def output() -> None:
        value = format(state["hash"], "x")
        counts[value] = counts.get(value, 0) + 1
        hashes[line_numbers[state["index"]]] = f"{value}:{counts[value]}"
        line_numbers[state["index"]] = -1

    def update(current: int) -> None:
        i = state["index"]
        begin = window[i]
        window[i] = current
        state["hash"] = (_MOD * state["hash"] + current - _FIRST_MOD * begin) & _MASK
        state["index"] = (i + 1) % _BLOCK_SIZE

    def process(current: int) -> None:
        if current in (_SPACE, _TAB) or (state["prev_cr"] and current == _LF):
            state["prev_cr"] = False
            return
        if current == _CR:
            current = _LF
            state["prev_cr"] = True
        else:
            state["prev_cr"] = False
        if line_numbers[state["index"]] != -1:
            output()
        if state["line_start"]:
            state["line_start"] = False
            state["line"] += 1
            line_numbers[state["index"]] = state["line"]
        if current == _LF:
            state["line_start"] = True
        update(current)

    for unit in _code_units(text):
        process(unit)
    process(_EOF)
    for _ in range(_BLOCK_SIZE):
        if line_numbers[state["index"]] != -1:
            output()
        update(0)
    return [hashes[n] for n in sorted(hashes)]


def line_hash_map(source: bytes | str) -> dict[int, str]:
    """``{line (1-based): hash}`` for every line of ``source``."""
    return dict(enumerate(line_hashes(source), start=1))
