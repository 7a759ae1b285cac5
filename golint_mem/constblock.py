"""The constants of a `const ( ... )` block, read from its bytes.

Generated packages declare thousands of constants (syscall's zerrors files), and
parsing those blocks costs as much as parsing code. When a block has none of the
rules' triggers, the partial parse leaves its inside out and the package model
reads what it needs here: each spec's names, its type if it is a plain name, and
its values as text. Only the layout gofmt writes, one spec per line, is read;
anything else (a value spanning lines, a raw string, a line this reader does not
know) makes :func:`read` return None, and the block is parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ConstSpec:
    names: tuple[str, ...]
    type: str | None  # a plain type name (`Errno`); None when absent or qualified
    values: tuple[str, ...]  # the value expressions, as written


_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_SPEC = re.compile(
    rf"\t(?P<names>{_IDENT}(?:,[ \t]*{_IDENT})*)"
    rf"(?:[ \t]+(?P<type>{_IDENT}(?:\.{_IDENT})?))?"
    r"(?:[ \t]+=[ \t]*(?P<values>.*))?$")
_NAME_SEP = re.compile(r",[ \t]*")
# a value element's pieces: strings and runes (kept whole), brackets, commas, comments
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|//.*|/\*|[()\[\]{},`]')


def read(source: bytes, start: int, end: int) -> list[ConstSpec] | None:
    """The specs of the block whose inside is ``source[start:end]`` (from just after
    its `(` line to its `)`), or None when its layout is not one this reads exactly."""
    try:
        text = source[start:end].decode("utf-8")
    except UnicodeDecodeError:
        return None
    specs = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped or (line.startswith("\t//") and not line.startswith("\t\t")):
            continue
        line = _code(line)
        if line is None:
            return None
        m = _SPEC.match(line)
        if m is None:
            return None
        values: tuple[str, ...] = ()
        if m.group("values") is not None:
            got = _split_values(m.group("values"))
            if got is None:
                return None
            values = got
        t = m.group("type")
        specs.append(ConstSpec(tuple(_NAME_SEP.split(m.group("names"))),
                               t if t is not None and "." not in t else None, values))
    return specs


def _code(line: str) -> str | None:
    """``line`` without its trailing comment; None when it holds a raw string or a
    block comment (which may span lines)."""
    for m in _TOKEN.finditer(line):
        tok = m.group()
        if tok.startswith("//"):
            return line[:m.start()].rstrip()
        if tok in ("`", "/*"):
            return None
    return line.rstrip()


def _split_values(text: str) -> tuple[str, ...] | None:
    """The comma-separated values of a spec line, a trailing comment dropped; None
    for what a line cannot hold whole (an open bracket, a raw string, `/*`)."""
    depth, parts, at = 0, [], 0
    body_end = len(text)
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok.startswith("//"):
            body_end = m.start()
            break
        if tok in ("`", "/*"):
            return None
        if tok in "([{":
            depth += 1
        elif tok in ")]}":
            depth -= 1
            if depth < 0:
                return None
        elif tok == "," and depth == 0:
            parts.append(text[at:m.start()].strip())
            at = m.end()
    if depth != 0:
        return None
    parts.append(text[at:body_end].strip())
    if any(not p for p in parts):
        return None
    return tuple(parts)


def int_value(text: str) -> int | None:
    """What ``model.package.int_literal_value`` gives for the expression ``text``: an
    integer literal, in parentheses or not, or a shift of two; None otherwise."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and _wrapped(text):
        text = text[1:-1].strip()
    if re.fullmatch(r"[0-9][0-9A-Za-z_]*", text):
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            return None
    m = re.fullmatch(r"(.+?)<<(.+)", text)
    if m is not None and "<<" not in m.group(2) and _plain(m.group(1)) and _plain(m.group(2)):
        a, b = int_value(m.group(1)), int_value(m.group(2))
        return a << b if a is not None and b is not None and 0 <= b < 64 else None
    return None


def exact_int_value(text: str) -> bool:
    """Whether :func:`int_value` gives for ``text`` what the tree would: for anything
    but a chain of shifts (`1 << 2 << 3`), left to the parse."""
    return text.count("<<") <= 1


def _plain(text: str) -> bool:
    return re.fullmatch(r"\s*\(*\s*[0-9][0-9A-Za-z_]*\s*\)*\s*", text) is not None


def _wrapped(text: str) -> bool:
    """`(...)` around the whole of ``text`` (not `(a) + (b)`)."""
    depth = 0
    for i, c in enumerate(text):
        depth += c == "("
        depth -= c == ")"
        if depth == 0 and i < len(text) - 1:
            return False
    return True


def call_of(text: str) -> str | None:
    """The function name of a value that is a call of a plain name and nothing more
    (`Kind(iota)`, `(Kind(0))`), as the tree would show a call_expression."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and _wrapped(text):
        text = text[1:-1].strip()
    m = re.match(rf"({_IDENT})[ \t]*\(", text)
    if m is None or not text.endswith(")") or not _wrapped(text[m.end() - 1:]):
        return None
    return m.group(1)


# The lines :func:`read` reads exactly, as one regular expression over a whole block
# (a scan at C speed decides whether the parse may leave the block out): names, a
# plain or qualified type, values that are tokens, strings or calls of tokens joined
# by operators (or one shift), and a trailing line comment.
_B_IDENT = rb"[A-Za-z_][A-Za-z0-9_]*"
_B_VAL = rb'-?(?:[A-Za-z0-9_.]+(?:\([A-Za-z0-9_. ]*\))?|"(?:[^"\\\n]|\\.)*")'
_B_EXPR = (rb"(?:" + _B_VAL + rb"(?:[ \t]*[-+*/|&^][ \t]*" + _B_VAL + rb")*|"
           + _B_VAL + rb"[ \t]*<<[ \t]*" + _B_VAL + rb")")
_B_LINE = (rb"(?:\t" + _B_IDENT + rb"(?:,[ \t]*" + _B_IDENT + rb")*"
           rb"(?:[ \t]+" + _B_IDENT + rb"(?:\." + _B_IDENT + rb")?)?"
           rb"(?:[ \t]+=[ \t]*" + _B_EXPR + rb"(?:[ \t]*,[ \t]*" + _B_EXPR + rb")*)?"
           rb"(?:[ \t]+//[^\n]*)?|[ \t]*|\t//[^\n]*)")
_BLOCK = re.compile(rb"(?:" + _B_LINE + rb"\n)*")
_NAMES = re.compile(rb"^\t(" + _B_IDENT + rb"(?:,[ \t]*" + _B_IDENT + rb")*)", re.M)
_NAME_SEP_B = re.compile(rb",[ \t]*")


def simple(source: bytes, start: int, end: int) -> bool:
    """Whether every line of ``source[start:end]`` (whole lines) is one :func:`read`
    reads exactly: then the parse may leave the block out."""
    return _BLOCK.fullmatch(source, start, end) is not None


def names(source: bytes, start: int, end: int) -> list[str]:
    """The constant names of a :func:`simple` block (what :func:`read` would give)."""
    out: list[str] = []
    for m in _NAMES.finditer(source, start, end):
        out.extend(n.decode("ascii") for n in _NAME_SEP_B.split(m.group(1)))
    return out
