"""Round 7 (r9 material): who is on the line, and what is told to whom — kinds, in our own words.

Each kind has new sentences (different words from any author's, the same kind of utterance) and
lawful neighbours that must stay clean: a person's identifiers (number fragments, the building,
employer and pay, contacts, transfers, location) told to a third party or held over the debtor;
a demand or dismissal pressed on a listener the call, or the agent's own words, shows is bereaved,
in hospital, a child or in crisis (crying, 「不想活了」); a child asked where a parent works or what
is in their account; a third party made to pay, take charge or pass the debt on. Refusing to give
details out, condolences and deferring, asking a child to have a parent call back, and a relative's
illness given by the debtor as hardship stay clean.
"""

from __future__ import annotations

import pytest
from helpers_audit import categories, findings

OPENING = [{"speaker": "agent", "text": "您好，请问是周强先生吗？"},
           {"speaker": "debtor", "text": "是。"},
           {"speaker": "agent", "text": "周先生您好，我是安信银行信用卡中心的，姓王，通话有录音。"},
           {"speaker": "debtor", "text": "嗯，什么事？"}]
COLLEAGUE = [{"speaker": "agent", "text": "您好，请问周强在吗？"},
             {"speaker": "third_party", "text": "他不在，我是他同事。你哪位？"}]
CHILD = [{"speaker": "agent", "text": "您好，请问周强在家吗？"},
         {"speaker": "third_party", "text": "我爸出去了，我上四年级。"}]
WIDOW = [{"speaker": "agent", "text": "您好，请问是周强先生家吗？"},
         {"speaker": "third_party", "text": "我是他爱人。他前阵子走了，后事刚忙完。"}]
PATIENT = [*OPENING[:3], {"speaker": "debtor", "text": "我现在在医院，刚做完手术，下不了床。"}]
CARER = [{"speaker": "agent", "text": "您好，请问是周强先生吗？"},
         {"speaker": "third_party", "text": "我是他老婆，他住院了，在ICU，手机在我这。"}]
CRYING = [*OPENING[:3], {"speaker": "debtor", "text": "（哭）我真的撑不下去了，不想活了……"}]
HARDSHIP = [*OPENING[:3], {"speaker": "debtor", "text": "我妈住院了，家里钱都花在医院了。"}]
WRONG = [{"speaker": "agent", "text": "您好，请问是周强先生吗？"},
         {"speaker": "third_party", "text": "不是，你打错了。"}]
MOTHER = [{"speaker": "agent", "text": "您好，请问周强在家吗？"},
          {"speaker": "third_party", "text": "他出去了，我是他妈。找他什么事？"}]

