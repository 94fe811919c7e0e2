"""REV4 docstrings.

Public modules, packages, classes, methods and functions have docstrings, and what a
docstring says about parameters and exceptions matches the code: no stale or missing
parameters, no raises section that names the wrong exceptions, one docstring style per
module, no empty or placeholder docstrings. Google, NumPy and Sphinx (reST field) styles are
all understood. Formatting (quotes, blank lines, the summary line's mood) is left to
pydocstyle; this category checks that docstrings exist and tell the truth.
"""

from __future__ import annotations

import ast
from collections import Counter
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from flake8_review.annotation_helpers import format_percent
from flake8_review.classes import last_component, params
from flake8_review.context import FUNCTION_TYPES, FileContext, FunctionInfo, Violation, per_file
from flake8_review.docstring_facts import (
    DefinitionNode,
    FunctionNode,
    docstring,
    exempt,
    init_documented,
    inits,
    is_stub,
    own_parameters,
    sections,
    unique,
)
from flake8_review.docstring_public import (
    MODULE,
    PACKAGE,
    STUB,
    exposed,
    module_kind,
    package_name,
    public_class,
)
from flake8_review.docstring_raises import BROAD_EXCEPTIONS, ancestry, raised, reachable_raises
from flake8_review.docstring_sections import STYLE_NAMES, placeholder_problem
from flake8_review.engine import BaseChecker, check
from flake8_review.naming_helpers import is_dunder
from flake8_review.registry import Rule, internal_error_rule, rule

INTERNAL_ERROR = internal_error_rule("REV4", "docstrings")

_MIN_LINES = "--review-docstring-min-lines"
_MISSING_SUMMARY = (
    " Exempt: methods overriding a method that has a docstring, of a base class in the same "
    "module or, resolved through astroid, in another module or an installed package (an "
    "unresolved base exempts nothing), `typing.overload` stubs, property setters and deleters, "
    "and functions shorter than `--review-docstring-min-lines` lines (counted from the `def` "
    "line to the last line)."
)
_PUBLIC = (
    "Public means: no leading underscore on the name or on any enclosing class, not nested in "
    "a function, in a module whose file name does not start with `_` (`__init__.py` excepted), "
    "and, when the module defines `__all__`, a top-level name listed there."
)

MISSING_MODULE = rule(
    code="REV401",
    name="missing-module-docstring",
    message="public module {name!r} has no docstring",
    summary=(
        "Checks that a public module (a `.py` file whose name does not start with `_`) starts "
        "with a docstring; reported once, at line 1. Packages' `__init__.py` are REV405's; "
        "empty files, stubs (`.pyi`) and stdin without `--stdin-display-name` are not checked."
    ),
    why=(
        "The module docstring is the first thing a reader sees in `help()`, in generated API "
        "docs and at the top of the file: one sentence saying what the module is for saves "
        "every newcomer from reverse-engineering it from the code."
    ),
    bad="import socket\n\n\ndef connect(host):\n    return socket.create_connection((host, 80))\n",
    good=(
        '"""Connections to the inventory service."""\nimport socket\n\n\n'
        "def connect(host):\n    return socket.create_connection((host, 80))\n"
    ),
    see_also=("pydocstyle D100", "pylint missing-module-docstring (C0114)"),
)

MISSING_CLASS = rule(
    code="REV402",
    name="missing-class-docstring",
    message="public class {name!r} has no docstring",
    summary="Checks that public classes have a docstring. " + _PUBLIC,
    why=(
        "A class docstring says what an instance stands for and how it is meant to be used; "
        "the class name alone rarely does. It is what `help(Inventory)` and API docs show, "
        "and where a reader looks before reading every method."
    ),
    bad='"""Stock keeping."""\n\n\nclass Inventory:\n    items = ()\n',
    good=(
        '"""Stock keeping."""\n\n\nclass Inventory:\n'
        '    """The items of one warehouse."""\n\n    items = ()\n'
    ),
    see_also=("pydocstyle D101", "pylint missing-class-docstring (C0115)"),
)

