"""`trainer play` and `trainer scenarios` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.cli import main

ENGINE = Path(__file__).parents[1] / "golden" / "engine"
HONEST = str(ENGINE / "engine-honest.yaml")
GOOD = [
    "您好，这里是安信银行信用卡中心司法调查组，我姓王。请问您是张伟先生吗？",
    "您尾号6688的信用卡已经逾期45天，目前欠款12580元，最低还款额1258元，请问今天能先处理最低还款吗？",
    "逾期每天会按万分之五计息，还会影响您的征信记录，建议尽快处理。",
    "理解您现在的难处，方便说一下是遇到什么困难了吗？我们一起想想办法。",
    "这样，您本周五前先还最低还款额1258元，用手机银行就能还，可以吗？",
    "跟您确认一下，您会在本周五前通过手机银行还款1258元，对吗？",
    "感谢您的配合，再见。",
]


def write(tmp_path: Path, lines: list[str], name: str = "lines.txt", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes("\n".join(lines).encode(encoding))
    return str(path)


def test_play_text_prints_the_transcript_then_the_scorecard(tmp_path, capsys) -> None:
    code = main(["play", HONEST, "--input", write(tmp_path, GOOD), "--seed", "1"])
    out = capsys.readouterr().out
    assert out.index("== 通话记录 ==") < out.index("== 成绩单 ==")
    assert "坐席：您好，这里是安信银行" in out and "总分" in out
    assert code == (0 if "✔ 通过" in out else 1)


def test_play_json_has_the_contract_fields_and_is_deterministic(tmp_path, capsys) -> None:
    lines = write(tmp_path, GOOD)
    outs = []
    for _ in range(2):
        main(["play", HONEST, "--input", lines, "--seed", "3", "--format", "json"])
        outs.append(capsys.readouterr().out)
    assert outs[0] == outs[1]
    data = json.loads(outs[0])
    assert {"scenario", "account", "outcome", "passed", "score", "findings", "transcript"} <= set(data)
    assert data["scenario"] == "engine-honest" and data["account"]["balance"] == 12580


def test_play_exit_1_when_the_call_fails(tmp_path, capsys) -> None:
    code = main(["play", HONEST, "--input", write(tmp_path, GOOD[:1])])
    assert code == 1
    assert "通话未完成" in capsys.readouterr().out


def test_play_reads_stdin_and_gb18030(tmp_path, capsys, monkeypatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("\n".join(GOOD).encode("utf-8"))))
    assert main(["play", HONEST, "--input", "-", "--format", "json"]) in (0, 1)
    assert json.loads(capsys.readouterr().out)["transcript"]["turns"][1]["text"] == GOOD[0]
    main(["play", HONEST, "--input", write(tmp_path, GOOD, encoding="gb18030"), "--format", "json"])
    assert json.loads(capsys.readouterr().out)["transcript"]["turns"][1]["text"] == GOOD[0]


@pytest.mark.parametrize("args, message", [
    (["play", "no-such-scenario", "--input", "x.txt"], "没有名为"),
    (["play", HONEST, "--input", "/no/such/file.txt"], "无法读取"),
])
def test_play_bad_input_exits_2_without_a_traceback(args, message, capsys) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_play_empty_input_and_broken_scenario(tmp_path, capsys) -> None:
    assert main(["play", HONEST, "--input", write(tmp_path, ["", "  "])]) == 2
    assert "没有任何话术" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: 坏场景\nscript: first_contact\npersona: honset\n", "utf-8")
    assert main(["play", str(bad), "--input", write(tmp_path, GOOD)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml:4:" in err and "honest" in err


def test_play_writes_nothing(tmp_path) -> None:
    lines = write(tmp_path, GOOD)
    work = tmp_path / "cwd"
    work.mkdir()
    # the compliance engine's compiled-pack cache (~/.cache/trainer) is not play's doing: switched off here
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "TRAINER_CACHE_DIR": "off"}
    subprocess.run([sys.executable, "-m", "trainer", "play", HONEST, "--input", lines], cwd=work, env=env,
                   capture_output=True, check=False)
    assert list(work.iterdir()) == [] and not (tmp_path / "data").exists() and not (tmp_path / "home").exists()


def test_scenarios_lists_local_ones(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scenarios").mkdir()
    text = (ENGINE / "engine-family.yaml").read_text("utf-8").replace("script: engine_script.yaml",
                                                                       f"script: {ENGINE / 'engine_script.yaml'}")
    (tmp_path / "scenarios" / "engine-family.yaml").write_text(text, "utf-8")
    assert main(["scenarios", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    local = [r for r in rows if r["source"] == "local"]
    assert [r["id"] for r in local] == ["engine-family"]
    assert main(["scenarios"]) == 0
    assert "engine-family" in capsys.readouterr().out


def test_help_ends_with_an_example(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["play", "--help"])
    assert "示例：" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "said"), [
    (["audit"], "缺少必填参数：PATH"),
    (["audit", "--format", "xml", "x.jsonl"], "无效的选项 'xml'"),
    (["play", "--seed", "abc", "first-contact-honest"], "'abc' 不是有效的整数"),
    (["audit", "x.jsonl", "--fail-on"], "后面需要跟一个值"),
    (["bogus"], "无效的选项 'bogus'"),
])
def test_usage_errors_are_in_chinese_and_exit_two(argv, said, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert said in err and "用法：" in err
    assert "usage:" not in err and "error:" not in err and "invalid" not in err


def test_play_from_a_stage_says_so_on_the_card(tmp_path, capsys) -> None:
    from trainer.cli import main

    lines = tmp_path / "lines.txt"
    lines.write_text("张先生，您看这个月15号之前能先还最低还款1258元吗？\n", "utf-8")
    assert main(["play", "first-contact-honest", "--input", str(lines), "--from", "negotiate"]) in (0, 1)
    out = capsys.readouterr().out
    assert out.startswith("从「协商还款方案」开始练习")
    assert "开场没有问候" not in out and "坐席：张先生" in out.splitlines()[6]


def test_play_from_an_unknown_stage_is_unusable_input(tmp_path, capsys) -> None:
    from trainer.cli import main

    lines = tmp_path / "lines.txt"
    lines.write_text("您好。\n", "utf-8")
    assert main(["play", "first-contact-honest", "--input", str(lines), "--from", "negotiat"]) == 2
    err = capsys.readouterr().err
    assert "是不是 'negotiate'" in err and "opening（" in err and "Traceback" not in err
