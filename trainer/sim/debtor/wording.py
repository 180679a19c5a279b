"""Wording: choosing the reply lines from the script and the banks in ``trainer/data/debtor.yaml``.

Replies come from the script's own examples for the stage where the script has
that response type, else from the bank; replies that carry an amount or a date
are always built from the debtor's numbers.  A third party never confirms
account facts.  A mildly irritated debtor prefixes some replies; one who was
listened to sometimes says so.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING

from trainer.base.vocab import RESPONSES
from trainer.base.yamlio import load_document
from trainer.content.script import Response, Stage
from trainer.sim.debtor.negotiation import Promise
from trainer.sim.understand import describe_date
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
REASONED = ("NO_MONEY", "NO_ABILITY", "HARDSHIP_EVENT", "REPORTS_HOSPITALIZED")   # bank lines carry {reason}


@dataclass(frozen=True)
class _Bank:
    replies: Mapping[str, tuple[str, ...]]
    third_party_deflect: tuple[str, ...]
    irritated: tuple[str, ...]
    heard: tuple[str, ...]
    filler: tuple[str, ...]
    opening: Mapping[str, tuple[str, ...]]
    callback: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def bank() -> _Bank:
    """The reply bank from ``trainer/data/debtor.yaml`` (loaded once)."""
    source = resources.files("trainer").joinpath("data", "debtor.yaml")
    data = load_document(str(source), text=source.read_text("utf-8"), name="trainer/data/debtor.yaml").data
    replies = {code: tuple(texts) for code, texts in data["replies"].items()}
    unknown = set(replies) - set(RESPONSES) - {"CORRECTION"}
    if unknown:  # pragma: no cover - guarded by tests
        raise ValueError(f"debtor.yaml: unknown response codes {sorted(unknown)}")
    return _Bank(replies, tuple(data["third_party_deflect"]), tuple(data["irritated"]), tuple(data["heard"]),
                 tuple(data["filler"]), {k: tuple(v) for k, v in data["opening"].items()},
                 tuple(data["callback"]))


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


def say(d: Debtor, code: str, stage: Stage, events: Iterable[Response], today: date, *,
        ends: str | None = None, why: str = "") -> Reply:
    """The reply for ``code``: the script's response when it has one here, worded."""
    response = script_response(code, stage, events, d.scenario.persona)
    spoken = response.code if response else code
    if code == "DEFLECT":
        text = d.rng.choice(bank().third_party_deflect)
        spoken = "ASK_PURPOSE"
        response = None
    else:
        text = words(d, spoken, response, today)
    if d.moods.level == 1 and spoken not in ("HANG_UP", "LODGE_COMPLAINT", "CONFIRM_RECAP") and \
            d.rng.random() < 0.6:
        prefixes = bank().irritated if d.turn > 2 else bank().irritated[:1]
        text = d.rng.choice(prefixes) + text
    if code in ("PTP_OFFER", "ACCEPT_PLAN") and d.agenda.heard and d.moods.empathy_count and \
            d.rng.random() < 0.3:
        text = d.rng.choice(bank().heard) + text
    if response is not None and response.next is None and ends is None and code in ("HANG_UP",):
        ends = "hung_up"
    promise = d.deal.agreed if spoken in ("PTP_OFFER", "ACCEPT_PLAN", "PAY_NOW") else None
    return Reply(spoken, text, d.speaker, response, ends, promise, why)


def script_response(code: str, stage: Stage, events: Iterable[Response], persona: str) -> Response | None:
    if code == "DEFLECT":
        return None
    for candidate in EQUIVALENT.get(code, (code,)):
        for resp in stage.responses:
            if resp.code == candidate and (resp.weight(persona) > 0 or candidate == code):
                return resp
    for resp in events:
        if resp.code == code:
            return resp
    return None


def words(d: Debtor, code: str, response: Response | None, today: date) -> str:
    deal = d.deal
    promise = deal.agreed
    if code == "LOWBALL":
        amount = deal.opening_offer if not deal.relaxed else deal.can_pay
        when = describe_date(deal.preferred_date(today), today)
        return fill(d, d.rng.choice(bank().replies["LOWBALL"]), amount, when, "手机银行")
    if code in ("PTP_OFFER", "ACCEPT_PLAN") and deal.correcting and promise is not None:
        deal.correcting = False
        return fill(d, d.rng.choice(bank().replies["CORRECTION"]), promise.amount,
                    describe_date(promise.date, today), promise.channel)
    if code in SLOTTED and promise is not None:
        return fill(d, d.rng.choice(bank().replies[code]), promise.amount,
                    describe_date(promise.date, today), promise.channel)
    if code == "AGREE_CALLBACK":
        return d.rng.choice(bank().callback)
    pool: tuple[str, ...] = ()
    if response is not None and response.examples:
        pool = tuple(response.examples)
    replies = bank().replies
    if code in replies and (not pool or code in REASONED and d.agenda.reason):
        pool = pool + replies[code] if not response else replies[code]
    if not pool:
        pool = bank().filler
    return fill(d, d.rng.choice(pool), deal.can_pay, describe_date(deal.pay_by, today), "手机银行")


def fill(d: Debtor, template: str, amount: float, when: str, channel: str) -> str:
    scenario = d.scenario
    relation = scenario.answerer.get("relation", "家里人")
    values = {"amount": money(amount), "date": when, "channel": channel, "bank": scenario.bank,
              "agent": scenario.agent_surname, "name": scenario.account.get("name", ""),
              "relation": relation, "reason": d.agenda.reason,
              "channel_complaint": scenario.debtor.get("complaint_channel", "银行消保热线")}
    if "{channel}" in template and template.count("{") and any(
            k in template for k in ("投诉", "反映")):
        values["channel"] = values["channel_complaint"]
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template
