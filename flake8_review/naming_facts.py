"""Per-file facts of the REV1 naming checks, built once per file from the shared context.

The class hierarchy of the module (same-module bases only), how each method binds
its first argument, and every variable binding grouped per name and scope. They
are computed from :class:`~flake8_review.context.FileContext` queries, never by
walking the tree again, and only the current file's facts are kept.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, FrozenSet, Iterator, List, Optional, Set, Tuple, TypeVar

from flake8_review.context import FUNCTION_TYPES, FileContext, FunctionInfo
from flake8_review.naming_helpers import all_class_like, core, is_class_like, name_matcher

_T = TypeVar("_T")

#: the per-file facts of the file being checked: (context, facts); like the context itself,
#: only the latest file's are kept, so memory does not grow with the files of a run
_LATEST: List[Tuple[FileContext, Dict[str, Any]]] = []


def _per_file(build: Callable[[FileContext], _T]) -> Callable[[FileContext], _T]:
    """Compute ``build(ctx)`` once per file, whichever REV1 handler asks first."""
    key = build.__name__

    @functools.wraps(build)
    def cached(ctx: FileContext) -> _T:
        if _LATEST and _LATEST[0][0] is ctx:
            facts = _LATEST[0][1]
        else:
            facts = {}
            _LATEST[:] = [(ctx, facts)]
        if key not in facts:
            facts[key] = build(ctx)
        return facts[key]  # type: ignore[no-any-return]

    return cached


def position(node: ast.AST) -> Tuple[int, int]:
    """A node's (line, column), for source-order comparisons."""
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


def ignored_names(ctx: FileContext) -> Callable[[str], bool]:
    """The ``--review-naming-ignore`` test of this run."""
    return name_matcher(tuple(ctx.settings.naming_ignore))


def last_component(dotted: str) -> str:
    """``c`` of ``a.b.c``."""
    return dotted.rsplit(".", 1)[-1]


def _by_scope(ctx: FileContext, *types: type) -> Dict[ast.AST, Set[str]]:
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


@_per_file
def _imported(ctx: FileContext) -> Dict[ast.AST, Set[str]]:
    """Names bound by an import, per scope: never checked."""
    return _by_scope(ctx, ast.Import, ast.ImportFrom)


