"""Helpers of the REV3 signature checks: a neutral signature model, reachability, class facts.

A :class:`Signature` is what a caller sees of a function: its parameters in
order, each with a kind, a name and whether it has a default. It is built from
an ``ast.arguments`` today (:meth:`Signature.from_ast`); a base method resolved
in another module (by astroid) only needs another constructor to go through the
same :func:`compare`, which is pure.

:class:`Reachability` is RULES.md's reading of an unreachable function end
(REV306); it looks at statement lists only. :class:`ClassFacts` holds what the
override checks need of a module's classes: what each class body binds and the
method resolution order of the classes whose bases are all known.
"""

from __future__ import annotations

import ast
from typing import (
    Callable, Dict, FrozenSet, Iterable, List, NamedTuple, Optional, Sequence, Set, Tuple, Union,
)

from flake8_review import inference
from flake8_review.classes import ancestors, last_component, resolve_elsewhere
from flake8_review.context import FileContext, FunctionInfo, per_file
from flake8_review.foreign import c3_merge


class Kind:
    """The kinds of parameters, as callers meet them."""

    POSITIONAL_ONLY = "positional-only"
    POSITIONAL = "positional"
    VAR_POSITIONAL = "*args"
    KEYWORD_ONLY = "keyword-only"
    VAR_KEYWORD = "**kwargs"
    POSITIONAL_KINDS = (POSITIONAL_ONLY, POSITIONAL)
    VARIADIC = (VAR_POSITIONAL, VAR_KEYWORD)


class Param(NamedTuple):
    """One parameter as callers see it."""

    name: str
    kind: str
    has_default: bool

    def text(self, defaults: bool = True) -> str:
        """The parameter as written in a ``def``, without annotation; a default shows as ``=...``."""
        if self.kind == Kind.VAR_POSITIONAL:
            return f"*{self.name}"
        if self.kind == Kind.VAR_KEYWORD:
            return f"**{self.name}"
        return f"{self.name}=..." if defaults and self.has_default else self.name


class Signature(NamedTuple):
    """The parameters of a function in order (a bound method's ``self``/``cls`` left out)."""

    params: Tuple[Param, ...]

    @classmethod
    def from_ast(cls, args: ast.arguments, bound: bool = False) -> Optional[Signature]:
        """The signature of a ``def``; ``bound`` drops the first parameter (``self``, ``cls``).

        ``None`` for a bound method with nothing to bind its instance to.
        """
        positional = [*args.posonlyargs, *args.args]
        first_default = len(positional) - len(args.defaults)
        params: List[Param] = []
        for index, arg in enumerate(positional):
            kind = Kind.POSITIONAL_ONLY if index < len(args.posonlyargs) else Kind.POSITIONAL
            params.append(Param(arg.arg, kind, index >= first_default))
        if args.vararg is not None:
            params.append(Param(args.vararg.arg, Kind.VAR_POSITIONAL, False))
        for arg, default in zip(args.kwonlyargs, args.kw_defaults):
            params.append(Param(arg.arg, Kind.KEYWORD_ONLY, default is not None))
        if args.kwarg is not None:
            params.append(Param(args.kwarg.arg, Kind.VAR_KEYWORD, False))
        return cls.bind(params, bound)

    @classmethod
    def from_params(cls, params: Sequence[Tuple[str, str, bool]], bound: bool = False) -> Optional[Signature]:
        """The signature of ``(name, kind, has_default)`` triples, such as the astroid bridge gives.

        The kinds are :class:`Kind`'s strings (the bridge spells them the same way).
        """
        return cls.bind([Param(name, kind, default) for name, kind, default in params], bound)

    @classmethod
    def bind(cls, params: List[Param], bound: bool) -> Optional[Signature]:
        """The signature of ``params``; ``bound`` drops the first positional one (``self``, ``cls``)."""
        if bound:
            first = next((index for index, p in enumerate(params) if p.kind in Kind.POSITIONAL_KINDS), None)
            if first == 0:
                params = params[1:]
            elif not any(p.kind == Kind.VAR_POSITIONAL for p in params):
                return None  # ``def method():`` cannot be called through an instance
        return cls(tuple(params))

    def of_kind(self, *kinds: str) -> List[Param]:
        """The parameters of the given kinds, in order."""
        return [p for p in self.params if p.kind in kinds]

    def has(self, kind: str) -> bool:
        """Whether a parameter of this kind (``*args``, ``**kwargs``) is there."""
        return any(p.kind == kind for p in self.params)

    @property
    def names(self) -> Set[str]:
        """Names callers can pass by keyword or position (not ``*args``/``**kwargs``)."""
        return {p.name for p in self.params if p.kind not in Kind.VARIADIC}

    @property
    def shape(self) -> Tuple[Tuple[str, str], ...]:
        """Names, kinds and order (REV304): no defaults, and ``*args``/``**kwargs`` by kind only."""
        return tuple(("" if p.kind in Kind.VARIADIC else p.name, p.kind) for p in self.params)

    def text(self, defaults: bool = True) -> str:
        """``(a, b=..., *args, c, **kwargs)``, with ``/`` and the bare ``*`` where they are needed."""
        parts: List[str] = []
        star = self.has(Kind.VAR_POSITIONAL)
        slash = bool(self.of_kind(Kind.POSITIONAL_ONLY))
        for param in self.params:
            if slash and param.kind != Kind.POSITIONAL_ONLY:
                parts.append("/")
                slash = False
            if param.kind == Kind.KEYWORD_ONLY and not star:
                parts.append("*")
                star = True
            parts.append(param.text(defaults))
        if slash:
            parts.append("/")
        return f"({', '.join(parts)})"


