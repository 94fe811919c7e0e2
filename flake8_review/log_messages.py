"""Pure REV5 judgements on a logging call's message and arguments.

Split off from :mod:`flake8_review.log_helpers`, which builds the per-file
model of logging calls: the functions here look only at the expressions they
are given (a message, its arguments, an ``extra=`` mapping) and never at the
file. They parse ``%``-format placeholders the way ``str.__mod__`` does, tell
messages formatted before the call from templates, pick out ``extra=`` keys
that clash with ``LogRecord`` and read a message's capitalisation and period.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Callable, Iterator, List, Optional, Set, Tuple

#: ``LogRecord`` attributes that ``extra=`` must not set (``makeRecord`` raises ``KeyError``)
LOG_RECORD_ATTRIBUTES = frozenset({
    "name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module", "exc_info",
    "exc_text", "stack_info", "lineno", "funcName", "created", "msecs", "relativeCreated", "thread",
    "threadName", "processName", "process", "message", "asctime", "taskName",
})

#: a %-conversion: optional (key), flags, width, precision, length modifier, conversion character
_SPEC = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[#0\- +]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d*))?[hlL]?(?P<conv>.?)",
    re.DOTALL,
)
_CONVERSIONS = frozenset("diouxXeEfFgGcrsa%")


def _is_text(node: Optional[ast.AST]) -> bool:
    """A string literal."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


# -- %-format placeholders -------------------------------------------------------------------

@dataclass(frozen=True)
class Placeholders:
    """The conversions of a ``%``-format string (``%%`` excluded)."""

    positional: int  # conversions without a mapping key
    stars: int  # ``*`` widths and precisions: each takes one more argument
    named: Tuple[str, ...]  # mapping keys, first use order, unique

    @property
    def needed(self) -> int:
        """How many positional arguments the string consumes."""
        return self.positional + self.stars


def _conversions(text: str) -> Iterator[Optional[re.Match[str]]]:
    """Each ``%``-conversion of ``text`` but ``%%``; an invalid one gives ``None`` and ends the text."""
    start = text.find("%")
    while start != -1:
        match = _SPEC.match(text, start)
        if match is None or match.group("conv") not in _CONVERSIONS:
            yield None
            return
        if match.group("conv") != "%":
            yield match
        start = text.find("%", match.end())


def parse_placeholders(text: str) -> Optional[Placeholders]:
    """Parse ``%``-conversions the way ``str.__mod__`` does; ``None`` for an invalid format."""
    positional = stars = 0
    named: List[str] = []
    for match in _conversions(text):
        if match is None:
            return None
        key = match.group("key")
        star_count = (match.group("width") == "*") + (match.group("precision") == "*")
        if key is None:
            positional += 1
            stars += star_count
        elif star_count:
            return None  # a mapping has no argument for ``*``
        elif key not in named:
            named.append(key)
    return Placeholders(positional, stars, tuple(named))


def mapping_keys(node: ast.AST) -> Optional[Set[str]]:
    """The keys of a literal mapping (``{"k": v}`` or ``dict(k=v)``); ``None`` when not all are known."""
    if isinstance(node, ast.Dict):
        if not all(_is_text(key) for key in node.keys):
            return None  # ``**spread`` or a computed key
        return {key.value for key in node.keys}  # type: ignore[union-attr]
    if not _is_dict_call(node) or node.args:  # type: ignore[attr-defined]
        return None
    if any(kw.arg is None for kw in node.keywords):  # type: ignore[attr-defined]
        return None
    return {kw.arg for kw in node.keywords if kw.arg is not None}  # type: ignore[attr-defined]


def _is_dict_call(node: Optional[ast.AST]) -> bool:
    """A call of the ``dict`` builtin."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict"


def is_plain_literal(node: ast.AST) -> bool:
    """A literal that is certainly not a mapping."""
    return isinstance(node, (ast.Constant, ast.JoinedStr, ast.Tuple, ast.List, ast.Set, ast.ListComp,
                             ast.SetComp, ast.GeneratorExp))


def _plural(count: int, word: str) -> str:
    """``1 word`` or ``3 words``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def placeholder_mismatch(text: str, args: Tuple[ast.expr, ...]) -> Optional[Tuple[str, str]]:
    """``(placeholders, arguments)`` wording when formatting ``text`` with ``args`` must fail.

    ``args`` are the call's positional arguments after the message (at least one, no
    ``*args``). A single mapping argument feeds named placeholders: a key the literal
    mapping lacks is a mismatch, a key it has in excess is not.
    """
    found = parse_placeholders(text)
    if found is None or (found.named and found.positional):
        return None  # invalid, or mixed: a single mapping can feed both, so leave it alone
    if found.named:
        return _named_mismatch(found.named, args)
    return _count_mismatch(found, len(args))


