"""Files that are not files: a device or a FIFO named *.yaml is refused at once, never read."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from trainer.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_and_a_link_to_dev_zero_are_reported_not_read(tmp_path: Path, capsys) -> None:
    (tmp_path / "first-contact-honest.yaml").write_text((ROOT / "scenarios" / "first-contact-honest.yaml")
                                        .read_text("utf-8"), "utf-8")
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    started = time.monotonic()
    assert main(["validate", str(tmp_path)]) == 1
    assert time.monotonic() - started < 10
    out = capsys.readouterr().out
    assert f"{tmp_path / 'pipe.yaml'}: SV000" in out
    assert f"{tmp_path / 'zero.yaml'}: SV000" in out
    assert "first-contact-honest.yaml" not in out


def test_a_file_over_the_cap_is_refused_without_reading_it_whole(tmp_path: Path, capsys) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.write(b"id: x\n")
        f.truncate(6 * 1024 * 1024)  # sparse: reading it whole would be the bug
    assert main(["validate", str(big)]) == 1
    assert f"{big}: SV007 文件过大" in capsys.readouterr().out
