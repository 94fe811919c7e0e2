"""``flake8 --format=review``: the findings written up as a review, through flake8 itself."""

from __future__ import annotations

import random
import re
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from flake8.violation import Violation

from conftest import ROOT, flake8_in_process, flake8_subprocess
from flake8_review import engine, report
from flake8_review.checkers import CATEGORY_MODULES, naming
from flake8_review.options import Settings
from flake8_review.registry import CATEGORIES

HEADINGS = [f"{number}. {title} ({prefix}):" for number, (prefix, title) in enumerate(
    ((p, t) for p, t in CATEGORIES.items() if p != "REV9"), start=1
)]

MESSY = textwrap.dedent('''\
    """A module with findings in several categories."""
    import os
    import pickle


    def getPort(host, data):
        value = pickle.loads(data)
        return value
''')

CLEAN = textwrap.dedent('''\
    """Nothing to say about this module."""


    def port(host: str) -> int:
        """The port ``host`` listens on."""
        return len(host)
''')


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _review(args: list[str], cwd: Path) -> str:
    result = flake8_subprocess(["--isolated", "--format=review", *args], cwd=cwd)
    assert result.stderr == "", result.stderr
    return result.stdout


def _section(review: str, prefix: str) -> list[str]:
    """The lines of one numbered section (heading and its indented details)."""
    lines = review.splitlines()
    start = next(i for i, line in enumerate(lines) if f"({prefix}):" in line)
    end = start + 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    return lines[start:end]


def _default_counts(args: list[str], cwd: Path) -> Counter:
    """Findings per category prefix in flake8's default format, with the same selection."""
    result = flake8_subprocess(["--isolated", *args], cwd=cwd)
    codes = [line.split(" ", 2)[1] for line in result.stdout.splitlines()]
    return Counter(code[:4] if code.startswith("REV") else "other" for code in codes)


def test_example_review_has_every_heading_and_the_counts_of_a_plain_run() -> None:
    """On the bundled example: all headings, per-category counts equal to ``--select REV``'s."""
    result = flake8_subprocess(["--isolated", "--format=review", "--select=REV", "examples/"], cwd=ROOT)
    assert result.stderr == ""
    assert result.returncode == 1  # flake8's exit code: there are findings
    review = result.stdout
    assert review.startswith("Security: ")
    assert "Suggestions for improvement:" in review
    for heading in HEADINGS:
        assert heading in review, heading
    counts = _default_counts(["--select=REV", "examples/"], ROOT)
    for prefix in CATEGORIES:
        if not counts[prefix]:
            continue
        head = _section(review, prefix)[0] if prefix != "REV9" else review.splitlines()[0]
        assert re.search(rf"\b{counts[prefix]} findings? in 1 file\b", head), (prefix, head)
    total = sum(n for key, n in counts.items() if key != "other")
    count = flake8_subprocess(["--isolated", "--select=REV", "--count", "examples/"], cwd=ROOT)
    assert count.stdout.splitlines()[-1] == str(total)
    assert f"; {total} flake8-review findings in total." in review.splitlines()[-1]


def test_nothing_but_the_review_is_printed(tmp_path: Path) -> None:
    """stdout holds the review only: it starts with the verdict and ends with the closing line."""
    _write(tmp_path, {"mod.py": MESSY})
    lines = _review(["mod.py"], tmp_path).splitlines()
    assert lines[0].startswith("Security: ")
    assert lines[-1].startswith("Reviewed 1 file: ")
    assert not any(re.match(r"mod\.py:\d+:\d+: ", line) for line in lines)  # no plain finding lines


