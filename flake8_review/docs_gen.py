"""Render docs/rules/*.md and docs/configuration.md from the registry.

Run ``python -m flake8_review.docs_gen`` from the checkout's root after changing
a rule or an option; tests/test_docs.py fails while the committed pages differ
from what this renders.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from flake8_review.checkers import CATEGORY_MODULES, load_all
from flake8_review.options import OPTIONS, Opt
from flake8_review.registry import CATEGORIES, RULES, Rule


def _default_text(opt: Opt) -> str:
    if opt.kind == "flag":
        return "on" if opt.default else "off"
    if opt.kind == "list" and opt.default:
        return ", ".join(f"`{name}`" for name in str(opt.default).split(","))
    if opt.default in ("", None):
        return "unset"
    return f"`{opt.default}`"


def _anchor(flag: str) -> str:
    return flag.lstrip("-")


def _visibility(rule: Rule) -> str:
    if rule.default_enabled:
        return "Enabled by default"
    return f"Off by default: turn it on with `--extend-select {rule.code}`"


def render_rule(rule: Rule) -> str:
    """The Markdown page of one rule."""
    module = CATEGORY_MODULES[rule.prefix]
    lines = [
        f"# {rule.name} ({rule.code})",
        "",
        f"Category: [{rule.category} ({rule.prefix})](index.md#{rule.prefix.lower()}) · "
        f"checker `{module}` · Added in {rule.added} · {_visibility(rule)}",
        "",
        "Message:",
        "",
        "```",
        rule.render(**{name: "{" + name + "}" for name in rule.fields}),
        "```",
        "",
        "## What it does",
        "",
        rule.summary,
        "",
        "## Why is this bad?",
        "",
        rule.why,
        "",
    ]
    if rule.bad:
        lines += ["## Example", ""]
        if rule.example_options:
            shown = " ".join(f"`{option}`" for option in rule.example_options)
            lines += [f"Checked with {shown}:", ""]
        lines += ["```python", rule.bad.rstrip("\n"), "```", ""]
    if rule.good:
        lines += ["## Use instead", "", "```python", rule.good.rstrip("\n"), "```", ""]
    lines += ["## Options", ""]
    if rule.options:
        by_flag = {opt.flag: opt for opt in OPTIONS}
        for flag in rule.options:
            opt = by_flag[flag]
            lines.append(
                f"- [`{flag}`](../configuration.md#{_anchor(flag)}) (default: {_default_text(opt)})"
            )
    else:
        lines.append("None.")
    lines.append("")
    if not rule.default_enabled:
        lines += [
            "Turn it on with `extend-select = " + rule.code + "` in the `[flake8]` section. "
            "Prefer `extend-ignore` to `ignore` for your own exclusions: setting `ignore` replaces "
            "flake8's default list and silently turns every default-off code back on.",
            "",
        ]
    lines += [
        "## Silencing it",
        "",
        f"On one line: `# noqa: {rule.code}`. For the whole project: `extend-ignore = {rule.code}`.",
        "",
    ]
    if rule.see_also:
        lines += ["## See also", ""] + [f"- {ref}" for ref in rule.see_also] + [""]
    return "\n".join(lines)


def render_index() -> str:
    """docs/rules/index.md: one table per category."""
    lines = [
        "# flake8-review rules",
        "",
        "Every code, by category. Codes marked *off* run only when selected",
        "(`--extend-select REV108`). Each category is its own flake8 entry point, so",
        "`--extend-ignore REV4` or `--select REV1` work as with any flake8 plugin.",
        "",
    ]
    for prefix, title in CATEGORIES.items():
        rules = sorted((r for r in RULES.values() if r.prefix == prefix), key=lambda r: r.code)
        lines += [f"## {prefix}", "", f"**{title}**", ""]
        if not rules:
            lines += ["Not implemented yet.", ""]
            continue
        lines += ["| code | name | message | default |", "| --- | --- | --- | --- |"]
        for r in rules:
            message = r.message.replace("|", "\\|")
            state = "on" if r.default_enabled else "off"
            lines.append(f"| [{r.code}]({r.code}.md) | {r.name} | {message} | {state} |")
        lines.append("")
    return "\n".join(lines)


def render_configuration() -> str:
    """docs/configuration.md: every option with its default and the codes it affects."""
    lines = [
        "# Configuration",
        "",
        "Every option is a flake8 option: pass it on the command line",
        "(`flake8 --review-max-arguments 8`) or set it in the `[flake8]` section of",
        "`setup.cfg`, `tox.ini` or `.flake8` (`review-max-arguments = 8`; `-` and `_` both",
        "work in keys). Lists are comma-separated. On/off options take `true` or `false` in",
        "a config file. A bad value stops flake8 with one line naming the option, e.g.",
        "`flake8-review: error: --review-max-arguments must be 0 or more, got -3`.",
        "",
        "```ini",
        "[flake8]",
        "extend-select = REV108",
        "review-naming-style = auto",
        "review-max-arguments = 8",
        "```",
        "",
    ]
    for opt in OPTIONS:
        users = sorted(r.code for r in RULES.values() if opt.flag in r.options)
        lines += [f"## {_anchor(opt.flag)}", ""]
        lines.append(f"`{opt.flag}` · default: {_default_text(opt)}"
                     + ("" if opt.config else " · command line only"))
        lines += ["", opt.help[0].upper() + opt.help[1:] + ".", ""]
        if users:
            lines += ["Affects: " + ", ".join(f"[{c}](rules/{c}.md)" for c in users) + ".", ""]
        else:
            lines += ["Accepted and validated now; the codes that use it are not implemented yet.", ""]
    return "\n".join(lines)


def pages(docs: Path) -> dict[Path, str]:
    """Every generated page, by its path under the ``docs`` folder."""
    load_all()
    rendered = {docs / "rules" / f"{code}.md": render_rule(r) for code, r in sorted(RULES.items())}
    rendered[docs / "rules" / "index.md"] = render_index()
    rendered[docs / "configuration.md"] = render_configuration()
    return rendered


def main(argv: list[str] | None = None) -> int:
    """Write the generated pages (or, with ``--check``, report the stale ones)."""
    parser = argparse.ArgumentParser(prog="python -m flake8_review.docs_gen", description=__doc__)
    parser.add_argument("--check", action="store_true", help="exit 1 if a page is stale")
    parser.add_argument("--docs", type=Path, default=Path("docs"), help="the docs folder (default: docs)")
    args = parser.parse_args(argv)
    stale = []
    for path, text in pages(args.docs).items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    verb = "stale" if args.check else "written"
    for path in stale:
        print(f"{verb}: {path}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
