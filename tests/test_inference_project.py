"""The astroid bridge in a real run: lazy, and resolving bases in the modules of a project."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import flake8_subprocess

#: runs flake8 in this process (``--jobs=1``), then says whether astroid was imported
WRAPPER = (
    "import sys\n"
    "from flake8.main import cli\n"
    "try:\n"
    "    cli.main(sys.argv[1:])\n"
    "except SystemExit:\n"
    "    pass\n"
    "print('astroid imported' if 'astroid' in sys.modules else 'astroid not imported')\n"
)

NO_QUESTION = '''\
"""Nothing here needs astroid: every base is of this module or builtin, or asks nothing."""
import http.server
from typing import Generic, TypeVar

T = TypeVar("T")


class Base:
    """A base."""

    def getPort(self, portNumber):
        """Return the port."""
        return portNumber


class Child(Base, Generic[T]):
    """Overrides a method of the module."""

    def getPort(self, portNumber):
        return portNumber


class Failure(Exception):
    """A builtin base is answered by the interpreter."""

    def withTraceback(self, tb):
        return tb


class Handler(http.server.BaseHTTPRequestHandler):
    """A base from elsewhere, but nothing would be reported that it could exempt."""

    def handle_request(self, *args, **kwargs):
        """Serve one request."""
        return args, kwargs


def makePort():
    return 1
'''

QUESTION = '''\
"""This one asks: is a camelCase method an override of the imported base's?"""
import threading


class Worker(threading.Thread):
    """A thread."""

    def isDaemon(self):
        """Say no."""
        return False
'''

#: a base whose module binds it by an assignment: only astroid can tell what it is
HELPERS = '''\
"""Helpers."""


class _Real:
    """The real class."""

    def isDaemon(self):
        """Say no."""
        return False


