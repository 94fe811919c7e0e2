"""Per-function measures for REV704, REV705 and REV707, taken in one pass over each function.

Every function that is not nested in another one (a *unit*) is walked once,
nested definitions included, without recursion (long ``elif`` chains and
operator chains nest the AST deeply). The walk counts each function's
statements (REV704), finds the outermost compound statements deeper than the
nesting limit (REV707) and adds up the unit's cognitive complexity (REV705).

Cognitive complexity follows G. Ann Campbell's definition (SonarSource, 2018)
as SonarSource's Python analyzer applies it:

- ``if``, ternary, ``for``, ``while``, each ``except`` and ``match`` cost 1 plus
  the current nesting; ``elif`` and every ``else`` (of ``if``, loops and ``try``)
  cost 1 flat;
- each sequence of like boolean operators costs 1 (``a and b and c`` is 1,
  ``a and b or c`` is 2);
- bodies of ``if``/``elif``/``else``, loops, ``except``, ``match`` cases and
  ternary branches are one nesting level deeper; ``try``, ``finally`` and
  ``with`` bodies are not;
- nested functions and lambdas raise the nesting level and count for the unit;
  a decorator's wrapper (a def whose enclosing function only returns it)
  does not raise it, and a class body starts again at 0;
- each function in a recursion cycle costs 1: direct recursion, nested
  functions calling themselves, and cycles of module-level functions (by name)
  or of one class's methods (through ``self``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, List, Optional, Set, Tuple

from flake8_review.context import FileContext, FunctionInfo, FunctionNode, per_file

_TRY_TYPES: Tuple[type, ...] = tuple(
    node_type for node_type in (ast.Try, getattr(ast, "TryStar", None)) if node_type is not None
)
_MATCH = getattr(ast, "Match", None)

#: compound statements that open a block (REV707 levels), with the keyword shown in messages
COMPOUND_KEYWORDS: Dict[type, str] = {
    ast.If: "if",
    ast.For: "for",
    ast.AsyncFor: "async for",
    ast.While: "while",
    ast.With: "with",
    ast.AsyncWith: "async with",
    **{node_type: "try" for node_type in _TRY_TYPES},
    **({_MATCH: "match"} if _MATCH is not None else {}),
}


@dataclass
class FunctionMeasure:
    """What the walk found about one function."""

    node: FunctionNode
    statements: int = 0
    #: outermost compound statements deeper than the nesting limit, with their level
    deep: List[Tuple[ast.stmt, int]] = field(default_factory=list)
    #: cognitive complexity, for units only (a nested function counts for its unit)
    complexity: Optional[int] = None


@dataclass
class _Unit:
    """The running cognitive complexity of one unit and the calls it makes."""

    info: FunctionInfo
    complexity: int = 0
    self_name: str = ""
    calls: Set[Tuple[str, str]] = field(default_factory=set)


class _Frame:
    """The function (or class body) whose statements are being walked."""

    __slots__ = ("measure", "name", "recursive")

    def __init__(self, measure: Optional[FunctionMeasure], name: str) -> None:
        self.measure = measure  # None for a class body: its statements count for nobody
        self.name = name
        self.recursive = False


#: a statement waiting to be walked: (statement, frame, cognitive nesting, block level, already deep)
_Task = Tuple[ast.stmt, _Frame, int, int, bool]
#: where a statement sits: (its unit's walker, its frame, its cognitive nesting)
_Place = Tuple["_Walker", _Frame, int]


def is_docstring(statement: ast.stmt) -> bool:
    """An expression statement holding a string literal."""
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _body_without_docstring(body: List[ast.stmt]) -> List[ast.stmt]:
    return body[1:] if body and is_docstring(body[0]) else body


def _is_wrapper(outer: FunctionNode, inner: ast.stmt) -> bool:
    """``outer`` only defines ``inner`` and returns names: a decorator's wrapper keeps its nesting."""
    for statement in _body_without_docstring(outer.body):
        if statement is inner:
            continue
        if not (isinstance(statement, ast.Return) and isinstance(statement.value, ast.Name)):
            return False
    return True


def operator_sequences(node: ast.BoolOp) -> int:
    """Sequences of like operators in a boolean expression, read left to right through parentheses."""
    count = 0
    previous: Optional[type] = None
    stack: List[object] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.BoolOp):
            pieces: List[object] = []
            for position, value in enumerate(item.values):
                if position:
                    pieces.append(type(item.op))
                if isinstance(value, ast.BoolOp):
                    pieces.append(value)
            stack.extend(reversed(pieces))
        elif item is not previous:
            count += 1
            previous = item  # type: ignore[assignment]
    return count


