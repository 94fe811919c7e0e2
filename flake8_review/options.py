"""Every ``--review-*`` option, registered once for the whole suite and validated once.

flake8 lets each option be registered only once per process, so a single
checker class (``NamingChecker``) calls :func:`register`; every checker reads the
validated :class:`Settings` that :func:`Settings.from_namespace` builds.
"""

from __future__ import annotations

import argparse
import fnmatch
import re
from dataclasses import dataclass
from typing import Any, Callable, Sequence

#: unittest's fixtures, ast visitors and http.server handlers: names imposed from outside.
DEFAULT_NAMING_IGNORE = (
    "setUp",
    "tearDown",
    "setUpClass",
    "tearDownClass",
    "setUpModule",
    "tearDownModule",
    "asyncSetUp",
    "asyncTearDown",
    "setUpTestData",
    "addCleanup",
    "addClassCleanup",
    "doCleanups",
    "maxDiff",
    "longMessage",
    "failureException",
    "runTest",
    "visit_*",
    "generic_visit",
    "do_*",
)

#: REV303: registrations whose functions' parameters vary by design (fixtures, routes, CLI options, mocks)
DEFAULT_REGISTRATION_IGNORE = (
    "pytest.*", "*.fixture", "*.parametrize", "*.patch", "*.patch.*", "mock.*", "click.*", "*.option",
    "*.argument", "*.command", "*.group", "*.route", "*.api_route", "*.websocket", "hypothesis.*",
    "*.given", "*.simple_tag", "*.inclusion_tag", "*.register.filter",
)
DEFAULT_LOGGER_NAMES = ("log", "logger", "LOG", "LOGGER", "_log", "_logger", "_LOG", "_LOGGER")

NAMING_STYLES = ("pep8", "auto")


class OptionError(ValueError):
    """A ``--review-*`` option has a value flake8-review cannot use."""


class _Flag(argparse.Action):
    """An on/off switch that also accepts ``true``/``false`` words from config files.

    flake8 reads ``store_true`` options from config with ``getboolean`` and
    crashes with a traceback on a bad word; this action leaves config values as
    text so that :meth:`Settings.from_namespace` can reject them with a clear message.
    """

    def __init__(self, option_strings: Sequence[str], dest: str, const: bool = True, **kwargs: Any) -> None:
        kwargs.pop("nargs", None)
        super().__init__(option_strings, dest, nargs=0, const=const, **kwargs)

    def __call__(self, parser: Any, namespace: Any, values: Any, option_string: Any = None) -> None:
        setattr(namespace, self.dest, self.const)


@dataclass(frozen=True)
class Opt:
    """One ``--review-*`` option as flake8 registers it."""

    flag: str
    help: str
    default: Any
    kind: str  # "int", "percent", "choice", "list", "flag", "path" (a folder), "file"
    choices: tuple[str, ...] = ()
    config: bool = True
    dest: str = ""
    const: bool = True
    minimum: int = 0  # smallest value an "int" option accepts

    @property
    def attr(self) -> str:
        """The attribute name on flake8's options namespace."""
        return self.dest or self.flag[2:].replace("-", "_")


OPTIONS: tuple[Opt, ...] = (
    # REV1 naming
    Opt("--review-naming-style", "REV1: expected naming style, 'pep8' or 'auto' (learn each "
        "kind's style from the module's majority) (default: pep8)", "pep8", "choice", NAMING_STYLES),
    Opt("--review-naming-ignore", "REV1/REV805: comma-separated globs of names imposed from "
        "outside (default: unittest, ast visitor and http.server names)",
        ",".join(DEFAULT_NAMING_IGNORE), "list"),
    # REV2 annotations
    Opt("--review-allow-untyped-defs", "REV2: report nothing for functions with no annotation "
        "at all, only for partially annotated ones", False, "flag"),
    Opt("--review-allow-untyped-nested", "REV2: report nothing for functions nested in functions "
        "that have no annotation at all", False, "flag"),
    Opt("--review-suppress-dummy-args", "REV2: do not report arguments named '_' or starting "
        "with '_'", False, "flag"),
    Opt("--review-mypy-init-return", "REV206: __init__ needs no return annotation when any "
        "argument is annotated (default: on)", True, "flag"),
    Opt("--review-no-mypy-init-return", "REV206: always require '-> None' on __init__",
        None, "flag", config=False, dest="review_mypy_init_return", const=False),
    Opt("--review-min-annotation-coverage", "REV208: minimum percentage of annotated "
        "parameters and returns per module (default: 0, off)", 0, "percent"),
    # REV3 signatures
    Opt("--review-registration-ignore", "REV303: comma-separated globs of registration callees "
        "(dotted, imports expanded) whose functions take parameters that vary by design",
        ",".join(DEFAULT_REGISTRATION_IGNORE), "list"),
    # REV4 docstrings
    Opt("--review-docstring-min-lines", "REV4: functions shorter than this many lines need no "
        "docstring (default: 0, none exempt)", 0, "int"),
    Opt("--review-min-docstring-coverage", "REV415: minimum percentage of documented "
        "definitions per module (default: 0, off)", 0, "percent"),
    # REV5 logging
    Opt("--review-logger-names", "REV5: comma-separated names that hold loggers",
        ",".join(DEFAULT_LOGGER_NAMES), "list"),
    # REV7 organization
    Opt("--review-max-module-members", "REV701 limit (default: 30)", 30, "int"),
    Opt("--review-max-methods", "REV702 limit (default: 20)", 20, "int"),
    Opt("--review-max-module-lines", "REV703 limit (default: 1000)", 1000, "int"),
    Opt("--review-max-function-statements", "REV704 limit (default: 50)", 50, "int"),
    Opt("--review-max-cognitive-complexity", "REV705 limit (default: 15)", 15, "int"),
    Opt("--review-max-arguments", "REV706 limit (default: 6)", 6, "int"),
    Opt("--review-max-nesting", "REV707 limit (default: 4)", 4, "int"),
    Opt("--review-min-split-size", "REV708: smallest group size worth a split, 2 or more "
        "(default: 5)", 5, "int", minimum=2),
    Opt("--review-min-cohesion-methods", "REV709: methods a class needs before its cohesion is "
        "judged, 2 or more (default: 6)", 6, "int", minimum=2),
    # REV8 unused
    Opt("--review-unused-ignore", "REV804/REV805: comma-separated globs of names never reported "
        "as unused", "", "list"),
    Opt("--review-project-root", "REV3/REV5/REV8: project root for cross-module checks "
        "(default: detected from the checked paths)", "", "path"),
    # the written review and the baseline (flake8_review.report, flake8_review.baseline)
    Opt("--review-examples", "the written review (--format=review, review-markdown): findings "
        "listed per category before 'and N more'; 0 lists none (default: 5)", 5, "int"),
    Opt("--review-baseline", "baseline file written by --format=review-baseline: the findings it "
        "records are no longer reported. A relative path is relative to the folder of the config "
        "file that sets it, or on the command line to the current directory (default: unset)",
        "", "file"),
)


