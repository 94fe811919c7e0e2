"""Two flake8 runs at once on one project with a cold cache: both right, and the cache they leave valid.

DESIGN.md ("Robustness"): a corrupt or concurrent cache is rebuilt, never trusted
blindly; two runs at once must not corrupt it. Both caches of ``.flake8-review-cache/``
race here: the project index (cross-module codes) and the summaries of the modules read
for base classes (kept because the project has a root marker).

The project is the ``shop`` fixture with the ``zoo`` package and a generated ``farm``
package of a few hundred modules added, so that building the index takes long enough
for two runs started together to build it at the same time. Only some files are
checked (the index reads them all), which keeps each run short. Each test compares
every run's findings with those of one cold run made alone on an identical copy.

``FLAKE8_REVIEW_INDEX_STATS`` makes every process append how it got its index: a run
that parsed every file read no cache (so two such runs overlapped), a run that parsed
none read the one left behind.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, NamedTuple, Sequence, Tuple

import pytest

from conftest import FIXTURES
from flake8_review.blobs import python_tag, read_blob
from flake8_review.project_files import cache_name

PROJECTS = FIXTURES / "projects"
CACHE = ".flake8-review-cache"
STATS_ENV = "FLAKE8_REVIEW_INDEX_STATS"
#: generated modules: enough that a cold index takes a good part of a second to build
MODULES = 240
#: the files each run checks (the index reads every file of the project)
CHECKED = ("shop", "zoo", "tests", *(f"farm/m{number:03d}.py" for number in range(12)))
SELECT = ("--select=REV8,REV3,REV5", "--extend-select=REV804,REV805,REV807")
WITH_START_METHOD = (
    "import multiprocessing, sys; multiprocessing.set_start_method({method!r}, force=True); "
    "from flake8.main.cli import main; sys.exit(main())"
)
_INTERNAL_ERROR = re.compile(r": REV[1-9]00 ")

_HELPER = '''

def helper_{number}_{index}(values, scale=2, *, name="x"):
    """Sum some of ``values``."""
    total = 0
    for position, value in enumerate(values):
        if value % {divisor} == 0 and position > {index}:
            total += value * scale
        elif value > {index} or name.startswith("y"):
            total -= [other for other in values if other > position][0]
        else:
            try:
                total += {{"a": 1, "b": value}}["b"]
            except KeyError:
                total = -1
    return total
'''


def _module(number: int) -> str:
    """A farm module: a class whose base lives in another module (or in ``logging``), helpers."""
    if number % 10:
        parent = f"from farm.m{number - 1:03d} import Stock{number - 1:03d} as Parent"
    else:
        parent = "from logging import Handler as Parent"
    head = f'''"""Generated module {number}."""
import logging

{parent}

LOG = logging.getLogger(__name__)
_UNUSED_{number} = {number}


class Stock{number:03d}(Parent):
    """Stock number {number}."""

    def emit(self, entry):
        """Keep ``entry``."""
        self.kept = entry

    def store(self, record, limit{number}):
        """Keep ``record``."""
        LOG.info("storing %s", record)
        return limit{number}

    def _forgotten(self):
        return self.kept
'''
    return head + "".join(
        _HELPER.format(number=number, index=index, divisor=index + 2) for index in range(10)
    )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project every test copies: shop, zoo and the generated farm package."""
    root = tmp_path_factory.mktemp("template") / "project"
    shutil.copytree(PROJECTS / "shop", root)
    shutil.copytree(PROJECTS / "zoo" / "zoo", root / "zoo")
    shutil.copy2(PROJECTS / "zoo" / "tests" / "checks_zoo.py", root / "tests" / "checks_zoo.py")
    farm = root / "farm"
    farm.mkdir()
    (farm / "__init__.py").write_text('"""A generated package."""\n', encoding="utf-8")
    for number in range(MODULES):
        (farm / f"m{number:03d}.py").write_text(_module(number), encoding="utf-8")
    return root


class Reference(NamedTuple):
    """What one cold run made alone reports and leaves in the cache."""

    lines: List[str]
    files: int
    blobs: int
    seconds: float


