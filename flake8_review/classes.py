"""Classes of one module: their bases, overrides and how methods bind their first argument.

Shared by every category that must know whether a method overrides another
(REV1 exemptions, and the signature, docstring and unused-code checks). Bases
defined in the same module are resolved from the AST (:func:`ancestors`,
:func:`base_method`); a base imported from elsewhere is known by name
(:func:`foreign_bases`), and what it binds is asked of the astroid bridge
(:mod:`flake8_review.inference`) only when a check needs it: :func:`bound_elsewhere`
and :func:`members_elsewhere` give evidence from the bases that could be resolved,
:func:`base_binding` and :func:`hierarchy_known` say whether the whole hierarchy is
known. ``object`` resolves to nothing. Every fact is built once per file from
:class:`~flake8_review.context.FileContext` queries, never by walking the tree.
"""

from __future__ import annotations

import ast
import os
from typing import Dict, FrozenSet, Iterator, List, Optional, Set, Tuple, Union

from flake8_review import foreign, foreign_store, inference
from flake8_review.context import FUNCTION_TYPES, FileContext, FunctionInfo, per_file
from flake8_review.roots import project_of, search_roots


def last_component(dotted: str) -> str:
    """``c`` of ``a.b.c``."""
    return dotted.rsplit(".", 1)[-1]


def names_by_scope(ctx: FileContext, *types: type) -> Dict[ast.AST, Set[str]]:
    """Scope → names of the definitions (``def``/``class``) or imports of the given types in it."""
    found: Dict[ast.AST, Set[str]] = {}
    for node in ctx.nodes(*types):
        names = found.setdefault(ctx.scope(node), set())
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name != "*":
                    names.add(alias.asname or alias.name.split(".", 1)[0])
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            names.update(node.names)
        else:
            names.add(node.name)  # type: ignore[attr-defined]
    return found


@per_file
def imported_names(ctx: FileContext) -> Dict[ast.AST, Set[str]]:
    """Names bound by an import, per scope: never checked."""
    return names_by_scope(ctx, ast.Import, ast.ImportFrom)


