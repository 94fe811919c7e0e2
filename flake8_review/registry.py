"""The rule registry: one record per code, the single source of messages, docs and tests."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from typing import Dict, Tuple

CATEGORIES: Dict[str, str] = {
    "REV1": "Naming conventions",
    "REV2": "Type hints and annotations",
    "REV3": "Function signature consistency",
    "REV4": "Docstrings",
    "REV5": "Logging",
    "REV6": "Error handling",
    "REV7": "Code organization",
    "REV8": "Unused code",
    "REV9": "Security",
}

_CODE = re.compile(r"REV[1-9]\d\d")
_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


@dataclass(frozen=True)
class Rule:
    """One flake8-review code and everything users are told about it."""

    code: str
    name: str
    message: str
    summary: str
    why: str
    bad: str
    good: str
    options: Tuple[str, ...] = ()
    default_enabled: bool = True
    see_also: Tuple[str, ...] = ()
    added: str = "0.1.0"
    #: flake8 options the bad/good examples are shown with (a low limit keeps an example short)
    example_options: Tuple[str, ...] = ()
    fields: Tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        placeholders = tuple(
            name for _, name, _, _ in string.Formatter().parse(self.message) if name
        )
        object.__setattr__(self, "fields", placeholders)

    @property
    def prefix(self) -> str:
        """The flake8 entry point (category) this code belongs to, e.g. ``REV1``."""
        return self.code[:4]

    @property
    def category(self) -> str:
        """The category's title."""
        return CATEGORIES[self.prefix]

    def render(self, **values: object) -> str:
        """Format the flake8 text for one finding: the code, a space and the message."""
        return f"{self.code} {self.message.format(**values)}"


RULES: Dict[str, Rule] = {}


def rule(**kwargs: object) -> Rule:
    """Declare a rule and add it to the registry."""
    new = Rule(**kwargs)  # type: ignore[arg-type]
    if not _CODE.fullmatch(new.code):
        raise ValueError(f"bad rule code {new.code!r}")
    if new.code in RULES:
        raise ValueError(f"rule code {new.code!r} declared twice")
    if not _NAME.fullmatch(new.name):
        raise ValueError(f"rule name {new.name!r} is not kebab-case")
    if new.message.endswith("."):
        raise ValueError(f"message of {new.code} ends with a period")
    RULES[new.code] = new
    return new


def internal_error_rule(prefix: str, checker: str) -> Rule:
    """Declare the REVn00 internal-error code of one category."""
    return rule(
        code=f"{prefix}00",
        name=f"internal-error-{checker}",
        message="flake8-review internal error in {checker}: {error}",
        summary=(
            f"Reported when the {checker} checker fails on a file: the flake8 run goes on "
            "and this one finding marks the file the checker could not review."
        ),
        why=(
            "A bug in one plugin must not stop the whole flake8 run (in an editor that "
            "means no linting at all). Seeing this code is always a flake8-review bug: "
            "please report it with the file that triggers it."
        ),
        bad="",
        good="",
    )


def default_off_codes() -> Tuple[str, ...]:
    """Codes that flake8 ignores until a user selects them."""
    return tuple(sorted(code for code, r in RULES.items() if not r.default_enabled))
