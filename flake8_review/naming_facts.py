"""Per-file facts of the REV1 naming checks, built once per file from the shared context.

The names a class inherits from its same-module bases, and every variable
binding grouped per name and scope (the class hierarchy itself is in
:mod:`flake8_review.classes`). They are computed from
:class:`~flake8_review.context.FileContext` queries, never by walking the tree
again, and live as long as the file's context.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Callable, Dict, FrozenSet, Iterator, List, Optional, Set, Tuple

from flake8_review.classes import (
    ancestors,
    defined_names,
    imported_names,
    names_by_scope,
    has_override_decorator,
    method_kind,
    self_param,
)
from flake8_review.context import FileContext, FunctionInfo, per_file
from flake8_review.naming_helpers import all_class_like, core, is_class_like, name_matcher


def position(node: ast.AST) -> Tuple[int, int]:
    """A node's (line, column), for source-order comparisons."""
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


def ignored_names(ctx: FileContext) -> Callable[[str], bool]:
    """The ``--review-naming-ignore`` test of this run."""
    return name_matcher(tuple(ctx.settings.naming_ignore))


# -- classes of the same module: bases, members, metaclasses --------------------------------


@per_file
def _members(ctx: FileContext) -> Dict[ast.ClassDef, FrozenSet[str]]:
    """Class → every name it binds: methods, nested classes, class attributes, ``self.<attr>``."""
    names: Dict[ast.AST, Set[str]] = {}
    for scope, defined in defined_names(ctx).items():
        if isinstance(scope, ast.ClassDef):
            names.setdefault(scope, set()).update(defined)
    for thing in bindings(ctx)["attribute"]:
        names.setdefault(thing.scope, set()).add(thing.name)
    return {cls: frozenset(found) for cls, found in names.items()}  # type: ignore[misc]


@per_file
def _inherited_memo(ctx: FileContext) -> Dict[ast.ClassDef, FrozenSet[str]]:
    return {}


def inherited(ctx: FileContext, cls: ast.ClassDef) -> FrozenSet[str]:
    """Names bound by the same-module base classes of ``cls``: imposed on it."""
    memo = _inherited_memo(ctx)
    known = memo.get(cls)
    if known is None:
        members = _members(ctx)
        names: Set[str] = set()
        for ancestor in ancestors(ctx, cls):
            names.update(members.get(ancestor, ()))
        known = memo[cls] = frozenset(names)
    return known


def is_imposed(ctx: FileContext, info: FunctionInfo) -> bool:
    """A method whose name a base class imposes: a same-module override or ``@override``."""
    if info.owner is None:
        return False
    return has_override_decorator(info) or info.name in inherited(ctx, info.owner)


# -- methods: how the first argument is bound ----------------------------------------------


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
        return _unpacked_value(ctx, target, parent)
    return None


def _unpacked_value(ctx: FileContext, target: ast.AST, pack: ast.AST) -> Optional[ast.AST]:
    """The matching element in ``a, b = x, y`` when both sides have the same length."""
    assign = ctx.parent(pack)
    if not (isinstance(assign, ast.Assign) and isinstance(assign.value, (ast.Tuple, ast.List))):
        return None
    elements = pack.elts  # type: ignore[attr-defined]
    if len(assign.value.elts) != len(elements):
        return None
    for element, value in zip(elements, assign.value.elts):
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
        self.imported = imported_names(ctx)
        self.defined = defined_names(ctx)
        self.declared_global = names_by_scope(ctx, ast.Global)
        self.declared_nonlocal = names_by_scope(ctx, ast.Nonlocal)
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

    def comprehension_targets(self) -> Dict[ast.AST, ast.AST]:
        """Each name a comprehension binds, mapped to the comprehension that owns it."""
        ctx = self.ctx
        comprehension_of: Dict[ast.AST, ast.AST] = {}
        for comp in ctx.nodes(ast.comprehension):
            owner = ctx.parent(comp)
            for target in _target_names(comp.target):  # type: ignore[attr-defined]
                comprehension_of[target] = owner  # type: ignore[assignment]
        return comprehension_of

    def stored_names(self) -> None:
        """Record every plain name a statement or comprehension stores to."""
        ctx = self.ctx
        comprehension_of = self.comprehension_targets()
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

    def other_bindings(self) -> None:
        """Record ``except ... as name``, match captures, and ``self.<attr> = ...`` stores."""
        ctx = self.ctx
        for handler in ctx.nodes(ast.ExceptHandler):
            if handler.name:  # type: ignore[attr-defined]
                self.place(handler.name, ctx.scope(handler), handler, None)  # type: ignore[attr-defined]
        for pattern_type, attr in _CAPTURE_PATTERNS:
            for pattern in ctx.nodes(pattern_type):
                if getattr(pattern, attr):
                    self.place(getattr(pattern, attr), ctx.scope(pattern), pattern, None)
        store = ast.Store
        for node in ctx.nodes(ast.Attribute):
            if type(node.ctx) is store and isinstance(node.value, ast.Name):  # type: ignore[attr-defined]
                self.self_attribute(node)  # type: ignore[arg-type]

    def collect(self) -> Dict[str, List[Binding]]:
        """Every variable of the file by kind, each list in source order."""
        self.stored_names()
        self.other_bindings()
        kinds: Dict[str, List[Binding]] = {"local": [], "module": [], "attribute": []}
        for (kind, _, _), thing in self.found.items():
            kinds[kind].append(thing)
        for things in kinds.values():
            things.sort(key=lambda thing: position(thing.node))
        return kinds


@per_file
def bindings(ctx: FileContext) -> Dict[str, List[Binding]]:
    """Variables by kind (``local``, ``module``, ``attribute``), one per name and scope, in source order."""
    return _Collector(ctx).collect()


def first_of_each(nodes: List[ast.AST], ctx: FileContext) -> List[ast.AST]:
    """The first definition of each name in each scope (``def``/``class`` defined again count once)."""
    seen: Dict[Tuple[ast.AST, str], ast.AST] = {}
    for node in nodes:
        seen.setdefault((ctx.scope(node), node.name), node)  # type: ignore[attr-defined]
    return list(seen.values())
