"""``trainer validate`` on a file of millions of values: bounded in time and in what it prints."""

from __future__ import annotations

import time
from pathlib import Path

from trainer.base.yamlio import MAX_NODES
from trainer.cli import main
from trainer.cli.scripts import PROBLEMS_PER_FILE


def _list_file(tmp_path: Path, items: int) -> Path:
    path = tmp_path / "many.yaml"
    path.write_text("id: x\nstages: [" + ",".join(["1"] * items) + "]\n", "utf-8")
    return path


def test_a_file_with_150_thousand_problems_lists_the_first_100(tmp_path: Path, capsys) -> None:
    path = _list_file(tmp_path, 150_000)
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == PROBLEMS_PER_FILE + 1 and len(out) < 20_000
    assert lines[-1] == f"{path}: 还有 {150_002 - PROBLEMS_PER_FILE} 个问题未列出（每个文件最多列出 100 个）"
    assert "发现 150002 个问题" in err


def test_two_million_values_are_refused_quickly(tmp_path: Path, capsys) -> None:
    path = _list_file(tmp_path, 2_000_000)
    started = time.monotonic()
    assert main(["validate", str(path)]) == 1
    assert time.monotonic() - started < 20
    out = capsys.readouterr().out
    assert out.splitlines() == [f"{path}:2:{2 * MAX_NODES + 4}: SV007 文件里的条目过多（上限 {MAX_NODES} 个）"
                                "（提示：把内容拆成几个文件）"]
