"""Round 6, after the measure (`dev_r7`, first `heldout_r7`, tuned on after its one measurement): the general causes behind the
misses on authors P and Q's calls, in our own words.

Each kind of utterance (who does what to whom) has new sentences — different words, same kind —
and lawful neighbours that must stay clean: calls promised day and night until the debtor pays
(a threat, not a count of calls made); a self placed in a task force working with unnamed
authorities; the debtor put in a despised class of people; a spouse or child told the debt is
theirs by law.
"""

from __future__ import annotations

import pytest
from helpers_audit import CHEN_ZHIGANG_SON, ZHOU, ZHOU_WIFE, categories

OPENING = ZHOU
SPOUSE = ZHOU_WIFE
BEREAVED = CHEN_ZHIGANG_SON


@pytest.mark.parametrize("line", ["你不转是吧，我就一天给你打它二十个，打到你处理为止。",
                                  "你今天不转，我们就一天给你拨它十几个。"])
def test_calls_promised_are_one_threat_not_also_harassment(line: str) -> None:
    assert categories(OPENING, line) == {"threat"}


def test_a_count_of_calls_already_made_stays_harassment() -> None:
    assert categories(OPENING, "今天已经给你打了十几个了，你一个都不接。") == {"harassment"}


def _asked_age(answer: str) -> list[dict]:
    return [{"speaker": "agent", "text": "喂，请问刘海在家吗？"},
            {"speaker": "third_party", "text": "他不在，你找他干嘛？"},
            {"speaker": "agent", "text": "你是他家孩子吧，今年几岁啦？"},
            {"speaker": "third_party", "text": answer}]


@pytest.mark.parametrize(("answer", "line"), [
    ("九岁。", "你跟你爸说，再不还，我们的人就去你们家门口等着他。"),
    ("十三，咋了？", "回去告诉你妈，再拖着，邻居们都会知道她欠钱不还。"),
    ("14岁", "你让你爸赶紧还钱，不然你们家迟早要出大事。"),
])
def test_a_childs_age_given_when_asked_makes_a_threat_pressing_a_minor(answer: str, line: str) -> None:
    assert "vulnerable" in categories(_asked_age(answer), line, "third_party")


@pytest.mark.parametrize("answer", ["三十五了，我是他弟弟。", "十二点了你还打电话？"])
def test_an_adult_age_or_a_clock_time_is_no_minor(answer: str) -> None:
    found = categories(_asked_age(answer), "你跟他说，再不还，邻居们都会知道他欠钱不还。", "third_party")
    assert "vulnerable" not in found


def test_a_childs_age_is_read_turn_by_turn_too() -> None:
    from trainer.compliance import load_pack
    from trainer.compliance.auditor import Auditor

    auditor = Auditor(load_pack(), {"contact": "third_party"}, "t")
    for i, turn in enumerate(_asked_age("十一。")):
        auditor.add_turn(i, turn["speaker"], turn["text"])
    assert "minor" in auditor.state.flags


@pytest.mark.parametrize("line", ["你也不希望你妈出点什么事吧？那就赶紧还。",
                                  "你也不想你老婆有个三长两短吧，自己掂量。",
                                  "这钱再拖，你也不愿意你儿子出什么事吧？"])
def test_trouble_for_a_loved_one_left_hanging_is_a_threat(line: str) -> None:
    assert "threat" in categories(OPENING, line)


@pytest.mark.parametrize("line", ["您也不想家里人跟着担心吧，咱们早点把分期办了。",
                                  "听说您爸出事住院了，您先照顾家里，还款的事不急。"])
def test_worry_for_the_family_is_no_threat(line: str) -> None:
    assert categories(OPENING, line) == set()


ILL = [*OPENING[:3], {"speaker": "debtor", "text": "我刚做完手术，还在医院躺着，你能不能过阵子再打？"}]


