"""The REV8 model of function bodies: arguments a body reads (REV803), statements that never run (REV806).

Pure helpers over :class:`~flake8_review.context.FileContext` queries, single-file:
no project index is involved.
"""

from __future__ import annotations

import ast
import builtins
from typing import Callable, Dict, FrozenSet, Iterator, List, Optional, Set, Tuple

from flake8_review.annotation_helpers import is_stub_body
from flake8_review.classes import ABSENT, ancestors, base_binding, base_method, elsewhere_facts, method_kind
from flake8_review.context import FileContext, FunctionInfo, per_file
from flake8_review.unused_helpers import (
    HOOK_NAMES,
    NEUTRAL_BASES,
    class_members,
    dispatch_prefixes,
    dispatched,
    is_dunder,
    matches_any,
    registering,
)


# -- REV803: arguments and their use ------------------------------------------------------------

def _reads(ctx: FileContext) -> Iterator[Tuple[ast.AST, str]]:
    """Every name read (``"*"`` for a ``locals()`` or bare ``vars()`` call, which reads them all)."""
    for node in ctx.nodes(ast.Name):
        parent = ctx.parent(node)
        store = isinstance(node.ctx, ast.Store)  # type: ignore[attr-defined]
        if not store or (isinstance(parent, ast.AugAssign) and parent.target is node):
            yield node, node.id  # type: ignore[attr-defined]
    for node in ctx.nodes(ast.Call):
        func = node.func  # type: ignore[attr-defined]
        if isinstance(func, ast.Name) and func.id in ("locals", "vars") and not node.args:  # type: ignore
            yield node, "*"


@per_file
def names_used_in(ctx: FileContext) -> Dict[ast.AST, Set[str]]:
    """Function → the names read anywhere inside it (nested functions, lambdas and classes included)."""
    used: Dict[ast.AST, Set[str]] = {}
    for node, name in _reads(ctx):
        scope: ast.AST = ctx.scope(node)
        while scope is not ctx.tree:
            used.setdefault(scope, set()).add(name)
            scope = ctx.scope(scope)
    return used


@per_file
def value_references(ctx: FileContext) -> FrozenSet[str]:
    """Names and attribute names loaded as values rather than called: possible callbacks."""
    found: Set[str] = set()
    for node in ctx.each(ast.Name, ast.Attribute):
        parent = ctx.parent(node)
        if not isinstance(node.ctx, ast.Load) or isinstance(parent, ast.Attribute):  # type: ignore
            continue  # ``helper.__doc__``, ``mod.func``: only the outer part is the value
        if not (isinstance(parent, ast.Call) and parent.func is node):
            found.add(node.id if isinstance(node, ast.Name) else node.attr)  # type: ignore[attr-defined]
    return frozenset(found)


@per_file
def star_called(ctx: FileContext) -> FrozenSet[str]:
    """Names of functions and methods called with unpacked arguments (``self.tokeneater(*token)``)."""
    found: Set[str] = set()
    for call in ctx.nodes(ast.Call):
        if any(isinstance(arg, ast.Starred) for arg in call.args):  # type: ignore[attr-defined]
            func = call.func  # type: ignore[attr-defined]
            found.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return frozenset(found)


@per_file
def alternatives(ctx: FileContext) -> FrozenSet[Tuple[ast.AST, str]]:
    """(scope, name) of functions defined more than once, undecorated, in one scope: alternative
    implementations (``if hasattr(types, ...): def f(x) ... else: def f(x): return False``)."""
    seen: Set[Tuple[ast.AST, str]] = set()
    found: Set[Tuple[ast.AST, str]] = set()
    for info in ctx.functions:
        if info.node.decorator_list:
            continue
        key = (ctx.scope(info.node), info.name)
        (found if key in seen else seen).add(key)
    return frozenset(found)


@per_file
def subclassed(ctx: FileContext) -> FrozenSet[ast.AST]:
    """Classes that another class of the module derives from: their methods define a protocol."""
    return frozenset(base for cls in ctx.nodes(ast.ClassDef) for base in ancestors(ctx, cls))  # type: ignore


