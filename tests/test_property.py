"""Property-based tests: no generated program crashes a checker or the written review.

Three sources of Python programs go through flake8 itself, run in this process as
``conftest.flake8_in_process`` does (its real option parsing, plugin loading, selection
and formatters), with every REV code selected, the default-off ones too, REV208/REV415
switched on and a few review options drawn per example, once with ``--format=review`` and
once with ``--format=review-markdown`` (the written reviews list every ``REVn00``):

* hypothesmith's ``from_grammar()``: any text the Python grammar accepts (odd tokens,
  comments, continuation lines, unusual literals);
* hypothesmith's ``from_node()``: libcst trees printed back (form feeds, ``\\r``, backslash
  continuations, ``# type:`` comments);
* :func:`projects`, written here: a package of realistic modules (classes and methods,
  decorators, docstrings with ``Args:``/``:param:``/numpy sections, try/except with logging
  calls, f-strings, security-sensitive calls, imports between the modules, ``match`` and
  newer syntax where the running Python has it, deep nesting, long modules), so that the
  checkers' interesting paths and the project index are reached.

An example passes when flake8 exits with 0 or 1, reports no ``REVn00`` (a checker failed
on a file), prints nothing on stdout or stderr (the report goes to ``--output-file``),
and our package neither warned nor logged a swallowed exception. Programs that do not
compile on the running Python are skipped: flake8 reports E999 for them, and that is not
our concern (each test checks that most of its programs compile).

CI runs a small fixed set of examples (``derandomize``, no example database, no deadline).
For a longer exploration set ``FLAKE8_REVIEW_EXAMPLES`` to the number of examples per
test: the examples are then random, and a failing one is kept in ``.hypothesis/`` and
tried first on the next run::

    FLAKE8_REVIEW_EXAMPLES=2000 .venv/bin/pytest -q tests/test_property.py

Under ``python -X dev -m pytest ...`` a ``REVn00`` also prints the checker's traceback,
which the failure message then shows.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import keyword
import logging
import os
import re
import string
import sys
import tempfile
import textwrap
import warnings
from pathlib import Path
from typing import Dict, Iterator, List, Sequence, Tuple

import hypothesmith
import libcst
import pytest
from flake8.main.application import Application
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import flake8_review
from flake8_review import checkers
from flake8_review.registry import default_off_codes

checkers.load_all()  # the registry knows the default-off codes once every category is imported

#: every REV code, the default-off ones too, and the two coverage codes that need a threshold
SELECTION = (
    "--select=REV",
    f"--extend-select={','.join(default_off_codes())}",
    "--review-min-annotation-coverage=50",
    "--review-min-docstring-coverage=50",
)
FORMATS = ("review", "review-markdown")
#: options drawn per example, to reach the paths they switch on
EXTRA_OPTIONS = (
    "--review-naming-style=auto",
    "--review-allow-untyped-defs",
    "--review-allow-untyped-nested",
    "--review-suppress-dummy-args",
    "--review-no-mypy-init-return",
    "--review-docstring-min-lines=3",
    "--review-max-nesting=2",
    "--review-max-arguments=2",
    "--review-max-cognitive-complexity=3",
    "--review-max-module-members=3",
    "--review-max-methods=2",
    "--review-min-split-size=2",
    "--review-min-cohesion-methods=2",
    "--review-examples=0",
    "--review-examples=1",
    "--review-logger-names=log,self.log",
    "--show-source",
    "--statistics",
    "--benchmark",
)
INTERNAL_ERROR = re.compile(r"\bREV[1-9]00\b")
PACKAGE_DIR = os.path.dirname(os.path.abspath(flake8_review.__file__))
EXPLORE = int(os.environ.get("FLAKE8_REVIEW_EXAMPLES", "0") or 0)


def _settings(ci_examples: int) -> settings:
    """CI: ``ci_examples`` fixed examples; exploring: ``FLAKE8_REVIEW_EXAMPLES`` random ones."""
    common = {
        "deadline": None,
        "print_blob": True,
        "suppress_health_check": [
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    }
    if EXPLORE:
        return settings(max_examples=EXPLORE, **common)
    return settings(max_examples=ci_examples, derandomize=True, database=None, **common)


class _Swallowed(logging.Handler):
    """Keeps the records of our loggers that a user would need to see: warnings and exceptions."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: List[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep a warning or worse, and any record that carries an exception."""
        if record.levelno >= logging.WARNING or record.exc_info:
            self.records.append(record)


