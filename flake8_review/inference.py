"""The astroid bridge: what classes defined in other modules and installed packages bind.

The plain AST of one file cannot tell what ``http.server.BaseHTTPRequestHandler``
or ``pkg.base.Store`` defines. This module answers that, and only that, for the
REV1, REV3, REV4 and REV8 override questions (through :mod:`flake8_review.classes`,
the only module that calls it): :func:`find_class` resolves the absolute dotted name
of a base class (the checked file's own imports already expanded by the caller) to a
:class:`~flake8_review.foreign.ClassHandle`, or ``None`` when it cannot be resolved.
A handle knows what its body binds and what it inherits (see :mod:`flake8_review.foreign`).

Rules of the bridge:

* **Lazy.** Questions come only from classes with a base defined elsewhere, and only
  when a check needs the answer. Builtin classes are answered by the running
  interpreter. Other classes are first read from their module's source with Python's
  own parser (:class:`~flake8_review.foreign.Sources`: a class statement whose bases
  are plainly named, through imports, re-exports and star imports); astroid is
  imported and asked only when the source does not say plainly (a base bound by an
  assignment or in an ``if``/``try``, a module without Python source). This keeps
  astroid's cost (it builds every module it touches, and the modules those star-import)
  to the few classes that need inference.
* **Narrow.** The checked file itself is never built by astroid: the caller resolves
  its base expressions through the file's own imports, so stdin needs nothing special.
  astroid resolves a dotted name to exactly one class: a module-level name resolves to
  its last unconditional binding (a ``try`` body wins over its ``except ImportError``
  fallback); anything else ambiguous (two classes, a call result, an instance) is
  unknown. Classes that astroid's brain plugins fabricate (not in their module's body:
  ``subprocess.Popen``, ``collections.OrderedDict`` as astroid sees them) are unknown
  too: their signatures are approximations.
* **Cached for the run.** Resolved names and class handles are cached here for the
  process, across files; astroid's manager caches the modules it builds.
* **Forgiving.** Every failure (an exception of any kind, ``RecursionError`` included,
  and warnings, which are silenced) makes the answer unknown. There are no signals or
  threads: each question checks a deadline between its steps (one class or one name
  resolved per step), gives up past :data:`QUESTION_SECONDS`, and after
  :data:`PROCESS_SECONDS` spent in questions in one process every later question is
  unknown at once. These limits are a safety valve, far above what real code bases
  need, so that results do not depend on the machine's speed. A dotted name that
  failed or timed out is not asked again. Unknown means no finding for REV301/REV302
  and REV803, and no exemption for REV1/REV4.

Modules are searched first in the checked file's package root (the folder above its
top-level package) and in ``--review-project-root``, then on ``sys.path``; the search
path is extended only for the duration of a question. Caches key modules by name, so
when one run checks two projects with a same-named module, the first one found is
used for both.
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from contextlib import contextmanager
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Set, Tuple, TypeVar

from flake8_review import longlived
from flake8_review.foreign import (
    BY_QNAME,
    EMPTY,
    EMPTY_CLASSES,
    KEYWORD_ONLY,
    MAX_HOPS,
    POSITIONAL,
    POSITIONAL_ONLY,
    TYPING_ALIASES,
    VAR_KEYWORD,
    VAR_POSITIONAL,
    ClassHandle,
    Clock,
    Member,
    OutOfTime,
    Param,
    Sources,
    builtin_class,
    plain_member,
)

__all__ = ["EMPTY", "EMPTY_CLASSES", "ClassHandle", "Member", "Param", "Stats", "find_class"]

#: give up on one question (one base class and its ancestors) after this many seconds
QUESTION_SECONDS = 10.0
#: stop asking at all once one process has spent this long in questions
PROCESS_SECONDS = 300.0

_T = TypeVar("_T")


class Stats:
    """How much the bridge was used in this process (tests and measurements read it)."""

    questions = 0  # dotted names resolved (cache misses)
    astroid = 0  # of those, the ones the source reader handed to astroid
    cached = 0  # dotted names answered from the cache
    unknown = 0  # questions that ended unknown (not found, ambiguous, failed or timed out)
    timeouts = 0  # questions that ran out of time
    failures = 0  # questions that raised
    seconds = 0.0  # time spent in questions
    errors: List[str] = []  # the first few failures, for a developer looking into them
    handed: List[str] = []  # the first few names handed to astroid, likewise
    KEPT = 20

    @classmethod
    def as_dict(cls) -> Dict[str, float]:
        """The counters, for a report."""
        names = ("questions", "astroid", "cached", "unknown", "timeouts", "failures", "seconds")
        return {name: getattr(cls, name) for name in names}


class _Budget:
    """Past :data:`PROCESS_SECONDS` of questions in this process, no more questions."""

    exhausted = False


#: (search roots, dotted name) → the class, or ``None`` for unknown
_FOUND: Dict[Tuple[Tuple[str, ...], str], Optional[ClassHandle]] = {}
#: search roots of the running question (the failed-import hook reads them)
_ACTIVE_ROOTS: List[str] = []
_STATE: Dict[str, Any] = {}


def find_class(dotted: str, roots: Sequence[str]) -> Optional[ClassHandle]:
    """The class an absolute dotted name (``http.server.BaseHTTPRequestHandler``) names.

    ``roots`` are the folders searched before ``sys.path``. ``None`` when the name
    cannot be resolved to exactly one class, or when a question fails or runs out of time.
    """
    dotted = TYPING_ALIASES.get(dotted, dotted)
    if dotted.startswith("builtins.") and dotted.count(".") == 1:
        return builtin_class(dotted[len("builtins."):])
    key = (tuple(roots), dotted)
    if key in _FOUND:
        Stats.cached += 1
        return _FOUND[key]
    found = _ask(lambda: _answer(dotted, roots), roots)
    _FOUND[key] = found
    return found


def _answer(dotted: str, roots: Sequence[str]) -> Optional[ClassHandle]:
    """The source reader's answer, or astroid's where the source does not say plainly."""
    found = Sources.find(dotted, roots)
    if not isinstance(found, str):
        return found
    Stats.astroid += 1
    if len(Stats.handed) < Stats.KEPT:
        Stats.handed.append(found)
    return _resolve(found) if _manager() is not None else None


def _ask(question: Callable[[], Optional[_T]], roots: Sequence[str]) -> Optional[_T]:
    """Run one question under the bridge's rules: a deadline, no warnings, any failure unknown."""
    if _Budget.exhausted:
        Stats.unknown += 1
        return None
    Stats.questions += 1
    start = time.perf_counter()
    Clock.deadline = start + QUESTION_SECONDS
    modules = _astroid_modules()
    answer: Optional[_T] = None
    try:
        with warnings.catch_warnings(), _search_path(roots):
            warnings.simplefilter("ignore")
            answer = question()
    except OutOfTime:
        Stats.timeouts += 1
    except Exception as error:  # noqa: REV601 - astroid's failures are not ours: the answer is unknown
        Stats.failures += 1
        if len(Stats.errors) < Stats.KEPT:
            Stats.errors.append(f"{type(error).__name__}: {error}"[:200])
    finally:
        Clock.deadline = float("inf")
        _drop_tracebacks()
        if _astroid_modules() > modules:
            longlived.added(longlived.THRESHOLD)  # astroid built modules: freeze them before the next file
        Stats.seconds += time.perf_counter() - start
        _Budget.exhausted = Stats.seconds > PROCESS_SECONDS
    if answer is None:
        Stats.unknown += 1
    return answer


