"""Summaries of the modules read for base classes, kept on disk between runs.

Reading a base class from its source means parsing its whole module: on Django about
250 modules (its own and the standard library's), most of a second of every run. The
summary of each (:class:`flake8_review.foreign._Table`, as plain tuples) is kept in
``<root>/.flake8-review-cache/foreign-<format>-py<XY>/``, one blob per module file
(:mod:`flake8_review.blobs`), keyed by the file's absolute path and checked against its
size and modification time: a module that changed is read again, a damaged blob is
ignored, two runs at once each write whole blobs.

The folder is the one of the checked file's project, and only when that project is a
real one: ``--review-project-root``, or a folder with a root marker that is not inside a
Python installation. Elsewhere (a loose script, stdin without a project root) nothing is
kept and modules are parsed as before.
"""

from __future__ import annotations

import hashlib
import os
from typing import Dict, Optional, Tuple

from flake8_review.blobs import cache_folder, clean_temporaries, python_tag, read_blob, write_blob
from flake8_review.roots import installed, marked

#: bump when what :mod:`flake8_review.foreign` keeps of a module changes: old blobs are then ignored
FORMAT = 1

#: what :func:`load` answers for a module it has no valid summary of
MISSING = object()

#: project root → its folder of summaries (``None``: nothing kept there)
_FOLDERS: Dict[Tuple[str, bool], Optional[str]] = {}
#: the folder of the project whose file is being checked (``[None]``: none)
_ACTIVE: list = [None]

Status = Tuple[int, int]


def use_project(root: str, chosen: bool = False) -> None:
    """Keep summaries in ``root``'s cache from now on (``chosen``: the user named the root).

    Called for each checked file; only the first call for a root touches the disk.
    """
    key = (root, chosen)
    if key not in _FOLDERS:
        _FOLDERS[key] = _open(root, chosen)
    _ACTIVE[0] = _FOLDERS[key]


def _open(root: str, chosen: bool) -> Optional[str]:
    if not root or installed(root) or not (chosen or marked(root)):
        return None
    folder = cache_folder(root)
    if folder is None:
        return None
    own = os.path.join(folder, f"foreign-{FORMAT}-{python_tag()}")
    try:
        os.makedirs(own, exist_ok=True)
    except OSError:
        return None
    if not os.access(own, os.W_OK):
        return None
    clean_temporaries(own)
    return own


def _blob_name(path: str) -> str:
    digest = hashlib.blake2b(path.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()
    return f"{digest}.pickle"


def status_of(path: str) -> Optional[Status]:
    """(size, modification time in nanoseconds) of a file; ``None`` when it cannot be read."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns


def load(path: str, status: Optional[Status]) -> object:
    """The summary kept for the module file ``path`` as it is now, else :data:`MISSING`."""
    folder = _ACTIVE[0]
    if folder is None or status is None:
        return MISSING
    entry = read_blob(os.path.join(folder, _blob_name(path)))
    if not (isinstance(entry, tuple) and len(entry) == 4 and entry[0] == path and entry[1:3] == status):
        return MISSING
    return entry[3]


def save(path: str, status: Optional[Status], summary: object) -> None:
    """Keep the summary of ``path`` (read when it had ``status``); silently nothing when it cannot be."""
    folder = _ACTIVE[0]
    if folder is None or status is None:
        return
    write_blob(folder, _blob_name(path), (path, *status, summary))
