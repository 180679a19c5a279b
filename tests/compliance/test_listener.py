"""Round 7, pass 2: who is on the line, what is revealed to whom (trainer/data/rules/listener.yaml).

Each kind is written once as a frame; the sentences here are our own paraphrases, in none of the
development sets, each breach with clean neighbours in the same words.
"""

from __future__ import annotations

import pytest

from tests.helpers_audit import (
    WRONG_NUMBER,
    ZHOU_AFTER_SURGERY,
    ZHOU_CHILD,
    ZHOU_COLLEAGUE,
    ZHOU_CRYING,
    ZHOU_MOTHER,
    ZHOU_NO_DEPT,
    ZHOU_WIDOW,
    found_per_turn,
)
from tests.helpers_audit import categories as reported
from tests.helpers_audit import categories_with_also as categories

DEBTOR = [{"speaker": "agent", "text": "您好，我是安信银行信用卡中心司法调查组的李娜，请问是陈刚先生本人吗？"},
          {"speaker": "debtor", "text": "是我，什么事？"}]
SICK = [{"speaker": "agent", "text": "您好，我是安信银行信用卡中心司法调查组的李娜，请问是陈刚先生本人吗？"},
        {"speaker": "debtor", "text": "是我。我在医院住院，刚做完手术。"}]


def third(says: str) -> list[dict]:
    return [{"speaker": "agent", "text": "您好，请问是陈刚先生吗？"}, {"speaker": "third_party", "text": says}]


CHILD = third("我妈妈不在家，我是她女儿，今年上三年级。")
WIDOW = third("我是他爱人，他上个礼拜走了，后事刚办完。")
COLLEAGUE = third("他不在，我是他同事。")

# (opening, line, category the line breaches or None for a clean neighbour)
CASES = [
    # a person's whereabouts, calls, records, children or ex held over the debtor
    (DEBTOR, "你几点出门几点回家，我们这边掌握得一清二楚。", "privacy"),
    (DEBTOR, "你每天晚上九点下班，走的是后门，对吧？", "privacy"),
    (DEBTOR, "您上个月跟谁打电话打得最多，我这都查得着。", "privacy"),
    (DEBTOR, "我们根据您的社保缴纳记录，知道您换到哪家公司了。", "privacy"),
    (DEBTOR, "您前夫现在住哪，我们也打听到了。", "privacy"),
    (DEBTOR, "您的还款记录我们这边都有记录，上个月十五号还过一笔。", None),
    (DEBTOR, "我们无权查看您的定位，也不会打听您家人的情况。", None),
    (DEBTOR, "每天早上八点到晚上八点都能打客服电话。", None),
    # a person's papers and details sent or read to others
    (DEBTOR, "您的身份证号我转给您那几位联系人了。", "privacy"),
    (DEBTOR, "你的住址和电话我已经发到你们公司群里了。", "privacy"),
    (DEBTOR, "您通讯录里这几个人的名字我给您念一下。", "privacy"),
    (DEBTOR, "办分期需要您把身份证复印件发给我们。", None),
    (DEBTOR, "您的个人信息我们不会发给任何人。", None),
    # the debtor's home, pay, calls, spending, origins told to a third party
    (COLLEAGUE, "他现在租的房子就在你们厂后面那个小区。", "privacy"),
    (COLLEAGUE, "他每个月十五号进账一万出头，不该还不上。", "privacy"),
    (COLLEAGUE, "他户口在四川达州，八七年出生的，你认识吧？", "privacy"),
    (COLLEAGUE, "他前两天在市中心的酒店住了两晚，你知道跟谁去的吗？", "privacy"),
    (COLLEAGUE, "他那张卡的身份证复印件我可以发您看看。", "privacy"),
    (COLLEAGUE, "他住哪我们不能告诉您，麻烦您请他回个电话。", None),
    (COLLEAGUE, "您知道他现在住哪吗？不方便说也没关系。", None),
    # the crisis or the illness brushed aside, and the money asked all the same
    (DEBTOR, "又是不想活了？这种话我听多了，钱还是要还。", "vulnerable"),
    (DEBTOR, "装可怜对我没用，说吧，哪天还。", "vulnerable"),
    (SICK, "做手术也不耽误还款，手机上点一下就行。", "vulnerable"),
    (SICK, "您病成这样，更应该赶紧把账结了，省得给家里人留麻烦。", "vulnerable"),
    (SICK, "住院费都交得起，两千块的卡钱交不起？", "vulnerable"),
    (SICK, "您先安心养病，还款的事不着急，等您出院以后再说。", None),
    (DEBTOR, "您要是有想不开的念头，请拨打心理援助热线，我们暂停催收。", None),
    # a bereaved or ill family pressed: someone must carry it, say something today, the system won't wait
    (WIDOW, "我理解，可这两万块总得有人出来还，您看家里谁来？", "vulnerable"),
    (WIDOW, "我们这边流程不等人，这礼拜得给个说法。", "vulnerable"),
    (WIDOW, "人是不是真走了，谁知道是不是你们编的？", "vulnerable"),
    (WIDOW, "请您节哀，这件事不着急，您不需要替他还。", None),
    (WIDOW, "节哀，等您方便的时候我们再说后续的手续。", None),
    # a child asked about the family's money, cards and passwords
    (CHILD, "你知道妈妈的银行卡放在哪个抽屉吗？", "vulnerable"),
    (CHILD, "你们家平时谁管钱呀？", "vulnerable"),
    (CHILD, "你把妈妈手机的支付密码跟阿姨说一下。", "vulnerable"),
    (CHILD, "用你的压岁钱先给阿姨转一点好吗？", "vulnerable"),
    (CHILD, "好的小朋友，等妈妈回来让她回个电话就行。", None),
    # the listener's own question told back before a refusal is no disclosure
    (third("我是他妈，他是不是欠你们钱了？"), "您问是不是他欠钱了，这个我不方便说，请他本人回个电话。", None),
    (third("我是他姐，他是不是信用卡逾期了？"), "您刚才说信用卡逾期，这个我没法确认，请他自己联系我们。", None),
    (third("我是他爸，他住哪你们知道吗？"), "您问他住哪，这个我们不能告诉您。", None),
]


