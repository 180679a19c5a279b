"""Reciting the standard opening: diff, accuracy, required elements, and `trainer recite`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.content.scenario import load_scenario
from trainer.content.script import load_script
from trainer.sim import recite
from trainer.sim.recite import (
    EQUAL,
    EXTRA,
    MISSING,
    PUNCT,
    WRONG,
    chinese_number,
    compare,
    content,
    prepare,
    required_elements,
)

ENGINE = Path(__file__).parents[1] / "golden" / "engine"
SCRIPT = str(ENGINE / "engine_script.yaml")
SCENARIO = str(ENGINE / "engine-honest.yaml")

TARGET = ("您好，这里是安信银行信用卡中心司法调查组，我姓王。请问您是张伟先生吗？"
          "您尾号6688的信用卡已经逾期45天，目前欠款12580元，最低还款额1258元，请问今天能先处理吗？")
FACTS = {"bank": "安信银行", "agent_surname": "王", "name": "张伟", "honorific": "先生", "card_tail": "6688",
         "balance": 12580, "min_due": 1258, "days_overdue": 45}
OPENING = "您好，这里是安信银行信用卡中心司法调查组，我姓王。请问您是张伟先生吗？"


def judge(attempt: str, target: str = TARGET, facts: dict | None = None) -> recite.RecitalResult:
    facts = FACTS if facts is None else facts
    return compare(target, attempt, required_elements(target, facts), facts)


# -- the parts ---------------------------------------------------------------------------

@pytest.mark.parametrize("n, text", [
    (0, "零"), (7, "七"), (10, "十"), (15, "十五"), (45, "四十五"), (105, "一百零五"), (1005, "一千零五"),
    (1258, "一千二百五十八"), (12580, "一万二千五百八十"), (100000, "十万"), (10005, "一万零五"),
    (1200000, "一百二十万"), (100000000, "一亿")])
def test_chinese_numbers(n: int, text: str) -> None:
    assert chinese_number(n) == text


def test_only_letters_and_digits_count() -> None:
    assert content("您好， 这里是ＡＢＣ银行！12,580.50元") == "您好这里是abc银行12580.50元"


def test_required_elements_come_from_the_facts() -> None:
    elements = {e.key: e.text for e in required_elements(TARGET, FACTS)}
    assert elements == {"bank": "安信银行", "department": "司法调查组", "agent_surname": "姓王",
                        "name": "张伟", "balance": "12580", "min_due": "1258", "card_tail": "6688",
                        "days_overdue": "45"}
    # another bank, another customer: the elements follow the facts, nothing is hard-coded
    other = TARGET.replace("安信银行", "华夏通银行").replace("张伟", "李娜")
    facts = {**FACTS, "bank": "华夏通银行", "name": "李娜"}
    elements = {e.key: e.text for e in required_elements(other, facts)}
    assert elements["bank"] == "华夏通银行" and elements["name"] == "李娜"


def test_only_facts_the_line_contains_are_required() -> None:
    keys = [e.key for e in required_elements(OPENING, FACTS)]
    assert keys == ["bank", "department", "agent_surname", "name"]


def test_a_number_must_not_be_found_inside_a_longer_one() -> None:
    target = "您目前欠款12580元。"
    keys = [e.key for e in required_elements(target, FACTS)]
    assert "balance" in keys and "min_due" not in keys
    result = judge("您目前欠款1258元。", target)
    assert [e.key for e in result.missing_elements] == ["balance"]


# -- judging attempts ----------------------------------------------------------------------

def test_a_perfect_attempt_passes_with_100_percent() -> None:
    result = judge(TARGET)
    assert result.percent == 100 and result.passed
    assert all(ok for _, ok in result.elements)
    assert {op.kind for op in result.ops} == {EQUAL, PUNCT}


def test_punctuation_and_spaces_do_not_count() -> None:
    attempt = TARGET.replace("，", " ").replace("。", "").replace("？", "?")
    assert judge(attempt).percent == 100


def test_a_near_perfect_attempt_passes_with_its_slips_marked() -> None:
    attempt = TARGET.replace("目前欠款", "目前共欠款").replace("今天能先", "今天先")
    result = judge(attempt)
    assert result.passed and 95 <= result.percent < 100
    runs = result.runs()
    assert (EXTRA, "", "共") in runs and (MISSING, "能", "") in runs


def test_a_wrong_character_in_a_required_element_fails_however_accurate() -> None:
    result = judge(TARGET.replace("司法调查组", "司法调差组"))
    assert result.percent >= 95 and not result.passed
    assert [e.key for e in result.missing_elements] == ["department"]
    assert (WRONG, "查", "差") in result.runs()


def test_a_wrong_attempt_fails() -> None:
    attempt = "喂，我是公安局经济犯罪侦查科的，你欠的钱赶紧还。"
    result = judge(attempt)
    assert not result.passed and result.percent < 50
    assert {e.key for e in result.missing_elements} >= {"bank", "department", "name", "balance"}


def test_the_pass_mark_is_95_percent_exactly() -> None:
    target = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸"  # 20 characters, no elements
    assert compare(target, target.replace("五", "X")).passed       # 1 error in 20: 95 %
    assert not compare(target, target.replace("五", "X").replace("六", "Y")).passed  # 90 %


def test_numbers_may_be_said_in_chinese() -> None:
    spoken = (TARGET.replace("6688", "六六八八").replace("45天", "四十五天")
              .replace("12580元", "一万两千五百八十元").replace("1258元", "一千二百五十八元"))
    result = judge(spoken)
    assert result.percent == 100 and result.passed


def test_the_diff_keeps_the_targets_punctuation_in_place() -> None:
    result = judge(OPENING.replace("您好，", ""), OPENING)
    runs = result.runs()
    assert runs[0] == (MISSING, "您好", "") and runs[1] == (PUNCT, "，", "")


def test_to_dict_is_plain_data() -> None:
    data = judge(TARGET.replace("王", "汪")).to_dict()
    json.dumps(data, ensure_ascii=False)
    assert data["counts"][WRONG] == 1 and data["passed"] is False
    assert {"key": "agent_surname", "label": "坐席姓氏", "text": "姓王", "present": False} in data["elements"]


def test_a_long_paste_falls_back_to_a_fast_alignment() -> None:
    long_target = OPENING * 40
    result = compare(long_target, long_target[:-10] + "多余的话")
    assert 0.95 < result.accuracy < 1


# -- the recital of a script ----------------------------------------------------------------

def test_prepare_renders_the_standard_line_with_the_scenarios_facts() -> None:
    recital = prepare(load_script(SCRIPT), load_scenario(SCENARIO))
    assert recital.line_id == "opening.standard" and recital.target == OPENING
    assert [e.key for e in recital.elements] == ["bank", "department", "agent_surname", "name"]
    assert recital.check(OPENING).passed


def test_prepare_a_named_line() -> None:
    recital = prepare(load_script(SCRIPT), load_scenario(SCENARIO), "purpose.amount")
    assert "12580元" in recital.target and "balance" in [e.key for e in recital.elements]


# -- the command -------------------------------------------------------------------------------

def run_recite(tmp_path: Path, capsys, attempt: str, *extra: str) -> tuple[int, str, str]:
    path = tmp_path / "attempt.txt"
    path.write_text(attempt, encoding="utf-8")
    code = main(["recite", SCRIPT, "--scenario", SCENARIO, "--input", str(path), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_recite_a_perfect_attempt(tmp_path, capsys) -> None:
    code, out, _ = run_recite(tmp_path, capsys, OPENING)
    assert code == 0
    assert "准确率：100%" in out and "✔ 通过" in out and "✔ 部门「司法调查组」「司法调查组」" in out


def test_recite_a_near_perfect_attempt(tmp_path, capsys) -> None:
    code, out, _ = run_recite(tmp_path, capsys, OPENING.replace("您好，这里是", "您好，这边是"))
    assert code == 0
    assert "<里/边>" in out and "准确率：96%" in out and "✔ 通过" in out


def test_recite_a_wrong_attempt(tmp_path, capsys) -> None:
    code, out, _ = run_recite(tmp_path, capsys, "您好，我是安信银行法务部的小王，找张伟。")
    assert code == 1
    assert "✘ 未通过" in out and "缺少必备要素" in out and "[-司法调查组-]" not in out  # shown char by char
    assert "[-" in out and "<" in out


def test_recite_json(tmp_path, capsys) -> None:
    code, out, _ = run_recite(tmp_path, capsys, OPENING.replace("王", "汪"), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["line"] == "opening.standard" and data["scenario"] == "engine-honest"
    assert data["passed"] is False and data["counts"]["wrong"] == 1


def test_recite_reads_gb18030_and_multiple_lines(tmp_path, capsys) -> None:
    path = tmp_path / "gb.txt"
    path.write_bytes(OPENING.replace("。", "。\n").encode("gb18030"))
    assert main(["recite", SCRIPT, "--scenario", SCENARIO, "--input", str(path)]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("args, message", [
    (["--input", "/nonexistent/attempt.txt"], "无法读取背诵文件"),
    (["--line", "opening.standrd"], "是不是 'opening.standard'"),
])
def test_recite_bad_input_is_exit_2_without_traceback(tmp_path, capsys, args, message) -> None:
    path = tmp_path / "a.txt"
    path.write_text(OPENING, encoding="utf-8")
    argv = ["recite", SCRIPT, "--scenario", SCENARIO, *(["--input", str(path)] if "--input" not in args else []),
            *args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_recite_an_empty_attempt_is_exit_2(tmp_path, capsys) -> None:
    code, _, _ = run_recite(tmp_path, capsys, "  \n\n")
    assert code == 2


def test_recite_an_unknown_script_is_exit_2(capsys) -> None:
    assert main(["recite", "no_such_script", "--input", "-"]) == 2
    assert "没有名为 'no_such_script' 的脚本" in capsys.readouterr().err


def test_recite_shows_the_target_only_when_asked(tmp_path, capsys) -> None:
    _, out, _ = run_recite(tmp_path, capsys, OPENING, "--show")
    assert out.startswith(f"原文：{OPENING}")
