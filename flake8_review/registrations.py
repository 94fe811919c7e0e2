"""REV303: functions registered the same way that take other parameters than the rest.

A registration (RULES.md, REV3) passes a function to a dotted callee
(``signals.post_save.connect(on_save)``) or decorates it with one
(``@bus.subscribe("order")``). Whoever calls the registered functions later calls
them all alike, so their parameter lists should agree. The project index collects
every registration of the project with the function's parameters; this module
counts them per callee and reports the functions of the checked file that differ
from a strict majority. Part of the REV3 category: :mod:`flake8_review.checkers.signatures`
imports it.
"""

from __future__ import annotations

import ast
import fnmatch
from collections import Counter
from typing import Dict, Iterator, List, Optional, Set, Tuple

from flake8_review import project
from flake8_review.context import FileContext, Violation
from flake8_review.engine import check
from flake8_review.project import Params, ProjectView
from flake8_review.project_files import module_name
from flake8_review.registration_facts import (
    Registration, absolute_callee, compared_params, registrations, wrapper_functions,
)
from flake8_review.unused_helpers import self_names
from flake8_review.registry import rule

#: how many functions one callee needs before its majority means anything
REGISTRATION_MIN = 3

_HANDLERS = (
    "# file: events.py\nclass Bus:\n    def subscribe(self, topic):\n        return lambda f: f\n\n\n"
    "bus = Bus()\n\n"
    "# file: orders.py\nfrom events import bus\n\n\n@bus.subscribe(\"paid\")\ndef ship(event, context):\n"
    "    return event, context\n\n\n@bus.subscribe(\"cancelled\")\ndef refund(event, context):\n"
    "    return event, context\n\n"
    "# file: users.py\nfrom events import bus\n\n\n@bus.subscribe(\"joined\")\ndef greet(event, context):\n"
    "    return event, context\n\n\n@bus.subscribe(\"left\")\ndef {farewell}:\n    return event, context\n"
)

INCONSISTENT_REGISTRATION = rule(
    code="REV303",
    name="registered-signature-differs",
    message="{func} takes {params} but {count} of {total} functions registered through {callee!r} take "
    "{majority}",
    summary=(
        "Checks that functions registered the same way take the same parameters (names, kinds and "
        "order, not defaults or annotations). Registered the same way means passed positionally to "
        "calls of one dotted callee (`registry.subscribe(on_save)`, `signal.connect(self.on_save)`) "
        "or decorated with one dotted decorator (`@bus.subscribe(...)`, `@app.task`), the callee "
        "read through the module's imports. Needs at least 3 such functions in the project, a "
        "strict majority of them with one parameter list; the others are reported where they are "
        "defined. A function registered several times through one callee counts once; a bound "
        "method (`self.on_save`) is compared without its first parameter, and so is a method "
        "registered by a decorator (a `staticmethod` as written); lambdas are ignored. A callee "
        "reached through `self`, `cls`, a parameter or a local variable is a different object in "
        "every module and registers nothing comparable. Not "
        "registrations: callees from `functools`, `typing`, `abc`, `contextlib`, `atexit`, "
        "`dataclasses`, `signal`, `threading` and `unittest`, `property`, `staticmethod` and "
        "`classmethod`, and callees matching `--review-registration-ignore` (by default pytest "
        "fixtures and marks, mocks' `patch`, click, web routes, hypothesis, and Django template "
        "tags and filters, whose functions take whatever parameters they declare). Decorators "
        "that only wrap the function are not registrations either: a decorator of the project "
        "that returns an inner function taking `*args`/`**kwargs` or made with `functools.wraps` "
        "(a class whose `__call__` does so too), and any decorator imported from another "
        "package (`@profiler.trace(...)`, `@registry.receives(...)`), since what it does with the "
        "function cannot be seen from the project; calls of such callees still count. Test files "
        "neither count nor are reported: tests register stand-ins that take whatever they probe."
    ),
    why=(
        "A registry calls every function it holds the same way: a signal passes `sender` and "
        "`**kwargs`, an event bus passes the event. The handler written with other parameters "
        "fails with `TypeError` only when its event fires, often in production and far from the "
        "registration. Nothing declares the calling convention, so a type checker cannot help; "
        "the project's own majority is the best evidence of it. The whole project is searched "
        "(see REV801 for how its root and files are found)."
    ),
    bad=_HANDLERS.format(farewell="farewell(context, event)"),
    good=_HANDLERS.format(farewell="farewell(event, context)"),
    options=("--review-registration-ignore", "--review-project-root"),
    see_also=("REV304", "REV301"),
)


