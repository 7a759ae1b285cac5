"""Reporters: text, json, github and sarif renderings of a Result."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from golint_mem.rule import Result, Rule

#: The output formats, in the order ``--format`` lists them.
FORMATS = ("text", "json", "github", "sarif")


def render(fmt: str, result: Result, rules: Sequence[Rule], *, root: Path, cwd: Path,
           sarif_category: str | None = None) -> str:
    """Render ``result`` in format ``fmt``; only that format's module is imported."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"{__name__}.{fmt}")
    if fmt == "sarif":
        return module.render(result, rules, root=Path(root), cwd=Path(cwd), category=sarif_category)
    return module.render(result, rules, root=Path(root), cwd=Path(cwd))
