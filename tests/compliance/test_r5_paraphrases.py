"""Paraphrases of the general causes found on the last authors' calls, in our own words.

Each breach has a lawful neighbour that must stay clean: an affiliation claimed vs. denied, a
minimum payment misstated vs. stated, a court date invented vs. the procedure explained, family
liability asserted vs. weighed, a refusal to tell a relative anything, a quoted rumour rejected.
"""

from __future__ import annotations

from helpers_audit import ZHOU_SHI_WO
from helpers_audit import categories as last_turn_categories

OPENING = ZHOU_SHI_WO
RELATIVE = [{"speaker": "agent", "text": "您好，请问周强在吗？"},
            {"speaker": "third_party", "text": "他不在，我是他妈妈。你有什么事？"}]


def test_family_liability_told_to_a_mother_is_a_false_claim() -> None:
    found = last_turn_categories(RELATIVE, "您是直系亲属，法律上有还款义务，这钱得您先替他还上。", "third_party")
    assert "false_claim" in found


def test_refusing_to_tell_a_relative_is_no_disclosure() -> None:
    line = "谢谢您，有没有欠款、欠多少，我都不方便跟您说，只能跟他本人沟通。"
    assert last_turn_categories(RELATIVE, line, "third_party") == set()


def test_a_deadline_to_a_bereaved_debtor_is_pressure_on_the_vulnerable() -> None:
    opening = [*OPENING[:3], {"speaker": "debtor", "text": "我爱人上周走了，刚办完丧事。"}]
    assert "vulnerable" in last_turn_categories(opening, "节哀。不过这礼拜怎么也得先把最低还上。")


def test_pressing_a_patient_for_whatever_they_have_is_found_but_waiting_is_not() -> None:
    opening = [*OPENING[:3], {"speaker": "debtor", "text": "我在医院，刚做完手术。"}]
    assert "vulnerable" in last_turn_categories(opening, "今天下午之前，能还多少还多少。")
    assert last_turn_categories(opening, "您先安心养病，出院以后能还多少还多少，不着急。") == set()


def test_a_threat_through_a_childs_classmates_is_found() -> None:
    assert "threat" in last_turn_categories(OPENING, "你也不想你儿子同学都知道他爸欠钱不还吧？")


def test_contempt_at_talking_to_the_customer_is_abuse() -> None:
    assert "abuse" in last_turn_categories(OPENING, "跟你说话真费劲，问什么都是没钱。")
