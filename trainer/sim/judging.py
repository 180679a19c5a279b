"""What a senior trainer reads from the call memory: key points, order, stalls, figures, vulnerability.

Everything here reads one :class:`~trainer.sim.memory.CallMemory` (plus the script and the
scenario); nothing keeps its own record of the call.  The scorecard, ``/hint`` and ``/why`` all
call :func:`key_point_status`, so they cannot disagree about what is still missing.

Key points are judged over the whole call: a required key point of any stage the call went
through is credited wherever it was said.  Order matters only where the course says so:

* identify yourself and find the right person (``opening.*``) before any debt talk;
* hear the reason and show understanding (``reason.*``) before the consequences;
* recap the promise (``recap.*``) before closing.

A point said after its anchor is 「说晚了」 (half its weight), not 「漏讲」.  Good-practice points
(``required: false`` in the script, and the ID-card tail — a plain yes confirms the person)
never cost points.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from trainer.content.script import Script, Stage
from trainer.sim.memory import ANSWERS, CallMemory
from trainer.sim.understand import lexicon
from trainer.zh.text import fold

# Good practice on top of the course's requirements: never a deduction when missing.
GOOD_PRACTICE = frozenset({"verify.partial_id", "verify.reason"})
DEBT_TALK = ("state_purpose", "state_amount", "lawful_consequence", "request_payment")
# key point id prefix -> (the acts it must come before, what those acts are called)
ORDER: dict[str, tuple[tuple[str, ...], str]] = {
    "opening.": (DEBT_TALK, "谈欠款"),
    "reason.": (("lawful_consequence",), "讲后果"),
    "recap.": (("close",), "结束通话"),
}
VULNERABLE_PERSONAS = {"hospitalized": "ill", "deceased_family": "bereaved", "minor": "minor"}
FACT_LABELS = {"ill": "客户本人住院／重病", "bereaved": "家属刚经历丧亲", "minor": "接电话的是未成年人"}
HARD_PRESS = frozenset({"lawful_consequence", "threaten", "false_claim"})
ASKING = frozenset({"request_payment", "offer_minimum", "ask_date", "confirm_promise"})
CALLBACK_QUESTIONS = frozenset({"confirm_promise", "ask_date"})
DEBT_ACTS = frozenset({"state_purpose", "state_amount", "disclose_to_third_party"})
NEGATED = ("不谈", "不用", "不需要", "不急", "先不", "别有压力", "不会催", "不是催")
# 「后续专门的同事跟家属联系，您看可以吗？」「打这个号码找您可以吗？」 ask about the process, not for money
PROCESS_TALK = re.compile("流程|专门的同事|专人|称呼|(联系|打给|找)(您|你|家属|家里)")
MONEY_TALK = re.compile("还款|还钱|还上|还清|补上|欠款|钱|金额|元|块|最低|账单|分期")
PRESS_WORDS = ("不能一直", "不能再拖", "一直拖着", "放着不管", "这么放着", "总得还", "还是得还", "必须还")
# What the other side says when the call is going well: repeating it is not a stall.
NOT_STALLS = frozenset({"PTP_OFFER", "ACCEPT_PLAN", "PAY_NOW", "CONFIRM_RECAP", "REPORTS_HOSPITALIZED",
                        "REPORTS_DECEASED", "ASK_PURPOSE", "THIRD_PARTY_FAMILY", "THIRD_PARTY_WORK"})
RUDE_TONES = frozenset({"contempt", "sarcasm", "rude", "rudeness", "insult", "mockery"})


@dataclass(frozen=True)
class PointStatus:
    """One required key point and how the call covered it."""

    stage: Stage
    kp: Any
    first: int                  # the first agent turn in the point's stage
    status: str                 # ok | late | missing | optional
    turn: int | None = None     # where it was said (ok / late)
    anchor: int | None = None   # the turn it should have come before (late)
    anchor_label: str = ""

    @property
    def counted(self) -> bool:
        return self.status != "optional"


def visited_stages(script: Script, visits: Sequence[tuple[str, int]]) -> list[tuple[Stage, int]]:
    out: list[tuple[Stage, int]] = []
    seen: set[str] = set()
    for sid, first in visits:
        stage = script.stages.get(sid)
        if stage is None or sid in seen or stage.is_terminal:
            continue
        seen.add(sid)
        out.append((stage, first))
    return out


def _anchor(memory: CallMemory, kp_id: str) -> tuple[int | None, str]:
    for prefix, (acts, label) in ORDER.items():
        if kp_id.startswith(prefix):
            asked = {t + 1 for t, code, _x in memory.replies if code == "ASK_CONSEQUENCE"}
            # answering 「不还会怎样」 honestly is not pressing before hearing the reason
            turns = [t for a in acts for t in memory.acts.get(a, ()) if not (a == "lawful_consequence" and t in asked)]
            return (min(turns) if turns else None), label
    return None, ""


def key_point_status(script: Script, visits: Sequence[tuple[str, int]], memory: CallMemory,
                     current: str | None = None) -> list[PointStatus]:
    """The required key points of every stage the call went through (and ``current``), judged
    over the call from ``memory``: the one answer the scorecard, ``/hint`` and ``/why`` use."""
    stages = visited_stages(script, visits)
    if current and current not in {s.id for s, _ in stages} and current in script.stages:
        stage = script.stages[current]
        if not stage.is_terminal:
            # the stage the call has just moved to: its first agent turn is the next one
            stages.append((stage, memory.agent_lines[-1][0] + 2 if memory.agent_lines else 1))
    out: list[PointStatus] = []
    for stage, first in stages:
        for kp in stage.key_points:
            if not kp.required:
                continue
            said = memory.covered(kp.id)
            if kp.id in GOOD_PRACTICE:
                out.append(PointStatus(stage, kp, first, "optional", said))
                continue
            if said is None:
                out.append(PointStatus(stage, kp, first, "missing"))
                continue
            anchor, label = _anchor(memory, kp.id)
            if anchor is not None and anchor < said:
                out.append(PointStatus(stage, kp, first, "late", said, anchor, label))
            else:
                out.append(PointStatus(stage, kp, first, "ok", said))
    return out


def missing_now(script: Script, visits: Sequence[tuple[str, int]], memory: CallMemory,
                current: str) -> list[PointStatus]:
    """What ``/hint`` shows: required points of the current stage (and earlier ones) still unsaid."""
    return [p for p in key_point_status(script, visits, memory, current) if p.status == "missing"]


MARKS = {"ok": "✓", "late": "△", "missing": "✗", "optional": "○"}


def describe(point: PointStatus) -> str:
    """One Chinese line for a point's status (scorecard, ``/hint``, ``/why``)."""
    title = point.kp.title
    if point.status == "missing":
        return f"「{point.stage.title}」漏讲要点：{title}" + (f"（{point.kp.hint}）" if point.kp.hint else "")
    if point.status == "late":
        return (f"「{point.stage.title}」要点说晚了：{title}——第 {(point.turn or 0) + 1} 句才说，"
                f"应在第 {(point.anchor or 0) + 1} 句{point.anchor_label}之前说")
    if point.status == "optional":
        return f"加分项（不扣分）：{title}" + ("" if point.turn is None else f"（第 {point.turn + 1} 句已做到）")
    return f"已讲到：{title}（第 {(point.turn or 0) + 1} 句）"


