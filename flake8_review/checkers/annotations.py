"""REV2 type hints and annotations.

Reports functions and methods whose parameters or return lack annotations, in
the manner of flake8-annotations and mypy's ``--disallow-untyped-defs`` /
``--disallow-incomplete-defs``, suggesting the type where the code makes it
evident; opt-in checks report ``typing.Any`` and a module's annotation coverage
below a threshold. Whether the annotations are *correct* is left to a type checker.
"""

from __future__ import annotations

import ast
from typing import Iterator
from weakref import WeakKeyDictionary

from flake8_review.annotation_helpers import (
    ANY_NAMES,
    BOOL_BUILTINS,
    KWARG,
    VARARG,
    Flow,
    Signature,
    build_signature,
    format_percent,
    iter_any,
    literal_type,
    suggest_return,
)
from flake8_review.context import FUNCTION_TYPES, FileContext, FunctionNode, Violation
from flake8_review.engine import BaseChecker, check
from flake8_review.options import Settings
from flake8_review.registry import internal_error_rule, rule

INTERNAL_ERROR = internal_error_rule("REV2", "annotations")

_UNTYPED_OPTIONS = ("--review-allow-untyped-defs", "--review-allow-untyped-nested")

MISSING_ARGUMENT_ANNOTATION = rule(
    code="REV201",
    name="missing-argument-annotation",
    message="argument {name!r} has no type annotation{hint}",
    summary=(
        "Checks for function and method arguments without a type annotation. The first "
        "argument of a method (`self`, `cls`, whatever its name) is exempt, except in a "
        "staticmethod. When a literal default makes the type evident, the message suggests it."
    ),
    why=(
        "An annotation tells callers what to pass, lets editors complete and navigate, and lets "
        "a type checker catch a wrong call before it runs. To mypy an unannotated argument is "
        "`Any`, so nothing done with it inside the function is checked either."
    ),
    bad="def connect(host, timeout=30) -> None:\n    ...\n",
    good="def connect(host: str, timeout: int = 30) -> None:\n    ...\n",
    options=(*_UNTYPED_OPTIONS, "--review-suppress-dummy-args"),
    see_also=("flake8-annotations ANN001", "mypy --disallow-untyped-defs", "mypy --disallow-incomplete-defs"),
)

MISSING_ARGS_ANNOTATION = rule(
    code="REV202",
    name="missing-star-args-annotation",
    message="argument {name!r} has no type annotation",
    summary="Checks for a `*args` parameter without a type annotation.",
    why=(
        "The annotation of `*args` is the type of each extra positional argument "
        "(`*names: str`). Without it, callers can pass anything and the body gets a tuple of "
        "`Any`, so mistakes on either side go unnoticed."
    ),
    bad="def log_all(message: str, *args) -> None:\n    ...\n",
    good="def log_all(message: str, *args: object) -> None:\n    ...\n",
    options=(*_UNTYPED_OPTIONS, "--review-suppress-dummy-args"),
    see_also=("flake8-annotations ANN002", "mypy --disallow-incomplete-defs"),
)

MISSING_KWARGS_ANNOTATION = rule(
    code="REV203",
    name="missing-star-kwargs-annotation",
    message="argument {name!r} has no type annotation",
    summary="Checks for a `**kwargs` parameter without a type annotation.",
    why=(
        "The annotation of `**kwargs` is the type of each keyword argument's value "
        "(`**labels: str`). Without it, a misspelt or mistyped keyword argument is accepted "
        "silently and the body works with a dict of `Any`."
    ),
    bad="def create(name: str, **fields) -> None:\n    ...\n",
    good="def create(name: str, **fields: str) -> None:\n    ...\n",
    options=(*_UNTYPED_OPTIONS, "--review-suppress-dummy-args"),
    see_also=("flake8-annotations ANN003", "mypy --disallow-incomplete-defs"),
)

_RETURN_WHY = (
    "The return annotation is the half of a signature callers rely on most: without it a type "
    "checker treats the result as `Any` and stops checking wherever the value goes next. When "
    "the body makes the type evident (only bare returns: `-> None`; only comparisons or "
    "`True`/`False`: `-> bool`), the message suggests it."
)

