"""REV7 code organization.

Measures the size and shape of modules, classes and functions against limits a
team can set: members per module, methods per class, lines per module,
statements, cognitive complexity, arguments and nesting per function. Two
structural checks suggest where to split: a module whose members fall into
independent groups (REV708), and a class whose methods share no state (REV709,
LCOM4, off by default). Every message states the measured figure and the limit.
mccabe's cyclomatic complexity (C901) stays flake8's own business.
"""

from __future__ import annotations

import ast
from typing import Iterator

from flake8_review.classes import method_kind
from flake8_review.complexity import COMPOUND_KEYWORDS, function_kind, function_measures
from flake8_review.context import FileContext, FunctionInfo, Violation
from flake8_review.engine import BaseChecker, check
from flake8_review.organization_helpers import (
    class_methods,
    cohesion_groups,
    exception_group,
    independent_groups,
    module_members,
    show_group,
)
from flake8_review.registry import internal_error_rule, rule

INTERNAL_ERROR = internal_error_rule("REV7", "organization")

#: REV708 judges only modules with at least this many members
SPLIT_MIN_MEMBERS = 15
#: REV709 reports a class when at least two of its method groups have this many methods
COHESION_MIN_GROUP = 2

_TEXT_GROUP = ["class Token:\n    pass\n"] + [
    f"def {name}(text) -> Token:\n    return Token()\n"
    for name in ("parse", "tokenize", "scan", "lex", "split_words", "strip_comments", "read_number")
]
_PAGE_GROUP = ["class Page:\n    pass\n"] + [
    f"def {name}(page: Page) -> str:\n    return str(page)\n"
    for name in ("render", "layout", "paginate", "style", "header", "footer")
]
_REPORT_CLASS = (
    "class Report:\n"
    "    def load(self, path):\n        self.rows = open(path).read().splitlines()\n"
    "        return self.rows\n\n"
    "    def count(self):\n        return len(self.rows)\n\n"
    "    def style(self, css):\n        self.css = css.strip()\n        return self.css\n\n"
    "    def render(self):\n"
)
_SMALL_FUNCTIONS = "\n\n".join(f"def step_{n}():\n    return {n}\n" for n in range(1, 5))

MODULE_MEMBERS = rule(
    code="REV701",
    name="too-many-module-members",
    message="module defines {members} (limit {limit})",
    summary=(
        "Checks the number of functions and classes a module defines at top level (private ones "
        "too, also those inside a module-level `if` or `try`; a name defined twice counts once) "
        "against `--review-max-module-members`. Reported at line 1."
    ),
    why=(
        "A module is the unit a reader opens, imports and reviews. When it holds dozens of "
        "functions and classes, nobody can hold its contents in mind, imports of it pull in "
        "everything, and unrelated changes collide in one file. Split it into modules by topic "
        "(REV708 suggests groups that do not reference each other)."
    ),
    bad=_SMALL_FUNCTIONS,
    good="\n\n".join(f"def step_{n}():\n    return {n}\n" for n in range(1, 4)),
    options=("--review-max-module-members",),
    example_options=("--review-max-module-members=3",),
    see_also=("wemake-python-styleguide WPS202", "pylint too-many-public-methods (for classes)"),
)

CLASS_METHODS = rule(
    code="REV702",
    name="too-many-methods",
    message="class {name!r} defines {methods} (limit {limit})",
    summary=(
        "Checks the number of methods defined in a class body against `--review-max-methods`. "
        "Every method counts, dunders and private ones included; `typing.overload` stubs do not, "
        "and a name defined several times (a property's getter and setter) counts once."
    ),
    why=(
        "A class with very many methods usually has several responsibilities: it is hard to "
        "understand as a whole, every change risks the others, and subclasses inherit far more "
        "than they need. Extract the separate responsibilities into collaborating classes."
    ),
    bad=(
        "class Account:\n    def open(self):\n        pass\n\n    def close(self):\n        pass\n\n"
        "    def deposit(self, amount):\n        pass\n\n    def render_html(self):\n        pass\n"
    ),
    good=(
        "class Account:\n    def open(self):\n        pass\n\n    def close(self):\n        pass\n\n"
        "    def deposit(self, amount):\n        pass\n\n\n"
        "def render_html(account):\n    pass\n"
    ),
    options=("--review-max-methods",),
    example_options=("--review-max-methods=3",),
    see_also=("wemake-python-styleguide WPS214", "pylint too-many-public-methods (R0904)"),
)

