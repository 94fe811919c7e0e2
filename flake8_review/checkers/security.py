"""REV9 security.

A handful of high-confidence checks for defects a security reviewer flags on
sight: code or shell commands built from run-time strings, deserializers that
run code, unsafe YAML loading, hard-coded secrets, disabled TLS verification,
SQL built by string formatting, race-prone temporary files, weak hashes and
``assert`` used for checks. Every callee is resolved through the module's
imports (``from subprocess import run as sh``, ``import pickle as p``), and a
check stays silent whenever the evidence is incomplete: a shadowed ``eval``, a
``Loader`` it cannot resolve, a value interpolated after ``shlex.quote``. For
the long tail of low-confidence patterns, use bandit.
"""

from __future__ import annotations

import ast
import re
from typing import Callable, Iterator, List, NamedTuple, Optional, Tuple

from flake8_review.context import FileContext, Violation
from flake8_review.engine import BaseChecker, check
from flake8_review.registry import internal_error_rule, rule
from flake8_review.security_helpers import (
    Interpolation,
    argument,
    callee_text,
    calls_of,
    describe_command,
    followed_value,
    has_star_args,
    imported_origin,
    is_constant,
    is_literal,
    keyword_value,
    literal_text,
    looks_like_sql,
    security_calls,
    short_text,
    shown_call,
)
INTERNAL_ERROR = internal_error_rule("REV9", "security")

EVAL_EXEC = rule(
    code="REV901",
    name="eval-exec-non-literal",
    message="{call} runs a non-literal ({arg}) as code",
    summary=(
        "Checks for calls of the builtin `eval()` or `exec()` (also as `builtins.eval`) whose code "
        "argument is not a literal. A string literal, a constant-only f-string, a concatenation of "
        "those, a name assigned exactly one of them, and `compile()` of one count as literals. An "
        "`eval` or `exec` that the module defines, imports or assigns itself is not the builtin and "
        "is not checked."
    ),
    why=(
        "`eval()` and `exec()` run whatever Python code the string holds, with the program's full "
        "rights. When any part of it comes from outside (a request, a file, a configuration "
        "value), an attacker can run arbitrary code. Parse the data instead: `ast.literal_eval()` "
        "for Python literals, `json.loads()`, or a lookup table of allowed operations."
    ),
    bad="def compute(expression):\n    return eval(expression)\n",
    good="import ast\n\n\ndef compute(expression):\n    return ast.literal_eval(expression)\n",
    see_also=("bandit B307, B102", "flake8-bandit S307, S102", "pylint eval-used, exec-used"),
)

SHELL_COMMAND = rule(
    code="REV902",
    name="shell-command-non-literal",
    message="{call} runs a shell command built from a non-literal string ({evidence})",
    summary=(
        "Checks for shell commands that are not string literals: `subprocess.run`, `call`, "
        "`check_call`, `check_output` and `Popen` with a literal `shell=True`, and `os.system`, "
        "`os.popen`, `subprocess.getoutput`, `subprocess.getstatusoutput` and "
        "`asyncio.create_subprocess_shell`, which always use the shell. A command built only from "
        "literals, numbers (`%d`, `int(...)`) and values quoted with `shlex.quote()` or "
        "`shlex.join()` is not reported; neither is a list command (with `shell=True` that is a "
        "different bug)."
    ),
    why=(
        "The shell interprets the whole string: a value containing `;`, `|`, `$(...)` or a quote "
        "runs commands of its own (shell injection). Pass a list of arguments without the shell "
        "(`subprocess.run([\"ls\", path])`), or quote every value with `shlex.quote()`."
    ),
    bad=(
        "import subprocess\n\n\ndef listing(path):\n"
        "    return subprocess.run(f\"ls -l {path}\", shell=True)\n"
    ),
    good="import subprocess\n\n\ndef listing(path):\n    return subprocess.run([\"ls\", \"-l\", path])\n",
    see_also=("bandit B602, B605, B609", "flake8-bandit S602, S605", "ruff S602, S605"),
)

