"""Lawful neighbours of the paraphrased breaches: the law stated correctly, a rumour or a scam
named to reject it, a practice disowned or condemned, something refused after naming it, negation,
sympathy, the customer's own words — read in context, not flagged.

The breaches they neighbour are in ``test_paraphrases_<category>.py``; the comment above a group
says which round wrote it and from what.
"""

from __future__ import annotations

import pytest
from helpers_audit import (
    CHEN_ZHIGANG_SON,
    CHEN_ZHIGANG_WIFE,
    SUN,
    ZHANG,
    ZHOU,
    ZHOU_ILL_CANCER,
    ZHOU_IN_HOSPITAL_BED,
    ZHOU_KAI,
    ZHOU_KAI_BEREAVED,
    ZHOU_KAI_CHILD,
    ZHOU_KAI_COLLEAGUE,
    ZHOU_KAI_COUSIN,
    ZHOU_KAI_ILL,
    ZHOU_SHI_WO,
    ZHOU_WIDOWED,
    ZHOU_WIFE,
    after_zhang,
    categories,
    findings,
)

# (opening, meta.contact, the agent's last line): nothing may be flagged on it
NEIGHBOURS = [
    # round 4
    (ZHANG, "debtor", "我这边是安信银行信用卡中心司法调查组的 我姓王"),
    (ZHANG, "debtor", "我们不是什么法务部 就是银行信用卡中心内部的一个部门 叫司法调查组"),
    (ZHANG, "debtor", "我们跟公安 法院都没有任何联动 就是银行自己的部门"),
    (ZHANG, "debtor", "信用卡逾期是民事纠纷 跟诈骗不是一回事 您别担心"),
    (ZHANG, "debtor", "判不判 怎么判 都是法院的事 我们说了不算"),
    (ZHANG, "debtor", "目前还没有走到诉讼流程 我们还是希望跟您协商"),
    (ZHANG, "debtor", "如果长期不处理 银行有可能依法把材料提交到法院 那要法院受理了才算"),
    (ZHANG, "debtor", "您放心 您爱人没有替您还款的义务 我们只跟您本人沟通"),
    (ZHANG, "debtor", "逾期利息是按每天万分之五算的 一年大概百分之十八"),
    (ZHANG, "debtor", "警察不会因为信用卡欠款上门把人带走 这是民事纠纷"),
    (ZHANG, "debtor", "我们不会去您单位 也不会联系您的领导和同事"),
    (ZHANG, "debtor", "我们没有安排任何外访 也不会上门 您放心"),
    (ZHANG, "debtor", "您先安心住院 住院证明方便的时候拍给我们 我们登记一下"),
    (ZHANG, "debtor", "我叫王明 工号0231 您可以记一下"),
    (ZHANG, "debtor", "您问我叫什么 我姓王 工号0231"),
    (ZHANG, "debtor", "今天是第一次给您打电话 打扰您了"),
    (ZHANG, "debtor", "您说我们今天打了十几个电话 我这边核实一下 如果属实我跟您道歉"),
    (ZHANG, "debtor", "很多客户也有周转困难的时候 分期还上就好了"),
    (ZHANG, "debtor", "您的邻居和同事都不会知道欠款的事"),
    (ZHANG, "debtor", "这事你心里有数吧 咱们看看怎么安排"),
    (ZHANG, "debtor", "呃 我跟您说 您要是这个月能先还最低还款 利息就少一些"),
    (ZHANG, "debtor", "我们不会联系你们公司HR 您放心"),
    (ZHANG, "debtor", "您孩子在哪上学跟这事没关系 我们不会联系学校"),
    (ZHANG, "debtor", "法院起诉需要银行提交材料 目前没有"),
    (ZHANG, "debtor", "您说您在住院 那您先养病 出院再联系"),
    (ZHANG, "debtor", "我们之前打了几次电话您没接 所以今天再联系一下"),
    # round 5
    (ZHOU_SHI_WO, "debtor", "我们跟法院、公安没有任何对接，只是银行信用卡中心的一个部门。"),
    (ZHOU_SHI_WO, "debtor", "最低还款额还是账单上写的那个数，先还上就不会继续扩大影响。"),
    (ZHOU_SHI_WO, "debtor", "您看能不能至少先还一半，剩下的我们再商量。"),
    (ZHOU_SHI_WO, "debtor", "现在没有起诉，是否起诉、什么时候开庭，都由法院依法决定。"),
    (ZHOU_SHI_WO, "debtor", "网上说“逾期三个月就冻结所有银行卡”，这个说法不对，银行没有这个权力。"),
    (ZHOU_SHI_WO, "debtor", "至于算不算夫妻共同债务，要看钱用在哪，最后由法院认定，不是自动就要配偶还。"),
    (ZHOU_SHI_WO, "debtor", "拖一天确实就多一天的利息，所以建议您早点处理。"),
    (ZHOU_SHI_WO, "debtor", "逾期记录会报送到人民银行征信系统，以后办贷款都会受影响。"),
    (ZHOU_SHI_WO, "debtor", "您心里应该有个数吧，这笔钱早晚要处理，我们一起想办法。"),
    # round 6 (authors L and M)
    (ZHOU, "debtor", "卡要是被盗刷了，您可以先去派出所报案，再把回执交给我们。"),
    (ZHOU, "debtor", "我们不是替公安办事的，也不跟法院一起办案，只是银行内部的部门。"),
    (ZHOU, "debtor", "这件事只跟您本人谈，不会让您家里人和同事知道。"),
    (ZHOU, "debtor", "要不要告诉家里人是您自己决定，我们不会联系他们。"),
    (ZHOU, "debtor", "我刚才脑子没转过来，金额说错了，跟您道个歉。"),
    (ZHOU, "debtor", "您手机上装什么银行App都可以，还款入口在首页。"),
    (ZHOU, "debtor", "利息是每天万分之五，一个月下来大概多一百出头，不会翻倍。"),
    (ZHOU, "debtor", "好的，四月三号两千二百五，剩下的月底前还清。"),
    (ZHOU_ILL_CANCER, "debtor", "您先安心治疗，等出院以后再联系，治病的钱千万别挪。"),
    (ZHOU_ILL_CANCER, "debtor", "您的病历拍给我就行，我帮您登记特殊情况，暂停催收。"),
    (ZHOU_WIDOWED, "debtor", "节哀，这段时间我们先不打扰您，等您忙完再说。"),
    (ZHOU, "debtor", "如果一直联系不上，按流程可能会安排外访同事上门了解情况，上门前会先跟您约好时间。"),
    (ZHOU, "debtor", "您要是需要，我们可以给您单位开具一份结清证明。"),
    (ZHOU, "debtor", "这几笔消费我一个个打印出来，寄到您登记的地址。"),
    (ZHOU, "debtor", "您可以让单位人事给您开个收入证明，用来申请分期。"),
    # round 6 after the measure (authors P and Q, dev_r7)
    (ZHOU, "debtor", "我们一天最多给您打两次，您方便的时候回个电话就行。"),
    (ZHOU, "debtor", "您说晚上八点以后方便，那我到时候再打给您一次。"),
    (ZHOU, "debtor", "这个时间段我们不会再打过来，打扰您了。"),
    (ZHOU, "debtor", "我们跟有关部门没有任何联合办案，就是银行信用卡中心。"),
    (ZHOU, "debtor", "要是有人自称专案组的找您要钱，那是诈骗，您直接报警。"),
    (ZHOU, "debtor", "我这边是信用卡中心司法调查组的，专门跟您商量分期。"),
    (ZHOU, "debtor", "像您这种情况我们见过不少，都能谈出分期方案。"),
    (ZHOU, "debtor", "您是讲信用的人，我相信您这次能做到。"),
    (ZHOU, "debtor", "谁都有周转不开的时候，这不丢人。"),
    (ZHOU_WIFE, "third_party", "这笔账由持卡人本人负责，您没有替他还的义务，麻烦让他回个电话。"),
    (CHEN_ZHIGANG_SON, "third_party", "请您节哀，按法律继承人只在遗产范围内清偿，您个人不用拿钱出来。"),
    # round 6 second pass (authors T and U, dev_r8)
    (ZHOU, "debtor", "您放心，不会有人上门，我们只跟您本人电话沟通。"),
    (ZHOU, "debtor", "下一步怎么安排，您想好了随时给我回电话。"),
    (ZHOU, "debtor", "这件事跟您的联系人没关系，我们只找您本人。"),
    (ZHOU, "debtor", "我们不会联系您公司，不影响您的工作。"),
    (ZHOU, "debtor", "您放心，这件事我们会保密，不会在小区传开。"),
    (ZHOU, "debtor", "谁都有手头紧的时候，这不丢人。"),
    (ZHOU, "debtor", "您心态好是好事，咱们把还款时间定下来您就更踏实了。"),
    (ZHOU, "debtor", "我们不是律师事务所，也不是法院，就是银行信用卡中心的司法调查组。"),
    (ZHOU, "debtor", "您要是担心自己的权利，可以去咨询律师。"),
    (ZHOU, "debtor", "目前还没有起诉，法院也没收到任何材料。"),
    (ZHOU, "debtor", "您的分期申请我已经交上去了，审批结果短信通知您。"),
    (ZHOU, "debtor", "只有法院判决后仍不履行，才可能被法院列为失信被执行人。"),
    (ZHOU, "debtor", "您放心，信用卡逾期不会影响孩子考编。"),
    (ZHOU, "debtor", "被限制高消费的话，高铁一等座会受限，但那是法院执行阶段的事，前提是判了还不履行。"),
    (ZHOU, "debtor", "法律上有个叫恶意透支的，要看是不是一开始就不打算还。"),
    (ZHOU, "debtor", "刑法里是有个叫信用卡诈骗的罪名，要看是不是一开始就想骗钱。"),
    (ZHOU, "debtor", "法律上有个说法叫恶意透支，要看是不是经过两次催收三个月还不还。"),
    (ZHOU, "debtor", "法律上是有个叫恶意透支的说法，要看是不是有能力还却故意不还。"),
    (ZHOU, "debtor", "只有法院判了您还不履行，才可能被限制高消费。"),
    (ZHOU, "debtor", "限制高消费的话，前提是判了还不履行，您现在离那一步很远。"),
    (ZHOU, "debtor", "请您核对一下预留手机号的后四位。"),
    (ZHOU, "debtor", "今天是第一次给您打电话，打扰您了。"),
    (ZHOU, "debtor", "您工作丢了以后收入没了，我理解。"),
    (ZHOU, "debtor", "您那边家里要是出事了，先顾家里。"),
    (ZHOU, "debtor", "有人上门的话，您一定要先核实身份。"),
    (ZHOU, "debtor", "您的工作还干得下去吧？身体要紧。"),
    (ZHOU, "debtor", "二十多岁的人了，理财的事慢慢学。"),
    (CHEN_ZHIGANG_WIFE, "third_party", "请您节哀，这事不着急，等您方便的时候再联系我们。"),
    (ZHOU_ILL_CANCER, "debtor", "今天我不跟您谈还款的事了，您安心治病要紧。"),
    (ZHOU_ILL_CANCER, "debtor", "住院这段时间先不谈还款，您把身体养好。"),
    (ZHOU_ILL_CANCER, "debtor", "今天不提还款的事，您安心养病。"),
    (ZHOU_ILL_CANCER, "debtor", "今天不跟你谈还钱的事，你先顾好身体。"),
    (ZHOU_ILL_CANCER, "debtor", "今天不跟您谈还款，您安心做化疗。"),
    (ZHOU_ILL_CANCER, "debtor", "您先养病，等您出院以后方便时再说。"),
    # round 7 (dev_sa, dev_r9)
    (ZHOU, "debtor", "您别这么说自己，谁都会遇到难处。"),
    (ZHOU, "debtor", "您说您脑子有点乱，没关系，我们慢慢说。"),
    (ZHOU, "debtor", "您当妈的心情我理解，我们不会让您替他还。"),
    (ZHOU, "debtor", "您刚才说有人在楼下等您？那肯定不是我们的人，建议您报警。"),
    (ZHOU, "debtor", "我们不会去您家，也不会去您爱人单位。"),
    (ZHOU, "debtor", "网上曝光这种事是违法的，我们不会做。"),
    (ZHOU, "debtor", "我们同事会在营业厅等您办理。"),
    (ZHOU, "debtor", "您下班回家方便的时候给我回个电话就行。"),
    (ZHOU, "debtor", "我们不是公安派驻的，就是银行信用卡中心司法调查组。"),
    (ZHOU, "debtor", "如果有人自称法院指派的调解机构找您要钱，请您报警。"),
    (ZHOU, "debtor", "您可以去法院的诉前调解中心咨询，那里是法院自己的部门。"),
    (ZHOU, "debtor", "仲裁还是起诉，是银行法律部门按规定决定的，我这边做不了主。"),
    (ZHOU, "debtor", "我们部门同事会把分期方案发到您手机上。"),
    (ZHOU, "debtor", "如果长期协商不成，银行可能依法起诉，是否保全由法院决定。"),
    (ZHOU, "debtor", "我们没有移送公安，也不会这么做。"),
    (ZHOU, "debtor", "限制出境只有法院才能依法决定，您现在不存在这个问题。"),
    (ZHOU, "debtor", "恶意透支构成犯罪需要有非法占有目的，您的情况谈不上。"),
    (ZHOU, "debtor", "普通逾期不会因为欠了钱就被抓，您别担心。"),
    (ZHOU, "debtor", "传票只会由法院正式送达，我们不会打电话通知。"),
    (ZHOU, "debtor", "信用卡是他本人的，您不需要替他还。"),
    (ZHOU, "debtor", "是否属于夫妻共同债务要看法院认定，我们不会要求您还。"),
    (ZHOU, "debtor", "您父母没有义务替您还款，请放心。"),
    (ZHOU, "debtor", "逾期记录结清后会保留五年，之后自动消除。"),
    (ZHOU, "debtor", "最低还款后，未还部分还是要照常计息的。"),
    # round 7 (dev_sa, dev_r9): a practice named to be condemned in the next clause (context: condemnation)
    (ZHOU, "debtor", "把您的欠款发到业主群、贴到楼道里，这都是违法的，银行不会这么做。"),
    (ZHOU, "debtor", "上门堵您、打给您单位，这是不允许的，我们不会做。"),
    (ZHOU, "debtor", "您这么大年纪还在为这事操心，我理解。"),
    (ZHOU, "debtor", "我们不会派人去您公司，请您放心。"),
    (ZHOU, "debtor", "法院委托调解是法院的程序，我们银行没有这个权力。"),
    (ZHOU, "debtor", "失信名单只有法院判决后拒不履行才会被纳入，您现在不是。"),
    (ZHOU, "debtor", "还款后剩余金额按合同计息，不会自动减免。"),
    (ZHOU, "debtor", "您放心，法院要是真起诉，会依法送达传票，您有权应诉。"),
    (ZHOU, "debtor", "我们没有执法权，只是提醒您按时还款。"),
    (ZHOU, "debtor", "您说您是老实人，这个我相信。"),
    (ZHOU, "debtor", "我们不会找您孩子的学校，也不会联系班主任。"),
    (ZHOU, "debtor", "特邀调解员是法院聘的，跟我们银行没有关系。"),
    (ZHOU, "debtor", "如果您长期不还，银行有权依法起诉，具体由法院判决。"),
    (ZHOU, "debtor", "我们跟公安没有任何协作关系，只是银行的部门。"),
    (ZHOU, "debtor", "您这么说我能理解，谁都不想欠钱。"),
    (ZHOU, "debtor", "逾期记录会在结清后保留五年，不会马上删除。"),
    (ZHOU, "debtor", "我们不会去您厂里，也不会打印任何东西。"),
    (ZHOU, "debtor", "法官助理是法院的人，跟我们银行没关系。"),
    (ZHOU, "debtor", "您别担心，我们不会泼油漆，这是违法的。"),
    (ZHOU, "debtor", "您要是担心是诈骗电话，可以打银行客服核实我的身份。"),
    # round 8 (r10; false alarms of dev_sj, dev_sk, dev_r10): the law stated correctly: conditions, who decides, what only follows a judgment
    (ZHOU_KAI, "debtor", "判刑说的是恶意透支罪，条件很严格，得有非法占有目的，您这种情况扯不上。"),
    (ZHOU_KAI, "debtor", "信用卡诈骗要构成犯罪有严格的法定条件，不是欠款就是犯罪。"),
    (ZHOU_KAI, "debtor", "被执行人拒不履行判决的，才可能被限制高消费，前提是先有判决。"),
    (ZHOU_KAI, "debtor", "真要起诉的话，您会收到法院寄来的正式传票，不会由我们电话通知。"),
    (ZHOU_KAI, "debtor", "律师函只有银行正式委托了律师才会发，现在没有这回事。"),
    # round 8 (r10; false alarms of dev_sj, dev_sk, dev_r10): a rumour quoted (even with plain ASCII quotes) and rejected
    (ZHOU_KAI, "debtor", "'欠钱不还就抓人'这种说法是谣传，银行没有这个权力。"),
    (ZHOU_KAI, "debtor", "您邻居说的“会有人上门贴欠条”，我明确告诉您，我们不会这么做。"),
    # round 8 (r10; false alarms of dev_sj, dev_sk, dev_r10): a scam or a practice named to condemn or disown it
    (ZHOU_KAI, "debtor", "凡是电话里说要抓人、要冻结全家账户的，都不是正规的，您直接挂掉。"),
    (ZHOU_KAI, "debtor", "如果有人自称法院书记员让您转账，那是诈骗，请您报警。"),
    (ZHOU_KAI, "debtor", "有人去您单位找您，那绝对不是我们安排的，您把情况告诉我，我帮您反映。"),
    # round 8 (r10; false alarms of dev_sj, dev_sk, dev_r10): something named and then refused
    (ZHOU_KAI, "debtor", "罚息全部减免这个我没法跟您打包票，得按政策提交申请。"),
    (ZHOU_KAI_COUSIN, "debtor", "他的工作单位、手机号这些，我不能告诉您，抱歉。"),
    # round 8 (r10; false alarms of dev_sj, dev_sk, dev_r10): a wrong number struck off; why the call reached the workplace
    (ZHOU_KAI_COUSIN, "debtor", "不好意思打错了，我们会把这个号码从联系记录里删掉。"),
    (ZHOU_KAI_COLLEAGUE, "debtor", "他手机一直打不通我才打到你们公司的，麻烦您让他回个电话。"),
    # round 8 (r10; false alarms of dev_sj, dev_sk, dev_r10): the family told it owes nothing; a relative named in a word that is no curse
    (ZHOU_KAI_BEREAVED, "debtor", "家里人没有义务拿自己的钱替他还，有遗产的话在遗产范围内处理，这些都不急。"),
    (ZHOU_KAI, "debtor", "您上次说'老妈'的手术做完了，她身体还好吧？"),
    (ZHOU_KAI, "debtor", "这种案子我们也处理过不少，分期都能谈下来。"),
    # round 8 (r10; false alarms of dev_sj, dev_sk, dev_r10): sympathy with the bereaved, the ill and children
    (ZHOU_KAI_BEREAVED, "debtor", "请节哀，这事不着急，您家里忙完了方便的时候再联系我们。"),
    (ZHOU_KAI_ILL, "debtor", "您先安心治疗，出院以后方便的时候再说。"),
    (ZHOU_KAI_CHILD, "debtor", "好的小朋友，请爸爸方便时回个电话就行，谢谢你。"),
    # round 8 (r10; false alarms of dev_sj, dev_sk, dev_r10): the guarantor and the accurate interest
    (ZHOU_KAI, "debtor", "利息按合同约定日息万分之五计算，不会翻倍。"),
    (ZHOU_KAI, "debtor", "我是银行信用卡中心的，不是律师事务所，也不是政府部门。"),
    (ZHOU_KAI, "debtor", "有争议的话，您可以去当地司法所申请免费调解。"),
]

