"""REV5 logging.

Checks calls on standard-library loggers (``logging``, ``getLogger(...)`` and
``LoggerAdapter(...)`` results, ``--review-logger-names``, oslo.log-style
``log`` modules): messages formatted before the call instead of lazily,
placeholders that do not match the arguments, deprecated or misplaced methods,
tracebacks lost in ``except`` blocks, ``extra=`` keys that break the record,
and a module's own message and placeholder style. loguru's and structlog's
loggers, ``warnings.warn`` and other objects' ``error``/``info`` methods are
left alone: their rules differ.
"""

from __future__ import annotations

import ast
import os
from collections import Counter
from typing import Any, Dict, FrozenSet, Iterator, List, Optional, Tuple

from flake8_review import project
from flake8_review.context import FileContext, Violation, per_file
from flake8_review.engine import BaseChecker, check
from flake8_review.log_helpers import (
    LogCall,
    expression_text,
    handler_of,
    is_main_guard,
    log_facts,
    uses_traceback_formatter,
)
from flake8_review.log_messages import (
    capitalisation,
    clashing_extra_keys,
    eager_kind,
    placeholder_mismatch,
    placeholder_style,
    trailing_period,
)
from flake8_review.registry import internal_error_rule, rule

INTERNAL_ERROR = internal_error_rule("REV5", "logging")

_LOGGER_NAMES = ("--review-logger-names",)
_IMPORTS = "import logging\n\nlogger = logging.getLogger(__name__)\n\n\n"
_LAZY_WHY = (
    " Logging formats a message only when a handler will emit it, and only from a constant "
    "template plus arguments: `logger.debug(\"user %s logged in\", user)`. Formatting first "
    "costs the formatting (and every `__str__`/`__repr__` it calls) on every call, even when "
    "the level is disabled, and it turns one message into thousands of distinct strings, so "
    "log aggregators (Sentry, ELK) can no longer group them and a format error escapes "
    "logging's own error handling."
)

PERCENT_FORMAT = rule(
    code="REV501",
    name="log-message-percent-format",
    message="log message in {call} is formatted eagerly with the % operator",
    summary=(
        "Checks for logging calls whose message is formatted with the `%` operator before the "
        "call (`logger.info(\"user %s\" % user)`), when the left operand is certainly a string "
        "(a literal, a translated literal `_(\"...\")` or a variable assigned a literal)."
    ),
    why="Pass the values as arguments and let logging apply the `%` itself." + _LAZY_WHY,
    bad=_IMPORTS + "def connect(host, port):\n    logger.info(\"connecting to %s:%d\" % (host, port))\n",
    good=_IMPORTS + "def connect(host, port):\n    logger.info(\"connecting to %s:%d\", host, port)\n",
    options=_LOGGER_NAMES,
    see_also=("flake8-logging-format G002", "flake8-logging LOG011", "pylint logging-not-lazy"),
)

FSTRING_MESSAGE = rule(
    code="REV502",
    name="log-message-f-string",
    message="log message in {call} is an f-string",
    summary=(
        "Checks for logging calls whose message is an f-string with at least one replacement "
        "field (`logger.info(f\"user {user}\")`)."
    ),
    why="Use a `%s` template and pass the values as arguments." + _LAZY_WHY,
    bad=_IMPORTS + "def connect(host, port):\n    logger.info(f\"connecting to {host}:{port}\")\n",
    good=_IMPORTS + "def connect(host, port):\n    logger.info(\"connecting to %s:%s\", host, port)\n",
    options=_LOGGER_NAMES,
    see_also=("flake8-logging-format G004", "flake8-logging LOG011", "pylint logging-fstring-interpolation"),
)

FORMAT_METHOD = rule(
    code="REV503",
    name="log-message-str-format",
    message="log message in {call} is built with str.format()",
    summary=(
        "Checks for logging calls whose message is built with `str.format()` or `format_map()` "
        "on a string (`logger.info(\"user {}\".format(user))`)."
    ),
    why="Use a `%s` template and pass the values as arguments." + _LAZY_WHY,
    bad=_IMPORTS + "def connect(host, port):\n    logger.info(\"connecting to {}:{}\".format(host, port))\n",
    good=_IMPORTS + "def connect(host, port):\n    logger.info(\"connecting to %s:%s\", host, port)\n",
    options=_LOGGER_NAMES,
    see_also=("flake8-logging-format G001", "flake8-logging LOG011", "pylint logging-format-interpolation"),
)

