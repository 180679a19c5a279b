"""Wording: choosing the reply lines from the script and the banks in ``trainer/data/debtor.yaml``.

Replies come from the script's own examples for the stage where the script has
that response type, else from the bank; replies that carry an amount or a date
are always built from the debtor's numbers.  A third party never confirms
account facts.  A mildly irritated debtor prefixes some replies; one who was
listened to sometimes says so.
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING

from trainer.base.vocab import RESPONSES
from trainer.base.yamlio import load_document
from trainer.content.script import Response, Stage
from trainer.sim.debtor import questions
from trainer.sim.debtor.negotiation import Promise
from trainer.sim.judging import part_paid
from trainer.sim.understand import Understanding, describe_date
from trainer.zh.display import money

if TYPE_CHECKING:  # pragma: no cover
    from trainer.sim.debtor import Debtor

# Codes a script may use for the same intent (first: preferred).
EQUIVALENT: dict[str, tuple[str, ...]] = {
    "PTP_OFFER": ("PTP_OFFER", "ACCEPT_PLAN", "PAY_NOW", "CONFIRM"),
    "ACCEPT_PLAN": ("ACCEPT_PLAN", "PTP_OFFER", "PAY_NOW", "CONFIRM"),
    "CONFIRM_RECAP": ("CONFIRM_RECAP", "CONFIRM"),
    "CONFIRM_IDENTITY": ("CONFIRM_IDENTITY",),
    "ASK_WHO": ("ASK_WHO", "SUSPECT_SCAM", "ASK_STAFF_ID"),
    "SUSPECT_SCAM": ("SUSPECT_SCAM", "ASK_WHO"),
    "NO_MONEY": ("NO_MONEY", "NO_ABILITY", "HARDSHIP_EVENT"),
    "NO_ABILITY": ("NO_ABILITY", "NO_MONEY", "HARDSHIP_EVENT"),
    "HARDSHIP_EVENT": ("HARDSHIP_EVENT", "NO_ABILITY", "NO_MONEY"),
    "LOWBALL": ("LOWBALL", "ASK_INSTALLMENT"),
    "AGREE_CALLBACK": ("AGREE_CALLBACK", "BUSY_CALLBACK", "CONFIRM"),
    "AGREE_MESSAGE": ("AGREE_MESSAGE", "CONFIRM"),
    "CONFIRM": ("CONFIRM",),
    "NOT_MY_CHARGES": ("NOT_MY_CHARGES", "DISPUTE_AMOUNT"),
    "REPORTS_HOSPITALIZED": ("REPORTS_HOSPITALIZED", "HARDSHIP_EVENT", "NO_ABILITY"),
    "CLAIM_NO_NOTICE": ("CLAIM_NO_NOTICE", "DISPUTE_OVERDUE"),
}
SLOTTED = {"PTP_OFFER", "ACCEPT_PLAN", "PAY_NOW", "LOWBALL", "AGREE_CALLBACK"}
WEIGHED = frozenset({"NO_MONEY", "NO_ABILITY", "HARDSHIP_EVENT"})     # one meaning, several ways to say it
REASONED = ("NO_MONEY", "NO_ABILITY", "HARDSHIP_EVENT", "REPORTS_HOSPITALIZED", "CLAIM_PARTIAL")   # bank lines carry {reason}


@dataclass(frozen=True)
class _Bank:
    replies: Mapping[str, tuple[str, ...]]
    third_party_deflect: tuple[str, ...]
    irritated: tuple[str, ...]
    heard: tuple[str, ...]
    filler: tuple[str, ...]
    opening: Mapping[str, tuple[str, ...]]
    callback: tuple[str, ...]
    again: Mapping[str, tuple[str, ...]]        # persona (or default) -> openings for returning to a point
    remind: tuple[str, ...]                     # the agent ignored a question: quote it ({asked})
    goodbye: Mapping[str, tuple[str, ...]]      # outcome (or default) -> goodbye lines
    identity: Mapping[str, tuple[str, ...]]     # tail | name -> confirming who they are
    answers: tuple[tuple[re.Pattern[str], Mapping[str, tuple[str, ...]], bool, str | None], ...]
    listen: Mapping[str, tuple[str, ...]]       # persona -> taking in what was said (CONFIRM)
    offended: Mapping[str, tuple[str, ...]]     # persona -> answering contempt or sarcasm
    shaken: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)  # threat | claim -> persona -> lines
    wind_down: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # persona (or default) -> closing in, all else said


@functools.lru_cache(maxsize=1)
def bank() -> _Bank:
    """The reply bank from ``trainer/data/debtor.yaml`` (loaded once)."""
    source = resources.files("trainer").joinpath("data", "debtor.yaml")
    data = load_document(str(source), text=source.read_text("utf-8"), name="trainer/data/debtor.yaml").data
    replies = {code: tuple(texts) for code, texts in data["replies"].items()}
    unknown = set(replies) - set(RESPONSES) - {"CORRECTION", "CORRECTION_AMOUNT", "HOLD", "HOLD_EARLY", "HOLD_LATE", "RELENT", "CHANNEL",
                                                     "CHANNEL_LOWBALL"}
    if unknown:  # pragma: no cover - guarded by tests
        raise ValueError(f"debtor.yaml: unknown response codes {sorted(unknown)}")
    answers = tuple((re.compile(item["match"]), {k: tuple(v) for k, v in item["lines"].items()},
                     bool(item.get("always")), item.get("tells")) for item in data.get("answers", ()))
    return _Bank(replies, tuple(data["third_party_deflect"]), tuple(data["irritated"]), tuple(data["heard"]),
                 tuple(data["filler"]), {k: tuple(v) for k, v in data["opening"].items()},
                 tuple(data["callback"]), {k: tuple(v) for k, v in data["again"].items()},
                 tuple(data["remind"]), {k: tuple(v) for k, v in data["goodbye"].items()},
                 {k: tuple(v) for k, v in data["identity"].items()}, answers,
                 {k: tuple(v) for k, v in data["listen"].items()},
                 {k: tuple(v) for k, v in data["offended"].items()},
                 {kind: {k: tuple(v) for k, v in by.items()} for kind, by in (data.get("shaken") or {}).items()},
                 {k: tuple(v) for k, v in (data.get("wind_down") or {}).items()})


@dataclass(frozen=True)
class Reply:
    """The other side's answer to one agent line."""

    code: str
    text: str
    speaker: str                        # debtor | third_party
    response: Response | None = None    # the script's response, when the script has this code here
    ends: str | None = None             # an outcome code when this reply ends the call on its own
    promise: Promise | None = None
    why: str = ""                       # for /why and the transcript annotation


