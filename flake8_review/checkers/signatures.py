"""REV3 function signature consistency.

Within one module: overrides that callers of the base method cannot call the
same way (REV301) or by the same keywords (REV302), same-named methods of
unrelated classes whose parameters differ from the rest (REV304), parameter
pairs written in the opposite order from the rest of the module (REV305), and
functions that return a value on some paths and nothing on others (REV306).
Base classes are resolved in the module itself and, for REV301/REV302, in other
modules and installed packages through the astroid bridge; a class with a base
that cannot be resolved is never compared, since its method may override one the
check cannot see. REV304 and REV305 look at the module only: a class with a base
from elsewhere (but ``object``, ``abc.ABC``, ``Generic`` and ``Protocol``) is left
out of them.
"""

from __future__ import annotations

import ast
from collections import Counter
from typing import Dict, Iterator, List, NamedTuple, Optional, Set, Tuple

from flake8_review import inference
from flake8_review import registrations  # noqa: F401 - declares REV303 and registers its check
from flake8_review.classes import ancestors, method_kind
from flake8_review.context import FileContext, FunctionInfo, Violation, per_file
from flake8_review.engine import BaseChecker, check
from flake8_review.naming_helpers import is_dunder
from flake8_review.registry import internal_error_rule, rule
from flake8_review.signature_helpers import Comparison, Kind, Reachability, Signature, class_facts, compare

INTERNAL_ERROR = internal_error_rule("REV3", "signatures")

_OVERRIDE_SEE_ALSO = (
    "pylint arguments-differ (W0221)", "pylint arguments-renamed (W0237)", "mypy [override]",
)

INCOMPATIBLE_OVERRIDE = rule(
    code="REV301",
    name="override-signature-incompatible",
    message="{method} is incompatible with {base}: {differences}",
    summary=(
        "Checks that a method overriding a method of a base class can be called the way the "
        "base method can: it must not drop or add a required "
        "parameter, make an optional parameter required, make a positional parameter "
        "keyword-only (or a keyword one positional-only), or drop the base's `*args`/`**kwargs`. "
        "Dropping an optional parameter and adding one with a default are compatible, and so is "
        "an override taking both `*args` and `**kwargs`. The base method compared is the nearest "
        "one in the method resolution order. Bases are resolved in the same module and, through "
        "astroid, in other modules of the project and installed packages (the message names the "
        "base method with its module then). Exempt: `__init__`, `__new__`, `__init_subclass__`, "
        "private `__x` methods, properties, `typing.overload` stubs, methods with a decorator "
        "that may change their signature, and classes with a base that cannot be resolved; a "
        "base method whose parameters are not evident (written in C, bound twice, a property, "
        "or a stand-in class of astroid's) is not compared. A static or class method is compared "
        "as callers see it, without the bound `self`/`cls`."
    ),
    why=(
        "Code written against the base class calls every subclass the same way; that is the point "
        "of the override. When the override needs another argument, or no longer accepts one the "
        "base takes, the call works for some objects and raises `TypeError` for others, usually "
        "far from the class that broke the contract and only on the path that meets that subclass."
    ),
    bad=(
        "class Store:\n    def save(self, record, force):\n        raise NotImplementedError\n\n\n"
        "class FileStore(Store):\n    def save(self, record):\n        return record\n"
    ),
    good=(
        "class Store:\n    def save(self, record, force):\n        raise NotImplementedError\n\n\n"
        "class FileStore(Store):\n    def save(self, record, force=False):\n        return record, force\n"
    ),
    see_also=_OVERRIDE_SEE_ALSO,
)