@_per_file
def _defined(ctx: FileContext) -> Dict[ast.AST, Set[str]]:
    """Names bound by ``def``/``class`` per scope: REV101/REV102 own them."""
    return _by_scope(ctx, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


# -- classes of the same module: bases, members, metaclasses --------------------------------

@_per_file
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


@_per_file
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


@_per_file
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
        ancestors = _search_ancestors(ctx, cls)  # type: ignore[arg-type]
        names = list(foreign)
        for ancestor in ancestors:
            names.extend(_split_bases(ctx, ancestor)[1])
        facts[cls] = (ancestors, tuple(names))  # type: ignore[index]
    return facts


def _ancestors(ctx: FileContext, cls: ast.ClassDef) -> Tuple[ast.ClassDef, ...]:
    """Base classes of ``cls`` defined in this module, transitively, nearest first (left to right).

    ``object`` and bases defined elsewhere resolve to nothing.
    """
    return _hierarchy(ctx)[cls][0]


def foreign_bases(ctx: FileContext, cls: ast.ClassDef) -> Tuple[str, ...]:
    """Dotted names (imports expanded) of the bases of ``cls`` and its local ancestors defined elsewhere."""
    return _hierarchy(ctx)[cls][1]


@_per_file
def _class_methods(ctx: FileContext) -> Dict[ast.ClassDef, Dict[str, ast.AST]]:
    """Class → its methods by name (first definition)."""
    methods: Dict[ast.ClassDef, Dict[str, ast.AST]] = {}
    for info in ctx.functions:
        if info.owner is not None:
            methods.setdefault(info.owner, {}).setdefault(info.name, info.node)
    return methods


@_per_file
def _members(ctx: FileContext) -> Dict[ast.ClassDef, FrozenSet[str]]:
    """Class → every name it binds: methods, nested classes, class attributes, ``self.<attr>``."""
    names: Dict[ast.AST, Set[str]] = {}
    for scope, defined in _defined(ctx).items():
        if isinstance(scope, ast.ClassDef):
            names.setdefault(scope, set()).update(defined)
    for thing in bindings(ctx)["attribute"]:
        names.setdefault(thing.scope, set()).add(thing.name)
    return {cls: frozenset(found) for cls, found in names.items()}  # type: ignore[misc]


@_per_file
def _inherited_memo(ctx: FileContext) -> Dict[ast.ClassDef, FrozenSet[str]]:
    return {}


def inherited(ctx: FileContext, cls: ast.ClassDef) -> FrozenSet[str]:
    """Names bound by the same-module base classes of ``cls``: imposed on it."""
    memo = _inherited_memo(ctx)
    known = memo.get(cls)
    if known is None:
        members = _members(ctx)
        names: Set[str] = set()
        for ancestor in _ancestors(ctx, cls):
            names.update(members.get(ancestor, ()))
        known = memo[cls] = frozenset(names)
    return known


def base_method(ctx: FileContext, info: FunctionInfo) -> Optional[ast.AST]:
    """The method of a same-module base class that ``info`` overrides, if any."""
    if info.owner is None:
        return None
    methods = _class_methods(ctx)
    for ancestor in _ancestors(ctx, info.owner):
        found = methods.get(ancestor, {}).get(info.name)
        if found is not None:
            return found
    return None


_OVERRIDE_DECORATORS = frozenset({"override", "overrides"})


def has_override_decorator(info: FunctionInfo) -> bool:
    """``typing.override``, ``typing_extensions.override``, ``override`` (or ``overrides``)."""
    return any(last_component(d) in _OVERRIDE_DECORATORS for d in info.decorators)


def is_imposed(ctx: FileContext, info: FunctionInfo) -> bool:
    """A method whose name a base class imposes: a same-module override or ``@override``."""
    if info.owner is None:
        return False
    return has_override_decorator(info) or info.name in inherited(ctx, info.owner)


_METACLASSES = frozenset({"type", "abc.ABCMeta", "enum.EnumMeta", "enum.EnumType"})
_METACLASS_SUFFIXES = ("Meta", "Metaclass", "MetaClass")


@_per_file
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


# -- methods: how the first argument is bound ----------------------------------------------

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


@_per_file
def _class_body_uses(ctx: FileContext) -> Dict[ast.AST, Dict[str, str]]:
    """Class → how its body itself uses its functions: rebound as ``name = staticmethod(name)``
    (or ``classmethod``), or used as plain functions (``helper``: called, passed, decorating)."""
    defined = _defined(ctx)
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


# -- variables: every binding, grouped per name and scope -------------------------------------

@dataclass
class Binding:
    """One name in one scope: where it is first bound and what its bindings bind."""

    name: str
    node: ast.AST
    scope: ast.AST
    values: List[Optional[ast.AST]] = field(default_factory=list)
    label: str = ""


_CAPTURE_PATTERNS = tuple(
    (getattr(ast, type_name), attr)
    for type_name, attr in (("MatchAs", "name"), ("MatchStar", "name"), ("MatchMapping", "rest"))
    if hasattr(ast, type_name)
)
_TYPE_ALIAS = getattr(ast, "TypeAlias", None)


def _target_names(target: ast.AST) -> Iterator[ast.Name]:
    """The names an assignment target binds (``a, (b, *c)`` → a, b, c)."""
    if isinstance(target, ast.Name):
        yield target
    elif isinstance(target, ast.Starred):
        yield from _target_names(target.value)
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _target_names(element)


def _bound_value(ctx: FileContext, target: ast.AST) -> Optional[ast.AST]:
    """What a binding binds, when evident: the assigned value, the ``for`` loop, the type alias."""
    parent = ctx.parent(target)
    if isinstance(parent, (ast.Assign, ast.AnnAssign, ast.NamedExpr)):
        return parent.value
    if isinstance(parent, (ast.For, ast.AsyncFor)) or (_TYPE_ALIAS and isinstance(parent, _TYPE_ALIAS)):
        return parent
    if isinstance(parent, (ast.Tuple, ast.List)):
        assign = ctx.parent(parent)
        if isinstance(assign, ast.Assign) and isinstance(assign.value, (ast.Tuple, ast.List)):
            if len(assign.value.elts) == len(parent.elts):
                for element, value in zip(parent.elts, assign.value.elts):
                    if element is target:
                        return value
    return None


def _copied_name(value: Optional[ast.AST]) -> str:
    """The name a value copies: ``obj.name``, ``name``, ``ns["name"]``, ``getattr(obj, "name")``."""
    if isinstance(value, ast.Name):
        return value.id
    if isinstance(value, ast.Attribute):
        return value.attr
    if isinstance(value, ast.Subscript):
        return _string(value.slice)
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "getattr":
        return _string(value.args[1]) if len(value.args) >= 2 else ""
    return ""


def _string(node: ast.AST) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return ""


def is_alias(name: str, values: List[Optional[ast.AST]]) -> bool:
    """``fooBar = self.fooBar``, ``Outer = ns["Outer"]``: the name copies another, so it is imposed."""
    wanted = core(name)
    return any(core(_copied_name(value)) == wanted for value in values)


def binds_type_alias(value: Optional[ast.AST]) -> bool:
    """Whether a binding's value (from :func:`bindings`) is a ``type X = ...`` statement."""
    return _TYPE_ALIAS is not None and isinstance(value, _TYPE_ALIAS)


def binds_class(value: Optional[ast.AST]) -> bool:
    """Whether a binding's value (from :func:`bindings`) is evidently a class or a type."""
    if isinstance(value, (ast.For, ast.AsyncFor)):
        return all_class_like(value.iter)
    return binds_type_alias(value) or is_class_like(value)


class _Collector:
    """Gathers the variables of one file into :class:`Binding` records, one per name and scope."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.module = ctx.tree
        self.imported = _imported(ctx)
        self.defined = _defined(ctx)
        self.declared_global = _by_scope(ctx, ast.Global)
        self.declared_nonlocal = _by_scope(ctx, ast.Nonlocal)
        self.found: Dict[Tuple[str, ast.AST, str], Binding] = {}

    def add(self, kind: str, scope: ast.AST, name: str, node: ast.AST, value: Optional[ast.AST],
            label: str = "") -> None:
        """Record one binding; the record keeps the first position."""
        thing = self.found.get((kind, scope, name))
        if thing is None:
            self.found[(kind, scope, name)] = Binding(name, node, scope, [value], label)
            return
        thing.values.append(value)
        if position(node) < position(thing.node):
            thing.node, thing.label = node, label

    def place(self, name: str, scope: ast.AST, node: ast.AST, value: Optional[ast.AST]) -> None:
        """Record a binding of ``name`` in ``scope`` as the kind of variable that scope makes it."""
        if name in self.imported.get(scope, ()) or name in self.defined.get(scope, ()):
            return
        module = self.module
        if isinstance(scope, ast.ClassDef):
            self.add("attribute", scope, name, node, value, "class attribute")
        elif scope is module:
            self.add("module", scope, name, node, value)
        elif name in self.declared_global.get(scope, ()):
            if name not in self.imported.get(module, ()) and name not in self.defined.get(module, ()):
                self.add("module", module, name, node, value)
        elif name not in self.declared_nonlocal.get(scope, ()):
            self.add("local", scope, name, node, value)

    def self_attribute(self, node: ast.Attribute) -> None:
        """Record ``self.<attr> = ...`` (``cls.<attr>`` in a classmethod) as an attribute of the class."""
        ctx = self.ctx
        info = ctx.function_info.get(ctx.scope(node))
        if info is None or info.owner is None:
            return
        first = self_param(ctx, info)
        if first is None or node.value.id != first.arg:  # type: ignore[attr-defined]
            return
        if node.attr in self.defined.get(info.owner, ()):
            return  # a method of that name: REV102 reports it
        label = "class attribute" if method_kind(ctx, info) == "class" else "attribute"
        self.add("attribute", info.owner, node.attr, node, _bound_value(ctx, node), label)

    def collect(self) -> Dict[str, List[Binding]]:
        """Every variable of the file by kind, each list in source order."""
        ctx = self.ctx
        comprehension_of: Dict[ast.AST, ast.AST] = {}
        for comp in ctx.nodes(ast.comprehension):
            owner = ctx.parent(comp)
            for target in _target_names(comp.target):  # type: ignore[attr-defined]
                comprehension_of[target] = owner  # type: ignore[assignment]
        store = ast.Store
        for node in ctx.nodes(ast.Name):
            if type(node.ctx) is not store:  # type: ignore[attr-defined]
                continue
            owner = comprehension_of.get(node)
            if owner is not None:  # a comprehension is a function of its own: its variables are locals
                self.add("local", owner, node.id, node, None)  # type: ignore[attr-defined]
            else:
                name = node.id  # type: ignore[attr-defined]
                self.place(name, ctx.scope(node), node, _bound_value(ctx, node))  # type: ignore[arg-type]
        for handler in ctx.nodes(ast.ExceptHandler):
            if handler.name:  # type: ignore[attr-defined]
                self.place(handler.name, ctx.scope(handler), handler, None)  # type: ignore[attr-defined]
        for pattern_type, attr in _CAPTURE_PATTERNS:
            for pattern in ctx.nodes(pattern_type):
                if getattr(pattern, attr):
                    self.place(getattr(pattern, attr), ctx.scope(pattern), pattern, None)
        for node in ctx.nodes(ast.Attribute):
            if type(node.ctx) is store and isinstance(node.value, ast.Name):  # type: ignore[attr-defined]
                self.self_attribute(node)  # type: ignore[arg-type]
        kinds: Dict[str, List[Binding]] = {"local": [], "module": [], "attribute": []}
        for (kind, _, _), thing in self.found.items():
            kinds[kind].append(thing)
        for things in kinds.values():
            things.sort(key=lambda thing: position(thing.node))
        return kinds


@_per_file
def bindings(ctx: FileContext) -> Dict[str, List[Binding]]:
    """Variables by kind (``local``, ``module``, ``attribute``), one per name and scope, in source order."""
    return _Collector(ctx).collect()


def first_of_each(nodes: List[ast.AST], ctx: FileContext) -> List[ast.AST]:
    """The first definition of each name in each scope (``def``/``class`` defined again count once)."""
    seen: Dict[Tuple[ast.AST, str], ast.AST] = {}
    for node in nodes:
        seen.setdefault((ctx.scope(node), node.name), node)  # type: ignore[attr-defined]
    return list(seen.values())
