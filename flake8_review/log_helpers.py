"""The REV5 model: which calls are logging calls, and pure judgements about them.

Phase one builds, once per file, a frozen :class:`LogCall` for every call of a
logging method on something that is provably a standard-library-style logger
(see :func:`log_facts`). Phase two, the checks in ``checkers/logs.py``, classify
those models with the pure functions below (``%``-format parsing, eager message
building, exception levels, ``extra=`` keys, message style). Everything comes
from :class:`~flake8_review.context.FileContext` queries: the tree is never
walked here, only a call's own argument expressions are looked into.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Callable, Dict, FrozenSet, Iterator, List, Optional, Set, Tuple

from flake8_review.context import FUNCTION_TYPES, FileContext, per_file

#: methods of ``logging.Logger`` / ``LoggerAdapter`` and functions of ``logging`` that log
LOG_METHODS = frozenset({
    "debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log",
})

#: callables whose result, assigned to a name, makes that name a logger
FACTORIES = frozenset({"getLogger", "LoggerAdapter"})

#: packages whose loggers are not standard-library loggers (their formatting rules differ)
FOREIGN_LOGGING = frozenset({"loguru", "structlog"})

#: ``LogRecord`` attributes that ``extra=`` must not set (``makeRecord`` raises ``KeyError``)
LOG_RECORD_ATTRIBUTES = frozenset({
    "name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module", "exc_info",
    "exc_text", "stack_info", "lineno", "funcName", "created", "msecs", "relativeCreated", "thread",
    "threadName", "processName", "process", "message", "asctime", "taskName",
})

#: calls that put a traceback into a message by hand
TRACEBACK_FORMATTERS = frozenset({
    "traceback.format_exc", "traceback.format_exception", "traceback.format_tb",
    "traceback.print_exc", "traceback.print_exception",
})


#: a %-conversion: optional (key), flags, width, precision, length modifier, conversion character
_SPEC = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[#0\- +]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d*))?[hlL]?(?P<conv>.?)",
    re.DOTALL,
)
_CONVERSIONS = frozenset("diouxXeEfFgGcrsa%")


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
        ctx = self.ctx
        assign = ctx.parent(value)
        if isinstance(assign, ast.Assign) and assign.value is value:
            targets = assign.targets
        elif isinstance(assign, ast.AnnAssign) and assign.value is value:
            targets = [assign.target]
        else:
            return
        scope = ctx.scope(assign)
        for target in targets:
            if isinstance(target, ast.Name):
                if isinstance(scope, ast.ClassDef):
                    self._record(self.attributes, scope, target.id, is_logger)
                self._record(self.scoped, scope, target.id, is_logger)
                if is_logger and scope is ctx.tree and target.id not in self.module_loggers:
                    self.module_loggers.append(target.id)
            elif _is_self_attribute(target):
                owner = _enclosing_class(ctx, assign)
                if owner is not None:
                    self._record(self.attributes, owner, target.attr, is_logger)  # type: ignore[attr-defined]

    @staticmethod
    def _record(table: Dict[ast.AST, Dict[str, bool]], key: ast.AST, name: str, is_logger: bool) -> None:
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
        ctx = self.ctx
        scope: ast.AST = ctx.scope(call)
        first = True
        while True:
            if first or not isinstance(scope, ast.ClassDef):  # class bodies do not enclose
                known = self.scoped.get(scope, {}).get(name)
                if known is not None:
                    return LOGGER if known else None
            if scope is ctx.tree:
                break
            scope = ctx.scope(scope)
            first = False
        if name in self.foreign:
            return None
        origin = self.modules.get(name)
        if origin is not None:
            return ROOT if origin == "logging" else MODULE
        return LOGGER if name in self.names else None


def _is_self_attribute(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in ("self", "cls")
    )


def _enclosing_class(ctx: FileContext, node: ast.AST) -> Optional[ast.AST]:
    for up in ctx.ancestors(node):
        if isinstance(up, ast.ClassDef):
            return up
    return None


@per_file
def log_facts(ctx: FileContext) -> LogFacts:
    """Every logging call of the file as a :class:`LogCall`, and the loggers it creates."""
    candidates: List[Tuple[ast.Call, str, Optional[ast.AST]]] = []
    factory_calls: List[ast.Call] = []
    constructors: List[ast.Call] = []
    for call in ctx.nodes(ast.Call):
        func = call.func  # type: ignore[attr-defined]
        if isinstance(func, ast.Attribute):
            name = func.attr
            receiver: Optional[ast.AST] = func.value
        elif isinstance(func, ast.Name):
            name = func.id
            receiver = None
        else:
            continue
        if name in LOG_METHODS:
            candidates.append((call, name, receiver))  # type: ignore[arg-type]
        elif name in FACTORIES:
            factory_calls.append(call)  # type: ignore[arg-type]
        elif name == "Logger":
            constructors.append(call)  # type: ignore[arg-type]
    literals = _LocalLiterals(ctx)
    if not (candidates or factory_calls or constructors):
        return LogFacts((), (), (), (), literals)
    factories = tuple(call for call in factory_calls if _is_standard_factory(ctx, call))
    loggers = _Loggers(ctx, factories)
    calls = []
    for call, method, receiver in candidates:
        if receiver is None:
            kind = ROOT if ctx.import_aliases.get(method) == f"logging.{method}" else None
        else:
            kind = loggers.judge(receiver, call)
        if kind is not None:
            calls.append(_build(call, method, kind, literals))
    return LogFacts(tuple(calls), factories, tuple(constructors), tuple(loggers.module_loggers), literals)


def _is_standard_factory(ctx: FileContext, call: ast.AST) -> bool:
    """A ``getLogger(...)``/``LoggerAdapter(...)`` call that is not structlog's or loguru's."""
    func = getattr(call, "func", None)
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name in FACTORIES and _head(ctx.resolve(func).lstrip(".")) not in FOREIGN_LOGGING


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
        ctx = self.ctx
        scope: ast.AST = ctx.scope(call)
        own = True
        while True:
            if own or not isinstance(scope, ast.ClassDef):  # class bodies do not enclose
                table = self.by_scope.get(scope)
                if table is None:
                    table = self.by_scope[scope] = self._scan(scope)
                if name.id in table:
                    found = table[name.id]
                    if found is None or (own and found[0] >= call.lineno):
                        return None
                    return found[1]
            if scope is ctx.tree:
                return None
            scope = ctx.scope(scope)
            own = False

    def _scan(self, scope: ast.AST) -> Dict[str, Optional[Tuple[int, str]]]:
        ctx = self.ctx
        table: Dict[str, Optional[Tuple[int, str]]] = {}
        other: Set[str] = set()  # names bound some other way too
        if isinstance(scope, (*FUNCTION_TYPES, ast.Lambda)):
            args = scope.args  # type: ignore[attr-defined]
            other.update(arg.arg for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs))
            other.update(arg.arg for arg in (args.vararg, args.kwarg) if arg is not None)
        elif scope is ctx.tree:  # functions may rebind module names through ``global``
            for node in ctx.nodes(ast.Global):
                other.update(node.names)  # type: ignore[attr-defined]
        for node in ctx.in_scope(scope, ast.Name, *_OTHER_BINDINGS):
            if isinstance(node, ast.Name):
                if isinstance(node.ctx, ast.Load):
                    continue
                if node.id in table:
                    other.add(node.id)
                table[node.id] = _literal_binding(ctx, node)
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                other.update(node.names)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                other.update(alias.asname or alias.name.split(".", 1)[0] for alias in node.names)
            else:  # def, class, ``except ... as``, ``case ... as``, ``**rest``
                bound = getattr(node, "name", None) or getattr(node, "rest", None)
                if bound:
                    other.add(bound)
        for name in other:
            table[name] = None
        return table


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


# -- %-format placeholders -------------------------------------------------------------------

@dataclass(frozen=True)
class Placeholders:
    """The conversions of a ``%``-format string (``%%`` excluded)."""

    positional: int  # conversions without a mapping key
    stars: int  # ``*`` widths and precisions: each takes one more argument
    named: Tuple[str, ...]  # mapping keys, first use order, unique

    @property
    def needed(self) -> int:
        """How many positional arguments the string consumes."""
        return self.positional + self.stars


def parse_placeholders(text: str) -> Optional[Placeholders]:
    """Parse ``%``-conversions the way ``str.__mod__`` does; ``None`` for an invalid format."""
    positional = stars = 0
    named: List[str] = []
    start = text.find("%")
    while start != -1:
        match = _SPEC.match(text, start)
        conv = match.group("conv") if match else ""
        if not match or conv not in _CONVERSIONS or not conv:
            return None
        if conv != "%":
            key = match.group("key")
            star_count = (match.group("width") == "*") + (match.group("precision") == "*")
            if key is not None:
                if star_count:
                    return None  # a mapping has no argument for ``*``
                if key not in named:
                    named.append(key)
            else:
                positional += 1
                stars += star_count
        start = text.find("%", match.end())
    return Placeholders(positional, stars, tuple(named))


def mapping_keys(node: ast.AST) -> Optional[Set[str]]:
    """The keys of a literal mapping (``{"k": v}`` or ``dict(k=v)``); ``None`` when not all are known."""
    if isinstance(node, ast.Dict):
        keys = set()
        for key in node.keys:
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                return None  # ``**spread`` or a computed key
            keys.add(key.value)
        return keys
    if _is_dict_call(node) and not node.args:  # type: ignore[attr-defined]
        if any(kw.arg is None for kw in node.keywords):
            return None
        return {kw.arg for kw in node.keywords if kw.arg is not None}
    return None


def _is_dict_call(node: Optional[ast.AST]) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict"


def is_plain_literal(node: ast.AST) -> bool:
    """A literal that is certainly not a mapping."""
    return isinstance(node, (ast.Constant, ast.JoinedStr, ast.Tuple, ast.List, ast.Set, ast.ListComp,
                             ast.SetComp, ast.GeneratorExp))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def placeholder_mismatch(text: str, args: Tuple[ast.expr, ...]) -> Optional[Tuple[str, str]]:
    """``(placeholders, arguments)`` wording when formatting ``text`` with ``args`` must fail.

    ``args`` are the call's positional arguments after the message (at least one, no
    ``*args``). A single mapping argument feeds named placeholders: a key the literal
    mapping lacks is a mismatch, a key it has in excess is not.
    """
    found = parse_placeholders(text)
    if found is None or (found.named and found.positional):
        return None  # invalid, or mixed: a single mapping can feed both, so leave it alone
    if found.named:
        if len(args) > 1:
            return "named placeholders", f"{len(args)} arguments instead of one mapping"
        (arg,) = args
        keys = mapping_keys(arg)
        if keys is not None:
            missing = [key for key in found.named if key not in keys]
            if not missing:
                return None
            shown = ", ".join(f"%({key})s" for key in missing)
            names = ", ".join(repr(key) for key in missing)
            if len(missing) == 1:
                return f"placeholder {shown}", f"the mapping has no key {names}"
            return f"placeholders {shown}", f"the mapping has no keys {names}"
        if is_plain_literal(arg):
            return "named placeholders", "an argument that is not a mapping"
        return None
    needed = found.needed
    if needed == len(args):
        return None
    if found.stars:
        stars = _plural(found.stars, "'*' field")
        wording = f"{_plural(found.positional, 'placeholder')} and {stars}"
    else:
        wording = "no placeholders" if needed == 0 else _plural(needed, "placeholder")
    return wording, _plural(len(args), "argument")


def placeholder_style(text: str, args: Tuple[ast.expr, ...], star_args: bool) -> Optional[str]:
    """``positional`` or ``named`` for a parameterized message, ``None`` when it shows neither."""
    if not args and not star_args:
        return None
    found = parse_placeholders(text)
    if found is None or (found.named and found.positional):
        return None
    if found.named:
        return "named" if len(args) == 1 and not star_args else None
    return "positional" if found.positional else None


# -- eagerly built messages ------------------------------------------------------------------

LiteralOf = Callable[[ast.Name], Optional[str]]

#: gettext-style translation functions: ``_("text %s") % value`` is still a string
_TRANSLATORS = frozenset({"gettext", "ugettext", "ngettext", "pgettext", "gettext_lazy", "ugettext_lazy"})


def _operands(node: ast.BinOp) -> Iterator[ast.expr]:
    """The operands of a ``+`` chain, left to right, without recursion."""
    stack: List[ast.expr] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.BinOp) and isinstance(item.op, ast.Add):
            stack.append(item.right)
            stack.append(item.left)
        else:
            yield item


def is_string(node: ast.AST, literal_of: LiteralOf) -> bool:
    """Whether ``node`` is certainly a ``str``: a literal, an f-string, or built from one."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Name):
        return literal_of(node) is not None
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Add):
            return any(
                isinstance(item, (ast.Constant, ast.JoinedStr, ast.Name)) and is_string(item, literal_of)
                for item in _operands(node)
            )
        if isinstance(node.op, ast.Mod):
            return is_string(node.left, literal_of)
        return False
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("format", "format_map"):
            return is_string(func.value, literal_of)
        if isinstance(func, ast.Name) and (func.id.startswith("_") or func.id in _TRANSLATORS):
            return bool(node.args) and isinstance(node.args[0], ast.Constant) and isinstance(
                node.args[0].value, str
            )
    return False