class Comparison(NamedTuple):
    """How an override's signature differs from its base's."""

    incompatible: Tuple[str, ...]  # REV301: what breaks callers, in words
    renamed: Tuple[Tuple[str, str], ...]  # REV302: (base name, override name)


def is_dummy(name: str) -> bool:
    """``_`` and ``_name``: a parameter its function says it does not use (or keeps private)."""
    return name.startswith("_")


def compare(base: Signature, override: Signature) -> Comparison:
    """The differences that break callers of ``base`` when they get ``override`` instead.

    Positional parameters are matched by position (a different name there is a
    rename, REV302), keyword-only ones by name, or by their place among the
    keyword-only ones when the name is gone. REV301 reports required parameters
    dropped or added, parameters made required, positional ones made keyword-only
    (or keyword ones positional-only), and ``*args``/``**kwargs`` dropped.
    Compatible: dropping an optional parameter, adding one with a default, extra
    parameters the base's own ``*args``/``**kwargs`` admit, dropping the
    ``*args``/``**kwargs`` of a base taking both (a pass-everything stub), and an
    override taking both (RULES.md: compatible, though its renames still count).
    A leading ``_`` on either name exempts a rename.
    """
    return _Comparer(base, override).run()


class _Comparer:
    """One comparison, step by step: positional parameters, keyword-only ones, variadics."""

    def __init__(self, base: Signature, override: Signature) -> None:
        self.base = base
        self.override = override
        self.incompatible: List[str] = []
        self.renamed: List[Tuple[str, str]] = []
        self.base_args = base.has(Kind.VAR_POSITIONAL)
        self.base_kwargs = base.has(Kind.VAR_KEYWORD)
        self.over_args = override.has(Kind.VAR_POSITIONAL)
        self.over_kwargs = override.has(Kind.VAR_KEYWORD)
        self.by_name = {p.name: p for p in override.params if p.kind not in Kind.VARIADIC}
        self.base_keyword_names = {p.name for p in base.of_kind(Kind.KEYWORD_ONLY)}

    def run(self) -> Comparison:
        self._positional()
        self._keyword_only()
        self._variadic()
        if self.over_args and self.over_kwargs:
            self.incompatible = []  # the override accepts any call (RULES.md)
        return Comparison(tuple(self.incompatible), tuple(self.renamed))

    def _positional(self) -> None:
        old_list = self.base.of_kind(*Kind.POSITIONAL_KINDS)
        new_list = self.override.of_kind(*Kind.POSITIONAL_KINDS)
        for index in range(max(len(old_list), len(new_list))):
            old = old_list[index] if index < len(old_list) else None
            new = new_list[index] if index < len(new_list) else None
            if old is None:
                self._added(new)  # type: ignore[arg-type]
            elif new is None:
                self._missing(old)
            else:
                self._same_place(old, new)

    def _same_place(self, old: Param, new: Param) -> None:
        if old.kind == Kind.POSITIONAL and new.kind == Kind.POSITIONAL_ONLY:
            self.incompatible.append(f"makes parameter {old.name!r} positional-only")
        elif old.kind == Kind.POSITIONAL:
            self._rename(old.name, new.name)
        if old.has_default and not new.has_default:
            self.incompatible.append(f"makes parameter {new.name!r} required")

    def _missing(self, old: Param) -> None:
        """A base positional parameter with nothing at its place in the override."""
        moved = self.by_name.get(old.name)
        if old.has_default:
            if moved is not None and not moved.has_default:
                self.incompatible.append(f"makes parameter {old.name!r} required")
            return  # dropping an optional one is compatible
        if self.over_args:
            return  # *args takes the value
        keyword = moved is not None and moved.kind == Kind.KEYWORD_ONLY
        if old.kind == Kind.POSITIONAL and (keyword or self.over_kwargs):
            self.incompatible.append(f"makes required parameter {old.name!r} keyword-only")
        else:
            self.incompatible.append(f"drops required parameter {old.name!r}")

    def _added(self, new: Param) -> None:
        """An override positional parameter past the base's: fine with a default or a base ``*args``."""
        if new.has_default or self.base_args or new.name in self.base_keyword_names:
            return  # a base keyword-only one made positional is checked with the keyword-only ones
        self.incompatible.append(f"adds required parameter {new.name!r}")

    def _keyword_only(self) -> None:
        over_keyword = self.override.of_kind(Kind.KEYWORD_ONLY)
        unmatched = [p for p in over_keyword if p.name not in self.base.names]
        for index, old in enumerate(self.base.of_kind(Kind.KEYWORD_ONLY)):
            new = self.by_name.get(old.name)
            if new is not None:
                self._keyword_kept(old, new)
            elif not (self.over_kwargs or old.has_default):
                same_place = over_keyword[index] if index < len(over_keyword) else None
                self._keyword_gone(old, same_place, unmatched)
        for new in unmatched:
            if not new.has_default and not self.base_kwargs:
                self.incompatible.append(f"adds required keyword-only parameter {new.name!r}")

    def _keyword_gone(self, old: Param, same_place: Optional[Param], unmatched: List[Param]) -> None:
        """A required keyword-only parameter the override lacks: renamed at its place, or dropped."""
        if same_place is not None and same_place in unmatched:
            unmatched.remove(same_place)
            self._rename(old.name, same_place.name)
        else:
            self.incompatible.append(f"drops required keyword-only parameter {old.name!r}")

    def _keyword_kept(self, old: Param, new: Param) -> None:
        if new.kind == Kind.POSITIONAL_ONLY:
            self.incompatible.append(f"makes parameter {old.name!r} positional-only")
        elif old.has_default and not new.has_default:
            self.incompatible.append(f"makes parameter {old.name!r} required")

    def _variadic(self) -> None:
        if self.base_args and self.base_kwargs:
            return  # a pass-everything base: its variadics promise nothing
        if self.base_args and not self.over_args:
            self.incompatible.append(f"drops *{self.base.of_kind(Kind.VAR_POSITIONAL)[0].name}")
        if self.base_kwargs and not self.over_kwargs:
            self.incompatible.append(f"drops **{self.base.of_kind(Kind.VAR_KEYWORD)[0].name}")

    def _rename(self, old: str, new: str) -> None:
        if old != new and not is_dummy(old) and not is_dummy(new):
            self.renamed.append((old, new))


