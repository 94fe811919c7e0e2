#!/usr/bin/env python3
"""Benchmark the project index of the cross-module codes (REV513, REV801-REV807) against vulture.

Run by hand (never by pytest): ``python3 bench/index.py --help``. Standard library only,
Python 3.9+, POSIX. For each round, on the same tree, in an order that rotates from round to
round (the warm run always right after the cold one):

- ``flake8 cold``: ``flake8 -j1 --isolated --select=REV8 --extend-select=REV804,REV805,REV807 .``
  with no ``.flake8-review-cache`` folder: the index parses every file;
- ``flake8 warm``: the same command again: the index reads its cache and parses nothing;
- ``flake8 base``: ``flake8 -j1 --isolated --select=E999 .``: the same plugins load and run (flake8
  runs every plugin whatever ``--select`` says) but no REV code is selected, so no index is built
  and no REV8 check works: what REV8 adds is ``flake8 cold`` minus this;
- ``vulture``: ``vulture .`` (vulture's own defaults), the peer that finds dead code.

Every flake8 run sets ``FLAKE8_REVIEW_INDEX_STATS``, so flake8-review reports what building
(or loading) the index cost inside the run: that is the "index" column. Wall time and peak
memory (the child's maximum resident set size) are measured for every run. The Markdown
report goes to stdout; with ``--write`` it also replaces this corpus's section of
bench/RESULTS.md (key ``index-<corpus>``), keeping the others.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
WORK = BENCH_DIR / "work"
CACHE = ".flake8-review-cache"
SELECT = ["--select=REV8", "--extend-select=REV804,REV805,REV807"]
SKIPPED = {".git", ".hg", ".tox", ".venv", "venv", "build", "dist", "__pycache__", CACHE}


@dataclass
class Run:
    """One measured command."""

    side: str
    seconds: float
    peak_mib: float
    index_seconds: Optional[float]
    parsed: Optional[int]
    files: Optional[int]
    findings: int


def log(message: str) -> None:
    """Progress on stderr; the report alone goes to stdout."""
    print(f"[bench/index] {message}", file=sys.stderr, flush=True)


def python_files(root: Path) -> List[Path]:
    """The corpus's Python files, sorted, skipping the folders the index skips."""
    found = []
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if name not in SKIPPED and not name.startswith("."))
        found.extend(Path(folder) / name for name in sorted(files) if name.endswith(".py"))
    return found


def limited_corpus(source: Path, limit: int) -> Path:
    """A copy of the first ``limit`` Python files of ``source``, with a pyproject.toml marking its root."""
    target = WORK / "index-corpus" / f"{source.name}-{limit}"
    if target.exists():
        shutil.rmtree(target)
    for path in python_files(source)[:limit]:
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)
    (target / "pyproject.toml").write_text("[project]\nname = \"corpus\"\n", encoding="utf-8")
    return target


def measure(side: str, command: Sequence[str], cwd: Path, stats: Optional[Path]) -> Run:
    """Run ``command`` once: wall time, the child's peak RSS, and the index's own statistics."""
    env = dict(os.environ)
    env.pop("PYTHONDEVMODE", None)
    if stats is not None:
        env["FLAKE8_REVIEW_INDEX_STATS"] = str(stats)
        stats.unlink(missing_ok=True)
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        output.seek(0)
        findings = sum(1 for _ in output)
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    record = _main_record(stats)
    return Run(
        side, seconds, peak, record.get("seconds"), record.get("parsed"), record.get("files"), findings
    )


def _main_record(stats: Optional[Path]) -> Dict[str, float]:
    """The statistics line of flake8's main process (workers add their own lines)."""
    if stats is None or not stats.exists():
        return {}
    records = [json.loads(line) for line in stats.read_text(encoding="utf-8").splitlines() if line]
    main = [record for record in records if record.get("role") == "main"]
    return main[-1] if main else {}


def run_round(corpus: Path, python: str, vulture: Optional[str], stats: Path, number: int = 1) -> List[Run]:
    """flake8 cold then warm, flake8 base, and vulture, on the same tree.

    The three parts run in an order that rotates with the round's ``number``, so that no side
    always runs first (or always after another), as the sides of bench/run.py do.
    """
    flake8 = [python, "-m", "flake8", "-j1", "--isolated", *SELECT, "."]
    base = [python, "-m", "flake8", "-j1", "--isolated", "--select=E999", "."]

    def index_runs() -> List[Run]:
        shutil.rmtree(corpus / CACHE, ignore_errors=True)
        return [measure("flake8 cold", flake8, corpus, stats), measure("flake8 warm", flake8, corpus, stats)]

    parts = [index_runs, lambda: [measure("flake8 base", base, corpus, None)]]
    if vulture:
        parts.append(lambda: [measure("vulture", [vulture, "."], corpus, None)])
    shift = (number - 1) % len(parts)
    runs: List[Run] = []
    for part in parts[shift:] + parts[:shift]:
        runs.extend(part())
    return runs


def fmt(value: Optional[float], unit: str = "s") -> str:
    """A median for the table; an em dash when there is none."""
    return "—" if value is None else f"{value:.2f} {unit}"


def _median(values: List[Optional[float]]) -> Optional[float]:
    known = [value for value in values if value is not None]
    return statistics.median(known) if known else None


