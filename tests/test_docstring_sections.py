"""The docstring parser on its own: Google, NumPy and Sphinx docstrings, tricky ones included."""

from __future__ import annotations

import pytest

from flake8_review.docstring_sections import (
    EMPTY,
    GOOGLE,
    KEYWORDS,
    NONE,
    NUMPY,
    PARAMS,
    RAISES,
    RETURNS,
    SPHINX,
    YIELDS,
    clean,
    parse,
    placeholder_problem,
)

GOOGLE_DOC = '''Open a connection.

    Args:
        host (str): the server.
        port: its port,
            on the next line too.
        timeout (float, optional): seconds to wait. Defaults to 30.
        *args: extra values.
        **kwargs (dict): options.

    Keyword Args:
        retries: how often to try.

    Returns:
        socket.socket: the connection.

    Raises:
        ValueError: if the port is out of range.
        :exc:`~pkg.ConnectError`: if the server is down.
    '''

NUMPY_DOC = '''Move a point.

    Parameters
    ----------
    x, y : float
        The target.
    speed : float, optional
        How fast.
    *args
        More.
    **kwargs : dict
        Options.

    Other Parameters
    ----------------
    log : bool
        Whether to log.

    Returns
    -------
    bool
        Whether it moved.

    Yields
    ------
    int
        Progress.

    Raises
    ------
    ValueError
        If the point is outside.
    KeyError, TypeError
        If the options are wrong.
    '''

SPHINX_DOC = '''Open a connection.

    :param host: the server, which may be
        a name or an address.
    :param int port: its port.
    :type port: int
    :param \\*args: extra values.
    :param \\*\\*kwargs: options.
    :keyword timeout: seconds to wait.
    :kwarg retries: how often.
    :returns: the connection.
    :rtype: socket.socket
    :raises ValueError: if the port is out of range.
    :raise KeyError: if the host is unknown.
    :except TypeError: if the port is not a number.
    :exception OSError: if the network is down.
    '''


def test_google() -> None:
    """Names with types, continuation lines, stars, keyword and raises sections."""
    doc = parse(GOOGLE_DOC)
    assert doc.style == GOOGLE
    assert doc.params == ("host", "port", "timeout", "args", "kwargs")
    assert doc.keywords == ("retries",)
    assert doc.documented == ("host", "port", "timeout", "args", "kwargs", "retries")
    assert doc.raises == ("ValueError", "pkg.ConnectError")
    assert doc.sections == {PARAMS, KEYWORDS, RETURNS, RAISES}
    assert not (doc.params_partial or doc.raises_partial or doc.mixed)


def test_numpy() -> None:
    """Combined names, optional types, Other Parameters, every section kind."""
    doc = parse(NUMPY_DOC)
    assert doc.style == NUMPY
    assert doc.params == ("x", "y", "speed", "args", "kwargs", "log")
    assert doc.raises == ("ValueError", "KeyError", "TypeError")
    assert doc.sections == {PARAMS, RETURNS, YIELDS, RAISES}
    assert doc.has_params and doc.has_returns and doc.has_yields and doc.has_raises
    assert not (doc.params_partial or doc.raises_partial)


def test_sphinx() -> None:
    """Typed params, escaped stars, continuation lines, :type: is no param, every raises spelling."""
    doc = parse(SPHINX_DOC)
    assert doc.style == SPHINX
    assert doc.params == ("host", "port", "args", "kwargs")
    assert doc.keywords == ("timeout", "retries")
    assert doc.raises == ("ValueError", "KeyError", "TypeError", "OSError")
    assert doc.sections == {PARAMS, KEYWORDS, RETURNS, RAISES}


def test_plain_docstrings_are_empty() -> None:
    """One-liners and prose have no sections and no style."""
    assert parse("Open a connection.") is EMPTY
    assert parse("Open a connection: the host must be reachable.") == EMPTY
    assert parse("Summary.\n\n    Just prose, with a colon: here.\n    ").style == NONE


@pytest.mark.parametrize("indent", ["", "  ", "    ", "\t"])
def test_indentation_variants(indent: str) -> None:
    """The docstring's own indentation, tabs included, does not matter."""
    text = f"Summary.\n\n{indent}Args:\n{indent}    x: the x.\n{indent}    y: the y.\n{indent}"
    assert parse(text).params == ("x", "y")


