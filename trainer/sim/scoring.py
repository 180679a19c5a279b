"""Scorecards: how one call went, 0–100, with every deduction tied to its turn.

Judged the way a senior trainer would, from what was said anywhere in the call: everything is
read from the call's :class:`~trainer.sim.memory.CallMemory` through :mod:`trainer.sim.judging`
(the same judgement ``/hint`` and ``/why`` show).  Five parts (weights in :data:`WEIGHTS`):

* **compliance** — 100 less 40 per critical, 15 per major, 5 per minor finding, 15 per figure
  that contradicts the account (category ``false_claim``) and 40 for pressing a vulnerable
  person (category ``vulnerable``).  It is also a *gate*: any critical finding, or pressing a
  hospitalised debtor, a bereaved family or a minor, fails the call whatever the total.
* **adherence** — the required key points of every stage the call went through, credited
  wherever they were said; said after the point the course's order requires is 「说晚了」
  (half), never said is 「漏讲」; good-practice points never cost points; stating an amount
  before the right person confirmed is 「顺序不对」; a concern the customer kept raising and the
  trainee never addressed is 「卡住了」.
* **outcome** — judged from what was said (a clear promise then 再见 and a hang-up is a
  promise); for a promise: amount, date and channel, recapped and confirmed, at least the
  minimum due, within the window.  A failed outcome the trainee did not provoke costs 40 and
  does not fail the call.
* **pressure** — consequences before hearing the reason, threats; the customer's anger only
  when the trainee provoked it.
* **courtesy** — greeting, identifying oneself, understanding shown for hardship, apologising
  when the customer is upset; contempt, sarcasm and rudeness (``memory.tone``) even when no
  rule fires.

The call passes when there is no gate failure, the judged outcome is a success for the scenario
(or a failure the trainee did not provoke) and the total reaches the pass mark.  Each deduction
names its part, points, turn (0-based transcript index), stage, reason and the script's
recommended line for that stage (``docs/engine.md`` §4).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from trainer.base.templating import TemplateProblem
from trainer.base.vocab import CATEGORY_LABELS, OUTCOMES, RESPONSES, SEVERITY_LABELS
from trainer.content.scenario import Scenario
from trainer.content.script import Script, Stage
from trainer.sim.breaches import major_breaches, major_gate, severity_of, understood, unidentified
from trainer.sim.judging import (
    FACT_LABELS,
    NOTHING_PAID,
    complaints_said,
    deferring_turns,
    describe,
    fact_turn,
    key_point_status,
    latest_fair_day,
    part_paid,
    pressing_turns,
    rude_tone,
    stalls,
    visited_stages,
    vulnerable_facts,
    wrong_figures,
    wrong_remainders,
)
from trainer.sim.memory import CallMemory
from trainer.sim.recaps import corrected_recap, ignored_correction, recap_gate
from trainer.zh.display import money

WEIGHTS = {"compliance": 0.2, "adherence": 0.3, "outcome": 0.3, "pressure": 0.1, "courtesy": 0.1}
PART_LABELS = {"compliance": "合规", "adherence": "流程要点", "outcome": "通话结果", "pressure": "施压节奏",
               "courtesy": "礼貌与态度"}
SEVERITY_POINTS = {"critical": 40, "major": 15, "minor": 5}
FAILED_OUTCOME_POINTS = {"refused": 25, "callback": 40, "message_left": 30, "dispute": 40,
                         "special_handling": 40, "wrong_party": 30, "incomplete": 10, "hung_up": 0,
                         "complaint": 0, "ptp": 40}
HARDSHIP = {"NO_MONEY", "NO_ABILITY", "HARDSHIP_EVENT", "REPORTS_HOSPITALIZED", "REPORTS_DECEASED"}
UPSET = {"CLAIM_NO_NOTICE", "DEMAND_SUPERVISOR", "THREAT_COMPLAINT", "STOP_CALLING", "ABUSE"}


class _Card:
    def __init__(self, scenario: Scenario, script: Script, turns: Sequence[Mapping[str, Any]]) -> None:
        self.scenario = scenario
        self.script = script
        self.turns = turns
        self.facts = scenario.facts()
        self.deductions: list[dict[str, Any]] = []
        self.parts = {part: 100.0 for part in WEIGHTS}
        self.mid_call = False

    def stage_of(self, turn: int | None) -> Stage | None:
        if turn is None or not 0 <= turn < len(self.turns):
            return None
        sid = self.turns[turn].get("stage")
        return self.script.stages.get(sid) if sid else None

    def line_for(self, stage: Stage | None) -> str | None:
        if stage is None:
            return None
        # The stage's lines in script order: the first is its main recommended line.  (The
        # standard opening is for recitation and says the amount, so it must not be offered
        # as the better line before the customer has confirmed who they are.)
        for line in stage.lines:
            try:
                return line.render(self.facts)
            except TemplateProblem:
                continue
        return None

    def deduct(self, part: str, points: float, turn: int | None, reason: str, category: str | None = None) -> None:
        points = max(0.0, min(points, self.parts[part]))
        if points <= 0 and category is None:
            return   # the part is already at 0; a finding of our own is still listed
        self.parts[part] -= points
        stage = self.stage_of(turn)
        extra: dict[str, Any] = {"category": category} if category else {}
        if category and severity_of(reason):
            extra["severity"] = severity_of(reason)   # 「较重违规·…」 counts towards the major-breach gate
        self.deductions.append({**extra,
            "part": part, "points": -round(points), "turn": turn,
            "stage": stage.id if stage else None, "stage_title": stage.title if stage else None,
            "reason": reason, "line": self.line_for(stage), "why": stage.why if stage else None,
        })


def _agent_turns(turns: Sequence[Mapping[str, Any]]) -> list[int]:
    return [i for i, t in enumerate(turns) if t.get("speaker") == "agent"]


def score_call(scenario: Scenario, script: Script, transcript: Mapping[str, Any],
               findings: Sequence[Mapping[str, Any]], outcome: str, ptp: Mapping[str, Any],
               visits: Sequence[tuple[str, int]], covered: Mapping[str, Mapping[str, int]],
               memory: CallMemory | None = None,
               ruled_out: Mapping[int, frozenset[str]] | None = None) -> dict[str, Any]:
    """Score one call.  Returns ``{"passed": bool, "score": {...}}`` (see the module docstring).
    ``memory`` is the call's :class:`CallMemory`; without one it is rebuilt from the transcript.
    ``ruled_out``: per agent turn, the categories the compliance model's second opinion all but
    rules out there (``Auditor.ruled_out``); the trainer's own reading of a line defers to it."""
    turns = transcript.get("turns", [])
    memory = memory if memory is not None else memory_from_turns(turns)
    card = _Card(scenario, script, turns)
    start = script.stages.get(str((transcript.get("meta") or {}).get("from_stage", "")))
    card.mid_call = start is not None  # ``--from``: the opening (greeting, identifying) is behind
    agent = _agent_turns(turns)
    last = agent[-1] if agent else None
    judged = judged_outcome(scenario, outcome, ptp, memory)
    # a rule's 「对特殊人群施压」 on a line that puts collection off (「等您出院再说，现在都不用操心」) is not held
    # against the trainee (judging.deferring_turns): listed by the audit, not deducted, no gate
    deferring = deferring_turns(memory, scenario.persona)
    findings = [f for f in findings if not (f.get("category") == "vulnerable" and f.get("turn") in deferring)]
    _compliance(card, findings)
    gates = (_vulnerability(card, findings, memory) + _figures(card, memory, ptp) + understood(card, findings, memory, ruled_out or {})
             + unidentified(findings))
    provoked = sorted(set(provocations(card, findings, memory))
                      | {d["turn"] for d in card.deductions if d.get("category") and d["turn"] is not None})
    _adherence(card, visits, memory, agent)
    _stalls(card, memory)
    _refused_dispute(card, memory)
    unprovoked = _outcome(card, judged, outcome, ptp, last, provoked, memory)
    gates += recap_gate(card.turns, scenario) if judged == "ptp" else []
    _pressure(card, agent, provoked, memory)
    _courtesy(card, agent, memory)
    gates += major_gate(major_breaches(findings, card.deductions, turns))
    total = round(sum(card.parts[p] * w for p, w in WEIGHTS.items()))
    critical = [f for f in findings if f.get("severity") == "critical"]
    success = judged in scenario.success_outcomes or unprovoked
    passed = not critical and not gates and success and total >= scenario.pass_mark
    if critical:
        gate = "未通过：出现严重违规（" + "、".join(
            dict.fromkeys(CATEGORY_LABELS.get(f.get("category", ""), f.get("category", "")) for f in critical)) + "），一票否决"
    elif gates:
        gate = "未通过：" + gates[0] + "，一票否决"
    elif not success:
        gate = f"未通过：通话结果「{OUTCOMES.get(judged, judged)}」不是本场景的成功结果"
    elif total < scenario.pass_mark:
        gate = f"未通过：总分 {total} 低于及格线 {scenario.pass_mark}"
    else:
        gate = "通过"
    score: dict[str, Any] = {"total": total}
    score.update({p: round(v) for p, v in card.parts.items()})
    score.update({"pass_mark": scenario.pass_mark, "weights": dict(WEIGHTS), "gate": gate,
                  "success_outcomes": list(scenario.success_outcomes), "judged_outcome": judged,
                  "deductions": sorted(card.deductions, key=lambda d: (d["turn"] is None, d["turn"] or 0))})
    if start is not None:  # a rehearsal of part of a call: key points only from this stage on (visits)
        score["from_stage"] = {"id": start.id, "title": start.title, "note": from_stage_note(start.title)}
    return {"passed": passed, "score": score}


