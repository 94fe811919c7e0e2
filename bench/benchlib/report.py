"""The Markdown report of a run, and its section of bench/RESULTS.md (see benchlib.sections)."""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from benchlib.measure import command, pylint_jobs
from benchlib.model import OUT_DIR, REPO, REPORTED, Corpus, EnvInfo, Run, Side
from benchlib.sections import section_key, write_section
from benchlib.venvs import installed_categories

#: the code families of the findings table, in this order (others follow, sorted).
FAMILY_ORDER = ("E", "W", "F", "C", "N", "ANN", "D", "DOC", "G", "LOG", "B", "TRY", "S", "CCR", "CFQ",
                "PLC", "PLR", "PLW", "PLE", "PLF")


def fmt_s(seconds: float) -> str:
    """Seconds with two decimals."""
    return f"{seconds:.2f}"


def ratio(numerator: float, denominator: float) -> str:
    """A ratio with two decimals, or n/a when the denominator is not positive."""
    return f"{numerator / denominator:.2f}" if denominator > 0 else "n/a"


def median(values: Iterable[float]) -> float:
    """Median of a non-empty sequence."""
    return statistics.median(list(values))


def results_table(sides: Sequence[Side], runs: dict[str, list[Run]]) -> list[str]:
    """Markdown table: wall and CPU medians, min/max, added time, peak RSS and findings per side."""
    plain_wall = median(r.wall for r in runs["plain"])
    plain_cpu = median(r.cpu for r in runs["plain"])
    lines = [
        "| side | wall median (s) | wall min (s) | wall max (s) | added wall (s) | CPU median (s) "
        "| added CPU (s) | peak RSS (MiB) | findings | REVn00 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for side in sides:
        side_runs = runs[side.name]
        walls = [r.wall for r in side_runs]
        cpu = median(r.cpu for r in side_runs)
        findings = sorted({r.findings for r in side_runs})
        lines.append(
            f"| {side.name} | {fmt_s(median(walls))} | {fmt_s(min(walls))} | {fmt_s(max(walls))} "
            f"| {fmt_s(median(walls) - plain_wall)} | {fmt_s(cpu)} | {fmt_s(cpu - plain_cpu)} "
            f"| {max(r.max_rss_kib for r in side_runs) / 1024:.1f} | {'/'.join(map(str, findings))} "
            f"| {internal_errors(side_runs[-1].codes)} |"
        )
    return lines


def internal_errors(codes: Counter[str]) -> int:
    """How many REVn00 (internal error) findings a run reported."""
    return sum(count for code, count in codes.items() if re.fullmatch(r"REV\d00", code))


#: The ratios reported, each (title, numerator, denominator); a term is (side, added?): added is
#: the side's median minus plain's. A row is left out when one of its sides did not run.
RATIOS = (
    ("added(review-a) / added(peers-a): REV1+REV2 vs N+ANN", ("review-a", True), ("peers-a", True)),
    ("added(review-b) / added(peers-b): REV4+REV5 vs D+DOC+G+LOG", ("review-b", True), ("peers-b", True)),
    ("added(review-c) / added(peers-c): REV6+REV9 vs B+TRY+S (target < 1)", ("review-c", True),
     ("peers-c", True)),
    ("added(review-d) / added(peers-d): REV3+REV7 vs CCR+CFQ (target < 1)", ("review-d", True),
     ("peers-d", True)),
    ("added(review-d) / pylint-d: REV3+REV7 vs pylint's whole run (target <= 0.1)", ("review-d", True),
     ("pylint-d", False)),
    ("added(review-local) / plain: non-cross-module REV codes vs flake8's own checks (target <= 0.5)",
     ("review-local", True), ("plain", False)),
    ("review-local / plain (target <= 1.5)", ("review-local", False), ("plain", False)),
    ("added(review-local) / added(peers-all): vs the twelve peer plugins (target <= 0.17, 6x less)",
     ("review-local", True), ("peers-all", True)),
    ("added(review-local) / pylint-all: vs pylint's whole run (target <= 0.125, 8x less)",
     ("review-local", True), ("pylint-all", False)),
    ("added(peers-all) / plain", ("peers-all", True), ("plain", False)),
    ("pylint-all / plain", ("pylint-all", False), ("plain", False)),
    ("added(review-all) / plain (target <= 0.5)", ("review-all", True), ("plain", False)),
    ("review-off / plain", ("review-off", False), ("plain", False)),
    ("review-all / plain (target <= 1.5)", ("review-all", False), ("plain", False)),
    ("added(review-a) / plain", ("review-a", True), ("plain", False)),
    ("added(peers-a) / plain", ("peers-a", True), ("plain", False)),
    ("added(review-b) / plain", ("review-b", True), ("plain", False)),
    ("added(peers-b) / plain", ("peers-b", True), ("plain", False)),
    ("added(review-c) / plain", ("review-c", True), ("plain", False)),
    ("added(peers-c) / plain", ("peers-c", True), ("plain", False)),
    ("added(review-d) / plain", ("review-d", True), ("plain", False)),
    ("added(peers-d) / plain", ("peers-d", True), ("plain", False)),
    ("pylint-d / plain", ("pylint-d", False), ("plain", False)),
)


def ratios(runs: dict[str, list[Run]]) -> list[str]:
    """Markdown table of the ratios between sides, on wall time and on CPU time."""
    lines = ["| ratio | wall | CPU |", "| --- | ---: | ---: |"]
    cells: dict[str, dict[str, float]] = {
        metric: {name: median(getattr(r, metric) for r in side_runs) for name, side_runs in runs.items()}
        for metric in ("wall", "cpu")
    }
    for title, top, bottom in RATIOS:
        if top[0] not in runs or bottom[0] not in runs:
            continue
        values = []
        for metric in ("wall", "cpu"):
            med = cells[metric]
            numerator = med[top[0]] - (med["plain"] if top[1] else 0.0)
            denominator = med[bottom[0]] - (med["plain"] if bottom[1] else 0.0)
            values.append(ratio(numerator, denominator))
        lines.append(f"| {title} | {values[0]} | {values[1]} |")
    return lines


def family(code: str) -> str:
    """A code's family: REV1..REV9 for flake8-review, else its letters (E, N, ANN, DOC, LOG...)."""
    return code[:4] if code.startswith("REV") else code.rstrip("0123456789")


def side_families(side: Side, envs: dict[str, EnvInfo]) -> tuple[str, ...]:
    """The families a side selects on top of E,W,F,C90, "REV" expanded to the installed categories."""
    families: list[str] = []
    for name in side.families:
        if name == "REV":
            families += installed_categories(envs[side.env])
        else:
            families.append(name)
    return tuple(families)


def checks(sides: Sequence[Side], envs: dict[str, EnvInfo], runs: dict[str, list[Run]]) -> list[str]:
    """Sanity notes: internal errors, unstable findings, review-off differing from plain, empty families."""
    notes = []
    for side in sides:
        side_runs = runs[side.name]
        last = side_runs[-1].codes
        internal = internal_errors(last)
        if internal:
            notes.append(f"- **{side.name}: {internal} REVn00 internal errors** "
                         f"(see bench/work/out/{side.name}.txt)")
        if len({tuple(sorted(r.codes.items())) for r in side_runs}) > 1:
            notes.append(f"- {side.name}: the findings differ between repetitions")
        found = {family(code) for code in last}
        empty = [name for name in side_families(side, envs) if name not in found]
        if empty:
            notes.append(f"- {side.name}: no finding of {', '.join(empty)} on this corpus")
    if "review-off" in runs:
        rev_off = sum(n for code, n in runs["review-off"][-1].codes.items() if code.startswith("REV"))
        if rev_off or runs["review-off"][-1].codes != runs["plain"][-1].codes:
            notes.append("- **review-off does not report exactly what plain reports**")
    return notes or ["- all sane: no REVn00, stable findings, review-off reports exactly what plain "
                     "reports, every selected family found"]


def findings_by_family(sides: Sequence[Side], envs: dict[str, EnvInfo],
                       runs: dict[str, list[Run]]) -> list[str]:
    """Markdown table of each side's findings by code family; a family any side selects always shows."""
    counters: dict[str, Counter[str]] = {}
    for side in sides:
        counter: Counter[str] = Counter()
        for code, count in runs[side.name][-1].codes.items():
            counter[family(code)] += count
        counters[side.name] = counter
    present = {f for counter in counters.values() for f in counter}
    present |= {f for side in sides for f in side_families(side, envs)}
    names = [f for f in FAMILY_ORDER if f in present]
    names += sorted(f for f in present if f not in FAMILY_ORDER)
    lines = ["| side | " + " | ".join(names) + " |", "| --- |" + " ---: |" * len(names)]
    for side in sides:
        lines.append(f"| {side.name} | " + " | ".join(str(counters[side.name][f]) for f in names) + " |")
    return lines


def machine() -> list[str]:
    """Markdown bullets describing this machine."""
    cpu_model = "unknown"
    memory = "unknown"
    try:
        text = Path("/proc/cpuinfo").read_text()
        found = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
        cpu_model = found.group(1).strip() if found else cpu_model
        mem = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.MULTILINE)
        memory = f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB" if mem else memory
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"- CPUs: {usable} usable (nproc) of {os.cpu_count()}, {cpu_model}",
        f"- memory: {memory}",
        f"- OS: {platform.platform()}",
        f"- Python: {platform.python_implementation()} {platform.python_version()} ({sys.executable})",
    ]


