"""The REV7 model of a module's structure: its members, how they link, and classes' cohesion.

Everything is built once per file from :class:`~flake8_review.context.FileContext`
queries (the nodes of the shared walk, grouped by type and scope); only small
subtrees (one assignment, one method body statement) are looked into again.

- A *member* is a function or class defined in the module's own namespace
  (also inside a module-level ``if``/``try``); one name defined twice is one member.
- Two members are *linked* (REV708) when one references the other's name anywhere:
  body, annotations (string annotations too), decorators, defaults, bases. A
  module-level statement that names members passes them on to the variables it
  binds or fills (``HANDLERS = {"a": parse}``, ``TABLE[k] = f``: using ``HANDLERS``
  uses ``parse``) and ties together the members it names itself (one table, one
  registration call); a variable that names no member (a shared constant) links nothing.
- A class's *cohesion* (REV709, LCOM4) links its instance methods that use a
  common ``self.<attr>`` or call or name one another through ``self``. Methods
  that are not judged (dunders, plain getters and setters, static and class
  methods, methods of same-module bases) pass on what they use; the bare
  instance (``len(self)``) uses what the class's dunders use.
"""

from __future__ import annotations

import ast
import builtins
import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Set, Tuple

from flake8_review.classes import ancestors, foreign_bases, last_component, method_kind
from flake8_review.complexity import is_docstring
from flake8_review.context import FUNCTION_TYPES, FileContext, FunctionInfo, per_file

_DEFINITIONS = (*FUNCTION_TYPES, ast.ClassDef)
#: a string that may hold names: a forward reference, ``"pkg.mod:name"``, ``"List[Node]"``
_NAME_LIKE = re.compile(r"[\w.:\[\], |]{1,120}")
#: two words side by side: prose, not a reference
_PROSE = re.compile(r"[\w\]] +[\w\[]")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


class UnionFind:
    """Disjoint sets of hashable items."""

    def __init__(self, items: Iterable[str]) -> None:
        self.parent: Dict[str, str] = {item: item for item in items}

    def find(self, item: str) -> str:
        """The representative of ``item``'s set (with path halving)."""
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, first: str, second: str) -> None:
        """Merge the sets of ``first`` and ``second``."""
        root_first, root_second = self.find(first), self.find(second)
        if root_first != root_second:
            self.parent[root_second] = root_first

    def groups(self, order: List[str]) -> List[List[str]]:
        """The sets, each in ``order``, ordered by their first item."""
        found: Dict[str, List[str]] = {}
        for item in order:
            found.setdefault(self.find(item), []).append(item)
        return list(found.values())


# -- module members ---------------------------------------------------------------------------

@per_file
def module_members(ctx: FileContext) -> Dict[str, List[ast.AST]]:
    """Name → the functions and classes of the module's namespace defining it, in source order."""
    members: Dict[str, List[ast.AST]] = {}
    for node in ctx.nodes(*_DEFINITIONS):
        if ctx.scope(node) is ctx.tree:
            members.setdefault(node.name, []).append(node)  # type: ignore[attr-defined]
    return members


def _top_scope(ctx: FileContext, node: ast.AST, memo: Dict[ast.AST, ast.AST]) -> ast.AST:
    """The scope directly in the module that encloses ``node`` (the module itself for module code)."""
    scope: ast.AST = ctx.scope(node)
    path: List[ast.AST] = []
    top: ast.AST = ctx.tree
    while scope is not ctx.tree:
        if scope in memo:
            top = memo[scope]
            break
        path.append(scope)
        outer = ctx.scope(scope)
        if outer is ctx.tree:
            top = scope
            break
        scope = outer
    for inner in path:
        memo[inner] = top
    return top


def _assigned_names(statement: ast.AST) -> List[str]:
    """Names an assignment binds (``a, b = ...``); subscripts and attributes are not bindings."""
    return [name for name, plain in _targets(statement) if plain]


