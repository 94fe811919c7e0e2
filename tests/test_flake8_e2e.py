"""flake8-review as users meet it: installed, run by flake8 from the command line."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from conftest import flake8_in_process, flake8_subprocess
from flake8_review import engine
from flake8_review.checkers import naming
from flake8_review.context import NodeIndex

SAMPLE = textwrap.dedent('''\
    """A module with one naming and one annotation problem."""


    def getPort(host):
        return 8080
''')


def _codes(stdout: str) -> list[tuple[str, int, str]]:
    """``(path, line, code)`` for every finding line of flake8's default output."""
    found = []
    for line in stdout.splitlines():
        path, row, _col, rest = line.split(":", 3)
        found.append((path, int(row), rest.split()[0]))
    return found


def test_version_lists_the_plugin() -> None:
    """``flake8 --version`` names flake8-review, as users check after installing."""
    result = flake8_subprocess(["--version"])
    assert result.returncode == 0
    assert "flake8-review" in result.stdout


def test_bug_report_lists_the_plugin() -> None:
    """``flake8 --bug-report`` includes flake8-review and its version."""
    result = flake8_subprocess(["--bug-report"])
    assert '"plugin": "flake8-review"' in result.stdout


def test_stdin_uses_the_display_name(tmp_path: Path) -> None:
    """An editor sends the buffer on stdin; findings carry the display name."""
    result = flake8_subprocess(
        ["--isolated", "--select=REV", "--stdin-display-name=pkg/server.py", "-"],
        cwd=tmp_path,
        stdin=SAMPLE,
    )
    found = _codes(result.stdout)
    assert ("pkg/server.py", 4, "REV102") in found
    assert ("pkg/server.py", 4, "REV201") in found
    assert result.returncode == 1


def test_plain_stdin_works(tmp_path: Path) -> None:
    """Without a display name flake8 calls the buffer 'stdin'; the checks still run."""
    result = flake8_subprocess(["--isolated", "--select=REV", "-"], cwd=tmp_path, stdin=SAMPLE)
    assert ("stdin", 4, "REV102") in _codes(result.stdout)
    assert "Traceback" not in result.stderr


def test_noqa_with_a_category_prefix(tmp_path: Path) -> None:
    """``# noqa: REV1`` silences the naming finding on its line and nothing else."""
    source = SAMPLE.replace("def getPort(host):", "def getPort(host):  # noqa: REV1")
    target = tmp_path / "server.py"
    target.write_text(source, encoding="utf-8")
    result = flake8_subprocess(["--isolated", "--select=REV", str(target)])
    found = {code for _, _, code in _codes(result.stdout)}
    assert "REV102" not in found
    assert "REV201" in found


def test_default_off_codes_need_selecting(tmp_path: Path) -> None:
    """REV108 and REV207 are off until selected; ``--ignore`` users are warned in the docs."""
    target = tmp_path / "errors.py"
    target.write_text(textwrap.dedent('''\
        from typing import Any


        class Oops(Exception):
            """Raised when it goes wrong."""


        def parse(data: Any) -> int:
            """Parse."""
            return 1
    '''), encoding="utf-8")
    default = {code for _, _, code in _codes(flake8_subprocess(["--isolated", str(target)]).stdout)}
    assert "REV108" not in default and "REV207" not in default
    chosen = flake8_subprocess(["--isolated", "--extend-select=REV108,REV207", str(target)])
    codes = {code for _, _, code in _codes(chosen.stdout)}
    assert {"REV108", "REV207"} <= codes


SPAWN = [
    sys.executable,
    "-c",
    "import multiprocessing, sys; multiprocessing.set_start_method('spawn', force=True); "
    "from flake8.main.cli import main; sys.exit(main())",
]
FORK = [
    sys.executable,
    "-c",
    "import multiprocessing, sys; multiprocessing.set_start_method('fork', force=True); "
    "from flake8.main.cli import main; sys.exit(main())",
]


