"""The written review: flake8 formatters that turn the findings of a run into a code review.

``flake8 --format=review`` prints a security verdict first, then one numbered
section per category in catalog order (title, count of findings and files, why
it matters, up to ``--review-examples`` findings, "and N more"), then a closing
line with the totals and a summary of the other flake8 codes.
``--format=review-markdown`` says the same in Markdown for a pull-request
comment, and ``--format=review-baseline`` writes the baseline file that
``--review-baseline`` reads (see :mod:`flake8_review.baseline`).

flake8 runs formatters in its main process only, after every file was checked,
so the formatters collect what :meth:`handle` receives (only findings that
survived select, ignore and ``# noqa``) and write everything at the end.
"""

from __future__ import annotations

import argparse
import linecache
import os
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from flake8.formatting.base import BaseFormatter
from flake8.statistics import Statistics
from flake8.violation import Violation

from flake8_review.baseline import Recorded, is_recordable, line_hash, locate, path_key, render
from flake8_review.checkers import load_all
from flake8_review.engine import selected_codes
from flake8_review.options import OptionError, Settings
from flake8_review.registry import CATEGORIES, RULES

SECURITY = "REV9"

#: one sentence per category: why a reviewer raises it
WHY: Dict[str, str] = {
    "REV1": "One naming convention lets readers tell classes, functions and constants apart at a glance.",
    "REV2": "Type hints document what a function takes and returns, and let a type checker catch "
            "mistakes before they run.",
    "REV3": "Callers, overrides and registered callbacks rely on signatures; an inconsistent one breaks "
            "them in ways tests rarely cover.",
    "REV4": "Docstrings are what the next developer reads first; missing or stale ones mislead.",
    "REV5": "Log calls that format eagerly, lose tracebacks or break the module's habits make logs "
            "slower and harder to search.",
    "REV6": "Handlers that swallow or misattribute errors turn a clear failure into a silent wrong result.",
    "REV7": "Oversized modules, classes and functions are hard to read, test and change safely.",
    "REV8": "Dead code costs reading and maintenance and hides what the program really does.",
    "REV9": "These are high-confidence defects: injection, unsafe deserialization, disabled TLS "
            "verification, hard-coded secrets.",
}

#: flake8's codes for a file it could not read or parse: no tree plugin ran on it
_UNCHECKED_CODES = ("E902", "E999")
_OTHER_CODES_SHOWN = 10


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _by_frequency(counter: Counter) -> List[Tuple[str, int]]:
    """``(code, count)`` pairs, most frequent first, ties by code."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def _position(error: Violation) -> Tuple[str, int, int, str, str]:
    return error.filename, error.line_number, error.column_number, error.code, error.text


def location(error: Violation) -> str:
    """``path:line:col``, the way flake8 prints a finding's place."""
    return f"{error.filename}:{error.line_number}:{error.column_number}"


def finding_line(error: Violation) -> str:
    """``path:line:col: CODE message``, flake8's default line for a finding."""
    return f"{location(error)}: {error.code} {error.text}"


@dataclass(frozen=True)
class Section:
    """What the review says about one category."""

    prefix: str
    title: str
    state: str  # "checked", "deselected" or "unavailable"
    findings: Tuple[Violation, ...]
    #: codes enabled by default that this run deselected (the security verdict names them)
    unchecked: Tuple[str, ...] = ()

    @property
    def why(self) -> str:
        """Why the category matters, in one sentence."""
        return WHY.get(self.prefix, "")

    @property
    def file_count(self) -> int:
        """How many files have findings of this category."""
        return len({error.filename for error in self.findings})

    def by_code(self) -> List[Tuple[str, int]]:
        """The category's findings counted per code, most frequent first."""
        return _by_frequency(Counter(error.code for error in self.findings))

    def breakdown(self) -> str:
        """``REV201 x30, REV204 x11``: the count per code, most frequent first."""
        return ", ".join(f"{code} x{count}" for code, count in self.by_code())

    def needs_breakdown(self, limit: int) -> bool:
        """Whether the examples leave codes out of sight, so that counts per code help."""
        return len(self.findings) > limit and len(self.by_code()) > 1

    def examples(self, limit: int) -> Tuple[List[Violation], int]:
        """Up to ``limit`` findings to show, in position order, and how many are left out.

        A reviewer wants to see the kinds of problem, not five of one kind: the
        first finding of each code comes first, then the rest in position order.
        """
        if len(self.findings) <= limit:
            return list(self.findings), 0
        chosen: List[int] = []
        codes = set()
        for index, error in enumerate(self.findings):
            if len(chosen) == limit:
                break
            if error.code not in codes:
                codes.add(error.code)
                chosen.append(index)
        for index in range(len(self.findings)):
            if len(chosen) == limit:
                break
            if index not in chosen:
                chosen.append(index)
        return [self.findings[index] for index in sorted(chosen)], len(self.findings) - limit


