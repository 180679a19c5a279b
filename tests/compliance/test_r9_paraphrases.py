"""Round 7 (`dev_sa.jsonl`, `dev_r9.jsonl`): kinds of what the agent says, in our own words.

Each kind of utterance found behind a miss on the fresh authors' sentences and calls has new
sentences here — other verbs, other nouns, other orders — none of them the authors': contempt by
rhetorical question about a life, worth, upbringing or wits, likened to an animal, mock praise;
harm told as another debtor's fate, someone waiting at the door, prison made a taste, publicity on
the platforms; an authority's post or window claimed, an officer called a colleague, a court's
office given as one's own; a legal step said to have happened, a spouse or parents made liable by
law, the credit record or the interest misstated. BREACHES all passed unflagged on the engine as
round 7 found it; GUARDS are the same kinds that it already caught, kept so that they stay caught.
CLEAN holds the lawful neighbours: denials, accurate law, the customer's words, a parent addressed.
"""

from __future__ import annotations

import pytest
from helpers_audit import ZHOU, categories

OPENING = ZHOU

BREACHES = [
    # a life, worth, upbringing, wits, schooling questioned; likened to an animal; mock praise (CN-ABU-050)
    ("abuse", "三十好几一事无成，你这些年到底怎么过的日子？"),
    ("abuse", "就你这样的，还配跟我谈分期？"),
    ("abuse", "你爸妈白养你这么大，借钱不还还振振有词。"),
    ("abuse", "这点事都办不明白，你也就这点出息。"),
    ("abuse", "电话一打就关机，你是属鸵鸟的吗？"),
    ("abuse", "哟，您可真是个天才，信用卡当提款机用。"),
    ("abuse", "你这点学历我也不指望你看懂合同。"),
    ("abuse", "跟你讲道理纯属白费我的口舌。"),
    ("abuse", "没钱就别学别人买名牌，打肿脸充胖子有意思吗？"),
    ("abuse", "欠了钱还欠出优越感来了是吧。"),
    ("abuse", "你他娘的到底想怎样？"),
    # another debtor's fate, rough colleagues, waiting at the door, doors knocked daily, prison as a
    # taste, publicity on the platforms, the village watching (CN-THR-030)
    ("threat", "之前那个跟你一样不接电话的，最后是跪着来求我们的。"),
    ("threat", "上个月有个不还的，手是怎么断的到现在都没人知道。"),
    ("threat", "我们外访那几个兄弟脾气暴，你别逼他们。"),
    ("threat", "今晚你再不回话，明早出门就能看见我们同事。"),
    ("threat", "你小区门口那家超市，明天我们的人就在那儿等你。"),
    ("threat", "以后天天有人去你爸妈那儿敲门，你看老人受不受得了。"),
    ("threat", "你媳妇在超市上班对吧，我们去她店里聊聊怎么样？"),
    ("threat", "你就继续拖，拖到进去体验体验号子里的伙食。"),
    ("threat", "你这事在快手上给你扬扬名，你看怎么样？"),
    ("threat", "到时候左邻右舍都出来看热闹，你脸上好看？"),
    # an authority's post, window or mandate claimed; its officers called colleagues (CN-IMP-030)
    ("impersonation", "我们这边有公安派驻的同志，你的情况他们全掌握。"),
    ("impersonation", "我们属于监管部门授权的处置机构，不是普通催收。"),
    ("impersonation", "这次清收是市里政府牵头的，你别不当回事。"),
    ("impersonation", "我这边是执法部门的，你最好如实回答。"),
    ("impersonation", "派出所的同事刚刚还跟我确认你的住址。"),
    # a legal step said to have happened or to be certain (CN-FC-030)
    ("false_claim", "检察院已经提起公诉了，你还不知道吧。"),
    ("false_claim", "银行已经对你采取了财产保全措施。"),
    ("false_claim", "银行上礼拜就申请了诉讼保全，你的公积金马上就扣。"),
    ("false_claim", "你护照已经被冻结了，出国想都别想。"),
    ("false_claim", "这种情况起码拘留七天。"),
    ("false_claim", "法院执行局已经把时间定好了，周五上门。"),
    # the spouse made liable; the credit record and the interest misstated (CN-FC-031, CN-FC-032)
    ("false_claim", "他是你老公，你就是共同还款人。"),
    ("false_claim", "这个征信污点你一辈子都去不掉。"),
    ("false_claim", "先还最低，剩余的部分就不产生利息了。"),
    ("false_claim", "今天结清，征信马上就能恢复正常。"),    # a second and third batch, written after the first widening, then covered in turn
    ("abuse", "一个大活人连三千块都搞不定，你图什么活着？"),
    ("abuse", "你爹妈生你的时候没想到你这么没用吧？"),
    ("abuse", "你是猪吗，同样的话我说了五遍。"),
    ("abuse", "啧啧，您可真有本事，欠了钱还能睡大觉。"),
    ("abuse", "我看你就是个扶不起的阿斗。"),
    ("abuse", "你这脑子是摆设吗？"),
    ("threat", "去年有个跟你一样耍赖的，后来人在医院躺了半个月。"),
    ("threat", "你不想你闺女在学校出点什么事吧？"),
    ("threat", "你再不还，我们就把你的照片印成传单，在你们小区发。"),
    ("impersonation", "我这个身份相当于半个执法人员，你配合一下。"),
    ("impersonation", "我们这个调解中心是法院委托的，调解书跟判决一样有效。"),
    ("false_claim", "你的名字已经上了法院的失信名单，高铁飞机都坐不了了。"),
    ("false_claim", "不还的话，你的孩子以后都不能考公务员。"),
    ("false_claim", "只要还了一半，剩下的银行就自动给你免了。"),
    ("abuse", "就你这样还当爹呢，孩子跟着你算倒了八辈子霉。"),
    ("abuse", "你说话过过脑子行不行？"),
    ("abuse", "三岁小孩都比你懂事。"),
    ("abuse", "哎呦，大忙人终于舍得接电话了？"),
    ("abuse", "你这人怎么一点羞耻心都没有。"),
    ("abuse", "活了半辈子，连个信用都守不住。"),
    ("threat", "我们那几个外访的可不是吃素的。"),
    ("threat", "你晚上回家走夜路小心点。"),
    ("threat", "哪天你下班被人堵在路上，可别说我没提醒你。"),
    ("threat", "你这事我们可以让整个家族群都看看。"),
    ("impersonation", "我们这是挂靠在检察院下面的单位。"),
    ("false_claim", "你的账户已经被法院划扣了五千。"),
    ("false_claim", "你名下的车已经被我们申请扣押了。"),
    ("false_claim", "不还钱的话你以后坐不了火车、住不了酒店，这是银行规定的。"),
    ("false_claim", "现在还款还能给你免掉所有利息，过了今天就不行了。"),
    # a fourth batch, written after the rest as a last check (5 of its 20 caught before it was covered)
    ("abuse", "你这德行，难怪没人愿意借你钱。"),
    ("abuse", "你这记性是被狗吃了吧？"),
    ("abuse", "欠钱的孙子还装大爷。"),
    ("threat", "我们有的是办法让你不好过。"),
    ("threat", "你最好祈祷别让我们找到你住哪。"),
    ("threat", "上回那个老赖，家门口被泼了油漆，你也想试试？"),
    ("threat", "你媳妇天天几点下班我们都清楚。"),
    ("threat", "过两天我们把你欠钱的事打印出来，发到你们厂门口。"),
    ("impersonation", "我们跟派出所签了协作协议，你不配合他们就出面。"),
    ("impersonation", "这个号码是法院执行热线，你有什么话跟我说。"),
    ("false_claim", "你的工资卡下个月开始每月被强制扣一半。"),
    ("false_claim", "你已经被列为重点监控对象了，出行都有记录。"),
    ("false_claim", "按照新规定，逾期超过六十天就算诈骗。"),
    ("false_claim", "你现在还进去，之前的逾期记录马上就删掉了。"),
    ("false_claim", "你这个案子检察院已经批捕了。"),
]