MODULE_LINES = rule(
    code="REV703",
    name="module-too-long",
    message="module has {lines} (limit {limit})",
    summary=(
        "Checks the number of physical lines of a module (blank lines and comments included) "
        "against `--review-max-module-lines`. Reported at line 1."
    ),
    why=(
        "Long modules are hard to navigate and to review: related code drifts far apart, and "
        "the file becomes a merge-conflict hot spot. A module past a thousand lines nearly "
        "always holds several topics that read better as separate modules."
    ),
    bad='"""Settings."""\n\nHOST = "localhost"\nPORT = 8080\nDEBUG = False\n',
    good='"""Settings."""\n\nHOST = "localhost"\nPORT = 8080\n',
    options=("--review-max-module-lines",),
    example_options=("--review-max-module-lines=4",),
    see_also=("pylint too-many-lines (C0302)",),
)

FUNCTION_STATEMENTS = rule(
    code="REV704",
    name="too-many-statements",
    message="{kind} {name!r} has {statements} (limit {limit})",
    summary=(
        "Checks the number of statements in a function against "
        "`--review-max-function-statements`. Statements are counted recursively (a compound "
        "statement and every statement in its blocks; `elif` belongs to its `if`), the "
        "docstring excluded; a nested function's or class's body counts for that definition "
        "only (the `def`/`class` statement itself counts as one)."
    ),
    why=(
        "A function with very many statements does several things in a row, and a reader must "
        "hold all of them to understand any one. Extracting well-named steps turns the function "
        "into a readable summary, and makes each step testable on its own."
    ),
    bad=(
        "def deploy(host):\n    connect(host)\n    upload(host)\n    migrate(host)\n"
        "    restart(host)\n    notify(host)\n"
    ),
    good=(
        "def deploy(host):\n    prepare(host)\n    restart(host)\n    notify(host)\n\n\n"
        "def prepare(host):\n    connect(host)\n    upload(host)\n    migrate(host)\n"
    ),
    options=("--review-max-function-statements",),
    example_options=("--review-max-function-statements=4",),
    see_also=("pylint too-many-statements (R0915)", "wemake-python-styleguide WPS213"),
)

COGNITIVE_COMPLEXITY = rule(
    code="REV705",
    name="cognitive-complexity-too-high",
    message="{kind} {name!r} has cognitive complexity {count} (limit {limit})",
    summary=(
        "Checks a function's cognitive complexity (G. Ann Campbell, SonarSource, 2018) against "
        "`--review-max-cognitive-complexity`. `if`, ternaries, loops, `except` and `match` cost 1 "
        "plus their nesting depth; `elif` and `else` cost 1; each run of like boolean operators "
        "costs 1 (`a and b or c` is 2); each function in a recursion cycle costs 1. Nested "
        "functions and lambdas count for the function that holds them, one level deeper (a "
        "decorator's wrapper is not deeper), and are not reported on their own."
    ),
    why=(
        "Cognitive complexity estimates how hard code is to understand: every break in linear "
        "reading costs something, and it costs more the deeper it is nested, because the "
        "reader must keep every enclosing condition in mind. Unlike cyclomatic complexity it "
        "does not penalise a flat sequence of cases, and it rewards early returns, extracted "
        "helpers and simple conditions."
    ),
    bad=(
        "def first_negative(rows):\n    for row in rows:\n        if row:\n"
        "            for value in row:\n                if value < 0 and value != -1:\n"
        "                    return value\n    return None\n"
    ),
    good=(
        "def first_negative(rows):\n    for row in rows:\n        found = _negative(row)\n"
        "        if found is not None:\n            return found\n    return None\n\n\n"
        "def _negative(row):\n    return next((value for value in row if value < -1), None)\n"
    ),
    options=("--review-max-cognitive-complexity",),
    example_options=("--review-max-cognitive-complexity=5",),
    see_also=(
        "flake8-cognitive-complexity CCR001", "SonarSource python:S3776", "mccabe C901 (cyclomatic)",
    ),
)

FUNCTION_ARGUMENTS = rule(
    code="REV706",
    name="too-many-arguments",
    message="{kind} {name!r} takes {arguments} (limit {limit})",
    summary=(
        "Checks the number of named parameters of a function against `--review-max-arguments`: "
        "positional-only, positional and keyword-only parameters all count; `*args`, `**kwargs` "
        "and the first parameter of a method (`self`, `cls`; not of a staticmethod) do not. "
        "`typing.overload` stubs are left to their implementation."
    ),
    why=(
        "Every parameter is something each caller must understand and get right, and long "
        "parameter lists are easy to pass in the wrong order. Many parameters often travel "
        "together: group them in a dataclass or an options object, or split the function."
    ),
    bad="def connect(host, port, user, password, timeout):\n    pass\n",
    good=(
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Server:\n    host: str\n"
        "    port: int\n\n\ndef connect(server, user, password, timeout):\n    pass\n"
    ),
    options=("--review-max-arguments",),
    example_options=("--review-max-arguments=4",),
    see_also=("pylint too-many-arguments (R0913)", "wemake-python-styleguide WPS211", "ruff PLR0913"),
)