def fresh_registrations(view: ProjectView) -> List[Registration]:
    """The checked file's registrations, callees made absolute (see :func:`absolute_callee`)."""
    module = module_name(view.relative) if view.relative else ""
    package = view.relative.endswith("__init__.py")
    found = []
    for registration in registrations(view.ctx, self_names(view.ctx)):
        callee = absolute_callee(registration.callee, module, package)
        if callee:
            found.append(registration._replace(callee=callee))
    return found


def registered_functions(
    view: ProjectView, fresh: List[Registration], callee: str,
) -> Dict[Tuple[str, str], Params]:
    """(path, function) → compared parameters of every function of the project registered through
    ``callee``; the checked file's entries are its ``fresh`` ones, not those the index read before."""
    indexed = view.index.registered.get(callee, {})
    found = {key: params for key, params in indexed.items() if key[0] != view.path}
    for registration in fresh:
        if registration.callee == callee:
            found[(view.path, registration.function)] = compared_params(registration)
    return found


def shown(params: Params) -> str:
    """``(event, *args, limit, **options)``: a parameter list as REV303 compares it."""
    stars = {"vararg": "*", "kwarg": "**"}
    return "(" + ", ".join(stars.get(kind, "") + name for name, kind in params) + ")"


def _wrappers(view: ProjectView) -> Set[str]:
    """The decorators of the project that return a wrapper, this file's fresh ones included."""
    module = module_name(view.relative) if view.relative else ""
    fresh = {f"{module}.{name}" if module else name for name in wrapper_functions(view.ctx)}
    return view.index.wrappers | fresh


def _skipped(view: ProjectView, registration: Registration, wrappers: Set[str]) -> bool:
    """Registrations REV303 does not judge: ignored callees, and decorators that wrap or that come
    from another package."""
    if _ignored(registration.callee, view.ctx.settings.registration_ignore):
        return True
    return registration.how == "decorator" and (
        registration.callee in wrappers or _from_elsewhere(view, registration.callee)
    )


def _from_elsewhere(view: ProjectView, callee: str) -> bool:
    """A callee imported from another package (``neutron_lib.callbacks.registry.receives``): whether
    its decorator registers the function or only wraps it (``osprofiler.profiler.trace``) cannot be
    seen here, so REV303 does not judge what it decorates."""
    parts = callee.split(".")
    suffixes = view.index.module_suffixes
    return not any(".".join(parts[:end]) in suffixes for end in range(1, len(parts)))


def _ignored(callee: str, patterns: Tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(callee, pattern) for pattern in patterns)


def _definitions(ctx: FileContext) -> Dict[str, ast.AST]:
    """Qualified name → the ``def`` of each function of the file (the first of a name)."""
    found: Dict[str, ast.AST] = {}
    for info in ctx.functions:
        found.setdefault(info.qualname, info.node)
    return found


@check(INCONSISTENT_REGISTRATION, on=(ast.Module,))
def registered_signature_differs(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV303."""
    view = project.view(ctx)
    if view is None or view.is_test:  # tests register stand-ins with whatever parameters they probe
        return
    fresh = fresh_registrations(view)
    wrappers = _wrappers(view) if any(item.how == "decorator" for item in fresh) else set()
    reported = set()
    for registration in fresh:
        key = (registration.callee, registration.function)
        if key in reported or _skipped(view, registration, wrappers):
            continue
        reported.add(key)
        found = _differs(view, fresh, registration)
        node = _definitions(ctx).get(registration.function) if found else None
        if found and node is not None:
            count, total, majority = found
            yield ctx.violation(
                INCONSISTENT_REGISTRATION, node, func=repr(registration.function),
                params=shown(compared_params(registration)), count=count, total=total,
                callee=registration.callee, majority=shown(majority),
            )


def _differs(
    view: ProjectView, fresh: List[Registration], registration: Registration,
) -> Optional[Tuple[int, int, Params]]:
    """(majority count, total, majority parameters) when the function differs from a strict majority."""
    votes = Counter(registered_functions(view, fresh, registration.callee).values())
    total = sum(votes.values())
    if total < REGISTRATION_MIN:
        return None
    majority, count = votes.most_common(1)[0]
    if count * 2 <= total or compared_params(registration) == majority:
        return None
    return count, total, majority
