"""The REV9 model: which calls reach dangerous APIs, and pure judgements about strings.

Phase one gathers, once per file, the calls the security checks care about
(:func:`security_calls`): each call's callee is resolved through the module's
imports (``from subprocess import run as sh`` makes ``sh(...)`` a
``subprocess.run`` call), and a module attribute counts only when its head
really is an imported name that nothing closer rebinds. Phase two, the checks
in ``checkers/security.py``, judge those calls with the helpers below: is an
expression a string literal, how was a string built (``%``, f-string,
``str.format``, ``+``), which of its interpolated values are provably harmless
(numbers, ``shlex.quote``, SQL placeholders and quoting), and does a
secret-looking literal look like a real secret. The tree is never walked
here; only a call's own arguments are looked into.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Dict, Iterator, List, NamedTuple, Optional, Tuple

from flake8_review.context import FileContext, dotted_name, per_file

#: last components of the callees any REV9 check may want; other calls are skipped at once
_INTERESTING = frozenset({
    "eval", "exec",
    "run", "call", "check_call", "check_output", "Popen", "getoutput", "getstatusoutput",
    "system", "popen", "create_subprocess_shell",
    "load", "loads", "Unpickler", "open", "load_all",
    "_create_unverified_context", "mktemp", "md5", "sha1", "new",
})

#: callee names whose first argument is SQL (REV907)
SQL_METHODS = frozenset({"execute", "executemany", "raw", "text"})

#: builtins a module may shadow; a shadowed one is not the builtin any more
BUILTIN_CALLS = frozenset({"eval", "exec"})

_MATCH_CAPTURES = tuple(
    node_type for node_type in (getattr(ast, "MatchAs", None), getattr(ast, "MatchStar", None)) if node_type
)
_BINDERS = (
    ast.Name, ast.arg, ast.alias, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Global,
    ast.Nonlocal, ast.ExceptHandler, *_MATCH_CAPTURES,
)


# -- names: what binds a name where it is read ---------------------------------------------------

def _bound_by(node: ast.AST) -> Tuple[str, ...]:
    """The names a binding node binds (a ``Name`` only when stored or deleted)."""
    if isinstance(node, ast.Name):
        return () if isinstance(node.ctx, ast.Load) else (node.id,)
    if isinstance(node, ast.arg):
        return (node.arg,)
    if isinstance(node, ast.alias):
        return (node.asname or node.name.split(".", 1)[0],)
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        return tuple(node.names)
    name = getattr(node, "name", None)  # def, class, except ... as name, match captures
    return (name,) if isinstance(name, str) else ()


class Names:
    """Which nodes bind each name, scope by scope, built lazily for the scopes asked about."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self._scopes: Dict[ast.AST, Dict[str, List[ast.AST]]] = {}
        declarations = ctx.nodes(ast.Global)
        self._globals = frozenset(
            name for node in declarations for name in node.names  # type: ignore[attr-defined]
        )

    def bindings(self, scope: ast.AST) -> Dict[str, List[ast.AST]]:
        """Name → the nodes binding it directly in ``scope``: stores, parameters, imports, defs..."""
        found = self._scopes.get(scope)
        if found is None:
            found = {}
            for node in self.ctx.in_scope(scope, *_BINDERS):
                for name in _bound_by(node):
                    found.setdefault(name, []).append(node)
            self._scopes[scope] = found
        return found

    def visible_scopes(self, node: ast.AST) -> Iterator[ast.AST]:
        """The scopes a name read at ``node`` is looked up in: its own, enclosing functions, the module."""
        ctx = self.ctx
        scope: ast.AST = ctx.scope(node)
        yield scope
        while scope is not ctx.tree:
            scope = ctx.scope(scope)
            if not isinstance(scope, ast.ClassDef):  # class bodies do not enclose
                yield scope

    def binders(self, node: ast.AST, name: str) -> List[ast.AST]:
        """The bindings of ``name`` in the innermost scope that binds it where ``node`` reads it."""
        for scope in self.visible_scopes(node):
            found = self.bindings(scope).get(name)
            if found:
                if scope is self.ctx.tree and name in self._globals:
                    return [*found, *found]  # functions rebind it too: never one assignment
                return found
        return []

    def is_bound(self, node: ast.AST, name: str) -> bool:
        """Whether the module binds ``name`` where ``node`` reads it (then it is no builtin)."""
        return bool(self.binders(node, name))

    def import_shadowed(self, node: ast.AST, name: str) -> bool:
        """Whether ``name`` read at ``node`` is bound by something other than an import (a parameter...)."""
        return not all(isinstance(binding, ast.alias) for binding in self.binders(node, name))

    def single_assignment(self, name: ast.Name) -> Optional[ast.Assign]:
        """The one plain assignment ``name = value`` binding ``name`` where it is read, if exactly one.

        A parameter, an import, ``global``, augmented assignments, loops or several
        assignments make the value unknown.
        """
        found = self.binders(name, name.id)
        if len(found) != 1:
            return None
        statement = self.ctx.parent(found[0])
        if isinstance(statement, ast.Assign) and statement.targets == found:
            return statement
        return None

    def loops_over_literals(self, name: ast.Name) -> bool:
        """``name`` is bound once, as the target of a ``for`` over a literal tuple or list of constants."""
        found = self.binders(name, name.id)
        loop = self.ctx.parent(found[0]) if len(found) == 1 else None
        return (
            isinstance(loop, (ast.For, ast.AsyncFor))
            and loop.target is found[0]
            and isinstance(loop.iter, (ast.Tuple, ast.List, ast.Set))
            and all(isinstance(item, ast.Constant) for item in loop.iter.elts)
        )


