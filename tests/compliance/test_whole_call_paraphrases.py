"""Whole-call behaviour on paraphrases written for these tests (not taken from the evaluation
calls): who is on the line, negation and questions, example-based rules with word classes, and
a false claim kept up later in the call.  Each violating case has close compliant neighbours
(more hard negatives than positives), so that precision holds while recall grows.
"""

from __future__ import annotations

import pytest

from trainer.compliance import audit_transcript

SPEAKERS = {"坐席": "agent", "客户": "debtor", "第三方": "third_party"}


def call(*lines: str, contact: str = "debtor") -> dict:
    turns = []
    for line in lines:
        who, text = line.split("：", 1)
        turns.append({"speaker": SPEAKERS[who], "text": text})
    return {"id": "t", "meta": {"contact": contact}, "turns": turns}


def categories_at(transcript: dict, turn: int) -> set[str]:
    return {f["category"] for f in audit_transcript(transcript) if f["turn"] == turn}


ILL = ("坐席：请问是周强先生吗？", "客户：是我，我在医院做化疗。")
BEREAVED = ("坐席：请问是周强先生吗？", "第三方：我是他女儿，我爸前几天走了。")
OPENING = ("坐席：您好，请问是周强先生吗？", "客户：是我。",
           "坐席：周先生您好，我是安信银行信用卡中心的，我姓李，通话会录音。您的卡逾期两个月了。",
           "客户：我知道，最近手头紧。")

# (description, transcript, turn, category): the turn must be flagged with the category
VIOLATING = [
    ("frozen accounts, passive and listed",
     call(*OPENING, "坐席：再拖下去，您名下的储蓄卡、微信、支付宝全都会被冻结。"), 4, "false_claim"),
    ("a stop-payment request on other accounts",
     call(*OPENING, "坐席：我们这边已经对您名下其他账户提交了止付申请。"), 4, "false_claim"),
    ("'already counts as malicious overdraft'",
     call(*OPENING, "坐席：您这逾期天数，按规定已经算是恶意透支了，后果您自己清楚。"), 4, "false_claim"),
    ("a false claim kept up: 'it is the law, ask a lawyer'",
     call("坐席：请问是周强先生吗？", "第三方：我是他老婆。", "坐席：您是他老婆，这个钱法律上算夫妻共同债务。",
          "第三方：不可能吧？", "坐席：这可是法律规定的，不信您去问问律师。", contact="third_party"),
     4, "false_claim"),
    ("a veiled threat through the workplace",
     call(*OPENING, "坐席：您单位领导的电话我们这边都有，真打过去了，您在公司还怎么抬得起头。"), 4, "threat"),
    ("sarcasm about the good life",
     call(*OPENING, "坐席：您这日子过得可真滋润，就是想不起来还钱。"), 4, "abuse"),
    ("asking the wife of a patient to borrow from relatives",
     call("坐席：请问是周强先生吗？", "第三方：我是他爱人，他住院了，在重症监护室。",
          "坐席：那您先想想办法，实在不行跟亲戚朋友借一借。", contact="third_party"), 2, "vulnerable"),
    ("pressing a bereaved son with a week's deadline",
     call("坐席：请问是周强先生吗？", "第三方：我是他儿子，我爸上个月去世了。",
          "坐席：节哀。不过利息一直在算，你看这周能不能先还个三千。", contact="third_party"), 2, "vulnerable"),
    ("a minor asked to use her pocket money",
     call("坐席：请问是周强先生吗？", "第三方：我爸不在，我上初二。",
          "坐席：你平时攒的零花钱，可以先帮爸爸垫一点。", contact="third_party"), 2, "vulnerable"),
    ("'we handle it now' after being asked about lawyers",
     call(*OPENING[:2], "坐席：我们这边受银行委托处理您的欠款。", "客户：怎么，我的事转到律师那儿了？",
          "坐席：对，现在这个账户由我们来负责跟进。"), 4, "impersonation"),
    ("a 'can you' question that presses a third party to pay",
     call("坐席：请问是周强先生吗？", "第三方：他不在，我是他妈妈。", "坐席：阿姨，您能不能先替他还一部分？",
          contact="third_party"), 2, "third_party_disclosure"),
    ("'let me tell you' before a networked-with-the-police claim",
     call(*OPENING, "坐席：我跟您说，我们系统跟公安那边是联网的。"), 4, "impersonation"),
    ("another 'malicious' legal label", call(*OPENING, "坐席：你这样拖着，法律上已经属于恶意逃废债务了。"), 4, "false_claim"),
    ("a judgment-debtor list before any judgment",
     call(*OPENING, "坐席：您这个情况，法院那边随时可以直接把您列为失信人。"), 4, "false_claim"),
    ("garnished wages", call(*OPENING, "坐席：不还的话，您工资卡下个月就会被划扣。"), 4, "false_claim"),
    ("social insurance", call(*OPENING, "坐席：您再不还，您的社保、医保都会受影响。"), 4, "false_claim"),
    ("a call to the spouse, object first", call(*OPENING, "坐席：您老婆那边我们也会打个电话，让她劝劝您。"), 4, "threat"),
    ("an ill person's family told to raise the money",
     call(*ILL, "坐席：您家里人总能帮您凑一点吧，让他们先还上。"), 2, "vulnerable"),
    ("reported to the economic crimes police", call(*OPENING, "坐席：您这个案子我们已经报给经侦了，他们这两天会联系您。"), 4, "false_claim"),
    ("'have you no shame'", call(*OPENING, "坐席：一把年纪了，还要脸不要？"), 4, "abuse"),
    ("calls past midnight until paid", call(*OPENING, "坐席：今晚十二点以后我们会继续给您打，直到您还为止。"), 4, "harassment"),
    ("a notice in the residents' group chat", call(*OPENING, "坐席：您要是不还，我们就在您小区业主群里发个通知。"), 4, "threat"),
    ("'someone has to pay' to a bereaved daughter",
     call(*BEREAVED, "坐席：那你爸的钱总得有人还吧，你们做子女的商量一下。", contact="third_party"), 2, "vulnerable"),
]

