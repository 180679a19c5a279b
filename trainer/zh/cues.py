"""Who is on the line, from what they say: the answers that confirm or deny being the person asked for.

Shared by the compliance engine (is the debtor verified before the debt is mentioned?) and the
trainer's understanding, so that both read a call the same way.  The course (DOMAIN.md): a plain
yes to "is this X?" — 「是」「嗯」「对，我就是」「是，你哪位？」 — confirms the person for the purpose
of talking about the debt; 「我是他爱人」「不是，我是他儿子」 is someone else. A reply that answers as the
cardholder, in the first person, about what they owe (「我又不是不还，就是晚一点」) confirms as well: nobody
else speaks so of the debt.

These are closed-class words, the same for every bank and rule pack, so they live here in code,
not in a lexicon file.  Everything works on the original text (its punctuation splits clauses).
"""

from __future__ import annotations

import re

# Openings that say nothing: 喂, 啊, 哦, 哎, 呃, 唔, ellipses and commas (嗯 is a yes: it stays).
_FILLER = re.compile(r"^[喂啊哦哎呃唔噢诶欸…\.。，,、\s!！?？~～-]+")
_CLAUSE = re.compile(r"[，。！？,.!?；;…~～\s]")
# A first clause that is a plain yes to "is this X?".
_YES = frozenset({
    "是", "是的", "是我", "是啊", "是呀", "是哦", "是嘛", "嗯", "嗯嗯", "嗯是", "嗯对", "嗯是我", "对", "对的",
    "对对", "对对对", "对啊", "对呀", "对是我", "对我是", "对我就是", "我是", "我就是", "就是我", "我就是我",
    "是我本人", "本人", "我本人", "是本人", "没错", "没错是我", "正是", "是我啊", "对就是我", "是我是我",
    "嗯哼", "昂", "啊对", "嗯呢", "对头", "可不是", "是滴",
    "系", "系我", "系啊", "系呀", "系嘅",  # Cantonese
})
# Someone else: a relation to the person asked for, or a plain no.
_RELATION = re.compile(
    r"我是(他|她|它)?(的)?(爱人|老婆|老公|妻子|丈夫|媳妇|对象|儿子|女儿|闺女|爸爸?|妈妈?|父亲|母亲|哥哥?|姐姐?|"
    r"弟弟?|妹妹?|同事|朋友|室友|邻居|家人|家属|亲戚|孩子|奶奶|爷爷|外婆|姥姥|舅舅|叔叔|阿姨|领导|老板|前台|房东)")
_NO = re.compile(r"^(不是|不对|打错|你打错|没这个人|不认识|我不是|他不在|她不在)")
# No yes, but the reply speaks as the cardholder, in the first person, of what they owe or pay:
# 「我又不是不还，就是晚一点」「我最近手头紧，缓缓吧」「这个月我最多还一千二」. Not where it speaks of
# someone else (「我不知道他欠了多少」), nor for 「我们」 (a household may speak so).
_AS_CARDHOLDER = re.compile(r"我(?!们)[^，。！？,.!?]{0,8}(还|欠|拖|逾期|卡|利息|罚息|征信|账单|钱|手头|缓缓|坐牢|犯法|裁员|失业)")
_SOMEONE_ELSE = re.compile(r"[他她它]")


def identity_answer(text: str, name: str | None = None) -> str | None:
    """``"confirm"``, ``"deny"`` or None (says neither) for a reply to "is this X?".

    ``name``: the person asked for, when known; 「我是张伟」 then confirms and 「我是李强」 denies.
    """
    s = _FILLER.sub("", text.strip())
    if not s:
        return None
    if _NO.match(s) or _RELATION.search(s[:16]):
        return "deny"
    first = _CLAUSE.split(s, 1)[0]
    if first in _YES:
        return "confirm"
    if first.startswith(("是我", "我就是", "对我是", "对是我", "对我就是", "对就是我")) and len(first) <= 6:
        return "confirm"
    if name and first.startswith("我是"):
        return "confirm" if first[2:].startswith((name, name[:1] + "某")) else "deny"
    head = s[:30]
    if _AS_CARDHOLDER.search(head) and not _SOMEONE_ELSE.search(head):
        return "confirm"
    return None


