#!/usr/bin/env python3
"""Benchmark flake8-review against plain flake8 and peer plugins, side by side in one run.

Run by hand (never by pytest): ``python3 bench/run.py --help``; bench/README.md
explains what is measured and why. Standard library only, Python 3.9+, POSIX.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from collections import Counter
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Iterable, Sequence

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
WORK = BENCH_DIR / "work"
VENVS = WORK / "venvs"
OUT_DIR = WORK / "out"
RESULTS = BENCH_DIR / "RESULTS.md"

#: flake8 and the checkers it always brings; pinned to the versions in the checkout's .venv.
CORE = ("flake8", "pycodestyle", "pyflakes", "mccabe")
#: the plugins flake8 itself brings, as its --version names them.
CORE_PLUGINS = frozenset({"mccabe", "pycodestyle", "pyflakes"})
#: group A's peers: each plugin and the code families it reports.
PEERS_A = {"pep8-naming": ("N",), "flake8-annotations": ("ANN",)}
#: group B's peers. pydoclint registers its flake8 plugin (DOC) itself: its [flake8] extra only adds
#: flake8, which the pins bring. flake8-docstrings brings pydocstyle; flake8-logging's entry point
#: is L, but its codes are LOG001...
PEERS_B = {"flake8-docstrings": ("D",), "pydoclint": ("DOC",), "flake8-logging-format": ("G",),
           "flake8-logging": ("LOG",)}
#: group C's peers (error handling and security). flake8-blind-except's entry point is B90, inside
#: bugbear's B: both report B9xx codes, so both count as family B.
PEERS_C = {"flake8-bugbear": ("B",), "flake8-blind-except": ("B",), "tryceratops": ("TRY",),
           "flake8-bandit": ("S",)}
#: group D's peers (signatures and organization), and the pylint messages that match REV3.
PEERS_D = {"flake8-cognitive-complexity": ("CCR",), "flake8-functions": ("CFQ",)}
PYLINT_D = ("arguments-differ", "arguments-renamed", "inconsistent-return-statements")
#: distributions whose versions are reported for every venv.
REPORTED = CORE + ("flake8-review", "astroid", *PEERS_A, *PEERS_B, "pydocstyle", "docstring_parser_fork",
                   *PEERS_C, "bandit", *PEERS_D, "cognitive_complexity", "pylint")
DEFAULT_DJANGO = "5.2.19"
BASE_SELECT = "E,W,F,C90"
#: the code families of the findings table, in this order (others follow, sorted).
FAMILY_ORDER = ("E", "W", "F", "C", "N", "ANN", "D", "DOC", "G", "LOG", "B", "TRY", "S", "CCR", "CFQ")
#: what ``--sides`` accepts besides side names; plain always runs.
SIDE_GROUPS = {"a": ("review-a", "peers-a"), "b": ("review-b", "peers-b"), "c": ("review-c", "peers-c"),
               "d": ("review-d", "peers-d", "pylint-d"), "all": ("review-all",), "off": ("review-off",)}
#: flake8's own default --exclude: the corpus walk skips the same folders.
FLAKE8_EXCLUDE = (".svn", "CVS", ".bzr", ".hg", ".git", "__pycache__", ".tox", ".nox", ".eggs", "*.egg")
#: what is not copied into the snapshot of the checkout that the review venv installs.
SNAPSHOT_IGNORE = (
    ".git", ".venv", ".tox", ".nox", "bench", "build", "dist", "*.egg-info", "__pycache__",
    ".pytest_cache", ".hypothesis", ".flake8-review-cache", ".mypy_cache",
)
FINDING = re.compile(r":\d+:\d+: ([A-Z]+[0-9]+) ")
#: pylint's exit status is a bit mask; these bits mean it did not finish its job (fatal, usage error).
PYLINT_FAILED = 1 | 32


@dataclass(frozen=True)
class EnvSpec:
    """One virtual environment: what goes in it and which flake8 plugins it must show."""

    name: str
    extra: tuple[str, ...]
    with_project: bool
    plugins: frozenset[str]


@dataclass(frozen=True)
class Side:
    """One measured command: a venv and the flake8 options that differ between sides."""

    name: str
    env: str
    options: tuple[str, ...]
    what: str
    #: the code families selected on top of E,W,F,C90; "REV" stands for every REV category installed.
    families: tuple[str, ...] = ()
    #: "flake8", or "pylint" for the pylint side (its options are pylint's)
    tool: str = "flake8"


ENVS = (
    EnvSpec("plain", (), False, CORE_PLUGINS),
    EnvSpec("review", (), True, CORE_PLUGINS | {"flake8-review"}),
    EnvSpec("peers-a", tuple(PEERS_A), False, CORE_PLUGINS | set(PEERS_A)),
    EnvSpec("peers-b", tuple(PEERS_B), False, CORE_PLUGINS | set(PEERS_B)),
    EnvSpec("peers-c", tuple(PEERS_C), False, CORE_PLUGINS | set(PEERS_C)),
    EnvSpec("peers-d", tuple(PEERS_D), False, CORE_PLUGINS | set(PEERS_D)),
    EnvSpec("pylint", ("pylint",), False, CORE_PLUGINS),
)


def select(*families: str) -> str:
    """The --select option for E,W,F,C90 plus the given families."""
    return "--select=" + ",".join((BASE_SELECT, *families))


def peer_families(peers: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Every code family of a group of peer plugins, each once."""
    return tuple(dict.fromkeys(family for families in peers.values() for family in families))


