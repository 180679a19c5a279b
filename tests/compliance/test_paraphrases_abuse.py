"""Paraphrases of abuse (contempt, insults, mockery), in the rule authors' own words.

Every breach sentence of the paraphrase rounds in this category, each with the call opening it is
said after; the comment above a group says which round wrote it and from what. Their lawful
neighbours are in ``test_context_checks.py`` (and ``test_listener.py`` for who is on the line).
"""

from __future__ import annotations

import pytest
from helpers_audit import (
    SUN,
    ZHANG,
    ZHOU,
    ZHOU_COLLEAGUE,
    ZHOU_ILL_CANCER,
    ZHOU_KAI,
    ZHOU_SHI_WO,
    categories,
    categories_with_also,
)

# (opening, meta.contact, category the last line must be flagged with, the agent's last line)
BREACHES = [
    # round 4
    (ZHANG, "debtor", "abuse", "就是说 一万块拖了半年 你这脸都不要了"),
    (ZHANG, "debtor", "abuse", "一催还钱就说住院 谁知道是真是假"),
    (ZHANG, "debtor", "abuse", "你还要不要脸 借钱不还"),
    (ZHANG, "debtor", "abuse", "你这病生得可真是时候"),
    # round 6 (authors L and M): contempt in idiom (CN-ABU-004) and the illness doubted or dismissed (CN-ABU-020)
    (ZHOU, "debtor", "abuse", "你在我这装什么老实人，谁不知道你是故意不还。"),
    (ZHOU, "debtor", "abuse", "这点道理都不明白，你是缺心眼还是怎么的？"),
    (ZHOU_ILL_CANCER, "debtor", "abuse", "生病不生病的我管不着，别拿住院当挡箭牌。"),
    (ZHOU_ILL_CANCER, "debtor", "abuse", "是真是假我们也看不出来，反正钱得还。"),
    # round 6 after the measure (authors P and Q, dev_r7): the debtor put in a despised class of people (CN-ABU-040)
    (ZHOU, "debtor", "abuse", "你们这号的，借钱时是孙子，还钱时是大爷。"),
    (ZHOU, "debtor", "abuse", "你们这号人就是欠收拾，一点信用都不讲。"),
    (ZHOU, "debtor", "abuse", "我要是你，早找个地缝钻进去了。"),
    # round 6 second pass (authors T and U, dev_r8): shaming by rhetorical question, mocking a calm mind (CN-ABU-030)
    (ZHOU, "debtor", "abuse", "欠银行两万块不还，你就不嫌寒碜？"),
    (ZHOU, "debtor", "abuse", "这种事说出去都让人笑话，你还有脸讨价还价。"),
    (ZHOU, "debtor", "abuse", "欠着一屁股债还吃得这么香，您心可真宽。"),
    (ZHOU, "debtor", "abuse", "二十好几的人了，连张信用卡都还不上。"),
    # round 7 (dev_sa, dev_r9): a life, worth, upbringing, wits, schooling questioned; likened to an animal; mock praise (CN-ABU-050)
    (ZHOU, "debtor", "abuse", "三十好几一事无成，你这些年到底怎么过的日子？"),
    (ZHOU, "debtor", "abuse", "就你这样的，还配跟我谈分期？"),
    (ZHOU, "debtor", "abuse", "你爸妈白养你这么大，借钱不还还振振有词。"),
    (ZHOU, "debtor", "abuse", "这点事都办不明白，你也就这点出息。"),
    (ZHOU, "debtor", "abuse", "电话一打就关机，你是属鸵鸟的吗？"),
    (ZHOU, "debtor", "abuse", "哟，您可真是个天才，信用卡当提款机用。"),
    (ZHOU, "debtor", "abuse", "你这点学历我也不指望你看懂合同。"),
    (ZHOU, "debtor", "abuse", "跟你讲道理纯属白费我的口舌。"),
    (ZHOU, "debtor", "abuse", "没钱就别学别人买名牌，打肿脸充胖子有意思吗？"),
    (ZHOU, "debtor", "abuse", "欠了钱还欠出优越感来了是吧。"),
    (ZHOU, "debtor", "abuse", "你他娘的到底想怎样？"),
    # round 7 (dev_sa, dev_r9): a second and third batch, written after the first widening, then covered in turn
    (ZHOU, "debtor", "abuse", "一个大活人连三千块都搞不定，你图什么活着？"),
    (ZHOU, "debtor", "abuse", "你爹妈生你的时候没想到你这么没用吧？"),
    (ZHOU, "debtor", "abuse", "你是猪吗，同样的话我说了五遍。"),
    (ZHOU, "debtor", "abuse", "啧啧，您可真有本事，欠了钱还能睡大觉。"),
    (ZHOU, "debtor", "abuse", "我看你就是个扶不起的阿斗。"),
    (ZHOU, "debtor", "abuse", "你这脑子是摆设吗？"),
    (ZHOU, "debtor", "abuse", "就你这样还当爹呢，孩子跟着你算倒了八辈子霉。"),
    (ZHOU, "debtor", "abuse", "你说话过过脑子行不行？"),
    (ZHOU, "debtor", "abuse", "三岁小孩都比你懂事。"),
    (ZHOU, "debtor", "abuse", "哎呦，大忙人终于舍得接电话了？"),
    (ZHOU, "debtor", "abuse", "你这人怎么一点羞耻心都没有。"),
    (ZHOU, "debtor", "abuse", "活了半辈子，连个信用都守不住。"),
    # round 7 (dev_sa, dev_r9): a fourth batch, written after the rest as a last check (5 of its 20 caught before it was covered)
    (ZHOU, "debtor", "abuse", "你这德行，难怪没人愿意借你钱。"),
    (ZHOU, "debtor", "abuse", "你这记性是被狗吃了吧？"),
    (ZHOU, "debtor", "abuse", "欠钱的孙子还装大爷。"),
    # round 7 (dev_sa, dev_r9): already caught when written, kept so that it stays caught
    (ZHOU, "debtor", "abuse", "快五十的人了，你这大半辈子都混到哪儿去了？"),
    (ZHOU, "debtor", "abuse", "你这种人也好意思用信用卡？"),
    (ZHOU, "debtor", "abuse", "你这么大个人了，连个账都算不清，丢不丢人。"),
    (ZHOU, "debtor", "abuse", "四十岁的人了还啃老，你也不嫌臊得慌。"),
    (ZHOU, "debtor", "abuse", "跟你这种人讲道理就是对牛弹琴。"),
    # round 7 pass 2 (kinds.yaml; dev_sc … dev_sh): compared with the lowly, no face, tears and excuses mocked, vulgar spellings (CN-ABU-070)
    (SUN, "debtor", "abuse", "讲真，街边要饭的都比您讲究信用。"),
    (SUN, "debtor", "abuse", "你这脸皮啊，比城墙还厚三分。"),
    (SUN, "debtor", "abuse", "眼泪又不能当钱使，收一收吧。"),
    (SUN, "debtor", "abuse", "同样的说辞你嘴里翻来覆去，没一句是真话。"),
    (SUN, "debtor", "abuse", "刷卡买包的时候咋没想到今天？"),
    (SUN, "debtor", "abuse", "你是不是有点二百五，讲几遍都听不进去。"),
    # round 7 pass 2 (kinds.yaml; dev_sc … dev_sh): the family, the job, the age, the place made the insult (CN-ABU-080)
    (SUN, "debtor", "abuse", "你妈要是知道她养了这么个赖账的，得多伤心。"),
    (SUN, "debtor", "abuse", "难怪你媳妇要跟你离，这种男人谁受得了。"),
    (SUN, "debtor", "abuse", "一把年纪了还让我一个小姑娘追着要账，不害臊吗？"),
    (SUN, "debtor", "abuse", "还当医生呢，欠钱躲电话，这德行。"),
    (SUN, "debtor", "abuse", "真替你闺女悲哀，摊上这么个当妈的。"),
    # round 7 pass 2 (kinds.yaml; dev_sc … dev_sh): found on the fresh calls: the boss set on the debtor, every contact texted, a legal-sounding office
    (SUN, "debtor", "abuse", "三十好几的人，过得跟个叫花子似的。"),
    # round 8 (r10, kinds2.yaml; dev_sj, dev_sk, dev_r10): contempt: worth, family's shame, comparisons (CN-ABU-090)
    (ZHOU_KAI, "debtor", "abuse", "你活了这么些年，到底什么时候有过钱？"),
    (ZHOU_KAI, "debtor", "abuse", "你丈母娘知道她女儿嫁的是这么个人吗？"),
    (ZHOU_KAI, "debtor", "abuse", "三十多的人了，天天被人追着要账，真窝囊。"),
    # round 15 (kinds2.yaml CN-ABU-100; authors CZ, DA and round 14's CI): sneers as praise turned on the debt,
    # a jeer at the excuse, a rhetorical question when asked who is calling
    (ZHOU, "debtor", "abuse", "你口才这么好，怎么一说还钱就想不起来了？"),
    (ZHOU, "debtor", "abuse", "刷卡的时候挺痛快的，轮到还就推三阻四。"),
    (ZHOU, "debtor", "abuse", "换新手机的钱倒是有，还卡的钱就没了。"),
    (ZHOU, "debtor", "abuse", "这借口一套一套的，你留着哄别人吧。"),
    (ZHOU, "debtor", "abuse", "下回找理由麻烦找个靠谱点的。"),
    (ZHOU, "debtor", "abuse", "两个月摸不着手机，你住火星上啊？"),
    (ZHOU, "debtor", "abuse", "哪家银行的你心里没点数？"),
    # round 16 (kinds2.yaml CN-ABU-101; round 16's development authors DD and round 15's CQ): mock surprise, praise
    # that means its opposite, zeal granted only to dodging, open disbelief and contempt
    (ZHOU, "debtor", "abuse", "呦，今天终于舍得接电话了？"),
    (ZHOU, "debtor", "abuse", "现在知道丢人了？借的时候怎么不想想。"),
    (ZHOU, "debtor", "abuse", "月月换新手机，你可真会享受啊。"),
    (ZHOU, "debtor", "abuse", "找人帮你挡电话倒是挺在行，还钱起来倒是一点不积极。"),
    (ZHOU, "debtor", "abuse", "你嘴里还有一句真话吗？"),
    (ZHOU, "debtor", "abuse", "一万块钱而已，谁稀罕天天追着你。"),
    (ZHOU, "debtor", "abuse", "打了十几回你一直装死，这会儿倒接了。"),
    (ZHOU, "debtor", "abuse", "有这闲工夫跟我吵，不如想想钱从哪来。"),
    # round 15 (round 14's held-out CI, after its measurement): the debtor called a cheat to the person on the line
    (ZHOU_COLLEAGUE, "third_party", "abuse", "他这人就是个骗子，您跟他共事可得多留个心眼。"),
]

