"""The script model as authors and trainees meet it: rendered lines read as written Chinese."""

from __future__ import annotations

from pathlib import Path

from trainer.content.script import SAMPLE_FACTS, Script, tidy_spaces


def test_a_folded_chinese_line_renders_without_stray_spaces(tmp_path: Path) -> None:
    path = tmp_path / "folded.yaml"
    path.write_text(
        "id: folded\ntitle: 折行\nstart: a\nstages:\n"
        "  - id: a\n    title: 开场\n    lines:\n      - id: a.one\n        text: >-\n"
        "          您好，这里是{{ bank }}信用卡中心司法调查组，\n          我姓{{ agent_surname }}。\n"
        "          ATM and app 都可以还款。\n"
        "    responses: [{code: CONFIRM, examples: [好的，\n      我知道了。], next: b}]\n"
        "  - {id: b, title: 结束, outcome: ptp}\n", "utf-8")
    script = Script.from_yaml(path)
    line = script.stage("a").lines[0].render(SAMPLE_FACTS)
    assert line == "您好，这里是安信银行信用卡中心司法调查组，我姓王。ATM and app都可以还款。"
    assert script.stage("a").responses[0].examples == ("好的，我知道了。",)


def test_spaces_between_latin_words_and_numbers_stay() -> None:
    assert tidy_spaces("拨打 400-123-4567 or visit us") == "拨打400-123-4567 or visit us"


def test_the_recited_opening_is_offered_last_before_verification() -> None:
    from trainer.content.scenario import load_scenario
    from trainer.sim.session import Call

    scenario = load_scenario("first-contact-honest")
    call = Call.start(scenario, seed=0)
    standard = call.stage.lines[[ln.standard for ln in call.stage.lines].index(True)]
    suggestions = call.suggestions()
    assert suggestions[-1] == standard.render({**SAMPLE_FACTS, **scenario.facts()})
    assert str(scenario.account["balance"]).split(".")[0] not in suggestions[0]