Alias = _Real
'''
INFERRED = QUESTION.replace("import threading", "from helpers import Alias").replace(
    "threading.Thread", "Alias",
)


def _astroid_imported(tmp_path: Path, source: str) -> tuple[str, str]:
    path = tmp_path / "module_under_test.py"
    path.write_text(source, encoding="utf-8")
    (tmp_path / "helpers.py").write_text(HELPERS, encoding="utf-8")
    args = ["--isolated", "--jobs=1", "--select=REV", str(path.name)]
    result = flake8_subprocess(args, cwd=tmp_path, python=[sys.executable, "-c", WRAPPER])
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stdout.splitlines()
    return lines[-1], "\n".join(lines[:-1])


def test_a_run_without_questions_never_imports_astroid(tmp_path: Path) -> None:
    """Same-module and builtin bases, and a foreign base with nothing to exempt: no astroid."""
    verdict, output = _astroid_imported(tmp_path, NO_QUESTION)
    assert verdict == "astroid not imported"
    assert "REV102 function name 'makePort'" in output  # the checks did run
    assert "REV102 method name 'withTraceback'" in output


def test_a_plainly_written_base_is_read_without_astroid(tmp_path: Path) -> None:
    """``threading.Thread`` is a class statement of ``threading``: its source answers."""
    verdict, output = _astroid_imported(tmp_path, QUESTION)
    assert verdict == "astroid not imported"
    assert "REV102" not in output  # threading.Thread defines isDaemon


def test_a_base_bound_by_an_assignment_needs_astroid(tmp_path: Path) -> None:
    """``Alias = _Real``: astroid infers what the name holds."""
    verdict, output = _astroid_imported(tmp_path, INFERRED)
    assert verdict == "astroid imported"
    assert "REV102" not in output  # _Real defines isDaemon


# -- bases in the modules of a project --------------------------------------------------------

def _project(root: Path) -> None:
    """A package ``shop`` (named for this test: astroid caches modules by name for the process)."""
    files = {
        "shop/__init__.py": '"""A shop."""\n',
        "shop/base.py": (
            '"""Bases."""\nfrom shop.mixins import Audited\n\n\n'
            "class Store(Audited):\n"
            '    """Keeps records."""\n\n'
            "    def saveRecord(self, record, force=False):\n"
            '        """Save."""\n'
            "        return record, force\n"
        ),
        "shop/mixins.py": (
            '"""Mixins."""\n\n\nclass Audited:\n'
            '    """Keeps a trail of changes."""\n\n'
            "    def auditTrail(self, limit):\n"
            "        return limit\n"
        ),
        "shop/stores/__init__.py": '"""Stores."""\n',
        "shop/stores/files.py": (
            '"""File stores."""\nfrom ..base import Store\nfrom .. import mixins\n\n\n'
            "class FileStore(Store):\n"
            '    """Records in files."""\n\n'
            "    def saveRecord(self, rec, force=False):\n"
            "        return rec, force\n\n"
            "    def auditTrail(self):\n"
            "        return None\n\n\n"
            "class Audit(mixins.Audited):\n"
            '    """A deeper trail."""\n\n'
            "    def auditTrail(self, limit, depth):\n"
            "        return limit, depth\n"
        ),
        "scripts/tool.py": (
            '"""A script beside the package."""\nfrom shop.base import Store\n\n\n'
            "class Tool(Store):\n"
            '    """Saves from the command line."""\n\n'
            "    def saveRecord(self):\n"
            "        return None\n"
        ),
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


EXPECTED_FILES = [
    "shop/stores/files.py:9:5: REV302 'FileStore.saveRecord' renames parameter 'record' of "
    "'shop.base.Store.saveRecord' to 'rec'",
    "shop/stores/files.py:12:5: REV301 'FileStore.auditTrail' is incompatible with "
    "'shop.mixins.Audited.auditTrail': drops required parameter 'limit'",
    "shop/stores/files.py:12:5: REV403 public method 'auditTrail' of class 'FileStore' has no docstring",
    "shop/stores/files.py:19:5: REV301 'Audit.auditTrail' is incompatible with "
    "'shop.mixins.Audited.auditTrail': adds required parameter 'depth'",
    "shop/stores/files.py:19:5: REV403 public method 'auditTrail' of class 'Audit' has no docstring",
]
ARGS = ["--isolated", "--select=REV1,REV3,REV4", "--extend-ignore=REV107"]


def test_relative_and_absolute_imports_of_a_package(tmp_path: Path) -> None:
    """``from ..base import Store`` and, inside base, ``from shop.mixins import ...``: all resolved."""
    _project(tmp_path)
    result = flake8_subprocess([*ARGS, "shop/stores/files.py"], cwd=tmp_path)
    assert result.stderr == ""
    assert result.stdout.splitlines() == EXPECTED_FILES


def test_stdin_uses_the_display_name_to_place_the_buffer(tmp_path: Path) -> None:
    """An editor's buffer: relative imports resolve from the display name's package."""
    _project(tmp_path)
    buffer = (tmp_path / "shop/stores/files.py").read_text(encoding="utf-8").replace("rec,", "item,")
    buffer = buffer.replace("return rec", "return item")
    args = [*ARGS, "--stdin-display-name=shop/stores/files.py", "-"]
    result = flake8_subprocess(args, cwd=tmp_path, stdin=buffer)
    assert result.stdout.splitlines()[0] == (
        "shop/stores/files.py:9:5: REV302 'FileStore.saveRecord' renames parameter 'record' of "
        "'shop.base.Store.saveRecord' to 'item'"
    )


def test_stdin_without_a_name_cannot_resolve_relative_imports(tmp_path: Path) -> None:
    """No display name, no package: the relative import is unknown, so REV3 stays silent."""
    _project(tmp_path)
    source = (tmp_path / "shop/stores/files.py").read_text(encoding="utf-8")
    result = flake8_subprocess([*ARGS, "-"], cwd=tmp_path, stdin=source)
    assert result.stderr == ""
    assert [line for line in result.stdout.splitlines() if "REV30" in line] == []


def test_project_root_option_finds_the_package_for_a_script(tmp_path: Path) -> None:
    """``scripts/tool.py`` is not in the package: ``--review-project-root`` says where it is.

    flake8 runs from ``scripts`` here, so that the working folder does not find ``shop`` either.
    """
    _project(tmp_path)
    without = flake8_subprocess([*ARGS, "tool.py"], cwd=tmp_path / "scripts")
    assert without.stdout.splitlines() == [  # the base is unknown: no REV301, no exemption
        "tool.py:8:5: REV102 method name 'saveRecord' should be snake_case",
        "tool.py:8:5: REV403 public method 'saveRecord' of class 'Tool' has no docstring",
    ]
    root = f"--review-project-root={tmp_path}"
    with_root = flake8_subprocess([*ARGS, root, "tool.py"], cwd=tmp_path / "scripts")
    assert with_root.stdout.splitlines() == [
        "tool.py:8:5: REV301 'Tool.saveRecord' is incompatible with 'shop.base.Store.saveRecord': "
        "drops required parameter 'record'",
    ]


SPEEDY = '''\
"""An accelerator module with a pure-Python fallback."""
try:
    from _no_such_speedups import Fast
except ImportError:
    class Fast:
        """The fallback."""

        def goFast(self, speedLimit):
            """Go."""
            return speedLimit
'''


def test_a_missing_accelerator_falls_back_to_the_class_in_except(tmp_path: Path) -> None:
    """``try: from _speedups import X`` wins unless nothing is found there: then the ``except`` class."""
    (tmp_path / "speedy.py").write_text(SPEEDY, encoding="utf-8")
    user = "from speedy import Fast\n\n\nclass Faster(Fast):\n    def goFast(self, limit):\n        pass\n"
    (tmp_path / "user.py").write_text(user, encoding="utf-8")
    args = ["--isolated", "--select=REV1,REV3", "--extend-ignore=REV107", "user.py"]
    result = flake8_subprocess(args, cwd=tmp_path)
    # goFast is exempt from REV102: the fallback defines it
    assert result.stdout.splitlines() == [
        "user.py:5:5: REV302 'Faster.goFast' renames parameter 'speedLimit' of 'speedy.Fast.goFast' "
        "to 'limit'",
    ]
