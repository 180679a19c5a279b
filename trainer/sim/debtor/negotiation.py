"""Negotiation: what the debtor can really pay, the opening lowball, promises and the recap.

The debtor opens with a lowball (``offer`` × the minimum due, or the scenario's
``opening_offer``) and relaxes to what they can really pay (``can_pay``, by
``pay_within_days``) once the agent counters within policy.  An agreed promise
is re-agreed to a new proposal within means; a recap with the wrong amount or
date is corrected.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from trainer.content.scenario import Scenario
from trainer.sim.debtor import ladder
from trainer.sim.understand import Understanding

ECHO = re.compile("是吧|对吧|没错吧|对不对|(您|你)(刚才)?说的|(您|你)(说|讲)(的)?是|确认一下|复述|(就|那就|咱们)(这么)?说定了")
# a day quoted back as theirs (「就按您说的来」 defers to them: it quotes nothing)
ECHOED = re.compile("(号|日|天|周.|月底|月初)(是吧|对吧)|(?<!按)(您|你)(刚才)?说的(?!来|办|为准|定|时间)")


ASKS = frozenset({"request_payment", "offer_plan", "offer_minimum", "ask_date", "confirm_promise", "recap",
                  "lawful_consequence"})
PAYDAY_ECHO = re.compile(r"(\d{1,2})号发(工资|薪水?)?(是吧|对吧|吧|的话|吗|[?？])|^(\d{1,2})号发(工资|薪水?)[，,]|(?:您|你)(?:刚才)?说(?:的)?(\d{1,2})号发|"
                         r"(?:您|你)(?:是|都是|每个?月)(\d{1,2})号发")
PAYDAY_STATED = re.compile(r"(?:月)?(\d{1,2})[日号]发(?:工资|薪水?)")   # 「3月10日发工资」 said as a fact
# 「您……还2500元」 said as the debtor's undertaking (not 「还差」「欠」, which state the debt)
SET_DOWN = re.compile(r"(您|你)(?!.{0,14}(还差|欠))[^，。,；;]{0,14}还(款)?[0-9一二三四五六七八九十两]")
PAST = re.compile("还了|已经还|上次|之前还")      # 「您2月20日还了1000元」 tells what was paid, sets nothing down
NOW = frozenset({"现在", "目前", "当前"})
LOOSE_DAY_ECHO = re.compile("(月中|月底|月初|中旬|下旬|上旬|下个?月|下周|过几天|年后)(是吧|对吧|是不是|对不对)")
HOW_MUCH = re.compile("多少|几成")
VAGUE = re.compile("(有|能|凑|挤)(出)?多少(就)?还多少|尽量(多)?还|看着还|随便还|多少都行|还多少算多少|量力而行")
QUESTION = re.compile(r"[?？]|[吗么呢吧](?=[,，。.!！…]|$)|能不能|可不可以|行不行")
NOTED = re.compile("登记|记(上|下|好)|就(这样|这么|按这个|按那个)(办|定|记)")   # 「那我就这样登记了」
CALENDAR_DAY = re.compile(r"\d{1,2}(号|日)|[一二三四五六七八九十]{1,3}(号|日)")


def asking(u: Understanding | None) -> bool:
    """Whether the agent's line asks something of the debtor (a payment, a date, an answer)."""
    return u is not None and bool(set(u.acts) & ASKS or QUESTION.search(u.text))


@dataclass
class Promise:
    """What the debtor has offered or agreed to pay."""

    amount: float
    date: date
    channel: str

    def as_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "date": self.date.isoformat(), "channel": self.channel}


