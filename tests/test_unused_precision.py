"""REV8 false positives found by the precision review on OpenStack Neutron (bench/precision/), each
pattern through flake8 on a small project."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List

from conftest import flake8_in_process


def _project(root: Path, files: Dict[str, str]) -> Path:
    for name, text in {"setup.cfg": "[metadata]\nname = proj\n", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _found(root: Path, select: str) -> List[str]:
    output = root.parent / f"{root.name}-output"
    output.mkdir(exist_ok=True)
    _, lines = flake8_in_process(["-j1", f"--select={select}", str(root)], output)
    return sorted(line.split(":", 3)[0].rsplit("/", 1)[-1] + ":" + line.split(":", 3)[3].strip()
                  for line in lines)


LOADER = (
    "import importlib\nimport os\n\n\n"
    "def load(folder):\n    found = []\n    for file in os.listdir(folder):\n"
    "        stem = file[:-3]\n        mod = importlib.import_module('app.extensions.' + stem)\n"
    "        found.append(getattr(mod, stem.{change}())())\n    return found\n"
)


def test_a_class_loaded_by_its_file_name_with_the_case_changed_is_used(tmp_path: Path) -> None:
    """Neutron loads ``Foo_bar`` from ``extensions/foo_bar.py`` with ``getattr(mod, stem.capitalize())``:
    such classes are not reported by REV804, nor REV807 when a test uses them; other classes are."""
    files = {
        "app/__init__.py": "", "app/extensions/__init__.py": "",
        "app/extensions/foo_bar.py": "class Foo_bar:\n    pass\n\n\nclass Helper:\n    pass\n",
        "app/loader.py": LOADER.replace("{change}", "capitalize"),
        "tests/test_foo.py": "from app.extensions import foo_bar\n\n\ndef test_it():\n"
                             "    assert foo_bar.Foo_bar()\n",
    }
    root = _project(tmp_path / "capitalized", files)
    helper = [
        "foo_bar.py:REV804 class 'Helper' is referenced nowhere in the project's 5 modules",
        "loader.py:REV804 function 'load' is referenced nowhere in the project's 5 modules",
    ]
    assert _found(root, "REV804,REV807") == helper
    upper = _project(tmp_path / "upper", {**files, "app/loader.py": LOADER.replace("{change}", "upper")})
    assert _found(upper, "REV804,REV807") == sorted([
        "foo_bar.py:REV807 class 'Foo_bar' is referenced only from test files: tests/test_foo.py", *helper,
    ])


def test_a_private_test_case_of_a_test_file_is_collected_not_unused(tmp_path: Path) -> None:
    """unittest collects ``_HelperTestCase`` whatever its name: REV801 leaves it alone in a test
    file, and still reports a private helper class there, and a private test case outside tests."""
    case = "import unittest\n\n\nclass _HelperTestCase(unittest.TestCase):\n    def test_ok(self):\n" \
           "        self.assertTrue(True)\n\n\nclass _Helper:\n    pass\n"
    root = _project(tmp_path / "proj", {"tests/__init__.py": "", "tests/test_x.py": case, "app.py": case})
    assert _found(root, "REV801") == [
        "app.py:REV801 private class '_Helper' is used nowhere in the project's 3 modules",
        "app.py:REV801 private class '_HelperTestCase' is used nowhere in the project's 3 modules",
        "test_x.py:REV801 private class '_Helper' is used nowhere in the project's 3 modules",
    ]


def test_a_function_passed_as_a_callback_by_another_module_has_an_imposed_signature(tmp_path: Path) -> None:
    """``registry.subscribe(rules.on_delete, ...)`` in plugin.py: on_delete's caller decides its
    parameters, so REV803 is silent when the project index is built (any cross-module code
    selected, as by default); a function nobody passes around is still reported."""
    rules = (
        "def on_delete(resource, event, trigger, payload=None):\n    return payload\n\n\n"
        "def helper(value, unused):\n    return value\n"
    )
    plugin = (
        "from neutron_lib.callbacks import registry\n\nfrom app import rules\n\n\n"
        "def setup():\n    registry.subscribe(rules.on_delete, 'port', 'before_delete')\n"
        "    return rules.helper(1, 2)\n"
    )
    files = {"app/__init__.py": "", "app/rules.py": rules, "app/plugin.py": plugin}
    root = _project(tmp_path / "proj", files)
    assert _found(root, "REV803,REV801") == [
        "rules.py:REV803 argument 'unused' of 'helper' is never used in its body",
    ]