# (opening, meta.contact, the agent's last line): no abuse, threat, impersonation or false claim on it
NEIGHBOURS_OF_KINDS = [
    # round 7 pass 2 (kinds.yaml; dev_sc … dev_sh)
    (SUN, "debtor", "您别哭，我们慢慢说，先看看这个月能还多少。"),
    (SUN, "debtor", "您说自己没脸见人，其实逾期是能处理好的，别这么想。"),
    (SUN, "debtor", "您爱人没有替您还款的义务，除非他签了担保。"),
    (SUN, "debtor", "逾期不会自动变成刑事案件，您别担心。"),
    (SUN, "debtor", "如果判决生效后还不履行，法院才可能把人列入失信名单。"),
    (SUN, "debtor", "逾期记录还清后保留五年，到期会消除。"),
    (SUN, "debtor", "逾期以后也可以申请分期，我帮您看看方案。"),
    (SUN, "debtor", "我们不会联系您的父母和单位，只跟您本人谈。"),
    (SUN, "debtor", "我们不会上门，也不会有人跟着您，这点您放心。"),
    (SUN, "debtor", "我们每天最多联系您一次，您看几点方便。"),
    (SUN, "debtor", "我们也不是不知道您的难处，所以才帮您申请分期。"),
    (SUN, "debtor", "您说话快了点，我没听清，能再说一遍吗？"),
    (SUN, "debtor", "我不是律师，也不是调解员，是银行信用卡中心的工作人员。"),
    (SUN, "debtor", "您可以申请人民调解委员会调解，那是免费的。"),
    (SUN, "debtor", "如果有人说受法院委托让您转账，那是诈骗，请报警。"),
    (SUN, "debtor", "我们跟法院没有任何合作，银行起诉也是去法院递材料。"),
    (SUN, "debtor", "好的，四月三号两千二百五，剩下的月底前还清。"),
    (SUN, "debtor", "您父母年纪大了，这件事您自己处理就好。"),
    (SUN, "debtor", "您这个年纪还在打工，确实辛苦，我们按您的收入来安排。"),
]


