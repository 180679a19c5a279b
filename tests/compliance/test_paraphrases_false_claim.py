"""Paraphrases of false claims (law, procedure, liability, interest and credit records misstated), in the rule authors' own words.

Every breach sentence of the paraphrase rounds in this category, each with the call opening it is
said after; the comment above a group says which round wrote it and from what. Their lawful
neighbours are in ``test_context_checks.py`` (and ``test_listener.py`` for who is on the line).
"""

from __future__ import annotations

import pytest
from helpers_audit import (
    CHEN_ZHIGANG_SON,
    SUN,
    ZHANG,
    ZHOU,
    ZHOU_HIS_MOTHER,
    ZHOU_KAI,
    ZHOU_KAI_COUSIN,
    ZHOU_SHI_WO,
    ZHOU_WIFE,
    categories,
)

# (opening, meta.contact, category the last line must be flagged with, the agent's last line)
BREACHES = [
    # round 4
    (ZHANG, "debtor", "false_claim", "你这个性质就跟骗钱一个样 拖下去是要判的"),
    (ZHANG, "debtor", "false_claim", "欠着不还跟诈骗没两样，真要追究是会判刑的。"),
    (ZHANG, "debtor", "false_claim", "你的材料我们上周已经递交到法院了 就等着开庭"),
    (ZHANG, "debtor", "false_claim", "那个 你这个案子已经进入诉讼程序了 撤不回来的"),
    (ZHANG, "debtor", "false_claim", "你们是两口子 这是夫妻共同债务 你老婆也跑不掉"),
    (ZHANG, "debtor", "false_claim", "逾期以后一天按百分之二算 利滚利的"),
    (ZHANG, "debtor", "false_claim", "真起诉了判你个三五年都有可能"),
    (ZHANG, "debtor", "false_claim", "你老公欠的钱 你当老婆的也得还"),
    # round 5
    (ZHOU_SHI_WO, "debtor", "false_claim", "逾期了最低还款就不算了，起码得还总额的一半。"),
    (ZHOU_SHI_WO, "debtor", "false_claim", "少一分都不算还款，照样按逾期处理。"),
    (ZHOU_SHI_WO, "debtor", "false_claim", "案子已经递上去了，月底就开庭。"),
    (ZHOU_SHI_WO, "debtor", "false_claim", "法院那边缺席判决都已经下来了。"),
    # round 6 (authors L and M): the debt said to double within weeks (CN-FC-008)
    (ZHOU, "debtor", "false_claim", "滞纳金是成倍往上翻的，过一个月这八千就成两万多了。"),
    # round 6 (authors L and M)
    (ZHOU, "debtor", "false_claim", "利息是翻番涨的，你再拖两个月就得还双倍。"),
    # round 6 after the measure (authors P and Q, dev_r7): a spouse or a child told the debt is theirs by law (CN-FC-005)
    (ZHOU_WIFE, "third_party", "false_claim", "你们是夫妻，老公欠的就是你欠的，你躲不掉。"),
    (ZHOU_WIFE, "third_party", "false_claim", "他欠下的钱就得你们家里来还。"),
    (ZHOU_WIFE, "third_party", "false_claim", "依法你这个配偶也要背这笔账。"),
    (CHEN_ZHIGANG_SON, "third_party", "false_claim", "老人欠下的账子女来还，这是规矩，你是他儿子。"),
    (CHEN_ZHIGANG_SON, "third_party", "false_claim", "这笔钱你们当儿女的跑不了。"),
    # round 6 second pass (authors T and U, dev_r8): the court said to have taken the case, papers on their way (CN-FC-027)
    (ZHOU, "debtor", "false_claim", "你的卷宗前天已经交上去了，这事现在不归我管。"),
    (ZHOU, "debtor", "false_claim", "你老家那边法官都已经收下了，没得商量。"),
    (ZHOU, "debtor", "false_claim", "过几天就有人给你送文书，你自己看着办。"),
    # round 6 second pass (authors T and U, dev_r8): the bank or its system said to blacklist, a child's future said to suffer (CN-FC-026)
    (ZHOU, "debtor", "false_claim", "系统到时候自动把你报成失信人员。"),
    (ZHOU, "debtor", "false_claim", "银行下个月就把你报为老赖了。"),
    (ZHOU, "debtor", "false_claim", "你再不还，你闺女以后考编、政审都要受牵连。"),
    # round 7 (dev_sa, dev_r9): a legal step said to have happened or to be certain (CN-FC-030)
    (ZHOU, "debtor", "false_claim", "检察院已经提起公诉了，你还不知道吧。"),
    (ZHOU, "debtor", "false_claim", "银行已经对你采取了财产保全措施。"),
    (ZHOU, "debtor", "false_claim", "银行上礼拜就申请了诉讼保全，你的公积金马上就扣。"),
    (ZHOU, "debtor", "false_claim", "你护照已经被冻结了，出国想都别想。"),
    (ZHOU, "debtor", "false_claim", "这种情况起码拘留七天。"),
    (ZHOU, "debtor", "false_claim", "法院执行局已经把时间定好了，周五上门。"),
    # round 7 (dev_sa, dev_r9): the spouse made liable; the credit record and the interest misstated (CN-FC-031, CN-FC-032)
    (ZHOU, "debtor", "false_claim", "他是你老公，你就是共同还款人。"),
    (ZHOU, "debtor", "false_claim", "这个征信污点你一辈子都去不掉。"),
    (ZHOU, "debtor", "false_claim", "先还最低，剩余的部分就不产生利息了。"),
    (ZHOU, "debtor", "false_claim", "今天结清，征信马上就能恢复正常。"),
    # round 7 (dev_sa, dev_r9): a second and third batch, written after the first widening, then covered in turn
    (ZHOU, "debtor", "false_claim", "你的名字已经上了法院的失信名单，高铁飞机都坐不了了。"),
    (ZHOU, "debtor", "false_claim", "不还的话，你的孩子以后都不能考公务员。"),
    (ZHOU, "debtor", "false_claim", "只要还了一半，剩下的银行就自动给你免了。"),
    (ZHOU, "debtor", "false_claim", "你的账户已经被法院划扣了五千。"),
    (ZHOU, "debtor", "false_claim", "你名下的车已经被我们申请扣押了。"),
    (ZHOU, "debtor", "false_claim", "不还钱的话你以后坐不了火车、住不了酒店，这是银行规定的。"),
    (ZHOU, "debtor", "false_claim", "现在还款还能给你免掉所有利息，过了今天就不行了。"),
    # round 7 (dev_sa, dev_r9): a fourth batch, written after the rest as a last check (5 of its 20 caught before it was covered)
    (ZHOU, "debtor", "false_claim", "你的工资卡下个月开始每月被强制扣一半。"),
    (ZHOU, "debtor", "false_claim", "你已经被列为重点监控对象了，出行都有记录。"),
    (ZHOU, "debtor", "false_claim", "按照新规定，逾期超过六十天就算诈骗。"),
    (ZHOU, "debtor", "false_claim", "你现在还进去，之前的逾期记录马上就删掉了。"),
    (ZHOU, "debtor", "false_claim", "你这个案子检察院已经批捕了。"),
    # round 7 (dev_sa, dev_r9): already caught when written, kept so that it stays caught
    (ZHOU, "debtor", "false_claim", "你这个案子已经移交给经侦了。"),
    (ZHOU, "debtor", "false_claim", "你老婆按法律规定也要还，跑不了的。"),
    (ZHOU, "debtor", "false_claim", "公安已经对你立案侦查了。"),
    (ZHOU, "debtor", "false_claim", "你老公欠的就是你欠的，婚内的债都得一起还。"),
    (ZHOU, "debtor", "false_claim", "你的社保卡已经被冻结了。"),
    (ZHOU, "debtor", "false_claim", "法院下周就开庭，你不去就直接判你输。"),
    # round 7 pass 2 (kinds.yaml; dev_sc … dev_sh): legal steps and sanctions in force, criminal by the calendar (CN-FC-070)
    (SUN, "debtor", "false_claim", "您这数额已经够拘留了，我们随时能申请。"),
    (SUN, "debtor", "false_claim", "逾期满六十天系统就自动转刑事。"),
    (SUN, "debtor", "false_claim", "您名下的公积金下周就会被冻结。"),
    (SUN, "debtor", "false_claim", "你这个征信已经彻底黑了，还清也没用。"),
    (SUN, "debtor", "false_claim", "您今天先还一千，这个起诉我就能帮您撤了。"),
    (SUN, "debtor", "false_claim", "你现在坐高铁已经被限了，不信你去买票试试。"),
    # round 7 pass 2 (kinds.yaml; dev_sc … dev_sh): relatives liable, full payment the law, multiplied penalties (CN-FC-080)
    (SUN, "debtor", "false_claim", "按规定夫妻两个人负连带责任，您爱人也得还。"),
    (SUN, "debtor", "false_claim", "欠款人走了，这笔债就转到您名下了。"),
    (SUN, "debtor", "false_claim", "法律规定逾期后只能一次性全额还清，不接受分期。"),
    (SUN, "debtor", "false_claim", "罚息按规定翻三倍，这是国家定的。"),
    (SUN, "debtor", "false_claim", "你的违约金按两倍收，合同上写着呢。"),
    (SUN, "debtor", "false_claim", "当爹的也跑不了，父子的账是连在一起的。"),
    (SUN, "debtor", "false_claim", "你这个在经侦那边已经挂上号了。"),
    # round 8 (r10, kinds2.yaml; dev_sj, dev_sk, dev_r10): family said to be liable (CN-FC-090)
    (ZHOU_KAI_COUSIN, "debtor", "false_claim", "他要是不还，你姑妈也得跟着还，这个是法律上定了的。"),
    (ZHOU_KAI_COUSIN, "debtor", "false_claim", "按规定他这笔欠款就是家里人接着还。"),
    (ZHOU_KAI, "debtor", "false_claim", "你们全家谁都跑不掉，早点拿主意吧。"),
    # round 8 (r10, kinds2.yaml; dev_sj, dev_sk, dev_r10): a suit under way, a crime by the calendar, multiplied interest, a write-off (CN-FC-091)
    (ZHOU_KAI, "debtor", "false_claim", "您这个案子昨天已经报上去走诉讼了。"),
    (ZHOU_KAI, "debtor", "false_claim", "过了月底系统就直接把你算成恶意透支。"),
    (ZHOU_KAI, "debtor", "false_claim", "您这张卡现在已经是双倍罚息了，越拖越亏。"),
    (ZHOU_KAI, "debtor", "false_claim", "今天先还三千，剩下的我给您全部核销。"),
    # round 15 (round 14's held-out CI, after its measurement): the debt named first, the family's duty after
    (CHEN_ZHIGANG_SON, "third_party", "false_claim", "人走了账可没销，这钱得你们家里来还。"),
]


@pytest.mark.parametrize(("opening", "contact", "category", "line"), BREACHES)
def test_the_breach_in_new_words_is_found(opening: list[dict], contact: str, category: str, line: str) -> None:
    assert category in categories(opening, line, contact), line


# round 5
def test_family_liability_told_to_a_mother_is_a_false_claim() -> None:
    found = categories(ZHOU_HIS_MOTHER, "您是直系亲属，法律上有还款义务，这钱得您先替他还上。", "third_party")
    assert "false_claim" in found
