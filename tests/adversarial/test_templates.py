"""Template bombs in a script file: refused at validation, never a hang or a crash at run time."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from trainer.base.templating import TemplateProblem, render_line, template_variables
from trainer.cli import main

ROOT = Path(__file__).resolve().parents[2]
FACTS = {"name": "张伟", "balance": 12580, "min_due": 1258}

BOMBS = [
    '{{ "a" * 10**9 }}',
    "{{ 7 ** (10**9) }}",
    "{{ [1] * 100000 }}",
    '{{ ("a" * 9000) ~ ("b" * 9000) }}',
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    '{{ "a".ljust(10**9) }}',
    '{{ "a" | center(10**9) }}',
    '{{ "a" * 9999 | replace("a", "aaaaaaaaaa") }}',
    "{% set x = 1 %}{{ x }}",
]


@pytest.mark.parametrize("source", BOMBS)
def test_a_template_bomb_is_a_located_problem_and_returns_fast(source: str) -> None:
    started = time.monotonic()
    with pytest.raises(TemplateProblem):
        template_variables(source)
        render_line(source, FACTS)
    assert time.monotonic() - started < 5


def test_ordinary_lines_still_render() -> None:
    assert render_line("{{ name }}先生，欠款 {{ balance | yuan }}，最低 {{ min_due | yuan }}。", FACTS) \
        == "张伟先生，欠款 12580元，最低 1258元。"
    assert render_line("{% if balance > 10000 %}金额较大{% endif %}", FACTS) == "金额较大"
    assert render_line("{{ 2 ** 10 }}{{ 'x' * 3 }}", FACTS) == "1024xxx"


def _scenario_with_line(tmp_path: Path, text: str) -> Path:
    script = (ROOT / "scripts" / "third_party.yaml").read_text("utf-8")
    marker = "\n  - id: "
    assert marker in script
    # a scenario that uses a copy of the third-party script whose first line is replaced
    lines = script.splitlines()
    for i, line in enumerate(lines):
        if line.strip().startswith("text:"):
            indent = line[: len(line) - len(line.lstrip())]
            lines[i] = f"{indent}text: '{text}'"
            break
    (tmp_path / "third_party.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    scenario = (ROOT / "scenarios" / "third-party-family.yaml").read_text("utf-8")
    scenario = scenario.replace("script: third_party", f"script: {tmp_path / 'third_party.yaml'}")
    path = tmp_path / "third-party-family.yaml"
    path.write_text(scenario, "utf-8")
    return path


def test_validate_renders_every_line_with_the_scenario_facts(tmp_path: Path, capsys) -> None:
    path = _scenario_with_line(tmp_path, "{{ 1 / 0 }}")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "SC009" in out and str(path) in out


def test_validate_reports_a_bomb_and_play_refuses_it(tmp_path: Path, capsys) -> None:
    path = _scenario_with_line(tmp_path, '{{ "a" * 10**9 }}')
    started = time.monotonic()
    assert main(["validate", str(path)]) == 1
    assert "SC009" in capsys.readouterr().out
    lines = tmp_path / "lines.txt"
    lines.write_text("您好，请问张伟在吗？\n", "utf-8")
    assert main(["play", str(path), "--input", str(lines)]) == 2
    assert "SC009" in capsys.readouterr().err
    assert time.monotonic() - started < 10
