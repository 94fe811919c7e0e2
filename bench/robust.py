#!/usr/bin/env python3
"""Run every REV code on big real code bases and check that nothing breaks: no REVn00, no aborted run.

Run by hand (never by pytest): ``python3 bench/robust.py --help``; bench/README.md explains it.
Each target is one flake8 run with every REV code selected, the default-off ones too (and
REV208/REV415 switched on with a threshold), ``--isolated`` and flake8's default jobs. A target
passes when flake8 exits with 0 or 1, writes nothing alarming on stderr (a traceback, flake8's
"failed during execution" or "critical error") and reports no REVn00 finding. Standard library
only, Python 3.9+, POSIX.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "RESULTS.md"
OUT = BENCH_DIR / "work" / "out" / "robust"
BEGIN = "<!-- robustness: begin -->"
END = "<!-- robustness: end -->"
FINDING = re.compile(r":\d+:\d+: (REV\d+) ")
INTERNAL = re.compile(r"REV\d00")
ALARMS = ("Traceback (most recent call last)", "failed during execution", "critical error")
#: asks a venv's interpreter for its version, its standard library and the codes to select
PROBE = """
import importlib, importlib.metadata as md, pkgutil, platform, sysconfig
import flake8_review.checkers as checkers, flake8_review.registry as registry
print(platform.python_version())
print(sysconfig.get_paths()["stdlib"])
for module in pkgutil.iter_modules(checkers.__path__):
    importlib.import_module(f"flake8_review.checkers.{module.name}")
print(",".join(registry.default_off_codes()))
print(md.version("flake8-review"), md.version("flake8"), md.version("astroid"))
"""


@dataclass
class Target:
    """One flake8 run: which venv, on what, and what came out."""

    label: str
    venv: Path
    path: Path
    python: str = ""
    versions: str = ""
    wall: float = 0.0
    status: int = 0
    files: int = 0
    codes: Counter[str] = field(default_factory=Counter)
    alarms: list[str] = field(default_factory=list)

    @property
    def internal(self) -> int:
        """The REVn00 findings."""
        return sum(count for code, count in self.codes.items() if INTERNAL.fullmatch(code))

    @property
    def passed(self) -> bool:
        """No REVn00, a normal exit and a quiet stderr."""
        return self.internal == 0 and self.status in (0, 1) and not self.alarms


def log(message: str) -> None:
    """Progress on stderr."""
    print(f"[robust] {message}", file=sys.stderr, flush=True)


def probe(venv: Path) -> tuple[str, Path, str, str]:
    """The venv's Python version, standard library folder, default-off codes and package versions."""
    lines = subprocess.run([str(venv / "bin" / "python"), "-c", PROBE], check=True, capture_output=True,
                           text=True).stdout.splitlines()
    return lines[0], Path(lines[1]), lines[2], lines[3]


def count_files(path: Path) -> int:
    """The .py files flake8 will see (site-packages left out, as the run excludes it)."""
    if path.is_file():
        return 1
    return sum(1 for found in path.rglob("*.py") if "site-packages" not in found.parts)


def command(target: Target, default_off: str, output: Path) -> list[str]:
    """The flake8 command line of one target."""
    return [str(target.venv / "bin" / "flake8"), "--isolated", "--select=REV",
            f"--extend-select={default_off}",
            "--review-min-annotation-coverage=80", "--review-min-docstring-coverage=80",
            "--extend-exclude=site-packages", f"--output-file={output}", str(target.path)]


def run(target: Target, default_off: str) -> None:
    """Run one target and record what came out."""
    OUT.mkdir(parents=True, exist_ok=True)
    output = OUT / f"{target.label}.txt"
    output.unlink(missing_ok=True)
    target.files = count_files(target.path)
    log(f"{target.label}: {target.files} files under {target.path}")
    started = time.perf_counter()
    done = subprocess.run(command(target, default_off, output), capture_output=True, text=True)
    target.wall = time.perf_counter() - started
    target.status = done.returncode
    text = output.read_text(encoding="utf-8", errors="replace") if output.exists() else ""
    target.codes = Counter(match.group(1) for match in FINDING.finditer(text))
    target.alarms = [line for line in done.stderr.splitlines() if any(alarm in line for alarm in ALARMS)]
    verdict = "ok" if target.passed else "FAILED"
    log(f"{target.label}: {verdict}, exit {target.status}, {sum(target.codes.values())} findings, "
        f"{target.internal} REVn00, {target.wall:.0f} s")
    for line in done.stderr.splitlines()[:20]:
        log(f"  stderr: {line}")