MISSING_METHOD = rule(
    code="REV403",
    name="missing-method-docstring",
    message="public method {name!r} of class {cls!r} has no docstring",
    summary=(
        "Checks that public methods (no leading underscore, in a public class) have a docstring. "
        "Magic methods are REV406's and `__init__` is REV407's." + _MISSING_SUMMARY
    ),
    why=(
        "Methods are a class's interface: callers read their docstrings in their editor and in "
        "`help()`. A method whose documentation lives in a base class inherits it "
        "(`inspect.getdoc` finds it), so such overrides are exempt."
    ),
    bad=(
        'class Inventory:\n    """The items of one warehouse."""\n\n'
        "    def restock(self, item, count):\n        self.items[item] += count\n"
    ),
    good=(
        'class Inventory:\n    """The items of one warehouse."""\n\n'
        "    def restock(self, item, count):\n"
        '        """Add ``count`` units of ``item`` to the stock."""\n'
        "        self.items[item] += count\n"
    ),
    options=(_MIN_LINES,),
    see_also=("pydocstyle D102", "pylint missing-function-docstring (C0116)"),
)

MISSING_FUNCTION = rule(
    code="REV404",
    name="missing-function-docstring",
    message="public function {name!r} has no docstring",
    summary="Checks that public module-level functions have a docstring. " + _PUBLIC + _MISSING_SUMMARY,
    why=(
        "A function's docstring is its contract: what it does, what it expects and what it "
        "returns. Without it every caller has to read the body, and every change to the body "
        "risks breaking an assumption nobody wrote down."
    ),
    bad="def connect(host, port):\n    return (host, port)\n",
    good=(
        "def connect(host, port):\n"
        '    """Open a connection to the inventory service."""\n    return (host, port)\n'
    ),
    options=(_MIN_LINES,),
    see_also=("pydocstyle D103", "pylint missing-function-docstring (C0116)"),
)

MISSING_PACKAGE = rule(
    code="REV405",
    name="missing-package-docstring",
    message="public package {name!r} has no docstring",
    summary=(
        "Checks that a public package's `__init__.py` starts with a docstring; reported once, "
        "at line 1. A package whose folder name starts with `_` is private and, like a private "
        "module, requires no docstrings. An empty `__init__.py` (comments at most) is a package "
        "marker and is not reported; stdin is judged by its `--stdin-display-name`."
    ),
    why=(
        "The package docstring is what `help(package)` prints and what API docs put on the "
        "package's page: the place to say what the package is for and which modules matter."
    ),
    bad="# file: __init__.py\nfrom .inventory import Inventory\n",
    good='# file: __init__.py\n"""Stock keeping for the warehouses."""\nfrom .inventory import Inventory\n',
    see_also=("pydocstyle D104", "pylint missing-module-docstring (C0114)"),
)

MISSING_MAGIC = rule(
    code="REV406",
    name="missing-magic-method-docstring",
    message="magic method {name!r} of class {cls!r} has no docstring",
    summary=(
        "Checks that magic methods (`__len__`, `__call__`, `__eq__`, ...) of public classes have "
        "a docstring; `__init__` is REV407's. Off by default: turn it on with "
        "`--extend-select=REV406`." + _MISSING_SUMMARY
    ),
    why=(
        "What a magic method does is mostly fixed by the language, but not what it means for "
        "this class: whether `==` compares identity or content, what `len()` counts. Off by "
        "default because many magic methods are self-explanatory."
    ),
    bad=(
        'class Basket:\n    """Items picked for one order."""\n\n'
        "    def __len__(self):\n        return sum(self.counts.values())\n"
    ),
    good=(
        'class Basket:\n    """Items picked for one order."""\n\n'
        "    def __len__(self):\n"
        '        """The number of units in the basket, not of distinct items."""\n'
        "        return sum(self.counts.values())\n"
    ),
    options=(_MIN_LINES,),
    default_enabled=False,
    see_also=("pydocstyle D105",),
)