def _astroid_modules() -> int:
    """How many modules astroid keeps built (0 before astroid is used)."""
    return len(getattr(_STATE.get("manager"), "astroid_cache", None) or ())


def _drop_tracebacks() -> None:
    """Cut the tracebacks of the exceptions astroid keeps for failed imports.

    astroid caches such an exception and raises the same object again on the next
    look-up; each raise sets its traceback, whose frames (and their callers' frames)
    hold the checked file's tree and facts. Left there, every file that asked a
    question would stay in memory for the rest of the run, and the garbage collector
    would walk them all again and again.
    """
    cache = getattr(_STATE.get("manager"), "_mod_file_cache", None)
    if not isinstance(cache, dict):
        return
    pending = [value for value in cache.values() if isinstance(value, BaseException)]
    seen: Set[int] = set()
    while pending:
        error = pending.pop()
        if id(error) in seen:
            continue
        seen.add(id(error))
        error.__traceback__ = None
        linked = (error.__context__, error.__cause__, getattr(error, "error", None))
        pending.extend(e for e in linked if isinstance(e, BaseException))


@contextmanager
def _search_path(roots: Sequence[str]) -> Iterator[None]:
    """Search ``roots`` first while a question runs (astroid looks modules up on ``sys.path``)."""
    added = [root for root in roots if root not in sys.path]
    sys.path[:0] = added
    _ACTIVE_ROOTS[:] = roots
    try:
        yield
    finally:
        for root in added:
            if root in sys.path:
                sys.path.remove(root)
        _ACTIVE_ROOTS.clear()


