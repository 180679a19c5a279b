"""Smoke test in a real terminal: the installed ``trainer`` in an 80×24 tmux pane, read back from the screen.

Skipped where tmux or the installed command is missing.  Runs on its own tmux
server (``-L``), which it stops at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
TRAINER = shutil.which("trainer")
HONEST = Path(__file__).parents[1] / "golden" / "engine" / "engine-honest.yaml"
OPENING = "您好，这里是安信银行信用卡中心司法调查组，我姓王。请问您是张伟先生吗？"

pytestmark = pytest.mark.skipif(not (TMUX and TRAINER), reason="needs tmux and the installed trainer command")


class Pane:
    def __init__(self, cwd: Path) -> None:
        self.base = [TMUX, "-u", "-f", "/dev/null", "-L", f"trainer-smoke-{os.getpid()}"]
        env = {**os.environ, "LANG": "C.UTF-8", "TERM": "xterm-256color"}
        env.pop("NO_COLOR", None)
        self.env = env
        command = f"cd {cwd} && {TRAINER} practice {HONEST} --seed 1; echo EXIT=$?; sleep 30"
        self.tmux("new-session", "-d", "-s", "smoke", "-x", "80", "-y", "24", command)

    def tmux(self, *args: str) -> str:
        return subprocess.run([*self.base, *args], capture_output=True, text=True, env=self.env,
                              check=True, timeout=10).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "smoke")

    def wait_for(self, text: str, timeout: float = 30.0, *, row_start: str = "") -> str:
        """The screen once ``text`` shows (in a row starting with ``row_start``, when given)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if any(text in row and row.startswith(row_start) for row in shown.splitlines()):
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", "smoke", *(["-l"] if literal else []), *keys)

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], capture_output=True, env=self.env, timeout=10)


def test_a_call_in_a_real_80x24_terminal(tmp_path) -> None:
    pane = Pane(tmp_path)
    try:
        card = pane.wait_for("按回车拨号")
        assert "案件卡 · 引擎测试：老实本分的客户" in card and "欠款总额    12580元" in card
        pane.keys("Enter")
        pane.wait_for("客户：喂？")
        pane.keys("您好", literal=True)
        pane.keys("Tab")
        # Tab filled in the recommended line: in the input line itself, not only in the menu (on a
        # loaded machine the menu can show before the first entry is put into the line)
        pane.wait_for("我姓王", row_start="坐席>")
        pane.keys("Enter")
        pane.wait_for("客户：是我")
        shown = pane.wait_for("第 1 轮")               # the toolbar redraws a moment after the reply
        rows = shown.splitlines()
        assert any(row.startswith("坐席：您好，这里是安信银行信用卡中心司法调查组") for row in rows)
        toolbar = next(row for row in reversed(rows) if row.strip())
        assert "告知来意与金额" in toolbar and "第 1 轮" in toolbar and "情绪 平静" in toolbar
        pane.keys("C-d")
        pane.wait_for("[y/N]")
        pane.keys("Enter")
        final = pane.wait_for("EXIT=0")
        assert "通话中断" in final or "成绩单" in final
    finally:
        pane.close()
