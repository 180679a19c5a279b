"""The rule pack's start-up cache (trainer/compliance/packcache.py): the same findings with or
without it, a second process skips reading the pack, and a stale, corrupt or planted entry is
ignored and rebuilt, never trusted or run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from trainer.base.errors import InputError
from trainer.compliance import packcache, patterns
from trainer.compliance.pack import bundled_pack_paths

ROOT = Path(__file__).resolve().parents[2]
CALLS = ROOT / "tests" / "data" / "compliance" / "calls"


def _calls() -> list[dict]:
    return [json.loads(line) for name in ("dev.jsonl", "heldout.jsonl")
            for line in (CALLS / name).read_text("utf-8").splitlines() if line.strip()]


def _findings(pack) -> list[list[dict]]:
    return [pack.audit(call) for call in _calls()]


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TRAINER_CACHE_DIR", str(folder))
    return folder


def _entry(folder: Path) -> Path:
    entries = sorted(folder.glob(packcache.PREFIX + "*.json"))
    assert len(entries) == 1, entries
    return entries[0]


def _no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if the pack files are read and checked (the cache should have answered)."""
    monkeypatch.setattr(packcache, "_read", lambda *_a: pytest.fail("read the pack again"))


def test_same_findings_and_regexes_with_and_without_the_cache(cache_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("TRAINER_CACHE_DIR", "off")
    plain = packcache.load()
    assert not cache_dir.exists()  # off: nothing written
    monkeypatch.setenv("TRAINER_CACHE_DIR", str(cache_dir))
    first = packcache.load()  # compiles and writes the entry
    _entry(cache_dir)
    _no_reading(monkeypatch)
    cached = packcache.load()  # from the entry
    expected = _findings(plain)
    assert sum(map(len, expected)) > 50  # the calls do hold findings
    assert _findings(first) == expected
    # the regexes' sources come with the entry: none is written out again on first use
    with monkeypatch.context() as patched:
        patched.setattr(patterns, "_alternation", lambda *_a: pytest.fail("wrote a regex out again"))
        assert _findings(cached) == expected
    assert [p.regex.pattern for p in cached._patterns] == [p.regex.pattern for p in plain._patterns]
    assert cached.digest == plain.digest and [r.to_dict() for r in cached.rules] == [r.to_dict() for r in plain.rules]


@pytest.mark.parametrize("damage", [
    lambda raw: raw[: len(raw) // 2],  # cut short
    lambda raw: b"\xff\xfe not json",
    lambda raw: json.dumps({**json.loads(raw), "data": {"docs": "x", "tables": []}}).encode(),
    lambda raw: json.dumps({**json.loads(raw), "data": {**json.loads(raw)["data"],
                                                      "tables": {"lexicons": {"police": [[1, 2], True]}}}}).encode(),
    lambda raw: json.dumps({**json.loads(raw), "key": "0" * 64}).encode(),  # for other inputs
    lambda raw: json.dumps({**json.loads(raw), "data": {**json.loads(raw)["data"], "tables": {
        **json.loads(raw)["data"]["tables"], "expressions": {"我是(警察)": ["我是警察"]}}}}).encode(),
], ids=["truncated", "not-json", "wrong-shape", "wrong-types", "other-key", "expression-not-text"])
def test_a_damaged_entry_is_ignored_and_rebuilt(cache_dir: Path, damage, monkeypatch) -> None:
    expected = _findings(packcache.load())
    entry = _entry(cache_dir)
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    assert _findings(packcache.load()) == expected
    assert json.loads(entry.read_bytes())["data"] == json.loads(good)["data"]  # replaced by a good one
    _no_reading(monkeypatch)
    assert _findings(packcache.load()) == expected


def test_an_edited_local_pack_is_compiled_afresh(cache_dir: Path, tmp_path: Path) -> None:
    local = tmp_path / "bank.yaml"

    def write(term: str) -> None:
        local.write_text(textwrap.dedent(f"""\
            pack: anxin
            lexicons:
              police: {{add: [{term}]}}
            """), "utf-8")

    call = {"id": "t", "turns": [{"speaker": "agent", "text": "我是巡警"}, {"speaker": "agent", "text": "我是城管"}]}

    def flagged() -> list[int]:
        return [f["turn"] for f in packcache.load((str(local),)).audit(call) if f["rule"] == "CN-IMP-002"]

    write("巡警")
    assert flagged() == [0]
    write("城管")  # same name, new bytes: the old entry does not apply
    assert flagged() == [1]
    assert flagged() == [1]  # and the new one does


def test_a_bad_local_pack_is_reported_the_same_and_never_cached(cache_dir: Path, tmp_path: Path) -> None:
    local = tmp_path / "bank.yaml"
    local.write_text("pack: x\nlexicons:\n  mine:\n    terms: [催款专员]\n    include: [polise]\n", "utf-8")
    messages = []
    for _ in range(2):
        with pytest.raises(InputError) as caught:
            packcache.load((str(local),))
        messages.append([str(p) for p in caught.value.problems])
    assert messages[0] == messages[1] and "bank.yaml:" in messages[0][0]
    assert not list(cache_dir.glob(packcache.PREFIX + "*.json"))


def test_a_planted_entry_with_code_like_strings_is_only_data(cache_dir: Path, tmp_path: Path) -> None:
    """An entry is only ever ``json.loads``-ed: a string in it is a string, and an entry
    that is not a symlink-free, own regular file is not read at all."""
    packcache.load()
    entry = _entry(cache_dir)
    marker = tmp_path / "marker"
    data = json.loads(entry.read_bytes())
    data["data"]["docs"][0][1]["pack"] = f"__import__('pathlib').Path({str(marker)!r}).write_text('x')"
    entry.write_text(json.dumps(data), "ascii")
    run = subprocess.run([sys.executable, "-m", "trainer", "rules"], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT), "TRAINER_CACHE_DIR": str(cache_dir)},
                         timeout=60)
    assert run.returncode == 0 and "CN-" in run.stdout and "Traceback" not in run.stderr
    assert not marker.exists()
    # a symlink in place of the entry is not followed
    target = tmp_path / "elsewhere.json"
    target.write_bytes(entry.read_bytes())
    entry.unlink()
    entry.symlink_to(target)
    before = target.read_bytes()
    assert not any("__import__" in name for name in packcache.load().names)  # compiled from the files
    assert target.read_bytes() == before and not entry.is_symlink()  # the link replaced, not written through


def test_the_bundled_pack_is_keyed_by_its_bytes(cache_dir: Path) -> None:
    packcache.load()
    entry = _entry(cache_dir)
    key = json.loads(entry.read_bytes())["key"]
    contents = [p.read_bytes() for p in bundled_pack_paths()]
    assert packcache._key(bundled_pack_paths(), contents) == key
    assert packcache._key(bundled_pack_paths(), [c + b"\n# edited\n" for c in contents]) != key


def test_an_entry_too_large_with_the_regex_sources_is_kept_without_them(cache_dir: Path, monkeypatch) -> None:
    from trainer.base import cache

    expected = _findings(packcache.load())
    entry = _entry(cache_dir)
    full = entry.stat().st_size
    assert json.loads(entry.read_bytes())["data"]["tables"]["expressions"]  # the regexes' sources, as text
    entry.unlink()
    monkeypatch.setattr(cache, "MAX_BYTES", full - 1)  # room for all but them (a big local pack)
    assert _findings(packcache.load()) == expected
    assert json.loads(_entry(cache_dir).read_bytes())["data"]["tables"]["expressions"] == {}
    _no_reading(monkeypatch)
    assert _findings(packcache.load()) == expected  # still read from the entry
