"""REV705's cognitive complexity on the whitepaper's worked examples, increment by increment.

G. Ann Campbell, "Cognitive Complexity: A new way of measuring understandability"
(SonarSource, 2018), translated to Python. Each case lists the increments the
paper gives, as ``(line in the snippet, points, reason)``; a line's points are 1
plus the nesting depth for structures that nest, 1 flat for ``elif``/``else`` and
boolean operator sequences.

Where our figures differ from the ``cognitive_complexity`` package (1.3.0, used by
flake8-cognitive-complexity), ours follow the paper and SonarSource's Python analyzer:

- ``elif``: the package scores an ``elif`` as an ``if`` nested in the ``else``
  (1 + nesting + 1, growing along the chain) and cannot tell it from ``else: if``;
  we score it 1 flat, like the paper's ``else if``. Long ``elif`` chains are where
  the figures differ most (``json.encoder._make_iterencode``: 125 there, 108 here).
- ``try``/``else``: the package ignores it; we score it 1 like every ``else``.
- boolean operators: the package scores every ``and``/``or`` node, so
  ``a and (b and c)`` is 2 there and ``a or b and c or d`` is 2; we score each
  change of operator in the sequence read left to right: 1 and 3.
- recursion: the package adds 1 for a call of the function's bare name; we add 1
  per function in a recursion cycle: direct, through ``self``, or a cycle of
  module-level functions (the paper's "each method in a recursion cycle").
- decorators: the package measures a function whose body is ``def`` + ``return``
  as its inner function only; we count the wrapper for the decorator without
  deeper nesting (SonarSource's reading), and report only the outermost function,
  whereas flake8-cognitive-complexity also reports each nested function again.
- ``match``: unknown to the package; we score it like the paper's ``switch``.
"""

from __future__ import annotations

import ast
import inspect
import sys
import textwrap
from typing import List, Tuple

import pytest

from flake8_review.complexity import cyclic_nodes, explain_complexity, function_measures, operator_sequences
from flake8_review.context import FileContext
from flake8_review.options import Settings

Increments = List[Tuple[int, int, str]]


def _context(source: str) -> FileContext:
    source = textwrap.dedent(source)
    return FileContext(ast.parse(source), source.splitlines(True), "module.py", Settings())


def _explain(source: str, name: str) -> Tuple[int, Increments]:
    ctx = _context(source)
    for info in ctx.functions:
        if info.qualname == name:
            complexity = function_measures(ctx)[info.node].complexity
            assert complexity is not None, f"{name} is not a unit"
            return complexity, explain_complexity(ctx, info.node)
    raise AssertionError(f"no function {name}")


SUM_OF_PRIMES = """
def sum_of_primes(maximum):
    total = 0
    for i in range(1, maximum + 1):
        for j in range(2, i):
            if i % j == 0:
                break
        else:
            total += i
    return total
"""

GET_WORDS_CHAIN = """
def get_words(number):
    if number == 1:
        return "one"
    elif number == 2:
        return "a couple"
    elif number == 3:
        return "a few"
    else:
        return "lots"
"""

TRY_CATCH = """
def my_method(condition1, condition2):
    try:
        if condition1:
            for i in range(10):
                while condition2:
                    pass
    except (TypeError, ValueError):
        if condition2:
            pass
"""

LAMBDA_NESTING = """
def my_method2(condition1):
    runnable = lambda: 1 if condition1 else 0
    return runnable
"""

NESTED_METHOD = """
def my_method2(condition1, run):
    def runnable():
        if condition1:
            return 1
    run(runnable)
"""

OPERATORS = """
def check(a, b, c, d, e, f):
    if a and b and c or d or e and f:
        return True
    return a and not (b and c)
"""

OVERRIDDEN_SYMBOL_FROM = """
class MethodSymbol:
    def overridden_symbol_from(self, class_type):
        if class_type.is_unknown():
            return UNKNOWN
        unknown_found = False
        symbols = class_type.symbol.members().lookup(self.name)
        for override_symbol in symbols:
            if (override_symbol.is_kind(MTH)
                    and not override_symbol.is_static()):
                method_symbol = override_symbol
                if self.can_override(method_symbol):
                    overriding = self.check_overriding_parameters(method_symbol, class_type)
                    if overriding is None:
                        if not unknown_found:
                            unknown_found = True
                    elif overriding:
                        return method_symbol
        if unknown_found:
            return UNKNOWN
        return None
"""

RECURSION = """
def factorial(n):
    if n <= 1:
        return 1
    return n * factorial(n - 1)
"""