def is_constant_text(node: ast.AST, literal_of: LiteralOf) -> bool:
    """Text known without running anything: literals, ``"-" * 78``, ``"a" if x else "b"``, literal locals."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (str, int)) and not isinstance(node.value, bool)
    if isinstance(node, ast.JoinedStr):
        return not any(isinstance(value, ast.FormattedValue) for value in node.values)
    if isinstance(node, ast.Name):
        return literal_of(node) is not None
    if isinstance(node, ast.IfExp):
        return is_constant_text(node.body, literal_of) and is_constant_text(node.orelse, literal_of)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return is_constant_text(node.left, literal_of) and is_constant_text(node.right, literal_of)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return all(is_constant_text(item, literal_of) for item in _operands(node))
    return False


def eager_kind(message: ast.AST, literal_of: LiteralOf) -> Optional[str]:
    """How a message was formatted before the call: ``percent``, ``fstring``, ``format``, ``concat``."""
    if isinstance(message, ast.JoinedStr):
        return "fstring" if any(isinstance(value, ast.FormattedValue) for value in message.values) else None
    if isinstance(message, ast.BinOp):
        if isinstance(message.op, ast.Mod):
            return "percent" if is_string(message.left, literal_of) else None
        if isinstance(message.op, ast.Add):
            if all(is_constant_text(item, literal_of) for item in _operands(message)):
                return None  # a template pieced together from literals: no value is formatted
            return "concat" if is_string(message, literal_of) else None
        return None
    if isinstance(message, ast.Call):
        func = message.func
        if isinstance(func, ast.Attribute) and func.attr in ("format", "format_map"):
            if is_string(func.value, literal_of):
                return "format"
            if isinstance(func.value, ast.Name) and func.value.id == "str" and message.args:
                return "format" if is_string(message.args[0], literal_of) else None
    return None


# -- levels, exceptions, extra ---------------------------------------------------------------

def uses_traceback_formatter(node: ast.Call, resolve: Callable[[ast.AST], str]) -> bool:
    """Whether the call's arguments format the traceback by hand (``traceback.format_exc()``)."""
    for arg in (*node.args, *(kw.value for kw in node.keywords)):
        for inner in ast.walk(arg):  # only the argument's own expression
            if isinstance(inner, ast.Call) and resolve(inner.func) in TRACEBACK_FORMATTERS:
                return True
    return False