MISSING_INIT = rule(
    code="REV407",
    name="missing-init-docstring",
    message=(
        "method {name!r} of class {cls!r} has no docstring "
        "and the class docstring does not document its arguments"
    ),
    summary=(
        "Checks that the `__init__` of a public class has a docstring, unless the class "
        "docstring documents its arguments (has a parameter section, or `__init__` takes none "
        "besides `self`, `*args` and `**kwargs`). Off by default: turn it on with "
        "`--extend-select=REV407`." + _MISSING_SUMMARY
    ),
    why=(
        "The constructor's arguments are what users of a class need first. Either the class "
        "docstring documents them (Google and NumPy style put them there) or `__init__` has "
        "its own docstring; with neither, the arguments are undocumented. Off by default "
        "because projects choose differently where constructor arguments go."
    ),
    bad=(
        'class Basket:\n    """Items picked for one order."""\n\n'
        "    def __init__(self, order_id):\n        self.order_id = order_id\n"
    ),
    good=(
        'class Basket:\n    """Items picked for one order.\n\n    Args:\n'
        '        order_id: the order the items are picked for.\n    """\n\n'
        "    def __init__(self, order_id):\n        self.order_id = order_id\n"
    ),
    options=(_MIN_LINES,),
    default_enabled=False,
    see_also=("pydocstyle D107",),
)

_SECTIONS_SUMMARY = (
    " Google (`Args:`), NumPy (`Parameters` underlined with dashes) and Sphinx (`:param x:`, "
    "`:param int x:`) docstrings are understood; keyword-argument sections (`Keyword Args:`, "
    "`:keyword x:`) document parameters too. A class docstring's parameters are compared with "
    "`__init__`'s signature when `__init__` has no docstring of its own."
)

UNKNOWN_PARAMETER = rule(
    code="REV410",
    name="docstring-unknown-parameter",
    message="docstring of {name!r} documents {params} which {signature} does not have",
    summary=(
        "Checks for documented parameters that the signature does not have, typically left "
        "behind by a rename or a removal; one finding per docstring names them all. A function "
        "taking `*args` or `**kwargs` is not checked: the extra names may describe what those "
        "accept." + _SECTIONS_SUMMARY
    ),
    why=(
        "A docstring that documents `timout` for a parameter now called `timeout` is worse than "
        "none: it sends readers to keyword arguments that raise `TypeError` and it hides that "
        "the real parameter is undocumented."
    ),
    bad=(
        "def connect(host, timeout=30):\n"
        '    """Open a connection.\n\n    Args:\n        host: the server.\n'
        '        timout: seconds to wait.\n    """\n'
    ),
    good=(
        "def connect(host, timeout=30):\n"
        '    """Open a connection.\n\n    Args:\n        host: the server.\n'
        '        timeout: seconds to wait.\n    """\n'
    ),
    see_also=("pydoclint DOC102, DOC103", "darglint DAR102"),
)

MISSING_PARAMETER = rule(
    code="REV411",
    name="docstring-missing-parameter",
    message="docstring of {name!r} does not document {params} from {signature}",
    summary=(
        "Checks that a docstring with a parameter section documents every parameter, except a "
        "method's `self`/`cls`, `*args`/`**kwargs` and private `_name` parameters (like private "
        "functions, not part of the documented interface); one finding per docstring names them "
        "all. A docstring without a parameter section, or with a line in it that reads as "
        "prose rather than an entry, is not checked." + _SECTIONS_SUMMARY
    ),
    why=(
        "A parameter section promises to describe the parameters; readers trust it and stop "
        "looking. When a parameter is added later and the section is not updated, the new "
        "parameter is the one nobody can find out about."
    ),
    bad=(
        "def connect(host, port, timeout=30):\n"
        '    """Open a connection.\n\n    Args:\n        host: the server.\n'
        '        port: its TCP port.\n    """\n'
    ),
    good=(
        "def connect(host, port, timeout=30):\n"
        '    """Open a connection.\n\n    Args:\n        host: the server.\n'
        '        port: its TCP port.\n        timeout: seconds to wait.\n    """\n'
    ),
    see_also=("pydoclint DOC101, DOC103", "pydocstyle D417", "darglint DAR101"),
)

