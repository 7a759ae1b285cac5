"""Finds the rule modules in ``golint_mem.rules``, validates them, and selects rules."""

from __future__ import annotations

import dataclasses
import functools
import importlib
import pkgutil

from golint_mem.rule import DOC_SECTIONS, RULE_ID, RULE_NAME, Level, Rule, doc_sections


class RuleError(Exception):
    """A rule module breaks the contract (a developer error, caught by the tests)."""


class SelectionError(Exception):
    """--select / --ignore named something that is not a rule (exit code 2)."""


def validate(rule: Rule, module: str) -> None:
    problems = []
    if not RULE_ID.match(rule.id):
        problems.append(f"id {rule.id!r} is not MEMnnn")
    if not RULE_NAME.match(rule.name):
        problems.append(f"name {rule.name!r} is not kebab-case")
    if not isinstance(rule.level, Level):
        problems.append("level is not a Level")
    if rule.precision not in ("high", "medium"):
        problems.append(f"precision {rule.precision!r} is not high|medium")
    if not rule.summary or len(rule.summary) > 120 or "\n" in rule.summary:
        problems.append("summary must be one line of at most 120 characters")
    if not rule.tags:
        problems.append("no tags")
    sections = doc_sections(rule.doc)
    missing = [s for s in DOC_SECTIONS if not sections.get(s, "").strip()]
    if missing:
        problems.append(f"docstring lacks sections: {', '.join(missing)}")
    bad, good = rule.go_examples()
    if not bad.strip() or not good.strip():
        problems.append("Example and Use instead need a ```go block each")
    if not callable(rule.check):
        problems.append("check is not callable")
    if problems:
        raise RuleError(f"{module}: " + "; ".join(problems))


@functools.lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    import golint_mem.rules as pkg

    found: dict[str, Rule] = {}
    names: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        rule = getattr(module, "RULE", None)
        if not isinstance(rule, Rule):
            continue
        rule = dataclasses.replace(rule, doc=(module.__doc__ or "").strip())
        validate(rule, module.__name__)
        if rule.id in found or rule.name in names:
            raise RuleError(f"{module.__name__}: duplicate rule id or name {rule.id}/{rule.name}")
        found[rule.id] = rule
        names[rule.name] = rule.id
    return tuple(sorted(found.values(), key=lambda r: r.id))


def lookup(key: str) -> Rule | None:
    k = key.strip()
    for r in all_rules():
        if r.id == k.upper() or r.name == k.lower():
            return r
    return None


@dataclasses.dataclass
class Layer:
    """One source of rule selection (the config file, then the command line), as in ruff:
    ``select`` replaces what earlier layers chose, ``extend_select`` and ``ignore`` adjust it.
    ``origin`` names the source in errors (``--`` for flags, ``path: `` for a config file)."""

    select: list[str] = dataclasses.field(default_factory=list)
    extend_select: list[str] = dataclasses.field(default_factory=list)
    ignore: list[str] = dataclasses.field(default_factory=list)
    origin: str = "--"


def _match(key: str, option: str) -> tuple[set[str], int]:
    """The rules ``key`` names and how specific it is: ALL < a prefix (MEM00) < an ID or name."""
    k = key.strip()
    if k.upper() == "ALL":
        return {r.id for r in all_rules()}, 0
    r = lookup(k)
    if r is not None:
        return {r.id}, 100
    prefix = k.upper()
    ids = {r.id for r in all_rules() if r.id.startswith(prefix)} if prefix.startswith("MEM") else set()
    if not ids:
        known = ", ".join(r.id for r in all_rules())
        raise SelectionError(f"{option}: unknown rule {k!r} (known: {known}, a prefix such as "
                             "MEM00, or ALL)")
    return ids, len(prefix)


def _label(layer: Layer, key: str) -> str:
    if layer.origin == "--":
        return f"--{key}"
    return f"{layer.origin}{key}"


def resolve(layers: list[Layer]) -> list[Rule]:
    """Default-on rules, then each layer in turn. Within a layer the most specific
    selector wins (``--select MEM00 --ignore MEM001``), an ignore winning a tie."""
    chosen = {r.id for r in all_rules() if r.default}
    for layer in layers:
        selectors: list[tuple[set[str], int, bool]] = []
        for key, values, positive in (("select", layer.select, True),
                                      ("extend-select", layer.extend_select, True),
                                      ("ignore", layer.ignore, False)):
            if values and not any(v.strip() for v in values):
                raise SelectionError(f"{_label(layer, key)}: names no rule")
            for v in values:
                if v.strip():
                    ids, spec = _match(v, _label(layer, key))
                    selectors.append((ids, spec, positive))
        base = set() if any(v.strip() for v in layer.select) else chosen
        nxt = set()
        for r in all_rules():
            best = None
            for ids, spec, positive in selectors:
                if r.id in ids and (best is None or (spec, not positive) > (best[0], not best[1])):
                    best = (spec, positive)
            if (best[1] if best is not None else r.id in base):
                nxt.add(r.id)
        chosen = nxt
    if not chosen:  # running nothing and exiting 0 would look like a clean run
        raise SelectionError("the rule selection leaves no rule to run (check select and ignore)")
    return [r for r in all_rules() if r.id in chosen]


def select(select: list[str] | None = None, ignore: list[str] | None = None,
           extend_select: list[str] | None = None) -> list[Rule]:
    """Default-on rules, or exactly ``select`` (ALL = every rule; MEM00 = a prefix),
    plus ``extend_select``, minus ``ignore``."""
    return resolve([Layer(list(select or []), list(extend_select or []), list(ignore or []))])