BREACHES = [
    # a number in part, the building, employer and pay, contacts, transfers, location — to a third party
    (COLLEAGUE, "privacy", "你是他室友吧？他身份证尾数是2215开头的那个，对不对？"),
    (COLLEAGUE, "privacy", "跟您核一下，他老婆手机号是186打头的那个，没换吧？"),
    (MOTHER, "privacy", "您女儿在城西那家仁和医院上班，一个月工资七八千，怎么会还不上。"),
    (COLLEAGUE, "privacy", "他留的联系人还有一个叫周小燕的，您认识吗？"),
    (MOTHER, "privacy", "他上个月还往一个姓郑的卡上转了两万，您知道吗？"),
    (COLLEAGUE, "privacy", "我们查到他手机定位在东莞，您让他别躲了。"),
    (COLLEAGUE, "privacy", "他住在和平里小区9号楼，我们的人会过去。"),
    (COLLEAGUE, "privacy", "他爱人叫王丽，在人民医院当护士，您认识吗？"),
    (COLLEAGUE, "privacy", "他最近老在一个酒吧消费，一晚上刷好几千。"),
    (COLLEAGUE, "privacy", "他现在的新号码是一八六五二，后面的我就不念了。"),
    (COLLEAGUE, "privacy", "他上周在天河区一家宾馆开过房，我们有记录。"),
    # others' numbers and addresses held over the debtor, or his papers to be shown round
    (OPENING, "privacy", "你大舅、你师傅的电话我们这儿都有，要不要挨个问问？"),
    (OPENING, "privacy", "你媳妇的手机尾号0932是吧？她单位地址也在我这儿。"),
    (OPENING, "privacy", "你换的那个新号我们都查到了。"),
    (OPENING, "privacy", "你丈母娘家的地址我们系统里也有。"),
    (OPENING, "privacy", "你那个前女友的号码我们也查到了。"),
    (OPENING, "privacy", "要不要我当着你们领导念一遍你的欠款？"),
    # a demand or a dismissal pressed on the bereaved
    (WIDOW, "vulnerable", "您丈夫的卡还欠着呢，抚恤金下来了先把这个还上。"),
    (WIDOW, "vulnerable", "人虽然不在了，钱的事你们做子女的得出来担着。"),
    (WIDOW, "vulnerable", "他在天之灵也不想背着债走吧，你们家里商量一下怎么还。"),
    (WIDOW, "vulnerable", "头七都过了，这个账你们打算拖到什么时候？"),
    (WIDOW, "vulnerable", "我理解您难过，可他那三万多块总不能就这么算了，您这周先还一点吧。"),
    (WIDOW, "vulnerable", "你父亲的账总要有人来平，你们兄弟几个分一分也没多少。"),
    (WIDOW, "vulnerable", "遗产还没分吧？分之前先把银行的钱扣出来。"),
    (WIDOW, "vulnerable", "您老伴的事我很遗憾，但是账不会因为这个消失，您看怎么安排？"),
    (WIDOW, "vulnerable", "请节哀。不过他名下这张卡欠了一万八，家属需要尽快处理。"),
    # a child made to relay, to find the parent, to look into the parent's money
    (CHILD, "vulnerable", "小同学，你妈妈是在哪家超市上班呀？"),
    (CHILD, "vulnerable", "你把你爸的微信打开，看看里面还有多少钱。"),
    (CHILD, "vulnerable", "跟你爸讲，再不回电话，后果他自己负责。"),
    (CHILD, "vulnerable", "你家里大人谁管钱？让他们凑一凑先还上。"),
    # a person in crisis: tears, a wish to die, brushed aside (the agent's words alone tell it)
    (OPENING, "vulnerable", "你哭哭啼啼的有什么用，钱还是得还。"),
    (OPENING, "vulnerable", "想不开就不还钱了？这不是理由。"),
    (OPENING, "vulnerable", "又拿跳楼吓唬谁呢，该还的一分不能少。"),
    (CRYING, "vulnerable", "你先别激动，说正事，今天能还多少？"),
    (CRYING, "vulnerable", "好了好了，今晚十点之前还三千，没得商量。"),
    # the sick bed and the money for treatment
    (PATIENT, "vulnerable", "医院病床上也不耽误签字，我们派人过去找你。"),
    (PATIENT, "vulnerable", "你住院费都交得上，这点钱还拿不出来？"),
    (CARER, "vulnerable", "他在ICU躺着那你来还，你们家总有钱吧。"),
    (CARER, "vulnerable", "我们不管他病不病，逾期就是逾期。"),
    (PATIENT, "vulnerable", "住院也不能一直拖着，出院前先把最低还款交了吧。"),
    (PATIENT, "vulnerable", "你说你住院，有没有住院证明？别是编的吧。"),
    (PATIENT, "vulnerable", "医保报销下来的钱，先转过来还卡。"),
    (CARER, "vulnerable", "他人在重症，那这个账就您先顶上吧。"),
    (CARER, "vulnerable", "他醒不醒得过来都不知道，这钱总得有个人还吧。"),
    (CRYING, "vulnerable", "我听着你情绪是不太好，但是今天这笔钱还是要到位的。"),
    # a third party made to take charge, raise the money, pass it on
    (MOTHER, "third_party_disclosure", "阿姨，您是他妈，他的事您总得管管吧？"),
    (MOTHER, "third_party_disclosure", "您跟他爸商量一下，家里先垫点钱把这个窟窿补上。"),
    (COLLEAGUE, "third_party_disclosure", "你跟你们老板打个招呼，发工资的时候直接扣下来。"),
    (COLLEAGUE, "third_party_disclosure", "您回头跟他爱人说一声，让她也催着点。"),
    (MOTHER, "third_party_disclosure", "您儿子在外面刷了好多钱，您知道吗？"),
    (MOTHER, "third_party_disclosure", "阿姨，他欠的钱您要不先帮着还一部分？"),
    (MOTHER, "third_party_disclosure", "您儿子的事您得多上心，让他这个月把钱还了。"),
    (COLLEAGUE, "third_party_disclosure", "你们是一家公司的，你帮我催催他，让他别拖了。"),
    (COLLEAGUE, "third_party_disclosure", "您跟他关系好，借他一点钱应应急呗。"),
]

