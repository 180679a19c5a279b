"""Escape sequences pasted into interactive ``practice`` (a real terminal in tmux): no traceback,
the sequences are shown while typing and left out of the line that is said and recorded."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
ROOT = Path(__file__).resolve().parents[2]
# colour codes, a window title (OSC … BEL), bracketed paste holding more, and codes the terminal
# library does not know (a CSI, an SGR-mouse-looking one)
PASTE = "您好\x1b[31m红\x1b[0m\x1b]0;title\x07\x1b[200~粘\x1b[32m贴\x07\x1b[201~"
TAIL = "，我姓王\x1b[99;99~。\x1b[<1m"


@pytest.mark.skipif(not TMUX, reason="needs tmux")
def test_pasted_escape_sequences_never_break_the_call(tmp_path: Path) -> None:
    base = [TMUX, "-u", "-f", "/dev/null", "-L", f"trainer-paste-{os.getpid()}"]
    env = {**os.environ, "LANG": "C.UTF-8", "TERM": "xterm-256color", "PYTHONPATH": str(ROOT),
           "TRAINER_DB": str(tmp_path / "records.db")}

    def tmux(*args: str) -> str:
        return subprocess.run([*base, *args], capture_output=True, text=True, env=env, check=True,
                              timeout=10).stdout

    def wait_for(text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = tmux("capture-pane", "-p", "-t", "p", "-S", "-200")
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{shown}")

    command = f"cd {tmp_path} && {sys.executable} -m trainer practice first-contact-honest --seed 1; echo EXIT=$?; sleep 30"
    tmux("new-session", "-d", "-s", "p", "-x", "100", "-y", "30", command)
    try:
        wait_for("按回车拨号")
        tmux("send-keys", "-t", "p", "Enter")
        wait_for("客户：喂？")
        tmux("send-keys", "-t", "p", "-l", PASTE)
        time.sleep(0.3)
        tmux("send-keys", "-t", "p", "-l", "\x1b")  # a lone Escape
        time.sleep(0.8)
        tmux("send-keys", "-t", "p", "-l", TAIL)
        wait_for("我姓王^[[99;99~。")  # shown while typing (^[ for ESC), never sent raw
        tmux("send-keys", "-t", "p", "Enter")
        shown = wait_for("客户：什么事")
        assert "Traceback" not in shown and "Unhandled exception" not in shown
        assert "坐席：您好红粘贴，我姓王。" in shown.splitlines()  # said without the sequences
        tmux("send-keys", "-t", "p", "C-d")
        wait_for("[y/N]")
        tmux("send-keys", "-t", "p", "Enter")
        assert "Traceback" not in wait_for("EXIT=0")
    finally:
        subprocess.run([*base, "kill-server"], capture_output=True, env=env, timeout=10)
    export = subprocess.run([sys.executable, "-m", "trainer", "export", "--all"], capture_output=True,
                            text=True, env=env, timeout=60)
    call = json.loads(export.stdout.splitlines()[0])
    assert [t["text"] for t in call["turns"] if t["speaker"] == "agent"][-1] == "您好红粘贴，我姓王。"


def test_a_line_is_said_without_control_sequences() -> None:
    from trainer.console.prompt import _spoken

    assert _spoken(PASTE + TAIL) == "您好红粘贴，我姓王。"
    assert _spoken("喂\x9b2J\x1bx好\tA\x7f") == "喂好 A"
    assert _spoken("您好，张先生") == "您好，张先生"
