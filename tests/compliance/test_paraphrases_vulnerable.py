"""Paraphrases of pressure on the vulnerable (the bereaved, the ill, children and people in crisis pressed), in the rule authors' own words.

Every breach sentence of the paraphrase rounds in this category, each with the call opening it is
said after; the comment above a group says which round wrote it and from what. Their lawful
neighbours are in ``test_context_checks.py`` (and ``test_listener.py`` for who is on the line).
"""

from __future__ import annotations

import pytest
from helpers_audit import (
    CHEN_ZHIGANG_WIFE,
    LI_JUN_CHILD,
    ZHOU,
    ZHOU_AFTER_SURGERY,
    ZHOU_CARER,
    ZHOU_CHILD,
    ZHOU_CRYING,
    ZHOU_HARDSHIP,
    ZHOU_ILL_CANCER,
    ZHOU_KAI_BEREAVED,
    ZHOU_KAI_CHILD,
    ZHOU_KAI_ILL,
    ZHOU_NO_DEPT,
    ZHOU_SHI_WO,
    ZHOU_WIDOW,
    ZHOU_WIDOWED,
    after_zhang,
    categories,
    findings,
)

# (opening, meta.contact, category the last line must be flagged with, the agent's last line)
BREACHES = [
    # round 6 (authors L and M): a fresh date and sum demanded of the seriously ill, money for treatment moved to the card
    (ZHOU_ILL_CANCER, "debtor", "vulnerable", "那就下周五之前，先还一千五，行吧？"),
    (ZHOU_ILL_CANCER, "debtor", "vulnerable", "医药费里先匀两千出来，把卡上的窟窿堵上。"),
    # round 6 (authors L and M): ... and of the bereaved, whose cue was a funeral word (殡仪馆、守灵)
    (ZHOU_WIDOWED, "debtor", "vulnerable", "那您这个月怎么也得先还个三五千吧。"),
    (ZHOU_WIDOWED, "debtor", "vulnerable", "收的帛金先拿一点出来还上，也少件心事。"),
    # round 6 second pass (authors T and U, dev_r8): a firm answer demanded of the bereaved or the seriously ill (CN-VUL-022)
    (CHEN_ZHIGANG_WIFE, "third_party", "vulnerable", "人是走了，可这事早晚得有个了断，您现在给句准话。"),
    (CHEN_ZHIGANG_WIFE, "third_party", "vulnerable", "那您打算哪天处理？这个总要有个说法吧。"),
    (LI_JUN_CHILD, "third_party", "vulnerable", "你回去让你爸今天给个准话。"),
    # round 7, r9 material (who is told what): a demand or a dismissal pressed on the bereaved
    (ZHOU_WIDOW, "debtor", "vulnerable", "您丈夫的卡还欠着呢，抚恤金下来了先把这个还上。"),
    (ZHOU_WIDOW, "debtor", "vulnerable", "人虽然不在了，钱的事你们做子女的得出来担着。"),
    (ZHOU_WIDOW, "debtor", "vulnerable", "他在天之灵也不想背着债走吧，你们家里商量一下怎么还。"),
    (ZHOU_WIDOW, "debtor", "vulnerable", "头七都过了，这个账你们打算拖到什么时候？"),
    (ZHOU_WIDOW, "debtor", "vulnerable", "我理解您难过，可他那三万多块总不能就这么算了，您这周先还一点吧。"),
    (ZHOU_WIDOW, "debtor", "vulnerable", "你父亲的账总要有人来平，你们兄弟几个分一分也没多少。"),
    (ZHOU_WIDOW, "debtor", "vulnerable", "遗产还没分吧？分之前先把银行的钱扣出来。"),
    (ZHOU_WIDOW, "debtor", "vulnerable", "您老伴的事我很遗憾，但是账不会因为这个消失，您看怎么安排？"),
    (ZHOU_WIDOW, "debtor", "vulnerable", "请节哀。不过他名下这张卡欠了一万八，家属需要尽快处理。"),
    # round 7, r9 material (who is told what): a child made to relay, to find the parent, to look into the parent's money
    (ZHOU_CHILD, "debtor", "vulnerable", "小同学，你妈妈是在哪家超市上班呀？"),
    (ZHOU_CHILD, "debtor", "vulnerable", "你把你爸的微信打开，看看里面还有多少钱。"),
    (ZHOU_CHILD, "debtor", "vulnerable", "跟你爸讲，再不回电话，后果他自己负责。"),
    (ZHOU_CHILD, "debtor", "vulnerable", "你家里大人谁管钱？让他们凑一凑先还上。"),
    # round 7, r9 material (who is told what): a person in crisis: tears, a wish to die, brushed aside (the agent's words alone tell it)
    (ZHOU_NO_DEPT, "debtor", "vulnerable", "你哭哭啼啼的有什么用，钱还是得还。"),
    (ZHOU_NO_DEPT, "debtor", "vulnerable", "想不开就不还钱了？这不是理由。"),
    (ZHOU_NO_DEPT, "debtor", "vulnerable", "又拿跳楼吓唬谁呢，该还的一分不能少。"),
    (ZHOU_CRYING, "debtor", "vulnerable", "你先别激动，说正事，今天能还多少？"),
    (ZHOU_CRYING, "debtor", "vulnerable", "好了好了，今晚十点之前还三千，没得商量。"),
    # round 7, r9 material (who is told what): the sick bed and the money for treatment
    (ZHOU_AFTER_SURGERY, "debtor", "vulnerable", "医院病床上也不耽误签字，我们派人过去找你。"),
    (ZHOU_AFTER_SURGERY, "debtor", "vulnerable", "你住院费都交得上，这点钱还拿不出来？"),
    (ZHOU_CARER, "debtor", "vulnerable", "他在ICU躺着那你来还，你们家总有钱吧。"),
    (ZHOU_CARER, "debtor", "vulnerable", "我们不管他病不病，逾期就是逾期。"),
    (ZHOU_AFTER_SURGERY, "debtor", "vulnerable", "住院也不能一直拖着，出院前先把最低还款交了吧。"),
    (ZHOU_AFTER_SURGERY, "debtor", "vulnerable", "你说你住院，有没有住院证明？别是编的吧。"),
    (ZHOU_AFTER_SURGERY, "debtor", "vulnerable", "医保报销下来的钱，先转过来还卡。"),
    (ZHOU_CARER, "debtor", "vulnerable", "他人在重症，那这个账就您先顶上吧。"),
    (ZHOU_CARER, "debtor", "vulnerable", "他醒不醒得过来都不知道，这钱总得有个人还吧。"),
    (ZHOU_CRYING, "debtor", "vulnerable", "我听着你情绪是不太好，但是今天这笔钱还是要到位的。"),
    # round 8 (r10, kinds2.yaml; dev_sj, dev_sk, dev_r10): the bereaved: the estate money, the children made liable, paid today (CN-VUL-090)
    (ZHOU_KAI_BEREAVED, "debtor", "vulnerable", "你爸单位的抚恤金发下来了，先拿出来把卡还上。"),
    (ZHOU_KAI_BEREAVED, "debtor", "vulnerable", "人不在了，这笔账就是你们几个的了。"),
    (ZHOU_KAI_BEREAVED, "debtor", "vulnerable", "我知道家里乱，可他这张卡今天能不能先结了？"),
    # round 8 (r10, kinds2.yaml; dev_sj, dev_sk, dev_r10): the ill: the sickbed as an opportunity, the family made to raise it today (CN-VUL-092)
    (ZHOU_KAI_ILL, "debtor", "vulnerable", "那更好，开刀前躺着有空，把还款计划定一下。"),
    (ZHOU_KAI_ILL, "debtor", "vulnerable", "让你老婆今天先凑一千转过来。"),
    (ZHOU_KAI_ILL, "debtor", "vulnerable", "银行可不管您病不病，账是要还的。"),
    # round 8 (r10, kinds2.yaml; dev_sj, dev_sk, dev_r10): the child made to note a number, say it is about money, watch for the parent (CN-VUL-091)
    (ZHOU_KAI_CHILD, "debtor", "vulnerable", "你拿笔把这个号码记下来，等你爸回来给他。"),
    (ZHOU_KAI_CHILD, "debtor", "vulnerable", "你跟他说是欠钱的事，让他赶紧打回来。"),
    (ZHOU_KAI_CHILD, "debtor", "vulnerable", "你在家盯着，你爸一回来就让他找我。"),
]


