"""REV9 where the file name matters: test files are exempt from REV905 and REV910.

The fixtures of those two codes cannot live in tests/fixtures' own folder (every
file under a ``tests/`` folder is a test file), so tests/fixtures/outside_tests
holds them and the tests below run them from a temporary folder that is not a
test folder, with the same ``# REVnnn`` markers and ``.expected`` snapshots as
tests/test_fixtures.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, flake8_in_process, flake8_subprocess
from test_fixtures import expected_markers, fixture_args

OUTSIDE = FIXTURES / "outside_tests"
FLAKE8 = [sys.executable, "-m", "flake8"]
SOURCE = (
    "DB_PASSWORD = 'hunter2-prod'\n"
    "\n"
    "\n"
    "def check(user):\n"
    "    assert user.is_admin\n"
    "    return eval(user.expression)\n"
)
SELECT = ["--select=REV901,REV905,REV910"]
ALL_THREE = [
    "1:1: REV905 hard-coded secret assigned to 'DB_PASSWORD' (a string literal of 12 characters)",
    "5:5: REV910 assert 'user.is_admin' is skipped when Python runs with -O",
    "6:12: REV901 eval() runs a non-literal ('user.expression') as code",
]
ONLY_EVAL = ALL_THREE[2:]


def _rows(output: list[str], name: str) -> list[str]:
    prefix = f"{name}:"
    assert all(line.startswith(prefix) for line in output), output
    return [line[len(prefix):] for line in output]


@pytest.mark.parametrize("path", sorted(OUTSIDE.glob("REV*.py")), ids=lambda p: p.stem)
def test_fixture_outside_a_test_folder(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """The fixture, copied to a plain folder, reports exactly its markers and its snapshot."""
    source = path.read_text(encoding="utf-8")
    work = tmp_path / "project"
    work.mkdir()
    (work / path.name).write_text(source, encoding="utf-8")
    monkeypatch.chdir(work)
    exit_code, output = flake8_in_process([*fixture_args(path, source), path.name], tmp_path)
    rows = _rows(output, path.name)
    reported = {(int(row.split(":", 1)[0]), row.split(": ", 1)[1].split(" ", 1)[0]) for row in rows}
    assert reported == expected_markers(source), "\n".join(rows)
    assert exit_code == (1 if rows else 0)
    snapshot = path.with_suffix(".expected")
    text = "".join(f"{row}\n" for row in rows)
    if request.config.getoption("--update-expected"):
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


def _run_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, relative: str) -> list[str]:
    work = tmp_path / "project"
    target = work / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(SOURCE, encoding="utf-8")
    monkeypatch.chdir(work)
    _, output = flake8_in_process([*SELECT, relative], tmp_path)
    return _rows(output, relative)


@pytest.mark.parametrize("relative", ["app.py", "pkg/service.py", "testing.py", "contest.py", "latest.py"])
def test_ordinary_modules_get_every_finding(
    relative: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module that is not a test file gets REV905 and REV910 (and REV901)."""
    assert _run_file(tmp_path, monkeypatch, relative) == ALL_THREE


@pytest.mark.parametrize(
    "relative",
    [
        "test_app.py", "app_test.py", "conftest.py", "tests/helpers.py", "test/helpers.py",
        "pkg/tests/deep/x.py",
    ],
)
def test_test_files_are_exempt_from_secrets_and_asserts(
    relative: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Test files keep REV901 but not REV905 (fixture credentials) or REV910 (assert is how tests check)."""
    assert _run_file(tmp_path, monkeypatch, relative) == ONLY_EVAL


@pytest.mark.parametrize(
    ("display_name", "expected"),
    [("tests/test_login.py", ONLY_EVAL), ("conftest.py", ONLY_EVAL), ("app/login.py", ALL_THREE)],
)
def test_stdin_display_name_decides(display_name: str, expected: list[str], tmp_path: Path) -> None:
    """Editors send the buffer on stdin: the display name decides like a file name."""
    args = ["--isolated", *SELECT, f"--stdin-display-name={display_name}", "-"]
    result = flake8_subprocess(args, cwd=tmp_path, stdin=SOURCE, python=FLAKE8)
    assert result.returncode == 1, result.stderr
    assert _rows(result.stdout.splitlines(), display_name) == expected


def test_stdin_without_a_display_name_is_not_a_test_file(tmp_path: Path) -> None:
    """Plain stdin is judged as an ordinary module."""
    result = flake8_subprocess(["--isolated", *SELECT, "-"], cwd=tmp_path, stdin=SOURCE, python=FLAKE8)
    assert _rows(result.stdout.splitlines(), "stdin") == ALL_THREE


def test_rev910_is_off_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With flake8's default selection REV910 stays quiet while the other REV9 codes report."""
    work = tmp_path / "project"
    work.mkdir()
    (work / "app.py").write_text(SOURCE, encoding="utf-8")
    monkeypatch.chdir(work)
    _, output = flake8_in_process(["app.py"], tmp_path)
    codes = {row.split(" ", 2)[1] for row in _rows(output, "app.py")}
    assert {"REV901", "REV905"} <= codes
    assert "REV910" not in codes
    _, output = flake8_in_process(["--extend-select=REV910", "app.py"], tmp_path)
    assert "REV910" in {row.split(" ", 2)[1] for row in _rows(output, "app.py")}