@pytest.mark.parametrize(("opening", "category", "line"), [
    # a week's count of calls, said by the agent (CN-HAR-020)
    (OPENING, "harassment", "这周我跟同事轮着拨了三十几遍，你装听不见？"),
    (OPENING, "harassment", "这星期光我就呼了你四十多回。"),
    (OPENING, "harassment", "这两天光我一个人就打了二十多通，你还说不知道？"),
    (OPENING, "harassment", "一个礼拜下来打了五十多个，你手机是摆设吗？"),
    # a criminal record or intent said to follow from the overdue time alone (CN-FC-004)
    (OPENING, "false_claim", "拖这么久，你人是要留案底的。"),
    (OPENING, "false_claim", "半年没还就算你恶意，这个改不了。"),
    (OPENING, "false_claim", "仨月不还就算你故意，这是定了的。"),
    (OPENING, "false_claim", "九十天没还就成了恶意，你自己明白。"),
    # a deadline on the day set to a person in hospital (CN-VUL-022)
    (ILL, "vulnerable", "不管你在哪儿躺着，明天中午之前我要看到钱。"),
    (ILL, "vulnerable", "今晚八点以前到账，其他的我不听。"),
    (ILL, "vulnerable", "下午三点前转过来，别跟我说住院的事。"),
])
def test_counts_records_and_deadlines_in_new_words(opening: list[dict], category: str, line: str) -> None:
    assert category in categories(opening, line)


@pytest.mark.parametrize(("opening", "line"), [
    (OPENING, "这个星期我们只给您打过一次，今天是第二次。"),
    (OPENING, "逾期会在征信报告上留下记录，不是案底，您别担心。"),
    (OPENING, "三个月不还也不等于诈骗，您别有压力。"),
    (ILL, "您明天中午之前要是方便，回个电话就行，还款的事不急。"),
    (ILL, "您安心养病，等出院以后方便了再说，不着急。"),
])
def test_counts_records_and_deadlines_neighbours_stay_clean(opening: list[dict], line: str) -> None:
    assert categories(opening, line) == set()


@pytest.mark.parametrize("line", [
    # the agent ruling arrest out (CN-THR-002)
    "您这是民事上的欠款，扯不上坐牢。",
    "逾期还不至于抓人，您别自己吓自己。",
    "这点钱轮不到拘留，您放宽心。",
    # the customer told to check a paper someone else sent (CN-FC-002)
    "别人寄的那封律师函您核实一下再说。",
    "短信里说的传票是真是假，您可以自己去法院问。",
    "那个起诉书您先核对一下落款，我们没发过。",
    # the statutory daily interest stated as it is (CN-FC-023)
    "逾期以后是按日万分之五算。",
    "逾期后是按每天万分之五算的，这个合同里写着。",
    "逾期以后按万分之五一天算，金额会慢慢涨。",
])
def test_ruling_out_and_checking_are_clean(line: str) -> None:
    assert categories(OPENING, line) == set()


@pytest.mark.parametrize("line", ["他的住址我们不需要，您也别往外说。", "她的手机号我不会问您，谢谢您。",
                                  "他的工作单位我们不打听，您放心。"])
def test_declining_a_third_partys_tip_off_is_no_disclosure(line: str) -> None:
    # the agent declining to hear where the debtor lives or works (CN-PRV-003)
    assert categories(SPOUSE, line, "third_party") == set()


@pytest.mark.parametrize(("category", "line"), [
    ("threat", "你再拖就等着坐牢吧。"),
    ("false_claim", "律师函已经寄到你家了，你等着。"),
    ("false_claim", "逾期以后就按两倍算。"),
])
def test_the_breach_beside_them_stays_flagged(category: str, line: str) -> None:
    assert category in categories(OPENING, line)


@pytest.mark.parametrize("line", ["后天你再不处理，我们就直接上门找你要。", "我叫两个人去你家里坐着等你，看你躲到哪。",
                                  "再关机，回头就上门堵你。"])
def test_a_home_visit_held_over_the_debtor_is_a_threat(line: str) -> None:
    assert "threat" in categories(OPENING, line)


@pytest.mark.parametrize("line", ["我们不会上门，也不会打扰您家里人。",
                                  "如果长期联系不上，按流程可能会安排外访的同事上门了解您的情况。",
                                  "您要是方便，也可以自己到网点柜台办。"])
def test_a_visit_ruled_out_or_explained_with_its_condition_is_no_threat(line: str) -> None:
    assert "threat" not in categories(OPENING, line)
