"""The slash commands of a call, each declared next to its handler.

A handler gets the :class:`trainer.console.loop.CallLoop` and returns ``"quit"``
or ``"restart"`` when the call should end that way, else None.  In exam mode
only the commands marked ``in_exam`` run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from trainer.console.text import Lines, pad
from trainer.console.views import mood_lines

Handler = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class Command:
    name: str
    what: str           # shown by /help
    in_exam: bool       # allowed in exam mode
    run: Handler


COMMANDS: dict[str, Command] = {}   # in /help order


def command(name: str, what: str, *, in_exam: bool) -> Callable[[Handler], Handler]:
    def register(run: Handler) -> Handler:
        COMMANDS[name] = Command(name, what, in_exam, run)
        return run
    return register


def help_lines(exam: bool) -> Lines:
    lines: Lines = [[("class:title", "命令")]]
    for cmd in COMMANDS.values():
        note = "（考试模式不可用）" if exam and not cmd.in_exam else ""
        lines.append([("class:label", f"  {pad(cmd.name, 10)}"), ("", cmd.what + note)])
    keys = "Enter 说出这句话 · ↑↓ 历史 · Ctrl-C / Ctrl-D 结束通话（记为未完成）"
    if not exam:
        keys = "Tab 补全推荐话术 · " + keys
    lines.append([("class:system", "  " + keys)])
    return lines


def run_command(loop: Any, text: str) -> str | None:
    """Run the slash command in ``text`` (unknown and exam-barred ones are refused on screen)."""
    name = "/" + text[1:].split()[0].lower() if text[1:].split() else "/"
    cmd = COMMANDS.get(name)
    if cmd is None:
        loop.screen.show([[("class:warn", f"没有命令 {name}。"), ("", "输入 /help 查看全部命令。")]])
        return None
    if loop.exam and not cmd.in_exam:
        loop.screen.show([[("class:warn", f"考试模式不提供 {name}。")]])
        return None
    return cmd.run(loop)


@command("/help", "显示这份命令说明", in_exam=True)
def show_help(loop: Any) -> str | None:
    loop.screen.show(help_lines(loop.exam))
    return None


@command("/hint", "整通电话里还没说到的要点、对方提了还没回应的问题，以及如何应对对方刚才的话", in_exam=False)
def show_hint(loop: Any) -> str | None:
    call = loop.call
    missing = call.missing_key_points()
    lines: Lines = [[("class:title", f"提示 · {call.stage.title}")]]
    if missing:
        for title, hint in missing:
            lines.append([("class:hint", f"  ○ {title}"), ("class:system", f"：{hint}" if hint else "")])
    else:
        lines.append([("class:hint", "  到目前为止的要点都已说到。")])
    for label, turn, times in call.open_concerns() if hasattr(call, "open_concerns") else ():
        again = f"，已经提了 {times} 次" if times > 1 else ""
        lines.append([("class:warn", f"  ！对方第 {turn + 1} 句提到「{label}」还没回应{again}")])
    advice = call.advice() if hasattr(call, "advice") else None
    if advice:
        lines.append([("class:label", "  应对："), ("", advice)])
    lines.append([("class:system", "  按 Tab 可补全推荐话术。")])
    loop.screen.show(lines)
    return None


@command("/script", "本阶段的推荐话术和讲解（为什么这样说）", in_exam=False)
def show_script(loop: Any) -> str | None:
    call = loop.call
    stage = call.stage
    lines: Lines = [[("class:title", f"推荐话术 · {stage.title}")]]
    if stage.why:
        lines.append([("class:label", "  为什么："), ("", stage.why)])
    for n, line in enumerate(call.suggestions(), 1):
        lines.append([("class:hint", f"  {n}. {line}")])
    loop.screen.show(lines)
    return None


@command("/mood", "对方此刻的情绪", in_exam=True)
def show_mood(loop: Any) -> str | None:
    loop.screen.show(mood_lines(loop.call.mood))
    return None


@command("/why", "上一句话是怎样被理解的", in_exam=False)
def show_why(loop: Any) -> str | None:
    loop.screen.show([[("", row)] for row in loop.call.explain_last().splitlines()])
    return None


@command("/reload", "重新读取改过的场景和脚本文件，放弃本通电话、用新文件重新拨号（文件有问题时列出问题、继续用原来的）",
         in_exam=False)
def reload_files(loop: Any) -> str | None:
    return "restart" if loop.reload() else None


@command("/restart", "放弃本通电话（记为未完成），重新拨号", in_exam=True)
def restart(loop: Any) -> str | None:
    return "restart"


@command("/quit", "结束通话（记为未完成）并查看成绩单", in_exam=True)
def quit_call(loop: Any) -> str | None:
    return "quit"