RAISES_MISMATCH = rule(
    code="REV412",
    name="docstring-raises-mismatch",
    message="raises section of {name!r} {mismatch}",
    summary=(
        "Checks a docstring's raises section (`Raises:`, NumPy `Raises`, `:raises X:`) against "
        "the `raise` statements of the function's own body (not those of nested functions): it "
        "reports exceptions the section names but the body never raises, and exceptions the "
        "body raises by name (`raise X` or `raise X(...)`, not caught in the function itself) "
        "that the section leaves out. Names match by their last dotted component, and a "
        "documented base class covers its subclasses where the hierarchy is known (builtin "
        "exceptions and classes of the same module). A bare `raise` names nothing but "
        "re-raises what its `except` caught; `assert` raises `AssertionError`. A raise whose "
        "exception cannot be named turns the first check off, an unreadable raises entry the "
        "second; abstract methods and stubs (`raise NotImplementedError`) are not checked."
    ),
    why=(
        "Callers write their `except` clauses from the raises section. An exception listed but "
        "never raised makes them handle errors that cannot happen; one raised but not listed "
        "reaches them unhandled. Both usually mean the code changed and the docstring did not."
    ),
    bad=(
        "def parse_port(text):\n"
        '    """Read a TCP port number.\n\n    Raises:\n        KeyError: if the text is empty.\n    """\n'
        "    port = int(text)\n    if not 0 < port < 65536:\n"
        '        raise ValueError(f"port out of range: {port}")\n    return port\n'
    ),
    good=(
        "def parse_port(text):\n"
        '    """Read a TCP port number.\n\n    Raises:\n'
        '        ValueError: if the port is out of range.\n    """\n'
        "    port = int(text)\n    if not 0 < port < 65536:\n"
        '        raise ValueError(f"port out of range: {port}")\n    return port\n'
    ),
    see_also=("pydoclint DOC501, DOC502, DOC503", "darglint DAR401, DAR402"),
)

STYLE_MISMATCH = rule(
    code="REV413",
    name="docstring-style-mismatch",
    message=(
        "docstring of {name!r} is {style} style; "
        "{count} of {total} docstrings with parameters in this module are {majority} style"
    ),
    summary=(
        "Checks that docstrings with a parameter section use the style most of the module's "
        "docstrings with a parameter section use: Google (`Args:`), NumPy (`Parameters` "
        "underlined with dashes) or Sphinx (`:param x:`). A tie between the most used styles "
        "reports nothing, and so does a docstring that mixes styles."
    ),
    why=(
        "Documentation tools render one style at a time (napoleon is configured for Google or "
        "NumPy), and readers scan for one shape. A module where most functions say `Args:` "
        "and one says `:param x:` reads as two authors who never met, and the odd one is often "
        "rendered wrong."
    ),
    bad=(
        "def connect(host):\n"
        '    """Open a connection.\n\n    Args:\n        host: the server.\n    """\n\n\n'
        "def close(connection):\n"
        '    """Close a connection.\n\n    Args:\n        connection: what connect returned.\n    """\n\n\n'
        "def send(connection, data):\n"
        '    """Send bytes.\n\n    :param connection: what connect returned.\n'
        '    :param data: the bytes to send.\n    """\n'
    ),
    good=(
        "def connect(host):\n"
        '    """Open a connection.\n\n    Args:\n        host: the server.\n    """\n\n\n'
        "def close(connection):\n"
        '    """Close a connection.\n\n    Args:\n        connection: what connect returned.\n    """\n\n\n'
        "def send(connection, data):\n"
        '    """Send bytes.\n\n    Args:\n        connection: what connect returned.\n'
        '        data: the bytes to send.\n    """\n'
    ),
    see_also=("pydocstyle --convention", "pydoclint --style", "darglint docstring_style"),
)