def categories(codes: Counter[str]) -> list[int]:
    """Findings per category REV1..REV9."""
    return [sum(count for code, count in codes.items() if code.startswith(f"REV{digit}"))
            for digit in range(1, 10)]


def commit() -> str:
    """The checkout's commit, and whether flake8_review/ has uncommitted edits."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=BENCH_DIR, capture_output=True,
                          text=True).stdout.strip() or "unknown"
    dirty = subprocess.run(["git", "status", "--porcelain", "flake8_review"], cwd=BENCH_DIR,
                           capture_output=True, text=True).stdout.strip()
    return f"{head} with uncommitted changes to flake8_review/" if dirty else head


def report(targets: Sequence[Target], argv: Sequence[str], elapsed: float) -> str:
    """The Markdown section for RESULTS.md."""
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    head = ("| target | Python | flake8-review, flake8, astroid | files | findings | "
            + " | ".join(f"REV{d}" for d in range(1, 10)))
    lines = [BEGIN, "## Robustness: every REV code on big real code bases", "",
             f"{stamp}: `python3 bench/robust.py {' '.join(argv)}` ({elapsed / 60:.1f} min); "
             f"flake8-review from commit {commit()}.", "",
             "Each target is one run of `flake8 --isolated --select=REV --extend-select=<every default-off "
             "code> --review-min-annotation-coverage=80 --review-min-docstring-coverage=80 "
             "--extend-exclude=site-packages --output-file=... <folder>` with flake8's default jobs (2 "
             "processes here). It passes with exit status 0 or 1, no REVn00 finding and no traceback, "
             "\"failed during execution\" or \"critical error\" on stderr.", "",
             head + " | REVn00 | exit | wall (s) | verdict |",
             "| --- | --- | --- | ---: | ---: | " + " | ".join("---:" for _ in range(9))
             + " | ---: | ---: | ---: | --- |"]
    for target in targets:
        cells = [target.label, target.python, target.versions, str(target.files),
                 str(sum(target.codes.values())),
                 *map(str, categories(target.codes)), str(target.internal), str(target.status),
                 f"{target.wall:.0f}", "pass" if target.passed else "FAIL"]
        lines.append("| " + " | ".join(cells) + " |")
    failed = [target for target in targets if not target.passed]
    lines += ["", "All targets passed." if not failed else
              "Failed: " + ", ".join(f"{t.label} ({'; '.join(t.alarms[:3]) or t.status})" for t in failed),
              END]
    return "\n".join(lines) + "\n"


def write(section: str) -> None:
    """Put the section in RESULTS.md, replacing the previous robustness section."""
    text = RESULTS.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        text = before + section.rstrip("\n") + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", action="append", default=[], type=Path,
                        help="a venv with flake8-review installed; its Python's standard library is a target "
                        "(repeat for each Python)")
    parser.add_argument("--corpus", action="append", default=[], type=Path,
                        help="a code base to check with the first --venv (repeatable)")
    parser.add_argument("--no-stdlib", action="store_true", help="skip the standard libraries")
    parser.add_argument("--write", action="store_true", help="put the result in bench/RESULTS.md")
    args = parser.parse_args(argv)
    if not args.venv:
        parser.error("give at least one --venv")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run every target, print the section, and with --write save it."""
    args = parse_args(argv)
    started = time.perf_counter()
    targets: list[tuple[Target, str]] = []
    for index, venv in enumerate(args.venv):
        version, stdlib, default_off, versions = probe(venv)
        if not args.no_stdlib:
            targets.append((Target(f"stdlib-{version}", venv, stdlib, version, versions), default_off))
        if index == 0:
            targets += [(Target(corpus.name, venv, corpus, version, versions), default_off)
                        for corpus in args.corpus]
    for target, default_off in targets:
        run(target, default_off)
    section = report([target for target, _ in targets], sys.argv[1:] if argv is None else argv,
                     time.perf_counter() - started)
    print(section)
    if args.write:
        write(section)
        log(f"wrote {RESULTS}")
    return 0 if all(target.passed for target, _ in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