@per_file
def defined_names(ctx: FileContext) -> Dict[ast.AST, Set[str]]:
    """Names bound by ``def``/``class`` per scope: REV101/REV102 own them."""
    return names_by_scope(ctx, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@per_file
def _classes_by_scope(ctx: FileContext) -> Dict[Tuple[ast.AST, str], ast.ClassDef]:
    """(scope, name) → the first class of that name defined directly in that scope."""
    found: Dict[Tuple[ast.AST, str], ast.ClassDef] = {}
    for node in ctx.nodes(ast.ClassDef):
        found.setdefault((ctx.scope(node), node.name), node)  # type: ignore[arg-type,attr-defined]
    return found


def _local_class(ctx: FileContext, base: ast.AST) -> Optional[ast.ClassDef]:
    """The class of this module a base expression names, looked up the way Python would.

    The scope the base is evaluated in first, then the enclosing functions and the
    module (class bodies do not enclose); imported names are never local classes.
    """
    if not isinstance(base, ast.Name) or base.id in ctx.import_aliases:
        return None
    classes = _classes_by_scope(ctx)
    scope: Optional[ast.AST] = ctx.scope(base)
    found = classes.get((scope, base.id))  # type: ignore[arg-type]
    while found is None and scope is not None and scope is not ctx.tree:
        scope = ctx.parent(scope)
        while scope is not None and not isinstance(scope, (ast.Module, *FUNCTION_TYPES, ast.Lambda)):
            scope = ctx.parent(scope)
        if scope is not None:
            found = classes.get((scope, base.id))
    return found


@per_file
def _bases_memo(ctx: FileContext) -> Dict[ast.ClassDef, Tuple[List[ast.ClassDef], Tuple[str, ...]]]:
    return {}


def _split_bases(ctx: FileContext, cls: ast.ClassDef) -> Tuple[List[ast.ClassDef], Tuple[str, ...]]:
    """The direct bases of ``cls``: the classes of this module, and the dotted names of the others."""
    memo = _bases_memo(ctx)
    known = memo.get(cls)
    if known is None:
        local: List[ast.ClassDef] = []
        foreign: List[str] = []
        for base in cls.bases:
            found = _local_class(ctx, base)
            if found is None:
                text = ctx.resolve(base)
                foreign.append(text[len("builtins."):] if text.startswith("builtins.") else text)
            elif found is not cls:
                local.append(found)
        known = memo[cls] = (local, tuple(foreign))
    return known


def _search_ancestors(ctx: FileContext, cls: ast.ClassDef) -> Tuple[ast.ClassDef, ...]:
    """Depth-first, left to right, each class once; a cycle (``class Foo(Foo)``) ends where it closes."""
    order: List[ast.ClassDef] = []
    seen = {cls}
    stack = _split_bases(ctx, cls)[0][::-1]
    while stack:
        ancestor = stack.pop()
        if ancestor in seen:
            continue
        seen.add(ancestor)
        order.append(ancestor)
        stack.extend(_split_bases(ctx, ancestor)[0][::-1])
    return tuple(order)


@per_file
def _hierarchy(ctx: FileContext) -> Dict[ast.ClassDef, Tuple[Tuple[ast.ClassDef, ...], Tuple[str, ...]]]:
    """Class → its same-module ancestors (nearest first) and the foreign bases of it and them.

    Classes are visited in source order, so a class whose one local base is already
    known extends that base's facts instead of searching again.
    """
    facts: Dict[ast.ClassDef, Tuple[Tuple[ast.ClassDef, ...], Tuple[str, ...]]] = {}
    for cls in ctx.nodes(ast.ClassDef):
        local, foreign = _split_bases(ctx, cls)  # type: ignore[arg-type]
        base_facts = facts.get(local[0]) if len(local) == 1 else None
        if base_facts is not None and cls not in base_facts[0]:
            facts[cls] = ((local[0], *base_facts[0]), foreign + base_facts[1])  # type: ignore[index]
            continue
        found = _search_ancestors(ctx, cls)  # type: ignore[arg-type]
        names = list(foreign)
        for ancestor in found:
            names.extend(_split_bases(ctx, ancestor)[1])
        facts[cls] = (found, tuple(names))  # type: ignore[index]
    return facts


def ancestors(ctx: FileContext, cls: ast.ClassDef) -> Tuple[ast.ClassDef, ...]:
    """Base classes of ``cls`` defined in this module, transitively, nearest first (left to right).

    ``object`` and bases defined elsewhere resolve to nothing.
    """
    return _hierarchy(ctx)[cls][0]


def foreign_bases(ctx: FileContext, cls: ast.ClassDef) -> Tuple[str, ...]:
    """Dotted names (imports expanded) of the bases of ``cls`` and its local ancestors defined elsewhere."""
    return _hierarchy(ctx)[cls][1]


@per_file
def _class_methods(ctx: FileContext) -> Dict[ast.ClassDef, Dict[str, ast.AST]]:
    """Class → its methods by name (first definition)."""
    methods: Dict[ast.ClassDef, Dict[str, ast.AST]] = {}
    for info in ctx.functions:
        if info.owner is not None:
            methods.setdefault(info.owner, {}).setdefault(info.name, info.node)
    return methods


def base_method(ctx: FileContext, info: FunctionInfo) -> Optional[ast.AST]:
    """The method of a same-module base class that ``info`` overrides, if any."""
    if info.owner is None:
        return None
    methods = _class_methods(ctx)
    for ancestor in ancestors(ctx, info.owner):
        found = methods.get(ancestor, {}).get(info.name)
        if found is not None:
            return found
    return None


_OVERRIDE_DECORATORS = frozenset({"override", "overrides"})


def has_override_decorator(info: FunctionInfo) -> bool:
    """``typing.override``, ``typing_extensions.override``, ``override`` (or ``overrides``)."""
    return any(last_component(d) in _OVERRIDE_DECORATORS for d in info.decorators)


_METACLASSES = frozenset({"type", "abc.ABCMeta", "enum.EnumMeta", "enum.EnumType"})
_METACLASS_SUFFIXES = ("Meta", "Metaclass", "MetaClass")


@per_file
def _metaclass_memo(ctx: FileContext) -> Dict[ast.ClassDef, bool]:
    return {}


def is_metaclass(ctx: FileContext, cls: ast.ClassDef) -> bool:
    """A class deriving from ``type`` (or an evident metaclass such as ``ABCMeta``)."""
    memo = _metaclass_memo(ctx)
    if cls not in memo:
        foreign = list(foreign_bases(ctx, cls))
        memo[cls] = any(
            text in _METACLASSES or last_component(text).endswith(_METACLASS_SUFFIXES) for text in foreign
        )
    return memo[cls]


def derives_from(ctx: FileContext, cls: ast.ClassDef, names: FrozenSet[str]) -> bool:
    """Whether a base defined elsewhere (of ``cls`` or a local ancestor) is one of ``names``."""
    return any(last_component(text) in names for text in foreign_bases(ctx, cls))


# -- bases defined elsewhere: the astroid bridge ------------------------------------------------

FOUND, ABSENT, UNKNOWN = "found", "absent", "unknown"
#: how the names of a scope are bound: (scope, name) → the imports' origins, scope → other names
_Origins = Dict[Tuple[ast.AST, str], Set[str]]


class ElsewhereFacts:
    """What a file's classes inherit from classes defined elsewhere, asked of the bridge on demand.

    Base expressions are read through the file's own imports (:meth:`name_of`); only
    the classes they name are then resolved by :mod:`flake8_review.inference`, which
    reads their modules' source and asks astroid where the source does not say plainly.
    Answers are kept per file (and by the bridge for the run).
    """

    def __init__(self, ctx: FileContext) -> None:
        # kept in ctx.facts: holding ctx here would make a cycle that keeps every file's tree alive
        location = foreign.locate(ctx.filename)
        self.module, self.is_package = location[1], location[2]
        self.roots = search_roots(location[0], ctx.settings.project_root)  # searched before sys.path
        # the summaries of the modules read for this file's bases are kept in its project's cache
        foreign_store.use_project(
            project_of(location[0], ctx.settings.project_root), chosen=bool(ctx.settings.project_root)
        )
        self._origins: Optional[_Origins] = None
        self._others: Dict[ast.AST, Set[str]] = {}
        self._resolved: Dict[ast.AST, Optional[inference.ClassHandle]] = {}
        self._classes: Dict[ast.AST, Tuple[Tuple[inference.ClassHandle, ...], bool]] = {}

    def _bindings(self, ctx: FileContext) -> _Origins:
        """Every import's absolute origin per (scope, name); the other names each scope binds too.

        Relative imports are made absolute from the file's place in its package; one
        that cannot be (stdin, a file outside a package) has the origin ``''``.
        """
        if self._origins is None:
            self._origins = {}
            for node in ctx.each(ast.Import, ast.ImportFrom):
                for alias in node.names:  # type: ignore[attr-defined]
                    local, origin = self._origin(node, alias)
                    if local:
                        self._origins.setdefault((ctx.scope(node), local), set()).add(origin)
            self._collect_others(ctx)
        return self._origins

    def _collect_others(self, ctx: FileContext) -> None:
        """Names each scope binds other than by an import: assignments, ``def``/``class``, parameters."""
        others = self._others
        for node in ctx.nodes(ast.Name):
            if not isinstance(node.ctx, ast.Load):  # type: ignore[attr-defined]
                others.setdefault(ctx.scope(node), set()).add(node.id)  # type: ignore[attr-defined]
        for scope, names in defined_names(ctx).items():
            others.setdefault(scope, set()).update(names)
        for function in ctx.each(*FUNCTION_TYPES, ast.Lambda):
            others.setdefault(function, set()).update(p.arg for p in params(function.args))  # type: ignore
        for handler in ctx.nodes(ast.ExceptHandler):
            others.setdefault(ctx.scope(handler), set()).add(handler.name or "")  # type: ignore[attr-defined]

    def _origin(self, node: ast.AST, alias: ast.alias) -> Tuple[str, str]:
        """(local name, absolute origin) of one imported name; no local name for ``*``."""
        if isinstance(node, ast.Import):
            local = alias.asname or alias.name.split(".", 1)[0]
            return local, alias.name if alias.asname else local
        if alias.name == "*":
            return "", ""
        level, source = "." * (node.level or 0), node.module  # type: ignore[attr-defined]
        text = f"{level}{source}.{alias.name}" if source else f"{level}{alias.name}"
        return alias.asname or alias.name, foreign.absolute_name(text, self.module, self.is_package)

    def class_bindings(self, ctx: FileContext, cls: ast.ClassDef) -> Set[str]:
        """Every name a class body of this module binds (``def``, ``class``, assignments, imports)."""
        origins = self._bindings(ctx)
        return self._others.get(cls, set()) | {name for scope, name in origins if scope is cls}

    def name_of(self, ctx: FileContext, base: ast.AST) -> str:
        """The absolute dotted name of a base class defined elsewhere, ``''`` when it is not evident.

        ``Handler`` after ``from http.server import BaseHTTPRequestHandler as Handler`` is
        ``http.server.BaseHTTPRequestHandler``; an unbound ``dict`` is ``builtins.dict``.
        A name the file binds otherwise (``Base = declarative_base()``), imports from
        two places, or a call (``with_metaclass(Meta)``) is not evident. Names are looked
        up as Python would: the scope the class statement runs in, the enclosing
        functions, the module, the builtins.
        """
        head, tail = self._split(base)
        if not head:
            return ""
        origins = self._bindings(ctx)
        for scope in self._lookup_scopes(ctx, base):
            if head in self._others.get(scope, ()):
                return ""
            found = origins.get((scope, head))
            if found is not None:
                origin = next(iter(found)) if len(found) == 1 else ""
                return f"{origin}.{tail}" if origin and tail else origin
        return f"builtins.{head}" if not tail and foreign.builtin_class(head) else ""

    @staticmethod
    def _split(base: ast.AST) -> Tuple[str, str]:
        """``a.b.C`` (or ``a.b.C[T]``) as ``('a', 'b.C')``; ``('', '')`` for anything else."""
        target = base.value if isinstance(base, ast.Subscript) else base
        rest: List[str] = []
        while isinstance(target, ast.Attribute):
            rest.append(target.attr)
            target = target.value
        return (target.id, ".".join(reversed(rest))) if isinstance(target, ast.Name) else ("", "")

    @staticmethod
    def _lookup_scopes(ctx: FileContext, node: ast.AST) -> Iterator[ast.AST]:
        """The scopes a name in ``node`` is looked up in: its own, the enclosing functions, the module.

        Enclosing class bodies are skipped, as Python skips them.
        """
        scope: Optional[ast.AST] = ctx.scope(node)
        while scope is not None:
            yield scope
            scope = ctx.parent(scope) if scope is not ctx.tree else None
            while scope is not None and not isinstance(scope, (ast.Module, *FUNCTION_TYPES, ast.Lambda)):
                scope = ctx.parent(scope)

    def resolve(self, ctx: FileContext, base: ast.AST) -> Optional[inference.ClassHandle]:
        """The class a base expression names when defined elsewhere (see :func:`resolve_elsewhere`)."""
        if base not in self._resolved:
            dotted = self.name_of(ctx, base)
            if not dotted:
                self._resolved[base] = None
            elif dotted in inference.EMPTY_CLASSES:
                self._resolved[base] = inference.EMPTY
            else:
                self._resolved[base] = inference.find_class(dotted, self.roots)
        return self._resolved[base]

    @staticmethod
    def has_bases(ctx: FileContext, cls: ast.ClassDef) -> bool:
        """Whether ``cls`` or a same-module ancestor has a base from elsewhere other than ``object``
        (read from the module alone: no astroid)."""
        return any(text not in inference.EMPTY_CLASSES for text in foreign_bases(ctx, cls))

    def lineage_within(self, ctx: FileContext, cls: ast.ClassDef, folder: str) -> bool:
        """Whether every class ``cls`` inherits from elsewhere is resolved and read from a source file
        below ``folder`` (builtin classes aside): none of them is a framework's or a library's."""
        handles, complete = self.of_class(ctx, cls)
        if not complete or not folder:
            return False
        top = os.path.join(os.path.abspath(folder), "")
        for ancestor in (ancestor for handle in handles for ancestor in handle.lineage):
            if isinstance(ancestor, foreign.BuiltinClass):
                continue
            module = ancestor.qname.rpartition(".")[0] if isinstance(ancestor, foreign.SourceClass) else ""
            path = foreign.Sources.path_of(module, self.roots) if module else ""
            if not path.startswith(top):
                return False
        return True

    def of_class(self, ctx: FileContext, cls: ast.ClassDef) -> Tuple[Tuple[inference.ClassHandle, ...], bool]:
        """The classes from elsewhere that ``cls`` and its local ancestors derive from directly.

        Those resolved, nearest first, and whether every one was resolved with all its ancestors.
        """
        known = self._classes.get(cls)
        if known is None:
            found: List[inference.ClassHandle] = []
            bases = [base for owner in (cls, *ancestors(ctx, cls)) for base in owner.bases]
            resolved = [self.resolve(ctx, base) for base in bases if _local_class(ctx, base) is None]
            for handle in resolved:
                if handle is not None and handle is not inference.EMPTY and handle not in found:
                    found.append(handle)
            complete = all(handle is not None and handle.mro is not None for handle in resolved)
            known = self._classes[cls] = (tuple(found), complete)
        return known


@per_file
def elsewhere_facts(ctx: FileContext) -> ElsewhereFacts:
    """The :class:`ElsewhereFacts` of the file, built by the first check that asks."""
    return ElsewhereFacts(ctx)


def resolve_elsewhere(ctx: FileContext, base: ast.AST) -> Optional[inference.ClassHandle]:
    """The class a base expression names when it is defined elsewhere; ``None`` when unknown.

    ``inference.EMPTY`` for ``object``, ``abc.ABC``, ``Generic[...]`` and ``Protocol``,
    which define nothing. Builtin classes are answered by the interpreter; other classes
    are the bridge's business (:mod:`flake8_review.inference`).
    """
    return elsewhere_facts(ctx).resolve(ctx, base)


def bound_elsewhere(ctx: FileContext, cls: ast.ClassDef, name: str, attributes: bool = False) -> bool:
    """Evidence that ``name`` is imposed on ``cls``: a class it inherits from elsewhere binds it.

    Only the classes that could be resolved are searched, so ``False`` proves nothing.
    With ``attributes``, ``self.<name>`` set in such a class's methods counts too.
    Asks the bridge only for classes with such bases.
    """
    facts = elsewhere_facts(ctx)
    if not facts.has_bases(ctx, cls):
        return False
    handles = facts.of_class(ctx, cls)[0]
    return any(ancestor.binds(name, attributes) for handle in handles for ancestor in handle.lineage)


def members_elsewhere(ctx: FileContext, cls: ast.ClassDef, name: str) -> Iterator[inference.Member]:
    """What the resolved classes ``cls`` inherits from elsewhere bind to ``name``, nearest first.

    Each :class:`~flake8_review.inference.Member` tells whether it is one plain method,
    its parameters (when known), decorators and whether it has a docstring.
    """
    facts = elsewhere_facts(ctx)
    if not facts.has_bases(ctx, cls):
        return
    seen: Set[inference.ClassHandle] = set()
    for handle in facts.of_class(ctx, cls)[0]:
        for ancestor in handle.lineage:
            found = ancestor.member(name) if ancestor not in seen else None
            seen.add(ancestor)
            if found is not None:
                yield found


def base_binding(ctx: FileContext, cls: ast.ClassDef, name: str) -> str:
    """Whether a base class of ``cls`` binds ``name``: :data:`FOUND`, :data:`ABSENT` or :data:`UNKNOWN`.

    Base classes of the module are searched first, then those defined elsewhere
    (through the bridge, only when needed). ``ABSENT`` is an answer only when every
    base was resolved, transitively; ``object`` binds nothing.
    """
    facts = elsewhere_facts(ctx)
    if any(name in facts.class_bindings(ctx, ancestor) for ancestor in ancestors(ctx, cls)):
        return FOUND
    if not facts.has_bases(ctx, cls):
        return ABSENT
    if bound_elsewhere(ctx, cls, name):
        return FOUND
    return ABSENT if facts.of_class(ctx, cls)[1] else UNKNOWN


def hierarchy_known(ctx: FileContext, cls: ast.ClassDef) -> bool:
    """Whether every base of ``cls``, and every base of those, is resolved (asks the bridge)."""
    facts = elsewhere_facts(ctx)
    return not facts.has_bases(ctx, cls) or facts.of_class(ctx, cls)[1]


_STATIC_DECORATORS = frozenset({"staticmethod", "abstractstaticmethod"})
_CLASS_DECORATORS = frozenset({"classmethod", "abstractclassmethod"})
_IMPLICIT_CLASSMETHODS = frozenset({"__new__", "__init_subclass__", "__class_getitem__"})
#: enum's hook, documented without ``self`` (``def _generate_next_value_(name, start, count, last_values)``)
_IMPLICIT_STATICMETHODS = frozenset({"_generate_next_value_"})
#: decorators that keep a method bound as it was defined
_NEUTRAL_DECORATORS = frozenset({
    "property", "cached_property", "setter", "getter", "deleter", "abstractmethod",
    "abstractproperty", "override", "overrides", "overload", "final", "contextmanager",
    "asynccontextmanager", "lru_cache", "cache", "singledispatchmethod", "deprecated",
    "wraps", "coroutine", "recursive_repr", "_recursive_repr",
})


_DESCRIPTOR_WRAPPERS = frozenset({"staticmethod", "classmethod", "property", "cached_property"})


@per_file
def _class_body_uses(ctx: FileContext) -> Dict[ast.AST, Dict[str, str]]:
    """Class → how its body itself uses its functions: rebound as ``name = staticmethod(name)``
    (or ``classmethod``), or used as plain functions (``helper``: called, passed, decorating)."""
    defined = defined_names(ctx)
    uses: Dict[ast.AST, Dict[str, str]] = {}
    names = (
        (node, scope) for scope in ctx.nodes(ast.ClassDef) if defined.get(scope)
        for node in ctx.in_scope(scope, ast.Name)
    )
    for node, scope in names:
        name = node.id  # type: ignore[attr-defined]
        parent = ctx.parent(node)
        # not a use: a binding, ``@prop.setter``, ``method.__doc__``, an alias (``a = method``)
        alias = isinstance(parent, ast.Assign) and parent.value is node and all(
            isinstance(target, ast.Name) for target in parent.targets
        )  # not ``TYPE_CHECKER["file"] = check_file``: stored as a plain function
        loaded = isinstance(node.ctx, ast.Load)  # type: ignore[attr-defined]
        if name not in defined[scope] or not loaded or isinstance(parent, ast.Attribute) or alias:
            continue
        called = isinstance(parent, ast.Call) and node in parent.args
        wrapper = last_component(ctx.resolve(parent.func)) if called else ""  # type: ignore[union-attr]
        kind = wrapper if wrapper in _DESCRIPTOR_WRAPPERS else "helper"
        known = uses.setdefault(scope, {})
        if known.get(name) not in ("staticmethod", "classmethod") and "property" not in kind:
            known[name] = kind
    return uses


def is_classmethod(ctx: FileContext, info: FunctionInfo) -> bool:
    """Decorated with ``classmethod`` or rebound as ``name = classmethod(name)`` (not implicitly so)."""
    if any(last_component(d) in _CLASS_DECORATORS for d in info.decorators):
        return True
    return _class_body_uses(ctx).get(info.owner, {}).get(info.name) == "classmethod"  # type: ignore[arg-type]


def method_kind(ctx: FileContext, info: Union[FunctionInfo, inference.Member]) -> str:
    """``instance``, ``class``, ``static``, or ``unknown`` when a decorator may rebind it.

    A function the class body itself calls or decorates with is a plain function: ``static``.
    A method defined elsewhere (an :class:`inference.Member`) is judged by its decorators.
    """
    decorators = {last_component(d) for d in info.decorators}
    wrapped = None
    if isinstance(info, FunctionInfo):
        wrapped = _class_body_uses(ctx).get(info.owner, {}).get(info.name)  # type: ignore[arg-type]
    if decorators & _STATIC_DECORATORS or wrapped in ("staticmethod", "helper"):
        return "static"
    if info.name in _IMPLICIT_STATICMETHODS:
        return "static"
    if decorators & _CLASS_DECORATORS or wrapped == "classmethod" or info.name in _IMPLICIT_CLASSMETHODS:
        return "class"
    if decorators - _NEUTRAL_DECORATORS:
        return "unknown"
    return "instance"


def self_param(ctx: FileContext, info: FunctionInfo) -> Optional[ast.arg]:
    """The first argument of a method bound to its instance or class (REV109's business)."""
    if info.owner is None or method_kind(ctx, info) not in ("instance", "class"):
        return None
    args = info.node.args
    positional = [*args.posonlyargs, *args.args]
    return positional[0] if positional else None


def params(args: ast.arguments) -> List[ast.arg]:
    """Every parameter in order: positional-only, positional, ``*args``, keyword-only, ``**kwargs``."""
    found = [*args.posonlyargs, *args.args]
    if args.vararg is not None:
        found.append(args.vararg)
    found.extend(args.kwonlyargs)
    if args.kwarg is not None:
        found.append(args.kwarg)
    return found
