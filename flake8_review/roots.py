"""Where a project starts.

The root is found from the root marker files, looked for from a checked path
upwards. Shared by the project index (whose files are those below the root, see
:mod:`flake8_review.discovery`), the readers of foreign classes (which look for the
project's own packages at the root) and the caches kept in the root.
"""

from __future__ import annotations

import os
import re
import stat
from typing import Dict, Iterable, Tuple

#: files that mark a project root, looked for from the checked paths upwards
ROOT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", "tox.ini", ".git")

_ROOTS: Dict[str, str] = {}


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
        if marked(current):
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
    if "site-packages" in parts or "dist-packages" in parts:
        return True
    folder = os.path.abspath(root)
    while True:  # lib/python3.11/test/libregrtest has a setup.py, and is still the installation's
        if _is_library_folder(folder):
            return True
        parent = os.path.dirname(folder)
        if parent == folder:
            return False
        folder = parent


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


def marked(folder: str) -> bool:
    """Whether ``folder`` holds a root marker (a real project, not the folder of a loose file)."""
    return any(os.path.exists(os.path.join(folder, marker)) for marker in ROOT_MARKERS)


def project_of(package_root: str, project_root: str) -> str:
    """The root of the project a file belongs to: ``--review-project-root``, else detected."""
    if project_root:
        return os.path.abspath(project_root)
    return root_of(package_root) if package_root else ""


def search_roots(package_root: str, project_root: str) -> Tuple[str, ...]:
    """Where a file's imports are looked for before ``sys.path``.

    The folder above the file's top-level package, then the project's root
    (``--review-project-root``, else the nearest folder above with a root marker) and
    its ``src`` folder: a project's tests import its package whether it is installed
    or not, and the source in the checkout is what they test.
    """
    if not package_root and not project_root:
        return ()  # stdin without --review-project-root: only sys.path
    project = project_of(package_root, project_root)
    found = [package_root] if package_root else []
    for folder in (project, os.path.join(project, "src")):
        if folder not in found and os.path.isdir(folder):
            found.append(folder)
    return tuple(found)
