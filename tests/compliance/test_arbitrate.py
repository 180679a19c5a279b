"""一处违规只报一个类别 (trainer/compliance/arbitrate.py): one breach said in one sentence is one
line of the audit, in the category that fits it best, the other categories named in its ``also``;
two breaches in two sentences stay two lines, and so do a threat or a false claim and the pressure it
puts on a child, a patient or the bereaved (round 13).  A pack setting: a local pack changes or switches it off."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.compliance import load_pack
from trainer.compliance.arbitrate import arbitrate, from_settings

OPENING = [("agent", "您好，我是安信银行信用卡中心的，姓王，请问是周强先生吗？"), ("debtor", "是我。"),
           ("agent", "周先生您好，您尾号6688的信用卡逾期45天了。"), ("debtor", "嗯，最近手头紧。")]
CHILD = [("agent", "喂，你好，请问李军在家吗？"), ("third_party", "我爸不在家，我是他儿子，我上四年级。")]
POLICE_AND_ARREST = "我是公安局的，你再不还钱就抓你。"


def _call(turns: list[tuple[str, str]], contact: str = "debtor") -> dict:
    return {"id": "arb", "meta": {"contact": contact}, "turns": [{"speaker": s, "text": t} for s, t in turns]}


def _on(findings: list[dict], turn: int) -> list[tuple[str, list[str]]]:
    return [(f["category"], [a["category"] for a in f.get("also", ())]) for f in findings if f["turn"] == turn]


def _local(tmp_path: Path, settings: str) -> Path:
    path = tmp_path / "local.yaml"
    path.write_text(f"pack: local\nsettings:\n  arbitration: {settings}\n", "utf-8")
    return path


def test_two_categories_in_one_sentence_are_one_line_naming_the_other() -> None:
    found = load_pack().audit(_call([*OPENING, ("agent", POLICE_AND_ARREST)]))
    [(category, also)] = _on(found, 4)
    assert category == "impersonation" and "threat" in also
    [f] = [f for f in found if f["turn"] == 4]
    assert f["severity"] == "critical" and f["start"] == 0


def test_two_breaches_in_two_sentences_stay_two_lines() -> None:
    found = load_pack().audit(_call([*OPENING, ("agent", "我是公安局的。你再不还钱就抓你。")]))
    assert {c for c, _ in _on(found, 4)} == {"impersonation", "threat"}


def test_the_folded_finding_lends_its_severity_to_the_kept_one() -> None:
    # a minor breach kept over a critical one of a lower category: the line takes the graver severity,
    # so a practice call with it still fails
    kept = {"rule": "X-1", "category": "impersonation", "severity": "minor", "title": "甲", "start": 0, "end": 2}
    folded = {"rule": "X-2", "category": "threat", "severity": "critical", "title": "乙", "start": 3, "end": 5}
    [f] = arbitrate([kept, folded], from_settings({}), "我是公安，抓你。")
    assert f["rule"] == "X-1" and f["severity"] == "critical"
    assert f["also"] == [{"rule": "X-2", "category": "threat", "title": "乙"}]


def test_a_threat_to_a_child_is_two_lines_the_threat_and_the_pressure_on_the_child() -> None:
    # DOMAIN.md: pressing a minor is a fact of the listener, apart from what was said; both are reported
    found = load_pack().audit(_call([*CHILD, ("agent", "你爸再不还，警察就要上门把他带走。")], "third_party"))
    lines = {c for c, _ in _on(found, 2)}
    assert {"threat", "vulnerable"} <= lines
    assert all(f["severity"] == "critical" for f in found if f["turn"] == 2 and f["category"] == "threat")


def test_a_false_claim_to_the_bereaved_is_two_lines() -> None:
    widow = [("agent", "喂，您好，请问是王强家吗？"), ("third_party", "他上个月走了，我是他爱人。")]
    found = load_pack().audit(_call([*widow, ("agent", "人走了账可没销，父债子还，这钱你们家必须还，法律就是这么规定的。")],
                                    "third_party"))
    assert {"false_claim", "vulnerable"} <= {c for c, _ in _on(found, 2)}


def test_a_refusal_to_say_who_is_calling_and_a_sneer_in_one_sentence_are_two_lines() -> None:
    # round 15: the reviewers label both (an insult is a line of its own beside any other breach)
    asked = [("agent", "喂，周强是吧？"), ("debtor", "是我，你哪里的？叫什么？")]
    found = load_pack().audit(_call([*asked, ("agent", "我叫什么有那么重要吗？编借口也编个像样点的，钱什么时候还？")]))
    assert {"identification", "abuse"} <= {c for c, _ in _on(found, 2)}
    found = load_pack().audit(_call([*asked, ("agent", "我叫什么有那么重要吗，你心里还真没点数啊，跟你说话真费劲")]))
    assert {"identification", "abuse"} <= {c for c, _ in _on(found, 2)}


def test_a_line_said_again_is_arbitrated_the_same_way_from_the_turn_memory() -> None:
    pack = load_pack()
    call = _call([*OPENING, ("agent", POLICE_AND_ARREST), ("debtor", "你吓唬谁？"), ("agent", POLICE_AND_ARREST)])
    first = pack.audit(call)
    again = pack.audit(call)  # now from the turn memory (turnmemo.py)
    assert first == again
    assert _on(first, 4) == _on(first, 6) == [("impersonation", _on(first, 4)[0][1])]


def test_switched_off_every_category_keeps_its_line(tmp_path: Path) -> None:
    found = load_pack([_local(tmp_path, "off")]).audit(_call([*OPENING, ("agent", POLICE_AND_ARREST)]))
    assert {c for c, _ in _on(found, 4)} >= {"impersonation", "threat"}
    assert all(not also for _, also in _on(found, 4))


def test_a_local_order_decides_which_line_is_kept(tmp_path: Path) -> None:
    pack = load_pack([_local(tmp_path, "{order: [threat, impersonation]}")])
    [(category, also)] = _on(pack.audit(_call([*OPENING, ("agent", POLICE_AND_ARREST)])), 4)
    assert category == "threat" and "impersonation" in also


def test_scope_turn_folds_across_sentences(tmp_path: Path) -> None:
    pack = load_pack([_local(tmp_path, "{scope: turn}")])
    [(category, also)] = _on(pack.audit(_call([*OPENING, ("agent", "我是公安局的。你再不还钱就抓你。")])), 4)
    assert category == "impersonation" and "threat" in also


def test_by_model_keeps_the_category_the_model_finds_likelier(tmp_path: Path) -> None:
    pack = load_pack([_local(tmp_path, "{by: model, order: [threat, impersonation]}")])
    [(category, also)] = _on(pack.audit(_call([*OPENING, ("agent", POLICE_AND_ARREST)])), 4)
    assert category == "impersonation" and "threat" in also  # the model, not the order, chose


def test_the_json_report_names_the_folded_rule(tmp_path: Path, capsys) -> None:
    calls = tmp_path / "calls.jsonl"
    calls.write_text(json.dumps(_call([*OPENING, ("agent", POLICE_AND_ARREST)]), ensure_ascii=False) + "\n", "utf-8")
    assert main(["audit", str(calls), "--format", "json"]) == 1
    [f] = [f for f in json.loads(capsys.readouterr().out) if f["turn"] == 4]
    assert f["rule"] == "CN-IMP-002" and "CN-THR-002" in {a["rule"] for a in f["also"]}
    assert main(["audit", str(calls)]) == 1
    assert "同时涉及：CN-THR-002" in capsys.readouterr().out


@pytest.mark.parametrize(("value", "says"), [
    ("{scope: paragraph}", "scope 要写 clause（同一分句）、sentence（同一句）或 turn（整轮）"),
    ("{by: chance}", "by 要写 model"),
    ("{keep_both_above: 2}", "keep_both_above 要写 0 到 1 之间的概率"),
    ("{order: [threats, abuse]}", "order 里 'threats' 不是类别"),
    ("{order: [threat, threat]}", "order 里 'threat' 写了两次"),
    ("{pairs: [[threat]]}", "pairs 的每一项要写两个不同的类别"),
    ("{pairs: [[threat, abuses]]}", "pairs 里 'abuses' 不是类别"),
    ("{precedence: [threat]}", "没有 'precedence' 这一项"),
    ("maybe", "一处违规只报一个类别的设置 'maybe' 看不懂"),
])
def test_a_bad_setting_is_a_located_chinese_error(tmp_path: Path, capsys, value: str, says: str) -> None:
    local = _local(tmp_path, value)
    calls = tmp_path / "calls.jsonl"
    calls.write_text(json.dumps(_call(OPENING), ensure_ascii=False) + "\n", "utf-8")
    code = main(["audit", str(calls), "--rules", str(local)])
    err = capsys.readouterr().err
    assert code == 2 and f"{local}:3:" in err and "RP008" in err and says in err, err
    assert "Traceback" not in err