@pytest.mark.skipif(sys.platform == "win32", reason="fork is POSIX-only")
@pytest.mark.parametrize("python", [FORK, SPAWN], ids=["fork", "spawn"])
@pytest.mark.parametrize("where", ["command-line", "config-file"])
def test_jobs_honour_options_under_fork_and_spawn(
    python: list[str], where: str, tmp_path: Path
) -> None:
    """With ``--jobs 2`` the workers see the same non-default option values as the parent."""
    for name in ("first.py", "second.py"):
        (tmp_path / name).write_text(SAMPLE, encoding="utf-8")
    args = ["--jobs=2", "--select=REV", "first.py", "second.py"]
    if where == "command-line":
        args = ["--isolated", "--review-naming-ignore=getPort", *args]
    else:
        (tmp_path / "setup.cfg").write_text("[flake8]\nreview-naming-ignore = getPort\n", encoding="utf-8")
    result = flake8_subprocess(args, cwd=tmp_path, python=python)
    assert result.stderr == ""
    found = _codes(result.stdout)
    assert sorted({path for path, _, _ in found}) == ["first.py", "second.py"]
    assert all(code != "REV102" for _, _, code in found), result.stdout
    assert ("first.py", 4, "REV201") in found and ("second.py", 4, "REV201") in found


@pytest.mark.parametrize(
    ("args", "config", "named"),
    [
        (["--review-max-arguments=-3"], "", "--review-max-arguments"),
        (["--review-max-arguments", "many"], "", "--review-max-arguments"),
        (["--review-naming-style=kebab"], "", "--review-naming-style"),
        ([], "review-naming-style = kebab\n", "--review-naming-style"),
        ([], "review-allow-untyped-defs = maybe\n", "--review-allow-untyped-defs"),
        ([], "review-min-annotation-coverage = 150\n", "--review-min-annotation-coverage"),
        (["--review-max-cognitive-complexity=1.5"], "", "--review-max-cognitive-complexity"),
        ([], "review-max-nesting = -1\n", "--review-max-nesting"),
        (["--review-min-split-size=1"], "", "--review-min-split-size"),
        ([], "review-min-cohesion-methods = 0\n", "--review-min-cohesion-methods"),
    ],
)
def test_bad_option_values_stop_with_one_line(
    args: list[str], config: str, named: str, tmp_path: Path
) -> None:
    """A bad value stops flake8 with one line naming the option: no traceback, no findings."""
    (tmp_path / "mod.py").write_text("x = 1\n", encoding="utf-8")
    if config:
        (tmp_path / "setup.cfg").write_text("[flake8]\n" + config, encoding="utf-8")
    result = flake8_subprocess([*args, "mod.py"], cwd=tmp_path)
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert named in lines[0] and lines[0].startswith("flake8-review: error:")


def test_a_failing_check_reports_an_internal_error_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A handler that raises yields one REV100 per file; other checks and files still run."""
    def explode(node: object, ctx: object) -> list[object]:
        raise RuntimeError("deliberate failure\nsecond line")

    broken = engine.Handler(explode, (naming.INTERNAL_ERROR,), (engine.ast.Module,))
    monkeypatch.setitem(engine.HANDLERS, "REV1", [broken, *engine.HANDLERS.get("REV1", [])])
    for name in ("first.py", "second.py"):
        (tmp_path / name).write_text(SAMPLE, encoding="utf-8")
    files = [str(tmp_path / "first.py"), str(tmp_path / "second.py")]
    exit_code, output = flake8_in_process(["-j1", "--select=REV,E", *files], tmp_path)
    errors = [line for line in output if " REV100 " in line]
    assert len(errors) == 2
    message = "REV100 flake8-review internal error in naming: RuntimeError: deliberate failure"
    assert errors[0].endswith(f":1:1: {message}")
    assert any(" REV201 " in line for line in output)  # the other category still ran
    assert exit_code == 1


def test_one_walk_per_file_with_every_checker_on(tmp_path: Path) -> None:
    """However many REV checkers run, each file's tree is walked once."""
    files = []
    for name in ("first.py", "second.py", "third.py"):
        (tmp_path / name).write_text(SAMPLE, encoding="utf-8")
        files.append(str(tmp_path / name))
    before = NodeIndex.walks
    _, output = flake8_in_process(["-j1", "--select=REV", "--extend-select=REV108,REV207", *files], tmp_path)
    assert NodeIndex.walks - before == 3
    assert {line.split(" ")[1] for line in output} >= {"REV102", "REV201"}


def test_deselected_checkers_do_no_work(tmp_path: Path) -> None:
    """With every REV code deselected no index is built at all."""
    (tmp_path / "mod.py").write_text(SAMPLE, encoding="utf-8")
    before = NodeIndex.walks
    _, output = flake8_in_process(["-j1", "--extend-ignore=REV", str(tmp_path / "mod.py")], tmp_path)
    assert NodeIndex.walks == before
    assert not any(" REV" in line for line in output)
