"""A late call the customer booked (round 12, issue 13): the quiet hours keep 「经债务人同意的除外」.

The call records the customer's choice by who asked for the hour, not by a list of phrasings
(``trainer/compliance/consent.py``): the customer booked or asked for a call at this time, said which
hours suit them, says so on the line, or the dialler's record carries ``meta.customer_chose_time``.
A call at the agent's own convenience, a request the agent denies, or one the customer disputes is
still a quiet-hours breach.  The sentences are ours, in the manner of round 11's held-out authors (BH-13:
「约我今晚十点以后再打给您」 answered by 「是我让你这个点打的」).
"""

from __future__ import annotations

import pytest

from trainer.compliance import audit_transcript, load_pack
from trainer.compliance.consent import chose_hour


def _late_call(opening: str, reply: str = "嗯，你说吧。", started: str = "2026-04-14T22:25:00+08:00",
               **meta: object) -> list[str]:
    call = {"id": "late", "meta": {"contact": "debtor", "started_at": started, **meta},
            "turns": [{"speaker": "agent", "text": "喂，您好，请问是潘小军先生吗？"},
                      {"speaker": "debtor", "text": "是我。"},
                      {"speaker": "agent", "text": "潘先生您好，我是宏远银行信用卡中心的，我姓白，通话有录音。" + opening},
                      {"speaker": "debtor", "text": reply},
                      {"speaker": "agent", "text": "您尾号3127的卡逾期六十八天，这个月能先还最低还款吗？"}]}
    return [f["rule"] for f in audit_transcript(call) if f["turn"] is None]


CHOSEN = [
    # booked: the customer is the one who set the time (约、让、叫、交代)
    ("上周四您在电话里约我今晚十点半以后再联系您，所以这个点打过来。", "嗯，你说吧。"),
    ("前天您交代我们夜里十一点下了班再打给您，现在方便吗？", "方便。"),
    ("您上回叫我早上七点前给您回电，这会儿没吵着您吧？", "没有，起来了。"),
    # which hours suit the customer, as the customer said, and the call made then
    ("您说下了夜班十点以后才方便接，所以这会儿给您打。", "对，刚下班。"),
    # the customer says it on the line, the agent only apologises
    ("这么晚打扰您了。", "没事没事，是我让你们这个点打的，白天真接不了。"),
    ("这么晚打扰您了。", "是俺叫你这时候打的，你说。"),
]


@pytest.mark.parametrize(("opening", "reply"), CHOSEN)
def test_a_late_call_at_the_hour_the_customer_chose_is_no_quiet_hours_breach(opening: str, reply: str) -> None:
    assert "CN-HAR-001" not in _late_call(opening, reply), opening + " / " + reply


def test_the_dialler_s_record_of_a_booked_call_back_is_enough() -> None:
    assert "CN-HAR-001" not in _late_call("现在方便说几句吗？", customer_chose_time=True)
    assert "CN-HAR-001" in _late_call("现在方便说几句吗？", customer_chose_time=False)


NOT_CHOSEN = [
    # the agent's own reasons
    ("白天打您一直不接，只能这个点找您了。", "都几点了，我都睡了。"),
    ("不好意思这么晚，我们这边也是没办法。", "嗯。"),
    # a request the agent denies, or only pretends (no time in it, a clause between)
    ("您也没让我这个点打，不过白天实在联系不上。", "那你还打？"),
    ("你让我怎么办，白天不接，只能这个点打。", "……"),
    # the customer never said the late hour suits them (「白天不方便」 with no hour or call after it)
    ("您说白天不方便，那我们就再想办法。", "嗯。"),
]


@pytest.mark.parametrize(("opening", "reply"), NOT_CHOSEN)
def test_a_late_call_the_customer_did_not_ask_for_is_still_flagged(opening: str, reply: str) -> None:
    assert "CN-HAR-001" in _late_call(opening, reply), opening + " / " + reply


def test_the_customer_disputing_the_agent_s_word_outweighs_it() -> None:
    opening = "您上回说让我晚上十点以后打给您，我就按您说的时间打过来了。"
    assert "CN-HAR-001" not in _late_call(opening, "对，你说。")
    assert "CN-HAR-001" in _late_call(opening, "我什么时候让你这个点打了？我都睡了。")
    assert "CN-HAR-001" in _late_call(opening, "谁让你们这么晚打电话的？")


def test_the_customer_asking_for_a_later_call_during_this_one_is_no_choice_of_this_hour() -> None:
    turns = [{"speaker": "agent", "text": "您好，请问是潘小军先生吗？白天打您一直不接。"},
             {"speaker": "debtor", "text": "是我。你明天晚上十点以后再打给我吧。"}]
    assert not chose_hour(turns)


def test_an_ordinary_hour_needs_no_choice() -> None:
    assert "CN-HAR-001" not in _late_call("白天打您一直不接。", started="2026-04-14T15:25:00+08:00")


def test_a_late_call_stays_a_breach_when_the_debtor_first_denies_being_on_the_line() -> None:
    # the debtor denies, then admits (the debtor's own opening starts late): the hour is still
    # nobody's choice, and the calling-hours rule names no words for an opening to have said
    transcript = {"id": "late", "meta": {"started_at": "2026-03-05T23:05:00+08:00", "contact": "debtor"},
                  "turns": [{"speaker": "agent", "text": "喂，请问是王建军吗？"},
                            {"speaker": "debtor", "text": "不是，你打错了。"},
                            {"speaker": "agent", "text": "王先生，这个号码是您办卡时自己留的。"},
                            {"speaker": "debtor", "text": "……行吧，是我。这都几点了，有事不能明天说？"},
                            {"speaker": "agent", "text": "我是安信银行信用卡中心司法调查组的，姓陈，您的卡逾期两个月了。"}]}
    pack = load_pack()
    assert ("CN-HAR-001", None) in [(f["rule"], f["turn"]) for f in pack.audit(transcript)]
    assert ("CN-HAR-001", None) in [(f["rule"], f["turn"]) for f in next(pack.audit_many([transcript]))]


@pytest.mark.parametrize(("opening", "reply"), [*CHOSEN[:2], ("这么晚打扰您了。", "没事没事，是我让你们这个点打的，白天真接不了。")])
def test_turn_by_turn_the_hour_the_customer_chose_counts_too(opening: str, reply: str) -> None:
    # round 17: the auditor fed turn by turn (a live session, the library's add_turn and finish) reported the
    # quiet hours the customer had booked, where the whole call (audit) did not
    call = {"meta": {"contact": "debtor", "started_at": "2026-04-14T22:25:00+08:00"},
            "turns": [("agent", "喂，您好，请问是潘小军先生吗？"), ("debtor", "是我。"),
                      ("agent", "潘先生您好，我是宏远银行信用卡中心的，我姓白，通话有录音。" + opening), ("debtor", reply)]}
    auditor = load_pack().auditor(call["meta"], "late")
    found = [f for i, (speaker, text) in enumerate(call["turns"]) for f in auditor.add_turn(i, speaker, text)]
    assert "CN-HAR-001" not in [f["rule"] for f in found + auditor.finish()]
    auditor = load_pack().auditor(call["meta"], "late")  # the same call at the agent's own convenience
    for i, (speaker, text) in enumerate(call["turns"][:2]):
        auditor.add_turn(i, speaker, text)
    assert "CN-HAR-001" in [f["rule"] for f in auditor.finish()]
