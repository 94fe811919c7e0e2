"""The virtual environments the sides run in: building, checking and asking them what they hold."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterable, Sequence

from benchlib.model import (
    CORE, CORE_PLUGINS, REPO, REPORTED, VENVS, WORK, EnvInfo, EnvSpec, PluginInfo, Side, log,
)

#: what is not copied into the snapshot of the checkout that the review venv installs.
SNAPSHOT_IGNORE = (
    ".git", ".venv", ".tox", ".nox", "bench", "build", "dist", "*.egg-info", "__pycache__",
    ".pytest_cache", ".hypothesis", ".flake8-review-cache", ".mypy_cache",
)


def child_env() -> dict[str, str]:
    """The environment for every child process: this one without what would redirect Python."""
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONDEVMODE", "PYTHONWARNINGS",
                 "VIRTUAL_ENV", "PIP_REQUIRE_VIRTUALENV"):
        env.pop(name, None)
    return env


def check_call(cmd: Sequence[str | os.PathLike[str]]) -> str:
    """Run a set-up command in bench/work/; on failure show its output and stop the benchmark.

    Not in the checkout: ``python -m``/``-c`` put the working directory on sys.path, and the
    checkout's flake8_review.egg-info would then look installed to pip and importlib.metadata.
    """
    WORK.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([str(part) for part in cmd], cwd=WORK, env=child_env(), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout)
        raise SystemExit(f"bench: command failed ({proc.returncode}): {shlex.join(str(p) for p in cmd)}")
    return proc.stdout


def installed_versions(python: Path, names: Iterable[str]) -> dict[str, str]:
    """Versions of the given distributions in the environment of ``python`` (missing ones left out)."""
    script = (
        "import importlib.metadata as m, json, sys\n"
        "found = {}\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        found[name] = m.version(name)\n"
        "    except m.PackageNotFoundError:\n"
        "        pass\n"
        "print(json.dumps(found))\n"
    )
    return json.loads(check_call([python, "-I", "-c", script, *names]))


#: Run by a venv's Python: for each distribution named on the command line, the names of its
#: flake8.extension entry points and the options its plugins' add_options declare, with their
#: defaults (read by handing add_options a recorder instead of flake8's option manager).
PLUGIN_INFO = """\
import importlib.metadata as m, json, re, sys
def norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()
wanted = {norm(name): name for name in sys.argv[1:]}
class Recorder:
    def __init__(self):
        self.options = []
    def add_option(self, *flags, **kwargs):
        longs = [f for f in flags if f.startswith("--")] or list(flags)
        if "default" in kwargs:
            default = kwargs["default"]
        else:
            default = False if kwargs.get("action") == "store_true" else None
        self.options.append((longs[0], "(none)" if default is None else str(default)))
    def __getattr__(self, name):
        return lambda *args, **kwargs: None
found = {}
for dist in m.distributions():
    name = wanted.get(norm(dist.metadata["Name"] or ""))
    if name is None:
        continue
    info = found.setdefault(name, {"entry_points": [], "options": []})
    for ep in dist.entry_points:
        if ep.group != "flake8.extension":
            continue
        info["entry_points"].append(ep.name)
        recorder = Recorder()
        try:
            getattr(ep.load(), "add_options", lambda parser: None)(recorder)
        except Exception as exc:
            recorder.options.append(("(add_options failed)", repr(exc)))
        info["options"].extend(recorder.options)
    info["entry_points"].sort()