DESERIALIZATION = rule(
    code="REV903",
    name="unsafe-deserialization",
    message="{call} deserializes with {module}, which runs code hidden in crafted data",
    summary=(
        "Checks for `load`, `loads` and `Unpickler` of `pickle`, `cPickle`, `_pickle` and `dill`, "
        "`marshal.load`/`marshal.loads` and `shelve.open`. A round trip in one expression "
        "(`pickle.loads(pickle.dumps(obj))`, a deep copy) is not reported: that data never left "
        "the program. Subclassing `pickle.Unpickler` to restrict `find_class` is the fix, not a "
        "finding."
    ),
    why=(
        "Unpickling calls whatever callables the data names (`__reduce__`), so loading a crafted "
        "pickle runs arbitrary code; `marshal` is not hardened against malicious data either, and "
        "`shelve` is pickle underneath. Use a data-only format (JSON, MessagePack) for anything "
        "that crosses a trust boundary, or an `Unpickler` subclass whose `find_class` allows a "
        "fixed set of classes."
    ),
    bad="import pickle\n\n\ndef receive(sock):\n    return pickle.loads(sock.recv(4096))\n",
    good="import json\n\n\ndef receive(sock):\n    return json.loads(sock.recv(4096))\n",
    see_also=("bandit B301, B302", "flake8-bandit S301, S302", "ruff S301"),
)

YAML_LOAD = rule(
    code="REV904",
    name="yaml-load-unsafe-loader",
    message="{call} without a safe Loader ({evidence})",
    summary=(
        "Checks for PyYAML's `yaml.load()` and `yaml.load_all()` without a safe `Loader` (keyword or "
        "second argument): no `Loader` at all, or `Loader`, `FullLoader`, `UnsafeLoader` and their "
        "C variants. `SafeLoader`, `CSafeLoader` and the string-only `BaseLoader`/`CBaseLoader` are "
        "safe; a `Loader` that cannot be resolved to PyYAML (a custom class, a variable) and a call "
        "passing `**kwargs` are not reported, and neither is ruamel.yaml, whose API differs."
    ),
    why=(
        "PyYAML's full loaders build arbitrary Python objects from tags such as "
        "`!!python/object/apply:os.system`, so loading an attacker's document runs code. "
        "`yaml.safe_load()` (or `Loader=yaml.SafeLoader`) builds only plain data."
    ),
    bad="import yaml\n\n\ndef read_config(stream):\n    return yaml.load(stream, Loader=yaml.FullLoader)\n",
    good="import yaml\n\n\ndef read_config(stream):\n    return yaml.safe_load(stream)\n",
    see_also=("bandit B506", "flake8-bandit S506", "ruff S506"),
)

HARDCODED_SECRET = rule(
    code="REV905",
    name="hard-coded-secret",
    message="hard-coded secret {how} {name!r} (a string literal of {length} characters)",
    summary=(
        "Checks for non-empty string literals assigned to (`DB_PASSWORD = \"...\"`, "
        "`self.token = \"...\"`, `config[\"api_key\"] = \"...\"`), passed as "
        "(`connect(password=\"...\")`), defaulted for (`def login(password=\"...\")`) or stored under a "
        "dict key (`{\"secret\": \"...\"}`) of a name holding `password`, `passwd`, `secret`, `token` or "
        "`api_key` (case-insensitive, underscores ignored, so `apiKey` counts). Names ending in "
        "`_type`, `_url`, `_uri`, `_name`, `_field`, `_path`, `_file`, `_env`, `_header`, `_prompt` "
        "or `_label` are exempt, and so are values that are plainly no secret: text with spaces, "
        "punctuation only, templates (`\"{password}\"`, `\"%(token)s\"`, `\"$TOKEN\"`, "
        "`\"<secret>\"`), regular expressions, setting words (`\"false\"`), field names "
        "(`\"access_token\"`, a value the name itself spells), dotted paths, lower-case labels "
        "(`\"django-insecure-\"`), URLs without credentials and file paths. Because `token` also "
        "names a lexer's token, a name whose only secret word is `token` needs a credential-like "
        "value (8 or more characters mixing letters and digits). Dict keys count only when they "
        "read as names (no spaces). Test files are exempt, and the message never shows the value."
    ),
    why=(
        "A secret in the source is in every clone, every fork, the version history and often in "
        "logs and crash reports; it cannot be rotated without a release, and every environment "
        "shares it. Read it at run time from the environment, a secrets manager or a "
        "configuration file kept out of version control."
    ),
    bad=(
        "import psycopg2\n\n\ndef connect():\n"
        "    return psycopg2.connect(host=\"db\", password=\"s3cr3t-Pa55\")\n"
    ),
    good=(
        "import os\n\nimport psycopg2\n\n\ndef connect():\n"
        "    return psycopg2.connect(host=\"db\", password=os.environ[\"DB_PASSWORD\"])\n"
    ),
    see_also=("bandit B105, B106, B107", "flake8-bandit S105, S106, S107", "ruff S105, S106, S107"),
)