def opening_line(d: Debtor) -> str:
    """What is said on picking up."""
    lines = bank().opening
    role = d.scenario.answered_by if d.speaker == "third_party" else "debtor"
    return d.rng.choice(lines.get(role, lines["default"]))


# questions whose repetition, when the agent went past them, quotes what was really asked
REMINDABLE = ("ASK_WHO", "ASK_STAFF_ID", "DISPUTE_AMOUNT", "ASK_CONSEQUENCE", "ASK_INSTALLMENT", "ASK_WAIVER")
NAME_RE = re.compile(r"(我(?:不)?是)([\u4e00-\u9fa5]{2,3}?)(?=[。，！？,.!?]|$)")
NOT_NAME = frozenset("他她你我本谁这那哪家孩没")
CHANNEL_ASKED = re.compile("(什么|哪种|哪个|啥)(方式|渠道|途径)|还款方式|(打算|准备)(用|通过)|(走|用|通过)(哪个|哪种|什么)|怎么(还|转|存|交)|用什么还|通过什么|在哪(儿|里)?还")
TAIL_ASKED = re.compile("后四位|后4位|身份证号")
HEDGED = re.compile("(是不是|会不会|好像|可能).{0,12}[？?]$")
DARING = re.compile("一直不还|就是不还|不还又(能)?怎(样|么样)|又能把我怎")
MEEK = frozenset({"honest", "hospitalized"})
HE = re.compile("(?<![其吉])他(?!们)")
DISPUTED_AGAIN = re.compile("不是我刷|不是我消费|根本不是我|登记清楚|问题不在我")
AFFORDS = re.compile("钱(倒)?不是问题|不是手头紧|不差(这点)?钱|不缺(这点)?钱")
# responses that put the call off on the debtor's own account (busy, not now): never the words of an agreement
STALLING = frozenset({"BUSY_CALLBACK", "STALL_LATER", "STALL_BUSY", "STALL_LOCATION"})
BEREAVED_DEFLECT = ("人都不在了，他的事我不清楚。", "这些我不知道，你们按规定办吧。", "他的账我从来不管。")