@contextlib.contextmanager
def _watching_our_logs() -> Iterator[_Swallowed]:
    """Listen to every ``flake8_review`` logger, debug records included, for one flake8 run."""
    logger = logging.getLogger("flake8_review")
    handler = _Swallowed()
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _compiles(files: Dict[str, str]) -> bool:
    """Whether every module compiles on this Python, as flake8 reads it (bytes, so a coding cookie counts)."""
    for name, source in files.items():
        if not name.endswith(".py"):
            continue
        try:
            data = source.encode("utf-8")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                compile(data, name, "exec", dont_inherit=True)
        except (SyntaxError, ValueError, RecursionError, MemoryError):  # UnicodeError is a ValueError
            return False
    return True


def review_problems(files: Dict[str, str], options: Sequence[str], fmt: str) -> List[str]:
    """Write ``files`` as a project, run flake8 on it, and list what a user should never see."""
    with tempfile.TemporaryDirectory(prefix="rev-property-") as folder:
        project = Path(folder, "project")
        for name, source in {"pyproject.toml": '[project]\nname = "generated"\n', **files}.items():
            path = project / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(source.encode("utf-8"))  # bytes: no newline translation of a '\r'
        report = Path(folder, "report.txt")
        args = ["--isolated", "--jobs=1", f"--output-file={report}", f"--format={fmt}", *SELECTION, *options]
        stdout, stderr = io.StringIO(), io.StringIO()
        app = Application()
        with warnings.catch_warnings(record=True) as caught, _watching_our_logs() as logs:
            warnings.simplefilter("always")
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                app.run([*args, str(project)])
        lines = report.read_text(encoding="utf-8").splitlines() if report.exists() else []
    problems = [f"flake8 exited with {app.exit_code()}"] if app.exit_code() not in (0, 1) else []
    problems += [f"internal error: {line}" for line in lines if INTERNAL_ERROR.search(line)]
    problems += [f"stdout: {text}" for text in [stdout.getvalue()] if text]
    problems += [f"stderr: {text}" for text in [stderr.getvalue()] if text]
    problems += [
        f"warning from our package: {w.filename}:{w.lineno}: {w.category.__name__}: {w.message}"
        for w in caught
        if os.path.abspath(w.filename).startswith(PACKAGE_DIR)
    ]
    problems += [f"log {r.name}: {r.getMessage()} ({r.exc_info and r.exc_info[1]!r})" for r in logs.records]
    if fmt != "default" and not lines:
        problems.append(f"--format={fmt} wrote nothing")
    return problems


def assert_reviewed(files: Dict[str, str], options: Sequence[str]) -> None:
    """flake8 reviews ``files`` in each format with no crash, no REVn00 and nothing alarming printed."""
    for fmt in FORMATS:
        problems = review_problems(files, options, fmt)
        shown = "\n".join(f"--- {name}\n{source}" for name, source in files.items())
        assert not problems, f"--format={fmt} {' '.join(options)}:\n" + "\n".join(problems) + f"\n{shown}"


# --- a strategy for realistic programs ---------------------------------------------------------------

_NAME_POOL = (
    "x", "value", "data", "result", "items", "userId", "MAX_SIZE", "HTTPServer", "_private", "__dunder__",
    "l", "O", "camelCase", "Mixed_Case", "snake_case_name", "a1", "é", "naïve", "id", "list", "type",
    "password", "secret_key", "api_token", "cursor", "request", "response", "main", "run", "setUp",
    "test_thing", "visit_Name", "do_GET", "_", "__", "T", "match", "case", "Base", "Error", "logger",
)
NAMES = st.one_of(
    st.sampled_from(_NAME_POOL),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,12}", fullmatch=True).filter(lambda n: not keyword.iskeyword(n)),
)
MESSAGES = st.one_of(
    st.sampled_from((
        "'failed to open %s'", "'user %s logged in from %s'", "'value {}'", "'%(name)s missing'", "'done'",
        "''", "'%'", "'100%% sure %s'", "'%s %s %s'", "'Password: %s'", "\"it's %d\"", "'token=%r'",
    )),
    st.text(alphabet="abcXYZ %s{}:.é_-\t\n'\"\\", max_size=16).map(repr),
)
#: what a comprehension iterates over (an assignment expression may not appear there)
ITERABLES = st.one_of(NAMES, NAMES.map(lambda n: f"{n}.items()"), st.just("range(10)"))
ATOMS = st.one_of(
    NAMES,
    MESSAGES,
    st.integers(-3, 2**70).map(str),
    st.sampled_from(("None", "True", "...", "self", "cls", "__name__", "b'x'", "1.5j", "0o777", "[]", "{}")),
)


