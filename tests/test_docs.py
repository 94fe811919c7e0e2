"""docs/ is generated from the registry and stays in step with it; examples are executable."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, flake8_in_process
from flake8_review import docs_gen
from flake8_review.checkers import load_all
from flake8_review.registry import RULES, Rule

load_all()
REAL_RULES = sorted((r for r in RULES.values() if not r.code.endswith("00")), key=lambda r: r.code)


def test_committed_docs_are_current() -> None:
    """Every generated page exists and equals what docs_gen renders now."""
    stale = [
        str(path.relative_to(ROOT))
        for path, text in docs_gen.pages(ROOT / "docs").items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"run python -m flake8_review.docs_gen: {stale}"


def test_every_rule_has_a_page_listed_in_the_index() -> None:
    """One page per code, each linked from docs/rules/index.md."""
    index = (ROOT / "docs" / "rules" / "index.md").read_text(encoding="utf-8")
    for code in RULES:
        assert (ROOT / "docs" / "rules" / f"{code}.md").exists()
        assert f"]({code}.md)" in index


def _run_example(rule: Rule, source: str, tmp_path: Path) -> list[str]:
    # an example may name its file on its first line ("# file: myModule.py"), for REV107
    first = source.splitlines()[0] if source else ""
    name = first[len("# file:"):].strip() if first.startswith("# file:") else "sample_module.py"
    sample = tmp_path / name
    sample.write_text(source, encoding="utf-8")
    args = [f"--select={rule.code}", *rule.example_options, str(sample)]
    _, output = flake8_in_process(args, tmp_path)
    return [line for line in output if f" {rule.code} " in line]


@pytest.mark.parametrize("rule", REAL_RULES, ids=lambda r: r.code)
def test_bad_example_is_reported(rule: Rule, tmp_path: Path) -> None:
    """The documented bad example really triggers the code."""
    assert _run_example(rule, rule.bad, tmp_path), rule.bad


@pytest.mark.parametrize("rule", REAL_RULES, ids=lambda r: r.code)
def test_good_example_is_clean(rule: Rule, tmp_path: Path) -> None:
    """The documented fix really silences it."""
    assert _run_example(rule, rule.good, tmp_path) == [], rule.good
