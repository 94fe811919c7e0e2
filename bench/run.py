#!/usr/bin/env python3
"""Benchmark flake8-review against plain flake8 and peer plugins, side by side in one run.

Run by hand (never by pytest): ``python3 bench/run.py --help``; bench/README.md
explains what is measured and why. Standard library only, Python 3.9+, POSIX.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Sequence

# The helpers live in bench/benchlib/ (this script's folder is on sys.path when it runs). They stay
# importable from here too, for the other scripts of bench/: see __all__.
from benchlib.corpus import (
    FLAKE8_EXCLUDE, collect_files, count_lines, django_corpus, find_file, make_corpus, safe_extract,
)
from benchlib.measure import (
    FINDING, PYLINT_FAILED, PYLINT_TEMPLATE, WRAPPER, command, measure, parse_output, pylint_fixed_options,
    run_rounds,
)
from benchlib.model import (
    BASE_SELECT, BENCH_DIR, CORE, CORE_PLUGINS, DEFAULT_DJANGO, ENVS, OUT_DIR, PEERS_A, PEERS_B, PEERS_C,
    PEERS_D, PYLINT_D, REPO, REPORTED, RESULTS, SIDE_GROUPS, SIDES, VENVS, WORK, Corpus, EnvInfo, EnvSpec,
    PluginInfo, Run, Side, choose_sides, log, peer_families, select,
)
from benchlib.report import (
    FAMILY_ORDER, RATIOS, Outcome, checkout_state, checks, display_command, family, findings_by_family,
    fmt_s, internal_errors, machine, median, plugin_options, ratio, ratios, report, results_table,
    side_families, versions_table, write_results,
)
from benchlib.sections import RESULTS_INTRO, RESULTS_TITLE
from benchlib.verify import check_pylint_messages, check_review_local, check_start_methods
from benchlib.venvs import (
    PLUGIN_INFO, SNAPSHOT_IGNORE, build_env, check_call, check_categories, child_env, core_pins,
    installed_categories, installed_versions, plugin_info, read_marker, read_plugins, snapshot_checkout,
)


#: what the other scripts of bench/ may import from here besides what main() uses
__all__ = [
    "BASE_SELECT", "BENCH_DIR", "CORE_PLUGINS", "FAMILY_ORDER", "FINDING", "FLAKE8_EXCLUDE", "OUT_DIR",
    "PEERS_A", "PEERS_B", "PEERS_C", "PEERS_D", "PLUGIN_INFO", "PYLINT_D", "PYLINT_FAILED",
    "PYLINT_TEMPLATE", "RATIOS", "REPO", "REPORTED", "RESULTS_INTRO", "RESULTS_TITLE", "SIDE_GROUPS",
    "SIDES", "SNAPSHOT_IGNORE", "WORK", "WRAPPER", "check_call", "checkout_state", "checks",
    "child_env", "collect_files", "command", "Corpus", "count_lines", "display_command",
    "django_corpus", "EnvInfo", "EnvSpec", "family", "find_file", "findings_by_family", "fmt_s",
    "installed_categories", "installed_versions", "internal_errors", "machine", "measure", "median",
    "parse_output", "peer_families", "plugin_info", "plugin_options", "PluginInfo",
    "pylint_fixed_options", "ratio", "ratios", "read_marker", "read_plugins", "results_table", "Run",
    "safe_extract", "select", "Side", "side_families", "snapshot_checkout", "versions_table",
]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="measured rounds (default: 5)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured rounds first (default: 1)")
    parser.add_argument("--sides", default="a,b,all,off",
                        help="comma-separated groups (a: review-a + peers-a, b: review-b + peers-b, "
                        "c: review-c + peers-c, d: review-d + peers-d + pylint-d, all: review-all, "
                        "off: review-off, whole: review-local + peers-all + pylint-all) or side names; "
                        "plain always runs (default: a,b,all,off)")
    parser.add_argument("--jobs", default="1", type=jobs_option,
                        help="processes per side: 1 (flake8 -j1, pylint --jobs=1), auto (flake8's default, "
                        "one per CPU: no -j; pylint as many) or a number (default: 1)")
    parser.add_argument("--corpus", help="a directory (or file) to lint instead of Django")
    parser.add_argument("--django-version", default=DEFAULT_DJANGO,
                        help=f"Django release whose sdist is the default corpus (default: {DEFAULT_DJANGO})")
    parser.add_argument("--limit", type=int, help="lint only the first N .py files (sorted by path)")
    parser.add_argument("--flake8-version", help="flake8 version for every venv (default: the one in "
                        "the checkout's .venv, along with its pycodestyle, pyflakes and mccabe)")
    parser.add_argument("--rebuild", action="store_true", help="recreate the venvs")
    parser.add_argument("--write", action="store_true", help="rewrite bench/RESULTS.md")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.warmup < 0 or (args.limit is not None and args.limit < 1):
        parser.error("--repeat and --limit must be at least 1, --warmup at least 0")
    return args


def jobs_option(value: str) -> str:
    """--jobs's value: "auto" or a positive number, as a string."""
    if value == "auto" or (value.isdigit() and int(value) >= 1):
        return value if value == "auto" else str(int(value))
    raise argparse.ArgumentTypeError(f"expected auto or a positive number, not {value!r}")


def main(argv: Sequence[str] | None = None) -> int:
    """Build the venvs and the corpus, run every side, print (and with --write save) the report."""
    args = parse_args(argv)
    sides = choose_sides(args.sides)
    started = time.perf_counter()
    VENVS.mkdir(parents=True, exist_ok=True)
    pins = core_pins(args.flake8_version)
    log(f"pins: {' '.join(pins)}")
    log(f"sides: {', '.join(side.name for side in sides)}; --jobs {args.jobs}")
    needed = {side.env for side in sides}
    envs = {spec.name: build_env(spec, pins, args.rebuild) for spec in ENVS if spec.name in needed}
    cores = {name: tuple(env.versions.get(pkg) for pkg in CORE) for name, env in envs.items()}
    if len(set(cores.values())) != 1:
        raise SystemExit(f"bench: flake8 and its checkers differ between venvs: {cores}")
    check_categories(sides, envs)
    check_review_local(sides, envs)
    check_pylint_messages(sides, envs)
    check_start_methods(envs, args.jobs)
    corpus = make_corpus(args, envs["plain"].python)
    log(f"corpus: {corpus.label}: {len(corpus.files)} files, {corpus.lines} lines")
    runs = run_rounds(sides, envs, corpus, args.repeat, args.warmup, args.jobs)
    elapsed = time.perf_counter() - started
    outcome = Outcome(args, sides, envs, corpus, runs, elapsed)
    print(report(outcome, full=False))
    if args.write:
        write_results(sides, corpus, args.jobs, report(outcome, full=True))
        log(f"wrote {RESULTS}")
    log(f"done in {elapsed / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