CONCATENATION = rule(
    code="REV504",
    name="log-message-concatenation",
    message="log message in {call} is built by + concatenation",
    summary=(
        "Checks for logging calls whose message is built with `+` from a string and other values "
        "(`logger.error(\"failed: \" + str(err))`). Concatenating literals only is not reported; a "
        "call gets one of REV501-REV504 at most, for the outermost operation."
    ),
    why="Use a `%s` template and pass the values as arguments." + _LAZY_WHY,
    bad=_IMPORTS + "def connect(host):\n    logger.info(\"connecting to \" + host)\n",
    good=_IMPORTS + "def connect(host):\n    logger.info(\"connecting to %s\", host)\n",
    options=_LOGGER_NAMES,
    see_also=("flake8-logging-format G003", "flake8-logging LOG011"),
)

PLACEHOLDER_MISMATCH = rule(
    code="REV505",
    name="log-placeholder-mismatch",
    message="log message has {placeholders} but {arguments}",
    summary=(
        "Checks that a logging call passes as many arguments as its `%` template has placeholders "
        "(`%%` is a literal percent sign, a `*` width or precision takes one more), and that a "
        "literal mapping passed for named `%(key)s` placeholders has every key they use (extra keys "
        "are fine). Only calls with at least one argument after the message are checked, and none "
        "with `*args`; the template is a string literal, or a variable its scope (or the module) "
        "assigns one string literal exactly once."
    ),
    why=(
        "The mismatch is a bug that hides until the message is emitted: logging then fails to "
        "format the record, prints `--- Logging error ---` with a traceback to stderr and drops "
        "the message, often the very one needed to diagnose an incident. Extra arguments are "
        "silently never shown."
    ),
    bad=_IMPORTS + "def connect(host, port):\n    logger.info(\"connecting to %s:%d\", host)\n",
    good=_IMPORTS + "def connect(host, port):\n    logger.info(\"connecting to %s:%d\", host, port)\n",
    options=_LOGGER_NAMES,
    see_also=("flake8-logging LOG012, LOG013", "pylint logging-too-few-args, logging-too-many-args"),
)

DEPRECATED_WARN = rule(
    code="REV506",
    name="log-deprecated-warn",
    message="{call} is deprecated; use {replacement}",
    summary="Checks for calls of the deprecated `warn()` on a logger or the `logging` module.",
    why=(
        "`Logger.warn()` and `logging.warn()` are undocumented aliases of `warning()`, deprecated "
        "since Python 3.3; they emit a `DeprecationWarning`, and `logging.warn()` is gone in "
        "Python 3.13. `warning()` does the same thing everywhere."
    ),
    bad=_IMPORTS + "def check_disk(free):\n    logger.warn(\"only %d MB free\", free)\n",
    good=_IMPORTS + "def check_disk(free):\n    logger.warning(\"only %d MB free\", free)\n",
    options=_LOGGER_NAMES,
    see_also=("flake8-logging LOG008", "flake8-logging-format G010", "pylint deprecated-method"),
)

ROOT_LOGGER = rule(
    code="REV507",
    name="log-on-root-logger",
    message="{call} logs on the root logger outside a script",
    summary=(
        "Checks for logging through the `logging` module's functions (`logging.info(...)`), "
        "which use the root logger, in a module that is not a script. Calls inside an "
        "`if __name__ == \"__main__\":` block, and every call in a `__main__.py` or in a file "
        "whose first line is a `#!` line, are exempt."
    ),
    why=(
        "A library or application module should log through its own logger, "
        "`logging.getLogger(__name__)`: its records then carry the module's name, and users can "
        "raise or lower its level and route it on its own. Records of the root logger cannot be "
        "told apart, and `logging.info()` even calls `basicConfig()` when no handler is set, "
        "changing the configuration of whatever program imports the module."
    ),
    bad="import logging\n\n\ndef connect(host):\n    logging.info(\"connecting to %s\", host)\n",
    good=_IMPORTS + "def connect(host):\n    logger.info(\"connecting to %s\", host)\n",
    options=_LOGGER_NAMES,
    see_also=("flake8-logging LOG015", "ruff LOG015"),
)

