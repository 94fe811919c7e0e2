"""The shared AST visitor utility: one walk per file, shared by every REV checker.

flake8 hands the same ``tree`` object to every tree plugin of a file, one file
after another, so the first checker to run builds a :class:`FileContext` and
the other checkers reuse it. Only the latest file's context is kept: a context
holds its tree, so a cache keyed weakly by tree would never let either go (and
memory would grow with every file of the run); flake8's nodes are never touched.

The single walk records, for every node, its parent and its enclosing scope,
and groups nodes by type and by scope, so rules ask questions instead of
walking again.
"""

from __future__ import annotations

import ast
import os
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Iterator, NamedTuple, Sequence, TypeVar, Union

from flake8_review import longlived
from flake8_review.options import Settings
from flake8_review.registry import Rule

FunctionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef]
ScopeNode = Union[ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda]
FUNCTION_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef)
SCOPE_TYPES = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)

#: the context of the file being checked: (tree, context), or empty before the first file
_LATEST: list[tuple[ast.AST, FileContext]] = []


class Violation(NamedTuple):
    """One finding, ready for flake8: 1-based line, 0-based column, text starting with the code."""

    line: int
    col: int
    text: str
    code: str


class NodeIndex:
    """Facts gathered by the one walk of a module's tree."""

    walks = 0  # how many indexes were ever built in this process (the one-walk test reads it)

    def __init__(self, tree: ast.AST, counted: bool = True) -> None:
        if counted:
            NodeIndex.walks += 1
        self.parents: dict[ast.AST, ast.AST] = {}
        self.scopes: dict[ast.AST, ScopeNode] = {}
        self.by_type: dict[type, list[ast.AST]] = defaultdict(list)
        self.by_scope: dict[ast.AST, list[ast.AST]] = defaultdict(list)
        self._walk(tree)

    def _walk(self, tree: ast.AST) -> None:  # noqa: REV705 - the suite's hot loop, inlined for speed
        """Visit every node once, depth first in source order, without recursion.

        Context and operator nodes (``Load``, ``Add``, ...) are shared singletons
        that carry no facts, so they are skipped: about a quarter of all nodes.
        Which fields of a node type can hold nodes is worked out once per type
        (:func:`_child_fields`), so leaves such as ``Name`` and ``Constant`` cost
        no field look-ups at all.
        """
        parents = self.parents
        scopes = self.scopes
        by_type = self.by_type
        by_scope = self.by_scope
        stack: list[tuple[ast.AST, ast.AST | None, ast.AST]] = [(tree, None, tree)]
        pop = stack.pop
        push = stack.append
        node_class = ast.AST
        scope_types = SCOPE_TYPES
        child_fields = _CHILD_FIELDS
        while stack:
            node, parent, scope = pop()
            if parent is not None:
                parents[node] = parent
            scopes[node] = scope  # type: ignore[assignment]
            node_type = type(node)
            by_type[node_type].append(node)
            by_scope[scope].append(node)
            spec = child_fields.get(node_type)
            if spec is None:
                spec = child_fields[node_type] = _child_fields(node_type)
            fields, mixed = spec
            if not fields:
                continue
            children: list[ast.AST] = []
            for name in fields:
                value = getattr(node, name, None)
                if value.__class__ is list:
                    children += value
                elif isinstance(value, node_class):
                    children.append(value)
            if mixed:  # lists that may hold None or names: ``Dict.keys``, ``Global.names``
                children = [child for child in children if isinstance(child, node_class)]
            if not children:
                continue
            if isinstance(node, scope_types) and node is not tree:
                outer = _evaluated_outside(node)
                for child in reversed(children):
                    push((child, node, scope if child in outer else node))
            else:
                for child in reversed(children):
                    push((child, node, scope))


#: node types that are shared singletons without position or facts
_SKIPPED = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)