PLACEHOLDER_DOCSTRING = rule(
    code="REV414",
    name="placeholder-docstring",
    message="docstring of {name!r} {problem}",
    summary=(
        "Checks for docstrings that say nothing: empty or whitespace only, a placeholder "
        "(`TODO`, `TBD`, `FIXME`, `...`) or only the object's own name, compared "
        "case-insensitively after stripping whitespace and trailing punctuation. Every "
        "docstring is checked, private and nested ones included; a module's is reported at line 1."
    ),
    why=(
        "A placeholder docstring silences every missing-docstring check while documenting "
        "nothing, so the gap never shows up again. Better no docstring, which tools report, "
        "than one that only pretends."
    ),
    bad='def connect(host):\n    """TODO"""\n    return host\n',
    good=(
        "def connect(host):\n"
        '    """Open a connection to ``host`` on the default port."""\n    return host\n'
    ),
    see_also=("pydocstyle D419", "pylint empty-docstring (C0112)"),
)

LOW_COVERAGE = rule(
    code="REV415",
    name="low-docstring-coverage",
    message=(
        "module docstring coverage {coverage}% is below {threshold}% "
        "({documented} of {required} definitions documented)"
    ),
    summary=(
        "Checks that the share of documented definitions among those REV401-REV405 require "
        "(the module or package itself and its public classes, methods and functions, minus "
        "the exempt ones) reaches `--review-min-docstring-coverage` percent; one finding at "
        "line 1. Silent while the threshold is 0, its default."
    ),
    why=(
        "Documenting a legacy code base happens module by module. A coverage floor lets a team "
        "ratchet it up without a finding for every function: raise the threshold as modules "
        "improve and no module can slide back. Any docstring counts as documentation here; "
        "REV414 judges placeholders."
    ),
    bad=(
        '"""Connections to the inventory service."""\n\n\n'
        "def connect(host):\n    return host\n\n\ndef close(connection):\n    return None\n"
    ),
    good=(
        '"""Connections to the inventory service."""\n\n\n'
        'def connect(host):\n    """Open a connection."""\n    return host\n\n\n'
        'def close(connection):\n    """Close a connection."""\n    return None\n'
    ),
    options=("--review-min-docstring-coverage", _MIN_LINES),
    see_also=("interrogate --fail-under", "docstr-coverage --fail-under"),
    example_options=("--review-min-docstring-coverage=100",),
)

#: the rules whose definitions REV415 counts
_COUNTED = frozenset({"REV401", "REV402", "REV403", "REV404", "REV405"})

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


# -- what must be documented ----------------------------------------------------------------

@dataclass(frozen=True)
class _Required:
    """A definition one of REV401-REV407 requires a docstring for."""

    rule: Rule
    node: Optional[ast.AST]  # None: the module itself
    fields: Tuple[Tuple[str, str], ...]
    documented: bool


@per_file
def _class_names(ctx: FileContext) -> Dict[ast.AST, str]:
    """Memo of :func:`_class_name`."""
    return {}


def _class_name(ctx: FileContext, cls: ast.ClassDef) -> str:
    """``Outer.Inner``: a class as messages name it, computed once per class."""
    names = _class_names(ctx)
    name = names.get(cls)
    if name is None:
        name = names[cls] = ctx.qualname(cls)
    return name


def _function_requirement(ctx: FileContext, info: FunctionInfo) -> Optional[_Required]:
    name = info.name
    node = info.node
    owner = info.owner
    if owner is None:
        if name.startswith("_") or not exposed(ctx, node):
            return None
        required, fields = MISSING_FUNCTION, (("name", name),)
    else:
        if not public_class(ctx, owner):
            return None
        fields = (("name", name), ("cls", _class_name(ctx, owner)))
        if name == "__init__":
            required = MISSING_INIT
        elif is_dunder(name):
            required = MISSING_MAGIC
        elif name.startswith("_"):
            return None
        else:
            required = MISSING_METHOD
    documented = init_documented(ctx, info) if required is MISSING_INIT else docstring(node) is not None
    if exempt(ctx, info, documented):
        return None
    return _Required(required, node, fields, documented)


