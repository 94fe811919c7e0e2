"""The project index: what the other modules of the project define, reference and register.

flake8 checks one file at a time, in several processes with ``--jobs``; REV513,
REV801-REV807 (and REV303) need facts about the whole project. The index finds the
project root, lists its Python files honouring flake8's exclude options
(:mod:`~flake8_review.project_files`), reduces every file to a small picklable
:class:`~flake8_review.project_facts.FileFacts` summary, cached on disk in
``<root>/.flake8-review-cache/``, and answers questions about them. It is built once
per flake8 run, in ``parse_options`` of the REV8 checker (:func:`configure`):
``fork`` workers inherit it, ``spawn``/``forkserver`` workers load the snapshot
that the main process wrote for them, and a run that selects no cross-module code
never builds it.

The file being checked is always judged from its own tree (``FileContext``): the
index's entry for that path, possibly stale, is left out of every answer about it.

Readings where the catalog leaves a choice open:

* A reference to a module-level name from another module is the name loaded there
  without being bound there (all loaded names when that module star-imports), a
  ``from ... import name``, an attribute read ``x.name`` on anything, or a string
  reference (:func:`~flake8_review.project_facts.string_names`).
* A class member is used by an attribute read on anything but a method's own
  ``self``/``cls`` (``other._close()`` may be any class), by a string reference, or
  by a read on ``self``/``cls`` (or a name loaded in the class body) of a class
  that can share an instance with the member's class: the two classes have a
  common subclass, themselves included. Classes are matched by name across the
  project, which can only make more members count as used.
* A file that cannot be parsed (syntax error, undecodable, too big) counts every
  identifier-like word of its text as a reference to names and members alike.
"""

from __future__ import annotations

import argparse
import atexit
import builtins
import json
import logging
import multiprocessing
import os
import tempfile
import time
from collections import Counter
from functools import cached_property
from typing import Dict, FrozenSet, Iterable, Iterator, List, Optional, Set, Tuple

from flake8_review import longlived
from flake8_review.blobs import cache_folder, read_blob, write_blob
from flake8_review.context import FileContext, is_test_path, per_file
from flake8_review.discovery import discover
from flake8_review.options import Settings
from flake8_review.project_facts import (
    FileFacts, LocalUses, facts_from_source, file_facts, fresh_uses, local_uses,
)
from flake8_review.project_files import STATS as FILE_STATS
from flake8_review.project_files import (
    build_facts, entry_point_names, facts_of, key, module_name, relative_to,
)
from flake8_review.registration_facts import absolute_callee, compared_params
from flake8_review.roots import find_root, installed
from flake8_review.unused_helpers import CASE_CHANGES, dispatched, meaningful

LOG = logging.getLogger(__name__)

#: codes that need the index
CROSS_MODULE_CODES = frozenset({"REV303", "REV513", "REV801", "REV802", "REV804", "REV805", "REV807"})
#: classes whose subclasses' class attributes are fields (RULES.md, REV805)
FIELD_BASES = frozenset({
    "Enum", "IntEnum", "Flag", "IntFlag", "StrEnum", "ReprEnum", "NamedTuple", "TypedDict",
})
#: codes that judge class members: they need the project's class graph
MEMBER_CODES = frozenset({"REV802", "REV805", "REV807"})
#: environment variable through which the main process hands its index to spawned workers
SNAPSHOT_ENV = "FLAKE8_REVIEW_RUN_INDEX"
#: environment variable naming a file to which each process appends what its index cost
STATS_ENV = "FLAKE8_REVIEW_INDEX_STATS"
#: bases that define no members a subclass could override or a framework could call
_NEUTRAL_BASES = frozenset({
    "object", "builtins.object", "typing.Generic", "typing.Protocol", "typing_extensions.Protocol",
    "typing_extensions.Generic", "abc.ABC",
})

#: a function's parameters as REV303 compares them: (name, kind) in order
Params = Tuple[Tuple[str, str], ...]

#: counters for tests and the benchmark (this process only)
STATS: Dict[str, int] = {"builds": 0, "snapshot_loads": 0}