LOGGER_CREATION = rule(
    code="REV508",
    name="logger-not-from-getlogger-name",
    message="logger {how} instead of {expected}",
    summary=(
        "Checks for loggers instantiated directly with `logging.Logger(...)`, and for "
        "`getLogger()` given a name computed from `__file__` or `__cached__`."
    ),
    why=(
        "`logging.Logger(...)` builds a logger outside logging's hierarchy: it has no parent, so "
        "the application's handlers and levels never reach it, and two calls build two loggers. "
        "A name from `__file__` is a path, not a dotted module name, so it breaks the hierarchy "
        "too (`pkg` can no longer configure `pkg.sub`) and changes with the install location. "
        "`logging.getLogger(__name__)` avoids both."
    ),
    bad="import logging\n\nlogger = logging.getLogger(__file__)\n",
    good="import logging\n\nlogger = logging.getLogger(__name__)\n",
    options=_LOGGER_NAMES,
    see_also=("flake8-logging LOG001, LOG002",),
)

ERROR_IN_EXCEPT = rule(
    code="REV509",
    name="log-error-without-exc-info",
    message="{call} in an except block without exc_info loses the traceback",
    summary=(
        "Checks for `error()` calls, and `log(logging.ERROR, ...)`, in the body of an `except` "
        "block without `exc_info=` (a function defined in the block is not in it). Exempt: blocks "
        "that keep the traceback anyway (they have a `raise` statement, run the call inside a "
        "re-raising context manager such as oslo.utils' `with save_and_reraise_exception():` "
        "(a callee whose last name contains `reraise`) that the block does not switch off with "
        "`<name>.reraise = False`, or another log call in "
        "them records it with `exception()` or `exc_info=`), calls that pass `**kwargs`, and "
        "calls that format the traceback themselves (`traceback.format_exc()`)."
    ),
    why=(
        "The traceback is usually the most useful part of an error log: it says where the "
        "exception came from. `logger.error()` in a handler records only the message; "
        "`logger.exception()` (or `exc_info=True`) records the traceback too, at the same level. "
        "Pass `exc_info=False` to say that dropping it is deliberate."
    ),
    bad=(
        _IMPORTS + "def load(path):\n    try:\n        return open(path).read()\n    except OSError:\n"
        "        logger.error(\"cannot read %s\", path)\n"
    ),
    good=(
        _IMPORTS + "def load(path):\n    try:\n        return open(path).read()\n    except OSError:\n"
        "        logger.exception(\"cannot read %s\", path)\n"
    ),
    options=_LOGGER_NAMES,
    see_also=("flake8-logging LOG005", "tryceratops TRY400", "ruff TRY400"),
)

EXCEPTION_OUTSIDE_EXCEPT = rule(
    code="REV510",
    name="log-exception-outside-except",
    message="{call} outside an except block has no exception to log",
    summary=(
        "Checks for `exception()` calls outside the body of an `except` block (a function "
        "defined in an `except` block is outside it) that do not pass `exc_info=` themselves."
    ),
    why=(
        "`exception()` logs at ERROR level with the exception being handled. Outside an "
        "`except` block there usually is none, and the record ends with a confusing "
        "`NoneType: None`. Use `error()`, or pass the exception explicitly with `exc_info=err`."
    ),
    bad=(
        _IMPORTS + "def check(value):\n    if value < 0:\n"
        "        logger.exception(\"negative value %d\", value)\n"
    ),
    good=(
        _IMPORTS + "def check(value):\n    if value < 0:\n"
        "        logger.error(\"negative value %d\", value)\n"
    ),
    options=_LOGGER_NAMES,
    see_also=("flake8-logging LOG004",),
)