SIDES = (
    Side("plain", "plain", (select(),), "flake8 alone (pycodestyle, pyflakes, mccabe)"),
    # Not "--select=...,REV1 --extend-ignore=REV": flake8 lets the longest prefix win when a
    # code is both explicitly selected and explicitly ignored, so REV1 would beat REV.
    Side("review-off", "review", (select(), "--extend-ignore=REV"),
         "flake8 + flake8-review installed, every REV code deselected"),
    Side("review-all", "review", (select("REV"),), "flake8 + flake8-review, every REV code", ("REV",)),
    Side("review-a", "review", (select("REV1", "REV2"),), "flake8 + flake8-review, REV1+REV2 (group A)",
         ("REV1", "REV2")),
    Side("peers-a", "peers-a", (select(*peer_families(PEERS_A)),),
         "flake8 + " + " + ".join(PEERS_A) + " (group A)", peer_families(PEERS_A)),
    Side("review-b", "review", (select("REV4", "REV5"),), "flake8 + flake8-review, REV4+REV5 (group B)",
         ("REV4", "REV5")),
    Side("peers-b", "peers-b", (select(*peer_families(PEERS_B)),),
         "flake8 + " + " + ".join(PEERS_B) + " (group B)", peer_families(PEERS_B)),
    Side("review-c", "review", (select("REV6", "REV9"),), "flake8 + flake8-review, REV6+REV9 (group C)",
         ("REV6", "REV9")),
    Side("peers-c", "peers-c", (select(*peer_families(PEERS_C)),),
         "flake8 + " + " + ".join(PEERS_C) + " (group C)", peer_families(PEERS_C)),
    Side("review-d", "review", (select("REV3", "REV7"),), "flake8 + flake8-review, REV3+REV7 (group D)",
         ("REV3", "REV7")),
    Side("peers-d", "peers-d", (select(*peer_families(PEERS_D)),),
         "flake8 + " + " + ".join(PEERS_D) + " (group D)", peer_families(PEERS_D)),
    Side("pylint-d", "pylint", ("--disable=all", "--enable=" + ",".join(PYLINT_D)),
         "pylint alone, only " + ", ".join(PYLINT_D) + " enabled (group D)", ("PLW", "PLR"), "pylint"),
)


@dataclass
class Run:
    """One timed flake8 process."""

    wall: float
    cpu: float
    max_rss_kib: int
    codes: Counter[str]

    @property
    def findings(self) -> int:
        """Number of findings written to the output file."""
        return sum(self.codes.values())


@dataclass
class Corpus:
    """The files every side lints, relative to ``root`` (the runs' working directory)."""

    label: str
    root: Path
    files: list[str]
    lines: int = 0


@dataclass
class PluginInfo:
    """A plugin distribution in a venv: its entry point names and its options' defaults."""

    entry_points: list[str]
    options: list[tuple[str, str]]