def _extend_expression(inner: object) -> object:
    """One more level of expression around ``inner`` expressions."""
    pair = st.tuples(inner, inner)
    return st.one_of(
        st.tuples(inner, st.sampled_from(("+", "%", "and", "==", "is not", "in", "//", "@", "|")), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(NAMES, st.lists(inner, max_size=3)).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        st.tuples(inner, NAMES).map(  # a number needs parentheses before its attribute
            lambda t: f"({t[0]}).{t[1]}" if t[0][0] in "-.0123456789" else ".".join(t)),
        pair.map(lambda t: f"{t[0]}[{t[1]}]"),
        st.tuples(ITERABLES, inner).map(lambda t: f"[item for item in {t[0]} if {t[1]}]"),
        st.lists(inner, max_size=3).map(lambda xs: f"[{', '.join(xs)}]"),
        st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        st.tuples(NAMES, inner).map(lambda t: f"({t[0]} := {t[1]})"),
        inner.map(lambda e: f"(lambda item, *rest, **options: {e})"),
        pair.map(lambda t: f"{{{t[0]}: {t[1]}}}"),
        st.tuples(NAMES, NAMES).map(lambda t: f'f"{{{t[0]}!r:>10}} and {{{t[1]}.x}} {{{t[0]}:{{{t[1]}}}}}"'),
    )


EXPRESSIONS = st.recursive(ATOMS, _extend_expression, max_leaves=6)
#: values for the fields of the statement templates
FIELDS = {
    "n": NAMES, "m": NAMES, "e": EXPRESSIONS, "f": EXPRESSIONS, "i": ITERABLES, "s": MESSAGES, "word": NAMES,
    "t": st.sampled_from((
        "int", "str", "list[int]", "Optional[str]", "'Forward'", "Dict[str, Any]", "int | None", "Any",
        "Callable[..., T]", "typing.List[bytes]", "None", "Tuple[int, ...]", "Literal['a']", "type[Base]",
    )),
    "x": st.sampled_from(("ValueError", "Exception", "BaseException", "KeyError", "OSError", "Error", "E")),
    "x2": st.sampled_from(("TypeError", "RuntimeError", "IOError", "KeyboardInterrupt", "HTTPError")),
    "logger": st.sampled_from(("LOG", "logger", "log", "logging", "self.log", "logging.getLogger(__name__)")),
    "level": st.sampled_from(("debug", "info", "warning", "warn", "error", "exception", "critical", "fatal")),
    "module": st.sampled_from(("os", "sys", "json", "pickle", "subprocess", "yaml", "requests", ".alpha",
                               "typing", "collections.abc", "xml.etree.ElementTree", "pkg.alpha", "..up")),
    "p": st.sampled_from((
        "0", "'x' | 'y'", "None", "[{n}, *{m}]", "{{'k': {n}, **{m}}}", "Point(x=0, y={n})",
        "str() | bytes()", "({n}, {m})", "[1, 2] | [3]", "int() as {n}", "{{'type': 'a', 'v': [*_]}}", "-1.5",
        "Color.RED",
    )),
}
#: fields whose value is itself a template
TEMPLATE_FIELDS = frozenset({"p"})

ANYWHERE = (
    "{n} = {e}", "{n}: {t} = {e}", "{n}: {t}", "{n}, {m} = {e}, {f}", "{n} += {e}", "{e}", "print({e})",
    "assert {e}, {s}", "del {n}", "pass", "...", "{n}.{m} = {e}", "{n}[{e}] = {f}",
    "{n} = {e} if {f} else None",
    "{logger}.{level}({s}, {e})", "{logger}.{level}({s} % {e})", "{logger}.{level}({s}.format({e}))",
    "{logger}.{level}(f\"{word} {{{n}}}\")", "{logger}.{level}({s} + str({e}), exc_info=True)",
    "{logger}.log(logging.INFO, {s}, {e}, extra={{'msg': {e}}})", "{logger}.{level}({s}, stack_info={e})",
    "logging.basicConfig(level=logging.DEBUG)", "warnings.warn({s}, DeprecationWarning)",
    "{n} = eval({e})", "exec({e})", "os.system(f\"rm {{{n}}}\")", "subprocess.run({e}, shell=True)",
    "subprocess.Popen(['ls', {n}])", "{n} = pickle.loads({e})", "{n} = yaml.load({e})",
    "{n} = hashlib.md5({e}).hexdigest()", "{n} = random.random()", "{n} = tempfile.mktemp()",
    "requests.get({e}, verify=False)", "cursor.execute(\"SELECT * FROM t WHERE a = '%s'\" % {n})",
    "cursor.execute(f\"DELETE FROM {word} WHERE id = {{{n}}}\")", "password = {s}",
    "API_KEY = 'sk_live_{word}'",
    "os.chmod({e}, 0o777)", "{n} = open({e}).read()", "raise {x}({s})", "raise {x}", "import {n}",
    "raise {x}(f\"{word} {{{n}!r}}\") from {m}", "import os.path as {n}", "from {module} import {n}",
    "from {module} import {n} as {m}", "{n} = lambda {m}: {e}", "{n} = [{m} for {m} in {i} if {f}]",
    "{n} = {{{m}: {e} for {m} in {i}}}", "{n} = {{**{e}, {s}: {f}}}", "{n} = [*{e}, *{f}]",
    "{n} = getattr({e}, {s})({f})", "{n} = super().{m}({e})", "__all__ = [{s}, '{n}']", "{n} = {m}",
    "{n} = ssl._create_unverified_context()", "{n} = jwt.decode({e}, verify=False)", "{n}()", "{n}.{m}()",
    "{n} = xml.etree.ElementTree.parse({e})", "{n} = __import__({s})", "{n}: 'Forward[int]' = {e}",
    "{n} = (\n    {e}\n    + {f}\n)", "{n} = {s} \\\n    {s}", "{n} = {s}  # noqa: {word}", "{n} = {e}  # type: ignore",
)
IN_FUNCTION = (
    "return {e}", "return", "yield {e}", "{n} = yield", "yield from {e}", "return {n}, {m}", "global {n}",
    "return self.{n}", "self.{n} = {e}", "self._{n}({e})", "cls.{n} = {e}", "return super().{n}({e})",
)
IN_ASYNC = ("await {e}", "{n} = await {e}", "return [{n} async for {n} in {e}]")
IN_LOOP = ("break", "continue")
IN_EXCEPT = (
    "{logger}.exception({s})", "{logger}.error({s}, {n})", "{logger}.error({s}, exc_info=True)", "raise",
    "raise {x}({s}) from {n}", "pass", "print({n})", "traceback.print_exc()",
    "{logger}.warning({s} % {n})", "{logger}.error(str({n}))", "{logger}.error(f\"{word}: {{{n}}}\")",
    "{logger}.{level}({s}, {n}, exc_info={n})", "sys.exit(1)", "raise {x} from None", "{n} = {n}",
)
#: compound statements by family (drawn first, so that each family is as likely): each one's clause headers
CONTROL = {
    "if": (("if {e}:",), ("if {e}:", "else:"), ("if {e}:", "elif {f}:", "else:")),
    "loop": (("for {n} in {e}:",), ("for {n}, {m} in {e}:", "else:"), ("while {e}:",), ("while True:",)),
    "with": (("with {e} as {n}:",), ("with {e}, {f} as {m}:",)),
    "try": (
        ("try:", "except {x}:"), ("try:", "except {x} as {n}:", "else:", "finally:"), ("try:", "except:"),
        ("try:", "except ({x}, {x2}) as {n}:", "except Exception as {m}:"), ("try:", "finally:"),
        ("try:", "except Exception as {n}:"), ("try:", "except BaseException:"),
    ),
}
ASYNC_CONTROL = (("async for {n} in {e}:",), ("async with {e} as {n}:",))
if sys.version_info >= (3, 10):
    CONTROL["match"] = (
        ("match {e}:", "case {p}:", "case {p} if {f}:", "case _:"), ("match {n}:", "case {p}:"),
    )
    CONTROL["with"] += (("with ({e} as {n}, {f} as {m}):",),)
if sys.version_info >= (3, 11):
    CONTROL["try"] += (("try:", "except* {x}:", "except* {x2} as {n}:"),)
DECORATORS = (
    "functools.lru_cache(maxsize=None)", "property", "staticmethod", "classmethod", "abstractmethod",
    "overload",
    "app.route('/x')", "pytest.fixture", "{n}.setter", "contextlib.contextmanager", "cache", "{n}",
    "typing.final", "override", "register.register({n})", "wraps({n})", "pytest.mark.parametrize('a', [1])",
)
CLASS_DECORATORS = ("dataclass", "dataclasses.dataclass(frozen=True)", "total_ordering", "{n}", "final")
BASES = (
    "", "()", "(object)", "(Exception)", "(ValueError)", "(Enum)", "(IntEnum)", "(NamedTuple)", "(TypedDict)",
    "(Protocol)", "(Generic[T])", "(ABC)", "(unittest.TestCase)", "({n})", "({n}, metaclass=ABCMeta)",
    "(Base, {n})", "(ast.NodeVisitor)", "(logging.Handler)", "(BaseHTTPRequestHandler)", "(*{n})",
)
HEADER = (
    "import logging", "import os", "import subprocess", "import pickle", "import hashlib", "import yaml",
    "from typing import *", "from typing import Any, Dict, List, Optional",
    "from abc import ABC, abstractmethod", "from dataclasses import dataclass, field",
    "from enum import Enum", "import functools", "import requests",
    "LOG = logging.getLogger(__name__)", "logger = logging.getLogger('app')", "from . import alpha",
    "from .alpha import *", "import pkg.alpha as alpha", "__all__ = ['main', 'Base']", "T = TypeVar('T')",
    "try:\n    import ujson as json\nexcept ImportError:\n    import json",
    "if TYPE_CHECKING:\n    from collections.abc import Sequence",
)
if sys.version_info >= (3, 12):
    ANYWHERE += ("type {n} = list[{t}]", "type {n}[T] = dict[str, T]")


@dataclasses.dataclass(frozen=True)
class Scope:
    """Where a statement is generated, so that it compiles: what encloses it, how deep it may still go."""

    depth: int
    function: bool = False
    loop: bool = False
    asynchronous: bool = False

    def inner(self, **changes: object) -> Scope:
        """The scope of a block one level down."""
        return dataclasses.replace(self, depth=self.depth - 1, **changes)


def _indent(lines: Sequence[str]) -> List[str]:
    return [textwrap.indent(line, "    ") for line in lines]


@st.composite
def filled(draw: st.DrawFn, template: str) -> str:
    """``template`` with each field drawn (one value per field name, so ``{m} for {m}`` agree)."""
    values = {}
    for _, field_name, _, _ in string.Formatter().parse(template):
        if field_name and field_name not in values:
            value = draw(FIELDS[field_name])
            values[field_name] = draw(filled(value)) if field_name in TEMPLATE_FIELDS else value
    return template.format(**values)


@st.composite
def simple_statement(draw: st.DrawFn, scope: Scope, first: Tuple[str, ...] = ()) -> List[str]:
    """One simple statement allowed where ``scope`` is, from the ``first`` templates if given."""
    templates = first or ANYWHERE
    templates += IN_FUNCTION if scope.function and not first else ()
    templates += IN_ASYNC if scope.asynchronous and not first else ()
    templates += IN_LOOP if scope.loop and not first else ()
    return draw(filled(draw(st.sampled_from(templates)))).splitlines()


@st.composite
def block(draw: st.DrawFn, scope: Scope, first: Tuple[str, ...] = ()) -> List[str]:
    """The indented body of a compound statement or definition."""
    lines = draw(simple_statement(scope, first)) if first else []
    for statement_lines in draw(st.lists(statement(scope), min_size=0 if lines else 1, max_size=3)):
        lines += statement_lines
    return _indent(lines)


@st.composite
def control(draw: st.DrawFn, scope: Scope) -> List[str]:
    """if/for/while/with/try/match (and their async forms in a coroutine), with their clauses."""
    family = CONTROL[draw(st.sampled_from(sorted(CONTROL)))]
    clauses = draw(st.sampled_from(family + (ASYNC_CONTROL if scope.asynchronous else ())))
    lines: List[str] = []
    for number, header in enumerate(clauses):
        loop = scope.loop or (number == 0 and header.startswith(("for", "while", "async for")))
        first = IN_EXCEPT if header.startswith("except") else ()
        if header.startswith("match"):
            lines.append(draw(filled(header)))  # its clauses are its body
            continue
        case = header.startswith("case")
        lines.append(("    " if case else "") + draw(filled(header)))
        body = draw(block(scope.inner(loop=loop), first))
        lines += _indent(body) if case else body
    return lines


@st.composite
def parameters(draw: st.DrawFn, first: str) -> Tuple[List[str], str]:
    """The names a signature binds and the signature's text, ``first`` (self, cls or nothing) leading."""
    names = draw(st.lists(NAMES.filter(lambda n: n not in ("self", "cls", "args", "kwargs")), max_size=5,
                          unique=True))
    positional = draw(st.integers(0, len(names)))
    defaults_from = draw(st.integers(0, positional))
    parts = [first] if first else []
    for index, name in enumerate(names):
        annotated = f"{name}: {draw(FIELDS['t'])}" if draw(st.booleans()) else name
        if index == positional:
            parts.append(draw(st.sampled_from(("*", "*args", "*args: Any"))))
        if index >= defaults_from and (index < positional or draw(st.booleans())):
            annotated += draw(st.sampled_from(("=None", " = 0", " = []", " = {}", "=DEFAULT", " = f(1)")))
        parts.append(annotated)
    if positional and draw(st.booleans()):
        parts.insert(positional + bool(first), "/")
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(("**kwargs", "**kwargs: object", "**options"))))
    return names, ", ".join(parts)