def _targets(statement: ast.AST) -> List[Tuple[str, bool]]:
    """``(name, plain)`` for what a statement binds or fills: ``x = ``, ``x[k] = ``, ``x.a = ``,
    ``for x in``, ``with ... as x``; ``plain`` is False for a subscript or attribute."""
    targets: List[ast.AST] = []
    if isinstance(statement, ast.Assign):
        targets = list(statement.targets)
    elif isinstance(statement, (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor)):
        targets = [statement.target]
    elif isinstance(statement, (ast.With, ast.AsyncWith)):
        targets = [item.optional_vars for item in statement.items if item.optional_vars is not None]
    found: List[Tuple[str, bool]] = []
    pending = [(target, True) for target in targets]
    while pending:
        target, plain = pending.pop()
        if isinstance(target, ast.Name):
            found.append((target.id, plain))
        elif isinstance(target, (ast.Tuple, ast.List)):
            pending.extend((element, plain) for element in target.elts)
        elif isinstance(target, ast.Starred):
            pending.append((target.value, plain))
        elif isinstance(target, (ast.Subscript, ast.Attribute)):
            pending.append((target.value, False))
    return found


_BINDINGS = (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor, ast.With, ast.AsyncWith)


class _Linker:
    """Collects which member references which, directly or through module variables.

    A module-level statement that names members passes them on to the variables it binds
    or fills (``TABLE = {...}``, ``TABLE[k] = f``, ``for x in TABLE``), and ties together
    the members it names itself (one table, one registration call).
    """

    def __init__(self, ctx: FileContext, members: Dict[str, List[ast.AST]]) -> None:
        self.ctx = ctx
        self.owner: Dict[ast.AST, str] = {node: name for name, nodes in members.items() for node in nodes}
        self.references: Dict[str, Set[str]] = {name: set() for name in members}
        self.variable_uses: Dict[str, Set[str]] = {name: set() for name in members}
        self.variable_members: Dict[str, Set[str]] = {}
        self.variable_variables: Dict[str, Set[str]] = {}
        self.ties: Dict[ast.AST, Set[str]] = {}
        self.scopes: Dict[ast.AST, ast.AST] = {}

    def where(self, node: ast.AST) -> Tuple[Optional[str], Optional[ast.AST]]:
        """The member whose code holds ``node``, else the module-level statement that does."""
        top = _top_scope(self.ctx, node, self.scopes)
        member = self.owner.get(top)
        if member is not None:
            return member, None
        anchor = node if top is self.ctx.tree else top
        statement = next((up for up in self.ctx.ancestors(anchor) if isinstance(up, ast.stmt)), None)
        member = self.owner.get(statement) if statement is not None else None
        return member, (None if member is not None else statement)

    def note(self, node: ast.AST, name: str, variable: bool, text: bool = False) -> None:
        """Record ``node``, a mention of ``name`` (a member, or a module variable)."""
        member, statement = self.where(node)
        if member is not None:
            if variable:
                self.variable_uses[member].add(name)
            elif name != member:
                self.references[member].add(name)
            return
        if statement is None or text:
            return
        bound = self.variable_variables if variable else self.variable_members
        for target, _ in _targets(statement):
            if target != name:
                bound.setdefault(target, set()).add(name)
        if not variable:
            self.ties.setdefault(statement, set()).add(name)

    def members_through(self, variable: str, memo: Dict[str, Set[str]]) -> Set[str]:
        """The members a module variable holds, through other variables too."""
        known = memo.get(variable)
        if known is not None:
            return known
        found: Set[str] = set()
        seen = {variable}
        pending = [variable]
        while pending:
            current = pending.pop()
            found |= self.variable_members.get(current, set())
            for inner in self.variable_variables.get(current, ()):
                if inner not in seen:
                    seen.add(inner)
                    pending.append(inner)
        memo[variable] = found
        return found


@per_file
def member_links(ctx: FileContext) -> Dict[str, Set[str]]:
    """Member → the other members it references (REV708's edges; not yet made symmetric)."""
    members = module_members(ctx)
    linker = _Linker(ctx, members)
    variables = {
        target for statement in ctx.in_scope(ctx.tree, *_BINDINGS) for target, _ in _targets(statement)
    } - set(members)
    for node in ctx.nodes(ast.Name):
        name = node.id  # type: ignore[attr-defined]
        if name in members:
            linker.note(node, name, variable=False)
        elif name in variables:
            linker.note(node, name, variable=True)
    for node in ctx.nodes(ast.Constant):
        value = node.value  # type: ignore[attr-defined]
        if isinstance(value, str) and _NAME_LIKE.fullmatch(value) and not _PROSE.search(value):
            for word in set(_IDENTIFIER.findall(value)) & set(members):
                linker.note(node, word, variable=False, text=True)
    links = linker.references
    memo: Dict[str, Set[str]] = {}
    for member, used in linker.variable_uses.items():
        for variable in used:
            links[member] |= linker.members_through(variable, memo)
        links[member].discard(member)
    for tied in linker.ties.values():
        first, *others = sorted(tied)
        links[first].update(others)
    return links