@dataclass(frozen=True)
class Review:
    """Everything a review says, computed once from what flake8 reported."""

    files: int
    security_files: int
    internal_errors: Tuple[Violation, ...]
    security: Section
    sections: Tuple[Section, ...]
    rev_total: int
    others: Tuple[Tuple[str, int], ...]
    baseline: str

    @property
    def categories(self) -> Tuple[Section, ...]:
        """The security section and the numbered ones."""
        return (self.security, *self.sections)

    def closing(self, code: Callable[[str], str] = str) -> str:
        """The last line: totals, and the other flake8 codes most frequent first."""
        checked = [section for section in self.categories if section.state == "checked"]
        with_findings = [section for section in checked if section.findings]
        text = (
            f"Reviewed {_plural(self.files, 'file')}: {len(checked)} of {len(self.categories)} "
            f"categories checked, {len(with_findings)} with findings; "
            f"{_plural(self.rev_total, 'flake8-review finding')} in total."
        )
        if not self.others:
            return f"{text} No other flake8 findings."
        shown = ", ".join(f"{code(name)} x{count}" for name, count in self.others[:_OTHER_CODES_SHOWN])
        rest = self.others[_OTHER_CODES_SHOWN:]
        if rest:
            shown += f" and {_plural(len(rest), 'more code')} (x{sum(count for _, count in rest)})"
        return f"{text} Other flake8 findings: {shown}."


def _is_internal_error(code: str) -> bool:
    """REVn00: a checker failed on a file."""
    return code.startswith("REV") and code.endswith("00")


def _category_state(prefix: str, selected: frozenset, findings: Sequence[Violation]) -> str:
    codes = [code for code in RULES if code.startswith(prefix) and not code.endswith("00")]
    if findings or any(code in selected for code in codes):
        return "checked"
    return "deselected" if codes else "unavailable"


def _files_checked(options: argparse.Namespace, files: Iterable[str], codes: Sequence[str]) -> int:
    """How many of ``files`` could report one of ``codes``, per-file-ignores considered."""
    files = list(files)
    if not codes:
        return 0
    try:
        from flake8.style_guide import Decision, StyleGuideManager

        guides = StyleGuideManager(options, BaseFormatter(options))
        return sum(
            1 for filename in files
            if any(guides.style_guide_for(filename).should_report_error(code) is Decision.Selected
                   for code in codes)
        )
    except Exception:  # noqa: REV601 - flake8's internal API changed: count every file
        return len(files)


def build_review(
    options: argparse.Namespace, files: Sequence[str], findings: Iterable[Violation]
) -> Review:
    """Sort and group a run's findings into a :class:`Review`."""
    load_all()
    ordered = sorted(findings, key=_position)
    selected = selected_codes(options)
    unchecked_files = {error.filename for error in ordered if error.code in _UNCHECKED_CODES}
    checked_files = [name for name in files if name not in unchecked_files]
    internal = tuple(error for error in ordered if _is_internal_error(error.code))
    sections = []
    for prefix, title in CATEGORIES.items():
        own = tuple(error for error in ordered if error.code.startswith(prefix) and is_recordable(error.code))
        unchecked = tuple(
            code for code, rule in sorted(RULES.items())
            if rule.prefix == prefix and rule.default_enabled and not code.endswith("00")
            and code not in selected
        )
        sections.append(Section(prefix, title, _category_state(prefix, selected, own), own, unchecked))
    security = next(section for section in sections if section.prefix == SECURITY)
    security_codes = [code for code in selected if code.startswith(SECURITY) and not code.endswith("00")]
    others = Counter(error.code for error in ordered if not error.code.startswith("REV"))
    return Review(
        files=len(checked_files),
        security_files=_files_checked(options, checked_files, security_codes),
        internal_errors=internal,
        security=security,
        sections=tuple(section for section in sections if section.prefix != SECURITY),
        rev_total=sum(1 for error in ordered if error.code.startswith("REV")),
        others=tuple(_by_frequency(others)),
        baseline=_baseline_shown(options),
    )


