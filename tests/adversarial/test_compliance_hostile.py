"""Hostile input to the compliance engine: planted cache files, bad local packs, out-of-range
times and huge turns.  Each must be refused or handled in bounded time, never crash."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], env: dict[str, str] | None = None, stdin: str | None = None,
         timeout: float = 60) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "trainer", *args], capture_output=True, text=True,
                          env=full, input=stdin, timeout=timeout, cwd=ROOT)


# --- 1. the compiled-pack cache -------------------------------------------------------------


class _Boom:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # unpickling this writes the marker file
        return (Path.write_text, (self.marker, "pwned"))


def test_planted_cache_files_never_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    payload = pickle.dumps({"format": 1, "pack": _Boom(marker)})
    target = tmp_path / "elsewhere.pickle"
    target.write_bytes(payload)
    for folder in (tmp_path / "cache", tmp_path / "xdg" / "trainer"):
        folder.mkdir(parents=True)
        for n in range(16):  # whatever key the process might compute
            (folder / f"pack-{n:040x}.pickle").write_bytes(payload)
        (folder / "pack-junk.pickle").write_bytes(os.urandom(256))
        (folder / "pack-link.pickle").symlink_to(target)
    before = {p: p.read_bytes() for p in (tmp_path / "cache").iterdir()}
    for env in ({"TRAINER_CACHE_DIR": str(tmp_path / "cache")},
                {"XDG_CACHE_HOME": str(tmp_path / "xdg"), "TRAINER_CACHE_DIR": ""}):
        for _ in range(2):  # a second run would read what the first one wrote
            run = _run(["rules"], env)
            assert run.returncode == 0, run.stderr
            assert "CN-" in run.stdout and "Traceback" not in run.stderr
    assert not marker.exists()
    assert target.read_bytes() == payload  # the link was not followed for writing either
    assert {p: p.read_bytes() for p in (tmp_path / "cache").iterdir()} == before


def test_the_pack_no_longer_reads_any_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from trainer.compliance import RulePack, cache
    from trainer.compliance.pack import read_packs

    assert not hasattr(cache, "load") and not hasattr(cache, "store")
    monkeypatch.setattr(pickle, "loads", lambda *_a, **_k: pytest.fail("unpickled"))
    monkeypatch.setattr(pickle, "load", lambda *_a, **_k: pytest.fail("unpickled"))
    pack = RulePack(read_packs(()))
    found = pack.audit({"id": "t", "meta": {}, "turns": [{"speaker": "agent", "text": "我是公安局的"}]})
    assert [f["rule"] for f in found] == ["CN-IMP-002"]
