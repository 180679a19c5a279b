"""Round 6, second pass (`dev_r8`): the general causes behind the misses on authors T and U's calls, in our own words.

Each kind of utterance (who does what to whom) has new sentences — different words, same kind —
and lawful neighbours that must stay clean: a threat made to a child reported as pressing a minor
(an arrest threat stays a threat); veiled trouble and someone else coming to the door; the job
or the neighbours set on the debtor; shaming by rhetorical question and mockery of a calm mind;
a self likened to a law firm, an unapproved legal department name; the court said to have taken
the case, the bank said to blacklist; a bereaved or ill person asked for a firm answer; a phone
number read in Chinese digits, a count of the day's calls; a complaint logged, repayment talk set
aside and a consequence stated with its legal precondition, which are not breaches.
"""

from __future__ import annotations

import pytest
from helpers_audit import ZHOU, categories, findings

from trainer.compliance import audit_transcript

OPENING = ZHOU
CHILD = [{"speaker": "agent", "text": "喂，请问李军在吗？"},
         {"speaker": "third_party", "text": "我爸不在家，我上初二。"}]
BEREAVED = [{"speaker": "agent", "text": "您好，请问陈志刚在吗？"},
            {"speaker": "third_party", "text": "他前些天走了，后事刚办完。我是他爱人。"},
            {"speaker": "agent", "text": "您好，我是安信银行信用卡中心的，姓王。"},
            {"speaker": "third_party", "text": "你们找他什么事？"}]
ILL = [*OPENING[:3], {"speaker": "debtor", "text": "我上个月查出来肝癌，现在在医院化疗，实在顾不上。"}]
UNNAMED = [{"speaker": "agent", "text": "喂，周强是吧？"}, {"speaker": "debtor", "text": "是，哪位？"}]




BREACHES = [
    # veiled trouble, someone else at the door, the contacts' fate left to the debtor (CN-THR-024)
    (OPENING, "threat", "你要是还这么躲，你们家迟早得出事。"),
    (OPENING, "threat", "今天是我客客气气打给你，改天来找你的就不是我了。"),
    (OPENING, "threat", "这个礼拜不处理，下礼拜就会有人去你家里当面谈。"),
    (OPENING, "threat", "你留的那几个紧急联系人跟不跟着倒霉就看你了。"),
    # the job, the residents' group, the village talking (CN-THR-025)
    (OPENING, "threat", "我们一个电话打到你们公司人事，你这岗位还保得住？"),
    (OPENING, "threat", "你们主管要是听说了，你在单位还混得下去吗？"),
    (OPENING, "threat", "再拖下去，你们村里都传开了，你爸妈脸往哪搁。"),
    (OPENING, "threat", "到时候小区业主们都在背后议论你，你受得了？"),
    # shaming by rhetorical question, mocking a calm mind (CN-ABU-030)
    (OPENING, "abuse", "欠银行两万块不还，你就不嫌寒碜？"),
    (OPENING, "abuse", "这种事说出去都让人笑话，你还有脸讨价还价。"),
    (OPENING, "abuse", "欠着一屁股债还吃得这么香，您心可真宽。"),
    (OPENING, "abuse", "二十好几的人了，连张信用卡都还不上。"),
    # a self likened to a law firm or a court, a team that does pre-litigation work (CN-IMP-023)
    (OPENING, "impersonation", "你就把我们看作律师事务所的人，这么说你明白了吧。"),
    (OPENING, "impersonation", "我们这边等于是法院的执行前置，你自己掂量。"),
    (OPENING, "impersonation", "我们团队专门负责诉前这一块，你的案子现在归我管。"),
    # an unapproved department name built from legal words (CN-IMP-020)
    (UNNAMED, "impersonation", "我是安信银行信用卡中心执行保全科的，姓王。"),
    (UNNAMED, "impersonation", "我这边是银行法务执行处的，找你谈欠款。"),
    (UNNAMED, "impersonation", "我们是信用卡中心执行管理部的，姓刘。"),
    # the court said to have taken the case, papers on their way (CN-FC-027)
    (OPENING, "false_claim", "你的卷宗前天已经交上去了，这事现在不归我管。"),
    (OPENING, "false_claim", "你老家那边法官都已经收下了，没得商量。"),
    (OPENING, "false_claim", "过几天就有人给你送文书，你自己看着办。"),
    # the bank or its system said to blacklist, a child's future said to suffer (CN-FC-026)
    (OPENING, "false_claim", "系统到时候自动把你报成失信人员。"),
    (OPENING, "false_claim", "银行下个月就把你报为老赖了。"),
    (OPENING, "false_claim", "你再不还，你闺女以后考编、政审都要受牵连。"),
    # a firm answer demanded of the bereaved or the seriously ill (CN-VUL-022)
    (BEREAVED, "vulnerable", "人是走了，可这事早晚得有个了断，您现在给句准话。"),
    (BEREAVED, "vulnerable", "那您打算哪天处理？这个总要有个说法吧。"),
    (CHILD, "vulnerable", "你回去让你爸今天给个准话。"),
    # a phone number read out in Chinese digits (CN-PRV-005)
    (OPENING, "privacy", "你弟弟的手机是一五九二六八三七七零一，我们天天能打。"),
    (OPENING, "privacy", "你爱人号码一八六零零三五二九四八，要不要我现在打过去？"),
    (OPENING, "privacy", "紧急联系人一三七幺二八四五六零九，这是你留的吧。"),
    # the agent's own count of the day's calls (CN-HAR-020)
    (OPENING, "harassment", "从早上到现在，我们几个人加起来已经打了十六通了。"),
    (OPENING, "harassment", "我这边系统显示累计拨了十二次，你一个都没接。"),
    (OPENING, "harassment", "我跟几个同事一共给你拨了十三遍了。"),
]

