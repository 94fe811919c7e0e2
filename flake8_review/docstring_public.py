"""What is public API, for the REV4 checks: no reporting.

The module's kind from its file name, its ``__all__`` (read from literal updates only), and
enclosing classes decide whether a definition is exposed. Computed from
:class:`~flake8_review.context.FileContext` queries and memoized with :func:`per_file`.
"""

from __future__ import annotations

import ast
import os
from typing import Dict, FrozenSet, Iterator, List, Optional, Set, Tuple

from flake8_review.context import FileContext, per_file
from flake8_review.docstring_facts import DefinitionNode

MODULE = "module"
PACKAGE = "package"
PRIVATE = "private"
STUB = "stub"
UNNAMED = "unnamed"


@per_file
def module_kind(ctx: FileContext) -> str:
    """MODULE, PACKAGE, PRIVATE (``_name.py``), STUB (``.pyi``) or UNNAMED (plain stdin)."""
    stem = ctx.module_name
    if not stem:
        return UNNAMED
    if os.path.splitext(ctx.filename)[1] == ".pyi":
        return STUB
    if stem == "__init__":
        return PRIVATE if package_name(ctx).startswith("_") else PACKAGE
    return PRIVATE if stem.startswith("_") else MODULE


def package_name(ctx: FileContext) -> str:
    """The folder of an ``__init__.py``: the package's name."""
    return os.path.basename(os.path.dirname(os.path.abspath(ctx.filename))) or "__init__"


_LIST_METHODS = frozenset({"append", "extend", "remove"})


def _literal_names(value: Optional[ast.AST]) -> List[str]:
    """The string literals of a list/tuple/set, a ``+`` of them, or a lone string.

    ``["a"] + other.__all__`` gives ``["a"]``: a computed part names nothing certain.
    """
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        return _literal_names(value.left) + _literal_names(value.right)
    if isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        return [
            element.value for element in value.elts
            if isinstance(element, ast.Constant) and isinstance(element.value, str)
        ]
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return [value.value]  # ``__all__.append("name")``
    return []


def _all_assignments(ctx: FileContext) -> List[Tuple[ast.AST, str, Optional[ast.AST]]]:
    """Module-level ``__all__ = ...`` and ``__all__ += ...`` as (node, how, value)."""
    updates: List[Tuple[ast.AST, str, Optional[ast.AST]]] = []
    assignments = [*ctx.nodes(ast.Assign), *ctx.nodes(ast.AnnAssign), *ctx.nodes(ast.AugAssign)]
    for node in assignments:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]  # type: ignore
        named = any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets)
        if named and ctx.scope(node) is ctx.tree:
            how = "+=" if isinstance(node, ast.AugAssign) else "="
            updates.append((node, how, node.value))  # type: ignore[attr-defined]
    return updates


def _all_method_calls(ctx: FileContext) -> Iterator[Tuple[ast.AST, str, Optional[ast.AST]]]:
    """Module-level ``__all__.append(...)``, ``.extend(...)``, ``.remove(...)`` as (node, how, value)."""
    for node in ctx.nodes(ast.Call):
        func = node.func  # type: ignore[attr-defined]
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
            continue
        if func.value.id == "__all__" and func.attr in _LIST_METHODS and ctx.scope(node) is ctx.tree:
            args = node.args  # type: ignore[attr-defined]
            yield node, func.attr, args[0] if args else None


def _all_updates(ctx: FileContext) -> List[Tuple[ast.AST, str, Optional[ast.AST]]]:
    """Module-level changes of ``__all__`` in source order: (node, how, value).

    ``how`` is ``=`` (assignment), ``+=``, or a list method (``extend``, ``append``, ``remove``).
    """
    updates = _all_assignments(ctx)
    if not updates:
        return updates
    updates.extend(_all_method_calls(ctx))
    updates.sort(key=lambda update: (update[0].lineno, update[0].col_offset))  # type: ignore[attr-defined]
    return updates


@per_file
def exports(ctx: FileContext) -> Optional[FrozenSet[str]]:
    """The names the module's ``__all__`` lists, ``None`` when it defines none.

    Only literal names are known: a name added by a computed part (``+ other.__all__``)
    is not, so it stays out of the public API here (no finding without evidence).
    """
    updates = _all_updates(ctx)
    if not updates:
        return None
    names: Set[str] = set()
    for _, how, value in updates:
        found = _literal_names(value)
        if how == "=":
            names = set(found)
        elif how == "remove":
            names.difference_update(found)
        else:
            names.update(found)
    return frozenset(names)


@per_file
def _class_visibility(ctx: FileContext) -> Dict[ast.AST, bool]:
    """Memo of :func:`public_class`."""
    return {}


def exposed(ctx: FileContext, node: DefinitionNode) -> bool:
    """Whether a definition is reachable as public API from where it stands (its own name aside)."""
    scope = ctx.scope(node)
    if isinstance(scope, ast.ClassDef):
        return public_class(ctx, scope)
    if scope is not ctx.tree or module_kind(ctx) == PRIVATE:
        return False  # nested in a function, or in a private module
    listed = exports(ctx)
    return listed is None or node.name in listed


def public_class(ctx: FileContext, cls: ast.ClassDef) -> bool:
    """A public class: public name, public enclosing classes, exported from a public module."""
    memo = _class_visibility(ctx)
    known = memo.get(cls)
    if known is None:
        known = memo[cls] = not cls.name.startswith("_") and exposed(ctx, cls)
    return known
