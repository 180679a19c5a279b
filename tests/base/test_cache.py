"""The start-up cache (trainer.base.cache): JSON only, never executed, never followed, never
trusted over the inputs — and the results are the same with it, without it, cold and warm."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from trainer.base import cache

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return subprocess.run([sys.executable, "-m", "trainer", *args], capture_output=True, text=True,
                          env=full, cwd=cwd, timeout=120)


class _Boom:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # what an attacker plants: unpickling runs code
        return (os.system, (f"touch {self.marker}",))


def test_load_returns_what_store_wrote_only_under_the_same_key(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    assert cache.store("thing", "k1", {"a": [1, 2.5, "律师\ud800"]})
    assert cache.load("thing", "k1") == {"a": [1, 2.5, "律师\ud800"]}
    assert cache.load("thing", "k2") is None
    assert cache.load("../thing", "k1") is None and not cache.store("../x", "k", 1)
    assert oct((tmp_path / "thing.json").stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("content", [
    b"\x80\x04\x95garbage",                         # a pickle-ish header
    b"{" * 100_000,                                  # nesting that would blow the stack
    b'{"format": 1, "key": "k", "data": ' + b"1" * (cache.MAX_BYTES) + b"}",  # over the size cap
    b'["format", 1]', b"", b"\xff\xfe not utf-8", b'{"format": 1, "key": "k", "data": NaN',
])
def test_corrupt_files_are_ignored(tmp_path, monkeypatch, content: bytes) -> None:
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    (tmp_path / "thing.json").write_bytes(content)
    assert cache.load("thing", "k") is None
    assert cache.store("thing", "k", [1])            # and replaced by the next write
    assert cache.load("thing", "k") == [1]


def test_a_pickle_payload_is_never_executed(tmp_path, monkeypatch) -> None:
    marker = tmp_path / "pwned"
    monkeypatch.setenv(cache.ENV, str(tmp_path / "c"))
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "thing.json").write_bytes(pickle.dumps(_Boom(marker)))
    monkeypatch.setattr(pickle, "loads", lambda *_a, **_k: pytest.fail("unpickled"))
    assert cache.load("thing", "k") is None
    assert not marker.exists()


def test_symlinks_and_fifos_are_not_followed(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    monkeypatch.setenv(cache.ENV, str(folder))
    target = tmp_path / "elsewhere.json"
    target.write_text(json.dumps({"format": cache.FORMAT, "key": "k", "data": "from the link"}))
    (folder / "thing.json").symlink_to(target)
    assert cache.load("thing", "k") is None           # not read through the link
    assert cache.store("thing", "k", "mine")
    assert json.loads(target.read_text())["data"] == "from the link"   # not written through it
    assert not (folder / "thing.json").is_symlink()
    os.mkfifo(folder / "pipe.json")
    started = time.monotonic()
    assert cache.load("pipe", "k") is None            # a FIFO does not block the reader
    assert time.monotonic() - started < 5
    # a cache directory that is itself a symlink is not used at all
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    monkeypatch.setenv(cache.ENV, str(tmp_path / "link"))
    assert not cache.store("thing", "k", 1) and list(real.iterdir()) == []


def test_unwritable_cache_is_silently_skipped(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(cache.ENV, str(blocker / "sub"))
    assert not cache.store("thing", "k", 1)
    assert cache.load("thing", "k") is None


def test_location_and_off(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(cache.ENV, "off")
    assert cache.cache_dir() is None and not cache.store("thing", "k", 1)
    monkeypatch.setenv(cache.ENV, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "trainer"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "trainer"


def test_fold_tables_are_the_same_from_the_cache(tmp_path) -> None:
    probe = ("from trainer.base import cache; cache.enable_fold_table_cache()\n"
             "from trainer.zh import text; import hashlib, json\n"
             "t, p = text._tables()\n"
             "print(hashlib.sha256(json.dumps(sorted(t.items()), ensure_ascii=False)"
             ".encode('utf-8', 'surrogatepass') + p.pattern.encode('utf-8', 'surrogatepass')).hexdigest())\n"
             "print(text.fold('公 安 局 ＧＡＪ 律師\\u200b事務所'))\n")
    outs = []
    for env in ({cache.ENV: "off"}, {cache.ENV: str(tmp_path)}, {cache.ENV: str(tmp_path)}):
        run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                             env={**os.environ, "PYTHONPATH": str(ROOT), **env})
        assert run.returncode == 0, run.stderr
        outs.append(run.stdout)
    assert (tmp_path / "fold-tables.json").is_file()   # the second run read what the first wrote
    assert outs[0] == outs[1] == outs[2]
    assert outs[0].splitlines()[1] == "公安局 gaj 律师事务所"


def test_planted_files_never_run_and_the_listing_is_unchanged(tmp_path) -> None:
    marker = tmp_path / "pwned"
    folder = tmp_path / "cache"
    folder.mkdir()
    payload = pickle.dumps(_Boom(marker))
    for name in ("fold-tables", *(f"script-{n:040x}" for n in range(4)), "scenario-junk"):
        (folder / f"{name}.json").write_bytes(payload)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(payload)
    (folder / "fold-tables.json").unlink()
    (folder / "fold-tables.json").symlink_to(elsewhere)
    reference = _run(["scenarios", "--format", "json"], {cache.ENV: "off"}, tmp_path)
    assert reference.returncode == 0, reference.stderr
    for _ in range(2):   # cold (planted files), then warm (what the first run wrote)
        run = _run(["scenarios", "--format", "json"], {cache.ENV: str(folder)}, tmp_path)
        assert run.returncode == 0 and "Traceback" not in run.stderr
        assert run.stdout == reference.stdout
    assert not marker.exists()
    assert elsewhere.read_bytes() == payload
    assert any(p.name.startswith("scenario-") and p.name != "scenario-junk.json" for p in folder.iterdir())


def test_a_changed_scenario_is_checked_again(tmp_path) -> None:
    folder, work = tmp_path / "cache", tmp_path / "work"
    (work / "scenarios").mkdir(parents=True)
    source = ROOT / "scenarios" / "first-contact-honest.yaml"
    local = work / "scenarios" / "my-case.yaml"
    local.write_text(source.read_text("utf-8").replace("id: first-contact-honest", "id: my-case"), "utf-8")
    env = {cache.ENV: str(folder)}
    assert _run(["scenarios"], env, work).returncode == 0
    local.write_text(local.read_text("utf-8").replace("pass_mark:", "pass_mark: 500\nx_pass_mark:", 1), "utf-8")
    run = _run(["scenarios"], env, work)
    assert "my-case.yaml:" in run.stderr and "my-case" not in run.stdout


def test_off_writes_nothing(tmp_path) -> None:
    env = {cache.ENV: "off", "XDG_CACHE_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path / "home")}
    assert _run(["scenarios"], env, tmp_path).returncode == 0
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()
