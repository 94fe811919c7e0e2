"""A docstring read into the sections REV410-REV413 compare: a small frozen model, no reporting.

:func:`parse` understands the three styles in common use:

* Google (napoleon): a title with a colon alone on its line (``Args:``, ``Raises:``), entries
  indented below it: ``name (type): text``, ``name: text``, ``*args: text``.
* NumPy (numpydoc): a title underlined with dashes (``Parameters`` / ``----------``), entries
  at the title's indentation with their text indented below: ``x : int``, ``x, y : float``,
  ``*args``.
* Sphinx (reST field lists): ``:param x:``, ``:param int x:``, ``:raises ValueError:``; the
  field's text may continue on more deeply indented lines.

Keyword arguments: Google ``Keyword Args:`` / ``Keyword Arguments:`` sections and Sphinx
``:keyword x:`` / ``:key x:`` / ``:kwarg x:`` / ``:kwparam x:`` fields document parameters too.
Their names are kept apart in :attr:`DocstringSections.keywords`, but a keyword section *is* a
parameter section and its names count as documented parameters: the checks compare
:attr:`DocstringSections.documented` (both lists) with the signature. NumPy's (and napoleon's)
``Other Parameters`` section is an ordinary parameter section. ``:type x:``, ``:rtype:``,
``:var x:`` and the like are not parameters.

Lines inside another section's body, inside a literal block (a paragraph ending in ``::``)
or inside a directive (``.. code-block::``) never open a section, so a Google docstring that
mentions ``:param`` in its prose, or shows an example docstring, is read as what it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Optional, Tuple

GOOGLE = "google"
NUMPY = "numpy"
SPHINX = "sphinx"
NONE = "none"
#: the way each style is named in messages
STYLE_NAMES = {GOOGLE: "Google", NUMPY: "NumPy", SPHINX: "Sphinx", NONE: "plain"}

# the kinds of sections
PARAMS = "params"
KEYWORDS = "keywords"
RAISES = "raises"
RETURNS = "returns"
YIELDS = "yields"
OTHER = "other"

#: section titles (lower-case) of Google and NumPy docstrings, and what they hold
_TITLES: Dict[str, str] = {
    "args": PARAMS,
    "arguments": PARAMS,
    "parameters": PARAMS,
    "params": PARAMS,
    "other parameters": PARAMS,
    "other params": PARAMS,
    "other arguments": PARAMS,
    "other args": PARAMS,
    "keyword args": KEYWORDS,
    "keyword arguments": KEYWORDS,
    "keyword parameters": KEYWORDS,
    "kwargs": KEYWORDS,
    "raises": RAISES,
    "raise": RAISES,
    "exceptions": RAISES,
    "returns": RETURNS,
    "return": RETURNS,
    "yields": YIELDS,
    "yield": YIELDS,
}
for _title in (
    "attributes", "attention", "caution", "danger", "error", "example", "examples", "hint",
    "important", "methods", "note", "notes", "receive", "receives", "references", "see also",
    "tip", "todo", "warning", "warnings", "warns",
):
    _TITLES[_title] = OTHER
del _title

#: Sphinx info fields (lower-case) and what they hold; other fields (``:author:``) are ignored
_FIELDS: Dict[str, str] = {
    "param": PARAMS,
    "parameter": PARAMS,
    "arg": PARAMS,
    "argument": PARAMS,
    "key": KEYWORDS,
    "keyword": KEYWORDS,
    "kwarg": KEYWORDS,
    "kwparam": KEYWORDS,
    "raises": RAISES,
    "raise": RAISES,
    "except": RAISES,
    "exception": RAISES,
    "returns": RETURNS,
    "return": RETURNS,
    "rtype": RETURNS,
    "yield": YIELDS,
    "yields": YIELDS,
    "ytype": YIELDS,
    "type": OTHER,
    "var": OTHER,
    "ivar": OTHER,
    "cvar": OTHER,
    "vartype": OTHER,
}

_GOOGLE_HEADER = re.compile(r"([A-Za-z][A-Za-z ]*?)\s*:\s*$")
_UNDERLINE = re.compile(r"-{3,}\s*$")
#: ``:name arg:`` at the start of a line, followed by a space or the end (``:class:`X``` is a role);
#: the argument may hold roles and quoted text (``:raises :exc:`ValueError`:``)
_FIELD = re.compile(r":([A-Za-z]+)((?:\s(?:[^:`]|`[^`]*`|:[\w:]+:(?=`))*?)?)\s*:(?:\s|$)")
_NAMES = r"\*{0,2}\w+(?:\s*,\s*\*{0,2}\w+)*"
#: ``name (type): text``, ``x, y: text``, ``*args: text``
_GOOGLE_PARAM = re.compile(rf"({_NAMES})\s*(?:\(.*?\))?\s*:(?:\s|$)")
#: ``x : int``, ``x``, ``x, y : float, optional``, ``*args``
_NUMPY_PARAM = re.compile(rf"({_NAMES})\s*(?::.*)?$")
_EXCEPTION = r"[~!.]?\w+(?:\.\w+)*"
#: ``ValueError: text``, ``ValueError``, ``ValueError, KeyError: text``, ``pkg.Error : text``
_RAISES_ENTRY = re.compile(rf"({_EXCEPTION}(?:\s*(?:,|\bor\b)\s*{_EXCEPTION})*)\s*(?::.*)?$")
#: ``:exc:`ValueError``` and ``:py:exc:`~pkg.Error``` written as the bare name
_ROLE = re.compile(r":(?:py:)?(?:exc|class|obj):`([^`]*)`|``?([^`]*)``?")
_SPLIT_NAMES = re.compile(r"\s*(?:,|\bor\b)\s*")


@dataclass(frozen=True)
class DocstringSections:
    """What a docstring documents, in a form the checks can compare with the code.

    Names are stored without stars or backslashes (``*args`` → ``args``); exception names
    as written, dotted or not (``requests.HTTPError``).
    """

    style: str  # GOOGLE, NUMPY, SPHINX or NONE: the style of the parameter section, else of any section
    params: Tuple[str, ...]  # names from parameter sections, in order
    keywords: Tuple[str, ...]  # names from keyword-argument sections, in order
    raises: Tuple[str, ...]  # exception names from raises sections, in order
    sections: FrozenSet[str]  # the kinds of sections present (PARAMS, KEYWORDS, RAISES, RETURNS, ...)
    params_partial: bool = False  # a parameter-section line could not be read as an entry
    raises_partial: bool = False  # a raises entry names no exception that could be read
    mixed: bool = False  # parameters are documented in more than one style

    @property
    def documented(self) -> Tuple[str, ...]:
        """Every documented parameter name: parameter sections, then keyword sections."""
        return self.params + self.keywords

    @property
    def has_params(self) -> bool:
        """Whether there is a parameter section (a keyword-argument section counts)."""
        return PARAMS in self.sections or KEYWORDS in self.sections

    @property
    def has_raises(self) -> bool:
        """Whether there is a raises section."""
        return RAISES in self.sections

    @property
    def has_returns(self) -> bool:
        """Whether there is a returns section (``:rtype:`` counts)."""
        return RETURNS in self.sections

    @property
    def has_yields(self) -> bool:
        """Whether there is a yields section."""
        return YIELDS in self.sections


EMPTY = DocstringSections(NONE, (), (), (), frozenset())


def clean(docstring: str) -> List[str]:
    """The docstring's lines with the common indentation of all but the first removed.

    What :func:`inspect.cleandoc` does, kept here so this module stays light; leading and
    trailing blank lines are dropped too.
    """
    lines = docstring.expandtabs().split("\n")
    margin: Optional[int] = None
    for line in lines[1:]:
        stripped = line.lstrip()
        if stripped:
            indent = len(line) - len(stripped)
            if margin is None or indent < margin:
                margin = indent
    cleaned = [lines[0].strip()]
    cut = margin or 0
    cleaned.extend(line[cut:].rstrip() for line in lines[1:])
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    while cleaned and not cleaned[0]:
        cleaned.pop(0)
    return cleaned


def parse(docstring: str) -> DocstringSections:
    """Read a docstring (raw or cleaned) into its sections."""
    if ":" not in docstring and "---" not in docstring:
        return EMPTY  # no title, field or underline: the common one-line docstring
    return _Reader(clean(docstring)).read()


class _Reader:
    """One pass over a docstring's lines, collecting what each section documents."""

    def __init__(self, lines: List[str]) -> None:
        self.texts = [line.strip() for line in lines]
        self.indents = [len(line) - len(line.lstrip()) for line in lines]
        self.params: List[str] = []
        self.keywords: List[str] = []
        self.raises: List[str] = []
        self.sections: Dict[str, str] = {}  # kind → style of its first section
        self.param_styles: List[str] = []
        self.params_partial = False
        self.raises_partial = False

    def read(self) -> DocstringSections:
        """Walk the lines once; each recognised section consumes its own body."""
        texts = self.texts
        count = len(texts)
        index = 0
        while index < count:
            text = texts[index]
            indent = self.indents[index]
            if not text:
                index += 1
            elif self._is_numpy_title(index):
                index = self._numpy_section(index)
            elif self._google_kind(text) is not None:
                index = self._google_section(index)
            elif text.startswith(":") and self._sphinx_field(text):
                index = self._block_end(index + 1, indent)
            elif text.endswith("::") or text.startswith(".. "):
                index = self._block_end(index + 1, indent)  # a literal block or a directive's body
            else:
                index += 1
        return self._model()

    # -- finding sections -------------------------------------------------------------

    def _block_end(self, start: int, indent: int) -> int:
        """The first line from ``start`` on that is not blank and not indented beyond ``indent``."""
        texts = self.texts
        indents = self.indents
        index = start
        while index < len(texts) and (not texts[index] or indents[index] > indent):
            index += 1
        return index

    def _is_numpy_title(self, index: int) -> bool:
        """A line of words underlined by dashes at the same indentation."""
        following = index + 1
        if following >= len(self.texts) or self.indents[following] != self.indents[index]:
            return False
        text = self.texts[index]
        return bool(_UNDERLINE.match(self.texts[following])) and not text.startswith(("-", ":", ".."))

    @staticmethod
    def _google_kind(text: str) -> Optional[str]:
        """The kind of a Google section whose title is ``text``, if it is one."""
        if not text.endswith(":"):
            return None
        match = _GOOGLE_HEADER.match(text)
        if match is None:
            return None
        return _TITLES.get(" ".join(match.group(1).lower().split()))

    def _numpy_section(self, index: int) -> int:
        """Read a NumPy section; return the index after it."""
        indent = self.indents[index]
        kind = _TITLES.get(" ".join(self.texts[index].lower().split()), OTHER)
        start = index + 2
        end = start
        texts = self.texts
        while end < len(texts):
            if texts[end] and (self.indents[end] < indent or self._is_numpy_title(end)):
                break
            end += 1
        self._section(kind, NUMPY, start, end, indent)
        return end

    def _google_section(self, index: int) -> int:
        """Read a Google section; return the index after it."""
        indent = self.indents[index]
        kind = self._google_kind(self.texts[index])
        end = self._block_end(index + 1, indent)
        entry_indent = next((self.indents[i] for i in range(index + 1, end) if self.texts[i]), indent + 1)
        self._section(kind, GOOGLE, index + 1, end, entry_indent)  # type: ignore[arg-type]
        return end

    def _section(self, kind: str, style: str, start: int, end: int, entry_indent: int) -> None:
        """Record a section and read its entries: lines at ``entry_indent``; deeper ones continue them."""
        self.sections.setdefault(kind, style)
        if kind not in (PARAMS, KEYWORDS, RAISES):
            return
        entries = [
            self.texts[index] for index in range(start, end)
            if self.texts[index] and self.indents[index] <= entry_indent
        ]
        if kind == RAISES:
            if not entries:
                self.raises_partial = True  # a title without entries below it
            for text in entries:
                self._raises_entry(text)
            return
        self.param_styles.append(style)
        if not entries:
            self.params_partial = True
        pattern = _GOOGLE_PARAM if style == GOOGLE else _NUMPY_PARAM
        for text in entries:
            match = pattern.match(text.replace("\\", ""))
            self._add_params(kind, _names(match.group(1)) if match else None)

    # -- reading entries --------------------------------------------------------------

    def _add_params(self, kind: str, names: Optional[List[str]]) -> None:
        if names is None:
            self.params_partial = True  # prose, or an entry in a shape no style uses
        else:
            (self.keywords if kind == KEYWORDS else self.params).extend(names)

    def _raises_entry(self, text: str) -> None:
        match = _RAISES_ENTRY.match(_ROLE.sub(_unrole, text))
        names = _exceptions(match.group(1)) if match else None
        if names is None:
            self.raises_partial = True
        else:
            self.raises.extend(names)

    def _sphinx_field(self, text: str) -> bool:
        """Read an info field (``:param x:``); ``False`` when the line is not one."""
        match = _FIELD.match(text)
        kind = _FIELDS.get(match.group(1).lower()) if match else None
        if kind is None:
            return False
        argument = match.group(2).strip()  # type: ignore[union-attr]
        self.sections.setdefault(kind, SPHINX)
        if kind in (PARAMS, KEYWORDS):
            self.param_styles.append(SPHINX)
            words = argument.replace("\\", "").split()
            self._add_params(kind, _names(words[-1]) if words else None)  # ``:param int x:``: the last word
        elif kind == RAISES:
            # ``:raises: ValueError if ...`` names the exception in its text: not read
            names = _exceptions(_ROLE.sub(_unrole, argument)) if argument else None
            if names is None:
                self.raises_partial = True
            else:
                self.raises.extend(names)
        return True

    def _model(self) -> DocstringSections:
        sections = self.sections
        styles = self.param_styles
        if styles:
            style = styles[0]
        else:
            found = [sections[kind] for kind in (RAISES, RETURNS, YIELDS) if kind in sections]
            style = found[0] if found else NONE
        return DocstringSections(
            style=style,
            params=tuple(self.params),
            keywords=tuple(self.keywords),
            raises=tuple(self.raises),
            sections=frozenset(kind for kind in sections if kind != OTHER),
            params_partial=self.params_partial,
            raises_partial=self.raises_partial,
            mixed=len(set(styles)) > 1,
        )