@st.composite
def docstring(draw: st.DrawFn, names: Sequence[str]) -> List[str]:
    """A docstring in one of the common styles, documenting some of ``names`` and maybe a stale one."""
    summary = draw(st.sampled_from((
        "Do the thing.", "Returns the value", "", "Frobnicate ``x``: see :func:`y`.",
        "A very long summary line " * 5, "Ünïcode summary.", "TODO",
    )))
    candidates = [*names, "stale", "*args", "**kwargs"]
    documented = draw(st.lists(st.sampled_from(candidates), unique=True, max_size=4))
    style = draw(st.sampled_from(("one-line", "google", "sphinx", "numpy", "epytext")))
    if style == "one-line":
        return [f'"""{summary}"""']
    sections = {
        "google": [["Args:", *(f"    {n} (int): The {n}." for n in documented)],
                   ["Returns:", "    int: A count."], ["Raises:", "    ValueError: When it is."],
                   ["Yields:", "    str: Lines."]],
        "sphinx": [[f":param {n}: The {n}.", f":type {n}: int"] for n in documented] + [
            [":returns: A count.", ":rtype: int"], [":raises KeyError: When missing."]],
        "numpy": [["Parameters", "----------", *(f"{n} : int\n    The {n}." for n in documented)],
                  ["Returns", "-------", "int", "    A count."], ["Raises", "------", "OSError"]],
        "epytext": [[f"@param {n}: The {n}." for n in documented], ["@return: A count."]],
    }[style]
    kept = draw(st.lists(st.booleans(), min_size=len(sections), max_size=len(sections)))
    body = [line for section, keep in zip(sections, kept) if keep for line in [*section, ""]]
    quote = draw(st.sampled_from(('"""', "r'''", '"""\n')))
    return [f"{quote}{summary}", "", *"\n".join(body).splitlines(), '"""' if quote.startswith('"') else "'''"]