def _baseline_shown(options: argparse.Namespace) -> str:
    """The baseline file this run applied, as the review names it ("" for none)."""
    try:
        value = Settings.from_namespace(options).baseline
    except OptionError:
        return ""
    if not value:
        return ""
    path = locate(options, value)
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


def _examples_limit(options: argparse.Namespace) -> int:
    try:
        return Settings.from_namespace(options).examples
    except OptionError:  # flake8-review's own checkers stopped the run already; be safe anyway
        return Settings().examples


class _CollectingFormatter(BaseFormatter):
    """A formatter that writes nothing until flake8 has reported every finding."""

    def after_init(self) -> None:
        """Start with nothing collected."""
        self.files: Dict[str, None] = {}  # every file flake8 reported on, in order (a set that keeps it)
        self.findings: List[Violation] = []
        self.written = False

    def beginning(self, filename: str) -> None:
        """Count every checked file, findings or not."""
        self.files.setdefault(filename, None)

    def handle(self, error: Violation) -> None:
        """Keep the finding for the review instead of printing it now."""
        self.findings.append(error)

    def format(self, error: Violation) -> Optional[str]:
        """flake8's default line for one finding (used in the review's lists)."""
        return finding_line(error)

    def show_statistics(self, statistics: Statistics) -> None:
        """``--statistics``: after the review, as flake8 prints them after its findings."""
        self.write_once()
        super().show_statistics(statistics)

    def show_benchmarks(self, benchmarks: List[Tuple[str, float]]) -> None:
        """``--benchmark``: after the review."""
        self.write_once()
        super().show_benchmarks(benchmarks)

    def stop(self) -> None:
        """Write the review (unless statistics or benchmarks already made it) and close the output."""
        self.write_once()
        super().stop()

    def write_once(self) -> None:
        """Write the collected report the first time one of the closing hooks runs."""
        if self.written:
            return
        self.written = True
        for line in self.render():
            self._write(line)

    def render(self) -> List[str]:
        """The report's lines."""
        raise NotImplementedError


class ReviewFormatter(_CollectingFormatter):
    """``flake8 --format=review``: the findings written up as a code review, in plain text."""

    def render(self) -> List[str]:
        """The review's lines."""
        review = build_review(self.options, list(self.files), self.findings)
        limit = _examples_limit(self.options)
        lines = self._internal_errors(review)
        lines += self._security(review, limit)
        lines += ["", "Suggestions for improvement:", ""]
        for number, section in enumerate(review.sections, start=1):
            lines += self._section(number, section, limit)
        lines.append("")
        if review.baseline:
            lines.append(f"Findings recorded in the baseline {review.baseline} are not reported.")
        lines.append(review.closing())
        return lines

    def _internal_errors(self, review: Review) -> List[str]:
        if not review.internal_errors:
            return []
        files = len({error.filename for error in review.internal_errors})
        lines = [
            f"Internal errors: flake8-review failed {_plural(len(review.internal_errors), 'time')} "
            f"on {_plural(files, 'file')}. This is a bug in flake8-review; please report it with these files:"
        ]
        lines += [f"     {finding_line(error)}" for error in review.internal_errors]
        return [*lines, ""]

    def _examples(self, section: Section, limit: int) -> List[str]:
        shown, more = section.examples(limit)
        lines = []
        for error in shown:
            lines.append(f"     {finding_line(error)}")
            source = self.show_source(error)
            if source:
                lines += [f"       {text}" for text in source.splitlines()]
        if more:
            lines.append(f"     and {more} more")
        return lines

    def _details(self, section: Section, limit: int) -> List[str]:
        lines = [f"   {section.why}"] if section.why else []
        if section.needs_breakdown(limit):
            lines.append("   By code: " + section.breakdown())
        return lines + self._examples(section, limit)

    def _security(self, review: Review, limit: int) -> List[str]:
        section = review.security
        if section.state == "unavailable":
            return [f"Security: not checked ({SECURITY} is not available in this version)."]
        if section.state == "deselected":
            return [f"Security: not checked (every {SECURITY} code was deselected)."]
        ran = f"{SECURITY} checks ran on {_plural(review.security_files, 'file')}"
        if section.unchecked:
            ran += f"; {', '.join(section.unchecked)} deselected"
        if not section.findings:
            if not review.security_files:
                return [f"Security: not checked (no file was checked; {ran})."]
            return [f"Security: no defects detected ({ran})."]
        head = (
            f"Security: {_plural(len(section.findings), 'finding')} in "
            f"{_plural(section.file_count, 'file')} ({ran})"
        )
        return [head, *self._details(section, limit)]

    def _section(self, number: int, section: Section, limit: int) -> List[str]:
        head = f"{number}. {section.title} ({section.prefix}): "
        if section.state == "unavailable":
            return [head + "not checked (not available in this version)"]
        if section.state == "deselected":
            return [head + "not checked (deselected)"]
        if not section.findings:
            return [head + "no findings"]
        head += f"{_plural(len(section.findings), 'finding')} in {_plural(section.file_count, 'file')}"
        return [head, *self._details(section, limit)]


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|$#!])")