class _Walker:
    """Walks the statements of one unit from a stack, recording where each one sits.

    Expressions are not walked here: :func:`_expression_increments` finds the few
    expression nodes that matter (boolean operators, ternaries, lambdas, calls) in the
    shared index and places each by its statement.
    """

    def __init__(
        self, info: FunctionInfo, limit: int, self_name: str, placement: Dict[ast.AST, _Place]
    ) -> None:
        self.limit = limit
        #: (line, points, reason) of every increment, when explaining a figure
        self.trace: Optional[List[Tuple[int, int, str]]] = None
        self.unit = _Unit(info, self_name=self_name)
        self.placement = placement
        self.measures: Dict[ast.AST, FunctionMeasure] = {}
        self.frames: List[_Frame] = []
        self.stack: List[_Task] = []

    def run(self) -> None:
        """Walk the unit's body and everything nested in it."""
        node = self.unit.info.node
        self.measures[node] = FunctionMeasure(node)
        self._body(node, _Frame(self.measures[node], node.name), 0)
        stack = self.stack
        handlers = _HANDLERS
        placement = self.placement
        limit = self.limit
        while stack:
            statement, frame, nesting, level, deep = stack.pop()
            placement[statement] = (self, frame, nesting)
            if frame.measure is not None:
                frame.measure.statements += 1
            statement_type = type(statement)
            if statement_type in COMPOUND_KEYWORDS:
                level += 1
                if level > limit and not deep:
                    deep = True
                    if frame.measure is not None:
                        frame.measure.deep.append((statement, level))
            handler = handlers.get(statement_type)
            if handler is not None:
                handler(self, statement, frame, nesting, level, deep)

    def _block(self, body: Iterable[ast.stmt], frame: _Frame, nesting: int, level: int, deep: bool) -> None:
        self.stack.extend((statement, frame, nesting, level, deep) for statement in reversed(list(body)))

    def _body(self, node: FunctionNode, frame: _Frame, nesting: int) -> None:
        self._block(_body_without_docstring(node.body), frame, nesting, 0, False)

    def add(self, points: int, node: ast.AST, reason: str) -> None:
        """Add ``points`` to the unit's complexity for ``node``."""
        self.unit.complexity += points
        if self.trace is not None:
            self.trace.append((getattr(node, "lineno", 0), points, reason))

    # -- statements -----------------------------------------------------------------------

    def _if(self, statement: ast.stmt, frame: _Frame, nesting: int, level: int, deep: bool) -> None:
        self.add(1 + nesting, statement, "if")
        node: ast.If = statement  # type: ignore[assignment]
        while True:
            self._block(node.body, frame, nesting + 1, level, deep)
            orelse = node.orelse
            if len(orelse) == 1 and isinstance(orelse[0], ast.If) and orelse[0].col_offset == node.col_offset:
                node = orelse[0]  # elif: flat increment, same level, part of the same statement
                self.placement[node] = (self, frame, nesting)
                self.add(1, node, "elif")
                continue
            if orelse:
                self.add(1, orelse[0], "else")
                self._block(orelse, frame, nesting + 1, level, deep)
            return

    def _loop(self, statement: ast.stmt, frame: _Frame, nesting: int, level: int, deep: bool) -> None:
        node: ast.For = statement  # type: ignore[assignment]
        self.add(1 + nesting, node, COMPOUND_KEYWORDS[type(node)])
        self._block(node.body, frame, nesting + 1, level, deep)
        if node.orelse:
            self.add(1, node.orelse[0], "else")
            self._block(node.orelse, frame, nesting + 1, level, deep)

    def _with(self, statement: ast.stmt, frame: _Frame, nesting: int, level: int, deep: bool) -> None:
        self._block(statement.body, frame, nesting, level, deep)  # type: ignore[attr-defined]

    def _try(self, statement: ast.stmt, frame: _Frame, nesting: int, level: int, deep: bool) -> None:
        node: ast.Try = statement  # type: ignore[assignment]
        self._block(node.body, frame, nesting, level, deep)
        for handler in node.handlers:
            self.add(1 + nesting, handler, "except")
            self._block(handler.body, frame, nesting + 1, level, deep)
        if node.orelse:
            self.add(1, node.orelse[0], "else")
            self._block(node.orelse, frame, nesting + 1, level, deep)
        self._block(node.finalbody, frame, nesting, level, deep)

    def _match(self, statement: ast.stmt, frame: _Frame, nesting: int, level: int, deep: bool) -> None:
        self.add(1 + nesting, statement, "match")
        for case in statement.cases:  # type: ignore[attr-defined]
            self._block(case.body, frame, nesting + 1, level, deep)

    def _function(self, statement: ast.stmt, frame: _Frame, nesting: int, level: int, deep: bool) -> None:
        node: FunctionNode = statement  # type: ignore[assignment]
        measure = self.measures[node] = FunctionMeasure(node)
        inner = _Frame(measure, node.name)
        if frame.measure is None:
            inner_nesting = 0  # a method of a class nested in the unit
        elif _is_wrapper(frame.measure.node, statement):
            inner_nesting = nesting
        else:
            inner_nesting = nesting + 1
        self.frames.append(inner)
        self._body(node, inner, inner_nesting)

    def _class(self, statement: ast.stmt, frame: _Frame, nesting: int, level: int, deep: bool) -> None:
        self._block(statement.body, _Frame(None, statement.name), 0, 0, False)  # type: ignore[attr-defined]

    def record_call(self, func: ast.expr, frame: _Frame) -> None:
        """Note a call for recursion: a nested function calling itself, module names, ``self`` methods."""
        if isinstance(func, ast.Name):
            nested = frame.measure is not None and frame.measure.node is not self.unit.info.node
            if nested and func.id == frame.name:
                frame.recursive = True
            else:
                self.unit.calls.add(("name", func.id))
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            if self.unit.self_name and func.value.id == self.unit.self_name:
                self.unit.calls.add(("self", func.attr))

    def finish(self) -> int:
        """The unit's complexity without cycles through other units."""
        return self.unit.complexity + sum(1 for frame in self.frames if frame.recursive)


