"""REV401/REV405 and private modules: what a file's name says, which fixtures cannot show."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import flake8_subprocess

FLAKE8 = [sys.executable, "-m", "flake8"]
SELECT = ["--isolated", "--select=REV401,REV402,REV403,REV404,REV405,REV415"]
UNDOCUMENTED = "def connect(host):\n    return host\n"


def _lint(tmp_path: Path, name: str, source: str, *options: str) -> list[str]:
    """Write ``source`` to ``tmp_path/name`` and run flake8 on it from ``tmp_path``."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    result = flake8_subprocess([*SELECT, *options, name], cwd=tmp_path, python=FLAKE8)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout.splitlines()


def test_package_without_docstring_is_rev405(tmp_path: Path) -> None:
    """``pkg/__init__.py`` without a docstring: one REV405 at 1:1 naming the package, no REV401."""
    init = "pkg/__init__.py"
    assert _lint(tmp_path, init, "from .core import connect\n") == [
        f"{init}:1:1: REV405 public package 'pkg' has no docstring",
    ]


def test_documented_package_is_silent(tmp_path: Path) -> None:
    """A package docstring satisfies REV405."""
    assert _lint(tmp_path, "pkg/__init__.py", '"""Connections."""\nfrom .core import connect\n') == []


def test_empty_package_marker_is_silent(tmp_path: Path) -> None:
    """An empty ``__init__.py`` (comments at most) only marks a package."""
    assert _lint(tmp_path, "pkg/__init__.py", "# a package\n") == []


def test_functions_of_a_package_are_public(tmp_path: Path) -> None:
    """``__init__.py`` is no private module: its public functions need docstrings."""
    init = "pkg/__init__.py"
    assert _lint(tmp_path, init, '"""Connections."""\n' + UNDOCUMENTED) == [
        f"{init}:2:1: REV404 public function 'connect' has no docstring",
    ]


def test_private_package_is_not_public(tmp_path: Path) -> None:
    """``_pkg/__init__.py``: a private package, like a private module, requires nothing."""
    assert _lint(tmp_path, "_pkg/__init__.py", UNDOCUMENTED) == []


@pytest.mark.parametrize("name", ["_private.py", "__main__.py", "_compat.py"])
def test_private_module_requires_no_docstrings(tmp_path: Path, name: str) -> None:
    """A module whose file name starts with ``_`` has no public API: no REV401, REV402, REV404."""
    source = UNDOCUMENTED + "\n\nclass Server:\n    def start(self):\n        pass\n"
    assert _lint(tmp_path, name, source) == []


def test_public_module_without_docstring_is_rev401(tmp_path: Path) -> None:
    """A public module's missing docstring is one finding at 1:1 naming the module."""
    assert _lint(tmp_path, "client.py", UNDOCUMENTED) == [
        "client.py:1:1: REV401 public module 'client' has no docstring",
        "client.py:1:1: REV404 public function 'connect' has no docstring",
    ]


def test_stub_files_are_not_checked(tmp_path: Path) -> None:
    """Stubs mirror their module; docstrings belong in the module (flake8-pyi Y021)."""
    source = "def connect(host: str) -> str: ...\n\nclass Server:\n    def start(self) -> None: ...\n"
    assert _lint(tmp_path, "client.pyi", source, "--review-min-docstring-coverage=100") == []


def test_coverage_of_a_package(tmp_path: Path) -> None:
    """REV415 counts the package's own docstring like a module's."""
    init = "pkg/__init__.py"
    assert _lint(tmp_path, init, UNDOCUMENTED, "--review-min-docstring-coverage=50", "--select=REV415") == [
        f"{init}:1:1: REV415 module docstring coverage 0% is below 50% (0 of 2 definitions documented)",
    ]


def test_noqa_on_line_1_silences_it(tmp_path: Path) -> None:
    """Module findings sit at line 1, so ``# noqa: REV401`` there works."""
    assert _lint(tmp_path, "client.py", "import os  # noqa: REV401\n") == []


def _stdin(tmp_path: Path, source: str, *options: str) -> list[str]:
    result = flake8_subprocess([*SELECT, *options, "-"], cwd=tmp_path, stdin=source, python=FLAKE8)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout.splitlines()


def test_stdin_is_judged_by_its_display_name(tmp_path: Path) -> None:
    """Editors send the buffer on stdin with its path: ``pkg/__init__.py`` is a package."""
    assert _stdin(tmp_path, "import os\n", "--stdin-display-name=pkg/__init__.py") == [
        "pkg/__init__.py:1:1: REV405 public package 'pkg' has no docstring",
    ]


def test_stdin_display_name_of_a_private_module(tmp_path: Path) -> None:
    """``_private.py`` on stdin is private too."""
    assert _stdin(tmp_path, UNDOCUMENTED, "--stdin-display-name=pkg/_private.py") == []


def test_stdin_without_display_name(tmp_path: Path) -> None:
    """Plain stdin has no file name: no module finding, but its definitions are still public."""
    assert _stdin(tmp_path, UNDOCUMENTED) == ["stdin:1:1: REV404 public function 'connect' has no docstring"]