@pytest.mark.parametrize(("opening", "line", "breach"), CASES, ids=[c[1][:12] for c in CASES])
def test_each_kind_is_found_and_its_neighbours_stay_clean(opening, line, breach):
    found = categories(opening, line)
    if breach is None:
        assert not found & {"privacy", "vulnerable", "third_party_disclosure"}, found
    else:
        assert breach in found, found


def test_the_echoed_question_does_not_hide_a_disclosure_after_it():
    found = categories(third("我是他妈，他是不是欠你们钱了？"), "您问是不是欠钱了？对，他欠了我们三万多。")
    assert "third_party_disclosure" in found


# a message left with a third party that names the debt, its collection or "that matter"
MESSAGES = [
    ("你回头跟他讲，银行催款的电话又来了。", "third_party_disclosure"),
    ("你就说是信用卡那边的事，他自己心里有数。", "third_party_disclosure"),
    ("他在我们行好几个月没动静了，您帮着问问。", "third_party_disclosure"),
    ("他外头有笔账拖着没处理，你多提醒他。", "third_party_disclosure"),
    ("你们做兄弟的，也得帮一把，把这个窟窿补上。", "third_party_disclosure"),
    ("麻烦您让他给安信银行回个电话，谢谢。", None),
    ("我是银行的工作人员，具体事情只能跟他本人沟通。", None),
]


@pytest.mark.parametrize(("line", "breach"), MESSAGES, ids=[m[0][:12] for m in MESSAGES])
def test_a_message_that_names_the_debt_is_disclosure(line, breach):
    found = categories(third("他不在，我是他朋友。"), line)
    if breach is None:
        assert "third_party_disclosure" not in found, found
    else:
        assert breach in found, found


