"""A trainee line of a megabyte is refused at once with its location, never judged for minutes."""

from __future__ import annotations

import time
from pathlib import Path

from trainer.cli import main
from trainer.cli.play import MAX_LINE


def test_a_1_mb_trainee_line_is_refused_quickly(tmp_path: Path, capsys) -> None:
    lines = tmp_path / "lines.txt"
    lines.write_text("您好，我是安信银行信用卡中心的小王。\n" + "欠" * 1_000_000 + "\n好的\n", "utf-8")
    started = time.monotonic()
    assert main(["play", "first-contact-honest", "--input", str(lines)]) == 2
    assert time.monotonic() - started < 10
    err = capsys.readouterr().err
    assert err.startswith(f"{lines}:2:{MAX_LINE + 1}: PL003 这一行太长（1000000 字，上限 2000 字）")
    assert len(err) < 1_000


def test_a_line_at_the_limit_is_played(tmp_path: Path, capsys) -> None:
    lines = tmp_path / "lines.txt"
    lines.write_text("您好，我是安信银行信用卡中心的小王，请问是张伟先生吗？" + "嗯" * (MAX_LINE - 40) + "\n",
                     "utf-8")
    started = time.monotonic()
    assert main(["play", "first-contact-honest", "--input", str(lines)]) in (0, 1)
    assert time.monotonic() - started < 20
    assert "PL003" not in capsys.readouterr().err