def independent_groups(ctx: FileContext) -> List[List[str]]:
    """The module's members split into groups with no references between them, in source order."""
    members = module_members(ctx)
    order = sorted(members, key=lambda name: (members[name][0].lineno, members[name][0].col_offset))
    sets = UnionFind(order)
    for member, used in member_links(ctx).items():
        for other in used:
            sets.union(member, other)
    return sets.groups(order)


_EXCEPTION_SUFFIXES = ("Error", "Exception", "Warning", "Exit", "Interrupt")


def _is_exception_base(name: str) -> bool:
    builtin = getattr(builtins, name, None)
    if isinstance(builtin, type) and issubclass(builtin, BaseException):
        return True
    return last_component(name).endswith(_EXCEPTION_SUFFIXES)


def exception_group(ctx: FileContext, names: List[str]) -> bool:
    """Every member is an exception class: an errors module's families belong together."""
    members = module_members(ctx)
    for name in names:
        for node in members[name]:
            if not isinstance(node, ast.ClassDef):
                return False
            if not any(_is_exception_base(base) for base in foreign_bases(ctx, node)):
                return False
    return True


def show_group(names: List[str], shown: int = 3) -> str:
    """``[a, b, c, ...] (7)``: the first few names of a group and its size."""
    more = ", ..." if len(names) > shown else ""
    return f"[{', '.join(names[:shown])}{more}] ({len(names)})"


# -- class cohesion (REV709) --------------------------------------------------------------------

#: bases that call no method of their subclasses (other than dunders), so they cannot hide a link
_INERT_BASES = frozenset({
    "object", "abc.ABC", "typing.Generic", "typing.Protocol", "typing_extensions.Protocol",
})
#: what a method does with the bare instance (``len(self)``, ``self in x``, ``return self``)
WHOLE = "<self>"
_ATTRIBUTE_FUNCTIONS = frozenset({"getattr", "setattr", "hasattr", "delattr"})
#: methods that set up every attribute: they would tie everything together
_CONSTRUCTORS = frozenset({"__init__", "__new__", "__init_subclass__", "__post_init__"})


@dataclass
class SelfUse:
    """What one method does through its first parameter."""

    uses: Set[str] = field(default_factory=set)  # ``self.x`` read or written, ``getattr(self, "x")``
    stores: Set[str] = field(default_factory=set)  # ``self.x = ...``, ``setattr(self, "x", ...)``


def _inert_base(ctx: FileContext, base: ast.expr) -> bool:
    if isinstance(base, ast.Subscript):
        base = base.value
    text = ctx.resolve(base)
    if text in _INERT_BASES:
        return True
    name = text[len("builtins."):] if text.startswith("builtins.") else text
    return "." not in name and isinstance(getattr(builtins, name, None), type)


def _resolvable(ctx: FileContext, cls: ast.ClassDef) -> bool:
    """Every base of ``cls`` and its local ancestors is a class of this module or an inert one."""
    local = set(ctx.classes.values())
    for klass in (cls, *ancestors(ctx, cls)):
        for base in klass.bases:
            if isinstance(base, ast.Name) and ctx.classes.get(base.id) in local:
                continue
            if not _inert_base(ctx, base):
                return False
    return True


@per_file
def self_uses(ctx: FileContext) -> Dict[ast.AST, SelfUse]:
    """Method node → what it does through its first parameter (nested functions included)."""
    methods: Dict[ast.AST, str] = {}
    for info in ctx.functions:
        if info.owner is not None:
            positional = [*info.node.args.posonlyargs, *info.node.args.args]
            if positional:
                methods[info.node] = positional[0].arg
    found: Dict[ast.AST, SelfUse] = {node: SelfUse() for node in methods}
    if not methods:
        return found
    names = set(methods.values())
    memo: Dict[ast.AST, Optional[ast.AST]] = {}
    for node in ctx.nodes(ast.Name):
        if node.id not in names:  # type: ignore[attr-defined]
            continue
        method = _method_of(ctx, node, methods, memo)
        if method is None or node.id != methods[method]:  # type: ignore[attr-defined]
            continue
        _note_use(ctx, node, found[method])
    return found


