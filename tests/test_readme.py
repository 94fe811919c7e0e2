"""The README's promises hold: its commands exist, its quoted review is real, its tables are right."""

from __future__ import annotations

import difflib
import re

import pytest

from conftest import ROOT, flake8_subprocess
from flake8_review.checkers import CATEGORY_MODULES, load_all
from flake8_review.registry import RULES, default_off_codes

README = (ROOT / "README.md").read_text(encoding="utf-8")
MIGRATION = (ROOT / "docs" / "migration.md").read_text(encoding="utf-8")
REVIEW_COMMAND = ["--isolated", "--format=review", "examples/"]

load_all()


def _commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    return [line for block in blocks for line in block.splitlines() if line and not line.startswith("#")]


def test_the_first_command_reviews_the_bundled_example() -> None:
    """The newcomer's first command is the review of examples/."""
    first = _commands()[0]
    assert first.endswith("flake8 " + " ".join(REVIEW_COMMAND)), first


def test_review_quoted_in_the_readme_is_what_flake8_prints() -> None:
    """The block after the first command is exactly what ``flake8 --format=review examples/`` prints."""
    marker = r"<!-- the output of the first command[^\n]*-->\n"
    match = re.search(marker + r"```text\n(.*?)```", README, flags=re.S)
    assert match, "the README quotes no review"
    quoted = match.group(1).splitlines()
    result = flake8_subprocess(REVIEW_COMMAND, cwd=ROOT)
    assert result.stderr == ""
    printed = result.stdout.splitlines()
    diff = "\n".join(difflib.unified_diff(quoted, printed, "README.md", "flake8 output", lineterm=""))
    assert quoted == printed, "refresh the review quoted in README.md:\n" + diff


def test_ci_runs_the_readme_test_command() -> None:
    """``.ci/run`` runs exactly the test command the README gives newcomers."""
    test_command = next(c for c in _commands() if "pytest" in c)
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    normalised = test_command.replace("pip install -q", "pip install")
    assert normalised in ci_script.replace("pip install -q", "pip install")


def test_every_implemented_category_is_listed_as_available() -> None:
    """The README's category table says which categories are implemented."""
    for prefix in CATEGORY_MODULES:
        assert re.search(rf"^\| {prefix} \|[^\n]*\| available \|", README, flags=re.M), prefix


def test_the_default_off_codes_named_in_the_readme_are_the_real_ones() -> None:
    """The README's list of opinionated, default-off codes matches the registry."""
    match = re.search(r"opinionated codes are off by default \(([^)]*)\)", README.replace("\n", " "))
    assert match
    named = tuple(code.strip() for code in match.group(1).split(","))
    assert named == default_off_codes()


def _pairs(text: str) -> list[tuple[str, str]]:
    """``(peer code, REV code)`` for every row of the migration tables."""
    pairs = []
    for row in re.findall(r"^\| `([A-Z]+\d+)` \| ([^|]*) \|", text, flags=re.M):
        peer, targets = row
        pairs += [(peer, code) for code in re.findall(r"\[(REV\d{3})\]", targets)]
    return pairs


def test_migration_tables_name_real_codes_that_list_the_peer() -> None:
    """Every mapping in docs/migration.md points at a rule whose see-also names that peer code."""
    pairs = _pairs(MIGRATION)
    assert len(pairs) > 60
    for peer, code in pairs:
        assert code in RULES, code
        assert re.search(rf"\b{peer}\b", " ".join(RULES[code].see_also)), (peer, code)


README_MIGRATION_ROWS = re.findall(r"^\| (?:pep8-naming|flake8-|pydocstyle|bandit)[^\n]*", README, flags=re.M)


def test_the_readme_migration_table_covers_the_six_plugins() -> None:
    """pep8-naming, flake8-annotations, pydocstyle, flake8-logging-format, bugbear and bandit."""
    assert len(README_MIGRATION_ROWS) == 6


@pytest.mark.parametrize("row", README_MIGRATION_ROWS)
def test_readme_migration_rows_agree_with_the_rules(row: str) -> None:
    """The README's short migration table maps peer codes to rules that name them."""
    _, peers, revs = (cell.strip() for cell in row.strip("| ").split(" | "))
    rev_codes = re.findall(r"REV\d{3}", revs)
    peer_groups = [group.strip() for group in peers.split(",")]
    assert len(peer_groups) == len(rev_codes), row
    for group, code in zip(peer_groups, rev_codes):
        first = re.match(r"[A-Z]+\d+", group)
        assert first and re.search(rf"\b{first.group(0)}\b", " ".join(RULES[code].see_also)), (group, code)