def _unrole(match: re.Match[str]) -> str:
    return match.group(1) if match.group(1) is not None else match.group(2)


def _names(text: str) -> Optional[List[str]]:
    """``x, *args`` → ``['x', 'args']``; ``None`` when a part is not a parameter name."""
    names = []
    for part in text.split(","):
        name = part.strip().lstrip("*")
        if not name.isidentifier() or name == "None" or _is_title(name):
            return None
        names.append(name)
    return names


def _exceptions(text: str) -> Optional[List[str]]:
    """``ValueError, pkg.Error`` → their names; ``None`` when a part is not an exception's name.

    A lone lower-case word (``nothing``) is prose; dotted names may be lower-case (``socket.error``).
    """
    names = []
    for part in _SPLIT_NAMES.split(text.strip()):
        name = part.lstrip("~!.")
        if not re.fullmatch(r"\w+(?:\.\w+)*", name) or name == "None" or _is_title(name):
            return None
        if "." not in name and not name[0].isupper():
            return None
        names.append(name)
    return names or None


def _is_title(name: str) -> bool:
    """``Returns``, ``Note``: a capitalised section title in an entry's place is not an entry."""
    return name[:1].isupper() and name.lower() in _TITLES


_PLACEHOLDERS = frozenset({"todo", "tbd", "fixme"})
_TRAILING = ".,;:!?-=*#~`'\"()[]{}<>/\\| \t\n\r\f\v"


def placeholder_problem(docstring: str, names: Tuple[str, ...]) -> str:
    """Why a docstring says nothing (``is empty``, ...), or ``''`` when it says something.

    Compared case-insensitively after stripping whitespace and trailing punctuation: a
    whitespace-only docstring is empty; ``TODO``, ``TBD``, ``FIXME`` and ``...`` are
    placeholders; ``names`` are the owner's own names, which alone say nothing either.
    """
    stripped = docstring.strip()
    if not stripped:
        return "is empty"
    core = stripped.rstrip(_TRAILING).lower()
    if not core or core in _PLACEHOLDERS:
        return f"is only a placeholder ({stripped!r})"
    if any(core == name.lower() for name in names):
        return "only repeats its name"
    return ""
