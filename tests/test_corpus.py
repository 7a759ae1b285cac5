"""The exact-set harness: the analyzer reports exactly the annotated corpus lines."""

from __future__ import annotations

import pytest

from corpus_expectations import CORPUS, all_expectations, corpus_files, expectations
from golint_mem.engine import Options, run
from golint_mem.registry import all_rules


def _selected():
    """Every rule: default-on rules are held to the whole corpus, default-off rules
    to their own directory (elsewhere nobody asked for them)."""
    return list(all_rules())


@pytest.fixture(scope="module")
def corpus_run():
    rules = _selected()
    result = run([str(CORPUS)], rules, Options(jobs=1))
    return rules, result


def _fmt(items):
    return "\n".join(f"  {p}:{line}: {rid}" for p, line, rid in sorted(items))


def _in_scope(rule, path: str) -> bool:
    if rule.default:
        return True
    own = CORPUS / rule.id
    return str(path).startswith(str(own) + "/")


@pytest.mark.parametrize("rule_id", [r.id for r in _selected()])
def test_corpus_exact_findings(corpus_run, rule_id):
    """Per rule, over its corpus scope: nothing missing, nothing extra."""
    _, result = corpus_run
    rule = next(r for r in all_rules() if r.id == rule_id)
    want = {e for e in all_expectations() if e[2] == rule_id and _in_scope(rule, e[0])}
    got = {(f.location.path, f.location.line, f.rule_id) for f in result.findings
           if f.rule_id == rule_id and _in_scope(rule, f.location.path)}
    missing, extra = want - got, got - want
    assert not missing and not extra, (
        f"missing ({len(missing)}):\n{_fmt(missing)}\nunexpected ({len(extra)}):\n{_fmt(extra)}"
    )


def test_corpus_annotations_name_known_rules():
    known = {r.id for r in all_rules()} | {f"MEM{n:03d}" for n in range(1, 15)}
    unknown = {e for e in all_expectations() if e[2] not in known}
    assert not unknown, _fmt(unknown)


def test_corpus_has_no_input_errors(corpus_run):
    _, result = corpus_run
    assert result.diagnostics == []


@pytest.mark.parametrize("rule", [r for r in all_rules()], ids=lambda r: r.id)
def test_every_rule_has_positive_and_negative_cases(rule):
    """Each rule's directory has positives, and more code than its positives."""
    d = CORPUS / rule.id
    assert d.is_dir(), f"corpus/{rule.id} is missing"
    files = [f for f in corpus_files(d)]
    positives = sum(1 for f in files for e in expectations(f) if e[2] == rule.id)
    negatives = sum(f.read_text(encoding="utf-8").count(f"// ok {rule.id}") for f in files)
    assert positives >= 15, f"{rule.id}: only {positives} positive cases"
    assert negatives >= 15, f"{rule.id}: only {negatives} documented negatives (// ok {rule.id})"


def test_annotations_are_read_from_comments_only(tmp_path):
    src = tmp_path / "a.go"
    src.write_text(
        'package a\n\nconst s = "// want MEM001"\n\nfunc f() {} // want MEM002\n',
        encoding="utf-8",
    )
    assert expectations(src) == {(str(src), 5, "MEM002")}
