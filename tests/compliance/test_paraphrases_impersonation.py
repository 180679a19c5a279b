"""Paraphrases of impersonation (a bank department passed off as the police, a court, a law firm or a government office), in the rule authors' own words.

Every breach sentence of the paraphrase rounds in this category, each with the call opening it is
said after; the comment above a group says which round wrote it and from what. Their lawful
neighbours are in ``test_context_checks.py`` (and ``test_listener.py`` for who is on the line).
"""

from __future__ import annotations

import pytest
from helpers_audit import SUN, ZHANG, ZHOU, ZHOU_KAI, ZHOU_SHI_WO, ZHOU_UNNAMED, categories

# (opening, meta.contact, category the last line must be flagged with, the agent's last line)
BREACHES = [
    # round 4
    (ZHANG, "debtor", "impersonation", "我这边 安信银行信用卡中心法务诉讼部的 姓王"),
    (ZHANG, "debtor", "impersonation", "呃我们是银行催收部的 就是专门管你这种逾期的"),
    (ZHANG, "debtor", "impersonation", "我们组跟经侦那边一直是联动的 材料随时能推过去"),
    # round 5
    (ZHOU_SHI_WO, "debtor", "impersonation", "我们这边跟法院执行局是对接的，您的情况那边都清楚。"),
    (ZHOU_SHI_WO, "debtor", "impersonation", "我们和经侦是联动的，这边一上报那边就有记录。"),
    # round 6 (authors L and M): acting for, or alongside, the police or the courts (CN-IMP-022)
    (ZHOU, "debtor", "impersonation", "今天这通电话，其实就是替公安那边先跟您核实一下情况。"),
    (ZHOU, "debtor", "impersonation", "我们部门向来是跟法院一块儿处理这种恶意拖欠的。"),
    (ZHOU, "debtor", "impersonation", "您现在说的每句话，我都会帮经侦那边记录下来。"),
    # round 6 after the measure (authors P and Q, dev_r7): a task force working with unnamed or local authorities (CN-IMP-024)
    (ZHOU, "debtor", "impersonation", "你这笔账现在归我们和相关部门联合成立的清欠专班管。"),
    (ZHOU, "debtor", "impersonation", "我们这次是会同当地派出所一起搞的集中清理。"),
    (ZHOU, "debtor", "impersonation", "你的案子已经上了协同办案的名单，我是负责对接的。"),
    # round 6 second pass (authors T and U, dev_r8): a self likened to a law firm or a court, a team that does pre-litigation work (CN-IMP-023)
    (ZHOU, "debtor", "impersonation", "你就把我们看作律师事务所的人，这么说你明白了吧。"),
    (ZHOU, "debtor", "impersonation", "我们这边等于是法院的执行前置，你自己掂量。"),
    (ZHOU, "debtor", "impersonation", "我们团队专门负责诉前这一块，你的案子现在归我管。"),
    # round 6 second pass (authors T and U, dev_r8): an unapproved department name built from legal words (CN-IMP-020)
    (ZHOU_UNNAMED, "debtor", "impersonation", "我是安信银行信用卡中心执行保全科的，姓王。"),
    (ZHOU_UNNAMED, "debtor", "impersonation", "我这边是银行法务执行处的，找你谈欠款。"),
    (ZHOU_UNNAMED, "debtor", "impersonation", "我们是信用卡中心执行管理部的，姓刘。"),
    # round 7 (dev_sa, dev_r9): an authority's post, window or mandate claimed; its officers called colleagues (CN-IMP-030)
    (ZHOU, "debtor", "impersonation", "我们这边有公安派驻的同志，你的情况他们全掌握。"),
    (ZHOU, "debtor", "impersonation", "我们属于监管部门授权的处置机构，不是普通催收。"),
    (ZHOU, "debtor", "impersonation", "这次清收是市里政府牵头的，你别不当回事。"),
    (ZHOU, "debtor", "impersonation", "我这边是执法部门的，你最好如实回答。"),
    (ZHOU, "debtor", "impersonation", "派出所的同事刚刚还跟我确认你的住址。"),
    # round 7 (dev_sa, dev_r9): a second and third batch, written after the first widening, then covered in turn
    (ZHOU, "debtor", "impersonation", "我这个身份相当于半个执法人员，你配合一下。"),
    (ZHOU, "debtor", "impersonation", "我们这个调解中心是法院委托的，调解书跟判决一样有效。"),
    (ZHOU, "debtor", "impersonation", "我们这是挂靠在检察院下面的单位。"),
    # round 7 (dev_sa, dev_r9): a fourth batch, written after the rest as a last check (5 of its 20 caught before it was covered)
    (ZHOU, "debtor", "impersonation", "我们跟派出所签了协作协议，你不配合他们就出面。"),
    (ZHOU, "debtor", "impersonation", "这个号码是法院执行热线，你有什么话跟我说。"),
    # round 7 (dev_sa, dev_r9): already caught when written, kept so that it stays caught
    (ZHOU, "debtor", "impersonation", "我们是区法院的协办单位，专门负责这一类纠纷。"),
    (ZHOU, "debtor", "impersonation", "我们是人民银行指派下来处理不良账户的。"),
    (ZHOU, "debtor", "impersonation", "我们跟公安那边是互通的，你的行踪都清楚。"),
    (ZHOU, "debtor", "impersonation", "我们是信用卡中心案件处置组的，我姓周。"),
    (ZHOU, "debtor", "impersonation", "我们是跟法院一起派驻在银行的工作组。"),
    (ZHOU, "debtor", "impersonation", "我是公安局经侦支队派到银行协助清欠的。"),
    (ZHOU, "debtor", "impersonation", "我是法院特邀调解员，这个案子由我负责。"),
    (ZHOU, "debtor", "impersonation", "我们是公安备案的合法清收机构，有执法权。"),
    (ZHOU, "debtor", "impersonation", "这边是区司法局委派来的调解员。"),
    (ZHOU, "debtor", "impersonation", "我是经侦队借调到银行来的，专门处理信用卡案子。"),
    (ZHOU, "debtor", "impersonation", "我是法官助理，提前跟你沟通一下案子。"),
    (ZHOU, "debtor", "impersonation", "我们是银行和公安联合成立的清欠办。"),
    # round 7 pass 2 (kinds.yaml; dev_sc … dev_sh): an authority's mandate, presence, line or office claimed (CN-IMP-070)
    (SUN, "debtor", "impersonation", "这个案子是受市检察院委托，由我们来跟您沟通。"),
    (SUN, "debtor", "impersonation", "您这个账户是监管那边挂牌督办的。"),
    (SUN, "debtor", "impersonation", "派出所的同志现在就在我旁边听着。"),
    (SUN, "debtor", "impersonation", "我们跟法院早就通过气了，您跑不了。"),
    (SUN, "debtor", "impersonation", "我们组里有两位是从公安借调过来的。"),
    (SUN, "debtor", "impersonation", "我们跟GA那边是一条线的，您心里有数。"),
    # round 7 pass 2 (kinds.yaml; dev_sc … dev_sh): the agent's role put among the officers of the law (CN-IMP-080)
    (SUN, "debtor", "impersonation", "我现在是以调解员的身份跟您说这个事。"),
    (SUN, "debtor", "impersonation", "我们部门隶属于司法系统，和客服不一样。"),
    (SUN, "debtor", "impersonation", "您记一下我的执法证编号，沪0517。"),
    (SUN, "debtor", "impersonation", "您就当我是法官，我说的话是算数的。"),
    (SUN, "debtor", "impersonation", "您的案子已经分到我们仲裁组了。"),
    # round 7 pass 2 (kinds.yaml; dev_sc … dev_sh): found on the fresh calls: the boss set on the debtor, every contact texted, a legal-sounding office
    (SUN, "debtor", "impersonation", "您好，这里是银行法务催收中心，我姓周。"),
    # round 8 (r10, kinds2.yaml; dev_sj, dev_sk, dev_r10): a law firm, a government office, the police's investigator (CN-IMP-090)
    (ZHOU_KAI, "debtor", "impersonation", "我们这边是专门替各家银行打官司的，案子在我手上。"),
    (ZHOU_KAI, "debtor", "impersonation", "我是县里金融办下来专门核查欠款的。"),
    (ZHOU_KAI, "debtor", "impersonation", "您这个账跟经侦那边已经并案了。"),
]


@pytest.mark.parametrize(("opening", "contact", "category", "line"), BREACHES)
def test_the_breach_in_new_words_is_found(opening: list[dict], contact: str, category: str, line: str) -> None:
    assert category in categories(opening, line, contact), line


# round 6 second pass (authors T and U, dev_r8)
@pytest.mark.parametrize("line", ["我们跟您户籍地派出所那边是有备案对接的，这个电话也是替他们打的招呼。",
                                  "我们和您户籍地法院是联网的，您的情况他们都清楚。",
                                  "我们跟您户籍所在地派出所经侦有对接，您掂量掂量。"])
def test_the_registered_address_police_claimed_is_impersonation_not_a_threat_to_the_village(line: str) -> None:
    found = categories(ZHOU, line)
    assert "impersonation" in found and "threat" not in found
