"""Classes defined outside the checked file: the model, and reading them from their source.

:class:`ClassHandle` is what :mod:`flake8_review.classes` is told about a class of another
module or of an installed package: what its body binds (:class:`Member`), what it
inherits (``lineage``) and its method resolution order (``mro``). Three kinds exist:

* :class:`BuiltinClass`: ``dict``, ``OSError``, described by the running interpreter;
* :class:`SourceClass`: read from its module's source with Python's own parser. This is
  the fast path, and it covers what a class statement says plainly: a top-level class
  whose bases are classes of its module, builtins, or names imported without condition
  (``from x import Base``, ``import pkg.mod``, re-exports and star imports followed);
* the astroid bridge's classes (:mod:`flake8_review.inference`), for everything else:
  a base bound by an assignment or in an ``if``/``try``, a module without Python
  source, a name bound twice. :meth:`Sources.find` says when astroid is needed by
  answering with the dotted name to give it.

Nothing here imports astroid. Every answer is cached for the process.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import os
import sys
import time
from importlib.machinery import PathFinder
from typing import (
    Any, Dict, FrozenSet, Iterator, List, NamedTuple, Optional, Sequence, Set, Tuple, TypeVar, Union,
)

from flake8_review import foreign_store, longlived
from flake8_review.context import dotted_name

#: how many re-exports (``from a import X`` in ``a``, and so on) a name is followed through
MAX_HOPS = 16

#: parameter kinds, spelled as :class:`flake8_review.signature_helpers.Kind` spells them
POSITIONAL_ONLY = "positional-only"
POSITIONAL = "positional"
VAR_POSITIONAL = "*args"
KEYWORD_ONLY = "keyword-only"
VAR_KEYWORD = "**kwargs"

#: classes that define nothing a subclass could override (``object`` is never a base)
EMPTY_CLASSES = frozenset({
    "object", "builtins.object", "abc.ABC", "typing.Generic", "typing.Protocol",
    "typing_extensions.Generic", "typing_extensions.Protocol",
})

_ABC_ALIASES = (
    "Awaitable Coroutine AsyncIterable AsyncIterator AsyncGenerator Iterable Iterator Reversible "
    "Sized Container Collection Callable MutableSet Mapping MutableMapping Sequence "
    "MutableSequence ByteString MappingView KeysView ItemsView ValuesView Generator Hashable"
).split()
_OTHER_ALIASES = {
    "AbstractSet": "collections.abc.Set", "List": "builtins.list", "Dict": "builtins.dict",
    "Set": "builtins.set", "FrozenSet": "builtins.frozenset", "Tuple": "builtins.tuple",
    "Type": "builtins.type", "Text": "builtins.str", "Deque": "collections.deque",
    "DefaultDict": "collections.defaultdict", "OrderedDict": "collections.OrderedDict",
    "Counter": "collections.Counter", "ChainMap": "collections.ChainMap",
    "ContextManager": "contextlib.AbstractContextManager",
    "AsyncContextManager": "contextlib.AbstractAsyncContextManager",
}
#: ``typing.Mapping`` is ``collections.abc.Mapping`` at run time (``typing`` builds the alias by a call)
TYPING_ALIASES = {
    f"{module}.{name}": target
    for module in ("typing", "typing_extensions")
    for name, target in [*((abc, f"collections.abc.{abc}") for abc in _ABC_ALIASES), *_OTHER_ALIASES.items()]
}

_PROPERTY_DECORATORS = frozenset({
    "property", "cached_property", "abstractproperty", "setter", "getter", "deleter",
})

_T = TypeVar("_T")


class OutOfTime(Exception):
    """A question's deadline passed."""


class Clock:
    """The deadline of the running question, checked between the steps of a question."""

    deadline = float("inf")

    @classmethod
    def tick(cls) -> None:
        """Raise :class:`OutOfTime` once the running question's deadline has passed."""
        if time.perf_counter() > cls.deadline:
            raise OutOfTime


