"""Paraphrases of identification (the agent's name or number refused), in the rule authors' own words.

Every breach sentence of the paraphrase rounds in this category, each with the call opening it is
said after; the comment above a group says which round wrote it and from what. Their lawful
neighbours are in ``test_context_checks.py`` (and ``test_listener.py`` for who is on the line).
"""

from __future__ import annotations

import pytest
from helpers_audit import ZHANG, ZHOU, categories, found_per_turn

from trainer.compliance import audit_transcript

# (opening, meta.contact, category the last line must be flagged with, the agent's last line)
BREACHES = [
    # round 4
    (ZHANG, "debtor", "identification", "我叫什么无所谓 你先说什么时候还"),
    (ZHANG, "debtor", "identification", "你问我工号干嘛 有什么用"),
    (ZHANG, "debtor", "identification", "你管我是哪个 你就说还不还"),
    (ZHANG, "debtor", "identification", "你别问那么多 钱还了就行"),
]


@pytest.mark.parametrize(("opening", "contact", "category", "line"), BREACHES)
def test_the_breach_in_new_words_is_found(opening: list[dict], contact: str, category: str, line: str) -> None:
    assert category in categories(opening, line, contact), line


# round 6 (authors L and M)
@pytest.mark.parametrize("asked", ["你哪儿的？", "你们哪里的？打电话干什么？"])
def test_where_are_you_from_is_owed_the_bank_and_a_dodge_is_not_also_abuse(asked: str) -> None:
    turns = [{"speaker": "agent", "text": "喂，周强是吧？"}, {"speaker": "debtor", "text": "嗯。"},
             {"speaker": "agent", "text": "你那张卡逾期五十天了，今天能还多少？"}, {"speaker": "debtor", "text": asked}]
    assert categories(turns, "我是哪儿的你心里没数吗？先说钱什么时候还。") == {"identification"}
    # the same question about the debt itself presses for payment: no author labels it an insult
    # (round 10); said of the person (「什么德行心里没点数」) it is one (test_paraphrases_abuse.py)
    assert "abuse" not in categories(ZHOU, "欠了多少你自己心里没数吗？")


# round 6 second pass (authors T and U, dev_r8)
def _id_findings(lines: list[str]) -> list[str]:

    turns = []
    for line in lines:
        turns += [{"speaker": "agent", "text": line}, {"speaker": "debtor", "text": "嗯。"}]
    call = {"id": "x", "meta": {"contact": "debtor"}, "turns": turns}
    return [f["rule"] for f in audit_transcript(call) if f["rule"] == "CN-ID-001"]


# round 6 second pass (authors T and U, dev_r8)
def test_identifying_right_after_verifying_is_within_the_opening() -> None:
    # a senior trainer's ruling on round 6's sessions: find the person, verify, then say bank,
    # department and surname before any talk of the debt — the opening, not a breach
    late_but_in_order = ["喂，你好，找一下钱进钱先生。", "我这边是银行的，您是钱先生本人吧？", "麻烦报一下身份证后四位。",
                         "核对上了。我是安信银行信用卡中心司法调查组的，姓刘。", "您那张卡上个月的账单还没还。"]
    assert _id_findings(late_but_in_order) == []
    too_late = ["喂，钱进吗？", "身份证后四位报一下。", "行。", "你那张卡的账单还没还，什么时候处理？",
                "我是安信银行信用卡中心的，姓刘。"]
    assert _id_findings(too_late) == ["CN-ID-001"]