TLS_VERIFICATION = rule(
    code="REV906",
    name="tls-verification-disabled",
    message="{evidence} disables TLS {what}",
    summary=(
        "Checks for the keyword `verify=False` on any call (requests, httpx and their sessions), "
        "for `ssl._create_unverified_context()`, and for the literal `False` assigned to a "
        "`check_hostname` attribute."
    ),
    why=(
        "Without certificate and host name verification, anyone on the network path can present "
        "their own certificate and read or change the traffic (man in the middle), which defeats "
        "the point of TLS. Fix the trust store instead: pass `verify=\"/path/to/ca.pem\"`, or "
        "load the private CA into the `SSLContext`."
    ),
    bad="import requests\n\n\ndef fetch(url):\n    return requests.get(url, verify=False, timeout=10)\n",
    good=(
        "import requests\n\n\ndef fetch(url):\n"
        "    return requests.get(url, verify=\"/etc/ssl/internal-ca.pem\", timeout=10)\n"
    ),
    see_also=("bandit B501, B323", "flake8-bandit S501, S323", "ruff S501, S323"),
)

SQL_FORMATTING = rule(
    code="REV907",
    name="sql-built-by-formatting",
    message="{call} gets SQL built with {how} from {value}{through}",
    summary=(
        "Checks the first argument of calls named `execute`, `executemany`, `raw` or `text` (DB-API "
        "cursors, Django's `raw()`, SQLAlchemy's `text()`) for SQL built by `%` formatting, an "
        "f-string, `str.format()` or `+` concatenation with a non-literal, directly or through a "
        "name assigned exactly once. To stay precise the literal parts must read as SQL (a "
        "statement such as `SELECT ... FROM`, `INSERT INTO`, `UPDATE ... SET`, `DELETE FROM`, "
        "`CREATE TABLE`, or a clause such as `WHERE` or `ORDER BY`), and values that cannot inject "
        "anything are ignored: numbers (`%d`, `int(...)`, `len(...)`), placeholder lists "
        "(`\", \".join(\"?\" * len(row))`), values quoted for SQL (`quote_name()`, `quote_ident()`, "
        "`quote_value()`, quotes doubled with `.replace(\"'\", \"''\")`) and loop variables over a "
        "literal tuple."
    ),
    why=(
        "A value formatted into SQL is parsed as SQL: a quote in it ends the string literal and "
        "the rest runs as part of the statement (SQL injection). Pass the values as parameters "
        "(`cursor.execute(\"SELECT * FROM users WHERE name = %s\", (name,))`) and let the driver "
        "quote them."
    ),
    bad=(
        "def find_user(cursor, name):\n"
        "    cursor.execute(f\"SELECT * FROM users WHERE name = '{name}'\")\n"
        "    return cursor.fetchone()\n"
    ),
    good=(
        "def find_user(cursor, name):\n"
        "    cursor.execute(\"SELECT * FROM users WHERE name = %s\", (name,))\n"
        "    return cursor.fetchone()\n"
    ),
    see_also=("bandit B608", "flake8-bandit S608", "ruff S608"),
)

