"""Every command is documented: it appears in the README's tour with an example,
its --help ends with an example, and the README opens with the two commands."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from trainer.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text("utf-8")

DESIGN_COMMANDS = {"practice", "play", "recite", "validate", "graph", "audit", "rules", "scenarios",
                   "report", "history", "export", "replay", "schema", "test", "coverage", "review"}


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_every_command_of_the_design_exists() -> None:
    assert DESIGN_COMMANDS <= set(_commands())


@pytest.mark.parametrize("name", sorted(DESIGN_COMMANDS))
def test_command_is_in_the_readme_tour_with_an_example(name: str) -> None:
    assert re.search(rf"^\s*(\$ )?trainer {name}\b", README, re.M), f"README has no example of `trainer {name}`"


@pytest.mark.parametrize("name", sorted(DESIGN_COMMANDS))
def test_help_ends_with_an_example(name: str) -> None:
    parser = _commands()[name]
    assert "示例" in (parser.epilog or ""), f"`trainer {name} --help` has no example"
    assert f"trainer {name}" in (parser.epilog or "")


def test_readme_opens_with_the_two_commands() -> None:
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", README, re.S)
    first, second = blocks[0], blocks[1]
    assert "pip install" in first and "practice" in first
    assert "pip install" in second and "pytest" in second
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    test_command = second.strip().splitlines()[-1].strip()
    assert test_command in ci, f".ci/run must run the README's test command: {test_command}"


def test_the_authoring_guide_example_is_a_valid_script(tmp_path: Path) -> None:
    from trainer.content.validate import validate_paths

    guide = (ROOT / "docs" / "authoring.md").read_text("utf-8")
    example = re.search(r"## A complete example\n\n```yaml\n(.*?)```", guide, re.S)
    assert example, "docs/authoring.md lost its complete example"
    path = tmp_path / "example.yaml"
    path.write_text(example.group(1), "utf-8")
    assert [str(p) for p in validate_paths([path]).problems] == []


def test_the_scenario_guide_example_is_a_valid_scenario(tmp_path: Path) -> None:
    from trainer.content.validate import validate_paths

    guide = (ROOT / "docs" / "engine.md").read_text("utf-8")
    example = re.search(r"### A complete example\n\n```yaml\n(.*?)```", guide, re.S)
    assert example, "docs/engine.md lost its complete example"
    scenario_id = re.search(r"^id: (\S+)", example.group(1), re.M).group(1)
    path = tmp_path / f"{scenario_id}.yaml"
    path.write_text(example.group(1), "utf-8")
    assert [str(p) for p in validate_paths([path]).problems] == []


def test_the_authoring_guide_lists_every_code_and_warning_without_sending_to_python() -> None:
    from trainer.base.vocab import ACTS, OUTCOMES, PERSONAS, RESPONSES

    guide = (ROOT / "docs" / "authoring.md").read_text("utf-8")
    for table in (OUTCOMES, PERSONAS, RESPONSES, ACTS):
        for code, label in table.items():
            assert f"`{code}` | {label}" in guide, f"docs/authoring.md does not list {code}"
    for code in ("SW001", "SW002", "SW003", "CW001", "SV030", "SV031", "SC010", "SC011"):
        assert code in guide
    assert "vocab.py" not in guide
