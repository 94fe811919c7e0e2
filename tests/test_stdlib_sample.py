"""Every REV code on a sample of the running interpreter's own standard library: no internal error.

A release needs zero REVn00 findings and no aborted run on the whole standard library
(DESIGN.md, "Robustness"); this test runs a representative part of it in CI. The sample
is chosen deterministically from the files of ``sysconfig.get_paths()["stdlib"]`` so
that it holds the hard cases: the biggest modules, the most deeply nested code, whole
packages whose classes inherit across modules (cross-module codes, class hierarchies,
base classes read from other modules), every module with a ``match`` statement, every
module declaring a coding other than UTF-8 (the ``test`` package has some, when it is
installed), and then every k-th of the other files, about 320 in all.

flake8 runs on the files where they are, as a user running it on the library would:
the project root is then the library folder, whose whole content the project index
reads, and which counts as installed, so nothing is kept on disk there. The test
checks that no cache folder appeared anywhere in the library.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import sysconfig
import time
from pathlib import Path
from typing import Dict, List, Set

from conftest import flake8_subprocess
from flake8_review.checkers import load_all
from flake8_review.registry import CATEGORIES, default_off_codes

STDLIB = Path(sysconfig.get_paths()["stdlib"])
#: packages linted whole (their own ``test``/``tests`` sub-packages go with the other files)
PACKAGES = ("asyncio", "concurrent/futures", "email", "json", "logging", "unittest")
SAMPLE_SIZE = 320
BIGGEST = 5
DEEPEST = 5
CACHE = ".flake8-review-cache"
#: a coding declaration as the tokenizer reads it (first or second line)
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
#: a line that may open a ``match`` statement (confirmed with ``ast``)
_MATCH = re.compile(rb"^[ \t]*match\b[^\n]*:[ \t]*(#[^\n]*)?\r?$", re.MULTILINE)
#: a line opening a compound statement: its indentation is how deeply code is nested
_BLOCK = re.compile(
    rb"^([ \t]*)(?:if|elif|else|for|while|with|try|except|finally|def|class|async)\b", re.MULTILINE,
)
_INTERNAL_ERROR = re.compile(r":\d+:\d+: REV[1-9]00 ")


def _library_files() -> List[str]:
    """The library's Python files, relative to it, sorted; no installed third-party packages."""
    found = []
    for folder, subfolders, files in os.walk(STDLIB):
        subfolders[:] = sorted(name for name in subfolders if name not in (
            "site-packages", "dist-packages", "__pycache__") and not name.startswith("."))
        relative = Path(folder).relative_to(STDLIB)
        found.extend((relative / name).as_posix() for name in files if name.endswith(".py"))
    return sorted(found)


def _declared_coding(data: bytes) -> str:
    """The encoding the first two lines declare, normalized (``""`` when none is)."""
    lines = data.split(b"\n", 2)[:2]
    for number, line in enumerate(lines):
        found = _COOKIE.match(line)
        if found:
            return found.group(1).decode("ascii").lower().replace("_", "-")
        if number == 0 and not line.strip().startswith(b"#") and line.strip():
            return ""  # a second line counts only after a comment or a blank line
    return ""


def _nesting(data: bytes) -> int:
    """The deepest indentation (tabs as 8 columns) of a line that opens a block."""
    return max((len(found.group(1).expandtabs(8)) for found in _BLOCK.finditer(data)), default=0)


def _has_match_statement(data: bytes) -> bool:
    if sys.version_info < (3, 10) or not _MATCH.search(data):
        return False
    try:
        tree = ast.parse(data)
    except (SyntaxError, ValueError):
        return False
    return any(isinstance(node, ast.Match) for node in ast.walk(tree))  # type: ignore[attr-defined]


def _in_whole_package(relative: str) -> bool:
    parts = relative.split("/")
    for package in PACKAGES:
        depth = package.count("/") + 1
        if "/".join(parts[:depth]) == package and not {"test", "tests"} & set(parts[depth:-1]):
            return True
    return False