# -- key points credited by understanding ---------------------------------------------------

# key point id (or its last part) -> the collector acts that cover it however it was worded
ACT_CREDIT: dict[str, tuple[str, ...]] = {
    "probe": ("probe_reason",), "recap.confirm": ("recap",), "empathy": ("empathize",),
    "condolence": ("condolence",), "apology": ("apologize",),
}
_ASKING = re.compile("吗|么|[?？]|在不在|是不是|对吧|是吧|在家")


_PROCESS = re.compile(r"专门的?(同事|人员|部门)|按(流程|规定)|需要(准备|办)|手续|材料|证明|客服热线|官方(电话|号码)")


def credited_key_points(kp_ids: Sequence[str], acts: Sequence[str], folded: str,
                        facts: Mapping[str, Any], tone: Sequence[tuple[str, str]] = (),
                        memory: CallMemory | None = None, contact: str = "debtor") -> list[str]:
    """Key points a line covers by what it does, whatever its wording: a why-question about the
    difficulty is the probe, any recap wording the recap, 「李强李先生在吗」/「周女士吗」 asking for
    the person by name; a call-back time is set when a call-back comes with a day.  Added to what
    the script's own matchers found, never instead (understanding is broader than a regex)."""
    out = []
    rude = any(kind in RUDE_TONES for kind, _w in tone)
    for kp in kp_ids:
        tail = kp.rsplit(".", 1)[-1]
        acts_needed = ACT_CREDIT.get(kp) or ACT_CREDIT.get(tail)
        if acts_needed and any(a in acts for a in acts_needed) and not (rude and tail == "empathy"):
            out.append(kp)
        elif tail == "ask_name" and _asks_by_name(folded, facts):
            out.append(kp)
        elif tail == "bank" and _bank_and_surname(folded, memory):
            out.append(kp)   # 「我姓王」 in one line and 「安信银行的」 in the next: both were said
        elif tail == "department" and contact == "third_party" and "银行" in folded:
            out.append(kp)   # to a third party the bank and surname are enough: 「司法调查组」 tells them the debt
        elif tail == "notify" and _PROCESS.search(folded):
            out.append(kp)
        elif tail == "callback" and _message_with_number(acts, folded, facts, memory):
            out.append(kp)
        elif tail == "time" and kp.startswith("callback") and "schedule_callback" in acts and re.search(
                r"\d{1,2}[月号日]|[一二三四五六七八九十]+[号日]|明天|后天|周.|星期.|下午|上午|几点|出院", folded):
            out.append(kp)
    return out


