"""REV303 through flake8 on small projects: what counts as one registration, and what does not."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List

from conftest import flake8_in_process

BUS = "class Bus:\n    def subscribe(self, topic):\n        return lambda f: f\n\n\nbus = Bus()\n"


def _project(tmp_path: Path, files: Dict[str, str]) -> Path:
    root = tmp_path / "proj"
    for name, text in {"pyproject.toml": "[project]\nname = 'proj'\n", **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _rev303(root: Path, *args: str) -> List[str]:
    (root / "flake8-output.txt").unlink(missing_ok=True)  # flake8 appends to an existing output file
    _, lines = flake8_in_process(["-j1", "--select=REV303", *args, str(root)], root)
    return [line.split(":", 3)[0].rsplit("/", 1)[-1] + ":" + line.split(":", 3)[3].strip() for line in lines]


def _handlers(decorator: str, odd: str = "(context, event)") -> str:
    return (
        f"{decorator}\ndef ship(event, context):\n    return event\n\n\n"
        f"{decorator}\ndef refund(event, context):\n    return event\n\n\n"
        f"{decorator}\ndef greet(event, context):\n    return event\n\n\n"
        f"{decorator}\ndef odd{odd}:\n    return event\n"
    )


def test_a_decorator_registration_across_modules(tmp_path: Path) -> None:
    """The callee is read through each module's imports, relative ones included."""
    orders = (
        "from .events import bus\n\n\n@bus.subscribe('paid')\ndef ship(event, context):\n"
        "    return event\n\n\n"
        "@bus.subscribe('void')\ndef refund(event, context):\n    return event\n"
    )
    users = (
        "from app import events\n\n\n@events.bus.subscribe('join')\ndef greet(event, context):\n"
        "    return event\n\n\n@events.bus.subscribe('left')\ndef odd(context, event):\n    return event\n"
    )
    root = _project(tmp_path, {"app/__init__.py": "", "app/events.py": BUS, "app/orders.py": orders,
                               "app/users.py": users})
    assert _rev303(root) == [
        "users.py:REV303 'odd' takes (context, event) but 3 of 4 functions registered through "
        "'app.events.bus.subscribe' take (event, context)",
    ]


def test_a_module_level_registry_of_the_file_itself(tmp_path: Path) -> None:
    """``bus`` bound at the top of the module that registers: the module's name qualifies it."""
    root = _project(tmp_path, {"handlers.py": BUS + "\n\n" + _handlers("@bus.subscribe('x')")})
    assert _rev303(root) == [
        "handlers.py:REV303 'odd' takes (context, event) but 3 of 4 functions registered through "
        "'handlers.bus.subscribe' take (event, context)",
    ]


def test_callees_through_self_parameters_and_locals_register_nothing(tmp_path: Path) -> None:
    """``self.hooks.add(f)`` or a parameter's method names another object in every module."""
    body = (
        "def one(a):\n    return a\n\n\ndef two(a):\n    return a\n\n\ndef three(a):\n    return a\n\n\n"
        "def four(a, b):\n    return a\n\n\n"
        "class Owner:\n    def setup(self, registry):\n"
        "        for f in (one, two, three, four):\n            registry.add(f)\n"
        "        local = registry\n        local.put(one)\n        local.put(two)\n        local.put(three)\n"
        "        local.put(four)\n"
    )
    root = _project(tmp_path, {"mod.py": body})
    assert _rev303(root) == []


def test_evidence_is_needed(tmp_path: Path) -> None:
    """Fewer than 3 functions, or no strict majority: nothing to compare against."""
    two = (
        "@bus.subscribe('a')\ndef a(event):\n    return event\n\n\n"
        "@bus.subscribe('b')\ndef b(x, y):\n    return x\n"
    )
    tie = (
        two + "\n\n@bus.subscribe('c')\ndef c(event):\n    return event\n\n\n"
        "@bus.subscribe('d')\ndef d(x, y):\n    return x\n"
    )
    for number, text in enumerate((two, tie)):
        root = _project(tmp_path / str(number), {
            "events.py": BUS, "handlers.py": "from events import bus\n\n\n" + text,
        })
        assert _rev303(root) == []


def test_the_option_silences_callees_of_the_project(tmp_path: Path) -> None:
    """``--review-registration-ignore`` holds the callees whose functions take what they like."""
    handlers = "from events import bus\n\n\n" + _handlers("@bus.subscribe('x')")
    root = _project(tmp_path, {"events.py": BUS, "handlers.py": handlers})
    found = ["handlers.py:REV303 'odd' takes (context, event) but 3 of 4 functions registered through "
             "'events.bus.subscribe' take (event, context)"]
    assert _rev303(root) == found
    assert _rev303(root, "--review-registration-ignore=events.*") == []
    assert _rev303(root, "--review-registration-ignore=click.*") == found


