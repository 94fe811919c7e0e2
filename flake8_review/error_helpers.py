"""The REV6 model: broad handlers, what a handler does with its exception, and where calls are guarded.

Everything is built from :class:`~flake8_review.context.FileContext` queries.
The tree is never walked as a whole: only small subtrees are looked into (an
``except`` block's body, a ``finally`` block, the body of a ``try`` that
catches a specific exception), and facts needed by several checks are
memoized per file.
"""

from __future__ import annotations

import ast
import builtins
import os
import re
import sys
import sysconfig
from dataclasses import dataclass
from functools import cached_property
from typing import Dict, FrozenSet, Iterator, List, Optional, Set, Tuple, Union

from flake8_review.context import FUNCTION_TYPES, FileContext, per_file
from flake8_review.log_helpers import log_facts

TRY_TYPES: Tuple[type, ...] = tuple(t for t in (ast.Try, getattr(ast, "TryStar", None)) if t is not None)
TryNode = Union[ast.Try, ast.AST]  # ast.TryStar exists from Python 3.11

#: nodes whose body runs later or elsewhere: an ``except`` block does not run it
NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)

#: the names a broad handler catches
BROAD = frozenset({"Exception", "BaseException"})

#: every builtin name (``open``, ``len``, ``ValueError``...), as the running Python has them
BUILTIN_NAMES = frozenset(dir(builtins))

#: builtin exception classes by name; ``IOError`` and ``EnvironmentError`` are ``OSError`` itself
BUILTIN_EXCEPTIONS: Dict[str, type] = {
    name: value
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
}

#: module attributes that are the builtin ``OSError`` under another name
OS_ERROR_ALIASES = frozenset({"socket.error", "select.error", "os.error"})

#: words in a callee's name that make it an error handler (``handleError``, ``call_exception_handler``)
_ERROR_HANDLERS = ("error", "exception", "excepthook", "traceback")

#: exceptions whose traceback nobody sees (an exit, a skipped test): translating to them loses nothing
_NO_TRACEBACK = frozenset({"SystemExit", "SkipTest"})

#: methods of builtin containers and strings (``items.pop``, ``text.encode``): not project callees;
#: ``get`` stays, since ``dict.get`` never raises and a guarded ``get`` belongs to another object
BUILTIN_METHODS = frozenset(
    name
    for kind in (dict, list, set, str, bytes, tuple, bytearray)
    for name in dir(kind)
    if not name.startswith("_") and name != "get"
)

#: context managers that catch what their block raises (a guard for REV607)
_SUPPRESSORS = frozenset({"suppress", "assertRaises", "assertRaisesRegex", "raises"})


def _stdlib_modules() -> FrozenSet[str]:
    """Top-level module names of the standard library (3.10+ knows them; 3.9 lists the folder)."""
    names = getattr(sys, "stdlib_module_names", None)
    if names is not None:
        return frozenset(names)
    found = set(sys.builtin_module_names)
    try:
        for entry in os.listdir(sysconfig.get_paths()["stdlib"]):
            stem, ext = os.path.splitext(entry)
            if ext in ("", ".py") and stem.isidentifier() and stem != "site-packages":
                found.add(stem)
    except OSError:  # no readable standard library: only the builtin modules are known
        pass
    return frozenset(found)


STDLIB_MODULES = _stdlib_modules()


# -- names: builtins, shadowing, how a handler reads --------------------------------------------

