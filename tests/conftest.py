"""Shared helpers: run flake8 for real, in this process or as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Sequence

import pytest
from flake8.main.application import Application

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--update-expected`` to regenerate the fixtures' ``.expected`` snapshots."""
    parser.addoption(
        "--update-expected",
        action="store_true",
        default=False,
        help="rewrite tests/fixtures/*.expected from the current output",
    )


def flake8_in_process(args: Sequence[str], tmp_path: Path) -> tuple[int, list[str]]:
    """Run flake8's real application here (options, plugins, noqa) and return exit code and lines.

    The output uses flake8's default ``path:row:col: CODE text`` format.
    """
    out = tmp_path / "flake8-output.txt"
    app = Application()
    app.run(["--isolated", f"--output-file={out}", *args])
    lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    return app.exit_code(), lines


def flake8_subprocess(
    args: Sequence[str],
    cwd: Path | str | None = None,
    stdin: str | None = None,
    python: Sequence[str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m flake8`` as a user would, returning the finished process."""
    command = [*(python or [sys.executable, "-m", "flake8"]), *args]
    env = dict(os.environ)
    env.pop("PYTHONDEVMODE", None)
    return subprocess.run(
        command,
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
