"""``flake8 --format=review-markdown``: the review as Markdown, checked by rendering it."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from flake8.violation import Violation

from conftest import flake8_subprocess
from flake8_review import report
from flake8_review.registry import CATEGORIES

markdown_it = pytest.importorskip("markdown_it")

SOURCE = textwrap.dedent('''\
    """A module."""
    import pickle


    class bad_Name:
        """Doc."""

        def __init__(self, data):
            self.value = pickle.loads(data)
''')


def _parser() -> object:
    # GitHub renders CommonMark plus tables and strikethrough; both could eat a '|' or '~'
    return markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _inline_texts(tokens: list) -> list[str]:
    """The plain text of every inline token, code spans included, as a reader sees it."""
    texts = []
    for token in tokens:
        if token.type == "inline":
            texts.append("".join(child.content for child in token.children or ()))
    return texts


def _run(tmp_path: Path, folder: str, *args: str) -> str:
    target = tmp_path / folder / "my_module.py"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(SOURCE, encoding="utf-8")
    result = flake8_subprocess(["--isolated", "--format=review-markdown", *args, folder], cwd=tmp_path)
    assert result.stderr == ""
    assert result.returncode == 1
    return result.stdout


def test_markdown_review_renders_as_headings_and_a_numbered_list(tmp_path: Path) -> None:
    """Two headings, the verdict, one ordered list of eight categories, findings as nested lists."""
    text = _run(tmp_path, "pkg_dir", "--extend-ignore=REV7")
    tokens = _parser().parse(text)
    headings = [
        (tok.tag, tokens[i + 1].content) for i, tok in enumerate(tokens) if tok.type == "heading_open"
    ]
    assert headings == [("h2", "Code review (flake8-review)"), ("h3", "Suggestions for improvement")]
    ordered = [tok for tok in tokens if tok.type == "ordered_list_open"]
    assert len(ordered) == 1
    level = ordered[0].level + 1
    items = [
        tok for tok in tokens if tok.type == "list_item_open" and tok.level == level and tok.markup == "."
    ]
    assert len(items) == len(CATEGORIES) - 1
    texts = _inline_texts(tokens)
    assert texts[1] == "Security: 1 finding in 1 file (REV9 checks ran on 1 file)"
    titles = [t for t in texts if "): " in t and t.split(" (")[0] in CATEGORIES.values()]
    assert [t.split(" (")[0] for t in titles] == [t for p, t in CATEGORIES.items() if p != "REV9"]
    assert "Code organization (REV7): not checked (deselected)" in texts
    assert texts[-1].startswith("Reviewed 1 file: ")


def test_paths_and_messages_survive_markdown(tmp_path: Path) -> None:
    """Underscores, asterisks and dunders in paths and messages come out as typed."""
    text = _run(tmp_path, "odd*dir_x", "--select=REV1,REV2,REV9")
    tokens = _parser().parse(text)
    codes = [child.content for tok in tokens if tok.type == "inline"
             for child in tok.children or () if child.type == "code_inline"]
    assert "odd*dir_x/my_module.py:5:1" in codes
    texts = _inline_texts(tokens)
    assert "odd*dir_x/my_module.py:5:1 REV101 class name 'bad_Name' should be CapWords" in texts
    assert any("special method '__init__' has no return annotation" in t for t in texts)
    html = _parser().render(text)
    assert "<em>" not in html and "<strong>odd" not in html


@pytest.mark.parametrize("message", [
    "name 'x' uses `backticks` here",
    "a `` double and ` single backtick",
    "`starts and ends with backticks`",
    "stars *not* emphasis and __dunder__ and _under_",
    "html <b>not bold</b> & entities &amp; kept",
    "math $x$ and $$y$$, tilde ~~strike~~, pipe | bar",
    "[not a link](http://example.com) and ![no image](x.png)",
    "trailing backslash \\",
    "# not a heading, - not a list, 1. not numbered",
])
def test_any_message_text_renders_verbatim(message: str) -> None:
    """Escaped text and code spans come back exactly, whatever characters they hold."""
    tokens = _parser().parse(report.markdown_text(message))
    assert _inline_texts(tokens) == [message]
    span = _parser().parse(report.code_span(message))
    children = span[1].children
    assert [child.type for child in children] == ["code_inline"]
    assert children[0].content == message


def test_a_finding_with_backticks_in_its_path_and_message(tmp_path: Path) -> None:
    """A location with a backtick still makes one code span; the message stays literal."""
    from flake8.options.parse_args import parse_args

    _, options = parse_args(["--isolated"])
    formatter = report.MarkdownReviewFormatter(options)
    formatter.beginning("we`ird/mod_a.py")
    formatter.handle(Violation("REV102", "we`ird/mod_a.py", 3, 1, "function name `getX` is *odd*", None))
    tokens = _parser().parse("\n".join(formatter.render()))
    items = [
        tok for tok in tokens
        if tok.type == "inline" and tok.children and tok.children[0].type == "code_inline"
    ]
    first = items[0].children
    assert first[0].content == "we`ird/mod_a.py:3:1"
    assert "".join(child.content for child in first[1:]) == " REV102 function name `getX` is *odd*"


def test_statistics_are_a_fenced_block_after_the_review(tmp_path: Path) -> None:
    """``--statistics`` output becomes a code block, so Markdown leaves it alone."""
    text = _run(tmp_path, "pkg", "--statistics")
    tokens = _parser().parse(text)
    fences = [tok for tok in tokens if tok.type == "fence"]
    assert len(fences) == 1 and fences[0].info == "text"
    assert "REV101 class name" in fences[0].content
    assert text.rstrip().endswith("```")