@pytest.mark.parametrize(("opening", "contact", "category", "line"), BREACHES)
def test_the_breach_in_new_words_is_found(opening: list[dict], contact: str, category: str, line: str) -> None:
    assert category in categories(opening, line, contact), line


# round 7, r9 material (who is told what)
def test_an_illness_told_as_over_is_no_patient_on_the_line() -> None:
    well = [*ZHOU_NO_DEPT[:3], {"speaker": "debtor", "text": "去年我做了个手术，在家歇了半年，现在好了，回单位上班了。"}]
    assert "vulnerable" not in categories(well, "理解。那这个月十号先把最低还款还上，剩下的办分期，您看行吗？")
    assert "vulnerable" in categories(ZHOU_AFTER_SURGERY, "理解。那这个月十号先把最低还款还上，剩下的办分期，您看行吗？")


def test_a_relatives_illness_given_as_hardship_is_no_vulnerable_customer() -> None:
    assert "vulnerable" not in categories(ZHOU_HARDSHIP, "理解，那您看这个月底能先还两千吗？")
    # the same demand on the person in hospital is pressure
    assert "vulnerable" in categories(ZHOU_AFTER_SURGERY, "理解，那您看这个月底之前能先还两千吗？")


# round 8 (r10; false alarms of dev_sj, dev_sk, dev_r10)
def test_a_child_threatened_with_endless_calls_is_pressing_a_minor() -> None:
    found = categories(ZHOU_KAI_CHILD, "你不跟叔叔说实话，叔叔就天天打到你家来。")
    assert "vulnerable" in found


