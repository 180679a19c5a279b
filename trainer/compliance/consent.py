"""The hour the customer chose: a late or early call the customer asked for is no quiet-hours breach.

The guideline's quiet hours (22:00–08:00 by default) keep 「经债务人同意的除外」: a call-back the
customer booked for this hour (「您上周说上夜班，让我晚上十点以后再打」) is the customer's own
choice.  A ``metadata: calling_hours`` rule's ``require:`` words name the bank's own phrasings; this
module reads the same fact by its structure, whatever the words:

* **the record** — ``meta.customer_chose_time: true`` (the dialler's booked call-back);
* **the agent, in its first** :data:`AGENT_TURNS` **turns, reports the customer's request**: the
  customer (您/你) is the one who asks or books (约、让、叫、要求、交代) a call (打、联系、回电、来电)
  at a time (这个点、这个时间、晚上十点以后…), or the call is made 「按您说的/约的」, or the customer is
  reported to have said which hours suit them (「您说…晚上七点以后方便，所以这会儿打给您」);
* **the customer says so**: 「是我让你这个点打的」「是俺让你这时候打的」「我约的」.

A customer who disputes it (「我什么时候让你这个点打了？」「谁让你这么晚打的」) outweighs the
agent's word, and a request the agent only pretends (「你让我怎么办，只能这个点打」: no time in the
request, a clause between) or denies (「您也没让我这个点打」) does not count.  Reasons of the
agent's own (「白天打你不接，只能这个点找你」「不好意思这么晚打扰」) are no choice of the customer's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

AGENT_TURNS = 3  # the opening, where the agent says why it calls at this hour
OTHER_TURNS = 8  # the customer's words read: those among the call's first turns

_YOU = "(?:您|你)"
_CALL = "(?:打|联系|回电|来电|致电|找)"
_TIME = ("(?:这个点|这个时间|这会儿|这时候|这时|这么晚|这么早|晚上|早上|今晚|明早|夜里|下班|收工|"
         "[零一二三四五六七八九十两\\d]+点|以后|之后|左右)")
_REQUEST = "(?:约|让|叫|要求|交代|嘱咐)"
_GATE = ("约", "让", "叫", "交代", "嘱咐", "方便", "按")  # a turn without any of these books nothing
_INNER = "[^，,。；;！!？?\n]"  # inside one clause
_NO = "(?<!没)(?<!不)(?<!别)(?<!不是)(?<!没有)"  # not after a negation (没让、不是您约的)

# the agent reports the customer's request: 您 … 让我(们) … <time> … 打 (in one sentence, the
# request and the call in one clause)
_AGENT_ASKED = re.compile(
    f"{_YOU}[^。！!？?\n]{{0,40}}?{_NO}{_REQUEST}(?:我们|我|咱们)?{_INNER}{{0,8}}?{_TIME}"
    f"{_INNER}{{0,10}}?{_CALL}")
_AGENT_AS_SAID = re.compile(f"按(?:照)?{_YOU}(?:说|约|定|要求|讲|交代)的|{_NO}{_YOU}约的|(?<!不)是{_YOU}(?:让|约|叫)")
# 「您上周说您那边晚上七点以后方便，所以按您当地时间这会儿打给您」
_AGENT_SUITS = re.compile(
    f"{_YOU}{_INNER}{{0,12}}?(?:说|讲|提过|交代)[^。！!？?\n]{{0,30}}?方便[^。！!？?\n]{{0,8}}?(?:所以|就|才)"
    f"{_INNER}{{0,12}}?{_TIME}{_INNER}{{0,8}}?{_CALL}")
# the customer: 「是我让你这个点打的」「我约的这个时间」
_OWN = re.compile(f"{_NO}(?:我|俺)(?:自己)?{_REQUEST}(?:你们|你|您)?{_INNER}{{0,6}}?{_TIME}{_INNER}{{0,4}}?{_CALL}"
                  f"|是(?:我|俺)(?:自己)?(?:约|让|叫)的")
_DISPUTE = re.compile(f"(?:什么时候|啥时候|哪有|谁|没|不是){_INNER}{{0,3}}?{_REQUEST}(?:你们|你|您)?{_INNER}{{0,12}}?{_CALL}")


def chose_hour(turns: Iterable[Any], meta: dict[str, Any] | None = None) -> bool:
    """Did the customer choose the hour of this call (the record says so, or the call does)?"""
    if meta and meta.get("customer_chose_time") is True:
        return True
    agent_seen = chosen = 0
    for i, turn in enumerate(turns):
        if not isinstance(turn, dict):
            continue
        speaker, text = turn.get("speaker"), str(turn.get("text", ""))
        if not any(map(text.__contains__, _GATE)):  # (in C: no generator per turn)
            agent_seen += speaker == "agent"
        elif speaker == "agent":
            agent_seen += 1
            if agent_seen <= AGENT_TURNS and (_AGENT_ASKED.search(text) or _AGENT_AS_SAID.search(text)
                                               or _AGENT_SUITS.search(text)):
                chosen = True
        elif speaker == "debtor" and i < OTHER_TURNS:
            if _DISPUTE.search(text):
                return False
            if _OWN.search(text):
                chosen = True
        if agent_seen > AGENT_TURNS and i >= OTHER_TURNS:
            break
    return bool(chosen)


def without_chosen_hours(pack: Any, transcript: dict[str, Any], findings: list[Any]) -> list[Any]:
    """``findings`` of one call without its quiet-hours findings when the customer chose the hour
    (read only when there is one to judge: a call at an ordinary hour costs nothing).  The list
    object itself is kept (it may carry the second opinion's withdrawn findings)."""
    late = [i for i, f in enumerate(findings) if f["turn"] is None and _hours_rule(pack, f["rule"])]
    if late and chose_hour(transcript.get("turns") or (), transcript.get("meta") or {}):
        for i in reversed(late):
            del findings[i]
    return findings


def _hours_rule(pack: Any, rule_id: str) -> bool:
    rule = pack.rule(rule_id)
    return rule is not None and rule.check == "metadata" and rule.metadata == "calling_hours"