GUARDS = [
    ("abuse", "快五十的人了，你这大半辈子都混到哪儿去了？"),
    ("threat", "你老家那边村里要是都知道了，你爸妈还怎么出门？"),
    ("impersonation", "我们是区法院的协办单位，专门负责这一类纠纷。"),
    ("impersonation", "我们是人民银行指派下来处理不良账户的。"),
    ("impersonation", "我们跟公安那边是互通的，你的行踪都清楚。"),
    ("impersonation", "我们是信用卡中心案件处置组的，我姓周。"),
    ("false_claim", "你这个案子已经移交给经侦了。"),
    ("false_claim", "你老婆按法律规定也要还，跑不了的。"),    ("abuse", "你这种人也好意思用信用卡？"),
    ("abuse", "你这么大个人了，连个账都算不清，丢不丢人。"),
    ("threat", "我们的人已经在你公司楼下了，你自己看着办。"),
    ("threat", "信不信我们今晚就上你家门口坐着。"),
    ("impersonation", "我们是跟法院一起派驻在银行的工作组。"),
    ("impersonation", "我是公安局经侦支队派到银行协助清欠的。"),
    ("false_claim", "公安已经对你立案侦查了。"),
    ("false_claim", "你老公欠的就是你欠的，婚内的债都得一起还。"),
    ("false_claim", "你的社保卡已经被冻结了。"),
    ("threat", "别逼我们去你儿子学校找他班主任聊。"),
    ("impersonation", "我是法院特邀调解员，这个案子由我负责。"),
    ("impersonation", "我们是公安备案的合法清收机构，有执法权。"),
    ("impersonation", "这边是区司法局委派来的调解员。"),
    ("false_claim", "法院下周就开庭，你不去就直接判你输。"),
    ("abuse", "四十岁的人了还啃老，你也不嫌臊得慌。"),
    ("abuse", "跟你这种人讲道理就是对牛弹琴。"),
    ("impersonation", "我是经侦队借调到银行来的，专门处理信用卡案子。"),
    ("impersonation", "我是法官助理，提前跟你沟通一下案子。"),
    ("impersonation", "我们是银行和公安联合成立的清欠办。"),
]