MKTEMP = rule(
    code="REV908",
    name="tempfile-mktemp",
    message="{call} returns a file name another process can take before it is opened",
    summary="Checks for calls of `tempfile.mktemp()`, however it is imported.",
    why=(
        "`mktemp()` only returns a name that did not exist a moment ago; between that and opening "
        "it, another process can create the file or a symlink under that name and read or "
        "redirect what is written (a race condition, CWE-377). `mkstemp()`, "
        "`NamedTemporaryFile()` and `TemporaryDirectory()` create the file atomically."
    ),
    bad="import tempfile\n\n\ndef scratch():\n    return open(tempfile.mktemp(), \"w\")\n",
    good="import tempfile\n\n\ndef scratch():\n    return tempfile.NamedTemporaryFile(\"w\", delete=False)\n",
    see_also=("bandit B306", "flake8-bandit S306", "ruff S306"),
)

WEAK_HASH = rule(
    code="REV909",
    name="weak-hash-without-usedforsecurity",
    message="{call} uses {algorithm} without usedforsecurity=False",
    summary=(
        "Checks for `hashlib.md5()`, `hashlib.sha1()` and `hashlib.new(\"md5\")`/`(\"sha1\")` (any "
        "case) without `usedforsecurity=False`. Calls passing `usedforsecurity` as a variable or "
        "`**kwargs` are not reported."
    ),
    why=(
        "MD5 and SHA-1 are broken: collisions can be computed, so they must not protect passwords, "
        "signatures or integrity against an attacker. When the hash is only a checksum or a cache "
        "key, say so with `usedforsecurity=False` (Python 3.9+): readers and auditors know, and the "
        "call keeps working on FIPS-restricted systems. Otherwise use SHA-256 or better."
    ),
    bad="import hashlib\n\n\ndef fingerprint(data):\n    return hashlib.md5(data).hexdigest()\n",
    good=(
        "import hashlib\n\n\ndef fingerprint(data):\n"
        "    return hashlib.md5(data, usedforsecurity=False).hexdigest()\n"
    ),
    see_also=("bandit B303, B324", "flake8-bandit S324", "ruff S324"),
)

ASSERT_USED = rule(
    code="REV910",
    name="assert-outside-tests",
    message="assert {test} is skipped when Python runs with -O",
    summary="Checks for `assert` statements outside test files (off by default).",
    why=(
        "Python removes `assert` statements when run with `-O` or `PYTHONOPTIMIZE`, so an "
        "assertion that guards permissions, input validation or invariants silently disappears in "
        "such deployments. Raise an exception (`if not user.is_admin: raise PermissionError(...)`) "
        "for checks that must always run. Turn the rule on with `--extend-select REV910`."
    ),
    bad="def delete(user, item):\n    assert user.is_admin\n    item.delete()\n",
    good=(
        "def delete(user, item):\n    if not user.is_admin:\n"
        "        raise PermissionError(user)\n    item.delete()\n"
    ),
    default_enabled=False,
    see_also=("bandit B101", "flake8-bandit S101", "ruff S101"),
)


class SecurityChecker(BaseChecker):
    """REV9: the flake8 entry point of the security checks."""

    prefix = "REV9"
    checker = "security"


# -- helpers -------------------------------------------------------------------------------------

def _is_compile(node: Optional[ast.AST]) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "compile"


# -- secrets: the REV905 model ------------------------------------------------------------------

SECRET_WORDS = ("password", "passwd", "secret", "token", "apikey")
SECRET_SUFFIXES = (
    "_type", "_url", "_uri", "_name", "_field", "_path", "_file", "_env", "_header", "_prompt", "_label",
)
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z_.-]*$")
_COMPOUND = re.compile(r"[_.-]|[a-z][A-Z]")
_LABEL = re.compile(r"^[a-z]+(?:[-_.][a-z]*)+$")
_DOTTED_PATH = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$")
_TEMPLATE = re.compile(r"\{[^{}]*\}|%\(\w+\)|%[sd]|\$\{|^\$\w|^<[^<>]+>$")
_REGEX = re.compile(r"\\|\(\?|\[[^\]]*\]|\.[*+]|^\^")
_FILE_EXTENSIONS = (
    ".json", ".txt", ".pem", ".key", ".crt", ".cfg", ".ini", ".yaml", ".yml", ".toml", ".env", ".db",
    ".sqlite", ".log", ".conf", ".py",
)
#: values that switch a setting rather than hold a secret (``USE_TOKEN = "false"``)
_SETTING_WORDS = frozenset({
    "true", "false", "none", "null", "yes", "no", "on", "off", "enabled", "disabled", "required", "optional",
})