_HANDLERS: Dict[type, Callable[..., None]] = {
    ast.If: _Walker._if,
    ast.For: _Walker._loop,
    ast.AsyncFor: _Walker._loop,
    ast.While: _Walker._loop,
    ast.With: _Walker._with,
    ast.AsyncWith: _Walker._with,
    ast.FunctionDef: _Walker._function,
    ast.AsyncFunctionDef: _Walker._function,
    ast.ClassDef: _Walker._class,
    **{node_type: _Walker._try for node_type in _TRY_TYPES},
    **({_MATCH: _Walker._match} if _MATCH is not None else {}),
}


def _place(ctx: FileContext, node: ast.AST, placement: Dict[ast.AST, _Place]) -> Optional[Tuple[_Place, int]]:
    """Where an expression node sits: its statement's place, and the nesting added by enclosing
    ternaries, lambda bodies and ``case`` guards; None outside the units."""
    parents = ctx.index.parents
    extra = 0
    child = node
    up = parents.get(node)
    while up is not None and not isinstance(up, ast.stmt):
        if isinstance(up, ast.IfExp):
            extra += 1
        elif isinstance(up, ast.Lambda):
            extra += child is up.body
        elif _MATCH is not None and isinstance(up, ast.match_case):  # type: ignore[attr-defined]
            extra += child is up.guard
        child = up
        up = parents.get(up)
    place = placement.get(up) if up is not None else None
    return (place, extra) if place is not None else None


def _expression_increments(ctx: FileContext, placement: Dict[ast.AST, _Place]) -> None:
    """Boolean operator sequences, ternaries and calls, found in the index and placed by statement."""
    parents = ctx.index.parents
    for node in ctx.nodes(ast.BoolOp):
        found = None if isinstance(parents.get(node), ast.BoolOp) else _place(ctx, node, placement)
        if found is not None:
            found[0][0].add(operator_sequences(node), node, "boolean operators")  # type: ignore[arg-type]
    for node in ctx.nodes(ast.IfExp):
        found = _place(ctx, node, placement)
        if found is not None:
            (walker, _, nesting), extra = found
            walker.add(1 + nesting + extra, node, "ternary")
    for node in ctx.nodes(ast.Call):
        func = node.func  # type: ignore[attr-defined]
        found = _place(ctx, node, placement) if _simple_callee(func) else None
        if found is not None:
            (walker, frame, _), _ = found
            walker.record_call(func, frame)


def _simple_callee(func: ast.expr) -> bool:
    """``name(...)`` or ``obj.name(...)``: the calls recursion can go through."""
    if isinstance(func, ast.Attribute):
        func = func.value
    return isinstance(func, ast.Name)


# -- recursion cycles between units ---------------------------------------------------------

def _unit_key(info: FunctionInfo) -> Tuple[object, str]:
    return (info.owner if info.owner is not None else "module", info.name)


def _call_graph(
    units: List[Tuple[FunctionInfo, _Unit]], module_functions: Set[str]
) -> Dict[object, Set[object]]:
    """Unit key → keys of the units it calls: module functions by name, same-class methods via ``self``."""
    graph: Dict[object, Set[object]] = {}
    for info, unit in units:
        edges = graph.setdefault(_unit_key(info), set())
        for kind, name in unit.calls:
            if kind == "name" and name in module_functions:
                edges.add(("module", name))
            elif kind == "self" and info.owner is not None:
                edges.add((info.owner, name))
    return graph