@per_file
def module_bindings(ctx: FileContext) -> FrozenSet[str]:
    """Names the module binds at its top level (assignments, ``def``, ``class``, imports).

    Such a name hides the builtin of the same name; only imports keep a known origin
    (``ctx.resolve`` expands them).
    """
    names: Set[str] = set(ctx.import_aliases)
    tree = ctx.tree
    for node in ctx.in_scope(tree, ast.Name, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
        if isinstance(node, ast.Name):
            if not isinstance(node.ctx, ast.Load):
                names.add(node.id)
        else:
            names.add(node.name)  # type: ignore[attr-defined]
    for node in ctx.nodes(ast.ClassDef):  # a class named like a builtin anywhere: never the builtin
        names.add(node.name)  # type: ignore[attr-defined]
    return frozenset(names)


def builtin_name(ctx: FileContext, node: ast.AST) -> Optional[str]:
    """The builtin ``node`` names (``ValueError``, ``builtins.ValueError``), else ``None``."""
    if isinstance(node, ast.Name):
        if node.id in BUILTIN_NAMES and node.id not in module_bindings(ctx):
            return node.id
        resolved = ctx.resolve(node)
    elif isinstance(node, ast.Attribute):
        resolved = ctx.resolve(node)
    else:
        return None
    module, _, name = resolved.rpartition(".")
    return name if module == "builtins" and name in BUILTIN_NAMES else None


def exception_class(ctx: FileContext, node: ast.AST) -> Optional[type]:
    """The builtin exception class ``node`` names, aliases normalised (``socket.error`` is ``OSError``)."""
    name = builtin_name(ctx, node)
    if name is not None:
        return BUILTIN_EXCEPTIONS.get(name)
    if isinstance(node, ast.Attribute) and ctx.resolve(node) in OS_ERROR_ALIASES:
        return OSError
    if isinstance(node, ast.Name) and ctx.import_aliases.get(node.id) in OS_ERROR_ALIASES:
        return OSError
    return None


def caught_nodes(handler: ast.ExceptHandler) -> List[ast.expr]:
    """The expressions an ``except`` clause names: the tuple's items, or the one expression."""
    if handler.type is None:
        return []
    if isinstance(handler.type, ast.Tuple):
        return list(handler.type.elts)
    return [handler.type]


def is_broad(ctx: FileContext, handler: ast.ExceptHandler) -> bool:
    """``except:``, or a clause naming the builtin ``Exception`` or ``BaseException`` (or a tuple with it)."""
    if handler.type is None:
        return True
    return any(builtin_name(ctx, node) in BROAD for node in caught_nodes(handler))


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters with ``...`` when longer."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def clause_text(ctx: FileContext, handler: ast.ExceptHandler) -> str:
    """How the clause reads: ``except:``, ``except Exception``, ``except* (A, B)``."""
    star = "*" if type(ctx.parent(handler)).__name__ == "TryStar" else ""
    if handler.type is None:
        return f"except{star}:"
    return f"except{star} {shorten(ast.unparse(handler.type))}"


def expression_text(node: ast.AST) -> str:
    """Short source text of an expression, for messages."""
    return shorten(ast.unparse(node))


# -- what an except block does ------------------------------------------------------------------

def walk_block(statements: List[ast.stmt], stop: Tuple[type, ...] = NESTED_SCOPES) -> Iterator[ast.AST]:
    """Every node the statements run themselves: the insides of nested functions, classes and
    lambdas (or of the ``stop`` types) are left out."""
    stack: List[ast.AST] = list(reversed(statements))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, stop):
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


@dataclass(frozen=True)
class HandlerFacts:
    """What one ``except`` block does with the exception it caught."""

    reraises: bool  # a ``raise`` statement, ``raise New() from err`` included
    records: bool  # logs or prints the traceback, or hands the exception object on


@per_file
def _log_call_nodes(ctx: FileContext) -> FrozenSet[ast.AST]:
    return frozenset(call.node for call in log_facts(ctx).calls)


def handler_facts(ctx: FileContext, handler: ast.ExceptHandler) -> HandlerFacts:
    """Look into the handler's own body (each handler is judged by one check, once)."""
    reraises = False
    records = False
    bound = handler.name
    for node in walk_block(handler.body):
        if isinstance(node, ast.Raise):
            reraises = True
        elif isinstance(node, ast.Call):
            records = records or _records_traceback(ctx, node, bound)
        elif bound is not None and isinstance(node, (ast.Assign, ast.AnnAssign, ast.Return, ast.Yield)):
            records = records or _holds_name(node.value, bound)
    return HandlerFacts(reraises, records)