#: fields that hold no node in any node type (names, flags, the singletons above)
_LEAF_FIELDS = frozenset({
    "arg", "asname", "attr", "conversion", "ctx", "id", "is_async", "kind", "kwd_attrs", "level",
    "lineno", "module", "n", "name", "op", "ops", "rest", "s", "simple", "tag", "type_comment",
})

#: node types with a list field that may hold something other than nodes
#: (``Dict.keys`` and ``arguments.kw_defaults`` hold ``None``, ``Global.names`` names)
_MIXED_LIST_TYPES = (ast.Dict, ast.arguments, ast.Global, ast.Nonlocal)

#: node type → (the fields that may hold child nodes, in order; whether a list among them may
#: hold non-nodes), learnt as types are met
_CHILD_FIELDS: dict[type, tuple[tuple[str, ...], bool]] = {}


def _child_fields(node_type: type) -> tuple[tuple[str, ...], bool]:
    """The fields of a node type the walk must look into: none for leaves (``Name``, ``Constant``)."""
    if issubclass(node_type, ast.Constant):
        return (), False
    leaves = _LEAF_FIELDS - {"name"} if node_type.__name__ == "TypeAlias" else _LEAF_FIELDS  # a Name there
    fields = tuple(name for name in getattr(node_type, "_fields", ()) if name not in leaves)
    return fields, issubclass(node_type, _MIXED_LIST_TYPES)


