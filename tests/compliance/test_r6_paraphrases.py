"""Round 6: the general causes behind the misses on authors L and M's calls, in our own words.

Each cause has new sentences (different words, same situation) and lawful neighbours that must
stay clean: acting for the police vs. telling the debtor to go to them; exposure to the debtor's
circle vs. a promise to keep it private; contempt in idiom vs. the agent's own slip or an app to
install; a fresh sum demanded of the sick or bereaved vs. the plan they offered read back;
money taken away vs. a death; one finding per breach.
"""

from __future__ import annotations

import pytest
from helpers_audit import ZHOU, categories, findings

OPENING = ZHOU
COLLEAGUE = [{"speaker": "agent", "text": "您好，请问周强在吗？"},
             {"speaker": "third_party", "text": "他出去了，我是他同事。"},
             {"speaker": "agent", "text": "我是安信银行的，姓王。周强的信用卡欠了两万多，一直没还。"},
             {"speaker": "third_party", "text": "这我不清楚。"}]
ILL = [*OPENING[:3], {"speaker": "debtor", "text": "我上个月查出来肝癌，现在在医院化疗，实在顾不上。"}]
BEREAVED = [*OPENING[:3], {"speaker": "debtor", "text": "我老伴前几天刚没的，这两天在殡仪馆守灵，真没心思。"}]




BREACHES = [
    # acting for, or alongside, the police or the courts (CN-IMP-022)
    (OPENING, "impersonation", "今天这通电话，其实就是替公安那边先跟您核实一下情况。"),
    (OPENING, "impersonation", "我们部门向来是跟法院一块儿处理这种恶意拖欠的。"),
    (OPENING, "impersonation", "您现在说的每句话，我都会帮经侦那边记录下来。"),
    # exposure to the debtor's circle (CN-THR-023), and calling round them one by one (CN-THR-004)
    (OPENING, "threat", "你不还，我就让你爸妈和你那帮同学都知道你欠钱躲债。"),
    (OPENING, "threat", "再拖下去，你们公司上上下下都晓得了。"),
    (OPENING, "threat", "通讯录里的人我今晚一个个打过去。"),
    # the employer set on the debtor, in other words (CN-THR-005)
    (COLLEAGUE, "threat", "他再不回电话，我们就往你们单位发函，请你们人事配合。"),
    (COLLEAGUE, "threat", "下次我就直接打你们经理，让经理找他谈。"),
    # contempt in idiom (CN-ABU-004) and the illness doubted or dismissed (CN-ABU-020)
    (OPENING, "abuse", "你在我这装什么老实人，谁不知道你是故意不还。"),
    (OPENING, "abuse", "这点道理都不明白，你是缺心眼还是怎么的？"),
    (ILL, "abuse", "生病不生病的我管不着，别拿住院当挡箭牌。"),
    (ILL, "abuse", "是真是假我们也看不出来，反正钱得还。"),
    # a fresh date and sum demanded of the seriously ill, money for treatment moved to the card
    (ILL, "vulnerable", "那就下周五之前，先还一千五，行吧？"),
    (ILL, "vulnerable", "医药费里先匀两千出来，把卡上的窟窿堵上。"),
    # ... and of the bereaved, whose cue was a funeral word (殡仪馆、守灵)
    (BEREAVED, "vulnerable", "那您这个月怎么也得先还个三五千吧。"),
    (BEREAVED, "vulnerable", "收的帛金先拿一点出来还上，也少件心事。"),
    # the debt said to double within weeks (CN-FC-008)
    (OPENING, "false_claim", "滞纳金是成倍往上翻的，过一个月这八千就成两万多了。"),
]

CLEAN = [
    (OPENING, "卡要是被盗刷了，您可以先去派出所报案，再把回执交给我们。"),
    (OPENING, "我们不是替公安办事的，也不跟法院一起办案，只是银行内部的部门。"),
    (OPENING, "这件事只跟您本人谈，不会让您家里人和同事知道。"),
    (OPENING, "要不要告诉家里人是您自己决定，我们不会联系他们。"),
    (OPENING, "我刚才脑子没转过来，金额说错了，跟您道个歉。"),
    (OPENING, "您手机上装什么银行App都可以，还款入口在首页。"),
    (OPENING, "利息是每天万分之五，一个月下来大概多一百出头，不会翻倍。"),
    (OPENING, "好的，四月三号两千二百五，剩下的月底前还清。"),
    (ILL, "您先安心治疗，等出院以后再联系，治病的钱千万别挪。"),
    (ILL, "您的病历拍给我就行，我帮您登记特殊情况，暂停催收。"),
    (BEREAVED, "节哀，这段时间我们先不打扰您，等您忙完再说。"),
]


@pytest.mark.parametrize(("opening", "category", "line"), BREACHES)
def test_breach_in_new_words_is_found(opening: list[dict], category: str, line: str) -> None:
    contact = "third_party" if opening is COLLEAGUE else "debtor"
    assert category in categories(opening, line, contact)


@pytest.mark.parametrize(("opening", "line"), CLEAN)
def test_lawful_neighbour_is_not_flagged(opening: list[dict], line: str) -> None:
    assert categories(opening, line) == set()


def test_the_plan_the_ill_debtor_offered_read_back_is_no_fresh_demand() -> None:
    turns = [*ILL, {"speaker": "agent", "text": "理解，那您看每个月能还多少？"},
             {"speaker": "debtor", "text": "下个月十号我能还八百。"}]
    assert categories(turns, "好的，跟您确认：下个月十号前八百元，还到尾号3391的卡。") == set()
    # a sum the debtor never offered is a fresh demand
    assert "vulnerable" in categories(turns, "八百太少了，下个月十号前至少还三千。")