class Param(NamedTuple):
    """One parameter of a method defined elsewhere."""

    name: str
    kind: str
    has_default: bool


class Member(NamedTuple):
    """What one class body binds to a name.

    ``method`` is true for exactly one plain ``def`` (``typing.overload`` stubs aside,
    no property, no other binding of the name); ``params`` is ``None`` when its
    parameters are unknown (a function written in C).
    """

    owner: str  # the class's qualified name: ``socketserver.BaseRequestHandler``
    name: str
    method: bool
    params: Optional[Tuple[Param, ...]]
    decorators: Tuple[str, ...]  # dotted text of each decorator's callee
    has_docstring: bool  # some ``def`` of the name has a docstring

    @property
    def qualname(self) -> str:
        """``module.Class.name``: how messages name it."""
        return f"{self.owner}.{self.name}"


def plain_member(owner: str, name: str, functions: Sequence[Tuple[Tuple[str, ...], Any]], others: bool,
                 documented: bool) -> Member:
    """The member for the ``def`` statements of a name (decorators, parameters) and any other binding."""
    plain = [pair for pair in functions if "overload" not in last_components(pair[0])]
    if others or len(plain) != 1 or last_components(plain[0][0]) & _PROPERTY_DECORATORS:
        return Member(owner, name, False, None, (), documented)
    return Member(owner, name, True, plain[0][1], plain[0][0], documented)


def last_components(dotted: Sequence[str]) -> FrozenSet[str]:
    """``{'c'}`` of ``('a.b.c',)``."""
    return frozenset(text.rsplit(".", 1)[-1] for text in dotted)


class ClassHandle:
    """A class defined outside the checked file: what it binds and what it inherits.

    ``lineage`` is the class and every ancestor that could be resolved (``object`` and
    the classes of :data:`EMPTY_CLASSES` left out), nearest first; ``mro`` is the
    complete method resolution order in the same terms, ``None`` when some ancestor is
    unknown.
    """

    qname = ""
    lineage: Tuple[ClassHandle, ...] = ()
    mro: Optional[Tuple[ClassHandle, ...]] = None

    def binds(self, name: str, attributes: bool = False) -> bool:
        """Whether the class body binds ``name`` (or, with ``attributes``, its methods set ``self.name``)."""
        raise NotImplementedError

    def member(self, name: str) -> Optional[Member]:
        """What the class body binds to ``name``; ``None`` when it binds nothing."""
        raise NotImplementedError

    def link(self, bases: List[ClassHandle], complete: bool) -> None:
        """Set ``lineage`` and ``mro`` from the direct bases (``complete``: all of them resolved)."""
        lineage: List[ClassHandle] = [self]
        for base in bases:
            lineage.extend(c for c in base.lineage if c not in lineage)
        self.lineage = tuple(lineage)
        self.mro = None
        if complete and all(base.mro is not None for base in bases):
            merged = c3_merge([*(list(base.mro or ()) for base in bases), list(bases)])
            self.mro = None if merged is None else (self, *merged)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.qname}>"


class _Empty(ClassHandle):
    """``object``, ``abc.ABC``, ``Generic``, ``Protocol``: a base that defines nothing."""

    qname = "object"
    mro: Optional[Tuple[ClassHandle, ...]] = ()

    def binds(self, name: str, attributes: bool = False) -> bool:
        """Nothing."""
        return False

    def member(self, name: str) -> Optional[Member]:
        """Nothing."""
        return None


#: the handle of every base that defines nothing
EMPTY = _Empty()
#: qualified name → the handle of that class, whichever reader made it first
BY_QNAME: Dict[str, ClassHandle] = {}


# -- builtin classes: the running interpreter answers -----------------------------------------