class ProjectIndex:
    """Every file's facts and the project-wide tables built from them once per process."""

    def __init__(self, root: str, files: Dict[str, FileFacts], entry_points: FrozenSet[str]) -> None:
        self.root = root
        self.files = files
        self.entry_points = entry_points
        self.paths = sorted(files)
        self.relative = {path: relative_to(path, root) for path in self.paths}
        self.modules = {path: module_name(relative) for path, relative in self.relative.items()}
        self.tests = {path for path, relative in self.relative.items() if is_test_path(relative)}
        self.ref_counts: Dict[bool, Counter] = {True: Counter(), False: Counter()}  # in a test file?
        self.member_counts: Dict[bool, Counter] = {True: Counter(), False: Counter()}
        self.self_reads: Dict[str, List[Tuple[str, str]]] = {}  # member → [(class, path)]
        self.dynamic: Dict[str, Set[str]] = {}  # class → paths
        self.logger_votes: Counter = Counter()
        self.prefixes: Dict[str, Set[str]] = {}  # class ('' outside methods) → prefixes of computed names
        self.combined: Set[str] = set()  # classes put together at run time: like mixins
        # REV303: callee → (path, function) → the function's compared parameters
        self.registered: Dict[str, Dict[Tuple[str, str], Params]] = {}
        self.wrappers: Set[str] = set()  # REV303: decorators of the project that return a wrapper
        self.values: Set[str] = set()  # REV803: names passed around as values (callbacks) outside tests
        for path in self.paths:
            self._count(path, files[path])
        self.class_names = {name for facts in files.values() for name, _ in facts.classes}
        self.module_suffixes: Set[str] = set()
        for module in self.modules.values():
            parts = module.split(".")
            self.module_suffixes.update(".".join(parts[index:]) for index in range(len(parts)))
        self._graph: Optional[ClassGraph] = None
        self._test_references: Dict[bool, Dict[str, List[str]]] = {}

    def _count(self, path: str, facts: FileFacts) -> None:
        test = path in self.tests
        self.ref_counts[test].update(facts.references())
        self.member_counts[test].update(facts.member_references())
        for cls, reads in facts.self_reads:
            for member in reads:
                self.self_reads.setdefault(member, []).append((cls, path))
        for cls in facts.dynamic:
            self.dynamic.setdefault(cls, set()).add(path)
        if facts.loggers:
            self.logger_votes[facts.loggers[0]] += 1
        for cls, prefixes in facts.prefixes:
            self.prefixes.setdefault(cls, set()).update(prefixes)
        self.combined |= facts.combined
        if not test:  # tests register stand-ins with whatever parameters they probe
            module, package = self.modules[path], self.relative[path].endswith("__init__.py")
            self.wrappers.update(f"{module}.{name}" for name in facts.wrappers)
            self.values |= facts.values
            for item in facts.registrations:
                callee = absolute_callee(item[0], module, package)
                if callee:
                    self.registered.setdefault(callee, {})[(path, item[1])] = compared_params(item)

    def __len__(self) -> int:
        return len(self.paths)

    @property
    def graph(self) -> ClassGraph:
        """The class graph of every indexed file, built on first use in this process."""
        if self._graph is None:
            graph = ClassGraph()
            for path in self.paths:
                facts = self.files[path]
                graph.add(self, facts, "*" in facts.imports or not facts.parsed)
            self._graph = graph
        return self._graph

    def test_files_referring(self, name: str, member: bool) -> List[str]:
        """The test files that may refer to ``name`` (as a class member), sorted; built on first use."""
        table = self._test_references.get(member)
        if table is None:
            table = self._test_references[member] = {}
            for path in sorted(self.tests):
                facts = self.files[path]
                for found in facts.member_references() if member else facts.references():
                    table.setdefault(found, []).append(path)
        return table.get(name, [])

    def prepare_graph(self) -> None:
        """Build the class graph now rather than on first use (in each forked worker)."""
        if self._graph is None:
            self._graph = self.graph

    def classify_base(self, text: str, local: FrozenSet[str], star: bool) -> Tuple[str, str]:
        """``("project", name)``, ``("builtin", name)``, ``("neutral", "")`` or ``("open", text)``.

        A base is a project class when the module it is imported from is a module of the
        project (any relative import is) and a class of that name exists in the project.
        """
        if text in _NEUTRAL_BASES:
            return ("neutral", "")
        owner, _, name = text.rpartition(".")
        if text.startswith("builtins."):
            return ("builtin", name) if _builtin_class(name) else ("open", text)
        if not owner:
            return self._classify_plain(text, local, star)
        in_project = text.startswith(".") or owner in self.module_suffixes
        return ("project", name) if in_project and name in self.class_names else ("open", text)

    def outside(self, text: str) -> bool:
        """A dotted base text imported from a module that is not the project's (``django.views.View``)."""
        owner = text.rpartition(".")[0]
        return bool(owner) and not text.startswith(".") and owner not in self.module_suffixes

    def _classify_plain(self, name: str, local: FrozenSet[str], star: bool) -> Tuple[str, str]:
        if name in local or (star and name in self.class_names):
            return ("project", name)
        if _builtin_class(name):
            return ("builtin", name)
        return ("open", name)


