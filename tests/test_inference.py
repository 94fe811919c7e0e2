"""The astroid bridge: unknown on any failure, the API other categories use, and its pure helpers."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Iterator

import pytest

from conftest import FIXTURES, flake8_in_process
from flake8_review import classes, foreign, inference
from flake8_review.context import FileContext
from flake8_review.options import Settings
from flake8_review.signature_helpers import Kind

# -- failures and time-outs mean unknown ------------------------------------------------------

FAILING = '''\
"""Questions whose answers fail."""
import socketserver


class Handler(socketserver.BaseRequestHandler):
    """A handler."""

    def setup(self, retries):
        return retries

    def handleOne(self):
        return None
'''


@pytest.fixture()
def fresh_bridge(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A bridge with empty caches and counters, as at the start of a run."""
    monkeypatch.setattr(inference, "_FOUND", {})
    monkeypatch.setattr(inference, "_HANDLES", {})
    monkeypatch.setattr(foreign, "BY_QNAME", {})
    monkeypatch.setattr(inference, "BY_QNAME", foreign.BY_QNAME)
    monkeypatch.setattr(foreign.Sources, "_files", {})
    monkeypatch.setattr(foreign.Sources, "_tables", {})
    monkeypatch.setattr(foreign.Sources, "_found", {})
    for name in ("questions", "astroid", "cached", "unknown", "timeouts", "failures"):
        monkeypatch.setattr(inference.Stats, name, 0)
    monkeypatch.setattr(inference._Budget, "exhausted", False)
    yield


def _check(tmp_path: Path) -> list[str]:
    path = tmp_path / "failing_bases.py"
    path.write_text(FAILING, encoding="utf-8")
    _, lines = flake8_in_process(["--select=REV1,REV3", "--extend-ignore=REV107", str(path)], tmp_path)
    return [line.split(": ", 1)[1] for line in lines]


def test_the_control_resolves(tmp_path: Path, fresh_bridge: None) -> None:
    """Without failures the base resolves: REV301 reports, REV102 reports the non-override."""
    assert _check(tmp_path) == [
        "REV301 'Handler.setup' is incompatible with 'socketserver.BaseRequestHandler.setup': "
        "adds required parameter 'retries'",
        "REV102 method name 'handleOne' should be snake_case",
    ]


@pytest.mark.parametrize("error", [RecursionError, RuntimeError, AttributeError])
def test_a_failure_is_unknown(
    tmp_path: Path, fresh_bridge: None, monkeypatch: pytest.MonkeyPatch, error: type,
) -> None:
    """Any exception inside a question: no REVn00, REV301 silent, REV102 reports as before."""

    def broken(dotted: str, roots: object) -> None:
        raise error("deep inside")

    monkeypatch.setattr(inference, "_answer", broken)
    assert _check(tmp_path) == ["REV102 method name 'handleOne' should be snake_case"]
    assert inference.Stats.failures == 1  # asked once, then remembered as unknown


@pytest.mark.parametrize("error", [RecursionError, RuntimeError])
def test_an_astroid_failure_is_unknown(
    tmp_path: Path, fresh_bridge: None, monkeypatch: pytest.MonkeyPatch, error: type,
) -> None:
    """A base the source reader hands to astroid (``Alias = Widget``), and astroid fails."""

    def broken(dotted: str) -> None:
        raise error("deep inside astroid")

    monkeypatch.setattr(inference, "_resolve", broken)
    path = FIXTURES / "REV102_foreign.py"
    _, lines = flake8_in_process(["--select=REV102", str(path)], tmp_path)
    assert any("'paintEvent'" in line for line in lines)  # ThroughAlias(Alias): no longer exempt
    assert inference.Stats.astroid >= 1 and inference.Stats.failures >= 1