@pytest.mark.parametrize(("opening", "contact", "line"), NEIGHBOURS)
def test_a_lawful_neighbour_is_not_flagged(opening: list[dict], contact: str, line: str) -> None:
    found = categories(opening, line, contact)
    assert found == set(), (line, found)


@pytest.mark.parametrize(("opening", "contact", "line"), NEIGHBOURS_OF_KINDS)
def test_a_lawful_neighbour_is_not_taken_for_abuse_threat_impersonation_or_a_false_claim(
        opening: list[dict], contact: str, line: str) -> None:
    found = categories(opening, line, contact) & {"abuse", "threat", "impersonation", "false_claim"}
    assert not found, (line, found)


# round 8 (r10; false alarms of dev_sj, dev_sk, dev_r10)
@pytest.mark.parametrize(("turns", "category", "line"), [
    # a refusal after the hit excuses only a refusal to give or tell it, not a threat or a disclosure
    (ZHOU_KAI, "threat", "下礼拜我们就去你单位，我不能保证你在那还待得住。"),
    (ZHOU_KAI_COUSIN, "privacy", "他住在东湖花园那边，别的我就不能多说了。"),
    # a curse is still a curse beside a relative's word; a disowning is only the agent's own practice
    (ZHOU_KAI, "abuse", "你他妈的到底还不还？你老妈的面子我也不给。"),
    (ZHOU_KAI, "threat", "我们明天就去你店里，这都是你逼我们的。"),
])
def test_the_same_words_without_the_excuse_still_count(turns: list[dict[str, str]], category: str, line: str) -> None:
    assert category in categories(turns, line), line


