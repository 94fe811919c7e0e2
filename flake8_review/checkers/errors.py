"""REV6 error handling.

Checks how code catches and raises exceptions: broad handlers that lose the
traceback or swallow every error, new exceptions raised in an ``except`` block
without ``from``, generic ``Exception`` raised, ``return``/``break``/``continue``
that discard an exception in flight from a ``finally`` block, handlers that only
re-raise, redundant names in a handler tuple, and callees that the module
guards with a ``try`` in several places but not in another. Only builtin
exception names are judged (a module that defines or imports its own
``Exception`` is left alone); other exception classes are never guessed at.
A bare ``except:`` as such is pycodestyle's E722; here it is judged like
``except BaseException``, by what its block does.
"""

from __future__ import annotations

import ast
from typing import Dict, Iterator, List, Optional, Tuple

from flake8_review.context import FileContext, Violation
from flake8_review.engine import BaseChecker, check
from flake8_review.error_helpers import (
    BROAD,
    CalleeKey,
    GuardIndex,
    TRY_TYPES,
    builtin_name,
    callee_text,
    caught_locally,
    clause_text,
    documents_raising,
    exception_class,
    expression_text,
    finally_escapes,
    guard_index,
    handler_facts,
    is_broad,
    new_exception,
    only_reraises,
    silent_body,
)
from flake8_review.registry import internal_error_rule, rule

INTERNAL_ERROR = internal_error_rule("REV6", "errors")

_LOGGER = "import logging\n\nlogger = logging.getLogger(__name__)\n\n\n"

BROAD_WITHOUT_TRACEBACK = rule(
    code="REV601",
    name="broad-except-loses-traceback",
    message="broad handler '{clause}' neither re-raises nor records the traceback",
    summary=(
        "Checks for broad handlers (`except:`, `except Exception`, `except BaseException`, alone "
        "or in a tuple, `builtins.Exception` too) whose block neither re-raises (any `raise` "
        "statement, `raise New() from err` included; `sys.exit()` is not one) nor records the "
        "traceback: a `.exception()` call, `exc_info=` with anything but a literal false value, a "
        "`traceback.*` function or `sys.exc_info()`. A block that hands the caught exception "
        "object on (`future.set_exception(err)`, `self.error = err`, `return err`, a tuple, list "
        "or dict holding it) keeps its traceback too, and so does one that calls an error handler "
        "(a callee whose name contains `error`, `exception`, `excepthook` or `traceback`, like logging's "
        "`handleError()`): neither is reported. Passing the exception to a builtin (`print(err)`, "
        "`str(err)`) or as a log call's argument is not handing it on. Code in a function "
        "defined inside the block does not count. A block whose whole body is `pass`, `...` or "
        "`continue` is REV602's."
    ),
    why=(
        "A broad handler also catches the errors nobody expected: a typo'd attribute, a "
        "`TypeError` from a changed signature, a bug in the code the `try` protects. If it "
        "neither lets the exception go on nor records where it came from, those bugs turn into "
        "wrong results or a one-line message that cannot be traced back to its cause. Catch the "
        "specific exceptions you expect, or log with `logger.exception()` so the traceback is kept."
    ),
    bad=(
        _LOGGER + "def load(path):\n    try:\n        return parse(path)\n    except Exception as err:\n"
        "        logger.warning(\"cannot load %s: %s\", path, err)\n        return None\n\n\n"
        "def parse(path):\n    return path\n"
    ),
    good=(
        _LOGGER + "def load(path):\n    try:\n        return parse(path)\n    except Exception:\n"
        "        logger.exception(\"cannot load %s\", path)\n        return None\n\n\n"
        "def parse(path):\n    return path\n"
    ),
    see_also=("flake8-blind-except BLE001", "pylint broad-exception-caught (W0718)", "pycodestyle E722"),
)

