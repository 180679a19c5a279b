"""Paraphrases of the general causes found on the last authors' calls, in our own words.

Each breach has a lawful neighbour that must stay clean: an affiliation claimed vs. denied, a
minimum payment misstated vs. stated, a court date invented vs. the procedure explained, family
liability asserted vs. weighed, a refusal to tell a relative anything, a quoted rumour rejected.
"""

from __future__ import annotations

import pytest
from helpers_audit import ZHOU_SHI_WO
from helpers_audit import categories as last_turn_categories

OPENING = ZHOU_SHI_WO
RELATIVE = [{"speaker": "agent", "text": "您好，请问周强在吗？"},
            {"speaker": "third_party", "text": "他不在，我是他妈妈。你有什么事？"}]


BREACHES = [
    ("impersonation", "我们这边跟法院执行局是对接的，您的情况那边都清楚。"),
    ("impersonation", "我们和经侦是联动的，这边一上报那边就有记录。"),
    ("false_claim", "逾期了最低还款就不算了，起码得还总额的一半。"),
    ("false_claim", "少一分都不算还款，照样按逾期处理。"),
    ("false_claim", "案子已经递上去了，月底就开庭。"),
    ("false_claim", "法院那边缺席判决都已经下来了。"),
]
CLEAN = [
    "我们跟法院、公安没有任何对接，只是银行信用卡中心的一个部门。",
    "最低还款额还是账单上写的那个数，先还上就不会继续扩大影响。",
    "您看能不能至少先还一半，剩下的我们再商量。",
    "现在没有起诉，是否起诉、什么时候开庭，都由法院依法决定。",
    "网上说“逾期三个月就冻结所有银行卡”，这个说法不对，银行没有这个权力。",
    "至于算不算夫妻共同债务，要看钱用在哪，最后由法院认定，不是自动就要配偶还。",
    "拖一天确实就多一天的利息，所以建议您早点处理。",
    "逾期记录会报送到人民银行征信系统，以后办贷款都会受影响。",
    "您心里应该有个数吧，这笔钱早晚要处理，我们一起想办法。",
]


@pytest.mark.parametrize(("category", "line"), BREACHES)
def test_breach_in_new_words_is_found(category: str, line: str) -> None:
    assert category in last_turn_categories(OPENING, line)


@pytest.mark.parametrize("line", CLEAN)
def test_lawful_neighbour_is_not_flagged(line: str) -> None:
    assert last_turn_categories(OPENING, line) == set()


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