def markdown_text(text: str) -> str:
    """``text`` with every character Markdown (CommonMark, GitHub) could act on escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def code_span(text: str) -> str:
    """``text`` as a Markdown code span, whatever backticks it holds."""
    runs = [len(run) for run in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


class MarkdownReviewFormatter(_CollectingFormatter):
    """``flake8 --format=review-markdown``: the same review in Markdown, for a pull-request comment."""

    def render(self) -> List[str]:
        """The review's Markdown lines."""
        review = build_review(self.options, list(self.files), self.findings)
        limit = _examples_limit(self.options)
        lines = ["## Code review (flake8-review)", ""]
        if review.internal_errors:
            files = len({error.filename for error in review.internal_errors})
            lines += [
                "### Internal errors",
                "",
                f"flake8-review failed {_plural(len(review.internal_errors), 'time')} on "
                f"{_plural(files, 'file')}. This is a bug in flake8-review; "
                "please report it with these files:",
                "",
                *(f"- {self._finding(error)}" for error in review.internal_errors),
                "",
            ]
        lines += self._security(review, limit)
        lines += ["### Suggestions for improvement", ""]
        for number, section in enumerate(review.sections, start=1):
            lines += self._section(number, section, limit)
        if review.baseline:
            lines += [f"Findings recorded in the baseline {code_span(review.baseline)} are not reported.", ""]
        lines.append(review.closing(code=code_span))
        return lines

    def show_statistics(self, statistics: Statistics) -> None:
        """``--statistics`` as a fenced block after the review."""
        self.write_once()
        self._write("")
        self._write("```text")
        super().show_statistics(statistics)
        self._write("```")

    def show_benchmarks(self, benchmarks: List[Tuple[str, float]]) -> None:
        """``--benchmark`` as a fenced block after the review."""
        self.write_once()
        self._write("")
        self._write("```text")
        super().show_benchmarks(benchmarks)
        self._write("```")

    @staticmethod
    def _finding(error: Violation) -> str:
        return f"{code_span(location(error))} {error.code} {markdown_text(error.text)}"

    def _details(self, section: Section, limit: int, indent: str) -> List[str]:
        lines = [f"{indent}{markdown_text(section.why)}", ""] if section.why else []
        if section.needs_breakdown(limit):
            lines += [f"{indent}By code: {section.breakdown()}", ""]
        shown, more = section.examples(limit)
        lines += [f"{indent}- {self._finding(error)}" for error in shown]
        if more:
            lines.append(f"{indent}- and {more} more")
        if shown or more:
            lines.append("")
        return lines

    def _security(self, review: Review, limit: int) -> List[str]:
        section = review.security
        if section.state == "unavailable":
            return [f"**Security:** not checked ({SECURITY} is not available in this version).", ""]
        if section.state == "deselected":
            return [f"**Security:** not checked (every {SECURITY} code was deselected).", ""]
        ran = f"{SECURITY} checks ran on {_plural(review.security_files, 'file')}"
        if section.unchecked:
            ran += f"; {', '.join(section.unchecked)} deselected"
        if not section.findings:
            if not review.security_files:
                return [f"**Security:** not checked (no file was checked; {ran}).", ""]
            return [f"**Security:** no defects detected ({ran}).", ""]
        head = (
            f"**Security:** {_plural(len(section.findings), 'finding')} in "
            f"{_plural(section.file_count, 'file')} ({ran})"
        )
        return [head, "", *self._details(section, limit, indent="")]

    def _section(self, number: int, section: Section, limit: int) -> List[str]:
        head = f"{number}. **{section.title}** ({section.prefix}): "
        if section.state == "unavailable":
            return [head + "not checked (not available in this version)", ""]
        if section.state == "deselected":
            return [head + "not checked (deselected)", ""]
        if not section.findings:
            return [head + "no findings", ""]
        head += f"{_plural(len(section.findings), 'finding')} in {_plural(section.file_count, 'file')}"
        return [head, "", *self._details(section, limit, indent=" " * len(f"{number}. "))]