def _builtin_class(name: str) -> bool:
    return isinstance(getattr(builtins, name, None), type)


class ClassGraph:
    """Classes by name: project bases, subclasses, builtin bases, and bases that cannot be resolved.

    One graph holds every file of the index; a checked file lays its own fresh
    classes over it (``ClassGraph(base=index.graph)``), so nothing project-wide is
    rebuilt per file.
    """

    def __init__(self, base: Optional[ClassGraph] = None) -> None:
        self.base = base
        self.links: Dict[str, Dict[str, Set[str]]] = {"parents": {}, "children": {}, "builtins": {}}
        self.open: Set[str] = set()
        self.foreign: Set[str] = set()  # those with a base computed at run time or from another project
        self._related: Dict[str, Set[str]] = {}

    def add(self, index: ProjectIndex, facts: FileFacts, star: bool) -> None:
        """Add a file's classes."""
        local = frozenset(name for name, _ in facts.classes)
        for name, bases in facts.classes:
            for text in bases:
                classified = index.classify_base(text, local, star) if text else ("open", "")
                self._link(index, name, text, classified)

    def _link(self, index: ProjectIndex, name: str, text: str, classified: Tuple[str, str]) -> None:
        """Record one base (``text``) of the class ``name`` as :meth:`ProjectIndex.classify_base` sees it."""
        kind, base = classified
        links = self.links
        if kind == "project" and base != name:
            links["parents"].setdefault(name, set()).add(base)
            links["children"].setdefault(base, set()).add(name)
        elif kind == "builtin":
            links["builtins"].setdefault(name, set()).add(base)
        elif kind == "open":
            self.open.add(name)
            if not text or index.outside(text):
                self.foreign.add(name)

    def linked(self, table: str, name: str) -> Set[str]:
        """The classes ``table`` (parents, children, builtins) links ``name`` to."""
        found = self.links[table].get(name, set())
        return found | self.base.linked(table, name) if self.base is not None else found

    def closure(self, start: str, table: str) -> Set[str]:
        """``start`` and everything reachable from it through ``table``."""
        seen = {start}
        stack = [start]
        while stack:
            fresh = self.linked(table, stack.pop()) - seen
            seen |= fresh
            stack.extend(fresh)
        return seen

    def related(self, cls: str) -> Set[str]:
        """Classes that can share an instance with ``cls``: the bases of its subclasses (kept; not to
        be changed by the caller)."""
        found = self._related.get(cls)
        if found is None:
            found = set()
            for sub in self.closure(cls, "children"):
                found |= self.closure(sub, "parents")
            self._related[cls] = found
        return found

    def is_open(self, name: str) -> bool:
        """The class has a base that cannot be resolved."""
        return name in self.open or (self.base is not None and self.base.is_open(name))

    def is_foreign(self, name: str) -> bool:
        """The class has a base computed at run time or imported from a module outside the project."""
        return name in self.foreign or (self.base is not None and self.base.is_foreign(name))


