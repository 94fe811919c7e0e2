"""The disk cache's files: checksummed, class-free pickles written atomically.

Everything flake8-review keeps between runs lives in ``<root>/.flake8-review-cache/``
(the project index's facts, the summaries of modules read for base classes). Each file
is written whole, to a temporary file in the same folder that then replaces the old one
(``os.replace`` is atomic), so a reader sees the old file or the new one, never half of
one. A checksum, a header naming our version and the Python version, and an unpickler
that accepts no classes at all turn a damaged or foreign file into "nothing cached". A
folder that cannot be written means no cache, silently (editors run flake8 on every
keystroke: no warnings).
"""

from __future__ import annotations

import io
import os
import pickle
import sys
import tempfile
import time
import zlib
from typing import Optional, Tuple

from flake8_review import __version__

CACHE_DIR = ".flake8-review-cache"


class _NoGlobals(pickle.Unpickler):
    """The cache holds only tuples, sets, dicts, strings and numbers: refuse anything else."""

    def find_class(self, module: str, name: str) -> object:
        raise pickle.UnpicklingError(f"the cache refers to {module}.{name}")


def _header() -> Tuple[object, ...]:
    """What every blob starts with: a blob another version of us or of Python wrote is not read.

    The format of what a blob holds is in its file name (``index-5-py311.pickle``).
    """
    return ("flake8-review", __version__, tuple(sys.version_info[:2]))


def python_tag() -> str:
    """``py311`` for Python 3.11: part of each cache file's name, so versions never share one."""
    return f"py{sys.version_info[0]}{sys.version_info[1]}"


def read_blob(path: str) -> Optional[object]:
    """The payload of a file written by :func:`write_blob`, or ``None`` if anything is off."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    payload = data[4:]
    if len(data) < 8 or zlib.crc32(payload) != int.from_bytes(data[:4], "big"):
        return None
    try:
        loaded = _NoGlobals(io.BytesIO(payload)).load()
    except Exception:  # noqa: REV601 - whatever the damage, it means "no cache"
        return None
    if not (isinstance(loaded, tuple) and len(loaded) == 2 and loaded[0] == _header()):
        return None
    return loaded[1]


def write_blob(folder: str, name: str, payload: object, mode: int = 0o644) -> Optional[str]:
    """Write atomically (a temporary file in the same folder, then ``os.replace``); the path, or None."""
    data = pickle.dumps((_header(), payload), protocol=4)
    try:
        handle, temporary = tempfile.mkstemp(prefix=name + ".", suffix=".tmp", dir=folder)
    except OSError:
        return None
    target = os.path.join(folder, name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(zlib.crc32(data).to_bytes(4, "big"))
            stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError:
        remove(temporary)
        return None
    return target


def remove(path: str) -> None:
    """Delete a file if it is there."""
    try:
        os.unlink(path)
    except OSError:
        pass


_CACHE_FILES = (
    (".gitignore", "# created by flake8-review: what it keeps between runs\n*\n"),
    ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# flake8-review's cache\n"),
)


def cache_folder(root: str) -> Optional[str]:
    """``<root>/.flake8-review-cache``, created with a ``.gitignore``; None when it cannot be written."""
    folder = os.path.join(root, CACHE_DIR)
    try:
        os.mkdir(folder)
    except OSError:
        if not (os.path.isdir(folder) and os.access(folder, os.W_OK)):
            return None
    for name, text in _CACHE_FILES:  # again if a run was killed before it wrote them
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            try:
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(text)
            except OSError:
                pass
    return folder


def clean_temporaries(folder: str) -> None:
    """Remove the temporary files and snapshots that killed runs left behind (older than an hour)."""
    limit = time.time() - 3600
    try:
        with os.scandir(folder) as entries:
            stale = [entry.path for entry in entries
                     if entry.name.endswith(".tmp") or entry.name.startswith("run-")]
    except OSError:
        return
    for path in stale:
        try:
            old = os.stat(path).st_mtime < limit
        except OSError:
            continue
        if old:
            remove(path)
