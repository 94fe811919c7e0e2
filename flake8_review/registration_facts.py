"""REV303's facts: the functions a module registers through a dotted callee, with their parameters.

A registration passes a function of the module positionally to a call of a dotted
callee (``bus.connect(on_save)``, ``signal.connect(self.on_save)``) or decorates it
with one (``@bus.subscribe("paid")``). The callee is kept as the index compares it
across modules: its first name expanded through the imports (relative ones made
absolute by :func:`absolute_callee`), or marked ``:`` when it is a module-level name
of the file itself. A callee reached through ``self``, ``cls``, a parameter or a local
variable names a different object in every module: it registers nothing comparable.
"""

from __future__ import annotations

import ast
from typing import Dict, FrozenSet, Iterator, NamedTuple, Optional, Set, Tuple

from flake8_review.context import FUNCTION_TYPES, FileContext, FunctionInfo, dotted_name
from flake8_review.foreign import absolute_name

Selves = Dict[ast.AST, Tuple[ast.ClassDef, str]]

#: REV303: callees that register nothing (RULES.md, precise readings)
REGISTRATION_EXCLUDED_MODULES = frozenset({
    "functools", "typing", "abc", "contextlib", "atexit", "dataclasses", "signal", "threading", "unittest",
})
REGISTRATION_EXCLUDED_NAMES = frozenset({"property", "staticmethod", "classmethod"})
#: the mark of a callee whose first name is bound at the top level of its own module
LOCAL_MARK = ":"


class Registration(NamedTuple):
    """A function registered through a dotted callee (REV303): a decorator or a call argument."""

    callee: str  # the dotted callee as the index keeps it (see the module docstring)
    function: str  # qualified name of the registered function
    line: int
    params: Tuple[Tuple[str, str], ...]  # (name, kind): posonly, pos, vararg, kwonly, kwarg
    bound: bool  # passed as ``self.method``, or a decorated method: its first parameter is bound
    method: bool  # defined in a class body
    how: str  # "decorator" or "call"


def compared_params(item: tuple) -> Tuple[Tuple[str, str], ...]:
    """What REV303 compares of a registration (a :class:`Registration` or its plain tuple):
    the parameters, without the first one of a bound method (``self.on_save``)."""
    registration = Registration._make(item)
    return registration.params[1:] if registration.bound else registration.params


def signature(node: ast.AST) -> Tuple[Tuple[str, str], ...]:
    """``(name, kind)`` of every parameter of a function, in order."""
    args = node.args  # type: ignore[attr-defined]
    found = [(p.arg, "posonly") for p in args.posonlyargs]
    found.extend((p.arg, "pos") for p in args.args)
    if args.vararg is not None:
        found.append((args.vararg.arg, "vararg"))
    found.extend((p.arg, "kwonly") for p in args.kwonlyargs)
    if args.kwarg is not None:
        found.append((args.kwarg.arg, "kwarg"))
    return tuple(found)


def self_owner(ctx: FileContext, selves: Selves, node: ast.AST, receiver: ast.AST) -> str:
    """The class whose ``self``/``cls`` ``receiver`` is, at ``node``; ``''`` for anything else."""
    if not isinstance(receiver, ast.Name):
        return ""
    owner = selves.get(ctx.scope(node))
    if owner is None or receiver.id != owner[1]:
        return ""
    return owner[0].name


def absolute_callee(callee: str, module: str, is_package: bool) -> str:
    """The callee as every module names it: ``..events.bus.subscribe`` or ``:bus.subscribe`` read in
    ``shop.handlers`` (resp. ``shop.events``) give ``shop.events.bus.subscribe``; ``''`` when a
    relative import leaves its package."""
    if callee.startswith(LOCAL_MARK):
        rest = callee[len(LOCAL_MARK):]
        return f"{module}.{rest}" if module else rest
    return absolute_name(callee, module, is_package)


def _callee_text(ctx: FileContext, callee: ast.AST, top: Set[str], scopes: Dict[ast.AST, Set[str]]) -> str:
    """The dotted callee as the index keeps it (see the module docstring); ``''`` when it is not
    dotted or its first name is ``self``, ``cls``, a parameter or a local variable."""
    text = dotted_name(callee) if isinstance(callee, ast.Attribute) else ""
    head = text.split(".", 1)[0]
    if not head:
        return ""
    scope: Optional[ast.AST] = ctx.scope(callee)
    while scope is not None and scope is not ctx.tree:
        if head in _bound_in(ctx, scope, scopes):
            return ""
        scope = ctx.scope(scope)
    if head in ctx.import_aliases:
        return ctx.resolve(callee)
    return LOCAL_MARK + text if head in top else ""


def _bound_in(ctx: FileContext, scope: ast.AST, memo: Dict[ast.AST, Set[str]]) -> Set[str]:
    """Names a function, lambda or class body binds itself: parameters, assignments, definitions, imports."""
    found = memo.get(scope)
    if found is None:
        found = memo[scope] = _top_names(ctx, scope)
        args = getattr(scope, "args", None)
        if isinstance(args, ast.arguments):
            found.update(arg.arg for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs))
            found.update(arg.arg for arg in (args.vararg, args.kwarg) if arg is not None)
    return found