# Whose illness: a relative named just before the illness word makes it theirs, not the speaker's.
_ILL = re.compile(r"住院|重病|癌|化疗|手术|抢救|重症|ICU|病危|瘫痪|透析|医院|骨折|中风|晚期|尿毒症|抑郁症|"
                  r"车祸|动不了|卧床|病床|脑梗|白血病|心脏病|心梗|肾衰竭|生病|病了")
_RELATIVE = re.compile(r"(我|他|她|家里|俺)?(的)?(妈|妈妈|母亲|爸|爸爸|父亲|孩子|儿子|女儿|闺女|老婆|老公|爱人|媳妇|"
                       r"丈夫|妻子|老人|家里人|家人|奶奶|爷爷|姥姥|姥爷|外婆|外公|岳父|岳母|公公|婆婆|弟弟|妹妹|"
                       r"哥哥|姐姐|亲戚|朋友|小孩|娃|老娘|老爹|老母亲|老父亲|老太太|老爷子|丈母娘|老丈人|老母|(?<![姑新伴])娘|爹)")
_HIM = re.compile(r"[他她]")  # 「他住院了」 on a third party's line: the person asked for
_CARER = re.compile(r"陪床|陪护|照顾|陪着|守着")
_SELF = re.compile(r"我(自己|本人|现在|目前|正在|刚|还在|在|得了|查出|做了|出了|也)|本人")


def illness_subject(text: str, relative_ill: bool = False) -> str | None:
    """Whose illness ``text`` speaks of: ``"self"`` (the speaker: 「我在住院」「刚做完手术」),
    ``"other"`` (a relative: 「上个月孩子住院花了不少钱」「我妈查出来尿毒症」) or None (no illness word).

    The course (DOMAIN.md): a relative's illness given as the reason for hardship makes the case
    harder, not special; only the person on the line being seriously ill does.  ``relative_ill``:
    the call has told of a relative's illness, so a bare word of it (「医院那边还要交钱」) is still
    theirs; only 「我在住院」 makes it the speaker's."""
    subject = None
    for m in _ILL.finditer(text):
        clause = _clause_before(text, m.start())
        after = text[m.end():m.end() + 6]
        if not _RELATIVE.search(clause) and not _SELF.search(clause) and not _HIM.search(clause):
            # 「我妈上个月查出来肺上长了东西，住院做手术」: the sentence's subject, clauses back
            relative = _RELATIVE.search(re.split(r"[。！？.!?]", text[:m.start()])[-1])
            clause = text[relative.start():m.start()] if relative else clause
        if _relatives(clause):
            subject = "other"
        elif _CARER.search(after):
            subject = subject or "other"  # 「我在医院陪床」: the speaker looks after someone
        elif _SELF.search(clause) or (subject is None and not relative_ill):
            return "self"
        elif subject is None:
            subject = "other"
    return subject


# An illness told as over: 「现在好了，上个月刚回厂里上班」.
_RECOVERED = re.compile(r"现在好了|已经好了|好利索|康复了|痊愈|治好了|回[^，。！？,.!?]{0,3}上班|上班了")


def recovered(text: str) -> bool:
    """Does ``text`` tell the illness as over (back at work, well again)?  Then the person on the
    line is no patient: the illness is a reason for the arrears, not a state to be spared."""
    return bool(_RECOVERED.search(text))


# A person in crisis: crying, at the end of their tether, speaking of ending it.
_DISTRESS = re.compile(r"不想活|活不下去|没法活|不活了|想死|寻死|自杀|跳楼|跳河|轻生|一了百了|撑不下去|"
                       r"崩溃|抑郁|呜呜|哭了|在哭|哭着|哭起来|（哭）|\(哭\)|哽咽")


def own_distress(text: str) -> bool:
    """Does ``text`` show the speaker in crisis (「我真的撑不下去了」「呜呜……」), not a relative
    (「我妈急得直哭」)?  The same test of whose as :func:`illness_subject`."""
    return any(not _relatives(_clause_before(text, m.start())) for m in _DISTRESS.finditer(text))


def _clause_before(text: str, start: int) -> str:
    """The clause leading up to ``start`` (at most ten characters back)."""
    return re.split(r"[，。！？,.!?；;]", text[max(0, start - 10):start])[-1]


def _relatives(clause: str) -> bool:
    """Does ``clause`` make a relative its subject (「我妈」, not 「我妈那边我自己在住院」)?"""
    relative = _RELATIVE.search(clause)
    return relative is not None and not _SELF.search(clause[relative.end():])