EXTRA_CLASH = rule(
    code="REV511",
    name="log-extra-clashes-with-record",
    message="extra= in {call} would overwrite LogRecord's {keys}",
    summary=(
        "Checks the literal keys of `extra=` (a dict display or `dict(key=...)`) against the "
        "attributes of `LogRecord`: `name`, `msg`, `args`, `levelname`, `levelno`, `pathname`, "
        "`filename`, `module`, `exc_info`, `exc_text`, `stack_info`, `lineno`, `funcName`, "
        "`created`, `msecs`, `relativeCreated`, `thread`, `threadName`, `processName`, "
        "`process`, `message`, `asctime` and `taskName`."
    ),
    why=(
        "`Logger.makeRecord()` raises `KeyError: \"Attempt to overwrite 'name' in LogRecord\"` for "
        "such a key, so the log call itself crashes, usually on a rarely run path such as error "
        "handling. Prefix the key (`user_name`) instead."
    ),
    bad=_IMPORTS + "def login(user):\n    logger.info(\"login\", extra={\"name\": user})\n",
    good=_IMPORTS + "def login(user):\n    logger.info(\"login\", extra={\"user_name\": user})\n",
    options=_LOGGER_NAMES,
    see_also=("flake8-logging LOG003", "flake8-logging-format G101"),
)

PLACEHOLDER_STYLE = rule(
    code="REV512",
    name="log-placeholder-style-inconsistent",
    message="log call uses {style} placeholders; {count} other log calls in this module use {majority}",
    summary=(
        "Checks that a module's parameterized logging calls use one placeholder style: positional "
        "`%s` with arguments, or named `%(key)s` with one mapping. The majority of the module's "
        "calls whose message is a plain string literal (or a variable assigned exactly one) decides; "
        "the others are reported. A tie reports nothing."
    ),
    why=(
        "Both styles work, but mixing them in one module makes each call read differently and "
        "invites mistakes when a message is edited (a named placeholder left in a positional "
        "message fails at run time). Consistency is what a reviewer asks for; which style is the "
        "module's own choice."
    ),
    bad=(
        _IMPORTS + "def serve(host, port, user):\n"
        "    logger.info(\"listening on %s\", host)\n"
        "    logger.info(\"port %d\", port)\n"
        "    logger.info(\"user %(user)s connected\", {\"user\": user})\n"
    ),
    good=(
        _IMPORTS + "def serve(host, port, user):\n"
        "    logger.info(\"listening on %s\", host)\n"
        "    logger.info(\"port %d\", port)\n"
        "    logger.info(\"user %s connected\", user)\n"
    ),
    options=_LOGGER_NAMES,
    see_also=("pylint logging-format-style (one style per project)", "REV514"),
)

LOGGER_NAME = rule(
    code="REV513",
    name="logger-name-inconsistent",
    message="logger variable {name!r} differs from {majority!r}, the name {count} of {total} modules "
    "with a logger use",
    summary=(
        "Checks that a module names its logger variable (a module-level name bound to "
        "`getLogger(...)` or `LoggerAdapter(...)`) the way most modules of the project do: at "
        "least 5 modules with loggers, at least 80% of them using one name. Each module counts "
        "its first logger; a module reported has no logger of the majority's name."
    ),
    why=(
        "`LOG` in one module, `logger` in the next and `_log` in a third make every log call "
        "read differently and defeat a simple search for a module's logging. Which name a "
        "project uses is its own choice; using one is what a reviewer asks for. The whole "
        "project is searched (see REV801 for how its root and files are found)."
    ),
    bad=(
        "# file: mailer.py\nimport logging\n\nlogger = logging.getLogger(__name__)\n\n"
        "# file: orders.py\nimport logging\n\nLOG = logging.getLogger(__name__)\n\n"
        "# file: users.py\nimport logging\n\nLOG = logging.getLogger(__name__)\n\n"
        "# file: billing.py\nimport logging\n\nLOG = logging.getLogger(__name__)\n\n"
        "# file: stock.py\nimport logging\n\nLOG = logging.getLogger(__name__)\n"
    ),
    good=(
        "# file: mailer.py\nimport logging\n\nLOG = logging.getLogger(__name__)\n\n"
        "# file: orders.py\nimport logging\n\nLOG = logging.getLogger(__name__)\n\n"
        "# file: users.py\nimport logging\n\nLOG = logging.getLogger(__name__)\n\n"
        "# file: billing.py\nimport logging\n\nLOG = logging.getLogger(__name__)\n\n"
        "# file: stock.py\nimport logging\n\nLOG = logging.getLogger(__name__)\n"
    ),
    options=("--review-project-root",),
    see_also=("REV512", "REV514"),
)

