"""REV1 naming conventions.

Names follow PEP 8 (CapWords classes, snake_case functions, arguments and
variables, no mixedCase at module or class level), or, with
``--review-naming-style=auto``, the style the module itself uses for each kind
of name. Names imposed from outside are exempt: dunders, overrides of a method
of a base class (defined in the same module, or elsewhere and resolved through
the astroid bridge), methods decorated with ``typing.override``, imported names
and the ``--review-naming-ignore`` globs. An unresolved base exempts nothing: a
camelCase name is its own evidence.
pep8-naming's N8xx codes are the model; unlike them, every finding is reported
once per name and scope, at its first binding.
"""

from __future__ import annotations

import ast
import os
from collections import Counter
from typing import Any, Callable, Dict, FrozenSet, Iterator, List, Optional, Set, Tuple

from flake8_review import options
from flake8_review.checkers import load_all
from flake8_review.context import FUNCTION_TYPES, FileContext, FunctionInfo, Violation
from flake8_review.engine import BaseChecker, check
from flake8_review.classes import (
    base_method,
    bound_elsewhere,
    derives_from,
    foreign_bases,
    has_override_decorator,
    is_classmethod,
    is_metaclass,
    members_elsewhere,
    method_kind,
    params,
    self_param,
)
from flake8_review.naming_facts import (
    bindings,
    binds_class,
    binds_type_alias,
    first_of_each,
    ignored_names,
    inherited,
    is_alias,
    is_imposed,
    position,
)
from flake8_review.naming_helpers import (
    BUILTIN_ERRORS,
    BUILTIN_WARNINGS,
    CAP_WORDS,
    MIXED,
    SNAKE_CASE,
    conforms,
    is_dunder,
    is_snake_file_name,
    is_trivial,
    shown_style,
    starts_upper,
)
from flake8_review.registry import default_off_codes, internal_error_rule, rule

INTERNAL_ERROR = internal_error_rule("REV1", "naming")

_STYLE_OPTIONS = ("--review-naming-style", "--review-naming-ignore")

CLASS_NAME = rule(
    code="REV101",
    name="class-name-not-capwords",
    message="class name {name!r} should be CapWords",
    summary=(
        "Checks that class names are CapWords (`PortBinding`, `HTTPServer`); leading underscores "
        "are allowed. A nested class overriding one of a base class (in the same module, or "
        "elsewhere and resolved through astroid) is exempt, "
        "and so are ctypes structures, unions and simple types, whose names mirror C's."
    ),
    why=(
        "PEP 8 keeps CapWords for classes so that a reader knows at the call site whether "
        "`port_binding(...)` runs a function or builds an object. A class named like a function "
        "or a constant hides that, and every reader pays for it."
    ),
    bad="class port_binding:\n    pass\n",
    good="class PortBinding:\n    pass\n",
    options=("--review-naming-ignore",),
    see_also=("pep8-naming N801", "pylint invalid-name (class-naming-style)"),
)

FUNCTION_NAME = rule(
    code="REV102",
    name="function-name-not-snake-case",
    message="{kind} name {name!r} should be {expected}",
    summary=(
        "Checks that function and method names are snake_case, or with `--review-naming-style=auto` "
        "in the style at least 80% of the module's functions use (when at least 10 show a style). "
        "In snake_case the first word is lower-case; later words may keep the capitals of an "
        "acronym or of an identifier they name (`test_HTTPError_str`, `handle_IHAVE`, `test_countOf`). "
        "Exempt: dunders, single letters, `--review-naming-ignore` names, methods overriding a method "
        "of a base class (defined in the same module, or in another module or an installed package "
        "and resolved through astroid; a base that cannot be resolved exempts nothing), and methods "
        "decorated with `typing.override`. "
        "A name defined several times in one scope (property setters, overloads) is reported once."
    ),
    why=(
        "Function names are read far more often than written. When some are `get_port` and others "
        "`getPort`, readers and search tools have to guess which spelling a call uses. PEP 8 asks for "
        "snake_case; a code base that settled on camelCase (Qt, Twisted) needs consistency instead, "
        "which the auto style checks."
    ),
    bad="def getPort(host):\n    return host.port\n",
    good="def get_port(host):\n    return host.port\n",
    options=_STYLE_OPTIONS,
    see_also=("pep8-naming N802", "pylint invalid-name (function-naming-style, method-naming-style)"),
)

