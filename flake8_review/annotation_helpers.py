"""Pure helpers of the REV2 checks: a function's signature model and the type suggestions.

Nothing here reports. The checks in :mod:`flake8_review.checkers.annotations`
build one :class:`Signature` per function (phase one) and classify it with the
settings (phase two), in the manner of flake8-annotations.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence, Union

FunctionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef]
Resolve = Callable[[ast.AST], str]

POSITIONAL = "positional"  # positional-only or positional-or-keyword
VARARG = "vararg"  # *args
KEYWORD = "keyword"  # keyword-only
KWARG = "kwarg"  # **kwargs

_ABSTRACT = frozenset({"abstractmethod", "abstractproperty", "abstractclassmethod", "abstractstaticmethod"})
_LITERAL_TYPES = {bool: "bool", int: "int", float: "float", complex: "complex", str: "str", bytes: "bytes"}
_NUMBER_TYPES = (int, float, complex)

#: builtins whose result is always a bool (unless the module rebinds the name)
BOOL_BUILTINS = frozenset({"isinstance", "issubclass", "callable", "hasattr", "bool"})
ANY_NAMES = frozenset({"typing.Any", "typing_extensions.Any"})
_LITERAL_NAMES = frozenset({"typing.Literal", "typing_extensions.Literal"})
_ANNOTATED_NAMES = frozenset({"typing.Annotated", "typing_extensions.Annotated"})
_EXIT_CALLS = frozenset({"sys.exit", "os._exit", "os.abort"})
#: string annotations longer than this, or nested deeper, are not parsed (cheap and safe)
_MAX_STRING_ANNOTATION = 1000
_MAX_STRING_DEPTH = 3

_MatchType: type | None = getattr(ast, "Match", None)  # Python 3.10+
_TryStarType: type | None = getattr(ast, "TryStar", None)  # Python 3.11+
_TRY_TYPES: tuple[type, ...] = (ast.Try,) + ((_TryStarType,) if _TryStarType else ())


@dataclass(frozen=True)
class Param:
    """One parameter of a function, as the annotation checks see it."""

    node: ast.arg
    kind: str  # POSITIONAL, VARARG, KEYWORD or KWARG
    default: ast.expr | None
    exempt: bool  # the implicit first parameter of a method (self, cls, whatever its name)

    @property
    def name(self) -> str:
        """The parameter's name without stars."""
        return self.node.arg

    @property
    def label(self) -> str:
        """The name as written in the signature: ``x``, ``*args`` or ``**kwargs``."""
        stars = {VARARG: "*", KWARG: "**"}.get(self.kind, "")
        return stars + self.node.arg

    @property
    def annotated(self) -> bool:
        """Whether the parameter carries an annotation."""
        return self.node.annotation is not None


@dataclass(frozen=True)
class Signature:
    """What REV201-REV208 need to know about one function, computed once."""

    node: FunctionNode
    params: tuple[Param, ...]
    is_method: bool  # defined directly in a class body
    is_nested: bool  # defined directly in a function's body
    is_overload: bool
    is_abstract: bool

    @property
    def name(self) -> str:
        """The function's own name."""
        return self.node.name

    @property
    def visibility(self) -> str:
        """``special`` (``__x__``), ``private`` (``_x``) or ``public``, by the function's own name."""
        return name_visibility(self.node.name)

    @property
    def untyped(self) -> bool:
        """No annotation anywhere: not on any parameter (the exempt one included), not on the return."""
        return self.node.returns is None and not any(p.annotated for p in self.params)

    def init_return_implied(self, mypy_init_return: bool) -> bool:
        """``__init__`` whose ``-> None`` mypy infers because some argument is annotated."""
        return mypy_init_return and self.node.name == "__init__" and any(p.annotated for p in self.params)

    def coverage(self, mypy_init_return: bool) -> tuple[int, int]:
        """(annotated slots, annotatable slots): every parameter but the exempt one, plus the return."""
        slots = [p for p in self.params if not p.exempt]
        annotated = sum(1 for p in slots if p.annotated)
        if self.node.returns is not None or self.init_return_implied(mypy_init_return):
            annotated += 1
        return annotated, len(slots) + 1


def name_visibility(name: str) -> str:
    """``special`` for ``__x__``, ``private`` for any other ``_x``, else ``public``."""
    if len(name) > 4 and name.startswith("__") and name.endswith("__"):
        return "special"
    if name.startswith("_"):
        return "private"
    return "public"


