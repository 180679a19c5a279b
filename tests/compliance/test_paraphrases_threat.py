"""Paraphrases of threats (harm, exposure, visits, calls promised until the debtor pays), in the rule authors' own words.

Every breach sentence of the paraphrase rounds in this category, each with the call opening it is
said after; the comment above a group says which round wrote it and from what. Their lawful
neighbours are in ``test_context_checks.py`` (and ``test_listener.py`` for who is on the line).
"""

from __future__ import annotations

import pytest
from helpers_audit import (
    LI_JUN_CHILD,
    SUN,
    ZHANG,
    ZHOU,
    ZHOU_COLLEAGUE,
    ZHOU_COLLEAGUE_TOLD,
    ZHOU_KAI,
    ZHOU_SHI_WO,
    categories,
    findings,
)

# (opening, meta.contact, category the last line must be flagged with, the agent's last line)
BREACHES = [
    # round 4
    (ZHANG, "debtor", "threat", "你再这么拖 派出所的人会过来把你带走的"),
    (ZHANG, "debtor", "threat", "那我们只能上你们单位 当着你们老板的面好好谈谈"),
    (ZHANG, "debtor", "threat", "我们外访组这周正好去你们那片 顺路上去找你"),
    (ZHANG, "debtor", "threat", "你孩子学校那边我们也是有联系方式的"),
    (ZHANG, "debtor", "threat", "要不我们在你孩子的家长群里问问"),
    # round 6 (authors L and M): exposure to the debtor's circle (CN-THR-023), and calling round them one by one (CN-THR-004)
    (ZHOU, "debtor", "threat", "你不还，我就让你爸妈和你那帮同学都知道你欠钱躲债。"),
    (ZHOU, "debtor", "threat", "再拖下去，你们公司上上下下都晓得了。"),
    (ZHOU, "debtor", "threat", "通讯录里的人我今晚一个个打过去。"),
    # round 6 (authors L and M): the employer set on the debtor, in other words (CN-THR-005)
    (ZHOU_COLLEAGUE_TOLD, "third_party", "threat", "他再不回电话，我们就往你们单位发函，请你们人事配合。"),
    (ZHOU_COLLEAGUE_TOLD, "third_party", "threat", "下次我就直接打你们经理，让经理找他谈。"),
    # round 6 (authors L and M)
    (ZHOU, "debtor", "threat", "要是月底还不还，外访的同事就直接去你单位了。"),
    (ZHOU, "debtor", "threat", "你再不处理，我们就给你们公司领导发函。"),
    # round 6 after the measure (authors P and Q, dev_r7): calls promised until the debtor gives in (CN-THR-026)
    (ZHOU, "debtor", "threat", "明早十点前不到账，我就叫同事每隔二十分钟拨你一回。"),
    (ZHOU, "debtor", "threat", "你躲着不接也没用，我们会一天到晚打，打到你受不了。"),
    (ZHOU, "debtor", "threat", "下礼拜还看不到钱，我们几个就早中晚都打。"),
    (ZHOU, "debtor", "threat", "钱不进来，我们就隔十分钟打一次。"),
    (ZHOU, "debtor", "threat", "你不处理，我们就通宵轮着打，你别想睡安稳觉。"),
    # round 6 second pass (authors T and U, dev_r8): veiled trouble, someone else at the door, the contacts' fate left to the debtor (CN-THR-024)
    (ZHOU, "debtor", "threat", "你要是还这么躲，你们家迟早得出事。"),
    (ZHOU, "debtor", "threat", "今天是我客客气气打给你，改天来找你的就不是我了。"),
    (ZHOU, "debtor", "threat", "这个礼拜不处理，下礼拜就会有人去你家里当面谈。"),
    (ZHOU, "debtor", "threat", "你留的那几个紧急联系人跟不跟着倒霉就看你了。"),
    # round 6 second pass (authors T and U, dev_r8): the job, the residents' group, the village talking (CN-THR-025)
    (ZHOU, "debtor", "threat", "我们一个电话打到你们公司人事，你这岗位还保得住？"),
    (ZHOU, "debtor", "threat", "你们主管要是听说了，你在单位还混得下去吗？"),
    (ZHOU, "debtor", "threat", "再拖下去，你们村里都传开了，你爸妈脸往哪搁。"),
    (ZHOU, "debtor", "threat", "到时候小区业主们都在背后议论你，你受得了？"),
    # round 7 (dev_sa, dev_r9): taste, publicity on the platforms, the village watching (CN-THR-030)
    (ZHOU, "debtor", "threat", "之前那个跟你一样不接电话的，最后是跪着来求我们的。"),
    (ZHOU, "debtor", "threat", "上个月有个不还的，手是怎么断的到现在都没人知道。"),
    (ZHOU, "debtor", "threat", "我们外访那几个兄弟脾气暴，你别逼他们。"),
    (ZHOU, "debtor", "threat", "今晚你再不回话，明早出门就能看见我们同事。"),
    (ZHOU, "debtor", "threat", "你小区门口那家超市，明天我们的人就在那儿等你。"),
    (ZHOU, "debtor", "threat", "以后天天有人去你爸妈那儿敲门，你看老人受不受得了。"),
    (ZHOU, "debtor", "threat", "你媳妇在超市上班对吧，我们去她店里聊聊怎么样？"),
    (ZHOU, "debtor", "threat", "你就继续拖，拖到进去体验体验号子里的伙食。"),
    (ZHOU, "debtor", "threat", "你这事在快手上给你扬扬名，你看怎么样？"),
    (ZHOU, "debtor", "threat", "到时候左邻右舍都出来看热闹，你脸上好看？"),
    # round 7 (dev_sa, dev_r9): a second and third batch, written after the first widening, then covered in turn
    (ZHOU, "debtor", "threat", "去年有个跟你一样耍赖的，后来人在医院躺了半个月。"),
    (ZHOU, "debtor", "threat", "你不想你闺女在学校出点什么事吧？"),
    (ZHOU, "debtor", "threat", "你再不还，我们就把你的照片印成传单，在你们小区发。"),
    (ZHOU, "debtor", "threat", "我们那几个外访的可不是吃素的。"),
    (ZHOU, "debtor", "threat", "你晚上回家走夜路小心点。"),
    (ZHOU, "debtor", "threat", "哪天你下班被人堵在路上，可别说我没提醒你。"),
    (ZHOU, "debtor", "threat", "你这事我们可以让整个家族群都看看。"),
    # round 7 (dev_sa, dev_r9): a fourth batch, written after the rest as a last check (5 of its 20 caught before it was covered)
    (ZHOU, "debtor", "threat", "我们有的是办法让你不好过。"),
    (ZHOU, "debtor", "threat", "你最好祈祷别让我们找到你住哪。"),
    (ZHOU, "debtor", "threat", "上回那个老赖，家门口被泼了油漆，你也想试试？"),
    (ZHOU, "debtor", "threat", "你媳妇天天几点下班我们都清楚。"),
    (ZHOU, "debtor", "threat", "过两天我们把你欠钱的事打印出来，发到你们厂门口。"),
    # round 7 (dev_sa, dev_r9): already caught when written, kept so that it stays caught
    (ZHOU, "debtor", "threat", "你老家那边村里要是都知道了，你爸妈还怎么出门？"),
    (ZHOU, "debtor", "threat", "我们的人已经在你公司楼下了，你自己看着办。"),
    (ZHOU, "debtor", "threat", "信不信我们今晚就上你家门口坐着。"),
    (ZHOU, "debtor", "threat", "别逼我们去你儿子学校找他班主任聊。"),
    # round 7 (dev_sa, dev_r9): the same practices owned or pressed in the next clause stay threats
    (ZHOU, "debtor", "threat", "把你的欠款发到业主群里，这是你逼我们的。"),
    (ZHOU, "debtor", "threat", "不还钱就把你挂到网上曝光，我们说到做到。"),
    # round 7 pass 2 (kinds.yaml; dev_sc … dev_sh): the person's safety, the next visitors, no sleep, property taken (CN-THR-070)
    (SUN, "debtor", "threat", "这阵子下班早点回家，夜路走多了总会碰上事。"),
    (SUN, "debtor", "threat", "换别人来跟你谈，可没我这么好说话。"),
    (SUN, "debtor", "threat", "你信不信，哪天楼下就多了几个生面孔。"),
    (SUN, "debtor", "threat", "从现在起我们每小时给你打一遍，看你睡得着不。"),
    (SUN, "debtor", "threat", "你那台电动车我们直接拉走抵账。"),
    (SUN, "debtor", "threat", "后面的手段你可能接受不了，我劝你想清楚。"),
    # round 7 pass 2 (kinds.yaml; dev_sc … dev_sh): the children, the parents, the spouse's work, the contacts, made public (CN-THR-080)
    (SUN, "debtor", "threat", "你闺女念哪所中学，我们也不是不知道。"),
    (SUN, "debtor", "threat", "你老家村里我们也有人，二老那边随时能去坐坐。"),
    (SUN, "debtor", "threat", "明天一早你爱人单位就会接到我们电话。"),
    (SUN, "debtor", "threat", "你们领导要是收到一封公函，你这位子还坐得稳吗？"),
    (SUN, "debtor", "threat", "你微信里那些同学，一个都跑不掉。"),
    (SUN, "debtor", "threat", "我们在你小区业主群里发个还款通告，你看怎么样？"),
    # round 7 pass 2 (kinds.yaml; dev_sc … dev_sh): found on the fresh calls: the boss set on the debtor, every contact texted, a legal-sounding office
    (SUN, "debtor", "threat", "再拖下去，我直接打到你们校长那去。"),
    (SUN, "debtor", "threat", "系统会给你通讯录里的人发短信，你那些朋友都会收到。"),
    # round 8 (r10, kinds2.yaml; dev_sj, dev_sk, dev_r10): exposure to contacts, circles, group chats (CN-THR-090)
    (ZHOU_KAI, "debtor", "threat", "你微信好友要是一个个都收到消息说你欠钱，你怎么见人？"),
    (ZHOU_KAI, "debtor", "threat", "我们在你们小区业主群里发一下，让大家帮忙催催。"),
    (ZHOU_KAI, "debtor", "threat", "你那些老乡要是知道你欠钱跑路，回去还抬得起头？"),
    # round 8 (r10, kinds2.yaml; dev_sj, dev_sk, dev_r10): veiled danger, the next visitors, the employer rung (CN-THR-091)
    (ZHOU_KAI, "debtor", "threat", "晚上回家那条路黑，你一个人走可得小心，别出点什么事。"),
    (ZHOU_KAI, "debtor", "threat", "我们外访那几个脾气不太好，你自己掂量。"),
    (ZHOU_KAI, "debtor", "threat", "你不接也行，那我们就往你单位打了。"),
    # round 15 (kinds2.yaml CN-THR-092; older authors' misses): a threat left open for the debtor to fill in
    (ZHOU, "debtor", "threat", "行啊，你就拖着吧，回头有你好受的。"),
    (ZHOU, "debtor", "threat", "月底前钱不到账，你自己清楚后果。"),
]


