"""Round 8 (r10): compliant talk that looks dangerous, read as what it is (our own sentences).

Two sentence authors (``dev_sj.jsonl``, ``dev_sk.jsonl``) and three call authors (``dev_r10.jsonl``)
were read for false alarms first, grouped by kind: the law stated correctly, a rumour or a scam
named to reject it, a practice disowned, something refused after naming it, a wrong number struck
off, a family told it owes nothing, why a call reached the workplace. The mechanism is in the
context checks (``trainer/compliance/context.py``) and the rules' exceptions; the sentences below
are none of the authors'.
"""

from __future__ import annotations

import pytest
from helpers_audit import (
    ZHOU_KAI,
    ZHOU_KAI_BEREAVED,
    ZHOU_KAI_CHILD,
    ZHOU_KAI_COUSIN,
    ZHOU_KAI_ILL,
    categories,
)

OPENING = ZHOU_KAI
THIRD = ZHOU_KAI_COUSIN
BEREAVED = ZHOU_KAI_BEREAVED
ILL = ZHOU_KAI_ILL
CHILD = ZHOU_KAI_CHILD

CLEAN = [
    # the law stated correctly: conditions, who decides, what only follows a judgment
    (OPENING, "判刑说的是恶意透支罪，条件很严格，得有非法占有目的，您这种情况扯不上。"),
    (OPENING, "信用卡诈骗要构成犯罪有严格的法定条件，不是欠款就是犯罪。"),
    (OPENING, "被执行人拒不履行判决的，才可能被限制高消费，前提是先有判决。"),
    (OPENING, "真要起诉的话，您会收到法院寄来的正式传票，不会由我们电话通知。"),
    (OPENING, "律师函只有银行正式委托了律师才会发，现在没有这回事。"),
    # a rumour quoted (even with plain ASCII quotes) and rejected
    (OPENING, "'欠钱不还就抓人'这种说法是谣传，银行没有这个权力。"),
    (OPENING, "您邻居说的“会有人上门贴欠条”，我明确告诉您，我们不会这么做。"),
    # a scam or a practice named to condemn or disown it
    (OPENING, "凡是电话里说要抓人、要冻结全家账户的，都不是正规的，您直接挂掉。"),
    (OPENING, "如果有人自称法院书记员让您转账，那是诈骗，请您报警。"),
    (OPENING, "有人去您单位找您，那绝对不是我们安排的，您把情况告诉我，我帮您反映。"),
    # something named and then refused
    (OPENING, "罚息全部减免这个我没法跟您打包票，得按政策提交申请。"),
    (THIRD, "他的工作单位、手机号这些，我不能告诉您，抱歉。"),
    # a wrong number struck off; why the call reached the workplace
    (THIRD, "不好意思打错了，我们会把这个号码从联系记录里删掉。"),
    ([{"speaker": "agent", "text": "您好，请问周凯在吗？"},
      {"speaker": "third_party", "text": "我是他同事，他今天请假了。"}],
     "他手机一直打不通我才打到你们公司的，麻烦您让他回个电话。"),
    # the family told it owes nothing; a relative named in a word that is no curse
    (BEREAVED, "家里人没有义务拿自己的钱替他还，有遗产的话在遗产范围内处理，这些都不急。"),
    (OPENING, "您上次说'老妈'的手术做完了，她身体还好吧？"),
    (OPENING, "这种案子我们也处理过不少，分期都能谈下来。"),
    # sympathy with the bereaved, the ill and children
    (BEREAVED, "请节哀，这事不着急，您家里忙完了方便的时候再联系我们。"),
    (ILL, "您先安心治疗，出院以后方便的时候再说。"),
    (CHILD, "好的小朋友，请爸爸方便时回个电话就行，谢谢你。"),
    # the guarantor and the accurate interest
    (OPENING, "利息按合同约定日息万分之五计算，不会翻倍。"),
    (OPENING, "我是银行信用卡中心的，不是律师事务所，也不是政府部门。"),
    (OPENING, "有争议的话，您可以去当地司法所申请免费调解。"),
]


@pytest.mark.parametrize(("turns", "line"), CLEAN)
def test_lawful_neighbours_stay_clean(turns: list[dict[str, str]], line: str) -> None:
    found = categories(turns, line)
    assert not found, (line, found)


def test_a_child_threatened_with_endless_calls_is_pressing_a_minor() -> None:
    found = categories(CHILD, "你不跟叔叔说实话，叔叔就天天打到你家来。")
    assert "vulnerable" in found


@pytest.mark.parametrize(("turns", "category", "line"), [
    # a refusal after the hit excuses only a refusal to give or tell it, not a threat or a disclosure
    (OPENING, "threat", "下礼拜我们就去你单位，我不能保证你在那还待得住。"),
    (THIRD, "privacy", "他住在东湖花园那边，别的我就不能多说了。"),
    # a curse is still a curse beside a relative's word; a disowning is only the agent's own practice
    (OPENING, "abuse", "你他妈的到底还不还？你老妈的面子我也不给。"),
    (OPENING, "threat", "我们明天就去你店里，这都是你逼我们的。"),
])
def test_the_same_words_without_the_excuse_still_count(turns: list[dict[str, str]], category: str, line: str) -> None:
    assert category in categories(turns, line), line