NESTING = rule(
    code="REV707",
    name="too-deeply-nested",
    message="{statement!r} statement in {kind} {name!r} is nested {depth} deep (limit {limit})",
    summary=(
        "Checks how deeply blocks are nested in a function against `--review-max-nesting`. Each "
        "compound statement (`if`, `for`, `while`, `with`, `try`, `match` and their async forms) "
        "adds a level, the outermost in the function being level 1; `elif`, `else`, `except`, "
        "`finally` and `case` add none. The outermost statement deeper than the limit is "
        "reported, not those inside it. A nested function starts again at level 1."
    ),
    why=(
        "Deeply nested code makes the reader track every enclosing condition and loop at once, "
        "and pushes the real work off to the right. Guard clauses (`continue`, early `return`) "
        "and extracted helpers flatten it."
    ),
    bad=(
        "def scan(rows):\n    for row in rows:\n        if row:\n            for cell in row:\n"
        "                print(cell)\n"
    ),
    good=(
        "def scan(rows):\n    for row in rows:\n        if not row:\n            continue\n"
        "        print(*row, sep='\\n')\n"
    ),
    options=("--review-max-nesting",),
    example_options=("--review-max-nesting=2",),
    see_also=("wemake-python-styleguide WPS220", "pylint too-many-nested-blocks (R1702)"),
)

INDEPENDENT_GROUPS = rule(
    code="REV708",
    name="module-splits-into-independent-groups",
    message="module splits into {count} independent groups of at least {limit} members: {groups}",
    summary=(
        "Checks whether a module's top-level functions and classes fall into groups that never "
        "reference each other (in bodies, annotations, string annotations, decorators, defaults "
        "or bases); a module-level variable whose value names members passes references on, one "
        "that names none (a shared constant) links nothing. Reported at line 1 when at least two "
        "groups have `--review-min-split-size` members or more, for modules with at least 15 "
        "members; the message names the first members of each group as a suggested split."
    ),
    why=(
        "Groups of code that never use each other are separate topics that happen to share a "
        "file. Each reader must skip the other topic, and every import of one drags in the "
        "other. Moving each group to its own module costs little, because nothing crosses "
        "between them."
    ),
    bad="\n\n".join(_TEXT_GROUP + _PAGE_GROUP),
    good="\n\n".join(
        [*_TEXT_GROUP, *_PAGE_GROUP, "def preview(text) -> Page:\n    return Page(parse(text))\n"]
    ),
    options=("--review-min-split-size",),
    example_options=("--review-min-split-size=3",),
    see_also=("wemake-python-styleguide WPS202 (module members)",),
)

LOW_COHESION = rule(
    code="REV709",
    name="class-low-cohesion",
    message="class {name!r} has low cohesion: {count} method groups share nothing (limit 1): {groups}",
    summary=(
        "Checks a class's cohesion (LCOM4): its instance methods are linked when they use a "
        "common `self.<attr>` or one calls or names the other through `self`; more than one "
        "group of linked methods is reported. `__init__`, other dunders, staticmethods and "
        "classmethods are left out, and so are methods that use nothing through `self`; the "
        "class needs at least `--review-min-cohesion-methods` remaining methods. Methods of a "
        "same-module base that use several names tie them together; classes with a base from "
        "elsewhere (other than builtins, `ABC`, `Generic`, `Protocol`) are not judged, since "
        "that base may tie them."
    ),
    why=(
        "A class whose methods fall into groups that share no state is several classes in one: "
        "each group could live in its own class, and readers and tests of one group need not "
        "know the other. The message names the groups as a suggested split."
    ),
    bad=_REPORT_CLASS + "        return '<style>' + self.css\n",
    good=_REPORT_CLASS + "        return '<style>' + self.css * self.count()\n",
    options=("--review-min-cohesion-methods",),
    default_enabled=False,
    example_options=("--review-min-cohesion-methods=4",),
    see_also=("LCOM4 (Hitz and Montazeri, 1995)", "pylint too-few-public-methods (the opposite)"),
)


def plural(count: int, word: str, words: str = "") -> str:
    """``1 line``, ``2 lines``: a figure with its noun."""
    if count == 1:
        return f"1 {word}"
    return f"{count} {words or word + 's'}"


class OrganizationChecker(BaseChecker):
    """REV7: the flake8 entry point of the organization checks."""

    prefix = "REV7"
    checker = "organization"


