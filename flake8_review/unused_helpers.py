"""The REV8 model: the definitions of a file, how its functions use their arguments, and dead blocks.

Pure helpers over :class:`~flake8_review.context.FileContext` queries; the
checks in ``checkers/unused.py`` combine them with the project index
(:mod:`flake8_review.project`) for the cross-module codes.
"""

from __future__ import annotations

import ast
import fnmatch
import re
from typing import Dict, FrozenSet, Iterable, Iterator, List, NamedTuple, Optional, Set, Tuple

from flake8_review.classes import method_kind
from flake8_review.context import FUNCTION_TYPES, FileContext, per_file

#: decorators that neither impose a signature nor register anything (REV803's "decorated"),
#: besides every ``functools`` decorator
NEUTRAL_DECORATORS = frozenset({
    "staticmethod", "classmethod", "property", "setter", "deleter", "getter",
    "wraps", "lru_cache", "cache", "cached_property", "total_ordering", "singledispatchmethod",
})
#: bases that define no members a subclass could override
NEUTRAL_BASES = frozenset({
    "object", "builtins.object", "typing.Generic", "typing.Protocol", "typing_extensions.Protocol",
    "typing_extensions.Generic", "abc.ABC",
})
#: module-level names that frameworks call by name: never "unused"
HOOK_NAMES = ("pytest_*", "load_tests", "setup", "setUpModule", "tearDownModule", "setup_module",
              "teardown_module", "setup_package", "teardown_package")
#: test functions, classes and fixture hooks of test files (REV804's "test functions and classes")
TEST_NAMES = (
    "test*", "Test*", "*Test", "*Tests", "*TestCase", "setup*", "setUp*", "teardown*", "tearDown*",
)


def is_dunder(name: str) -> bool:
    """``__name__``-style."""
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def is_sunder(name: str) -> bool:
    """``_name_``-style hooks (enum's ``_missing_``, ctypes' ``_fields_``)."""
    if len(name) < 3 or name.startswith("__") or name.endswith("__"):
        return False
    return name.startswith("_") and name.endswith("_")


def is_private(name: str) -> bool:
    """``_name`` or ``__name``, not a dunder and not the lone ``_``."""
    return name.startswith("_") and name != "_" and not is_dunder(name)


def matches_any(name: str, patterns: Iterable[str]) -> bool:
    """Whether ``name`` matches one of the globs."""
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)