def _manager() -> Any:
    """astroid's module manager, imported and set up on first use; ``None`` without astroid."""
    if "manager" not in _STATE:
        _STATE["manager"] = None
        try:
            from astroid.manager import AstroidManager

            manager = AstroidManager()
            manager.register_failed_import_hook(_import_from_roots)
            _STATE["manager"] = manager
        except Exception:  # noqa: REV601 - no usable astroid: every answer is unknown
            return None
    return _STATE["manager"]


def _import_from_roots(modname: str) -> Any:
    """astroid's failed-import hook: a module of the running question's roots.

    astroid remembers failed look-ups by name, so a module that another file's question
    did not find (its roots were different) is looked for here.
    """
    from astroid.exceptions import AstroidBuildingError

    parts = modname.split(".")
    for root in _ACTIVE_ROOTS:
        base = os.path.join(root, *parts)
        for path in (base + ".py", os.path.join(base, "__init__.py")):
            if os.path.isfile(path):
                return _manager().ast_from_file(path, modname, fallback=False)
    raise AstroidBuildingError(f"no module {modname} in the checked project")


# -- from a dotted name to a class, by astroid -------------------------------------------------

def _resolve(dotted: str) -> Optional[ClassHandle]:
    """Find the longest module prefix of ``dotted``, then follow the rest as attributes."""
    from astroid import nodes
    from astroid.exceptions import AstroidBuildingError

    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            found: Any = _manager().ast_from_module_name(".".join(parts[:cut]))
        except AstroidBuildingError:
            continue
        for name in parts[cut:]:
            found = _attribute(found, name, MAX_HOPS) if found is not None else None
        return _handle(found) if isinstance(found, nodes.ClassDef) else None
    return None


def _attribute(owner: Any, name: str, hops: int) -> Any:
    """What ``owner.name`` is: a module or a class node, else ``None`` (unknown or something else)."""
    from astroid import nodes

    Clock.tick()
    if hops <= 0:
        return None
    if isinstance(owner, nodes.ClassDef):
        bound = owner.locals.get(name, [])
        classes = [node for node in bound if isinstance(node, nodes.ClassDef)]
        return classes[0] if len(bound) == 1 and classes else None
    if not isinstance(owner, nodes.Module):
        return None
    bindings = owner.locals.get(name)
    if not bindings:
        return _submodule(owner, name)
    live = _live(bindings)
    # ``try: from _speedups import X`` / ``except ImportError: class X: ...``: the ``try`` wins,
    # unless what it imports cannot be found (then the fallback is what runs)
    if _opaque_star(owner):
        return None  # ``try: from _accelerator import *``: what it binds cannot be seen
    preferred = [node for node in live if not any(_replaced(node, other) for other in live)]
    found, missing = _one_value(preferred, name, hops)
    if missing and len(preferred) < len(live):
        found = _one_value([node for node in live if node not in preferred], name, hops)[0]
    return found


def _one_value(bindings: List[Any], name: str, hops: int) -> Tuple[Any, bool]:
    """The one module or class these bindings bind (else ``None``), and whether every one of
    them imports a module that does not exist (then an ``except ImportError`` fallback runs).

    A module that exists without Python source (a C extension) is not missing: it is unknown.
    """
    from astroid.exceptions import AstroidBuildingError, AstroidError

    values: Dict[int, Any] = {}
    missing = 0
    for node in bindings:
        try:
            value = _binding_value(node, name, hops)
        except AstroidBuildingError:
            value, missing = None, missing + 1
        except AstroidError:
            value = None
        values[id(value)] = value
    found = next(iter(values.values())) if len(values) == 1 else None
    return found, bool(bindings) and missing == len(bindings)


def _submodule(module: Any, name: str) -> Any:
    """``pkg.sub`` when ``module`` is package ``pkg`` and ``sub`` one of its modules."""
    from astroid.exceptions import AstroidBuildingError

    if not module.package:
        return None
    try:
        return _manager().ast_from_module_name(f"{module.name}.{name}")
    except AstroidBuildingError:
        return None


