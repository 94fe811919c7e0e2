"""Every fixture in tests/fixtures, run through flake8 itself.

A fixture is named after the code it exercises (``REV102.py``, ``REV102_auto.py``,
``REV201_py312.py`` for syntax that needs Python 3.12). Each line that must be
reported carries its codes in a trailing comment (``# REV102`` or
``# REV201 REV204``); every other line must stay silent. An ``# options:``
comment on the first lines adds flake8 options; by default only the fixture's
own code is selected. ``REVnnn.expected`` beside it holds the exact output, so
message changes show up as diffs (``pytest --update-expected`` rewrites it).
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, flake8_in_process

_MARKER = re.compile(r"#\s*((?:REV\d{3}\s*)+)(?:$|[-—:(])")
_CODE = re.compile(r"REV\d{3}")
_OPTIONS = re.compile(r"^#\s*options:\s*(.*)$")
_VERSION = re.compile(r"_py3(\d+)")


def _fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("REV*.py"))


def expected_markers(source: str) -> set[tuple[int, str]]:
    """``(line, code)`` for every ``# REVnnn`` marker in the fixture."""
    found = set()
    for number, line in enumerate(source.splitlines(), start=1):
        if "#" not in line:
            continue
        comment = line[line.index("#"):]
        for match in _MARKER.finditer(comment):
            found.update((number, code) for code in _CODE.findall(match.group(1)))
    return found


def fixture_args(path: Path, source: str) -> list[str]:
    """flake8 arguments for a fixture: select its own code, then the header's options."""
    code = _CODE.match(path.name).group(0)  # type: ignore[union-attr]
    args = [f"--select={code}"]
    for line in source.splitlines()[:5]:
        match = _OPTIONS.match(line)
        if match:
            args.extend(shlex.split(match.group(1)))
    return args


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: p.stem)
def test_fixture(path: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """The fixture reports exactly its markers, with exactly the recorded messages."""
    version = _VERSION.search(path.stem)
    if version and sys.version_info < (3, int(version.group(1))):
        pytest.skip(f"needs Python 3.{version.group(1)}")
    source = path.read_text(encoding="utf-8")
    exit_code, output = flake8_in_process([*fixture_args(path, source), str(path)], tmp_path)
    prefix = f"{path}:"
    assert all(line.startswith(prefix) for line in output), output
    rows = [line[len(prefix):] for line in output]
    reported = {(int(row.split(":", 1)[0]), row.split(": ", 1)[1].split(" ", 1)[0]) for row in rows}
    assert reported == expected_markers(source), "\n".join(rows)
    assert exit_code == (1 if rows else 0)
    snapshot = path.with_suffix(".expected")
    text = "".join(f"{row}\n" for row in rows)
    if request.config.getoption("--update-expected"):
        snapshot.write_text(text, encoding="utf-8")
    assert snapshot.exists(), f"{snapshot.name} is missing: run pytest --update-expected"
    assert text == snapshot.read_text(encoding="utf-8")