def from_stage_note(title: str) -> str:
    """What the scorecard says of a call rehearsed from a later stage (``--from``)."""
    return f"从「{title}」开始练习：只评这一阶段起的要点，之前的阶段按脚本当作已经顺利完成"


def _compliance(card: _Card, findings: Sequence[Mapping[str, Any]]) -> None:
    # one deduction per rule and turn, however many places in the line it matched
    grouped: dict[tuple[Any, str], list[Mapping[str, Any]]] = {}
    for f in findings:
        grouped.setdefault((f.get("turn"), f.get("rule", "")), []).append(f)
    for (turn, rule), group in grouped.items():
        f = group[0]
        sev = f.get("severity", "minor")
        label = CATEGORY_LABELS.get(f.get("category", ""), f.get("category", ""))
        excerpts = "、".join(dict.fromkeys(f"「{g['excerpt']}」" for g in group if g.get("excerpt")))
        card.deduct("compliance", SEVERITY_POINTS.get(sev, 5), turn,
                    f"{SEVERITY_LABELS.get(sev, sev)}违规·{label}{excerpts}：{f.get('message', '')}（{rule}）")


def required_key_points(script: Script, visits: Sequence[tuple[str, int]]) -> list[tuple[Stage, Any, int]]:
    """``(stage, key point, first agent turn there)`` of every required key point of each
    non-terminal stage the call went through (``visits``, as ``Call.visits``), once per stage."""
    return [(stage, kp, first) for stage, first in visited_stages(script, visits)
            for kp in stage.key_points if kp.required]


