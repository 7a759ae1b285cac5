"""The exact-set harness: the analyzer reports exactly the annotated corpus lines."""

from __future__ import annotations

import pytest

from corpus_expectations import CORPUS, all_expectations, corpus_files, expectations
from golint_mem.engine import Options, run
from golint_mem.registry import all_rules


def _selected():
    """Every default rule, plus an off-by-default rule over its own corpus directory."""
    return [r for r in all_rules() if r.default]


@pytest.fixture(scope="module")
def corpus_run():
    rules = _selected()
    result = run([str(CORPUS)], rules, Options(jobs=1))
    return rules, result


def _fmt(items):
    return "\n".join(f"  {p}:{line}: {rid}" for p, line, rid in sorted(items))


@pytest.mark.parametrize("rule_id", [r.id for r in _selected()])
def test_corpus_exact_findings(corpus_run, rule_id):
    """Per rule, over the whole corpus: nothing missing, nothing extra."""
    _, result = corpus_run
    want = {e for e in all_expectations() if e[2] == rule_id}
    got = {(f.location.path, f.location.line, f.rule_id) for f in result.findings
           if f.rule_id == rule_id}
    missing, extra = want - got, got - want
    assert not missing and not extra, (
        f"missing ({len(missing)}):\n{_fmt(missing)}\nunexpected ({len(extra)}):\n{_fmt(extra)}"
    )


def test_corpus_annotations_name_known_rules():
    known = {r.id for r in all_rules()} | {f"MEM{n:03d}" for n in range(1, 14)}
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