ARGUMENT_NAME = rule(
    code="REV103",
    name="argument-name-not-snake-case",
    message="argument name {name!r} should be {expected}",
    summary=(
        "Checks that argument names of functions, methods and lambdas are snake_case (or the "
        "module's majority style with `--review-naming-style=auto`). The first argument of a "
        "method is left to REV109; arguments of an overriding method whose names the base method "
        "imposes (the base resolved as for REV102), and every argument of a `typing.override` "
        "method whose base is not in the module, are exempt; `typing.overload` stubs are not "
        "checked, their implementation is."
    ),
    why=(
        "Argument names are part of a function's interface: callers write them as keywords. A "
        "camelCase keyword in a snake_case code base makes every call site inconsistent too."
    ),
    bad="def connect(hostName, port):\n    return hostName, port\n",
    good="def connect(host_name, port):\n    return host_name, port\n",
    options=_STYLE_OPTIONS,
    see_also=("pep8-naming N803", "pylint invalid-name (argument-naming-style)"),
)

VARIABLE_NAME = rule(
    code="REV104",
    name="variable-name-not-snake-case",
    message="variable name {name!r} should be {expected}",
    summary=(
        "Checks that local variables (bound in a function or a comprehension by assignment, `for`, "
        "`with ... as`, `except ... as`, `:=` or a `match` capture) are snake_case, or the module's "
        "majority style with `--review-naming-style=auto`. UPPER_CASE locals are reported too; a "
        "capitalised local bound to a class-like value (`Model = models.User`, `Point = namedtuple(...)`, "
        "`T_co = TypeVar(...)`) is not, nor is a name copied from what it binds (`getSize = os.getSize`, "
        "`Outer = ns['Outer']`). Names declared `global` or `nonlocal`, imported names and arguments "
        "are not locals."
    ),
    why=(
        "Locals are the names a reader meets most. Mixing `portId` and `port_id` in one function "
        "makes readers wonder whether they are different things, and UPPER_CASE suggests a module "
        "constant that is not there."
    ),
    bad="def total(prices):\n    totalPrice = sum(prices)\n    return totalPrice\n",
    good="def total(prices):\n    total_price = sum(prices)\n    return total_price\n",
    options=_STYLE_OPTIONS,
    see_also=("pep8-naming N806", "pylint invalid-name (variable-naming-style)"),
)

MODULE_NAME = rule(
    code="REV105",
    name="module-level-name-mixed-case",
    message="module-level name {name!r} should be {expected}",
    summary=(
        "Checks that names bound at module level (or through `global`) are not mixedCase, i.e. "
        "lower-case first with a capital in the first word: snake_case variables, UPPER_CASE "
        "constants and CapWords classes and type aliases are fine. Imported names and names copied "
        "from what they bind (`getSize = os.path.getSize`) are exempt. With "
        "`--review-naming-style=auto` the module's majority variable style is expected instead."
    ),
    why=(
        "Module-level names are imported by other modules, so their spelling spreads. PEP 8 "
        "gives constants UPPER_CASE and everything else snake_case; `defaultPort` is neither and "
        "makes importers guess."
    ),
    bad="defaultPort = 8080\n",
    good="DEFAULT_PORT = 8080\n",
    options=_STYLE_OPTIONS,
    see_also=("pep8-naming N816", "pylint invalid-name (variable-naming-style, const-naming-style)"),
)

ATTRIBUTE_NAME = rule(
    code="REV106",
    name="attribute-name-mixed-case",
    message="{kind} name {name!r} should be {expected}",
    summary=(
        "Checks that class attributes and `self.<attr>` (or `cls.<attr>` in a classmethod) are "
        "not mixedCase, reported once per class at the first binding. Attributes that a base "
        "class binds (of the same module, or elsewhere as astroid reads it: in its body or as "
        "`self.<attr>` in its methods), names copied from what they bind "
        "(`self.onClick = handler.onClick`) and fields of `TypedDict` classes (they mirror "
        "external data) are exempt."
    ),
    why=(
        "Attributes are read through every instance: `server.portNumber` next to "
        "`server.host_name` makes each access a guess. PEP 8 asks for snake_case attributes "
        "(UPPER_CASE for class-level constants)."
    ),
    bad="class Server:\n    def __init__(self):\n        self.portNumber = 8080\n",
    good="class Server:\n    def __init__(self):\n        self.port_number = 8080\n",
    options=_STYLE_OPTIONS,
    see_also=("pep8-naming N815", "pylint invalid-name (attr-naming-style, class-attribute-naming-style)"),
)

