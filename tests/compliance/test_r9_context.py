"""Round 7 (r9 material): who is on the line, and what is told to whom — kinds, in our own words.

Each kind has new sentences (different words from any author's, the same kind of utterance) and
lawful neighbours that must stay clean: a person's identifiers (number fragments, the building,
employer and pay, contacts, transfers, location) told to a third party or held over the debtor;
refusing to give them out is no disclosure.
"""

from __future__ import annotations

import pytest
from helpers_audit import categories

OPENING = [{"speaker": "agent", "text": "您好，请问是周强先生吗？"},
           {"speaker": "debtor", "text": "是。"},
           {"speaker": "agent", "text": "周先生您好，我是安信银行信用卡中心的，姓王，通话有录音。"},
           {"speaker": "debtor", "text": "嗯，什么事？"}]
COLLEAGUE = [{"speaker": "agent", "text": "您好，请问周强在吗？"},
             {"speaker": "third_party", "text": "他不在，我是他同事。你哪位？"}]
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
    # others' numbers and addresses held over the debtor, or his papers to be shown round
    (OPENING, "privacy", "你大舅、你师傅的电话我们这儿都有，要不要挨个问问？"),
    (OPENING, "privacy", "你媳妇的手机尾号0932是吧？她单位地址也在我这儿。"),
    (OPENING, "privacy", "你换的那个新号我们都查到了。"),
    (OPENING, "privacy", "要不要我当着你们领导念一遍你的欠款？"),
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
]


@pytest.mark.parametrize(("opening", "category", "line"), BREACHES, ids=[b[2][:12] for b in BREACHES])
def test_the_kind_is_found_in_new_words(opening: list[dict], category: str, line: str) -> None:
    assert category in categories(opening, line)


@pytest.mark.parametrize(("opening", "line"), CLEAN, ids=[c[1][:12] for c in CLEAN])
def test_the_lawful_neighbour_stays_clean(opening: list[dict], line: str) -> None:
    found = categories(opening, line)
    assert not found & {"privacy", "vulnerable", "third_party_disclosure"}, found