class ProjectView:  # noqa: REV702 - the one facade the cross-module checks ask
    """Answers about one checked file: the index's other files plus this file's own fresh facts."""

    def __init__(self, index: ProjectIndex, ctx: FileContext) -> None:
        self.index = index
        self.ctx = ctx
        self.path = key(ctx.filename) if ctx.filename not in ("stdin", "-", "") else ""
        self.stale = index.files.get(self.path)
        relative = os.path.relpath(self.path, index.root) if self.path else ".."
        self.relative = relative if not relative.startswith("..") else ""
        self.is_test = is_test_path(self.relative) if self.relative else ctx.is_test_file
        self.stale_is_test = self.path in index.tests
        self.modules = len(index) + (0 if self.stale is not None else 1)
        self._graph: Optional[ClassGraph] = None
        self._member_patterns: Dict[str, FrozenSet[str]] = {}

    @cached_property
    def facts(self) -> FileFacts:
        """This file's facts: those the index read in this run (from the same bytes flake8 checks, the
        stdin buffer included), else worked out now (a file outside the index, or one it could not parse)."""
        if self.stale is not None and self.stale.parsed:
            return self.stale
        return file_facts(self.ctx)[0]

    @cached_property
    def local(self) -> LocalUses:
        """What only this file's own checks need: kept when the index parsed the file in this run."""
        kept = fresh_uses(self.path) if self.path and self.stale is not None and self.stale.parsed else None
        return kept if kept is not None else local_uses(self.ctx)

    # -- module-level names

    @cached_property
    def _stale_references(self) -> Tuple[FrozenSet[str], FrozenSet[str]]:
        """(references, member references) of this file's entry in the index, counted in its tables."""
        if self.stale is None:
            return frozenset(), frozenset()
        return self.stale.references(), self.stale.member_references()

    def _elsewhere(self, tables: Dict[bool, Counter], name: str, member: bool) -> Tuple[int, int]:
        """How many other production and test files may refer to ``name``."""
        counts = [tables[False][name], tables[True][name]]
        if name in self._stale_references[1 if member else 0]:
            counts[self.stale_is_test] -= 1
        return counts[0], counts[1]

    def referenced_elsewhere(self, name: str) -> bool:
        """Whether another file of the project may refer to the module-level ``name``."""
        return any(self._elsewhere(self.index.ref_counts, name, False))

    def references_by_kind(self, name: str, member: bool = False) -> Tuple[bool, List[str]]:
        """(referenced from another production file, the other test files referring to it)."""
        index = self.index
        production, tests = self._elsewhere(index.member_counts if member else index.ref_counts, name, member)
        if not tests:
            return production > 0, []
        return production > 0, [
            index.relative[path] for path in index.test_files_referring(name, member) if path != self.path
        ]

    # -- classes and members

    @property
    def graph(self) -> ClassGraph:
        """The project's class graph with this file's fresh classes laid over it.

        When the index read this file as flake8 checks it (the usual case), the graph
        already holds its classes as they are: it is used as it is, with what it learnt
        about other files' classes (:meth:`ClassGraph.related`).
        """
        if self._graph is None:
            facts, star = self.facts, self.local.star_import
            if facts is self.stale and star == ("*" in facts.imports or not facts.parsed):
                self._graph = self.index.graph
            else:
                self._graph = ClassGraph(self.index.graph)
                self._graph.add(self.index, facts, star)
        return self._graph

    def related(self, cls: str) -> Set[str]:
        """Classes that can share an instance with ``cls``: the bases of its subclasses."""
        return self.graph.related(cls)

    def has_subclasses(self, cls: str) -> bool:
        """Some class of the project derives from a class named ``cls``."""
        return bool(self.graph.linked("children", cls))

    def lineage_foreign(self, cls: str) -> bool:
        """Some class ``cls`` inherits from (by name) has a base computed at run time or imported
        from outside the project: its lineage is not the project's own, whatever astroid would say."""
        graph = self.graph
        return any(graph.is_foreign(ancestor) for ancestor in graph.closure(cls, "parents"))

    def is_open(self, cls: str) -> bool:
        """Some class sharing instances with ``cls`` has a base the project cannot resolve."""
        graph = self.graph
        return any(graph.is_open(other) for other in self.related(cls))

    def builtin_defines(self, cls: str, member: str) -> bool:
        """A builtin base of a related class already defines ``member`` (``dict.get``)."""
        graph = self.graph
        bases = {base for other in self.related(cls) for base in graph.linked("builtins", other)}
        return any(hasattr(getattr(builtins, base, None), member) for base in bases)

    def has_fields(self, cls: str) -> bool:
        """The class derives (within the project) from ``Enum``, ``NamedTuple``, ``TypedDict`` or kin:
        its class attributes are fields that the base class's machinery reads."""
        return bool(self.graph.closure(cls, "parents") & FIELD_BASES)

    def is_dynamic(self, cls: str) -> bool:
        """A related class reads ``self``'s attributes by computed names (``vars(self)``...)."""
        related = self.related(cls)
        if related & self.facts.dynamic:
            return True
        dynamic = self.index.dynamic
        return any(dynamic.get(name, set()) - {self.path} for name in related)

    def _self_readers(self, member: str) -> Iterator[Tuple[str, str]]:
        """``(class, path)`` of every class reading ``member`` on self, this file's fresh ones included."""
        for cls, path in self.index.self_reads.get(member, ()):
            if path != self.path:
                yield cls, path
        for cls, reads in self.facts.self_reads:
            if member in reads:
                yield cls, self.path

    def _test_file(self, path: str) -> str:
        """How a test file is named in messages, ``''`` for a production file."""
        if path == self.path:
            return (self.relative or self.ctx.filename) if self.is_test else ""
        if path not in self.index.tests:
            return ""
        return self.index.relative.get(path) or os.path.relpath(path, self.index.root)

    def member_uses(self, cls: str, member: str) -> Tuple[bool, List[str]]:
        """(used from production code, test files using it) for a member of class ``cls``.

        A private ``__name`` is also used through its mangled ``_Class__name``, and only
        by reads on ``self`` inside the class itself.
        """
        mangled = member.startswith("__") and not member.endswith("__")
        production = False
        tests: Set[str] = set()
        own = self.facts.member_references()
        for name in [member, f"_{cls.lstrip('_')}{member}"] if mangled else [member]:
            if name in own:
                production = production or not self.is_test
                tests.update([self._test_file(self.path)] if self.is_test else [])
            elsewhere, test_files = self.references_by_kind(name, member=True)
            production = production or elsewhere
            tests.update(test_files)
        readers = [
            path for reader, path in self._self_readers(member) if self._reads_for(cls, reader, mangled)
        ]
        shown = [self._test_file(path) for path in readers]
        production = production or not all(shown)
        tests.update(name for name in shown if name)
        return production, sorted(tests)

    def _reads_for(self, cls: str, reader: str, mangled: bool) -> bool:
        """Whether ``self.<member>`` read in class ``reader`` may be the member of ``cls``.

        A mixin (a class named ``*Mixin*``, or one listed in a bases tuple built at run
        time, ``type(name, (Base, Mixin), {})``) may be combined with any class: its reads
        and its members relate to all.
        """
        if mangled:
            return reader == cls
        related = self.related(cls)
        mixins = self.index.combined | self.facts.combined
        return reader in related or any("Mixin" in name or name in mixins for name in (reader, *related))

    def _prefixes(self, classes: Iterable[str]) -> Set[str]:
        found: Set[str] = set()
        own = dict(self.facts.prefixes)
        for name in classes:
            found |= self.index.prefixes.get(name, set()) | own.get(name, frozenset())
        return found

    def member_dispatched(self, cls: str, member: str) -> bool:
        """A related class looks up names like ``member`` on self (``getattr(self, "_on_" + event)``),
        or some code looks up such names on other objects (a pattern with a letter or digit)."""
        patterns = self._member_patterns.get(cls)
        if patterns is None:
            patterns = frozenset(self._prefixes(self.related(cls))) | self._global_patterns
            self._member_patterns[cls] = patterns
        return dispatched(member, patterns)

    @cached_property
    def _global_patterns(self) -> FrozenSet[str]:
        return frozenset(pattern for pattern in self._prefixes([""]) if meaningful(pattern))

    def global_patterns(self) -> FrozenSet[str]:
        """Patterns of names the project looks up on objects other than ``self``, or in namespaces."""
        return self._global_patterns

    @cached_property
    def _all_patterns(self) -> FrozenSet[str]:
        classes = {*self.index.prefixes, *(cls for cls, _ in self.facts.prefixes)}
        return frozenset(pattern for pattern in self._prefixes(classes) if meaningful(pattern))

    def name_dispatched(self, name: str) -> bool:
        """Some code of the project looks up names like ``name`` (a pattern with a letter or digit),
        or looks names up by changing the case of a name and ``name`` is this file's stem so changed
        (``Foo_bar`` in ``foo_bar.py``, when some module does ``getattr(mod, stem.capitalize())``)."""
        if dispatched(name, self._all_patterns):
            return True
        stem = os.path.splitext(os.path.basename(self.ctx.filename))[0]
        return any(getattr(stem, pattern[1:])() == name for pattern in self._all_patterns
                   if pattern[1:] in CASE_CHANGES)

    def logger_votes(self) -> Counter:
        """First logger name of each module of the project, with this file's fresh vote."""
        votes = Counter(self.index.logger_votes)
        if self.stale is not None and self.stale.loggers:
            votes[self.stale.loggers[0]] -= 1
        if self.facts.loggers:
            votes[self.facts.loggers[0]] += 1
        return +votes