SILENT_BROAD = rule(
    code="REV602",
    name="broad-except-swallows-errors",
    message="broad handler '{clause}' silently discards every error: its body is only {body}",
    summary=(
        "Checks for broad handlers (as REV601 defines them) whose whole body is `pass`, `...` "
        "or `continue`; a string literal used as a comment may stand beside them. Reported "
        "instead of REV601, never with it."
    ),
    why=(
        "Every exception raised in the `try` block vanishes without a trace, bugs included: "
        "the program carries on as if the work had been done. When ignoring one failure is "
        "really intended, name it (`except FileNotFoundError:`, `contextlib.suppress(...)`) and "
        "say why in a comment, so the next reader knows which error is expected."
    ),
    bad=(
        "import os\n\n\ndef cleanup(path):\n    try:\n        os.remove(path)\n"
        "    except Exception:\n        pass\n"
    ),
    good=(
        "import os\n\n\ndef cleanup(path):\n    try:\n        os.remove(path)\n"
        "    except FileNotFoundError:\n        pass  # already gone: nothing to clean\n"
    ),
    see_also=("flake8-bandit S110, S112", "tryceratops TRY202 (ruff S110)", "pylint W0702/W0718"),
)

RAISE_WITHOUT_FROM = rule(
    code="REV603",
    name="raise-without-from-in-except",
    message="raise {raised} inside '{clause}' without from: {hint}",
    summary=(
        "Checks for `raise` of a new exception directly in an `except` block (not in a "
        "function defined there) without `from`. A new exception is a call (`raise "
        "KeyError(key)`; `err.with_traceback(tb)` is the caught object again), or the name of an "
        "exception class: a builtin one, a class of the module, or an imported CapWords name "
        "(`raise errors.NotFound`). Bare `raise`, `raise err` of the caught exception and "
        "other names whose value is unknown are not reported; `raise X from None` has a `from`. "
        "`SystemExit` and `unittest.SkipTest` are exempt: their traceback is never shown."
    ),
    why=(
        "Without `from`, Python shows the caught exception as something that went wrong "
        "while handling it (\"During handling of the above exception, another exception "
        "occurred\"), which reads like a bug in the handler. `raise New(...) from err` records "
        "that the new error was caused by the old one; `from None` says the old one is an "
        "implementation detail the caller should not see."
    ),
    bad=(
        "def port(config):\n    try:\n        return int(config[\"port\"])\n"
        "    except KeyError:\n        raise ValueError(\"no port configured\")\n"
    ),
    good=(
        "def port(config):\n    try:\n        return int(config[\"port\"])\n"
        "    except KeyError as err:\n        raise ValueError(\"no port configured\") from err\n"
    ),
    see_also=("flake8-bugbear B904", "tryceratops TRY200", "pylint raise-missing-from (W0707)"),
)

GENERIC_RAISE = rule(
    code="REV604",
    name="raise-generic-exception",
    message="raise {raised} raises the generic {name}; raise a specific exception class",
    summary=(
        "Checks for `raise Exception(...)` and `raise BaseException(...)`, with or without the "
        "call (`builtins.Exception` too). A module that defines or imports its own `Exception` "
        "is not reported, nor is a raise in the body of a `try` of the same function whose "
        "broad handler catches it right there (`try: raise Exception` / `except Exception:`)."
    ),
    why=(
        "Callers can only catch a generic `Exception` with `except Exception`, which also "
        "catches every bug; they cannot handle this failure and let the others through. A "
        "specific class (a builtin like `ValueError`, or the project's own) tells them what "
        "went wrong and lets them choose."
    ),
    bad="def connect(port):\n    if port < 0:\n        raise Exception(\"negative port\")\n",
    good="def connect(port):\n    if port < 0:\n        raise ValueError(\"negative port\")\n",
    see_also=("tryceratops TRY002", "pylint broad-exception-raised (W0719)", "ruff TRY002"),
)

FINALLY_ESCAPE = rule(
    code="REV605",
    name="control-flow-in-finally",
    message="'{statement}' in the finally block of the try at line {line} discards any exception in flight",
    summary=(
        "Checks for `return` anywhere in a `finally` block (outside functions defined there), "
        "and for `break`/`continue` that leave the `finally` block for a loop around the "
        "`try`; `break`/`continue` of a loop inside the `finally` block are fine."
    ),
    why=(
        "When the `try` block raises, the `finally` block runs and then re-raises the exception; "
        "a `return`, `break` or `continue` that leaves the `finally` block cancels that, and the "
        "exception, even a `KeyboardInterrupt`, silently disappears. A `return` there also "
        "replaces the value returned by the `try` block. Python 3.14 warns about it (PEP 765)."
    ),
    bad=(
        "def read(stream):\n    try:\n        return stream.read()\n    finally:\n"
        "        stream.close()\n        return None\n"
    ),
    good=(
        "def read(stream):\n    try:\n        return stream.read()\n    finally:\n"
        "        stream.close()\n"
    ),
    see_also=("flake8-bugbear B012", "pylint lost-exception (W0150)", "PEP 765"),
)

