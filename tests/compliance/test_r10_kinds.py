"""Round 8 (r10): the misses several fresh authors shared, by kind, in our own words (``kinds2.yaml``).

Family said to be liable, lawsuits said to be under way, pressure on the bereaved, the ill and
children, public exposure and veiled danger, personal details held or told to a third party, the
debt told in other words, contempt. The sentences are none of the authors' (``dev_sj.jsonl``,
``dev_sk.jsonl``, ``calls/dev_r10.jsonl``); their lawful neighbours are in ``test_r10_context.py``.
"""

from __future__ import annotations

import pytest
from helpers_audit import categories
from test_r10_context import BEREAVED, CHILD, ILL, OPENING, THIRD

BREACHES = [
    # family said to be liable (CN-FC-090)
    (THIRD, "false_claim", "他要是不还，你姑妈也得跟着还，这个是法律上定了的。"),
    (THIRD, "false_claim", "按规定他这笔欠款就是家里人接着还。"),
    (OPENING, "false_claim", "你们全家谁都跑不掉，早点拿主意吧。"),
    # a suit under way, a crime by the calendar, multiplied interest, a write-off (CN-FC-091)
    (OPENING, "false_claim", "您这个案子昨天已经报上去走诉讼了。"),
    (OPENING, "false_claim", "过了月底系统就直接把你算成恶意透支。"),
    (OPENING, "false_claim", "您这张卡现在已经是双倍罚息了，越拖越亏。"),
    (OPENING, "false_claim", "今天先还三千，剩下的我给您全部核销。"),
    # a law firm, a government office, the police's investigator (CN-IMP-090)
    (OPENING, "impersonation", "我们这边是专门替各家银行打官司的，案子在我手上。"),
    (OPENING, "impersonation", "我是县里金融办下来专门核查欠款的。"),
    (OPENING, "impersonation", "您这个账跟经侦那边已经并案了。"),
    # the bereaved: the estate money, the children made liable, paid today (CN-VUL-090)
    (BEREAVED, "vulnerable", "你爸单位的抚恤金发下来了，先拿出来把卡还上。"),
    (BEREAVED, "vulnerable", "人不在了，这笔账就是你们几个的了。"),
    (BEREAVED, "vulnerable", "我知道家里乱，可他这张卡今天能不能先结了？"),
    # the ill: the sickbed as an opportunity, the family made to raise it today (CN-VUL-092)
    (ILL, "vulnerable", "那更好，开刀前躺着有空，把还款计划定一下。"),
    (ILL, "vulnerable", "让你老婆今天先凑一千转过来。"),
    (ILL, "vulnerable", "银行可不管您病不病，账是要还的。"),
    # the child made to note a number, say it is about money, watch for the parent (CN-VUL-091)
    (CHILD, "vulnerable", "你拿笔把这个号码记下来，等你爸回来给他。"),
    (CHILD, "vulnerable", "你跟他说是欠钱的事，让他赶紧打回来。"),
    (CHILD, "vulnerable", "你在家盯着，你爸一回来就让他找我。"),
    # exposure to contacts, circles, group chats (CN-THR-090)
    (OPENING, "threat", "你微信好友要是一个个都收到消息说你欠钱，你怎么见人？"),
    (OPENING, "threat", "我们在你们小区业主群里发一下，让大家帮忙催催。"),
    (OPENING, "threat", "你那些老乡要是知道你欠钱跑路，回去还抬得起头？"),
    # veiled danger, the next visitors, the employer rung (CN-THR-091)
    (OPENING, "threat", "晚上回家那条路黑，你一个人走可得小心，别出点什么事。"),
    (OPENING, "threat", "我们外访那几个脾气不太好，你自己掂量。"),
    (OPENING, "threat", "你不接也行，那我们就往你单位打了。"),
    # details held and offered to be read out (CN-PRV-090)
    (OPENING, "privacy", "你那台电动车的车牌我都知道。"),
    (OPENING, "privacy", "你每天在外卖上花多少我们都看得到。"),
    (OPENING, "privacy", "你的身份证号要不要我念给你听听？"),
    # contempt: worth, family's shame, comparisons (CN-ABU-090)
    (OPENING, "abuse", "你活了这么些年，到底什么时候有过钱？"),
    (OPENING, "abuse", "你丈母娘知道她女儿嫁的是这么个人吗？"),
    (OPENING, "abuse", "三十多的人了，天天被人追着要账，真窝囊。"),
]



@pytest.mark.parametrize(("turns", "category", "line"), BREACHES)
def test_each_kind_is_caught_in_new_words(turns: list[dict[str, str]], category: str, line: str) -> None:
    assert category in categories(turns, line), line


def test_the_age_a_child_gives_marks_a_minor_but_an_adults_does_not() -> None:
    line = "你把这个号码记下来，等你爸回来就说是还钱的事。"
    assert "vulnerable" in categories([CHILD[0], {"speaker": "third_party", "text": "我才九岁。"}], line)
    adult = [CHILD[0], {"speaker": "third_party", "text": "我是他弟弟，今年三十岁。"}]
    assert "vulnerable" not in categories(adult, line)