class _Components:
    """Tarjan's strongly connected components, with an explicit stack instead of recursion."""

    def __init__(self, graph: Dict[object, Set[object]]) -> None:
        self.graph = graph
        self.index: Dict[object, int] = {}
        self.low: Dict[object, int] = {}
        self.on_stack: Set[object] = set()
        self.stack: List[object] = []
        self.work: List[Tuple[object, List[object]]] = []
        self.cyclic: Set[object] = set()

    def visit(self, root: object) -> None:
        """Find the components reachable from ``root``."""
        self._enter(root)
        work = self.work
        while work:
            node, pending = work[-1]
            if not pending:
                self._leave(node)
                continue
            successor = pending.pop()
            if successor not in self.index:
                self._enter(successor)
            elif successor in self.on_stack:
                self.low[node] = min(self.low[node], self.index[successor])

    def _enter(self, node: object) -> None:
        self.index[node] = self.low[node] = len(self.index)
        self.stack.append(node)
        self.on_stack.add(node)
        self.work.append((node, [n for n in self.graph.get(node, ()) if n in self.graph]))

    def _leave(self, node: object) -> None:
        self.work.pop()
        if self.work:
            parent = self.work[-1][0]
            self.low[parent] = min(self.low[parent], self.low[node])
        if self.low[node] != self.index[node]:
            return
        component = []
        while True:
            member = self.stack.pop()
            self.on_stack.discard(member)
            component.append(member)
            if member == node:
                break
        if len(component) > 1 or node in self.graph.get(node, ()):
            self.cyclic.update(component)


def cyclic_nodes(graph: Dict[object, Set[object]]) -> Set[object]:
    """Nodes on a cycle: a self-loop, or a strongly connected component of two or more."""
    components = _Components(graph)
    for root in graph:
        if root not in components.index:
            components.visit(root)
    return components.cyclic


# -- the per-file fact ----------------------------------------------------------------------

def _self_name(info: FunctionInfo) -> str:
    if info.owner is None or info.is_staticmethod:
        return ""
    positional = [*info.node.args.posonlyargs, *info.node.args.args]
    return positional[0].arg if positional else ""


def _walk_units(ctx: FileContext, only: Optional[ast.AST] = None) -> List[_Walker]:
    """Walk every unit (or only one), then place the expression increments."""
    limit = ctx.settings.max_nesting
    placement: Dict[ast.AST, _Place] = {}
    walkers = []
    for info in ctx.functions:
        if info.nested or (only is not None and info.node is not only):
            continue
        walker = _Walker(info, limit, _self_name(info), placement)
        if only is not None:
            walker.trace = []
        walker.run()
        walkers.append(walker)
    _expression_increments(ctx, placement)
    return walkers


@per_file
def function_measures(ctx: FileContext) -> Dict[ast.AST, FunctionMeasure]:
    """Every function's measures; units (functions not nested in another) carry the complexity."""
    measures: Dict[ast.AST, FunctionMeasure] = {}
    walkers = _walk_units(ctx)
    for walker in walkers:
        measures.update(walker.measures)
    units = [(walker.unit.info, walker.unit) for walker in walkers]
    module_functions = {info.name for info, _ in units if info.owner is None}
    cyclic = cyclic_nodes(_call_graph(units, module_functions))
    for walker in walkers:
        info = walker.unit.info
        measures[info.node].complexity = walker.finish() + (1 if _unit_key(info) in cyclic else 0)
    return measures


def explain_complexity(ctx: FileContext, node: ast.AST) -> List[Tuple[int, int, str]]:
    """``(line, points, reason)`` for each increment of a unit's cognitive complexity (tests, debugging)."""
    walker = _walk_units(ctx, only=node)[0]
    found = sorted(walker.trace or ())
    for frame in walker.frames:
        if frame.recursive and frame.measure is not None:
            found.append((frame.measure.node.lineno, 1, "recursion"))
    total = function_measures(ctx)[node].complexity or 0
    if total > sum(points for _, points, _ in found):
        found.append((node.lineno, 1, "recursion"))  # type: ignore[attr-defined]
    return found


def function_kind(info: FunctionInfo) -> str:
    """``method`` for a function defined in a class body, else ``function``."""
    return "method" if info.is_method else "function"


__all__ = [
    "COMPOUND_KEYWORDS",
    "FunctionMeasure",
    "cyclic_nodes",
    "function_kind",
    "function_measures",
    "is_docstring",
    "explain_complexity",
    "operator_sequences",
]
