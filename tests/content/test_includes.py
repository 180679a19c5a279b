"""Script trees share lexicons and events through ``include``; local trees are found by id."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.cli import main
from trainer.content.script import Script, load_script
from trainer.content.validate import validate_paths

FIXTURES = Path(__file__).parents[1] / "fixtures" / "scripts"
VALID = (FIXTURES / "valid.yaml").read_text("utf-8")


def _tree(folder: Path, name: str, include: str, *, own: str = "") -> Path:
    """valid.yaml without its own lexicon and hang-up response, taking them from includes."""
    text = VALID.replace("lexicons:\n  department: [司法调查组]\n", own)
    text = text.replace("start: opening\n", f"start: opening\ninclude: {include}\n")
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def _shared(folder: Path) -> None:
    (folder / "shared").mkdir(exist_ok=True)
    (folder / "shared" / "common.yaml").write_text(
        (FIXTURES / "shared" / "common.yaml").read_text("utf-8"), "utf-8")


def test_included_lexicon_and_event_are_used(tmp_path: Path) -> None:
    _shared(tmp_path)
    script = Script.from_yaml(_tree(tmp_path, "tree.yaml", "[shared/common.yaml]"))
    matcher = script.stage("opening").key_points[0].matcher
    assert matcher.matches("这里是司法组")  # a word only the shared lexicon has
    assert [(e.code, e.next) for e in script.events] == [("HANG_UP", "closed_hung_up")]
    assert script.includes and script.includes[0].endswith("common.yaml")
    assert validate_paths([tmp_path / "tree.yaml", tmp_path / "shared" / "common.yaml"]).problems == []


def test_own_definitions_win_over_included_ones(tmp_path: Path) -> None:
    _shared(tmp_path)
    own = "lexicons:\n  department: [调查科, 司法调查组]\n"
    script = Script.from_yaml(_tree(tmp_path, "tree.yaml", "[shared/common.yaml]", own=own))
    matcher = script.stage("opening").key_points[0].matcher
    assert matcher.matches("这里是调查科") and not matcher.matches("这里是司法组")


def test_a_changed_include_is_read_again(tmp_path: Path) -> None:
    import os

    _shared(tmp_path)
    path = _tree(tmp_path, "tree.yaml", "[shared/common.yaml]")
    first = load_script(path)
    common = tmp_path / "shared" / "common.yaml"
    common.write_text(common.read_text("utf-8").replace("司法组", "司法科"), "utf-8")
    os.utime(common, (1, 2_000_000_000))
    second = load_script(path)
    assert second.stage("opening").key_points[0].matcher.matches("司法科")
    assert second.digest != first.digest


def test_included_event_leading_nowhere_is_located_at_the_include(tmp_path: Path) -> None:
    _shared(tmp_path)
    path = _tree(tmp_path, "tree.yaml", "[shared/common.yaml]")
    path.write_text(path.read_text("utf-8").replace("closed_hung_up", "closed_gone"), "utf-8")
    problems = validate_paths([path]).problems
    assert [(p.code, p.location.line) for p in problems] == [("SV021", 4)], [str(p) for p in problems]


def test_include_by_tree_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "scripts").mkdir()
    _shared(tmp_path / "scripts")
    (tmp_path / "scripts" / "base_tree.yaml").write_text(
        (FIXTURES / "valid.yaml").read_text("utf-8").replace("id: mini", "id: base_tree"), "utf-8")
    monkeypatch.chdir(tmp_path)
    script = Script.from_yaml(_tree(tmp_path / "scripts", "child.yaml", "[base_tree]"))
    assert "department" in script.lexicons


def test_local_tree_is_found_by_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "my_tree.yaml").write_text(VALID, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_script("my_tree").title == "最小脚本"
    assert main(["graph", "my_tree", "--format", "mermaid"]) == 0
    assert "开场" in capsys.readouterr().out
    assert main(["validate", "scripts/my_tree.yaml"]) == 0


def test_unknown_tree_id_suggests_a_local_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trainer.base.errors import UsageError

    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "my_tree.yaml").write_text(VALID, "utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="my_tree"):
        load_script("my_tre")


def test_local_file_named_like_a_bundled_tree_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "first_contact.yaml").write_text(VALID, "utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_script("first_contact").title != "最小脚本"  # bundled first
    report = validate_paths([tmp_path / "scripts" / "first_contact.yaml"])
    (warning,) = [w for w in report.warnings if w.code == "SW003"]
    assert "内置脚本" in warning.message and report.problems == []


def test_scenario_names_a_local_tree_by_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trainer.content.scenario import load_scenario

    scenario = FIXTURES.parent / "scenarios" / "sc010-objection.yaml"
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "my_tree.yaml").write_text(VALID, "utf-8")
    (tmp_path / "scenarios").mkdir()
    text = scenario.read_text("utf-8").replace("../scripts/valid.yaml", "my_tree").replace(
        "  objection: NO_MONEY\n", "")
    (tmp_path / "scenarios" / "mine.yaml").write_text(text.replace("id: sc010-objection", "id: mine"), "utf-8")
    monkeypatch.chdir(tmp_path)
    problems = [p for p in validate_paths([tmp_path / "scenarios" / "mine.yaml"]).problems if p.code == "SC001"]
    assert problems == []
    assert load_scenario("mine").script().title == "最小脚本"