def say(d: Debtor, code: str, stage: Stage, events: Iterable[Response], today: date, *,
        ends: str | None = None, why: str = "", kind: str = "") -> Reply:
    """The reply for ``code``: the script's response when it has one here (by the persona's
    weights), worded so that no line of the call is said twice."""
    # a goodbye, a retort or a direct answer stays in the stage: only the debtor's own intents steer the tree
    # (an answer to a question nothing else answered keeps the meaning of the intent it words: ``answer``)
    response = None if kind not in ("", "answer") or (d.answer_pool and code == "CONFIRM" and not kind) \
        else script_response(code, stage, events, d.scenario.persona, d.rng)
    spoken = response.code if response else code
    slot_code = ""      # whose figures fill the line, when not the reply's own code's
    if code == "AGREE_CALLBACK" and spoken in STALLING:
        # agreeing to the call-back the agent offered is no stall: the script's 「在忙，晚点打吧」 only steers
        spoken = code
    if code == "DEFLECT":
        spoken, pool = "ASK_PURPOSE", bank().third_party_deflect
        if d.scenario.answered_by == "deceased_family":
            pool = BEREAVED_DEFLECT
    elif kind == "goodbye":
        key = "bereaved" if d.scenario.answered_by == "deceased_family" else ends or ""
        if d.moods.level >= 3 and "escalated" in bank().goodbye:
            key = "escalated"     # hung up on while threatening a complaint: not a friendly goodbye
        elif d.deal.open_correction and "corrected" in bank().goodbye and not _mended(d):
            # they have just put a figure right and the agent says goodbye without taking it up: they say theirs
            # once more (「记清楚啊，是……」) rather than a plain 「好吧，再见」 that would accept the wrong one
            key = "corrected"
            slot_code = "PTP_OFFER" if d.deal.agreed is not None else "LOWBALL"
            if slot_code == "LOWBALL" and "corrected_amount" in bank().goodbye and \
                    not _said_before(d, _slots(d, slot_code, today)[1]):
                key = "corrected_amount"    # only a sum was offered: no day is claimed as said
        pool = bank().goodbye.get(key, bank().goodbye["default"])
    elif kind in ("threat", "claim"):
        by = bank().shaken[kind]
        pool = by.get("third_party" if d.speaker == "third_party" else d.scenario.persona, by["default"])
    elif kind == "offended":
        pool = bank().offended.get("third_party" if d.speaker == "third_party" else d.scenario.persona,
                                   bank().offended["default"])
    elif d.answer_pool:
        pool, d.answer_pool = d.answer_pool, ()
    else:
        pool = candidates(d, spoken, response, today)
    if d.deal.lowballed or d.memory.times_raised_any(("NO_MONEY", "NO_ABILITY", "HARDSHIP_EVENT", "LOWBALL")):
        # they have said they can pay only so much: no line of theirs says money is no problem
        pool = tuple(t for t in pool if not AFFORDS.search(t)) or pool
    if d.memory.did("record_dispute") and d.agenda.objection == "NOT_MY_CHARGES" and d.agenda.objection_said and \
            kind != "goodbye":
        # the dispute is logged: 「我知道，但那几笔不是我刷的」 argues a point nobody disputes any more
        pool = tuple(t for t in pool if not DISPUTED_AGAIN.search(t)) or pool
    text = None
    promise_changed = d.deal.agreed != d.deal.worded      # 「谢谢你能理解」 goes with a new promise only
    asked = d.memory.pending_question([spoken]) if spoken in REMINDABLE else None
    if asked and re.search("[？?]", asked[1]) and d.memory.times_raised(spoken) and \
            quote(asked[1]) + "？" not in bank().filler:
        pressed = questions.bank().pressed.get(spoken) or \
            tuple(t.format(asked=quote(asked[1])) for t in bank().remind)
        text = fresh(d, pressed)
        why = why or "坐席没有回答刚才的问题，再追问一次"
    if text is None:
        filled = [fill(d, t, *_slots(d, slot_code or spoken, today)) for t in pool]
        text = fresh(d, filled, alike=kind != "goodbye" or slot_code != "")
        if text is None and (d.deal.correcting or d.deal.holding):   # a correction must be said, in other words if it can
            text = fresh(d, filled, alike=False)
    if text is None:
        text = again(d, spoken, [fill(d, t, *_slots(d, spoken, today)) for t in pool] or list(bank().filler))
    elif d.moods.level == 1 and spoken not in ("HANG_UP", "LODGE_COMPLAINT", "CONFIRM_RECAP", "CONFIRM") and \
            kind in ("", "answer") and d.memory.times_raised(spoken) and not soothed(d) and d.rng.random() < 0.5:
        text = _unique(d, d.rng.choice(bank().irritated) + text, text)
    if spoken == "PTP_OFFER" and d.deal.grudging and bank().listen.get("relent_echo"):
        text = _unique(d, d.rng.choice(bank().listen["relent_echo"]) + text, text)
    elif spoken in ("PTP_OFFER", "ACCEPT_PLAN") and promise_changed and relented(d) and not soothed(d):
        text = _unique(d, d.rng.choice(bank().replies["RELENT"]) + text, text)
    elif code in ("PTP_OFFER", "ACCEPT_PLAN") and d.agenda.heard and soothed(d) and promise_changed and \
            d.rng.random() < 0.3:
        text = _unique(d, d.rng.choice(bank().heard) + text, text)
    leads = bank().listen.get("callback_then", ())
    if spoken == "LOWBALL" and d.last_u is not None and d.last_u.has("schedule_callback") and leads and \
            questions.asks(d.last_u) and not d.deal.correcting and not d.last_u.has("recap") and \
            not any(t.startswith(lead) for _n, _c, t in d.memory.replies for lead in leads):
        # 「那我3月16日再跟您联系一次，可以吗？」: the call-back answered first, then what they can pay now
        text = _unique(d, d.rng.choice(leads) + text, text)
    if d.deal.payday_fix and d.deal.payday and bank().listen.get("payday_fix"):
        lead = d.rng.choice(bank().listen["payday_fix"]).replace("{payday}", str(d.deal.payday))
        text = _unique(d, lead + text, text)
        d.deal.payday_fix = False
    if response is not None and response.next is None and ends is None and code in ("HANG_UP",):
        ends = "hung_up"
    if AFFORDS.search(text):
        d.deal.affords = True   # 「钱倒不是问题」 said: what they offer from here on does not contradict it
    promise = d.deal.agreed if spoken in ("PTP_OFFER", "ACCEPT_PLAN", "PAY_NOW") else None
    if promise is not None:
        d.deal.worded = promise
    d.deal.open_correction = d.deal.correcting and kind != "goodbye"
    d.deal.correcting = d.deal.holding = d.deal.too_early = d.deal.too_late = d.deal.grudging = False
    d.deal.capped = d.deal.stepped = False
    return Reply(spoken, text, d.speaker, response, ends, promise, why)