def _message_with_number(acts: Sequence[str], folded: str, facts: Mapping[str, Any],
                         memory: CallMemory | None) -> bool:
    """A message to call back and the official number, in this line or spread over two."""
    number = str(facts.get("callback_number") or "").replace("-", "")
    if not number:
        return False
    def has_number(text: str) -> bool:
        return number in text.replace("-", "")
    asked = "leave_message" in acts or bool(memory and memory.did("leave_message"))
    numbered = has_number(folded) or bool(memory and any(has_number(t) for _n, _s, t in memory.agent_lines))
    return asked and numbered and ("leave_message" in acts or has_number(folded))


_SURNAME = re.compile("(?<![贵您你尊他她])姓(?![名氏])[\u4e00-\u9fff]|(免贵|敝)姓")


def _bank_and_surname(folded: str, memory: CallMemory | None) -> bool:
    """The bank and the agent's own surname, one in this line and the other here or earlier."""
    earlier = [t for _n, _s, t in memory.agent_lines] if memory else []
    if "银行" in folded:
        return bool(_SURNAME.search(folded)) or any(_SURNAME.search(t) for t in earlier)
    return bool(_SURNAME.search(folded)) and any("银行" in t for t in earlier)


def _asks_by_name(folded: str, facts: Mapping[str, Any]) -> bool:
    name = str(facts.get("name") or "")
    surname = str(facts.get("surname") or name[:1])
    honorific = str(facts.get("honorific") or "")
    named = (len(name) >= 2 and name in folded) or (surname and honorific and surname + honorific in folded)
    return bool(named and _ASKING.search(folded))


# -- vulnerability ---------------------------------------------------------------------------


def vulnerable_facts(memory: CallMemory, persona: str) -> set[str]:
    """Who on this call is vulnerable, as a fact of the call (not a word in a line): the debtor
    hospitalised, the family bereaved, a minor on the line.  A relative's illness given as the
    reason for hardship is not among them (it is a ``NO_MONEY``/``HARDSHIP_EVENT`` reason)."""
    facts = set(memory.facts) & set(FACT_LABELS)
    if persona in VULNERABLE_PERSONAS:
        facts.add(VULNERABLE_PERSONAS[persona])
    return facts


def fact_turn(memory: CallMemory, fact: str) -> int:
    """The turn the call learnt ``fact`` (0 when the scenario says so from the start)."""
    from trainer.sim.memory import PERSON_FACTS

    for turn, code, _text in memory.replies:
        if PERSON_FACTS.get(code) == fact:
            return turn
    return 0


def pressing_turns(memory: CallMemory, since: int, fact: str = "ill") -> list[int]:
    """Agent turns after ``since`` that press for money: consequences, threats, asking for a
    payment or a date (not in 「今天不谈还款」), or 「钱的事也不能一直这么放着」-style urging.  With the
    family of the deceased or a minor on the line, any debt talk to them is pressing too."""
    return [turn for turn, _stage, text in memory.agent_lines
            if turn > since and presses(text, _acts_at(memory, turn), fact)]


