"""The neutral signature model of REV3 and the pure comparison REV301/REV302 rest on."""

from __future__ import annotations

import ast
import textwrap
from typing import Optional

import pytest

from flake8_review.signature_helpers import Kind, Param, Reachability, Signature, compare

POSITIONAL_ONLY, POSITIONAL, KEYWORD_ONLY = Kind.POSITIONAL_ONLY, Kind.POSITIONAL, Kind.KEYWORD_ONLY
VAR_POSITIONAL, VAR_KEYWORD = Kind.VAR_POSITIONAL, Kind.VAR_KEYWORD


def sig(params: str, bound: bool = True) -> Signature:
    """The signature of ``def f(<params>)``, as callers of a bound method see it by default."""
    node = ast.parse(f"def f({params}): pass").body[0]
    found: Optional[Signature] = Signature.from_ast(node.args, bound=bound)  # type: ignore[attr-defined]
    assert found is not None
    return found


def test_signature_keeps_kinds_names_and_defaults_in_order() -> None:
    """Every kind of parameter, in the order callers see them; ``self`` dropped when bound."""
    assert sig("self, a, /, b, c=1, *args, d, e=2, **kw").params == (
        Param("a", POSITIONAL_ONLY, False),
        Param("b", POSITIONAL, False),
        Param("c", POSITIONAL, True),
        Param("args", VAR_POSITIONAL, False),
        Param("d", KEYWORD_ONLY, False),
        Param("e", KEYWORD_ONLY, True),
        Param("kw", VAR_KEYWORD, False),
    )
    assert sig("a, b", bound=False).params[0].name == "a"


def test_bound_signature_of_a_method_without_parameters_is_unknown() -> None:
    """``def method():`` in a class cannot take its instance; ``def method(*args)`` can."""
    node = ast.parse("def f(): pass").body[0]
    assert Signature.from_ast(node.args, bound=True) is None  # type: ignore[attr-defined]
    assert sig("*args").params == (Param("args", VAR_POSITIONAL, False),)


def test_text_shows_markers_and_defaults() -> None:
    """``/`` and the bare ``*`` appear where Python needs them; defaults only when asked."""
    assert sig("self, a, /, b=1, *, c").text() == "(a, /, b=..., *, c)"
    assert sig("self, a, /, b=1, *, c").text(defaults=False) == "(a, /, b, *, c)"
    assert sig("self, a, /").text() == "(a, /)"
    assert sig("self").text() == "()"


def test_shape_ignores_defaults_and_variadic_names() -> None:
    """REV304 compares names, kinds and order: not defaults, not what ``*args`` is called."""
    assert sig("self, a, b=1, *args").shape == sig("self, a, b, *rest").shape
    assert sig("self, a, b").shape != sig("self, b, a").shape
    assert sig("self, a, b").shape != sig("self, a, *, b").shape


@pytest.mark.parametrize(
    ("base", "override", "incompatible"),
    [
        ("self, record, force", "self, record", ["drops required parameter 'force'"]),
        ("self, record", "self, record, force", ["adds required parameter 'force'"]),
        ("self, record, force=False", "self, record, force", ["makes parameter 'force' required"]),
        ("self, record, force", "self, record, *, force", ["makes required parameter 'force' keyword-only"]),
        ("self, record, force", "self, record, **kw", ["makes required parameter 'force' keyword-only"]),
        ("self, record", "self, record, /", ["makes parameter 'record' positional-only"]),
        ("self, *, force", "self", ["drops required keyword-only parameter 'force'"]),
        ("self", "self, *, force", ["adds required keyword-only parameter 'force'"]),
        ("self, *, force=1", "self, *, force", ["makes parameter 'force' required"]),
        ("self, force=1", "self, *, force", ["makes parameter 'force' required"]),
        ("self, *, force", "self, force, /", ["makes parameter 'force' positional-only"]),
        ("self, msg, *args", "self, msg", ["drops *args"]),
        ("self, msg, **extra", "self, msg", ["drops **extra"]),
        ("self, *args", "self, record", ["drops *args"]),
        ("self, a", "self, a, /, b=None", ["makes parameter 'a' positional-only"]),
        (
            "self, a, b",
            "self",
            ["drops required parameter 'a'", "drops required parameter 'b'"],
        ),
    ],
)
def test_incompatible_overrides(base: str, override: str, incompatible: list) -> None:
    """Each way of breaking a caller of the base method is named."""
    assert list(compare(sig(base), sig(override)).incompatible) == incompatible