def test_summary_on_the_second_line() -> None:
    """A docstring starting with a newline reads the same."""
    text = "\n    Summary.\n\n    Args:\n        x: the x.\n    "
    assert parse(text).params == ("x",)


def test_two_space_entries() -> None:
    """Entries may be indented by any amount; deeper lines continue them."""
    text = "Summary.\n\nArgs:\n  x: the x,\n      continued: not an entry.\n  y: the y.\n"
    assert parse(text).params == ("x", "y")


def test_args_followed_by_a_blank_line() -> None:
    """A blank line between the title and the first entry is allowed."""
    doc = parse("Summary.\n\n    Args:\n\n        x: the x.\n\n        y: the y.\n    ")
    assert doc.params == ("x", "y") and not doc.params_partial


def test_returns_right_after_args() -> None:
    """A title at the section's own indentation ends it; its entries are not parameters."""
    doc = parse("Summary.\n\nArgs:\n    x: the x.\nReturns:\n    y: a named result.\n")
    assert doc.params == ("x",)
    assert doc.has_returns


def test_title_without_entries_is_partial() -> None:
    """``Args:`` followed by unindented text has no readable entries: the section is partial."""
    doc = parse("Summary.\n\nArgs:\nx: the x.\n")
    assert doc.has_params and doc.params == () and doc.params_partial


def test_numpy_sections_without_parameters() -> None:
    """Returns, See Also and Examples sections document no parameters."""
    doc = parse(
        "Summary.\n\nReturns\n-------\nspeed : float\n    The speed.\n\n"
        "See Also\n--------\nother : Another function.\n\nExamples\n--------\n>>> f(1)\n"
    )
    assert doc.style == NUMPY
    assert not doc.has_params and doc.params == ()
    assert doc.has_returns


def test_numpy_entry_without_type_and_prose() -> None:
    """``y`` alone is an entry; prose at the entries' indentation makes the section partial."""
    doc = parse("Summary.\n\nParameters\n----------\nx : int\n    X.\ny\n    Y.\n")
    assert doc.params == ("x", "y") and not doc.params_partial
    doc = parse("Summary.\n\nParameters\n----------\nThe point to move.\n")
    assert doc.params == () and doc.params_partial


def test_underline_must_be_dashes_at_the_same_indentation() -> None:
    """``=====`` or a shifted underline do not make a NumPy title."""
    assert not parse("Summary.\n\nParameters\n==========\nx : int\n").has_params
    assert not parse("Summary.\n\nParameters\n    ----------\nx : int\n").has_params


def test_google_docstring_mentioning_param_in_prose() -> None:
    """``:param`` in a sentence, or inside a section's continuation, is not a field."""
    doc = parse(
        "Summary, unlike the old :param x: style.\n\n"
        "Args:\n    a: the a; it used to be written\n        :param a: like this.\n"
    )
    assert doc.style == GOOGLE
    assert doc.params == ("a",)
    assert not doc.mixed


def test_sphinx_continuation_lines() -> None:
    """A reST field's text may go on over deeper lines, blank lines included."""
    doc = parse(
        "Summary.\n\n:param x: the x,\n    which goes on.\n\n    And on.\n"
        ":param y:\n    On the next line.\n:returns: z.\n"
    )
    assert doc.params == ("x", "y")
    assert doc.has_returns


def test_sphinx_roles_are_not_fields() -> None:
    """``:class:`X``` at the start of a line is a role, not an info field."""
    doc = parse("Summary.\n\n:class:`Server` instances are returned.\n")
    assert not doc.sections and doc.style == NONE and not doc.params


def test_sphinx_fields_need_a_name() -> None:
    """``:param:`` without a name and ``:raises:`` with the name in its text are partial."""
    doc = parse("Summary.\n\n:param: x and y.\n:raises: ValueError if bad.\n")
    assert doc.params == () and doc.params_partial
    assert doc.raises == () and doc.raises_partial


def test_sphinx_raises_with_roles_and_several_names() -> None:
    """``:raises :exc:`X`:``, ``~`` prefixes and ``A, B`` are read."""
    doc = parse("Summary.\n\n:raises :exc:`LookupError`: when missing.\n:raises ~a.B, C: when odd.\n")
    assert doc.raises == ("LookupError", "a.B", "C")