def test_a_question_past_its_deadline_is_unknown(
    tmp_path: Path, fresh_bridge: None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The deadline is checked between steps: with no time at all, the first step gives up."""
    monkeypatch.setattr(inference, "QUESTION_SECONDS", -1.0)
    assert _check(tmp_path) == ["REV102 method name 'handleOne' should be snake_case"]
    assert inference.Stats.timeouts == 1


def test_an_exhausted_process_budget_asks_nothing(
    tmp_path: Path, fresh_bridge: None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After ``PROCESS_SECONDS`` of astroid time in a process, every answer is unknown at once."""
    monkeypatch.setattr(inference._Budget, "exhausted", True)
    assert _check(tmp_path) == ["REV102 method name 'handleOne' should be snake_case"]
    assert inference.Stats.questions == 0


# -- the API REV803 and the other categories use ----------------------------------------------

API = '''\
import threading
from foreign_pkg.core import Core
from foreign_pkg.widgets import Partial
from nowhere import Unknown


class Local:
    def mine(self):
        pass


class Button(Core):
    pass


class Worker(threading.Thread, Local):
    pass


class Incomplete(Partial):
    pass


class Opaque(Unknown):
    pass


class Plain(Local):
    pass


class Table(dict):
    pass
'''


def _context() -> FileContext:
    tree = ast.parse(API)
    return FileContext(tree, API.splitlines(keepends=True), str(FIXTURES / "api_module.py"), Settings())


def test_base_binding_answers_found_absent_or_unknown() -> None:
    """ABSENT only when every base is resolved; an unresolved base does not hide what others bind."""
    ctx = _context()
    cls = ctx.classes
    assert classes.base_binding(ctx, cls["Button"], "onClick") == classes.FOUND
    assert classes.base_binding(ctx, cls["Button"], "onDrag") == classes.ABSENT
    assert classes.base_binding(ctx, cls["Worker"], "run") == classes.FOUND
    assert classes.base_binding(ctx, cls["Worker"], "mine") == classes.FOUND
    assert classes.base_binding(ctx, cls["Worker"], "walk") == classes.ABSENT
    assert classes.base_binding(ctx, cls["Incomplete"], "refresh") == classes.FOUND
    assert classes.base_binding(ctx, cls["Incomplete"], "walk") == classes.UNKNOWN
    assert classes.base_binding(ctx, cls["Opaque"], "walk") == classes.UNKNOWN
    assert classes.base_binding(ctx, cls["Plain"], "walk") == classes.ABSENT
    assert classes.base_binding(ctx, cls["Local"], "__init__") == classes.ABSENT  # object is no base
    assert classes.base_binding(ctx, cls["Table"], "keys") == classes.FOUND  # the interpreter knows dict
    assert classes.base_binding(ctx, cls["Table"], "walk") == classes.ABSENT


def test_hierarchy_known() -> None:
    """Every base resolved, transitively."""
    ctx = _context()
    known = {name: classes.hierarchy_known(ctx, node) for name, node in ctx.classes.items()}
    assert known == {
        "Local": True, "Button": True, "Worker": True, "Incomplete": False, "Opaque": False, "Plain": True,
        "Table": True,
    }


def test_members_elsewhere_describe_signatures_and_docstrings() -> None:
    """What Core binds to ``onClick``: one documented method and its parameters."""
    ctx = _context()
    (member,) = classes.members_elsewhere(ctx, ctx.classes["Button"], "onClick")
    assert member.qualname == "foreign_pkg.core.Core.onClick"
    assert member.method and member.has_docstring
    assert [(p.name, p.kind, p.has_default) for p in member.params or ()] == [
        ("self", Kind.POSITIONAL, False),
        ("event", Kind.POSITIONAL, False),
        ("clickCount", Kind.POSITIONAL, True),
    ]
    (size,) = classes.members_elsewhere(ctx, ctx.classes["Button"], "size")
    assert not size.method  # a property


# -- pure helpers -----------------------------------------------------------------------------

def test_parameter_kinds_are_spelled_as_the_signature_model_spells_them() -> None:
    """The bridge's kinds plug straight into :class:`~flake8_review.signature_helpers.Signature`."""
    assert (foreign.POSITIONAL_ONLY, foreign.POSITIONAL, foreign.VAR_POSITIONAL) == (
        Kind.POSITIONAL_ONLY, Kind.POSITIONAL, Kind.VAR_POSITIONAL,
    )
    assert (foreign.KEYWORD_ONLY, foreign.VAR_KEYWORD) == (Kind.KEYWORD_ONLY, Kind.VAR_KEYWORD)


@pytest.mark.parametrize(("dotted", "module", "package", "expected"), [
    ("os.path", "a.b", False, "os.path"),
    (".base.Store", "shop.stores.files", False, "shop.stores.base.Store"),
    ("..base.Store", "shop.stores.files", False, "shop.base.Store"),
    (".files.Store", "shop.stores", True, "shop.stores.files.Store"),
    ("..mixins", "shop.stores", True, "shop.mixins"),
    ("...x", "shop.stores.files", False, ""),  # leaves the top-level package
    (".x", "", False, ""),  # stdin: no package
    (".x", "single", False, ""),  # a module outside a package
])
def test_absolute_name(dotted: str, module: str, package: bool, expected: str) -> None:
    """Relative imports made absolute the way Python does."""
    assert foreign.absolute_name(dotted, module, package) == expected


def test_locate_walks_up_the_packages(tmp_path: Path) -> None:
    """The package root is the folder above the top-level package."""
    for name in ("shop/__init__.py", "shop/stores/__init__.py", "shop/stores/files.py", "scripts/tool.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    root = str(tmp_path)
    assert foreign.locate(str(tmp_path / "shop/stores/files.py")) == (root, "shop.stores.files", False)
    assert foreign.locate(str(tmp_path / "shop/stores/__init__.py")) == (root, "shop.stores", True)
    assert foreign.locate(str(tmp_path / "scripts/tool.py")) == (str(tmp_path / "scripts"), "tool", False)
    assert foreign.locate("stdin") == ("", "", False)


def test_builtin_classes_need_no_astroid() -> None:
    """``dict`` and ``OSError`` come from the interpreter; ``object`` and non-classes are none."""
    handle = inference.find_class("builtins.OSError", ())
    assert handle is not None and handle.mro is not None
    names = [c.qname for c in handle.mro]
    assert names == ["builtins.OSError", "builtins.Exception", "builtins.BaseException"]
    assert handle.binds("errno", attributes=True) and not handle.binds("nothing")
    assert foreign.builtin_class("object") is None
    assert foreign.builtin_class("len") is None


def test_c3_merge() -> None:
    """Python's order for a diamond; ``None`` for bases in an impossible order."""
    assert foreign.c3_merge([["B", "A"], ["C", "A"], ["B", "C"]]) == ["B", "C", "A"]
    assert foreign.c3_merge([["A", "B"], ["B", "A"]]) is None
