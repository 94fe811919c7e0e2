"""Per-file facts of the project index: a compact, picklable summary of one module.

For the file being checked the facts come from the shared walk of its
:class:`~flake8_review.context.FileContext`; for the other files of the project
the index parses each one and runs the very same extraction, so a file reads
the same whichever side of a question it is on.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from typing import Dict, FrozenSet, Iterator, List, NamedTuple, Optional, Set, Tuple

from flake8_review.context import FUNCTION_TYPES, FileContext, NodeIndex, per_file
from flake8_review.log_helpers import FACTORIES, log_facts
from flake8_review.options import Settings
from flake8_review.registration_facts import (
    Registration, Selves, registrations, self_owner, wrapper_functions,
)
from flake8_review.unused_body_helpers import value_references
from flake8_review.unused_helpers import dispatch_prefixes, self_names

#: files bigger than this are not parsed: their words count as references
MAX_BYTES = 2_000_000


class FileFacts(NamedTuple):
    """The summary of one file that the index keeps: names only, no trees.

    ``registrations`` holds plain tuples in :class:`Registration` field order,
    because the disk cache accepts no custom classes.
    """

    names: FrozenSet[str]  # names loaded and not bound in the file (all loaded ones with a star import)
    imports: FrozenSet[str]  # names imported by ``from ... import name``
    attrs: FrozenSet[str]  # attribute names read on anything but a method's self/cls
    strings: FrozenSet[str]  # names that string literals refer to
    self_reads: Tuple[Tuple[str, FrozenSet[str]], ...]  # (class, members read on self/cls or in its body)
    dynamic: FrozenSet[str]  # classes whose methods read self's attributes by computed names
    classes: Tuple[Tuple[str, Tuple[str, ...]], ...]  # (class, dotted base texts, imports expanded)
    loggers: Tuple[str, ...]  # module-level names bound to getLogger(...) / LoggerAdapter(...)
    registrations: Tuple[tuple, ...]  # REV303: plain tuples, see Registration
    parsed: bool  # False: the file could not be parsed, names and attrs hold its words
    prefixes: Tuple[Tuple[str, FrozenSet[str]], ...] = ()  # (class or '', prefixes of computed names)
    combined: FrozenSet[str] = frozenset()  # classes listed in a bases tuple built at run time
    wrappers: FrozenSet[str] = frozenset()  # REV303: top-level functions that return a wrapper
    values: FrozenSet[str] = frozenset()  # REV803: names and attribute names loaded but not called

    def references(self) -> FrozenSet[str]:
        """Everything that may refer to a module-level name of another module."""
        return self.names | self.imports | self.attrs | self.strings

    def member_references(self) -> FrozenSet[str]:
        """Everything that may refer to a member of any class."""
        return self.attrs | self.strings

    def registration_list(self) -> List[Registration]:
        """The registrations as :class:`Registration` records."""
        return [Registration._make(item) for item in self.registrations]


class LocalUses(NamedTuple):
    """Facts of the file being checked that the index does not keep for other files."""

    loaded: FrozenSet[str]  # every name loaded (or deleted, or augmented) anywhere in the file
    uses_globals: bool  # ``globals()`` or a bare ``vars()``: names may be read by computed keys
    star_import: bool  # ``from x import *``


_REFERENCE = re.compile(r"[A-Za-z_]\w*(?:[.:][A-Za-z_]\w*)*\Z")
_WORD = re.compile(r"[A-Za-z_]\w*")


def string_names(text: str) -> Tuple[str, ...]:
    """The names a string literal may refer to: itself, or the last component of a dotted or
    ``module:attr`` path, and every component after the colon (``pkg.mod:Class.method``)."""
    if len(text) > 200 or not _REFERENCE.match(text):
        return ()
    _, colon, tail = text.rpartition(":")
    found = [tail.rsplit(".", 1)[-1]]
    if colon:
        found.extend(tail.split("."))
    return tuple(found)


def is_read(ctx: FileContext, node: ast.AST) -> bool:
    """A ``Name``/``Attribute`` that reads: load, del, or the target of an augmented assignment."""
    if not isinstance(node.ctx, ast.Store):  # type: ignore[attr-defined]
        return True
    parent = ctx.parent(node)
    return isinstance(parent, ast.AugAssign) and parent.target is node


def _other_bindings(ctx: FileContext) -> Iterator[str]:
    """Names bound by parameters, definitions, ``except ... as`` and match patterns."""
    for node in ctx.nodes(ast.arg):
        yield node.arg  # type: ignore[attr-defined]
    for node in ctx.each(*FUNCTION_TYPES, ast.ClassDef):
        yield node.name  # type: ignore[attr-defined]
    for node_type, field in (("ExceptHandler", "name"), ("MatchAs", "name"), ("MatchStar", "name"),
                             ("MatchMapping", "rest")):
        found = getattr(ast, node_type, None)
        if found is not None:
            yield from (getattr(node, field) for node in ctx.nodes(found) if getattr(node, field, None))


class _Names(NamedTuple):
    loaded: Set[str]
    bound: Set[str]
    class_reads: Dict[str, Set[str]]  # names loaded in a class body


def _names(ctx: FileContext) -> _Names:
    found = _Names(set(), set(_other_bindings(ctx)), {})
    for node in ctx.nodes(ast.Name):
        name = node.id  # type: ignore[attr-defined]
        if not is_read(ctx, node):
            found.bound.add(name)
            continue
        found.loaded.add(name)
        scope = ctx.scope(node)
        if isinstance(scope, ast.ClassDef):
            found.class_reads.setdefault(scope.name, set()).add(name)
    return found


def _imports(ctx: FileContext) -> Tuple[Set[str], bool]:
    names = {alias.name for node in ctx.nodes(ast.ImportFrom) for alias in node.names}  # type: ignore
    star = "*" in names
    names.discard("*")
    return names, star


def _attributes(
    ctx: FileContext, selves: Selves, self_reads: Dict[str, Set[str]]
) -> Tuple[Set[str], Set[str]]:
    """Attribute names read on other objects, and classes that read ``self.__dict__``."""
    attrs: Set[str] = set()
    dynamic: Set[str] = set()
    for node in ctx.nodes(ast.Attribute):
        if not is_read(ctx, node):
            continue
        attr = node.attr  # type: ignore[attr-defined]
        owner = self_owner(ctx, selves, node, node.value)  # type: ignore[attr-defined]
        if not owner:
            attrs.add(attr)
            continue
        self_reads.setdefault(owner, set()).add(attr)
        if attr == "__dict__":
            dynamic.add(owner)
    return attrs, dynamic


def _dynamic_calls(ctx: FileContext, selves: Selves, dynamic: Set[str]) -> bool:
    """Add classes calling ``vars(self)``/``getattr(self, name)``; whether ``globals()`` is called."""
    uses_globals = False
    for node in ctx.nodes(ast.Call):
        func = node.func  # type: ignore[attr-defined]
        name = func.id if isinstance(func, ast.Name) else ""
        args = node.args  # type: ignore[attr-defined]
        if name == "globals" or (name == "vars" and not args):
            uses_globals = True
        elif name in ("vars", "getattr") and args and _computed_attribute(name, args):
            owner = self_owner(ctx, selves, node, args[0])
            if owner:
                dynamic.add(owner)
    return uses_globals


def _computed_attribute(name: str, args: List[ast.expr]) -> bool:
    if name == "vars":
        return True
    return len(args) > 1 and not (isinstance(args[1], ast.Constant) and isinstance(args[1].value, str))


@per_file
def file_facts(ctx: FileContext) -> Tuple[FileFacts, LocalUses]:
    """The file's :class:`FileFacts`, from the shared walk, and what only its own checks need."""
    selves = self_names(ctx)
    names = _names(ctx)
    imports, star = _imports(ctx)
    self_reads = names.class_reads
    attrs, dynamic = _attributes(ctx, selves, self_reads)
    uses_globals = _dynamic_calls(ctx, selves, dynamic)
    facts = FileFacts(
        names=frozenset(names.loaded if star else names.loaded - names.bound),
        imports=frozenset(imports),
        attrs=frozenset(attrs),
        strings=_strings(ctx),
        self_reads=tuple((name, frozenset(reads)) for name, reads in self_reads.items()),
        dynamic=frozenset(dynamic),
        classes=tuple((cls.name, _base_texts(ctx, cls)) for cls in ctx.nodes(ast.ClassDef)),  # type: ignore
        loggers=_loggers(ctx),
        registrations=tuple(tuple(item) for item in registrations(ctx, selves)),
        parsed=True,
        prefixes=tuple(dispatch_prefixes(ctx).items()),
        combined=_combined(ctx),
        wrappers=wrapper_functions(ctx),
        values=value_references(ctx),
    )
    return facts, LocalUses(frozenset(names.loaded), uses_globals, star)