def register(manager: Any) -> None:
    """Add every ``--review-*`` option to flake8's option manager (call once per process)."""
    for opt in OPTIONS:
        kwargs: dict[str, Any] = {"help": opt.help, "parse_from_config": opt.config}
        if opt.kind == "flag":
            kwargs.update(action=_Flag, const=opt.const)
            if opt.dest:
                kwargs["dest"] = opt.dest
            else:
                kwargs["default"] = opt.default
        else:
            kwargs["default"] = str(opt.default)
            kwargs["metavar"] = {"list": "NAMES", "choice": "STYLE", "path": "DIR", "file": "FILE"}.get(
                opt.kind, "N"
            )
        if opt.kind == "list":
            kwargs["comma_separated_list"] = True
        if opt.kind == "file":
            # flake8 makes a path with a separator absolute, against the config file's
            # folder or the current one; baseline.locate() resolves bare names the same way
            kwargs["normalize_paths"] = True
        manager.add_option(opt.flag, **kwargs)


_TRUE = {"1", "yes", "true", "on"}
_FALSE = {"0", "no", "false", "off"}


def _flag(opt: Opt, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise OptionError(f"{opt.flag} expects true or false, got {value!r}")


def _int(opt: Opt, value: Any) -> int:
    text = str(value).strip()
    if not re.fullmatch(r"[+-]?\d+", text):
        raise OptionError(f"{opt.flag} expects a whole number, got {value!r}")
    number = int(text)
    if number < opt.minimum:
        raise OptionError(f"{opt.flag} must be {opt.minimum} or more, got {number}")
    if opt.kind == "percent" and number > 100:
        raise OptionError(f"{opt.flag} is a percentage from 0 to 100, got {number}")
    return number


def _names(opt: Opt, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    names = tuple(str(item).strip() for item in value or ())
    return tuple(name for name in names if name)


def _choice(opt: Opt, value: Any) -> str:
    word = str(value).strip().lower()
    if word not in opt.choices:
        allowed = ", ".join(repr(choice) for choice in opt.choices)
        raise OptionError(f"{opt.flag} must be one of {allowed}, got {value!r}")
    return word


_PARSERS: dict[str, Callable[[Opt, Any], Any]] = {
    "flag": _flag,
    "int": _int,
    "percent": _int,
    "list": _names,
    "choice": _choice,
    "path": lambda opt, value: str(value or "").strip(),
    "file": lambda opt, value: str(value or "").strip(),
}

_BY_ATTR = {opt.attr: opt for opt in OPTIONS if opt.config}


@dataclass(frozen=True)
class Settings:
    """Validated option values: the only configuration checks ever read."""

    naming_style: str = "pep8"
    naming_ignore: tuple[str, ...] = DEFAULT_NAMING_IGNORE
    allow_untyped_defs: bool = False
    allow_untyped_nested: bool = False
    suppress_dummy_args: bool = False
    mypy_init_return: bool = True
    min_annotation_coverage: int = 0
    registration_ignore: tuple[str, ...] = DEFAULT_REGISTRATION_IGNORE
    docstring_min_lines: int = 0
    min_docstring_coverage: int = 0
    logger_names: tuple[str, ...] = DEFAULT_LOGGER_NAMES
    max_module_members: int = 30
    max_methods: int = 20
    max_module_lines: int = 1000
    max_function_statements: int = 50
    max_cognitive_complexity: int = 15
    max_arguments: int = 6
    max_nesting: int = 4
    min_split_size: int = 5
    min_cohesion_methods: int = 6
    unused_ignore: tuple[str, ...] = ()
    project_root: str = ""
    examples: int = 5
    baseline: str = ""

    @classmethod
    def from_namespace(cls, namespace: argparse.Namespace) -> Settings:
        """Validate flake8's parsed options; raise :class:`OptionError` naming a bad option."""
        values = {}
        for attr, opt in _BY_ATTR.items():
            raw = getattr(namespace, attr, opt.default)
            if raw is None:
                raw = opt.default
            values[attr[len("review_"):]] = _PARSERS[opt.kind](opt, raw)
        return cls(**values)

    def naming_ignored(self, name: str) -> bool:
        """Whether ``name`` matches one of ``--review-naming-ignore``'s globs."""
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in self.naming_ignore)
