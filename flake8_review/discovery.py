"""Which Python files a project has: the files below its root that flake8 would check.

The exclude options are honoured as flake8 applies them (base name or absolute path);
version-control, tox, virtual-environment, build and cache folders are never entered.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
from typing import List, Optional, Pattern, Tuple

#: folders never indexed, whatever the exclude options say (VCS, tox, venvs, builds, caches);
#: folders whose name starts with a dot and virtual environments (a pyvenv.cfg) are skipped too
SKIPPED_DIRS = frozenset({
    "CVS", "_darcs", "venv", "build", "dist", "__pycache__", "node_modules", "site-packages",
    "dist-packages", "__pypackages__",
})
#: a project with more Python files than this gets no index (no cross-module findings)
MAX_FILES = 50_000


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