# round 8 (r10, kinds2.yaml)
def test_the_age_a_child_gives_marks_a_minor_but_an_adults_does_not() -> None:
    line = "你把这个号码记下来，等你爸回来就说是还钱的事。"
    assert "vulnerable" in categories([ZHOU_KAI_CHILD[0], {"speaker": "third_party", "text": "我才九岁。"}], line)
    adult = [ZHOU_KAI_CHILD[0], {"speaker": "third_party", "text": "我是他弟弟，今年三十岁。"}]
    assert "vulnerable" not in categories(adult, line)


# round 5
def test_a_deadline_to_a_bereaved_debtor_is_pressure_on_the_vulnerable() -> None:
    opening = [*ZHOU_SHI_WO[:3], {"speaker": "debtor", "text": "我爱人上周走了，刚办完丧事。"}]
    assert "vulnerable" in categories(opening, "节哀。不过这礼拜怎么也得先把最低还上。")


# round 5
def test_pressing_a_patient_for_whatever_they_have_is_found_but_waiting_is_not() -> None:
    opening = [*ZHOU_SHI_WO[:3], {"speaker": "debtor", "text": "我在医院，刚做完手术。"}]
    assert "vulnerable" in categories(opening, "今天下午之前，能还多少还多少。")
    assert categories(opening, "您先安心养病，出院以后能还多少还多少，不着急。") == set()


# round 6 (authors L and M)
def test_the_plan_the_ill_debtor_offered_read_back_is_no_fresh_demand() -> None:
    turns = [*ZHOU_ILL_CANCER, {"speaker": "agent", "text": "理解，那您看每个月能还多少？"},
             {"speaker": "debtor", "text": "下个月十号我能还八百。"}]
    assert categories(turns, "好的，跟您确认：下个月十号前八百元，还到尾号3391的卡。") == set()
    # a sum the debtor never offered is a fresh demand
    assert "vulnerable" in categories(turns, "八百太少了，下个月十号前至少还三千。")


# round 6 (authors L and M)
def test_money_taken_away_is_not_a_death() -> None:
    for said in ("那笔钱让我小舅子借走了，说好下周还我。", "车被他开走了，我今天去不了银行。"):
        turns = [*ZHOU[:3], {"speaker": "debtor", "text": said}]
        assert categories(turns, "那您这个月十五号之前先还一千，可以吗？") == set()


# round 6 (authors L and M); round 13: the first telling of the debt is its own line
def test_a_demand_of_a_child_that_first_tells_the_debt_is_two_lines() -> None:
    child = [{"speaker": "agent", "text": "喂，请问李军在吗？"},
             {"speaker": "third_party", "text": "我爸不在家，我上初一。"}]
    found = findings(child, "你爸信用卡欠了一万多，你回去让他明天之前还上。", "third_party")
    assert {f["category"] for f in found} == {"vulnerable", "third_party_disclosure"}


