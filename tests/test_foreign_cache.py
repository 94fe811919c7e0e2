"""The summaries of base-class modules kept between runs, as users meet them through flake8.

A class whose base is imported from another module is compared with that base read
from its source (REV301/REV302). The module's summary is kept in the project's
``.flake8-review-cache/foreign-<format>-py<XY>/``; these tests prove that a second run
reads the kept summary instead of the module, that a changed module is read again, that
a damaged summary changes nothing, and that nothing is kept outside a real project.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List

from conftest import flake8_subprocess

CACHE = ".flake8-review-cache"
BASE = '''"""Storage backends."""


class Backend:
    """Where records go."""

    def store(self, record, timeout):
        """Keep ``record``."""
        return record, timeout
'''
CHILD = '''"""A backend that keeps records in memory."""

from shop.base import Backend


class Memory(Backend):
    """Keeps records in a list."""

    def store(self, record, limit):
        """Keep ``record`` unless the list is full."""
        return record, limit
'''
RENAMED = (
    "shop/memory.py:9:5: REV302 'Memory.store' renames parameter 'timeout' of "
    "'shop.base.Backend.store' to 'limit'"
)


def _project(tmp_path: Path, marker: bool = True) -> Path:
    root = tmp_path / "project"
    (root / "shop").mkdir(parents=True)
    if marker:
        (root / "setup.cfg").write_text("[metadata]\nname = shop\n", encoding="utf-8")
    (root / "shop" / "__init__.py").write_text('"""The shop."""\n', encoding="utf-8")
    (root / "shop" / "base.py").write_text(BASE, encoding="utf-8")
    (root / "shop" / "memory.py").write_text(CHILD, encoding="utf-8")
    return root


def _review(root: Path, *args: str) -> List[str]:
    """The findings of REV3 on the child module (the base module is not checked itself)."""
    result = flake8_subprocess(["--isolated", "--select=REV3", *args, "shop/memory.py"], cwd=root)
    assert result.stderr == "", result.stderr
    return result.stdout.splitlines()


def _blobs(root: Path) -> List[Path]:
    version = f"py{sys.version_info[0]}{sys.version_info[1]}"
    return sorted((root / CACHE).glob(f"foreign-*-{version}/*.pickle"))


def test_the_summary_of_a_base_module_is_kept_and_used(tmp_path: Path) -> None:
    """A module that is, by size and time, as it was is not read again: its kept summary answers."""
    root = _project(tmp_path)
    assert _review(root) == [RENAMED]
    assert len(_blobs(root)) == 1  # shop/base.py (shop/__init__.py binds nothing the child needs)
    base = root / "shop" / "base.py"
    before = base.stat()
    base.write_text(BASE.replace("timeout", "limit__"), encoding="utf-8")  # same size
    os.utime(base, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert _review(root) == [RENAMED]  # the kept summary still says 'timeout'


def test_a_changed_base_module_is_read_again(tmp_path: Path) -> None:
    """Editing the base module shows in the next run: its summary is keyed by size and time."""
    root = _project(tmp_path)
    assert _review(root) == [RENAMED]
    base = root / "shop" / "base.py"
    base.write_text(BASE.replace("timeout", "limit"), encoding="utf-8")
    stamp = base.stat().st_mtime_ns + 2_000_000_000
    os.utime(base, ns=(stamp, stamp))
    assert _review(root) == []
    base.write_text(BASE.replace("record, timeout", "item, timeout"), encoding="utf-8")
    os.utime(base, ns=(stamp + 2_000_000_000, stamp + 2_000_000_000))
    assert _review(root) == [
        "shop/memory.py:9:5: REV302 'Memory.store' renames parameters 'item', 'timeout' of "
        "'shop.base.Backend.store' to 'record', 'limit'"
    ]


def test_a_damaged_summary_is_ignored_and_replaced(tmp_path: Path) -> None:
    """Garbage, a truncated file or another version's blob in the cache: same findings, no traceback."""
    root = _project(tmp_path)
    assert _review(root) == [RENAMED]
    (blob,) = _blobs(root)
    good = blob.read_bytes()
    other_version = good.replace(b"flake8-review", b"flake8-reviex")
    for damage in (b"not a pickle", good[: len(good) // 2], b"", other_version):
        blob.write_bytes(damage)
        assert _review(root) == [RENAMED]
        assert blob.read_bytes() == good  # rewritten whole by the run that found it damaged


def test_an_unwritable_cache_changes_nothing(tmp_path: Path) -> None:
    """A cache folder that is a file (or cannot be created): the base is read from source each run."""
    root = _project(tmp_path)
    (root / CACHE).write_text("not a folder", encoding="utf-8")
    assert _review(root) == [RENAMED]
    assert _review(root) == [RENAMED]


def test_nothing_is_kept_for_a_folder_that_is_no_project(tmp_path: Path) -> None:
    """Without a root marker the package's folder is no project: no summaries are kept in it.

    (REV303's project index is kept in the checked folder all the same: that is its root.)
    """
    root = _project(tmp_path, marker=False)
    assert _review(root) == [RENAMED]
    assert not (root / CACHE).exists()
    assert not list(root.rglob("foreign-*"))


def test_the_chosen_project_root_keeps_the_summaries(tmp_path: Path) -> None:
    """``--review-project-root`` makes a folder without a marker a project: the cache is kept there."""
    root = _project(tmp_path, marker=False)
    assert _review(root, "--review-project-root=.") == [RENAMED]
    assert len(_blobs(root)) == 1
