"""Facts about one file's docstrings and definitions, for the REV4 checks: no reporting.

Everything here is computed from :class:`~flake8_review.context.FileContext` queries (never
by walking the tree again) and memoized on the context with :func:`per_file`, so each fact is
built once per file by whichever check asks first:

* each definition's docstring, parsed once (:func:`sections`);
* what is public: the module's kind from its file name, ``__all__``, enclosing classes;
* what exempts a function from needing a docstring (:func:`exempt`);
* what a function raises (:func:`raised`, :func:`reachable_raises`) and how exception names
  relate (:func:`ancestry`).
"""

from __future__ import annotations

import ast
import builtins
import os
from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterator, List, Optional, Sequence, Set, Tuple, Union

from flake8_review.classes import ancestors, base_method, foreign_bases, last_component, method_kind
from flake8_review.context import FileContext, FunctionInfo, dotted_name, per_file
from flake8_review.docstring_sections import DocstringSections, parse

DefinitionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef]
FunctionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef]
_TRY_TYPES: Tuple[type, ...] = tuple(t for t in (ast.Try, getattr(ast, "TryStar", None)) if t is not None)
_ABSTRACT = frozenset({"abstractmethod", "abstractproperty", "abstractclassmethod", "abstractstaticmethod"})
#: what a broad handler catches, and an alias attribute's last component says nothing about
BROAD_EXCEPTIONS = frozenset({"Exception", "BaseException"})


def unique(names: Sequence[str]) -> List[str]:
    """The names in their order, each once."""
    return list(dict.fromkeys(names))


# -- docstrings, parsed once per file -------------------------------------------------------

def docstring(node: ast.AST) -> Optional[str]:
    """The raw docstring of a module, class or function (a plain string literal first), if any."""
    body = getattr(node, "body", None)
    if not body or not isinstance(body, list):
        return None
    first = body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        value = first.value.value
        if isinstance(value, str):
            return value
    return None


@per_file
def _parsed(ctx: FileContext) -> Dict[ast.AST, DocstringSections]:
    """Docstring models of the file, filled in as the handlers ask."""
    return {}


def sections(ctx: FileContext, node: ast.AST) -> Optional[DocstringSections]:
    """The parsed docstring of ``node`` (``None`` without one), parsed once per file."""
    memo = _parsed(ctx)
    found = memo.get(node)
    if found is None:
        text = docstring(node)
        if text is None:
            return None
        found = memo[node] = parse(text)
    return found


# -- what is public -------------------------------------------------------------------------

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


def _all_updates(ctx: FileContext) -> List[Tuple[ast.AST, str, Optional[ast.AST]]]:
    """Module-level changes of ``__all__`` in source order: (node, how, value).

    ``how`` is ``=`` (assignment), ``+=``, or a list method (``extend``, ``append``, ``remove``).
    """
    updates: List[Tuple[ast.AST, str, Optional[ast.AST]]] = []
    assignments = [*ctx.nodes(ast.Assign), *ctx.nodes(ast.AnnAssign), *ctx.nodes(ast.AugAssign)]
    for node in assignments:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]  # type: ignore
        named = any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets)
        if named and ctx.scope(node) is ctx.tree:
            how = "+=" if isinstance(node, ast.AugAssign) else "="
            updates.append((node, how, node.value))  # type: ignore[attr-defined]
    if not updates:
        return updates
    for node in ctx.nodes(ast.Call):
        func = node.func  # type: ignore[attr-defined]
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
            continue
        if func.value.id == "__all__" and func.attr in _LIST_METHODS and ctx.scope(node) is ctx.tree:
            args = node.args  # type: ignore[attr-defined]
            updates.append((node, func.attr, args[0] if args else None))
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


def inherits_docstring(ctx: FileContext, info: FunctionInfo) -> bool:
    """An override of a same-module base method that has a docstring (looked up the MRO way)."""
    seen: Set[ast.AST] = set()
    current = info
    while True:
        base = base_method(ctx, current)
        if base is None or base in seen:
            return False
        if docstring(base) is not None:
            return True
        seen.add(base)
        current = ctx.function_info[base]


