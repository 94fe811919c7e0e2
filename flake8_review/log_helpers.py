"""The REV5 model: which calls are logging calls, and where they are.

Phase one builds, once per file, a frozen :class:`LogCall` for every call of a
logging method on something that is provably a standard-library-style logger
(see :func:`log_facts`). Phase two, the checks in ``checkers/logs.py``, classify
those models with the pure judgements of :mod:`flake8_review.log_messages`
(``%``-format parsing, eager message building, ``extra=`` keys, message style)
and the few helpers at the end of this module. Everything comes from
:class:`~flake8_review.context.FileContext` queries: the tree is never walked
here, only a call's own argument expressions are looked into.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Callable, Dict, FrozenSet, Iterator, List, Optional, Set, Tuple

from flake8_review.context import FUNCTION_TYPES, FileContext, per_file
# re-exported: tests/test_logging_files.py imports it from here
from flake8_review.log_messages import parse_placeholders  # noqa: F401

#: methods of ``logging.Logger`` / ``LoggerAdapter`` and functions of ``logging`` that log
LOG_METHODS = frozenset({
    "debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log",
})

#: callables whose result, assigned to a name, makes that name a logger
FACTORIES = frozenset({"getLogger", "LoggerAdapter"})

#: packages whose loggers are not standard-library loggers (their formatting rules differ)
FOREIGN_LOGGING = frozenset({"loguru", "structlog"})

#: calls that put a traceback into a message by hand
TRACEBACK_FORMATTERS = frozenset({
    "traceback.format_exc", "traceback.format_exception", "traceback.format_tb",
    "traceback.print_exc", "traceback.print_exception",
})


# -- the model -----------------------------------------------------------------------------

@dataclass(frozen=True)
class LogCall:
    """One call of a logging method on a logger, taken apart once for every check."""

    node: ast.Call
    method: str  # "info", "log", ...
    callee: str  # how the call reads, for messages: "logger.info", "logging.getLogger(...).warn"
    kind: str  # ROOT (a function of the standard ``logging`` module), MODULE (another log module), LOGGER
    level: Optional[ast.expr]  # the level argument of ``log()``
    message: Optional[ast.expr]  # None when ``*args`` hides it
    text: Optional[str]  # the message's text: a string literal, or a local assigned one
    literal: bool  # the message is itself a plain string literal
    args: Tuple[ast.expr, ...]  # positional arguments after the message
    star_args: bool  # ``*args`` among the positional arguments: their number is unknown
    keywords: FrozenSet[str]
    star_kwargs: bool  # ``**kwargs``: any keyword may be there
    extra: Optional[ast.expr]  # the ``extra=`` value

    @property
    def root(self) -> bool:
        """Logged through the standard ``logging`` module's functions: the root logger."""
        return self.kind == ROOT

    @property
    def standard(self) -> bool:
        """Called on something with the standard library's logging API (not another ``log`` module)."""
        return self.kind != MODULE

    @property
    def shown(self) -> str:
        """The call as a message names it: ``logger.info()``."""
        return f"{self.callee}()"


@dataclass(frozen=True)
class LogFacts:
    """What one file holds for the REV5 checks."""

    calls: Tuple[LogCall, ...]
    factories: Tuple[ast.Call, ...]  # getLogger(...) / LoggerAdapter(...) of standard logging
    constructors: Tuple[ast.Call, ...]  # calls of a callee named ``Logger``
    module_loggers: Tuple[str, ...]  # module-level names bound to a factory call
    literals: _LocalLiterals  # string literals held by local names, looked up on demand