def select_sample(files: List[str]) -> Dict[str, List[str]]:
    """The sample, by why each file is in it (a file counts once, for its first reason)."""
    data = {relative: (STDLIB / relative).read_bytes() for relative in files}
    chosen: Set[str] = set()
    groups: Dict[str, List[str]] = {}

    def take(reason: str, picked: List[str]) -> None:
        groups[reason] = [relative for relative in picked if relative not in chosen]
        chosen.update(picked)

    take("biggest", sorted(files, key=lambda relative: (-len(data[relative]), relative))[:BIGGEST])
    take("deepest", sorted(files, key=lambda relative: (-_nesting(data[relative]), relative))[:DEEPEST])
    take("packages", [relative for relative in files if _in_whole_package(relative)])
    take("match", [relative for relative in files if _has_match_statement(data[relative])])
    take("coding", [relative for relative in files
                    if _declared_coding(data[relative]) not in ("", "utf-8", "utf8")])
    rest = [relative for relative in files if relative not in chosen]
    step = max(1, len(rest) // max(1, SAMPLE_SIZE - len(chosen)))
    take("every-kth", rest[step // 2::step])
    return groups


def _cache_folders() -> Set[str]:
    """Every flake8-review cache folder anywhere in the library."""
    found = set()
    for folder, subfolders, _ in os.walk(STDLIB):
        if CACHE in subfolders:
            found.add(os.path.join(folder, CACHE))
        subfolders[:] = [name for name in subfolders if name not in ("site-packages", "__pycache__", CACHE)]
    return found


def test_the_sample_covers_the_hard_cases() -> None:
    """The sample is what it claims: big, nested, packaged, ``match`` and oddly encoded files."""
    files = _library_files()
    groups = select_sample(files)
    sample = [relative for group in groups.values() for relative in group]
    assert len(sample) == len(set(sample))
    assert 300 <= len(sample) <= 500, {reason: len(group) for reason, group in groups.items()}
    assert len(groups["biggest"]) + len(groups["deepest"]) >= BIGGEST
    assert "json/decoder.py" in sample and "email/message.py" in sample
    if sys.version_info >= (3, 10):
        assert groups["match"], "no module of the library has a match statement"
    if (STDLIB / "test" / "__init__.py").exists():  # the test package may be left out of an install
        assert groups["coding"], "no module of the library declares a coding other than UTF-8"
    assert select_sample(files) == groups


def test_every_code_on_a_sample_of_the_standard_library(tmp_path: Path) -> None:
    """All REV codes, default-off ones too: no REVn00, no traceback, and every category reports."""
    load_all()
    groups = select_sample(_library_files())
    sample = [str(STDLIB / relative) for group in groups.values() for relative in group]
    before = _cache_folders()
    started = time.perf_counter()
    result = flake8_subprocess([
        "--isolated", "-j2", "--select=REV", f"--extend-select={','.join(default_off_codes())}",
        "--review-min-annotation-coverage=50", "--review-min-docstring-coverage=50",
        *sample,
    ], cwd=tmp_path)
    seconds = time.perf_counter() - started
    report = _report(result, groups, seconds)
    assert result.returncode in (0, 1), report
    assert "Traceback" not in result.stderr, report
    assert "failed during execution" not in result.stderr, report
    internal = [line for line in result.stdout.splitlines() if _INTERNAL_ERROR.search(line)]
    assert internal == [], report + "\n".join(internal)
    reported = {line.split(": ", 1)[1][:4] for line in result.stdout.splitlines() if ": REV" in line}
    assert reported == set(CATEGORIES), report
    assert _cache_folders() == before, "flake8-review kept a cache inside the Python installation"


def _report(result: subprocess.CompletedProcess[str], groups: Dict[str, List[str]], seconds: float) -> str:
    sizes = ", ".join(f"{reason} {len(group)}" for reason, group in groups.items())
    return f"{seconds:.1f} s on {sizes}; exit {result.returncode}; stderr:\n{result.stderr[-5000:]}"
