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


# (category, agent line said to the verified debtor)
VIOLATING = [
    ("impersonation", "我这边 安信银行信用卡中心法务诉讼部的 姓王"),
    ("impersonation", "呃我们是银行催收部的 就是专门管你这种逾期的"),
    ("impersonation", "我们组跟经侦那边一直是联动的 材料随时能推过去"),
    ("false_claim", "你这个性质就跟骗钱一个样 拖下去是要判的"),
    ("false_claim", "欠着不还跟诈骗没两样，真要追究是会判刑的。"),
    ("false_claim", "你的材料我们上周已经递交到法院了 就等着开庭"),
    ("false_claim", "那个 你这个案子已经进入诉讼程序了 撤不回来的"),
    ("false_claim", "你们是两口子 这是夫妻共同债务 你老婆也跑不掉"),
    ("false_claim", "逾期以后一天按百分之二算 利滚利的"),
    ("threat", "你再这么拖 派出所的人会过来把你带走的"),
    ("threat", "那我们只能上你们单位 当着你们老板的面好好谈谈"),
    ("threat", "我们外访组这周正好去你们那片 顺路上去找你"),
    ("abuse", "就是说 一万块拖了半年 你这脸都不要了"),
    ("abuse", "一催还钱就说住院 谁知道是真是假"),
    ("abuse", "你还要不要脸 借钱不还"),
    ("identification", "我叫什么无所谓 你先说什么时候还"),
    ("identification", "你问我工号干嘛 有什么用"),
    ("harassment", "今天已经给你打了十几个电话了 你一个都不接"),
    ("harassment", "你不接我们就一遍遍地打 打到你接为止"),
    ("privacy", "跟你说 你们单位的刘梅 也在我们这儿欠了三万多 人家早还了"),
    ("false_claim", "真起诉了判你个三五年都有可能"),
    ("false_claim", "你老公欠的钱 你当老婆的也得还"),
    ("threat", "你孩子学校那边我们也是有联系方式的"),
    ("threat", "要不我们在你孩子的家长群里问问"),
    ("abuse", "你这病生得可真是时候"),
    ("harassment", "我们都打了十几个电话了你一个不接"),
    ("identification", "你管我是哪个 你就说还不还"),
    ("identification", "你别问那么多 钱还了就行"),
]

COMPLIANT = [
    "我这边是安信银行信用卡中心司法调查组的 我姓王",
    "我们不是什么法务部 就是银行信用卡中心内部的一个部门 叫司法调查组",
    "我们跟公安 法院都没有任何联动 就是银行自己的部门",
    "信用卡逾期是民事纠纷 跟诈骗不是一回事 您别担心",
    "判不判 怎么判 都是法院的事 我们说了不算",
    "目前还没有走到诉讼流程 我们还是希望跟您协商",
    "如果长期不处理 银行有可能依法把材料提交到法院 那要法院受理了才算",
    "您放心 您爱人没有替您还款的义务 我们只跟您本人沟通",
    "逾期利息是按每天万分之五算的 一年大概百分之十八",
    "警察不会因为信用卡欠款上门把人带走 这是民事纠纷",
    "我们不会去您单位 也不会联系您的领导和同事",
    "我们没有安排任何外访 也不会上门 您放心",
    "您先安心住院 住院证明方便的时候拍给我们 我们登记一下",
    "我叫王明 工号0231 您可以记一下",
    "您问我叫什么 我姓王 工号0231",
    "今天是第一次给您打电话 打扰您了",
    "您说我们今天打了十几个电话 我这边核实一下 如果属实我跟您道歉",
    "很多客户也有周转困难的时候 分期还上就好了",
    "您的邻居和同事都不会知道欠款的事",
    "这事你心里有数吧 咱们看看怎么安排",
    "呃 我跟您说 您要是这个月能先还最低还款 利息就少一些",
    "我们不会联系你们公司HR 您放心",
    "您孩子在哪上学跟这事没关系 我们不会联系学校",
    "法院起诉需要银行提交材料 目前没有",
    "您说您在住院 那您先养病 出院再联系",
    "我们之前打了几次电话您没接 所以今天再联系一下",
]


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


@pytest.mark.parametrize(("category", "line"), VIOLATING, ids=[v[1][:12] for v in VIOLATING])
def test_paraphrase_of_a_breach_is_found_on_its_turn(category: str, line: str) -> None:
    assert category in _last_turn(line)


@pytest.mark.parametrize("line", COMPLIANT, ids=[c[:12] for c in COMPLIANT])
def test_hard_negative_is_not_flagged(line: str) -> None:
    assert _last_turn(line) == set()


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