def expression_text(node: ast.AST) -> str:
    """Short text of a callee: names and attributes as written, a call's arguments as ``...``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{expression_text(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return f"{expression_text(node.func)}(...)"
    if isinstance(node, ast.Constant):
        return repr(node.value)
    return "..."


#: what a logging call is called on
ROOT = "root"
MODULE = "module"
LOGGER = "logger"


def _head(dotted: str) -> str:
    """The first component of a dotted name."""
    return dotted.split(".", 1)[0]


class _Loggers:
    """Which names, ``self``/``cls`` attributes and call results of a file hold loggers."""

    def __init__(self, ctx: FileContext, factories: Tuple[ast.Call, ...]) -> None:
        self.ctx = ctx
        self.names = frozenset(ctx.settings.logger_names)
        self.modules: Dict[str, str] = {}  # local name → origin of a logging-like module
        self.foreign: Set[str] = set()  # names imported from loguru / structlog
        for local, origin in ctx.import_aliases.items():
            if _head(origin.lstrip(".")) in FOREIGN_LOGGING:
                self.foreign.add(local)
            elif origin.rsplit(".", 1)[-1] in ("log", "logging") and origin != "logging.log":
                self.modules[local] = origin
        # scope → name → True (a logger) / False (a foreign logger: never ours)
        self.scoped: Dict[ast.AST, Dict[str, bool]] = {}
        self.attributes: Dict[ast.AST, Dict[str, bool]] = {}  # class → self/cls attribute → same
        self.module_loggers: List[str] = []
        for call in factories:
            self._bind(call, True)
        if self.foreign:
            for node in ctx.nodes(ast.Assign, ast.AnnAssign):
                value = node.value  # type: ignore[attr-defined]
                if value is not None and _head(ctx.resolve(value).lstrip(".")) in FOREIGN_LOGGING:
                    self._bind(value, False)

    def _bind(self, value: ast.AST, is_logger: bool) -> None:
        """Record the names an assignment of ``value`` binds, when ``value`` is the whole right side."""
        assign = self.ctx.parent(value)
        targets = _assigned_targets(assign, value)
        if not targets:
            return
        scope = self.ctx.scope(assign)  # type: ignore[arg-type]
        for target in targets:
            if isinstance(target, ast.Name):
                self._bind_name(scope, target.id, is_logger)
            elif _is_self_attribute(target):
                self._bind_attribute(assign, target.attr, is_logger)  # type: ignore[arg-type, attr-defined]

    def _bind_name(self, scope: ast.AST, name: str, is_logger: bool) -> None:
        """Record a name bound in ``scope``; in a class body it is an attribute of the class too."""
        if isinstance(scope, ast.ClassDef):
            self._record(self.attributes, scope, name, is_logger)
        self._record(self.scoped, scope, name, is_logger)
        if is_logger and scope is self.ctx.tree and name not in self.module_loggers:
            self.module_loggers.append(name)

    def _bind_attribute(self, assign: ast.AST, attribute: str, is_logger: bool) -> None:
        """Record a ``self.<attribute>`` or ``cls.<attribute>`` bound in a method of a class."""
        owner = _enclosing_class(self.ctx, assign)
        if owner is not None:
            self._record(self.attributes, owner, attribute, is_logger)

    @staticmethod
    def _record(table: Dict[ast.AST, Dict[str, bool]], key: ast.AST, name: str, is_logger: bool) -> None:
        """Note how ``key`` binds ``name``; once bound to a foreign logger, it stays foreign."""
        names = table.setdefault(key, {})
        names[name] = names.get(name, True) and is_logger  # a foreign binding anywhere wins

    def judge(self, receiver: ast.AST, call: ast.Call) -> Optional[str]:
        """:data:`ROOT`, :data:`MODULE` or :data:`LOGGER` for what ``receiver`` is, ``None``: no logger."""
        if isinstance(receiver, ast.Name):
            return self._judge_name(receiver.id, call)
        if _is_self_attribute(receiver):
            owner = _enclosing_class(self.ctx, call)
            attribute = receiver.attr  # type: ignore[attr-defined]
            known = self.attributes.get(owner, {}).get(attribute) if owner is not None else None
            if known is not None:
                return LOGGER if known else None
            return LOGGER if attribute in self.names else None
        if isinstance(receiver, ast.Call) and _is_standard_factory(self.ctx, receiver):
            return LOGGER
        return None

    def _judge_name(self, name: str, call: ast.Call) -> Optional[str]:
        """What the name ``name`` used by ``call`` is: a bound logger, a logging module or a logger name."""
        known = self._scoped_binding(name, call)
        if known is not None:
            return LOGGER if known else None
        if name in self.foreign:
            return None
        origin = self.modules.get(name)
        if origin is not None:
            return ROOT if origin == "logging" else MODULE
        return LOGGER if name in self.names else None

    def _scoped_binding(self, name: str, call: ast.Call) -> Optional[bool]:
        """How the nearest scope binding ``name`` for ``call`` binds it: a logger, foreign, or unbound."""
        for scope in _visible_scopes(self.ctx, call):
            known = self.scoped.get(scope, {}).get(name)
            if known is not None:
                return known
        return None


def _assigned_targets(assign: Optional[ast.AST], value: ast.AST) -> List[ast.expr]:
    """The targets of ``assign`` when ``value`` is its whole right side, else none."""
    if isinstance(assign, ast.Assign) and assign.value is value:
        return assign.targets
    if isinstance(assign, ast.AnnAssign) and assign.value is value:
        return [assign.target]
    return []


def _visible_scopes(ctx: FileContext, node: ast.AST) -> Iterator[ast.AST]:
    """The scopes Python searches for a name used at ``node``: its own, then the enclosing ones.

    Class bodies do not enclose: a class body is searched only when ``node`` is in it.
    """
    scope: ast.AST = ctx.scope(node)
    yield scope
    while scope is not ctx.tree:
        scope = ctx.scope(scope)
        if not isinstance(scope, ast.ClassDef):
            yield scope


def _is_self_attribute(node: ast.AST) -> bool:
    """``self.<name>`` or ``cls.<name>``."""
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in ("self", "cls")
    )


def _enclosing_class(ctx: FileContext, node: ast.AST) -> Optional[ast.AST]:
    """The innermost class around ``node``, ``None`` outside classes."""
    for up in ctx.ancestors(node):
        if isinstance(up, ast.ClassDef):
            return up
    return None


Candidate = Tuple[ast.Call, str, Optional[ast.AST]]


@per_file
def log_facts(ctx: FileContext) -> LogFacts:
    """Every logging call of the file as a :class:`LogCall`, and the loggers it creates."""
    candidates, factory_calls, constructors = _classify_calls(ctx)
    literals = _LocalLiterals(ctx)
    if not (candidates or factory_calls or constructors):
        return LogFacts((), (), (), (), literals)
    factories = tuple(call for call in factory_calls if _is_standard_factory(ctx, call))
    loggers = _Loggers(ctx, factories)
    calls = []
    for call, method, receiver in candidates:
        kind = _call_kind(ctx, loggers, call, method, receiver)
        if kind is not None:
            calls.append(_build(call, method, kind, literals))
    return LogFacts(tuple(calls), factories, tuple(constructors), tuple(loggers.module_loggers), literals)


def _classify_calls(ctx: FileContext) -> Tuple[List[Candidate], List[ast.Call], List[ast.Call]]:
    """The file's calls by callee name: logging methods (with receiver), logger factories, ``Logger``."""
    candidates: List[Candidate] = []
    factory_calls: List[ast.Call] = []
    constructors: List[ast.Call] = []
    for call in ctx.nodes(ast.Call):
        name, receiver = _callee_parts(call.func)  # type: ignore[attr-defined]
        if name in LOG_METHODS:
            candidates.append((call, name, receiver))  # type: ignore[arg-type]
        elif name in FACTORIES:
            factory_calls.append(call)  # type: ignore[arg-type]
        elif name == "Logger":
            constructors.append(call)  # type: ignore[arg-type]
    return candidates, factory_calls, constructors


