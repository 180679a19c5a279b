"""The practice console driven through the real PromptSession: pipe input, dummy output.

Keys go in with ``create_pipe_input``; what the trainee sees is read back from
``screen.shown`` (every line the screen printed, as plain text with offending
words in 【】) and from the call's result.  Tab completion runs in the
background in prompt_toolkit, so those tests wait for the buffer to fill before
pressing Enter.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from trainer import console
from trainer.console import CallLoop, PlainScreen, PromptScreen, display_width, truncate
from trainer.content.scenario import load_scenario
from trainer.sim.session import Call

ENGINE = Path(__file__).parents[1] / "golden" / "engine"
HONEST = load_scenario(ENGINE / "engine-honest.yaml")
FAMILY = load_scenario(ENGINE / "engine-family.yaml")
OPENING = "您好，这里是安信银行信用卡中心司法调查组，我姓王。请问您是张伟先生吗？"
BAD = "我是公安局的，你再不还钱就抓你。"
EOF = "\x04"


@pytest.fixture
def pipe() -> Iterator[Any]:
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        yield inp


def model_lines(scenario: Any, seed: int) -> list[str]:
    """What a model trainee says on this seed: always the first recommended line."""
    call = Call.start(scenario, seed=seed, mode="practice")
    lines = []
    while not call.ended and len(lines) < 30:
        line = (call.suggestions() or ["好的，感谢您的配合，再见。"])[0]
        lines.append(line)
        call.say(line)
    return lines


def play(pipe: Any, keys: str, *, scenario: Any = HONEST, mode: str = "practice", seed: int = 1,
         **kwargs: Any) -> tuple[dict[str, Any] | None, PromptScreen]:
    screen = PromptScreen(completion=mode != "exam", colour=False)
    pipe.send_text(keys)
    result = console.practice(scenario, mode=mode, seed=seed, screen=screen, **kwargs)
    return result, screen


def send_when(pipe: Any, ready: Callable[[], bool], keys: str, timeout: float = 5.0,
              settle: float = 0.0) -> None:
    """Type ``keys`` once ``ready()`` holds (or after ``timeout``), from another thread."""
    def run() -> None:
        deadline = time.monotonic() + timeout
        while not ready() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(settle)
        pipe.send_text(keys)

    threading.Thread(target=run, daemon=True).start()


def after(shown: list[str], needle: str) -> list[str]:
    index = next(i for i, line in enumerate(shown) if needle in line)
    return shown[index:]


# -- a whole call ------------------------------------------------------------------------------

def test_a_whole_practice_call_to_a_passing_scorecard(pipe) -> None:
    lines = model_lines(HONEST, seed=1)
    result, screen = play(pipe, "\r" + "".join(line + "\r" for line in lines) + "n\r", seed=1)
    assert result is not None and result["outcome"] == "ptp" and result["passed"]
    shown = screen.shown
    assert any(line.startswith("案件卡") for line in shown)
    assert "客户：喂？" in shown and f"坐席：{lines[0]}" in shown
    card = after(shown, "成绩单")
    assert any("✔ 通过" in line for line in card) and any(line.startswith("总分：") for line in card)
    assert any("合规" in line and "权重" in line for line in card)
    agent_turns = [t["text"] for t in result["transcript"]["turns"] if t["speaker"] == "agent"]
    assert agent_turns == lines


def test_the_same_call_as_trainer_play(pipe) -> None:
    from trainer.sim.session import play_lines

    lines = model_lines(HONEST, seed=4)
    result, _ = play(pipe, "\r" + "".join(line + "\r" for line in lines) + EOF, seed=4)
    played = play_lines(HONEST, lines, seed=4, mode="practice")
    assert result["transcript"]["turns"] == played["transcript"]["turns"]
    assert result["score"] == played["score"]


# -- practice aids ----------------------------------------------------------------------------------

def test_tab_completes_the_recommended_line(pipe) -> None:
    screen = PromptScreen(colour=False)
    pipe.send_text("\r您好\t")
    send_when(pipe, lambda: screen.line_session.default_buffer.text == OPENING, "\r" + EOF + EOF)
    result = console.practice(HONEST, seed=1, screen=screen)
    agent = [t["text"] for t in result["transcript"]["turns"] if t["speaker"] == "agent"]
    assert agent == [OPENING]


def test_tab_completes_with_the_trainees_own_surname(pipe) -> None:
    screen = PromptScreen(colour=False)
    own = OPENING.replace("我姓王", "我姓李")
    pipe.send_text("\r您好\t")
    send_when(pipe, lambda: screen.line_session.default_buffer.text == own, "\r" + EOF + EOF)
    result = console.practice(HONEST, seed=1, screen=screen, trainee="李明")
    agent = [t["text"] for t in result["transcript"]["turns"] if t["speaker"] == "agent"]
    assert agent == [own]


def test_tab_cycles_through_the_stages_lines(pipe) -> None:
    screen = PromptScreen(colour=False)
    buffer = screen.line_session.default_buffer
    second = "逾期每天会按万分之五计息，还会影响您的征信记录，建议尽快处理。"
    pipe.send_text("\r" + OPENING + "\r\t")
    send_when(pipe, lambda: buffer.complete_state is not None and buffer.text.startswith("您尾号"), "\t")
    send_when(pipe, lambda: buffer.text == second, "\r" + EOF + EOF, timeout=8)
    result = console.practice(HONEST, seed=1, screen=screen)
    agent = [t["text"] for t in result["transcript"]["turns"] if t["speaker"] == "agent"]
    assert agent == [OPENING, second]


def test_hint_lists_the_missing_key_points(pipe) -> None:
    _, screen = play(pipe, "\r" + OPENING + "\r/hint\r" + EOF + EOF)
    hint = after(screen.shown, "提示 · 告知来意与金额")
    assert "  ○ 准确告知逾期天数和金额" in hint[1]


def test_a_compliance_warning_appears_at_once_under_the_line(pipe) -> None:
    result, screen = play(pipe, "\r" + OPENING + "\r" + BAD + "\r" + EOF + EOF)
    shown = after(screen.shown, "坐席：【我是公安局】")
    # one breach in one sentence, one warning: the threat is named in it (arbitrate.py)
    assert shown[0] == "坐席：【我是公安局】的，你再不还钱就抓你。"
    assert shown[1].startswith("  ⚠ 合规警告（严重）CN-IMP-002")
    assert shown[2].startswith("    同时涉及：CN-THR-002") and "（威胁恐吓）" in shown[2]
    assert "仍计入" in shown[3] and shown[4].startswith("客户：")   # the warning comes before the reply
    assert BAD in [t["text"] for t in result["transcript"]["turns"]]  # the line still counts
    assert not result["passed"]


def test_script_why_mood_and_help(pipe) -> None:
    _, screen = play(pipe, "\r" + OPENING + "\r/script\r/why\r/mood\r/help\r/foo\r" + EOF + EOF)
    text = "\n".join(screen.shown)
    assert "推荐话术 · 告知来意与金额" in text and "  1. 您尾号6688的信用卡已经逾期45天" in text
    assert "识别出的动作" in text and "对方的回应：确认是本人" in text
    assert "对方情绪：平静" in text and "  怒气" in text
    assert "/restart" in text and "Tab 补全推荐话术" in text
    assert "没有命令 /foo。" in text


def test_multi_line_paste_is_one_turn(pipe) -> None:
    paste = "\x1b[200~您好，这里是安信银行信用卡中心司法调查组，\n我姓王。请问您是张伟先生吗？\x1b[201~"
    result, _ = play(pipe, "\r" + paste + "\r" + EOF + EOF)
    agent = [t["text"] for t in result["transcript"]["turns"] if t["speaker"] == "agent"]
    assert agent == [OPENING]


def test_history_recalls_the_last_line(pipe) -> None:
    screen = PromptScreen(colour=False)
    pipe.send_text("\r" + OPENING + "\r")
    # the history loads in the background when a prompt starts: press Up once it is there
    send_when(pipe, lambda: any(line.startswith("客户：是我") for line in screen.shown), "\x1b[A\r" + EOF + EOF,
              settle=0.3)
    result = console.practice(HONEST, seed=1, screen=screen)
    agent = [t["text"] for t in result["transcript"]["turns"] if t["speaker"] == "agent"]
    assert agent == [OPENING, OPENING]


# -- ending early ----------------------------------------------------------------------------------------

def test_ctrl_d_mid_call_ends_it_incomplete_and_keeps_every_turn(pipe) -> None:
    result, screen = play(pipe, "\r" + OPENING + "\r" + EOF + EOF)
    assert result["outcome"] == "incomplete" and not result["passed"]
    turns = result["transcript"]["turns"]
    assert [t["speaker"] for t in turns] == ["debtor", "agent", "debtor"] and turns[1]["text"] == OPENING
    assert any("通话中断" in line for line in screen.shown)
    assert any("成绩单" in line for line in screen.shown)


def test_ctrl_c_mid_call_ends_it_and_keeps_the_unsent_line_in_history(pipe) -> None:
    screen = PromptScreen(colour=False)
    pipe.send_text("\r" + OPENING + "\r还没说完的话\x03" + EOF)
    result = console.practice(HONEST, seed=1, screen=screen)
    assert result["outcome"] == "incomplete" and len(result["transcript"]["turns"]) == 3
    assert "还没说完的话" in screen.history.get_strings()


def test_quit_and_restart(pipe) -> None:
    ended: list[str] = []

    class Watch:
        def on_turn(self, *args: Any) -> None:
            pass

        def on_end(self, call: Any, result: dict[str, Any]) -> None:
            ended.append(result["outcome"])

    result, screen = play(pipe, "\r" + OPENING + "\r/restart\r" + OPENING + "\r/quit\r" + EOF,
                          observer_factory=lambda scenario, mode, seed: Watch())
    assert ended == ["incomplete", "incomplete"]
    assert len(result["transcript"]["turns"]) == 3
    assert any("重新拨号" in line for line in screen.shown)


def test_leaving_before_dialling_returns_none(pipe) -> None:
    result, _ = play(pipe, EOF)
    assert result is None


# -- exam mode ----------------------------------------------------------------------------------------------

def test_exam_mode_has_no_hints_no_completion_and_a_fixed_seed(pipe) -> None:
    screen = PromptScreen(completion=False, colour=False)
    pipe.send_text("\r\t\r/hint\r/script\r/why\r" + OPENING + "\r" + EOF + EOF)
    result = console.practice(HONEST, mode="exam", screen=screen)
    text = "\n".join(screen.shown)
    assert "考试模式不提供 /hint" in text and "考试模式不提供 /script" in text and "考试模式不提供 /why" in text
    assert "提示 ·" not in text
    agent = [t["text"] for t in result["transcript"]["turns"] if t["speaker"] == "agent"]
    assert agent == [OPENING]              # Tab completed nothing: the empty line was skipped
    assert result["transcript"]["meta"]["seed"] == console.EXAM_SEED
    assert result["transcript"]["meta"]["mode"] == "exam"
    assert "考试模式" in text


def test_the_toolbar_shows_scenario_stage_turn_mood_and_time(pipe) -> None:
    screen = PromptScreen(colour=False)
    loop = CallLoop(screen, HONEST, seed=1)
    loop.dial()
    loop.call.say(OPENING)
    loop.started -= 75
    bar = "".join(text for _, text in loop.status())
    for part in (HONEST.title, "告知来意与金额", "第 1 轮", "情绪 平静", "01:15"):
        assert part in bar
    assert display_width(bar) <= 80


# -- picker, card, saving ---------------------------------------------------------------------------------

def test_the_picker_lists_scenarios_with_their_difficulty(pipe) -> None:
    screen = PromptScreen(colour=False)
    pipe.send_text("9\rengine-family\r" + EOF)
    result = console.practice(None, scenarios=lambda: [HONEST, FAMILY], screen=screen)
    assert result is None   # left at the dial prompt
    assert " 1. engine-honest  ★★☆  引擎测试：老实本分的客户（本地）" in screen.shown
    assert any("没有场景「9」" in line for line in screen.shown)
    assert any(line.startswith("案件卡 · 引擎测试：家属接听") for line in screen.shown)


def test_the_case_card_hints_more_at_easy_levels() -> None:
    import dataclasses

    easy, hard = (dataclasses.replace(HONEST, difficulty=d) for d in (1, 3))
    card = [console.plain(line) for line in console.case_card(easy)]
    assert "客户        张伟先生" in card and "欠款总额    12580元" in card
    assert any("以「承诺还款」结束，总分不低于 70" in line for line in card)
    assert any("对方类型：老实本分" in line for line in card)
    hint = next(console.plain(line) for line in console.case_card(hard) if "对方情况" in console.plain(line))
    assert "老实本分" not in hint and "对方的情况不明" in hint


def test_saving_the_transcript_and_the_scorecard(pipe, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _, screen = play(pipe, "\r" + OPENING + "\r" + EOF + "y\r\x15t.json\r\r")   # Ctrl-U clears the default
    data = json.loads((tmp_path / "t.json").read_text("utf-8"))
    assert data["turns"][1]["text"] == OPENING
    html = list(tmp_path.glob("practice-engine-honest-*.html"))
    assert html and "<html" in html[0].read_text("utf-8").lower()
    assert any(line.startswith("已保存通话记录：t.json") for line in screen.shown)


def test_unwritable_save_path_is_a_message_not_a_traceback(pipe, tmp_path) -> None:
    _, screen = play(pipe, "\r" + EOF + "y\r\x15" + str(tmp_path / "no" / "t.json") + "\r\x15\r")
    assert any(line.startswith("无法写入") for line in screen.shown)


# -- width, colour, plain ----------------------------------------------------------------------------------

def test_cjk_width_helpers() -> None:
    assert display_width("坐席：ok") == 8
    assert truncate("一二三四五六", 7) == "一二三…" and display_width(truncate("一二三四五六", 7)) <= 7


def test_cjk_text_is_laid_out_at_double_width_on_screen() -> None:
    import io

    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    out = Vt100_Output(io.StringIO(), lambda: Size(rows=10, columns=20), term="xterm")
    with create_pipe_input() as inp, create_app_session(input=inp, output=out):
        screen = PromptScreen(colour=False)
        seen: dict[str, Any] = {}
        app = screen.line_session.app

        def snapshot(_: Any) -> None:
            if "screen" not in seen and screen.line_session.default_buffer.text == "一二三四五六七八":
                seen["screen"] = app.renderer._last_screen
                app.exit(result="")

        app.after_render += snapshot
        inp.send_text("一二三四五六七八")
        screen.ask_line("坐席> ")
    grid = seen["screen"].data_buffer
    assert grid[0][6].char == "一" and grid[0][6].width == 2 and grid[0][8].char == "二"
    assert grid[0][18].char == "七" and grid[1][0].char == "八"   # wraps whole, never split


def test_no_color_keeps_the_offending_words_marked(monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert console.colour_wanted() is False
    lines = console.agent_line(BAD, [{"rule": "X", "start": 2, "end": 5, "severity": "critical",
                                       "message": "m", "excerpt": "公安局"}])
    assert console.plain(lines[0]) == "坐席：我是【公安局】的，你再不还钱就抓你。"


def test_the_plain_screen_runs_the_same_call() -> None:
    import io

    lines = model_lines(HONEST, seed=2)
    out = io.StringIO()
    screen = PlainScreen(io.StringIO("\n".join(lines) + "\n"), out)
    result = console.practice(HONEST, seed=2, screen=screen)
    assert result["passed"]
    text = out.getvalue()
    assert "按回车拨号" not in text and "保存通话记录" not in text
    assert f"坐席：{lines[0]}" in text and "✔ 通过" in text


def test_recite_at_the_prompt(pipe) -> None:
    from trainer.content.script import load_script
    from trainer.sim.recite import prepare

    recital = prepare(load_script(ENGINE / "engine_script.yaml"), HONEST)
    screen = PromptScreen(completion=False, colour=False)
    screen.show(console.recital_card(recital, show_target=False))
    pipe.send_text(OPENING.replace("调查", "调差") + "\r")
    attempt = console.ask_recital(screen)
    result = recital.check(attempt)
    screen.show(console.recital_lines(result))
    assert OPENING not in "\n".join(screen.shown[:8])     # the card does not give the line away
    assert "<查/差>" in "\n".join(screen.shown) and not result.passed
    assert any("缺少必备要素：部门「司法调查组」" in line for line in screen.shown)


# -- the card before the load ------------------------------------------------------------------------------

def test_a_named_scenario_shows_its_card_before_it_is_fully_loaded(pipe) -> None:
    card = console.peek_card(str(ENGINE / "engine-honest.yaml"))
    assert card is not None and card.title == HONEST.title and card.account["balance"] == 12580
    assert [console.plain(x) for x in console.case_card(card)] == [console.plain(x) for x in console.case_card(HONEST)]
    result, screen = play(pipe, "\r" + OPENING + "\r" + EOF + EOF, scenario=str(ENGINE / "engine-honest.yaml"))
    assert result["scenario"] == "engine-honest" and len(result["transcript"]["turns"]) == 3


def test_a_broken_scenario_is_reported_after_its_card(pipe, tmp_path) -> None:
    from trainer.base.errors import InputError

    broken = tmp_path / "engine-honest.yaml"
    broken.write_text((ENGINE / "engine-honest.yaml").read_text("utf-8").replace("engine_script.yaml", "nope.yaml"),
                      encoding="utf-8")
    with pytest.raises(InputError) as info:
        play(pipe, "\r", scenario=str(broken))
    assert "SC001" in str(info.value)


def test_the_picker_peeks_local_scenario_files(pipe, tmp_path, monkeypatch) -> None:
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "mine.yaml").write_text("id: [unclosed", encoding="utf-8")
    for name in ("engine-honest.yaml", "engine_script.yaml"):
        (tmp_path / "scenarios" / name).write_text((ENGINE / name).read_text("utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    screen = PromptScreen(colour=False)
    cards = console.available_cards(screen)
    local = [c for c in cards if not c.bundled]
    assert [c.id for c in local] == ["engine-honest"]
    assert any("读不出来" in line for line in screen.shown)


def test_ctrl_c_while_a_line_is_judged_still_ends_the_call_cleanly(pipe, monkeypatch) -> None:
    real_say = Call.say

    def interrupted(self: Call, text: str) -> Any:
        real_say(self, text)
        raise KeyboardInterrupt

    monkeypatch.setattr(Call, "say", interrupted)
    result, screen = play(pipe, "\r" + OPENING + "\r" + EOF)
    assert result["outcome"] == "incomplete" and result["transcript"]["turns"][1]["text"] == OPENING


def test_the_case_card_shows_what_the_trainee_must_say_about_themselves() -> None:
    scenario = load_scenario("first-contact-honest")
    card = "\n".join(console.plain(line) for line in console.case_card(scenario))
    for shown in ("安信银行信用卡中心司法调查组", "我姓王", "A1024", "400-123-4567"):
        assert shown in card, shown
    own = "\n".join(console.plain(line) for line in console.case_card(scenario.for_trainee("李明")))
    assert "我姓李" in own and "我姓王" not in own
    peeked = console.views.peek_card("first-contact-honest").for_trainee("李明")
    assert "我姓李" in "\n".join(console.plain(line) for line in console.case_card(peeked))


# -- /reload and --from ----------------------------------------------------------------------------

def _copy_engine(tmp_path: Path) -> tuple[Path, Path]:
    for name in ("engine-honest.yaml", "engine_script.yaml"):
        (tmp_path / name).write_text((ENGINE / name).read_text("utf-8"), "utf-8")
    return tmp_path / "engine-honest.yaml", tmp_path / "engine_script.yaml"


def test_reload_keeps_a_broken_file_out_and_takes_a_fixed_one(tmp_path: Path) -> None:
    import io
    import os

    scenario_path, script_path = _copy_engine(tmp_path)
    original = script_path.read_text("utf-8")
    edits = iter([original.replace("next: purpose", "next: purpse", 1),         # broken
                  original.replace("title: 开场与核身", "title: 开场（新版）")])  # fixed, retitled

    class Editor:  # the instructor saves the file while the trainee is on the call
        def on_turn(self, call: Any, index: int, turn: dict[str, Any], findings: Any) -> None:
            if turn["speaker"] == "agent":
                script_path.write_text(next(edits, script_path.read_text("utf-8")), "utf-8")
                os.utime(script_path, (1, time.time() + index + 10))

        def on_end(self, call: Any, result: dict[str, Any]) -> None:
            pass

    keys = [OPENING, "/reload", "/hint", OPENING, "/reload", "/hint", "/quit"]
    out = io.StringIO()
    screen = PlainScreen(io.StringIO("\n".join(keys) + "\n"), out)
    result = console.practice(load_scenario(scenario_path), seed=1, screen=screen,
                              observer_factory=lambda scenario, mode, seed: Editor())
    text = out.getvalue()
    broken = after(text.splitlines(), "继续用原来的版本")
    assert "SV021" in broken[1] and "purpse" in broken[1]
    assert "提示 · 告知来意与金额" in after(text.splitlines(), "继续用原来的版本")[2]  # the call went on
    assert "已重新读取场景和脚本" in text and "提示 · 开场（新版）" in text
    assert result is not None and result["transcript"]["turns"][0]["speaker"] == "debtor"  # a new call


def test_reload_is_not_offered_in_exam_mode(pipe) -> None:
    result, screen = play(pipe, "\r/reload\r/quit\r" + EOF, mode="exam")
    assert any("考试模式不提供 /reload" in line for line in screen.shown)


def test_practice_from_a_later_stage(pipe) -> None:
    result, screen = play(pipe, "\r" + "您这笔欠款逾期30天，欠款12580元。\r/quit\r" + EOF, start_stage="purpose")
    assert any("从「告知来意与金额」开始练习" in line for line in screen.shown)
    assert result["transcript"]["turns"][0]["speaker"] == "agent"   # nobody picks up the phone again
    assert result["score"]["from_stage"]["id"] == "purpose"
    assert sum("从「告知来意与金额」开始练习" in line for line in screen.shown) == 2  # on the card too