@pytest.mark.parametrize(("opening", "contact", "category", "line"), BREACHES)
def test_the_breach_in_new_words_is_found(opening: list[dict], contact: str, category: str, line: str) -> None:
    assert category in categories(opening, line, contact), line


# round 5
def test_a_threat_through_a_childs_classmates_is_found() -> None:
    assert "threat" in categories(ZHOU_SHI_WO, "你也不想你儿子同学都知道他爸欠钱不还吧？")


# round 6 (authors L and M)
# round 14: with a third party on the line, asking him to pass the demand on keeps its own line beside the threat;
# round 18: unless the agent already told that listener of the debt (CN-TP-004's once_told: on the labelled
# calls such repeats were false alarms 34 times in 39)
def test_a_colleague_who_already_knows_is_threatened_and_asked_to_pass_it_on() -> None:
    found = findings(ZHOU_COLLEAGUE_TOLD, "你跟他说，再不还我们就找你们领导，让全单位都知道。", "third_party")
    assert {f["category"] for f in found} == {"threat"}


def test_a_colleague_not_yet_told_who_is_asked_to_pass_a_threat_on_hears_a_disclosure_too() -> None:
    found = findings(ZHOU_COLLEAGUE, "你跟他说，再不还我们就找你们领导，让全单位都知道。", "third_party")
    assert {f["category"] for f in found} == {"threat", "third_party_disclosure"}