def test_categories_that_ran_clean_say_so_and_deselected_ones_are_not_checked(tmp_path: Path) -> None:
    """'no findings' for a category that ran, 'not checked' for deselected or unavailable ones."""
    _write(tmp_path, {"mod.py": CLEAN})
    review = _review(["--extend-ignore=REV5,REV7", "mod.py"], tmp_path)
    assert review.splitlines()[0] == "Security: no defects detected (REV9 checks ran on 1 file)."
    assert _section(review, "REV1") == ["1. Naming conventions (REV1): no findings"]
    assert _section(review, "REV5") == ["5. Logging (REV5): not checked (deselected)"]
    assert _section(review, "REV7") == ["7. Code organization (REV7): not checked (deselected)"]
    checked = len(CATEGORY_MODULES) - 2
    assert review.splitlines()[-1] == (
        f"Reviewed 1 file: {checked} of 9 categories checked, 0 with findings; "
        "0 flake8-review findings in total. No other flake8 findings."
    )


def test_a_category_without_rules_is_not_available(monkeypatch: pytest.MonkeyPatch) -> None:
    """A category this version does not implement says so instead of 'no findings'."""
    from flake8.options.parse_args import parse_args

    _, options = parse_args(["--isolated"])
    rules = {code: rule for code, rule in report.RULES.items() if not code.startswith("REV8")}
    monkeypatch.setattr(report, "RULES", rules)
    monkeypatch.setattr(report, "load_all", lambda: None)
    formatter = report.ReviewFormatter(options)
    formatter.beginning("mod.py")
    lines = formatter.render()
    assert "8. Unused code (REV8): not checked (not available in this version)" in lines


def test_security_verdict_counts_files_and_names_deselected_codes(tmp_path: Path) -> None:
    """The verdict says how many files REV9 ran on (per-file-ignores count) and what was left out."""
    _write(tmp_path, {"a.py": CLEAN, "b.py": CLEAN, "tests/test_c.py": CLEAN})
    review = _review(["--extend-ignore=REV905", "a.py", "b.py", "tests"], tmp_path)
    assert review.splitlines()[0] == (
        "Security: no defects detected (REV9 checks ran on 3 files; REV905 deselected)."
    )
    review = _review(["--per-file-ignores=tests/*:REV9", "a.py", "b.py", "tests"], tmp_path)
    assert review.splitlines()[0] == "Security: no defects detected (REV9 checks ran on 2 files)."
    review = _review(["--extend-ignore=REV9", "a.py"], tmp_path)
    assert review.splitlines()[0] == "Security: not checked (every REV9 code was deselected)."


def test_security_findings_are_listed_first(tmp_path: Path) -> None:
    """With a security defect the verdict counts it and shows it before the suggestions."""
    _write(tmp_path, {"mod.py": MESSY})
    lines = _review(["mod.py"], tmp_path).splitlines()
    assert lines[0] == "Security: 1 finding in 1 file (REV9 checks ran on 1 file)"
    assert lines[1] == "   " + report.WHY["REV9"]
    assert lines[2].startswith("     mod.py:7:13: REV903 ")


def test_examples_are_limited_and_the_rest_counted(tmp_path: Path) -> None:
    """``--review-examples`` caps each list; 'and N more' counts the rest; each code shows once first."""
    source = "".join(f"def f{i}(a, b):\n    return a\n\n\n" for i in range(4))
    _write(tmp_path, {"mod.py": '"""Doc."""\n\n\n' + source})
    review = _review(["--select=REV2", "--review-examples=3", "mod.py"], tmp_path)
    section = _section(review, "REV2")
    assert section[0] == "2. Type hints and annotations (REV2): 12 findings in 1 file"
    assert section[2] == "   By code: REV201 x8, REV204 x4"
    examples = [line.strip() for line in section[3:-1]]
    assert len(examples) == 3
    assert {line.split(" ")[1] for line in examples} == {"REV201", "REV204"}
    assert examples == sorted(examples, key=lambda line: [int(n) for n in line.split(":")[1:3]])
    assert section[-1] == "     and 9 more"
    none = _section(_review(["--select=REV2", "--review-examples=0", "mod.py"], tmp_path), "REV2")
    assert none[-1] == "     and 12 more"