def test_money_taken_away_is_not_a_death() -> None:
    for said in ("那笔钱让我小舅子借走了，说好下周还我。", "车被他开走了，我今天去不了银行。"):
        turns = [*OPENING[:3], {"speaker": "debtor", "text": said}]
        assert categories(turns, "那您这个月十五号之前先还一千，可以吗？") == set()


def test_a_colleague_who_already_knows_is_threatened_once_not_also_told() -> None:
    # the breach is the threat; the relayed disclosure is named in a threat finding's ``also``
    found = findings(COLLEAGUE, "你跟他说，再不还我们就找你们领导，让全单位都知道。", "third_party")
    assert {f["category"] for f in found} == {"threat"}
    assert "third_party_disclosure" in {a["category"] for f in found for a in f.get("also", ())}


def test_a_demand_of_a_child_is_pressure_on_the_vulnerable_naming_the_disclosure() -> None:
    child = [{"speaker": "agent", "text": "喂，请问李军在吗？"},
             {"speaker": "third_party", "text": "我爸不在家，我上初一。"}]
    found = findings(child, "你爸信用卡欠了一万多，你回去让他明天之前还上。", "third_party")
    assert {f["category"] for f in found} == {"vulnerable"}
    also = {a["category"] for f in found for a in f.get("also", ())}
    assert "third_party_disclosure" in also


def test_a_demand_of_an_ordinary_relative_stays_its_own_breach_beside_a_false_claim() -> None:
    mother = [{"speaker": "agent", "text": "您好，请问赵磊在吗？"},
              {"speaker": "third_party", "text": "他不在，我是他妈。"},
              {"speaker": "agent", "text": "我是安信银行的，姓孙，赵磊信用卡欠了一万五，好几个月没还。"},
              {"speaker": "third_party", "text": "那你找他去啊。"}]
    found = categories(mother, "您是他妈，法律上您有还款义务，您这周先替他还五千，帮他垫上。", "third_party")
    assert found == {"false_claim", "third_party_disclosure"}


def test_a_sum_stated_before_the_illness_was_known_is_still_a_fresh_demand_after_it() -> None:
    turns = [*OPENING[:2],
             {"speaker": "agent", "text": "周先生您好，安信银行信用卡中心，姓王。您这期最低还款一千二，已经逾期了。"},
             {"speaker": "debtor", "text": "我这两天在医院做透析，手头一分钱都没有。"}]
    assert "vulnerable" in categories(turns, "那这周五之前先把一千二还上吧。")


@pytest.mark.parametrize("asked", ["你哪儿的？", "你们哪里的？打电话干什么？"])
def test_where_are_you_from_is_owed_the_bank_and_a_dodge_is_not_also_abuse(asked: str) -> None:
    turns = [{"speaker": "agent", "text": "喂，周强是吧？"}, {"speaker": "debtor", "text": "嗯。"},
             {"speaker": "agent", "text": "你那张卡逾期五十天了，今天能还多少？"}, {"speaker": "debtor", "text": asked}]
    assert categories(turns, "我是哪儿的你心里没数吗？先说钱什么时候还。") == {"identification"}
    # the same mockery about the debt itself is contempt
    assert "abuse" in categories(OPENING, "欠了多少你自己心里没数吗？")


def test_the_contacts_held_and_threatened_are_one_breach_the_threat() -> None:
    found = findings(OPENING, "你手机通讯录我们这边都有，再不还我就挨个打过去。")
    assert {f["category"] for f in found} == {"threat"}
    assert "CN-PRV-004" in {a["rule"] for f in found for a in f.get("also", ())}
    # claiming to hold the contacts on its own stays a privacy finding
    assert categories(OPENING, "你手机通讯录我们这边都有。") == {"privacy"}


MORE_BREACHES = [
    (OPENING, "threat", "要是月底还不还，外访的同事就直接去你单位了。"),
    (OPENING, "threat", "你再不处理，我们就给你们公司领导发函。"),
    (OPENING, "false_claim", "利息是翻番涨的，你再拖两个月就得还双倍。"),
]
MORE_CLEAN = [
    (OPENING, "如果一直联系不上，按流程可能会安排外访同事上门了解情况，上门前会先跟您约好时间。"),
    (OPENING, "您要是需要，我们可以给您单位开具一份结清证明。"),
    (OPENING, "这几笔消费我一个个打印出来，寄到您登记的地址。"),
    (OPENING, "您可以让单位人事给您开个收入证明，用来申请分期。"),
]


@pytest.mark.parametrize(("opening", "category", "line"), MORE_BREACHES)
def test_more_breaches_in_new_words_are_found(opening: list[dict], category: str, line: str) -> None:
    assert category in categories(opening, line)


@pytest.mark.parametrize(("opening", "line"), MORE_CLEAN)
def test_more_lawful_neighbours_are_not_flagged(opening: list[dict], line: str) -> None:
    assert categories(opening, line) == set()


SISTER = [{"speaker": "agent", "text": "您好，请问刘洋在吗？"},
          {"speaker": "third_party", "text": "他不在，我是他姐。"}]


@pytest.mark.parametrize("line", ["她如今在城南那家华联超市上班，你去那儿找她说说。",
                                  "他现在每天在开发区那个电子厂上班，你有空过去一趟。"])
def test_a_workplace_told_to_a_relative_is_a_privacy_breach(line: str) -> None:
    assert "privacy" in categories(SISTER, line, "third_party")


@pytest.mark.parametrize("line", ["他原来那个号停机了，你把他现在的手机号给我行吗？",
                                  "你知道他现在的手机号是多少吗？",
                                  "他还在上班吗？"])
def test_asking_a_relative_for_the_number_is_no_disclosure(line: str) -> None:
    assert "privacy" not in categories(SISTER, line, "third_party")