def _mended(d: Debtor) -> bool:
    """Whether the agent's goodbye line itself names the day the debtor gave (the correction taken up)."""
    u = d.last_u
    mine = d.deal.agreed.date if d.deal.agreed is not None else d.deal.preferred_date(d.scenario.call_date)
    return u is not None and u.promise_date is not None and u.promise_date.value == mine


def relented(d: Debtor) -> bool:
    """Whether this promise gives up a lower offer made in the debtor's last reply (「最多300」 then the
    minimum): the climb-down is said, not silent."""
    deal = d.deal
    last = d.memory.replies[-1][1] if d.memory.replies else None
    return bool(last == "LOWBALL" and deal.agreed is not None and not deal.correcting and not deal.holding
                and deal.agreed.amount > deal.offered + 0.01 and "RELENT" in bank().replies)


def soothed(d: Debtor) -> bool:
    """Whether the line just said showed understanding or apologised."""
    return bool(d.last_u and d.last_u.has("empathize", "apologize", "condolence"))


def quote(text: str) -> str:
    """The question itself out of an earlier line: openings (irritation, 「我刚才问的是」) taken off."""
    b = bank()
    for opening in sorted(set(b.irritated) | {o for v in b.again.values() for o in v}, key=len, reverse=True):
        if text.startswith(opening):
            text = text[len(opening):]
    m = re.search(r"「(.+?)」", text)
    if m:
        text = m.group(1)
    return text.rstrip("？?。")