RENAMED_PARAMETER = rule(
    code="REV302",
    name="override-renames-parameter",
    message="{method} renames {params} of {base} to {names}",
    summary=(
        "Checks that a method overriding a method of a base class (resolved as for REV301) keeps "
        "the names of the base's parameters (positional ones compared by position, keyword-only "
        "ones by order among the keyword-only ones). A name with a leading underscore on either "
        "side (`_`, `_unused`, `_force` for `force`) is exempt, and so are positional-only "
        "parameters, which have no keyword, and dunders, whose arguments Python passes by "
        "position. Otherwise the exemptions of REV301 apply; a rename is REV302's alone even "
        "when the override also takes `*args, **kwargs`."
    ),
    why=(
        "Callers may pass any parameter by keyword: `store.save(record, force=True)` works for the "
        "base class and raises `TypeError` for the subclass that calls it `forced`. A renamed "
        "parameter also tells readers it means something else, which it rarely does."
    ),
    bad=(
        "class Store:\n    def save(self, record, force=False):\n        raise NotImplementedError\n\n\n"
        "class FileStore(Store):\n    def save(self, record, forced=False):\n        return record, forced\n"
    ),
    good=(
        "class Store:\n    def save(self, record, force=False):\n        raise NotImplementedError\n\n\n"
        "class FileStore(Store):\n    def save(self, record, force=False):\n        return record, force\n"
    ),
    see_also=("pylint arguments-renamed (W0237)", "REV301"),
)

_DRIVERS = (
    "class OvsDriver:\n    def create_port(self, context, port):\n        return context, port\n\n\n"
    "class LinuxBridgeDriver:\n    def create_port(self, context, port):\n        return context, port\n\n\n"
    "class SriovDriver:\n    def create_port(self, {sriov}):\n        return context, port\n"
)

SAME_NAMED_DIFFER = rule(
    code="REV304",
    name="same-named-method-signature-differs",
    message="{method} takes {params} but {count} of {total} {name!r} methods in this module take {majority}",
    summary=(
        "Checks that methods of the same name in unrelated classes of a module (duck-typed "
        "implementations of one protocol, say every driver's `create_port(self, context, port)`) "
        "take the same parameters: names, kinds and order, not defaults or annotations. Classes "
        "linked by inheritance in the module count as one (and not at all when their definitions "
        "disagree); an override of a base class's method is REV301's business and is left out. "
        "Needs at least 3 such definitions, a strict majority of them with one parameter list; the "
        "others are reported. Also left out: dunders and private `_names`, properties, "
        "`typing.overload` stubs, methods with a decorator that may change their signature, and "
        "methods of classes defined inside functions or with a base defined elsewhere (other than "
        "`object`, `abc.ABC`, `Generic`, `Protocol`), which may impose the signature. Static and "
        "class methods are compared without the bound `self`/`cls`."
    ),
    why=(
        "Same-named methods of unrelated classes are usually called through one variable that may "
        "hold any of them. The one that takes its parameters in another order, under other names or "
        "with one more breaks that caller, and nothing declares the protocol that would make a type "
        "checker notice."
    ),
    bad=_DRIVERS.format(sriov="port, context"),
    good=_DRIVERS.format(sriov="context, port"),
    see_also=("REV301", "mypy Protocol checks (when the protocol is declared)"),
)

PARAMETER_ORDER = rule(
    code="REV305",
    name="parameter-order-inconsistent",
    message="{func} takes {first!r} before {second!r}; {count} of {total} functions in this module "
    "that take both put {second!r} first",
    summary=(
        "Checks that pairs of positional parameters keep one order across a module: for a pair of "
        "names that appear together in at least 4 functions, at least 75% of them in one order, "
        "the functions with the other order are reported, once per function, naming the pair with "
        "the strongest evidence. A method's `self`/`cls` is not counted, nor are keyword-only "
        "parameters, whose order callers never see, or `typing.overload` stubs. Pairs of "
        "one-letter names (`a`, `b`) are not judged. Functions whose order someone else chose are "
        "counted but not reported: dunders other than constructors, overrides of a method of the "
        "module (REV302's business), and methods of classes with a base defined elsewhere."
    ),
    why=(
        "When most functions of a module take `(src, dst)` and one takes `(dst, src)`, callers "
        "pass positional arguments the usual way and that one call silently swaps them: the worst "
        "kind of bug, one that runs. Keeping one order lets readers and callers rely on it."
    ),
    bad=(
        "def copy(src, dst):\n    return src, dst\n\n\ndef move(src, dst):\n    return src, dst\n\n\n"
        "def link(src, dst):\n    return src, dst\n\n\ndef sync(dst, src):\n    return src, dst\n"
    ),
    good=(
        "def copy(src, dst):\n    return src, dst\n\n\ndef move(src, dst):\n    return src, dst\n\n\n"
        "def link(src, dst):\n    return src, dst\n\n\ndef sync(src, dst):\n    return src, dst\n"
    ),
    see_also=("pylint arguments-out-of-order (W1114, for calls)",),
)