@per_file
def names(ctx: FileContext) -> Names:
    """The file's :class:`Names`."""
    return Names(ctx)


# -- calls ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SecurityCalls:
    """The calls of one file that some REV9 check looks at."""

    by_origin: Dict[str, Tuple[ast.Call, ...]]  # resolved callee ("subprocess.run") → calls
    sql: Tuple[ast.Call, ...]  # calls of a callee named execute/executemany/raw/text
    verify_false: Tuple[ast.Call, ...]  # calls passing verify=False


def imported_origin(ctx: FileContext, node: ast.AST) -> str:
    """Dotted origin of a name or attribute chain whose head is an imported name, else ``''``."""
    text = "" if isinstance(node, ast.Call) else dotted_name(node)
    head, _, rest = text.partition(".")
    origin = ctx.import_aliases.get(head) if head else None
    if origin is None or origin.startswith(".") or names(ctx).import_shadowed(node, head):
        return ""
    return f"{origin}.{rest}" if rest else origin


def _last_name(func: ast.AST, aliases: Dict[str, str]) -> str:
    """The callee's last name, through an import alias for a plain name (``sh`` → ``run``)."""
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return aliases.get(func.id, func.id).rsplit(".", 1)[-1]
    return ""


@per_file
def security_calls(ctx: FileContext) -> SecurityCalls:
    """Phase one: one pass over the file's calls, resolving only the interesting ones."""
    aliases = ctx.import_aliases
    by_origin: Dict[str, List[ast.Call]] = {}
    sql: List[ast.Call] = []
    verify: List[ast.Call] = []
    for call in ctx.nodes(ast.Call):
        if is_constant(keyword_value(call, "verify"), False):  # type: ignore[arg-type]
            verify.append(call)  # type: ignore[arg-type]
        last = _last_name(call.func, aliases)  # type: ignore[attr-defined]
        if last in SQL_METHODS:
            sql.append(call)  # type: ignore[arg-type]
        elif last in _INTERESTING:
            origin = _origin_of(ctx, call, last)  # type: ignore[arg-type]
            if origin:
                by_origin.setdefault(origin, []).append(call)  # type: ignore[arg-type]
    return SecurityCalls({key: tuple(value) for key, value in by_origin.items()}, tuple(sql), tuple(verify))


