"""The report's list of scenarios to recommend from: the same as loading every scenario, remembered
until a scenario file (or the code that checks it) changes."""

from __future__ import annotations

from pathlib import Path

from trainer.content.bundled import bundled_paths
from trainer.content.scenario import list_scenarios
from trainer.report import known


def _fields(scenarios) -> list[tuple]:
    return [(s.id, s.title, s.difficulty) for s in scenarios]


def test_the_remembered_list_is_what_loading_every_scenario_gives(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TRAINER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    first = known.known_scenarios()
    assert _fields(first) == _fields(list_scenarios()) and len(first) >= 10
    loads = []
    monkeypatch.setattr(known, "_load", lambda: loads.append(1) or [])
    assert known.known_scenarios() == first and not loads  # the second report reads the cache


def test_a_new_or_edited_local_scenario_is_seen_and_a_broken_one_empties_the_list(tmp_path: Path,
                                                                                    monkeypatch) -> None:
    monkeypatch.setenv("TRAINER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    known.known_scenarios()
    (tmp_path / "scenarios").mkdir()
    source = bundled_paths("scenarios")[0]
    copy = tmp_path / "scenarios" / "my-case.yaml"
    text = source.read_text(encoding="utf-8")
    copy.write_text(text.replace(f"id: {source.stem}", "id: my-case", 1), encoding="utf-8")
    ids = [k.id for k in known.known_scenarios()]
    assert ids.count("my-case") == 1 and ids == [s.id for s in list_scenarios()]
    copy.write_text("id: my-case\ntitle: [未闭合\n", encoding="utf-8")
    assert known.known_scenarios() == []  # as before: one bad file, recommendations from the records alone