def checkout_state() -> str:
    """The checkout's commit, and whether flake8-review has uncommitted changes."""
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "flake8_review",
                                "pyproject.toml"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"
    changed = " with uncommitted changes to flake8_review/ or pyproject.toml" if dirty else ""
    return f"commit {head}{changed}"


def versions_table(envs: dict[str, EnvInfo]) -> list[str]:
    """Markdown table of the reported distributions' versions in each venv."""
    lines = ["| package | " + " | ".join(envs) + " |", "| --- |" + " --- |" * len(envs)]
    for name in REPORTED:
        lines.append(f"| {name} | " + " | ".join(env.versions.get(name, "-") for env in envs.values()) + " |")
    return lines


def display_command(side: Side, env: EnvInfo, count: int, jobs: str = "1") -> str:
    """A side's command as run, paths relative to the checkout, the file list abbreviated."""
    cmd = command(side, env, OUT_DIR / f"{side.name}.txt", [], jobs)
    shown = [_relative(part) for part in cmd]
    return shlex.join(shown) + f" <the {count} files>"


def _relative(part: str) -> str:
    """A command-line word with the checkout's absolute path made relative (``--output=...`` too)."""
    prefix = str(REPO) + os.sep
    return part.replace(prefix, "")


def plugin_options(envs: dict[str, EnvInfo]) -> list[str]:
    """Markdown bullets: each plugin's entry points and the defaults of its options, all left as they are."""
    lines = []
    for name, env in envs.items():
        for dist, info in sorted(env.plugin_info.items()):
            points = ", ".join(info.entry_points)
            head = f"- {name}: {dist} {env.versions.get(dist, '')}, entry points {points}"
            if dist == "flake8-review":
                lines.append(f"{head}; options: the defaults of docs/configuration.md")
            elif info.options:
                options = ", ".join(f"`{flag}={default}`" for flag, default in info.options)
                lines.append(f"{head}; options: {options}")
            else:
                lines.append(f"{head}; no option")
    return lines