def missed_key_points(script: Script, visits: Sequence[tuple[str, int]],
                      covered: Mapping[str, Mapping[str, int]],
                      memory: CallMemory | None = None) -> list[tuple[Stage, Any, int]]:
    """The required key points never said: with the call's ``memory``, exactly what the adherence
    part deducts as 「漏讲」 (judged over the whole call); without it, the older per-stage count
    from ``covered`` (as ``Call.covered``)."""
    if memory is not None:
        return [(p.stage, p.kp, p.first) for p in key_point_status(script, visits, memory) if p.status == "missing"]
    return _uncovered(required_key_points(script, visits), covered)


def _uncovered(required: list[tuple[Stage, Any, int]],
               covered: Mapping[str, Mapping[str, int]]) -> list[tuple[Stage, Any, int]]:
    return [(stage, kp, first) for stage, kp, first in required if kp.id not in covered.get(stage.id, {})]


def _adherence(card: _Card, visits: Sequence[tuple[str, int]], memory: CallMemory, agent: list[int]) -> None:
    points = [p for p in key_point_status(card.script, visits, memory) if p.counted]
    if points:
        each = 100.0 / len(points)
        for p in points:
            if p.status == "missing":
                card.deduct("adherence", each, p.first, describe(p))
            elif p.status == "late":
                card.deduct("adherence", each / 2, p.turn, describe(p))
    elif not agent:
        card.deduct("adherence", 100, None, "坐席一句话都没有说")
    # order: find the right person before any debt talk
    verified = False
    for i, turn in enumerate(card.turns):
        if turn.get("speaker") != "agent":
            if turn.get("response") == "CONFIRM_IDENTITY":
                verified = True
            continue
        stage = card.script.stages.get(turn.get("stage", ""))
        if stage is not None and stage.verified:
            verified = True
        if not verified and {"state_amount"} & set(turn.get("acts", ())):
            card.deduct("adherence", 25, i, "顺序不对：核实本人身份之前就说了欠款金额（先核身、后告知）")
            break