def report(corpus: Path, runs: List[Run], rounds: int) -> str:
    """The Markdown report: medians per side, then the ratios the bar is about."""
    sides = list(dict.fromkeys(run.side for run in runs))
    lines = [
        f"## Project index on `{corpus.name}` ({len(python_files(corpus))} files, {rounds} rounds, medians)",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}.",
        "",
        "| side | wall | index | files parsed | peak RSS | findings |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    medians: Dict[str, Dict[str, Optional[float]]] = {}
    for side in sides:
        chosen = [run for run in runs if run.side == side]
        medians[side] = {
            "wall": _median([run.seconds for run in chosen]),
            "index": _median([run.index_seconds for run in chosen]),
        }
        parsed = _median([run.parsed for run in chosen])
        peak = fmt(_median([run.peak_mib for run in chosen]), "MiB")
        lines.append(
            f"| {side} | {fmt(medians[side]['wall'])} | {fmt(medians[side]['index'])} | "
            f"{'—' if parsed is None else int(parsed)} | {peak} | "
            f"{int(_median([run.findings for run in chosen]) or 0)} |"
        )
    lines.extend(["", *ratios(medians)])
    return "\n".join(lines) + "\n"


def ratios(medians: Dict[str, Dict[str, Optional[float]]]) -> List[str]:
    """The two bars: cold index against vulture, warm index against cold."""
    cold = medians.get("flake8 cold", {}).get("index")
    warm = medians.get("flake8 warm", {}).get("index")
    vulture = medians.get("vulture", {}).get("wall")
    cold_wall = medians.get("flake8 cold", {}).get("wall")
    base_wall = medians.get("flake8 base", {}).get("wall")
    found = []
    if cold and vulture:
        found.append(f"- Cold index / vulture: {cold / vulture:.2f} (bar: at most 1.00)")
    if cold_wall and base_wall and vulture:
        added = cold_wall - base_wall
        found.append(
            f"- What a cold REV8 run adds to flake8 (cold - base, {added:.2f} s) / vulture: "
            f"{added / vulture:.2f} (bar: at most 1.00)"
        )
    if cold and warm is not None:
        found.append(f"- Warm index / cold index: {warm / cold:.1%} (bar: under 10%)")
    return found


def find_corpus(args: argparse.Namespace) -> Path:
    """The tree to measure: ``--corpus``, else the Django sdist bench/run.py unpacked."""
    if args.corpus:
        return Path(args.corpus).resolve()
    candidates = sorted((WORK / "corpus").glob("django-*"))
    if not candidates:
        raise SystemExit("no corpus: pass --corpus DIR (bench/run.py unpacks Django into bench/work/corpus)")
    return candidates[-1]


def find_vulture(args: argparse.Namespace) -> Optional[str]:
    """``--vulture``, else vulture on PATH, else the one in bench/work/venvs/vulture."""
    if args.vulture:
        return str(args.vulture)
    found = shutil.which("vulture")
    local = WORK / "venvs" / "vulture" / "bin" / "vulture"
    if found:
        return found
    if local.exists():
        return str(local)
    if args.make_vulture:
        subprocess.run([sys.executable, "-m", "venv", str(local.parent.parent)], check=True)
        subprocess.run([str(local.parent / "pip"), "install", "-q", "vulture"], check=True)
        return str(local)
    log("vulture not found (pass --vulture PATH or --make-vulture): measuring flake8 only")
    return None


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="the tree to index (default: bench/work/corpus/django-*)")
    parser.add_argument("--limit", type=int, help="measure a copy of the first N Python files only")
    parser.add_argument("--rounds", type=int, default=3, help="measured rounds (default: 3)")
    parser.add_argument("--python", default=str(REPO / ".venv" / "bin" / "python"),
                        help="interpreter with flake8 and flake8-review (default: the checkout's .venv)")
    parser.add_argument("--vulture", help="the vulture executable")
    parser.add_argument("--write", action="store_true",
                        help="also replace this corpus's section of bench/RESULTS.md")
    parser.add_argument("--make-vulture", action="store_true",
                        help="pip-install vulture into bench/work/venvs/vulture when it is missing")
    return parser.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Measure, then print the report."""
    args = parse_args(argv)
    corpus = find_corpus(args)
    if args.limit:
        corpus = limited_corpus(corpus, args.limit)
    vulture = find_vulture(args)
    stats = Path(tempfile.mkdtemp(prefix="bench-index-")) / "stats.jsonl"
    runs: List[Run] = []
    for number in range(1, args.rounds + 1):
        log(f"round {number} of {args.rounds} on {corpus}")
        runs.extend(run_round(corpus, args.python, vulture, stats, number))
    text = report(corpus, runs, args.rounds)
    command = "python3 bench/index.py " + " ".join(argv if argv is not None else sys.argv[1:])
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    text = text.replace("\n\n", f"\n\n{when}: `{command}`, flake8-review from commit {_commit()}; "
                        f"vulture {_version(vulture)}.\n\n", 1)
    print(text)
    if args.write:
        write_section(corpus.name, text)
    return 0


def _commit() -> str:
    found = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True)
    return found.stdout.strip() or "unknown"


def _version(vulture: Optional[str]) -> str:
    if not vulture:
        return "not run"
    found = subprocess.run([vulture, "--version"], capture_output=True, text=True)
    return (found.stdout or found.stderr).strip().split()[-1] if (found.stdout or found.stderr) else "unknown"


def write_section(name: str, text: str) -> None:
    """Replace this corpus's section of bench/RESULTS.md (key ``index-<corpus>``), keeping the others."""
    sys.path.insert(0, str(BENCH_DIR))
    from benchlib.report import write_section as write  # bench/run.py's sections, same format

    write(f"index-{name}", text)


if __name__ == "__main__":
    sys.exit(main())