def test_decorators_from_other_packages_are_not_judged(tmp_path: Path) -> None:
    """Whether ``@osprofiler.profiler.trace`` or ``@pytest.fixture`` registers or only wraps the
    function cannot be seen from the project: nothing is reported, whatever the majority.
    The same functions registered by a call (``registry.subscribe(f)``) are still compared."""
    decorated = (
        "import pytest\nfrom osprofiler import profiler\n\n\n" + _handlers("@profiler.trace('rpc')")
        + "\n\n\n" + _handlers("@pytest.fixture").replace("def ", "def fx_")
    )
    called = (
        "from neutron_lib.callbacks import registry\n\n\n" + _handlers("")
        + "\n\n\nregistry.subscribe(ship, 'x')\nregistry.subscribe(refund, 'x')\n"
        "registry.subscribe(greet, 'x')\nregistry.subscribe(odd, 'y')\n"
    )
    root = _project(tmp_path, {"decorated.py": decorated, "called.py": called})
    assert _rev303(root, "--review-registration-ignore=") == [
        "called.py:REV303 'odd' takes (context, event) but 3 of 4 functions registered through "
        "'neutron_lib.callbacks.registry.subscribe' take (event, context)",
    ]


def test_a_class_whose_instances_wrap_registers_nothing(tmp_path: Path) -> None:
    """``@exception_logger()`` where the class's ``__call__`` returns a wrapper: the functions keep
    their own parameters, as with a wrapping function."""
    logger = (
        "class exception_logger:\n    def __init__(self, logger=None):\n        self.logger = logger\n\n"
        "    def __call__(self, func):\n        def call(*args, **kwargs):\n"
        "            return func(*args, **kwargs)\n        return call\n"
    )
    uses = "import utils\n\n\n" + _handlers("@utils.exception_logger()")
    root = _project(tmp_path, {"utils.py": logger, "uses.py": uses})
    assert _rev303(root) == []
    wrapper = (
        "        def call(*args, **kwargs):\n            return func(*args, **kwargs)\n        return call\n"
    )
    registering = logger.replace(wrapper, "        return func\n")
    root = _project(tmp_path / "plain", {"utils.py": registering, "uses.py": uses})
    assert _rev303(root) == [
        "uses.py:REV303 'odd' takes (context, event) but 3 of 4 functions registered through "
        "'utils.exception_logger' take (event, context)",
    ]


def test_test_files_neither_vote_nor_are_reported(tmp_path: Path) -> None:
    """Tests register stand-ins: three in a test file do not make a majority for the fourth."""
    root = _project(tmp_path, {
        "events.py": BUS,
        "handlers.py": "from events import bus\n\n\n@bus.subscribe('z')\ndef odd(context, event):\n"
        "    return event\n",
        "tests/test_handlers.py": "from events import bus\n\n\n" + _handlers("@bus.subscribe('t')"),
    })
    assert _rev303(root) == []


def test_a_decorated_method_is_compared_as_its_instance_has_it(tmp_path: Path) -> None:
    """``self`` of a decorated method is bound when the registry calls it; a staticmethod keeps all."""
    body = (
        "from events import bus\n\n\nclass Handlers:\n"
        "    @bus.subscribe('a')\n    def one(self, event, context):\n        return event\n\n"
        "    @bus.subscribe('b')\n    def two(self, event, context):\n        return event\n\n"
        "    @staticmethod\n    @bus.subscribe('c')\n    def three(event, context):\n        return event\n\n"
        "    @bus.subscribe('d')\n    def four(self, context):\n        return context\n"
    )
    root = _project(tmp_path, {"events.py": BUS, "handlers.py": body})
    assert _rev303(root) == [
        "handlers.py:REV303 'Handlers.four' takes (context) but 3 of 4 functions registered through "
        "'events.bus.subscribe' take (event, context)",
    ]


def test_a_wrapping_decorator_of_the_project_registers_nothing(tmp_path: Path) -> None:
    """``@utils.retry()`` hands the function back wrapped: its callers call it with its own parameters."""
    utils = (
        "import functools\n\n\ndef retry():\n    def decorate(func):\n        @functools.wraps(func)\n"
        "        def wrapper(*args, **kwargs):\n            return func(*args, **kwargs)\n"
        "        return wrapper\n    return decorate\n\n\n"
        "def mark(tag):\n    def decorate(func):\n        func.tag = tag\n        return func\n"
        "    return decorate\n"
    )
    root = _project(tmp_path, {
        "utils.py": utils,
        "wrapped.py": "import utils\n\n\n" + _handlers("@utils.retry()"),
        "marked.py": "import utils\n\n\n" + _handlers("@utils.mark('m')"),
    })
    assert _rev303(root) == [
        "marked.py:REV303 'odd' takes (context, event) but 3 of 4 functions registered through "
        "'utils.mark' take (event, context)",
    ]