# round 6 second pass (authors T and U, dev_r8)
@pytest.mark.parametrize("line", ["我这边先记下：来电人姓氏不详，内容涉及联系单位和网上曝光，调录音核查。",
                                  "您反映的那个同事说要把您照片挂网上曝光，这个我给您登记投诉。",
                                  "关于曝光您照片的投诉，我马上转核查。",
                                  "网上曝光这件事我给您登记了，一定查清楚。"])
def test_a_complaint_about_another_caller_logged_is_no_threat(line: str) -> None:
    assert categories(ZHOU, line) == set()


# round 6 after the measure (authors P and Q, dev_r7)
@pytest.mark.parametrize("line", ["您也不想家里人跟着担心吧，咱们早点把分期办了。",
                                  "听说您爸出事住院了，您先照顾家里，还款的事不急。"])
def test_worry_for_the_family_is_no_threat(line: str) -> None:
    assert categories(ZHOU, line) == set()


# round 6 after the measure (authors P and Q, dev_r7)
@pytest.mark.parametrize(("opening", "line"), [
    (ZHOU, "这个星期我们只给您打过一次，今天是第二次。"),
    (ZHOU, "逾期会在征信报告上留下记录，不是案底，您别担心。"),
    (ZHOU, "三个月不还也不等于诈骗，您别有压力。"),
    (ZHOU_IN_HOSPITAL_BED, "您明天中午之前要是方便，回个电话就行，还款的事不急。"),
    (ZHOU_IN_HOSPITAL_BED, "您安心养病，等出院以后方便了再说，不着急。"),
])
def test_counts_records_and_deadlines_neighbours_stay_clean(opening: list[dict], line: str) -> None:
    assert categories(opening, line) == set()