def _flat(text: str) -> str:
    return text.replace("_", "").replace("-", "").replace(".", "").lower()


def _names_a_field(value: str, name: str) -> bool:
    """``PASSWORD_KEY = "password"``, ``token_kind = "access_token"``: the value names a field."""
    if value.isalpha() and _flat(value) in _flat(name):
        return True
    compound = bool(_FIELD_NAME.match(value) and _COMPOUND.search(value))
    return compound and any(word in _flat(value) for word in SECRET_WORDS)


def _lexical_token(value: str, name: str) -> bool:
    """``token`` is the name's only secret word and the value is no issued credential.

    ``token`` also means a lexer's token (``search_token = "async"``); issued tokens
    (``ghp_...``, ``xoxb-...``, JWTs) are at least 8 characters mixing letters and digits.
    """
    flat = _flat(name)
    if "token" not in flat or any(word in flat for word in SECRET_WORDS if word != "token"):
        return False
    credential = len(value) >= 8 and any(c.isdigit() for c in value) and any(c.isalpha() for c in value)
    return not credential


#: (reason, test) pairs: a literal passing a test is plainly no secret
_NOT_SECRETS: Tuple[Tuple[str, Callable[[str, str], bool]], ...] = (
    ("prose", lambda value, name: any(char.isspace() for char in value)),
    ("punctuation", lambda value, name: not any(char.isalnum() for char in value)),
    ("template", lambda value, name: bool(_TEMPLATE.search(value))),
    ("regular expression", lambda value, name: bool(_REGEX.search(value))),
    ("setting word", lambda value, name: value.lower() in _SETTING_WORDS),
    ("field name", _names_a_field),
    ("dotted path", lambda value, name: bool(_DOTTED_PATH.match(value))),
    ("label", lambda value, name: bool(_LABEL.match(value))),
    ("url", lambda value, name: "://" in value and "@" not in value),
    ("path", lambda value, name: value.startswith(("/", "~", "./", "../"))
     or value.lower().endswith(_FILE_EXTENSIONS)),
    ("lexical token", _lexical_token),
)


class SecretCandidate(NamedTuple):
    """A string literal bound to a name, in one of the ways REV905 looks at."""

    node: ast.AST  # where a finding is reported
    how: str  # "assigned to", "passed as", "as the default of", "under the key"
    shown: str  # the name as the message shows it: "self.token", "config['api_key']"
    name: str  # the name judged: "token", "api_key"
    value: ast.AST
    scope: Optional[ast.AST]  # for assignments: the scope (one finding per name and scope)