def _records_traceback(ctx: FileContext, call: ast.Call, bound: Optional[str]) -> bool:
    """``x.exception(...)``, ``exc_info=`` (not a literal false), ``traceback.*``, ``sys.exc_info()``,
    or the caught exception object handed to a call that is neither a builtin nor a log call."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "exception":
        return True
    for keyword in call.keywords:
        if keyword.arg == "exc_info":
            value = keyword.value
            if not (isinstance(value, ast.Constant) and not value.value):
                return True
    resolved = ctx.resolve(func)
    if resolved.startswith("traceback.") or resolved == "sys.exc_info":
        return True
    if builtin_name(ctx, func) is not None or call in _log_call_nodes(ctx):
        return False
    name = callee_text(func).rsplit(".", 1)[-1].lower()
    if any(word in name for word in _ERROR_HANDLERS):
        return True  # ``self.handle_error(request)``: handing the error to its handler
    if bound is None:
        return False
    return any(_holds_name(arg, bound) for arg in (*call.args, *(kw.value for kw in call.keywords)))


def _holds_name(value: Optional[ast.AST], name: str) -> bool:
    """``value`` is the name itself, or a tuple/list/starred display that holds it directly."""
    if isinstance(value, ast.Name):
        return value.id == name
    if isinstance(value, ast.Starred):
        return _holds_name(value.value, name)
    if isinstance(value, (ast.Tuple, ast.List)):
        return any(_holds_name(item, name) for item in value.elts)
    if isinstance(value, ast.Dict):
        return any(_holds_name(item, name) for item in value.values)
    return False


def silent_body(handler: ast.ExceptHandler) -> Optional[str]:
    """``pass``, ``...`` or ``continue`` when the whole body is such no-ops, else ``None``.

    A string literal (a comment written as a docstring) counts as a no-op too; a body
    of only strings is shown as ``a string``.
    """
    shown: List[str] = []
    for statement in handler.body:
        if isinstance(statement, ast.Pass):
            shown.append("pass")
        elif isinstance(statement, ast.Continue):
            shown.append("continue")
        elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            value = statement.value.value
            if value is Ellipsis:
                shown.append("...")
            elif not isinstance(value, str):
                return None
        else:
            return None
    unique = list(dict.fromkeys(shown))
    return " and ".join(f"'{text}'" for text in unique) if unique else "a string"


def only_reraises(handler: ast.ExceptHandler) -> bool:
    """The body is just ``raise`` or ``raise <the bound name>``."""
    if len(handler.body) != 1 or not isinstance(handler.body[0], ast.Raise):
        return False
    statement = handler.body[0]
    if statement.cause is not None:
        return False
    exc = statement.exc
    return exc is None or (isinstance(exc, ast.Name) and handler.name is not None and exc.id == handler.name)


# -- raise -------------------------------------------------------------------------------------

_CAP_WORDS = re.compile(r"_*[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*")


def new_exception(ctx: FileContext, exc: ast.AST, handler: ast.ExceptHandler) -> bool:
    """Whether ``raise exc`` provably raises a new exception rather than the caught one (REV603).

    A call makes a new exception (``err.with_traceback(tb)`` excepted: that is the
    caught object again); so does a name that is a class: a builtin exception, a
    class of this module, or an imported CapWords name (``errors.NotFound`` too).
    """
    target = exc.func if isinstance(exc, ast.Call) else exc
    if isinstance(target, ast.Attribute) and target.attr == "with_traceback":
        return False
    if callee_text(target).rsplit(".", 1)[-1] in _NO_TRACEBACK:
        return False
    name = builtin_name(ctx, target)
    if name is not None:
        return name in BUILTIN_EXCEPTIONS
    return isinstance(exc, ast.Call) or _names_a_class(ctx, target, handler.name)


def _names_a_class(ctx: FileContext, target: ast.AST, bound: Optional[str]) -> bool:
    """A class of this module, or an imported CapWords name (``NotFound``, ``errors.NotFound``)."""
    if isinstance(target, ast.Name):
        if target.id == bound:
            return False
        return target.id in ctx.classes or (
            target.id in ctx.import_aliases and _CAP_WORDS.fullmatch(target.id) is not None
        )
    if isinstance(target, ast.Attribute) and _CAP_WORDS.fullmatch(target.attr):
        head = target.value
        while isinstance(head, ast.Attribute):
            head = head.value
        return isinstance(head, ast.Name) and head.id in ctx.import_aliases
    return False


def caught_locally(ctx: FileContext, node: ast.AST) -> bool:
    """``node`` is in the body of a ``try`` of its own function that has a broad handler."""
    child = node
    for up in ctx.ancestors(node):
        if isinstance(up, NESTED_SCOPES):
            return False
        if isinstance(up, TRY_TYPES) and any(child is s for s in up.body):  # type: ignore[attr-defined]
            if any(is_broad(ctx, handler) for handler in up.handlers):  # type: ignore[attr-defined]
                return True
        child = up
    return False


# -- finally -----------------------------------------------------------------------------------

_LOOPS = (ast.For, ast.AsyncFor, ast.While)


def finally_escapes(try_node: TryNode) -> Iterator[ast.stmt]:
    """``return`` anywhere in the ``finally`` block, and ``break``/``continue`` of a loop outside it."""
    finalbody: List[ast.stmt] = try_node.finalbody  # type: ignore[attr-defined]
    stack: List[Tuple[ast.AST, bool]] = [(s, False) for s in reversed(finalbody)]
    while stack:
        node, in_loop = stack.pop()
        if isinstance(node, ast.Return):
            yield node
        elif isinstance(node, (ast.Break, ast.Continue)):
            if not in_loop:
                yield node
        elif isinstance(node, NESTED_SCOPES) or isinstance(node, ast.expr):
            continue
        elif isinstance(node, _LOOPS):
            stack.extend((s, in_loop) for s in reversed(node.orelse))  # ``else`` belongs to the outer loop
            stack.extend((s, True) for s in reversed(node.body))
        else:
            stack.extend((child, in_loop) for child in reversed(list(ast.iter_child_nodes(node))))


# -- REV607: where calls are guarded -----------------------------------------------------------

def callee_text(func: ast.AST) -> str:
    """``helper``, ``self.client.fetch``: names and attributes only, else ``''``."""
    parts: List[str] = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name):
        return ""
    parts.append(func.id)
    return ".".join(reversed(parts))


@dataclass
class CalleeGuards:
    """The guarded calls of one callee; the first one is the evidence a message cites."""

    call: ast.Call  # the first guarded call
    caught: str  # what its try catches: "ConnectionError", "KeyError, ValueError"
    count: int  # calls of the callee alone in the body of a try that catches something specific
    functions: Set[ast.AST]  # the functions (or module) those calls are in
    names: Set[str]  # last components of the exceptions caught there: "OSError", "NotFound"


CalleeKey = Tuple[ast.AST, str]
_EAGER_STOP = NESTED_SCOPES + (ast.GeneratorExp,)


class GuardIndex:
    """Which calls of a module are guarded by a ``try``, and which callees are guarded somewhere.

    A callee is keyed by its dotted text and where its first name comes from: a
    name local to a function is keyed by that function, ``self``/``cls`` by the
    class, and a module-level or imported name by the module. So ``f.close()`` in
    two functions, or ``self.close()`` in two classes, are different callees.
    """

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.locals: Dict[ast.AST, FrozenSet[str]] = {}
        self.function_guarded: Dict[ast.AST, Optional[bool]] = {}  # None: being judged (a cycle)
        self.excluded = _log_call_nodes(ctx)
        self._sites: Dict[CalleeKey, List[ast.Call]] = {}
        self._escapes: Set[CalleeKey] = set()
        self._indexed: Set[str] = set()

    # -- callee identity

    def key(self, call: ast.Call) -> Optional[CalleeKey]:
        """(owner, dotted text) of a call's callee; ``None`` when it is no project callee."""
        text = callee_text(call.func)
        if not text or self._excluded(text, call):
            return None
        ctx = self.ctx
        head = text.partition(".")[0]
        scope: ast.AST = ctx.scope(call)
        while not isinstance(scope, ast.Module):
            if isinstance(scope, _FUNCTIONS) and head in self.local_names(scope):
                owner = ctx.scope(scope)
                if head in ("self", "cls") and isinstance(owner, ast.ClassDef):
                    return owner, text
                return scope, text
            scope = ctx.scope(scope)
        if head not in module_bindings(ctx):
            return None if head in BUILTIN_NAMES else (ctx.tree, text)
        origin = ctx.import_aliases.get(head)
        if origin is not None and origin.split(".", 1)[0] in STDLIB_MODULES:
            return None
        return ctx.tree, text

    def _excluded(self, text: str, call: ast.Call) -> bool:
        """Log calls, exceptions built to be raised, and methods of builtin containers and strings."""
        if call in self.excluded or isinstance(self.ctx.parent(call), ast.Raise):
            return True
        head, _, rest = text.partition(".")
        if not rest or text.rsplit(".", 1)[-1] not in BUILTIN_METHODS:
            return False
        own_method = head in ("self", "cls") and "." not in rest
        return not own_method and head not in self.ctx.import_aliases

    def local_names(self, function: ast.AST) -> FrozenSet[str]:
        """Names a function (or lambda) binds: parameters, assignments, imports, ``def``/``class``."""
        names = self.locals.get(function)
        if names is None:
            names = self.locals[function] = self._bind_locals(function)
        return names

    def _bind_locals(self, function: ast.AST) -> FrozenSet[str]:
        args = function.args  # type: ignore[attr-defined]
        every = (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg)
        names: Set[str] = {a.arg for a in every if a is not None}
        declared: Set[str] = set()
        for node in self.ctx.in_scope(function, *_BINDERS):
            if isinstance(node, ast.Name):
                if not isinstance(node.ctx, ast.Load):
                    names.add(node.id)
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                declared.update(node.names)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                names.update(alias.asname or alias.name.split(".", 1)[0] for alias in node.names)
            elif node is not function:
                names.add(getattr(node, "name", None) or "")  # def, class, ``except ... as``
        return frozenset(names - declared)

    def function_of(self, node: ast.AST) -> ast.AST:
        """The function (or lambda, class body, module) whose code runs ``node``."""
        return self.ctx.scope(node)

    # -- evidence

    @cached_property
    def evidence(self) -> Dict[CalleeKey, CalleeGuards]:
        """Callee key → its calls that are alone in the body of a ``try`` catching something specific.

        A ``try`` body with several calls, or with a subscript, is no evidence: its
        handler may be there for another call (``int()``) or for ``d[key]``.
        """
        found: Dict[CalleeKey, CalleeGuards] = {}
        for try_node in self.ctx.nodes(*TRY_TYPES):
            clauses = specific_clauses(self.ctx, try_node)
            call = self._lone_call(try_node) if clauses else None
            key = self.key(call) if call is not None else None
            if key is not None:
                caught = ", ".join(dict.fromkeys(clauses))
                self._record(found, key, call, try_node, caught)  # type: ignore[arg-type]
        return found

    def _record(
        self,
        found: Dict[CalleeKey, CalleeGuards],
        key: CalleeKey,
        call: ast.Call,
        try_node: TryNode,
        caught: str,
    ) -> None:
        """Add one guarded call of ``key``: count it, and keep the first as the cited evidence."""
        names = {
            callee_text(node).rsplit(".", 1)[-1]
            for handler in try_node.handlers  # type: ignore[attr-defined]
            for node in caught_nodes(handler)
        }
        guards = found.get(key)
        if guards is None:
            found[key] = CalleeGuards(call, caught, 1, {self.function_of(call)}, names)
            return
        guards.count += 1
        guards.functions.add(self.function_of(call))
        guards.names.update(names)
        if (call.lineno, call.col_offset) < (guards.call.lineno, guards.call.col_offset):
            guards.call, guards.caught = call, caught

    # -- guards

    def guard_of(self, call: ast.Call) -> Tuple[bool, bool]:
        """(guarded, uncertain) for a call.

        Guarded: in the body of a ``try`` of its own function, in a ``with`` block that
        suppresses exceptions, or in a function every call site of which is guarded.
        Uncertain: it runs lazily (lambda, generator expression) or in a function or
        class defined inside a ``try``.
        """
        child: ast.AST = call
        for up in self.ctx.ancestors(call):
            verdict = self._judge_step(up, child)
            if verdict is not None:
                return verdict
            child = up
        return False, False

    def _judge_step(self, up: ast.AST, child: ast.AST) -> Optional[Tuple[bool, bool]]:
        """The verdict one enclosing node gives, ``None`` to look further out."""
        if isinstance(up, (ast.Lambda, ast.GeneratorExp)):
            return False, True
        body = getattr(up, "body", None)
        if not isinstance(body, list) or not any(child is statement for statement in body):
            return None  # not a block's body proper: handlers, else, finally, ``a if b else c``...
        if isinstance(up, TRY_TYPES):
            return True, False  # handlers guard it; ``try/finally`` shows the failure was thought of
        if isinstance(up, (ast.With, ast.AsyncWith)):
            return (True, False) if self._suppresses(up) else None
        if isinstance(up, FUNCTION_TYPES) and self.guarded_by_callers(up):
            return True, False
        if isinstance(up, FUNCTION_TYPES + (ast.ClassDef,)):
            return False, self._defined_in_try(up)
        return None

    def _defined_in_try(self, definition: ast.AST) -> bool:
        child = definition
        for up in self.ctx.ancestors(definition):
            if isinstance(up, TRY_TYPES) and _guarding_body(up, child):
                return True
            child = up
        return False

    def guarded_by_callers(self, function: ast.AST) -> bool:
        """Every call site of ``function`` in the module is guarded (and there is at least one)."""
        if function in self.function_guarded:
            return bool(self.function_guarded[function])  # a cycle (None) counts as not guarded
        self.function_guarded[function] = None
        name: str = function.name  # type: ignore[attr-defined]
        self._index_sites(name)
        site_key = (self.ctx.scope(function), name)
        sites = self._sites.get(site_key, [])
        verdict = site_key not in self._escapes and bool(sites) and all(self.guard_of(s)[0] for s in sites)
        self.function_guarded[function] = verdict
        return verdict

    def _index_sites(self, name: str) -> None:
        """Call sites of functions named ``name``: ``f(...)`` by the scope defining ``f``,
        ``self.m(...)`` by the class.

        A function or method also used other than by a call (``callback=f``,
        ``self.m`` passed on) escapes: its callers are unknown.
        """
        if name in self._indexed:
            return
        self._indexed.add(name)
        for node in self._loads.get(name, ()):
            self._add_site(node, (self._defining_scope(node, name), name))
        for node in self._self_attributes.get(name, ()):
            owner = _enclosing_class(self.ctx, node)
            if owner is not None:
                self._add_site(node, (owner, name))

    @cached_property
    def _loads(self) -> Dict[str, List[ast.AST]]:
        """Names read anywhere in the module, by name."""
        found: Dict[str, List[ast.AST]] = {}
        for node in self.ctx.nodes(ast.Name):
            if isinstance(node.ctx, ast.Load):  # type: ignore[attr-defined]
                found.setdefault(node.id, []).append(node)  # type: ignore[attr-defined]
        return found

    @cached_property
    def _self_attributes(self) -> Dict[str, List[ast.AST]]:
        """``self.<name>``/``cls.<name>`` anywhere in the module, by name."""
        found: Dict[str, List[ast.AST]] = {}
        for node in self.ctx.nodes(ast.Attribute):
            value = node.value  # type: ignore[attr-defined]
            if isinstance(value, ast.Name) and value.id in ("self", "cls"):
                found.setdefault(node.attr, []).append(node)  # type: ignore[attr-defined]
        return found

    def _add_site(self, node: ast.AST, site_key: CalleeKey) -> None:
        parent = self.ctx.parent(node)
        if isinstance(parent, ast.Call) and parent.func is node:
            self._sites.setdefault(site_key, []).append(parent)
        elif not (isinstance(node, ast.Attribute) and isinstance(parent, ast.Attribute)):
            self._escapes.add(site_key)  # ``self.m.__name__`` reads it without passing it on

    def _defining_scope(self, node: ast.AST, name: str) -> ast.AST:
        """The function (or the module) whose binding of ``name`` a load at ``node`` sees."""
        ctx = self.ctx
        scope: ast.AST = ctx.scope(node)
        while not isinstance(scope, ast.Module):
            if isinstance(scope, _FUNCTIONS) and name in self.local_names(scope):
                return scope
            scope = ctx.scope(scope)
        return scope

    @staticmethod
    def _lone_call(try_node: ast.AST) -> Optional[ast.Call]:
        """The only call the ``try`` body runs right away, when it has exactly one and no subscript."""
        found: Optional[ast.Call] = None
        for node in walk_block(try_node.body, _EAGER_STOP):  # type: ignore[attr-defined]
            if isinstance(node, ast.Subscript) or (isinstance(node, ast.Call) and found is not None):
                return None
            if isinstance(node, ast.Call):
                found = node
        return found

    @staticmethod
    def _suppresses(statement: Union[ast.With, ast.AsyncWith]) -> bool:
        """``with suppress(...)``, ``with self.assertRaises(...)``, ``with pytest.raises(...)``."""
        for item in statement.items:
            expr = item.context_expr
            if isinstance(expr, ast.Call) and callee_text(expr.func).rsplit(".", 1)[-1] in _SUPPRESSORS:
                return True
        return False