USELESS_RERAISE = rule(
    code="REV606",
    name="useless-reraise-handler",
    message="handler '{clause}' only re-raises and is the last handler of its try: it does nothing",
    summary=(
        "Checks for an `except` block whose whole body is `raise` (or `raise err` of the name it "
        "binds) when it is the last handler of its `try`, with or without `else`/`finally`. An "
        "earlier handler that only re-raises is not reported: it keeps the exception from the "
        "broader handlers after it. `except*` blocks are not checked."
    ),
    why=(
        "Catching an exception only to raise it again changes nothing: without the handler the "
        "exception would propagate just the same. It makes readers look for a purpose that is "
        "not there; remove the handler (and the `try` when nothing else is left)."
    ),
    bad=(
        "import json\n\n\ndef load(path):\n    try:\n        with open(path) as stream:\n"
        "            return json.load(stream)\n    except ValueError:\n        raise\n"
    ),
    good=(
        "import json\n\n\ndef load(path):\n    with open(path) as stream:\n"
        "        return json.load(stream)\n"
    ),
    see_also=("tryceratops TRY203 (useless-try-except)", "pylint try-except-raise (W0706)"),
)

_GUARDED = (
    "from .client import fetch\n\n\ndef refresh(url):\n    try:\n        return fetch(url)\n"
    "    except ConnectionError:\n        return None\n\n\n"
    "def reload(url):\n    try:\n        page = fetch(url)\n    except ConnectionError:\n"
    "        page = None\n    return page\n\n\n"
)

INCONSISTENT_GUARD = rule(
    code="REV607",
    name="inconsistent-exception-guarding",
    message="call to '{callee}' is not guarded here; line {line} calls it inside a try that catches {caught}",
    summary=(
        "Checks for a call made outside any `try` while elsewhere in the module the same callee "
        "is called inside the body of a `try` that catches a specific (not broad) exception. "
        "The callee is the call's dotted text (`helper`, `self.client.fetch`); a first name "
        "local to a function means that function's callee only, and `self`/`cls` that class's. "
        "Builtins, methods of builtin containers and strings (`items.pop`), functions of "
        "standard-library modules, logging calls and exceptions built to be raised are not "
        "callees.\n\n"
        "Evidence: a `try` counts only when the callee's call is the only call in its body and "
        "the body has no subscript (otherwise the handler may be there for `int()` or `d[key]`), "
        "and when one of its handlers catches something specific and does more than re-raise. "
        "Sampling the standard library showed that a callee guarded once is usually guarded for "
        "one special case, so a callee needs such guarded calls in at least 2 functions (or "
        "methods), and no more unguarded calls than guarded ones.\n\n"
        "Not reported: a call inside the body of any `try` of its own function (a broad or "
        "`try/finally` one shows the failure was thought of), inside `with "
        "contextlib.suppress(...)` or `assertRaises(...)`, or in a function all of whose call "
        "sites in the module are guarded, followed transitively (`f(...)` for a function, "
        "`self.m(...)` in its class for a method; a function with no call site, or also used "
        "otherwise, e.g. passed as a callback, is not guarded by callers); a call in a function "
        "that also guards the callee, or whose docstring names the caught exception (it "
        "propagates it by contract); calls in lambdas, generator expressions and functions "
        "defined inside a guarded `try`; and every call in test files."
    ),
    why=(
        "When one call of `fetch()` is wrapped in `try/except ConnectionError` and another is "
        "not, either the handler is unnecessary or the unguarded call lets a connection error "
        "crash a path that was meant to survive it. Usually it is the second: the failure was "
        "seen, handled at one call site, and the others were forgotten. Handle it here too, or "
        "let the function handle it for all callers."
    ),
    bad=_GUARDED + "def preload(url):\n    return fetch(url)\n",
    good=(
        _GUARDED + "def preload(url):\n    try:\n        return fetch(url)\n"
        "    except ConnectionError:\n        return None\n"
    ),
    options=("--review-logger-names",),
    see_also=("no peer check: pylint, bugbear and tryceratops look at one handler at a time",),
)

