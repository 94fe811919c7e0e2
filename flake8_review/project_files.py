"""The project's files: its root, its Python files, its entry points, and the disk cache of their facts.

The cache is one file per Python version, ``<root>/.flake8-review-cache/index-<format>-py<XY>.pickle``,
holding for each file (by path relative to the root) its size, its modification time in
nanoseconds and its facts. It is a blob of :mod:`flake8_review.blobs`: written atomically,
checksummed, class-free, so a damaged or foreign file means "no cache": the files are
parsed again and the cache rewritten. Two runs at once each write a whole, consistent
cache; the last one wins.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Dict, FrozenSet, List, Optional, Set, Tuple

from flake8_review.blobs import cache_folder, clean_temporaries, python_tag, read_blob, write_blob
from flake8_review.options import Settings
from flake8_review.project_facts import FileFacts, facts_from_source
from flake8_review.roots import installed

LOG = logging.getLogger(__name__)

#: bump when FileFacts or the extraction changes: old caches are then ignored
FORMAT = 7
#: counters for tests and the benchmark (this process only)
STATS: Dict[str, int] = {"parsed": 0, "cached": 0, "cache_writes": 0}


_OBJECT_REFERENCE = re.compile(
    r"(?<![\w.:/])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\s*:\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)"
)


def entry_point_names(root: str) -> FrozenSet[str]:
    """Names that the entry points of pyproject.toml or setup.cfg at the root point at.

    Any ``module:attr.path`` object reference counts (console scripts, plugin entry
    points, build hooks); every component of the attribute path is a name.
    """
    names: Set[str] = set()
    for config in ("pyproject.toml", "setup.cfg"):
        try:
            with open(os.path.join(root, config), encoding="utf-8", errors="replace") as handle:
                text = handle.read(1_000_000)
        except OSError:
            continue
        for match in _OBJECT_REFERENCE.finditer(text):
            names.update(match.group(1).split("."))
    return frozenset(names)


def module_name(relative: str) -> str:
    """``pkg.mod`` for ``pkg/mod.py``, ``pkg`` for ``pkg/__init__.py``."""
    parts = relative.replace(os.sep, "/").split("/")
    last = parts[-1]
    parts[-1] = last[:-3] if last.endswith(".py") else last
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def relative_to(path: str, root: str) -> str:
    """``path`` relative to ``root``: a slice for the usual path below it, ``relpath`` otherwise."""
    head = root.rstrip(os.sep) + os.sep
    return path[len(head):] if path.startswith(head) else os.path.relpath(path, root)


def key(path: str) -> str:
    """The index's key of a path: absolute and case-normalised."""
    return os.path.normcase(os.path.abspath(path))


# -- the cache of facts ------------------------------------------------------------------------

CacheEntry = Tuple[int, int, tuple]


def cache_name() -> str:
    """The cache file's name: one per format and Python version (their ASTs differ)."""
    return f"index-{FORMAT}-{python_tag()}.pickle"


def facts_of(entry: object) -> Optional[FileFacts]:
    """A cache entry's facts, or None when the entry is not what this version writes."""
    if not (isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[2], tuple)):
        return None
    raw = entry[2]
    if len(raw) != len(FileFacts._fields) or not isinstance(raw[0], frozenset):
        return None
    return FileFacts._make(raw)


def _cached(cache: Dict[str, CacheEntry], relative: str, status: os.stat_result) -> Optional[FileFacts]:
    entry = cache.get(relative)
    if entry is None or not isinstance(entry, tuple) or len(entry) != 3:
        return None
    if entry[0] != status.st_size or entry[1] != status.st_mtime_ns:
        return None
    return facts_of(entry)


def _parse(path: str, settings: Settings, keep: bool = False) -> Optional[FileFacts]:
    try:
        with open(path, "rb") as handle:
            source = handle.read()
    except OSError:
        return None
    return facts_from_source(source, path, settings, key(path) if keep else "")


#: below this many files to parse, a process pool costs more than it saves
POOL_THRESHOLD = 64
_POOL_SETTINGS: List[Settings] = []


def _pool_start(settings: Settings) -> None:
    gc.disable()  # a worker only parses and returns facts: nothing cyclic outlives a file
    _POOL_SETTINGS[:] = [settings]


def _pool_parse(path: str) -> Tuple[str, Optional[FileFacts]]:
    return path, _parse(path, _POOL_SETTINGS[0])


def _parse_all(paths: List[str], settings: Settings, jobs: int) -> Dict[str, Optional[FileFacts]]:
    """Parse files, in ``jobs`` processes when there are many; the cyclic GC waits meanwhile."""
    if jobs > 1 and len(paths) >= POOL_THRESHOLD:
        # fork is cheap and safe on Linux; elsewhere the platform's default (spawn) is used
        context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
        workers = min(jobs, len(paths) // 16 + 1)
        try:
            with ProcessPoolExecutor(workers, context, _pool_start, (settings,)) as pool:
                return dict(pool.map(_pool_parse, paths, chunksize=8))
        except Exception:  # no pool (ENOSPC, no semaphores) or a broken one: parse in this process
            LOG.debug("flake8-review: no process pool for the index", exc_info=True)
    enabled = gc.isenabled()
    gc.disable()  # the facts pile up and trees come and go: no cycle to collect until the end
    try:
        return {path: _parse(path, settings, keep=True) for path in paths}
    finally:
        if enabled:
            gc.enable()


def build_facts(
    root: str, paths: List[str], settings: Settings, use_cache: bool = True, jobs: int = 1
) -> Dict[str, FileFacts]:
    """Facts of every path (by :func:`key`), from the cache where size and mtime still match."""
    folder = cache_folder(root) if use_cache and not installed(root) else None
    loaded = read_blob(os.path.join(folder, cache_name())) if folder is not None else None
    cache: Dict[str, CacheEntry] = loaded if isinstance(loaded, dict) else {}
    status: Dict[str, Tuple[int, int]] = {}
    found: Dict[str, Optional[FileFacts]] = {}
    for path in paths:
        try:
            stat_result = os.stat(path)
        except OSError:
            continue
        status[path] = (stat_result.st_size, stat_result.st_mtime_ns)
        found[path] = _cached(cache, relative_to(path, root), stat_result)
    missing = [path for path, facts in found.items() if facts is None]
    STATS["cached"] += len(found) - len(missing)
    STATS["parsed"] += len(missing)
    found.update(_parse_all(missing, settings, jobs))
    entries: Dict[str, CacheEntry] = {}
    files: Dict[str, FileFacts] = {}
    for path, facts in found.items():
        if facts is not None:
            entries[relative_to(path, root)] = (*status[path], tuple(facts))
            files[key(path)] = facts
    if folder is not None and entries != cache:
        clean_temporaries(folder)
        if write_blob(folder, cache_name(), entries) is not None:
            STATS["cache_writes"] += 1
    return files