@pytest.mark.parametrize(
    ("base", "override"),
    [
        ("self, record, force=False", "self, record"),  # dropping an optional one
        ("self, record", "self, record, force=False"),  # adding one with a default
        ("self, record", "self, record=None"),  # making one optional
        ("self, record, force", "self, *args, **kwargs"),  # takes anything (RULES.md)
        ("self, record, force", "self, record, *args"),  # *args takes the value
        ("self, *args", "self, record, force, *args"),  # the base admits extra positional ones
        ("self, **kwargs", "self, *, force, **kwargs"),  # the base admits extra keyword ones
        ("self, *args, **kwargs", "self, record"),  # a pass-everything base promises nothing
        ("self, *, force", "self, force"),  # keyword callers still work
        ("self, *, force", "self, **kwargs"),
        ("self, a, /", "self, b, /"),  # positional-only: no keyword to break
    ],
)
def test_compatible_overrides(base: str, override: str) -> None:
    """What RULES.md calls compatible gives no REV301 difference."""
    assert compare(sig(base), sig(override)).incompatible == ()


@pytest.mark.parametrize(
    ("base", "override", "renamed"),
    [
        ("self, record, force", "self, record, forced", [("force", "forced")]),
        ("self, a, b", "self, b, a", [("a", "b"), ("b", "a")]),
        ("self, *, force", "self, *, forced", [("force", "forced")]),
        ("self, record, force", "self, record, forced, *args, **kwargs", [("force", "forced")]),
    ],
)
def test_renames(base: str, override: str, renamed: list) -> None:
    """A different name at the same position (or keyword-only place) is a rename, REV302 only."""
    found = compare(sig(base), sig(override))
    assert list(found.renamed) == renamed
    assert found.incompatible == ()


@pytest.mark.parametrize(
    ("base", "override"),
    [
        ("self, force", "self, _force"),  # only a leading underscore differs
        ("self, _force", "self, force"),
        ("self, force", "self, _"),  # a dummy: the override does not use it
        ("self, force", "self, _unused"),
        ("self, force, /", "self, other, /"),  # positional-only
        ("self, *, force=1", "self, *, other=1"),  # optional keyword-only: dropped and added
    ],
)
def test_exempt_renames(base: str, override: str) -> None:
    """Dummy names and positional-only parameters are not renames."""
    assert compare(sig(base), sig(override)).renamed == ()


def test_static_and_bound_methods_compare_as_callers_see_them() -> None:
    """A staticmethod overriding a method takes the same arguments without ``self``."""
    base = sig("self, record")
    assert compare(base, sig("record", bound=False)) == ((), ())
    assert compare(base, sig("record, force", bound=False)).incompatible == (
        "adds required parameter 'force'",
    )


def _ends(source: str) -> bool:
    tree = ast.parse(textwrap.dedent(source))
    broken = set()
    for node in ast.walk(tree):
        for inner in ast.walk(node):
            if isinstance(node, ast.While) and isinstance(inner, ast.Break):
                broken.add(node)
    return Reachability(lambda node: ast.unparse(node), broken).block_ends(tree.body)


@pytest.mark.parametrize(
    ("source", "ends"),
    [
        ("return 1", True),
        ("raise ValueError", True),
        ("sys.exit(1)", True),
        ("os._exit(1)", True),
        ("exit(1)", False),  # not resolved to sys.exit
        ("assert False", False),  # RULES.md's reading: asserts may be compiled away
        ("if x:\n    return 1\nelse:\n    raise E", True),
        ("if x:\n    return 1", False),
        ("if x:\n    return 1\nelif y:\n    return 2\nelse:\n    return 3", True),
        ("if x:\n    return 1\nelif y:\n    return 2", False),
        ("with x:\n    return 1", True),
        ("try:\n    return 1\nexcept E:\n    raise", True),
        ("try:\n    return 1\nexcept E:\n    pass", False),
        ("try:\n    x()\nexcept E:\n    return 2\nelse:\n    return 1", True),
        ("try:\n    x()\nfinally:\n    return 1", True),
        ("while True:\n    x()", True),
        ("while 1:\n    x()", True),
        ("while True:\n    break", False),
        ("while x:\n    return 1", False),
        ("for i in x:\n    return 1\nelse:\n    raise E", True),
        ("x()\nreturn 1\nx()", True),
    ],
)
def test_reachability_reading(source: str, ends: bool) -> None:
    """RULES.md's reading of an unreachable end, statement by statement."""
    assert _ends(source) is ends