def exempt(ctx: FileContext, info: FunctionInfo) -> bool:
    """Overload stubs, setters and deleters, short functions, overrides of documented methods."""
    if info.is_overload:
        return True
    if any(d.endswith((".setter", ".deleter")) for d in info.decorators):
        return True
    node = info.node
    min_lines = ctx.settings.docstring_min_lines
    if min_lines and (node.end_lineno or node.lineno) - node.lineno + 1 < min_lines:
        return True
    return info.owner is not None and inherits_docstring(ctx, info)


def own_parameters(ctx: FileContext, info: FunctionInfo) -> List[str]:
    """Parameters a docstring should describe.

    Not a method's ``self``/``cls`` and not ``*args``/``**kwargs`` (RULES.md's exemptions);
    private ``_name`` parameters are callers' keywords too, so they count.
    """
    args = info.node.args
    positional = [*args.posonlyargs, *args.args]
    skip_first = info.owner is not None and positional and (
        info.name == "__init__" or method_kind(ctx, info) != "static"
    )
    names = [p.arg for p in (positional[1:] if skip_first else positional)]
    names.extend(p.arg for p in args.kwonlyargs)
    return [name for name in names if name not in ("self", "cls")]


@per_file
def inits(ctx: FileContext) -> Dict[ast.AST, FunctionInfo]:
    """Class → its ``__init__`` (the last definition that is not an overload stub)."""
    found: Dict[ast.AST, FunctionInfo] = {}
    for info in ctx.functions:
        if info.owner is not None and info.name == "__init__" and not info.is_overload:
            found[info.owner] = info
    return found


def init_documented(ctx: FileContext, info: FunctionInfo) -> bool:
    """REV407: ``__init__`` has a docstring, or its class's docstring documents its arguments."""
    if docstring(info.node) is not None:
        return True
    class_doc = sections(ctx, info.owner)  # type: ignore[arg-type]
    if class_doc is None:
        return False
    return class_doc.has_params or not own_parameters(ctx, info)


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
        if in_body:
            for handler in up.handlers:  # type: ignore[attr-defined]
                if _catches(ctx, _caught_names(ctx, handler), name):
                    if handler in reraising:
                        break  # caught, then raised again: it still leaves the function
                    return True
        elif isinstance(up, (ast.With, ast.AsyncWith)):
            for item in up.items:
                call = item.context_expr
                if isinstance(call, ast.Call) and last_component(dotted_name(call.func)) == "suppress":
                    suppressed = [dotted_name(arg) for arg in call.args]
                    if any(not text or last_component(text) in ancestry(ctx, name) for text in suppressed):
                        return True
        child = up
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


def _read_raises(ctx: FileContext, func: FunctionNode) -> Raised:
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
        if exc is None or (isinstance(exc, ast.Name) and handler is not None and exc.id == handler.name):
            # ``raise`` or ``raise err`` in ``except ... as err``: re-raises what was caught
            if handler is None:
                unknown = True
                continue
            reraising.add(handler)
            caught = _caught_names(ctx, handler)
            if caught is None:
                unknown = True
            else:
                possible.update(caught)
            continue
        text = ctx.resolve(exc)  # ``RequestsError`` imported ``as`` is the origin's name
        name = last_component(text) if text else ""
        if not name[:1].isupper():
            unknown = True  # ``raise error``, ``raise self._fail(...)``: which exception is unknown
            continue
        possible.add(name)
        named.append((node, name))  # type: ignore[arg-type]
    direct = [name for node, name in named if not _caught_inside(ctx, node, func, name, reraising)]
    return Raised(tuple(unique(direct)), frozenset(possible), unknown)


def is_stub(node: FunctionNode, info: FunctionInfo) -> bool:
    """An abstract method, or a body of only ``pass``, ``...`` and ``raise NotImplementedError``."""
    if any(last_component(d) in _ABSTRACT for d in info.decorators):
        return True
    for statement in node.body[1:] if docstring(node) is not None else node.body:
        if isinstance(statement, ast.Pass):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue
        if isinstance(statement, ast.Raise) and statement.exc is not None:
            if last_component(dotted_name(statement.exc)) == "NotImplementedError":
                continue
        return False
    return True


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
        cls: Optional[ast.ClassDef] = None
        names: Tuple[str, ...] = ()
        if isinstance(target, ast.Name):
            if target.id in functions:
                yield functions[target.id], None
                continue
            cls, names = ctx.classes.get(target.id), ("__init__", "__new__")
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
            head = target.value.id
            names = (target.attr,)
            cls = receiver if head in ("self", "cls") else ctx.classes.get(head)
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
