"""Messages quote the user's data back cut to 80 characters, never at any length."""

from __future__ import annotations

import json
from pathlib import Path

from trainer.cli import main
from trainer.zh.display import ECHO_LIMIT, clip


def test_clip() -> None:
    assert clip("短") == "短"
    assert clip("x" * 200) == "x" * (ECHO_LIMIT - 1) + "…"
    assert len(clip("时" * 100_000)) == ECHO_LIMIT


def test_a_100_kb_time_zone_is_not_printed_whole(tmp_path: Path, capsys) -> None:
    zone = "Asia/" + "X" * 100_000
    call = {"id": "c", "meta": {"timezone": zone, "contact": "c" * 100_000, "started_at": "t" * 100_000},
            "turns": [{"speaker": "s" * 100_000, "text": "您好"}]}
    path = tmp_path / "c.json"
    path.write_text(json.dumps(call), "utf-8")
    assert main(["audit", str(path)]) == 2
    err = capsys.readouterr().err
    assert "X" * 100 not in err and "c" * 100 not in err and "t" * 100 not in err and "s" * 100 not in err
    assert "…" in err and len(err) < 5_000


def test_a_long_unknown_scenario_name_is_cut(capsys) -> None:
    assert main(["play", "n" * 200, "--input", "-"]) == 2
    err = capsys.readouterr().err
    assert "n" * 100 not in err and len(err) < 1_000