@pytest.fixture(scope="module")
def reference(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Reference:
    """One cold run alone on an identical copy: the findings every other run must give."""
    root = _copy(template, tmp_path_factory.mktemp("reference"))
    stats = root.parent / "stats.jsonl"
    started = time.perf_counter()
    result = _start(root, [], stats).communicate(timeout=300)
    seconds = time.perf_counter() - started
    lines = _lines(*result)
    (record,) = _records(stats)
    assert record["parsed"] == record["files"] > MODULES
    assert not any(_INTERNAL_ERROR.search(line) for line in lines), "\n".join(lines)
    codes = {line.split()[1] for line in lines}
    assert {"REV302", "REV303", "REV513", "REV801", "REV802", "REV804", "REV805", "REV807"} <= codes
    assert any("of 'logging.Handler.emit'" in line for line in lines)  # a base read from the library
    return Reference(lines, int(record["files"]), len(_blobs(root)), seconds)


def _copy(template: Path, folder: Path) -> Path:
    root = folder / "project"
    shutil.copytree(template, root)
    return root


def _start(root: Path, args: Sequence[str], stats: Path, method: str = "") -> subprocess.Popen:
    """Start flake8 on the project (in its own process group, so that it can be killed whole)."""
    python = [sys.executable, "-c", WITH_START_METHOD.format(method=method)] if method else [
        sys.executable, "-m", "flake8"]
    env = dict(os.environ)
    env.pop("PYTHONDEVMODE", None)
    env[STATS_ENV] = str(stats)
    return subprocess.Popen(
        [*python, *SELECT, *args, *CHECKED], cwd=root, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )


def _lines(stdout: str, stderr: str) -> List[str]:
    """The findings, sorted; a run that wrote anything to stderr fails the test."""
    assert stderr == "", stderr
    return sorted(stdout.splitlines())


def _records(stats: Path) -> List[Dict[str, object]]:
    """The index statistics of the main processes since the last call (the file is emptied)."""
    if not stats.exists():
        return []
    records = [json.loads(line) for line in stats.read_text(encoding="utf-8").splitlines()]
    stats.unlink()
    return [record for record in records if record["role"] == "main"]


def _blobs(root: Path) -> List[Path]:
    return sorted((root / CACHE).glob(f"foreign-*-{python_tag()}/*.pickle"))


def _identity(path: Path) -> Tuple[int, int]:
    """A file's inode and modification time: unchanged unless the file was written again."""
    status = path.stat()
    return status.st_ino, status.st_mtime_ns


def _assert_valid_cache(root: Path, expected: Reference) -> None:
    """The cache holds an index of every file and readable summaries, no leftovers."""
    cache = root / CACHE
    index = read_blob(str(cache / cache_name()))
    assert isinstance(index, dict) and len(index) == expected.files
    blobs = _blobs(root)
    assert len(blobs) == expected.blobs
    assert all(read_blob(str(blob)) is not None for blob in blobs)
    leftovers = [path.name for path in cache.rglob("*") if path.name.endswith(".tmp")
                 or path.name.startswith("run-")]
    assert leftovers == []
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    tag = (cache / "CACHEDIR.TAG").read_text(encoding="utf-8")
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55\n")


def _assert_warm_run_reads_the_cache(root: Path, stats: Path, expected: Reference) -> None:
    """A third run alone: the same findings, no file parsed, no kept summary written again."""
    cache = root / CACHE
    before = {path: _identity(path) for path in [cache / cache_name(), *_blobs(root)]}
    assert _lines(*_start(root, [], stats).communicate(timeout=300)) == expected.lines
    assert [(record["parsed"], record["cached"]) for record in _records(stats)] == [(0, expected.files)]
    assert {path: _identity(path) for path in [cache / cache_name(), *_blobs(root)]} == before


@pytest.mark.parametrize("args, method, rounds", [
    pytest.param([], "", 2, id="default-jobs"),
    pytest.param(["-j1"], "", 1, id="j1"),
    pytest.param(["-j2"], "spawn", 1, id="j2-spawn"),
])
def test_two_cold_runs_at_once_give_what_one_run_alone_gives(
    args: List[str], method: str, rounds: int, template: Path, reference: Reference, tmp_path: Path,
) -> None:
    """Started together on a cold cache, both runs report exactly what a run alone reports.

    The cache left behind is whole: a third run parses no file and rewrites no summary.
    """
    if method and method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} start method here")
    root = _copy(template, tmp_path)
    stats = tmp_path / "stats.jsonl"
    overlapped = 0
    for _ in range(rounds):
        shutil.rmtree(root / CACHE, ignore_errors=True)
        runs = [_start(root, args, stats, method) for _ in range(2)]
        outputs = [run.communicate(timeout=300) for run in runs]
        for run, (stdout, stderr) in zip(runs, outputs):
            assert run.returncode == 1, stderr
            assert _lines(stdout, stderr) == reference.lines
        records = _records(stats)
        assert len(records) == 2 and all(record["files"] == reference.files for record in records)
        overlapped += all(record["parsed"] == reference.files for record in records)
        _assert_valid_cache(root, reference)
    assert overlapped, "the two runs never built the index at the same time: the test proves nothing"
    _assert_warm_run_reads_the_cache(root, stats, reference)


@pytest.mark.skipif(sys.platform == "win32", reason="process groups are POSIX-only")
def test_a_killed_run_and_its_stale_temporary_files_mislead_no_later_run(
    template: Path, reference: Reference, tmp_path: Path,
) -> None:
    """A run killed at any moment leaves at most whole files; temporaries are cleared once stale."""
    root = _copy(template, tmp_path)
    stats = tmp_path / "stats.jsonl"
    for share in (0.45, 0.85):  # while building the index; while checking files (as the machine goes)
        victim = _start(root, [], stats)
        time.sleep(share * reference.seconds)
        try:
            os.killpg(victim.pid, signal.SIGKILL)  # the run and any worker it started
        except ProcessLookupError:
            pass  # it had finished
        victim.communicate(timeout=300)
        assert _lines(*_start(root, [], stats).communicate(timeout=300)) == reference.lines
    _records(stats)
    cache = root / CACHE
    foreign = next(cache.glob(f"foreign-*-{python_tag()}"))
    blob = "0123456789abcdef01234567.pickle"
    stale = [cache / f"{cache_name()}.k1ll3d.tmp", foreign / f"{blob}.k1ll3d.tmp"]
    fresh = [cache / f"{cache_name()}.l1v1ng.tmp", foreign / f"{blob}.l1v1ng.tmp"]
    hours_ago = time.time() - 2 * 3600
    for path in stale + fresh:
        path.write_bytes(b"half a pick")
    for path in stale:
        os.utime(path, (hours_ago, hours_ago))
    (cache / cache_name()).write_bytes(b"")  # a damaged index: rebuilt and written again, and clears
    assert _lines(*_start(root, [], stats).communicate(timeout=300)) == reference.lines
    assert [path.exists() for path in stale + fresh] == [False, False, True, True]
    for path in cache.rglob("*.tmp"):  # a live run's (or a just killed run's) are kept: an hour
        path.unlink()
    _records(stats)
    _assert_valid_cache(root, reference)
    _assert_warm_run_reads_the_cache(root, stats, reference)