def _live(bindings: List[Any]) -> List[Any]:
    """The bindings of a module-level name that may be the final one.

    The last unconditional binding at the top of the module, and the conditional
    ones (in an ``if``, ``try``...) that come after it.
    """
    ordered = sorted(bindings, key=lambda node: (node.lineno or 0, node.col_offset or 0))
    live: List[Any] = []
    for node in ordered:
        statement = node.statement()
        if statement.parent is node.root():
            live = [node]
        else:
            live.append(node)
    return live


def _replaced(fallback: Any, other: Any) -> bool:
    """Whether ``fallback`` is bound in an ``except`` block of a ``try`` whose body binds ``other``."""
    from astroid import nodes

    handler = next((up for up in _parents(fallback) if isinstance(up, nodes.ExceptHandler)), None)
    if handler is None or other is fallback:
        return False
    statement = handler.parent
    return any(up is statement for up in _parents(other)) and not any(
        isinstance(up, nodes.ExceptHandler) and up.parent is statement for up in _parents(other)
    )


_OPAQUE: Dict[str, bool] = {}


def _opaque_star(module: Any) -> bool:
    """Whether a module star-imports, in an ``if`` or ``try``, a module without Python source.

    ``try: from _datetime import *`` rebinds names with classes written in C, which astroid
    cannot read: every name of such a module is unknown.
    """
    if module.name not in _OPAQUE:
        _OPAQUE[module.name] = any(not _pure_python(node) for node in _conditional_stars(module))
    return _OPAQUE[module.name]


def _conditional_stars(module: Any) -> Iterator[Any]:
    """The star imports in a module's top-level ``if``/``try`` statements."""
    from astroid import nodes

    for statement in module.body:
        if not isinstance(statement, nodes.ImportFrom):  # unconditional ones are in its names already
            skip = (nodes.FunctionDef, nodes.ClassDef)
            found = statement.nodes_of_class(nodes.ImportFrom, skip_klass=skip)
            yield from (node for node in found if node.names[0][0] == "*")


def _pure_python(star: Any) -> bool:
    """Whether a star import's module has Python source (a missing module counts as such: harmless)."""
    from astroid.exceptions import AstroidBuildingError

    try:
        return bool(star.do_import_module(star.modname).pure_python)
    except AstroidBuildingError:
        return True


def _parents(node: Any) -> Iterator[Any]:
    """The node's parents up to its module."""
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _binding_value(node: Any, name: str, hops: int) -> Any:
    """The module or class one binding of a module-level name binds, else ``None``."""
    from astroid import nodes

    if isinstance(node, nodes.ClassDef):
        return node
    if isinstance(node, nodes.ImportFrom):
        real = node.real_name(name)
        module = node.do_import_module(node.modname)
        return _attribute(module, real, hops - 1)
    if isinstance(node, nodes.Import):
        real = node.real_name(name)
        return _manager().ast_from_module_name(real)
    if isinstance(node, nodes.AssignName):
        return _single_class(node)
    return None


def _single_class(node: Any) -> Any:
    """The one class an expression or assignment infers to, else ``None``."""
    from astroid import nodes

    found: Dict[int, Any] = {}
    for value in node.infer():
        Clock.tick()
        if not isinstance(value, nodes.ClassDef):
            return None
        found[id(value)] = value
        if len(found) > 1:
            return None
    return next(iter(found.values())) if found else None


# -- classes built by astroid -----------------------------------------------------------------

#: id of an astroid class node → (the node, its handle): holding the node keeps its id unique
_HANDLES: Dict[int, Tuple[Any, Optional[ClassHandle]]] = {}
_PENDING: Set[int] = set()


def _handle(node: Any) -> Optional[ClassHandle]:
    """The handle of an astroid class node, with its ancestors resolved; ``None`` when unknown.

    A class that the source reader already made (under the same qualified name) is reused,
    so that both readers' classes meet in one method resolution order.
    """
    if node.root().name == "builtins":
        return builtin_class(node.name)
    known = BY_QNAME.get(node.qname())
    if known is not None:
        return known
    key = id(node)
    if key in _HANDLES:
        return _HANDLES[key][1]
    if key in _PENDING or not _genuine(node):
        return None  # a cycle, or a class a brain plugin made up
    _PENDING.add(key)
    try:
        handle = AstroidClass(node)
    finally:
        _PENDING.discard(key)
    _HANDLES[key] = (node, handle)
    BY_QNAME.setdefault(handle.qname, handle)
    return handle