@st.composite
def function(draw: st.DrawFn, scope: Scope, method: bool = False) -> List[str]:
    """A function or method: decorators, signature, docstring, body."""
    chosen = draw(st.lists(st.sampled_from(DECORATORS), max_size=2, unique=True))
    decorators = [draw(filled(decorator)) for decorator in chosen]
    first = ""
    if method:
        first = "cls" if "classmethod" in decorators else "" if "staticmethod" in decorators else "self"
    asynchronous = draw(st.integers(0, 4)) == 0
    name = draw(st.one_of(NAMES, st.sampled_from(("__init__", "__repr__", "__eq__", "__exit__", "_helper"))))
    type_params = ""
    if sys.version_info >= (3, 12):
        type_params = draw(st.sampled_from(("", "[T]", "[T: int, *Ts, **P]")))
    names, signature = draw(parameters(first))
    returns = draw(st.one_of(st.just(""), FIELDS["t"].map(lambda t: f" -> {t}")))
    head = f"{'async ' if asynchronous else ''}def {name}{type_params}({signature}){returns}:"
    doc = _indent(draw(docstring(names))) if draw(st.booleans()) else []
    body = draw(block(Scope(scope.depth - 1, function=True, asynchronous=asynchronous)))
    return [*(f"@{d}" for d in decorators), head, *doc, *body]