def _evaluated_outside(node: ast.AST) -> list[ast.AST]:
    """Children of a scope node that run in the enclosing scope (decorators, defaults, bases)."""
    if isinstance(node, ast.ClassDef):
        return [*node.decorator_list, *node.bases, *node.keywords]
    if isinstance(node, ast.Lambda):
        return [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
    if isinstance(node, FUNCTION_TYPES):
        outside: list[ast.AST] = [*node.decorator_list]
        if node.returns is not None:
            outside.append(node.returns)
        return outside
    return []


@dataclass(frozen=True)
class FunctionInfo:
    """A function or method and where it sits."""

    node: FunctionNode
    qualname: str
    owner: ast.ClassDef | None  # the class whose body defines it, if any
    nested: bool  # defined inside another function
    decorators: tuple[str, ...]  # dotted text of each decorator's callee

    @property
    def name(self) -> str:
        """The function's own name."""
        return self.node.name

    @property
    def is_method(self) -> bool:
        """Defined directly in a class body."""
        return self.owner is not None

    @property
    def is_staticmethod(self) -> bool:
        """Decorated with ``staticmethod``."""
        return any(d.rsplit(".", 1)[-1] == "staticmethod" for d in self.decorators)

    @property
    def is_classmethod(self) -> bool:
        """Decorated with ``classmethod``."""
        return any(d.rsplit(".", 1)[-1] == "classmethod" for d in self.decorators)

    @property
    def is_overload(self) -> bool:
        """A ``typing.overload`` stub."""
        return any(d.rsplit(".", 1)[-1] == "overload" for d in self.decorators)


def dotted_name(node: ast.AST | None) -> str:
    """The dotted text of a name or attribute chain (``a.b.c``), else ``''``; calls give their callee."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return ".".join(reversed(parts))
        else:
            return ""


class FileContext:
    """Everything rules may ask about one file, built lazily and shared by all REV checkers."""

    def __init__(self, tree: ast.AST, lines: Sequence[str], filename: str, settings: Settings) -> None:
        self.tree = tree
        self.lines = lines
        self.filename = filename
        self.settings = settings
        self.facts: dict[Callable[..., Any], Any] = {}  # per_file() memos

    @classmethod
    def for_tree(cls, tree: ast.AST, lines: Sequence[str], filename: str, settings: Settings) -> FileContext:
        """The context of ``tree``, built by the first checker that asks and reused by the rest."""
        if _LATEST and _LATEST[0][0] is tree:
            return _LATEST[0][1]
        if _LATEST:
            _LATEST[0][1].release()
        ctx = cls(tree, lines, filename, settings)
        _LATEST[:] = [(tree, ctx)]
        longlived.settle()
        return ctx

    def release(self) -> None:
        """Drop the memoized facts and the walk, so that facts pointing back here free at once."""
        self.facts.clear()
        self.__dict__.pop("index", None)

    @cached_property
    def index(self) -> NodeIndex:
        """The one walk of the tree."""
        return NodeIndex(self.tree)

    # -- queries --------------------------------------------------------------------

    def nodes(self, *types: type) -> list[ast.AST]:
        """Every node of the given types, in source order (one type) or walk order (several)."""
        by_type = self.index.by_type
        if len(types) == 1:
            return by_type.get(types[0], [])
        found: list[ast.AST] = []
        for node_type in types:
            found.extend(by_type.get(node_type, ()))
        found.sort(key=_position)
        return found

    def each(self, *types: type) -> Iterator[ast.AST]:
        """Every node of the given types, type after type: :meth:`nodes` without the sorting,
        for callers that only collect (a set, a table keyed by node)."""
        by_type = self.index.by_type
        for node_type in types:
            yield from by_type.get(node_type, ())

    def parent(self, node: ast.AST) -> ast.AST | None:
        """The node's parent, ``None`` for the module."""
        return self.index.parents.get(node)

    def scope(self, node: ast.AST) -> ScopeNode:
        """The module, class, function or lambda whose namespace ``node`` is evaluated in."""
        return self.index.scopes[node]

    def in_scope(self, scope: ast.AST, *types: type) -> Iterator[ast.AST]:
        """Nodes of the given types directly in ``scope`` (not inside nested functions or classes)."""
        for node in self.index.by_scope.get(scope, ()):
            if isinstance(node, types):
                yield node

    def ancestors(self, node: ast.AST) -> Iterator[ast.AST]:
        """The node's parent, grandparent and so on up to the module."""
        parents = self.index.parents
        current = parents.get(node)
        while current is not None:
            yield current
            current = parents.get(current)

    @cached_property
    def functions(self) -> list[FunctionInfo]:
        """Every function and method of the module, in source order."""
        infos = []
        for node in self.nodes(*FUNCTION_TYPES):
            scope = self.scope(node)
            owner = scope if isinstance(scope, ast.ClassDef) else None
            nested = any(isinstance(up, FUNCTION_TYPES + (ast.Lambda,)) for up in self.ancestors(node))
            infos.append(FunctionInfo(
                node=node,  # type: ignore[arg-type]
                qualname=self.qualname(node),
                owner=owner,
                nested=nested,
                decorators=tuple(dotted_name(d) for d in node.decorator_list),  # type: ignore[attr-defined]
            ))
        return infos

    @cached_property
    def function_info(self) -> dict[ast.AST, FunctionInfo]:
        """Look up a function's :class:`FunctionInfo` by its node."""
        return {info.node: info for info in self.functions}

    @cached_property
    def classes(self) -> dict[str, ast.ClassDef]:
        """Classes of the module by name; for a name defined twice, the first definition."""
        found: dict[str, ast.ClassDef] = {}
        for node in self.nodes(ast.ClassDef):
            found.setdefault(node.name, node)  # type: ignore[attr-defined]
        return found

    @cached_property
    def import_aliases(self) -> dict[str, str]:
        """Local name → dotted origin for every import in the module (``np`` → ``numpy``)."""
        aliases: dict[str, str] = {}
        for node in self.nodes(ast.Import, ast.ImportFrom):
            aliases.update(_bound_imports(node))  # type: ignore[arg-type]
        return aliases

    def resolve(self, node: ast.AST) -> str:
        """Dotted text of a name with its first component expanded through the imports."""
        text = dotted_name(node)
        if not text:
            return ""
        head, _, rest = text.partition(".")
        origin = self.import_aliases.get(head)
        if origin is None:
            return text
        return f"{origin}.{rest}" if rest else origin

    def handler_of(self, node: ast.AST) -> ast.ExceptHandler | None:
        """The ``except`` block whose body runs ``node``; a function, lambda or class in between breaks it."""
        child = node
        for up in self.ancestors(node):
            if isinstance(up, ast.ExceptHandler):
                return up if any(child is statement for statement in up.body) else None
            if isinstance(up, SCOPE_TYPES):
                return None
            child = up
        return None

    def qualname(self, node: ast.AST) -> str:
        """``Outer.method.<locals>.inner``-style qualified name of a class or function."""
        parts = [node.name]  # type: ignore[attr-defined]
        for up in self.ancestors(node):
            if isinstance(up, FUNCTION_TYPES):
                parts.append("<locals>")
                parts.append(up.name)
            elif isinstance(up, ast.ClassDef):
                parts.append(up.name)
        return ".".join(reversed(parts))

    @cached_property
    def module_name(self) -> str:
        """The file's module name without extension, ``''`` for stdin without a display name."""
        if self.filename in ("stdin", "-", ""):
            return ""
        base = os.path.basename(self.filename)
        stem, ext = os.path.splitext(base)
        return stem if ext in (".py", ".pyi", ".pyw", "") else ""

    @cached_property
    def is_test_file(self) -> bool:
        """A test file as RULES.md defines it (REV804, REV9 exemptions).

        ``test_*.py``, ``*_test.py``, ``conftest.py``, or any file under a ``tests/`` or
        ``test/`` folder. stdin without a display name is not a test file.
        """
        return is_test_path(self.filename)

    # -- reporting ------------------------------------------------------------------

    def violation(self, rule: Rule, node: ast.AST | None, **fields: object) -> Violation:
        """A finding of ``rule`` at ``node`` (line 1, column 1 when ``node`` is None)."""
        if set(fields) != set(rule.fields):
            raise TypeError(f"{rule.code} expects fields {sorted(rule.fields)}, got {sorted(fields)}")
        if node is None or not hasattr(node, "lineno"):
            return Violation(1, 0, rule.render(**fields), rule.code)
        line, col = node.lineno, node.col_offset  # type: ignore[attr-defined]
        return Violation(line, col, rule.render(**fields), rule.code)


_T = TypeVar("_T")


def per_file(build: Callable[[FileContext], _T]) -> Callable[[FileContext], _T]:
    """Decorate a fact of a file so that it is computed once, by whichever check asks first.

    The memo lives on the file's :class:`FileContext`, so it goes when the file's context does.
    """

    def cached(ctx: FileContext) -> _T:
        facts = ctx.facts
        if build not in facts:
            facts[build] = build(ctx)
        return facts[build]  # type: ignore[no-any-return]

    cached.__name__ = build.__name__
    cached.__doc__ = build.__doc__
    cached.__wrapped__ = build  # type: ignore[attr-defined]
    return cached


def is_test_path(path: str) -> bool:
    """Whether ``path`` names a test file (see :attr:`FileContext.is_test_file`)."""
    if path in ("stdin", "-", ""):
        return False
    if os.path.isabs(path):  # judge only the part below the working directory, when inside it
        try:
            relative = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            relative = path
        if not relative.startswith(".."):
            path = relative
    parts = path.replace("\\", "/").split("/")
    base = parts[-1]
    stem = base[:-3] if base.endswith(".py") else base
    if base.endswith(".py") and (stem.startswith("test_") or stem.endswith("_test") or stem == "conftest"):
        return True
    return any(part in ("tests", "test") for part in parts[:-1])


def _bound_imports(node: ast.Import | ast.ImportFrom) -> Iterator[tuple[str, str]]:
    """``(local name, dotted origin)`` for each name an import statement binds (none for ``*``)."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            local = alias.asname or alias.name.split(".", 1)[0]
            yield local, alias.name if alias.asname else local
        return
    dots = "." * node.level
    prefix = f"{dots}{node.module}." if node.module else dots  # ``from . import x``: ``.x``
    for alias in node.names:
        if alias.name != "*":
            yield alias.asname or alias.name, f"{prefix}{alias.name}"


def _position(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