@dataclass
class EnvInfo:
    """A built venv: its flake8 executable, the versions in it and its ``flake8 --version``."""

    spec: EnvSpec
    path: Path
    versions: dict[str, str] = field(default_factory=dict)
    version_line: str = ""
    #: per plugin distribution (flake8's own checkers left out): its flake8.extension entry point
    #: names and the options its ``add_options`` declares, with their defaults.
    plugin_info: dict[str, PluginInfo] = field(default_factory=dict)

    @property
    def flake8(self) -> Path:
        """The venv's flake8 console script."""
        return self.path / "bin" / "flake8"

    @property
    def python(self) -> Path:
        """The venv's interpreter."""
        return self.path / "bin" / "python"


def log(message: str) -> None:
    """Progress on stderr, so that stdout holds only the Markdown report."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


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


def safe_extract(archive: tarfile.TarFile, dest: Path) -> None:
    """Unpack an sdist, refusing members that would land outside ``dest``."""
    if hasattr(tarfile, "data_filter"):
        archive.extractall(dest, filter="data")
        return
    base = dest.resolve()
    for member in archive.getmembers():
        target = (dest / member.name).resolve()
        if (base not in target.parents and target != base) or member.issym() or member.islnk():
            raise SystemExit(f"bench: unsafe member {member.name!r} in the sdist")
    archive.extractall(dest)  # members checked above (Python without tarfile filters)


def find_file(folder: Path, name: str) -> Path | None:
    """The file of ``folder`` whose name is ``name`` ignoring case (old sdists say Django-x.y)."""
    return next((p for p in folder.iterdir() if p.name.lower() == name.lower()), None)


def django_corpus(version: str, pip_python: Path) -> tuple[str, Path]:
    """Download Django's sdist from PyPI into bench/work/ (once) and unpack it; return label and root."""
    downloads = WORK / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    name = f"django-{version}.tar.gz"
    sdist = find_file(downloads, name)
    if sdist is None:
        log(f"corpus: downloading Django {version} (sdist) from PyPI")
        check_call([pip_python, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                    "--ignore-requires-python", "--dest", downloads, f"django=={version}"])
        sdist = find_file(downloads, name)
        if sdist is None:
            raise SystemExit(f"bench: pip download did not produce {name} in {downloads}")
    top = WORK / "corpus" / sdist.name[: -len(".tar.gz")]
    if not (top / "django").is_dir():
        log(f"corpus: unpacking {sdist.name}")
        if top.exists():
            shutil.rmtree(top)
        with tarfile.open(sdist) as archive:
            safe_extract(archive, top.parent)
    if not (top / "django").is_dir():
        raise SystemExit(f"bench: {top / 'django'} not found after unpacking {sdist}")
    return f"Django {version} (PyPI sdist {sdist.name}), its django/ package", top


def collect_files(root: Path, target: Path, limit: int | None) -> list[str]:
    """The .py files under ``target`` (flake8's default excludes skipped), relative to ``root``, sorted."""
    if target.is_file():
        return [target.relative_to(root).as_posix()]
    files: list[str] = []
    for folder, dirs, names in os.walk(target):
        dirs[:] = [d for d in dirs if not any(fnmatch(d, pattern) for pattern in FLAKE8_EXCLUDE)]
        files.extend((Path(folder) / n).relative_to(root).as_posix() for n in names if n.endswith(".py"))
    files.sort()
    return files[:limit] if limit else files


def count_lines(root: Path, files: Iterable[str]) -> int:
    """Physical lines in the given files."""
    return sum(len((root / name).read_bytes().splitlines()) for name in files)


def make_corpus(args: argparse.Namespace, pip_python: Path) -> Corpus:
    """The corpus chosen on the command line, or Django by default."""
    if args.corpus:
        target = Path(args.corpus).resolve()
        if not target.exists():
            raise SystemExit(f"bench: corpus {target} does not exist")
        root = target if target.is_dir() else target.parent
        label = f"{target.name} ({target})"
    else:
        label, top = django_corpus(args.django_version, pip_python)
        root, target = top, top / "django"
    files = collect_files(root, target, args.limit)
    if not files:
        raise SystemExit(f"bench: no .py file under {target}")
    if args.limit:
        label += f", first {len(files)} .py files (--limit {args.limit})"
    corpus = Corpus(label, root, files)
    corpus.lines = count_lines(root, files)
    return corpus


