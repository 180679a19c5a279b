"""The call engine: state machine, compliance on every line, outcomes, turn limit, transcript, observer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers_engine import model_trainee

from trainer.base.errors import TrainerError
from trainer.base.vocab import ACTS, OUTCOMES
from trainer.content.scenario import load_scenario
from trainer.sim.session import Call, play_lines

ENGINE = Path(__file__).parents[1] / "golden" / "engine"
OPENING = "您好，这里是安信银行信用卡中心司法调查组，我姓王。请问您是张伟先生吗？"


def fixture(name: str):
    return load_scenario(ENGINE / f"{name}.yaml")




@pytest.mark.parametrize("seed", range(8))
def test_the_recommended_lines_reach_a_recapped_promise(seed: int) -> None:
    call = Call.start(fixture("engine-honest"), seed=seed)
    result = model_trainee(call)
    assert result["outcome"] == "ptp"
    assert result["passed"], result["score"]
    promise = result["transcript"]["meta"]["promise"]
    assert promise["amount"] >= 1258 and promise["recap"] and promise["confirmed"] is not None


def test_same_seed_same_call_and_different_seeds_vary() -> None:
    runs = [json.dumps(model_trainee(Call.start(fixture("engine-honest"), seed=s)), ensure_ascii=False)
            for s in (3, 3, 4, 5, 6)]
    assert runs[0] == runs[1]
    assert len(set(runs[1:])) > 1


def test_opening_is_said_before_the_agent_speaks() -> None:
    call = Call.start(fixture("engine-honest"), seed=1)
    assert call.opening and call.opening[0]["speaker"] == "debtor"
    assert call.turns == call.opening


def test_a_third_party_answers_and_a_message_is_left() -> None:
    call = Call.start(fixture("engine-family"), seed=2)
    first = call.say(OPENING)
    assert first.replies[0]["speaker"] == "third_party"
    assert "爱人" in first.replies[0]["text"]
    done = call.say("麻烦您转告张先生，请他方便时回电400-123-4567，谢谢。")
    assert done.ended and done.outcome == "message_left"
    assert call.result()["passed"]


def test_a_third_party_never_confirms_account_facts() -> None:
    call = Call.start(fixture("engine-family"), seed=2)
    call.say(OPENING)
    reply = call.say("请问张先生尾号6688的信用卡欠款12580元，您知道吗？").replies[0]
    assert reply["speaker"] == "third_party"
    assert not any(word in reply["text"] for word in ("6688", "12580", "对", "是的"))


def test_turn_limit_ends_the_call_incomplete() -> None:
    scenario = fixture("engine-honest")
    call = Call.start(scenario, seed=1)
    for _ in range(scenario.max_turns):
        if call.ended:
            break
        call.say("嗯。")
    assert call.ended and call.outcome in ("incomplete", "hung_up")


def test_end_marks_incomplete_and_a_finished_call_refuses_more_lines() -> None:
    call = Call.start(fixture("engine-honest"), seed=1)
    call.say(OPENING)
    result = call.end()
    assert result["outcome"] == "incomplete" and not result["passed"]
    with pytest.raises(TrainerError):
        call.say("还在吗？")


def test_transcript_has_the_design_format_and_annotations() -> None:
    call = Call.start(fixture("engine-honest"), seed=1)
    call.say(OPENING)
    t = call.transcript()
    assert set(t) == {"id", "meta", "turns"}
    assert t["meta"]["contact"] == "debtor" and t["meta"]["timezone"] == "Asia/Shanghai"
    assert t["meta"]["started_at"] == "2026-03-02T10:15:00+08:00"
    agent = t["turns"][1]
    assert agent["speaker"] == "agent" and agent["stage"] == "opening"
    assert set(agent["acts"]) <= set(ACTS) and "identify_self" in agent["acts"]
    reply = t["turns"][2]
    assert reply["speaker"] == "debtor" and {"anger", "trust", "willingness", "patience",
                                              "complaint_intent", "state"} <= set(reply["mood"])
    # timestamps come from the scenario's call time, never the wall clock
    assert [turn["at"][11:19] for turn in t["turns"]] == ["10:15:00", "10:15:06", "10:15:12"]


def test_observer_sees_every_turn_and_the_end_once() -> None:
    seen: list[tuple[int, str]] = []
    ends: list[dict[str, Any]] = []

    class Recorder:
        def on_turn(self, call, index, turn, findings):
            seen.append((index, turn["speaker"]))

        def on_end(self, call, result):
            ends.append(result)

    result = play_lines(fixture("engine-family"), [OPENING, "麻烦您转告张先生回电，谢谢。"], seed=2,
                        observer=Recorder())
    assert [i for i, _ in seen] == list(range(len(result["transcript"]["turns"])))
    assert len(ends) == 1 and ends[0]["outcome"] == result["outcome"]


def test_forbidden_lines_anger_the_debtor_and_end_in_complaint_or_hang_up() -> None:
    lines = [OPENING, "你欠款12580元已经逾期45天了，今天必须全部还清！",
             "再不还我们就上门找你，通知你单位领导！", "你就是个老赖！", "今天必须还！"] * 2
    for seed in range(5):
        result = play_lines(fixture("engine-honest"), lines, seed=seed)
        assert result["outcome"] in ("complaint", "hung_up"), seed
        assert not result["passed"]


def test_explain_last_and_hints() -> None:
    call = Call.start(fixture("engine-honest"), seed=1)
    assert "还没有" in call.explain_last()
    call.say("喂，你好。")
    assert [title for title, _ in call.missing_key_points()] == ["报出银行和「司法调查组」", "询问是否本人"]
    why = call.explain_last()
    assert "问候" in why and "漏讲要点：报出银行" in why  # judged over the call, as on the scorecard
    call.say(OPENING)
    assert "对方的回应" in call.explain_last()


def test_result_has_the_play_json_shape() -> None:
    result = model_trainee(Call.start(fixture("engine-honest"), seed=1))
    assert {"scenario", "account", "outcome", "passed", "score", "findings", "transcript"} <= set(result)
    assert result["outcome"] in OUTCOMES
    assert result["account"]["name"] == "张伟" and result["account"]["card_tail"] == "6688"
    assert {"total", "compliance", "adherence", "outcome", "pressure", "courtesy"} <= set(result["score"])
    json.dumps(result, ensure_ascii=False)


def test_peek_scenario_reads_the_case_screen_without_loading_the_script(tmp_path) -> None:
    from trainer.content.scenario import peek_scenario

    text = (ENGINE / "engine-honest.yaml").read_text("utf-8").replace("engine_script.yaml", "missing.yaml")
    path = tmp_path / "engine-honest.yaml"
    path.write_text(text, "utf-8")
    card = peek_scenario(path)
    assert card["id"] == "engine-honest" and card["account"]["card_tail"] == "6688"
    assert card["call_time"].startswith("2026-03-02T10:15")


def test_same_result_across_processes_with_different_hash_seeds(tmp_path) -> None:
    import os
    import subprocess
    import sys

    lines = tmp_path / "lines.txt"
    lines.write_text("\n".join([OPENING, "您尾号6688的信用卡已经逾期45天，欠款12580元，今天能先还最低还款吗？",
                                "理解您，方便说一下是遇到什么困难了吗？", "那您本周五前先还1258元，用手机银行，可以吗？",
                                "跟您确认一下，您会在本周五前通过手机银行还款1258元，对吗？"]), "utf-8")
    outs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        proc = subprocess.run([sys.executable, "-m", "trainer", "play", str(ENGINE / "engine-honest.yaml"),
                               "--input", str(lines), "--seed", "5", "--format", "json"],
                              capture_output=True, env=env, check=False)
        outs.append(proc.stdout)
    assert outs[0] == outs[1] and outs[0]


@pytest.mark.parametrize("seed", range(3))
def test_arbitrary_lines_never_break_a_call(seed: int) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=25, deadline=None)
    @given(st.lists(st.text(max_size=60), min_size=1, max_size=12))
    def run(lines: list[str]) -> None:
        result = play_lines(fixture("engine-honest"), lines, seed=seed)
        assert result["outcome"] in OUTCOMES and 0 <= result["score"]["total"] <= 100
        json.dumps(result, ensure_ascii=False)

    run()


# -- starting in a later stage (practice/play --from) ----------------------------------------------

def test_a_call_from_a_verified_stage_remembers_the_opening_as_done() -> None:
    call = Call.start(fixture("engine-honest"), seed=1, mode="play", start_stage="purpose")
    assert call.stage.id == "purpose" and call.opening == []
    assert call.memory.confirmed is not None and call.memory.did("identify_self")
    result = call.say("张先生，您尾号6688的信用卡已经逾期45天，欠款12580元。")
    assert not [f for f in result.findings if f["category"] == "identification"]
    call.end("incomplete")
    score = call.result()["score"]
    assert score["from_stage"]["title"] == "告知来意与金额"
    assert "开始练习" in score["from_stage"]["note"]
    reasons = " ".join(d["reason"] for d in score["deductions"])
    assert "开场" not in reasons and "询问是否本人" not in reasons  # earlier stages are not judged


def test_the_whole_call_still_judges_the_opening() -> None:
    call = Call.start(fixture("engine-honest"), seed=1, mode="play")
    call.say("张先生，您尾号6688的信用卡已经逾期45天，欠款12580元。")
    call.end("incomplete")
    assert "from_stage" not in call.result()["score"]
    assert "询问是否本人" in " ".join(d["reason"] for d in call.result()["score"]["deductions"])


def test_an_unknown_start_stage_lists_the_stages() -> None:
    from trainer.base.errors import UsageError
    from trainer.sim.session import check_start_stage

    script = fixture("engine-honest").script()
    with pytest.raises(UsageError, match=r"没有阶段 'purpse'，是不是 'purpose'？.*opening（开场与核身）"):
        check_start_stage(script, "purpse")