FILE_NAME = rule(
    code="REV107",
    name="module-file-name-not-snake-case",
    message="module file name {name!r} should be snake_case",
    summary=(
        "Checks once per file, at line 1, that a `.py` module's file name is snake_case (lower-case "
        "letters, digits, underscores). Stubs (`.pyi`) mirror the module they describe, files "
        "without an extension are scripts, and stdin without `--stdin-display-name` has no name: "
        "none of them is checked."
    ),
    why=(
        "A module's file name is the name its importers write. `import myModule` or a file that "
        "cannot be imported at all (`my-module.py`) breaks the convention every other import "
        "follows, and case-insensitive file systems turn `MyModule.py` vs `mymodule.py` into bugs."
    ),
    bad="# file: myModule.py\nPORT = 8080\n",
    good="# file: my_module.py\nPORT = 8080\n",
    options=("--review-naming-ignore",),
    see_also=("pep8-naming N999", "pylint invalid-name (module-naming-style)"),
)

EXCEPTION_NAME = rule(
    code="REV108",
    name="exception-name-without-error-suffix",
    message="exception class name {name!r} should end in 'Error'",
    summary=(
        "Checks that classes deriving from a builtin exception (directly or through classes of "
        "the same module), other than the `Warning` family, have names ending in `Error`. Off by "
        "default: turn it on with `--extend-select=REV108`."
    ),
    why=(
        "PEP 8 asks exception classes that are errors to carry the `Error` suffix, so that "
        "`except PortInUseError:` reads as error handling and a class name alone tells whether "
        "it may be raised. It is off by default because many code bases name control-flow "
        "exceptions differently on purpose."
    ),
    bad="class PortInUse(Exception):\n    pass\n",
    good="class PortInUseError(Exception):\n    pass\n",
    options=("--review-naming-ignore",),
    default_enabled=False,
    see_also=("pep8-naming N818",),
)

FIRST_ARGUMENT = rule(
    code="REV109",
    name="bad-first-argument-name",
    message="first argument {name!r} of {kind} {func!r} should be {expected}",
    summary=(
        "Checks that the first argument of a method is `self`, and `cls` for classmethods, "
        "`__new__`, `__init_subclass__`, `__class_getitem__` and methods of metaclasses (classes "
        "deriving from `type`, `ABCMeta`, `EnumMeta`, where `mcs`, `metacls` and `mcls` are "
        "accepted too). Exempt: staticmethods (also `name = staticmethod(name)`), functions the "
        "class body itself calls or decorates with (plain helpers), enum's "
        "`_generate_next_value_`, methods with a decorator flake8-review does not know (it may "
        "change how the method is bound), and classes defined inside a function whose own "
        "`self` (or `cls`) the expected name would shadow."
    ),
    why=(
        "`self` and `cls` are the most uniform names in Python: every reader relies on them to "
        "tell instance methods from class methods at a glance. `this`, `s` or `klass` make a "
        "reader stop, and `self` in a classmethod misleads them about what it receives."
    ),
    bad="class Server:\n    def start(this):\n        return this\n",
    good="class Server:\n    def start(self):\n        return self\n",
    options=("--review-naming-ignore",),
    see_also=("pep8-naming N804, N805", "pylint bad-classmethod-argument, bad-mcs-method-argument"),
)

#: ``--review-naming-style=auto``: how much evidence a majority style needs
AUTO_MIN_NAMES = 10
AUTO_MIN_PERCENT = 80


class NamingChecker(BaseChecker):
    """REV1: the flake8 entry point of the naming checks; registers the suite's options."""

    prefix = "REV1"
    checker = "naming"

    @classmethod
    def add_options(cls, manager: Any) -> None:
        """Register every ``--review-*`` option and the default-off codes, once for the suite."""
        load_all()
        options.register(manager)
        manager.extend_default_ignore(list(default_off_codes()))


