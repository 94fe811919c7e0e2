"""What a function raises, for the REV4 checks (REV410 to REV412): no reporting.

Like :mod:`flake8_review.docstring_facts`, everything is computed from
:class:`~flake8_review.context.FileContext` queries and memoized with :func:`per_file`:

* what a function's own ``raise`` statements raise and which of them it catches itself
  (:func:`raised`);
* what the module functions it calls may raise too (:func:`reachable_raises`);
* how exception names relate (:func:`ancestry`).
"""

from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterator, List, Optional, Set, Tuple

from flake8_review.classes import ancestors, foreign_bases, last_component
from flake8_review.context import FileContext, dotted_name, per_file
from flake8_review.docstring_facts import FunctionNode, unique

_TRY_TYPES: Tuple[type, ...] = tuple(t for t in (ast.Try, getattr(ast, "TryStar", None)) if t is not None)
#: what a broad handler catches, and an alias attribute's last component says nothing about
BROAD_EXCEPTIONS = frozenset({"Exception", "BaseException"})


@dataclass(frozen=True)
class Raised:
    """What a function's own ``raise`` statements tell about the exceptions it raises."""

    direct: Tuple[str, ...]  # raised by name and not caught in the function: to be documented
    possible: FrozenSet[str]  # every exception it may raise: the direct ones, caught ones, re-raises
    unknown: bool  # some raise names no exception that can be read (``raise exc``, ``raise make()``)


@per_file
def _ancestry_memo(ctx: FileContext) -> Dict[str, FrozenSet[str]]:
    return {}


def _builtin_exception(name: str) -> Optional[type]:
    found = getattr(builtins, name, None)
    return found if isinstance(found, type) and issubclass(found, BaseException) else None


def ancestry(ctx: FileContext, name: str) -> FrozenSet[str]:
    """An exception's name and the names of its known bases: builtin ones and same-module ones."""
    memo = _ancestry_memo(ctx)
    known = memo.get(name)
    if known is not None:
        return known
    names = {name}
    cls = ctx.classes.get(name)
    if cls is not None:
        names.update(ancestor.name for ancestor in ancestors(ctx, cls))
        bases = [last_component(text) for text in foreign_bases(ctx, cls)]
    else:
        bases = [name]
    for base in bases:
        builtin = _builtin_exception(base)
        if builtin is not None:
            names.update(c.__name__ for c in builtin.__mro__ if c is not object)
        else:
            names.add(base)
    memo[name] = frozenset(names)
    return memo[name]


def _caught_names(ctx: FileContext, handler: ast.ExceptHandler) -> Optional[FrozenSet[str]]:
    """Last components of the exceptions a handler catches; ``None`` for a broad or computed one."""
    if handler.type is None:
        return None
    elements = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    names = set()
    for element in elements:
        text = ctx.resolve(element)
        if not text or last_component(text) in BROAD_EXCEPTIONS:
            return None
        names.add(last_component(text))
    return frozenset(names)


def _enclosing_handler(ctx: FileContext, node: ast.AST, func: ast.AST) -> Optional[ast.ExceptHandler]:
    for up in ctx.ancestors(node):
        if up is func:
            return None
        if isinstance(up, ast.ExceptHandler):
            return up
    return None


def _catches(ctx: FileContext, caught: Optional[FrozenSet[str]], name: str) -> bool:
    return caught is None or not caught.isdisjoint(ancestry(ctx, name))


def _caught_inside(
    ctx: FileContext, node: ast.Raise, func: ast.AST, name: str, reraising: Set[ast.AST]
) -> bool:
    """Whether ``raise name`` is caught (and not re-raised) by a ``try`` or ``suppress`` of ``func``."""
    child: ast.AST = node
    for up in ctx.ancestors(node):
        if up is func:
            return False
        in_body = isinstance(up, _TRY_TYPES) and any(child is stmt for stmt in up.body)  # type: ignore
        if in_body and _try_handles(ctx, up, name, reraising):
            return True
        if isinstance(up, (ast.With, ast.AsyncWith)) and _suppresses(ctx, up, name):
            return True
        child = up
    return False


def _try_handles(ctx: FileContext, node: ast.AST, name: str, reraising: Set[ast.AST]) -> bool:
    """The first handler of a ``try`` that catches ``name`` does not raise it again."""
    for handler in node.handlers:  # type: ignore[attr-defined]
        if _catches(ctx, _caught_names(ctx, handler), name):
            return handler not in reraising  # caught, then raised again: it still leaves the function
    return False


def _suppresses(ctx: FileContext, node: ast.AST, name: str) -> bool:
    """A ``with suppress(...)`` item that names ``name`` or one of its bases (or something unreadable)."""
    for item in node.items:  # type: ignore[attr-defined]
        call = item.context_expr
        if isinstance(call, ast.Call) and last_component(dotted_name(call.func)) == "suppress":
            suppressed = [dotted_name(arg) for arg in call.args]
            if any(not text or last_component(text) in ancestry(ctx, name) for text in suppressed):
                return True
    return False


@per_file
def _raised_memo(ctx: FileContext) -> Dict[ast.AST, Raised]:
    return {}


def raised(ctx: FileContext, func: FunctionNode) -> Raised:
    """What the ``raise`` (and ``assert``) statements of the function's own body raise; memoized."""
    memo = _raised_memo(ctx)
    known = memo.get(func)
    if known is None:
        known = memo[func] = _read_raises(ctx, func)
    return known


