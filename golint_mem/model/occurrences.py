"""Where a name occurs in a package, found from the bytes before any tree is read.

An analysis that follows one name (a map's cleanups, a function's callers) reads
only the top-level declarations that hold it as a whole word. An occurrence inside
a function body that the partial parse left out cannot be read; it is reported
apart, so that the analysis can decide whether it needs it (and raise
``NeedsWholeTree``) or already has its answer from the parsed code.
"""

from __future__ import annotations

import bisect
import re

from tree_sitter import Node

from golint_mem.model.package import FileModel, PackageModel

_IDENT = frozenset(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
_SPACE = frozenset(b" \t\r\n")
_BLANK = frozenset(b" \t")
_DOT, _SLASH = ord("."), ord("/")


def _words(src: bytes, word: bytes):
    """Offsets of ``word`` in ``src`` between non-identifier bytes."""
    n, end = len(word), len(src)
    i = src.find(word)
    while i >= 0:
        if (not i or src[i - 1] not in _IDENT) and (i + n >= end or src[i + n] not in _IDENT):
            yield i
        i = src.find(word, i + 1)


def occurrences(pkg: PackageModel, name: str, *, selected: bool = False,
                follow: re.Pattern | None = None) -> tuple[list[tuple[FileModel, list[int]]], list]:
    """``(file, sorted offsets)`` of ``name`` as a whole word in the parsed code of
    each file, and ``(file, offset, span)`` of those in code that lies in a body
    left out of the parse (``span``: that body's; its comments and literals are
    skipped, their line alone shows them).

    ``selected``: only where it follows a dot (a field or method: ``x.name``);
    otherwise only where it does not (an identifier). ``follow``: only where that
    pattern matches right after the name. Where the byte search cannot tell (a
    comment before the name), the name counts for both, and so do words in
    comments and strings: the caller reads the tree at each offset.
    A non-ASCII neighbour byte counts as a word boundary, so a name is never
    missed, at worst found inside a longer one."""
    word = name.encode()
    found: list[tuple[FileModel, list[int]]] = []
    hidden = []
    for fm in pkg.files:
        src = fm.source
        spans = fm.omitted
        offsets = []
        for i in _words(src, word):
            # a dot on an earlier line may end a comment: only a selector's may be
            # looked past (a selector broken after its dot is then kept, harmlessly)
            j = i - 1
            while j >= 0 and src[j] in (_SPACE if selected else _BLANK):
                j -= 1
            before = src[j] if j >= 0 else 0
            if (before != _DOT and before != _SLASH) if selected else before == _DOT:
                continue
            if follow is not None and follow.match(src, i + len(word)) is None:
                continue
            span = _span_at(spans, i) if spans else None
            if span is not None:
                if in_code(src, i):
                    hidden.append((fm, i, span))
                continue
            offsets.append(i)
        if offsets:
            found.append((fm, offsets))
    return found, hidden


def _span_at(spans: tuple[tuple[int, int], ...], i: int) -> tuple[int, int] | None:
    k = bisect.bisect_right(spans, (i, float("inf"))) - 1
    return spans[k] if k >= 0 and spans[k][0] <= i < spans[k][1] else None


_QUOTES = frozenset(b"\"'`")
_BACKSLASH, _BACKTICK = ord("\\"), ord("`")


def in_code(src: bytes, i: int) -> bool:
    """Whether offset ``i`` in a left-out body is code, not in a comment or a literal.
    Such a body holds no raw string or block comment that spans lines (see
    parse.parse_partial), so its line alone tells."""
    j = src.rfind(b"\n", 0, i) + 1
    quote = None
    while j < i:
        c = src[j]
        if quote is not None:
            if c == _BACKSLASH and quote != _BACKTICK:
                j += 2
                continue
            if c == quote:
                quote = None
        elif c in _QUOTES:
            quote = c
        elif c == _SLASH and src[j + 1:j + 2] == b"/":
            return False
        elif c == _SLASH and src[j + 1:j + 2] == b"*":
            end = src.find(b"*/", j + 2, i)
            if end < 0:
                return False
            j = end + 2
            continue
        j += 1
    return quote is None


def identifiers(node: Node, name: str, start: int = 0) -> list[Node]:
    """The identifiers named ``name`` inside ``node`` (a parsed one) from byte
    ``start`` on: a byte search, then the tree at each hit."""
    word = name.encode()
    base = node.start_byte
    out = []
    for i in _words(node.text, word):
        if base + i < start:
            continue
        ident = node.descendant_for_byte_range(base + i, base + i + len(word))
        if ident is not None and ident.type == "identifier" and ident.text == word:
            out.append(ident)
    return out


def parts_at(fm: FileModel, offsets: list[int]) -> list[Node]:
    """The top-level declarations of ``fm`` that hold one of the sorted ``offsets``."""
    root = fm.tree.root_node
    out: list[Node] = []
    for i in offsets:
        if out and i < out[-1].end_byte:
            continue
        part = root.first_child_for_byte(i)
        if part is not None and part.start_byte <= i:
            out.append(part)
    return out


__all__ = ["identifiers", "occurrences", "parts_at"]
