"""REV2 type hints and annotations."""

from __future__ import annotations

from flake8_review.engine import BaseChecker
from flake8_review.registry import internal_error_rule

INTERNAL_ERROR = internal_error_rule("REV2", "annotations")


class AnnotationsChecker(BaseChecker):
    """REV2: the flake8 entry point of the annotation checks."""

    prefix = "REV2"
    checker = "annotations"