def clashing_extra_keys(extra: Optional[ast.AST]) -> Tuple[str, ...]:
    """Keys of a literal ``extra=`` mapping that are ``LogRecord`` attributes, in source order."""
    if isinstance(extra, ast.Dict):
        keys = [
            key.value for key in extra.keys if isinstance(key, ast.Constant) and isinstance(key.value, str)
        ]
    elif _is_dict_call(extra):
        keys = [kw.arg for kw in extra.keywords if kw.arg is not None]
    else:
        return ()
    seen: List[str] = []
    for key in keys:
        if key in LOG_RECORD_ATTRIBUTES and key not in seen:
            seen.append(key)
    return tuple(seen)


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


# -- message style ---------------------------------------------------------------------------

_TRAILING_PUNCTUATION = ":;,.!?)"


def capitalisation(text: str) -> Optional[str]:
    """``upper`` or ``lower`` for a message whose first word is a plain word, else ``None``.

    A first word that is an acronym (``HTTP``), an identifier (``os.fork()``,
    ``pid=%d``, ``macOS``) or has digits could not be written the other way, so it
    shows no choice of style.
    """
    if not text or not text[0].isalpha():
        return None
    word = text.split(None, 1)[0].rstrip(_TRAILING_PUNCTUATION)
    rest = word[1:].replace("'", "").replace("-", "")
    if rest and not (rest.isalpha() and rest.islower()):
        return None
    return "upper" if word[0].isupper() else "lower" if word[0].islower() else None


def trailing_period(text: str) -> Optional[bool]:
    """Whether a message ends in a single period; ``None`` unless it ends in a letter, digit or one ``.``."""
    if not text or not text[0].isalpha():
        return None
    last = text[-1]
    if last == ".":
        return None if text.endswith("..") else True
    return False if last.isalnum() else None
