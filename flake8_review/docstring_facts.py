"""Facts about one file's docstrings and definitions, for the REV4 checks: no reporting.

Everything here is computed from :class:`~flake8_review.context.FileContext` queries (never
by walking the tree again) and memoized on the context with :func:`per_file`, so each fact is
built once per file by whichever check asks first:

* each definition's docstring, parsed once (:func:`sections`);
* what exempts a function from needing a docstring (:func:`exempt`).

What is public lives in :mod:`flake8_review.docstring_public`, what a function raises in
:mod:`flake8_review.docstring_raises`.
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Sequence, Set, Union

from flake8_review.classes import base_method, last_component, members_elsewhere, method_kind
from flake8_review.context import FileContext, FunctionInfo, dotted_name, per_file
from flake8_review.docstring_sections import DocstringSections, parse

DefinitionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef]
FunctionNode = Union[ast.FunctionDef, ast.AsyncFunctionDef]
_ABSTRACT = frozenset({"abstractmethod", "abstractproperty", "abstractclassmethod", "abstractstaticmethod"})


def unique(names: Sequence[str]) -> List[str]:
    """The names in their order, each once."""
    return list(dict.fromkeys(names))


# -- docstrings, parsed once per file -------------------------------------------------------

def docstring(node: ast.AST) -> Optional[str]:
    """The raw docstring of a module, class or function (a plain string literal first), if any."""
    body = getattr(node, "body", None)
    if not body or not isinstance(body, list):
        return None
    first = body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        value = first.value.value
        if isinstance(value, str):
            return value
    return None


@per_file
def _parsed(ctx: FileContext) -> Dict[ast.AST, DocstringSections]:
    """Docstring models of the file, filled in as the handlers ask."""
    return {}


def sections(ctx: FileContext, node: ast.AST) -> Optional[DocstringSections]:
    """The parsed docstring of ``node`` (``None`` without one), parsed once per file."""
    memo = _parsed(ctx)
    found = memo.get(node)
    if found is None:
        text = docstring(node)
        if text is None:
            return None
        found = memo[node] = parse(text)
    return found


def inherits_docstring(ctx: FileContext, info: FunctionInfo, elsewhere: bool = False) -> bool:
    """An override of a base method that has a docstring (``inspect.getdoc`` would find it).

    Same-module bases are looked up the MRO way; with ``elsewhere``, the bases defined
    in other modules and installed packages too, through the astroid bridge (only those
    that could be resolved: an unknown base exempts nothing).
    """
    seen: Set[ast.AST] = set()
    current = info
    while True:
        base = base_method(ctx, current)
        if base is None or base in seen:
            break
        if docstring(base) is not None:
            return True
        seen.add(base)
        current = ctx.function_info[base]
    if not elsewhere or info.owner is None:
        return False
    return any(member.has_docstring for member in members_elsewhere(ctx, info.owner, info.name))


def exempt(ctx: FileContext, info: FunctionInfo, documented: bool = False) -> bool:
    """Overload stubs, setters and deleters, short functions, overrides of documented methods.

    The bases defined elsewhere are asked about (maybe by astroid) only where the answer
    matters: for a definition without a docstring, or for every one when the coverage
    figure (REV415) is computed.
    """
    if info.is_overload:
        return True
    if any(d.endswith((".setter", ".deleter")) for d in info.decorators):
        return True
    node = info.node
    min_lines = ctx.settings.docstring_min_lines
    if min_lines and (node.end_lineno or node.lineno) - node.lineno + 1 < min_lines:
        return True
    elsewhere = not documented or ctx.settings.min_docstring_coverage > 0
    return info.owner is not None and inherits_docstring(ctx, info, elsewhere)


def own_parameters(ctx: FileContext, info: FunctionInfo) -> List[str]:
    """Parameters a docstring should describe.

    Not a method's ``self``/``cls`` and not ``*args``/``**kwargs`` (RULES.md's exemptions);
    private ``_name`` parameters are callers' keywords too, so they count.
    """
    args = info.node.args
    positional = [*args.posonlyargs, *args.args]
    skip_first = info.owner is not None and positional and (
        info.name == "__init__" or method_kind(ctx, info) != "static"
    )
    names = [p.arg for p in (positional[1:] if skip_first else positional)]
    names.extend(p.arg for p in args.kwonlyargs)
    return [name for name in names if name not in ("self", "cls")]


@per_file
def inits(ctx: FileContext) -> Dict[ast.AST, FunctionInfo]:
    """Class → its ``__init__`` (the last definition that is not an overload stub)."""
    found: Dict[ast.AST, FunctionInfo] = {}
    for info in ctx.functions:
        if info.owner is not None and info.name == "__init__" and not info.is_overload:
            found[info.owner] = info
    return found


def init_documented(ctx: FileContext, info: FunctionInfo) -> bool:
    """REV407: ``__init__`` has a docstring, or its class's docstring documents its arguments."""
    if docstring(info.node) is not None:
        return True
    class_doc = sections(ctx, info.owner)  # type: ignore[arg-type]
    if class_doc is None:
        return False
    return class_doc.has_params or not own_parameters(ctx, info)


def is_stub(node: FunctionNode, info: FunctionInfo) -> bool:
    """An abstract method, or a body of only ``pass``, ``...`` and ``raise NotImplementedError``."""
    if any(last_component(d) in _ABSTRACT for d in info.decorators):
        return True
    for statement in node.body[1:] if docstring(node) is not None else node.body:
        if isinstance(statement, ast.Pass):
            continue
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
            continue
        if isinstance(statement, ast.Raise) and statement.exc is not None:
            if last_component(dotted_name(statement.exc)) == "NotImplementedError":
                continue
        return False
    return True
