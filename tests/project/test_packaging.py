"""The bundled content sits at the repository's top level and still ships inside the package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.content.bundled import bundled_paths

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not (ROOT / "pyproject.toml").exists(), reason="needs the source tree")
def test_wheel_carries_scripts_scenarios_rules_and_templates(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("trainer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "scripts").glob("*.yaml"):
        assert f"trainer/bundled/scripts/{path.name}" in names
    for path in (ROOT / "scenarios").glob("*.yaml"):
        assert f"trainer/bundled/scenarios/{path.name}" in names
    for path in (ROOT / "tests" / "scenarios").glob("*.yaml"):
        assert f"trainer/bundled/tests/{path.name}" in names
    assert "trainer/data/rules/core.yaml" in names
    for init in (ROOT / "trainer").rglob("__init__.py"):  # every package of the source tree ships
        assert init.relative_to(ROOT).as_posix() in names
    for data in ("trainer/data/personas.yaml", "trainer/data/debtor.yaml", "trainer/data/understand.yaml",
                 "trainer/data/model/compliance.json", "trainer/data/rules/model.yaml"):
        assert data in names
    assert "trainer/report/templates/scorecard.txt.j2" in names


def test_scenarios_at_the_repository_root_are_listed_once(capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["scenarios", "--format", "json"]) == 0
    import json

    ids = [s["id"] for s in json.loads(capsys.readouterr().out)]
    assert len(ids) == len(set(ids)) == len(bundled_paths("scenarios"))
    assert os.path.isdir(ROOT / "scenarios")
