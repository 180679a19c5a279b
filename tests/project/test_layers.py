"""The import rules of DESIGN.md: each module imports only from layers above it,
each outside library lives in one module, and nothing prints outside the UI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "trainer"

# Lower number = more basic.  A module may import modules of the same subpackage or of a lower layer.
# The layers are the subpackages of trainer/ (DESIGN.md, docs/internals.md).
LAYERS = {
    "zh": 0,          # Chinese text, pure functions: folding, display width, money (imports no trainer module)
    "base": 1,        # errors, safe YAML, schema, sandboxed templating (money filter from zh), the vocabulary
    "compliance": 2,  # rule packs: compile, scan, judge; never imports content/sim/records/console
    "content": 3,     # script, scenario and transcript models; bundled content; graphs; validation
    "sim": 4,         # one call: flow, understanding, debtor, session, scoring, recite
    "records": 5,     # SQLite store, recorder, replay
    "report": 6,      # renderers and their templates
    "console": 7,     # prompt_toolkit front end
    "cli": 8, "__main__": 8, "__init__": 0,
    "bundled": 0,     # data only (a wheel's copy of scripts/ and scenarios/)
}

# Outside libraries and the one module allowed to import each (paths below trainer/, no .py).
OWNERS = {
    "transitions": {"sim/flow"},
    "prompt_toolkit": {"console/prompt"},
    "jinja2": {"base/templating"},
    "yaml": {"base/yamlio"},
    "opencc": {"zh/text"},
    "pypinyin": {"zh/text"},
    "ahocorasick_rs": {"compliance/literals"},
    "sqlite3": {"records/store"},
    "orjson": {"content/transcript"},
}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def _top(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _module(path: Path) -> str:
    return path.relative_to(PACKAGE).with_suffix("").as_posix()


def _imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text("utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, node.lineno))
            if node.module == "trainer":
                found += [(f"trainer.{alias.name}", node.lineno) for alias in node.names
                          if (PACKAGE / f"{alias.name}.py").exists() or (PACKAGE / alias.name).is_dir()]
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_from_layers_above(path: Path) -> None:
    me = _top(path)
    assert me in LAYERS, f"{me} has no layer in tests/project/test_layers.py: add it"
    for name, line in _imports(path):
        parts = name.split(".")
        if parts[0] == "trainer" and len(parts) > 1:
            other = parts[1]
            if other == me:
                continue
            assert other in LAYERS, f"{path.name}:{line} imports unknown trainer module {other}"
            assert LAYERS[other] <= LAYERS[me], (
                f"{path.relative_to(PACKAGE)}:{line}: {me} (layer {LAYERS[me]}) must not import "
                f"{other} (layer {LAYERS[other]})")
        elif parts[0] in OWNERS:
            assert _module(path) in OWNERS[parts[0]], (
                f"{path.relative_to(PACKAGE)}:{line}: only {OWNERS[parts[0]]} may import {parts[0]}")


def test_compliance_judges_text_alone() -> None:
    for path in (PACKAGE / "compliance").rglob("*.py") if (PACKAGE / "compliance").exists() else []:
        for name, line in _imports(path):
            assert not any(name.startswith(f"trainer.{m}") for m in ("session", "debtor", "flow")), (
                f"{path.name}:{line} imports {name}")


def test_no_print_outside_the_user_interface() -> None:
    offenders = []
    for path in _modules():
        if _top(path) in ("cli", "console"):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print":
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not offenders, offenders


def test_nothing_imports_the_cli() -> None:
    for path in _modules():
        if _top(path) in ("cli", "__main__"):
            continue
        for name, line in _imports(path):
            assert not name.startswith("trainer.cli"), f"{path.name}:{line} imports the CLI"