def _stalls(card: _Card, memory: CallMemory) -> None:
    for code, raised, answer in stalls(memory):
        card.deduct("adherence", 5, answer,
                    f"卡住了：客户从第 {raised + 1} 句起反复提「{RESPONSES.get(code, code)}」，一直没有正面回应；"
                    f"第 {answer + 1} 句先回应这一点，通话就能往下走")


# 「这个登记不了，您自己打客服问」: a disputed charge turned away instead of registered
REFUSED_DISPUTE = re.compile("(登记|受理|处理)不了|(没法|不能|无法|没办法|不给)(给您|帮您|替您)?(登记|受理)|"
                             "不归(我|我们)管|(自己|回头)[^，。,！？!?]{0,6}(打|问|找)[^，。,！？!?]{0,4}客服")


def _refused_dispute(card: _Card, memory: CallMemory) -> None:
    """A customer who says the charges are not theirs must have the dispute registered: a line that
    turns it away (and sends them to find their own way) costs adherence points on its own line."""
    if card.scenario.persona not in ("fraud", "identity_theft") and not memory.times_raised("NOT_MY_CHARGES"):
        return
    for i, turn in enumerate(card.turns):
        if turn.get("speaker") == "agent" and REFUSED_DISPUTE.search(str(turn.get("text", ""))):
            card.deduct("adherence", 20, i, "客户说有消费不是本人所为，坐席却拒绝登记争议、让客户自己去问："
                        "应当受理、登记争议并说明核查流程")
            return


RAPPORT = ("probe_reason", "empathize", "condolence", "apologize")


def answered_consequences(memory: CallMemory) -> set[int]:
    """Agent turns where talk of interest or 征信 answers the customer (「不还会怎样」「这钱怎么算的」)
    or explains the amount: an honest answer, not pressure."""
    asked = {t + 1 for t, code, _x in memory.replies if code in ("ASK_CONSEQUENCE", "DISPUTE_AMOUNT", "ASK_WAIVER")}
    return asked | set(memory.acts.get("explain_amount", ()))


PROVOKING = frozenset({"threat", "abuse", "false_claim", "impersonation", "third_party_disclosure", "vulnerable",
                       "privacy", "harassment"})


def provocations(card: _Card, findings: Sequence[Mapping[str, Any]], memory: CallMemory) -> list[int]:
    """Agent turns that could fairly have upset the other side: a serious finding, a threat or an
    insult, contempt or sarcasm (``memory.tone``), or consequences before any probing or empathy."""
    turns = {f["turn"] for f in findings if f.get("turn") is not None and f.get("category") in PROVOKING
             and f.get("severity") in ("major", "critical")}
    turns |= {t for act in ("insult", "threaten", "false_claim") for t in memory.acts.get(act, ())}
    turns |= {t for t, _k, _w in rude_tone(memory)}
    rapport = min((t for a in RAPPORT for t in memory.acts.get(a, ())), default=None)
    asked = answered_consequences(memory)
    for t in memory.acts.get("lawful_consequence", ()):
        if (rapport is None or t < rapport) and t not in asked:
            turns.add(t)
            break
    return sorted(turns)


def judged_outcome(scenario: Scenario, outcome: str, ptp: Mapping[str, Any], memory: CallMemory) -> str:
    """The outcome as a trainer reads it from what was said: a clear promise (amount and date) is a
    promise even if the customer then hangs up; an insulted complaint-prone customer complains."""
    if outcome in ("hung_up", "incomplete") and ptp.get("amount") is not None and ptp.get("date"):
        return "ptp"
    if outcome in ("hung_up", "incomplete") and complaints_said(memory) >= 2:
        return "complaint"     # said twice they will complain (「我要投诉你」 … 「投诉电话我自己会打」)
    if scenario.persona == "complaint_prone" and rude_tone(memory) and outcome != "complaint":
        return "complaint"
    if outcome in ("callback", "incomplete") and memory.did("record_dispute") and memory.times_raised("NOT_MY_CHARGES"):
        return "dispute"   # the disputed charges were registered; a call-back on top does not change that
    if outcome == "special_handling" and _pressed_vulnerable(scenario, memory):
        # pressing a patient or the bereaved is not handling them as a special account
        return "complaint" if memory.times_raised("THREAT_COMPLAINT") else "incomplete"
    return outcome