def _callee_parts(func: Optional[ast.AST]) -> Tuple[str, Optional[ast.AST]]:
    """``(name, receiver)`` of a callee: ``("info", logger)`` for ``logger.info``, else ``("", None)``."""
    if isinstance(func, ast.Attribute):
        return func.attr, func.value
    if isinstance(func, ast.Name):
        return func.id, None
    return "", None


def _call_kind(
    ctx: FileContext, loggers: _Loggers, call: ast.Call, method: str, receiver: Optional[ast.AST]
) -> Optional[str]:
    """What a logging method is called on: :data:`ROOT`, :data:`MODULE`, :data:`LOGGER` or ``None``."""
    if receiver is None:  # ``from logging import info``
        return ROOT if ctx.import_aliases.get(method) == f"logging.{method}" else None
    return loggers.judge(receiver, call)


def _is_standard_factory(ctx: FileContext, call: ast.AST) -> bool:
    """A ``getLogger(...)``/``LoggerAdapter(...)`` call that is not structlog's or loguru's."""
    func = getattr(call, "func", None)
    name, _ = _callee_parts(func)
    if name not in FACTORIES:
        return False
    return _head(ctx.resolve(func).lstrip(".")) not in FOREIGN_LOGGING  # type: ignore[arg-type]


def _build(call: ast.Call, method: str, kind: str, literals: _LocalLiterals) -> LogCall:
    """Take one logging call apart: level, message, the arguments after it, keywords."""
    positional = call.args
    stars = [index for index, arg in enumerate(positional) if isinstance(arg, ast.Starred)]
    first_star = stars[0] if stars else len(positional)
    keywords = {kw.arg: kw.value for kw in call.keywords if kw.arg is not None}
    at = 1 if method == "log" else 0
    level = positional[0] if method == "log" and first_star > 0 else keywords.get("level")
    message: Optional[ast.expr] = None
    args: Tuple[ast.expr, ...] = ()
    if at < first_star:
        message = positional[at]
        args = tuple(arg for arg in positional[at + 1:] if not isinstance(arg, ast.Starred))
    elif not stars and len(positional) == at:
        message = keywords.get("msg")
    text: Optional[str] = None
    literal = isinstance(message, ast.Constant) and isinstance(message.value, str)
    if literal:
        text = message.value  # type: ignore[union-attr]
    elif isinstance(message, ast.Name):
        text = literals.text(message, call)
    return LogCall(
        node=call,
        method=method,
        callee=expression_text(call.func),
        kind=kind,
        level=level,
        message=message,
        text=text,
        literal=literal,
        args=args,
        star_args=bool(stars),
        keywords=frozenset(keywords),
        star_kwargs=any(kw.arg is None for kw in call.keywords),
        extra=keywords.get("extra"),
    )