class BuiltinClass(ClassHandle):
    """A class of the ``builtins`` module, described by the running interpreter."""

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.qname = f"builtins.{cls.__name__}"
        BY_QNAME[self.qname] = self
        ancestors = [builtin_class(c.__name__) for c in cls.__mro__ if c is not object]
        self.mro = tuple(ancestors)  # type: ignore[arg-type]
        self.lineage = self.mro

    def binds(self, name: str, attributes: bool = False) -> bool:
        """Whether the class's own namespace holds ``name``."""
        return name in vars(self.cls)

    def member(self, name: str) -> Optional[Member]:
        """A builtin's member: its signature is never known (it is written in C).

        The docstrings of its special methods are the interpreter's generic ones
        (``Initialize self.  See help(type(self))...``): they document nothing.
        """
        if name not in vars(self.cls):
            return None
        value = vars(self.cls)[name]
        special = name.startswith("__") and name.endswith("__")
        documented = not special and callable(value) and getattr(value, "__doc__", None) is not None
        return Member(self.qname, name, False, None, (), documented)


def builtin_class(name: str) -> Optional[ClassHandle]:
    """The handle of builtin class ``name`` (``dict``, ``OSError``); ``None`` for other names."""
    cls = getattr(builtins, name, None)
    if not isinstance(cls, type) or cls is object or getattr(builtins, cls.__name__, None) is not cls:
        return None
    return BY_QNAME.get(f"builtins.{cls.__name__}") or BuiltinClass(cls)


# -- classes read from their source ---------------------------------------------------------

#: what a look-up gives: a class, ``None`` (unknown for sure), or a dotted name to ask astroid about
Found = Union[ClassHandle, None, str]


class _Table(NamedTuple):
    """What a module binds at its top level, read once from its source.

    Positions are the indexes of the module's top-level statements, so that a class's
    bases are looked up as they stand when its ``class`` statement runs.
    """

    module: str
    is_package: bool
    bindings: Dict[str, List[Tuple[int, str]]]  # name → (position, an import's origin or '') of each
    classes: Dict[int, ClassBody]  # the top-level ``class`` statements by position
    stars: List[Tuple[int, str]]  # (position, module) of each unconditional star import
    conditional: Dict[str, List[int]]  # name → positions of the ``if``/``try``/loop statements binding it
    wild: List[Tuple[int, str]]  # (position, module) of star imports in an ``if`` or ``try``
    end: int  # the number of top-level statements


class ClassBody(NamedTuple):
    """What a top-level ``class`` statement of a module read from source says.

    Kept instead of the statement's tree: a run reads many base modules, and their
    trees, held for the whole process, would be most of its memory (and of the
    garbage collector's work).
    """

    bases: Tuple[Tuple[str, str], ...]  # each base expression as :func:`split_chain` splits it
    members: Dict[str, Tuple[Tuple[Tuple[Tuple[str, ...], Tuple[Param, ...]], ...], bool, bool]]
    # name → (decorators and parameters of each ``def`` of it, bound otherwise too, documented)
    attributes: FrozenSet[str]  # what its methods assign on their first parameter


def class_body(node: ast.ClassDef) -> ClassBody:
    """The summary of a ``class`` statement that :class:`SourceClass` answers from."""
    statements: Dict[str, List[ast.stmt]] = {}
    attributes: Set[str] = set()
    for statement in node.body:
        for name in bound_names(statement):
            statements.setdefault(name, []).append(statement)
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            attributes.update(_assigned_attributes(statement))
    members = {}
    for name, bound in statements.items():
        functions = [
            s for s in bound if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == name
        ]
        documented = any(ast.get_docstring(f, clean=False) is not None for f in functions)
        defs = tuple((tuple(dotted_name(d) for d in f.decorator_list), params_of(f.args)) for f in functions)
        members[name] = (defs, len(functions) != len(bound), documented)
    return ClassBody(tuple(split_chain(base) for base in node.bases), members, frozenset(attributes))