# (description, transcript, turn, category): the turn must NOT be flagged with the category
COMPLIANT = [
    ("a court's papers explained", call(*OPENING, "坐席：真到了诉讼那一步，传票是法院寄到您户籍地，不是我们寄。"), 4, "threat"),
    ("asking the switchboard for the person",
     call("坐席：您好，请问是宏远贸易吗？我想找一下你们公司的周强先生。", "第三方：他不在。", contact="third_party"),
     0, "threat"),
    ("a surname to a third party who asks",
     call("坐席：请问是周强先生吗？", "第三方：不是，我是他同事。你是哪里？",
          "坐席：您好，我姓李，麻烦您转告他回个电话。", contact="third_party"), 2, "identification"),
    ("'yes, who is it?' answered in the opening's next line",
     call("坐席：喂，是周强吗？", "客户：是，谁啊？", "坐席：我是安信银行信用卡中心的，我姓李。"), 2, "identification"),
    ("the conditions of malicious overdraft explained",
     call(*OPENING, "坐席：法律上的恶意透支有严格条件，不是逾期就算，您别担心。"), 4, "false_claim"),
    ("only this card is suspended", call(*OPENING, "坐席：您这张卡暂时停用了，其他银行的卡和微信支付宝都不受影响。"), 4, "false_claim"),
    ("a lawful consequence", call(*OPENING, "坐席：如果长期不还，银行有权依法起诉，法院判决后可能依法冻结存款。"), 4, "false_claim"),
    ("'it is a national rule' in a call with no false claim",
     call(*OPENING, "坐席：逾期会如实报送征信，这是国家规定的。"), 4, "false_claim"),
    ("what the agent will not do",
     call(*OPENING, "坐席：您单位的电话我们不会打，也不会让任何人知道这件事。"), 4, "threat"),
    ("a busy customer, politely", call(*OPENING, "坐席：您是大忙人，我就不多占用您时间了，还款日是每月5号。"), 4, "abuse"),
    ("condolences to a bereaved son",
     call("坐席：请问是周强先生吗？", "第三方：我是他儿子，我爸上个月去世了。",
          "坐席：请节哀，这周我们就不打扰了，您方便时提供一下证明就好。", contact="third_party"), 2, "vulnerable"),
    ("telling a patient's wife to reach him, not to pay",
     call("坐席：请问是周强先生吗？", "第三方：我是他爱人，他住院了。",
          "坐席：那麻烦您想想办法联系上他，等他方便了回个电话。", contact="third_party"), 2, "vulnerable"),
    ("a minor told to keep her money",
     call("坐席：请问是周强先生吗？", "第三方：我爸不在，我上初二。",
          "坐席：你的零花钱自己留着，请爸爸回来给我们回个电话就好。", contact="third_party"), 2, "vulnerable"),
    ("a denial after being asked about lawyers",
     call(*OPENING[:2], "坐席：我是安信银行信用卡中心的，我姓李。", "客户：怎么，我的事转到律师那儿了？",
          "坐席：没有，我们不是律师，还是由银行这边来跟进。"), 4, "impersonation"),
    ("an A-not-A question that offers help",
     call(*OPENING, "坐席：我们看看能不能帮您申请分期，是不是会轻松一些？"), 4, "false_claim"),
    ("no need to pay for him", call(*BEREAVED, "坐席：请节哀，后续按规定处理，您不需要替他还。", contact="third_party"),
     2, "third_party_disclosure"),
    ("the family will not be called", call(*OPENING, "坐席：您家里人那边我们不会打电话，只跟您本人沟通。"), 4, "threat"),
    ("wages untouched", call(*OPENING, "坐席：您的工资卡我们动不了，也不会划扣，请放心。"), 4, "false_claim"),
    ("when the judgment-debtor list applies",
     call(*OPENING, "坐席：您说的失信人名单，是法院判决后不履行才会有的，现在还没到那一步。"), 4, "false_claim"),
    ("social insurance untouched", call(*OPENING, "坐席：逾期会影响征信，但不会影响您的社保和医保。"), 4, "false_claim"),
    ("family help without money", call(*ILL, "坐席：您家里人能帮忙照顾您就好，钱的事我们先不谈。"), 2, "vulnerable"),
    ("family need not pay", call(*ILL, "坐席：您先治病，我这边申请停催三个月，您家里人不用替您还。"), 2, "vulnerable"),
    ("the estate, lawfully",
     call(*BEREAVED, "坐席：请节哀。后续如果有遗产，会依法在遗产范围内处理，您个人不需要还。", contact="third_party"),
     2, "vulnerable"),
    ("a businessman, politely", call(*OPENING, "坐席：您这边是做生意的大老板，时间宝贵，我长话短说。"), 4, "abuse"),
    ("confidentiality", call(*OPENING, "坐席：您放心，这件事不会传出去，我们有保密规定。"), 4, "threat"),
    ("nothing reported to the police", call(*OPENING, "坐席：我们没有报给公安，也不会报，现在只是协商。"), 4, "false_claim"),
    ("no calls after nine", call(*OPENING, "坐席：我们晚上九点以后就不打了，直到明天上午再联系。"), 4, "harassment"),
    ("not our messages", call(*OPENING, "坐席：业主群里那些消息不是我们发的，我们不会这么做。"), 4, "threat"),
    ("concern for health", call(*OPENING, "坐席：您的脸色听起来不太好，要注意身体。"), 4, "abuse"),
    ("not a law firm", call(*OPENING, "坐席：这件事我跟您说清楚，我们只是银行信用卡中心，不是律所也不是法院。"), 4, "impersonation"),
]


