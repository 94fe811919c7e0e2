"""The baseline: ``--format=review-baseline`` writes one, ``review-baseline = FILE`` applies it."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import flake8_subprocess
from flake8_review import baseline
from flake8_review.context import Violation
from flake8_review.options import OptionError

LEGACY = textwrap.dedent('''\
    """Legacy code with findings."""
    import pickle


    def getPort(host):
        return pickle.loads(host)


    def setPort(host):
        return pickle.loads(host)
''')

SPAWN = [
    sys.executable,
    "-c",
    "import multiprocessing, sys; multiprocessing.set_start_method('spawn', force=True); "
    "from flake8.main.cli import main; sys.exit(main())",
]


def _flake8(cwd: Path, *args: str, python: list[str] | None = None) -> list[str]:
    result = flake8_subprocess(list(args), cwd=cwd, python=python)
    assert result.stderr == "", result.stderr
    return result.stdout.splitlines()


def _record(cwd: Path, *args: str) -> dict:
    args = ("--isolated", "--format=review-baseline", "--output-file=baseline.json", *args)
    result = flake8_subprocess(list(args), cwd=cwd)
    assert result.stderr == "" and result.stdout == ""
    return json.loads((cwd / "baseline.json").read_text(encoding="utf-8"))


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("jobs", ["-j1", "-j2"])
def test_a_baseline_read_back_leaves_no_finding_and_new_ones_are_reported(tmp_path: Path, jobs: str) -> None:
    """Record, re-run: nothing; add a violation: only that one is reported."""
    _project(tmp_path, {"pkg/a.py": LEGACY, "pkg/b.py": LEGACY})
    assert any(" REV" in line for line in _flake8(tmp_path, "--isolated", jobs, "pkg"))
    data = _record(tmp_path, jobs, "pkg")
    assert data["tool"] == "flake8-review" and data["version"] == 1
    assert _flake8(tmp_path, "--isolated", jobs, "--review-baseline=baseline.json", "pkg") == []
    with (tmp_path / "pkg" / "b.py").open("a", encoding="utf-8") as handle:
        handle.write("\n\ndef newThing(host):\n    return pickle.loads(host)\n")
    found = _flake8(tmp_path, "--isolated", jobs, "--review-baseline=baseline.json", "pkg")
    assert found and all(line.startswith("pkg/b.py:13:") or line.startswith("pkg/b.py:14:") for line in found)
    assert any("REV102 function name 'newThing'" in line for line in found)


def test_spawned_workers_apply_the_baseline_from_the_config(tmp_path: Path) -> None:
    """Under spawn (macOS, Windows, Python 3.14) each worker reads the baseline itself."""
    _project(tmp_path, {"a.py": LEGACY, "b.py": LEGACY})
    _record(tmp_path, "a.py", "b.py")
    (tmp_path / "setup.cfg").write_text("[flake8]\nreview-baseline = baseline.json\n", encoding="utf-8")
    assert _flake8(tmp_path, "-j2", "a.py", "b.py", python=SPAWN) == []


def test_moving_code_keeps_a_finding_recorded_and_editing_the_line_revives_it(tmp_path: Path) -> None:
    """Findings are keyed by the stripped line text, not by line number or indentation."""
    _project(tmp_path, {"mod.py": LEGACY})
    _record(tmp_path, "mod.py")
    moved = LEGACY.replace('import pickle\n', 'import pickle\n\nLIMIT = 3\n').replace(
        "def setPort(host):\n        return", "def setPort(host):\n    if True:\n        return")
    (tmp_path / "mod.py").write_text(moved, encoding="utf-8")
    assert _flake8(tmp_path, "--isolated", "--review-baseline=baseline.json", "mod.py") == []
    edited = moved.replace("def getPort(host):", "def getPort(host, port=0):")
    (tmp_path / "mod.py").write_text(edited, encoding="utf-8")
    found = _flake8(tmp_path, "--isolated", "--review-baseline=baseline.json", "mod.py")
    assert {"REV102", "REV201", "REV204", "REV404"} <= {line.split(" ")[1] for line in found}
    assert all(line.startswith("mod.py:7:") for line in found)


def test_identical_lines_are_counted(tmp_path: Path) -> None:
    """Two identical findings on identical lines are recorded as two; a third copy is reported."""
    source = '"""Doc."""\n\n\ndef f():\n    """Doc."""\n    return eval(input())\n'
    _project(tmp_path, {"mod.py": source + "\n\ndef g():\n    \"\"\"Doc.\"\"\"\n    return eval(input())\n"})
    data = _record(tmp_path, "--select=REV901", "mod.py")
    assert [entry["count"] for entry in data["findings"]] == [2]
    with (tmp_path / "mod.py").open("a", encoding="utf-8") as handle:
        handle.write("\n\ndef h():\n    \"\"\"Doc.\"\"\"\n    return eval(input())\n")
    found = _flake8(tmp_path, "--isolated", "--select=REV901", "--review-baseline=baseline.json", "mod.py")
    assert len(found) == 1 and found[0].startswith("mod.py:16:")


def test_the_baseline_is_relative_to_its_config_file(tmp_path: Path) -> None:
    """``review-baseline = FILE`` in setup.cfg works from the project root and from a subfolder."""
    _project(tmp_path, {"src/pkg/mod.py": LEGACY})
    (tmp_path / ".flake8-review-baseline").write_text("", encoding="utf-8")
    result = flake8_subprocess(
        ["--isolated", "--format=review-baseline", "--output-file=.flake8-review-baseline", "src"],
        cwd=tmp_path,
    )
    assert result.returncode == 1 and result.stdout == ""
    recorded = json.loads((tmp_path / ".flake8-review-baseline").read_text(encoding="utf-8"))
    assert {entry["path"] for entry in recorded["findings"]} == {"src/pkg/mod.py"}
    config = "[flake8]\nreview-baseline = .flake8-review-baseline\n"
    (tmp_path / "setup.cfg").write_text(config, encoding="utf-8")
    assert _flake8(tmp_path, "src") == []
    assert _flake8(tmp_path / "src" / "pkg", "mod.py") == []
    assert _flake8(tmp_path / "src", "--config", str(tmp_path / "setup.cfg"), "pkg") == []


def test_stdin_with_a_display_name_matches(tmp_path: Path) -> None:
    """Editors send the buffer on stdin with ``--stdin-display-name``; the baseline still applies."""
    _project(tmp_path, {"pkg/mod.py": LEGACY})
    _record(tmp_path, "pkg/mod.py")
    args = ["--isolated", "--review-baseline=baseline.json", "--stdin-display-name=pkg/mod.py", "-"]
    result = flake8_subprocess(args, cwd=tmp_path, stdin=LEGACY)
    assert result.stdout == "" and result.returncode == 0
    result = flake8_subprocess(args, cwd=tmp_path, stdin=LEGACY.replace("getPort", "fetchPort"))
    found = result.stdout.splitlines()
    assert {"REV102", "REV201", "REV204", "REV404"} <= {line.split(" ")[1] for line in found}
    assert all(line.startswith("pkg/mod.py:5:") for line in found)


def test_a_baseline_written_from_stdin_matches_the_file(tmp_path: Path) -> None:
    """A baseline recorded from an editor buffer applies to the file on disk."""
    _project(tmp_path, {"pkg/mod.py": LEGACY})
    result = flake8_subprocess(["--isolated", "--format=review-baseline", "--output-file=baseline.json",
                                "--stdin-display-name=pkg/mod.py", "-"], cwd=tmp_path, stdin=LEGACY)
    assert result.returncode == 1
    assert _flake8(tmp_path, "--isolated", "--review-baseline=baseline.json", "pkg") == []


def test_rewriting_a_baseline_records_everything_and_replaces_the_file(tmp_path: Path) -> None:
    """With a baseline configured, writing a new one still records every finding; the file is replaced."""
    _project(tmp_path, {"mod.py": LEGACY})
    first = _record(tmp_path, "mod.py")
    (tmp_path / "setup.cfg").write_text("[flake8]\nreview-baseline = baseline.json\n", encoding="utf-8")
    args = ["--format=review-baseline", "--output-file=baseline.json", "mod.py"]
    result = flake8_subprocess(args, cwd=tmp_path)
    assert result.stderr == ""
    assert json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8")) == first


def test_only_rev_findings_are_recorded(tmp_path: Path) -> None:
    """Other plugins' codes stay out of the baseline and are still reported."""
    _project(tmp_path, {"mod.py": LEGACY + "x=1\n"})
    data = _record(tmp_path, "--select=REV,E,F", "mod.py")
    assert all(entry["code"].startswith("REV") for entry in data["findings"])
    found = _flake8(tmp_path, "--isolated", "--select=REV,E,F", "--review-baseline=baseline.json", "mod.py")
    assert [line.split(" ")[1] for line in found] == ["E305", "E225"]