class SourceClass(ClassHandle):
    """A top-level class read from its module's source with Python's own parser."""

    def __init__(self, qname: str, body: ClassBody) -> None:
        self.qname = qname
        self.body = body
        self._members: Dict[str, Optional[Member]] = {}

    def binds(self, name: str, attributes: bool = False) -> bool:
        """Whether the class body binds ``name`` (with ``attributes``: or its methods set ``self.name``)."""
        return name in self.body.members or (attributes and name in self.body.attributes)

    def member(self, name: str) -> Optional[Member]:
        """What the class body binds to ``name``: its ``def`` statements and any other binding."""
        if name not in self._members:
            found = self.body.members.get(name)
            self._members[name] = None if found is None else plain_member(self.qname, name, *found)
        return self._members[name]


def _assigned_attributes(function: Union[ast.FunctionDef, ast.AsyncFunctionDef]) -> Iterator[str]:
    """The attributes a method assigns on its first parameter (``self.name = ...``).

    Only statements are visited (assignments, ``for`` and ``with`` targets, in any
    block, nested functions included), not expressions: base modules are read whole,
    so this runs on every method of every class they define.
    """
    positional = [*function.args.posonlyargs, *function.args.args]
    if not positional:
        return
    first = positional[0].arg
    stack: List[ast.AST] = list(function.body)
    while stack:
        statement = stack.pop()
        for target in _targets(statement):
            value = getattr(target, "value", None)
            if isinstance(target, ast.Attribute) and isinstance(value, ast.Name) and value.id == first:
                yield target.attr
        for field in _BLOCK_FIELDS:
            stack.extend(getattr(statement, field, ()))


#: the fields of a statement (or handler, or ``case``) that hold a block of statements
_BLOCK_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")


def _targets(statement: ast.AST) -> Iterator[ast.AST]:
    """What a statement assigns to, tuples and starred targets unpacked."""
    if isinstance(statement, ast.Assign):
        pending = list(statement.targets)
    elif isinstance(statement, (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor)):
        pending = [statement.target]
    elif isinstance(statement, (ast.With, ast.AsyncWith)):
        pending = [item.optional_vars for item in statement.items if item.optional_vars is not None]
    else:
        return
    while pending:
        target = pending.pop()
        if isinstance(target, (ast.Tuple, ast.List)):
            pending.extend(target.elts)
        elif isinstance(target, ast.Starred):
            pending.append(target.value)
        else:
            yield target


def params_of(args: ast.arguments) -> Tuple[Param, ...]:
    """The parameters of a ``def`` in order, with their kinds and whether they have a default."""
    positional = [*args.posonlyargs, *args.args]
    first_default = len(positional) - len(args.defaults)
    only = len(args.posonlyargs)
    params = [
        Param(arg.arg, POSITIONAL_ONLY if index < only else POSITIONAL, index >= first_default)
        for index, arg in enumerate(positional)
    ]
    if args.vararg is not None:
        params.append(Param(args.vararg.arg, VAR_POSITIONAL, False))
    params.extend(
        Param(arg.arg, KEYWORD_ONLY, default is not None)
        for arg, default in zip(args.kwonlyargs, args.kw_defaults)
    )
    if args.kwarg is not None:
        params.append(Param(args.kwarg.arg, VAR_KEYWORD, False))
    return tuple(params)


def bound_names(statement: ast.AST) -> Set[str]:
    """Names a statement binds, in any branch (not inside the functions or classes it defines)."""
    found: Set[str] = set()
    stack: List[ast.AST] = [statement]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            found.add(node.name)
            continue
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            found.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            found.update((a.asname or a.name).split(".", 1)[0] for a in node.names if a.name != "*")
        stack.extend(ast.iter_child_nodes(node))
    return found