def build_signature(
    node: FunctionNode,
    decorators: Sequence[str],
    is_method: bool,
    is_nested: bool,
) -> Signature:
    """Model ``node``; ``decorators`` are the dotted callee texts of its decorators."""
    last_parts = {d.rsplit(".", 1)[-1] for d in decorators}
    args = node.args
    positional = [*args.posonlyargs, *args.args]
    first_default = len(positional) - len(args.defaults)
    exempt_first = is_method and "staticmethod" not in last_parts
    params: list[Param] = []
    for index, arg in enumerate(positional):
        default = args.defaults[index - first_default] if index >= first_default else None
        params.append(Param(arg, POSITIONAL, default, exempt_first and index == 0))
    if args.vararg is not None:
        params.append(Param(args.vararg, VARARG, None, False))
    for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults):
        params.append(Param(arg, KEYWORD, kw_default, False))
    if args.kwarg is not None:
        params.append(Param(args.kwarg, KWARG, None, False))
    return Signature(
        node=node,
        params=tuple(params),
        is_method=is_method,
        is_nested=is_nested,
        is_overload="overload" in last_parts,
        is_abstract=bool(last_parts & _ABSTRACT),
    )


# -- suggestions ----------------------------------------------------------------------


def literal_type(default: ast.expr | None) -> str:
    """The type of a literal default (``30`` → ``int``, ``-1.5`` → ``float``), ``''`` when not certain."""
    if isinstance(default, ast.JoinedStr):
        return "str"
    if (
        isinstance(default, ast.UnaryOp)
        and isinstance(default.op, (ast.USub, ast.UAdd))
        and isinstance(default.operand, ast.Constant)
    ):
        value = default.operand.value
        if isinstance(value, bool) or not isinstance(value, _NUMBER_TYPES):
            return ""  # -True is an int, but nobody writes that for an int parameter
        return _LITERAL_TYPES[type(value)]
    if isinstance(default, ast.Constant):
        return _LITERAL_TYPES.get(type(default.value), "")
    return ""


def is_stub_body(body: Sequence[ast.stmt]) -> bool:
    """A body that only declares: docstring, ``pass``, ``...`` or ``raise NotImplementedError``."""
    statements = list(body)
    if statements and _is_string_expr(statements[0]):
        statements = statements[1:]
    for statement in statements:
        if isinstance(statement, ast.Pass):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            if statement.value.value is Ellipsis:
                continue
        if isinstance(statement, ast.Raise) and _raises_not_implemented(statement):
            continue
        return False
    return True