@per_file
def local_uses(ctx: FileContext) -> LocalUses:
    """The :class:`LocalUses` of :func:`file_facts` alone, for a file whose facts the index has."""
    loaded = frozenset(node.id for node in ctx.nodes(ast.Name) if is_read(ctx, node))  # type: ignore
    return LocalUses(loaded, _dynamic_calls(ctx, self_names(ctx), set()), _imports(ctx)[1])


_DOCTEST_LINE = re.compile(r"^\s*(?:>>>|\.\.\.)\s(.*)$", re.MULTILINE)


def _strings(ctx: FileContext) -> FrozenSet[str]:
    """Names string literals refer to, and every identifier of the code in doctest examples."""
    found: Set[str] = set()
    for node in ctx.nodes(ast.Constant):
        value = node.value  # type: ignore[attr-defined]
        if not isinstance(value, str):
            continue
        parent = ctx.parent(node)
        if not isinstance(parent, (ast.Expr, ast.JoinedStr)):
            found.update(string_names(value))
        elif isinstance(parent, ast.Expr) and ">>>" in value:
            for line in _DOCTEST_LINE.findall(value):
                found.update(_WORD.findall(line))
    return frozenset(found)


def _combined(ctx: FileContext) -> FrozenSet[str]:
    """Classes put together at run time: the bases of ``type(name, (A, B), ns)`` and of
    tuples assigned to a name containing ``bases`` (``bases = (A, B)``)."""
    found: Set[str] = set()
    for node in ctx.each(ast.Tuple, ast.List):
        parent = ctx.parent(node)
        called = isinstance(parent, ast.Call) and getattr(parent.func, "id", "") == "type"
        targets = parent.targets if isinstance(parent, ast.Assign) else []
        named = any("bases" in getattr(target, "id", "").lower() for target in targets)
        if called or named:
            found.update(element.attr if isinstance(element, ast.Attribute) else getattr(element, "id", "")
                         for element in node.elts)  # type: ignore[attr-defined]
    found.discard("")
    return frozenset(found)