def _genuine(node: Any) -> bool:
    """A class its module's source defines (brain plugins add classes no statement holds)."""
    child, parent = node, node.parent
    while parent is not None:
        if not any(item is child for item in parent.get_children()):
            return False
        child, parent = parent, parent.parent
    return True


class AstroidClass(ClassHandle):
    """A class of another module or of an installed package, as astroid reads it."""

    def __init__(self, node: Any) -> None:
        self.node = node
        self.qname = node.qname()
        bases: List[ClassHandle] = []
        complete = True
        for expression in node.bases:
            Clock.tick()
            found = self._base_class(expression)
            if found is None:
                complete = False
            elif found is not EMPTY:
                bases.append(found)
        self.link(bases, complete)
        self._members: Dict[str, Optional[Member]] = {}

    def binds(self, name: str, attributes: bool = False) -> bool:
        """Whether the class body binds ``name`` (with ``attributes``: or its methods set ``self.name``)."""
        return name in self.node.locals or (attributes and name in self.node.instance_attrs)

    def member(self, name: str) -> Optional[Member]:
        """What the class body binds to ``name``, read from its statements (nothing is inferred)."""
        if name not in self._members:
            try:
                self._members[name] = self._member(name, self.node.locals.get(name, []))
            except Exception:  # noqa: REV601 - an odd node: the member is unknown
                self._members[name] = Member(self.qname, name, False, None, (), False)
        return self._members[name]

    @staticmethod
    def _base_class(expression: Any) -> Optional[ClassHandle]:
        """The class a base expression of an astroid class names; ``None`` when unknown."""
        from astroid import nodes

        target = expression
        if isinstance(expression, nodes.Subscript):
            target = expression.value  # ``Generic[T]``, ``Mapping[str, int]``
        if not isinstance(target, (nodes.Name, nodes.Attribute)):
            return None  # ``with_metaclass(Meta, Base)``, ``namedtuple(...)``
        found = _single_class(target)
        qname = found.qname() if found is not None else ""
        if qname in EMPTY_CLASSES:
            return EMPTY
        if qname in TYPING_ALIASES:
            alias = TYPING_ALIASES[qname]
            builtin = alias.startswith("builtins.")
            return builtin_class(alias[len("builtins."):]) if builtin else _resolve(alias)
        return None if found is None else _handle(found)

    def _member(self, name: str, bound: List[Any]) -> Optional[Member]:
        """The :class:`Member` for the nodes the class body binds to ``name``."""
        from astroid import nodes

        if not bound:
            return None
        functions = [node for node in bound if isinstance(node, nodes.FunctionDef)]
        documented = any(node.doc_node is not None for node in functions)
        defs = [(self._decorators(node), self._params(node.args)) for node in functions]
        return plain_member(self.qname, name, defs, len(functions) != len(bound), documented)

    @staticmethod
    def _decorators(function: Any) -> Tuple[str, ...]:
        """The dotted text of each decorator's callee."""
        if not function.decorators:
            return ()
        return tuple(AstroidClass._dotted(d) for d in function.decorators.nodes)

    @staticmethod
    def _params(args: Any) -> Optional[Tuple[Param, ...]]:
        """The parameters of an astroid ``arguments`` node; ``None`` when unknown (a C function)."""
        if args is None or args.args is None:
            return None
        posonly = args.posonlyargs or []
        positional = [*posonly, *args.args]
        first_default = len(positional) - len(args.defaults or [])
        params = [
            Param(arg.name, POSITIONAL_ONLY if index < len(posonly) else POSITIONAL, index >= first_default)
            for index, arg in enumerate(positional)
        ]
        if args.vararg:
            params.append(Param(args.vararg, VAR_POSITIONAL, False))
        for arg, default in zip(args.kwonlyargs or [], args.kw_defaults or []):
            params.append(Param(arg.name, KEYWORD_ONLY, default is not None))
        if args.kwarg:
            params.append(Param(args.kwarg, VAR_KEYWORD, False))
        return tuple(params)

    @staticmethod
    def _dotted(node: Any) -> str:
        """``a.b.c`` of an astroid name or attribute chain (a call gives its callee), else ``''``."""
        from astroid import nodes

        parts: List[str] = []
        while True:
            if isinstance(node, nodes.Call):
                node = node.func
            if isinstance(node, nodes.Attribute):
                parts.append(node.attrname)
                node = node.expr
            elif isinstance(node, nodes.Name):
                parts.append(node.name)
                return ".".join(reversed(parts))
            else:
                return ""