# the agent's own count of today's calls, in ordinal words
COUNTS = [
    ("今天打到你单位已经是第五次了。", True),
    ("我这一上午给你拨的是第九个了。", True),
    ("今天光你家座机我就打了第六遍了。", True),
    ("今天是第一次联系您，打扰了。", False),
    ("今天我们只打这一次，以后按约定的时间联系您。", False),
    ("您这个说法我今天听到第四回了。", False),
]


@pytest.mark.parametrize(("line", "breach"), COUNTS, ids=[c[0][:12] for c in COUNTS])
def test_the_agents_own_count_of_todays_calls_is_harassment(line, breach):
    assert ("harassment" in categories(DEBTOR, line)) is breach


def test_calls_until_the_debtor_pays_are_the_threat_not_harassment():
    # a threat of calls is a threat (not the calling-hours breach); said to a patient it also presses
    # the vulnerable, its own line since round 13
    found = reported(SICK, "明天下午三点前看不到钱，我就一个钟头给你打一回，打到你还为止。")
    assert found == {"threat", "vulnerable"}, found


# (opening, meta.contact, the agent's last line): no privacy, vulnerable or third-party finding on it
# (categories as reported, without ``also``)
LISTENER_NEIGHBOURS = [
    # round 7, r9 material (who is told what)
    (ZHOU_COLLEAGUE, "debtor", "抱歉，他的单位、电话这些我都不能跟您说，请他本人联系我们。"),
    (ZHOU_COLLEAGUE, "debtor", "他的住址我们不需要，您请他回个电话就行。"),
    (ZHOU_COLLEAGUE, "debtor", "麻烦您转告他回电，我们的号码尾号是5588。"),
    (ZHOU_COLLEAGUE, "debtor", "您是前台吧？请问你们公司的地址是在3号楼吗？"),
    (ZHOU_COLLEAGUE, "debtor", "您是他的紧急联系人吗？麻烦您转告他回电。"),
    (ZHOU_NO_DEPT, "debtor", "请您核对一下身份证号后四位，是多少？"),
    (ZHOU_NO_DEPT, "debtor", "您的个人信息我们都严格保密，不会发到任何地方。"),
    (ZHOU_NO_DEPT, "debtor", "我们不会打给您的同事，他们的电话我们也没有。"),
    (ZHOU_COLLEAGUE, "debtor", "他爱人叫什么名字您知道吗？"),
    (ZHOU_COLLEAGUE, "debtor", "他工资多少我们不清楚，也不需要您说。"),
    (ZHOU_NO_DEPT, "debtor", "您刷卡消费的那几千块，可以申请分期。"),
    (ZHOU_WIDOW, "debtor", "请节哀，等您把后事办完了，方便时带上证明到网点就行。"),
    (ZHOU_WIDOW, "debtor", "您先忙后事，账户的事之后再说，不用着急。"),
    (ZHOU_AFTER_SURGERY, "debtor", "您先安心养病，等出院以后我们再商量怎么还。"),
    (ZHOU_CRYING, "debtor", "您先别哭，我们不催您，先把情绪稳一稳。"),
    (ZHOU_CRYING, "debtor", "您说不想活了，我很担心您，您身边有人吗？"),
    (ZHOU_CHILD, "debtor", "好的小朋友，那你跟爸爸说回个电话就好，别的不用管。"),
    (ZHOU_MOTHER, "debtor", "阿姨，这件事您不用管，也不需要替他出钱，请他本人回个电话就行。"),
    (ZHOU_MOTHER, "debtor", "您主动说想帮他还，我心领了，不过还是要请他本人联系我们。"),
    (WRONG_NUMBER, "debtor", "抱歉，请问您这个号码是一五九开头、尾号三三零七的吗？"),
    (ZHOU_WIDOW, "debtor", "请节哀，他的信用卡我们这边会先停止催收，后续按遗产继承的规定处理。"),
    (ZHOU_WIDOW, "debtor", "您看后续怎么安排方便，等您忙完再联系我们就行。"),
    (ZHOU_WIDOW, "debtor", "您需要带上死亡证明到网点办理手续。"),
    (ZHOU_AFTER_SURGERY, "debtor", "如果您方便，可以先把住院证明发给我们，我们给您申请暂停催收。"),
    (ZHOU_AFTER_SURGERY, "debtor", "您先安心养病，最低还款的事等您出院以后再说。"),
    (ZHOU_CRYING, "debtor", "您别着急，钱的事我们可以慢慢来，先照顾好自己。"),
]


