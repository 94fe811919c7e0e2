"""Timing the sides: one command line per side, one timed process per run, rounds of runs."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Sequence

from benchlib.model import OUT_DIR, WORK, Corpus, EnvInfo, Run, Side, log
from benchlib.venvs import child_env

FINDING = re.compile(r":\d+:\d+: ([A-Z]+[0-9]+) ")
#: pylint's exit status is a bit mask; these bits mean it did not finish its job (fatal, usage error).
PYLINT_FAILED = 1 | 32


#: pylint's findings in the shape of flake8's, its message ids prefixed PL as ruff names them (PLW0221)
PYLINT_TEMPLATE = "{path}:{line}:{column}: PL{msg_id} {msg}"


def command(side: Side, env: EnvInfo, output: Path, files: Sequence[str], jobs: str = "1") -> list[str]:
    """The full command line of one side; ``jobs`` is ``--jobs``'s value ("1", "auto" or a number)."""
    if side.tool == "pylint":
        return [str(env.path / "bin" / "pylint"), *pylint_fixed_options(jobs), *side.options,
                f"--output={output}", *files]
    return [str(env.flake8), *flake8_jobs(jobs), "--isolated", *side.options, f"--output-file={output}",
            *files]


def flake8_jobs(jobs: str) -> list[str]:
    """flake8's -j option for ``--jobs``: none for "auto", flake8's default (as many processes as CPUs)."""
    return [] if jobs == "auto" else [f"-j{jobs}"]


def pylint_jobs(jobs: str) -> str:
    """pylint's process count for ``--jobs``: for "auto", as many as flake8 starts (``os.cpu_count()``).

    Not ``--jobs=0``: pylint then also divides a cgroup v1 ``cpu.shares`` by 1024, and the
    default share (1024, which limits nothing) makes it run one process.
    """
    return str(os.cpu_count() or 1) if jobs == "auto" else jobs


def pylint_fixed_options(jobs: str = "1") -> list[str]:
    """pylint options every pylint side shares: its processes, no cache, no score, no config of the corpus."""
    rcfile = WORK / "empty-pylintrc"
    if not rcfile.exists():
        rcfile.parent.mkdir(parents=True, exist_ok=True)
        rcfile.write_text("")
    return [f"--jobs={pylint_jobs(jobs)}", f"--rcfile={rcfile}", "--persistent=n", "--score=n",
            "--reports=n", f"--msg-template={PYLINT_TEMPLATE}"]


def parse_output(path: Path) -> Counter[str]:
    """Count the findings of a flake8 output file by code."""
    codes: Counter[str] = Counter()
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            match = FINDING.search(line)
            if match:
                codes[match.group(1)] += 1
    return codes


#: Runs one command and prints its wall time, CPU time and peak RSS. The script itself cannot
#: read them: a child's ru_maxrss includes the memory of the process it was forked from (here
#: ~30 MiB of benchmark), whereas this wrapper, started with -I -S, holds under 10 MiB.
WRAPPER = """\
import os, sys, time
devnull = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=devnull)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measure(cmd: list[str], cwd: Path, output: Path, errors: Path, tool: str = "flake8") -> Run:
    """Run one flake8 process through :data:`WRAPPER`; its wall time, CPU time and peak RSS.

    The wrapper times the flake8 process with ``time.perf_counter`` from spawn to exit
    (the wrapper's own start-up is left out) and reads ``os.wait4``'s resource usage of
    exactly that process. On Linux that usage includes the descendants it waited for: with
    ``-j1`` it starts none; with several jobs the CPU time is the sum over the main process
    and its workers (flake8's Pool and pylint's ProcessPoolExecutor join them), and
    ``ru_maxrss`` is the peak of the largest single process among them, not their sum.
    """
    if output.exists():
        output.unlink()
    with errors.open("wb") as err:
        proc = subprocess.run([sys.executable, "-I", "-S", "-c", WRAPPER, *cmd], cwd=cwd, env=child_env(),
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err, text=True,
                              check=False)
    if tool == "pylint":
        failed = proc.returncode < 0 or bool(proc.returncode & PYLINT_FAILED)
    else:
        failed = proc.returncode not in (0, 1)  # 1: findings were reported
    if failed or not output.exists():
        sys.stderr.write(errors.read_text(errors="replace")[-4000:])
        raise SystemExit(f"bench: {tool} failed ({proc.returncode}): {shlex.join(cmd[:8])} ...")
    wall, cpu, rss = proc.stdout.split()
    rss_kib = int(rss) // 1024 if sys.platform == "darwin" else int(rss)  # bytes on macOS
    return Run(float(wall), float(cpu), rss_kib, parse_output(output))


def run_rounds(sides: Sequence[Side], envs: dict[str, EnvInfo], corpus: Corpus,
               repeat: int, warmup: int, jobs: str = "1") -> dict[str, list[Run]]:
    """Warm-up rounds, then ``repeat`` measured rounds, each running every side once in rotated order."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    runs: dict[str, list[Run]] = {side.name: [] for side in sides}
    for index in range(warmup + repeat):
        shift = index % len(sides)
        order = list(sides[shift:]) + list(sides[:shift])
        measured = index >= warmup
        label = f"round {index - warmup + 1}/{repeat}" if measured else f"warm-up {index + 1}/{warmup}"
        round_time = 0.0
        for side in order:
            output = OUT_DIR / f"{side.name}.txt"
            cmd = command(side, envs[side.env], output, corpus.files, jobs)
            run = measure(cmd, corpus.root, output, OUT_DIR / f"{side.name}.stderr", side.tool)
            round_time += run.wall
            log(f"{label}: {side.name:<12} {run.wall:8.2f} s wall {run.cpu:8.2f} s cpu "
                f"{run.max_rss_kib / 1024:7.1f} MiB {run.findings:7d} findings")
            if measured:
                runs[side.name].append(run)
        if not measured and index == warmup - 1:
            log(f"estimated time of the {repeat} measured round(s): {round_time * repeat:.0f} s")
    return runs