def _origin_of(ctx: FileContext, call: ast.Call, last: str) -> str:
    """The resolved callee: through the imports, or ``builtins.eval`` for an ``eval`` nothing rebinds."""
    origin = imported_origin(ctx, call.func)
    if origin or last not in BUILTIN_CALLS or not isinstance(call.func, ast.Name):
        return origin
    return "" if names(ctx).is_bound(call, last) else f"builtins.{last}"


def calls_of(ctx: FileContext, *origins: str) -> List[ast.Call]:
    """Calls whose callee resolves to one of ``origins``, in source order."""
    table = security_calls(ctx).by_origin
    found = [call for origin in origins for call in table.get(origin, ())]
    found.sort(key=lambda node: (node.lineno, node.col_offset))
    return found


def callee_text(node: ast.AST) -> str:
    """A callee as written: ``self.cursor.execute``, ``super().cert_verify``, ``get_db().execute``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{callee_text(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return f"{callee_text(node.func)}()"
    return "..."


def shown_call(call: ast.Call, origin: str = "") -> str:
    """How a message names a call: ``p.loads()``, with the resolved origin when an alias hides it."""
    written = callee_text(call.func)
    if origin and origin != written and not origin.startswith("builtins."):
        return f"{written}() ({origin})"
    return f"{written}()"


def is_constant(node: Optional[ast.AST], value: object) -> bool:
    """The literal ``value`` itself (``True``, ``False``, ``None``), not merely an equal one."""
    return isinstance(node, ast.Constant) and node.value is value


def keyword_value(call: ast.Call, name: str) -> Optional[ast.expr]:
    """The value passed as keyword ``name``, if any."""
    return next((keyword.value for keyword in call.keywords if keyword.arg == name), None)


def has_star_args(call: ast.Call) -> bool:
    """``*args`` or ``**kwargs`` in the call: any argument may be there."""
    return any(keyword.arg is None for keyword in call.keywords) or any(
        isinstance(arg, ast.Starred) for arg in call.args
    )


def argument(call: ast.Call, position: int, name: str = "") -> Optional[ast.expr]:
    """The argument at ``position`` (or passed as ``name``); ``None`` when ``*args`` may hide it."""
    for index, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred):
            return None
        if index == position:
            return arg
    return keyword_value(call, name) if name else None


# -- strings -------------------------------------------------------------------------------------

def literal_text(ctx: FileContext, node: Optional[ast.AST], depth: int = 0) -> Optional[str]:
    """The text of a string literal, a constant-only f-string, a ``+`` of those, or a name assigned one.

    A name counts when exactly one plain assignment binds it where it is read.
    """
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        parts = [value.value for value in node.values if isinstance(value, ast.Constant)]
        return "".join(parts) if len(parts) == len(node.values) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        # flattened, not recursive: chains can be long (and operands are never a + again)
        texts = [literal_text(ctx, operand, depth) for operand in Interpolation.flatten_add(node)]
        return None if None in texts else "".join(texts)  # type: ignore[arg-type]
    assignment = names(ctx).single_assignment(node) if isinstance(node, ast.Name) and depth < 3 else None
    return literal_text(ctx, assignment.value, depth + 1) if assignment is not None else None


def is_literal(ctx: FileContext, node: Optional[ast.AST]) -> bool:
    """A string (or bytes) literal in any of the forms :func:`literal_text` accepts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, bytes):
        return True
    return literal_text(ctx, node) is not None


def followed_value(ctx: FileContext, node: ast.expr) -> Tuple[ast.expr, Optional[ast.Assign]]:
    """``node``, or the value a name read there was assigned exactly once (with that assignment)."""
    if isinstance(node, ast.Name):
        assignment = names(ctx).single_assignment(node)
        if assignment is not None:
            return assignment.value, assignment
    return node, None


class Built(NamedTuple):
    """A string built at run time from a literal template and interpolated values."""

    how: str  # "% formatting", "an f-string", "str.format()", "+ concatenation"
    template: str  # the literal parts, each interpolation shown as " ? "
    unsafe: Tuple[ast.expr, ...]  # interpolated values not provably harmless


