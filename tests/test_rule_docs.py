"""Docs as tests: every rule's Example is flagged by it, its Use instead is not,
and `explain` prints the documentation from the module docstring."""

from __future__ import annotations

import subprocess
import sys

import pytest

from golint_mem.engine import Options, run
from golint_mem.registry import all_rules, validate
from golint_mem.rule import DOC_SECTIONS

RULES = all_rules()


def _findings(tmp_path, code: str, rule):
    d = tmp_path / "example"
    d.mkdir()
    (d / "go.mod").write_text("module example.com/example\n\ngo 1.21\n", encoding="utf-8")
    (d / "example.go").write_text(code, encoding="utf-8")
    result = run([str(d)], [rule], Options(jobs=1))
    assert result.diagnostics == [], result.diagnostics
    return [f for f in result.findings if f.rule_id == rule.id]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_example_is_flagged(tmp_path, rule):
    bad, _ = rule.go_examples()
    assert _findings(tmp_path, bad, rule), f"{rule.id}: its Example is not flagged"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_use_instead_is_not_flagged(tmp_path, rule):
    _, good = rule.go_examples()
    found = _findings(tmp_path, good, rule)
    assert not found, f"{rule.id}: its Use instead is flagged: {found}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_metadata_is_valid(rule):
    validate(rule, rule.id)
    for title in DOC_SECTIONS:
        assert rule.section(title).strip(), f"{rule.id} lacks {title}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_explain_prints_the_doc(rule):
    for key in (rule.id, rule.name, rule.id.lower()):
        out = subprocess.run(
            [sys.executable, "-m", "golint_mem", "explain", key],
            capture_output=True, text=True, check=True,
        ).stdout
        assert out.startswith(f"{rule.id} {rule.name}\n")
        for title in DOC_SECTIONS:
            assert f"## {title}" in out
        assert rule.go_examples()[0].strip().splitlines()[-1] in out


def test_rules_table_lists_every_rule():
    out = subprocess.run(
        [sys.executable, "-m", "golint_mem", "rules"], capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    assert out[0].split()[:4] == ["ID", "NAME", "DEFAULT", "LEVEL"]
    rows = {line.split()[0]: line.split() for line in out[1:]}
    for r in RULES:
        assert rows[r.id][1] == r.name
        assert rows[r.id][2] == ("on" if r.default else "off")
        assert rows[r.id][3] == str(r.level)


def test_docs_rules_md_is_up_to_date():
    """docs/rules.md is what the rule modules say (regenerate with python -m golint_mem.rules_doc)."""
    from pathlib import Path

    from golint_mem import rules_doc

    page = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
    assert page.read_text(encoding="utf-8") == rules_doc.render(), (
        "docs/rules.md is stale: python -m golint_mem.rules_doc > docs/rules.md"
    )


@pytest.mark.parametrize("rule", list(all_rules()), ids=lambda r: r.id)
def test_every_rule_doc_says_whether_it_has_a_fix(rule):
    """Issue 13: each doc says whether `--fix` can fix a finding, and what it does."""
    use_instead = rule.section("Use instead")
    assert "Fix:" in use_instead, f"{rule.id}: say in 'Use instead' whether a fix is offered"