CLEAN = [
    (OPENING, "您放心，不会有人上门，我们只跟您本人电话沟通。"),
    (OPENING, "下一步怎么安排，您想好了随时给我回电话。"),
    (OPENING, "这件事跟您的联系人没关系，我们只找您本人。"),
    (OPENING, "我们不会联系您公司，不影响您的工作。"),
    (OPENING, "您放心，这件事我们会保密，不会在小区传开。"),
    (OPENING, "谁都有手头紧的时候，这不丢人。"),
    (OPENING, "您心态好是好事，咱们把还款时间定下来您就更踏实了。"),
    (OPENING, "我们不是律师事务所，也不是法院，就是银行信用卡中心的司法调查组。"),
    (OPENING, "您要是担心自己的权利，可以去咨询律师。"),
    (OPENING, "目前还没有起诉，法院也没收到任何材料。"),
    (OPENING, "您的分期申请我已经交上去了，审批结果短信通知您。"),
    (OPENING, "只有法院判决后仍不履行，才可能被法院列为失信被执行人。"),
    (OPENING, "您放心，信用卡逾期不会影响孩子考编。"),
    (OPENING, "被限制高消费的话，高铁一等座会受限，但那是法院执行阶段的事，前提是判了还不履行。"),
    (OPENING, "法律上有个叫恶意透支的，要看是不是一开始就不打算还。"),
    (OPENING, "刑法里是有个叫信用卡诈骗的罪名，要看是不是一开始就想骗钱。"),
    (OPENING, "法律上有个说法叫恶意透支，要看是不是经过两次催收三个月还不还。"),
    (OPENING, "法律上是有个叫恶意透支的说法，要看是不是有能力还却故意不还。"),
    (OPENING, "只有法院判了您还不履行，才可能被限制高消费。"),
    (OPENING, "限制高消费的话，前提是判了还不履行，您现在离那一步很远。"),
    (OPENING, "请您核对一下预留手机号的后四位。"),
    (OPENING, "今天是第一次给您打电话，打扰您了。"),
    (OPENING, "您工作丢了以后收入没了，我理解。"),
    (OPENING, "您那边家里要是出事了，先顾家里。"),
    (OPENING, "有人上门的话，您一定要先核实身份。"),
    (OPENING, "您的工作还干得下去吧？身体要紧。"),
    (OPENING, "二十多岁的人了，理财的事慢慢学。"),
    (BEREAVED, "请您节哀，这事不着急，等您方便的时候再联系我们。"),
    (ILL, "今天我不跟您谈还款的事了，您安心治病要紧。"),
    (ILL, "住院这段时间先不谈还款，您把身体养好。"),
    (ILL, "今天不提还款的事，您安心养病。"),
    (ILL, "今天不跟你谈还钱的事，你先顾好身体。"),
    (ILL, "今天不跟您谈还款，您安心做化疗。"),
    (ILL, "您先养病，等您出院以后方便时再说。"),
]


