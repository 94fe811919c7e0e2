"""bench/RESULTS.md's sections: each between markers naming what it measured, replaced in place.

bench/run.py keys its sections by sides, corpus and jobs, bench/index.py by corpus
(``index-<corpus>``). Writing a section replaces the one of the same key, or adds it after the
last section; everything else in the file (other sections, notes other scripts put there) stays.
"""

from __future__ import annotations

import re

from benchlib.model import RESULTS

RESULTS_TITLE = "# flake8-review benchmark results"
RESULTS_INTRO = ("Each section is the latest run of one set of sides (`--sides`) on one corpus with one "
                 "`--jobs`; a run replaces the section of the same sides, corpus and jobs and keeps the "
                 "others. Compare figures only within a section: they come from one run on one machine.")
#: the introduction RESULTS.md had while sections were keyed by their sides only
_OLD_INTRO = ("Each section is the latest run of one set of sides (`--sides`); a run replaces the "
              "section of the same sides and keeps the others. Compare figures only within a section: "
              "they come from one run on one machine.")
_SECTION = re.compile(r"^<!-- bench sides: (?P<key>[^>]*) -->\n(?P<body>.*?)^<!-- end of bench sides -->\n",
                      re.MULTILINE | re.DOTALL)
_SEPARATOR = " | "


def section_key(sides: str, corpus: str, jobs: str) -> str:
    """The key of a bench/run.py section: its sides, its corpus (Corpus.key) and its --jobs."""
    return _SEPARATOR.join((sides, f"corpus {corpus}", f"jobs {jobs}"))


def legacy_key(key: str, body: str) -> str:
    """The key a section written before keys named the corpus and jobs would have now.

    Those sections ran with ``-j1`` (there was no --jobs). Their corpus is read back from the
    report's "Corpus:" line; a section whose corpus cannot be read keeps its key, so that no run
    replaces it. bench/index.py's keys (``index-...``) and current keys are returned unchanged.
    """
    if _SEPARATOR in key or key.startswith("index-"):
        return key
    named = re.search(r"^Corpus: (?P<name>[^\s(]+) \(", body, re.MULTILINE)
    django = re.search(r"^Corpus: Django (?P<version>\S+) \(PyPI sdist", body, re.MULTILINE)
    if named and not django:
        corpus = named.group("name")
    elif django:
        corpus = f"django-{django.group('version')}/django"
    else:
        return key
    limit = re.search(r"^Corpus: .*?, first (?P<count>\d+) \.py files \(--limit", body, re.MULTILINE)
    if limit:
        corpus += f", first {limit.group('count')} files"
    return section_key(key, corpus, "1")


def _block(key: str, text: str) -> str:
    """One section with its markers."""
    return f"<!-- bench sides: {key} -->\n{text.rstrip(chr(10))}\n<!-- end of bench sides -->\n"


def write_section(key: str, text: str) -> None:
    """Put a report into bench/RESULTS.md under ``key``, replacing the section of that key in place
    (an older section counts as the key :func:`legacy_key` gives it) and keeping everything else."""
    if RESULTS.exists():
        old = RESULTS.read_text(encoding="utf-8").replace(_OLD_INTRO, RESULTS_INTRO)
    else:
        old = f"{RESULTS_TITLE}\n\n{RESULTS_INTRO}\n"
    found: list[re.Match[str]] = list(_SECTION.finditer(old))
    same = next((m for m in found if legacy_key(m.group("key"), m.group("body")) == key), None)
    if same is not None:
        new = old[:same.start()] + _block(key, text) + old[same.end():]
    elif found:
        new = old[:found[-1].end()] + "\n" + _block(key, text) + old[found[-1].end():]
    else:
        new = old.rstrip("\n") + "\n\n" + _block(key, text)
    RESULTS.write_text(new, encoding="utf-8")
