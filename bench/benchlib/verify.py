"""Checks made before the rounds: that each side runs what it claims to, and can be measured."""

from __future__ import annotations

import json
from typing import Sequence

from benchlib.measure import pylint_fixed_options
from benchlib.model import CROSS_MODULE_CODES, DEFAULT_OFF_CODES, EnvInfo, Side, log
from benchlib.venvs import check_call

#: Run by the review venv's Python with a side's flake8 options: the installed flake8-review's
#: cross-module codes, default-off codes and every code, and the codes flake8 (its own decision
#: engine, after every plugin registered its options) would report with those options.
REVIEW_CODES = """\
import json, sys
from flake8.main.application import Application
from flake8.style_guide import Decision, DecisionEngine
from flake8_review.checkers import load_all
from flake8_review.project import CROSS_MODULE_CODES
from flake8_review.registry import RULES, default_off_codes
load_all()
app = Application()
app.initialize(sys.argv[1:])
engine = DecisionEngine(app.options)
print(json.dumps({
    "cross_module": sorted(CROSS_MODULE_CODES),
    "default_off": sorted(default_off_codes()),
    "rules": sorted(RULES),
    "selected": sorted(code for code in RULES if engine.decision_for(code) is Decision.Selected),
}))
"""


def _differs(what: str, installed: Sequence[str], expected: Sequence[str]) -> str:
    """The message for a list of codes that model.py and the installed flake8-review disagree on."""
    return (f"bench: the installed flake8-review's {what} are {', '.join(sorted(installed))}, but "
            f"bench/benchlib/model.py says {', '.join(sorted(expected))}: update model.py "
            "(and bench/README.md) to match flake8_review before measuring review-local")


def check_review_local(sides: Sequence[Side], envs: dict[str, EnvInfo]) -> None:
    """Stop unless review-local selects exactly the installed flake8-review's non-cross-module codes."""
    side = next((side for side in sides if side.name == "review-local"), None)
    if side is None:
        return
    found = json.loads(check_call([envs[side.env].python, "-I", "-c", REVIEW_CODES, "--isolated",
                                   *side.options]))
    if set(found["cross_module"]) != set(CROSS_MODULE_CODES):
        raise SystemExit(_differs("cross-module codes (flake8_review.project.CROSS_MODULE_CODES)",
                                  found["cross_module"], CROSS_MODULE_CODES))
    if set(found["default_off"]) != set(DEFAULT_OFF_CODES):
        raise SystemExit(_differs("default-off codes", found["default_off"], DEFAULT_OFF_CODES))
    wanted = set(found["rules"]) - set(CROSS_MODULE_CODES)
    selected = set(found["selected"])
    if selected != wanted:
        raise SystemExit(f"bench: review-local's options ({' '.join(side.options)}) make flake8 report "
                         f"{len(selected)} REV codes, not the {len(wanted)} non-cross-module ones: "
                         f"missing {', '.join(sorted(wanted - selected)) or 'none'}, "
                         f"extra {', '.join(sorted(selected - wanted)) or 'none'}")
    local_off = sorted(set(DEFAULT_OFF_CODES) - set(CROSS_MODULE_CODES))
    log(f"review-local: {len(selected)} REV codes (REVn00 included), all but the cross-module "
        f"{', '.join(CROSS_MODULE_CODES)}; default-off {', '.join(local_off)} included")


def enabled_pylint_messages(listing: str) -> set[str]:
    """The message names under "Enabled messages:" in ``pylint --list-msgs-enabled``'s output."""
    enabled: set[str] = set()
    inside = False
    for line in listing.splitlines():
        if line.endswith("messages:") or line.endswith("interpreter:"):
            inside = line.startswith("Enabled")
        elif inside and line.strip():
            enabled.add(line.split()[0])
    return enabled


def check_pylint_messages(sides: Sequence[Side], envs: dict[str, EnvInfo]) -> None:
    """Stop unless every message a pylint side enables exists and is enabled.

    pylint skips an unknown name in ``--enable`` with a warning (unknown-option-value) that
    ``--disable=all`` hides, and still exits with 0, so a misspelt name would silently drop a check.
    """
    for side in sides:
        if side.tool != "pylint":
            continue
        wanted = {name for option in side.options if option.startswith("--enable=")
                  for name in option.split("=", 1)[1].split(",")}
        listing = check_call([envs[side.env].path / "bin" / "pylint", *pylint_fixed_options(), *side.options,
                              "--list-msgs-enabled"])
        missing = sorted(wanted - enabled_pylint_messages(listing))
        if missing:
            raise SystemExit(f"bench: side {side.name}: pylint {envs[side.env].versions.get('pylint', '?')} "
                             f"does not enable {', '.join(missing)} (unknown message, or its extension "
                             "is not loaded)")
        log(f"{side.name}: pylint enables all {len(wanted)} messages asked for")


#: multiprocessing start methods whose workers are children of the process that joins them, so
#: that os.wait4 on the main process counts their CPU time and memory. "forkserver" (Python 3.14's
#: default on Linux) makes them children of the fork server, which nobody waits for.
COUNTED_START_METHODS = ("fork", "spawn")


def check_start_methods(envs: dict[str, EnvInfo], jobs: str) -> None:
    """With several jobs, stop unless every venv's workers will be counted in their parent's rusage."""
    if jobs == "1":
        return
    for name, env in envs.items():
        method = check_call([env.python, "-I", "-c",
                             "import multiprocessing; print(multiprocessing.get_start_method())"]).strip()
        if method not in COUNTED_START_METHODS:
            raise SystemExit(f"bench: venv {name}'s Python starts worker processes with {method!r}: the "
                             "wrapper would not count their CPU time and memory; use --jobs 1, or a "
                             "Python whose default start method is fork or spawn")
    log(f"--jobs {jobs}: every venv starts its workers with fork or spawn, so os.wait4 counts them")
