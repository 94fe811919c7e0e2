"""REV7 on odd code: every construct gives a result or silence, never an internal error."""

from __future__ import annotations

import ast
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import flake8_in_process
from flake8_review.context import FileContext
from flake8_review.options import Settings
from flake8_review.organization_helpers import member_links, show_group

LOW_LIMITS = [
    "--select=REV7",
    "--extend-select=REV709",
    "--review-max-module-members=0",
    "--review-max-methods=0",
    "--review-max-module-lines=0",
    "--review-max-function-statements=0",
    "--review-max-cognitive-complexity=0",
    "--review-max-arguments=0",
    "--review-max-nesting=0",
    "--review-min-split-size=2",
    "--review-min-cohesion-methods=2",
]

ODD = '''
import functools
from typing import overload

global_value = 0
first, *rest = [1, 2, 3]
handler = lambda *a, **k: (lambda: a if k else None)()


def uses_global():
    global global_value
    global_value += 1
    if (n := global_value) > 1 and n or not n:
        return [x for x in range(n) if x if not x]
    return {k: v for k, v in {}.items()}


async def agen(source):
    async with source as stream:
        async for item in stream:
            yield item
    await source


@functools.lru_cache(maxsize=None)
def cached(a, /, b, *args, c, d=1, **kwargs):
    def inner():
        nonlocal a
        a += 1
        return inner()
    class Local:
        def method(self):
            return self.method() if a else self
    return inner, Local


class Weird(metaclass=type):
    x: int
    y = z = 1

    @overload
    def f(self, a: int) -> int: ...

    @overload
    def f(self, a: str) -> str: ...

    def f(self, a):
        try:
            pass
        except* ValueError:
            pass
        return getattr(self, "x") + self.y

    @property
    def g(self):
        return self.x

    @g.setter
    def g(self, value):
        self.x = value

    def h(self):
        del self.x
        return lambda self: self.y
'''

MATCH = '''
def describe(point):
    match point:
        case {"x": x, **rest} if x and rest:
            return x
        case [1, *others] | (2, *others):
            return others
        case Point(x=0) as p:
            return p
        case _:
            pass
'''

GENERICS = '''
type Alias[T] = list[T]


class Box[T: (int, str), *Ts, **P]:
    def put[U](self, item: T, other: U) -> Alias[U]:
        if item:
            return [other]
        return []


def pair[T](first: T, second: T) -> tuple[T, T]:
    return first, second
'''


@pytest.mark.parametrize(("name", "source", "version"), [
    ("odd", ODD, (3, 11)),
    ("match", MATCH, (3, 10)),
    ("generics", GENERICS, (3, 12)),
])
def test_odd_code_never_fails(name: str, source: str, version: tuple, tmp_path: Path) -> None:
    """Every REV7 code runs on odd syntax with the lowest limits and reports no internal error."""
    if sys.version_info < version:
        pytest.skip(f"needs Python {version[0]}.{version[1]}")
    target = tmp_path / f"{name}.py"
    target.write_text(textwrap.dedent(source), encoding="utf-8")
    _, output = flake8_in_process([*LOW_LIMITS, str(target)], tmp_path)
    assert output, "the lowest limits report something"
    assert not [line for line in output if " REV700 " in line], output


def test_member_links_follow_every_kind_of_reference() -> None:
    """Bodies, annotations (string ones too), decorators, defaults, bases and module variables."""
    source = textwrap.dedent('''
        SHARED = 1
        TABLE = {"a": helper_a} if SHARED else {}


        def helper_a():
            return SHARED


        def helper_b():
            return SHARED


        class Base:
            pass


        class Child(Base):
            def method(self, other: "Other") -> None:
                pass


        class Other:
            pass


        def decorated(func=helper_b):
            return func


        @decorated
        def user():
            return TABLE
    ''')
    ctx = FileContext(ast.parse(source), source.splitlines(True), "module.py", Settings())
    links = member_links(ctx)
    assert links == {
        "helper_a": set(),
        "helper_b": set(),  # a shared constant links nothing
        "Base": set(),
        "Child": {"Base", "Other"},
        "Other": set(),
        "decorated": {"helper_b"},
        "user": {"decorated", "helper_a"},
    }


def test_show_group() -> None:
    """The first three members of a group and its size."""
    assert show_group(["a", "b"]) == "[a, b] (2)"
    assert show_group(["a", "b", "c", "d"]) == "[a, b, c, ...] (4)"