def _is_reraise(exc: Optional[ast.AST], handler: Optional[ast.ExceptHandler]) -> bool:
    """``raise``, or ``raise err`` in ``except ... as err``: it re-raises what was caught."""
    if exc is None:
        return True
    return isinstance(exc, ast.Name) and handler is not None and exc.id == handler.name


def _raised_class_name(ctx: FileContext, exc: ast.AST) -> str:
    """The class name a ``raise`` names (``""`` unless it reads as a class: capitalised)."""
    text = ctx.resolve(exc)  # ``RequestsError`` imported ``as`` is the origin's name
    name = last_component(text) if text else ""
    return name if name[:1].isupper() else ""


def _read_raises(ctx: FileContext, func: FunctionNode) -> Raised:
    """Read the raise and assert statements of the function's own body (see :func:`raised`)."""
    possible: Set[str] = set()
    unknown = False
    reraising: Set[ast.AST] = set()
    named: List[Tuple[ast.Raise, str]] = []
    for node in ctx.in_scope(func, ast.Raise, ast.Assert):
        if isinstance(node, ast.Assert):
            possible.add("AssertionError")
            continue
        exc = node.exc  # type: ignore[attr-defined]
        handler = _enclosing_handler(ctx, node, func)
        if _is_reraise(exc, handler):
            caught = _caught_names(ctx, handler) if handler is not None else None
            if handler is not None:
                reraising.add(handler)
            unknown = unknown or caught is None
            possible.update(caught or ())
            continue
        name = _raised_class_name(ctx, exc)
        if not name:
            unknown = True  # ``raise error``, ``raise self._fail(...)``: which exception is unknown
            continue
        possible.add(name)
        named.append((node, name))  # type: ignore[arg-type]
    direct = [name for node, name in named if not _caught_inside(ctx, node, func, name, reraising)]
    return Raised(tuple(unique(direct)), frozenset(possible), unknown)


@per_file
def _module_functions(ctx: FileContext) -> Dict[str, ast.AST]:
    """Module-level functions by name (the last definition, as Python binds it)."""
    return {info.name: info.node for info in ctx.functions if ctx.scope(info.node) is ctx.tree}


@per_file
def _methods(ctx: FileContext) -> Dict[ast.AST, Dict[str, ast.AST]]:
    """Class → its methods by name (the last definition, as Python binds it)."""
    found: Dict[ast.AST, Dict[str, ast.AST]] = {}
    for info in ctx.functions:
        if info.owner is not None:
            found.setdefault(info.owner, {})[info.name] = info.node
    return found


def _method_of(ctx: FileContext, cls: ast.ClassDef, name: str) -> Optional[ast.AST]:
    """The method ``name`` of ``cls`` or of its nearest same-module base that defines it."""
    methods = _methods(ctx)
    for owner in (cls, *ancestors(ctx, cls)):
        found = methods.get(owner, {}).get(name)
        if found is not None:
            return found
    return None


def _called_methods(
    ctx: FileContext, target: ast.AST, receiver: Optional[ast.ClassDef]
) -> Tuple[Optional[ast.ClassDef], Tuple[str, ...]]:
    """The class a call goes to and the method names to look up there (no class: not a method call)."""
    if isinstance(target, ast.Name):
        return ctx.classes.get(target.id), ("__init__", "__new__")  # type: ignore[return-value]
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
        head = target.value.id
        cls = receiver if head in ("self", "cls") else ctx.classes.get(head)
        return cls, (target.attr,)  # type: ignore[return-value]
    return None, ()


def _callees(ctx: FileContext, func: FunctionNode, receiver: Optional[ast.ClassDef]) -> Iterator[
        Tuple[ast.AST, Optional[ast.ClassDef]]]:
    """Functions of this module the body calls, each with the class its ``self`` stands for.

    ``helper()``, ``Class()`` (its ``__init__`` and ``__new__``), ``Class.method()``, and
    ``self.method()`` / ``cls.method()`` looked up on ``receiver``, the class of the method
    whose docstring is checked (a mixin's ``self`` is that class's).
    """
    functions = _module_functions(ctx)
    for call in ctx.in_scope(func, ast.Call):
        target = call.func  # type: ignore[attr-defined]
        if isinstance(target, ast.Name) and target.id in functions:
            yield functions[target.id], None
            continue
        cls, names = _called_methods(ctx, target, receiver)
        if cls is None or ctx.scope(cls) is not ctx.tree:
            continue
        for name in names:
            method = _method_of(ctx, cls, name)
            if method is not None:
                yield method, cls


@per_file
def _reachable_memo(ctx: FileContext) -> Dict[Tuple[ast.AST, Optional[ast.AST]], FrozenSet[str]]:
    return {}


#: how deep REV412 follows calls to the module's own functions
_MAX_CALL_DEPTH = 8


def reachable_raises(
    ctx: FileContext, func: FunctionNode, receiver: Optional[ast.ClassDef], depth: int = 0
) -> FrozenSet[str]:
    """Exceptions the function's own raises name, and those of the module functions it calls."""
    memo = _reachable_memo(ctx)
    key = (func, receiver)
    known = memo.get(key)
    if known is not None:
        return known
    memo[key] = frozenset()  # a recursive call adds nothing new
    names = set(raised(ctx, func).possible)
    if depth < _MAX_CALL_DEPTH:
        for callee, callee_receiver in _callees(ctx, func, receiver):
            names.update(reachable_raises(ctx, callee, callee_receiver, depth + 1))  # type: ignore[arg-type]
    memo[key] = frozenset(names)
    return memo[key]