def _unique(d: Debtor, text: str, fallback: str) -> str:
    return fallback if d.memory.said_before(text) else text


def fresh(d: Debtor, lines: Iterable[str], *, alike: bool = True) -> str | None:
    """The first line (in the seed's order) not yet said in this call — nor, with ``alike``, the
    same thing in slightly other words — or None."""
    lines = [t for t in dict.fromkeys(lines) if t]
    d.rng.shuffle(lines)
    for text in lines:
        if not (questions.said_alike(d, text) if alike else d.memory.said_before(text)):
            return text
    return None


def again(d: Debtor, code: str, lines: list[str]) -> str:
    """Return to a point already made without saying it again: a line that moves on from it (by
    meaning and persona); failing that, an opening from the persona's variation bank before one of
    the lines, only once the point was really made (「我都说了」 is then true)."""
    text = fresh(d, questions.moved_on(d, code)) or fresh(d, questions.moved_on(d, ""))
    if text is not None:
        return text
    openings = bank().again.get(d.scenario.persona, bank().again["default"])
    combos = [o + t for o in openings for t in lines] if d.memory.times_raised(code) and code != "CONFIRM" else []
    d.rng.shuffle(combos)
    for text in combos:
        if not d.memory.said_before(text):
            return text
    # every way of saying it is used up: start winding the call down; failing that, fewer and fewer
    # words (never a stage direction, never the same line twice)
    ending = bank().wind_down.get(d.scenario.persona, bank().wind_down.get("default", ()))
    text = fresh(d, ending)
    if text is not None:
        return text
    return next((t for t in _LAST_WORDS if not d.memory.said_before(t)), "……")


_LAST_WORDS = ("嗯。", "嗯……", "……嗯。", "……")


def script_response(code: str, stage: Stage, events: Iterable[Response], persona: str,
                    rng: random.Random | None = None) -> Response | None:
    """The stage's response for ``code`` or an equivalent code, chosen by the persona's weights
    (a weight of 0 is never used; a missing persona weighs 1); else a matching event."""
    if code == "DEFLECT":
        return None
    family = EQUIVALENT.get(code, (code,))
    if code in WEIGHED and rng is not None:     # 「我没钱」: the persona's weights pick among the similar answers
        pool = [r for r in stage.responses if r.code in WEIGHED and r.weight(persona) > 0]
        if pool:
            return rng.choices(pool, weights=[r.weight(persona) for r in pool])[0]
    exact = [r for r in stage.responses if r.code == code and r.weight(persona) > 0]
    if exact:
        return exact[0]
    pool = [r for r in stage.responses if r.code in family[1:] and r.weight(persona) > 0]
    if pool and rng is not None and len(pool) > 1:
        return rng.choices(pool, weights=[r.weight(persona) for r in pool])[0]
    if pool:
        return pool[0]
    for resp in events:
        if resp.code == code and resp.weight(persona) > 0:
            return resp
    return None