def _is_string_expr(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _raises_not_implemented(statement: ast.Raise) -> bool:
    exc = statement.exc
    if isinstance(exc, ast.Call):
        exc = exc.func
    return isinstance(exc, ast.Name) and exc.id in ("NotImplementedError", "NotImplemented")


def is_bool_expr(node: ast.expr | None, bool_builtins: frozenset[str]) -> bool:
    """An expression that evaluates to a bool: ``True``, a comparison, ``not x``, ``isinstance(...)``."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, bool)
    if isinstance(node, ast.Compare):
        return True
    if isinstance(node, ast.UnaryOp):
        return isinstance(node.op, ast.Not)
    if isinstance(node, ast.BoolOp):
        return all(is_bool_expr(value, bool_builtins) for value in node.values)
    if isinstance(node, ast.IfExp):
        return is_bool_expr(node.body, bool_builtins) and is_bool_expr(node.orelse, bool_builtins)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id in bool_builtins
    return False


def _is_none(node: ast.expr | None) -> bool:
    return node is None or (isinstance(node, ast.Constant) and node.value is None)


@dataclass(frozen=True)
class Flow:
    """Just enough control flow to tell whether a block can run off its end."""

    resolve: Resolve
    has_break: Callable[[ast.AST], bool]  # does this loop contain a break of its own?

    def block_ends(self, statements: Sequence[ast.stmt]) -> bool:
        """True when control certainly never runs off the end of the block."""
        return any(self.statement_ends(statement) for statement in statements)

    def statement_ends(self, node: ast.stmt) -> bool:
        """True when control certainly never continues after ``node``."""
        if isinstance(node, (ast.Return, ast.Raise)):
            return True
        if isinstance(node, ast.If):
            return self.block_ends(node.body) and self.block_ends(node.orelse)
        if isinstance(node, (ast.With, ast.AsyncWith)):
            return self._with_ends(node)
        if isinstance(node, _TRY_TYPES):
            return self._try_ends(node)  # type: ignore[arg-type]
        if isinstance(node, ast.While):
            return self._while_ends(node)
        if isinstance(node, (ast.For, ast.AsyncFor)):
            return self.block_ends(node.orelse) and not self.has_break(node)
        if _MatchType is not None and isinstance(node, _MatchType):
            return self._match_ends(node)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            return self.resolve(node.value.func) in _EXIT_CALLS
        return False

    def _with_ends(self, node: ast.With | ast.AsyncWith) -> bool:
        """A ``with`` block ends as its body does, unless its context manager swallows the exception."""
        # contextlib.suppress, pytest.raises, assertRaises swallow the exception ending the body
        swallowing = any(
            word in self.resolve(item.context_expr).lower()
            for item in node.items
            for word in ("suppress", "raises")
        )
        return not swallowing and self.block_ends(node.body)

    def _while_ends(self, node: ast.While) -> bool:
        """A ``while`` loop never left by ``break`` that is endless or whose ``else`` ends."""
        endless = isinstance(node.test, ast.Constant) and bool(node.test.value)
        return (endless or self.block_ends(node.orelse)) and not self.has_break(node)

    def _try_ends(self, node: ast.Try) -> bool:
        if self.block_ends(node.finalbody):
            return True
        normal = self.block_ends(node.body) or self.block_ends(node.orelse)
        return normal and all(self.block_ends(handler.body) for handler in node.handlers)

    def _match_ends(self, node: ast.AST) -> bool:
        cases = node.cases  # type: ignore[attr-defined]
        if not cases:
            return False
        last = cases[-1]
        wildcard = (
            last.guard is None
            and type(last.pattern).__name__ == "MatchAs"
            and last.pattern.pattern is None
        )
        return wildcard and all(self.block_ends(case.body) for case in cases)


def suggest_return(
    sig: Signature,
    returns: Sequence[ast.Return],
    is_generator: bool,
    flow: Flow,
    bool_builtins: frozenset[str],
) -> str:
    """The return type when it is evident (``None`` or ``bool``), else ``''``."""
    node = sig.node
    if is_generator or sig.is_overload:
        return ""
    if node.name == "__init__":
        return "None"  # Python raises TypeError when __init__ returns anything else
    if sig.is_abstract or is_stub_body(node.body):
        return ""  # a declaration: what overrides will return is anybody's guess
    values = [r.value for r in returns]
    if all(_is_none(value) for value in values):
        if not returns and flow.block_ends(node.body):
            return ""  # never returns normally (always raises or loops forever): NoReturn, not None
        return "None"
    if all(is_bool_expr(value, bool_builtins) for value in values) and flow.block_ends(node.body):
        return "bool"
    return ""


# -- typing.Any ------------------------------------------------------------------------


def iter_any(annotation: ast.expr, resolve: Resolve) -> Iterator[ast.AST]:
    """Every use of ``typing.Any`` in an annotation, as the node to report at.

    String annotations (whole or nested, ``list["Any"]``) are parsed, never
    evaluated; an ``Any`` inside one is reported at the string. ``Literal[...]``
    values and ``Annotated[...]`` metadata are not types and are skipped.
    """
    stack: list[tuple[ast.AST, ast.AST | None, int]] = [(annotation, None, 0)]
    while stack:
        node, anchor, depth = stack.pop()
        if isinstance(node, (ast.Name, ast.Attribute)):
            if resolve(node) in ANY_NAMES:
                yield anchor or node
            continue
        stack.extend(reversed(_annotation_parts(node, anchor, depth, resolve)))


def _annotation_parts(
    node: ast.AST, anchor: ast.AST | None, depth: int, resolve: Resolve
) -> list[tuple[ast.AST, ast.AST | None, int]]:
    """The parts of an annotation node that may name types, each with its anchor and string depth."""
    if not isinstance(node, ast.Constant):
        return [(child, anchor, depth) for child in _type_children(node, resolve)]
    if not isinstance(node.value, str) or depth >= _MAX_STRING_DEPTH:
        return []
    parsed = parse_string_annotation(node.value)
    return [] if parsed is None else [(parsed, anchor or node, depth + 1)]


def _type_children(node: ast.AST, resolve: Resolve) -> list[ast.AST]:
    """The children of an annotation node, less ``Literal`` values and ``Annotated`` metadata."""
    if isinstance(node, ast.Subscript):
        origin = resolve(node.value)
        if origin in _LITERAL_NAMES:
            return []
        if origin in _ANNOTATED_NAMES:
            inner = node.slice
            return [inner.elts[0]] if isinstance(inner, ast.Tuple) and inner.elts else [inner]
    return list(ast.iter_child_nodes(node))


def parse_string_annotation(text: str) -> ast.expr | None:
    """The expression of a string annotation, ``None`` when it is not one (never evaluated)."""
    text = text.strip()
    if not text or len(text) > _MAX_STRING_ANNOTATION:
        return None
    try:
        return ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def format_percent(numerator: int, denominator: int) -> str:
    """``numerator / denominator`` as a percentage rounded down to a tenth: ``37.5``, ``40``."""
    tenths = numerator * 1000 // denominator
    whole, tenth = divmod(tenths, 10)
    return f"{whole}.{tenth}" if tenth else str(whole)
