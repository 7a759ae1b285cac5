"""MEM004's levels, tested like its findings: read from the corpus source.

A `// level: error` or `// level: warning` comment on the line above a sink
gives that finding's level. A finding with no such comment is a warning.
The corpus module is go 1.21, so a captured loop variable is an error there.
The nested go 1.22 module `go122/` has the same shapes at level warning.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from corpus_expectations import CORPUS, corpus_files, expectations
from golint_mem import parse as ts
from golint_mem.engine import Options, run
from golint_mem.registry import lookup
from golint_mem.rule import Level

ROOT = CORPUS / "MEM004"
_LEVEL = re.compile(r"^//\s*level:\s*(error|warning)\s*$")


def _level_marks(path: Path) -> dict[tuple[str, int], str]:
    """{(path, line of the sink): level} from `// level:` comments (line above)."""
    tree = ts.parse(path.read_bytes())
    out = {}
    for c in ts.captures(ts.query("(comment) @c"), tree.root_node).get("c", []):
        m = _LEVEL.match(ts.text(c))
        if m:
            out[(str(path), c.start_point[0] + 2)] = m.group(1)
    return out


@pytest.fixture(scope="module")
def findings():
    result = run([str(ROOT), str(ROOT / "go122")], [lookup("MEM004")], Options(jobs=1))
    assert result.diagnostics == []
    return {(f.location.path, f.location.line): f for f in result.findings}


def _marks():
    out = {}
    for f in corpus_files(ROOT):
        out.update(_level_marks(f))
    return out


def test_corpus_marks_both_levels():
    marks = _marks()
    assert "error" in marks.values() and "warning" in marks.values()
    assert any("go122" in p for p, _ in marks), "the go 1.22 module has level marks"


def test_every_level_mark_is_on_a_finding():
    marks = _marks()
    wanted = {(p, line) for f in corpus_files(ROOT) for p, line, rid in expectations(f)
              if rid == "MEM004"}
    stray = sorted(k for k in marks if k not in wanted)
    assert not stray, f"`// level:` comments above lines without `// want MEM004`: {stray}"


def test_finding_levels(findings):
    marks = _marks()
    wrong = []
    for (path, line), f in sorted(findings.items()):
        want = marks.get((path, line), "warning")
        if str(f.level) != want:
            wrong.append(f"{path}:{line}: got {f.level}, want {want}")
    assert not wrong, "\n".join(wrong)
    missing = sorted(k for k in marks if k not in findings)
    assert not missing, f"level-marked lines without a finding: {missing}"


def test_error_message_says_closures_share_the_last_value(findings):
    errors = [f for f in findings.values() if f.level == Level.ERROR]
    assert errors
    for f in errors:
        assert "every closure shares the loop's last value" in f.message, f.message
        assert "loop variable" in f.message