# -- REV306: can the end of a function be reached? --------------------------------------------

class Reachability:
    """Decides whether control can run past the end of a block of statements.

    ``resolve`` turns a call's callee into its dotted text with imports expanded
    (``exit`` → ``sys.exit`` after ``from sys import exit``); ``broken`` holds the
    loops that some ``break`` leaves (:meth:`loop_of_break`).
    """

    #: calls that never return (RULES.md's reading: these two, nothing inferred)
    EXIT_CALLS = frozenset({"sys.exit", "os._exit"})
    LOOPS = (ast.For, ast.AsyncFor, ast.While)
    TRIES: Tuple[type, ...] = tuple(getattr(ast, name) for name in ("Try", "TryStar") if hasattr(ast, name))
    MATCH: Optional[type] = getattr(ast, "Match", None)

    def __init__(self, resolve: Callable[[ast.AST], str], broken: Set[ast.AST]) -> None:
        self.resolve = resolve
        self.broken = broken

    def block_ends(self, body: Sequence[ast.stmt]) -> bool:
        """Whether control never runs past the block: some statement of it ends so."""
        return any(self.statement_ends(statement) for statement in body)

    def statement_ends(self, node: ast.stmt) -> bool:
        """Whether control never runs past this statement (RULES.md, REV306's reading)."""
        if isinstance(node, (ast.Return, ast.Raise)):
            return True
        if isinstance(node, ast.Expr):
            return isinstance(node.value, ast.Call) and self.resolve(node.value.func) in self.EXIT_CALLS
        if isinstance(node, ast.If):
            return self.block_ends(node.body) and self.block_ends(node.orelse)
        if isinstance(node, (ast.With, ast.AsyncWith)):
            return self.block_ends(node.body)
        if isinstance(node, self.TRIES):
            return self._try_ends(node)
        if isinstance(node, self.LOOPS):
            return self._loop_ends(node)
        if self.MATCH is not None and isinstance(node, self.MATCH):
            cases = node.cases  # type: ignore[attr-defined]
            return any(map(self._irrefutable, cases)) and all(self.block_ends(case.body) for case in cases)
        return False

    def _try_ends(self, node: ast.AST) -> bool:
        if self.block_ends(node.finalbody):  # type: ignore[attr-defined]
            return True
        if not (self.block_ends(node.body) or self.block_ends(node.orelse)):  # type: ignore[attr-defined]
            return False
        return all(self.block_ends(handler.body) for handler in node.handlers)  # type: ignore[attr-defined]

    def _loop_ends(self, node: ast.AST) -> bool:
        if node in self.broken:
            return False
        test = getattr(node, "test", None)
        if isinstance(test, ast.Constant) and test.value and test.value is not Ellipsis:
            return True  # ``while True:`` / ``while 1:`` without a break
        # a loop that no ``break`` leaves always runs its ``else`` block
        return self.block_ends(node.orelse)  # type: ignore[attr-defined]

    @staticmethod
    def _irrefutable(case: ast.AST) -> bool:
        """``case _:`` or ``case name:`` without a guard."""
        pattern = case.pattern  # type: ignore[attr-defined]
        irrefutable = type(pattern).__name__ == "MatchAs" and pattern.pattern is None  # type: ignore
        return case.guard is None and irrefutable  # type: ignore[attr-defined]

    @classmethod
    def loop_of_break(cls, parents: Iterable[ast.AST], child: ast.AST) -> Optional[ast.AST]:
        """The loop a ``break`` leaves, given its ancestors nearest first (``None``: outside any loop).

        A ``break`` in a loop's ``else`` block leaves the loop around that one.
        """
        for up in parents:
            if isinstance(up, cls.LOOPS) and not any(child is statement for statement in up.orelse):
                return up
            if isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                return None
            child = up
        return None