#: %-conversions whose value is a number (or ``%%``): nothing can be injected through them
_NUMERIC_CONVERSIONS = frozenset("diouxXeEfFgG%")
_PERCENT_SPEC = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d*))?[hlL]?(?P<conv>.?)", re.DOTALL
)
_NUMERIC_SPEC = re.compile(r"[^{}]*[bcdoxXneEfFgG%]$")
#: builtins whose result is a number: a number interpolated into a command or query injects nothing
_NUMERIC_CALLS = frozenset({"int", "len", "float", "abs", "round", "bool", "hash", "id", "ord"})
#: quoting functions that make a value one shell word
_SHELL_QUOTES = frozenset({"shlex.quote", "pipes.quote", "shlex.join"})
#: functions of database APIs that quote an identifier or a value for SQL (Django, psycopg, MySQLdb)
_SQL_QUOTERS = frozenset({
    "quote_name", "quote_ident", "quote_identifier", "escape_identifier", "escape_string", "quote_value",
})
#: SQL placeholder text: ?, %s, :1, $1 and separators (built with "?" * n or ", ".join(["?"] * n))
_PLACEHOLDERS = re.compile(r"^(?:\s|,|\(|\)|\?|%s|:\d+|\$\d+)*$")


class Interpolation:
    """Judges strings built for one purpose, ``"shell"`` or ``"sql"`` (or ``"code"``: no harmless values).

    :meth:`built` says how a string was built and which interpolated values are not
    provably harmless: literals and numbers are harmless everywhere; values quoted
    with ``shlex.quote``/``shlex.join`` for the shell; placeholder lists, values
    quoted by a driver's ``quote_name()`` and quotes escaped by doubling for SQL.
    A name assigned exactly once is judged by its value.
    """

    def __init__(self, ctx: FileContext, purpose: str) -> None:
        self.ctx = ctx
        self.purpose = purpose

    def built(self, node: ast.AST) -> Optional[Built]:
        """How ``node`` builds a string from a literal and other values; ``None`` unless provably so."""
        if isinstance(node, ast.JoinedStr):
            return self._fstring(node)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            return self._percent(node)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self._concatenation(node)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
            template = literal_text(self.ctx, node.func.value)
            if template is not None:
                values = [*node.args, *(keyword.value for keyword in node.keywords)]
                return Built("str.format()", re.sub(r"\{[^{}]*\}", " ? ", template), self._unsafe(values))
        return None

    def _unsafe(self, values: List[ast.expr]) -> Tuple[ast.expr, ...]:
        return tuple(value for value in values if not self.harmless(value))

    def _fstring(self, node: ast.JoinedStr) -> Optional[Built]:
        parts: List[str] = []
        values: List[ast.expr] = []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                parts.append(" ? ")
                spec = literal_text(self.ctx, value.format_spec) if value.format_spec is not None else None
                if value.conversion != -1 or spec is None or not _NUMERIC_SPEC.match(spec):
                    values.append(value.value)  # not formatted as a number
            elif isinstance(value, ast.Constant):
                parts.append(str(value.value))
        if not any(isinstance(value, ast.FormattedValue) for value in node.values):
            return None  # no replacement field
        return Built("an f-string", "".join(parts), self._unsafe(values))

    def _percent(self, node: ast.BinOp) -> Optional[Built]:
        template = literal_text(self.ctx, node.left)
        if template is None:
            return None
        specs = list(_PERCENT_SPEC.finditer(template))
        shown = _PERCENT_SPEC.sub(lambda match: "%" if match.group("conv") == "%" else " ? ", template)
        return Built("% formatting", shown, self._unsafe(_percent_values(specs, node.right)))

    def _concatenation(self, node: ast.BinOp) -> Optional[Built]:
        parts: List[str] = []
        unsafe: List[ast.expr] = []
        has_literal = False
        for operand in self.flatten_add(node):
            text, operand_unsafe = self._operand(operand)
            has_literal = has_literal or text is not None
            parts.append(" ? " if text is None else text)
            unsafe.extend(operand_unsafe)
        return Built("+ concatenation", "".join(parts), tuple(unsafe)) if has_literal else None

    @staticmethod
    def flatten_add(node: ast.BinOp) -> List[ast.expr]:
        """The operands of ``a + b + c``, left to right."""
        operands: List[ast.expr] = []
        pending: List[ast.expr] = [node]
        while pending:
            current = pending.pop()
            if isinstance(current, ast.BinOp) and isinstance(current.op, ast.Add):
                pending.extend((current.right, current.left))
            else:
                operands.append(current)
        return operands

    def _operand(self, operand: ast.expr) -> Tuple[Optional[str], Tuple[ast.expr, ...]]:
        """One operand of ``+``: its literal text (``None`` if it has none) and its unsafe values."""
        text = literal_text(self.ctx, operand)
        if text is not None:
            return text, ()
        inner = self.built(operand) if isinstance(operand, (ast.JoinedStr, ast.BinOp)) else None
        if inner is not None:
            return inner.template, inner.unsafe
        return None, self._unsafe([operand])

    def harmless(self, node: ast.AST, depth: int = 0) -> bool:
        """A value that cannot inject anything when interpolated for this purpose."""
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.Name) and depth < 3:
            if names(self.ctx).loops_over_literals(node):
                return True  # for kind in ("INSERT", "REPLACE"): ...
            assignment = names(self.ctx).single_assignment(node)
            return assignment is not None and self.harmless(assignment.value, depth + 1)
        if isinstance(node, ast.Call):
            return self._harmless_call(node, depth)
        return self.purpose == "sql" and _placeholder_sequence(node)

    def _harmless_call(self, call: ast.Call, depth: int) -> bool:
        func = call.func
        builtin = func.id if isinstance(func, ast.Name) else ""
        if builtin and names(self.ctx).is_bound(call, builtin):
            builtin = ""  # the module's own function of that name
        if builtin in _NUMERIC_CALLS:
            return True
        if builtin == "str" and len(call.args) == 1:
            return self.harmless(call.args[0], depth)  # the text of a harmless value: str(int(pid))
        if self.purpose == "shell" and imported_origin(self.ctx, func) in _SHELL_QUOTES:
            return True
        quoter = _last_name(func, {}).lstrip("_") in _SQL_QUOTERS  # quote_name(), _quote_value()...
        if self.purpose == "sql" and (quoter or _escapes_quotes(call)):
            return True
        if isinstance(func, ast.Attribute) and func.attr == "join" and len(call.args) == 1:
            return literal_text(self.ctx, func.value) is not None and self._harmless_items(call.args[0])
        return False

    def _harmless_items(self, items: ast.AST) -> bool:
        """The argument of ``sep.join(...)``: every item it yields is harmless."""
        if isinstance(items, (ast.GeneratorExp, ast.ListComp)):
            return self.harmless(items.elt)
        if isinstance(items, (ast.List, ast.Tuple)):
            return all(self.harmless(item) for item in items.elts)
        if isinstance(items, ast.Call) and isinstance(items.func, ast.Name) and items.func.id == "map":
            quoting = bool(items.args) and imported_origin(self.ctx, items.args[0]) in _SHELL_QUOTES
            return self.purpose == "shell" and quoting
        return self.purpose == "sql" and _placeholder_sequence(items)


