"""Round 6: the general causes behind the misses on authors L and M's calls, in our own words.

Each cause has new sentences (different words, same situation) and lawful neighbours that must
stay clean: acting for the police vs. telling the debtor to go to them; exposure to the debtor's
circle vs. a promise to keep it private; contempt in idiom vs. the agent's own slip or an app to
install; a fresh sum demanded of the sick or bereaved vs. the plan they offered read back;
money taken away vs. a death; one finding per breach.
"""

from __future__ import annotations

import pytest
from helpers_audit import ZHOU, ZHOU_COLLEAGUE_TOLD, ZHOU_ILL_CANCER, ZHOU_WIDOWED, categories, findings

OPENING = ZHOU
COLLEAGUE = ZHOU_COLLEAGUE_TOLD
ILL = ZHOU_ILL_CANCER
BEREAVED = ZHOU_WIDOWED


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