def _named_mismatch(named: Tuple[str, ...], args: Tuple[ast.expr, ...]) -> Optional[Tuple[str, str]]:
    """The mismatch wording when ``args`` cannot be the one mapping that holds the ``named`` keys."""
    if len(args) > 1:
        return "named placeholders", f"{len(args)} arguments instead of one mapping"
    (arg,) = args
    keys = mapping_keys(arg)
    if keys is None:
        return ("named placeholders", "an argument that is not a mapping") if is_plain_literal(arg) else None
    missing = [key for key in named if key not in keys]
    if not missing:
        return None
    shown = ", ".join(f"%({key})s" for key in missing)
    names = ", ".join(repr(key) for key in missing)
    if len(missing) == 1:
        return f"placeholder {shown}", f"the mapping has no key {names}"
    return f"placeholders {shown}", f"the mapping has no keys {names}"


def _count_mismatch(found: Placeholders, count: int) -> Optional[Tuple[str, str]]:
    """The mismatch wording when positional placeholders do not take ``count`` arguments."""
    needed = found.needed
    if needed == count:
        return None
    if found.stars:
        stars = _plural(found.stars, "'*' field")
        wording = f"{_plural(found.positional, 'placeholder')} and {stars}"
    else:
        wording = "no placeholders" if needed == 0 else _plural(needed, "placeholder")
    return wording, _plural(count, "argument")


def placeholder_style(text: str, args: Tuple[ast.expr, ...], star_args: bool) -> Optional[str]:
    """``positional`` or ``named`` for a parameterized message, ``None`` when it shows neither."""
    if not args and not star_args:
        return None
    found = parse_placeholders(text)
    if found is None or (found.named and found.positional):
        return None
    if found.named:
        return "named" if len(args) == 1 and not star_args else None
    return "positional" if found.positional else None


def clashing_extra_keys(extra: Optional[ast.AST]) -> Tuple[str, ...]:
    """Keys of a literal ``extra=`` mapping that are ``LogRecord`` attributes, in source order."""
    if isinstance(extra, ast.Dict):
        keys = [key.value for key in extra.keys if _is_text(key)]  # type: ignore[union-attr]
    elif _is_dict_call(extra):
        keys = [kw.arg for kw in extra.keywords if kw.arg is not None]  # type: ignore[union-attr]
    else:
        return ()
    seen: List[str] = []
    for key in keys:
        if key in LOG_RECORD_ATTRIBUTES and key not in seen:
            seen.append(key)
    return tuple(seen)


# -- eagerly built messages ------------------------------------------------------------------

LiteralOf = Callable[[ast.Name], Optional[str]]

#: gettext-style translation functions: ``_("text %s") % value`` is still a string
_TRANSLATORS = frozenset({"gettext", "ugettext", "ngettext", "pgettext", "gettext_lazy", "ugettext_lazy"})

#: methods of ``str`` that format a template
_FORMAT_METHODS = ("format", "format_map")


def _operands(node: ast.BinOp) -> Iterator[ast.expr]:
    """The operands of a ``+`` chain, left to right, without recursion."""
    stack: List[ast.expr] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ast.BinOp) and isinstance(item.op, ast.Add):
            stack.append(item.right)
            stack.append(item.left)
        else:
            yield item


