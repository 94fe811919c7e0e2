"""REV5 where the file matters (REV507's script exemptions), and the per-file logging facts."""

from __future__ import annotations

import ast
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import flake8_subprocess
from flake8_review.checkers.logs import module_logger_names
from flake8_review.context import FileContext
from flake8_review.log_helpers import log_facts, parse_placeholders
from flake8_review.options import Settings

FLAKE8 = [sys.executable, "-m", "flake8"]
ARGS = ["--isolated", "--select=REV507"]
ROOT_CALLS = "import logging\n\n\ndef main():\n    logging.info('starting')\n\n\nlogging.info('done')\n"


def _run(path: Path, source: str) -> list[str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    result = flake8_subprocess([*ARGS, str(path.relative_to(path.parent))], cwd=path.parent, python=FLAKE8)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout.splitlines()


def test_root_logger_calls_in_a_module_are_reported(tmp_path: Path) -> None:
    """The same calls in an ordinary module: one finding each, where the call starts."""
    assert _run(tmp_path / "service.py", ROOT_CALLS) == [
        "service.py:5:5: REV507 logging.info() logs on the root logger outside a script",
        "service.py:8:1: REV507 logging.info() logs on the root logger outside a script",
    ]


def test_main_module_is_a_script(tmp_path: Path) -> None:
    """Every call in a package's ``__main__.py`` is exempt."""
    assert _run(tmp_path / "pkg" / "__main__.py", ROOT_CALLS) == []


def test_shebang_file_is_a_script(tmp_path: Path) -> None:
    """A file whose first line is a ``#!`` line is a script, whatever its name."""
    assert _run(tmp_path / "tool.py", "#!/usr/bin/env python3\n" + ROOT_CALLS) == []


def test_shebang_below_the_first_line_does_not_count(tmp_path: Path) -> None:
    """Only the first line can make a file a script."""
    assert len(_run(tmp_path / "tool.py", "# header\n#!/usr/bin/env python3\n" + ROOT_CALLS)) == 2


def test_stdin_display_name_main_is_a_script(tmp_path: Path) -> None:
    """Editors send the buffer on stdin: the display name decides like a file name."""
    args = [*ARGS, "--stdin-display-name=pkg/__main__.py", "-"]
    result = flake8_subprocess(args, cwd=tmp_path, stdin=ROOT_CALLS, python=FLAKE8)
    assert (result.returncode, result.stdout) == (0, "")


def _context(source: str, **settings: object) -> FileContext:
    source = textwrap.dedent(source)
    return FileContext(ast.parse(source), source.splitlines(True), "module.py", Settings(**settings))


def test_module_logger_names_in_source_order() -> None:
    """Module-level names bound to getLogger/LoggerAdapter calls, each once, in source order."""
    ctx = _context("""
        import logging
        from logging import getLogger
        from oslo_log import log as oslo

        LOG = oslo.getLogger(__name__)
        _logger: logging.Logger = getLogger("app")
        adapter = logging.LoggerAdapter(LOG, {})
        if True:
            LOG = logging.getLogger("again")
        first = second = logging.getLogger("both")
    """)
    assert module_logger_names(ctx) == ("LOG", "_logger", "adapter", "first", "second")


def test_module_logger_names_ignores_other_bindings() -> None:
    """Locals, attributes, loguru/structlog loggers and names that merely look like loggers are left out."""
    ctx = _context("""
        import logging
        import structlog
        from loguru import logger

        log = structlog.get_logger()
        slog = structlog.getLogger()
        LOGGER = object()
        child = logging.getLogger(__name__).getChild("x")

        class Service:
            log = logging.getLogger("class attribute")

            def __init__(self):
                self.log = logging.getLogger("attribute")

        def main():
            local = logging.getLogger("local")
            return local
    """)
    assert module_logger_names(ctx) == ()


def test_module_logger_names_without_logging() -> None:
    """A module without loggers has none; no work beyond the call filter is done."""
    assert module_logger_names(_context("print('hello')\n")) == ()


def test_log_calls_are_modelled_once_per_file() -> None:
    """Every check shares one model of the file's log calls."""
    ctx = _context("""
        import logging
        logger = logging.getLogger(__name__)
        logger.info("x %s", 1)
        response = object()
        response.info("not a logger")
    """)
    facts = log_facts(ctx)
    assert log_facts(ctx) is facts
    modelled = [(call.callee, call.method, call.text) for call in facts.calls]
    assert modelled == [("logger.info", "info", "x %s")]


@pytest.mark.parametrize("text, expected", [
    ("plain", (0, 0, ())),
    ("100%% done", (0, 0, ())),
    ("%s and %r", (2, 0, ())),
    ("%-*.*f", (1, 2, ())),
    ("%(host)s:%(port)05d %(host)r", (0, 0, ("host", "port"))),
    ("%5.2f%%", (1, 0, ())),
])
def test_parse_placeholders(text: str, expected: tuple[int, int, tuple[str, ...]]) -> None:
    """Conversions are counted as ``str.__mod__`` consumes arguments."""
    found = parse_placeholders(text)
    assert found is not None
    assert (found.positional, found.stars, found.named) == expected


@pytest.mark.parametrize("text", ["trailing %", "%(key)*d", "%y", "50%!"])
def test_parse_placeholders_rejects_invalid_formats(text: str) -> None:
    """A format ``%`` would reject is unknown, never a count."""
    assert parse_placeholders(text) is None