REDUNDANT_EXCEPT_NAME = rule(
    code="REV608",
    name="redundant-exception-in-handler-tuple",
    message="handler '{clause}' names {finding}",
    summary=(
        "Checks the tuple of an `except` clause for an exception named twice, under the same "
        "name or an alias (`IOError`, `EnvironmentError`, `socket.error`, `select.error` and "
        "`os.error` are `OSError`), and for an exception listed together with one of its base "
        "classes in the builtin hierarchy (`except (ValueError, Exception)`). Only builtin "
        "exceptions are judged, as the running Python defines them; a module that defines or "
        "imports its own `ValueError` is not using the builtin one."
    ),
    why=(
        "The redundant name catches nothing the other one does not already catch. It makes "
        "readers believe the handler is narrower or more deliberate than it is, and often hides "
        "a mistake: the base class was added in haste, or one of the two names was meant to be "
        "another exception."
    ),
    bad=(
        "def read(path):\n    try:\n        with open(path) as stream:\n            return stream.read()\n"
        "    except (FileNotFoundError, OSError):\n        return \"\"\n"
    ),
    good=(
        "def read(path):\n    try:\n        with open(path) as stream:\n            return stream.read()\n"
        "    except OSError:\n        return \"\"\n"
    ),
    see_also=("flake8-bugbear B014", "pylint overlapping-except (W0714)", "ruff B014"),
)


#: REV607: at most this many unguarded calls per guarded one (else the guard is the exception)
GUARD_MAJORITY = 1
#: REV607: functions guarding a callee before its unguarded calls stand out
GUARD_MIN = 2


class ErrorsChecker(BaseChecker):
    """REV6: the flake8 entry point of the error handling checks."""

    prefix = "REV6"
    checker = "errors"


# -- the checks --------------------------------------------------------------------------------

@check(BROAD_WITHOUT_TRACEBACK, SILENT_BROAD, on=(ast.ExceptHandler,))
def broad_except(handler: ast.ExceptHandler, ctx: FileContext) -> Iterator[Violation]:
    """REV601, REV602."""
    if not is_broad(ctx, handler):
        return
    clause = clause_text(ctx, handler)
    body = silent_body(handler)
    if body is not None:
        yield ctx.violation(SILENT_BROAD, handler, clause=clause, body=body)
        return
    facts = handler_facts(ctx, handler)
    if not (facts.reraises or facts.records):
        yield ctx.violation(BROAD_WITHOUT_TRACEBACK, handler, clause=clause)


def _raised_text(exc: ast.AST) -> str:
    return f"{expression_text(exc.func)}(...)" if isinstance(exc, ast.Call) else expression_text(exc)


@check(RAISE_WITHOUT_FROM, GENERIC_RAISE, on=(ast.Raise,))
def raise_statement(node: ast.Raise, ctx: FileContext) -> Iterator[Violation]:
    """REV603, REV604."""
    exc = node.exc
    if exc is None:
        return
    target = exc.func if isinstance(exc, ast.Call) else exc
    name = builtin_name(ctx, target)
    if name in BROAD and not caught_locally(ctx, node):
        yield ctx.violation(GENERIC_RAISE, node, raised=_raised_text(exc), name=name)
    if node.cause is not None:
        return
    handler = ctx.handler_of(node)
    if handler is None or not new_exception(ctx, exc, handler):
        return
    if handler.name:
        hint = f"add 'from {handler.name}' or 'from None'"
    else:
        hint = "add 'as err' and 'from err', or 'from None'"
    yield ctx.violation(
        RAISE_WITHOUT_FROM, node, raised=_raised_text(exc), clause=clause_text(ctx, handler), hint=hint
    )