# -- the expected style --------------------------------------------------------------------

def _expected(ctx: FileContext, names: List[str], plural: str, pep8: str) -> Tuple[str, str]:
    """The style to check against and its wording: PEP 8's, or the module's majority in auto mode."""
    if ctx.settings.naming_style == "auto":
        counts = Counter(style for style in map(shown_style, names) if style)
        total = sum(counts.values())
        if total >= AUTO_MIN_NAMES:
            style, count = counts.most_common(1)[0]
            if style != MIXED and count * 100 >= total * AUTO_MIN_PERCENT:
                return style, f"{style} like {count} of {total} {plural} in this module"
    return SNAKE_CASE, pep8


_Candidate = Tuple[str, ast.AST, Dict[str, str]]
#: a lazy exemption ``(name, node) -> bool``: asked only of names the style would report
_Imposed = Callable[[str, ast.AST], bool]


def _report(ctx: FileContext, candidates: List[_Candidate], plural: str, pep8: str, rule_: Any,
            imposed: Optional[_Imposed] = None) -> Iterator[Violation]:
    """Report the candidates ``(name, node, fields)`` that do not fit the expected style.

    A candidate's own ``expected`` field (a type alias: CapWords) replaces the wording.
    ``imposed`` exempts names a class defined elsewhere imposes; it may ask astroid, so
    it is asked only about names that would be reported, except in auto mode, where
    imposed names must not vote for the module's style.
    """
    if imposed is not None and ctx.settings.naming_style == "auto":
        candidates = [candidate for candidate in candidates if not imposed(candidate[0], candidate[1])]
        imposed = None
    style, text = _expected(ctx, [name for name, _, _ in candidates], plural, pep8)
    for name, node, fields in candidates:
        if conforms(name, style) or (imposed is not None and imposed(name, node)):
            continue
        yield ctx.violation(rule_, node, name=name, **{"expected": text, **fields})


# -- the checks ----------------------------------------------------------------------------

#: ctypes classes whose subclasses mirror C type names
_CTYPES_BASES = frozenset({
    "Structure", "Union", "BigEndianStructure", "LittleEndianStructure", "BigEndianUnion",
    "LittleEndianUnion", "_SimpleCData", "_Pointer", "_CFuncPtr",
})


