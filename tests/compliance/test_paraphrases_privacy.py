"""Paraphrases of privacy breaches (a person's details held over the debtor or told to others), in the rule authors' own words.

Every breach sentence of the paraphrase rounds in this category, each with the call opening it is
said after; the comment above a group says which round wrote it and from what. Their lawful
neighbours are in ``test_context_checks.py`` (and ``test_listener.py`` for who is on the line).
"""

from __future__ import annotations

import pytest
from helpers_audit import (
    LIU_YANG_SISTER,
    ZHANG,
    ZHOU,
    ZHOU_COLLEAGUE,
    ZHOU_KAI,
    ZHOU_MOTHER,
    ZHOU_NO_DEPT,
    ZHOU_WIFE,
    categories,
    findings,
)

# (opening, meta.contact, category the last line must be flagged with, the agent's last line)
BREACHES = [
    # round 4
    (ZHANG, "debtor", "privacy", "跟你说 你们单位的刘梅 也在我们这儿欠了三万多 人家早还了"),
    # round 6 second pass (authors T and U, dev_r8): a phone number read out in Chinese digits (CN-PRV-005)
    (ZHOU, "debtor", "privacy", "你弟弟的手机是一五九二六八三七七零一，我们天天能打。"),
    (ZHOU, "debtor", "privacy", "你爱人号码一八六零零三五二九四八，要不要我现在打过去？"),
    (ZHOU, "debtor", "privacy", "紧急联系人一三七幺二八四五六零九，这是你留的吧。"),
    # round 7, r9 material (who is told what): a number in part, the building, employer and pay, contacts, transfers, location — to a third party
    (ZHOU_COLLEAGUE, "debtor", "privacy", "你是他室友吧？他身份证尾数是2215开头的那个，对不对？"),
    (ZHOU_COLLEAGUE, "debtor", "privacy", "跟您核一下，他老婆手机号是186打头的那个，没换吧？"),
    (ZHOU_MOTHER, "debtor", "privacy", "您女儿在城西那家仁和医院上班，一个月工资七八千，怎么会还不上。"),
    (ZHOU_COLLEAGUE, "debtor", "privacy", "他留的联系人还有一个叫周小燕的，您认识吗？"),
    (ZHOU_MOTHER, "debtor", "privacy", "他上个月还往一个姓郑的卡上转了两万，您知道吗？"),
    (ZHOU_COLLEAGUE, "debtor", "privacy", "我们查到他手机定位在东莞，您让他别躲了。"),
    (ZHOU_COLLEAGUE, "debtor", "privacy", "他住在和平里小区9号楼，我们的人会过去。"),
    (ZHOU_COLLEAGUE, "debtor", "privacy", "他爱人叫王丽，在人民医院当护士，您认识吗？"),
    (ZHOU_COLLEAGUE, "debtor", "privacy", "他最近老在一个酒吧消费，一晚上刷好几千。"),
    (ZHOU_COLLEAGUE, "debtor", "privacy", "他现在的新号码是一八六五二，后面的我就不念了。"),
    (ZHOU_COLLEAGUE, "debtor", "privacy", "他上周在天河区一家宾馆开过房，我们有记录。"),
    # round 7, r9 material (who is told what): others' numbers and addresses held over the debtor, or his papers to be shown round
    (ZHOU_NO_DEPT, "debtor", "privacy", "你大舅、你师傅的电话我们这儿都有，要不要挨个问问？"),
    (ZHOU_NO_DEPT, "debtor", "privacy", "你媳妇的手机尾号0932是吧？她单位地址也在我这儿。"),
    (ZHOU_NO_DEPT, "debtor", "privacy", "你换的那个新号我们都查到了。"),
    (ZHOU_NO_DEPT, "debtor", "privacy", "你丈母娘家的地址我们系统里也有。"),
    (ZHOU_NO_DEPT, "debtor", "privacy", "你那个前女友的号码我们也查到了。"),
    (ZHOU_NO_DEPT, "debtor", "privacy", "要不要我当着你们领导念一遍你的欠款？"),
    # round 8 (r10, kinds2.yaml; dev_sj, dev_sk, dev_r10): details held and offered to be read out (CN-PRV-090)
    (ZHOU_KAI, "debtor", "privacy", "你那台电动车的车牌我都知道。"),
    (ZHOU_KAI, "debtor", "privacy", "你每天在外卖上花多少我们都看得到。"),
    (ZHOU_KAI, "debtor", "privacy", "你的身份证号要不要我念给你听听？"),
]


@pytest.mark.parametrize(("opening", "contact", "category", "line"), BREACHES)
def test_the_breach_in_new_words_is_found(opening: list[dict], contact: str, category: str, line: str) -> None:
    assert category in categories(opening, line, contact), line


# round 7, r9 material (who is told what)
def test_a_number_held_as_the_means_of_a_threat_is_one_breach() -> None:
    found = findings(ZHOU_NO_DEPT, "你们公司人事的电话我这儿也有，明天上班我就打过去跟你们领导聊聊。")
    assert {f["category"] for f in found} == {"threat"}
    assert "privacy" in {a["category"] for f in found for a in f.get("also", ())}


# round 6 (authors L and M)
@pytest.mark.parametrize("line", ["她如今在城南那家华联超市上班，你去那儿找她说说。",
                                  "他现在每天在开发区那个电子厂上班，你有空过去一趟。"])
def test_a_workplace_told_to_a_relative_is_a_privacy_breach(line: str) -> None:
    assert "privacy" in categories(LIU_YANG_SISTER, line, "third_party")


# round 6 (authors L and M)
@pytest.mark.parametrize("line", ["他原来那个号停机了，你把他现在的手机号给我行吗？",
                                  "你知道他现在的手机号是多少吗？",
                                  "他还在上班吗？"])
def test_asking_a_relative_for_the_number_is_no_disclosure(line: str) -> None:
    assert "privacy" not in categories(LIU_YANG_SISTER, line, "third_party")


# round 6 after the measure (authors P and Q, dev_r7)
@pytest.mark.parametrize("line", ["他的住址我们不需要，您也别往外说。", "她的手机号我不会问您，谢谢您。",
                                  "他的工作单位我们不打听，您放心。"])
def test_declining_a_third_partys_tip_off_is_no_disclosure(line: str) -> None:
    # the agent declining to hear where the debtor lives or works (CN-PRV-003)
    assert categories(ZHOU_WIFE, line, "third_party") == set()


# round 18 (round 18's held-out DF-06, after its measurement): a number the relative has just given,
# read back to check it, tells her nothing (context read_back); the same number said first by the agent does
def test_a_number_just_given_and_read_back_is_no_privacy_breach() -> None:
    gave = [*LIU_YANG_SISTER, {"speaker": "agent", "text": "那您方便告诉我他现在的手机号吗？"},
            {"speaker": "third_party", "text": "他换号了，新号是138 0731 5526。"}]
    assert "privacy" not in categories(gave, "好的，13807315526，我记下了，谢谢您。", "third_party")


def test_a_number_the_agent_reads_out_first_is_still_a_privacy_breach() -> None:
    asked = [*LIU_YANG_SISTER, {"speaker": "agent", "text": "那您方便告诉我他现在的手机号吗？"},
             {"speaker": "third_party", "text": "我不知道啊。"}]
    assert "privacy" in categories(asked, "他现在用的是13807315526吧？", "third_party")
