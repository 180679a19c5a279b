"""The on-disk cache of compiled rule packs: same findings, silent fallback, keyed by content."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from trainer.compliance import RulePack, bundled_pack_paths, cache, example_transcript
from trainer.compliance.pack import read_packs

EVAL = Path(__file__).parents[1] / "data" / "compliance" / "eval.jsonl"


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(folder))
    return folder


def _calls(pack: RulePack) -> list[dict]:
    calls = []
    for rule in pack.all_rules:
        for kind in ("violating", "compliant"):
            for k, example in enumerate(rule.examples[kind]):
                calls.append(example_transcript(example, f"{rule.id}-{kind}-{k}"))
    for n, line in enumerate(EVAL.read_text("utf-8").splitlines()):
        item = json.loads(line)
        turns = [{"speaker": s, "text": t} for s, t in item["context"]] + [{"speaker": "agent", "text": item["text"]}]
        calls.append({"id": f"eval-{n}", "meta": {}, "turns": turns})
    return calls


def test_cached_pack_gives_the_same_findings(cache_dir: Path) -> None:
    fresh = RulePack(read_packs(()))
    paths = bundled_pack_paths()
    cache.store(paths, fresh)
    assert len(list(cache_dir.glob("pack-*.pickle"))) == 1
    loaded = cache.load(paths)
    assert isinstance(loaded, RulePack) and loaded is not fresh
    for call in _calls(fresh):
        assert loaded.audit(call) == fresh.audit(call)
        auditor = loaded.auditor(call["meta"], call["id"])
        turns = [f for i, t in enumerate(call["turns"]) for f in auditor.add_turn(i, t["speaker"], t["text"])]
        assert turns + auditor.finish() == fresh.audit(call)


def test_regexes_are_rebuilt_from_their_program() -> None:
    rx = re.compile(r"(?<![\d])(?:\d[ -]{0,3}){17}[\dx](?P<tail>元)?")
    state = cache._regex_state(rx)
    again = cache._rebuild_regex(*state)
    assert again.pattern == rx.pattern and again.flags == rx.flags and again.groupindex == rx.groupindex
    text = "卡号 6222 0212 3456 7890 123x元，还有 110"
    assert [m.span() for m in again.finditer(text)] == [m.span() for m in rx.finditer(text)]
    # a program from another Python version would be refused: compiled again from the source
    assert cache._rebuild_regex(rx.pattern, rx.flags, [0, 1, 2], 0, {}, ()).pattern == rx.pattern


def test_a_corrupt_or_foreign_cache_is_ignored(cache_dir: Path) -> None:
    paths = bundled_pack_paths()
    cache.store(paths, RulePack(read_packs(())))
    (entry,) = cache_dir.glob("pack-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert cache.load(paths) is None
    entry.write_bytes(cache.dumps({"format": cache.FORMAT, "name": "other", "pack": 1}))
    assert cache.load(paths) is None


def test_the_key_follows_the_pack_files(tmp_path: Path, cache_dir: Path) -> None:
    local = tmp_path / "bank.yaml"
    local.write_text("pack: bank\ndisable: [CN-ABU-003]\n", "utf-8")
    paths = bundled_pack_paths() + [local]
    before = cache.key(paths)
    assert cache.key(paths) == before
    local.write_text("pack: bank\ndisable: [CN-ABU-002]\n", "utf-8")
    assert cache.key(paths) != before
    assert cache.load(paths) is None


def test_unwritable_or_disabled_cache_is_silent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    monkeypatch.setenv(cache.ENV, str(blocker / "sub"))  # a directory under a file
    pack = RulePack(read_packs(()))
    cache.store(bundled_pack_paths(), pack)
    assert cache.load(bundled_pack_paths()) is None
    monkeypatch.setenv(cache.ENV, "off")
    assert cache.cache_dir() is None
    cache.store(bundled_pack_paths(), pack)
    assert cache.load(bundled_pack_paths()) is None