@pytest.mark.parametrize(("opening", "category", "line"), BREACHES)
def test_breach_in_new_words_is_found(opening: list[dict], category: str, line: str) -> None:
    contact = "third_party" if opening in (BEREAVED, CHILD) else "debtor"
    assert category in categories(opening, line, contact)


@pytest.mark.parametrize(("opening", "line"), CLEAN)
def test_lawful_neighbour_is_not_flagged(opening: list[dict], line: str) -> None:
    contact = "third_party" if opening is BEREAVED else "debtor"
    assert categories(opening, line, contact) == set()


@pytest.mark.parametrize("line", ["你回去跟你爸讲，再拖着不还，就有人到你们家去了。",
                                  "你爸要是还不还，到时候你们楼里的邻居都知道了。",
                                  "你跟你妈说，这事再拖，家里迟早要出大事。"])
def test_a_threat_made_to_a_child_is_reported_as_pressing_a_minor(line: str) -> None:
    found = findings(CHILD, line, "third_party")
    assert "vulnerable" in {f["category"] for f in found}
    assert "threat" not in {f["category"] for f in found}
    assert "threat" in {a["category"] for f in found for a in f.get("also", ())}


def test_an_arrest_threat_made_to_a_child_stays_a_threat() -> None:
    found = categories(CHILD, "你爸再不还，警察就要上门把他带走。", "third_party")
    assert "threat" in found


def test_the_same_visit_threat_to_the_debtor_is_a_threat() -> None:
    assert categories(OPENING, "再拖着不还，就有人到你们家去了。") == {"threat"}


@pytest.mark.parametrize("line", ["我这边先记下：来电人姓氏不详，内容涉及联系单位和网上曝光，调录音核查。",
                                  "您反映的那个同事说要把您照片挂网上曝光，这个我给您登记投诉。",
                                  "关于曝光您照片的投诉，我马上转核查。",
                                  "网上曝光这件事我给您登记了，一定查清楚。"])
def test_a_complaint_about_another_caller_logged_is_no_threat(line: str) -> None:
    assert categories(OPENING, line) == set()


@pytest.mark.parametrize("line", ["我们跟您户籍地派出所那边是有备案对接的，这个电话也是替他们打的招呼。",
                                  "我们和您户籍地法院是联网的，您的情况他们都清楚。",
                                  "我们跟您户籍所在地派出所经侦有对接，您掂量掂量。"])
def test_the_registered_address_police_claimed_is_impersonation_not_a_threat_to_the_village(line: str) -> None:
    found = categories(OPENING, line)
    assert "impersonation" in found and "threat" not in found


def _id_findings(lines: list[str]) -> list[str]:

    turns = []
    for line in lines:
        turns += [{"speaker": "agent", "text": line}, {"speaker": "debtor", "text": "嗯。"}]
    call = {"id": "x", "meta": {"contact": "debtor"}, "turns": turns}
    return [f["rule"] for f in audit_transcript(call) if f["rule"] == "CN-ID-001"]


def test_identifying_right_after_verifying_is_within_the_opening() -> None:
    # a senior trainer's ruling on round 6's sessions: find the person, verify, then say bank,
    # department and surname before any talk of the debt — the opening, not a breach
    late_but_in_order = ["喂，你好，找一下钱进钱先生。", "我这边是银行的，您是钱先生本人吧？", "麻烦报一下身份证后四位。",
                         "核对上了。我是安信银行信用卡中心司法调查组的，姓刘。", "您那张卡上个月的账单还没还。"]
    assert _id_findings(late_but_in_order) == []
    too_late = ["喂，钱进吗？", "身份证后四位报一下。", "行。", "你那张卡的账单还没还，什么时候处理？",
                "我是安信银行信用卡中心的，姓刘。"]
    assert _id_findings(too_late) == ["CN-ID-001"]