@dataclass
class Negotiation:
    """The debtor's side of the money talk (mutable; one per call)."""

    scenario: Scenario
    persona: Mapping[str, Any]          # the persona's settings (``offer``, ``can_pay``, ``refuses_when_pressed``)
    lowballed: bool = False
    relaxed: bool = False
    agreed: Promise | None = None
    recap_confirmed: bool = False
    correcting: bool = False            # the next promise is worded as a correction of the agent's recap
    open_correction: bool = False       # the last reply put a figure of the agent's right (until the next reply)
    holding: bool = False               # the next promise keeps the debtor's day against another one proposed
    too_early: bool = False             # … and the day proposed was earlier than theirs (「那天太赶了」)
    too_late: bool = False              # … or later (「不用等到那天」), not a question of how much
    proposals: int = 0                  # agent lines naming a sum with no recognised payment act
    never_said: str = ""                # a day the agent quoted back as the debtor's, which they never said
    worded: Promise | None = None       # the promise as the debtor last said it
    unmended: bool = False              # the debtor corrected a recap and the agent has not restated it
    counter: float | None = None        # a hard customer's second offer, between the lowball and the sum asked
    grudging: bool = False              # the next promise gives in to a sum quoted back as theirs
    payday_fix: bool = False            # the next reply first puts right a wrong payday the proposal was built on
    levers: frozenset[str] = frozenset()    # what in the agent's line could move a stated ceiling (ladder.levers)
    steps_taken: int = 0                # counter-offers made above the first ceiling (ladder.py)
    yielded: bool = False               # the ceiling gave way to the sum asked
    capped: bool = False                # the next reply holds the stated ceiling against a bare push
    stepped: bool = False               # … or names a counter-offer, a step up from it
    affords: bool = False               # they said money is not the problem (「钱倒不是问题」): no lowball after that

    @property
    def min_due(self) -> float:
        return float(self.scenario.account["min_due"])

    @property
    def can_pay(self) -> float:
        hidden = self.scenario.debtor
        if "can_pay" in hidden:
            return float(hidden["can_pay"])
        ratio = float(self.persona.get("can_pay", 1.0))
        return round(self.min_due * ratio)

    @property
    def opening_offer(self) -> float:
        hidden = self.scenario.debtor
        if "opening_offer" in hidden:
            return float(hidden["opening_offer"])
        ratio = float(self.persona.get("offer", 0.3))
        return float(max(100, round(self.min_due * ratio, -2)))

    def meant(self, amount: float) -> float:
        """A sum the agent asks for, as the debtor takes it: a digit slip of their own minimum due or
        balance (1528 for 1258) is the real figure — they know their bill and will not promise the slip."""
        from trainer.sim.judging import _slip

        for key in ("min_due", "balance"):
            real = self.scenario.account.get(key)
            if real is not None and _slip(amount, float(real)):
                return float(real)
        return amount

    @property
    def offered(self) -> float:
        """What they have offered so far: the lowball, or the counter-offer after it."""
        return self.counter or self.opening_offer

    @property
    def ladder(self) -> dict[str, Any]:
        return ladder.settings(self.persona, int(self.scenario.difficulty))

    @property
    def ceiling(self) -> float | None:
        """The most they have said they can pay (「最多只能先还300」), while it holds."""
        if not self.lowballed or self.yielded:
            return None
        if self.agreed is not None and self.agreed.amount > self.offered + 0.01:
            return None
        return self.offered

    @property
    def latest(self) -> date:
        """The latest day they take when the agent proposes it: their own window, and for a persona that
        lets it (``later_ok_days``) a little beyond — a later day is easier, not a reason to counter."""
        return self.pay_by + timedelta(days=self.ladder["later_ok_days"])

    def climb(self, asked: float) -> str | float:
        """Asked for more than their stated ceiling: ``"hold"`` (a bare push), a step up (the new
        ceiling, a counter-offer) or ``"yield"`` (the sum asked is taken), by the persona's ladder."""
        own = self.ladder
        ceiling = self.ceiling
        if ceiling is None or asked <= ceiling + 0.01:
            return "yield"
        if not self.levers & own["yields_to"]:
            return "hold"
        target = min(asked, self.can_pay)
        if self.steps_taken < own["steps"]:
            step = ladder.step_between(ceiling, target)
            if step < target - 0.01:
                self.steps_taken += 1
                self.counter = step
                return step
        self.yielded = True
        return "yield"

    @property
    def pay_by(self) -> date:
        return self.scenario.call_date + timedelta(days=int(self.scenario.debtor.get("pay_within_days", 7)))

    @property
    def payday(self) -> int | None:
        value = self.scenario.debtor.get("payday")
        return int(value) if value else None

    def preferred_date(self, today: date) -> date:
        if self.payday:
            d = today.replace(day=min(self.payday, 28))
            if d < today:
                d = (today.replace(day=1) + timedelta(days=32)).replace(day=min(self.payday, 28))
            if d <= self.pay_by:
                return d
        return self.pay_by

    def never_offered(self, u: Understanding | None, said: tuple[str, ...] = ()) -> tuple[str, str] | None:
        """A day quoted back as the debtor's (「3月6号是吧？」, 「月中是吧」) that they never said (``said``:
        their replies so far): 「我可没说过」; a wrong payday quoted back (「10号发是吧」): 「不是，我是5号发」."""
        if u is None:
            return None
        loose = LOOSE_DAY_ECHO.search(u.folded)
        if loose and self.agreed is None and not any(loose.group(1) in t for t in said):
            self.never_said = loose.group(1)
            return "STALL_TRY", f"坐席说「{loose.group(1)}」像是客户说的，客户没说过"
        wrong_payday = PAYDAY_ECHO.search(u.text.replace(" ", "")) or PAYDAY_ECHO.search(u.folded)
        day = wrong_payday and next((g for g in wrong_payday.group(1, 4, 6, 7) if g), None)
        if day and self.payday and int(day) != self.payday:
            if u.promise_amount is not None and self.agreed is None:
                # 「您说15号发工资……15号能还1258吗？」: the payday is put right and the sum answered in one go
                self.payday_fix = True
                return None
            self.never_said = f"{day}号发工资"
            return "STALL_TRY", "坐席说错了客户发工资的日子，客户纠正"
        stated = PAYDAY_STATED.search(u.folded)
        if stated and self.payday and int(stated.group(1)) != self.payday and asking(u) and u.promise_amount is not None:
            self.payday_fix = True      # 「那就定在3月10日发工资的当天……可以吗？」: the payday is put right, the proposal answered
        settled = self._settled_for_them(u, said)
        if settled:
            return settled
        if self.agreed is None and not self.lowballed and self.counter is None and "recap" in u.acts and \
                not QUESTION.search(u.text) and u.promise_amount is not None and \
                not any(u.promise_amount.text in t for t in said) and not self._states_the_bill(u):
            # a recap of a promise never made, set down as done (「那我复述一下：您3月15日前还3000元。」): answered
            # about that recap; one that asks (「……我说的对吗？」) is a proposal and answered as one
            self.never_said = u.promise_amount.text
            return "STALL_TRY", f"坐席复述了客户没答应过的「{u.promise_amount.text}」，客户说没答应过"
        # (after a lowball too, unless the line recaps or names a sum: the sum is what is put right then)
        if self.agreed is None and u.promise_date and u.promise_date.text not in NOW and \
                (not self.lowballed or "recap" not in u.acts and u.promise_amount is None) and \
                ECHOED.search(u.folded):   # 「您说的我都记着，我现在就帮您登记」 quotes no day of theirs
            self.never_said = u.promise_date.text
            return "STALL_TRY", f"坐席说「{u.promise_date.text}」像是客户说的，客户没说过"
        return None

    def _states_the_bill(self, u: Understanding) -> bool:
        """「……目前欠款23600元，最低还款额2360元。想跟您确认一下还款安排。」 tells the bill (a sum of the account,
        named as such, and no day ahead to pay on): no promise is recapped, whatever 「确认」 says."""
        amount = u.promise_amount
        named = amount is not None and re.search("(最低还款额?|欠款(总额)?|应还|全部欠款)(是|为|共)?" + re.escape(amount.text),
                                                 u.folded)
        # (「1月23日到期的账单」 in March reads as next January: a due date told, no day to pay on)
        ahead = u.promise_date is not None and u.promise_date.value is not None and \
            self.scenario.call_date <= u.promise_date.value <= self.scenario.call_date + timedelta(days=62)
        return bool(named) and not ahead

    def _settled_for_them(self, u: Understanding, said: tuple[str, ...]) -> tuple[str, str] | None:
        """A day the agent sets down as agreed in a line that asks nothing (「好，那就3月12号。」「行，18号，明白。」)
        although the debtor never named it: not let pass in silence. A wrong payday in it is put right; a day
        they never said gets 「我可没说过」; a day other than the one they promised is corrected."""
        when = u.promise_date
        if asking(u) or set(u.acts) - {"confirm_promise", "recap"}:
            return None
        amount = u.promise_amount
        if (when is None or when.value is None) and amount is not None and self.agreed is None and \
                not self.lowballed and SET_DOWN.search(u.folded) and not any(amount.text in t for t in said):
            self.never_said = amount.text       # 「这个月18号之前您还2500元。」 set down for them, never offered
            return "STALL_TRY", f"坐席把「{amount.text}」说成客户要还的数，客户没答应过"
        if when is None or when.value is None or when.text in NOW or not CALENDAR_DAY.search(when.text) or \
                "recap" in u.acts or when.value < self.scenario.call_date or PAST.search(u.folded):
            return None     # (a recap of another day is put right by :meth:`recap`)
        day = f"{when.value.month}月{when.value.day}日"
        if any(day in t or when.text in t for t in said):
            return None
        payday = PAYDAY_STATED.search(u.folded)
        if payday and self.payday and int(payday.group(1)) != self.payday:
            self.never_said = f"{payday.group(1)}号发工资"
            return "STALL_TRY", "坐席把一个不对的发工资日子说成客户的，客户纠正"
        if self.agreed is not None:
            if when.value == self.agreed.date:
                return None
            self.correcting = True
            return "PTP_OFFER", "坐席把另一个日子当成说好的，客户纠正"
        self.never_said = when.text
        return "STALL_TRY", f"坐席把「{when.text}」当成客户定下的日子，客户没说过"

    def recap(self, u: Understanding | None, acts: set[str]) -> tuple[str, str] | None:
        """The answer to the agent's recap of what the debtor said (None when there is none to answer).

        The debtor remembers what they offered: a recap with another sum or another day (earlier or
        later) is corrected — also when they had only lowballed and the agent echoes a bigger sum
        as theirs (「我说的是……」)."""
        said_amount = u.promise_amount.value if u and u.promise_amount else None
        said_date = u.promise_date.value if u and u.promise_date else None
        if self.agreed is None:
            echo = bool(u and ECHO.search(u.folded)) or "recap" in acts
            if self.counter is not None and not self.relaxed and echo and "recap" not in acts and said_amount is not None and \
                    self.counter + 0.01 < said_amount <= self.can_pay and self.levers & self.ladder["yields_to"] and \
                    self.steps_taken >= self.ladder["steps"]:
                # pressed a second time after meeting the agent halfway: the sum was never theirs, but they give in
                when = u.promise_date.value if u and u.promise_date and u.promise_date.value else None
                when = when if when and self.scenario.call_date <= when <= self.latest else self.pay_by
                self.relaxed = self.grudging = self.yielded = True
                self.agreed = Promise(said_amount, when, (u.channel if u else None) or "手机银行")
                return "PTP_OFFER", "坐席第二次还价、把这个数说成客户的：客户先说没答应过，再勉强答应"
            if self.lowballed and not self.relaxed and echo and said_amount is not None and \
                    said_amount > self.offered + 0.01:
                self.correcting = True
                return "LOWBALL", "坐席复述的金额比客户说的高，客户纠正（只说过低价）"
            return None
        # a calendar day the agent names (「3月15号……是发工资吧？」) counts even when a later word is read as the date
        named = [dm.value for dm in (u.dates if u else ()) if CALENDAR_DAY.search(dm.text)]
        echoed = bool(u and ECHO.search(u.folded))
        quoted_wrong = echoed and (bool(named) and self.agreed.date not in named or
                                   said_amount is not None and abs(said_amount - self.agreed.amount) > 0.01)
        noted = self.unmended and u is not None and bool(NOTED.search(u.folded))
        if "recap" not in acts and not quoted_wrong and not noted:
            return None
        other_sum = said_amount is not None and abs(said_amount - self.agreed.amount) > 0.01
        # another day is corrected, a later deadline too (「3月10日之前」 for a payment on 3月5日): the
        # customer keeps to the day they gave; the scorecard only withholds the recap's credit
        other_day = said_date is not None and said_date != self.agreed.date
        other_day = other_day or bool(named) and self.agreed.date not in named
        if other_sum or other_day:
            self.correcting = self.unmended = True
            return "PTP_OFFER", "坐席复述的金额或日期跟客户说的不一样，客户纠正"
        if self.unmended and said_amount is None and said_date is None:
            # 「那就这样登记了」 right after a correction, with no figures: the promise is said once more
            self.correcting, self.unmended = True, False
            return "PTP_OFFER", "客户刚纠正过，坐席没改过来就说登记，客户再次纠正、再说一遍自己答应的"
        self.unmended = False
        self.recap_confirmed = True
        return "CONFIRM_RECAP", "坐席复述的承诺跟客户说的一致，确认"

    def negotiate(self, u: Understanding | None, today: date, *, willingness: float, pressure_count: int,
                  patience: int, rng: random.Random, pushes: int = 0) -> tuple[str, str]:
        """The answer to the agent's proposal (or to the lack of one)."""
        asked_amount = self.meant(u.promise_amount.value) if u and u.promise_amount else None
        # 「现在已经逾期58天」 names no day to pay on
        asked_date = u.promise_date.value if u and u.promise_date and u.promise_date.text not in NOW else None
        if u is not None and u.has("schedule_callback") and u.promise_amount is None:
            asked_date = None   # 「那我3月16日再跟您联系一次，可以吗？」: the day of a call, not of a payment
        channel = (u.channel if u else None) or (self.agreed.channel if self.agreed else "手机银行")
        if self.agreed is None and self.lowballed and not asking(u):
            if asked_amount is not None and asked_amount > self.offered + 0.01 and not self.relaxed:
                self.capped = True
                return "LOWBALL", "坐席自己定了个更高的数，客户没答应过，坚持自己说的"
            return "CONFIRM", "坐席在说明情况，没有提出新的要求"
        if self.agreed is not None and u is not None and VAGUE.search(u.folded):
            self.holding = True     # 「有多少还多少」 over a promise with a sum and a day: the promise is restated
            return "PTP_OFFER", "坐席把说好的承诺换成了没准数的说法，客户还是按自己答应的"
        if self.agreed is not None and not asking(u):
            return "PTP_OFFER", "已经同意，坐席没有提新的要求，维持原来的承诺"
        if self.agreed is not None and asked_amount is not None and asked_amount > self.agreed.amount + 0.01 and \
                self.ceiling is not None:
            moved = self._climb_from_promise(asked_amount, asked_date, today, channel)
            if moved:
                return moved
        if self.agreed is not None and asked_date is not None and asked_date < self.agreed.date:
            if ECHO.search(u.folded if u else ""):
                self.correcting = True      # a day before the one they gave, quoted as theirs: 「你记错了」
                return "PTP_OFFER", "坐席说的日子比客户答应的早，客户纠正"
            self.holding = self.too_early = True    # proposed: not taken silently, not 「你记错了」 either
            return "PTP_OFFER", "坐席提的日子比客户答应的早，客户还是按自己说的日子"
        if self.agreed is not None and asked_amount is not None and asked_amount < self.agreed.amount - 0.01 and \
                (asked_date is None or asked_date > self.agreed.date):
            # 「先还1000，剩下的月底前」 after they offered the whole 2000 this week: they keep their own, better promise
            self.holding = True
            self.too_late = asked_date is not None
            return "PTP_OFFER", "坐席提的数更少、日子更晚，客户还是按自己答应的（更早、更多）"
        if self.agreed is not None:
            # already agreed: re-agree to a new proposal within means, else hold the agreed one
            amount = asked_amount if asked_amount and asked_amount <= self.can_pay else self.agreed.amount
            when = asked_date if asked_date and today <= asked_date <= self.latest else self.agreed.date
            same_sum = abs(amount - self.agreed.amount) < 0.01
            self.agreed = Promise(amount, when, channel)
            if asked_date is not None and when != asked_date and same_sum:
                self.holding = True         # 「那您月底尽量多还点」: the promise they gave is restated, not dropped
                self.too_late = asked_date > when and not HOW_MUCH.search(u.folded if u else "")
                return "PTP_OFFER", "坐席说了另一个日子，客户还是按自己答应的"
            return "PTP_OFFER", "已经同意，再次确认金额和日期"
        # a reluctant debtor gives in to an agent who kept making concrete proposals (``gives_in_after``)
        worn_down = self.lowballed and asked_amount is not None and \
            pushes >= int(self.persona.get("gives_in_after", 3))
        if willingness < 0.45 and not worn_down and not self.affords:
            if self.persona.get("refuses_when_pressed") and pressure_count >= 4 and patience <= 3:
                return "REFUSE_PAY", "还款意愿太低，拒绝"
            if not self.lowballed:
                self.lowballed = True
                return "LOWBALL", "意愿不高，先报个低价"
            return rng.choice(["STALL_TRY", "STALL_LATER"]), "还款意愿不足，继续拖"
        return self._bargain(u, today, asked_amount, asked_date, channel)

    def _climb_from_promise(self, asked: float, asked_date: date | None, today: date,
                            channel: str) -> tuple[str, str] | None:
        """Promised their ceiling (「3月9日之前我还300元」) and asked for more: held against a bare push, a step
        up to a plan or a reason, the sum asked (on the day asked, if they can) once the ladder is climbed."""
        moved = self.climb(asked)
        when = asked_date if asked_date and today <= asked_date <= self.latest else self.agreed.date
        if moved == "hold":
            self.capped = True
            return "PTP_OFFER", f"说过最多{self.agreed.amount:.0f}元，坐席只是再要，没给方案或理由：不松口"
        if moved != "yield":
            self.stepped = True
            self.agreed = Promise(float(moved), when, channel)
            return "PTP_OFFER", f"坐席给了方案或理由，往上让一步（{moved:.0f}元），还没到坐席要的数"
        self.agreed = Promise(min(asked, self.can_pay), when, channel)
        return "PTP_OFFER", "坐席讲了方案或道理，客户松口，答应坐席要的数"

    def _bargain(self, u: Understanding | None, today: date, asked_amount: float | None,
                 asked_date: date | None, channel: str) -> tuple[str, str]:
        preferred = self.preferred_date(today)
        if self.lowballed and not self.relaxed and asked_amount is not None:
            # a stated ceiling gives way only to a plan, a lawful consequence or a reason, a step at a time
            moved = self._step(asked_amount)
            if moved:
                return moved
        if asked_amount is not None and asked_amount > self.can_pay:
            if not self.lowballed and self.affords and self.min_due <= self.can_pay:
                # money is not the problem, the whole sum at once is: the minimum, on the day asked if they can
                self.relaxed = True
                when = asked_date if asked_date and today <= asked_date <= self.latest else preferred
                self.agreed = Promise(self.min_due, when, channel)
                return "PTP_OFFER", "说过钱不是问题，全额一下子拿不出：先还最低还款额"
            if not self.lowballed:
                self.lowballed = True
                return "LOWBALL", "要求的金额超出能力，先报低价"
            self.relaxed = True
            self.agreed = Promise(self.can_pay, min(asked_date or preferred, self.latest), channel)
            return "PTP_OFFER", "金额超出能力，给出真实能还的数"
        if asked_amount is None and not self.lowballed and self.opening_offer < self.min_due and not self.affords:
            self.lowballed = True
            return "LOWBALL", "坐席没提金额，先报低价"
        if self.lowballed and not self.relaxed and asked_amount is None and not (
                u and u.has("offer_plan", "offer_minimum", "lawful_consequence", "request_payment")):
            return "LOWBALL", "坐席没有还价，坚持低价"
        if self.lowballed and not self.relaxed and asked_amount is None and u is not None and \
                u.has("lawful_consequence") and not u.has("offer_plan", "offer_minimum", "request_payment"):
            # told what delay costs, asked for no sum: they commit to the figure they named, not jump to all they have
            amount = self.opening_offer
        else:
            amount = asked_amount if asked_amount is not None else min(self.can_pay, max(self.min_due,
                                                                                          self.opening_offer))
            moved = self._step(amount) if self.lowballed and not self.relaxed and asked_amount is None else None
            if moved:
                return moved
        when = asked_date if asked_date and today <= asked_date <= self.latest else preferred
        self.relaxed = True
        self.agreed = Promise(amount, when, channel)
        return "PTP_OFFER", "方案在能力范围内，承诺还款"

    def _step(self, asked: float) -> tuple[str, str] | None:
        """Before any promise, asked for more than the stated ceiling: held, or a step up (None: taken)."""
        moved = self.climb(asked)
        if moved == "hold":
            self.capped = True
            return "LOWBALL", f"说过最多{self.offered:.0f}元，坐席只是再要，没给方案或理由：不松口"
        if moved != "yield":
            self.stepped = True
            return "LOWBALL", f"坐席给了方案或理由，往上让一步（{moved:.0f}元），还没到坐席要的数"
        return None
