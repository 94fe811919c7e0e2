"""The README's promises hold: its commands exist and its sample output is real."""

from __future__ import annotations

import re

from conftest import ROOT, flake8_subprocess

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_example_output_shown_in_the_readme_is_what_flake8_prints() -> None:
    """Every ``examples/...`` finding line quoted in the README is printed by the example command."""
    quoted = [line for line in README.splitlines() if line.startswith("examples/")]
    assert quoted, "the README shows no example output"
    result = flake8_subprocess(["--isolated", "examples/"], cwd=ROOT)
    printed = set(result.stdout.splitlines())
    missing = [line for line in quoted if line not in printed]
    assert not missing, missing


def test_ci_runs_the_readme_test_command() -> None:
    """``.ci/run`` runs exactly the test command the README gives newcomers."""
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    commands = [line for block in blocks for line in block.splitlines() if line and not line.startswith("#")]
    test_command = next(c for c in commands if "pytest" in c)
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    normalised = test_command.replace("pip install -q", "pip install")
    assert normalised in ci_script.replace("pip install -q", "pip install")


def test_every_implemented_category_is_listed_as_available() -> None:
    """The README's category table says which categories are implemented."""
    from flake8_review.checkers import CATEGORY_MODULES

    for prefix in CATEGORY_MODULES:
        assert re.search(rf"^\| {prefix} \|[^\n]*\| available \|", README, flags=re.M), prefix
