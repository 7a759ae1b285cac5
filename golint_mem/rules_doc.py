"""docs/rules.md, rendered from the rule modules (their docstrings and metadata).

`python -m golint_mem.rules_doc > docs/rules.md` regenerates it; a test fails
when the committed page and the rules disagree.
"""

from __future__ import annotations

from golint_mem.registry import all_rules
from golint_mem.rule import doc_sections


def render() -> str:
    rules = all_rules()
    out = [
        "# golint-mem rules",
        "",
        "Generated from the rule modules by `python -m golint_mem.rules_doc > docs/rules.md`;"
        " `golint-mem explain ID` prints the same text.",
        "",
        "| ID | name | default | level | precision | summary |",
        "|---|---|---|---|---|---|",
    ]
    for r in rules:
        out.append(f"| [{r.id}](#{r.id.lower()}) | `{r.name}` | {'on' if r.default else 'off'} "
                   f"| {r.level} | {r.precision} | {r.summary} |")
    for r in rules:
        out += [
            "",
            f'<a id="{r.id.lower()}"></a>',
            "",
            f"## {r.id} {r.name}",
            "",
            f"*{r.summary}* — default: **{'on' if r.default else 'off'}**, level: **{r.level}**, "
            f"precision: {r.precision}, tags: {', '.join(r.tags)}.",
        ]
        for title, body in doc_sections(r.doc).items():
            out += ["", f"### {title}", "", body.strip("\n")]
    return "\n".join(out) + "\n"


def main() -> int:
    print(render(), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