MIXED_RETURNS = rule(
    code="REV306",
    name="mixed-return-styles",
    message="{func} returns a value at {values} but {other}",
    summary=(
        "Checks for functions that `return <value>` on some paths and end with a bare `return`, or "
        "by running off their end, on others. The end is unreachable after `return`, `raise`, "
        "`sys.exit()`, `os._exit()`, an `if`/`else` (or a `match` with a wildcard case) all of whose "
        "branches end so, a `try` whose body (or `else` block) and handlers all end so, or whose "
        "`finally` does, "
        "`while True:` without `break`, and a loop with no `break` whose `else` ends so; a `with` "
        "block ends as its body does. Nothing else is assumed to end (not `assert False`, not a "
        "helper annotated `NoReturn`). Generators are exempt, and so are functions whose only value "
        "return is `return None`."
    ),
    why=(
        "A function that returns a value on some paths and `None` on others makes every caller "
        "guess whether the `None` is a result or an oversight, and the missing return is often just "
        "that, a forgotten case. PEP 8: \"either all return statements in a function should return "
        "an expression, or none of them should\"; write `return None` where `None` is meant."
    ),
    bad=(
        "def find(items, key):\n    for item in items:\n        if item.key == key:\n"
        "            return item\n"
    ),
    good=(
        "def find(items, key):\n    for item in items:\n        if item.key == key:\n"
        "            return item\n    return None\n"
    ),
    see_also=("pylint inconsistent-return-statements (R1710)", "flake8-return R502, R503"),
)

#: methods whose signature a class legitimately changes (RULES.md, REV3)
_CONSTRUCTORS = frozenset({"__init__", "__new__", "__init_subclass__"})
_STATIC_DECORATORS = frozenset({"staticmethod", "abstractstaticmethod"})
#: REV304 and REV305 need this much evidence
SAME_NAMED_MIN = 3
PAIR_MIN_FUNCTIONS = 4
PAIR_MIN_PERCENT = 75
_SHOWN_LINES = 3


class SignaturesChecker(BaseChecker):
    """REV3: the flake8 entry point of the signatures checks."""

    prefix = "REV3"
    checker = "signatures"


# -- what every check asks of a method ---------------------------------------------------------

def shown_name(ctx: FileContext, node: ast.AST) -> str:
    """``'Class.method'`` or ``'function'``, quoted: the qualified name below any enclosing function."""
    return repr(ctx.qualname(node).rsplit("<locals>.", 1)[-1])


def binding_kind(ctx: FileContext, info: FunctionInfo) -> str:
    """How a method binds: ``instance``, ``class``, ``static`` or ``unknown`` (a decorator may change it).

    :func:`~flake8_review.classes.method_kind` takes a function that its class body
    calls, wraps (``name = staticmethod(name)``) or decorates with for a static helper;
    how callers of such a function bind it is not evident, so it is ``unknown`` here. A
    mere alias (``select_clear = selection_clear``) keeps it a method.
    """
    kind = method_kind(ctx, info)
    if kind != "static" or info.owner is None or info.name == "_generate_next_value_":
        return kind
    if any(d.rsplit(".", 1)[-1] in _STATIC_DECORATORS for d in info.decorators):
        return kind
    return "unknown"  # called, wrapped or decorating in the class body


def bound_signature(ctx: FileContext, info: FunctionInfo) -> Optional[Signature]:
    """The signature callers of a method see, ``None`` when a decorator may change it."""
    kind = binding_kind(ctx, info)
    if kind == "unknown":
        return None
    return Signature.from_ast(info.node.args, bound=kind in ("instance", "class"))


def _own_method(ctx: FileContext, info: FunctionInfo) -> bool:
    """A plain method its class binds once (no property, no overload stub, no second binding)."""
    return info.owner is not None and class_facts(ctx).member(ctx, info.owner, info.name).method is info


def _overrides_local(ctx: FileContext, info: FunctionInfo) -> bool:
    """A base class of this module (any ancestor) binds the same name."""
    facts = class_facts(ctx)
    return any(facts.member(ctx, cls, info.name).bound for cls in ancestors(ctx, info.owner))  # type: ignore


