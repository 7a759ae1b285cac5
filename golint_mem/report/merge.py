"""``golint-mem merge-sarif A.sarif B.sarif ...``: the SARIF of several shards joined
into one run, for a single code-scanning upload.

The runs must come from golint-mem with one source root. Rules are joined by ID
(each result's ``ruleIndex`` is remapped), results and notifications are
concatenated in a stable order (path, line, column, rule), and the run succeeded
only if every shard did.
"""

from __future__ import annotations

import json


class MergeError(ValueError):
    """An input that is not golint-mem SARIF, or runs that cannot be joined (exit code 2)."""


def _runs(name: str, doc) -> list[dict]:
    if not isinstance(doc, dict) or doc.get("version") != "2.1.0" or not isinstance(doc.get("runs"), list):
        raise MergeError(f"{name}: not a SARIF 2.1.0 log")
    for run in doc["runs"]:
        driver = run.get("tool", {}).get("driver", {})
        if driver.get("name") != "golint-mem":
            raise MergeError(f"{name}: a run of {driver.get('name')!r}, not golint-mem")
    return doc["runs"]


def _result_key(r: dict):
    loc = (r.get("locations") or [{}])[0].get("physicalLocation", {})
    region = loc.get("region", {})
    return (loc.get("artifactLocation", {}).get("uri", ""), region.get("startLine", 0),
            region.get("startColumn", 0), r.get("ruleId", ""), r.get("message", {}).get("text", ""))


def merge(docs: list[tuple[str, dict]]) -> dict:
    runs = [(name, run) for name, doc in docs for run in _runs(name, doc)]
    if not runs:
        raise MergeError("nothing to merge")
    first_name, first = runs[0]
    base = first.get("originalUriBaseIds")
    rules: dict[str, dict] = {}
    results, notifications = [], []
    ok = True
    for name, run in runs:
        if run.get("originalUriBaseIds") != base:
            raise MergeError(f"{name}: its source root differs from {first_name}'s; run every shard "
                             "from the same checkout")
        driver_rules = run["tool"]["driver"].get("rules", [])
        for rule in driver_rules:
            rules.setdefault(rule["id"], rule)
        for r in run.get("results", []):
            r = dict(r)
            r.pop("ruleIndex", None)
            results.append(r)
        for inv in run.get("invocations", []):
            ok = ok and inv.get("executionSuccessful", True)
            notifications.extend(inv.get("toolExecutionNotifications", []))
    ordered = [rules[k] for k in sorted(rules)]
    index = {rule["id"]: i for i, rule in enumerate(ordered)}
    results.sort(key=_result_key)
    for r in results:
        if r.get("ruleId") in index:
            r["ruleIndex"] = index[r["ruleId"]]
    merged = dict(first)
    merged["tool"] = dict(first["tool"])
    merged["tool"]["driver"] = dict(first["tool"]["driver"], rules=ordered)
    merged["results"] = results
    invocation = {"executionSuccessful": ok}
    if notifications:
        notifications.sort(key=lambda n: json.dumps(n, sort_keys=True))
        invocation["toolExecutionNotifications"] = notifications
    merged["invocations"] = [invocation]
    head = docs[0][1]
    return {"$schema": head.get("$schema"), "version": "2.1.0", "runs": [merged]}


def merge_files(paths: list[str]) -> str:
    docs = []
    for p in paths:
        try:
            with open(p, encoding="utf-8") as f:
                docs.append((p, json.load(f)))
        except OSError as e:
            raise MergeError(f"{p}: cannot read: {e.strerror or e}") from None
        except (ValueError, UnicodeDecodeError) as e:
            raise MergeError(f"{p}: not JSON ({e})") from None
    return json.dumps(merge(docs), indent=2, ensure_ascii=False) + "\n"