#: statements and patterns that bind names without a ``Name`` node
_OTHER_BINDINGS = tuple(
    node_type
    for node_type in (
        ast.Global, ast.Nonlocal, ast.ExceptHandler, ast.Import, ast.ImportFrom, ast.ClassDef,
        *FUNCTION_TYPES,
        getattr(ast, "MatchAs", None), getattr(ast, "MatchStar", None), getattr(ast, "MatchMapping", None),
    )
    if node_type is not None
)


class _LocalLiterals:
    """Names bound exactly once, to a string literal: ``msg = "..."; log.info(msg, x)``.

    The name is looked up the way Python would: the call's own scope (where the
    binding must come first), then the enclosing functions and the module.
    """

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.by_scope: Dict[ast.AST, Dict[str, Optional[Tuple[int, str]]]] = {}

    def text(self, name: ast.Name, call: ast.Call) -> Optional[str]:
        """The literal ``name`` holds at ``call``, when the scope binding it binds it once, to one."""
        for index, scope in enumerate(_visible_scopes(self.ctx, call)):
            table = self._table(scope)
            if name.id not in table:
                continue
            found = table[name.id]
            if found is None or (index == 0 and found[0] >= call.lineno):
                return None  # bound otherwise, or (in the call's own scope) only after the call
            return found[1]
        return None

    def _table(self, scope: ast.AST) -> Dict[str, Optional[Tuple[int, str]]]:
        """The names ``scope`` binds, scanned on first use."""
        table = self.by_scope.get(scope)
        if table is None:
            table = self.by_scope[scope] = self._scan(scope)
        return table

    def _scan(self, scope: ast.AST) -> Dict[str, Optional[Tuple[int, str]]]:
        """Each name ``scope`` binds: ``(line, text)`` when bound once, to a string literal, else ``None``."""
        table: Dict[str, Optional[Tuple[int, str]]] = {}
        other = self._bound_from_outside(scope)  # names bound some other way too
        for node in self.ctx.in_scope(scope, ast.Name, *_OTHER_BINDINGS):
            if not isinstance(node, ast.Name):
                other.update(_names_bound_by(node))
            elif not isinstance(node.ctx, ast.Load):
                if node.id in table:
                    other.add(node.id)
                table[node.id] = _literal_binding(self.ctx, node)
        for name in other:
            table[name] = None
        return table

    def _bound_from_outside(self, scope: ast.AST) -> Set[str]:
        """Names given their value from outside: parameters, or the module's ``global`` names."""
        if isinstance(scope, (*FUNCTION_TYPES, ast.Lambda)):
            args = scope.args  # type: ignore[attr-defined]
            every = (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg)
            return {arg.arg for arg in every if arg is not None}
        if scope is self.ctx.tree:  # functions may rebind module names through ``global``
            declarations = self.ctx.nodes(ast.Global)
            return {name for node in declarations for name in node.names}  # type: ignore[attr-defined]
        return set()