def _note_use(ctx: FileContext, node: ast.AST, use: SelfUse) -> None:
    """``self.x``, ``getattr(self, "x")``/``setattr(...)``, ``super(C, self)``, or the bare instance."""
    parent = ctx.parent(node)
    if isinstance(parent, ast.Attribute):
        use.uses.add(parent.attr)
        if isinstance(parent.ctx, (ast.Store, ast.Del)):
            use.stores.add(parent.attr)
        return
    called = parent.func.id if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) else ""
    if called == "super":
        return
    attr = _literal_attribute(parent, node) if called in _ATTRIBUTE_FUNCTIONS else None
    if attr is None:
        use.uses.add(WHOLE)
        return
    use.uses.add(attr)
    if called in ("setattr", "delattr"):
        use.stores.add(attr)


def _literal_attribute(call: ast.Call, target: ast.AST) -> Optional[str]:
    """``"x"`` of ``getattr(target, "x", ...)``."""
    if len(call.args) < 2 or call.args[0] is not target:
        return None
    attr = call.args[1]
    return attr.value if isinstance(attr, ast.Constant) and isinstance(attr.value, str) else None


def _method_of(
    ctx: FileContext, node: ast.AST, methods: Dict[ast.AST, str], memo: Dict[ast.AST, Optional[ast.AST]]
) -> Optional[ast.AST]:
    """The innermost method whose code holds ``node`` (through nested functions, not classes)."""
    scope: ast.AST = ctx.scope(node)
    path = []
    found: Optional[ast.AST] = None
    while True:
        if scope in memo:
            found = memo[scope]
            break
        path.append(scope)
        if scope in methods:
            found = scope
            break
        if isinstance(scope, (ast.Module, ast.ClassDef)):
            break
        scope = ctx.scope(scope)
    for seen in path:
        memo[seen] = found
    return found


@per_file
def class_methods(ctx: FileContext) -> Dict[ast.AST, List[FunctionInfo]]:
    """Class → the functions defined in its body (its methods), in source order."""
    found: Dict[ast.AST, List[FunctionInfo]] = {}
    for info in ctx.functions:
        if info.owner is not None:
            found.setdefault(info.owner, []).append(info)
    return found


@per_file
def _descendants(ctx: FileContext) -> Dict[ast.AST, List[ast.ClassDef]]:
    """Class → the classes of this module deriving from it, directly or not."""
    found: Dict[ast.AST, List[ast.ClassDef]] = {}
    for cls in ctx.nodes(ast.ClassDef):
        for ancestor in ancestors(ctx, cls):  # type: ignore[arg-type]
            found.setdefault(ancestor, []).append(cls)  # type: ignore[arg-type]
    return found


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _is_self_attribute(node: Optional[ast.AST], self_name: str) -> bool:
    return (
        isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == self_name
    )


def is_accessor(info: FunctionInfo) -> bool:
    """A getter (``return self.x``) or setter (``self.x = value`` without other use of ``self``)."""
    args = [*info.node.args.posonlyargs, *info.node.args.args]
    body = info.node.body
    if body and is_docstring(body[0]):
        body = body[1:]
    if not args or len(body) != 1:
        return False
    self_name, statement = args[0].arg, body[0]
    if isinstance(statement, ast.Return):
        return _is_self_attribute(statement.value, self_name)
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        names = (node.id for node in ast.walk(statement.value) if isinstance(node, ast.Name))
        mentions = self_name in names
        return _is_self_attribute(statement.targets[0], self_name) and not mentions
    return False


def _class_level_names(ctx: FileContext, cls: ast.ClassDef) -> Set[str]:
    """Names the class body binds: methods, nested classes, class attributes."""
    names: Set[str] = set()
    for statement in ctx.in_scope(cls, ast.Assign, ast.AnnAssign, ast.AugAssign, *_DEFINITIONS):
        if isinstance(statement, _DEFINITIONS):
            names.add(statement.name)  # type: ignore[attr-defined]
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            names.add(statement.target.id)
        else:
            names.update(_assigned_names(statement))
    return names


