"""Round 4: the same breaches in other words than the development calls' (speech-to-text style,
no punctuation, fillers), each with hard negatives — lawful explanations, negations, the debtor's
own words — so that the rules generalise and precision holds."""

from __future__ import annotations

import pytest
from helpers_audit import ZHANG_PAIRS

from trainer.compliance import audit_transcript

OPENING = ZHANG_PAIRS


def _call(turns, contact: str = "debtor"):
    return {"id": "r4", "meta": {"contact": contact},
            "turns": [{"speaker": s, "text": t} for s, t in turns]}


def _found(turns, contact: str = "debtor") -> dict[int, set[str]]:
    """Categories found per turn (None for call-level findings)."""
    out: dict[int, set[str]] = {}
    for f in audit_transcript(_call(turns, contact)):
        out.setdefault(f["turn"], set()).add(f["category"])
    return out


def _last_turn(line: str, before=(), contact: str = "debtor") -> set[str]:
    turns = [*OPENING, *before, ("agent", line)]
    return _found(turns, contact).get(len(turns) - 1, set())


# (categories expected on the last turn, meta.contact, the call so far): who is on the line
ON_THE_LINE = [
    ({"third_party_disclosure"}, "third_party",
     [("agent", "喂 请问是刘强吗"), ("debtor", "我是他老婆 他不在 你哪位"),
      ("agent", "我是安信银行的姓王 呃 就是他那个信用卡 拖了快三个月了 一直没处理")]),
    (set(), "third_party",
     [("agent", "喂 请问是刘强吗"), ("debtor", "我是他老婆 他不在 你哪位"),
      ("agent", "我是安信银行的姓王 有点个人的事情找他 麻烦让他回个电话")]),
    ({"vulnerable"}, "third_party",
     [("agent", "请问杨建军在家吗"), ("debtor", "我爸不在家 我上四年级"), ("agent", "你有压岁钱吧 先帮你爸还一点")]),
    (set(), "third_party",
     [("agent", "请问杨建军在家吗"), ("debtor", "我爸不在家 我上四年级"),
      ("agent", "好的小朋友 那等你爸爸回来让他回个电话 谢谢你")]),
    ({"vulnerable"}, "debtor",
     [("agent", "请问是邱先生吗"), ("debtor", "是 我在医院 刚做完手术"),
      ("agent", "我是安信银行信用卡中心的 我姓曹 那个手术归手术 今天怎么也得先转一千过来")]),
    (set(), "debtor",
     [("agent", "请问是邱先生吗"), ("debtor", "是 我在医院 刚做完手术"),
      ("agent", "我是安信银行信用卡中心的 我姓曹 您先安心养病 等您出院了我们再联系")]),
    (set(), "third_party",
     [("agent", "请问是周长林先生吗"), ("debtor", "我爸上个月去世了 我是他女儿"),
      ("agent", "实在抱歉 请您节哀 后续的事等您方便的时候带着相关证明到网点办理就行")]),
]


@pytest.mark.parametrize(("expected", "contact", "turns"), ON_THE_LINE, ids=[c[2][-1][1][:12] for c in ON_THE_LINE])
def test_who_is_on_the_line_decides(expected: set[str], contact: str, turns) -> None:
    got = _found(turns, contact).get(len(turns) - 1, set())
    assert expected <= got if expected else not got


def test_a_spoken_pause_ends_a_negation_and_a_question() -> None:
    # 「他不听你也得说」 must not excuse the threat after the pause, and 「…是吧」 at the end must
    # not make the department name a question
    assert "threat" in _last_turn("他不听你也得说 他要是再拖 警察是要上门把他带走的")
    assert "impersonation" in _last_turn("我这边安信银行信用卡中心法务部的 我姓郑 你尾号2291的卡逾期了你知道吧")
    # a negation before a pause still scopes over what follows it
    assert _last_turn("我们不会 去您单位找您") == set()


def test_a_contact_person_saying_yes_is_not_the_cardholder() -> None:
    turns = [("agent", "喂您好 请问是邱红女士吗"), ("debtor", "我是 你哪位"),
             ("agent", "邱女士您好 我这边是安信银行的姓唐 您弟弟邱海留的联系人是您"),
             ("debtor", "什么事啊"),
             ("agent", "就是他在我们这信用卡欠了两万一千多 快半年了")]
    assert "third_party_disclosure" in _found(turns, contact="third_party").get(4, set())
    assert "third_party_disclosure" not in _found(turns, contact="debtor").get(4, set())


def test_after_a_death_a_later_yes_does_not_verify_anyone() -> None:
    turns = [("agent", "您好，请问是周长林先生吗？"), ("debtor", "我是他儿子。我爸上个月走了。"),
             ("agent", "请您节哀。请问家里现在是谁在处理后事？"), ("debtor", "是我在弄。什么事？"),
             ("agent", "周先生有一张信用卡欠款四万多，你们家里得尽快安排一下，最好这个月就把钱还上。")]
    assert "vulnerable" in _found(turns).get(4, set())


def test_pressure_on_a_bereaved_family_is_only_in_that_state() -> None:
    line = "您这边尽快安排一下，最好这个月就把钱还上。"
    assert "vulnerable" not in _last_turn(line)
    assert "vulnerable" in _last_turn(line, before=[("debtor", "我爸上个月走了，我是他儿子。")])


def test_asking_who_again_after_the_bank_was_named_is_not_a_second_breach() -> None:
    turns = [("agent", "喂 吴静吗"), ("debtor", "对 你谁"),
             ("agent", "我这边安信银行信用卡中心的 你那个卡逾期三个多月了"),
             ("debtor", "那我问一下你叫什么名字 工号多少"),
             ("agent", "我叫什么不重要 你该关心的是你这一万多怎么还"),
             ("debtor", "我总得知道你是谁吧"),
             ("agent", "你挂了问题也还在这儿 那你说什么时候还")]
    found = _found(turns)
    assert "identification" in found.get(4, set())  # the refusal
    assert "identification" not in found.get(6, set())
    # never naming the bank: the question is still owed an answer
    turns[2] = ("agent", "你那个卡逾期三个多月了")
    assert "identification" in _found(turns).get(6, set())