# -- the classes of one module: what each body binds, and the method resolution order ---------

#: bases known to define no method a subclass could override (``object`` resolves to nothing)
EMPTY_BASES = frozenset({
    "object", "builtins.object", "abc.ABC", "typing.Generic", "typing.Protocol",
    "typing_extensions.Generic", "typing_extensions.Protocol",
})


#: a class of this module, or one defined elsewhere as the astroid bridge resolved it
ClassRef = Union[ast.ClassDef, inference.ClassHandle]
#: a base resolved: ``[class]``, ``[]`` when it defines nothing, ``None`` when unknown
_Resolved = Optional[List[ClassRef]]
_ByName = Dict[str, List[ast.ClassDef]]


class Member(NamedTuple):
    """What a class body binds to a name: absent, one plain method, or something else."""

    bound: bool
    method: Optional[FunctionInfo]  # the one plain (non-property, non-overload) definition


class ClassFacts:
    """What the override checks need of a module's classes, computed on demand and kept per file."""

    PROPERTY_DECORATORS = frozenset({
        "property", "cached_property", "abstractproperty", "setter", "getter", "deleter",
    })

    def __init__(self, ctx: FileContext) -> None:
        # kept in ctx.facts: holding ctx here would make a cycle that keeps every file's tree alive
        self.defs: Dict[ast.AST, Dict[str, List[FunctionInfo]]] = {}
        for info in ctx.functions:
            if info.owner is not None:
                self.defs.setdefault(info.owner, {}).setdefault(info.name, []).append(info)
        self.class_counts: Dict[Tuple[ast.AST, str], int] = {}
        for node in ctx.nodes(ast.ClassDef):
            key = (ctx.scope(node), node.name)  # type: ignore[attr-defined]
            self.class_counts[key] = self.class_counts.get(key, 0) + 1
        self._others: Dict[ast.AST, FrozenSet[str]] = {}
        self._orders: Dict[ast.AST, Optional[Tuple[ClassRef, ...]]] = {}
        self._full_orders: Dict[ast.AST, Optional[Tuple[ClassRef, ...]]] = {}

    @classmethod
    def is_property(cls, info: FunctionInfo) -> bool:
        """A property getter, setter or deleter (``cached_property`` too)."""
        return any(last_component(d) in cls.PROPERTY_DECORATORS for d in info.decorators)

    def member(self, ctx: FileContext, cls: ast.ClassDef, name: str) -> Member:
        """What ``cls``'s own body binds to ``name``.

        A method defined once (beside its ``typing.overload`` stubs) is plain; a
        property, a name defined twice (in ``if``/``else`` branches, say) or also
        bound by an assignment is something whose signature is not evident.
        """
        defs = self.defs.get(cls, {}).get(name, ())
        other = name in self._other_bindings(ctx, cls)
        if not defs and not other:
            return Member(False, None)
        plain = [info for info in defs if not info.is_overload]
        if other or len(plain) != 1 or any(self.is_property(info) for info in defs):
            return Member(True, None)
        return Member(True, plain[0])

    def _other_bindings(self, ctx: FileContext, cls: ast.ClassDef) -> FrozenSet[str]:
        """Names a class body binds other than by ``def``: assignments, imports, nested classes."""
        known = self._others.get(cls)
        if known is None:
            names: Set[str] = set()
            for node in ctx.in_scope(cls, ast.Name, ast.ClassDef, ast.Import, ast.ImportFrom):
                if isinstance(node, ast.Name):
                    if not isinstance(node.ctx, ast.Load):
                        names.add(node.id)
                elif isinstance(node, ast.ClassDef):
                    names.add(node.name)
                else:
                    names.update(a.asname or a.name.split(".", 1)[0] for a in node.names)  # type: ignore
            known = self._others[cls] = frozenset(names)
        return known

    def mro(self, ctx: FileContext, cls: ast.ClassDef) -> Optional[Tuple[ast.ClassDef, ...]]:
        """``cls`` and its bases in Python's method resolution order (C3), all of this module.

        ``None`` when a base cannot be resolved in the module (RULES.md: then nothing is
        compared), or when the bases admit no consistent order (Python would reject the class).
        """
        return self._order(ctx, cls, self._orders, False)  # type: ignore[return-value]

    def full_mro(self, ctx: FileContext, cls: ast.ClassDef) -> Optional[Tuple[ClassRef, ...]]:
        """Like :meth:`mro`, with bases defined elsewhere resolved through the astroid bridge.

        Such a base stands in the order with its own ancestors (as
        :class:`~flake8_review.inference.ClassHandle` objects); ``None`` when one of them is unknown.
        """
        return self._order(ctx, cls, self._full_orders, True)

    def _order(self, ctx: FileContext, cls: ast.ClassDef, memo: Dict[ast.AST, Optional[Tuple[ClassRef, ...]]],
               elsewhere: bool) -> Optional[Tuple[ClassRef, ...]]:
        if cls in memo:
            return memo[cls]
        memo[cls] = None  # a cycle (``class A(A)`` through a rebinding) resolves to nothing
        bases = self._direct_bases(ctx, cls, elsewhere)
        sequences: List[List[ClassRef]] = []
        for base in bases or ():
            order = self._order(ctx, base, memo, elsewhere) if isinstance(base, ast.ClassDef) else base.mro
            if order is None:
                return None
            sequences.append(list(order))
        if bases is None:
            return None
        merged = c3_merge([*sequences, list(bases)])
        result = None if merged is None else (cls, *merged)
        memo[cls] = result
        return result

    def _direct_bases(self, ctx: FileContext, cls: ast.ClassDef, elsewhere: bool) -> Optional[List[ClassRef]]:
        """The bases of ``cls`` in order; ``None`` when one cannot be resolved.

        ``object``, ``abc.ABC``, ``Generic[...]`` and ``Protocol`` define nothing to
        override and are left out. A base from elsewhere is resolved through the bridge
        when ``elsewhere`` is set, else unknown; a class name defined twice in one scope
        is unknown.
        """
        local: _ByName = {}
        for ancestor in ancestors(ctx, cls):
            local.setdefault(ancestor.name, []).append(ancestor)
        found: List[ClassRef] = []
        for base in cls.bases:
            resolved = self._resolve_base(ctx, base, local, elsewhere)
            if resolved is None:
                return None
            found.extend(resolved)
        return found

    def _resolve_base(self, ctx: FileContext, base: ast.expr, local: _ByName, elsewhere: bool) -> _Resolved:
        """``[class]`` for a resolved base, ``[]`` for one that defines nothing, else ``None``."""
        candidates: List[ast.ClassDef] = []
        if isinstance(base, ast.Name) and base.id not in ctx.import_aliases:
            candidates = local.get(base.id, [])
        if len(candidates) == 1:
            only = candidates[0]
            if self.class_counts.get((ctx.scope(only), only.name)) == 1:
                return candidates  # type: ignore[return-value]
        if candidates:
            return None
        target = base.value if isinstance(base, ast.Subscript) else base
        if ctx.resolve(target) in EMPTY_BASES:
            return []
        if not elsewhere:
            return None
        handle = resolve_elsewhere(ctx, base)
        if handle is None or handle.mro is None:
            return None
        return [] if handle is inference.EMPTY else [handle]


@per_file
def class_facts(ctx: FileContext) -> ClassFacts:
    """The :class:`ClassFacts` of the file, built by the first check that asks."""
    return ClassFacts(ctx)