# round 4
def test_asking_who_again_after_the_bank_was_named_is_not_a_second_breach() -> None:
    turns = [("agent", "喂 吴静吗"), ("debtor", "对 你谁"),
             ("agent", "我这边安信银行信用卡中心的 你那个卡逾期三个多月了"),
             ("debtor", "那我问一下你叫什么名字 工号多少"),
             ("agent", "我叫什么不重要 你该关心的是你这一万多怎么还"),
             ("debtor", "我总得知道你是谁吧"),
             ("agent", "你挂了问题也还在这儿 那你说什么时候还")]
    found = found_per_turn(turns)
    assert "identification" in found.get(4, set())  # the refusal
    assert "identification" not in found.get(6, set())
    # never naming the bank: the question is still owed an answer
    turns[2] = ("agent", "你那个卡逾期三个多月了")
    assert "identification" in found_per_turn(turns).get(6, set())


# round 15 (authors CZ, DA; round 14's CI): the refusal as a question or a brush-off
@pytest.mark.parametrize("refusal", ["我叫什么有那么重要吗？你先说钱的事。", "我叫啥跟你有关系吗？说还钱的事。",
                                     "我是哪个部门的你就别打听了，说什么时候还。", "我叫什么您不需要知道，您只要知道这笔钱得还。"])
def test_asked_their_name_the_agent_who_brushes_it_off_is_reported(refusal: str) -> None:
    turns = [("agent", "喂，吴静吗？我安信银行信用卡中心的。"), ("debtor", "对，你叫什么？工号多少？"), ("agent", refusal)]
    assert "identification" in found_per_turn(turns).get(2, set())


# round 11 (fresh development authors BJ, BO, BP): the opening belongs to whoever is on the line
def _call(pairs: list[tuple[str, str]]) -> list[str]:
    turns = [{"speaker": s, "text": t} for s, t in pairs]
    return [f["rule"] for f in audit_transcript({"id": "x", "meta": {"contact": "debtor"}, "turns": turns})
            if f["rule"] == "CN-ID-001"]


BROTHER_FIRST = [("agent", "喂，您好，找一下褚家明先生。"), ("debtor", "他不在，我是他哥。有什么事跟我说，我转告他。"),
                 ("agent", "那麻烦您转告他，请他给姓唐的工作人员回个电话。"), ("debtor", "什么事这么神秘？他欠了多少？"),
                 ("agent", "不好意思，这是他个人的事情，我只能跟他本人说。"), ("debtor", "行了行了，我就是褚家明，怎么着吧。"),
                 ("agent", "褚先生，那跟您核对一下，您身份证号码最后四位是多少？"), ("debtor", "0036。")]


def test_identifying_once_the_debtor_comes_to_the_phone_is_the_opening() -> None:
    # the brother took the call for three agent turns; the agent names the bank and himself in his
    # second turn with the debtor: that is the debtor's opening, not a call that never identified
    said = BROTHER_FIRST + [("agent", "好的，谢谢。我是南浔商业银行信用卡中心司法调查组的，我姓唐，本次通话有录音。"),
                            ("debtor", "嗯。"), ("agent", "您尾号3317的卡逾期73天了。"), ("debtor", "知道。")]
    assert _call(said) == []
    never = BROTHER_FIRST + [("agent", "您尾号3317的卡逾期73天了，今天能还多少？"), ("debtor", "没钱。"),
                             ("agent", "那下周一前还一半。"), ("debtor", "行吧。"), ("agent", "好，就这样。"), ("debtor", "嗯。")]
    assert _call(never) == ["CN-ID-001"]


def test_any_surname_counts_not_only_the_hundred_commonest() -> None:
    opening = [("agent", "喂你好，请问是潘悦吗？"), ("debtor", "是我。")]
    rest = [("debtor", "嗯。"), ("agent", "你尾号6013的卡逾期39天了。"), ("debtor", "嗯。")]
    assert _call(opening + [("agent", "潘女士你好，我是禾木银行信用卡中心司法调查组的，姓葛，通话录音哈。")] + rest) == []
    assert _call(opening + [("agent", "潘女士你好，我是禾木银行信用卡中心的小葛。")] + rest) == []
    assert _call(opening + [("agent", "潘女士你好，我是禾木银行信用卡中心的。")] + rest) == ["CN-ID-001"]
