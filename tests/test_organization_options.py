"""REV7's limits as users set them: bad values stop flake8 with one line, good ones are honoured."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import flake8_in_process, flake8_subprocess

SOURCE = "def move(x, y):\n    return x, y\n"


@pytest.mark.parametrize(
    ("args", "config", "named"),
    [
        (["--review-max-module-members=-1"], "", "--review-max-module-members"),
        (["--review-max-methods=lots"], "", "--review-max-methods"),
        (["--review-max-module-lines=1.5"], "", "--review-max-module-lines"),
        ([], "review-max-function-statements = -5\n", "--review-max-function-statements"),
        ([], "review-max-cognitive-complexity = high\n", "--review-max-cognitive-complexity"),
        (["--review-max-nesting=-2"], "", "--review-max-nesting"),
        (["--review-min-split-size=0"], "", "--review-min-split-size"),
        (["--review-min-split-size=1"], "", "--review-min-split-size"),
        ([], "review-min-cohesion-methods = 0\n", "--review-min-cohesion-methods"),
    ],
)
def test_bad_limits_stop_with_one_line(args: list[str], config: str, named: str, tmp_path: Path) -> None:
    """Negative, non-integer and meaningless values name the option in one line, without a traceback."""
    (tmp_path / "mod.py").write_text(SOURCE, encoding="utf-8")
    if config:
        (tmp_path / "setup.cfg").write_text("[flake8]\n" + config, encoding="utf-8")
    result = flake8_subprocess([*args, "mod.py"], cwd=tmp_path)
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert named in lines[0] and lines[0].startswith("flake8-review: error:")


def test_zero_is_a_strict_limit(tmp_path: Path) -> None:
    """A limit of 0 is valid: every function with an argument exceeds it."""
    target = tmp_path / "mod.py"
    target.write_text(SOURCE, encoding="utf-8")
    _, output = flake8_in_process(["--select=REV706", "--review-max-arguments=0", str(target)], tmp_path)
    found = [line.split(": ", 1)[1] for line in output]
    assert found == ["REV706 function 'move' takes 2 arguments (limit 0)"]


def test_limits_from_the_config_file(tmp_path: Path) -> None:
    """The options work from setup.cfg as well as on the command line."""
    (tmp_path / "mod.py").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "setup.cfg").write_text("[flake8]\nreview-max-arguments = 1\n", encoding="utf-8")
    result = flake8_subprocess(["--select=REV706", "mod.py"], cwd=tmp_path)
    assert result.stdout == "mod.py:1:1: REV706 function 'move' takes 2 arguments (limit 1)\n", result.stderr