def test_other_flake8_codes_are_summed_up_most_frequent_first(tmp_path: Path) -> None:
    """The closing line counts other plugins' codes, most frequent first, ties by code."""
    _write(tmp_path, {"mod.py": "import os\nimport sys\nx=1\ny=2\nz = 'a' ;\n"})
    review = _review(["--select=E,F,W", "mod.py"], tmp_path)
    assert review.splitlines()[-1].endswith("Other flake8 findings: E225 x2, F401 x2, E203 x1, E703 x1.")


def test_statistics_and_count_follow_the_review(tmp_path: Path) -> None:
    """``--statistics`` comes after the review and ``--count`` prints the total last, as flake8 does."""
    _write(tmp_path, {"mod.py": MESSY})
    plain = flake8_subprocess(["--isolated", "--count", "mod.py"], cwd=tmp_path)
    lines = _review(["--statistics", "--count", "mod.py"], tmp_path).splitlines()
    closing = next(i for i, line in enumerate(lines) if line.startswith("Reviewed 1 file"))
    assert re.match(r"\d+ +F401 ", lines[closing + 1])
    assert lines[-1] == plain.stdout.splitlines()[-1]


def test_output_file_gets_the_review_and_tee_prints_it_too(tmp_path: Path) -> None:
    """``--output-file`` receives the review and leaves stdout empty; ``--tee`` writes both."""
    _write(tmp_path, {"mod.py": MESSY})
    result = flake8_subprocess(["--isolated", "--format=review", "--output-file=out/review.txt", "mod.py"],
                               cwd=tmp_path)
    assert result.stdout == "" and result.returncode == 1
    written = (tmp_path / "out" / "review.txt").read_text(encoding="utf-8")
    assert written.startswith("Security: 1 finding")
    teed = flake8_subprocess(["--isolated", "--format=review", "--tee", "--output-file=tee.txt", "mod.py"],
                             cwd=tmp_path)
    assert teed.stdout == (tmp_path / "tee.txt").read_text(encoding="utf-8") == written


def test_exit_code_stays_flake8s(tmp_path: Path) -> None:
    """The review changes what is printed, never the exit code."""
    _write(tmp_path, {"mod.py": MESSY, "clean.py": CLEAN})
    assert flake8_subprocess(["--isolated", "--format=review", "clean.py"], cwd=tmp_path).returncode == 0
    assert flake8_subprocess(["--isolated", "--format=review", "mod.py"], cwd=tmp_path).returncode == 1
    zero = flake8_subprocess(["--isolated", "--format=review", "--exit-zero", "mod.py"], cwd=tmp_path)
    assert zero.returncode == 0


def test_jobs_give_the_same_review(tmp_path: Path) -> None:
    """With ``--jobs 2`` the review is the same, line for line."""
    _write(tmp_path, {f"pkg/m{i}.py": MESSY for i in range(4)})
    assert _review(["-j1", "pkg"], tmp_path) == _review(["-j2", "pkg"], tmp_path)


def test_show_source_puts_the_line_under_each_example(tmp_path: Path) -> None:
    """``--show-source`` prints the source line and a caret under each example."""
    _write(tmp_path, {"mod.py": MESSY})
    lines = _review(["--select=REV9", "--show-source", "mod.py"], tmp_path).splitlines()
    assert lines[3] == " " * 7 + "    value = pickle.loads(data)"
    assert lines[4] == " " * 7 + " " * 12 + "^"


def test_unreadable_files_are_not_counted_as_reviewed(tmp_path: Path) -> None:
    """A file with a syntax error (E999) was not reviewed by any REV checker."""
    _write(tmp_path, {"clean.py": CLEAN, "broken.py": "def (:\n"})
    lines = _review(["clean.py", "broken.py"], tmp_path).splitlines()
    assert lines[0] == "Security: no defects detected (REV9 checks ran on 1 file)."
    assert lines[-1].startswith("Reviewed 1 file: ")
    assert lines[-1].endswith("Other flake8 findings: E999 x1.")