@pytest.mark.parametrize(
    ("source", "name", "total", "increments"),
    [
        pytest.param(SUM_OF_PRIMES, "sum_of_primes", 7, [
            (4, 1, "for"),     # the outer loop
            (5, 2, "for"),     # nested once
            (6, 3, "if"),      # nested twice
            (9, 1, "else"),    # the loop's else: Python's way to say the paper's `continue OUT`
        ], id="sumOfPrimes"),
        pytest.param(GET_WORDS_CHAIN, "get_words", 4, [
            (3, 1, "if"), (5, 1, "elif"), (7, 1, "elif"), (10, 1, "else"),  # flat: no nesting
        ], id="getWords-as-if-chain"),
        pytest.param(TRY_CATCH, "my_method", 9, [
            (4, 1, "if"),       # try adds no nesting
            (5, 2, "for"),
            (6, 3, "while"),
            (8, 1, "except"),   # one catch, whatever it catches
            (9, 2, "if"),       # nested in the except
        ], id="try-catch-nesting"),
        pytest.param(LAMBDA_NESTING, "my_method2", 2, [
            (3, 2, "ternary"),  # the lambda adds a nesting level, not points
        ], id="lambda-nesting"),
        pytest.param(NESTED_METHOD, "my_method2", 2, [
            (4, 2, "if"),       # the nested function adds a nesting level
        ], id="nested-function"),
        pytest.param(OPERATORS, "check", 6, [
            (3, 1, "if"),
            (3, 3, "boolean operators"),  # and ... or ... and: three sequences
            (5, 1, "boolean operators"),  # a and ...
            (5, 1, "boolean operators"),  # (b and c) under `not` starts a new expression
        ], id="boolean-operator-sequences"),
        pytest.param(OVERRIDDEN_SYMBOL_FROM, "MethodSymbol.overridden_symbol_from", 19, [
            (4, 1, "if"),
            (8, 1, "for"),
            (9, 2, "if"),
            (9, 1, "boolean operators"),
            (12, 3, "if"),
            (14, 4, "if"),
            (15, 5, "if"),
            (17, 1, "elif"),
            (19, 1, "if"),
        ], id="overriddenSymbolFrom"),
        pytest.param(RECURSION, "factorial", 2, [
            (3, 1, "if"),
            (2, 1, "recursion"),  # once per function in a recursion cycle
        ], id="recursion"),
    ],
)
def test_whitepaper_examples(source: str, name: str, total: int, increments: Increments) -> None:
    """The figure and every increment match the paper's reasoning."""
    complexity, explained = _explain(source, name)
    assert complexity == total
    assert sorted(explained) == sorted(increments)
    assert sum(points for _, points, _ in explained) == total


@pytest.mark.skipif(sys.version_info < (3, 10), reason="match needs Python 3.10")
def test_get_words_as_match_is_one() -> None:
    """The paper's switch example: one increment for the whole switch, cases add none."""
    source = """
    def get_words(number):
        match number:
            case 1:
                return "one"
            case 2:
                return "a couple"
            case 3:
                return "a few"
            case _:
                return "lots"
    """
    assert _explain(source, "get_words") == (1, [(3, 1, "match")])


def test_decorator_wrapper_keeps_the_nesting() -> None:
    """A function that only defines and returns a wrapper does not push the wrapper deeper."""
    source = '''
    import functools

    def retry(func):
        """Retry once."""
        @functools.wraps(func)
        def wrapper(*args):
            try:
                return func(*args)
            except OSError:
                return func(*args)
        return wrapper
    '''
    assert _explain(source, "retry") == (1, [(10, 1, "except")])


def test_cycles_through_self_and_module_functions() -> None:
    """Every function on a cycle gets one increment; callers outside the cycle get none."""
    source = """
    def ping(n):
        return pong(n)

    def pong(n):
        return ping(n)

    def caller(n):
        return ping(n)

    class Walker:
        def visit(self, node):
            return self.visit_children(node)

        def visit_children(self, node):
            return [self.visit(child) for child in node]

        def other(self):
            return self.visit(None)
    """
    ctx = _context(source)
    figures = {info.qualname: function_measures(ctx)[info.node].complexity for info in ctx.functions}
    assert figures == {
        "ping": 1, "pong": 1, "caller": 0,
        "Walker.visit": 1, "Walker.visit_children": 1, "Walker.other": 0,
    }


def test_nested_functions_count_for_their_unit_only() -> None:
    """A nested function has statements and nesting of its own, but no complexity figure."""
    ctx = _context("""
    def outer():
        def inner():
            if True:
                return 1
        return inner
    """)
    measures = function_measures(ctx)
    outer, inner = (info.node for info in ctx.functions)
    assert (measures[outer].complexity, measures[inner].complexity) == (1, None)  # a wrapper: not deeper
    assert (measures[outer].statements, measures[inner].statements) == (2, 2)


@pytest.mark.parametrize(("expression", "expected"), [
    ("a and b", 1),
    ("a and b and c", 1),
    ("a and (b and c)", 1),
    ("a and b or c", 2),
    ("a or b and c or d", 3),
    ("(a or b) and (c or d)", 3),
])
def test_operator_sequences(expression: str, expected: int) -> None:
    """One point per run of like operators, read left to right through parentheses."""
    node = ast.parse(expression, mode="eval").body
    assert isinstance(node, ast.BoolOp)
    assert operator_sequences(node) == expected


def test_cyclic_nodes() -> None:
    """Self-loops and strongly connected components of two or more; a chain is no cycle."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}, "e": {"a"}, "f": set(), "g": {"missing"}}
    assert cyclic_nodes(graph) == {"a", "b", "c", "d"}


def test_deep_code_needs_no_recursion() -> None:
    """Long elif chains and operand lists are walked without Python recursion."""
    chain = "".join(f"    elif x == {i}:\n        pass\n" for i in range(300))
    operands = " and ".join(f"a{i}" for i in range(300))
    source = f"def f(x):\n    if x:\n        pass\n{chain}    return {operands}\n"
    tree = ast.parse(source)
    ctx = FileContext(tree, source.splitlines(True), "deep.py", Settings())
    assert ctx.index is not None  # the shared walk is built first, as flake8 would
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 50)
    try:
        measure = function_measures(ctx)[ctx.functions[0].node]
    finally:
        sys.setrecursionlimit(limit)
    assert measure.complexity == 1 + 300 + 1
    assert measure.statements == 2 + 300 + 1
