"""REV8 unused code.

Finds code that nothing uses: private names and members no module of the project
reads (REV801, REV802), arguments a body ignores (REV803), unreachable statements
(REV806), and, when selected, public definitions nothing references (REV804),
attributes assigned but never read (REV805) and code only tests use (REV807).
The cross-module codes ask the project index (``flake8_review.project``), which is
built once per run and cached in ``.flake8-review-cache/`` at the project root (add
it to ``.gitignore``; the folder ignores itself for git). Unused imports and local
variables are pyflakes' business (F401, F841).
"""

from __future__ import annotations

import argparse
import ast
import os
from typing import Dict, Iterator, List, Set, Tuple

from flake8_review import project
from flake8_review.context import FUNCTION_TYPES, FileContext, Violation
from flake8_review.engine import BaseChecker, check
from flake8_review.project import ProjectView
from flake8_review.registry import internal_error_rule, rule
from flake8_review.unused_body_helpers import unreachable_in, unused_arguments
from flake8_review.unused_helpers import (
    HOOK_NAMES,
    TEST_NAMES,
    Definition,
    class_members,
    is_dunder,
    is_private,
    is_sunder,
    matches_any,
    module_definitions,
    slot_names,
)

INTERNAL_ERROR = internal_error_rule("REV8", "unused")

_IGNORE = ("--review-unused-ignore",)
_ROOT = ("--review-project-root",)
_INDEX_WHY = (
    " The whole project is searched: every module under the project root (the nearest folder "
    "with pyproject.toml, setup.cfg, setup.py, tox.ini or .git, or `--review-project-root`) "
    "that flake8's exclude options do not exclude. Its facts are cached in `.flake8-review-cache/` at "
    "the root (the folder holds its own `.gitignore`), so a second run parses only changed files."
)

UNUSED_PRIVATE_NAME = rule(
    code="REV801",
    name="unused-private-name",
    message="private {kind} {name!r} is used nowhere in {where}",
    summary=(
        "Checks for private (`_name`) module-level functions, classes and variables that nothing "
        "in the project uses: not the module itself, not its `__all__`, and no other module (an "
        "import, an attribute read, or a string such as `\"pkg.mod:_name\"` or `getattr(m, \"_name\")`). "
        "Exempt: decorated definitions, dunders, `_`, modules that call `globals()`, definitions "
        "whose docstring has doctest examples, and names the project looks up by a computed name "
        "(`getattr(module, \"_handler_\" + kind)`)."
    ),
    why=(
        "The underscore says that only this module may use the name. Once nothing does, it is "
        "dead code that readers still have to understand and maintainers still have to keep "
        "passing tests and type checks, and it hints at a use that no longer exists. Nothing "
        "outside can depend on it, so deleting it is safe." + _INDEX_WHY
    ),
    bad=(
        "def _legacy_split(text):\n    return text.split(\",\")\n\n\n"
        "def split(text):\n    return text.split(\";\")\n"
    ),
    good="def _split(text):\n    return text.split(\";\")\n\n\ndef split(text):\n    return _split(text)\n",
    options=(*_IGNORE, *_ROOT),
    see_also=("vulture unused-function, unused-class, unused-variable",),
)

UNUSED_PRIVATE_MEMBER = rule(
    code="REV802",
    name="unused-private-member",
    message="private {kind} {name!r} of class {cls!r} is used nowhere in {where}",
    summary=(
        "Checks for private (`_name`, not dunder) methods, nested classes and attributes "
        "(class-level or `self._name = ...`) that nothing in the project reads. A read on "
        "`self`/`cls` counts for the classes that can share the instance (a common subclass); a "
        "read on any other object (`other._close()`) or a string reference counts for every "
        "class. Exempt: classes with a base outside the project (it may call the member), "
        "`_sunder_` hooks, members a builtin base defines, attributes of classes that read "
        "`vars(self)`/`self.__dict__` or `getattr(self, name)`, class-level attributes of "
        "decorated classes, methods with a registering decorator or doctest examples, and members "
        "a related class looks up by a computed name (`getattr(self, \"_on_\" + event)`). Classes "
        "named `*Mixin*` or combined at run time (`type(name, (A, B), {})`) relate to every class."
    ),
    why=(
        "A private member is part of its class's own machinery. One that no code reads is "
        "either dead (a helper left behind by a refactoring, an attribute nobody consults) or a "
        "bug (the code that should read it reads something else). Either way the class is "
        "harder to understand than it needs to be." + _INDEX_WHY
    ),
    bad=(
        "class Cache:\n    def __init__(self):\n        self._items = {}\n        self._hits = 0\n\n"
        "    def get(self, key):\n        return self._items.get(key)\n"
    ),
    good=(
        "class Cache:\n    def __init__(self):\n        self._items = {}\n        self._hits = 0\n\n"
        "    def get(self, key):\n        self._hits += 1\n        return self._items.get(key)\n"
    ),
    options=(*_IGNORE, *_ROOT),
    see_also=("pylint unused-private-member (W0238)", "vulture unused-attribute, unused-method"),
)