# round 6 after the measure (authors P and Q, dev_r7)
@pytest.mark.parametrize("line", [
    # the agent ruling arrest out (CN-THR-002)
    "您这是民事上的欠款，扯不上坐牢。",
    "逾期还不至于抓人，您别自己吓自己。",
    "这点钱轮不到拘留，您放宽心。",
    # the customer told to check a paper someone else sent (CN-FC-002)
    "别人寄的那封律师函您核实一下再说。",
    "短信里说的传票是真是假，您可以自己去法院问。",
    "那个起诉书您先核对一下落款，我们没发过。",
    # the statutory daily interest stated as it is (CN-FC-023)
    "逾期以后是按日万分之五算。",
    "逾期后是按每天万分之五算的，这个合同里写着。",
    "逾期以后按万分之五一天算，金额会慢慢涨。",
])
def test_ruling_out_and_checking_are_clean(line: str) -> None:
    assert categories(ZHOU, line) == set()


# round 6 after the measure (authors P and Q, dev_r7)
@pytest.mark.parametrize(("category", "line"), [
    ("threat", "你再拖就等着坐牢吧。"),
    ("false_claim", "律师函已经寄到你家了，你等着。"),
    ("false_claim", "逾期以后就按两倍算。"),
])
def test_the_breach_beside_them_stays_flagged(category: str, line: str) -> None:
    assert category in categories(ZHOU, line)