@per_file
def _requirements(ctx: FileContext) -> List[_Required]:
    """Every definition REV401-REV407 require a docstring for, documented or not."""
    kind = module_kind(ctx)
    if kind == STUB:
        return []  # stubs mirror a module; docstrings belong in the module (flake8-pyi Y021)
    found: List[_Required] = []
    module = ctx.tree
    if getattr(module, "body", None):  # an empty file (comments at most) needs no docstring
        documented = docstring(module) is not None
        if kind == MODULE:
            found.append(_Required(MISSING_MODULE, None, (("name", ctx.module_name),), documented))
        elif kind == PACKAGE:
            found.append(_Required(MISSING_PACKAGE, None, (("name", package_name(ctx)),), documented))
    for cls in ctx.nodes(ast.ClassDef):
        if public_class(ctx, cls):  # type: ignore[arg-type]
            fields = (("name", _class_name(ctx, cls)),)  # type: ignore[arg-type]
            found.append(_Required(MISSING_CLASS, cls, fields, docstring(cls) is not None))
    for info in ctx.functions:
        requirement = _function_requirement(ctx, info)
        if requirement is not None:
            found.append(requirement)
    return found


@check(
    MISSING_MODULE,
    MISSING_CLASS,
    MISSING_METHOD,
    MISSING_FUNCTION,
    MISSING_PACKAGE,
    MISSING_MAGIC,
    MISSING_INIT,
    on=(ast.Module,),
)
def missing_docstring(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV401, REV402, REV403, REV404, REV405, REV406, REV407."""
    for item in _requirements(ctx):
        if not item.documented:
            yield ctx.violation(item.rule, item.node, **dict(item.fields))


@check(LOW_COVERAGE, on=(ast.Module,))
def low_docstring_coverage(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV415."""
    threshold = ctx.settings.min_docstring_coverage
    if threshold <= 0:
        return
    counted = [item for item in _requirements(ctx) if item.rule.code in _COUNTED]
    required = len(counted)
    documented = sum(1 for item in counted if item.documented)
    if not required or documented * 100 >= threshold * required:
        return
    yield ctx.violation(
        LOW_COVERAGE,
        None,
        coverage=format_percent(documented, required),
        threshold=threshold,
        documented=documented,
        required=required,
    )


# -- parameters -----------------------------------------------------------------------------

def _quoted(names: Sequence[str]) -> str:
    return ", ".join(repr(name) for name in names)


@check(UNKNOWN_PARAMETER, MISSING_PARAMETER, on=_DEFINITIONS)
def parameter_mismatch(node: DefinitionNode, ctx: FileContext) -> Iterator[Violation]:
    """REV410, REV411."""
    doc = sections(ctx, node)
    if doc is None or not doc.has_params:
        return
    if isinstance(node, ast.ClassDef):
        info = inits(ctx).get(node)
        if info is None or docstring(info.node) is not None:
            return  # no signature to compare with, or __init__ documents itself
        signature = "the signature of __init__"
    else:
        info = ctx.function_info[node]
        signature = "the signature"
    args = info.node.args
    documented = unique(doc.documented)
    if args.vararg is None and args.kwarg is None:
        known = {param.arg for param in params(args)}
        unknown = [name for name in documented if name not in known]
        if unknown:
            yield ctx.violation(
                UNKNOWN_PARAMETER, node, name=node.name, params=_quoted(unknown), signature=signature
            )
    if doc.params_partial:
        return
    written = set(documented)
    missing = [name for name in own_parameters(ctx, info) if name not in written]
    if missing:
        yield ctx.violation(
            MISSING_PARAMETER, node, name=node.name, params=_quoted(missing), signature=signature
        )


# -- raises ---------------------------------------------------------------------------------

def _raises_mismatch(listed: List[str], unlisted: List[str]) -> str:
    """The ``{mismatch}`` of REV412: what the section lists in vain, what it leaves out."""
    pronoun = "it" if len(listed) == 1 else "them"
    never = f"lists {_quoted(listed)} but no raise statement raises {pronoun}"
    if listed and unlisted:
        return f"{never}, and leaves out {_quoted(unlisted)}, which the function raises"
    if listed:
        return never
    return f"leaves out {_quoted(unlisted)}, which the function raises"


@check(RAISES_MISMATCH, on=FUNCTION_TYPES)
def raises_mismatch(node: FunctionNode, ctx: FileContext) -> Iterator[Violation]:
    """REV412."""
    doc = sections(ctx, node)
    if doc is None or not doc.has_raises:
        return
    info = ctx.function_info[node]
    if is_stub(node, info):
        return
    own = raised(ctx, node)
    documented = unique([last_component(name) for name in doc.raises])
    never: List[str] = []
    if not own.unknown:
        possible = reachable_raises(ctx, node, info.owner)
        never = [
            name for name in documented
            if not any(name in ancestry(ctx, candidate) for candidate in possible)
        ]
    left_out: List[str] = []
    # ``pytest.skip.Exception``: an alias attribute, whose last component says nothing
    aliased = any("." in name and last_component(name) in BROAD_EXCEPTIONS for name in doc.raises)
    if not doc.raises_partial and not aliased:
        left_out = [
            name for name in own.direct
            if not any(listed in ancestry(ctx, name) for listed in documented)
        ]
    if never or left_out:
        yield ctx.violation(RAISES_MISMATCH, node, name=node.name, mismatch=_raises_mismatch(never, left_out))


# -- style and content ----------------------------------------------------------------------

@check(STYLE_MISMATCH, on=(ast.Module,))
def docstring_style_mismatch(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV413."""
    styled = []
    for node in ctx.nodes(*_DEFINITIONS):
        doc = sections(ctx, node)
        if doc is not None and doc.has_params and not doc.mixed:
            styled.append((node, doc.style))
    ranked = Counter(style for _, style in styled).most_common(2)
    if len(ranked) < 2 or ranked[0][1] == ranked[1][1]:
        return
    majority, count = ranked[0]
    for node, style in styled:
        if style != majority:
            yield ctx.violation(
                STYLE_MISMATCH,
                node,
                name=node.name,  # type: ignore[attr-defined]
                style=STYLE_NAMES[style],
                count=count,
                total=len(styled),
                majority=STYLE_NAMES[majority],
            )


def _own_names(node: ast.AST, ctx: FileContext) -> Tuple[str, Tuple[str, ...]]:
    """The name shown for a docstring's owner, and the names its docstring may not just repeat."""
    if isinstance(node, ast.Module):
        stem = ctx.module_name or "stdin"
        if module_kind(ctx) == PACKAGE:
            package = package_name(ctx)
            return package, (package, stem)
        return stem, (stem,)
    name = node.name  # type: ignore[attr-defined]
    return name, (name,)


@check(PLACEHOLDER_DOCSTRING, on=(ast.Module, *_DEFINITIONS))
def placeholder_docstring(node: ast.AST, ctx: FileContext) -> Iterator[Violation]:
    """REV414."""
    text = docstring(node)
    if text is None:
        return
    shown, names = _own_names(node, ctx)
    problem = placeholder_problem(text, names)
    if problem:
        where = None if isinstance(node, ast.Module) else node
        yield ctx.violation(PLACEHOLDER_DOCSTRING, where, name=shown, problem=problem)


class DocstringsChecker(BaseChecker):
    """REV4: the flake8 entry point of the docstring checks."""

    prefix = "REV4"
    checker = "docstrings"
