"""What a run keeps in memory: no file's tree outlives its turn, and long-lived facts are frozen."""

from __future__ import annotations

import ast
import gc
import sys
from pathlib import Path
from typing import Iterator

import pytest

from conftest import flake8_in_process
from flake8_review import context, foreign, inference, longlived
from flake8_review.context import FileContext, NodeIndex

ASKS_ASTROID = '''\
"""A base astroid must look for: the module prefix it tries first does not exist."""
import socketserver


class Server(socketserver.BaseServer.Missing):
    """A server."""

    def serve(self, timeout):
        return timeout
'''

PLAIN = '''\
"""Nothing to resolve."""


def double(value):
    return value * 2
'''


@pytest.fixture()
def fresh_bridge(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Empty answer caches, so that the questions are really asked."""
    monkeypatch.setattr(inference, "_FOUND", {})
    monkeypatch.setattr(foreign.Sources, "_files", {})
    monkeypatch.setattr(foreign.Sources, "_tables", {})
    monkeypatch.setattr(foreign.Sources, "_found", {})
    yield


def _contexts_alive() -> int:
    gc.collect()
    return sum(1 for obj in gc.get_objects() if type(obj) is FileContext)


def test_a_file_that_asked_astroid_is_freed(tmp_path: Path, fresh_bridge: None,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """astroid re-raises cached import errors; their tracebacks must not keep a checked file alive."""
    monkeypatch.setattr(longlived.gc, "freeze", lambda: None)  # frozen objects would be out of gc's sight
    (tmp_path / "a_server.py").write_text(ASKS_ASTROID, encoding="utf-8")
    (tmp_path / "b_plain.py").write_text(PLAIN, encoding="utf-8")
    before = inference.Stats.astroid
    files = [str(tmp_path / "a_server.py"), str(tmp_path / "b_plain.py")]
    flake8_in_process(["-j1", "--select=REV3", *files], tmp_path)
    assert inference.Stats.astroid > before  # the question went to astroid
    assert _contexts_alive() <= 1  # only the latest file's context (kept until the next file)


def test_tracebacks_of_cached_errors_are_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cut reaches the cached error, its context and the error it wraps."""

    class Manager:
        _mod_file_cache: dict = {}

    def raised(error: BaseException) -> BaseException:
        try:
            raise error
        except BaseException as caught:  # noqa: REV601 - the test keeps it
            return caught

    inner = raised(ImportError("no module"))
    outer = raised(RuntimeError("wrapped"))
    outer.error = inner  # type: ignore[attr-defined]
    outer.__context__ = raised(KeyError("key"))
    Manager._mod_file_cache = {("x", None): outer, ("y", None): "a spec"}
    monkeypatch.setitem(inference._STATE, "manager", Manager())
    assert outer.__traceback__ is not None
    inference._drop_tracebacks()
    assert outer.__traceback__ is None
    assert inner.__traceback__ is None
    assert outer.__context__.__traceback__ is None


def test_settle_freezes_only_after_enough_was_added(monkeypatch: pytest.MonkeyPatch) -> None:
    """Between files, a freeze happens once the long-lived facts added reach the threshold."""
    monkeypatch.setattr(longlived, "_ADDED", [0])
    frozen = []
    monkeypatch.setattr(longlived.gc, "freeze", lambda: frozen.append(True))
    longlived.added(longlived.THRESHOLD - 1)
    longlived.settle()
    assert not frozen
    longlived.added()
    longlived.settle()
    assert frozen == [True]
    longlived.settle()
    assert frozen == [True]  # the count starts again


def test_foreign_tables_count_towards_a_freeze(
    tmp_path: Path, fresh_bridge: None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reading a base module's table is a long-lived addition."""
    monkeypatch.setattr(longlived, "_ADDED", [0])
    monkeypatch.setattr(longlived, "THRESHOLD", 10**9)  # no freeze inside the test run
    (tmp_path / "handler.py").write_text(
        '"""A handler."""\nimport socketserver\n\n\nclass Handler(socketserver.BaseRequestHandler):\n'
        '    """A handler."""\n\n    def setup(self, retries):\n        return retries\n',
        encoding="utf-8",
    )
    _, lines = flake8_in_process(["-j1", "--select=REV301", str(tmp_path / "handler.py")], tmp_path)
    assert any("REV301" in line for line in lines)
    assert longlived._ADDED[0] >= 1


def test_the_project_index_is_frozen_once_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run with a cross-module code freezes the index before the first file; one without, not."""
    frozen: list = []
    monkeypatch.setattr(longlived.gc, "freeze", lambda: frozen.append(True))
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = tiny\n", encoding="utf-8")
    (tmp_path / "tiny.py").write_text('"""Tiny."""\n\n\ndef _unused():\n    return 1\n', encoding="utf-8")
    _, lines = flake8_in_process(["-j1", "--select=REV806", str(tmp_path / "tiny.py")], tmp_path)
    assert lines == [] and frozen == []  # no index: nothing to freeze
    _, lines = flake8_in_process(["-j1", "--select=REV801", str(tmp_path / "tiny.py")], tmp_path)
    assert [line.split(" ", 2)[1] for line in lines] == ["REV801"]
    assert frozen == [True]


# -- the one walk reaches every node ----------------------------------------------------------

WALKED = '''\
import os as system, sys
from . import sibling
x: int = 1
y = [a for a in range(3) if a if not a] + {**{}} or (lambda q, *r, s=1, **t: q)(1)
del x
async def run(p, /, q, *, r=2):
    async with open(p) as (f, g):
        async for item in f:
            await item
    try:
        raise ValueError from None
    except (ValueError, KeyError) as error:
        global z
    else:
        pass
    finally:
        yield f"{p!r:>{q}}"
class C(Base, metaclass=Meta):
    @decorator(1)
    def method(self) -> "C":
        while self and not self:
            self.value += -1 if self < 2 <= 3 else ~1
        assert self, "message"
        return self[1:2, ::3]
'''

MATCHED = '''\
match command:
    case [1, *rest] if rest:
        pass
    case {"key": value, **others}:
        pass
    case Point(x=0, y=[_, *_]) | None as found:
        pass
'''


def _expected(tree: ast.AST) -> set[int]:
    return {id(node) for node in ast.walk(tree) if not isinstance(node, context._SKIPPED)}


@pytest.mark.parametrize("source", [
    pytest.param(WALKED, id="statements"),
    pytest.param(MATCHED, id="match", marks=pytest.mark.skipif(sys.version_info < (3, 10), reason="match")),
])
def test_the_walk_indexes_every_node(source: str) -> None:
    """Leaf types skip their fields; nothing else is skipped but the shared singletons."""
    tree = ast.parse(source)
    index = NodeIndex(tree)
    indexed = {id(node) for nodes in index.by_type.values() for node in nodes}
    assert indexed == _expected(tree)
    assert set(map(id, index.parents)) == _expected(tree) - {id(tree)}


def test_the_walk_indexes_every_node_of_the_standard_library_samples() -> None:
    """A few large standard library modules, walked and compared with ``ast.walk``."""
    import argparse
    import tokenize as tokenize_module

    for module in (argparse, tokenize_module, ast):
        with open(module.__file__, encoding="utf-8") as stream:  # type: ignore[arg-type]
            tree = ast.parse(stream.read())
        index = NodeIndex(tree)
        assert {id(n) for nodes in index.by_type.values() for n in nodes} == _expected(tree)


@pytest.mark.skipif(sys.version_info < (3, 12), reason="needs Python 3.12")
def test_the_walk_reaches_type_parameters() -> None:
    """``def f[T: int](x: T)`` and ``type Alias[T] = ...``: the new nodes are reached too."""
    tree = ast.parse(
        "def first[T: int](items: list[T]) -> T:\n    return items[0]\ntype Pair[K] = tuple[K, K]\n"
        "class Box[T, *Ts, **P]:\n    pass\n",
    )
    index = NodeIndex(tree)
    assert {id(n) for nodes in index.by_type.values() for n in nodes} == _expected(tree)


# -- base classes read from source keep a summary, not their tree ------------------------------

BASE_MODULE = '''\
class Base(object, mixins.Mixin):
    """A base."""

    limit = 3

    def __init__(self, name):
        self.name = name
        self.first, *self.rest = name
        if name:
            for self.cursor in name:
                pass
        try:
            with open(name) as self.stream:
                pass
        except OSError:
            self.failed: bool = True
        else:
            self.count += 1

        def nested():
            self.inner = 1
        other.outside = 1
        print(self.read_only)

    @property
    def size(self):
        """The size."""
        return self.limit

    def run(self, task, *args, retries=2, **options):
        return task
'''


def test_a_class_body_summary_answers_like_the_tree() -> None:
    """Members, their parameters and documentation, the bases, and the attributes methods assign."""
    node = ast.parse(BASE_MODULE).body[0]
    assert isinstance(node, ast.ClassDef)
    body = foreign.class_body(node)
    assert body.bases == (("object", ""), ("mixins", "Mixin"))
    assert body.attributes == frozenset({
        "name", "first", "rest", "cursor", "stream", "failed", "count", "inner",
    })
    handle = foreign.SourceClass("pkg.Base", body)
    assert handle.binds("limit") and handle.binds("run") and not handle.binds("name")
    assert handle.binds("name", attributes=True) and not handle.binds("read_only", attributes=True)
    run = handle.member("run")
    assert run is not None and run.method and run.params is not None
    assert [(p.name, p.kind, p.has_default) for p in run.params] == [
        ("self", foreign.POSITIONAL, False), ("task", foreign.POSITIONAL, False),
        ("args", foreign.VAR_POSITIONAL, False), ("retries", foreign.KEYWORD_ONLY, True),
        ("options", foreign.VAR_KEYWORD, False),
    ]
    size = handle.member("size")
    assert size is not None and not size.method and size.has_docstring
    assert handle.member("missing") is None