class Sources:
    """Modules read with Python's own parser, and the classes in them (cached for the process).

    :meth:`find` follows a dotted name through plain imports, re-exports and star
    imports to the ``class`` statement that defines it, and resolves that class's
    bases the same way. Where the source does not say plainly (an assignment, a
    conditional binding, a module without Python source), it answers with the dotted
    name astroid should be asked about instead.
    """

    _files: Dict[Tuple[Tuple[str, ...], str], Optional[Tuple[str, bool]]] = {}
    _tables: Dict[str, Optional[_Table]] = {}
    _pending: Set[str] = set()
    _found: Dict[Tuple[Tuple[str, ...], str], bool] = {}

    @classmethod
    def find(cls, dotted: str, roots: Sequence[str], hops: int = MAX_HOPS) -> Found:
        """The class ``dotted`` names, ``None`` when unknown, or the name to ask astroid about."""
        Clock.tick()
        dotted = TYPING_ALIASES.get(dotted, dotted)
        if dotted in EMPTY_CLASSES:
            return EMPTY
        if dotted.startswith("builtins.") and dotted.count(".") == 1:
            return builtin_class(dotted[len("builtins."):])
        module, _, name = dotted.rpartition(".")
        if module and not cls._findable(module.partition(".")[0], roots):
            return None  # no such package: astroid would not find it either
        table = cls.table(module, roots) if module and hops > 0 else None
        found = cls._lookup(table, name, roots, hops, table.end) if table is not None else dotted
        return found if found != "" else dotted  # not bound there (a submodule, ``__getattr__``)

    @classmethod
    def _lookup(cls, table: _Table, name: str, roots: Sequence[str], hops: int, before: int) -> Found:
        """What a module's top-level ``name`` holds just before statement ``before``.

        The last unconditional binding counts, unless an ``if``/``try`` binding or a star
        import that binds the name comes after it: then astroid decides (or the star
        import's module, when it surely binds the name). ``''`` when nothing binds it.
        """
        dotted = f"{table.module}.{name}"
        bound = [pair for pair in table.bindings.get(name, []) if pair[0] < before]
        start = bound[-1][0] if bound else -1
        if any(start < place < before for place in table.conditional.get(name, ())):
            return dotted
        rebound = cls._rebound(table, name, roots, start, before)
        if rebound is None:
            return None  # a compiled module without source may rebind it (``from _datetime import *``)
        if rebound:
            return dotted
        star = cls._star_origin(table, name, roots, start, before)
        if star is None:
            return dotted  # cannot tell: astroid's turn
        if not (star or bound):
            return ""
        if not star and bound[-1][1] == "":
            return cls._class(dotted, table, roots, start) if start in table.classes else dotted
        target = absolute_name(star or bound[-1][1], table.module, table.is_package)
        return cls.find(target, roots, hops - 1) if target else None

    @classmethod
    def _star_origin(cls, table: _Table, name: str, roots: Sequence[str], start: int,
                     before: int) -> Optional[str]:
        """``source.name`` for the last star import between the two positions whose module binds
        ``name``; ``''`` when none does, ``None`` when that cannot be told."""
        if name.startswith("_"):
            return ""  # a star import does not bring private names
        for place, star in reversed(table.stars):
            if not start < place < before:
                continue
            source = absolute_name(star, table.module, table.is_package)
            binds = cls._star_binds(source, name, roots) if source else None
            if binds is None:
                return None
            if binds:
                return f"{star}{name}" if star.endswith(".") else f"{star}.{name}"
        return ""

    @classmethod
    def _rebound(cls, table: _Table, name: str, roots: Sequence[str], start: int,
                 before: int) -> Optional[bool]:
        """Whether a star import in an ``if``/``try`` between the positions may rebind ``name``;
        ``None`` when a module it may come from cannot be read (an accelerator compiled in C)."""
        if name.startswith("_"):
            return False  # a star import does not bring private names
        for place, star in table.wild:
            if not start < place < before:
                continue
            source = absolute_name(star, table.module, table.is_package)
            if not source:
                return True
            binds = cls._star_binds(source, name, roots)
            if binds is None:
                return None
            if binds:
                return True
        return False

    @classmethod
    def _star_binds(cls, module: str, name: str, roots: Sequence[str]) -> Optional[bool]:
        """Whether ``from module import *`` may bind ``name``; ``None`` when that cannot be told.

        A module compiled into the interpreter (``_ast``, ``_io``) has no source, but the
        running interpreter lists its names (importing it runs no Python code).
        """
        found = cls.table(module, roots)
        if found is not None:
            return name in found.bindings or name in found.conditional or bool(found.wild or found.stars)
        if module not in sys.builtin_module_names:
            return None
        names = getattr(importlib.import_module(module), "__all__", None)
        return name in names if names is not None else hasattr(sys.modules[module], name)

    @classmethod
    def _class(cls, dotted: str, table: _Table, roots: Sequence[str], place: int) -> Found:
        """The class a top-level ``class`` statement defines, with its bases (or astroid's turn)."""
        known = BY_QNAME.get(dotted)
        if known is not None:
            return known
        if dotted in cls._pending:
            return None  # a cycle
        body = table.classes[place]
        cls._pending.add(dotted)
        try:
            bases = [cls._base(head, tail, table, roots, place) for head, tail in body.bases]
        finally:
            cls._pending.discard(dotted)
        if any(isinstance(base, str) for base in bases):
            return dotted  # a base the source does not name plainly: astroid reads the class
        handle = SourceClass(dotted, body)
        handle.link([b for b in bases if isinstance(b, ClassHandle) and b is not EMPTY], None not in bases)
        BY_QNAME[dotted] = handle
        return handle

    @classmethod
    def _base(cls, head: str, tail: str, table: _Table, roots: Sequence[str], place: int) -> Found:
        """The class one base expression (split as ``a``, ``b.C``) names, as it stands at ``place``."""
        if not head:
            return f"{table.module}.?"  # a call or another expression: astroid infers it
        if not tail:
            found = cls._lookup(table, head, roots, MAX_HOPS, place)
            return cls.find(f"builtins.{head}", roots) if found == "" else found  # ``object``: nothing
        bound = [pair for pair in table.bindings.get(head, []) if pair[0] < place]
        if not bound or not bound[-1][1] or head in table.conditional:
            return f"{table.module}.?"
        if cls._rebound(table, head, roots, bound[-1][0], place):
            return f"{table.module}.?"
        return cls.find(f"{absolute_name(bound[-1][1], table.module, table.is_package)}.{tail}", roots)

    @classmethod
    def table(cls, module: str, roots: Sequence[str]) -> Optional[_Table]:
        """The top-level bindings of a module with Python source; ``None`` when it has none."""
        found = cls._file(module, roots)
        if found is None:
            return None
        path, is_package = found
        if path not in cls._tables:
            status = foreign_store.status_of(path)
            kept = foreign_store.load(path, status)
            table = _from_plain(module, is_package, kept) if kept is not foreign_store.MISSING else False
            if table is False:
                try:
                    with open(path, "rb") as stream:
                        tree = ast.parse(stream.read())
                except (OSError, SyntaxError, ValueError):
                    table = None
                else:
                    table = _read(module, is_package, tree)
                foreign_store.save(path, status, _plain(table) if table is not None else None)
            cls._tables[path] = table
            longlived.added()
        return cls._tables[path]

    @classmethod
    def path_of(cls, module: str, roots: Sequence[str]) -> str:
        """The Python source file of ``module`` as :meth:`find` reads it; ``''`` when it has none."""
        found = cls._file(module, roots)
        return os.path.abspath(found[0]) if found is not None else ""

    @classmethod
    def _findable(cls, package: str, roots: Sequence[str]) -> bool:
        """Whether the import system could find top-level module ``package`` (nothing is imported).

        ``sys.modules`` and every finder of ``sys.meta_path`` are asked (built-in and
        frozen modules, editable installs' finders), the path-based one with ``roots`` first.
        """
        key = (tuple(roots), package)
        if key not in cls._found:
            cls._found[key] = package in sys.modules or _has_spec(package, roots)
        return cls._found[key]

    @classmethod
    def _file(cls, module: str, roots: Sequence[str]) -> Optional[Tuple[str, bool]]:
        """(source path, is a package) of a module, found as the import system would find it (roots first).

        Only the path-based finders are asked, so nothing is imported; a module without
        Python source (built in, an extension, behind another finder) has none.
        """
        key = (tuple(roots), module)
        if key not in cls._files:
            cls._files[key] = None
            path: Optional[List[str]] = [*roots, *(entry for entry in _sys_path() if entry not in roots)]
            parts = module.split(".")
            spec = None
            for depth in range(len(parts)):
                spec = PathFinder.find_spec(".".join(parts[:depth + 1]), path)
                path = list(spec.submodule_search_locations or []) if spec is not None else None
                if spec is None or (not path and depth < len(parts) - 1):
                    return None  # not found, or a module where a package should be
            origin = getattr(spec, "origin", None) or ""
            if origin.endswith(".py"):
                cls._files[key] = (origin, os.path.basename(origin) == "__init__.py")
        return cls._files[key]