print(json.dumps(found))
"""


def plugin_info(python: Path, names: Iterable[str]) -> dict[str, PluginInfo]:
    """Entry point names and option defaults of the given plugin distributions in a venv."""
    found = json.loads(check_call([python, "-I", "-c", PLUGIN_INFO, *names]))
    return {name: PluginInfo(info["entry_points"], [tuple(opt) for opt in info["options"]])
            for name, info in found.items()}


def core_pins(flake8_version: str | None) -> list[str]:
    """Requirements pinning flake8 (and, read from the checkout's .venv, its checkers) for every venv."""
    if flake8_version:
        return [f"flake8=={flake8_version}"]
    dev_python = REPO / ".venv" / "bin" / "python"
    if not dev_python.exists():
        raise SystemExit(f"bench: {dev_python} not found: pass --flake8-version to pin flake8")
    versions = installed_versions(dev_python, CORE)
    if "flake8" not in versions:
        raise SystemExit(f"bench: flake8 is not installed in {REPO / '.venv'}: pass --flake8-version")
    return [f"{name}=={versions[name]}" for name in CORE if name in versions]


def snapshot_checkout() -> Path:
    """Copy the checkout as it is now (uncommitted edits included) where pip may build it.

    pip builds a local project in place, which would leave build/ and *.egg-info in the
    checkout; building a copy under bench/work/ keeps the checkout untouched.
    """
    target = WORK / "src" / "flake8-review"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(REPO, target, ignore=shutil.ignore_patterns(*SNAPSHOT_IGNORE))
    return target


def read_plugins(version_line: str) -> frozenset[str]:
    """The plugin distributions named in the parentheses of ``flake8 --version``."""
    match = re.search(r"\((.*)\)", version_line, re.DOTALL)
    names = match.group(1).split(",") if match else []
    return frozenset(name.split(":")[0].strip() for name in names if name.strip())


def read_marker(path: Path) -> object:
    """What a venv was built with (bench-spec.json), or None when unknown."""
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def build_env(spec: EnvSpec, pins: list[str], rebuild: bool) -> EnvInfo:
    """Create (or reuse) one venv, install its pinned contents and check which plugins flake8 sees."""
    info = EnvInfo(spec, VENVS / spec.name)
    wanted = {"python": sys.version, "requirements": pins + list(spec.extra)}
    marker = info.path / "bench-spec.json"
    reuse = not rebuild and info.python.exists() and read_marker(marker) == wanted
    project = snapshot_checkout() if spec.with_project else None
    if reuse:
        log(f"venv {spec.name}: reusing {info.path}")
        if project is not None:
            # Always measure the checkout as it is now, not the one the venv was built from.
            log(f"venv {spec.name}: reinstalling flake8-review from the checkout")
            check_call([info.python, "-m", "pip", "install", "--no-deps", "--force-reinstall", project])
            if subprocess.run([str(info.python), "-m", "pip", "check"], cwd=WORK, env=child_env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False).returncode:
                log(f"venv {spec.name}: installing new dependencies")
                check_call([info.python, "-m", "pip", "install", *pins, project])
    else:
        log(f"venv {spec.name}: creating {info.path}")
        if info.path.exists():
            shutil.rmtree(info.path)
        check_call([sys.executable, "-m", "venv", info.path])
        requirements: list[str | Path] = [*pins, *spec.extra]
        if project is not None:
            requirements.append(project)
        check_call([info.python, "-m", "pip", "install", *requirements])
        marker.write_text(json.dumps(wanted))
    info.versions = installed_versions(info.python, REPORTED)
    info.version_line = " ".join(check_call([info.flake8, "--version"]).split())
    plugins = read_plugins(info.version_line)
    if {_canonical(name) for name in plugins} != {_canonical(name) for name in spec.plugins}:
        raise SystemExit(f"bench: venv {spec.name} shows plugins {sorted(plugins)}, "
                         f"expected {sorted(spec.plugins)}: {info.version_line}")
    info.plugin_info = plugin_info(info.python, spec.plugins - CORE_PLUGINS)
    log(f"venv {spec.name}: flake8 {info.version_line}")
    return info


def _canonical(name: str) -> str:
    """A distribution name as pip compares them (flake8 prints some with ``_``, PyPI with ``-``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_categories(env: EnvInfo) -> list[str]:
    """The REV categories (flake8 entry points) of the flake8-review installed in a venv."""
    info = env.plugin_info.get("flake8-review")
    return [name for name in info.entry_points if name.startswith("REV")] if info else []


def check_categories(sides: Sequence[Side], envs: dict[str, EnvInfo]) -> None:
    """Stop unless the installed flake8-review has every REV category a side selects."""
    if "review" not in envs:
        return
    installed = installed_categories(envs["review"])
    log(f"venv review: flake8-review categories {', '.join(installed)}")
    for side in sides:
        missing = [f for f in side.families if f.startswith("REV") and f != "REV" and f not in installed]
        if missing:
            raise SystemExit(f"bench: side {side.name} selects {', '.join(missing)}, which the installed "
                             f"flake8-review does not register (it has {', '.join(installed)})")
