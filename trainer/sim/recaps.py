"""Recaps the customer corrected: the owner's rule for the scorecard (issue #12).

A recap (or a confirmation of the promise) whose amount or date the customer puts right on the line
(「你记错了，我说的是这周四」) is a recap error: the recap item is deducted, pointing at the recap.
An agent who, after being corrected, says the same wrong figure again as the promise fails the
recap, and the call cannot pass (「复述与客户承诺不一致，经客户纠正仍未改正」); so does an agent who,
corrected, never recaps again before the call ends (the promise on record is not the customer's: four of
the five reviewers who met the case, rounds 9 and 10, ruled such passes unfair). A correct recap after
a correction passes with the deduction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from trainer.content.scenario import Scenario
from trainer.sim.understand import understand

CORRECTION = "客户纠正"     # in a reply's ``why``: the customer put right a figure the agent misstated
AGAIN_OR_FIRST = re.compile("客户(再次)?纠正")
RECAPPING = frozenset({"recap", "confirm_promise"})


@dataclass(frozen=True)
class Corrected:
    """The first recap the customer corrected, and the agent line (if any) that said the wrong figure again."""

    recap: int                      # the agent's recap the customer corrected (turn index)
    correction: int                 # the customer's correction
    repeated: int | None = None     # a later agent line that said the corrected figure again as the promise
    figure: str = ""                # that figure, as the agent said it


def recap_gate(turns: Sequence[Mapping[str, Any]], scenario: Scenario) -> list[str]:
    """The owner's rule as a gate: a recap figure the customer corrected and the agent then said again,
    or a recap the customer corrected that the agent never put right (no recap after the correction:
    the promise on record is not the one the customer made)."""
    corrected = corrected_recap(turns, scenario.call_date, scenario.debtor.get("payday"))
    if corrected is None:
        return []
    if corrected.repeated is not None:
        return [f"复述与客户承诺不一致，经客户纠正仍未改正（第 {corrected.repeated + 1} 句）"]
    unheeded = unheeded_corrections(turns)
    if unheeded and unheeded[0] >= corrected.correction:
        return [f"客户纠正了复述（第 {unheeded[0] + 1} 句），坐席没有重新复述确认就结束，记下的承诺不是客户答应的"]
    return []


def _figures(text: str, today: date, payday: int | None) -> tuple[date | None, float | None, str, str]:
    u = understand(text, today=today, payday=payday)
    when = u.promise_date.value if u.promise_date is not None else None
    amount = u.promise_amount.value if u.promise_amount is not None else None
    return (when, amount, u.promise_date.text if u.promise_date is not None else "",
            u.promise_amount.text if u.promise_amount is not None else "")


def corrected_recap(turns: Sequence[Mapping[str, Any]], today: date, payday: int | None = None) -> Corrected | None:
    """The first recap the customer corrected (a reply whose ``why`` says so, right after an agent line that
    recaps or confirms the promise), and whether the agent later said the corrected figure again."""
    first: Corrected | None = None
    wrong_day: date | None = None
    wrong_sum: float | None = None
    last_agent: int | None = None
    for i, turn in enumerate(turns):
        if turn.get("speaker") == "agent":
            if first is not None and (wrong_day or wrong_sum):
                when, amount, day_text, sum_text = _figures(str(turn.get("text", "")), today, payday)
                if wrong_day is not None and when == wrong_day:
                    return Corrected(first.recap, first.correction, i, day_text)
                if wrong_sum is not None and amount is not None and abs(amount - wrong_sum) < 0.01:
                    return Corrected(first.recap, first.correction, i, sum_text)
            last_agent = i
            continue
        why = str(turn.get("why") or "")
        if first is not None or last_agent is None or CORRECTION not in why or "工资" in why:
            continue
        said = turns[last_agent]
        if not RECAPPING & set(said.get("acts") or ()):
            continue
        when, amount, _day, _sum = _figures(str(said.get("text", "")), today, payday)
        right_day, right_sum, _d, _s = _figures(str(turn.get("text", "")), today, payday)
        promise = turn.get("promise") or {}
        if promise.get("date"):
            right_day = date.fromisoformat(str(promise["date"]))
        if promise.get("amount") is not None:
            right_sum = float(promise["amount"])
        wrong_day = when if when is not None and right_day is not None and when != right_day else None
        wrong_sum = amount if amount is not None and right_sum is not None and abs(amount - right_sum) >= 0.01 \
            else None
        first = Corrected(last_agent, i)
    return first


def unheeded_corrections(turns: Sequence[Mapping[str, Any]]) -> list[int]:
    """The customer's corrections of the agent's amount or date since the agent last recapped, when
    the call ended without another recap (empty when the last correction was answered by a recap)."""
    since: list[int] = []
    for i, turn in enumerate(turns):
        if turn.get("speaker") == "agent":
            if since and "recap" in turn.get("acts", ()):
                since = []
        elif AGAIN_OR_FIRST.search(str(turn.get("why") or "")) and "工资" not in str(turn.get("why") or ""):
            since.append(i)
    return since


def ignored_correction(turns: Sequence[Mapping[str, Any]]) -> int | None:
    """The last turn where the customer first corrected the agent's amount or date (「你记错了，我说的是…」)
    when the agent never recapped again afterwards: the call went on with the wrong figures."""
    first_hand = [i for i in unheeded_corrections(turns) if CORRECTION in str(turns[i].get("why") or "")]
    return first_hand[-1] if first_hand else None
