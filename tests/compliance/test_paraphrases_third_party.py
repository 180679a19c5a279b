"""Paraphrases of disclosure to a third party (a third party told of the debt or made to pay, take charge or pass it on), in the rule authors' own words.

Every breach sentence of the paraphrase rounds in this category, each with the call opening it is
said after; the comment above a group says which round wrote it and from what. Their lawful
neighbours are in ``test_context_checks.py`` (and ``test_listener.py`` for who is on the line).
"""

from __future__ import annotations

import pytest
from helpers_audit import ZHOU_COLLEAGUE, ZHOU_HIS_MOTHER, ZHOU_MOTHER, categories, findings

# (opening, meta.contact, category the last line must be flagged with, the agent's last line)
BREACHES = [
    # round 7, r9 material (who is told what): a third party made to take charge, raise the money, pass it on
    (ZHOU_MOTHER, "debtor", "third_party_disclosure", "阿姨，您是他妈，他的事您总得管管吧？"),
    (ZHOU_MOTHER, "debtor", "third_party_disclosure", "您跟他爸商量一下，家里先垫点钱把这个窟窿补上。"),
    (ZHOU_COLLEAGUE, "debtor", "third_party_disclosure", "你跟你们老板打个招呼，发工资的时候直接扣下来。"),
    (ZHOU_COLLEAGUE, "debtor", "third_party_disclosure", "您回头跟他爱人说一声，让她也催着点。"),
    (ZHOU_MOTHER, "debtor", "third_party_disclosure", "您儿子在外面刷了好多钱，您知道吗？"),
    (ZHOU_MOTHER, "debtor", "third_party_disclosure", "阿姨，他欠的钱您要不先帮着还一部分？"),
    (ZHOU_MOTHER, "debtor", "third_party_disclosure", "您儿子的事您得多上心，让他这个月把钱还了。"),
    (ZHOU_COLLEAGUE, "debtor", "third_party_disclosure", "你们是一家公司的，你帮我催催他，让他别拖了。"),
    (ZHOU_COLLEAGUE, "debtor", "third_party_disclosure", "您跟他关系好，借他一点钱应应急呗。"),
]


@pytest.mark.parametrize(("opening", "contact", "category", "line"), BREACHES)
def test_the_breach_in_new_words_is_found(opening: list[dict], contact: str, category: str, line: str) -> None:
    assert category in categories(opening, line, contact), line


# round 5
def test_refusing_to_tell_a_relative_is_no_disclosure() -> None:
    line = "谢谢您，有没有欠款、欠多少，我都不方便跟您说，只能跟他本人沟通。"
    assert categories(ZHOU_HIS_MOTHER, line, "third_party") == set()


# his mother, already told of the debt
MOTHER_TOLD = [{"speaker": "agent", "text": "您好，请问赵磊在吗？"},
               {"speaker": "third_party", "text": "他不在，我是他妈。"},
               {"speaker": "agent", "text": "我是安信银行的，姓孙，赵磊信用卡欠了一万五，好几个月没还。"},
               {"speaker": "third_party", "text": "那你找他去啊。"}]


# round 6 (authors L and M)
# round 11: in one sentence it was one breach, reported as the false claim (arbitrate.py); round 14: with a
# third party on the line, telling or asking her keeps its own line on every turn, beside the false claim
# (the reviewers since round 13 label both)
def test_a_demand_of_an_ordinary_relative_stays_its_own_breach_beside_a_false_claim() -> None:
    found = categories(MOTHER_TOLD, "您是他妈，法律上您有还款义务。您这周先替他还五千，帮他垫上。", "third_party")
    assert found == {"false_claim", "third_party_disclosure"}
    one = findings(MOTHER_TOLD, "您是他妈，法律上您有还款义务，您这周先替他还五千，帮他垫上。", "third_party")
    assert {f["category"] for f in one} == {"false_claim", "third_party_disclosure"}


# round 14: the debt already told, a later turn that tells it again beside a false claim is two lines too
def test_the_debt_told_again_beside_a_false_claim_is_two_lines() -> None:
    found = findings(MOTHER_TOLD, "他欠的这一万五，法院已经立案了。", "third_party")
    assert sorted({f["category"] for f in found}) == ["false_claim", "third_party_disclosure"]