def _base_texts(ctx: FileContext, cls: ast.ClassDef) -> Tuple[str, ...]:
    """Each base's dotted text with imports expanded; ``''`` for an expression that names nothing."""
    return tuple(ctx.resolve(base.value if isinstance(base, ast.Subscript) else base) for base in cls.bases)


def _loggers(ctx: FileContext) -> Tuple[str, ...]:
    """Module-level logger names (REV513), asked of the REV5 model only when a factory is called."""
    for node in ctx.nodes(ast.Call):
        func = node.func  # type: ignore[attr-defined]
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in FACTORIES:
            return tuple(log_facts(ctx).module_loggers)
    return ()


class _QuietIndex(NodeIndex):
    """The shared walk of a file the index reads: not counted among the walks of checked files."""

    def __init__(self, tree: ast.AST) -> None:
        super().__init__(tree, counted=False)


def words_facts(text: str) -> FileFacts:
    """Facts of a file that cannot be parsed: every identifier-like word may be a reference."""
    words = frozenset(_WORD.findall(text))
    empty: FrozenSet[str] = frozenset()
    return FileFacts(words, empty, words, empty, (), empty, (), (), (), False, (), empty)


#: key of a file parsed for the index in this process → its :class:`LocalUses`, until its check takes
#: them (:func:`fresh_uses`): a cold run then works them out once per file, not twice
_FRESH_USES: Dict[str, LocalUses] = {}


def fresh_uses(key: str) -> Optional[LocalUses]:
    """The :class:`LocalUses` kept when the file with this index key was parsed in this run (once)."""
    return _FRESH_USES.pop(key, None)


def facts_from_source(source: bytes, path: str, settings: Settings, keep: str = "") -> FileFacts:
    """Parse one file's bytes and extract its facts; text that will not parse gives :func:`words_facts`.

    With ``keep`` (the file's index key), the file's :class:`LocalUses` are kept for :func:`fresh_uses`.
    """
    if len(source) > MAX_BYTES:
        return words_facts(source.decode("utf-8", "replace"))
    try:
        tree = ast.parse(source, filename=path)
        ctx = FileContext(tree, _decode(source).splitlines(True), path, settings)
        ctx.__dict__["index"] = _QuietIndex(tree)  # the slot of FileContext.index, a cached_property
        facts, uses = file_facts(ctx)
    except (SyntaxError, ValueError, RecursionError, MemoryError, LookupError):
        return words_facts(source.decode("utf-8", "replace"))
    if keep:
        _FRESH_USES[keep] = uses
    ctx.facts.clear()  # memos may point back at the context: free the tree now, not at the next GC
    ctx.__dict__.clear()
    return facts


def _decode(source: bytes) -> str:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
        return source.decode(encoding)
    except (SyntaxError, LookupError, UnicodeError):
        return source.decode("utf-8", "replace")
