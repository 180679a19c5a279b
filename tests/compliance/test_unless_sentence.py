"""`unless_sentence`: a word anywhere in the hit's sentence excuses it, for the case where what the
claim is about was said a clause before (「每月都有账单提醒，系统里都有记录」 is about the bank's own
reminders, not about knowing the customer's whereabouts). Local rules get it as bundled ones do."""

from __future__ import annotations

from pathlib import Path

from trainer.compliance import audit_transcript, load_pack

VERIFIED = [{"speaker": "agent", "text": "您好，我是安信银行信用卡中心司法调查组的小王，请问是张伟先生吗？"},
            {"speaker": "debtor", "text": "是我。"}]


def _rules(pack, line: str) -> list[str]:
    turns = VERIFIED + [{"speaker": "agent", "text": line}]
    return [f["rule"] for f in audit_transcript({"id": "c", "meta": {}, "turns": turns}, pack)]


def test_the_banks_own_reminders_on_record_are_no_privacy_pressure() -> None:
    assert "CN-PRV-040" not in _rules(None, "张先生，到期前我们发过还款提醒，上周也打过电话提醒，系统里清清楚楚。")
    # the card's own use, told to its holder (a fraud claimant arguing is another matter, not privacy)
    assert "CN-PRV-040" not in _rules(None, "后台看得一清二楚，那几笔就是用您这张卡刷的。")
    # knowing where he goes is still pressure, whatever discourse marker opens the sentence
    assert "CN-PRV-040" in _rules(None, "我再提醒你一句，你平时几点下班、去哪儿，我们系统里一清二楚。")
    # the excuse ends with its sentence: the next sentence is judged on its own
    assert "CN-PRV-040" in _rules(None, "账单提醒我们都发了。你家住哪、孩子在哪上学，我们这边都有记录。")


LOCAL = """\
pack: bk
version: 1
rules:
  - id: BK-THR-201
    title: 扬言去老家
    category: threat
    severity: critical
    message: 不得扬言去客户老家。
    sources: [{text: 本行质检细则, verified: true}]
    check: forbidden
    patterns: ["去 ~4 ^老家"]
    unless_sentence: [户籍地法院]
    examples: {violating: [我们下周就去你老家。, 再不还我们就去你老家找人。],
               compliant: [起诉的话一般由户籍地法院管辖，法院会去老家那边送达。, 您老家那边天气怎么样？]}
"""


def test_a_local_rule_can_excuse_a_hit_by_its_sentence(tmp_path: Path) -> None:
    path = tmp_path / "bk.yaml"
    path.write_text(LOCAL, "utf-8")
    pack = load_pack([path])
    assert "BK-THR-201" in _rules(pack, "你再拖，我们就去你老家找你爸妈。")
    assert "BK-THR-201" not in _rules(pack, "真要起诉是户籍地法院管，送达也是法院的人去老家那边。")
