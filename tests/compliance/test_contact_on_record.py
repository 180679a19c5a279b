"""Who answered, as the call record says: a real call filed as answered by the debtor.

Debt talk is disclosure only when someone other than the debtor hears it (DESIGN.md's
third_party_disclosure). When a real call's record says the debtor answered, a first reply that
does not deny being the person makes it the debtor's line; a denial, or a simulated session (whose
trainee must still find the right person), keeps the strict reading.
"""

from __future__ import annotations

from trainer.compliance import audit_transcript, load_pack

DEBT_TALK = "周先生我是安信银行信用卡中心司法调查组的，姓邓，有录音。你尾号6642的卡欠款三万一千多，逾期五个多月了。"


def _call(reply: str, **meta: str) -> dict:
    return {"id": "c", "meta": {"started_at": "2026-03-20T10:05:00+08:00", **meta},
            "turns": [{"speaker": "agent", "text": "喂，周强是吧？"},
                      {"speaker": "debtor", "text": reply},
                      {"speaker": "agent", "text": DEBT_TALK},
                      {"speaker": "debtor", "text": "我不是故意不接，在工地上班听不见。"}]}


def _disclosures(transcript: dict) -> list[dict]:
    return [f for f in audit_transcript(transcript) if f["category"] == "third_party_disclosure"]


def test_debt_talk_after_an_undenied_pickup_on_a_debtor_call_is_not_disclosure() -> None:
    assert _disclosures(_call("喂，谁啊？才七点。", contact="debtor")) == []


def test_a_denial_on_a_debtor_call_still_makes_it_disclosure() -> None:
    assert _disclosures(_call("不是，我是他爱人，你哪位？", contact="debtor"))


def test_a_call_without_a_record_of_who_answered_is_read_strictly() -> None:
    assert _disclosures(_call("喂，谁啊？才七点。"))


def test_a_simulated_session_keeps_the_course_rule_verify_first() -> None:
    assert _disclosures(_call("喂，谁啊？才七点。", contact="debtor", mode="practice"))


def _turn_by_turn(transcript: dict) -> list[tuple[str, int]]:
    auditor = load_pack().auditor(transcript["meta"], transcript["id"])
    found = []
    for index, turn in enumerate(transcript["turns"]):
        found += auditor.add_turn(index, turn["speaker"], turn["text"])
    found += auditor.finish()
    return sorted((f["rule"], f["turn"]) for f in found)


def test_a_live_session_and_the_batch_audit_agree() -> None:
    for reply in ("喂，谁啊？", "不是，打错了。", "嗯。"):
        transcript = _call(reply, contact="debtor")
        assert _turn_by_turn(transcript) == sorted((f["rule"], f["turn"]) for f in audit_transcript(transcript))