@st.composite
def class_definition(draw: st.DrawFn, scope: Scope) -> List[str]:
    """A class: decorators, bases, docstring, attributes and methods."""
    decorators = [draw(filled(d)) for d in draw(st.lists(st.sampled_from(CLASS_DECORATORS), max_size=1))]
    type_params = draw(st.sampled_from(("", "[T]"))) if sys.version_info >= (3, 12) else ""
    head = f"class {draw(NAMES)}{type_params}{draw(filled(draw(st.sampled_from(BASES))))}:"
    body = draw(docstring(())) if draw(st.booleans()) else []
    attributes = ("{n}: {t}", "{n}: {t} = {e}", "{n} = {e}", "__slots__ = ({s},)", "{n} = field(default={e})")
    for template in draw(st.lists(st.sampled_from(attributes), max_size=3)):
        body.append(draw(filled(template)))
    for _ in range(draw(st.integers(0 if body else 1, 4))):
        body += draw(function(Scope(scope.depth), method=True))
    return [*(f"@{d}" for d in decorators), head, *_indent(body)]


@st.composite
def statement(draw: st.DrawFn, scope: Scope) -> List[str]:
    """Any statement allowed in ``scope``: mostly simple ones, compound ones while depth remains."""
    if scope.depth <= 0 or draw(st.integers(0, 2)) > 0:
        return draw(simple_statement(scope))
    kind = draw(st.sampled_from((control, function, class_definition)))
    return draw(kind(scope))