def _guarding_body(try_node: ast.AST, child: ast.AST) -> bool:
    """``child`` is a statement of the body of ``try_node``, and the ``try`` has handlers."""
    body: List[ast.stmt] = getattr(try_node, "body", [])
    return bool(getattr(try_node, "handlers", ())) and any(child is statement for statement in body)


def _enclosing_class(ctx: FileContext, node: ast.AST) -> Optional[ast.ClassDef]:
    """The class whose method holds ``node``."""
    for up in ctx.ancestors(node):
        if isinstance(up, ast.ClassDef):
            return up
    return None


_FUNCTIONS = FUNCTION_TYPES + (ast.Lambda,)

#: nodes that bind a name in the scope they are in
_BINDERS = (
    ast.Name, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.ExceptHandler,
    ast.Import, ast.ImportFrom, ast.Global, ast.Nonlocal,
)


def specific_clauses(ctx: FileContext, try_node: TryNode) -> List[str]:
    """Clauses of the handlers of ``try_node`` that catch something specific.

    Broad handlers, and handlers that only re-raise (``except (SystemExit,
    KeyboardInterrupt): raise`` before a broad one), handle nothing specific.
    """
    found = []
    for handler in try_node.handlers:  # type: ignore[attr-defined]
        if not is_broad(ctx, handler) and not only_reraises(handler):
            found.append(shorten(ast.unparse(handler.type), 40))
    return found


def documents_raising(function: ast.AST, names: Set[str]) -> bool:
    """The function's docstring names one of the exceptions: it propagates it by contract."""
    if not isinstance(function, FUNCTION_TYPES):
        return False
    docstring = ast.get_docstring(function, clean=False)
    if not docstring:
        return False
    return not set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", docstring)).isdisjoint(names)


@per_file
def guard_index(ctx: FileContext) -> GuardIndex:
    """The file's :class:`GuardIndex`."""
    return GuardIndex(ctx)
