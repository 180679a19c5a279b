"""Streams stay streams: ``trainer audit -`` reads standard input one record at a time, a record
over the 16 MB cap is reported by its line and dropped without being held, and a link that leads
nowhere in an audited folder is reported, never skipped in silence."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.content.transcript import RECORD_LIMIT

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
CALL = {"id": "c", "meta": {"contact": "debtor"},
        "turns": [{"speaker": "agent", "text": "您好，我是安信银行信用卡中心的小王，请问是张伟先生吗？"},
                  {"speaker": "debtor", "text": "是我。"},
                  {"speaker": "agent", "text": "我是公安局的，再不还钱就抓你。"}]}

# Runs `trainer audit -` fed `size` bytes of JSON Lines from a generator in a fresh interpreter,
# and prints the child's peak resident memory (KB) and exit code.
_MEASURE = r"""
import json, resource, subprocess, sys
size, call = int(sys.argv[1]), json.loads(sys.argv[2])
call["meta"]["notes"] = "备注" * 6000  # extra metadata is kept and ignored, as in an export
line = (json.dumps(call, ensure_ascii=False) + "\n").encode()
child = subprocess.Popen([sys.executable, "-m", "trainer", "audit", "-", "--format", "json"],
                         stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for _ in range(max(1, size // len(line))):
    child.stdin.write(line)
child.stdin.close()
code = child.wait()
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def _peak_kb(size: int) -> int:
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(size), json.dumps(CALL)], capture_output=True,
                          text=True, env=ENV, timeout=60)
    peak, code = done.stdout.split()
    assert code == "1", done.stderr  # the threat in every call is found
    return int(peak)


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KB on Linux")
def test_auditing_100_mb_from_standard_input_does_not_hold_it() -> None:
    baseline = _peak_kb(1)
    size = 100 * 1024 * 1024
    started = time.monotonic()
    peak = _peak_kb(size)
    assert time.monotonic() - started < 20
    assert peak - baseline < 0.6 * size / 1024, (peak, baseline)


def test_a_record_over_the_cap_is_reported_and_the_next_one_read(tmp_path: Path, capsys) -> None:
    path = tmp_path / "calls.jsonl"
    big = {**CALL, "id": "huge", "turns": [{"speaker": "agent", "text": "x" * (RECORD_LIMIT + 1024)}]}
    with path.open("w", encoding="utf-8") as f:
        f.write(json.dumps({**CALL, "id": "first"}, ensure_ascii=False) + "\n")
        f.write(json.dumps(big) + "\n")
        f.write(json.dumps({**CALL, "id": "third"}, ensure_ascii=False) + "\n")
    started = time.monotonic()
    assert main(["audit", str(path), "--format", "json"]) == 1
    assert time.monotonic() - started < 10
    out, err = capsys.readouterr()
    assert {f["transcript"] for f in json.loads(out)} == {"first", "third"}
    assert f"{path}:2:1: TR009 这条记录太大" in err and "上限 16 MB" in err


def test_an_endless_line_on_standard_input_is_cut_short(tmp_path: Path) -> None:
    """A 40 MB line with no newline at all (``head -c 40M /dev/zero | tr``): reported, not held."""
    command = (f"head -c 40000000 /dev/zero | tr '\\0' x | {sys.executable} -m trainer audit -")
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=ENV, timeout=60)
    assert done.returncode == 2
    assert "<stdin>:1:1: TR009 这条记录太大" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_links_that_lead_nowhere_are_reported_by_path(tmp_path: Path, capsys) -> None:
    (tmp_path / "good.jsonl").write_text(json.dumps(CALL, ensure_ascii=False) + "\n", "utf-8")
    (tmp_path / "gone.jsonl").symlink_to(tmp_path / "missing.jsonl")
    (tmp_path / "a.jsonl").symlink_to(tmp_path / "b.jsonl")
    (tmp_path / "b.jsonl").symlink_to(tmp_path / "a.jsonl")
    code = main(["audit", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == 1  # the good call's threat is still found
    assert f"{tmp_path / 'gone.jsonl'}: TR010 链接指向的文件不存在" in err
    assert f"{tmp_path / 'a.jsonl'}: TR011 链接形成循环" in err
    assert f"{tmp_path / 'b.jsonl'}: TR011 链接形成循环" in err
    assert "跳过 3 条" in out


def test_only_broken_links_is_exit_2(tmp_path: Path, capsys) -> None:
    (tmp_path / "gone.jsonl").symlink_to(tmp_path / "missing.jsonl")
    assert main(["audit", str(tmp_path)]) == 2
    assert "TR010" in capsys.readouterr().err