# -- building once per run -----------------------------------------------------------------------

_CURRENT: List[ProjectIndex] = []  # the index of this run, when one is needed
_SNAPSHOTS: List[str] = []  # snapshot files this process wrote for its workers


def current() -> Optional[ProjectIndex]:
    """The project index of this run, or ``None`` when no cross-module code is selected (or it failed)."""
    return _CURRENT[0] if _CURRENT else None


@per_file
def view(ctx: FileContext) -> Optional[ProjectView]:
    """The project as the file of ``ctx`` sees it, once per file; ``None`` without an index."""
    index = current()
    return ProjectView(index, ctx) if index is not None else None


def _checked_paths(options: argparse.Namespace) -> List[str]:
    paths = list(getattr(options, "filenames", None) or ["."])
    display = getattr(options, "stdin_display_name", "stdin") or "stdin"
    return [(display if display != "stdin" else ".") if path == "-" else path for path in paths]


def _stdin_entry(options: argparse.Namespace, settings: Settings) -> Optional[Tuple[str, FileFacts]]:
    """The editor's buffer for ``--stdin-display-name``: it replaces that file on disk."""
    display = getattr(options, "stdin_display_name", "stdin") or "stdin"
    if "-" not in (getattr(options, "filenames", None) or ()) or display == "stdin":
        return None
    from flake8 import utils

    text = utils.stdin_get_value()  # cached: flake8 reads the same buffer later
    FILE_STATS["parsed"] += 1
    return key(display), facts_from_source(text.encode("utf-8"), display, settings, key(display))