def _top_names(ctx: FileContext, scope: ast.AST) -> Set[str]:
    """Names assigned, defined or imported directly in ``scope`` (not in nested functions or classes)."""
    found = set()
    for node in ctx.in_scope(scope, ast.Name, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                             ast.Import, ast.ImportFrom):
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Store):
                found.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            found.update((alias.asname or alias.name).split(".", 1)[0] for alias in node.names)
        elif node is not scope:
            found.add(node.name)  # type: ignore[attr-defined]
    return found


def _excluded_callee(text: str) -> bool:
    head = text.split(".", 1)[0]
    return head in REGISTRATION_EXCLUDED_MODULES or text.rsplit(".", 1)[-1] in REGISTRATION_EXCLUDED_NAMES


def _bound_when_called(info: FunctionInfo) -> bool:
    """A decorated method is called as its instance or class has it: without its first parameter
    (unless it is a ``staticmethod``)."""
    static = any(text.rsplit(".", 1)[-1] == "staticmethod" for text in info.decorators)
    return info.owner is not None and not static


def _registration(text: str, info: FunctionInfo, line: int, bound: bool, how: str) -> Registration:
    method = info.owner is not None
    return Registration(text, info.qualname, line, signature(info.node), bound, method, how)


def registrations(ctx: FileContext, selves: Selves) -> Iterator[Registration]:
    """REV303's facts: functions decorated with, or passed positionally to, a dotted callee."""
    top = _top_names(ctx, ctx.tree)
    scopes: Dict[ast.AST, Set[str]] = {}
    for info in ctx.functions:
        for decorator in info.node.decorator_list:
            callee = decorator.func if isinstance(decorator, ast.Call) else decorator
            text = _callee_text(ctx, callee, top, scopes)
            if text and not _excluded_callee(text):
                yield _registration(text, info, info.node.lineno, _bound_when_called(info), "decorator")
    functions, methods = _function_tables(ctx)
    if functions or methods:
        yield from _call_registrations(ctx, selves, functions, methods, (top, scopes))


def _call_registrations(
    ctx: FileContext,
    selves: Selves,
    functions: Dict[str, FunctionInfo],
    methods: Dict[Tuple[str, str], FunctionInfo],
    names: Tuple[Set[str], Dict[ast.AST, Set[str]]],
) -> Iterator[Registration]:
    for call in ctx.nodes(ast.Call):
        func = call.func  # type: ignore[attr-defined]
        if not isinstance(func, ast.Attribute):
            continue
        targets = list(_passed_functions(ctx, selves, call, functions, methods))  # type: ignore[arg-type]
        text = _callee_text(ctx, func, *names) if targets else ""
        if not text or _excluded_callee(text):
            continue
        for info, bound in targets:
            yield _registration(text, info, call.lineno, bound, "call")  # type: ignore[attr-defined]


def _function_tables(
    ctx: FileContext,
) -> Tuple[Dict[str, FunctionInfo], Dict[Tuple[str, str], FunctionInfo]]:
    """Functions by name (module level first) and methods by (class, name)."""
    functions: Dict[str, FunctionInfo] = {}
    methods: Dict[Tuple[str, str], FunctionInfo] = {}
    for info in ctx.functions:
        if info.owner is not None:
            methods.setdefault((info.owner.name, info.name), info)
        elif not info.nested or info.name not in functions:
            functions[info.name] = info
    return functions, methods


def _passed_functions(
    ctx: FileContext,
    selves: Selves,
    call: ast.Call,
    functions: Dict[str, FunctionInfo],
    methods: Dict[Tuple[str, str], FunctionInfo],
) -> Iterator[Tuple[FunctionInfo, bool]]:
    """Functions of the file passed positionally to ``call``: ``f`` or a bound ``self.method``."""
    for arg in call.args:
        if isinstance(arg, ast.Name) and arg.id in functions:
            yield functions[arg.id], False
        elif isinstance(arg, ast.Attribute):
            owner = self_owner(ctx, selves, call, arg.value)
            info = methods.get((owner, arg.attr)) if owner else None
            if info is not None:
                yield info, True


def wrapper_functions(ctx: FileContext) -> FrozenSet[str]:
    """Top-level functions of the module that wrap what they decorate: somewhere inside they define
    a function taking ``*args`` or ``**kwargs``, or one decorated with ``functools.wraps``; and
    top-level classes whose ``__call__`` does so (``@exception_logger()`` makes an instance that wraps).

    Such a decorator (``@retry()``, ``@log_calls``) hands the function back with its own
    parameters: what it decorates is not registered anywhere, so REV303 does not compare it.
    """
    found = set()
    for info in ctx.functions:
        args = info.node.args
        wraps = any(text.rsplit(".", 1)[-1] == "wraps" for text in info.decorators)
        if info.nested and (args.vararg is not None or args.kwarg is not None or wraps):
            outer = [up for up in ctx.ancestors(info.node) if isinstance(up, FUNCTION_TYPES)]
            owner = ctx.scope(outer[-1]) if outer else None
            if owner is ctx.tree:
                found.add(outer[-1].name)  # type: ignore[attr-defined]
            elif (isinstance(owner, ast.ClassDef) and ctx.scope(owner) is ctx.tree
                  and outer[-1].name == "__call__"):  # type: ignore[attr-defined]
                found.add(owner.name)  # a class whose instances wrap: @exception_logger()
    return frozenset(found)
