"""The baseline: findings a team accepted once, no longer reported, while new ones are.

A baseline records each REV finding by three things that survive unrelated edits:
the file's path (relative to the baseline file's folder, with forward slashes),
the code, and a hash of the reported line's text with surrounding whitespace
stripped. Moving code (adding lines above it, re-indenting it) keeps a finding
recorded; editing the reported line revives it. Identical lines with the same
finding are counted, so a third copy of a recorded pair is reported.

The file is JSON, one finding per line, sorted, so that it reads and diffs well::

    {
      "tool": "flake8-review",
      "version": 1,
      "findings": [
        {"code": "REV102", "count": 1, "hash": "5d41402abc4b2a76", "message": "...", "path": "pkg/mod.py"}
      ]
    }

Only ``path``, ``code``, ``hash`` and ``count`` are matched; ``message`` is there
for the people who read the file. Internal errors (REVn00) are never recorded.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from flake8_review.context import Violation
from flake8_review.options import OptionError

FORMAT_NAME = "review-baseline"
TOOL = "flake8-review"
VERSION = 1
_CONFIG_KEYS = ("review-baseline", "review_baseline")

#: (code, line hash) → how many findings of that kind the file may keep quietly
Counts = Dict[Tuple[str, str], int]


def line_hash(text: str) -> str:
    """The hash a baseline records for one source line: its text, whitespace stripped."""
    stripped = text.lstrip("\ufeff").strip()
    return hashlib.sha256(stripped.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def line_of(lines: Sequence[str], number: int) -> str:
    """Line ``number`` (1-based) of ``lines``, or "" past the end (module findings in empty files)."""
    if 1 <= number <= len(lines):
        return lines[number - 1]
    return ""


def path_key(filename: str, folder: str) -> str:
    """``filename`` as a baseline in ``folder`` records it: relative, with forward slashes."""
    absolute = os.path.abspath(filename)
    try:
        relative = os.path.relpath(absolute, folder)
    except ValueError:  # another drive on Windows: keep the absolute path
        relative = absolute
    return relative.replace(os.sep, "/")


def is_recordable(code: str) -> bool:
    """Whether a finding of ``code`` belongs in a baseline: REV codes, internal errors excepted."""
    return code.startswith("REV") and not code.endswith("00")


def _is_flake8_command() -> bool:
    """Whether this process runs the ``flake8`` command (``flake8 ...`` or ``python -m flake8 ...``)."""
    if not sys.argv or not sys.argv[0]:
        return False
    program = sys.argv[0]
    name = os.path.basename(program)
    if name.startswith("flake8"):
        return True
    return name == "__main__.py" and os.path.basename(os.path.dirname(program)) == "flake8"


def _config_arguments(options: argparse.Namespace) -> Tuple[Optional[str], List[str], bool]:
    """``--config``, ``--append-config`` and ``--isolated`` of this flake8 run.

    flake8 reads them in a first pass and leaves them out of the options it
    hands plugins, so when this process is the flake8 command (or a ``--jobs``
    worker of it) they are read again from its command line.
    """
    config = getattr(options, "config", None)
    extra = list(getattr(options, "append_config", None) or ())
    isolated = bool(getattr(options, "isolated", False))
    if _is_flake8_command():
        try:
            from flake8.main.options import stage1_arg_parser

            first, _ = stage1_arg_parser().parse_known_args(sys.argv[1:])
        except (Exception, SystemExit):  # noqa: REV601 - flake8 parsed this command line already
            return config, extra, isolated
        config = config or first.config
        extra = extra or list(first.append_config or ())
        isolated = isolated or bool(first.isolated)
    return config, extra, isolated


def _configured_in(options: argparse.Namespace, value: str) -> Optional[str]:
    """The folder of the config file that sets ``review-baseline`` to ``value``, if one does."""
    config, extra, isolated = _config_arguments(options)
    try:
        from flake8.options.config import load_config

        cfg, cfg_dir = load_config(config=config, extra=extra, isolated=isolated)
    except Exception:  # noqa: REV601 - flake8 read this config once already; else use the current folder
        return None
    if not cfg.has_section("flake8"):
        return None
    for key in _CONFIG_KEYS:
        if cfg.has_option("flake8", key) and cfg.get("flake8", key).strip() == value:
            return os.path.abspath(cfg_dir)
    return None


def locate(options: argparse.Namespace, value: str) -> str:
    """The absolute path of the baseline file named by ``--review-baseline`` (``value``).

    A relative path in a config file is relative to that file's folder (most
    projects keep the baseline beside setup.cfg); on the command line it is
    relative to the current directory.
    """
    path = os.path.expanduser(value)
    if not os.path.isabs(path):
        folder = _configured_in(options, value) or os.getcwd()
        path = os.path.join(folder, path)
    return os.path.normpath(path)


@dataclass(frozen=True)
class Baseline:
    """A loaded baseline: per recorded path, the findings it keeps quiet."""

    path: str
    folder: str
    files: Dict[str, Counts]

    def filter(self, filename: str, lines: Sequence[str], found: Iterable[Violation]) -> List[Violation]:
        """The findings of one file that the baseline does not record, in their original order.

        When a file has more findings of one kind (code and line text) than were
        recorded, the first ones by position count as the recorded ones.
        """
        found = list(found)
        recorded = self.files.get(path_key(filename, self.folder))
        if not recorded or not found:
            return found
        left = dict(recorded)
        quiet = set()
        for index in sorted(range(len(found)), key=lambda i: (found[i].line, found[i].col)):
            finding = found[index]
            if not is_recordable(finding.code):
                continue
            key = (finding.code, line_hash(line_of(lines, finding.line)))
            if left.get(key, 0) > 0:
                left[key] -= 1
                quiet.add(index)
        return [finding for index, finding in enumerate(found) if index not in quiet]


_CACHE: Dict[Tuple[str, int, int], Baseline] = {}


def load(path: str) -> Baseline:
    """Read and check a baseline file; :class:`OptionError` says clearly what is wrong with it."""
    try:
        stat = os.stat(path)
        cache_key = (path, stat.st_mtime_ns, stat.st_size)
        if cache_key in _CACHE:  # nine checkers per process read the same file
            return _CACHE[cache_key]
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise OptionError(f"--review-baseline: cannot read {path!r}: {reason}") from None
    except UnicodeDecodeError:
        raise _malformed(path, "not UTF-8 text") from None
    baseline = Baseline(path, os.path.dirname(path), parse(text, path))
    _CACHE[cache_key] = baseline
    return baseline


def _malformed(path: str, reason: str) -> OptionError:
    return OptionError(
        f"--review-baseline: {path!r} is not a flake8-review baseline ({reason}); "
        f"write one with flake8 --format={FORMAT_NAME} --output-file={os.path.basename(path)}"
    )


def parse(text: str, path: str = "baseline") -> Dict[str, Counts]:
    """The recorded counts per path of a baseline file's text."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise _malformed(path, f"invalid JSON: {error}") from None
    if not isinstance(data, dict) or data.get("tool") != TOOL:
        raise _malformed(path, f'no "tool": "{TOOL}" entry')
    if data.get("version") != VERSION:
        raise _malformed(path, f"version {data.get('version')!r}, this flake8-review reads version {VERSION}")
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise _malformed(path, 'no "findings" list')
    files: Dict[str, Counts] = {}
    for number, entry in enumerate(findings, start=1):
        if not isinstance(entry, dict):
            raise _malformed(path, f"finding {number} is not an object")
        values = [entry.get(name) for name in ("path", "code", "hash")]
        count = entry.get("count", 1)
        if not all(isinstance(value, str) and value for value in values):
            raise _malformed(path, f'finding {number} lacks a "path", "code" or "hash" text')
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise _malformed(path, f'finding {number} has a "count" that is not a whole number of 1 or more')
        file_path, code, digest = values
        counts = files.setdefault(file_path, {})
        counts[(code, digest)] = counts.get((code, digest), 0) + count
    return files


@dataclass(frozen=True)
class Recorded:
    """One finding as the baseline writer receives it."""

    path: str
    code: str
    hash: str
    line: int
    col: int
    message: str


def render(findings: Iterable[Recorded]) -> str:
    """The text of a baseline file recording ``findings`` (sorted, counted, stable)."""
    grouped: Dict[Tuple[str, str, str], List[Recorded]] = {}
    for finding in findings:
        grouped.setdefault((finding.path, finding.code, finding.hash), []).append(finding)
    lines = []
    for (path, code, digest), group in sorted(grouped.items()):
        first = min(group, key=lambda f: (f.line, f.col, f.message))
        entry = {"code": code, "count": len(group), "hash": digest, "message": first.message, "path": path}
        lines.append("    " + json.dumps(entry, sort_keys=True, ensure_ascii=False))
    body = ",\n".join(lines)
    findings_block = f"[\n{body}\n  ]" if lines else "[]"
    return f'{{\n  "tool": "{TOOL}",\n  "version": {VERSION},\n  "findings": {findings_block}\n}}\n'
