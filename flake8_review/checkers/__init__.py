"""One module per category; each defines its rules, its handlers and its flake8 checker class."""

from __future__ import annotations

import importlib

#: category prefix → checker module, in catalog order (RULES.md)
CATEGORY_MODULES = {
    "REV1": "naming",
    "REV2": "annotations",
    "REV3": "signatures",
    "REV4": "docstrings",
    "REV5": "logs",
    "REV6": "errors",
    "REV7": "organization",
    "REV8": "unused",
    "REV9": "security",
}


def load_all() -> None:
    """Import every category module so that the registry holds every rule."""
    for module in CATEGORY_MODULES.values():
        importlib.import_module(f"{__name__}.{module}")
