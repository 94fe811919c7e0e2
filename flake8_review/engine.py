"""The machinery every category shares: handler registration, selection, the REVn00 guard."""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass
from typing import Callable, ClassVar, Iterable, Iterator, Optional, Sequence

from flake8_review import __version__
from flake8_review.baseline import FORMAT_NAME as BASELINE_FORMAT
from flake8_review.baseline import Baseline, load, locate
from flake8_review.context import FileContext, Violation
from flake8_review.options import OptionError, Settings
from flake8_review.registry import RULES, Rule

HandlerFunc = Callable[[ast.AST, FileContext], Iterable[Violation]]


@dataclass(frozen=True)
class Handler:
    """A check: a small function run on every node of some types, reporting some rules."""

    func: HandlerFunc
    rules: tuple[Rule, ...]
    node_types: tuple[type, ...]


#: handlers per category prefix ("REV1" → [...]), in declaration order
HANDLERS: dict[str, list[Handler]] = {}


def check(*rules: Rule, on: tuple[type, ...]) -> Callable[[HandlerFunc], HandlerFunc]:
    """Register a handler reporting ``rules`` for every node of the types in ``on``.

    Use ``on=(ast.Module,)`` for a handler that looks at the module as a whole.
    The handler is skipped when none of its rules can be reported in this run.
    """
    prefixes = {r.prefix for r in rules}
    if len(prefixes) != 1:
        raise ValueError("a handler reports rules of exactly one category")

    def register(func: HandlerFunc) -> HandlerFunc:
        HANDLERS.setdefault(prefixes.pop(), []).append(Handler(func, rules, on))
        return func

    return register


def selected_codes(options: argparse.Namespace) -> frozenset[str]:
    """The REV codes this run can report, judged the way flake8 will judge them."""
    try:
        from flake8.style_guide import Decision, DecisionEngine

        engine = DecisionEngine(options)
        return frozenset(code for code in RULES if engine.decision_for(code) is Decision.Selected)
    except Exception:  # noqa: REV601 - internal flake8 API: if it changes, do all the work rather than none
        return frozenset(RULES)


_SELECTED_HANDLERS: dict[tuple[str, frozenset[str]], tuple[Handler, ...]] = {}


def _handlers_for(prefix: str, enabled: frozenset[str]) -> tuple[Handler, ...]:
    """The handlers of a category that can report one of the enabled codes (worked out once per run)."""
    key = (prefix, enabled)
    found = _SELECTED_HANDLERS.get(key)
    if found is None:
        found = _SELECTED_HANDLERS[key] = tuple(
            h for h in HANDLERS.get(prefix, ()) if any(r.code in enabled for r in h.rules)
        )
    return found


def _load_baseline(options: argparse.Namespace, settings: Settings) -> Optional[Baseline]:
    """The baseline ``--review-baseline`` names, unless this run writes a new one."""
    if not settings.baseline or getattr(options, "format", None) == BASELINE_FORMAT:
        return None
    return load(locate(options, settings.baseline))


class BaseChecker:
    """What the nine flake8 tree plugins share. Subclasses set ``prefix`` and ``checker``.

    This class deliberately defines no ``add_options``: flake8 allows each option
    to be registered once, so only the REV1 checker registers the suite's options.
    """

    name = "flake8-review"
    version = __version__
    prefix: ClassVar[str] = ""
    checker: ClassVar[str] = ""
    settings: ClassVar[Settings] = Settings()
    enabled: ClassVar[frozenset[str] | None] = None  # None: every code (parse_options not run)
    baseline: ClassVar[Optional[Baseline]] = None  # findings recorded as accepted

    def __init__(self, tree: ast.AST, lines: Sequence[str], filename: str) -> None:
        self.tree = tree
        self.lines = lines
        self.filename = filename

    @classmethod
    def parse_options(cls, options: argparse.Namespace) -> None:
        """Validate the options once for this process and learn which codes can be reported."""
        try:
            cls.settings = Settings.from_namespace(options)
            cls.baseline = _load_baseline(options, cls.settings)
        except OptionError as error:
            # One clear line and a non-zero exit; flake8 would print a traceback otherwise.
            raise SystemExit(f"flake8-review: error: {error}") from None
        cls.enabled = selected_codes(options)
        _SELECTED_HANDLERS.clear()

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        """Run this category's handlers; a failure becomes one REVn00 finding, never a crash."""
        enabled = self.enabled if self.enabled is not None else frozenset(RULES)
        handlers = _handlers_for(self.prefix, enabled)
        if not handlers:
            return
        found: list[Violation] = []
        try:
            ctx = FileContext.for_tree(self.tree, self.lines, self.filename, self.settings)
            for handler in handlers:
                for node_type in handler.node_types:
                    for node in ctx.nodes(node_type):
                        found.extend(handler.func(node, ctx))
        except Exception as error:  # noqa: REV601 - the guard itself: reported as REVn00
            yield self._internal_error(error)
        reported = [violation for violation in found if violation.code in enabled]
        if self.baseline is not None and reported:
            reported = self.baseline.filter(self.filename, self.lines, reported)
        for violation in reported:
            yield violation.line, violation.col, violation.text, type(self)

    def _internal_error(self, error: BaseException) -> tuple[int, int, str, type]:
        text = str(error).splitlines()[0] if str(error) else ""
        message = f"{type(error).__name__}: {text}" if text else type(error).__name__
        rule = RULES[f"{self.prefix}00"]
        if getattr(sys.flags, "dev_mode", False):  # surface the traceback to developers
            import traceback

            traceback.print_exception(type(error), error, error.__traceback__)
        return 1, 0, rule.render(checker=self.checker, error=message), type(self)
