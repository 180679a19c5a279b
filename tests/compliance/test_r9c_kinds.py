"""Round 7, pass 2 (``kinds.yaml``): the kinds behind the fresh authors' misses, in our own words.

Six authors' sentences (``dev_sc.jsonl`` … ``dev_sh.jsonl``) were read for abuse, threat,
impersonation and false claims, and each miss named as a kind of utterance shared by several
authors. The sentences below are none of theirs: other nouns, other verbs, other orders, five or
more per kind, and each kind's lawful neighbours (denials, accurate law, the customer's words,
sympathy) that must stay clean.
"""

from __future__ import annotations

import pytest
from helpers_audit import SUN, categories

OPENING = SUN

BREACHES = [
    # compared with the lowly, no face, tears and excuses mocked, vulgar spellings (CN-ABU-070)
    ("abuse", "讲真，街边要饭的都比您讲究信用。"),
    ("abuse", "你这脸皮啊，比城墙还厚三分。"),
    ("abuse", "眼泪又不能当钱使，收一收吧。"),
    ("abuse", "同样的说辞你嘴里翻来覆去，没一句是真话。"),
    ("abuse", "刷卡买包的时候咋没想到今天？"),
    ("abuse", "你是不是有点二百五，讲几遍都听不进去。"),
    # the family, the job, the age, the place made the insult (CN-ABU-080)
    ("abuse", "你妈要是知道她养了这么个赖账的，得多伤心。"),
    ("abuse", "难怪你媳妇要跟你离，这种男人谁受得了。"),
    ("abuse", "一把年纪了还让我一个小姑娘追着要账，不害臊吗？"),
    ("abuse", "还当医生呢，欠钱躲电话，这德行。"),
    ("abuse", "真替你闺女悲哀，摊上这么个当妈的。"),
    # the person's safety, the next visitors, no sleep, property taken (CN-THR-070)
    ("threat", "这阵子下班早点回家，夜路走多了总会碰上事。"),
    ("threat", "换别人来跟你谈，可没我这么好说话。"),
    ("threat", "你信不信，哪天楼下就多了几个生面孔。"),
    ("threat", "从现在起我们每小时给你打一遍，看你睡得着不。"),
    ("threat", "你那台电动车我们直接拉走抵账。"),
    ("threat", "后面的手段你可能接受不了，我劝你想清楚。"),
    # the children, the parents, the spouse's work, the contacts, made public (CN-THR-080)
    ("threat", "你闺女念哪所中学，我们也不是不知道。"),
    ("threat", "你老家村里我们也有人，二老那边随时能去坐坐。"),
    ("threat", "明天一早你爱人单位就会接到我们电话。"),
    ("threat", "你们领导要是收到一封公函，你这位子还坐得稳吗？"),
    ("threat", "你微信里那些同学，一个都跑不掉。"),
    ("threat", "我们在你小区业主群里发个还款通告，你看怎么样？"),
    # an authority's mandate, presence, line or office claimed (CN-IMP-070)
    ("impersonation", "这个案子是受市检察院委托，由我们来跟您沟通。"),
    ("impersonation", "您这个账户是监管那边挂牌督办的。"),
    ("impersonation", "派出所的同志现在就在我旁边听着。"),
    ("impersonation", "我们跟法院早就通过气了，您跑不了。"),
    ("impersonation", "我们组里有两位是从公安借调过来的。"),
    ("impersonation", "我们跟GA那边是一条线的，您心里有数。"),
    # the agent's role put among the officers of the law (CN-IMP-080)
    ("impersonation", "我现在是以调解员的身份跟您说这个事。"),
    ("impersonation", "我们部门隶属于司法系统，和客服不一样。"),
    ("impersonation", "您记一下我的执法证编号，沪0517。"),
    ("impersonation", "您就当我是法官，我说的话是算数的。"),
    ("impersonation", "您的案子已经分到我们仲裁组了。"),
    # legal steps and sanctions in force, criminal by the calendar (CN-FC-070)
    ("false_claim", "您这数额已经够拘留了，我们随时能申请。"),
    ("false_claim", "逾期满六十天系统就自动转刑事。"),
    ("false_claim", "您名下的公积金下周就会被冻结。"),
    ("false_claim", "你这个征信已经彻底黑了，还清也没用。"),
    ("false_claim", "您今天先还一千，这个起诉我就能帮您撤了。"),
    ("false_claim", "你现在坐高铁已经被限了，不信你去买票试试。"),
    # relatives liable, full payment the law, multiplied penalties (CN-FC-080)
    ("false_claim", "按规定夫妻两个人负连带责任，您爱人也得还。"),
    ("false_claim", "欠款人走了，这笔债就转到您名下了。"),
    ("false_claim", "法律规定逾期后只能一次性全额还清，不接受分期。"),
    ("false_claim", "罚息按规定翻三倍，这是国家定的。"),
    ("false_claim", "你的违约金按两倍收，合同上写着呢。"),
    ("false_claim", "当爹的也跑不了，父子的账是连在一起的。"),
    ("false_claim", "你这个在经侦那边已经挂上号了。"),
    # found on the fresh calls: the boss set on the debtor, every contact texted, a legal-sounding office
    ("threat", "再拖下去，我直接打到你们校长那去。"),
    ("threat", "系统会给你通讯录里的人发短信，你那些朋友都会收到。"),
    ("impersonation", "您好，这里是银行法务催收中心，我姓周。"),
    ("abuse", "三十好几的人，过得跟个叫花子似的。"),
]

CLEAN = [
    "您别哭，我们慢慢说，先看看这个月能还多少。",
    "您说自己没脸见人，其实逾期是能处理好的，别这么想。",
    "您爱人没有替您还款的义务，除非他签了担保。",
    "逾期不会自动变成刑事案件，您别担心。",
    "如果判决生效后还不履行，法院才可能把人列入失信名单。",
    "逾期记录还清后保留五年，到期会消除。",
    "逾期以后也可以申请分期，我帮您看看方案。",
    "我们不会联系您的父母和单位，只跟您本人谈。",
    "我们不会上门，也不会有人跟着您，这点您放心。",
    "我们每天最多联系您一次，您看几点方便。",
    "我们也不是不知道您的难处，所以才帮您申请分期。",
    "您说话快了点，我没听清，能再说一遍吗？",
    "我不是律师，也不是调解员，是银行信用卡中心的工作人员。",
    "您可以申请人民调解委员会调解，那是免费的。",
    "如果有人说受法院委托让您转账，那是诈骗，请报警。",
    "我们跟法院没有任何合作，银行起诉也是去法院递材料。",
    "好的，四月三号两千二百五，剩下的月底前还清。",
    "您父母年纪大了，这件事您自己处理就好。",
    "您这个年纪还在打工，确实辛苦，我们按您的收入来安排。",
]


@pytest.mark.parametrize(("category", "line"), BREACHES)
def test_each_kind_is_caught_in_new_words(category: str, line: str) -> None:
    assert category in categories(OPENING, line), line


@pytest.mark.parametrize("line", CLEAN)
def test_lawful_neighbours_stay_clean(line: str) -> None:
    found = categories(OPENING, line) & {"abuse", "threat", "impersonation", "false_claim"}
    assert not found, (line, found)