def overrides(ctx: FileContext, info: FunctionInfo) -> bool:
    """A same-module base class binds the name too (a method, or ``name = other``)."""
    if base_method(ctx, info) is not None:
        return True
    members = class_members(ctx)
    return any(
        member.name == info.name for base in ancestors(ctx, info.owner)  # type: ignore[arg-type]
        for member in members.get(base, ())
    )


def _base_imposes(ctx: FileContext, base: ast.AST, local: Set[str], method: str) -> bool:
    """Whether one base expression may impose the signature of ``method``."""
    if isinstance(base, ast.Subscript):
        base = base.value
    if isinstance(base, ast.Name) and base.id in local and base.id not in ctx.import_aliases:
        return False  # a class of the module: its own bases are looked at too
    text = ctx.resolve(base)
    if text in NEUTRAL_BASES:
        return False
    name = text[len("builtins."):] if text.startswith("builtins.") else text
    builtin = getattr(builtins, name, None) if name not in ctx.import_aliases else None
    if isinstance(builtin, type):
        return hasattr(builtin, method)
    return True  # defined elsewhere: cannot be resolved in the module


def open_class(ctx: FileContext, cls: ast.ClassDef, method: str) -> bool:
    """A base of ``cls`` or of its same-module ancestors cannot be resolved in the module,
    or is a builtin class that defines ``method`` (the signature is imposed)."""
    family = (cls, *ancestors(ctx, cls))
    local = {c.name for c in family}
    return any(_base_imposes(ctx, base, local, method) for current in family for base in current.bases)


#: what REV803 knows of the project beyond the module: its root, which classes have subclasses, and
#: which have an ancestor (by name) with a base computed at run time or imported from another project
#: from the project index: its root, "has subclasses", "lineage foreign", "passed as a value elsewhere"
Project = Tuple[str, Callable[[str], bool], Callable[[str], bool], Callable[[str], bool]]


def _imposed(
    ctx: FileContext, info: FunctionInfo, test_file: bool, patterns: FrozenSet[str],
    project: Optional[Project],
) -> bool:
    """The function's signature is not its own to choose: REV803 says nothing about it."""
    node = info.node
    if is_dunder(info.name) or registering(node) or is_stub_body(node.body):
        return True
    if matches_any(info.name, HOOK_NAMES) or dispatched(info.name, patterns):
        return True  # called by a framework, or through a computed name elsewhere in the project
    if info.name in star_called(ctx) or (ctx.scope(node), info.name) in alternatives(ctx):
        return True  # the unpacked tuple, or the other definition, imposes the signature
    if (test_file and info.name.startswith("test")) or info.name in value_references(ctx):
        return True  # a pytest test asks for fixtures by name; a callback's caller decides
    if project is not None and project[3](info.name):
        return True  # passed as a callback by another module: registry.subscribe(rules.on_delete, ...)
    if info.owner is None:
        return False
    if info.owner in subclassed(ctx) or overrides(ctx, info) or _dispatched_method(ctx, info):
        return True
    return open_class(ctx, info.owner, info.name) and not _own_helper(ctx, info, project)


def _own_helper(ctx: FileContext, info: FunctionInfo, project: Optional[Project]) -> bool:
    """A private helper that overrides nothing and that nothing overrides: every class its class
    inherits from elsewhere was resolved (astroid bridge), none binds its name, all are the
    project's own, and no class of the project derives from its class. A public method may
    still be called by name by the project's own framework code (RPC endpoints, web
    controllers' actions), so those stay exempt."""
    cls = info.owner
    private = info.name.startswith("_") and not is_dunder(info.name)
    if project is None or cls is None or not private or project[1](cls.name) or project[2](cls.name):
        return False  # the index already says it: no need to resolve the bases (astroid) to know
    if base_binding(ctx, cls, info.name) != ABSENT:
        return False
    return elsewhere_facts(ctx).lineage_within(ctx, cls, project[0])


def _dispatched_method(ctx: FileContext, info: FunctionInfo) -> bool:
    """Called through a computed name (``getattr(self, "set_ok_" + what)(cookie, request)``)."""
    prefixes = dispatch_prefixes(ctx)
    family = {info.owner.name, *(base.name for base in ancestors(ctx, info.owner))}  # type: ignore
    return any(dispatched(info.name, prefixes.get(name, ())) for name in (*family, ""))