def test_literal_blocks_and_directives_are_skipped() -> None:
    """An example docstring shown in a literal block or a code-block is not read."""
    doc = parse(
        "Summary, documented like this::\n\n    Args:\n        zzz: no.\n\n"
        ".. code-block:: python\n\n    Args:\n        yyy: no.\n\n"
        "Args:\n    a: yes.\n"
    )
    assert doc.params == ("a",)


def test_section_titles_in_entry_position_are_not_params() -> None:
    """``Note:`` or ``Returns:`` where an entry should be are prose, not parameters."""
    doc = parse("Summary.\n\nArgs:\n    x: the x.\n    Note: y is derived.\n")
    assert doc.params == ("x",) and doc.params_partial


def test_parameters_named_like_sections_are_params() -> None:
    """Lower-case ``args``/``kwargs``/``params`` entries are parameters."""
    doc = parse("Summary.\n\nArgs:\n    args: positional.\n    kwargs: options.\n    params: more.\n")
    assert doc.params == ("args", "kwargs", "params")


def test_google_raises_entries() -> None:
    """Bare names, dotted names, several names; prose makes the section partial."""
    doc = parse(
        "Summary.\n\nRaises:\n    ValueError\n    socket.error: old alias.\n"
        "    KeyError, TypeError: when wrong.\n        continuation: not an entry.\n"
    )
    assert doc.raises == ("ValueError", "socket.error", "KeyError", "TypeError")
    assert not doc.raises_partial
    prose = parse("Summary.\n\nRaises:\n    Nothing.\n    nothing\n    If anything fails, an error.\n")
    assert prose.raises == () and prose.raises_partial


def test_mixed_styles() -> None:
    """Parameters documented in two styles mark the docstring as mixed."""
    doc = parse("Summary.\n\nArgs:\n    x: the x.\n\n:param y: the y.\n")
    assert doc.mixed and doc.style == GOOGLE and doc.params == ("x", "y")


def test_style_without_parameters() -> None:
    """The style of a docstring without parameters comes from its other sections."""
    assert parse("Summary.\n\n:returns: the thing.\n").style == SPHINX
    assert parse("Summary.\n\nYields:\n    int: progress.\n").style == GOOGLE
    assert parse("Summary.\n\nNote:\n    An admonition sets no style.\n").style == NONE


def test_keyword_only_sections() -> None:
    """A keyword section alone is a parameter section."""
    doc = parse("Summary.\n\nKeyword Arguments:\n    timeout: seconds.\n")
    assert doc.has_params and doc.params == () and doc.keywords == ("timeout",)


def test_clean() -> None:
    """Like inspect.cleandoc: the first line stripped, the rest dedented, blank ends dropped."""
    assert clean("\n  Summary.\n\n    Body\n      deeper\n  ") == ["Summary.", "", "  Body", "    deeper"]
    assert clean("Summary.") == ["Summary."]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "is empty"),
        ("   \n\t  ", "is empty"),
        ("TODO", "is only a placeholder ('TODO')"),
        ("  todo.  ", "is only a placeholder ('todo.')"),
        ("TBD", "is only a placeholder ('TBD')"),
        ("FIXME!", "is only a placeholder ('FIXME!')"),
        ("...", "is only a placeholder ('...')"),
        ("connect", "only repeats its name"),
        ("Connect.", "only repeats its name"),
        ("connect()", "only repeats its name"),
        ("TODO: explain the retries.", ""),
        ("Connect to the server.", ""),
        ("Wait... then connect.", ""),
    ],
)
def test_placeholder_problem(text: str, problem: str) -> None:
    """Empty, placeholder and name-only docstrings, compared case-insensitively."""
    assert placeholder_problem(text, ("connect",)) == problem


def test_google_types_with_roles_and_brackets() -> None:
    """A type in parentheses may hold roles, colons and brackets; text may hold parentheses."""
    doc = parse(
        "Summary.\n\nArgs:\n    x (:obj:`int`): the x (in pixels).\n"
        "    y (Dict[str, (int)]): the y.\n    z (int) : spaced colon.\n"
    )
    assert doc.params == ("x", "y", "z") and not doc.params_partial