def test_internal_errors_come_first_and_are_never_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """REVn00 findings are bugs: listed in full above the verdict, whatever ``--review-examples`` says."""
    def explode(node: object, ctx: object) -> list[object]:
        raise RuntimeError("deliberate failure")

    broken = engine.Handler(explode, (naming.INTERNAL_ERROR,), (engine.ast.Module,))
    monkeypatch.setitem(engine.HANDLERS, "REV1", [broken, *engine.HANDLERS.get("REV1", [])])
    files = []
    for index in range(3):
        path = tmp_path / f"m{index}.py"
        path.write_text(CLEAN, encoding="utf-8")
        files.append(str(path))
    _, lines = flake8_in_process(["-j1", "--format=review", "--review-examples=1", *files], tmp_path)
    assert lines[0] == (
        "Internal errors: flake8-review failed 3 times on 3 files. "
        "This is a bug in flake8-review; please report it with these files:"
    )
    assert all(" REV100 flake8-review internal error in naming: RuntimeError" in line for line in lines[1:4])
    assert lines[4] == ""
    assert lines[5].startswith("Security: no defects detected")
    assert lines[-1].endswith("3 flake8-review findings in total. No other flake8 findings.")


def _violation(path: str, line: int, code: str, text: str = "message") -> Violation:
    return Violation(code, path, line, 1, text, None)


def test_the_review_does_not_depend_on_the_order_findings_arrive_in(tmp_path: Path) -> None:
    """Findings are sorted by path, line, column and code, whatever order flake8 hands them over."""
    from flake8.options.parse_args import parse_args

    _, options = parse_args(["--isolated", "--select=REV,E"])
    findings = [
        _violation(f"pkg/{name}.py", line, code)
        for name in ("b", "a", "c") for line in (30, 4, 12) for code in ("REV204", "REV201", "E501")
    ]
    rendered = set()
    for seed in range(5):
        random.Random(seed).shuffle(findings)
        formatter = report.ReviewFormatter(options)
        for name in ("pkg/c.py", "pkg/a.py", "pkg/b.py"):
            formatter.beginning(name)
        for finding in findings:
            formatter.handle(finding)
        rendered.add("\n".join(formatter.render()))
    assert len(rendered) == 1
    text = rendered.pop()
    assert "     pkg/a.py:4:1: REV201 message\n     pkg/a.py:4:1: REV204 message\n" in text
    assert text.endswith("Other flake8 findings: E501 x9.")


def test_examples_prefer_one_of_each_code() -> None:
    """A section shows the kinds of problem before more of one kind."""
    findings = tuple(_violation("a.py", line, "REV201") for line in range(1, 10)) + (
        _violation("a.py", 20, "REV204"), _violation("b.py", 1, "REV202"))
    section = report.Section("REV2", "Type hints", "checked", findings)
    shown, more = section.examples(3)
    assert [(f.filename, f.line_number, f.code) for f in shown] == [
        ("a.py", 1, "REV201"), ("a.py", 20, "REV204"), ("b.py", 1, "REV202")]
    assert more == 8
    assert section.breakdown() == "REV201 x9, REV202 x1, REV204 x1"


def test_review_examples_option_is_validated(tmp_path: Path) -> None:
    """A bad ``--review-examples`` stops flake8 with one line, like every other option."""
    (tmp_path / "mod.py").write_text("x = 1\n", encoding="utf-8")
    args = ["--isolated", "--format=review", "--review-examples=-1", "mod.py"]
    result = flake8_subprocess(args, cwd=tmp_path)
    assert result.returncode != 0 and result.stdout == ""
    assert result.stderr.strip() == "flake8-review: error: --review-examples must be 0 or more, got -1"
    assert Settings().examples == 5