def unused_arguments(
    ctx: FileContext, info: FunctionInfo, test_file: bool, patterns: FrozenSet[str] = frozenset(),
    project: Optional[Project] = None,
) -> List[ast.arg]:
    """REV803: the arguments of a function that its body never reads, exemptions applied.

    ``patterns`` are ``prefix*suffix`` names the rest of the project looks up by computed
    names (from the project index, when one was built): a function fitting one is exempt.
    ``project`` (from that index too) is the root and a test for classes with subclasses in
    the project: a private helper of a class that inherits only from the project's own
    classes elsewhere is checked when none of them binds its name (:func:`_own_helper`).
    """
    args = info.node.args
    positional = [*args.posonlyargs, *args.args]
    if info.owner is not None and positional and method_kind(ctx, info) != "static":
        positional = positional[1:]
    candidates = [
        arg for arg in (*positional, *args.kwonlyargs)
        if not arg.arg.startswith("_") and arg.arg not in ("self", "cls")
    ]
    if not candidates or _imposed(ctx, info, test_file, patterns, project):
        return []
    used = names_used_in(ctx).get(info.node, set())
    return [] if "*" in used else [arg for arg in candidates if arg.arg not in used]


# -- REV806: unreachable code --------------------------------------------------------------------

_LEAVING = {ast.Return: "return", ast.Raise: "raise", ast.Continue: "continue", ast.Break: "break"}


#: the first unreachable statement of a block, why, and every statement of the block that never runs
Unreachable = Tuple[ast.stmt, str, Tuple[ast.stmt, ...]]


def leaves(statement: ast.stmt) -> str:
    """What makes control never pass ``statement``: its keyword, ``if/else``, or ``''``."""
    keyword = _LEAVING.get(type(statement), "")
    if keyword or not isinstance(statement, ast.If) or not statement.orelse:
        return keyword
    branches = (statement.body, statement.orelse)
    return "if/else" if all(any(leaves(inner) for inner in branch) for branch in branches) else ""


def _never_true(node: ast.AST) -> Optional[Unreachable]:
    """The body of ``if False:``/``if 0:``/``while False:``, unless it is a generator's ``yield``."""
    test = getattr(node, "test", None)
    if not isinstance(node, (ast.If, ast.While)) or not isinstance(test, ast.Constant):
        return None
    value = test.value
    if not (value is False or (type(value) is int and value == 0)) or _yield_only(node.body[0]):
        return None
    keyword = "if" if isinstance(node, ast.If) else "while"
    reason = f"because '{keyword} {value!r}:' on line {node.lineno} is never true"
    return (node.body[0], reason, tuple(node.body))


def _yield_only(statement: ast.stmt) -> bool:
    """``yield`` after ``return`` (or under ``if False:``): written only to make a generator."""
    return isinstance(statement, ast.Expr) and isinstance(statement.value, (ast.Yield, ast.YieldFrom))


def unreachable_in(node: ast.AST) -> Iterator[Unreachable]:
    """Unreachable statements directly in the blocks (body, else, finally, match cases) of ``node``."""
    dead_branch = _never_true(node)
    if dead_branch is not None:
        yield dead_branch
    blocks = [getattr(node, field, None) for field in ("body", "orelse", "finalbody")]
    blocks.extend(case.body for case in getattr(node, "cases", None) or ())
    for block in blocks:
        if not isinstance(block, list) or not block or not isinstance(block[0], ast.stmt):
            continue
        ends = [(index, leaves(statement)) for index, statement in enumerate(block[:-1])]
        index, how = next(((index, how) for index, how in ends if how), (0, ""))
        following = block[index + 1] if how else None
        if following is None or _yield_only(following):
            continue
        where = block[index].lineno
        reason = (f"after the if/else on line {where}, every branch of which leaves the block"
                  if how == "if/else" else f"after '{how}' on line {where}")
        yield (following, reason, tuple(block[index + 1:]))