UNUSED_ARGUMENT = rule(
    code="REV803",
    name="unused-argument",
    message="argument {name!r} of {function!r} is never used in its body",
    summary=(
        "Checks for function and method arguments that the body never reads. Exempt: "
        "`self`/`cls`, `_`-prefixed names, `*args`/`**kwargs`, dunder methods, overrides of a "
        "base method and methods a subclass in the module overrides, methods of classes with a "
        "base defined elsewhere (but, with the project index, a private `_helper` is checked "
        "when every such base is resolved, is the project's own and none binds its name, no "
        "ancestor has a base computed at run time such as `Base.from_queryset(QuerySet)`, and "
        "no class of the project derives from its class), abstract methods and stub "
        "bodies (docstring, `pass`, `...`, `raise NotImplementedError`), functions passed as a "
        "callback (in their module, or, with the project index, by name in any module outside "
        "the tests: `registry.subscribe(rules.on_delete, ...)`) or decorated "
        "(other than with `staticmethod`, `classmethod`, `property` or a `functools` decorator), "
        "methods of classes that another class of the module derives from (their signature is a "
        "protocol), framework hooks (`load_tests`, `pytest_*`), methods looked up by a computed "
        "name (`getattr(self, \"set_ok_\" + what)`), bodies that call `locals()`, and test "
        "functions of test files (pytest fixtures)."
    ),
    why=(
        "An argument that is never read makes every caller compute and pass a value for "
        "nothing, and it usually means something is wrong: the body forgot to honour the option, "
        "or the argument survived a refactoring. When the signature is imposed from outside, "
        "prefix the name with `_` to say so."
    ),
    bad="def connect(host, port, timeout):\n    return (host, port)\n",
    good="def connect(host, port, timeout):\n    return (host, port, timeout)\n",
    see_also=("pylint unused-argument (W0613)", "ruff ARG001, ARG002", "flake8-unused-arguments U100"),
)

UNUSED_PUBLIC = rule(
    code="REV804",
    name="unused-public-definition",
    message="{kind} {name!r} is referenced nowhere in {where}",
    summary=(
        "Checks for public module-level functions and classes that no module of the project "
        "references. Exempt: `__all__` members, entry points of pyproject.toml or setup.cfg, test "
        "functions and classes of test files (and there, classes a test runner may collect through "
        "a base outside the project), framework hooks (`pytest_*`, `load_tests`, `setup`), decorated "
        "definitions, definitions with doctest examples, names in `--review-unused-ignore`, names a "
        "string of the project refers to (`\"pkg.mod:name\"`, `getattr(x, \"name\")`), and names the "
        "project looks up by a computed name. Off by default: "
        "turn it on with `extend-select = REV804` for an application, whose code has no outside users."
    ),
    why=(
        "Dead code costs reading time, maintenance and tests, and it misleads: a reader assumes "
        "that a function exists because something calls it. A library's public API is used from "
        "outside, which is why this code is off by default; an application's is not." + _INDEX_WHY
    ),
    bad=(
        "def parse(text):\n    return text.split()\n\n\n"
        "def legacy_parse(text):\n    return text.split(\",\")\n\n\n"
        "print(parse(\"a b\"))\n"
    ),
    good="def parse(text):\n    return text.split()\n\n\nprint(parse(\"a b\"))\n",
    options=(*_IGNORE, *_ROOT),
    default_enabled=False,
    see_also=("vulture unused-function, unused-class",),
)

