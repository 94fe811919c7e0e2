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
    """Run flake8 on an example; ``# file: NAME`` lines split it into files (REV107, cross-module codes)."""
    files = _example_files(source)
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "setup.cfg").write_text("[flake8]\n", encoding="utf-8")  # the example is its own project
    args = [f"--select={rule.code}", *rule.example_options, *(str(tmp_path / name) for name in files)]
    _, output = flake8_in_process(args, tmp_path)
    return [line for line in output if f" {rule.code} " in line]


def _example_files(source: str) -> dict[str, str]:
    """File name → text; an example without ``# file:`` lines is one file, sample_module.py."""
    files: dict[str, list[str]] = {}
    current = "sample_module.py"
    for line in source.splitlines(keepends=True):
        if line.startswith("# file:"):
            current = line[len("# file:"):].strip()
        files.setdefault(current, []).append(line)
    return {name: "".join(lines) for name, lines in files.items() if "".join(lines).strip()}


@pytest.mark.parametrize("rule", REAL_RULES, ids=lambda r: r.code)
def test_bad_example_is_reported(rule: Rule, tmp_path: Path) -> None:
    """The documented bad example really triggers the code."""
    assert _run_example(rule, rule.bad, tmp_path), rule.bad


@pytest.mark.parametrize("rule", REAL_RULES, ids=lambda r: r.code)
def test_good_example_is_clean(rule: Rule, tmp_path: Path) -> None:
    """The documented fix really silences it."""
    assert _run_example(rule, rule.good, tmp_path) == [], rule.good