def _has_spec(package: str, roots: Sequence[str]) -> bool:
    """Whether some finder finds top-level module ``package``; a finder that fails counts as finding it."""
    path = [*roots, *(entry for entry in _sys_path() if entry not in roots)]
    for finder in sys.meta_path:
        try:
            if finder is PathFinder or getattr(finder, "__name__", "") == "PathFinder":
                spec = PathFinder.find_spec(package, path)
            else:
                spec = finder.find_spec(package, None)  # type: ignore[attr-defined]
        except Exception:  # noqa: REV601 - a third-party finder's failure: assume the module is there
            return True
        if spec is not None:
            return True
    return False


def _sys_path() -> List[str]:
    return [entry or os.getcwd() for entry in sys.path]


def _read(module: str, is_package: bool, tree: ast.Module) -> _Table:
    """A module's top-level bindings, read from its parsed source."""
    bindings: Dict[str, List[Tuple[int, str]]] = {}
    stars: List[Tuple[int, str]] = []
    conditional: Dict[str, List[int]] = {}
    wild: List[Tuple[int, str]] = []
    for place, statement in enumerate(tree.body):
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            pairs = _imported(statement)
        elif isinstance(statement, _PLAIN_STATEMENTS):
            pairs = [(name, "") for name in bound_names(statement)]
        else:
            pairs = []
            for name in bound_names(statement):
                conditional.setdefault(name, []).append(place)
            wild.extend((place, source) for source in _star_sources(statement))
        for local, origin in pairs:
            if local == "*":
                stars.append((place, origin))
            else:
                bindings.setdefault(local, []).append((place, origin))
    classes = {
        place: class_body(node) for place, node in enumerate(tree.body) if isinstance(node, ast.ClassDef)
    }
    return _Table(module, is_package, bindings, classes, stars, conditional, wild, len(tree.body))


