"""Output that cannot be written (a full disk, a reader gone, standard output closed) ends the
command with a message or quietly — never with a Python traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}


def _bad_calls(tmp_path: Path, n: int = 3000) -> Path:
    path = tmp_path / "calls.jsonl"
    call = {"turns": [{"speaker": "agent", "text": "我是公安局的，你个老赖"}] * 5}
    path.write_text("".join(json.dumps({**call, "id": f"c{i}"}, ensure_ascii=False) + "\n" for i in range(n)),
                    "utf-8")
    return path


def _shell(command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=ENV, timeout=120)


def _trainer() -> str:
    return f"{sys.executable} -m trainer"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("what", ["audit", "scenarios"])
def test_a_full_disk_is_exit_2_with_a_message(tmp_path: Path, what: str) -> None:
    target = str(_bad_calls(tmp_path)) if what == "audit" else ""
    done = _shell(f"{_trainer()} {what} {target} > /dev/full")
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert "无法写出输出" in done.stderr


def test_a_reader_that_goes_away_is_quiet(tmp_path: Path) -> None:
    done = _shell(f"{_trainer()} audit {_bad_calls(tmp_path)} | head -c 10 > /dev/null; "
                  f"echo \"rc=${{PIPESTATUS[0]}}\" >&2")
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    code = int(done.stderr.strip().rsplit("rc=", 1)[1])
    assert code in (0, 1, 141), done.stderr
    done = _shell(f"{_trainer()} scenarios | head -c 10 > /dev/null")
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr


def test_closed_standard_output_is_no_traceback() -> None:
    done = _shell(f"{_trainer()} scenarios >&-")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "标准输出已关闭" in done.stderr