MISSING_PUBLIC_RETURN = rule(
    code="REV204",
    name="missing-public-return-annotation",
    message="public {kind} {name!r} has no return annotation{hint}",
    summary="Checks for public functions and methods (no leading underscore) without a return annotation.",
    why=_RETURN_WHY,
    bad="def load(path: str):\n    with open(path) as stream:\n        return stream.read()\n",
    good="def load(path: str) -> str:\n    with open(path) as stream:\n        return stream.read()\n",
    options=_UNTYPED_OPTIONS,
    see_also=("flake8-annotations ANN201", "mypy --disallow-untyped-defs", "mypy --disallow-incomplete-defs"),
)

MISSING_PRIVATE_RETURN = rule(
    code="REV205",
    name="missing-private-return-annotation",
    message="private {kind} {name!r} has no return annotation{hint}",
    summary=(
        "Checks for private functions and methods (`_name`, `__name`) without a return "
        "annotation; whether a function is private is decided by its own name only."
    ),
    why=(
        _RETURN_WHY
        + " It has its own code so that a project can require annotations on its public API "
        "first and `--extend-ignore REV205` until the internals follow."
    ),
    bad="def _words(text: str):\n    return text.split()\n",
    good="def _words(text: str) -> list[str]:\n    return text.split()\n",
    options=_UNTYPED_OPTIONS,
    see_also=("flake8-annotations ANN202", "mypy --disallow-untyped-defs"),
)

MISSING_SPECIAL_RETURN = rule(
    code="REV206",
    name="missing-special-return-annotation",
    message="special {kind} {name!r} has no return annotation{hint}",
    summary=(
        "Checks for special (`__name__`) methods and functions without a return annotation. "
        "By default, like mypy, `__init__` needs none when any of its arguments is annotated."
    ),
    why=(
        "Special methods are called by the language (`len(x)`, `x == y`, `with x:`), so their "
        "return types decide what whole expressions evaluate to. mypy infers `-> None` for an "
        "`__init__` with an annotated argument, which is why `--review-mypy-init-return` (on by "
        "default) exempts that case; `--review-no-mypy-init-return` asks for `-> None` everywhere."
    ),
    bad=(
        "class Basket:\n    def __init__(self, items: list[str]) -> None:\n        self.items = items\n\n"
        "    def __len__(self):\n        return len(self.items)\n"
    ),
    good=(
        "class Basket:\n    def __init__(self, items: list[str]) -> None:\n        self.items = items\n\n"
        "    def __len__(self) -> int:\n        return len(self.items)\n"
    ),
    options=(*_UNTYPED_OPTIONS, "--review-mypy-init-return", "--review-no-mypy-init-return"),
    see_also=("flake8-annotations ANN204", "mypy --disallow-untyped-defs"),
)

ANY_ANNOTATION = rule(
    code="REV207",
    name="any-annotation",
    message="{kind} {name!r} uses typing.Any",
    summary=(
        "Checks for `typing.Any` in parameter and return annotations, one finding per `Any` "
        "(inside `dict[str, Any]` and string annotations too). Variable annotations are not checked."
    ),
    why=(
        "`Any` turns type checking off for everything it touches, and it spreads: whatever a "
        "function returning `Any` feeds is unchecked too. Usually something better says what is "
        "meant: `object` for a value that is only passed along, a precise type, a `TypeVar`, a "
        "`Protocol` or a `TypedDict`. Off by default because some code genuinely needs `Any`."
    ),
    bad="from typing import Any\n\n\ndef parse(payload: dict[str, Any]) -> Any:\n    ...\n",
    good="def parse(payload: dict[str, object]) -> dict[str, str]:\n    ...\n",
    default_enabled=False,
    see_also=("flake8-annotations ANN401", "mypy --disallow-any-explicit"),
)

