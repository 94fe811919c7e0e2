"""We lint ourselves: flake8 with our own plugin and our setup.cfg passes on our own code."""

from __future__ import annotations

from conftest import ROOT, flake8_subprocess


def test_our_code_passes_our_own_review() -> None:
    """``flake8`` in the checkout (pycodestyle, pyflakes and flake8-review) reports nothing."""
    result = flake8_subprocess(["flake8_review", "tests", "bench"], cwd=ROOT)
    assert result.stdout == "" and result.stderr == "", result.stdout + result.stderr
    assert result.returncode == 0
