"""`trainer practice` and `trainer recite` as commands: plain fallback, options, exit codes, start-up cost."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.cli import build_parser, main
from trainer.content.scenario import load_scenario
from trainer.sim.session import Call

ENGINE = Path(__file__).parents[1] / "golden" / "engine"
HONEST = str(ENGINE / "engine-honest.yaml")
OPENING = "您好，这里是安信银行信用卡中心司法调查组，我姓王。请问您是张伟先生吗？"
HEAVY = ("prompt_toolkit", "transitions", "trainer.console", "trainer.sim.session", "trainer.compliance",
         "trainer.sim.recite", "trainer.sim.flow")


def model_lines(seed: int) -> list[str]:
    call = Call.start(load_scenario(HONEST), seed=seed, mode="practice")
    lines = []
    while not call.ended and len(lines) < 30:
        lines.append(call.suggestions()[0])
        call.say(lines[-1])
    return lines


def feed(monkeypatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_practice_falls_back_to_plain_lines_when_not_a_terminal(monkeypatch, capsys, tmp_path) -> None:
    lines = model_lines(seed=3)
    feed(monkeypatch, "\n".join(lines) + "\n")
    transcript, scorecard = tmp_path / "call.json", tmp_path / "card.html"
    code = main(["practice", HONEST, "--seed", "3", "--save-transcript", str(transcript),
                 "--save-scorecard", str(scorecard)])
    out = capsys.readouterr().out
    assert code == 0
    assert "案件卡 · 引擎测试：老实本分的客户" in out and "客户：喂？" in out and f"坐席：{lines[0]}" in out
    assert "✔ 通过" in out and "\x1b[" not in out          # plain text, no escape sequences
    saved = json.loads(transcript.read_text("utf-8"))
    assert [t["text"] for t in saved["turns"] if t["speaker"] == "agent"] == lines
    assert "<html" in scorecard.read_text("utf-8").lower()


def test_plain_practice_ends_incomplete_at_end_of_input(monkeypatch, capsys) -> None:
    feed(monkeypatch, OPENING + "\n/hint\n")
    assert main(["practice", HONEST, "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "○ 准确告知逾期天数和金额" in out and "通话中断" in out and "通话未完成" in out


def test_plain_practice_exam(monkeypatch, capsys) -> None:
    feed(monkeypatch, "/hint\n" + OPENING + "\n")
    assert main(["practice", HONEST, "--exam"]) == 0
    out = capsys.readouterr().out
    assert "考试模式不提供 /hint" in out and "随机种子 0" in out


def test_plain_picker_reads_the_choice_from_the_first_line(monkeypatch, capsys, tmp_path) -> None:
    local = tmp_path / "scenarios"
    local.mkdir()
    (local / "engine-honest.yaml").write_text(
        Path(HONEST).read_text("utf-8").replace("engine_script.yaml", str(ENGINE / "engine_script.yaml")),
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    feed(monkeypatch, "engine-honest\n" + OPENING + "\n")
    assert main(["practice", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "选择练习场景" in out and "engine-honest" in out and "（本地）" in out
    assert "坐席：" + OPENING in out


@pytest.mark.parametrize("argv, message", [
    (["practice", "no-such-scenario"], "没有名为 'no-such-scenario' 的场景"),
    (["practice", "/nonexistent/x.yaml"], "找不到场景文件"),
    (["practice", HONEST, "--seed", "x"], "参数错误"),
])
def test_practice_bad_input_is_exit_2_without_traceback(monkeypatch, capsys, argv, message) -> None:
    feed(monkeypatch, "")
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err


def test_an_unwritable_save_path_is_exit_2_after_the_scorecard(monkeypatch, capsys, tmp_path) -> None:
    feed(monkeypatch, OPENING + "\n")
    code = main(["practice", HONEST, "--save-transcript", str(tmp_path / "missing" / "t.json")])
    out, err = capsys.readouterr()
    assert code == 2 and "成绩单" in out and "无法写入" in err


@pytest.mark.parametrize("name", ["practice", "recite"])
def test_help_ends_with_an_example(capsys, name) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args([name, "--help"])
    out = capsys.readouterr().out
    assert out.rstrip().splitlines()[-1].strip().startswith(f"trainer {name} ")


def _modules_after(code: str) -> set[str]:
    probe = (f"import sys\n{code}\n"
             f"print(' '.join(m for m in {HEAVY + ('jinja2', 'yaml')!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_registering_the_commands_imports_nothing_heavy() -> None:
    code = ("import argparse\nimport trainer.cli.practice as p\n"
            "p.register(argparse.ArgumentParser().add_subparsers())")
    assert _modules_after(code) == set()


@pytest.mark.parametrize("argv", [["--help"], ["practice", "--help"], ["recite", "--help"]])
def test_help_does_not_load_the_engine_or_the_toolkit(argv) -> None:
    code = f"from trainer.cli import main\ntry:\n    main({argv!r})\nexcept SystemExit:\n    pass"
    assert _modules_after(code) & set(HEAVY) == set()


def test_python_m_trainer_runs_plain_practice_from_any_directory(tmp_path) -> None:
    run = subprocess.run([sys.executable, "-m", "trainer", "practice", HONEST, "--seed", "1"],
                         input=OPENING + "\n", capture_output=True, text=True, cwd=tmp_path,
                         env={**os.environ, "NO_COLOR": "1"})
    assert run.returncode == 0, run.stderr
    assert "坐席：" + OPENING in run.stdout and "成绩单" in run.stdout


def test_bytes_that_are_not_utf8_are_shown_as_replacement_characters(tmp_path) -> None:
    # a line piped in with bytes that are no UTF-8 reaches Python as lone surrogates, which the
    # records, the screen and the compliance scans cannot take: they become U+FFFD
    run = subprocess.run([sys.executable, "-m", "trainer", "practice", HONEST, "--seed", "1"],
                         input=b"\xff\xfe" + OPENING.encode() + b"\n", capture_output=True, cwd=tmp_path,
                         env={**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8:surrogateescape",
                              "TRAINER_DB": str(tmp_path / "records.db")})
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    assert ("坐席：\ufffd\ufffd" + OPENING).encode() in run.stdout
    history = subprocess.run([sys.executable, "-m", "trainer", "history", "--db", str(tmp_path / "records.db")],
                             capture_output=True, text=True, cwd=tmp_path)
    assert history.returncode == 0, history.stderr


def test_practice_from_an_unknown_stage_is_unusable_input(capsys) -> None:
    from trainer.cli import main

    assert main(["practice", "first-contact-honest", "--plain", "--from", "negotiat"]) == 2
    err = capsys.readouterr().err
    assert "是不是 'negotiate'" in err and "Traceback" not in err


def test_every_help_line_a_user_reads_is_chinese(capsys) -> None:
    # argparse's own English ("show program's version number and exit", "show this help
    # message and exit") must not reach a trainee or an instructor
    parser = build_parser()
    commands = [[]] + [[name] for name in parser._subparsers._group_actions[0].choices]  # type: ignore[union-attr]
    for argv in commands:
        with pytest.raises(SystemExit):
            build_parser().parse_args([*argv, "--help"])
        out = capsys.readouterr().out
        english = [line for line in out.splitlines()
                   if " and exit" in line or "show this help" in line or line.startswith(("usage:", "options:"))]
        assert not english, (argv, english)
