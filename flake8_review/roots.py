"""Where a project starts and which Python files it has.

The root is found from the root marker files, looked for from a checked path
upwards; the files are found below it. Shared by the project index (whose files are
those below the root) and the readers of foreign classes (which look for the
project's own packages at the root).
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
import stat
from typing import Dict, Iterable, List, Optional, Pattern, Tuple

#: files that mark a project root, looked for from the checked paths upwards
ROOT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", "tox.ini", ".git")

_ROOTS: Dict[str, str] = {}

#: folders never indexed, whatever the exclude options say (VCS, tox, venvs, builds, caches);
#: folders whose name starts with a dot and virtual environments (a pyvenv.cfg) are skipped too
SKIPPED_DIRS = frozenset({
    "CVS", "_darcs", "venv", "build", "dist", "__pycache__", "node_modules", "site-packages",
    "dist-packages", "__pypackages__",
})
#: a project with more Python files than this gets no index (no cross-module findings)
MAX_FILES = 50_000


def _is_library_folder(path: str) -> bool:
    """A Python installation's library (``lib/python3.11``, ``Lib``): a project of its own."""
    name = os.path.basename(path)
    parent = os.path.basename(os.path.dirname(path))
    if re.fullmatch(r"python\d+(\.\d+)?t?", name) and parent in ("lib", "lib64"):
        return True
    return name == "Lib" and os.path.isfile(os.path.join(path, "os.py"))


def _shared_folder(path: str) -> bool:
    """A folder everyone may write to, sticky like ``/tmp``: never a project root."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return bool(mode & stat.S_ISVTX and mode & stat.S_IWOTH)


def root_of(start: str) -> str:
    """The nearest folder at or above ``start`` holding a root marker, else ``start`` itself.

    The search stops at a Python library folder (the standard library is its own
    project), at the child of a ``site-packages`` folder (an installed package) and
    below a shared temporary folder such as ``/tmp``, whose stray files mark nothing.
    Answers are kept for the process.
    """
    known = _ROOTS.get(start)
    if known is None:
        known = _ROOTS[start] = _search(start)
    return known


def _search(start: str) -> str:
    current = start
    while True:
        if any(os.path.exists(os.path.join(current, marker)) for marker in ROOT_MARKERS):
            return current
        if _is_library_folder(current):
            return current
        parent = os.path.dirname(current)
        if parent == current or _shared_folder(parent):
            return start
        if os.path.basename(parent) in ("site-packages", "dist-packages"):
            return current
        current = parent


def installed(root: str) -> bool:
    """A root inside a Python installation (the standard library, site-packages): no cache there."""
    parts = root.replace(os.sep, "/").split("/")
    return _is_library_folder(root) or "site-packages" in parts or "dist-packages" in parts


def find_root(paths: Iterable[str], override: str = "") -> str:
    """The project root: ``--review-project-root``, else detected from the checked paths.

    Each path's nearest marked ancestor is its root; paths with different roots share
    the common folder of those roots.
    """
    if override:
        return os.path.abspath(override)
    roots = set()
    for path in paths:
        absolute = os.path.abspath(path)
        roots.add(root_of(absolute if os.path.isdir(absolute) else os.path.dirname(absolute)))
    if len(roots) == 1:
        return roots.pop()
    try:
        return os.path.commonpath(sorted(roots)) if roots else os.path.abspath(os.curdir)
    except ValueError:  # different drives
        return os.path.abspath(os.curdir)


def search_roots(package_root: str, project_root: str) -> Tuple[str, ...]:
    """Where a file's imports are looked for before ``sys.path``.

    The folder above the file's top-level package, then the project's root
    (``--review-project-root``, else the nearest folder above with a root marker) and
    its ``src`` folder: a project's tests import its package whether it is installed
    or not, and the source in the checkout is what they test.
    """
    if not package_root and not project_root:
        return ()  # stdin without --review-project-root: only sys.path
    project = os.path.abspath(project_root) if project_root else root_of(package_root)
    found = [package_root] if package_root else []
    for folder in (project, os.path.join(project, "src")):
        if folder not in found and os.path.isdir(folder):
            found.append(folder)
    return tuple(found)


# -- the files --------------------------------------------------------------------------------

@functools.lru_cache(maxsize=32)
def _matcher(patterns: Tuple[str, ...]) -> Optional[Pattern[str]]:
    """One regular expression for ``fnmatch`` patterns (case as ``fnmatch.fnmatch`` treats it)."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{fnmatch.translate(os.path.normcase(p))})" for p in patterns))


def _any_match(text: str, patterns: Tuple[str, ...]) -> bool:
    """``any(fnmatch.fnmatch(text, p) for p in patterns)``, with one compiled expression."""
    matcher = _matcher(patterns)
    return matcher is not None and matcher.match(os.path.normcase(text)) is not None


def _matches(path: str, patterns: Tuple[str, ...]) -> bool:
    """flake8's exclude test: the base name or the absolute path matches a pattern."""
    base = os.path.basename(path)
    if base not in (".", "..") and _any_match(base, patterns):
        return True
    return _any_match(path, patterns)


def _skipped_dir(path: str, name: str) -> bool:
    if name in SKIPPED_DIRS or name.startswith(".") or name.endswith((".egg-info", ".egg")):
        return True
    return os.path.exists(os.path.join(path, "pyvenv.cfg"))


def _listing(folder: str) -> Tuple[List[str], List[str]]:
    """The sub-folders (symbolic links not followed) and the files of ``folder``; nothing if unreadable."""
    try:
        with os.scandir(folder) as entries:
            listed = [(entry.path, entry.name, entry.is_dir(follow_symlinks=False), entry.is_file())
                      for entry in entries]
    except OSError:
        return [], []
    folders = [path for path, name, is_dir, _ in listed if is_dir and not _skipped_dir(path, name)]
    return folders, [path for path, _, is_dir, is_file in listed if is_file and not is_dir]


def discover(
    root: str, exclude: Tuple[str, ...] = (), patterns: Tuple[str, ...] = ("*.py",)
) -> Optional[List[str]]:
    """Absolute paths of the project's Python files, sorted; ``None`` past :data:`MAX_FILES`."""
    found: List[str] = []
    stack = [root]
    while stack:
        folders, files = _listing(stack.pop())
        stack.extend(folder for folder in folders if not _matches(folder, exclude))
        found.extend(
            path for path in files
            if _any_match(path, patterns) and not _matches(path, exclude)
        )
        if len(found) > MAX_FILES:
            return None
    found.sort()
    return found
