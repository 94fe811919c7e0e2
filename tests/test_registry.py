"""The catalog's own rules: codes, messages, options and entry points stay consistent."""

from __future__ import annotations

import ast
import re

import pytest

from conftest import FIXTURES, ROOT
from flake8_review import options
from flake8_review.checkers import CATEGORY_MODULES, load_all
from flake8_review.engine import BaseChecker
from flake8_review.registry import RULES, Rule

load_all()
ALL_RULES = sorted(RULES.values(), key=lambda r: r.code)


def test_codes_and_names_are_unique_and_well_formed() -> None:
    """Codes are REV + 3 digits and names are unique kebab-case."""
    names = [r.name for r in ALL_RULES]
    assert len(names) == len(set(names))
    for r in ALL_RULES:
        assert re.fullmatch(r"REV[1-9]\d\d", r.code)
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", r.name)


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_message_style(rule: Rule) -> None:
    """Messages start lower-case, have no trailing period and use named placeholders only."""
    assert rule.message[0].islower() or rule.message[0] in "'{", rule.message
    assert not rule.message.endswith(".")
    assert "{}" not in rule.message and "%s" not in rule.message
    assert rule.summary and rule.why


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_belongs_to_an_implemented_category_with_an_internal_error_code(rule: Rule) -> None:
    """Each code's hundreds digit is its checker's; every category has its REVn00."""
    assert rule.prefix in CATEGORY_MODULES
    assert f"{rule.prefix}00" in RULES


@pytest.mark.parametrize("rule", [r for r in ALL_RULES if not r.code.endswith("00")], ids=lambda r: r.code)
def test_every_rule_has_examples_and_a_fixture(rule: Rule) -> None:
    """Every real rule documents a bad and a good example and has fixture cases."""
    assert rule.bad.strip() and rule.good.strip()
    in_fixtures = any(rule.code in p.read_text(encoding="utf-8") for p in FIXTURES.glob("REV*.py"))
    in_tests = any(rule.code in p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    assert in_fixtures or in_tests, f"no fixture or test exercises {rule.code}"


def test_options_are_referenced_and_rules_name_real_options() -> None:
    """Rules name registered options only, and every option of an implemented category is used."""
    flags = {opt.flag for opt in options.OPTIONS}
    used = {flag for r in ALL_RULES for flag in r.options}
    assert used <= flags
    implemented = {r.code[:4] for r in ALL_RULES}
    for opt in options.OPTIONS:
        if not opt.config:
            continue
        users_in_help = set(re.findall(r"REV\d{1,3}", opt.help))
        if any(code[:4] in implemented for code in users_in_help) and all(
            code[:4] in implemented for code in users_in_help
        ):
            assert opt.flag in used, f"{opt.flag} is documented for {users_in_help} but no rule names it"


def test_settings_defaults_match_option_defaults() -> None:
    """``Settings()`` (what tests use) and the registered defaults are one and the same."""
    import argparse

    assert options.Settings.from_namespace(argparse.Namespace()) == options.Settings()


def test_entry_points_match_categories() -> None:
    """pyproject.toml declares exactly one flake8 entry point per implemented category."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = text.split('[project.entry-points."flake8.extension"]', 1)[1].split("\n[", 1)[0]
    declared = dict(re.findall(r'^(REV\d)\s*=\s*"([^"]+)"', section, flags=re.M))
    assert set(declared) == set(CATEGORY_MODULES)
    for prefix, target in declared.items():
        module, _, cls_name = target.partition(":")
        assert module == f"flake8_review.checkers.{CATEGORY_MODULES[prefix]}"
        imported = __import__(module, fromlist=[cls_name])
        checker = getattr(imported, cls_name)
        assert issubclass(checker, BaseChecker) and checker.prefix == prefix


def test_only_one_class_registers_options() -> None:
    """flake8 crashes when two plugins register one option: exactly one class defines add_options."""
    owners = []
    for module in CATEGORY_MODULES.values():
        path = ROOT / "flake8_review" / "checkers" / f"{module}.py"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(item, ast.FunctionDef) and item.name == "add_options" for item in node.body
            ):
                owners.append(node.name)
    assert owners == ["NamingChecker"]
    assert "add_options" not in vars(BaseChecker)
