"""Pure helpers of the REV1 naming checks: naming styles, class-like values, builtin exceptions.

Nothing here reports and nothing looks at more than one name or one small
expression; the per-file facts live in :mod:`flake8_review.naming_facts`.
"""

from __future__ import annotations

import ast
import builtins
import fnmatch
import re
from functools import lru_cache
from typing import Callable, FrozenSet, Optional, Tuple

SNAKE_CASE = "snake_case"
CAMEL_CASE = "camelCase"
CAP_WORDS = "CapWords"
UPPER_CASE = "UPPER_CASE"
#: a name with word boundaries but no clean style (``get_Port``, ``HTTP_server``)
MIXED = "mixed"


def core(name: str) -> str:
    """The name without its leading and trailing underscores."""
    return name.strip("_")


def is_dunder(name: str) -> bool:
    """``__x__``: a name Python (or a protocol) imposes."""
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def is_trivial(name: str) -> bool:
    """Dunders, ``_`` and single letters: names that carry no naming style."""
    return len(core(name)) <= 1 or is_dunder(name)


def _has_capital_boundary(text: str) -> bool:
    """An inner capital that starts a word: ``getPort``, ``md5Sum``, ``HTTPServer`` (not ``HTTP``)."""
    for index in range(1, len(text)):
        char = text[index]
        if not char.isupper():
            continue
        before = text[index - 1]
        if before.islower() or before.isdigit():
            return True
        if before.isupper() and index + 1 < len(text) and text[index + 1].islower():
            return True
    return False


def _snake_words(text: str) -> bool:
    """``_``-separated words with a lower-case first word; later words may keep capitals, since
    they name an acronym or another identifier (``test_HTTPError``, ``handle_IHAVE``, ``test_countOf``)."""
    first = text.split("_", 1)[0]
    return first == first.lower()


def shown_style(name: str) -> Optional[str]:
    """The style a name shows, or ``None`` for names with one word (``port``, ``Port``, ``PORT``).

    Only a word boundary is evidence of a style: an underscore between words or
    an inner capital. Dunders and single letters show nothing.
    """
    if is_trivial(name):
        return None
    text = core(name)
    if "_" in text:
        if text == text.upper() and text != text.lower():
            return UPPER_CASE
        if _snake_words(text):
            return SNAKE_CASE
        return MIXED
    if _has_capital_boundary(text):
        return CAP_WORDS if text[0].isupper() else CAMEL_CASE
    return None


def conforms(name: str, style: str) -> bool:
    """Whether ``name`` can be read as written in ``style`` (one-word names fit several).

    snake_case means lower-case words separated by underscores; words after the
    first may keep the capitals of an acronym or of an identifier they refer to
    (``test_HTTPError_str``, ``handle_IHAVE``, ``test_countOf``).
    """
    text = core(name)
    if not text:
        return True
    if style == SNAKE_CASE:
        return text == text.lower() or ("_" in text and _snake_words(text))
    if style == UPPER_CASE:
        return text == text.upper()
    if "_" in text:
        return False
    if style == CAP_WORDS:
        return text[0].isupper()
    if style == CAMEL_CASE:
        return not text[0].isupper()
    return True


def starts_upper(name: str) -> bool:
    """``Foo``, ``FOO_BAR``, ``_Private``: names PEP 8 uses for constants, classes and type aliases."""
    text = core(name)
    return bool(text) and text[0].isupper()


def is_snake_file_name(stem: str) -> bool:
    """A module file name in snake_case: lower-case letters, digits and underscores."""
    return bool(stem) and stem == stem.lower() and all(c == "_" or c.isalnum() for c in stem)


@lru_cache(maxsize=8)
def name_matcher(patterns: Tuple[str, ...]) -> Callable[[str], bool]:
    """One compiled test for a list of globs (``--review-naming-ignore``), built once per setting."""
    if not patterns:
        return lambda name: False
    regex = re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns))
    return lambda name: regex.match(name) is not None


# -- class-like values (REV104's CapWords exemption) --------------------------------------

#: callables whose result is a class or a typing construct, by last dotted component
CLASS_FACTORIES = frozenset({
    "namedtuple", "NamedTuple", "TypedDict", "type", "TypeVar", "NewType",
    "ParamSpec", "TypeVarTuple", "TypeAliasType", "make_dataclass",
    "Enum", "IntEnum", "StrEnum", "Flag", "IntFlag",
    "CFUNCTYPE", "WINFUNCTYPE", "PYFUNCTYPE", "POINTER",  # ctypes types
    "new_class",  # types.new_class
})

#: builtin types that appear lower-case in type aliases (``Alias = list[int]``, ``int | None``)
BUILTIN_TYPES = frozenset({
    "int", "float", "complex", "bool", "str", "bytes", "bytearray", "list", "dict",
    "set", "frozenset", "tuple", "type", "object", "memoryview", "range", "slice",
})


def _node_last_name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def is_class_like(node: Optional[ast.AST], depth: int = 0) -> bool:
    """Whether an expression evidently evaluates to a class or a type.

    A CapWords name or attribute, a call of a class factory (``namedtuple``,
    ``TypeVar``, ``type`` ...), a subscripted type (``Dict[str, int]``,
    ``list[int]``), a union of types (``int | None``) or a ctypes array type
    (``c_int * 3``).
    """
    if node is None or depth > 8:
        return False
    if isinstance(node, (ast.Name, ast.Attribute)):
        last = _node_last_name(node)
        return (starts_upper(last) and "_" not in core(last)) or last in BUILTIN_TYPES
    if isinstance(node, ast.Call):
        return _node_last_name(node.func) in CLASS_FACTORIES
    if isinstance(node, ast.Subscript):
        return is_class_like(node.value, depth + 1)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return all(_is_union_member(side, depth + 1) for side in (node.left, node.right))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):  # a ctypes array type: c_int * 3
        return _node_last_name(node.left).startswith("c_") or is_class_like(node.left, depth + 1)
    return False


def _is_union_member(node: ast.AST, depth: int) -> bool:
    if isinstance(node, ast.Constant) and node.value is None:
        return True
    return is_class_like(node, depth)


def all_class_like(node: ast.AST) -> bool:
    """A literal tuple, list or set of classes (``for Model in (User, Group):``)."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and node.elts:
        return all(is_class_like(elt) for elt in node.elts)
    return False


# -- builtin exceptions (REV108) ------------------------------------------------------------

def _builtin_exceptions() -> Tuple[FrozenSet[str], FrozenSet[str]]:
    errors = set()
    warnings = set()
    for name, value in vars(builtins).items():
        if isinstance(value, type) and issubclass(value, BaseException):
            (warnings if issubclass(value, Warning) else errors).add(name)
    # names newer Pythons define, so that the result does not depend on the running version
    errors.update({"BaseExceptionGroup", "ExceptionGroup", "PythonFinalizationError"})
    warnings.add("EncodingWarning")
    return frozenset(errors), frozenset(warnings)


BUILTIN_ERRORS, BUILTIN_WARNINGS = _builtin_exceptions()