def _quoted(names: List[str]) -> str:
    return ", ".join(repr(name) for name in names)


# -- REV301, REV302 ----------------------------------------------------------------------------

class _Base(NamedTuple):
    """The base method an override is compared with."""

    shown: str  # as messages name it: ``'Store.save'``, ``'socketserver.BaseRequestHandler.handle'``
    signature: Signature


def _overridden(ctx: FileContext, info: FunctionInfo) -> Optional[_Base]:
    """The method ``info`` overrides: the nearest definition in the MRO, when it is a plain method.

    Bases of the module are looked at first; when one is defined elsewhere, the
    astroid bridge resolves the whole order, and an unknown base means no answer.
    A base binding the name with something else than one plain method (a property,
    a name bound twice, a function written in C) ends the search without an answer.
    """
    facts = class_facts(ctx)
    if facts.member(ctx, info.owner, info.name).method is not info:  # type: ignore[arg-type]
        return None
    order = facts.mro(ctx, info.owner) or facts.full_mro(ctx, info.owner)  # type: ignore[arg-type]
    for cls in (order or ())[1:]:
        if isinstance(cls, ast.ClassDef):
            found = facts.member(ctx, cls, info.name)
            if found.bound:
                return _base_here(ctx, found.method)
        else:
            member = cls.member(info.name)
            if member is not None:
                return _base_elsewhere(ctx, member)
    return None


def _base_here(ctx: FileContext, base: Optional[FunctionInfo]) -> Optional[_Base]:
    """A method of this module as a base to compare with, when its signature is evident."""
    if base is None:
        return None
    signature = bound_signature(ctx, base)
    return None if signature is None else _Base(shown_name(ctx, base.node), signature)


def _base_elsewhere(ctx: FileContext, member: inference.Member) -> Optional[_Base]:
    """A method defined elsewhere as a base to compare with, when its signature is evident."""
    kind = method_kind(ctx, member)
    if not member.method or member.params is None or kind == "unknown":
        return None
    signature = Signature.from_params(member.params, bound=kind in ("instance", "class"))
    return None if signature is None else _Base(repr(member.qualname), signature)


def _compared(ctx: FileContext, info: FunctionInfo) -> Optional[Tuple[_Base, Comparison]]:
    """The base method ``info`` overrides and how they differ, when both signatures are evident.

    Constructors and private ``__x`` methods are exempt (RULES.md). The override's own
    signature is looked at first, so that a base is searched (maybe by astroid) only
    when a comparison could follow.
    """
    name = info.name
    if info.owner is None or name in _CONSTRUCTORS or (name.startswith("__") and not is_dunder(name)):
        return None
    signature = bound_signature(ctx, info)
    if signature is None or _accepts_anything(signature):
        return None
    base = _overridden(ctx, info)
    return None if base is None else (base, compare(base.signature, signature))


def _accepts_anything(signature: Signature) -> bool:
    """``(self, *args, **kwargs)``: compatible with any base and nothing to rename."""
    return {param.kind for param in signature.params} == {Kind.VAR_POSITIONAL, Kind.VAR_KEYWORD}


