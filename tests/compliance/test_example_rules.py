"""Example-based rules (check: similar) and derived rules (check: derived), as a pack author writes them."""

from __future__ import annotations

from pathlib import Path

from trainer.compliance import audit_transcript, load_pack

PACK = """\
pack: bk
version: 1
rules:
  - id: BK-ABU-101
    title: 挖苦客户处境
    category: abuse
    severity: major
    message: 不得挖苦客户的处境。
    sources: [{text: 本行质检细则, verified: true}]
    check: similar
    threshold: 0.42
    review_below: 0.7
    patterns: ["哭穷", "的时候"]
    like: [借钱的时候怎么不说没钱，现在倒会哭穷了。, 刷卡的时候那么痛快，还钱就哭穷。]
    examples: {violating: [花钱的时候挺大方，现在哭穷了。, 借的时候不说，现在哭穷。],
               compliant: [您说最近手头紧，我理解。, 借钱的时候有什么困难吗？]}
"""
VERIFIED = [{"speaker": "agent", "text": "您好，我是安信银行信用卡中心司法调查组的小王，请问是张伟先生吗？"},
            {"speaker": "debtor", "text": "是我。"}]


def _audit(pack, *lines: tuple[str, str]) -> list[dict]:
    turns = VERIFIED + [{"speaker": s, "text": t} for s, t in lines]
    return audit_transcript({"id": "c", "meta": {}, "turns": turns}, pack)


def test_a_paraphrase_is_found_with_its_nearest_example_and_a_confidence(tmp_path: Path) -> None:
    path = tmp_path / "bk.yaml"
    path.write_text(PACK, "utf-8")
    pack = load_pack([path])
    (found,) = [f for f in _audit(pack, ("agent", "花钱的时候挺大方，现在又哭穷了。")) if f["rule"] == "BK-ABU-101"]
    assert found["nearest"] in ("借钱的时候怎么不说没钱，现在倒会哭穷了。", "刷卡的时候那么痛快，还钱就哭穷。")
    assert 0.42 <= found["confidence"] <= 1.0
    if found["confidence"] < 0.7:
        assert found.get("review") is True and "请人工复核" in found["message"]
    # the gate word in a sentence unlike the examples is no finding
    assert not [f for f in _audit(pack, ("agent", "借钱的时候您有什么困难，可以跟我说。"))
                if f["rule"] == "BK-ABU-101"]


def test_pressing_a_hospitalised_debtor_is_also_pressure_on_the_vulnerable() -> None:
    found = _audit(None, ("debtor", "我现在在医院住院，刚做完化疗。"),
                   ("agent", "逾期利息是每天千分之五，越拖越还不起。"))
    # two lines (round 13): the false claim, and the pressure it puts on a patient
    assert sorted(f["rule"] for f in found) == ["CN-FC-009", "CN-VUL-005"]
    assert {f["category"] for f in found} == {"false_claim", "vulnerable"}


def test_a_relatives_illness_is_not_the_debtor_being_ill() -> None:
    found = _audit(None, ("debtor", "上个月孩子住院花了不少钱，手头紧。"),
                   ("agent", "理解您，那这周五之前先把最低还款额1258元还上，可以吗？"))
    assert not [f for f in found if f["category"] == "vulnerable"]
