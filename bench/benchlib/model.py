"""What a benchmark run is made of: paths, venv specs, sides and the records of runs."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent.parent
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
#: the whole peer bundle of issue 8 (deliverable 4): all four groups' plugins in one venv.
PEERS_ALL = {**PEERS_A, **PEERS_B, **PEERS_C, **PEERS_D}

#: The REV codes that need the cross-module project index (flake8_review.project.CROSS_MODULE_CODES),
#: left out of review-local, and the codes flake8 ignores until selected (Rule.default_enabled=False),
#: which review-local selects. Kept here so that the command line shows them; every run that has
#: review-local checks both against the installed flake8-review and stops if either differs.
CROSS_MODULE_CODES = ("REV303", "REV513", "REV801", "REV802", "REV804", "REV805", "REV807")
DEFAULT_OFF_CODES = ("REV108", "REV207", "REV406", "REV407", "REV709", "REV804", "REV805", "REV807", "REV910")
#: REV208 and REV415 report only with a coverage threshold above 0 (their default).
COVERAGE_OPTIONS = ("--review-min-annotation-coverage=80", "--review-min-docstring-coverage=80")

#: pylint-all: the pylint messages that stand for the non-cross-module REV codes, by REV family
#: (bench/README.md maps them code by code). REV2 has no pylint counterpart.
PYLINT_ALL = {
    "REV1": ("invalid-name", "bad-classmethod-argument", "bad-mcs-method-argument",
             "bad-mcs-classmethod-argument", "no-self-argument"),
    "REV3": ("arguments-differ", "arguments-renamed", "signature-differs", "inconsistent-return-statements"),
    "REV4": ("missing-module-docstring", "missing-class-docstring", "missing-function-docstring",
             "empty-docstring", "differing-param-doc", "missing-param-doc", "missing-raises-doc"),
    "REV5": ("logging-not-lazy", "logging-fstring-interpolation", "logging-format-interpolation",
             "logging-too-many-args", "logging-too-few-args", "logging-unsupported-format",
             "logging-format-truncated", "deprecated-method"),
    "REV6": ("bare-except", "broad-exception-caught", "raise-missing-from", "broad-exception-raised",
             "lost-exception", "return-in-finally", "break-in-finally", "continue-in-finally",
             "try-except-raise", "duplicate-except", "overlapping-except"),
    "REV7": ("too-many-public-methods", "too-many-lines", "too-many-statements", "too-complex",
             "too-many-arguments", "too-many-nested-blocks"),
    "REV8": ("unused-argument", "unreachable"),
    "REV9": ("eval-used", "exec-used"),
}
#: the pylint extensions some of those messages come from: docparams (missing-param-doc,
#: differing-param-doc, missing-raises-doc), overlapping_exceptions (overlapping-except) and
#: mccabe (too-complex).
PYLINT_ALL_PLUGINS = ("pylint.extensions.docparams", "pylint.extensions.overlapping_exceptions",
                      "pylint.extensions.mccabe")
#: the code families of pylint's findings (message ids prefixed PL: PLC0103, PLW0613...).
PYLINT_FAMILIES = ("PLC", "PLE", "PLR", "PLW")
#: distributions whose versions are reported for every venv.
REPORTED = CORE + ("flake8-review", "astroid", *PEERS_A, *PEERS_B, "pydocstyle", "docstring_parser_fork",
                   *PEERS_C, "bandit", *PEERS_D, "cognitive_complexity", "pylint")
DEFAULT_DJANGO = "5.2.19"
BASE_SELECT = "E,W,F,C90"


#: what ``--sides`` accepts besides side names; plain always runs.
SIDE_GROUPS = {"a": ("review-a", "peers-a"), "b": ("review-b", "peers-b"), "c": ("review-c", "peers-c"),
               "d": ("review-d", "peers-d", "pylint-d"), "all": ("review-all",), "off": ("review-off",),
               "whole": ("review-local", "peers-all", "pylint-all")}


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
    EnvSpec("peers-all", tuple(PEERS_ALL), False, CORE_PLUGINS | set(PEERS_ALL)),
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
    Side("review-local", "review",
         (select("REV"), "--extend-ignore=" + ",".join(CROSS_MODULE_CODES), *COVERAGE_OPTIONS),
         "flake8 + flake8-review, every REV code but the cross-module ones, default-off codes "
         "included (whole suite)", ("REV",)),
    Side("peers-all", "peers-all", (select(*peer_families(PEERS_ALL)),),
         "flake8 + the twelve peer plugins of groups A to D (whole suite)", peer_families(PEERS_ALL)),
    Side("pylint-all", "pylint",
         ("--load-plugins=" + ",".join(PYLINT_ALL_PLUGINS), "--disable=all",
          "--enable=" + ",".join(name for names in PYLINT_ALL.values() for name in names)),
         "pylint alone, only the messages equivalent to review-local's codes enabled (whole suite)",
         PYLINT_FAMILIES, "pylint"),
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
    #: what names the corpus in RESULTS.md's section keys: its folder's name ("neutron-29.0.0",
    #: "django-5.2.19/django" by default), with the --limit if any
    key: str = ""


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
