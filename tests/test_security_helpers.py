"""REV9's pure judgements: secret names and values, SQL shapes, how strings are built, name binding."""

from __future__ import annotations

import ast
import textwrap

import pytest

from flake8_review.checkers.security import Secrets
from flake8_review.context import FileContext
from flake8_review.options import Settings
from flake8_review.security_helpers import Interpolation, calls_of, literal_text, looks_like_sql


def _context(source: str) -> FileContext:
    source = textwrap.dedent(source)
    return FileContext(ast.parse(source), source.splitlines(True), "module.py", Settings())


@pytest.mark.parametrize(
    "name",
    ["password", "DB_PASSWORD", "apiKey", "api_key", "API_KEY", "client_secret", "passwd", "authToken"],
)
def test_secret_names(name: str) -> None:
    """The words match inside names, case-insensitively, underscores ignored."""
    assert Secrets.secret_name(name)


@pytest.mark.parametrize(
    "name",
    ["user", "TOKEN_TYPE", "password_field", "secretName", "token_url", "api_key_header", "secret_label"],
)
def test_not_secret_names(name: str) -> None:
    """No secret word, or an exempt suffix (also after a camelCase boundary)."""
    assert not Secrets.secret_name(name)


@pytest.mark.parametrize(
    ("value", "name", "reason"),
    [
        ("", "password", "empty"),
        ("Enter password:", "prompt", "prose"),
        ("*****", "password", "punctuation"),
        ("{password}", "password", "template"),
        ("%(token)s", "token", "template"),
        ("$DB_PASSWORD", "password", "template"),
        ("<your-api-key>", "api_key", "template"),
        (r"[A-Z]\w*", "TOKEN_RE", "regular expression"),
        ("false", "USE_TOKEN", "setting word"),
        ("password", "PASSWORD_KEY", "field name"),
        ("access_token", "token_kind", "field name"),
        ("myapp.auth.TokenBackend", "token_backend", "field name"),
        ("myapp.auth.Backend", "secret_backend", "dotted path"),
        ("django-insecure-", "SECRET_KEY_PREFIX", "label"),
        ("https://example.com/token", "token_endpoint", "url"),
        ("~/.secrets", "secret_store", "path"),
        ("cache-1.json", "token_cache", "path"),
        ("async", "search_token", "lexical token"),
    ],
)
def test_values_that_are_plainly_no_secret(value: str, name: str, reason: str) -> None:
    """Each exemption, with the reason it gives."""
    assert Secrets.not_a_secret(value, name) == reason


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("hunter2", "password"),
        ("secret", "password"),
        ("ghp_16C7e42F292c6912E7710c838347Ae178B4a", "GITHUB_TOKEN"),
        ("https://user:pa55@example.com/", "secret_dsn"),
        ("changeme", "DB_PASSWORD"),
        ("xoxb-2048-abcdef", "slack_token"),
    ],
)
def test_values_that_may_be_secrets(value: str, name: str) -> None:
    """Literals that look like credentials are kept."""
    assert Secrets.not_a_secret(value, name) is None


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * FROM users WHERE id = ?",
        "select name from t",
        "INSERT INTO t VALUES ( ? )",
        "insert or replace into t (a) values ( ? )",
        "UPDATE users SET name = ?",
        "DELETE FROM t",
        "CREATE TABLE ? (id int)",
        "DROP INDEX IF EXISTS ?",
        " WHERE name = ' ? '",
        "PRAGMA table_info( ? )",
    ],
)
def test_sql_shapes(template: str) -> None:
    """Statements and clauses read as SQL."""
    assert looks_like_sql(template)


@pytest.mark.parametrize(
    "template", ["Hello ? ", "Loaded from ? ", "rm -rf ? ", "Update ? now", "select an option ? "]
)
def test_prose_is_not_sql(template: str) -> None:
    """Words that happen to be SQL keywords are not enough."""
    assert not looks_like_sql(template)


def _built(source: str, purpose: str) -> tuple[str, list[str]]:
    ctx = _context(source)
    call = next(node for node in ctx.nodes(ast.Call) if getattr(node.func, "attr", "") == "target")
    built = Interpolation(ctx, purpose).built(call.args[0])
    assert built is not None
    return built.how, [ast.unparse(value) for value in built.unsafe]


@pytest.mark.parametrize(
    ("source", "how", "unsafe"),
    [
        ("x.target('a %s b %d' % (s, n))", "% formatting", ["s"]),
        ("x.target('%(a)s %(b)d' % {'a': s, 'b': n, 'c': t})", "% formatting", ["s"]),
        ("x.target('%*s' % (w, s))", "% formatting", ["w", "s"]),
        ("x.target('a %s' % s)", "% formatting", ["s"]),
        ("x.target(f'{s!r} {n:d} {m:>10}')", "an f-string", ["s", "m"]),
        ("x.target('{} {}'.format(s, len(t)))", "str.format()", ["s"]),
        ("x.target('a' + s + str(int(n)) + f'{t}')", "+ concatenation", ["s", "t"]),
    ],
)
def test_built_strings_and_their_unsafe_values(source: str, how: str, unsafe: list[str]) -> None:
    """Numbers (by conversion or by call) and unused mapping keys are never unsafe."""
    assert _built(source, "code") == (how, unsafe)


def test_harmless_values_depend_on_the_purpose() -> None:
    """shlex.quote protects a shell command, not SQL; placeholders protect SQL, not a shell."""
    source = """
        import shlex
        x.target('ls ' + shlex.quote(path) + ' ' + ','.join('?' * n))
    """
    assert _built(source, "shell") == ("+ concatenation", ["','.join('?' * n)"])
    assert _built(source, "sql") == ("+ concatenation", ["shlex.quote(path)"])


def test_literal_text_follows_a_name_assigned_once() -> None:
    """A name assigned one literal is that literal; assigned twice, or a parameter, it is unknown."""
    ctx = _context("""
        TEMPLATE = "SELECT " + "1"

        def f(param):
            once = f"ab"
            twice = "x"
            twice = "y"
            return TEMPLATE, once, twice, param
    """)
    returned = next(iter(ctx.nodes(ast.Return))).value
    texts = [literal_text(ctx, element) for element in returned.elts]  # type: ignore[union-attr]
    assert texts == ["SELECT 1", "ab", None, None]


def test_builtins_and_imports_are_resolved_per_scope() -> None:
    """eval is the builtin where nothing rebinds it; an import is shadowed by a parameter."""
    ctx = _context("""
        import pickle as p

        class Tool:
            def eval(self, text):
                return eval(text)

        def run(text, p=None):
            return p.loads(text)

        def load(text):
            return p.loads(text)
    """)
    assert [call.lineno for call in calls_of(ctx, "builtins.eval")] == [6]
    assert [call.lineno for call in calls_of(ctx, "pickle.loads")] == [12]