def is_string(node: ast.AST, literal_of: LiteralOf) -> bool:
    """Whether ``node`` is certainly a ``str``: a literal, an f-string, or built from one."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Name):
        return literal_of(node) is not None
    if isinstance(node, ast.BinOp):
        return _is_string_operation(node, literal_of)
    if isinstance(node, ast.Call):
        return _is_string_call(node, literal_of)
    return False


def _is_string_operation(node: ast.BinOp, literal_of: LiteralOf) -> bool:
    """A ``+`` chain with a string operand, or a ``%`` whose template is a string."""
    if isinstance(node.op, ast.Add):
        return any(
            isinstance(item, (ast.Constant, ast.JoinedStr, ast.Name)) and is_string(item, literal_of)
            for item in _operands(node)
        )
    if isinstance(node.op, ast.Mod):
        return is_string(node.left, literal_of)
    return False


def _is_string_call(node: ast.Call, literal_of: LiteralOf) -> bool:
    """``"...".format(...)`` on a string, or a translation of a literal: ``_("...")``."""
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr in _FORMAT_METHODS:
        return is_string(func.value, literal_of)
    if isinstance(func, ast.Name) and (func.id.startswith("_") or func.id in _TRANSLATORS):
        return bool(node.args) and _is_text(node.args[0])
    return False


def is_constant_text(node: ast.AST, literal_of: LiteralOf) -> bool:
    """Text known without running anything: literals, ``"-" * 78``, ``"a" if x else "b"``, literal locals."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (str, int)) and not isinstance(node.value, bool)
    if isinstance(node, ast.JoinedStr):
        return not any(isinstance(value, ast.FormattedValue) for value in node.values)
    if isinstance(node, ast.Name):
        return literal_of(node) is not None
    if isinstance(node, ast.IfExp):
        return is_constant_text(node.body, literal_of) and is_constant_text(node.orelse, literal_of)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return is_constant_text(node.left, literal_of) and is_constant_text(node.right, literal_of)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return all(is_constant_text(item, literal_of) for item in _operands(node))
    return False


def eager_kind(message: ast.AST, literal_of: LiteralOf) -> Optional[str]:
    """How a message was formatted before the call: ``percent``, ``fstring``, ``format``, ``concat``."""
    if isinstance(message, ast.JoinedStr):
        return "fstring" if any(isinstance(value, ast.FormattedValue) for value in message.values) else None
    if isinstance(message, ast.BinOp):
        return _eager_operation(message, literal_of)
    if isinstance(message, ast.Call):
        return "format" if _is_format_call(message, literal_of) else None
    return None


def _eager_operation(message: ast.BinOp, literal_of: LiteralOf) -> Optional[str]:
    """``percent`` for a ``%`` on a string template, ``concat`` for a ``+`` that formats a value."""
    if isinstance(message.op, ast.Mod):
        return "percent" if is_string(message.left, literal_of) else None
    if not isinstance(message.op, ast.Add):
        return None
    if all(is_constant_text(item, literal_of) for item in _operands(message)):
        return None  # a template pieced together from literals: no value is formatted
    return "concat" if is_string(message, literal_of) else None


def _is_format_call(message: ast.Call, literal_of: LiteralOf) -> bool:
    """``template.format(...)`` on a string, or ``str.format(template, ...)``."""
    func = message.func
    if not (isinstance(func, ast.Attribute) and func.attr in _FORMAT_METHODS):
        return False
    if is_string(func.value, literal_of):
        return True
    if isinstance(func.value, ast.Name) and func.value.id == "str" and message.args:
        return is_string(message.args[0], literal_of)
    return False


# -- message style ---------------------------------------------------------------------------

_TRAILING_PUNCTUATION = ":;,.!?)"


def capitalisation(text: str) -> Optional[str]:
    """``upper`` or ``lower`` for a message whose first word is a plain word, else ``None``.

    A first word that is an acronym (``HTTP``), an identifier (``os.fork()``,
    ``pid=%d``, ``macOS``) or has digits could not be written the other way, so it
    shows no choice of style.
    """
    if not text or not text[0].isalpha():
        return None
    word = text.split(None, 1)[0].rstrip(_TRAILING_PUNCTUATION)
    rest = word[1:].replace("'", "").replace("-", "")
    if rest and not (rest.isalpha() and rest.islower()):
        return None
    return "upper" if word[0].isupper() else "lower" if word[0].islower() else None


def trailing_period(text: str) -> Optional[bool]:
    """Whether a message ends in a single period; ``None`` unless it ends in a letter, digit or one ``.``."""
    if not text or not text[0].isalpha():
        return None
    last = text[-1]
    if last == ".":
        return None if text.endswith("..") else True
    return False if last.isalnum() else None