def _plain(table: _Table) -> tuple:
    """A table as tuples, dicts, lists, strings and numbers only (what the disk cache holds)."""
    classes = {
        place: (
            body.bases,
            {
                name: (tuple((decorators, tuple(tuple(p) for p in params)) for decorators, params in defs),
                       others, documented)
                for name, (defs, others, documented) in body.members.items()
            },
            tuple(sorted(body.attributes)),
        )
        for place, body in table.classes.items()
    }
    return table.bindings, classes, table.stars, table.conditional, table.wild, table.end


def _from_plain(module: str, is_package: bool, kept: Any) -> Union[_Table, None, bool]:
    """The table :func:`_plain` gave (``None``: the module could not be read); ``False`` if malformed."""
    if kept is None:
        return None
    try:
        bindings, classes, stars, conditional, wild, end = kept
        bodies = {
            place: ClassBody(
                tuple(tuple(base) for base in bases),
                {
                    name: (tuple((tuple(decorators), tuple(Param._make(p) for p in params))
                                 for decorators, params in defs), others, documented)
                    for name, (defs, others, documented) in members.items()
                },
                frozenset(attributes),
            )
            for place, (bases, members, attributes) in classes.items()
        }
    except (TypeError, ValueError, AttributeError):
        return False
    return _Table(module, is_package, bindings, bodies, stars, conditional, wild, end)