@check(CLASS_NAME, on=(ast.Module,))
def class_name_not_capwords(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV101."""
    ignored = ignored_names(ctx)
    for node in first_of_each(ctx.nodes(ast.ClassDef), ctx):
        name = node.name  # type: ignore[attr-defined]
        if is_trivial(name) or ignored(name) or conforms(name, CAP_WORDS):
            continue
        scope = ctx.scope(node)
        if isinstance(scope, ast.ClassDef) and name in inherited(ctx, scope):
            continue
        if derives_from(ctx, node, _CTYPES_BASES):  # type: ignore[arg-type]
            continue  # a ctypes structure mirrors the C name (``struct fd_set``)
        if isinstance(scope, ast.ClassDef) and bound_elsewhere(ctx, scope, name):
            continue  # a nested class overriding one of a base class defined elsewhere
        yield ctx.violation(CLASS_NAME, node, name=name)


@check(FUNCTION_NAME, on=(ast.Module,))
def function_name_not_snake_case(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV102."""
    ignored = ignored_names(ctx)
    candidates = []
    for node in first_of_each(ctx.nodes(*FUNCTION_TYPES), ctx):
        info = ctx.function_info[node]
        if is_trivial(info.name) or ignored(info.name) or is_imposed(ctx, info):
            continue
        candidates.append((info.name, node, {"kind": "method" if info.is_method else "function"}))

    def overrides_elsewhere(name: str, node: ast.AST) -> bool:
        owner = ctx.function_info[node].owner
        return owner is not None and bound_elsewhere(ctx, owner, name)

    yield from _report(ctx, candidates, "functions", SNAKE_CASE, FUNCTION_NAME, overrides_elsewhere)


def _exempt_arguments(ctx: FileContext, info: FunctionInfo) -> Optional[Set[str]]:
    """Argument names an override inherits from its base method; ``None``: all of them."""
    base = base_method(ctx, info)
    if base is not None:
        return {param.arg for param in params(base.args)}  # type: ignore[attr-defined]
    if info.owner is not None and has_override_decorator(info):
        return None  # the base is elsewhere: its parameter names are unknown, so all may be imposed
    return set()


@check(ARGUMENT_NAME, on=(ast.Module,))
def argument_name_not_snake_case(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV103."""
    ignored = ignored_names(ctx)
    candidates: List[_Candidate] = []
    methods: Dict[ast.AST, FunctionInfo] = {}  # argument → the method it belongs to
    for info in ctx.functions:
        if info.is_overload:
            continue
        exempt = _exempt_arguments(ctx, info)
        found = _argument_candidates(info.node.args, self_param(ctx, info), exempt, ignored)
        candidates.extend(found)
        if info.owner is not None:
            methods.update((candidate[1], info) for candidate in found)
    for node in ctx.nodes(ast.Lambda):
        candidates.extend(_argument_candidates(node.args, None, set(), ignored))  # type: ignore[attr-defined]
    candidates.sort(key=lambda candidate: position(candidate[1]))

    def named_elsewhere(name: str, param: ast.AST) -> bool:
        info = methods.get(param)
        return info is not None and name in _base_parameters_elsewhere(ctx, info)

    yield from _report(ctx, candidates, "arguments", SNAKE_CASE, ARGUMENT_NAME, named_elsewhere)


def _argument_candidates(args: ast.arguments, first: Optional[ast.arg], exempt: Optional[Set[str]],
                         ignored: Callable[[str], bool]) -> List[_Candidate]:
    """The arguments of one function REV103 judges; ``exempt`` ``None`` means none of them."""
    if exempt is None:
        return []
    return [
        (param.arg, param, {}) for param in params(args)
        if not (param is first or is_trivial(param.arg) or param.arg in exempt or ignored(param.arg))
    ]


def _base_parameters_elsewhere(ctx: FileContext, info: FunctionInfo) -> Set[str]:
    """Parameter names of the methods defined elsewhere that ``info`` overrides (astroid's answer)."""
    names: Set[str] = set()
    for member in members_elsewhere(ctx, info.owner, info.name):  # type: ignore[arg-type]
        names.update(param.name for param in member.params or ())
    return names


def _parameter_names(scope: ast.AST) -> Set[str]:
    args = getattr(scope, "args", None)
    return {param.arg for param in params(args)} if isinstance(args, ast.arguments) else set()


@check(VARIABLE_NAME, on=(ast.Module,))
def variable_name_not_snake_case(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV104."""
    ignored = ignored_names(ctx)
    candidates = []
    parameters: Dict[ast.AST, Set[str]] = {}
    for thing in bindings(ctx)["local"]:
        name = thing.name
        if is_trivial(name) or ignored(name):
            continue
        if thing.scope not in parameters:
            parameters[thing.scope] = _parameter_names(thing.scope)
        if name in parameters[thing.scope]:
            continue  # rebinding an argument: REV103 reports the name
        if starts_upper(name) and any(binds_class(value) for value in thing.values):
            continue  # ``Model = models.User``, ``T_co = TypeVar("T_co", covariant=True)``
        if not is_alias(name, thing.values):
            candidates.append((name, thing.node, _type_alias_wording(thing.values)))
    yield from _report(ctx, candidates, "local variables", SNAKE_CASE, VARIABLE_NAME)


def _type_alias_wording(values: List[Optional[ast.AST]]) -> Dict[str, str]:
    """``type Alias = ...`` names a type: PEP 8 spells types in CapWords."""
    return {"expected": CAP_WORDS} if any(binds_type_alias(value) for value in values) else {}


@check(MODULE_NAME, on=(ast.Module,))
def module_level_name_mixed_case(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV105."""
    ignored = ignored_names(ctx)
    candidates = [
        (thing.name, thing.node, _type_alias_wording(thing.values))
        for thing in bindings(ctx)["module"]
        if not (is_trivial(thing.name) or starts_upper(thing.name) or ignored(thing.name)
                or is_alias(thing.name, thing.values))
    ]
    yield from _report(ctx, candidates, "module-level names", "snake_case or UPPER_CASE", MODULE_NAME)


_TYPED_DICT = frozenset({"TypedDict"})


@check(ATTRIBUTE_NAME, on=(ast.Module,))
def attribute_name_mixed_case(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV106."""
    ignored = ignored_names(ctx)
    candidates = []
    classes: Dict[ast.AST, ast.ClassDef] = {}
    for thing in bindings(ctx)["attribute"]:
        name = thing.name
        if is_trivial(name) or starts_upper(name) or ignored(name) or is_alias(name, thing.values):
            continue
        cls = thing.scope
        if name in inherited(ctx, cls) or derives_from(ctx, cls, _TYPED_DICT):  # type: ignore[arg-type]
            continue
        candidates.append((name, thing.node, {"kind": thing.label}))
        classes[thing.node] = cls  # type: ignore[assignment]

    def bound_by_base(name: str, node: ast.AST) -> bool:
        return bound_elsewhere(ctx, classes[node], name, attributes=True)

    yield from _report(ctx, candidates, "attributes", SNAKE_CASE, ATTRIBUTE_NAME, bound_by_base)


@check(FILE_NAME, on=(ast.Module,))
def module_file_name_not_snake_case(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV107."""
    stem = ctx.module_name
    if not stem:
        return
    file_name = os.path.basename(ctx.filename)
    if os.path.splitext(file_name)[1] not in (".py", ".pyw"):
        return  # a stub mirrors its module's name; a file without extension is a script
    if is_dunder(stem) or is_snake_file_name(stem) or ignored_names(ctx)(stem):
        return
    yield ctx.violation(FILE_NAME, None, name=file_name)


def _exception_kind(ctx: FileContext, cls: ast.ClassDef) -> str:
    """``error`` or ``warning`` when ``cls`` derives from a builtin exception, else ``''``."""
    kind = ""
    for text in foreign_bases(ctx, cls):
        if text in BUILTIN_WARNINGS:
            return "warning"
        if text in BUILTIN_ERRORS:
            kind = "error"
    return kind


@check(EXCEPTION_NAME, on=(ast.Module,))
def exception_name_without_error_suffix(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV108."""
    ignored = ignored_names(ctx)
    for node in first_of_each(ctx.nodes(ast.ClassDef), ctx):
        name = node.name  # type: ignore[attr-defined]
        if name.endswith("Error") or is_trivial(name) or ignored(name):
            continue
        if _exception_kind(ctx, node) == "error":  # type: ignore[arg-type]
            yield ctx.violation(EXCEPTION_NAME, node, name=name)


_INSTANCE_FIRST = frozenset({"self"})
_CLASS_FIRST = frozenset({"cls"})
_METACLASS_FIRST = frozenset({"cls", "mcs", "metacls", "mcls"})


def _taken_by_enclosing_function(ctx: FileContext, cls: Optional[ast.AST], names: FrozenSet[str]) -> bool:
    """A class defined in a method whose own ``self`` (or ``cls``) its methods must not shadow."""
    for up in ctx.ancestors(cls):  # type: ignore[arg-type]
        if isinstance(up, (*FUNCTION_TYPES, ast.Lambda)) and names & _parameter_names(up):
            return True
    return False


def _first_argument_expectation(ctx: FileContext, info: FunctionInfo) -> Tuple[FrozenSet[str], str, str]:
    """The accepted first-parameter names, the method kind shown, and the expected name shown."""
    if is_metaclass(ctx, info.owner):  # type: ignore[arg-type]
        return _METACLASS_FIRST, "metaclass method", "'cls'"
    if method_kind(ctx, info) == "class":
        kind = "classmethod" if is_classmethod(ctx, info) else "method"
        return _CLASS_FIRST, kind, "'cls'"
    return _INSTANCE_FIRST, "method", "'self'"


@check(FIRST_ARGUMENT, on=(ast.Module,))
def bad_first_argument_name(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV109."""
    ignored = ignored_names(ctx)
    for info in ctx.functions:
        first = self_param(ctx, info)
        if first is None or ignored(first.arg):
            continue
        accepted, kind, expected = _first_argument_expectation(ctx, info)
        if first.arg in accepted or _taken_by_enclosing_function(ctx, info.owner, accepted):
            continue
        yield ctx.violation(FIRST_ARGUMENT, first, name=first.arg, kind=kind, func=info.name,
                            expected=expected)