def _percent_values(specs: List[re.Match], right: ast.expr) -> List[ast.expr]:
    """The values a ``%`` format interpolates as text (numeric conversions left out)."""
    conversions = [spec.group("conv") for spec in specs if spec.group("conv") != "%"]
    if all(conversion in _NUMERIC_CONVERSIONS for conversion in conversions):
        return []  # numbers only, whatever the values are
    if isinstance(right, ast.Dict):
        keys = {spec.group("key"): spec.group("conv") for spec in specs if spec.group("key") is not None}
        return [
            value for key, value in zip(right.keys, right.values)
            if not isinstance(key, ast.Constant) or keys.get(key.value, "d") not in _NUMERIC_CONVERSIONS
        ]
    if not isinstance(right, ast.Tuple):
        return [right]
    starred = any("*" in spec.group(0) for spec in specs)
    starred = starred or any(isinstance(value, ast.Starred) for value in right.elts)
    if starred or len(right.elts) != len(conversions):
        return list(right.elts)
    pairs = zip(conversions, right.elts)
    return [value for conversion, value in pairs if conversion not in _NUMERIC_CONVERSIONS]


def _escapes_quotes(call: ast.Call) -> bool:
    """``value.replace("'", "''")`` or ``value.replace('"', '""')``: SQL's own quote escaping."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "replace" and len(call.args) == 2):
        return False
    old, new = call.args
    return (
        isinstance(old, ast.Constant) and old.value in ("'", '"')
        and isinstance(new, ast.Constant) and new.value == old.value * 2
    )


def _placeholder_sequence(node: ast.AST) -> bool:
    """``"?" * n``, ``["%s"] * n`` or ``n * ("?",)``: repeated SQL placeholders."""
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult)):
        return False
    for side in (node.left, node.right):
        items = side.elts if isinstance(side, (ast.List, ast.Tuple)) else [side]
        if items and all(
            isinstance(item, ast.Constant) and isinstance(item.value, str) and _PLACEHOLDERS.match(item.value)
            for item in items
        ):
            return True
    return False


#: SQL evidence in a template's literal parts: a statement's shape, or a clause keyword
_SQL = re.compile(
    r"^\s*(?:select\b.*\bfrom\b|insert\s+(?:or\s+\w+\s+)?into\b|update\b.*\bset\b|delete\s+from\b"
    r"|replace\s+into\b|(?:create|drop|alter)\s+(?:(?:temp|temporary|unique|virtual|or\s+replace)\s+)*"
    r"(?:table|index|view|trigger|database|schema|sequence)\b|truncate\s+(?:table\s+)?\S|pragma\s+\w"
    r"|with\s+(?:recursive\s+)?\w+\s+as\s*\()"
    r"|\b(?:where|order\s+by|group\s+by|inner\s+join|left\s+join|values\s*\(|limit\s+\?)",
    re.IGNORECASE | re.DOTALL,
)


def looks_like_sql(template: str) -> bool:
    """The literal parts of a built string read as SQL (a statement's start, or a clause)."""
    return bool(_SQL.search(template))


# -- messages ------------------------------------------------------------------------------------

_SHORT = 40


def short_text(node: ast.AST) -> str:
    """The expression's source text on one line, shortened and quoted for a message: ``'sys.argv[1]'``.

    Quoted by hand rather than with ``repr()``, whose escapes would garble code holding quotes.
    """
    try:
        text = " ".join(ast.unparse(node).split())
    except RecursionError:  # an absurdly deep expression: say less rather than fail
        return "'...'"
    return "'" + (text if len(text) <= _SHORT else text[: _SHORT - 3] + "...") + "'"


def describe_command(ctx: FileContext, node: ast.expr, purpose: str) -> Optional[str]:
    """How a message describes a string that is not provably harmless, ``None`` when it is."""
    value, assignment = followed_value(ctx, node)
    judge = Interpolation(ctx, purpose)
    if isinstance(value, (ast.List, ast.Tuple, ast.ListComp)):
        return None  # an argument list, not a command line
    if is_literal(ctx, value) or judge.harmless(value):
        return None  # a literal, or a quoted value
    built = judge.built(value)
    if built is None:
        how = short_text(value)
    elif built.unsafe:
        how = f"{built.how} from {short_text(built.unsafe[0])}"
    else:
        return None
    if assignment is not None:
        return f"{node.id!r} assigned {how} on line {assignment.lineno}"  # type: ignore[attr-defined]
    return how