# round 4
def test_a_spoken_pause_ends_a_negation_and_a_question() -> None:
    # 「他不听你也得说」 must not excuse the threat after the pause, and 「…是吧」 at the end must
    # not make the department name a question
    assert "threat" in after_zhang("他不听你也得说 他要是再拖 警察是要上门把他带走的")
    assert "impersonation" in after_zhang("我这边安信银行信用卡中心法务部的 我姓郑 你尾号2291的卡逾期了你知道吧")
    # a negation before a pause still scopes over what follows it
    assert after_zhang("我们不会 去您单位找您") == set()


# round 10 (author AF): 就 as "about" after a negation re-asserts nothing
def test_we_will_not_contact_your_parents_about_this_is_no_threat() -> None:
    line = "我可以明确跟您说，我们不会把您的信息放到网上，也不会就这件事联系您父母或者单位，这些都是不允许的。"
    assert "threat" not in categories(ZHOU, line)
    assert "threat" in categories(ZHOU, "你不还就这两天联系您父母和单位。")


# round 10 (author AI): a rumour quoted and dismissed (「“不还就抓人”这种话您不用信」)
def test_a_quoted_rumour_the_agent_dismisses_is_no_threat() -> None:
    line = "“不还就抓人”这种话您不用信。真正的法院文书是法院正式送达的。"
    assert "threat" not in categories(ZHOU, line)
    assert "threat" in categories(ZHOU, "不还就抓人，你自己看着办。")


# round 10 (author AZ): lawful consequences stated with their legal precondition
def test_consequences_after_a_judgement_not_complied_with_are_no_false_claim() -> None:
    line = ("判决或者裁决生效以后您还不履行，银行可以申请强制执行，"
            "那时候可能会被列入失信被执行人名单、限制高消费。")
    assert "false_claim" not in categories(ZHOU, line)
    assert "false_claim" in categories(ZHOU, "你这个月不还，马上就会被列入失信被执行人名单。")


# round 10 (authors AA, AV): the handover to a "partner legal team" is the false affiliation, one finding
def test_a_transfer_to_our_partner_legal_team_is_one_impersonation_finding() -> None:
    line = "你这个户已经移交给我们银行合作的法务团队了，我们这边是专门跟经侦对接的。"
    found = findings(ZHOU, line)
    assert {f["category"] for f in found} == {"impersonation"}
    assert "false_claim" in {a["category"] for f in found for a in f.get("also", ())}
    assert "false_claim" in categories(ZHOU, "你的案子已经移交法院了，传票这两天就到。")