UNUSED_ATTRIBUTE = rule(
    code="REV805",
    name="unused-attribute",
    message="attribute {name!r} of class {cls!r} is assigned but never read in {where}",
    summary=(
        "Checks for public instance attributes (`self.name = ...`) and class attributes that "
        "nothing in the project reads (`self.x[k] = v` and `self.x += 1` read `x`). Exempt: "
        "fields of enums, named tuples, typed dicts and decorated classes (dataclasses), "
        "`__slots__` names, names matching `--review-naming-ignore` or `--review-unused-ignore`, "
        "classes with a base outside the project and the classes nested in them (Django's "
        "`Meta`), test classes, classes that read `vars(self)` or `self.__dict__`, and names a "
        "string refers to. Off by default."
    ),
    why=(
        "An attribute that is written and never read is state nobody consults: a leftover of a "
        "refactoring, or a sign that the code that should use it reads something else. It costs "
        "memory for every instance and misleads readers about what the object depends on." + _INDEX_WHY
    ),
    bad=(
        "class Job:\n    def __init__(self, name, retries):\n        self.name = name\n"
        "        self.retries = retries\n\n    def describe(self):\n        return self.name\n"
    ),
    good=(
        "class Job:\n    def __init__(self, name, retries):\n        self.name = name\n"
        "        self.retries = retries\n\n    def describe(self):\n"
        "        return f\"{self.name} ({self.retries} retries)\"\n"
    ),
    options=("--review-naming-ignore", *_IGNORE, *_ROOT),
    default_enabled=False,
    see_also=("vulture unused-attribute", "pylint unused-private-member (private attributes only)"),
)

UNREACHABLE = rule(
    code="REV806",
    name="unreachable-code",
    message="code is unreachable {reason}",
    summary=(
        "Checks for statements after `return`, `raise`, `continue` or `break` in the same block, "
        "after an `if`/`else` every branch of which ends so, and for the bodies of `if False:`, "
        "`if 0:` and `while False:` (`if TYPE_CHECKING:` is reachable). The first unreachable "
        "statement of each block is reported, and nothing inside code already reported; a lone "
        "`yield` placed there to make a function a generator is not."
    ),
    why=(
        "Code that can never run is never tested and usually hides a mistake: a `return` left "
        "in while debugging, a misplaced indentation, a condition that was meant to be something "
        "else. Delete it, or fix the control flow that skips it."
    ),
    bad=(
        "def ratio(done, total):\n    if total == 0:\n        return 0.0\n        print(\"empty\")\n"
        "    return done / total\n"
    ),
    good=(
        "def ratio(done, total):\n    if total == 0:\n        print(\"empty\")\n        return 0.0\n"
        "    return done / total\n"
    ),
    see_also=("pylint unreachable (W0101)", "vulture unreachable-code"),
)

USED_ONLY_IN_TESTS = rule(
    code="REV807",
    name="used-only-in-tests",
    message="{kind} {name!r} is referenced only from test files: {files}",
    summary=(
        "Checks for public functions, classes and methods of production modules that only test "
        "files reference (`test_*.py`, `*_test.py`, `conftest.py`, files under `tests/` or "
        "`test/`). Definitions in test files, and in test-support modules (a path with `test` in "
        "a folder or file name, such as `testing.py`), are never reported; the exemptions of "
        "REV804 apply, and for methods those of `--review-naming-ignore`. Off by default."
    ),
    why=(
        "Code that only tests call is dead in production, yet it is maintained and its tests "
        "keep passing, which makes it look alive. It is often the old implementation that a "
        "refactoring replaced without deleting it and its tests." + _INDEX_WHY
    ),
    bad=(
        "# file: service.py\ndef price(amount):\n    return round(amount * 1.2, 2)\n\n\n"
        "def legacy_price(amount):\n    return amount * 1.2\n\n\nprint(price(10))\n\n"
        "# file: tests/test_service.py\nfrom service import legacy_price, price\n\n\n"
        "def test_prices():\n    assert price(10) == legacy_price(10)\n"
    ),
    good=(
        "# file: service.py\ndef price(amount):\n    return round(amount * 1.2, 2)\n\n\n"
        "print(price(10))\n\n"
        "# file: tests/test_service.py\nfrom service import price\n\n\n"
        "def test_price():\n    assert price(10) == 12.0\n"
    ),
    options=("--review-naming-ignore", *_IGNORE, *_ROOT),
    default_enabled=False,
    see_also=("vulture, run without the test folders",),
)


class UnusedChecker(BaseChecker):
    """REV8: the flake8 entry point of the unused-code checks; it also builds the project index."""

    prefix = "REV8"
    checker = "unused"

    @classmethod
    def parse_options(cls, options: argparse.Namespace) -> None:
        """Validate the options, then build the project index when a selected code needs it."""
        super().parse_options(options)
        project.configure(options, cls.settings, cls.enabled)


def _where(view: ProjectView) -> str:
    count = view.modules
    return f"the project's {count} module" + ("" if count == 1 else "s")


def _used_here(view: ProjectView, name: str) -> bool:
    """Read in this module: loaded, read as an attribute, or named by a string."""
    return name in view.local.loaded or name in view.facts.attrs or name in view.facts.strings