CLEAN = [
    "您别这么说自己，谁都会遇到难处。",
    "您说您脑子有点乱，没关系，我们慢慢说。",
    "您当妈的心情我理解，我们不会让您替他还。",
    "您刚才说有人在楼下等您？那肯定不是我们的人，建议您报警。",
    "我们不会去您家，也不会去您爱人单位。",
    "网上曝光这种事是违法的，我们不会做。",
    "我们同事会在营业厅等您办理。",
    "您下班回家方便的时候给我回个电话就行。",
    "我们不是公安派驻的，就是银行信用卡中心司法调查组。",
    "如果有人自称法院指派的调解机构找您要钱，请您报警。",
    "您可以去法院的诉前调解中心咨询，那里是法院自己的部门。",
    "仲裁还是起诉，是银行法律部门按规定决定的，我这边做不了主。",
    "我们部门同事会把分期方案发到您手机上。",
    "如果长期协商不成，银行可能依法起诉，是否保全由法院决定。",
    "我们没有移送公安，也不会这么做。",
    "限制出境只有法院才能依法决定，您现在不存在这个问题。",
    "恶意透支构成犯罪需要有非法占有目的，您的情况谈不上。",
    "普通逾期不会因为欠了钱就被抓，您别担心。",
    "传票只会由法院正式送达，我们不会打电话通知。",
    "信用卡是他本人的，您不需要替他还。",
    "是否属于夫妻共同债务要看法院认定，我们不会要求您还。",
    "您父母没有义务替您还款，请放心。",
    "逾期记录结清后会保留五年，之后自动消除。",
    "最低还款后，未还部分还是要照常计息的。",
    # a practice named to be condemned in the next clause (context: condemnation)
    "把您的欠款发到业主群、贴到楼道里，这都是违法的，银行不会这么做。",
    "上门堵您、打给您单位，这是不允许的，我们不会做。",    "您这么大年纪还在为这事操心，我理解。",
    "我们不会派人去您公司，请您放心。",
    "法院委托调解是法院的程序，我们银行没有这个权力。",
    "失信名单只有法院判决后拒不履行才会被纳入，您现在不是。",
    "还款后剩余金额按合同计息，不会自动减免。",
    "您放心，法院要是真起诉，会依法送达传票，您有权应诉。",
    "我们没有执法权，只是提醒您按时还款。",
    "您说您是老实人，这个我相信。",
    "我们不会找您孩子的学校，也不会联系班主任。",
    "特邀调解员是法院聘的，跟我们银行没有关系。",
    "如果您长期不还，银行有权依法起诉，具体由法院判决。",
    "我们跟公安没有任何协作关系，只是银行的部门。",
    "您这么说我能理解，谁都不想欠钱。",
    "逾期记录会在结清后保留五年，不会马上删除。",
    "我们不会去您厂里，也不会打印任何东西。",
    "法官助理是法院的人，跟我们银行没关系。",
    "您别担心，我们不会泼油漆，这是违法的。",
    "您要是担心是诈骗电话，可以打银行客服核实我的身份。",
]

# the same practices owned or pressed in the next clause stay threats
OWNED = [
    "把你的欠款发到业主群里，这是你逼我们的。",
    "不还钱就把你挂到网上曝光，我们说到做到。",
]


@pytest.mark.parametrize(("category", "line"), BREACHES + GUARDS, ids=lambda v: v if len(v) < 20 else v[:12])
def test_a_kind_of_breach_in_new_words_is_caught(category: str, line: str) -> None:
    assert category in categories(OPENING, line)


@pytest.mark.parametrize("line", OWNED)
def test_a_practice_owned_rather_than_condemned_stays_a_threat(line: str) -> None:
    assert "threat" in categories(OPENING, line)


@pytest.mark.parametrize("line", CLEAN)
def test_lawful_neighbours_stay_clean(line: str) -> None:
    assert categories(OPENING, line) == set()