def _decorator_parts(decorator: ast.AST) -> List[str]:
    """``["functools", "lru_cache"]`` for ``@functools.lru_cache()``; ``[]`` for other expressions."""
    node = decorator.func if isinstance(decorator, ast.Call) else decorator
    parts: List[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return []
    parts.append(node.id)
    return parts[::-1]


def registering(node: ast.AST) -> bool:
    """Has a decorator that may register the function or impose its signature.

    Not counted: ``staticmethod``, ``classmethod``, ``property`` and its
    ``.setter``/``.getter``/``.deleter``, and the ``functools`` decorators.
    """
    for decorator in getattr(node, "decorator_list", ()):
        parts = _decorator_parts(decorator)
        if not parts or (parts[-1] not in NEUTRAL_DECORATORS and parts[0] != "functools"):
            return True
    return False


# -- definitions ------------------------------------------------------------------------------

class Definition(NamedTuple):
    """A name a file binds, at its first binding in its scope."""

    name: str
    kind: str  # function, class, variable (module level); method, attribute, class (members)
    node: ast.AST  # the first binding, where findings go
    decorated: bool  # some binding has a decorator
    registered: bool  # some binding has a decorator other than the neutral ones
    doctest: bool = False  # the definition's docstring has ``>>>`` examples: doctest runs it


def _targets(target: ast.AST) -> Iterator[ast.Name]:
    if isinstance(target, ast.Name):
        yield target
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _targets(element)
    elif isinstance(target, ast.Starred):
        yield from _targets(target.value)


def _bindings(node: ast.AST, member: bool) -> Iterator[Tuple[str, str, ast.AST]]:
    """``(name, kind, where)`` for what a definition or an assignment statement binds."""
    if isinstance(node, ast.ClassDef):
        yield node.name, "class", node
    elif isinstance(node, FUNCTION_TYPES):
        yield node.name, "method" if member else "function", node
    elif isinstance(node, ast.Assign):
        for target in node.targets:
            yield from ((name.id, "attribute" if member else "variable", name) for name in _targets(target))
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        yield from ((name.id, "attribute" if member else "variable", name) for name in _targets(node.target))


def _add(table: Dict[str, Definition], name: str, kind: str, node: ast.AST) -> None:
    """Record a binding: the first one is where findings go; any decorator counts for all."""
    decorated = bool(getattr(node, "decorator_list", None))
    registered = decorated and registering(node)
    known = table.get(name)
    if known is None:
        table[name] = Definition(name, kind, node, decorated, registered, has_doctest(node))
    elif decorated:
        table[name] = known._replace(decorated=True, registered=known.registered or registered)


_DEFINITION_TYPES = (*FUNCTION_TYPES, ast.ClassDef, ast.Assign, ast.AnnAssign)


def _position(definition: Definition) -> Tuple[int, int]:
    return (definition.node.lineno, definition.node.col_offset)  # type: ignore[attr-defined]


@per_file
def module_definitions(ctx: FileContext) -> List[Definition]:
    """Module-level functions, classes and assigned variables, first binding first."""
    table: Dict[str, Definition] = {}
    for node in ctx.in_scope(ctx.tree, *_DEFINITION_TYPES):
        for name, kind, where in _bindings(node, member=False):
            _add(table, name, kind, where)
    return sorted(table.values(), key=_position)


@per_file
def class_members(ctx: FileContext) -> Dict[ast.ClassDef, List[Definition]]:
    """Each class's methods, nested classes, class attributes and ``self.<name> =`` attributes."""
    tables: Dict[ast.ClassDef, Dict[str, Definition]] = {}
    for cls in ctx.nodes(ast.ClassDef):
        table = tables.setdefault(cls, {})  # type: ignore[arg-type]
        for node in ctx.in_scope(cls, *_DEFINITION_TYPES):
            for name, kind, where in _bindings(node, member=True):
                _add(table, name, kind, where)
    for node, cls in _self_stores(ctx):
        _add(tables[cls], node.attr, "attribute", node)
    return {cls: sorted(table.values(), key=_position) for cls, table in tables.items() if table}


def _self_stores(ctx: FileContext) -> Iterator[Tuple[ast.Attribute, ast.ClassDef]]:
    """``self.<name> = ...`` (and ``del``-free stores) with the class ``self`` belongs to."""
    selves = self_names(ctx)
    for node in ctx.nodes(ast.Attribute):
        receiver = node.value  # type: ignore[attr-defined]
        if not isinstance(node.ctx, ast.Store) or not isinstance(receiver, ast.Name):  # type: ignore
            continue
        found = selves.get(ctx.scope(node))
        if found is not None and found[1] == receiver.id and not isinstance(ctx.parent(node), ast.AugAssign):
            yield node, found[0]  # type: ignore[misc]


def _method_selves(ctx: FileContext) -> Dict[ast.AST, Optional[Tuple[ast.ClassDef, str]]]:
    """Method → (its class, its first parameter), or None for static methods and empty signatures."""
    methods: Dict[ast.AST, Optional[Tuple[ast.ClassDef, str]]] = {}
    for info in ctx.functions:
        if info.owner is None:
            continue
        positional = [*info.node.args.posonlyargs, *info.node.args.args]
        bound = positional and method_kind(ctx, info) != "static"
        methods[info.node] = (info.owner, positional[0].arg) if bound else None
    return methods


@per_file
def self_names(ctx: FileContext) -> Dict[ast.AST, Tuple[ast.ClassDef, str]]:
    """Scope (a method, or a function or lambda in one) → (its class, the name of ``self``/``cls``)."""
    methods = _method_selves(ctx)
    found: Dict[ast.AST, Tuple[ast.ClassDef, str]] = {}
    for node in ctx.each(*FUNCTION_TYPES, ast.Lambda):
        scope: ast.AST = node
        while scope not in methods and isinstance(scope, (*FUNCTION_TYPES, ast.Lambda)):
            scope = ctx.scope(scope)
            if isinstance(scope, ast.ClassDef):
                break  # a lambda in a class body: no self
        hit = methods.get(scope)
        if hit is not None:
            found[node] = hit
    return found


@per_file
def slot_names(ctx: FileContext) -> Dict[ast.AST, FrozenSet[str]]:
    """Names each class lists in ``__slots__``."""
    found: Dict[ast.AST, FrozenSet[str]] = {}
    for node in ctx.nodes(ast.Assign):
        scope = ctx.scope(node)
        named = any(isinstance(t, ast.Name) and t.id == "__slots__" for t in node.targets)  # type: ignore
        if named and isinstance(scope, ast.ClassDef):
            found[scope] = frozenset(_literal_strings(node.value))  # type: ignore[attr-defined]
    return found


def _literal_strings(value: ast.AST) -> Iterator[str]:
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        yield from value.value.split()
    elements = value.keys if isinstance(value, ast.Dict) else getattr(value, "elts", ())
    for element in elements:
        if isinstance(element, ast.Constant) and isinstance(element.value, str):
            yield element.value


_HEAD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_TAIL = re.compile(r"[A-Za-z0-9_]*\Z")
_CONVERSION = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrai]")


