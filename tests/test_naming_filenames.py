"""REV107: a module's file name is snake_case (fixture names cannot show it, so flake8 runs here)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import flake8_subprocess

FLAKE8 = [sys.executable, "-m", "flake8"]
ARGS = ["--isolated", "--select=REV107"]


def _run(path: Path) -> list[str]:
    path.write_text("PORT = 8080\n", encoding="utf-8")
    result = flake8_subprocess([*ARGS, path.name], cwd=path.parent, python=FLAKE8)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout.splitlines()


@pytest.mark.parametrize("name", ["myModule.py", "My-Script.py", "MyModule.py", "my-module.py", "tool.v2.py"])
def test_bad_file_names_are_reported_once_at_line_1(tmp_path: Path, name: str) -> None:
    """A non-snake_case module name is one finding at 1:1 that names the file."""
    assert _run(tmp_path / name) == [f"{name}:1:1: REV107 module file name {name!r} should be snake_case"]


@pytest.mark.parametrize("name", [
    "my_module.py",
    "__init__.py",
    "__main__.py",
    "conftest.py",
    "_private.py",
    "test_x.py",
    "0001_initial.py",
    "MyStub.pyi",
    "my_stub.pyi",
])
def test_good_file_names_are_silent(tmp_path: Path, name: str) -> None:
    """snake_case names, dunder modules and stubs (they mirror their module's name) pass."""
    assert _run(tmp_path / name) == []


def test_package_folder_does_not_matter(tmp_path: Path) -> None:
    """Only the file's own name is judged, not the folders above it."""
    folder = tmp_path / "MyPackage"
    folder.mkdir()
    assert _run(folder / "my_module.py") == []


def test_naming_ignore_exempts_a_file_name(tmp_path: Path) -> None:
    """``--review-naming-ignore`` globs apply to the module name."""
    path = tmp_path / "myModule.py"
    path.write_text("PORT = 8080\n", encoding="utf-8")
    result = flake8_subprocess([*ARGS, "--review-naming-ignore=my*", path.name], cwd=tmp_path, python=FLAKE8)
    assert result.stdout == ""


def test_stdin_without_display_name_is_silent(tmp_path: Path) -> None:
    """Plain stdin has no file name, so there is nothing to judge."""
    result = flake8_subprocess([*ARGS, "-"], cwd=tmp_path, stdin="PORT = 8080\n", python=FLAKE8)
    assert (result.returncode, result.stdout) == (0, "")


def _stdin(tmp_path: Path, display_name: str) -> list[str]:
    args = [*ARGS, f"--stdin-display-name={display_name}", "-"]
    result = flake8_subprocess(args, cwd=tmp_path, stdin="PORT = 8080\n", python=FLAKE8)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout.splitlines()


def test_stdin_display_name_is_judged(tmp_path: Path) -> None:
    """Editors send the buffer on stdin with its path: that path's file name is judged."""
    assert _stdin(tmp_path, "pkg/myModule.py") == [
        "pkg/myModule.py:1:1: REV107 module file name 'myModule.py' should be snake_case",
    ]


def test_stdin_display_name_snake_case_is_silent(tmp_path: Path) -> None:
    """A snake_case display name passes."""
    assert _stdin(tmp_path, "pkg/my_module.py") == []


def test_noqa_on_line_1_silences_it(tmp_path: Path) -> None:
    """The finding sits at line 1, so ``# noqa: REV107`` there works."""
    path = tmp_path / "myModule.py"
    path.write_text("PORT = 8080  # noqa: REV107\n", encoding="utf-8")
    result = flake8_subprocess([*ARGS, path.name], cwd=tmp_path, python=FLAKE8)
    assert (result.returncode, result.stdout) == (0, "")