@check(FINALLY_ESCAPE, on=(ast.Module,))
def control_flow_in_finally(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV605."""
    owner: Dict[ast.stmt, ast.AST] = {}
    for try_node in ctx.nodes(*TRY_TYPES):
        if try_node.finalbody:  # type: ignore[attr-defined]
            for statement in finally_escapes(try_node):
                owner[statement] = try_node  # source order: an inner try comes later and wins
    for statement, try_node in sorted(owner.items(), key=lambda item: (item[0].lineno, item[0].col_offset)):
        word = type(statement).__name__.lower()
        line: int = try_node.lineno  # type: ignore[attr-defined]
        yield ctx.violation(FINALLY_ESCAPE, statement, statement=word, line=line)


@check(USELESS_RERAISE, on=(ast.Try,))
def useless_reraise(node: ast.Try, ctx: FileContext) -> Iterator[Violation]:
    """REV606."""
    if not node.handlers:
        return
    last = node.handlers[-1]
    if only_reraises(last):
        yield ctx.violation(USELESS_RERAISE, last, clause=clause_text(ctx, last))


@check(INCONSISTENT_GUARD, on=(ast.Module,))
def inconsistent_guarding(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV607."""
    if ctx.is_test_file:
        return  # tests call the code under test both ways on purpose
    index = guard_index(ctx)
    evidence = index.evidence
    if not evidence:
        return
    for key, calls in _unguarded_calls(ctx, index).items():
        guards = evidence[key]
        if len(guards.functions) < GUARD_MIN or len(calls) > guards.count * GUARD_MAJORITY:
            continue  # one guard, or mostly unguarded: the guarded call is the special case
        for call in calls:
            yield ctx.violation(
                INCONSISTENT_GUARD, call, callee=key[1], line=guards.call.lineno, caught=guards.caught
            )


def _unguarded_calls(ctx: FileContext, index: GuardIndex) -> Dict[CalleeKey, List[ast.Call]]:
    """Callee key → its calls outside any guard, where the same callee is guarded elsewhere."""
    evidence = index.evidence
    texts = {text for _, text in evidence}
    last_names = {text.rsplit(".", 1)[-1] for text in texts}
    found: Dict[CalleeKey, List[ast.Call]] = {}
    for call in ctx.nodes(ast.Call):
        func = call.func  # type: ignore[attr-defined]
        last = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if last not in last_names or callee_text(func) not in texts:
            continue  # cheap first filters: most calls are of other callees
        key = index.key(call)  # type: ignore[arg-type]
        guards = evidence.get(key) if key is not None else None
        if guards is None:
            continue
        function = index.function_of(call)
        if function in guards.functions or documents_raising(function, guards.names):
            continue  # it guards one call and not another, or says it raises: it knows what it does
        if index.guard_of(call) == (False, False):  # type: ignore[arg-type]
            found.setdefault(key, []).append(call)  # type: ignore[arg-type, index]
    return found


def _covering(position: int, known: List[Tuple[str, type]]) -> Optional[str]:
    """How another item of the tuple already covers item ``position``, or ``None``."""
    text, cls = known[position]
    for other_position, (other_text, other_cls) in enumerate(known):
        if other_position == position:
            continue
        if cls is other_cls and other_position < position:
            if text == other_text:
                return f"'{text}' twice"
            return f"'{text}', the same class as '{other_text}' already caught"
        if cls is not other_cls and issubclass(cls, other_cls):
            return f"'{text}', a subclass of '{other_text}' already caught"
    return None


@check(REDUNDANT_EXCEPT_NAME, on=(ast.ExceptHandler,))
def redundant_exception_in_tuple(handler: ast.ExceptHandler, ctx: FileContext) -> Iterator[Violation]:
    """REV608."""
    if not isinstance(handler.type, ast.Tuple):
        return
    nodes: List[ast.expr] = []
    known: List[Tuple[str, type]] = []
    for item in handler.type.elts:
        cls = exception_class(ctx, item)
        if cls is not None:
            nodes.append(item)
            known.append((expression_text(item), cls))
    clause = clause_text(ctx, handler)
    for position, node in enumerate(nodes):
        finding = _covering(position, known)
        if finding is not None:
            yield ctx.violation(REDUNDANT_EXCEPT_NAME, node, clause=clause, finding=finding)