def _constant(node: ast.AST) -> str:
    value = node.value if isinstance(node, ast.Constant) else None
    return value if isinstance(value, str) else ""


def _leftmost(node: ast.AST) -> ast.AST:
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        node = node.left
    return node


def _literal_parts(node: ast.AST) -> Tuple[str, str]:
    """The literal text a computed name starts and ends with: ``('_auth_', '')`` for
    ``'_auth_%s' % kind``, ``('', '_event')`` for ``name + '_event'``, ``('do_', '')`` for
    ``f'do_{command}'`` or ``'do_{}'.format(command)``."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _constant(_leftmost(node)), _constant(node.right)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        pieces = _CONVERSION.split(_constant(node.left))
        return (pieces[0], pieces[-1]) if len(pieces) > 1 else ("", "")
    if isinstance(node, ast.JoinedStr) and len(node.values) > 1:
        return _constant(node.values[0]), _constant(node.values[-1])
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        template = _constant(node.func.value)
        return (template.split("{", 1)[0], template.rsplit("}", 1)[-1]) if "{" in template else ("", "")
    return "", ""


#: ``getattr(module, name.capitalize())``: a name made from another by a change of case
CASE_CHANGES = frozenset({"capitalize", "title", "upper", "lower"})


def name_pattern(node: ast.AST) -> str:
    """``prefix*suffix`` of the names ``node`` may compute, ``@capitalize`` (and so on) for a
    computed name whose case is changed (Neutron loads ``Foo_bar`` from ``foo_bar.py`` with
    ``getattr(mod, mod_name.capitalize())``), or ``''``."""
    func = node.func if isinstance(node, ast.Call) and not node.args else None
    if isinstance(func, ast.Attribute) and func.attr in CASE_CHANGES:
        return "" if isinstance(func.value, ast.Constant) else "@" + func.attr
    head, tail = _literal_parts(node)
    if not (head or tail) or (head and not _HEAD.match(head)) or not _TAIL.match(tail):
        return ""
    return f"{head}*{tail}"


_LOOKUPS = frozenset({"getattr", "hasattr", "setattr", "delattr"})
#: (expression → looked up on self?), ((scope, variable) → looked up on self?)
LookedUp = Tuple[Dict[ast.AST, bool], Dict[Tuple[ast.AST, str], bool]]


def _looked_up(ctx: FileContext, selves: Dict[ast.AST, Tuple[ast.ClassDef, str]]) -> LookedUp:
    """Expressions used as attribute names (``getattr(x, <here>)``, ``globals()[<here>]``), the
    variables used so, and whether the object they are looked up on is the method's ``self``."""
    nodes: Dict[ast.AST, bool] = {}
    for call in ctx.nodes(ast.Call):
        func = call.func  # type: ignore[attr-defined]
        args = call.args  # type: ignore[attr-defined]
        if isinstance(func, ast.Name) and func.id in _LOOKUPS and len(args) > 1:
            nodes[args[1]] = _is_self(ctx, selves, call, args[0])
    for subscript in ctx.nodes(ast.Subscript):
        value = subscript.value  # type: ignore[attr-defined]
        if isinstance(value, ast.Attribute) and value.attr == "__dict__":
            nodes[subscript.slice] = _is_self(ctx, selves, subscript, value.value)  # type: ignore
        elif getattr(getattr(value, "func", None), "id", "") in ("globals", "vars"):
            nodes[subscript.slice] = False  # type: ignore[attr-defined]
    names = {
        (ctx.scope(node), node.id): on_self for node, on_self in nodes.items() if isinstance(node, ast.Name)
    }
    return nodes, names