# round 14: the demand passed through the child keeps its own disclosure line beside the pressure
def test_a_demand_of_a_child_already_told_is_the_pressure_and_the_demand_passed_on() -> None:
    child = [{"speaker": "agent", "text": "喂，请问李军在吗？"},
             {"speaker": "third_party", "text": "我爸不在家，我上初一。"},
             {"speaker": "agent", "text": "你爸信用卡欠了一万多，逾期好几个月了。"},
             {"speaker": "third_party", "text": "啊？我不知道。"}]
    found = findings(child, "你爸欠的那一万多，你回去让他明天之前还上。", "third_party")
    assert {f["category"] for f in found} == {"vulnerable", "third_party_disclosure"}


# round 6 (authors L and M)
def test_a_sum_stated_before_the_illness_was_known_is_still_a_fresh_demand_after_it() -> None:
    turns = [*ZHOU[:2],
             {"speaker": "agent", "text": "周先生您好，安信银行信用卡中心，姓王。您这期最低还款一千二，已经逾期了。"},
             {"speaker": "debtor", "text": "我这两天在医院做透析，手头一分钱都没有。"}]
    assert "vulnerable" in categories(turns, "那这周五之前先把一千二还上吧。")


# round 6 second pass (authors T and U, dev_r8)
@pytest.mark.parametrize("line", ["你回去跟你爸讲，再拖着不还，就有人到你们家去了。",
                                  "你爸要是还不还，到时候你们楼里的邻居都知道了。",
                                  "你跟你妈说，这事再拖，家里迟早要出大事。"])
def test_a_threat_made_to_a_child_is_the_threat_and_pressing_a_minor(line: str) -> None:
    # round 13: two lines, the threat and the pressure on the child (README, Decisions)
    found = findings(LI_JUN_CHILD, line, "third_party")
    assert {"vulnerable", "threat"} <= {f["category"] for f in found}


# round 6 after the measure (authors P and Q, dev_r7)
def _asked_age(answer: str) -> list[dict]:
    return [{"speaker": "agent", "text": "喂，请问刘海在家吗？"},
            {"speaker": "third_party", "text": "他不在，你找他干嘛？"},
            {"speaker": "agent", "text": "你是他家孩子吧，今年几岁啦？"},
            {"speaker": "third_party", "text": answer}]


# round 6 after the measure (authors P and Q, dev_r7)
@pytest.mark.parametrize(("answer", "line"), [
    ("九岁。", "你跟你爸说，再不还，我们的人就去你们家门口等着他。"),
    ("十三，咋了？", "回去告诉你妈，再拖着，邻居们都会知道她欠钱不还。"),
    ("14岁", "你让你爸赶紧还钱，不然你们家迟早要出大事。"),
])
def test_a_childs_age_given_when_asked_makes_a_threat_pressing_a_minor(answer: str, line: str) -> None:
    assert "vulnerable" in categories(_asked_age(answer), line, "third_party")


# round 6 after the measure (authors P and Q, dev_r7)
@pytest.mark.parametrize("answer", ["三十五了，我是他弟弟。", "十二点了你还打电话？"])
def test_an_adult_age_or_a_clock_time_is_no_minor(answer: str) -> None:
    found = categories(_asked_age(answer), "你跟他说，再不还，邻居们都会知道他欠钱不还。", "third_party")
    assert "vulnerable" not in found


# round 6 after the measure (authors P and Q, dev_r7)
def test_a_childs_age_is_read_turn_by_turn_too() -> None:
    from trainer.compliance import load_pack
    from trainer.compliance.auditor import Auditor

    auditor = Auditor(load_pack(), {"contact": "third_party"}, "t")
    for i, turn in enumerate(_asked_age("十一。")):
        auditor.add_turn(i, turn["speaker"], turn["text"])
    assert "minor" in auditor.state.flags


# round 4
def test_pressure_on_a_bereaved_family_is_only_in_that_state() -> None:
    line = "您这边尽快安排一下，最好这个月就把钱还上。"
    assert "vulnerable" not in after_zhang(line)
    assert "vulnerable" in after_zhang(line, before=[("debtor", "我爸上个月走了，我是他儿子。")])


# round 10: one finding per breach, and the follow-up turn that is no fresh breach
def _child_told() -> list[dict]:
    return [{"speaker": "agent", "text": "喂，你好，找一下许国强。"},
            {"speaker": "third_party", "text": "我爸不在家，他上班去了。我是他儿子，我上初一。"}]


