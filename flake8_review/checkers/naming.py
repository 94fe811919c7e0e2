"""REV1 naming conventions."""

from __future__ import annotations

from typing import Any

from flake8_review import options
from flake8_review.checkers import load_all
from flake8_review.engine import BaseChecker
from flake8_review.registry import default_off_codes, internal_error_rule

INTERNAL_ERROR = internal_error_rule("REV1", "naming")


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