@check(INCOMPATIBLE_OVERRIDE, RENAMED_PARAMETER, on=(ast.Module,))
def override_signature(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV301, REV302."""
    for info in ctx.functions:
        compared = _compared(ctx, info)
        if compared is None:
            continue
        base, found = compared
        method, base_name = shown_name(ctx, info.node), base.shown
        if found.incompatible:
            differences = ", ".join(found.incompatible)
            yield ctx.violation(
                INCOMPATIBLE_OVERRIDE, info.node, method=method, base=base_name, differences=differences,
            )
        if found.renamed and not is_dunder(info.name):  # Python passes a dunder's arguments by position
            old, new = [pair[0] for pair in found.renamed], [pair[1] for pair in found.renamed]
            params = ("parameter " if len(old) == 1 else "parameters ") + _quoted(old)
            yield ctx.violation(
                RENAMED_PARAMETER, info.node,
                method=method, base=base_name, params=params, names=_quoted(new),
            )


# -- REV304 ------------------------------------------------------------------------------------

@per_file
def _families(ctx: FileContext) -> Dict[ast.AST, ast.AST]:
    """Class → one class standing for its family: the classes linked by inheritance in this module."""
    root: Dict[ast.AST, ast.AST] = {}

    def find(cls: ast.AST) -> ast.AST:
        while root.get(cls, cls) is not cls:
            cls = root[cls]
        return cls

    for cls in ctx.nodes(ast.ClassDef):
        for ancestor in ancestors(ctx, cls):  # type: ignore[arg-type]
            first, second = find(cls), find(ancestor)
            if first is not second:
                root[second] = first
    return {cls: find(cls) for cls in ctx.nodes(ast.ClassDef)}


def _protocol_methods(ctx: FileContext) -> Dict[str, _Definitions]:
    """Name → the REV304 candidates: public methods of module-level class families, not overrides.

    Left out: dunders and private names (a class's own business), methods of classes
    defined in functions (throwaway doubles), of classes with a base defined elsewhere
    (the base may impose the signature), overrides of a base of this module (REV301),
    and methods whose signature is not evident (properties, overloads, decorators).
    """
    facts = class_facts(ctx)
    groups: Dict[str, _Definitions] = {}
    for info in ctx.functions:
        if info.owner is None or info.nested or info.name.startswith("_") or not _own_method(ctx, info):
            continue
        if facts.mro(ctx, info.owner) is None or _overrides_local(ctx, info):
            continue
        signature = bound_signature(ctx, info)
        if signature is not None:
            groups.setdefault(info.name, []).append((info, signature))
    return groups


_Definitions = List[Tuple[FunctionInfo, Signature]]


def _votes(ctx: FileContext, group: _Definitions) -> List[_Definitions]:
    """The definitions grouped by family: a family votes once, and only when its definitions agree."""
    families = _families(ctx)
    by_family: Dict[ast.AST, _Definitions] = {}
    for info, signature in group:
        by_family.setdefault(families[info.owner], []).append((info, signature))  # type: ignore[index]
    return [members for members in by_family.values() if len({sig.shape for _, sig in members}) == 1]


@check(SAME_NAMED_DIFFER, on=(ast.Module,))
def same_named_method_signature_differs(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV304."""
    for name, group in _protocol_methods(ctx).items():
        votes = _votes(ctx, group) if len(group) >= SAME_NAMED_MIN else []
        if len(votes) < SAME_NAMED_MIN:
            continue
        shape, count = Counter(members[0][1].shape for members in votes).most_common(1)[0]
        if count * 2 <= len(votes) or count == len(votes):
            continue
        majority = _full_text(next(members[0][0] for members in votes if members[0][1].shape == shape))
        for info, signature in (pair for members in votes for pair in members):
            if signature.shape != shape:
                yield ctx.violation(
                    SAME_NAMED_DIFFER, info.node,
                    method=shown_name(ctx, info.node), params=_full_text(info),
                    count=count, total=len(votes), name=name, majority=majority,
                )


def _full_text(info: FunctionInfo) -> str:
    """The parameter list as written (``self`` included), without defaults: what REV304 compares."""
    return Signature.from_ast(info.node.args).text(defaults=False)  # type: ignore[union-attr]


# -- REV305 ------------------------------------------------------------------------------------

def _ordered_names(ctx: FileContext, info: FunctionInfo) -> List[str]:
    """The positional parameter names REV305 counts, in order, without a bound ``self``/``cls``."""
    if info.is_overload:
        return []
    args = info.node.args
    names = [arg.arg for arg in (*args.posonlyargs, *args.args)]
    if names and info.owner is not None and binding_kind(ctx, info) != "static":
        names = names[1:]
    return [name for name in names if name not in ("self", "cls")]


def _order_is_imposed(ctx: FileContext, info: FunctionInfo) -> bool:
    """Whether someone else chose this function's parameter order: it counts, but is not reported.

    Dunders but constructors (Python imposes their order), overrides of a method of
    this module (the base imposes it: REV302's business) and methods of a class with
    a base defined elsewhere (they may override one of its methods).
    """
    name = info.name
    if info.owner is None or name in _CONSTRUCTORS:
        return False
    return is_dunder(name) or class_facts(ctx).mro(ctx, info.owner) is None or _overrides_local(ctx, info)


def _pairs(names: List[str]) -> Iterator[Tuple[str, str]]:
    """Every (earlier, later) pair of names."""
    for index, first in enumerate(names):
        for second in names[index + 1:]:
            yield first, second


_Reversal = Tuple[int, int, str, str]


def _strongest_reversal(names: List[str], counts: Counter[Tuple[str, str]]) -> Optional[_Reversal]:
    """``(usual, total, first, second)`` for the pair of ``names`` most often in the other order.

    Pairs of one-letter names carry no order (``a``/``b``; reflected operators swap
    them on purpose) and are not judged.
    """
    best: Optional[_Reversal] = None
    for first, second in _pairs(names):
        usual = counts.get((second, first), 0)
        total = usual + counts[(first, second)]
        if len(first) == 1 and len(second) == 1:
            continue
        if total < PAIR_MIN_FUNCTIONS or usual * 100 < total * PAIR_MIN_PERCENT:
            continue
        if best is None or (usual, -total) > (best[0], -best[1]):
            best = (usual, total, first, second)
    return best


@check(PARAMETER_ORDER, on=(ast.Module,))
def parameter_order_inconsistent(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV305."""
    orders = {info: _ordered_names(ctx, info) for info in ctx.functions}
    counts: Counter[Tuple[str, str]] = Counter(pair for names in orders.values() for pair in _pairs(names))
    for info, names in orders.items():
        found = _strongest_reversal(names, counts) if len(names) > 1 else None
        if found is not None and not _order_is_imposed(ctx, info):
            usual, total, first, second = found
            yield ctx.violation(
                PARAMETER_ORDER, info.node,
                func=shown_name(ctx, info.node), first=first, second=second, count=usual, total=total,
            )


# -- REV306 ------------------------------------------------------------------------------------

class _ReturnFacts:
    """The ``return`` and ``yield`` statements of each function, and the loops ``break`` leaves."""

    def __init__(self, ctx: FileContext) -> None:
        self.returns: Dict[ast.AST, List[ast.Return]] = {}
        for node in ctx.nodes(ast.Return):
            self.returns.setdefault(ctx.scope(node), []).append(node)  # type: ignore[arg-type]
        self.generators: Set[ast.AST] = {ctx.scope(node) for node in ctx.nodes(ast.Yield, ast.YieldFrom)}
        self.broken = {Reachability.loop_of_break(ctx.ancestors(node), node) for node in ctx.nodes(ast.Break)}
        self.broken.discard(None)


@per_file
def _return_facts(ctx: FileContext) -> _ReturnFacts:
    return _ReturnFacts(ctx)


def _lines(nodes: List[ast.Return]) -> str:
    lines = sorted({node.lineno for node in nodes})
    shown = ", ".join(str(line) for line in lines[:_SHOWN_LINES])
    if len(lines) > _SHOWN_LINES:
        shown += f" and {len(lines) - _SHOWN_LINES} more"
    return ("line " if len(lines) == 1 else "lines ") + shown


def _other_endings(function: ast.AST, returns: List[ast.Return], reachability: Reachability) -> List[str]:
    """How else the function ends: bare returns, and a reachable end."""
    other = []
    bare = [node for node in returns if node.value is None]
    if bare:
        other.append(("has a bare return at " if len(bare) == 1 else "has bare returns at ") + _lines(bare))
    body = function.body  # type: ignore[attr-defined]
    if not reachability.block_ends(body):
        other.append(f"can fall off its end after line {body[-1].end_lineno or body[-1].lineno}")
    return other


@check(MIXED_RETURNS, on=(ast.Module,))
def mixed_return_styles(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV306."""
    facts = _return_facts(ctx)
    reachability = Reachability(ctx.resolve, facts.broken)  # type: ignore[arg-type]
    for function, returns in facts.returns.items():
        if function in facts.generators or not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        values = [node for node in returns if not _returns_nothing(node)]
        other = _other_endings(function, returns, reachability) if values else []
        if other:
            yield ctx.violation(
                MIXED_RETURNS, function,
                func=shown_name(ctx, function), values=_lines(values), other=" and ".join(other),
            )


def _returns_nothing(node: ast.Return) -> bool:
    """A bare ``return`` or ``return None``."""
    return node.value is None or (isinstance(node.value, ast.Constant) and node.value.value is None)
