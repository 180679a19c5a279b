"""A checked script's data kept with its verdict in the start-up cache: the next process builds the
same script without parsing the YAML, and an entry that does not fit is never used."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from trainer.base import cache
from trainer.base.errors import InputError
from trainer.content import script as script_mod
from trainer.content.script import Script

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "scripts" / "first_contact.yaml"


def _model(script: Script) -> tuple:
    return (script.id, script.start, script.digest, script.lexicons,
            [(s.id, s.lines, s.key_points, s.responses, s.moves) for s in script.stages.values()])


@pytest.fixture()
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _entry(folder: Path) -> Path:
    (entry,) = folder.glob("script-*.json")
    return entry


def test_the_second_load_skips_the_yaml_and_builds_the_same_script(private_cache, monkeypatch) -> None:
    first = Script.from_yaml(BUNDLED)
    assert "data" in json.loads(_entry(private_cache).read_bytes())["data"]
    real = script_mod.load_document
    monkeypatch.setattr(script_mod, "load_document", lambda *_a, **_k: pytest.fail("parsed the YAML again"))
    again = Script.from_yaml(BUNDLED)
    assert _model(again) == _model(first)
    monkeypatch.setattr(script_mod, "load_document", real)
    monkeypatch.setenv(cache.ENV, cache.OFF)
    assert _model(Script.from_yaml(BUNDLED)) == _model(first)  # and without any cache


def test_an_entry_with_the_verdict_only_or_odd_data_is_parsed_again(private_cache, monkeypatch) -> None:
    expected = _model(Script.from_yaml(BUNDLED))
    real = script_mod.load_document
    entry = _entry(private_cache)
    stored = json.loads(entry.read_bytes())
    for data in ({"ok": True}, {"ok": True, "data": ["not", "a", "mapping"]},
                 {"ok": True, "data": {**stored["data"]["data"], "include": ["x.yaml"]}}):
        entry.write_text(json.dumps({**stored, "data": data}), "ascii")
        calls: list[int] = []
        monkeypatch.setattr(script_mod, "load_document",
                            lambda *a, _calls=calls, **k: _calls.append(1) or real(*a, **k))
        assert _model(Script.from_yaml(BUNDLED)) == expected
        assert calls  # parsed from the file, not taken from the entry
        monkeypatch.setattr(script_mod, "load_document", real)


def test_an_edited_script_is_checked_again(private_cache, tmp_path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_bytes(BUNDLED.read_bytes())
    Script.from_yaml(path)
    path.write_text(path.read_text("utf-8").replace("start:", "start_typo:", 1), "utf-8")
    with pytest.raises(InputError) as caught:  # new bytes: no verdict, no data from the entry
        Script.from_yaml(path)
    assert all("mine.yaml" in str(p) for p in caught.value.problems)


def test_values_json_would_change_are_not_kept() -> None:
    assert cache.round_trips({"a": [1, 2.5, "x", None, True]})
    assert not cache.round_trips({"a": (1, 2)})          # a tuple comes back as a list
    assert not cache.round_trips({1: "x"})               # a number key comes back as a string
    assert not cache.round_trips({"d": datetime.date(2026, 3, 2)})
    assert not cache.round_trips({"f": float("nan")})