def _names_bound_by(node: ast.AST) -> List[str]:
    """The names bound other than by a ``Name``: ``global``, imports, def, class, ``as``, ``**rest``."""
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        return list(node.names)
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [alias.asname or alias.name.split(".", 1)[0] for alias in node.names]
    bound = getattr(node, "name", None) or getattr(node, "rest", None)  # def, class, except/case ``as``
    return [bound] if bound else []


def _literal_binding(ctx: FileContext, target: ast.Name) -> Optional[Tuple[int, str]]:
    """``(line, text)`` when ``target`` is the whole target of an assignment of a string literal."""
    assign = ctx.parent(target)
    if isinstance(assign, ast.Assign) and len(assign.targets) == 1 and assign.targets[0] is target:
        value = assign.value
    elif isinstance(assign, ast.AnnAssign) and assign.target is target and assign.value is not None:
        value = assign.value
    else:
        return None
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return target.lineno, value.value
    return None


# -- where a call is, what its arguments call ------------------------------------------------

def uses_traceback_formatter(node: ast.Call, resolve: Callable[[ast.AST], str]) -> bool:
    """Whether the call's arguments format the traceback by hand (``traceback.format_exc()``)."""
    for arg in (*node.args, *(kw.value for kw in node.keywords)):
        for inner in ast.walk(arg):  # only the argument's own expression
            if isinstance(inner, ast.Call) and resolve(inner.func) in TRACEBACK_FORMATTERS:
                return True
    return False


def is_main_guard(test: ast.AST) -> bool:
    """``__name__ == "__main__"`` (either way round)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = (test.left, test.comparators[0])
    names = [side for side in sides if isinstance(side, ast.Name) and side.id == "__name__"]
    texts = [side for side in sides if isinstance(side, ast.Constant) and side.value == "__main__"]
    return len(names) == 1 and len(texts) == 1


def handler_of(ctx: FileContext, node: ast.AST) -> Optional[ast.ExceptHandler]:
    """The ``except`` block whose body runs ``node`` (see :meth:`FileContext.handler_of`)."""
    return ctx.handler_of(node)