@st.composite
def extreme(draw: st.DrawFn) -> List[str]:
    """Code far from the usual: deep nesting, long chains and lines, many definitions or statements."""
    size = draw(st.integers(2, 40))
    kinds = {
        "blocks": ["def deep(a, b):", *(
            "    " * (level + 1) + ("if a:", "if b:", "for i in b:", "if c:")[level % 4]
            for level in range(size)
        ), "    " * (size + 1) + "logging.error('deep %s' % a)"],
        "functions": [*("    " * level + f"def inner{level}(x):" for level in range(size)),
                      "    " * size + "return x"],
        "classes": [*("    " * level + f"class Inner{level}:" for level in range(size)),
                    "    " * size + "pass"],
        "chain": [f"total = {' + '.join(f'v{i}' for i in range(size * 4))}"],
        "calls": ["value = " + "f(" * size + "x" + ")" * size],
        "lists": ["value = " + "[" * size + "1" + "]" * size],
        "attributes": ["value = a" + "".join(f".b{i}" for i in range(size * 3))],
        "elif": ["if a == 0:", "    pass", *(f"elif a == {i}:\n    pass" for i in range(1, size * 2)),
                 "else:", "    pass"],
        "long_line": [f"message = {'word ' * size * 20!r}"],
        "members": [f"def f{i}():\n    return f{i * 7 % size}()\n" for i in range(size)],
        "methods": ["class Big:", *(f"    def m{i}(self):\n        return self.a{i % 3}\n"
                                    for i in range(size))],
        "statements": ["def long():", *(f"    s{i} = s{i - 1} + {i}" for i in range(size * 3))],
        # CPython 3.12.1 and 3.13.0 crash (SIGSEGV) compiling more than about 20 nested comprehensions
        "comprehension": ["value = " + "[" * (size // 4 + 1) + "x"
                          + "".join(f" for x{i} in y]" for i in range(size // 4 + 1))],
        "strings": ["text = (" + " ".join(f"'part{i} %s'" for i in range(size)) + ")"],
    }
    return draw(st.sampled_from(sorted(kinds.items())))[1]


@st.composite
def module(draw: st.DrawFn) -> str:
    """A module: docstring, imports, top-level definitions and statements, maybe a ``__main__`` block."""
    lines = [draw(st.sampled_from((
        '"""A generated module."""', "# -*- coding: utf-8 -*-", "#!/usr/bin/env python", "",
        "'''Module.\n\nArgs:\n    none: nothing.\n'''",
    )))]
    if draw(st.booleans()):
        lines.append("from __future__ import annotations")
    lines += draw(st.lists(st.sampled_from(HEADER), max_size=5, unique=True))
    top = Scope(depth=draw(st.integers(1, 3)))
    kinds = (simple_statement, control, function, class_definition)
    for _ in range(draw(st.integers(1, 5))):
        lines += ["", "", *draw(draw(st.sampled_from(kinds))(top))]
    if draw(st.booleans()):
        lines += ["", *draw(extreme())]
    if draw(st.booleans()):
        lines += ["", "if __name__ == '__main__':", "    main()"]
    return "\n".join(lines) + draw(st.sampled_from(("\n", "", "\n\n\n")))


@st.composite
def projects(draw: st.DrawFn) -> Dict[str, str]:
    """A small package: ``pkg/__init__.py``, ``pkg/alpha.py`` and a sibling under a drawn name."""
    sibling = draw(st.sampled_from(("beta.py", "test_beta.py", "conftest.py", "__main__.py", "BadName.py",
                                    "my-module.py", "tests/test_alpha.py", "settings.py")))
    init = draw(st.sampled_from(("", "from .alpha import *\n", '"""Package."""\n__all__ = ["alpha"]\n')))
    return {"pkg/__init__.py": init, "pkg/alpha.py": draw(module()), f"pkg/{sibling}": draw(module())}


OPTIONS = st.lists(st.sampled_from(EXTRA_OPTIONS), max_size=3, unique=True)


# --- the tests ----------------------------------------------------------------------------------------


def test_the_harness_selects_every_code_and_sees_internal_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """The runner reports default-off and threshold codes, and a failing checker shows up as a problem."""
    source = "import logging\n\n\nclass A:\n    def f(self, x):\n        logging.error('%s' % x)\n"
    files = {"pkg/mod.py": source}
    assert review_problems(files, [], "default") == []
    assert review_problems(files, ["--review-examples=0"], "review") == []
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "mod.py").write_text(files["pkg/mod.py"], encoding="utf-8")
        report = Path(folder, "report.txt")
        Application().run(["--isolated", f"--output-file={report}", *SELECTION, str(Path(folder, "mod.py"))])
        codes = {line.split()[1] for line in report.read_text(encoding="utf-8").splitlines()}
    assert {"REV208", "REV415", "REV804", "REV501"} <= codes

    def broken(*_args: object) -> object:
        raise RuntimeError("injected")

    monkeypatch.setattr("flake8_review.context.FileContext.for_tree", broken)
    assert any("REV100" in problem for problem in review_problems(files, [], "review-markdown"))


@pytest.mark.filterwarnings("ignore::SyntaxWarning")  # hypothesmith compiles what it draws: not ours
def test_programs_from_the_grammar_never_crash() -> None:
    """hypothesmith's ``from_grammar()``: token-level oddities reach every checker and format."""
    counts = {"drawn": 0, "compiled": 0}

    @_settings(ci_examples=100)
    @given(
        source=hypothesmith.from_grammar(), options=OPTIONS)
    def check(source: str, options: List[str]) -> None:
        counts["drawn"] += 1
        files = {"mod.py": source}
        assume(_compiles(files))
        counts["compiled"] += 1
        assert_reviewed(files, options)

    check()
    assert counts["compiled"] >= counts["drawn"] * 0.5, counts


@pytest.mark.filterwarnings("ignore::SyntaxWarning")  # hypothesmith compiles what it draws: not ours
def test_programs_from_libcst_nodes_never_crash() -> None:
    """hypothesmith's ``from_node()``: printed libcst trees of statements, definitions and modules."""
    counts = {"drawn": 0, "compiled": 0}
    nodes = st.one_of(
        hypothesmith.from_node(libcst.FunctionDef),
        hypothesmith.from_node(libcst.ClassDef),
        hypothesmith.from_node(libcst.SimpleStatementLine),
        hypothesmith.from_node(),
    )

    @_settings(ci_examples=25)
    @given(source=nodes, options=OPTIONS)
    def check(source: str, options: List[str]) -> None:
        counts["drawn"] += 1
        files = {"mod.py": source}
        assume(_compiles(files))
        counts["compiled"] += 1
        assert_reviewed(files, options)

    check()
    assert counts["compiled"] >= counts["drawn"] * 0.5, counts


def test_realistic_projects_never_crash() -> None:
    """Generated packages of realistic modules reach the checkers' interesting paths and the project index."""
    counts = {"drawn": 0, "compiled": 0}

    @_settings(ci_examples=75)
    @given(files=projects(), options=OPTIONS)
    def check(files: Dict[str, str], options: List[str]) -> None:
        counts["drawn"] += 1
        assume(_compiles(files))
        counts["compiled"] += 1
        assert_reviewed(files, options)

    check()
    assert counts["compiled"] >= counts["drawn"] * 0.5, counts