MESSAGE_STYLE = rule(
    code="REV514",
    name="log-message-style-inconsistent",
    message="log message {deviation}; in this module {majority}",
    summary=(
        "Checks that log messages follow the module's majority style, judged separately for the "
        "first letter (capitalised or lower-case) and the trailing period (present or not), over "
        "messages that are plain string literals starting with a letter. Each judgement needs at "
        "least 5 such messages and an 80% majority. The period is judged only on messages ending "
        "in a letter, a digit or a single `.` (not `...`, `:`, `!` or `?`); the first letter only "
        "when the first word is a plain word (not an acronym like `HTTP` or an identifier like "
        "`pid=%d`), since those could not be written the other way."
    ),
    why=(
        "Log messages are read together, in one stream, and searched. When most messages of a "
        "module read `Connecting to %s` and a few read `connecting to %s.`, the odd ones look "
        "like they come from elsewhere and break searches for the usual wording."
    ),
    bad=(
        _IMPORTS + "def serve(host, port):\n"
        "    logger.info(\"Starting server\")\n"
        "    logger.info(\"Listening on %s\", host)\n"
        "    logger.info(\"Port %d is open\", port)\n"
        "    logger.info(\"Ready\")\n"
        "    logger.info(\"waiting for clients\")\n"
    ),
    good=(
        _IMPORTS + "def serve(host, port):\n"
        "    logger.info(\"Starting server\")\n"
        "    logger.info(\"Listening on %s\", host)\n"
        "    logger.info(\"Port %d is open\", port)\n"
        "    logger.info(\"Ready\")\n"
        "    logger.info(\"Waiting for clients\")\n"
    ),
    options=_LOGGER_NAMES,
    see_also=("REV512",),
)

#: REV514: how much evidence a module's message style needs
STYLE_MIN_MESSAGES = 5
STYLE_MIN_PERCENT = 80


class LoggingChecker(BaseChecker):
    """REV5: the flake8 entry point of the logging checks."""

    prefix = "REV5"
    checker = "logging"


# -- per-file facts ----------------------------------------------------------------------------

@per_file
def module_logger_names(ctx: FileContext) -> Tuple[str, ...]:
    """Module-level names bound to ``getLogger(...)``/``LoggerAdapter(...)``, in source order.

    A per-file fact for the project index (REV513: the logger variable name most
    modules use); structlog's and loguru's loggers are not included.
    """
    return log_facts(ctx).module_loggers


@per_file
def _is_script(ctx: FileContext) -> bool:
    """A ``__main__.py``, or a file whose first line is a ``#!`` line."""
    if os.path.basename(ctx.filename) == "__main__.py":
        return True
    return bool(ctx.lines) and ctx.lines[0].startswith("#!")


def _in_main_block(ctx: FileContext, node: ast.AST) -> bool:
    child = node
    for up in ctx.ancestors(node):
        if isinstance(up, ast.If) and is_main_guard(up.test) and any(child is stmt for stmt in up.body):
            return True
        child = up
    return False


# -- the checks --------------------------------------------------------------------------------

_EAGER_RULES = {
    "percent": PERCENT_FORMAT,
    "fstring": FSTRING_MESSAGE,
    "format": FORMAT_METHOD,
    "concat": CONCATENATION,
}