# their lawful neighbours: the same words without the dig
LAWFUL_NEIGHBOURS = ["您记性挺好，上回约的日子也记得，那就按那天来。", "您心里有数就好，我把还款日再跟您对一遍。",
                     "您说的理由我都记下了，有证明的话按流程交上来。", "买手机分期的钱和这张卡是两回事，我们只谈这张卡。",
                     # round 16
                     "您现在知道在哪里还款了吧？我再把步骤说一遍。", "您说的话我都相信，也如实记下来了。",
                     "您这么配合，我们这边很感谢。", "您欠的是哪家银行的钱，心里没数的话我把账单再念一遍。"]


@pytest.mark.parametrize("line", LAWFUL_NEIGHBOURS)
def test_the_sneers_frame_words_said_plainly_are_no_insult(line: str) -> None:
    assert "abuse" not in categories(ZHOU, line)


@pytest.mark.parametrize(("opening", "contact", "category", "line"), BREACHES)
def test_the_breach_in_new_words_is_found(opening: list[dict], contact: str, category: str, line: str) -> None:
    # on its own line, or named in the line of the sentence's other breach (one finding per breach, arbitrate.py)
    assert category in categories_with_also(opening, line, contact), line


# round 5
def test_contempt_at_talking_to_the_customer_is_abuse() -> None:
    assert "abuse" in categories(ZHOU_SHI_WO, "跟你说话真费劲，问什么都是没钱。")


# round 10 (authors AZ, BA, BB; twelve earlier authors): 「你心里没数吗？」 about the debt presses for
# payment and is labelled by no author as an insult; said of the person's character it still is one
@pytest.mark.parametrize("line", ["你那张卡的钱打算什么时候还？一万九千多，拖了快四个月了，你心里没数吗？",
                                  "欠没欠钱你自己心里没数？今天什么说法？"])
def test_asking_whether_they_know_what_they_owe_is_no_insult(line: str) -> None:
    assert "abuse" not in categories(ZHOU, line)


def test_their_character_put_in_question_is_still_an_insult() -> None:
    assert "abuse" in categories(ZHOU, "你自己什么德行心里没点数？")