def _slots(d: Debtor, code: str, today: date) -> tuple[float, str, str]:
    deal = d.deal
    promise = deal.agreed
    if code == "LOWBALL":
        amount = deal.can_pay if deal.relaxed else deal.counter or deal.opening_offer
        return amount, describe_date(deal.preferred_date(today), today), "手机银行"
    if code in SLOTTED and promise is not None:
        return promise.amount, describe_date(promise.date, today), promise.channel
    return deal.can_pay, describe_date(deal.pay_by, today), "手机银行"


def _said_before(d: Debtor, day: str) -> bool:
    """Whether the other side named this day (「这周四（3月5日）」, or just 「3月5日」) earlier in the call."""
    inner = re.search(r"（(.+)）", day)
    words = {day, inner.group(1)} if inner else {day}
    return any(w in text for _t, _c, text in d.memory.replies for w in words)


def candidates(d: Debtor, code: str, response: Response | None, today: date) -> tuple[str, ...]:
    """The templates that could word ``code`` here: the script's examples that fit the call so far
    (nothing assumed that was not said, the scenario's own name), else the bank's."""
    replies = bank().replies
    pool = _money_lines(d, code, response, today)
    if pool is not None:
        return pool
    if code == "DEMAND_SUPERVISOR" and d.last_u is not None and not _rude(d.last_u):
        if d.speaker == "third_party" and d.last_u.has("disclose_to_third_party") and "disclosed" in bank().listen:
            bereaved = d.scenario.answered_by == "deceased_family" and "disclosed_bereaved" in bank().listen
            # the debt told to them: that is what they object to (to the bereaved, its timing)
            return bank().listen["disclosed_bereaved" if bereaved else "disclosed"]
        polite = tuple(t for t in (response.examples if response else replies.get(code, ())) if "态度" not in t)
        if polite:
            return polite     # a polite line that upset them: no 「你这什么态度」
    if code == "AGREE_CALLBACK":
        return bank().callback
    if code == "CONFIRM":
        return _listening(d)
    if code in REASONED and d.memory.times_raised_any(EQUIVALENT.get(code, (code,))):
        return tuple(questions.moved_on(d, code))   # the hardship was told: not the same sentence again
    pool: tuple[str, ...] = ()
    if response is not None and response.examples:
        pool = tuple(localize(d, t) for t in response.examples if fits(d, t, code))
    if code in replies and (not pool or code in REASONED and d.agenda.reason):
        pool = tuple(t for t in replies[code] if fits(d, t, code)) + (() if code in REASONED else pool)
    return pool or replies.get(code) or bank().filler