def _pressed_vulnerable(scenario: Scenario, memory: CallMemory) -> bool:
    return any(pressing_turns(memory, fact_turn(memory, fact), fact)
               for fact in vulnerable_facts(memory, scenario.persona))


def _vulnerability(card: _Card, findings: Sequence[Mapping[str, Any]], memory: CallMemory) -> list[str]:
    """Gate failures for pressing a vulnerable person (hospitalised, bereaved, a minor), directly
    or through their family; the finding categories ``vulnerable`` and ``third_party_disclosure``
    count, and so does any pressing line after the call learnt the fact."""
    facts = vulnerable_facts(memory, card.scenario.persona)
    if not facts:
        return []
    gates: list[str] = []
    for f in findings:
        if f.get("category") in ("vulnerable", "third_party_disclosure"):
            gates.append("对特殊人群施压或透露欠款（" + "、".join(FACT_LABELS[x] for x in sorted(facts)) + "）")
            break
    for fact in sorted(facts):
        pressed = pressing_turns(memory, fact_turn(memory, fact), fact)
        if pressed:
            card.deduct("compliance", 40, pressed[0],
                        f"严重违规·对特殊人群施压：{FACT_LABELS[fact]}，第 {pressed[0] + 1} 句仍在催款或讲后果",
                        category="vulnerable")
            for turn in pressed[1:3]:   # every pressing line is named, not only the first
                card.deduct("compliance", 10, turn, f"又一次对特殊人群施压：第 {turn + 1} 句仍在催款",
                            category="vulnerable")
            gates.append(f"{FACT_LABELS[fact]}时仍在催款施压")
    return gates


def _figures(card: _Card, memory: CallMemory, ptp: Mapping[str, Any]) -> list[str]:
    known = [float(p[k]) for p in card.scenario.account.get("previous_promises") or () for k in ("amount", "paid")
             if isinstance(p, Mapping) and p.get(k) is not None]
    if ptp.get("amount") is not None:
        known.append(float(ptp["amount"]))
    for turn, reason in wrong_figures(memory, card.scenario.account, known):
        card.deduct("compliance", 15, turn, f"较重违规·虚假陈述：{reason}，会误导客户", category="false_claim")
    paid = part_paid(card.scenario.account)
    for i, turn in enumerate(card.turns):
        if paid and turn.get("speaker") == "agent" and NOTHING_PAID.search(str(turn.get("text", ""))):
            card.deduct("compliance", 15, i, f"较重违规·虚假陈述：说上次一分没还，账户上已还 {paid:g} 元",
                        category="false_claim")
            break
    for i, turn in enumerate(card.turns):
        if turn.get("speaker") != "agent":
            continue
        wrong = wrong_remainders(str(turn.get("text", "")), card.scenario.account, known)
        if wrong:
            said, real = wrong[0]
            card.deduct("compliance", 15, i, f"较重违规·虚假陈述：说上次约定还差 {said:g} 元，账户上还差 {real:g} 元，"
                        "会误导客户", category="false_claim")
            break
    return []




def _outcome(card: _Card, judged: str, outcome: str, ptp: Mapping[str, Any], last: int | None,
             provoked: list[int], memory: CallMemory) -> bool:
    """Score the outcome; True when a failed outcome was not the trainee's doing (no gate)."""
    scenario = card.scenario
    if judged not in scenario.success_outcomes:
        wanted = "、".join(OUTCOMES[o] for o in scenario.success_outcomes)
        closed = outcome != "incomplete" or memory.did("close")   # the trainee did not just stop
        ignored = ignored_correction(card.turns)
        if ignored is not None:
            card.deduct("outcome", 30, ignored, "复述与客户承诺不符：客户纠正了金额或日期，坐席没有改过来就往下走")
        if not provoked and closed and ignored is None:   # the customer took the call elsewhere; the trainee did right
            card.deduct("outcome", 40, last, f"通话结果「{OUTCOMES.get(judged, judged)}」：坐席处理得当、"
                        f"对方并未被激怒，不算坐席的失误，但没有拿到本场景需要的结果（{wanted}）")
            return True
        card.deduct("outcome", 100 - FAILED_OUTCOME_POINTS.get(judged, 0), last,
                    f"通话结果「{OUTCOMES.get(judged, judged)}」，本场景需要：{wanted}")
        return False
    if judged != "ptp":
        return False
    _promise(card, ptp, last)
    return False