#: pylint's findings in the shape of flake8's, its message ids prefixed PL as ruff names them (PLW0221)
PYLINT_TEMPLATE = "{path}:{line}:{column}: PL{msg_id} {msg}"


def command(side: Side, env: EnvInfo, output: Path, files: Sequence[str]) -> list[str]:
    """The full command line of one side."""
    if side.tool == "pylint":
        return [str(env.path / "bin" / "pylint"), *pylint_fixed_options(), *side.options,
                f"--output={output}", *files]
    return [str(env.flake8), "-j1", "--isolated", *side.options, f"--output-file={output}", *files]


def pylint_fixed_options() -> list[str]:
    """pylint options every pylint side shares: one process, no cache, no score, no config of the corpus."""
    rcfile = WORK / "empty-pylintrc"
    if not rcfile.exists():
        rcfile.parent.mkdir(parents=True, exist_ok=True)
        rcfile.write_text("")
    return ["--jobs=1", f"--rcfile={rcfile}", "--persistent=n", "--score=n", "--reports=n",
            f"--msg-template={PYLINT_TEMPLATE}"]


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
    exactly that process: ``ru_maxrss`` is the peak resident set of that flake8 process
    (and of any child it waited for; with ``-j1`` it starts none).
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
               repeat: int, warmup: int) -> dict[str, list[Run]]:
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
            cmd = command(side, envs[side.env], output, corpus.files)
            run = measure(cmd, corpus.root, output, OUT_DIR / f"{side.name}.stderr", side.tool)
            round_time += run.wall
            log(f"{label}: {side.name:<10} {run.wall:8.2f} s wall {run.cpu:8.2f} s cpu "
                f"{run.max_rss_kib / 1024:7.1f} MiB {run.findings:7d} findings")
            if measured:
                runs[side.name].append(run)
        if not measured and index == warmup - 1:
            log(f"estimated time of the {repeat} measured round(s): {round_time * repeat:.0f} s")
    return runs


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


def installed_categories(env: EnvInfo) -> list[str]:
    """The REV categories (flake8 entry points) of the flake8-review installed in a venv."""
    info = env.plugin_info.get("flake8-review")
    return [name for name in info.entry_points if name.startswith("REV")] if info else []


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
    return f"commit {head}" + (" with uncommitted changes to flake8_review/" if dirty else "")


def versions_table(envs: dict[str, EnvInfo]) -> list[str]:
    """Markdown table of the reported distributions' versions in each venv."""
    lines = ["| package | " + " | ".join(envs) + " |", "| --- |" + " --- |" * len(envs)]
    for name in REPORTED:
        lines.append(f"| {name} | " + " | ".join(env.versions.get(name, "-") for env in envs.values()) + " |")
    return lines


def display_command(side: Side, env: EnvInfo, count: int) -> str:
    """A side's command as run, paths relative to the checkout, the file list abbreviated."""
    cmd = command(side, env, OUT_DIR / f"{side.name}.txt", [])
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