def _money_lines(d: Debtor, code: str, response: Response | None, today: date) -> tuple[str, ...] | None:
    """The templates for a promise, a lowball, a correction or an identity answer (None: not one of these)."""
    replies = bank().replies
    deal = d.deal
    if code in ("PTP_OFFER", "ACCEPT_PLAN", "LOWBALL") and deal.correcting and \
            (deal.agreed is not None or code == "LOWBALL"):
        if deal.agreed is None and not _said_before(d, _slots(d, code, today)[1]):
            return replies["CORRECTION_AMOUNT"]   # only a sum was offered: no day is claimed as said
        return replies["CORRECTION"]
    if code in ("LOWBALL", "PTP_OFFER") and (deal.capped or deal.stepped):
        # a stated ceiling held against a bare push, or a step up from it (ladder.py), by persona
        kind = ("ceiling" if deal.capped else "counter") + ("_promise" if code == "PTP_OFFER" else "")
        listen = bank().listen
        pool = listen.get(f"{kind}_{d.scenario.persona}") if code == "LOWBALL" else None
        if pool or listen.get(kind):
            return pool or listen[kind]
    if code == "PTP_OFFER" and deal.holding and deal.agreed is not None:
        kind = "HOLD_EARLY" if deal.too_early else "HOLD_LATE" if deal.too_late else "HOLD"
        return replies.get(kind) or replies["HOLD"]
    if code == "CONFIRM_IDENTITY":
        return identity_lines(d, response)
    if code == "STALL_TRY" and deal.never_said:
        said, deal.never_said = deal.never_said, ""
        lines = questions.bank().payday_wrong if said.endswith("发工资") else questions.bank().never_said
        if said.endswith("元") and bank().listen.get("never_agreed"):
            lines = bank().listen["never_agreed"]     # a sum recapped as their promise: not promised this time
        return tuple(t.replace("{said}", said) for t in lines)
    if code in ("PTP_OFFER", "ACCEPT_PLAN") and deal.agreed is not None and d.last_u is not None and \
            questions.asks(d.last_u) and CHANNEL_ASKED.search(d.last_u.text):
        # asked how they will pay: the channel (with the sum and day if the promise is new), not 「一次还吧」
        pool = replies.get("CHANNEL", ()) if deal.agreed == deal.worded else \
            tuple(t for t in replies.get(code, ()) if "{channel}" in t)
        if pool:
            return pool
    if code == "LOWBALL" and not deal.correcting and d.last_u is not None and questions.asks(d.last_u) and \
            CHANNEL_ASKED.search(d.last_u.text) and "CHANNEL_LOWBALL" in replies:
        return replies["CHANNEL_LOWBALL"]     # asked how they will pay: the channel, and still only their sum
    if code in ("PTP_OFFER", "ACCEPT_PLAN") and deal.agreed is not None and deal.agreed == deal.worded:
        if d.last_u is not None and questions.asks(d.last_u) and questions.CHOICE.search(d.last_u.text):
            return tuple(questions.moved_on(d, "CHOICE"))    # offered options: they pick theirs
        return tuple(questions.moved_on(d, code))    # the same promise again: not restated
    if code in SLOTTED and (deal.agreed is not None or code == "LOWBALL"):
        return replies[code]
    return None


def _listening(d: Debtor) -> tuple[str, ...]:
    """What is said when there is nothing to add (CONFIRM): still escalated, or taking it in."""
    if d.moods.level >= 2:    # still waiting for the supervisor / the complaint
        m = d.memory
        escalated = set(bank().listen["escalated"])
        presses = m.times_raised_any(("DEMAND_SUPERVISOR", "THREAT_COMPLAINT")) + \
            sum(1 for _t, _c, text in m.replies if text in escalated)
        if presses >= 2 and "escalated_quiet" in bank().listen:
            return bank().listen["escalated_quiet"]   # one grievance, pressed twice: now sullen, not a loop
        return tuple(t for t in bank().listen["escalated"]
                     if ("领导" not in t or m.times_raised("DEMAND_SUPERVISOR"))
                     and ("投诉" not in t or m.times_raised("THREAT_COMPLAINT")))
    listen = bank().listen
    pool = listen.get("third_party" if d.speaker == "third_party" else d.scenario.persona, listen["default"])
    if d.scenario.answered_by == "deceased_family":
        pool = pool + listen.get("bereaved", ())
    if d.memory.times_raised("NOT_MY_CHARGES") and (d.memory.did("record_dispute") or d.memory.did("empathize")):
        # the dispute was heard: saying 「不是我刷的」 again answers nothing
        done = "|登记清楚" if d.memory.did("record_dispute") else ""
        pool = tuple(t for t in pool if not re.search("不是我刷|问题不在我" + done, t)) or listen["default"]
    return pool


def _rude(u: Understanding) -> bool:
    return u.has("insult", "threaten") or any(kind in ("contempt", "sarcasm") for kind, _w in u.tone)


