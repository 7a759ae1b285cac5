"""Correlation reports: a ranked text table, JSON sites, and SARIF carrying the runtime
evidence on each static finding plus a note per pile-up that no rule explains."""

from __future__ import annotations

import json
from pathlib import Path

from golint_mem.correlate.dump import Dump
from golint_mem.correlate.join import Site
from golint_mem.report._common import display_path, plural
from golint_mem.rule import Result

PILEUP_RULE_ID = "pileup"
PILEUP_RULE_NAME = "unexplained-goroutine-pileup"


def _states(site: Site) -> str:
    return ", ".join(f"{s} x{n}" for s, n in site.states.most_common()) or "-"


def _wait(site: Site) -> str:
    return f"{site.max_wait_minutes} min" if site.max_wait_minutes else "-"


def site_dict(site: Site, cwd: Path) -> dict:
    return {
        "path": str(site.path if site.external else display_path(site.path, cwd)),
        "line": site.line,
        "function": site.function,
        "goroutines": site.goroutines,
        "states": dict(site.states.most_common()),
        "max_wait_minutes": site.max_wait_minutes,
        "findings": sorted({f.rule_id for f in site.findings}),
        "kind": site.kind,
        "pileup": site.pileup,
        "leaked": site.leaked,
        "external": site.external,
    }


def render_json(dump: Dump, sites: list[Site], cwd: Path) -> str:
    doc = {
        "dump": {"form": dump.form, "goroutines": dump.total, "leak_profile": dump.leak_profile},
        "sites": [site_dict(s, cwd) for s in sites],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


_HEADINGS = {
    "confirmed": "Findings confirmed at run time",
    "unexplained": "Goroutines parked where no rule has a finding",
    "not-seen": "Findings not seen at run time",
    "external": "Goroutines created outside the analysed code",
}


def render_text(dump: Dump, sites: list[Site], cwd: Path) -> str:
    out = []
    kinds = {}
    for s in sites:
        kinds.setdefault(s.kind, []).append(s)
    rank = 0
    for kind in ("confirmed", "unexplained", "not-seen", "external"):
        group = kinds.get(kind, [])
        if not group:
            continue
        out.append(f"{_HEADINGS[kind]}:")
        for s in group:
            rank += 1
            where = s.path if s.external else str(display_path(s.path, cwd))
            rules = ",".join(sorted({f.rule_id for f in s.findings})) or "-"
            leaked = " (proven leak)" if s.leaked else ""
            if kind == "not-seen":
                out.append(f"  {rank:>3}. {where}:{s.line}: {rules}")
                continue
            out.append(f"  {rank:>3}. {where}:{s.line} {s.function}: {s.goroutines} goroutine"
                       f"{'s' if s.goroutines != 1 else ''} [{_states(s)}], longest wait {_wait(s)}; "
                       f"findings: {rules}{leaked}")
        out.append("")
    confirmed = len(kinds.get("confirmed", []))
    pileups = sum(1 for s in kinds.get("unexplained", []) if s.pileup)
    out.append(f"{plural(dump.total, 'goroutine')} in the dump ({dump.form}); "
               f"{plural(confirmed, 'finding')} confirmed at run time, "
               f"{plural(pileups, 'pile-up')} no rule explains, "
               f"{plural(len(kinds.get('not-seen', [])), 'finding')} not seen.")
    return "\n".join(out) + "\n"


def render_sarif(dump: Dump, sites: list[Site], result: Result, rules, *, root: Path, cwd: Path,
                 category: str | None = None) -> str:
    """The static findings' SARIF, each result carrying the goroutines seen at its site
    (``properties``) and a ``rank`` from them; one note per unexplained parked site."""
    from golint_mem.report import sarif

    doc = sarif.to_dict(result, rules, root=root, cwd=cwd, category=category)
    run = doc["runs"][0]
    by_key: dict[tuple[str, int, str], Site] = {}
    for s in sites:
        for f in s.findings:
            uri = sarif.artifact_location(f.location.path, root=root, cwd=cwd).uri
            by_key.setdefault((f.rule_id, uri, f.location.line), s)
    most = max((s.goroutines for s in sites if s.kind == "confirmed"), default=0)
    for res in run.get("results", []):
        phys = res["locations"][0]["physicalLocation"]
        site = by_key.get((res["ruleId"], phys["artifactLocation"]["uri"], phys["region"]["startLine"]))
        seen = site is not None and site.goroutines > 0
        props = res.setdefault("properties", {})
        props["goroutines"] = site.goroutines if seen else 0
        if seen:
            props["states"] = dict(site.states.most_common())
            props["maxWaitMinutes"] = site.max_wait_minutes
            props["leaked"] = site.leaked
            res["rank"] = round(50 + 50 * site.goroutines / most, 1) if most else 50.0
        else:
            res["rank"] = 10.0
    pileups = [s for s in sites if s.pileup]
    if pileups:
        driver = run["tool"]["driver"]
        driver.setdefault("rules", []).append({
            "id": PILEUP_RULE_ID,
            "name": PILEUP_RULE_NAME,
            "shortDescription": {"text": "Goroutines parked at a site no rule explains"},
            "fullDescription": {"text": "A goroutine dump shows goroutines created here parked "
                                        "(blocked on a channel, lock or I/O); no static rule has a "
                                        "finding at this site. Read the code for a missing exit."},
            "defaultConfiguration": {"level": "note"},
            "properties": {"tags": ["goroutine", "runtime"], "precision": "medium"},
        })
        index = len(driver["rules"]) - 1
        most_parked = max(s.parked for s in pileups)
        for s in pileups:
            run.setdefault("results", []).append({
                "ruleId": PILEUP_RULE_ID,
                "ruleIndex": index,
                "level": "note",
                "message": {"text": f"{s.goroutines} goroutines created here by {s.function} are parked "
                                    f"[{_states(s)}], longest wait {_wait(s)}; no rule explains them"},
                "locations": [{"physicalLocation": {
                    "artifactLocation": sarif.to_json(sarif.artifact_location(s.path, root=root, cwd=cwd)),
                    "region": {"startLine": s.line},
                }}],
                "rank": round(40 * s.parked / most_parked, 1),
                "properties": {"goroutines": s.goroutines, "states": dict(s.states.most_common()),
                               "maxWaitMinutes": s.max_wait_minutes, "leaked": s.leaked},
            })
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