LOW_ANNOTATION_COVERAGE = rule(
    code="REV208",
    name="low-annotation-coverage",
    message=(
        "module annotation coverage {coverage}% is below {threshold}% "
        "({annotated} of {slots} parameters and returns annotated)"
    ),
    summary=(
        "Checks that the share of annotated parameters and returns over all the module's "
        "functions reaches `--review-min-annotation-coverage` percent (one finding at line 1). "
        "Silent while the threshold is 0, its default."
    ),
    why=(
        "Annotating a legacy code base happens module by module. A coverage floor lets a team "
        "ratchet it up without a finding for every parameter: raise the threshold as modules "
        "improve and no module can slide back. Every parameter except a method's `self`/`cls` "
        "counts, plus one return per function; `typing.overload` stubs do not count."
    ),
    bad="def area(width, height):\n    return width * height\n",
    good="def area(width: float, height: float) -> float:\n    return width * height\n",
    options=("--review-min-annotation-coverage", "--review-mypy-init-return"),
    see_also=("mypy --html-report (type precision)", "interrogate (the same idea for docstrings)"),
    example_options=("--review-min-annotation-coverage=100",),
)

_RETURN_RULES = {
    "public": MISSING_PUBLIC_RETURN,
    "private": MISSING_PRIVATE_RETURN,
    "special": MISSING_SPECIAL_RETURN,
}
_STAR_RULES = {VARARG: MISSING_ARGS_ANNOTATION, KWARG: MISSING_KWARGS_ANNOTATION}

#: per-file facts, built on first use and shared by the handlers; nothing in them refers back
#: to the context, so each entry dies with its FileContext
_FACTS: WeakKeyDictionary[FileContext, _FileFacts] = WeakKeyDictionary()


class _FileFacts:
    """Per-file facts: every function's signature model, and what the suggestions need."""

    def __init__(self) -> None:
        self.signatures: dict[ast.AST, Signature] = {}
        self.returns: dict[ast.AST, list[ast.Return]] | None = None
        self.generators: set[ast.AST] | None = None
        self.loops_with_break: set[ast.AST] | None = None
        self.bool_builtins: frozenset[str] | None = None
        self.may_use_any: bool | None = None


def _facts(ctx: FileContext) -> _FileFacts:
    facts = _FACTS.get(ctx)
    if facts is None:
        facts = _FACTS[ctx] = _FileFacts()
    return facts


def signature(node: FunctionNode, ctx: FileContext) -> Signature:
    """The signature model of a function, built once per file and shared by the handlers."""
    signatures = _facts(ctx).signatures
    sig = signatures.get(node)
    if sig is None:
        info = ctx.function_info[node]
        nested = isinstance(ctx.scope(node), FUNCTION_TYPES + (ast.Lambda,))
        sig = signatures[node] = build_signature(node, info.decorators, info.is_method, nested)
    return sig