def build(options: argparse.Namespace, settings: Settings) -> Optional[ProjectIndex]:
    """Find the root, list and summarize its files (through the cache) and index them."""
    STATS["builds"] += 1
    root = find_root(_checked_paths(options), settings.project_root)
    exclude = (*(getattr(options, "exclude", None) or ()), *(getattr(options, "extend_exclude", None) or ()))
    patterns = tuple(getattr(options, "filename", None) or ("*.py",))
    paths = discover(root, exclude, patterns)
    if paths is None:
        LOG.debug("flake8-review: too many files under %s: no project index", root)
        return None
    files = build_facts(root, paths, settings, jobs=_worker_jobs(options))
    stdin = _stdin_entry(options, settings)
    if stdin is not None:
        files[stdin[0]] = stdin[1]
    return ProjectIndex(root, files, entry_point_names(root))


def _worker_jobs(options: argparse.Namespace) -> int:
    jobs = getattr(options, "jobs", None)
    if getattr(jobs, "is_auto", False):
        return os.cpu_count() or 1
    return int(getattr(jobs, "n_jobs", 1) or 1)


def _spawns_workers(options: argparse.Namespace) -> bool:
    """Whether flake8 will start workers that run ``parse_options`` again (spawn or forkserver)."""
    paths = list(getattr(options, "filenames", None) or ["."])
    if "-" in paths or _worker_jobs(options) < 2 or (len(paths) == 1 and os.path.isfile(paths[0])):
        return False
    method = multiprocessing.get_start_method(allow_none=True) or multiprocessing.get_all_start_methods()[0]
    return method != "fork"