@check(PERCENT_FORMAT, FSTRING_MESSAGE, FORMAT_METHOD, CONCATENATION, on=(ast.Module,))
def eager_message(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV501, REV502, REV503, REV504."""
    facts = log_facts(ctx)
    for call in facts.calls:
        if call.message is None or call.literal:
            continue
        node = call.node
        kind = eager_kind(call.message, lambda name: facts.literals.text(name, node))
        if kind is not None:
            yield ctx.violation(_EAGER_RULES[kind], node, call=call.shown)


@check(PLACEHOLDER_MISMATCH, on=(ast.Module,))
def log_placeholder_mismatch(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV505."""
    for call in log_facts(ctx).calls:
        if call.text is None or not call.args or call.star_args:
            continue
        mismatch = placeholder_mismatch(call.text, call.args)
        if mismatch is not None:
            placeholders, arguments = mismatch
            yield ctx.violation(
                PLACEHOLDER_MISMATCH, call.node, placeholders=placeholders, arguments=arguments
            )


@check(DEPRECATED_WARN, on=(ast.Module,))
def log_deprecated_warn(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV506."""
    for call in log_facts(ctx).calls:
        if call.method == "warn" and call.standard:
            replacement = f"{call.callee}ing()"  # warn → warning
            yield ctx.violation(DEPRECATED_WARN, call.node, call=call.shown, replacement=replacement)


@check(ROOT_LOGGER, on=(ast.Module,))
def log_on_root_logger(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV507."""
    calls = [call for call in log_facts(ctx).calls if call.root]
    if not calls or _is_script(ctx):
        return
    for call in calls:
        if not _in_main_block(ctx, call.node):
            yield ctx.violation(ROOT_LOGGER, call.node, call=call.shown)


def _mentions_file(node: Optional[ast.AST]) -> Optional[str]:
    """``__file__`` or ``__cached__`` when the expression uses it (only the argument is looked into)."""
    if node is None:
        return None
    for inner in ast.walk(node):
        if isinstance(inner, ast.Name) and inner.id in ("__file__", "__cached__"):
            return inner.id
    return None


@check(LOGGER_CREATION, on=(ast.Module,))
def logger_not_from_getlogger_name(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV508."""
    facts = log_facts(ctx)
    found: List[Tuple[ast.Call, str, str]] = []
    for call in facts.factories:
        if ctx.resolve(call.func).rsplit(".", 1)[-1] != "getLogger":
            continue
        keywords = {kw.arg: kw.value for kw in call.keywords}
        name = call.args[0] if call.args else keywords.get("name")
        dunder = _mentions_file(name)
        if dunder is not None:
            found.append((call, f"named from {dunder}", "__name__"))
    for call in facts.constructors:
        if isinstance(call.func, ast.Name) and _defines_class(ctx, call, call.func.id):
            continue  # a class of this module shadows the import
        if ctx.resolve(call.func) == "logging.Logger":
            found.append((call, "instantiated directly with logging.Logger()", "logging.getLogger()"))
    for call, how, expected in sorted(found, key=lambda item: (item[0].lineno, item[0].col_offset)):
        yield ctx.violation(LOGGER_CREATION, call, how=how, expected=expected)


def _defines_class(ctx: FileContext, node: ast.AST, name: str) -> bool:
    """Whether a class ``name`` is defined in a scope ``node`` sees (its own, enclosing ones, the module)."""
    scopes = {
        ctx.scope(cls) for cls in ctx.nodes(ast.ClassDef) if cls.name == name  # type: ignore[attr-defined]
    }
    if not scopes:
        return False
    scope: ast.AST = ctx.scope(node)
    while scope not in scopes:
        if scope is ctx.tree:
            return False
        scope = ctx.scope(scope)
    return True


def _is_error_level(level: Optional[ast.AST], ctx: FileContext) -> bool:
    """``logging.ERROR`` (through any logging-like module or import) or the literal 40."""
    if isinstance(level, ast.Constant):
        return level.value == 40 and not isinstance(level.value, bool)
    if level is None:
        return False
    resolved = ctx.resolve(level)
    module, _, name = resolved.rpartition(".")
    return name == "ERROR" and module.rsplit(".", 1)[-1] in ("log", "logging")


@per_file
def _handlers_keeping_traceback(ctx: FileContext) -> FrozenSet[ast.AST]:
    """``except`` blocks that pass the traceback on: they raise, or another log call records it."""
    found = {handler_of(ctx, node) for node in ctx.nodes(ast.Raise)}
    found.update(handler_of(ctx, node) for node in ctx.each(ast.With, ast.AsyncWith) if _reraises(node))
    for call in log_facts(ctx).calls:
        if call.method == "exception" or _passes_exc_info(call):
            found.add(handler_of(ctx, call.node))
    found.discard(None)
    return frozenset(found)  # type: ignore[arg-type]


def _reraises(node: ast.AST) -> bool:
    """A ``with`` block that raises the handled exception again when it ends: its context manager is
    a call whose last name contains ``reraise`` (oslo.utils' ``excutils.save_and_reraise_exception()``),
    and the block does not set ``<as name>.reraise = False``."""
    targets = set()
    for item in node.items:  # type: ignore[attr-defined]
        call = item.context_expr
        func = call.func if isinstance(call, ast.Call) else None
        last = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if "reraise" not in last.lower():
            continue
        if not isinstance(item.optional_vars, ast.Name):
            return True
        targets.add(item.optional_vars.id)
    for statement in ast.walk(node) if targets else ():
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant) and any(
            isinstance(target, ast.Attribute) and target.attr == "reraise"
            and isinstance(target.value, ast.Name) and target.value.id in targets
            for target in statement.targets
        ):
            return False
    return bool(targets)


def _passes_exc_info(call: LogCall) -> bool:
    """``exc_info=`` with anything but a literal false value."""
    for keyword in call.node.keywords:
        if keyword.arg == "exc_info":
            value = keyword.value
            return not (isinstance(value, ast.Constant) and not value.value)
    return False


def _is_error_call(call: LogCall, ctx: FileContext) -> bool:
    """``.error(...)`` or ``.log(<ERROR or above>, ...)``."""
    return call.method == "error" or (call.method == "log" and _is_error_level(call.level, ctx))


def _drops_traceback(call: LogCall, ctx: FileContext) -> bool:
    """An error-level call inside an except block that neither keeps nor formats the traceback."""
    handler = handler_of(ctx, call.node)
    if handler is None or handler in _handlers_keeping_traceback(ctx):
        return False
    return not uses_traceback_formatter(call.node, ctx.resolve)


def _error_call_text(call: LogCall) -> str:
    """How REV509 shows the call: the call itself, or ``callee(LEVEL, ...)`` for ``.log``."""
    if call.method == "error":
        return call.shown
    level = expression_text(call.level) if call.level is not None else ""
    return f"{call.callee}({level}, ...)"


@check(ERROR_IN_EXCEPT, EXCEPTION_OUTSIDE_EXCEPT, on=(ast.Module,))
def log_exceptions(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV509, REV510."""
    for call in log_facts(ctx).calls:
        if "exc_info" in call.keywords or call.star_kwargs or not call.standard:
            continue
        if call.method == "exception":
            if handler_of(ctx, call.node) is None:
                yield ctx.violation(EXCEPTION_OUTSIDE_EXCEPT, call.node, call=call.shown)
        elif _is_error_call(call, ctx) and _drops_traceback(call, ctx):
            yield ctx.violation(ERROR_IN_EXCEPT, call.node, call=_error_call_text(call))


@check(EXTRA_CLASH, on=(ast.Module,))
def log_extra_clashes_with_record(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV511."""
    for call in log_facts(ctx).calls:
        keys = clashing_extra_keys(call.extra) if call.standard else ()
        if keys:
            shown = ", ".join(repr(key) for key in keys)
            yield ctx.violation(EXTRA_CLASH, call.node, call=call.shown, keys=shown)


_STYLE_TEXT = {"positional": "positional %s", "named": "named %(...)s"}


@check(PLACEHOLDER_STYLE, on=(ast.Module,))
def log_placeholder_style_inconsistent(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV512."""
    styled: List[Tuple[LogCall, str]] = []
    for call in log_facts(ctx).calls:
        if call.text is not None:
            style = placeholder_style(call.text, call.args, call.star_args)
            if style is not None:
                styled.append((call, style))
    counts = Counter(style for _, style in styled)
    if len(counts) < 2 or counts["positional"] == counts["named"]:
        return
    majority = counts.most_common(1)[0][0]
    for call, style in styled:
        if style != majority:
            yield ctx.violation(
                PLACEHOLDER_STYLE,
                call.node,
                style=_STYLE_TEXT[style],
                count=counts[majority],
                majority=_STYLE_TEXT[majority],
            )


_CAPITAL_TEXT = {
    "upper": ("starts with a capital", "start with a capital"),
    "lower": ("starts lower-case", "start lower-case"),
}
_PERIOD_TEXT = {
    True: ("ends with a period", "end with a period"),
    False: ("has no trailing period", "have no trailing period"),
}


_SUBJECT = "log messages "


def _majority(values: List[object]) -> Optional[Tuple[object, int, int]]:
    """``(value, count, total)`` when at least 5 values agree at 80% or more."""
    total = len(values)
    if total < STYLE_MIN_MESSAGES:
        return None
    value, count = Counter(values).most_common(1)[0]
    if count * 100 < total * STYLE_MIN_PERCENT or count == total:
        return None
    return value, count, total


#: REV513: how much evidence the project's logger name needs
LOGGER_MIN_MODULES = 5


@check(LOGGER_NAME, on=(ast.Module,))
def logger_name_inconsistent(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV513."""
    names = module_logger_names(ctx)
    view = project.view(ctx) if names else None
    if view is None:
        return
    votes = view.logger_votes()
    total = sum(votes.values())
    if total < LOGGER_MIN_MODULES:
        return
    majority, count = votes.most_common(1)[0]
    if count * 100 < total * STYLE_MIN_PERCENT or majority in names:
        return
    name = names[0]
    for node in ctx.in_scope(ctx.tree, ast.Assign, ast.AnnAssign):
        targets = getattr(node, "targets", None) or [node.target]  # type: ignore[attr-defined]
        bound = [t for t in targets if isinstance(t, ast.Name) and t.id == name]
        if bound:
            yield ctx.violation(
                LOGGER_NAME, bound[0], name=name, majority=majority, count=count, total=total
            )
            return


def _message_styles(ctx: FileContext) -> Tuple[Dict[LogCall, str], Dict[LogCall, bool]]:
    """The capitalisation and the trailing-period style of every literal log message."""
    capitals: Dict[LogCall, str] = {}
    periods: Dict[LogCall, bool] = {}
    for call in log_facts(ctx).calls:
        if not (call.literal and call.text):
            continue
        capital = capitalisation(call.text)
        if capital is not None:
            capitals[call] = capital
        period = trailing_period(call.text)
        if period is not None:
            periods[call] = period
    return capitals, periods


def _add_deviations(
    deviations: Dict[LogCall, List[Tuple[str, str]]],
    values: Dict[LogCall, Any],
    texts: Dict[Any, Tuple[str, str]],
) -> None:
    """Record ``(what the call does, evidence)`` for each call that departs from a clear majority."""
    verdict = _majority(list(values.values()))
    if verdict is None:
        return
    majority, count, total = verdict
    evidence = f"{count} of {total} {_SUBJECT}{texts[majority][1]}"
    for call, value in values.items():
        if value != majority:
            deviations.setdefault(call, []).append((texts[value][0], evidence))


@check(MESSAGE_STYLE, on=(ast.Module,))
def log_message_style_inconsistent(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV514."""
    capitals, periods = _message_styles(ctx)
    deviations: Dict[LogCall, List[Tuple[str, str]]] = {}
    _add_deviations(deviations, capitals, _CAPITAL_TEXT)
    _add_deviations(deviations, periods, _PERIOD_TEXT)
    for call, found in deviations.items():
        evidence = [found[0][1], *(later.replace(_SUBJECT, "") for _, later in found[1:])]
        yield ctx.violation(
            MESSAGE_STYLE,
            call.node,
            deviation=" and ".join(text for text, _ in found),
            majority=", ".join(evidence),
        )