# -- modules ----------------------------------------------------------------------------------

@check(MODULE_MEMBERS, on=(ast.Module,))
def too_many_module_members(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV701."""
    limit = ctx.settings.max_module_members
    count = len(module_members(ctx))
    if count > limit:
        members = plural(count, "top-level function or class", "top-level functions and classes")
        yield ctx.violation(MODULE_MEMBERS, None, members=members, limit=limit)


@check(MODULE_LINES, on=(ast.Module,))
def module_too_long(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV703."""
    limit = ctx.settings.max_module_lines
    count = len(ctx.lines)
    if count > limit:
        yield ctx.violation(MODULE_LINES, None, lines=plural(count, "line"), limit=limit)


@check(INDEPENDENT_GROUPS, on=(ast.Module,))
def module_splits_into_independent_groups(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV708."""
    if len(module_members(ctx)) < SPLIT_MIN_MEMBERS:
        return
    limit = max(ctx.settings.min_split_size, 1)
    groups = [
        group for group in independent_groups(ctx) if len(group) >= limit and not exception_group(ctx, group)
    ]
    if len(groups) < 2:
        return
    shown = ", ".join(show_group(group) for group in groups)
    yield ctx.violation(INDEPENDENT_GROUPS, None, count=len(groups), limit=limit, groups=shown)


# -- classes ----------------------------------------------------------------------------------

@check(CLASS_METHODS, on=(ast.ClassDef,))
def too_many_methods(cls: ast.ClassDef, ctx: FileContext) -> Iterator[Violation]:
    """REV702."""
    limit = ctx.settings.max_methods
    names = {info.name for info in class_methods(ctx).get(cls, ()) if not info.is_overload}
    if len(names) > limit:
        methods = plural(len(names), "method")
        yield ctx.violation(CLASS_METHODS, cls, name=ctx.qualname(cls), methods=methods, limit=limit)


@check(LOW_COHESION, on=(ast.ClassDef,))
def class_low_cohesion(cls: ast.ClassDef, ctx: FileContext) -> Iterator[Violation]:
    """REV709."""
    groups = cohesion_groups(ctx, cls, ctx.settings.min_cohesion_methods)
    if groups is None or sum(1 for group in groups if len(group) >= COHESION_MIN_GROUP) < 2:
        return  # a lone method reading what __init__ set is no class of its own
    shown = ", ".join(show_group(group) for group in groups)
    yield ctx.violation(LOW_COHESION, cls, name=ctx.qualname(cls), count=len(groups), groups=shown)


# -- functions --------------------------------------------------------------------------------

@check(FUNCTION_STATEMENTS, COGNITIVE_COMPLEXITY, NESTING, on=(ast.Module,))
def function_measures_over_limits(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV704, REV705, REV707: one walk of each function measures all three."""
    settings = ctx.settings
    measures = function_measures(ctx)
    for info in ctx.functions:
        measure = measures.get(info.node)
        if measure is None:
            continue
        kind, name = function_kind(info), info.qualname
        if measure.statements > settings.max_function_statements:
            yield ctx.violation(
                FUNCTION_STATEMENTS, info.node, kind=kind, name=name,
                statements=plural(measure.statements, "statement"), limit=settings.max_function_statements,
            )
        complexity = measure.complexity
        if complexity is not None and complexity > settings.max_cognitive_complexity:
            yield ctx.violation(
                COGNITIVE_COMPLEXITY, info.node, kind=kind, name=name,
                count=complexity, limit=settings.max_cognitive_complexity,
            )
        for statement, depth in measure.deep:
            yield ctx.violation(
                NESTING, statement, statement=COMPOUND_KEYWORDS[type(statement)], kind=kind, name=name,
                depth=plural(depth, "level"), limit=settings.max_nesting,
            )


def _counted_arguments(ctx: FileContext, info: FunctionInfo) -> int:
    args = info.node.args
    count = len(args.posonlyargs) + len(args.args) + len(args.kwonlyargs)
    if info.is_method and count and (args.posonlyargs or args.args) and method_kind(ctx, info) != "static":
        count -= 1  # self, cls or whatever the first parameter is called
    return count


@check(FUNCTION_ARGUMENTS, on=(ast.Module,))
def too_many_arguments(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV706."""
    limit = ctx.settings.max_arguments
    for info in ctx.functions:
        if info.is_overload:
            continue
        count = _counted_arguments(ctx, info)
        if count > limit:
            yield ctx.violation(
                FUNCTION_ARGUMENTS, info.node, kind=function_kind(info), name=info.qualname,
                arguments=plural(count, "argument"), limit=limit,
            )