# round 6 (authors L and M)
def test_the_contacts_held_and_threatened_are_one_breach_the_threat() -> None:
    found = findings(ZHOU, "你手机通讯录我们这边都有，再不还我就挨个打过去。")
    assert {f["category"] for f in found} == {"threat"}
    assert "CN-PRV-004" in {a["rule"] for f in found for a in f.get("also", ())}
    # claiming to hold the contacts on its own stays a privacy finding
    assert categories(ZHOU, "你手机通讯录我们这边都有。") == {"privacy"}


# round 6 second pass (authors T and U, dev_r8)
# round 11: one breach, reported as pressing the child, the threat named in it and its severity kept
# (authors AY, BA label such a line vulnerable alone; arbitrate.py)
def test_an_arrest_threat_made_to_a_child_stays_a_threat() -> None:
    found = findings(LI_JUN_CHILD, "你爸再不还，警察就要上门把他带走。", "third_party")
    threat = [f for f in found if f["category"] == "threat" or any(a["category"] == "threat" for a in f.get("also", ()))]
    assert threat and threat[0]["severity"] == "critical"


# round 6 second pass (authors T and U, dev_r8)
def test_the_same_visit_threat_to_the_debtor_is_a_threat() -> None:
    assert categories(ZHOU, "再拖着不还，就有人到你们家去了。") == {"threat"}