def _is_self(ctx: FileContext, selves: Dict[ast.AST, Tuple[ast.ClassDef, str]], at: ast.AST,
             receiver: ast.AST) -> bool:
    owner = selves.get(ctx.scope(at))
    return owner is not None and isinstance(receiver, ast.Name) and receiver.id == owner[1]


def _lookup_of(ctx: FileContext, node: ast.AST, looked_up: LookedUp) -> Optional[bool]:
    """Whether ``node``'s string is looked up as an attribute name on self (True), on anything
    else (False), or not looked up at all (None)."""
    if node in looked_up[0]:
        return looked_up[0][node]
    parent = ctx.parent(node)
    if not (isinstance(parent, ast.Assign) and parent.value is node and len(parent.targets) == 1):
        return None
    target = parent.targets[0]
    return looked_up[1].get((ctx.scope(node), target.id)) if isinstance(target, ast.Name) else None


@per_file
def dispatch_prefixes(ctx: FileContext) -> Dict[str, FrozenSet[str]]:
    """Class name → ``prefix*suffix`` patterns of the attribute names its methods compute and look
    up on ``self`` (``getattr(self, '_auth_' + kind)``, ``name = 'do_%s' % cmd; getattr(self, name)``);
    ``''`` → patterns looked up on other objects or in a namespace. A member that fits one may be
    used by name."""
    selves = self_names(ctx)
    looked_up = _looked_up(ctx, selves)
    found: Dict[str, Set[str]] = {}
    if not looked_up[0]:
        return {}
    for node in ctx.each(ast.BinOp, ast.JoinedStr, ast.Call):
        pattern = name_pattern(node)
        on_self = _lookup_of(ctx, node, looked_up) if pattern else None
        if on_self is not None:
            owner = selves.get(ctx.scope(node)) if on_self else None
            found.setdefault(owner[0].name if owner is not None else "", set()).add(pattern)
    return {name: frozenset(patterns) for name, patterns in found.items()}


def meaningful(pattern: str) -> bool:
    """A pattern with a letter or digit: ``'_*'`` alone would match every private name."""
    return any(char.isalnum() for char in pattern)


def dispatched(name: str, patterns: Iterable[str]) -> bool:
    """``name`` fits one of the ``prefix*suffix`` patterns: it may be looked up by a computed name."""
    for pattern in patterns:
        if pattern.startswith("@"):
            continue
        head, _, tail = pattern.partition("*")
        if name.startswith(head) and name.endswith(tail) and len(name) > len(head) + len(tail):
            return True
    return False


def has_doctest(node: ast.AST) -> bool:
    """A definition whose docstring holds ``>>>`` examples: doctest runs it."""
    if not isinstance(node, (*FUNCTION_TYPES, ast.ClassDef)):
        return False
    text = ast.get_docstring(node, clean=False)
    return bool(text) and ">>>" in text  # type: ignore[operator]