CLEAN = [
    (COLLEAGUE, "抱歉，他的单位、电话这些我都不能跟您说，请他本人联系我们。"),
    (COLLEAGUE, "他的住址我们不需要，您请他回个电话就行。"),
    (COLLEAGUE, "麻烦您转告他回电，我们的号码尾号是5588。"),
    (COLLEAGUE, "您是前台吧？请问你们公司的地址是在3号楼吗？"),
    (COLLEAGUE, "您是他的紧急联系人吗？麻烦您转告他回电。"),
    (OPENING, "请您核对一下身份证号后四位，是多少？"),
    (OPENING, "您的个人信息我们都严格保密，不会发到任何地方。"),
    (OPENING, "我们不会打给您的同事，他们的电话我们也没有。"),
    (COLLEAGUE, "他爱人叫什么名字您知道吗？"),
    (COLLEAGUE, "他工资多少我们不清楚，也不需要您说。"),
    (OPENING, "您刷卡消费的那几千块，可以申请分期。"),
    (WIDOW, "请节哀，等您把后事办完了，方便时带上证明到网点就行。"),
    (WIDOW, "您先忙后事，账户的事之后再说，不用着急。"),
    (PATIENT, "您先安心养病，等出院以后我们再商量怎么还。"),
    (CRYING, "您先别哭，我们不催您，先把情绪稳一稳。"),
    (CRYING, "您说不想活了，我很担心您，您身边有人吗？"),
    (CHILD, "好的小朋友，那你跟爸爸说回个电话就好，别的不用管。"),
    (MOTHER, "阿姨，这件事您不用管，也不需要替他出钱，请他本人回个电话就行。"),
    (MOTHER, "您主动说想帮他还，我心领了，不过还是要请他本人联系我们。"),
    (WRONG, "抱歉，请问您这个号码是一五九开头、尾号三三零七的吗？"),
    (WIDOW, "请节哀，他的信用卡我们这边会先停止催收，后续按遗产继承的规定处理。"),
    (WIDOW, "您看后续怎么安排方便，等您忙完再联系我们就行。"),
    (WIDOW, "您需要带上死亡证明到网点办理手续。"),
    (PATIENT, "如果您方便，可以先把住院证明发给我们，我们给您申请暂停催收。"),
    (PATIENT, "您先安心养病，最低还款的事等您出院以后再说。"),
    (CRYING, "您别着急，钱的事我们可以慢慢来，先照顾好自己。"),
]


def test_a_number_held_as_the_means_of_a_threat_is_one_breach() -> None:
    found = findings(OPENING, "你们公司人事的电话我这儿也有，明天上班我就打过去跟你们领导聊聊。")
    assert {f["category"] for f in found} == {"threat"}
    assert "privacy" in {a["category"] for f in found for a in f.get("also", ())}


def test_an_illness_told_as_over_is_no_patient_on_the_line() -> None:
    well = [*OPENING[:3], {"speaker": "debtor", "text": "去年我做了个手术，在家歇了半年，现在好了，回单位上班了。"}]
    assert "vulnerable" not in categories(well, "理解。那这个月十号先把最低还款还上，剩下的办分期，您看行吗？")
    assert "vulnerable" in categories(PATIENT, "理解。那这个月十号先把最低还款还上，剩下的办分期，您看行吗？")


def test_a_relatives_illness_given_as_hardship_is_no_vulnerable_customer() -> None:
    assert "vulnerable" not in categories(HARDSHIP, "理解，那您看这个月底能先还两千吗？")
    # the same demand on the person in hospital is pressure
    assert "vulnerable" in categories(PATIENT, "理解，那您看这个月底之前能先还两千吗？")


@pytest.mark.parametrize(("opening", "category", "line"), BREACHES, ids=[b[2][:12] for b in BREACHES])
def test_the_kind_is_found_in_new_words(opening: list[dict], category: str, line: str) -> None:
    assert category in categories(opening, line)


@pytest.mark.parametrize(("opening", "line"), CLEAN, ids=[c[1][:12] for c in CLEAN])
def test_the_lawful_neighbour_stays_clean(opening: list[dict], line: str) -> None:
    found = categories(opening, line)
    assert not found & {"privacy", "vulnerable", "third_party_disclosure"}, found