@pytest.mark.parametrize(("opening", "contact", "line"), LISTENER_NEIGHBOURS)
def test_a_lawful_neighbour_on_the_line_stays_clean(opening: list[dict], contact: str, line: str) -> None:
    found = reported(opening, line, contact)
    assert not found & {"privacy", "vulnerable", "third_party_disclosure"}, found


# round 4
# (categories expected on the last turn, meta.contact, the call so far): who is on the line
ON_THE_LINE = [
    ({"third_party_disclosure"}, "third_party",
     [("agent", "喂 请问是刘强吗"), ("debtor", "我是他老婆 他不在 你哪位"),
      ("agent", "我是安信银行的姓王 呃 就是他那个信用卡 拖了快三个月了 一直没处理")]),
    (set(), "third_party",
     [("agent", "喂 请问是刘强吗"), ("debtor", "我是他老婆 他不在 你哪位"),
      ("agent", "我是安信银行的姓王 有点个人的事情找他 麻烦让他回个电话")]),
    ({"vulnerable"}, "third_party",
     [("agent", "请问杨建军在家吗"), ("debtor", "我爸不在家 我上四年级"), ("agent", "你有压岁钱吧 先帮你爸还一点")]),
    (set(), "third_party",
     [("agent", "请问杨建军在家吗"), ("debtor", "我爸不在家 我上四年级"),
      ("agent", "好的小朋友 那等你爸爸回来让他回个电话 谢谢你")]),
    ({"vulnerable"}, "debtor",
     [("agent", "请问是邱先生吗"), ("debtor", "是 我在医院 刚做完手术"),
      ("agent", "我是安信银行信用卡中心的 我姓曹 那个手术归手术 今天怎么也得先转一千过来")]),
    (set(), "debtor",
     [("agent", "请问是邱先生吗"), ("debtor", "是 我在医院 刚做完手术"),
      ("agent", "我是安信银行信用卡中心的 我姓曹 您先安心养病 等您出院了我们再联系")]),
    (set(), "third_party",
     [("agent", "请问是周长林先生吗"), ("debtor", "我爸上个月去世了 我是他女儿"),
      ("agent", "实在抱歉 请您节哀 后续的事等您方便的时候带着相关证明到网点办理就行")]),
]


# round 4
@pytest.mark.parametrize(("expected", "contact", "turns"), ON_THE_LINE, ids=[c[2][-1][1][:12] for c in ON_THE_LINE])
def test_who_is_on_the_line_decides(expected: set[str], contact: str, turns) -> None:
    got = found_per_turn(turns, contact).get(len(turns) - 1, set())
    assert expected <= got if expected else not got


# round 4
def test_a_contact_person_saying_yes_is_not_the_cardholder() -> None:
    turns = [("agent", "喂您好 请问是邱红女士吗"), ("debtor", "我是 你哪位"),
             ("agent", "邱女士您好 我这边是安信银行的姓唐 您弟弟邱海留的联系人是您"),
             ("debtor", "什么事啊"),
             ("agent", "就是他在我们这信用卡欠了两万一千多 快半年了")]
    assert "third_party_disclosure" in found_per_turn(turns, contact="third_party").get(4, set())
    assert "third_party_disclosure" not in found_per_turn(turns, contact="debtor").get(4, set())


# round 4
def test_after_a_death_a_later_yes_does_not_verify_anyone() -> None:
    turns = [("agent", "您好，请问是周长林先生吗？"), ("debtor", "我是他儿子。我爸上个月走了。"),
             ("agent", "请您节哀。请问家里现在是谁在处理后事？"), ("debtor", "是我在弄。什么事？"),
             ("agent", "周先生有一张信用卡欠款四万多，你们家里得尽快安排一下，最好这个月就把钱还上。")]
    assert "vulnerable" in found_per_turn(turns).get(4, set())