def presses(text: str, acts: Iterable[str], fact: str = "ill") -> bool:
    """Does one agent line press a vulnerable person for money (see :func:`pressing_turns`)?"""
    acts = set(acts)
    # 「等您出院了再联系您，3月20号可以吗？」 arranges a call-back: asking when to call is not pressing
    process = bool(PROCESS_TALK.search(text)) and not MONEY_TALK.search(text)
    asking = acts & ASKING - (CALLBACK_QUESTIONS if "schedule_callback" in acts or process else set())
    asking = bool(asking) and not any(w in text for w in NEGATED)
    through_family = fact in ("bereaved", "minor") and bool(acts & DEBT_ACTS)
    return bool(acts & HARD_PRESS or asking or through_family or any(w in text for w in PRESS_WORDS))


# 「等您出院、身体缓过来了，咱们再一起看看怎么安排……这些您现在都不用操心」: collection put off until later
DEFERRING = re.compile("等(您|你)?[^，。,！？!?；;]{0,6}(出院|康复|身体好|好了|好些|缓过来|恢复|忙完|办完)|"
                       "(出院|康复|恢复)(以后|之后|后|了)?(再|咱们再|我们再)|暂缓")


def defers_collection(text: str, acts: Iterable[str], fact: str = "ill") -> bool:
    """A line that puts collection off for a vulnerable person without pressing them: the words defer it
    (「等您出院了再说」「这些您现在都不用操心」「今天不谈还款」) and nothing in the line presses."""
    if presses(text, acts, fact):
        return False
    folded = fold(text)
    down = lexicon().stand_down
    return bool(DEFERRING.search(folded) or (down is not None and down.search(folded)))


def deferring_turns(memory: CallMemory, persona: str) -> set[int]:
    """Agent turns that defer collection for the vulnerable person on the line (none when nobody is):
    a rule's ``vulnerable`` finding there is not held against the trainee (docs/engine.md §4)."""
    facts = vulnerable_facts(memory, persona)
    if not facts:
        return set()
    fact = sorted(facts)[0]
    return {turn for turn, _stage, text in memory.agent_lines
            if defers_collection(text, _acts_at(memory, turn), fact)}


def _acts_at(memory: CallMemory, turn: int) -> list[str]:
    return [a for a, turns in memory.acts.items() if turn in turns]


# -- stalls ----------------------------------------------------------------------------------


def stalls(memory: CallMemory) -> list[tuple[str, int, int]]:
    """``(code, first turn raised, the agent turn that should have answered it)`` for every concern
    the other side raised at least twice that the agent never addressed anywhere in the call (none
    of its answering acts, before or after).  Not counted: what the call settles on (a promise…),
    facts told (hospitalised, deceased), and 「什么事」, which must not be answered before the right
    person is confirmed."""
    out = []
    for item in memory.unanswered():
        if item.code in NOT_STALLS or memory.times_raised(item.code) < 2:
            continue
        if any(memory.did(act) for act in ANSWERS.get(item.code, ())):
            continue
        answer = next((t for t, _s, _x in memory.agent_lines if t > item.turn), None)
        if answer is not None:
            out.append((item.code, item.turn, answer))
    return out


# -- tone --------------------------------------------------------------------------------------


def rude_tone(memory: CallMemory) -> list[tuple[int, str, str]]:
    """Contempt, sarcasm and rudeness the understanding recognised in the agent's lines."""
    return [(t, k, w) for t, k, w in memory.tone if k in RUDE_TONES]


# -- figures -----------------------------------------------------------------------------------

_DAYS = re.compile(r"逾期(?:了)?\s*(\d+)\s*天")
_DUE = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号](?:到期|的账单|那期|的那期|是还款日|的还款日)")
_NUM = r"(\d+(?:\.\d+)?[千万]?|[零〇一二两三四五六七八九十百千万]+)(多)?"
_MIN = re.compile(r"最低(?:还款)?(?:额)?(?:是|为|有|要|得|也得|也要)?(?:先)?(?:还)?(?:个)?\s*" + _NUM + r"\s*(?:元|块)?")
_BALANCE = re.compile(r"(?:一共|总共|合计|共计|总欠款|欠款总额|总额|还欠|一共欠|总共欠|欠款一共|欠款合计)(?:是|有|了|为|欠|需要还)?(?:的是)?\s*"
                      + _NUM + r"\s*(?:元|块)?")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})")