class Secrets:
    """REV905's model: every literal a file binds to a name, and which of them look like secrets."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx

    def findings(self) -> Iterator[Tuple[SecretCandidate, int]]:
        """Candidates that hold a secret-looking literal under a secret name, with the literal's length.

        An assignment is reported once per name and scope, at its first binding.
        """
        seen: set = set()
        for candidate in self.candidates():
            value = candidate.value.value if isinstance(candidate.value, ast.Constant) else None
            if not isinstance(value, str) or not self.secret_name(candidate.name):
                continue
            key = (candidate.scope, candidate.shown)
            if self.not_a_secret(value, candidate.name) is None and key not in seen:
                if candidate.scope is not None:
                    seen.add(key)
                yield candidate, len(value)

    def candidates(self) -> Iterator[SecretCandidate]:
        """Assignments, keyword arguments, parameter defaults and dict entries, in that order."""
        yield from self._assigned()
        yield from self._passed()
        yield from self._defaulted()
        yield from self._keyed()

    def _assigned(self) -> Iterator[SecretCandidate]:
        ctx = self.ctx
        for node in ctx.nodes(ast.Assign, ast.AnnAssign):
            value = node.value  # type: ignore[attr-defined]
            if isinstance(node, ast.Assign):
                targets = node.targets
            else:
                targets = [node.target]  # type: ignore[attr-defined]
            scope = ctx.scope(node)
            for target in targets if value is not None else ():
                for single, single_value in self._pairs(target, value):
                    shown, own = self._target_name(single)
                    if own:
                        yield SecretCandidate(single, "assigned to", shown, own, single_value, scope)

    def _passed(self) -> Iterator[SecretCandidate]:
        for node in self.ctx.nodes(ast.keyword):
            name, value = node.arg, node.value  # type: ignore[attr-defined]
            if name is not None:
                yield SecretCandidate(value, "passed as", name, name, value, None)

    def _defaulted(self) -> Iterator[SecretCandidate]:
        for node in self.ctx.nodes(ast.arguments):
            positional = [*node.posonlyargs, *node.args]  # type: ignore[attr-defined]
            defaults = node.defaults  # type: ignore[attr-defined]
            pairs = list(zip(positional[len(positional) - len(defaults):], defaults))
            pairs += zip(node.kwonlyargs, node.kw_defaults)  # type: ignore[attr-defined]
            for arg, default in pairs:
                if default is not None:
                    yield SecretCandidate(default, "as the default of", arg.arg, arg.arg, default, None)

    def _keyed(self) -> Iterator[SecretCandidate]:
        for node in self.ctx.nodes(ast.Dict):
            for key, value in zip(node.keys, node.values):  # type: ignore[attr-defined]
                if isinstance(key, ast.Constant) and isinstance(key.value, str) and self.key_like(key.value):
                    yield SecretCandidate(value, "under the key", key.value, key.value, value, None)

    @classmethod
    def _pairs(cls, target: ast.AST, value: ast.AST) -> Iterator[Tuple[ast.AST, ast.AST]]:
        """Target and value pairs of an assignment, unpacking ``a, b = "x", "y"`` element by element."""
        if not isinstance(target, (ast.Tuple, ast.List)):
            yield target, value
        elif isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
            if not any(isinstance(item, ast.Starred) for item in (*target.elts, *value.elts)):
                for inner_target, inner_value in zip(target.elts, value.elts):
                    yield from cls._pairs(inner_target, inner_value)

    @classmethod
    def _target_name(cls, target: ast.AST) -> Tuple[str, str]:
        """How a message shows an assignment target, and the name judged: ``self.token``/``token``."""
        if isinstance(target, ast.Name):
            return target.id, target.id
        if isinstance(target, ast.Attribute):
            return callee_text(target), target.attr
        key = target.slice if isinstance(target, ast.Subscript) else None
        if isinstance(key, ast.Constant) and isinstance(key.value, str) and cls.key_like(key.value):
            return f"{callee_text(target.value)}[{key.value!r}]", key.value  # type: ignore[attr-defined]
        return "", ""

    @staticmethod
    def secret_name(name: str) -> bool:
        """``name`` holds one of the secret words (case and underscores ignored) without an exempt suffix."""
        flat = _flat(name)
        if not any(word in flat for word in SECRET_WORDS):
            return False
        return not _CAMEL_BOUNDARY.sub("_", name).lower().endswith(SECRET_SUFFIXES)

    @staticmethod
    def key_like(key: str) -> bool:
        """A dict or subscript key that reads as a name (``api_key``, ``X-Auth-Token``), not as prose."""
        return bool(_KEY.match(key))

    @staticmethod
    def not_a_secret(value: str, name: str) -> Optional[str]:
        """Why a string literal bound to ``name`` is plainly no secret, ``None`` when it may be one.

        Prose and prompts (whitespace), punctuation (a tokenizer's ``"("``), templates
        (``"{password}"``, ``"%(token)s"``, ``"$TOKEN"``, ``"<password>"``), regular
        expressions, setting words (``"false"``), names of fields (``"access_token"``, a
        value the name itself spells), dotted import paths, lower-case labels
        (``"django-insecure-"``), URLs without credentials, file paths and file names,
        and lexer tokens (see :func:`_lexical_token`).
        """
        if not value:
            return "empty"
        return next((reason for reason, test in _NOT_SECRETS if test(value, name)), None)


# -- the checks ----------------------------------------------------------------------------------

@check(EVAL_EXEC, on=(ast.Module,))
def eval_exec_non_literal(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV901."""
    for call in calls_of(ctx, "builtins.eval", "builtins.exec"):
        source = argument(call, 0, "source")
        compiled = argument(source, 0, "source") if _is_compile(source) else None  # type: ignore[arg-type]
        if source is None or is_literal(ctx, source) or is_literal(ctx, compiled):
            continue
        built = Interpolation(ctx, "code").built(source)
        if built is not None:
            arg = f"built with {built.how}"
        elif compiled is not None:
            arg = f"compile({short_text(compiled)})"
        else:
            arg = short_text(source)
        yield ctx.violation(EVAL_EXEC, call, call=f"{callee_text(call.func)}()", arg=arg)


#: callees that run their command through the shell only with shell=True
_SHELL_FLAG = frozenset({
    "subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
    "subprocess.Popen",
})
#: callees that always run their command through the shell
_ALWAYS_SHELL = frozenset({
    "os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput",
    "asyncio.create_subprocess_shell",
})


def _shell_evidence(ctx: FileContext, call: ast.Call, origin: str) -> Optional[str]:
    """Why a call runs a non-literal shell command, ``None`` when it does not provably."""
    flagged = origin in _SHELL_FLAG
    shell = keyword_value(call, "shell")
    if flagged and not is_constant(shell, True):
        return None
    command = argument(call, 0, "args" if flagged else "cmd")
    how = describe_command(ctx, command, "shell") if command is not None else None
    if how is None:
        return None
    return f"shell=True, command: {how}" if flagged else f"command: {how}"


@check(SHELL_COMMAND, on=(ast.Module,))
def shell_command_non_literal(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV902."""
    for call in calls_of(ctx, *_SHELL_FLAG, *_ALWAYS_SHELL):
        origin = imported_origin(ctx, call.func)
        evidence = _shell_evidence(ctx, call, origin)
        if evidence is not None:
            yield ctx.violation(SHELL_COMMAND, call, call=shown_call(call, origin), evidence=evidence)


_PICKLES = ("pickle", "cPickle", "_pickle", "dill")
_DESERIALIZERS = (
    *(f"{module}.{name}" for module in _PICKLES for name in ("load", "loads", "Unpickler")),
    "marshal.load", "marshal.loads", "shelve.open",
)
_SERIALIZERS = frozenset(f"{module}.dumps" for module in (*_PICKLES, "marshal"))


@check(DESERIALIZATION, on=(ast.Module,))
def unsafe_deserialization(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV903."""
    for call in calls_of(ctx, *_DESERIALIZERS):
        data = argument(call, 0)
        if data is not None:
            data, _ = followed_value(ctx, data)
        if isinstance(data, ast.Call) and imported_origin(ctx, data.func) in _SERIALIZERS:
            continue  # a round trip of the program's own objects
        origin = imported_origin(ctx, call.func)
        family = origin.split(".", 1)[0]
        shown = "shelve (pickle underneath)" if family == "shelve" else family
        yield ctx.violation(DESERIALIZATION, call, call=shown_call(call, origin), module=shown)


_UNSAFE_LOADERS = frozenset({
    "Loader", "FullLoader", "UnsafeLoader", "CLoader", "CFullLoader", "CUnsafeLoader",
})


@check(YAML_LOAD, on=(ast.Module,))
def yaml_load_unsafe_loader(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV904."""
    for call in calls_of(ctx, "yaml.load", "yaml.load_all"):
        loader = argument(call, 1, "Loader")
        if loader is None and has_star_args(call):
            continue  # the Loader may hide in *args or **kwargs
        if loader is None:
            evidence = "no Loader given"
        else:
            module_name, _, name = imported_origin(ctx, loader).rpartition(".")
            if module_name != "yaml" or name not in _UNSAFE_LOADERS:
                continue  # safe, or nothing proves it unsafe
            evidence = f"Loader={callee_text(loader)}"
        shown = shown_call(call, imported_origin(ctx, call.func))
        yield ctx.violation(YAML_LOAD, call, call=shown, evidence=evidence)


@check(HARDCODED_SECRET, on=(ast.Module,))
def hard_coded_secret(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV905."""
    if ctx.is_test_file:
        return
    found = sorted(Secrets(ctx).findings(), key=lambda item: (item[0].node.lineno, item[0].node.col_offset))
    for candidate, length in found:
        yield ctx.violation(
            HARDCODED_SECRET, candidate.node, how=candidate.how, name=candidate.shown, length=length
        )


@check(TLS_VERIFICATION, on=(ast.Module,))
def tls_verification_disabled(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV906."""
    certificates = "certificate verification"
    found: List[Tuple[ast.AST, str, str]] = [
        (call, f"verify=False in {callee_text(call.func)}()", certificates)
        for call in security_calls(ctx).verify_false
    ]
    for call in calls_of(ctx, "ssl._create_unverified_context"):
        found.append((call, shown_call(call, "ssl._create_unverified_context"), certificates))
    for node in ctx.nodes(ast.Assign):
        if is_constant(node.value, False):  # type: ignore[attr-defined]
            found.extend(
                (node, f"{callee_text(target)} = False", "host name verification")
                for target in node.targets  # type: ignore[attr-defined]
                if isinstance(target, ast.Attribute) and target.attr == "check_hostname"
            )
    found.sort(key=lambda item: (item[0].lineno, item[0].col_offset))  # type: ignore[attr-defined]
    for node, evidence, what in found:
        yield ctx.violation(TLS_VERIFICATION, node, evidence=evidence, what=what)


@check(SQL_FORMATTING, on=(ast.Module,))
def sql_built_by_formatting(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV907."""
    judge = Interpolation(ctx, "sql")
    for call in security_calls(ctx).sql:
        query = argument(call, 0)
        value, assignment = followed_value(ctx, query) if query is not None else (None, None)
        built = judge.built(value) if value is not None else None
        if built is None or not built.unsafe or not looks_like_sql(built.template):
            continue
        through = ""
        if assignment is not None:
            through = f" (through {query.id!r}, line {assignment.lineno})"  # type: ignore[union-attr]
        yield ctx.violation(
            SQL_FORMATTING,
            call,
            call=f"{callee_text(call.func)}()",
            how=built.how,
            value=short_text(built.unsafe[0]),
            through=through,
        )


@check(MKTEMP, on=(ast.Module,))
def tempfile_mktemp(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV908."""
    for call in calls_of(ctx, "tempfile.mktemp"):
        yield ctx.violation(MKTEMP, call, call=shown_call(call, "tempfile.mktemp"))


_WEAK = {"md5": "MD5", "sha1": "SHA-1"}


@check(WEAK_HASH, on=(ast.Module,))
def weak_hash_without_usedforsecurity(module: ast.Module, ctx: FileContext) -> Iterator[Violation]:
    """REV909."""
    for call in calls_of(ctx, "hashlib.md5", "hashlib.sha1", "hashlib.new"):
        origin = imported_origin(ctx, call.func)
        if origin == "hashlib.new":
            algorithm = _WEAK.get((literal_text(ctx, argument(call, 0, "name")) or "").lower())
        else:
            algorithm = _WEAK[origin.rsplit(".", 1)[-1]]
        flag = keyword_value(call, "usedforsecurity")
        if algorithm is None or has_star_args(call) or (flag is not None and not is_constant(flag, True)):
            continue  # not a weak hash, or said (or maybe said) not to be for security
        yield ctx.violation(WEAK_HASH, call, call=shown_call(call, origin), algorithm=algorithm)


@check(ASSERT_USED, on=(ast.Assert,))
def assert_outside_tests(node: ast.Assert, ctx: FileContext) -> Iterator[Violation]:
    """REV910."""
    if not ctx.is_test_file:
        yield ctx.violation(ASSERT_USED, node, test=short_text(node.test))