def _promise(card: _Card, ptp: Mapping[str, Any], last: int | None) -> None:
    turn = ptp.get("turn", last)
    if ptp.get("amount") is None:
        card.deduct("outcome", 30, last, "承诺还款没有明确金额")
    if not ptp.get("date"):
        card.deduct("outcome", 25, last, "承诺还款没有明确日期")
    if not ptp.get("channel"):
        card.deduct("outcome", 10, last, "没有说明还款渠道")
    recap = ptp.get("recap")
    if not recap:
        card.deduct("outcome", 20, turn, "没有复述确认承诺的金额、日期和渠道")
    else:
        missing = [name for key, name in (("amount", "金额"), ("date", "日期"), ("channel", "渠道"))
                   if not recap.get(key)]
        wrong = [name for name in recap.get("wrong", ()) if name in missing]
        ignored = ignored_correction(card.turns)
        corrected = corrected_recap(card.turns, card.scenario.call_date, card.scenario.debtor.get("payday"))
        if corrected is not None and corrected.repeated is not None:
            card.deduct("outcome", 20, corrected.repeated, "复述与客户承诺不一致，经客户纠正仍未改正：客户第 "
                        f"{corrected.correction + 1} 句已纠正，坐席第 {corrected.repeated + 1} 句仍说「{corrected.figure}」")
            _promise_limits(card, ptp, turn)
            return
        if corrected is not None and not wrong and ignored is None:
            # put right on the line, then recapped right: the recap item is lost, the call may still pass
            card.deduct("outcome", 20, corrected.recap, "复述的金额或日期与客户承诺不一致，客户当场纠正"
                        f"（第 {corrected.correction + 1} 句），复述这一项不得分")
            _promise_limits(card, ptp, turn)
            return
        if wrong or ignored is not None:
            # the recap on record is not the customer's promise: no recap credit (as if none was made);
            # the customer said so on the line, so the call itself is not failed for it
            card.deduct("outcome", 20, ignored if ignored is not None else recap.get("turn"),
                        "复述与客户承诺不符：" + ("、".join(wrong) + "跟客户答应的不一样" if wrong else "")
                        + ("，" if wrong and ignored is not None else "")
                        + ("客户纠正后坐席没有重新复述就结束" if ignored is not None else "")
                        + "，这次复述不算数（按没有复述确认扣分）")
            _promise_limits(card, ptp, turn)
            return
        if missing:
            card.deduct("outcome", 4 * len(missing), recap.get("turn"),
                        "复述承诺时" + "、".join(missing) + "与客户承诺的不一致或没说")
        if ptp.get("confirmed") is None:
            card.deduct("outcome", 5, recap.get("turn"), "复述后没有得到客户确认")
    _promise_limits(card, ptp, turn)


def _promise_limits(card: _Card, ptp: Mapping[str, Any], turn: int | None) -> None:
    scenario = card.scenario
    amount = ptp.get("amount")
    min_due = float(scenario.account["min_due"])
    if amount is not None and amount + 0.005 < min_due:
        card.deduct("outcome", 20, turn, f"承诺金额 {money(amount)} 低于最低还款额 {money(min_due)}")
    if ptp.get("date"):
        when = date.fromisoformat(ptp["date"])
        limit, what = latest_fair_day(scenario.call_date, scenario.promise_window_days, scenario.debtor.get("payday"))
        if when > limit:
            card.deduct("outcome", 20, turn, f"承诺日期 {when.month}月{when.day}日 {what}（最晚 {limit.month}月{limit.day}日）")