def _return_suggestion(sig: Signature, ctx: FileContext) -> str:
    """``None``, ``bool`` or ``''``: what the function's body says it returns, when certain."""
    facts = _facts(ctx)
    if facts.returns is None:
        returns: dict[ast.AST, list[ast.Return]] = {}
        for node in ctx.nodes(ast.Return):
            returns.setdefault(ctx.scope(node), []).append(node)  # type: ignore[arg-type]
        facts.returns = returns
        facts.generators = {ctx.scope(node) for node in ctx.nodes(ast.Yield, ast.YieldFrom)}
    if facts.bool_builtins is None:
        bound = set(ctx.import_aliases)
        bound.update(
            node.name  # type: ignore[attr-defined]
            for node in ctx.nodes(ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
            if ctx.scope(node) is ctx.tree
        )
        facts.bool_builtins = BOOL_BUILTINS - bound
    flow = Flow(resolve=ctx.resolve, has_break=lambda loop: _has_break(loop, ctx))
    is_generator = sig.node in facts.generators  # type: ignore[operator]
    return suggest_return(sig, facts.returns.get(sig.node, ()), is_generator, flow, facts.bool_builtins)


def _has_break(loop: ast.AST, ctx: FileContext) -> bool:
    """Whether a ``break`` of the loop's own leaves it."""
    facts = _facts(ctx)
    if facts.loops_with_break is None:
        loops: set[ast.AST] = set()
        for node in ctx.nodes(ast.Break):
            child: ast.AST = node
            for up in ctx.ancestors(node):
                # a break in a loop's else clause leaves the enclosing loop, not this one
                if isinstance(up, (ast.For, ast.AsyncFor, ast.While)) and not any(
                    child is statement for statement in up.orelse
                ):
                    loops.add(up)
                    break
                child = up
        facts.loops_with_break = loops
    return loop in facts.loops_with_break


def _may_use_any(ctx: FileContext) -> bool:
    """Whether ``typing.Any`` can be named at all here: the module imports it or its module."""
    facts = _facts(ctx)
    if facts.may_use_any is None:
        modules = {name.rsplit(".", 1)[0] for name in ANY_NAMES}
        facts.may_use_any = any(
            origin in ANY_NAMES or origin in modules for origin in ctx.import_aliases.values()
        )
    return facts.may_use_any


def _hint(suggestion: str) -> str:
    return f" (looks like {suggestion})" if suggestion else ""


def _kind(sig: Signature) -> str:
    return "method" if sig.is_method else "function"


@check(
    MISSING_ARGUMENT_ANNOTATION,
    MISSING_ARGS_ANNOTATION,
    MISSING_KWARGS_ANNOTATION,
    MISSING_PUBLIC_RETURN,
    MISSING_PRIVATE_RETURN,
    MISSING_SPECIAL_RETURN,
    on=FUNCTION_TYPES,
)
def missing_annotations(node: FunctionNode, ctx: FileContext) -> Iterator[Violation]:
    """REV201, REV202, REV203, REV204, REV205, REV206."""
    sig = signature(node, ctx)
    if _skipped(sig, ctx.settings):
        return
    yield from _missing_argument_annotations(sig, ctx)
    if node.returns is not None or sig.init_return_implied(ctx.settings.mypy_init_return):
        return
    suggestion = _return_suggestion(sig, ctx)
    return_rule = _RETURN_RULES[sig.visibility]
    hint = _hint(f"-> {suggestion}" if suggestion else "")
    yield ctx.violation(return_rule, node, kind=_kind(sig), name=node.name, hint=hint)


def _skipped(sig: Signature, settings: Settings) -> bool:
    """Whether REV201-REV206 leave the whole function alone: an overload stub or an allowed untyped def."""
    if sig.is_overload:
        return True
    return sig.untyped and (settings.allow_untyped_defs or (sig.is_nested and settings.allow_untyped_nested))


def _missing_argument_annotations(sig: Signature, ctx: FileContext) -> Iterator[Violation]:
    """REV201, REV202 and REV203 for each parameter without an annotation."""
    for param in sig.params:
        if param.exempt or param.annotated:
            continue
        if ctx.settings.suppress_dummy_args and param.name.startswith("_"):
            continue
        star_rule = _STAR_RULES.get(param.kind)
        if star_rule is not None:
            yield ctx.violation(star_rule, param.node, name=param.label)
        else:
            hint = _hint(literal_type(param.default))
            yield ctx.violation(MISSING_ARGUMENT_ANNOTATION, param.node, name=param.name, hint=hint)


@check(ANY_ANNOTATION, on=FUNCTION_TYPES)
def any_annotation(node: FunctionNode, ctx: FileContext) -> Iterator[Violation]:
    """REV207."""
    if not _may_use_any(ctx):
        return
    sig = signature(node, ctx)
    if sig.is_overload:
        return
    for param in sig.params:
        if param.node.annotation is not None:
            for where in iter_any(param.node.annotation, ctx.resolve):
                yield ctx.violation(ANY_ANNOTATION, where, kind="annotation of argument", name=param.label)
    if node.returns is not None:
        for where in iter_any(node.returns, ctx.resolve):
            yield ctx.violation(ANY_ANNOTATION, where, kind="return annotation of", name=node.name)


@check(LOW_ANNOTATION_COVERAGE, on=(ast.Module,))
def low_annotation_coverage(node: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV208."""
    threshold = ctx.settings.min_annotation_coverage
    if threshold <= 0:
        return
    annotated = slots = 0
    for info in ctx.functions:
        sig = signature(info.node, ctx)
        if sig.is_overload:
            continue
        done, total = sig.coverage(ctx.settings.mypy_init_return)
        annotated += done
        slots += total
    if not slots or annotated * 100 >= threshold * slots:
        return
    yield ctx.violation(
        LOW_ANNOTATION_COVERAGE,
        None,
        coverage=format_percent(annotated, slots),
        threshold=threshold,
        annotated=annotated,
        slots=slots,
    )


class AnnotationsChecker(BaseChecker):
    """REV2: the flake8 entry point of the annotation checks."""

    prefix = "REV2"
    checker = "annotations"
