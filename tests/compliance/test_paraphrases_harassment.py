"""Paraphrases of harassment (the agent's own count of calls made), in the rule authors' own words.

Every breach sentence of the paraphrase rounds in this category, each with the call opening it is
said after; the comment above a group says which round wrote it and from what. Their lawful
neighbours are in ``test_context_checks.py`` (and ``test_listener.py`` for who is on the line).
"""

from __future__ import annotations

import pytest
from helpers_audit import ZHANG, ZHOU, ZHOU_IN_HOSPITAL_BED, categories, findings

from trainer.compliance import audit_transcript

# (opening, meta.contact, category the last line must be flagged with, the agent's last line)
BREACHES = [
    # round 4
    (ZHANG, "debtor", "harassment", "今天已经给你打了十几个电话了 你一个都不接"),
    (ZHANG, "debtor", "harassment", "你不接我们就一遍遍地打 打到你接为止"),
    (ZHANG, "debtor", "harassment", "我们都打了十几个电话了你一个不接"),
    # round 6 second pass (authors T and U, dev_r8): the agent's own count of the day's calls (CN-HAR-020)
    (ZHOU, "debtor", "harassment", "从早上到现在，我们几个人加起来已经打了十六通了。"),
    (ZHOU, "debtor", "harassment", "我这边系统显示累计拨了十二次，你一个都没接。"),
    (ZHOU, "debtor", "harassment", "我跟几个同事一共给你拨了十三遍了。"),
]


@pytest.mark.parametrize(("opening", "contact", "category", "line"), BREACHES)
def test_the_breach_in_new_words_is_found(opening: list[dict], contact: str, category: str, line: str) -> None:
    assert category in categories(opening, line, contact), line


# round 6 after the measure (authors P and Q, dev_r7)
def test_a_count_of_calls_already_made_stays_harassment() -> None:
    assert categories(ZHOU, "今天已经给你打了十几个了，你一个都不接。") == {"harassment"}


# round 6 after the measure (authors P and Q, dev_r7)
@pytest.mark.parametrize(("opening", "category", "line"), [
    # a week's count of calls, said by the agent (CN-HAR-020)
    (ZHOU, "harassment", "这周我跟同事轮着拨了三十几遍，你装听不见？"),
    (ZHOU, "harassment", "这星期光我就呼了你四十多回。"),
    (ZHOU, "harassment", "这两天光我一个人就打了二十多通，你还说不知道？"),
    (ZHOU, "harassment", "一个礼拜下来打了五十多个，你手机是摆设吗？"),
    # a criminal record or intent said to follow from the overdue time alone (CN-FC-004)
    (ZHOU, "false_claim", "拖这么久，你人是要留案底的。"),
    (ZHOU, "false_claim", "半年没还就算你恶意，这个改不了。"),
    (ZHOU, "false_claim", "仨月不还就算你故意，这是定了的。"),
    (ZHOU, "false_claim", "九十天没还就成了恶意，你自己明白。"),
    # a deadline on the day set to a person in hospital (CN-VUL-022)
    (ZHOU_IN_HOSPITAL_BED, "vulnerable", "不管你在哪儿躺着，明天中午之前我要看到钱。"),
    (ZHOU_IN_HOSPITAL_BED, "vulnerable", "今晚八点以前到账，其他的我不听。"),
    (ZHOU_IN_HOSPITAL_BED, "vulnerable", "下午三点前转过来，别跟我说住院的事。"),
])
def test_counts_records_and_deadlines_in_new_words(opening: list[dict], category: str, line: str) -> None:
    assert category in categories(opening, line)


# round 10 (authors AH, AP, X): the agent's own count of the calls made to the debtor, seven and more
@pytest.mark.parametrize("line", ["从中午到现在我打了你十四个了，你要早接我也不用一遍一遍打。",
                                  "我从早上八点打到现在，打了你七个了吧，微信短信也给你发了一堆。"])
def test_the_agents_count_of_calls_to_the_debtor_is_harassment(line: str) -> None:
    assert "harassment" in categories(ZHOU, line)


def test_a_plan_agreed_and_a_word_about_answering_is_no_count() -> None:
    assert "harassment" not in categories(ZHOU, "行，三千五，二十号之前。到时候你接电话痛快点，省得我一遍遍打。")
    assert "harassment" not in categories(ZHOU, "上礼拜我给您打过两次，您都在忙。")


# round 10 (authors AM, AA): the day's calls counted, then more threatened in the same turn: one
# harassment finding that names the threat rules in its `also`; the threat alone stays a threat
def test_calls_counted_and_more_threatened_is_one_harassment_finding() -> None:
    line = "今天上午光我就给你打了十几个，你一个不接，你不接我就接着打，打到你接为止。"
    found = findings(ZHOU, line)
    assert {f["category"] for f in found} == {"harassment"}
    assert "threat" in {a["category"] for f in found for a in f.get("also", ())}
    assert "threat" in categories(ZHOU, "明天下午三点前看不到钱，我就一个钟头给你打一回，打到你还为止。")


def _late_call(opening: str) -> list[str]:
    call = {"id": "late", "meta": {"contact": "debtor", "started_at": "2026-04-14T22:10:00+08:00"},
            "turns": [{"speaker": "agent", "text": "喂，潘小军先生吗？"}, {"speaker": "debtor", "text": "是我。"},
                      {"speaker": "agent", "text": opening}, {"speaker": "debtor", "text": "方便，我刚下班，说吧。"}]}
    return [f["rule"] for f in audit_transcript(call) if f["turn"] is None]


# round 10 (authors AI, AN, AE, AQ, AZ): the hour the customer asked for, recorded in the opening
def test_a_late_call_at_the_hour_the_customer_chose_is_no_quiet_hours_breach() -> None:
    chosen = ("我是宏远银行信用卡中心司法调查组的，我姓白，通话录音。昨天您说白天在车间不方便，"
              "让我今天晚上十点以后打给您，我就按您说的时间打过来了。")
    assert "CN-HAR-001" not in _late_call(chosen)
    # a late call that only apologises is still in the quiet hours
    assert "CN-HAR-001" in _late_call("我是宏远银行信用卡中心司法调查组的，我姓白。这么晚打扰了，现在方便说吗？")
