"""Classes of one module: same-module bases, overrides and how methods bind their first argument.

Shared by every category that must know whether a method overrides another
(REV1 exemptions, and the signature, docstring and unused-code checks). Only
bases defined in the same module are resolved here; a base imported from
elsewhere is reported by name (:func:`foreign_bases`) and resolves to nothing,
and so does ``object``. Every fact is built once per file from
:class:`~flake8_review.context.FileContext` queries, never by walking the tree.
"""

from __future__ import annotations

import ast
from typing import Dict, FrozenSet, List, Optional, Set, Tuple

from flake8_review.context import FUNCTION_TYPES, FileContext, FunctionInfo, per_file


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
    for node in ctx.nodes(ast.Name):
        scope = ctx.scope(node)
        name = node.id  # type: ignore[attr-defined]
        if not isinstance(scope, ast.ClassDef) or name not in defined.get(scope, ()):
            continue
        if not isinstance(node.ctx, ast.Load):  # type: ignore[attr-defined]
            continue
        parent = ctx.parent(node)
        if isinstance(parent, ast.Attribute):
            continue  # ``@prop.setter``, ``method.__doc__``
        kind = "helper"
        if isinstance(parent, ast.Call) and node in parent.args:
            wrapper = last_component(ctx.resolve(parent.func))
            if wrapper in _DESCRIPTOR_WRAPPERS:
                kind = wrapper
        known = uses.setdefault(scope, {})
        if known.get(name) not in ("staticmethod", "classmethod") and "property" not in kind:
            known[name] = kind
    return uses


def is_classmethod(ctx: FileContext, info: FunctionInfo) -> bool:
    """Decorated with ``classmethod`` or rebound as ``name = classmethod(name)`` (not implicitly so)."""
    if any(last_component(d) in _CLASS_DECORATORS for d in info.decorators):
        return True
    return _class_body_uses(ctx).get(info.owner, {}).get(info.name) == "classmethod"  # type: ignore[arg-type]


def method_kind(ctx: FileContext, info: FunctionInfo) -> str:
    """``instance``, ``class``, ``static``, or ``unknown`` when a decorator may rebind it.

    A function the class body itself calls or decorates with is a plain function: ``static``.
    """
    decorators = {last_component(d) for d in info.decorators}
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


def _first_param(node: ast.AST) -> Optional[ast.arg]:
    args = node.args  # type: ignore[attr-defined]
    positional = [*args.posonlyargs, *args.args]
    return positional[0] if positional else None


def self_param(ctx: FileContext, info: FunctionInfo) -> Optional[ast.arg]:
    """The first argument of a method bound to its instance or class (REV109's business)."""
    if info.owner is None or method_kind(ctx, info) not in ("instance", "class"):
        return None
    return _first_param(info.node)


def params(args: ast.arguments) -> List[ast.arg]:
    """Every parameter in order: positional-only, positional, ``*args``, keyword-only, ``**kwargs``."""
    found = [*args.posonlyargs, *args.args]
    if args.vararg is not None:
        found.append(args.vararg)
    found.extend(args.kwonlyargs)
    if args.kwarg is not None:
        found.append(args.kwarg)
    return found