def test_the_baseline_file_is_stable_and_readable(tmp_path: Path) -> None:
    """Sorted entries, one per line, the same text on a second run."""
    _project(tmp_path, {"b.py": LEGACY, "a.py": LEGACY})
    _record(tmp_path, "b.py", "a.py")
    text = (tmp_path / "baseline.json").read_text(encoding="utf-8")
    _record(tmp_path, "a.py", "b.py")
    assert (tmp_path / "baseline.json").read_text(encoding="utf-8") == text
    lines = text.splitlines()
    assert lines[:4] == ["{", '  "tool": "flake8-review",', '  "version": 1,', '  "findings": [']
    entries = [json.loads(line.strip().rstrip(",")) for line in lines[4:-2]]
    keys = [(e["path"], e["code"], e["hash"]) for e in entries]
    assert keys == sorted(keys) and keys[0][0] == "a.py"
    assert entries[0]["message"]


def test_review_mentions_the_baseline(tmp_path: Path) -> None:
    """The review says that recorded findings are left out."""
    _project(tmp_path, {"mod.py": LEGACY})
    _record(tmp_path, "mod.py")
    lines = _flake8(tmp_path, "--isolated", "--format=review", "--review-baseline=baseline.json", "mod.py")
    assert lines[0] == "Security: no defects detected (REV9 checks ran on 1 file)."
    assert lines[-2] == "Findings recorded in the baseline baseline.json are not reported."