def days_in(text: str) -> list[int]:
    return [int(m) for m in _DAYS.findall(text)]


def figures_in(text: str) -> list[tuple[str, float]]:
    """The due date (month × 100 + day) and the minimum due a line states, for :func:`wrong_figures`."""
    out: list[tuple[str, float]] = [("due", int(m) * 100 + int(d)) for m, d in _DUE.findall(text)]
    for kind, pattern in (("min", _MIN), ("balance", _BALANCE)):
        for num, more in pattern.findall(text):
            value = spoken_money(num)
            if value is not None:
                # 「一千多」: an approximation, kept negative so the check knows it is a floor
                out.append((kind, -value if more else value))
    return out


def spoken_money(token: str) -> float | None:
    """A sum as said: 1258, 1.2万, 一万二, 一千二百五十八, 一万零八百 (None when it is not a number)."""
    from trainer.sim.understand import cn_number

    m = re.fullmatch(r"(\d+(?:\.\d+)?)([千万]?)", token)
    if m:
        return float(m.group(1)) * {"": 1, "千": 1000, "万": 10000}[m.group(2)]
    value = cn_number(token)
    return float(value) if value is not None else None


def figure_fits(said: float, real: float) -> bool:
    """Whether a stated figure fits the account: within 1 %, or 「一千多」 (negative: a floor) covering it."""
    if said < 0:
        floor = -said
        step = 10 ** (len(f"{floor:.0f}") - len(f"{floor:.0f}".rstrip("0")))
        return floor <= real < floor + step
    return abs(said - real) <= max(1.0, real * 0.01)


def wrong_figures(memory: CallMemory, account: Mapping[str, Any], known: Sequence[float]) -> list[tuple[int, str]]:
    """``(turn, reason)`` for each figure the agent stated that contradicts the account: an amount
    that looks like the balance or minimum due but is not (a digit slip), a wrong minimum due, the
    wrong days overdue or the wrong due date."""
    figures = [float(account[k]) for k in ("balance", "min_due") if account.get(k) is not None]
    ok = {round(x, 2) for x in list(figures) + list(known)}
    due = _MONTH_DAY.search(str(account.get("due_date") or ""))
    named = {(t, v) for t, k, v in memory.figures if k == "min"}   # judged as the minimum below
    out: list[tuple[int, str]] = []
    for turn, kind, value in memory.figures:
        if kind == "amount" and round(value, 2) not in ok and (turn, value) not in named:
            real = next((r for r in figures if _slip(value, r)), None)
            if real is not None:
                out.append((turn, f"说的金额 {value:g} 元与账户不符（应为 {real:g} 元）"))
        elif kind == "min" and account.get("min_due") is not None and not figure_fits(value, float(account["min_due"])):
            out.append((turn, f"说最低还款额 {_said(value)} 元，账户是 {float(account['min_due']):g} 元"))
        elif (kind == "balance" and account.get("balance") is not None and abs(value) > 0.5 * float(account["balance"])
              and not figure_fits(value, float(account["balance"]))):
            out.append((turn, f"说欠款总额 {_said(value)} 元，账户是 {float(account['balance']):g} 元"))
        elif kind == "days" and account.get("days_overdue") is not None and int(value) != int(account["days_overdue"]):
            out.append((turn, f"说逾期 {int(value)} 天，账户是逾期 {int(account['days_overdue'])} 天"))
        elif kind == "due" and due and int(value) != int(due.group(1)) * 100 + int(due.group(2)):
            out.append((turn, f"说到期日是 {int(value) // 100}月{int(value) % 100}日，账户是 {account['due_date']}"))
    # one reason per turn and figure is enough
    return list(dict.fromkeys(out))


def _said(value: float) -> str:
    return f"{-value:g} 多" if value < 0 else f"{value:g}"


