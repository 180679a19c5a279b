"""Lawful process explained: the court, the law or the bank's procedure as the actor, hedged (round 12).

A collector may — and good ones do — tell the customer how things really go: 「真走到诉讼那一步，传票也是
法院送达，不会打电话通知您」; 「恶意透支有明确标准，要有非法占有目的，还得两次催收超三个月不还」;
「如果电话一直沟通不下来，按我们的流程，会安排外访同事上门核实，了解一下您的实际情况」.  These
name a summons, a crime or a visit, and word lists read them as false claims or threats; every
reviewer of the whole calls and the sentence sets left them clean.  What tells them apart is the
structure of the sentence, not its words:

* **who acts** — the court serves its own papers (法院…送达/发/寄); the law sets a standard or
  conditions (标准、条件、满足、达到一定数额、非法占有目的); the visit is the bank's procedure
  (按流程/按规定/正常的工作流程, with its safeguards: 出示证件、提前约、只跟您本人、核实、了解情况),
  or the customer's own appointment (「您约了周六让我们外访同事当面对一下账」);
* **how sure** — hedged or general (真…的话、如果、就算、以后、得…才、也是; a judgment not
  performed for the court's enforcement), never a date or a deed already done (已经、这两天、马上、
  明天就、立上案) outside a clause that denies it (「不会是有人打电话说您已经开庭了」);
* **aimed at whom** — not the listener said to meet the standard (「你这已经够恶意透支的条件了」), not
  the family, the neighbours or the employer brought into the visit (unless to say they will not be).

The family's liability is explained the same way (round 13): 「算不算夫妻共同债务，最后由法院认定，不是自动
就要配偶还」, 「家属只在遗产范围内承担」 — the court or the estate decides, or the duty is denied — where
「按规定配偶必须替您还」 is a claim.

A rule asks for this reading with ``context: {lawful_process: true}``; the sentence of the hit is read.
"""

from __future__ import annotations

import re

# a deed done or dated: a claim, not an explanation
_CERTAIN = re.compile("已经|这两天|马上|立刻|立即|(?:今天|明天|今晚|下周|这周|现在|月底)就|等着|立上|立了案|肯定|直接|"
                      "一定(?!数额|的数额|程度)|下周|明天|后天|这周")
_HEDGE = re.compile("真|如果|要是|就算|假如|一旦|的话|以后|将来|得|才|只能|只会|都是|也是|按程序|依法|正式|程序|法定")

_COURT_PAPERS = re.compile("传票|文书|起诉状|判决书|应诉通知")
_COURT_SERVES = re.compile("法院.{0,10}?(?:送达|发出|发|寄|出具)")

# the court enforcing a judgment the customer did not perform: the legal precondition is the hedge
_JUDGMENT = re.compile("判决|裁定|调解书|判了|判下来")
_UNPERFORMED = re.compile("不履行|未履行|拒不履行|不执行")

_CRIME = re.compile("恶意透支|坐牢|刑事|刑责|犯罪|抓人|诈骗|判刑|拘留")
_STANDARD = re.compile("标准|条件|满足|前提|程度|一定数额|数额达|非法占有|法律规定")
_LISTENER_MEETS = re.compile("(?:你|您)(?:这|的|这种|这个)?.{0,6}?(?:已经|完全|早就|都)?(?:符合|满足|够|达到|属于|构成)")

_VISIT = re.compile("外访|上门|家访|当面")
_PROCEDURE = re.compile("按(?:照)?(?:我们|银行|我们的|银行的)?(?:的)?(?:流程|规定|程序)|正常(?:的)?(?:工作)?流程|出示|工作证|"
                        "提前.{0,4}?约|核实|了解.{0,4}?情况|只(?:跟|和|与)(?:您|你)本人|(?:您|你)(?:约|选|定)(?:了|的)")
_OTHERS = re.compile("家里人|家人|邻居|单位|领导|同事面前|亲戚|孩子|老婆|老公|爱人|父母|爸妈|街坊|楼道")
_NEGATED = re.compile("不会|不|没|绝不|也不")

_FAMILY_DEBT = re.compile("夫妻共同债务|共同债务|配偶|家属|家里人|家人|子女|父债子还|继承|遗产")
_DECIDED_LAWFULLY = re.compile("法院认定|由法院|法院判|法院来定|要看(?:钱|法院|判决|遗产|具体|用途|是不是)|遗产范围|继承的遗产|"
                               "以遗产|不是自动|不一定|没有义务|不需要.{0,6}?(?:替|帮|代)|不用.{0,6}?(?:替|帮|代)|不能要求")
_DUTY = re.compile("必须|有义务|得替|得帮|应当替|应该替|跑不掉")  # a duty asserted, unless its clause denies it
_SENTENCE_END = re.compile("[。！？!?\n]+")
_CLAUSE_END = re.compile("[，,；;：:]+")


def explains_process(sentence: str, clauses: list[str]) -> bool:
    """Is ``sentence`` (folded) an explanation of lawful process (module docstring)?  ``clauses``
    are its clauses, folded: a clause that denies (「不会去找您邻居和单位」) may name others."""
    certain = any(_CERTAIN.search(c) and not _NEGATED.search(c) for c in clauses or [sentence])
    if certain:
        return False
    if _COURT_PAPERS.search(sentence) and _COURT_SERVES.search(sentence):
        return _HEDGE.search(sentence) is not None
    if _JUDGMENT.search(sentence) and _UNPERFORMED.search(sentence) and "法院" in sentence:
        return True
    if _CRIME.search(sentence) and _STANDARD.search(sentence):
        return not _LISTENER_MEETS.search(sentence)
    if _VISIT.search(sentence) and _PROCEDURE.search(sentence):
        return not any(_OTHERS.search(c) and not _NEGATED.search(c) for c in clauses)
    if _FAMILY_DEBT.search(sentence) and _DECIDED_LAWFULLY.search(sentence):
        return not any(_DUTY.search(c) and not _NEGATED.search(c) for c in clauses or [sentence])
    return False


def explains_turn(folded: str) -> bool:
    """Does a whole agent turn (folded) explain lawful process, with no other sentence stating a deed
    as done?  For a judgement on the whole turn (the model's), where no hit points at a sentence."""
    explained = False
    for sentence in filter(None, _SENTENCE_END.split(folded)):
        clauses = [c for c in _CLAUSE_END.split(sentence) if c]
        if explains_process(sentence, clauses):
            explained = True
        elif any(_CERTAIN.search(c) and not _NEGATED.search(c) for c in clauses):
            return False
    return explained
