"""The project index (REV303, REV513, REV801-REV807) as users meet it: flake8 run on whole projects.

The projects live in tests/fixtures/projects/<name>/ (setup.cfg excludes tests/fixtures
from our own lint, and no file there is named like a pytest test). Each is copied to
``tmp_path`` and checked by a real ``flake8`` subprocess whose working directory is
the copy, so the project's own setup.cfg and pyproject.toml are what flake8 and the
index read. Every line that must be reported carries ``# REVnnn``; ``<name>.expected``
holds the exact output (``pytest --update-expected`` rewrites it).

``FLAKE8_REVIEW_INDEX_STATS`` makes each process append one JSON line saying how it got
its index (built, or loaded from the main process's snapshot) and how many files it
parsed: the tests read it to prove the index is built once per run and cached.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

import pytest

from conftest import FIXTURES, flake8_subprocess
from test_fixtures import expected_markers

PROJECTS = FIXTURES / "projects"
NAMES = ["shop", "zoo"]
FLAKE8 = [sys.executable, "-m", "flake8"]
WITH_START_METHOD = (
    "import multiprocessing, sys; multiprocessing.set_start_method({method!r}, force=True); "
    "from flake8.main.cli import main; sys.exit(main())"
)
CACHE = ".flake8-review-cache"


def _copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(PROJECTS / name, target)
    return target


def _flake8(root: Path, *args: str, method: Optional[str] = None, stdin: Optional[str] = None,
            cwd: Optional[Path] = None) -> subprocess.CompletedProcess[str]:
    python = [sys.executable, "-c", WITH_START_METHOD.format(method=method)] if method else FLAKE8
    return flake8_subprocess(list(args) or ["."], cwd=cwd or root, stdin=stdin, python=python)


def _lines(result: subprocess.CompletedProcess[str]) -> List[str]:
    """The findings, paths without a leading ``./``, sorted."""
    assert result.stderr == "", result.stderr
    return sorted(line[2:] if line.startswith("./") else line for line in result.stdout.splitlines())


def _markers(root: Path) -> Set[Tuple[str, int, str]]:
    found = set()
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith("legacy/"):
            continue  # excluded by the project's setup.cfg: never checked
        source = path.read_text(encoding="utf-8")
        found.update((relative, line, code) for line, code in expected_markers(source))
    return found


def _reported(lines: List[str]) -> Set[Tuple[str, int, str]]:
    found = set()
    for line in lines:
        path, row, _, text = line.split(":", 3)
        found.add((path, int(row), text.split()[0]))
    return found


@pytest.fixture
def stats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file every flake8 process of the test appends its index statistics to."""
    path = tmp_path / "index-stats.jsonl"
    monkeypatch.setenv("FLAKE8_REVIEW_INDEX_STATS", str(path))
    return path


def _read_stats(path: Path) -> List[Dict[str, object]]:
    if not path.exists():
        return []
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    path.unlink()
    return records


@pytest.mark.parametrize("name", NAMES)
def test_project_reports_exactly_its_markers(
    name: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Each project reports its ``# REVnnn`` lines and nothing else, with the recorded messages."""
    root = _copy(name, tmp_path)
    lines = _lines(_flake8(root))
    assert _reported(lines) == _markers(root), "\n".join(lines)
    snapshot = PROJECTS / f"{name}.expected"
    text = "".join(f"{line}\n" for line in lines)
    if request.config.getoption("--update-expected"):
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="fork is POSIX-only")
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_jobs_build_the_index_once_under_fork_and_spawn(method: str, tmp_path: Path, stats: Path) -> None:
    """With ``-j2`` the main process builds the index; spawned workers load its snapshot."""
    root = _copy("shop", tmp_path)
    lines = _lines(_flake8(root, "-j2", ".", method=method))
    assert lines == (PROJECTS / "shop.expected").read_text(encoding="utf-8").splitlines()
    records = _read_stats(stats)
    built = [r for r in records if r["source"] == "built"]
    assert len(built) == 1 and built[0]["role"] == "main"
    workers = [r for r in records if r["role"] == "worker"]
    if method == "spawn":
        assert workers and all(r["source"] == "snapshot" and r["parsed"] == 0 for r in workers)
    else:
        assert workers == []  # forked workers inherit the index and never run parse_options
    assert not list((root / CACHE).glob("run-*")), "the snapshot outlives the run"


