"""REV607 where the file name matters: test files are not judged, so its fixture runs from a tmp folder.

``tests/fixtures/REV607_guarding/service.py`` is written like any fixture (``# REV607``
markers, near-misses with the reason in a comment), but every file under ``tests/`` is a
test file, which REV607 leaves alone. The fixture is therefore copied to a module name
outside any test folder and run there; ``service.expected`` beside it is its snapshot
(``pytest --update-expected`` rewrites it, like the other fixtures).
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from conftest import FIXTURES, flake8_in_process
from flake8_review.context import FileContext
from flake8_review.error_helpers import callee_text, guard_index
from flake8_review.options import Settings
from test_fixtures import expected_markers

GUARDING = FIXTURES / "REV607_guarding"


def _run(directory: Path, name: str, source: str) -> list[str]:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    _, output = flake8_in_process(["--select=REV607", str(path)], directory)
    prefix = f"{path}:"
    assert all(line.startswith(prefix) for line in output), output
    return [line[len(prefix):] for line in output]


@pytest.mark.parametrize("fixture", sorted(GUARDING.glob("*.py")), ids=lambda p: p.stem)
def test_guarding_fixture(fixture: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """The fixture reports exactly its markers, with exactly the recorded messages."""
    source = fixture.read_text(encoding="utf-8")
    rows = _run(tmp_path, fixture.name, source)
    reported = {(int(row.split(":", 1)[0]), row.split(": ", 1)[1].split(" ", 1)[0]) for row in rows}
    assert reported == expected_markers(source), "\n".join(rows)
    snapshot = fixture.with_suffix(".expected")
    text = "".join(f"{row}\n" for row in rows)
    if request.config.getoption("--update-expected"):
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["test_service.py", "service_test.py", "conftest.py", "tests/service.py"])
def test_test_files_are_not_judged(name: str, tmp_path: Path) -> None:
    """Tests call the code under test both guarded and unguarded on purpose."""
    source = (GUARDING / "service.py").read_text(encoding="utf-8")
    assert _run(tmp_path, name, source) == []


def _context(source: str) -> FileContext:
    tree = ast.parse(textwrap.dedent(source))
    return FileContext(tree, source.splitlines(True), "service.py", Settings())


def _calls(ctx: FileContext) -> dict[str, ast.Call]:
    return {f"{callee_text(c.func)}@{c.lineno}": c for c in ctx.nodes(ast.Call)}  # type: ignore[attr-defined]


def test_callee_keys_separate_locals_self_and_module_names() -> None:
    """A local first name is the function's own callee; self is the class's; others the module's."""
    ctx = _context(
        """
        import os
        from .client import fetch

        def one(f):
            f.close()
            fetch()
            os.remove("x")
            len("x")
            "x".upper()

        def two(f):
            f.close()

        class A:
            def m(self):
                self.close()
                self.items.pop()
                self.pop()

        class B:
            def m(self):
                self.close()
        """
    )
    index = guard_index(ctx)
    calls = _calls(ctx)
    assert index.key(calls["f.close@6"]) != index.key(calls["f.close@13"])
    assert index.key(calls["fetch@7"]) == (ctx.tree, "fetch")
    assert index.key(calls["os.remove@8"]) is None  # standard library
    assert index.key(calls["len@9"]) is None  # builtin
    assert index.key(calls["self.close@17"]) != index.key(calls["self.close@23"])
    assert index.key(calls["self.items.pop@18"]) is None  # a container method
    assert index.key(calls["self.pop@19"]) is not None  # a method of the class itself


def test_guarded_by_callers_follows_call_sites_and_stops_at_cycles() -> None:
    """Every call site guarded, transitively; a cycle or a function passed on is not guarded."""
    ctx = _context(
        """
        def leaf():
            work()

        def middle():
            leaf()

        def top():
            try:
                middle()
            except KeyError:
                pass

        def ping():
            pong()

        def pong():
            ping()
            work()

        def passed():
            work()

        def user():
            try:
                passed()
            except KeyError:
                pass
            return passed
        """
    )
    index = guard_index(ctx)
    calls = _calls(ctx)
    assert index.guard_of(calls["work@3"]) == (True, False)
    assert index.guard_of(calls["work@19"]) == (False, False)
    assert index.guard_of(calls["work@22"]) == (False, False)