@pytest.mark.parametrize(("content", "reason"), [
    (None, "cannot read"),
    ("", "invalid JSON"),
    ("{not json", "invalid JSON"),
    ('["REV101"]', 'no "tool": "flake8-review" entry'),
    ('{"tool": "flake8-review", "version": 2, "findings": []}',
     "version 2, this flake8-review reads version 1"),
    ('{"tool": "flake8-review", "version": 1}', 'no "findings" list'),
    ('{"tool": "flake8-review", "version": 1, "findings": [{"path": "a.py", "code": "REV101"}]}',
     'finding 1 lacks a "path", "code" or "hash" text'),
    ('{"tool": "flake8-review", "version": 1, "findings": [{"path": "a.py", "code": "REV101", "hash": "x", '
     '"count": 0}]}', 'finding 1 has a "count" that is not a whole number of 1 or more'),
    (b"\xff\xfe", "not UTF-8 text"),
])
def test_a_missing_or_malformed_baseline_stops_flake8_with_one_line(
    tmp_path: Path, content: str | bytes | None, reason: str
) -> None:
    """One ``flake8-review: error:`` line naming the file and what is wrong, a non-zero exit, no output."""
    _project(tmp_path, {"mod.py": LEGACY})
    if isinstance(content, bytes):
        (tmp_path / "baseline.json").write_bytes(content)
    elif content is not None:
        (tmp_path / "baseline.json").write_text(content, encoding="utf-8")
    result = flake8_subprocess(["--isolated", "--review-baseline=baseline.json", "mod.py"], cwd=tmp_path)
    assert result.returncode != 0 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("flake8-review: error: --review-baseline: ")
    assert str(tmp_path / "baseline.json") in lines[0] and reason in lines[0]


def test_filter_unit_keeps_order_and_never_hides_internal_errors() -> None:
    """``Baseline.filter`` drops recorded findings, first ones by position, and never a REVn00."""
    lines = ["x = 1\n", "  x = 1  \n", "y = 2\n"]
    digest = baseline.line_hash("x = 1")
    recorded = {"mod.py": {("REV105", digest): 1, ("REV100", digest): 1}}
    loaded = baseline.Baseline("b.json", "/project", recorded)
    found = [Violation(2, 0, "REV105 second", "REV105"), Violation(1, 0, "REV105 first", "REV105"),
             Violation(1, 0, "REV100 internal", "REV100"), Violation(3, 0, "REV105 other", "REV105")]
    kept = loaded.filter("/project/mod.py", lines, found)
    assert [v.text for v in kept] == ["REV105 second", "REV100 internal", "REV105 other"]
    assert loaded.filter("/elsewhere/mod.py", lines, found) == found


def test_parse_adds_up_repeated_entries_and_render_round_trips() -> None:
    """Hand-merged files with repeated keys add up; render() output parses back to the same counts."""
    recorded = [
        baseline.Recorded("a.py", "REV101", "h1", 3, 1, "m"),
        baseline.Recorded("a.py", "REV101", "h1", 9, 1, "m"),
        baseline.Recorded("b/c.py", "REV902", "h2", 1, 1, "shell"),
    ]
    counts = baseline.parse(baseline.render(recorded))
    assert counts == {"a.py": {("REV101", "h1"): 2}, "b/c.py": {("REV902", "h2"): 1}}
    doubled = json.loads(baseline.render(recorded))
    doubled["findings"] *= 2
    assert baseline.parse(json.dumps(doubled))["a.py"] == {("REV101", "h1"): 4}
    with pytest.raises(OptionError):
        baseline.parse("[]")


def test_line_hash_ignores_surrounding_whitespace_only() -> None:
    """Indentation and trailing spaces do not matter; any other change does."""
    assert baseline.line_hash("    x = 1\n") == baseline.line_hash("x = 1")
    assert baseline.line_hash("\ufeffx = 1 ") == baseline.line_hash("x = 1")
    assert baseline.line_hash("x = 1") != baseline.line_hash("x = 2")
    assert baseline.line_hash("x = 1") != baseline.line_hash("x  = 1")