class _Cohesion:
    """The facts REV709 needs about one class and its same-module relatives."""

    def __init__(self, ctx: FileContext, cls: ast.ClassDef) -> None:
        self.ctx = ctx
        self.cls = cls
        self.uses = self_uses(ctx)
        self.family = (cls, *ancestors(ctx, cls), *_descendants(ctx).get(cls, ()))
        self.defined: Set[str] = set()  # names the family binds: class attributes, methods, self.x = ...
        for klass in self.family:
            self.defined |= _class_level_names(ctx, klass)
            for info in class_methods(ctx).get(klass, ()):
                self.defined |= self.stores_of(info)
        self.transit: Dict[str, Set[str]] = {}  # a method that is not judged → what it uses
        whole: Set[str] = set()
        for klass in (cls, *ancestors(ctx, cls)):
            for info in class_methods(ctx).get(klass, ()):
                if info.name not in _CONSTRUCTORS and not self.judged(info):
                    self.transit.setdefault(info.name, set()).update(self.uses_of(info))
                    whole |= self.uses_of(info) if _is_dunder(info.name) else set()
        self.transit[WHOLE] = whole - {WHOLE}
        self._class_level_aliases(ctx)

    def uses_of(self, info: FunctionInfo) -> Set[str]:
        """What a method uses through its first parameter."""
        use = self.uses.get(info.node)
        return use.uses if use is not None else set()

    def stores_of(self, info: FunctionInfo) -> Set[str]:
        """What a method assigns through its first parameter."""
        use = self.uses.get(info.node)
        return use.stores if use is not None else set()

    def _class_level_aliases(self, ctx: FileContext) -> None:
        """``x = property(get_x, set_x)`` in the class body: using ``x`` uses those methods."""
        methods = {info.name for info in class_methods(ctx).get(self.cls, ())}
        for statement in ctx.in_scope(self.cls, ast.Assign):
            mentioned = {
                node.id for node in ast.walk(statement.value)  # type: ignore[attr-defined]
                if isinstance(node, ast.Name) and node.id in methods
            }
            if mentioned:
                for target in _assigned_names(statement):
                    self.transit.setdefault(target, set()).update(mentioned)

    def judged(self, info: FunctionInfo) -> bool:
        """An instance method of the class itself, not a dunder, accessor or test case."""
        return (
            info.owner is self.cls
            and not _is_dunder(info.name)
            and not info.name.startswith("test")  # test cases share fixtures, not state
            and method_kind(self.ctx, info) not in ("static", "class")
            and not is_accessor(info)
        )

    def closure(self, names: Set[str]) -> Set[str]:
        """``names`` with what the methods not judged among them use in turn (dunder names dropped)."""
        found = set()
        pending = list(names)
        seen = set()
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            if name in self.transit:
                pending.extend(self.transit[name])
            elif not _is_dunder(name):
                found.add(name)
        return found


def cohesion_groups(ctx: FileContext, cls: ast.ClassDef, minimum: int) -> Optional[List[List[str]]]:
    """The groups of ``cls``'s judged methods (LCOM4), or None when the class cannot be judged.

    A class is not judged when a base from elsewhere could tie its methods, or when a method
    uses through ``self`` a name the class and its same-module relatives never define (a hook
    that code elsewhere provides).
    """
    if not _resolvable(ctx, cls):
        return None
    facts = _Cohesion(ctx, cls)
    used = _judged_uses(facts)
    if len(used) < max(minimum, 2) or any(not names <= facts.defined for names in used.values()):
        return None
    order = list(used)
    sets = UnionFind([*order, *(f".{attr}" for names in used.values() for attr in names)])
    for name, names in used.items():
        for attr in names:
            sets.union(name, attr if attr in used else f".{attr}")
    _link_through_relatives(facts, sets)
    return sets.groups(order)


def _judged_uses(facts: _Cohesion) -> Dict[str, Set[str]]:
    """Judged method → the names it uses, also through methods not judged; those using nothing left out."""
    used: Dict[str, Set[str]] = {}
    for info in class_methods(facts.ctx).get(facts.cls, ()):
        if facts.judged(info):
            used.setdefault(info.name, set()).update(facts.uses_of(info))
    for name in list(used):
        used[name] = facts.closure(used[name]) - {name}
        if not used[name]:
            del used[name]
    return used


def _link_through_relatives(facts: _Cohesion, sets: UnionFind) -> None:
    """A same-module base's or subclass's method that uses several names ties them together."""
    for relative in facts.family[1:]:
        for info in class_methods(facts.ctx).get(relative, ()):
            if info.name in _CONSTRUCTORS:
                continue
            keys = (name if name in sets.parent else f".{name}" for name in facts.uses_of(info))
            present = [key for key in keys if key in sets.parent]
            for other in present[1:]:
                sets.union(present[0], other)
