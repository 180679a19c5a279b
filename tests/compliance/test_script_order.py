"""Debt named before verification, to the person who then proves to be the debtor (round 12).

Round 11's held-out reviewer (BI-20 turn 0) and an author of round 9 (AV-10 turn 1) left such a turn clean:
the order of the script is wrong, but no third party heard the debt.  On a real call whose record
says the debtor answered, CN-TP-003 (核实本人之前谈欠款) is then a script-order note
(``auditor.order.notes``), not a third-party disclosure; a denial, a call without that record, a
practice session, or someone else taking the call first keeps it a disclosure
(``trainer/compliance/scriptorder.py``).  Our own lines, in the manner of those calls.
"""

from __future__ import annotations

from trainer.compliance import audit_transcript, load_pack

FIRST_BREATH = "喂，周强吧？我这边安信银行信用卡中心的，姓邓。你尾号6642的卡逾期两个月了，欠款三万一千多，今天怎么说？"


def _call(*replies: tuple[str, str], **meta: str) -> dict:
    turns = [{"speaker": "agent", "text": FIRST_BREATH}]
    for speaker, text in replies:
        turns += [{"speaker": speaker, "text": text}, {"speaker": "agent", "text": "那您看这个月能先还多少？"}]
    return {"id": "c", "meta": {"started_at": "2026-03-20T10:05:00+08:00", **meta}, "turns": turns}


def _told(transcript: dict) -> list[tuple[str, int | None]]:
    return [(f["rule"], f["turn"]) for f in audit_transcript(transcript) if f["category"] == "third_party_disclosure"]


def test_debt_named_in_the_first_breath_to_the_debtor_on_record_is_no_disclosure() -> None:
    # the pickup asks who is calling, and goes on to talk about paying: it was the debtor
    assert _told(_call(("debtor", "你哪位？叫什么？"), ("debtor", "这个月我先还两千。"), contact="debtor")) == []
    assert _told(_call(("debtor", "是我，怎么了？"), contact="debtor")) == []


def test_it_is_kept_as_a_script_order_note() -> None:
    transcript = _call(("debtor", "你哪位？"), contact="debtor")
    auditor = load_pack().auditor(transcript["meta"], "c")
    found = []
    for i, turn in enumerate(transcript["turns"]):
        found += auditor.add_turn(i, turn["speaker"], turn["text"])
    found += auditor.finish()
    assert "third_party_disclosure" not in {f["category"] for f in found}
    assert [(f["rule"], f["turn"], f["title"]) for f in auditor.order.notes] == [("CN-TP-003", 0, "核实本人之前谈欠款")]


def test_a_denial_makes_it_a_disclosure_again() -> None:
    assert ("CN-TP-003", 0) in _told(_call(("debtor", "不是，你打错了，我不认识什么周强。"), contact="debtor"))


def test_someone_else_taking_the_call_first_makes_it_a_disclosure() -> None:
    transcript = _call(("third_party", "他不在，我是他爱人。"), ("debtor", "喂，我是周强，刚回来。"), contact="debtor")
    assert ("CN-TP-003", 0) in _told(transcript)


def test_without_the_record_or_in_practice_the_course_rule_stands() -> None:
    assert ("CN-TP-003", 0) in _told(_call(("debtor", "你哪位？")))
    assert ("CN-TP-003", 0) in _told(_call(("debtor", "你哪位？"), contact="debtor", mode="practice"))


def test_a_call_that_ends_before_anyone_answers_is_still_flagged() -> None:
    assert ("CN-TP-003", 0) in _told({"id": "c", "meta": {"contact": "debtor"},
                                      "turns": [{"speaker": "agent", "text": FIRST_BREATH}]})


def test_debt_talk_before_verification_is_one_line_per_listener() -> None:
    # round 17: the opening names the debt, the pickup answers without saying who they are, and the agent
    # goes on about paying; the breach is the first telling, not every turn after it (the sentence sets'
    # authors, who wrote such openings as context, labelled the later turns clean: 20 of 20)
    transcript = _call(("debtor", "别老给我打电话了，烦死了。"), ("debtor", "你们这群吸血鬼。"))
    transcript["turns"][2]["text"] = "您尾号6642的卡欠款三万一千多，这个月能先还多少？"
    assert _told(transcript) == [("CN-TP-003", 0)]


def test_a_new_listener_before_verification_is_told_of_it_again() -> None:
    transcript = _call(("debtor", "你哪位？"), ("third_party", "他不在，我是他同事。"))
    transcript["turns"][4]["text"] = "那麻烦您转告他，信用卡欠款三万一千多这周得还。"
    assert [turn for _rule, turn in _told(transcript)] == [0, 4]