def _slip(said: float, real: float) -> bool:
    a, b = f"{said:.0f}", f"{real:.0f}"
    if a == b or len(a) != len(b) or real < 100:
        return False
    zeros = len(a) - len(a.rstrip("0"))
    if zeros > len(b) - len(b.rstrip("0")) and zeros and abs(said - real) < 10 ** zeros:
        return False   # a round figure (「一万五千多」 for 15400) is an approximation, not a slip
    return sorted(a) == sorted(b) or sum(x != y for x, y in zip(a, b, strict=True)) == 1


# 「这笔钱没有还进来」「一分钱没见着」 said of a promise that was partly kept
NOTHING_PAID = re.compile("一分(钱)?(都|也)?没(见着|见到|还|到|收到|进来)|分文(未|没)还|"
                          "(这笔|那笔)(钱|款)(都)?(没有|没|还没)(还|打|存|到)")


# 「还差一千」「剩下的1000元」: what is left of the last promise, as the agent states it
REMAINDER = re.compile(r"(?:还差|剩下|剩余|还剩|余下|剩)(?:的)?(?:那)?(?:部分|钱|款|金额)?(?:就|也就|只)?(?:是|有|还有|就是)?(?:个)?\s*"
                       + _NUM + r"\s*(?:元|块|(?=[，,。；;！!？?]|$))")


def wrong_remainders(text: str, account: Mapping[str, Any], known: Sequence[float]) -> list[tuple[float, float]]:
    """``(said, real)`` for each remainder of a partly kept promise the line states that fits
    neither what is left of it nor another figure of the account (balance, minimum due)."""
    promises = [p for p in account.get("previous_promises") or () if isinstance(p, Mapping)]
    if not promises or not promises[-1].get("amount") or not promises[-1].get("paid"):
        return []
    left = float(promises[-1]["amount"]) - float(promises[-1]["paid"])
    fitting = [left, *known, *(float(account[k]) for k in ("balance", "min_due") if account.get(k) is not None)]
    out = []
    for num, more in REMAINDER.findall(text):
        value = spoken_money(num)
        if value is not None and not more and not any(figure_fits(value, real) for real in fitting):
            out.append((value, left))
    return out


def part_paid(account: Mapping[str, Any]) -> float:
    """What was paid of the last earlier promise (0 when none, or nothing was paid)."""
    promises = [p for p in account.get("previous_promises") or () if isinstance(p, Mapping)]
    return float(promises[-1].get("paid") or 0) if promises else 0.0


# 「投诉」 said as their own intent (not 「不投诉」「别投诉」, not the agent's 「投诉渠道」 quoted back)
COMPLAINS = re.compile("(?<![不别没])(去|要|会|就|得)?投诉")


def complaints_said(memory: CallMemory) -> int:
    """How many of the customer's replies say they will complain (a threat, a lodged complaint, or a goodbye
    such as 「投诉电话我自己会打」)."""
    return sum(1 for _turn, code, text in memory.replies
               if code in ("THREAT_COMPLAINT", "LODGE_COMPLAINT") or COMPLAINS.search(text))


# -- the promised day ------------------------------------------------------------------------------

NEAR_PAYDAY_DAYS = 10   # a day up to this many days after the customer's payday is "near payday"


def latest_fair_day(call_date: date, window_days: int, payday: int | None) -> tuple[date, str]:
    """The latest promised day that costs nothing, and how the scorecard names it.  The course asks for a day
    near the customer's payday (DOMAIN.md, step 6) and sets no deadline of its own; the scenario's
    ``promise_window_days`` is not on the trainee's case card.  So a day within the window is fine, and so is
    one no later than :data:`NEAR_PAYDAY_DAYS` after the customer's first payday on or after the call;
    without a known payday the window is all there is (round 10, two reviewers of round 9)."""
    window = call_date + timedelta(days=window_days)
    if not payday:
        return window, f"超出 {window_days} 天的期限"
    pay = _next_payday(call_date, payday)
    near = pay + timedelta(days=NEAR_PAYDAY_DAYS)
    if near <= window:
        return window, f"超出 {window_days} 天的期限"
    return near, f"离客户发薪日（{pay.month}月{pay.day}日）太远，应约在发薪日附近"


def _next_payday(today: date, payday: int) -> date:
    """The customer's first payday on or after ``today`` (the 31st in a short month: its last day)."""
    year, month = today.year, today.month
    for _ in range(2):
        day = date(year, month, min(payday, calendar.monthrange(year, month)[1]))
        if day >= today:
            return day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return today