def test_a_second_run_parses_nothing_and_a_changed_file_is_parsed_again(tmp_path: Path, stats: Path) -> None:
    """The disk cache is keyed by path, size and mtime: a warm run parses no file."""
    root = _copy("shop", tmp_path)
    first = _lines(_flake8(root))
    cold = _read_stats(stats)
    assert [r["parsed"] for r in cold] == [cold[0]["files"]]
    assert _lines(_flake8(root)) == first
    warm = _read_stats(stats)
    assert [(r["parsed"], r["cached"]) for r in warm] == [(0, cold[0]["files"])]
    cart = root / "shop" / "cart.py"
    cart.write_text(cart.read_text(encoding="utf-8") + "\n\n_LATE = 1\n", encoding="utf-8")
    changed = _lines(_flake8(root))
    assert [r["parsed"] for r in _read_stats(stats)] == [1]
    assert any("REV801 private variable '_LATE'" in line for line in changed)
    assert (root / CACHE / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def _damage(cache: Path, how: str) -> None:
    target = next(cache.glob("index-*.pickle"))
    data = target.read_bytes()
    if how == "garbage":
        target.write_bytes(os.urandom(len(data)))
    elif how == "truncated":
        target.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        target.write_bytes(b"")
    elif how == "flipped":
        target.write_bytes(data[:-10] + bytes(b ^ 0xFF for b in data[-10:]))
    else:  # a folder where the file should be
        target.unlink()
        target.mkdir()


@pytest.mark.parametrize("how", ["garbage", "truncated", "empty", "flipped", "folder"])
def test_a_damaged_cache_is_rebuilt_never_trusted(how: str, tmp_path: Path, stats: Path) -> None:
    """A corrupt or half-written cache gives the same findings, no traceback, and is rewritten."""
    root = _copy("shop", tmp_path)
    expected = _lines(_flake8(root))
    files = _read_stats(stats)[0]["files"]
    _damage(root / CACHE, how)
    assert _lines(_flake8(root)) == expected
    assert [r["parsed"] for r in _read_stats(stats)] == [files]
    if how != "folder":  # a folder in its way cannot be replaced by a file: no cache, silently
        _flake8(root)
        assert [r["parsed"] for r in _read_stats(stats)] == [0]


def test_two_runs_at_once_neither_fail_nor_corrupt_the_cache(tmp_path: Path, stats: Path) -> None:
    """Concurrent runs each write a whole cache atomically; both report the same findings."""
    root = _copy("shop", tmp_path)
    expected = (PROJECTS / "shop.expected").read_text(encoding="utf-8").splitlines()
    env = dict(os.environ)
    env.pop("PYTHONDEVMODE", None)
    for _ in range(3):
        shutil.rmtree(root / CACHE, ignore_errors=True)
        runs = [
            subprocess.Popen([*FLAKE8, "-j2", "."], cwd=root, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)
        ]
        for run in runs:
            out, err = run.communicate(timeout=300)
            assert err == ""
            assert sorted(line[2:] for line in out.splitlines()) == expected
    _read_stats(stats)
    _flake8(root)
    assert [r["parsed"] for r in _read_stats(stats)] == [0]
    assert not list((root / CACHE).glob("*.tmp"))


def test_no_index_when_no_cross_module_code_is_selected(tmp_path: Path, stats: Path) -> None:
    """REV803 and REV806 need no index: no discovery, no cache folder."""
    root = _copy("shop", tmp_path)
    result = _flake8(root, "--select=REV803,REV806", ".")
    assert result.returncode == 0 and result.stderr == ""
    assert not (root / CACHE).exists()
    assert _read_stats(stats) == []


def test_the_stdin_buffer_replaces_the_file_on_disk(tmp_path: Path, stats: Path) -> None:
    """An editor's unsaved buffer is judged as it is; the file's stale version counts for nothing."""
    root = _copy("shop", tmp_path)
    _flake8(root)  # a warm cache that holds the disk version of cart.py
    _read_stats(stats)
    disk = (root / "shop" / "cart.py").read_text(encoding="utf-8")
    buffer = disk.replace("        self._lines[item] = quantity\n", "").replace("self._lines[item]", "1")
    currency = '_DEFAULT_CURRENCY = "EUR"'
    buffer = buffer.replace(currency, f"{currency}\nCURRENCY = _DEFAULT_CURRENCY")
    lines = _lines(_flake8(root, "--stdin-display-name=shop/cart.py", "-", stdin=buffer))
    reported = {(line.split(":")[1], line.split(" ")[1]) for line in lines}
    assert ("17", "REV802") in reported  # _discount: still unused (one line lower in the buffer)
    assert ("19", "REV802") in reported  # _lines: its only reader is the disk version
    assert not any("_DEFAULT_CURRENCY" in line for line in lines)  # the buffer uses it now
    assert all(line.startswith("shop/cart.py:") for line in lines)
    assert [r["parsed"] for r in _read_stats(stats)] == [1]  # the buffer only


def test_the_project_root_option_decides_what_is_searched(tmp_path: Path) -> None:
    """``--review-project-root`` overrides detection: with only the package, tests do not count."""
    root = _copy("shop", tmp_path)
    args = ["--isolated", "--select=REV8", "--extend-exclude=legacy"]
    whole = _lines(_flake8(root, *args, "--review-project-root=.", "shop/pricing.py"))
    assert "shop/pricing.py:32:1: REV807 function 'legacy_price' is referenced only from test files: " \
           "tests/checks_cart.py" in whole
    package = _lines(_flake8(root, *args, "--review-project-root=shop", "shop/pricing.py"))
    assert "shop/pricing.py:32:1: REV804 function 'legacy_price' is referenced nowhere in the project's " \
           "13 modules" in package


def test_the_root_is_found_from_a_subfolder(tmp_path: Path) -> None:
    """Checking one file from inside the package finds the root that pyproject.toml marks."""
    root = _copy("shop", tmp_path)
    lines = _lines(_flake8(root, "cart.py", cwd=root / "shop"))
    expected = [line[len("shop/"):] for line in (PROJECTS / "shop.expected").read_text(encoding="utf-8")
                .splitlines() if line.startswith("shop/cart.py:")]
    assert lines == expected


def test_isolated_runs_ignore_the_project_excludes(tmp_path: Path) -> None:
    """flake8's exclude options decide the index's files too: without setup.cfg, legacy/ counts."""
    root = _copy("shop", tmp_path)
    lines = _lines(_flake8(root, "--isolated", "--select=REV801", "shop"))
    assert not any("_rounding" in line for line in lines)
    assert any("_old_helper" in line for line in lines)


def test_a_cache_folder_that_cannot_be_written_means_no_cache(tmp_path: Path, stats: Path) -> None:
    """A file where the cache folder should be: the run works, silently, without a cache."""
    root = _copy("shop", tmp_path)
    (root / CACHE).write_text("not a folder", encoding="utf-8")
    expected = (PROJECTS / "shop.expected").read_text(encoding="utf-8").splitlines()
    for _ in range(2):
        assert _lines(_flake8(root)) == expected
        record = _read_stats(stats)[0]
        assert record["parsed"] == record["files"]


def test_a_killed_run_that_left_the_folder_bare_gets_its_gitignore_back(tmp_path: Path) -> None:
    """A run killed between creating the cache folder and writing its ``.gitignore``: the next
    run writes the missing files, so git still ignores the folder."""
    root = _copy("shop", tmp_path)
    (root / CACHE).mkdir()
    _flake8(root)
    assert (root / CACHE / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (root / CACHE / "CACHEDIR.TAG").is_file()


def test_a_project_inside_a_python_installation_keeps_no_cache(tmp_path: Path) -> None:
    """``lib/python3.11/test/libregrtest`` has a ``setup.py``, so it is a root; being inside an
    installation's library folder, it keeps no cache there."""
    library = tmp_path / "lib" / "python3.11"
    root = library / "test" / "shop"
    shutil.copytree(PROJECTS / "shop", root)
    assert _lines(_flake8(root)) == (PROJECTS / "shop.expected").read_text(encoding="utf-8").splitlines()
    assert not list(library.rglob(CACHE))
    outside = _copy("shop", tmp_path / "elsewhere")
    _flake8(outside)
    assert (outside / CACHE).is_dir()


def test_odd_files_and_folders_are_survived(tmp_path: Path) -> None:
    """Symbolic link loops, undecodable bytes and deep nesting: no traceback, no REV800."""
    root = _copy("zoo", tmp_path)
    (root / "zoo" / "loop").symlink_to(root / "zoo", target_is_directory=True)
    (root / "zoo" / "latin.py").write_bytes(b"# -*- coding: latin-1 -*-\nname = '\xe9t\xe9'\n")
    (root / "zoo" / "bad_bytes.py").write_bytes(b"x = '\xff\xfe'\n_only_here = 1\n")
    (root / "zoo" / "deep.py").write_text("x = " + "(" * 300 + "1" + ")" * 300 + "\n", encoding="utf-8")
    result = _flake8(root, "--select=REV8", ".")
    assert "Traceback" not in result.stderr
    assert " REV800 " not in result.stdout
    assert "zoo/base.py:14:5: REV802" in result.stdout


def test_registrations_are_collected_for_rev303(tmp_path: Path) -> None:
    """The facts keep every function registered through a dotted callee, with its signature."""
    import ast

    from flake8_review.context import FileContext
    from flake8_review.options import Settings
    from flake8_review.project_facts import file_facts

    source = (
        "import functools\nfrom app import bus, router\n\n\n"
        "@router.get('/a')\ndef first(request, *, user):\n    return 1\n\n\n"
        "@functools.lru_cache()\ndef cached(x):\n    return x\n\n\n"
        "def on_event(topic, payload):\n    return topic\n\n\n"
        "bus.subscribe(on_event)\nbus.subscribe(lambda t, p: t)\n\n\n"
        "class Handler:\n    def setup(self):\n        bus.connect(self.on_message)\n\n"
        "    def on_message(self, message):\n        return message\n"
    )
    ctx = FileContext(ast.parse(source), source.splitlines(True), "mod.py", Settings())
    found = [(r.callee, r.function, r.params, r.bound, r.how) for r in file_facts(ctx)[0].registration_list()]
    assert found == [
        ("app.router.get", "first", (("request", "pos"), ("user", "kwonly")), False, "decorator"),
        ("app.bus.subscribe", "on_event", (("topic", "pos"), ("payload", "pos")), False, "call"),
        ("app.bus.connect", "Handler.on_message", (("self", "pos"), ("message", "pos")), True, "call"),
    ]


@pytest.mark.parametrize("source", [
    b"x = 1\x00\n_hidden = 2\n",  # null bytes (flake8 itself stops on them before Python 3.12)
    b"def broken(:\n    return _hidden\n",
    b"\xff\xfe_hidden = '\xff'\n",
    b"x = " + b"(" * 1000 + b"1" + b")" * 1000 + b"\n",
])
def test_a_file_that_cannot_be_parsed_counts_its_words(source: bytes) -> None:
    """The index never fails on a file: what it cannot parse may mention any of its words."""
    from flake8_review.options import Settings
    from flake8_review.project_facts import facts_from_source

    facts = facts_from_source(source, "odd.py", Settings())
    assert not facts.parsed
    assert "_hidden" in facts.names or b"_hidden" not in source


def test_the_projects_exercise_every_cross_module_code() -> None:
    """Between them the fixture projects report REV303, REV513, REV801, REV802, REV804, REV805 and REV807."""
    codes = {
        line.split()[1]
        for name in NAMES
        for line in (PROJECTS / f"{name}.expected").read_text(encoding="utf-8").splitlines()
    }
    assert {"REV303", "REV513", "REV801", "REV802", "REV804", "REV805", "REV807"} <= codes