def identity_lines(d: Debtor, response: Response | None) -> tuple[str, ...]:
    """Confirming who they are: the ID tail when it was asked for, else their own name."""
    u = d.last_u
    if u is not None and TAIL_ASKED.search(u.folded):
        return bank().identity["tail"]
    if u is not None and u.has("state_amount", "state_purpose", "request_payment") and "told" in bank().identity:
        return bank().identity["told"]   # the debt was already named: 「是我，有事吗？」 would not have heard it
    return bank().identity["name"]


def fits(d: Debtor, template: str, code: str = "") -> bool:
    """Whether a line assumes only what the call has said (the bank, an amount, an ID number, that
    the point was already made)."""
    m = d.memory
    if re.match("我?(都)?说了|都说了", template) and not m.times_raised(code):
        return False
    if "银行" in template and "{bank}" not in template and not m.agent_mentioned("银行"):
        return False
    if "哪个银行" in template and m.agent_mentioned("银行"):
        return False                    # the bank was said: not asked again
    if re.search("没有收入|收入都没有", template) and d.deal.payday:
        return False                    # they have a payday: no 「一点收入都没有」
    if re.search("开会|开车|现在不方便|正忙", template) and d.speaker == "debtor" and d.turn > 3:
        return False                    # busy at the start of a call, not ten turns into it
    if "工作上" in template and (m.agent_mentioned("个人") or m.agent_mentioned("私事")):
        return False                    # told it is a personal matter: not asked whether it is work
    if re.search("没(申请|办)过", template) and d.scenario.persona != "identity_theft":
        return False                    # a stolen card was still their own card
    if code and m.times_raised(code) and HEDGED.search(template):
        return False                    # a claim once made is not asked back as a maybe (「是不是被人冒用了？」)
    if DARING.search(template) and d.scenario.persona in MEEK:
        return False                    # an honest or ill debtor asks what happens, never dares the agent
    if re.search(r"这么多|金额不对|利息怎么算", template) and not m.did("state_amount"):
        return False
    return not re.search(r"\d{3,}", template)


def localize(d: Debtor, template: str) -> str:
    """A script example made the scenario's: another person's name becomes this debtor's."""
    name = str(d.scenario.account.get("name", ""))

    def swap(m: re.Match[str]) -> str:
        who = m.group(2)
        if who[0] in NOT_NAME or who == name or not name:
            return m.group(0)
        return m.group(1) + (name if m.group(1) == "我是" else who)

    return NAME_RE.sub(swap, template)


def fill(d: Debtor, template: str, amount: float, when: str, channel: str) -> str:
    scenario = d.scenario
    relation = scenario.answerer.get("relation", "家里人")
    values = {"amount": money(amount), "date": when, "channel": channel, "bank": scenario.bank,
              "agent": scenario.agent_surname, "name": scenario.account.get("name", ""),
              "surname": scenario.account.get("surname", ""), "id_tail": id_tail(d),
              "payday": d.deal.payday or 10,
              "relation": relation, "reason": d.agenda.reason, "callback_number": scenario.callback_number,
              "paid": money(part_paid(scenario.account)),
              "ta": "她" if scenario.account.get("honorific") == "女士" else "他",
              "channel_complaint": scenario.debtor.get("complaint_channel", "银行消保热线")}
    if "{channel}" in template and template.count("{") and any(
            k in template for k in ("投诉", "反映")):
        values["channel"] = values["channel_complaint"]
    try:
        text = template.format(**values)
    except (KeyError, IndexError, ValueError):
        text = template
    if d.speaker == "third_party" and values["ta"] == "她":
        text = HE.sub("她", text)     # a third party speaks of 郑女士 as 她 (「其他」 stays)
    return text


def id_tail(d: Debtor) -> str:
    """The last four digits of the debtor's ID: the scenario's ``id_tail``, else fixed by its account."""
    given = d.scenario.debtor.get("id_tail")
    if given:
        return str(given)
    seed = sum(ord(c) * (i + 7) for i, c in enumerate(str(d.scenario.account.get("name", "")) + d.scenario.id))
    return f"{seed % 9000 + 1000}"