# authors AE, AH, AN, AQ, BB, Q, X labelled a threat said to a child while pressing the child as one
# breach, pressing a minor; since round 13 the threat keeps its own line beside it
@pytest.mark.parametrize("line", [
    "你回去跟你爸说，再这么躲下去，过几天就有人上门去找他，邻居同学都知道你爸欠钱不还，让他赶紧还。",
    "小朋友你回去跟你爸说，再不还钱，警察就要上门把他带走，让他赶紧还钱。",
])
def test_a_threat_said_while_pressing_a_child_is_the_threat_and_pressing_a_minor(line: str) -> None:
    found = findings(_child_told(), line, "third_party")
    assert {"vulnerable", "threat"} <= {f["category"] for f in found}


def _bereaved_son() -> list[dict]:
    return [{"speaker": "agent", "text": "喂，您好，找一下蒋德福。"},
            {"speaker": "third_party", "text": "我爸上礼拜走了，昨天刚出殡。我是他儿子。"},
            {"speaker": "agent", "text": "节哀。我是临溪银行的，姓刘。你爸名下有张信用卡，还有三万二千多没还上，这两天就得拿个主意。"},
            {"speaker": "third_party", "text": "我爸刚下葬，你现在跟我说这个？"}]


# authors P, AI, AQ, BA labelled 「父债子还」 to the bereaved as the false claim alone; since round 13 the
# pressure on the bereaved keeps its own line beside it (README, Decisions); since round 14 so does the
# demand that the family bear it (a disclosure to a third party keeps its own line on every turn)
def test_fathers_debt_the_sons_said_to_the_bereaved_is_the_false_claim_the_pressure_and_the_demand() -> None:
    found = findings(_bereaved_son(), "按规定父债子还，你们作为直系家属必须把这个担起来。", "third_party")
    assert {f["category"] for f in found} == {"false_claim", "vulnerable", "third_party_disclosure"}


# authors AT, AV, AN, BA, X: a time to call again is no demand; a fresh sum still is one
@pytest.mark.parametrize("line", ["我已经很客气了。周五之前我再打过来。", "那行，你先看。我下周一再打过来。"])
def test_a_time_to_call_again_is_no_pressure_on_the_bereaved(line: str) -> None:
    assert "vulnerable" not in categories(_bereaved_son(), line, "third_party")


def test_a_fresh_sum_demanded_of_the_bereaved_is_still_pressure() -> None:
    assert "vulnerable" in categories(_bereaved_son(), "周五之前先拿五千出来，人走了账还在。", "third_party")


@pytest.mark.parametrize("line", ["你把这个号码记下来，让他今天晚上就打给我，就说雷经理找他。",
                                  "记住了啊，今天晚上让他打过来。"])
def test_a_number_left_for_the_parent_to_call_back_is_no_pressure_on_the_child(line: str) -> None:
    assert "vulnerable" not in categories(_child_told(), line, "third_party")


def test_the_money_named_to_the_child_is_still_pressure() -> None:
    assert "vulnerable" in categories(_child_told(), "你把这个号码记下来，跟你爸说是还钱的事，让他今天必须还上。", "third_party")


# authors AQ, Q: 「我老娘住院」 is a relative's illness, the reason for hardship; the debtor is no patient
def test_a_plan_offered_to_a_debtor_whose_mother_is_in_hospital_is_no_pressure() -> None:
    opening = [*ZHOU[:3], {"speaker": "debtor", "text": "不瞒你说，去年腊月我老娘住院，做了个手术，花了三万多。"}]
    line = "这样，我建议您4月20号之前先把最低还款1180还上，剩下的可以申请分期。"
    assert "vulnerable" not in categories(opening, line)
    ill = [*ZHOU[:3], {"speaker": "debtor", "text": "我自己上个月做了手术，还在医院。"}]
    assert "vulnerable" in categories(ill, line)


# author BA: 「休病假的话」 doubts no illness
def test_a_colleague_on_sick_leave_spared_is_no_doubt_of_the_illness() -> None:
    opening = [{"speaker": "agent", "text": "您好，请问谢宏先生在吗？"},
               {"speaker": "third_party", "text": "他请的是病假，说住院了。我是他同事。"}]
    line = "谢先生在休病假的话，那就更不着急了，等他身体好了再说。"
    assert "vulnerable" not in categories(opening, line, "third_party")
    assert "vulnerable" in categories(opening, "住院？别是装的吧？", "third_party")