def report(args: argparse.Namespace, sides: Sequence[Side], envs: dict[str, EnvInfo], corpus: Corpus,
           runs: dict[str, list[Run]], elapsed: float, full: bool) -> str:
    """The Markdown report; ``full`` adds the machine, versions, corpus and commands (RESULTS.md)."""
    when = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    argv = shlex.join(["python3", "bench/run.py", *sys.argv[1:]])
    out = [f"## Run with --sides {','.join(side.name for side in sides)}", ""] if full else []
    out += [
        f"{when}: `{argv}` ({elapsed / 60:.1f} min), flake8-review from {checkout_state()}.",
        "",
        f"Corpus: {corpus.label}: {len(corpus.files)} files, {corpus.lines} lines. "
        f"{args.repeat} measured round(s) after {args.warmup} warm-up round(s); the sides run interleaved "
        "(one round runs each side once, the starting side rotating).",
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
        out += [f"- {side.name} ({side.what}): `{display_command(side, envs[side.env], len(corpus.files))}`"
                for side in sides]
        out += [""]
    heading = "### " if full else "#### "
    out += [heading + "Times and memory", "", *results_table(sides, runs), "",
            "Added = the side's median minus plain's median. Wall: time.perf_counter from the spawn of "
            "the flake8 process to its exit; CPU: its user + system time; peak RSS: its ru_maxrss "
            "(os.wait4), the highest over the rounds. Findings: per round (one number when stable).", ""]
    out += [heading + "Ratios", "", *ratios(runs), ""]
    out += [heading + "Findings by code family", "", *findings_by_family(sides, envs, runs), ""]
    out += [heading + "Checks", "", *checks(sides, envs, runs), ""]
    return "\n".join(out)


def choose_sides(spec: str) -> tuple[Side, ...]:
    """The sides named by ``--sides`` (side names or groups), plain always first, in SIDES order."""
    names = {"plain"}
    known = {side.name for side in SIDES}
    for token in filter(None, (part.strip() for part in spec.split(","))):
        if token in SIDE_GROUPS:
            names.update(SIDE_GROUPS[token])
        elif token in known:
            names.add(token)
        else:
            raise SystemExit(f"bench: unknown side {token!r} in --sides: use {', '.join(SIDE_GROUPS)} "
                             f"or {', '.join(sorted(known))}")
    return tuple(side for side in SIDES if side.name in names)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="measured rounds (default: 5)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured rounds first (default: 1)")
    parser.add_argument("--sides", default="a,b,all,off",
                        help="comma-separated groups (a: review-a + peers-a, b: review-b + peers-b, "
                        "c: review-c + peers-c, d: review-d + peers-d + pylint-d, all: review-all, "
                        "off: review-off) or side names; plain always runs (default: a,b,all,off)")
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


RESULTS_TITLE = "# flake8-review benchmark results"
RESULTS_INTRO = ("Each section is the latest run of one set of sides (`--sides`); a run replaces the "
                 "section of the same sides and keeps the others. Compare figures only within a section: "
                 "they come from one run on one machine.")
_SECTION = re.compile(r"^<!-- bench sides: (?P<key>[^>]*) -->\n(?P<body>.*?)^<!-- end of bench sides -->\n",
                      re.MULTILINE | re.DOTALL)


def write_results(sides: Sequence[Side], text: str) -> None:
    """Put one run's report into bench/RESULTS.md, replacing the earlier run of the same sides."""
    key = ",".join(side.name for side in sides)
    sections: dict[str, str] = {}
    if RESULTS.exists():
        for match in _SECTION.finditer(RESULTS.read_text(encoding="utf-8")):
            sections[match.group("key")] = match.group("body")
    sections[key] = text.rstrip("\n") + "\n"
    parts = [RESULTS_TITLE, "", RESULTS_INTRO, ""]
    for name, body in sections.items():
        parts += [f"<!-- bench sides: {name} -->", body.rstrip("\n"), "<!-- end of bench sides -->", ""]
    RESULTS.write_text("\n".join(parts), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Build the venvs and the corpus, run every side, print (and with --write save) the report."""
    args = parse_args(argv)
    sides = choose_sides(args.sides)
    started = time.perf_counter()
    VENVS.mkdir(parents=True, exist_ok=True)
    pins = core_pins(args.flake8_version)
    log(f"pins: {' '.join(pins)}")
    log(f"sides: {', '.join(side.name for side in sides)}")
    needed = {side.env for side in sides}
    envs = {spec.name: build_env(spec, pins, args.rebuild) for spec in ENVS if spec.name in needed}
    cores = {name: tuple(env.versions.get(pkg) for pkg in CORE) for name, env in envs.items()}
    if len(set(cores.values())) != 1:
        raise SystemExit(f"bench: flake8 and its checkers differ between venvs: {cores}")
    check_categories(sides, envs)
    corpus = make_corpus(args, envs["plain"].python)
    log(f"corpus: {corpus.label}: {len(corpus.files)} files, {corpus.lines} lines")
    runs = run_rounds(sides, envs, corpus, args.repeat, args.warmup)
    elapsed = time.perf_counter() - started
    print(report(args, sides, envs, corpus, runs, elapsed, full=False))
    if args.write:
        write_results(sides, report(args, sides, envs, corpus, runs, elapsed, full=True))
        log(f"wrote {RESULTS}")
    log(f"done in {elapsed / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