def _stdin_lines(options: argparse.Namespace, filename: str) -> Optional[List[str]]:
    """The lines flake8 read from stdin, when ``filename`` is what it called them."""
    if "-" not in (getattr(options, "filenames", None) or ()):
        return None
    if filename != (getattr(options, "stdin_display_name", None) or "stdin"):
        return None
    from flake8 import utils

    return utils.stdin_get_lines()


def source_line(options: argparse.Namespace, error: Violation) -> str:
    """The text of the line a finding is reported on, as the checkers saw it.

    flake8 hands formatters the line it searches for ``# noqa``, which for a
    line inside a multi-line string or a backslash continuation is the whole
    token; the baseline needs the one line, so read it again then.
    """
    physical = error.physical_line
    if physical is not None and "\n" not in physical.rstrip("\r\n"):
        return physical
    lines = _stdin_lines(options, error.filename)
    if lines is not None:
        number = error.line_number
        return lines[number - 1] if 1 <= number <= len(lines) else ""
    text = linecache.getline(error.filename, error.line_number)
    if not text and physical:
        return physical.splitlines()[0]
    return text


class BaselineFormatter(BaseFormatter):
    """``flake8 --format=review-baseline``: write today's REV findings as a baseline file.

    Use it with ``--output-file``: the file is replaced (not appended to, as
    flake8 does for other formats), and recorded paths are relative to its
    folder; printed to standard output, paths are relative to the current
    directory. ``--statistics`` and ``--benchmark`` are ignored, so the file
    stays valid JSON.
    """

    def after_init(self) -> None:
        """Start with nothing recorded."""
        self.recorded: List[Recorded] = []
        target = os.path.abspath(self.filename) if self.filename else ""
        self.folder = os.path.dirname(target) if target else os.getcwd()

    def start(self) -> None:
        """Open ``--output-file`` for writing, replacing an older baseline."""
        if self.filename:
            os.makedirs(self.folder, exist_ok=True)
            self.output_fd = open(self.filename, "w", encoding="utf-8")

    def handle(self, error: Violation) -> None:
        """Record a REV finding (internal errors and other plugins' codes are never recorded)."""
        if not is_recordable(error.code):
            return
        self.recorded.append(Recorded(
            path=path_key(error.filename, self.folder),
            code=error.code,
            hash=line_hash(source_line(self.options, error)),
            line=error.line_number,
            col=error.column_number,
            message=error.text,
        ))

    def format(self, error: Violation) -> Optional[str]:
        """Nothing per finding: the file is written at the end."""
        return None

    def show_statistics(self, statistics: Statistics) -> None:
        """Ignored: the baseline file must stay valid JSON."""

    def show_benchmarks(self, benchmarks: List[Tuple[str, float]]) -> None:
        """Ignored: the baseline file must stay valid JSON."""

    def stop(self) -> None:
        """Write the baseline and close the file."""
        self._write(render(self.recorded).rstrip("\n"))
        super().stop()