def test_more_hard_negatives_than_positives() -> None:
    assert len(COMPLIANT) >= len(VIOLATING)


@pytest.mark.parametrize(("what", "transcript", "turn", "category"), VIOLATING, ids=[v[0] for v in VIOLATING])
def test_paraphrase_is_flagged(what: str, transcript: dict, turn: int, category: str) -> None:
    assert category in categories_at(transcript, turn), what


@pytest.mark.parametrize(("what", "transcript", "turn", "category"), COMPLIANT, ids=[c[0] for c in COMPLIANT])
def test_hard_negative_is_not_flagged(what: str, transcript: dict, turn: int, category: str) -> None:
    assert category not in categories_at(transcript, turn), what


def test_example_based_finding_names_its_nearest_example_and_confidence() -> None:
    transcript = call(*OPENING, "坐席：您在哪上班我们这边都有记录，真打过去您在同事面前也不好做人吧。")
    found = [f for f in audit_transcript(transcript) if f["rule"] == "CN-THR-009"]
    assert found and 0.4 <= found[0]["confidence"] <= 1 and found[0]["nearest"]


def test_a_false_claim_is_kept_up_only_in_the_call_that_made_it() -> None:
    later = "坐席：您先还三千，我帮您把冻结申请撤回来。"
    claimed = call(*OPENING, "坐席：我们已经冻结了您名下所有的银行卡。", "客户：那怎么办？", later)
    clean = call(*OPENING, "坐席：您这个月能还多少？", "客户：那怎么办？", "坐席：您先还三千，剩下的我们再商量。")
    assert "false_claim" in categories_at(claimed, 6)
    assert "false_claim" not in categories_at(clean, 6)