def _pressure(card: _Card, agent: list[int], provoked: list[int], memory: CallMemory) -> None:
    """Pressure raised too fast costs points; the customer's anger costs points only when the agent
    provoked it (see :func:`provocations`) — their own unprovoked anger costs nothing."""
    rapport = False
    early = False
    worst = 0
    asked = False
    levels = ("calm", "irritated", "demands_supervisor", "threatens_complaint", "complaint_lodged")
    answered = answered_consequences(memory)
    for i, turn in enumerate(card.turns):
        acts = set(turn.get("acts", ()))
        if turn.get("speaker") == "agent":
            if acts & set(RAPPORT):
                rapport = True
            if not rapport and not early and not asked and i not in answered and "lawful_consequence" in acts:
                early = True
                card.deduct("pressure", 20, i, "顺序不对：还没了解原因、表示理解，就开始讲后果施压（施压要循序渐进）")
            if acts & {"threaten", "false_claim"}:
                card.deduct("pressure", 30, i, "用威胁或不实的后果施压")
            continue
        asked = turn.get("response") == "ASK_CONSEQUENCE"
        state = (turn.get("mood") or {}).get("state", "calm")
        level = levels.index(state) if state in levels else 0
        cause = max((t for t in provoked if t < i), default=None)
        if level > worst:
            worst = level
            if cause is not None and level >= 2:
                points, what = {2: (15, "客户被激怒，要求找领导"), 3: (30, "客户威胁投诉"),
                                4: (60, "客户投诉并挂断")}[level]
                card.deduct("pressure", points, cause, f"{what}（起因在第 {cause + 1} 句）")
        if turn.get("response") == "HANG_UP" and (turn.get("mood") or {}).get("anger", 0) >= 6 and cause is not None:
            card.deduct("pressure", 20, cause, f"客户愤而挂断（起因在第 {cause + 1} 句）")


def agent_before(turns: Sequence[Mapping[str, Any]], index: int) -> int | None:
    for j in range(index - 1, -1, -1):
        if turns[j].get("speaker") == "agent":
            return j
    return None


def _courtesy(card: _Card, agent: list[int], memory: CallMemory) -> None:
    if not agent:
        return
    rude = rude_tone(memory)
    if rude and not any("insult" in card.turns[i].get("acts", ()) for i in agent):
        turn, _kind, words = rude[0]
        card.deduct("courtesy", 40, turn, f"语气轻蔑、挖苦客户「{words}」（即使没有触发质检规则，也伤客户）")
        for turn, _kind, words in rude[1:3]:
            card.deduct("courtesy", 10, turn, f"又一次挖苦、轻蔑「{words}」")
    disputed = min((t for t, code, _x in memory.replies if code == "NOT_MY_CHARGES"), default=None)
    accused = [(t, w) for t, k, w in memory.tone if k == "accuse" and disputed is not None and t > disputed]
    if accused:   # 「肯定是您自己刷的」: the course says register the dispute, never argue or call it a lie
        card.deduct("courtesy", 15, accused[0][0], f"跟客户争辩、认定客户说谎「{accused[0][1]}」（应先登记、不下结论）")
    first = card.turns[agent[0]]
    if "greet" not in first.get("acts", ()) and not card.mid_call:
        card.deduct("courtesy", 10, agent[0], "开场没有问候")
    if not card.scenario.third_party_answers and not memory.did("identify_self") and not card.mid_call:
        card.deduct("courtesy", 20, agent[0], "通话中始终没有报出银行、部门和自己的姓")
    if any("insult" in card.turns[i].get("acts", ()) for i in agent):
        card.deduct("courtesy", 40, next(i for i in agent if "insult" in card.turns[i].get("acts", ())),
                    "对客户出言不逊")
    for i, turn in enumerate(card.turns):
        code = turn.get("response")
        if code in HARDSHIP:
            # understanding shown anywhere in the call counts (a trainee often says it first)
            later = [j for j in agent if j > i]
            if later and not (memory.did("empathize") or memory.did("condolence")):
                if memory.did("probe_reason"):
                    card.deduct("courtesy", 10, later[0], "客户说了难处，问了原因，但没有表示理解或关心")
                else:
                    card.deduct("courtesy", 20, later[0], "客户说了难处，却没有表示理解或关心")
            break
    for i, turn in enumerate(card.turns):
        if turn.get("response") in UPSET:
            later = [j for j in agent if j > i][:2]
            # an apology already made (for what the customer now repeats) or in the next two lines counts
            said = [j for j in agent if j < i] + later
            if later and not any({"apologize", "empathize"} & set(card.turns[j].get("acts", ())) for j in said):
                card.deduct("courtesy", 15, later[0], "客户不满时没有致歉或安抚")
            break


def memory_from_turns(turns: Sequence[Mapping[str, Any]]) -> CallMemory:
    """A :class:`CallMemory` rebuilt from a transcript's annotated turns (for callers without one)."""
    memory = CallMemory()
    for i, t in enumerate(turns):
        if t.get("speaker") == "agent":
            memory.agent_said(i, t.get("stage", ""), t.get("text", ""), t.get("acts", ()), t.get("key_points", ()))
        elif t.get("response"):
            memory.other_said(i, t["response"], t.get("text", ""))
    return memory