# round 6 after the measure (authors P and Q, dev_r7)
@pytest.mark.parametrize("line", ["你不转是吧，我就一天给你打它二十个，打到你处理为止。",
                                  "你今天不转，我们就一天给你拨它十几个。"])
def test_calls_promised_are_one_threat_not_also_harassment(line: str) -> None:
    assert categories(ZHOU, line) == {"threat"}


# round 6 after the measure (authors P and Q, dev_r7)
@pytest.mark.parametrize("line", ["你也不希望你妈出点什么事吧？那就赶紧还。",
                                  "你也不想你老婆有个三长两短吧，自己掂量。",
                                  "这钱再拖，你也不愿意你儿子出什么事吧？"])
def test_trouble_for_a_loved_one_left_hanging_is_a_threat(line: str) -> None:
    assert "threat" in categories(ZHOU, line)


# round 6 after the measure (authors P and Q, dev_r7)
@pytest.mark.parametrize("line", ["后天你再不处理，我们就直接上门找你要。", "我叫两个人去你家里坐着等你，看你躲到哪。",
                                  "再关机，回头就上门堵你。"])
def test_a_home_visit_held_over_the_debtor_is_a_threat(line: str) -> None:
    assert "threat" in categories(ZHOU, line)


# round 6 after the measure (authors P and Q, dev_r7)
@pytest.mark.parametrize("line", ["我们不会上门，也不会打扰您家里人。",
                                  "如果长期联系不上，按流程可能会安排外访的同事上门了解您的情况。",
                                  "您要是方便，也可以自己到网点柜台办。"])
def test_a_visit_ruled_out_or_explained_with_its_condition_is_no_threat(line: str) -> None:
    assert "threat" not in categories(ZHOU, line)
