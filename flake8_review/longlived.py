"""Facts kept for the whole run, moved out of the garbage collector's way.

The readers of foreign classes keep what they learn for the process: module tables
and, when astroid answers, astroid's trees of whole modules. On a big project that is
hundreds of thousands of objects, and CPython's collector would walk all of them at
every full collection: on Django, dozens of times, several seconds in all. Between two
files, once enough has been added, :func:`settle` hands everything alive to
``gc.freeze()``, so that full collections skip it. Cyclic garbage alive at that moment
would be frozen too; settling only between files, and rarely, keeps that small. The
project index, built or loaded before the first file, is frozen at once (:func:`freeze`).
"""

from __future__ import annotations

import gc

#: how much may be added (tables read, astroid modules count as many) before the next freeze
THRESHOLD = 25

_ADDED = [0]
FREEZES = [0]  # how many times this process froze (tests read it)


def added(weight: int = 1) -> None:
    """Record that long-lived facts were added (a module table: 1; an astroid module: :data:`THRESHOLD`)."""
    _ADDED[0] += weight


def settle() -> None:
    """Between two files: freeze what is alive when enough long-lived facts were added since the last time."""
    if _ADDED[0] >= THRESHOLD:
        _ADDED[0] = 0
        FREEZES[0] += 1
        gc.freeze()


def freeze() -> None:
    """Freeze what is alive now: called once the project index is built or loaded.

    The index holds facts of every file of the project, often millions of objects
    that live to the end of the run; without this, each full collection walks them
    all again (on Django, seconds of a run).
    """
    _ADDED[0] = 0
    FREEZES[0] += 1
    gc.freeze()