@dataclass(frozen=True)
class Outcome:
    """What one benchmark run measured, as the report shows it."""

    args: argparse.Namespace  # the command line (the report names --repeat and --warmup)
    sides: Sequence[Side]
    envs: dict[str, EnvInfo]
    corpus: Corpus
    runs: dict[str, list[Run]]
    elapsed: float  # seconds, from the start of the benchmark to the end of its last round


def report(outcome: Outcome, full: bool) -> str:
    """The Markdown report; ``full`` adds the machine, versions, corpus and commands (RESULTS.md)."""
    sides, envs, corpus, runs = outcome.sides, outcome.envs, outcome.corpus, outcome.runs
    jobs = getattr(outcome.args, "jobs", "1")
    when = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    argv = shlex.join(["python3", "bench/run.py", *sys.argv[1:]])
    out = [f"## Run with --sides {','.join(side.name for side in sides)} on {corpus.key}, --jobs {jobs}",
           ""] if full else []
    out += [
        f"{when}: `{argv}` ({outcome.elapsed / 60:.1f} min), flake8-review from {checkout_state()}.",
        "",
        f"Corpus: {corpus.label}: {len(corpus.files)} files, {corpus.lines} lines. "
        f"{outcome.args.repeat} measured round(s) after {outcome.args.warmup} warm-up round(s); "
        "the sides run interleaved (one round runs each side once, the starting side rotating).",
        "",
        jobs_note(jobs),
        "",
        "Sides: " + "; ".join(f"{side.name}, {side.what}" for side in sides) + ".",
        "",
    ]
    if full:
        out += ["### Machine", "", *machine(), "", "### Versions", "", *versions_table(envs), "",
                "`flake8 --version` in each venv:", ""]
        out += [f"- {name}: `{env.version_line}`" for name, env in envs.items()]
        out += ["", "Plugin options: every plugin runs with its defaults (read from its add_options):", ""]
        out += plugin_options(envs)
        out += ["", "### Commands", "",
                f"Every side lints the same explicit list of {len(corpus.files)} files, in that order, "
                f"from `{corpus.root}`; findings go to the output file, stdout to /dev/null.", ""]
        out += [f"- {side.name} ({side.what}): "
                f"`{display_command(side, envs[side.env], len(corpus.files), jobs)}`" for side in sides]
        out += [""]
    heading = "### " if full else "#### "
    out += [heading + "Times and memory", "", *results_table(sides, runs), "",
            "Added = the side's median minus plain's median. Wall: time.perf_counter from the spawn of "
            "the flake8 process to its exit; CPU: its user + system time; peak RSS: its ru_maxrss "
            "(os.wait4), the highest over the rounds. Findings: per round (one number when stable)."
            + ("" if jobs == "1" else " With several processes, CPU is the sum over the main process and "
               "its workers, and peak RSS that of the largest single process among them, not their sum."),
            ""]
    out += [heading + "Ratios", "", *ratios(runs), ""]
    out += [heading + "Findings by code family", "", *findings_by_family(sides, envs, runs), ""]
    out += [heading + "Checks", "", *checks(sides, envs, runs), ""]
    return "\n".join(out)


def jobs_note(jobs: str) -> str:
    """The sentence of the report that says how many processes each side ran."""
    if jobs == "1":
        return "Jobs: `--jobs 1`: one process per side (`flake8 -j1`, `pylint --jobs=1`)."
    if jobs == "auto":
        return ("Jobs: `--jobs auto`: flake8's default (no `-j`: flake8 starts one process per CPU, "
                f"{os.cpu_count()} here) and as many pylint processes (`pylint --jobs={pylint_jobs(jobs)}`).")
    return f"Jobs: `--jobs {jobs}`: `flake8 -j{jobs}`, `pylint --jobs={jobs}`."


def write_results(sides: Sequence[Side], corpus: Corpus, jobs: str, text: str) -> None:
    """Put one run's report into bench/RESULTS.md, replacing the earlier run of the same sides on the
    same corpus with the same --jobs."""
    write_section(section_key(",".join(side.name for side in sides), corpus.key, jobs), text)