def _star_sources(statement: ast.stmt) -> Iterator[str]:
    """The modules a compound statement star-imports (``try: from _speedups import *``)."""
    for node in ast.walk(statement):
        if isinstance(node, ast.ImportFrom) and node.names[0].name == "*":
            yield "." * (node.level or 0) + (node.module or "")


#: top-level statements that bind their names whatever happens
_PLAIN_STATEMENTS = (
    ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef, ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Delete,
)


def _imported(statement: Union[ast.Import, ast.ImportFrom]) -> List[Tuple[str, str]]:
    """(local name, origin) of each name an import binds; ``('*', module)`` for a star import.

    ``import a.b`` binds ``a`` (origin ``a``); relative origins keep their dots.
    """
    if isinstance(statement, ast.Import):
        return [
            (alias.asname, alias.name) if alias.asname else (alias.name.split(".", 1)[0],) * 2
            for alias in statement.names
        ]
    source = "." * (statement.level or 0) + (statement.module or "")
    joint = "." if statement.module else ""
    return [
        ("*", source) if alias.name == "*" else (alias.asname or alias.name, f"{source}{joint}{alias.name}")
        for alias in statement.names
    ]


def split_chain(base: ast.AST) -> Tuple[str, str]:
    """``a.b.C`` (or ``a.b.C[T]``) as ``('a', 'b.C')``; ``('', '')`` for anything else."""
    target = base.value if isinstance(base, ast.Subscript) else base
    rest: List[str] = []
    while isinstance(target, ast.Attribute):
        rest.append(target.attr)
        target = target.value
    return (target.id, ".".join(reversed(rest))) if isinstance(target, ast.Name) else ("", "")


# -- shared helpers ---------------------------------------------------------------------------

def c3_merge(sequences: List[List[_T]]) -> Optional[List[_T]]:
    """The C3 merge of linearizations (Python's MRO); ``None`` when there is no consistent order."""
    merged: List[_T] = []
    sequences = [list(seq) for seq in sequences if seq]
    while sequences:
        head = next(
            (seq[0] for seq in sequences if not any(seq[0] in other[1:] for other in sequences)), None,
        )
        if head is None:
            return None
        merged.append(head)
        for seq in sequences:
            if seq[0] is head:
                del seq[0]
        sequences = [seq for seq in sequences if seq]
    return merged


_LOCATIONS: Dict[str, Tuple[str, str, bool]] = {}


def locate(filename: str) -> Tuple[str, str, bool]:
    """(package root, dotted module name, is a package) of a checked file; ``('', '', False)`` for stdin.

    The package root is the folder above the file's top-level package (the file's own
    folder when it is not in a package), where Python would find it.
    """
    if filename in ("", "-", "stdin"):
        return "", "", False
    known = _LOCATIONS.get(filename)
    if known is None:
        path = os.path.abspath(filename)
        folder, base = os.path.split(path)
        stem = os.path.splitext(base)[0]
        parts = [] if stem == "__init__" else [stem]
        while os.path.isfile(os.path.join(folder, "__init__.py")):
            folder, package = os.path.split(folder)
            if not package:
                break
            parts.insert(0, package)
        known = _LOCATIONS[filename] = (folder, ".".join(parts), stem == "__init__")
    return known


def absolute_name(dotted: str, module: str, is_package: bool) -> str:
    """``..base.Store`` imported in ``module`` as an absolute name; ``''`` when it leaves the package."""
    level = len(dotted) - len(dotted.lstrip("."))
    if not level:
        return dotted
    if not module:
        return ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    if level - 1 >= len(package):
        return ""
    anchor = package[:len(package) - (level - 1)]
    rest = dotted[level:]
    return ".".join([*anchor, rest]) if rest else ".".join(anchor)