def _write_snapshot(index: ProjectIndex) -> None:
    """Hand the index to spawned workers: a file they load instead of building it again."""
    _remove_snapshots()
    folder = cache_folder(index.root) if not installed(index.root) else None
    if folder is None:
        try:
            folder = tempfile.mkdtemp(prefix="flake8-review-")
        except OSError:
            return
    payload = (index.root, {path: tuple(facts) for path, facts in index.files.items()}, index.entry_points)
    written = write_blob(folder, f"run-{os.getpid()}.pickle", payload, mode=0o600)
    if written is not None:
        _SNAPSHOTS.append(written)
        os.environ[SNAPSHOT_ENV] = f"{os.getpid()}:{written}"


@atexit.register
def _remove_snapshots() -> None:
    """The workers are gone when the main process exits: so is their snapshot."""
    for path in _SNAPSHOTS:
        try:
            os.unlink(path)
        except OSError:
            pass
    _SNAPSHOTS[:] = []


def _load_snapshot() -> Optional[ProjectIndex]:
    """In a spawned worker: the index its parent wrote, if there is one for this parent."""
    parent = multiprocessing.parent_process()
    pid, _, path = os.environ.get(SNAPSHOT_ENV, "").partition(":")
    if parent is None or pid != str(parent.pid):
        return None
    loaded = read_blob(path)
    if not (isinstance(loaded, tuple) and len(loaded) == 3 and isinstance(loaded[1], dict)):
        return None
    root, raw, entry_points = loaded
    files = {path: facts_of((0, 0, facts)) for path, facts in raw.items()}
    if any(facts is None for facts in files.values()):
        return None
    STATS["snapshot_loads"] += 1
    return ProjectIndex(root, files, entry_points)  # type: ignore[arg-type]


def configure(options: argparse.Namespace, settings: Settings, enabled: Optional[FrozenSet[str]]) -> None:
    """Build (or, in a spawned worker, load) the index when a selected code needs it.

    Called from ``parse_options``: once in flake8's main process, again in every
    spawned worker. Any failure leaves no index, and cross-module codes stay silent.
    """
    _CURRENT[:] = []
    if enabled is not None and not (enabled & CROSS_MODULE_CODES):
        return
    started = (time.perf_counter(), FILE_STATS["parsed"], FILE_STATS["cached"])
    source = "snapshot"
    try:
        index = _load_snapshot()
        if index is None:
            source = "built"
            index = build(options, settings)
            if index is not None and _spawns_workers(options):
                _write_snapshot(index)
    except Exception:  # a broken index must never stop flake8: no cross-module findings
        LOG.debug("flake8-review: no project index", exc_info=True)
        return
    if index is not None:
        if enabled is None or enabled & MEMBER_CODES:
            index.prepare_graph()  # once here, before flake8 forks its workers
        _CURRENT.append(index)
        longlived.freeze()  # out of the collector's way for the rest of the run (and of forked workers)
        _record(index, source, started)


def _record(index: ProjectIndex, source: str, started: Tuple[float, int, int]) -> None:
    """Append what building or loading the index cost to the file ``FLAKE8_REVIEW_INDEX_STATS``
    names, one JSON line per process (tests and bench/index.py read it); nothing without it."""
    path = os.environ.get(STATS_ENV)
    if not path:
        return
    line = json.dumps({
        "pid": os.getpid(),
        "role": "worker" if multiprocessing.parent_process() is not None else "main",
        "source": source,
        "root": index.root,
        "files": len(index),
        "parsed": FILE_STATS["parsed"] - started[1],
        "cached": FILE_STATS["cached"] - started[2],
        "seconds": round(time.perf_counter() - started[0], 6),
    })
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
    except OSError:
        pass