def _exempt_public(ctx: FileContext, view: ProjectView, name: str) -> bool:
    """REV804/REV807 exemptions of a public name."""
    if name in view.index.entry_points or matches_any(name, ctx.settings.unused_ignore):
        return True
    if matches_any(name, HOOK_NAMES) or view.name_dispatched(name):
        return True
    return view.is_test and (matches_any(name, TEST_NAMES) or view.is_open(name))


#: test classes that unittest and pytest collect whatever their name: ``_HelperTestCase`` runs
_CASES = ("Test*", "*Test", "*Tests", "*TestCase")


def _exempt_private(ctx: FileContext, view: ProjectView, node: ast.AST, name: str) -> bool:
    """REV801 exemptions of a private name: ignored, looked up by a computed name, a test case
    of a test file, or used."""
    if matches_any(name, ctx.settings.unused_ignore) or view.name_dispatched(name):
        return True
    if view.is_test and isinstance(node, ast.ClassDef) and matches_any(name.lstrip("_"), _CASES):
        return True
    return _used_here(view, name) or view.referenced_elsewhere(name)


@check(UNUSED_PRIVATE_NAME, on=(ast.Module,))
def unused_private_name(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV801."""
    view = project.view(ctx)
    if view is None or view.local.uses_globals:
        return
    for definition in module_definitions(ctx):
        name = definition.name
        if not is_private(name) or definition.decorated or definition.doctest:
            continue
        if _exempt_private(ctx, view, definition.node, name):
            continue
        yield ctx.violation(
            UNUSED_PRIVATE_NAME, definition.node, kind=definition.kind, name=name, where=_where(view)
        )


@check(UNUSED_PUBLIC, on=(ast.Module,))
def unused_public_definition(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV804."""
    view = project.view(ctx)
    if view is None or view.local.uses_globals:
        return
    for definition in module_definitions(ctx):
        name = definition.name
        if definition.kind == "variable" or name.startswith("_") or definition.decorated:
            continue
        if definition.doctest:
            continue
        if _exempt_public(ctx, view, name) or _used_here(view, name) or view.referenced_elsewhere(name):
            continue
        yield ctx.violation(
            UNUSED_PUBLIC, definition.node, kind=definition.kind, name=name, where=_where(view)
        )


def _member_exempt(ctx: FileContext, view: ProjectView, cls: ast.ClassDef, member: Definition) -> bool:
    """Exemptions of REV802/REV805 for one member, the class-wide ones aside."""
    name = member.name
    if matches_any(name, ctx.settings.unused_ignore) or name in view.index.entry_points:
        return True
    if member.doctest or view.member_dispatched(cls.name, name):
        return True
    if member.kind != "attribute":
        return member.registered
    if ctx.scope(member.node) is cls and (cls.decorator_list or view.has_fields(cls.name)):
        return True  # a dataclass's (or attrs', or a registry's) fields, an enum's members
    if view.is_dynamic(cls.name) or view.builtin_defines(cls.name, name):
        return True
    if is_private(name):
        return False
    if ctx.settings.naming_ignored(name) or name in slot_names(ctx).get(cls, frozenset()):
        return True
    return view.is_test and matches_any(cls.name, TEST_NAMES)


def _closed(ctx: FileContext, view: ProjectView, cls: ast.ClassDef) -> bool:
    """The class and every class enclosing it (Django's ``Meta`` in a model) resolve within the project."""
    classes = [cls, *(up for up in ctx.ancestors(cls) if isinstance(up, ast.ClassDef))]
    return not any(view.is_open(outer.name) for outer in classes)


def _member_candidate(member: Definition) -> bool:
    """A private member (REV802) or a public attribute (REV805)."""
    name = member.name
    if is_dunder(name) or is_sunder(name) or name == "_":
        return False
    return is_private(name) or member.kind == "attribute"


def _unused_members(ctx: FileContext, view: ProjectView) -> Iterator[Tuple[ast.ClassDef, Definition]]:
    for cls, members in class_members(ctx).items():
        candidates = [member for member in members if _member_candidate(member)]
        if not candidates or not _closed(ctx, view, cls):
            continue
        for member in candidates:
            if _member_exempt(ctx, view, cls, member):
                continue
            if view.member_uses(cls.name, member.name) == (False, []):
                yield cls, member


@check(UNUSED_PRIVATE_MEMBER, UNUSED_ATTRIBUTE, on=(ast.Module,))
def unused_members(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV802, REV805."""
    view = project.view(ctx)
    if view is None:
        return
    where = _where(view)
    for cls, member in _unused_members(ctx, view):
        name = member.name
        if is_private(name):
            yield ctx.violation(UNUSED_PRIVATE_MEMBER, member.node, kind=member.kind, name=name, cls=cls.name,
                                where=where)
        else:
            yield ctx.violation(UNUSED_ATTRIBUTE, member.node, name=name, cls=cls.name, where=where)


@check(UNUSED_ARGUMENT, on=(ast.Module,))
def unused_argument(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV803."""
    test_file = ctx.is_test_file
    view = project.view(ctx)
    patterns = frozenset(view.global_patterns()) if view is not None else frozenset()
    known = None
    if view is not None:
        known = (view.index.root, view.has_subclasses, view.lineage_foreign, view.index.values.__contains__)
    for info in ctx.functions:
        for arg in unused_arguments(ctx, info, test_file, patterns, known):
            yield ctx.violation(UNUSED_ARGUMENT, arg, name=arg.arg, function=info.qualname)


_BLOCK_OWNERS = tuple(
    node_type for node_type in (
        ast.Module, *FUNCTION_TYPES, ast.ClassDef, ast.If, ast.For, ast.AsyncFor, ast.While, ast.With,
        ast.AsyncWith, ast.Try, getattr(ast, "TryStar", None), ast.ExceptHandler, getattr(ast, "Match", None),
    )
    if node_type is not None
)


@check(UNREACHABLE, on=(ast.Module,))
def unreachable_code(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV806."""
    found = [item for node in ctx.nodes(*_BLOCK_OWNERS) for item in unreachable_in(node)]
    dead: Dict[ast.AST, int] = {}
    for number, (_, _, statements) in enumerate(found):
        for statement in statements:
            dead.setdefault(statement, number)
    for number, (first, reason, _) in enumerate(found):
        inside_other = dead.get(first, number) != number
        if not inside_other and not any(up in dead for up in ctx.ancestors(first)):
            yield ctx.violation(UNREACHABLE, first, reason=reason)


def _test_support(view: ProjectView) -> bool:
    """A module whose path names testing (``testing.py``, ``pkg/testutils/``): it exists for tests."""
    parts = view.relative.replace(os.sep, "/").split("/") if view.relative else []
    return any("test" in part.lower() for part in parts)


def _files_text(files: List[str]) -> str:
    shown = ", ".join(path.replace(os.sep, "/") for path in files[:2])
    return shown + (f" and {len(files) - 2} more" if len(files) > 2 else "")


def _test_only_definitions(ctx: FileContext, view: ProjectView) -> Iterator[Tuple[Definition, List[str]]]:
    """Module-level functions and classes that only test files refer to."""
    for definition in module_definitions(ctx):
        name = definition.name
        if definition.kind == "variable" or name.startswith("_") or definition.registered:
            continue
        if definition.doctest:
            continue
        if _exempt_public(ctx, view, name) or _used_here(view, name):
            continue
        production, tests = view.references_by_kind(name)
        if not production and tests:
            yield definition, tests


def _method_candidate(ctx: FileContext, view: ProjectView, member: Definition) -> bool:
    """A public method that REV807 judges."""
    name = member.name
    if member.kind != "method" or name.startswith("_") or member.registered or member.doctest:
        return False
    return not (ctx.settings.naming_ignored(name) or _exempt_public(ctx, view, name))


def _test_only_methods(
    ctx: FileContext, view: ProjectView, skipped: Set[str]
) -> Iterator[Tuple[ast.ClassDef, Definition, List[str]]]:
    """Public methods that only test files use, in classes not already reported."""
    for cls, members in class_members(ctx).items():
        if cls.name in skipped or not _closed(ctx, view, cls):
            continue
        for member in members:
            if not _method_candidate(ctx, view, member):
                continue
            production, tests = view.member_uses(cls.name, member.name)
            if not production and tests:
                yield cls, member, tests


@check(USED_ONLY_IN_TESTS, on=(ast.Module,))
def used_only_in_tests(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV807."""
    view = project.view(ctx)
    if view is None or view.is_test or _test_support(view):
        return
    reported = set()
    for definition, tests in _test_only_definitions(ctx, view):
        reported.add(definition.name)
        yield ctx.violation(
            USED_ONLY_IN_TESTS, definition.node, kind=definition.kind, name=definition.name,
            files=_files_text(tests),
        )
    for cls, member, tests in _test_only_methods(ctx, view, reported):
        yield ctx.violation(
            USED_ONLY_IN_TESTS, member.node, kind="method", name=f"{cls.name}.{member.name}",
            files=_files_text(tests),
        )
