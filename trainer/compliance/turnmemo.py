"""What an agent turn's judging gives, remembered per (line, call state).

With no answer owed, and unless the turn is one of the opening ones whose required elements are
counted as it is judged (turn by turn; a batch counts them for the whole call beforehand), an agent
turn's findings follow from its text and the call state before it alone: its anchor hits and raw
matches (the state-gated rules' too), their clauses and context tests, the derived rules, the
model's second opinion and its own scores all read only those.  The key also says whether the
turn is one of the opening ones (every one is judged then) and where the state-gated hits come
from (the batch's facts or the turn's own scan).  Such a turn is judged once per (text, who is on
the line, identity confirmed, flags) and remembered: a line said again in the same state costs a
look-up and copies of the findings with this call's transcript id and turn number.

Not remembered: a turn whose judging read the call's earlier turns (``fresh_sum``: were these
sums said before?), or one that moved who is on the line.  8,192 turns are kept per pack, then
forgotten all at once.

Also remembered per pack, by the line: whether an agent line asks a child's age, what a reply
says of who answered (:func:`~trainer.zh.cues.identity_answer`), and the required rules' marks
after a call's first agent turns, by which required groups each of them says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from copy import deepcopy
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from trainer.zh.cues import identity_answer

from .age import AGE_QUESTIONS
from .checks.base import Group, said_in_turn

if TYPE_CHECKING:
    from .finding import Finding
    from .rulepack import RulePack
    from .state import CallState

KEPT = 8192


class Remembered(NamedTuple):
    findings: tuple[tuple[dict[str, Any], tuple[str, ...]], ...]  # (template, keys holding lists/dicts)
    withdrawn: tuple[tuple[dict[str, Any], tuple[str, ...]], ...]
    flags: frozenset[str]  # flags the turn set (``claimed``)


_ATOMIC = frozenset({str, int, float, bool, type(None)})


def _copied(v: Any) -> Any:
    """``deepcopy(v)`` for a finding's values (lists and dicts of text and numbers: spans, ``also``),
    without deepcopy's bookkeeping; anything else goes to deepcopy."""
    kind = type(v)
    if kind is list:
        return [_copied(x) for x in v]
    if kind is dict:
        return {k: _copied(x) for k, x in v.items()}
    return v if kind in _ATOMIC else deepcopy(v)


def _template(f: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    nested = tuple(k for k, v in f.items() if isinstance(v, (list, dict)))
    return ({**f, **{k: _copied(f[k]) for k in nested}} if nested else dict(f)), nested


def _renew(template: tuple[dict[str, Any], tuple[str, ...]], transcript: str, turn: int) -> dict[str, Any]:
    f, nested = template
    out = {**f, "transcript": transcript, "turn": turn}
    for k in nested:
        out[k] = _copied(f[k])
    return out


def remember(memo: dict[Any, Remembered], key: Any, findings: list[Finding], withdrawn: list[dict[str, Any]],
             before: tuple[str, bool, set[str]], state: CallState) -> None:
    """Remember a turn's findings and the findings the second opinion withdrew, unless judging it
    changed who is on the line or took a flag away (``before``: contact, verified, flags)."""
    if (state.contact, state.verified) != before[:2] or not before[2] <= state.flags:
        return
    if len(memo) >= KEPT:
        memo.clear()
    memo[key] = Remembered(tuple(map(_template, findings)), tuple(map(_template, withdrawn)),  # type: ignore[arg-type]
                           frozenset(state.flags - before[2]))


def replay(known: Remembered, transcript: str, turn: int, state: CallState,
           withdrawn: list[dict[str, Any]]) -> list[Finding]:
    """The remembered findings as this call's turn ``turn``; the withdrawn ones are added to
    ``withdrawn`` and the flags the turn set to ``state``."""
    if known.withdrawn:
        withdrawn += [_renew(t, transcript, turn) for t in known.withdrawn]
    if known.flags:
        state.flags |= known.flags
    return [_renew(t, transcript, turn) for t in known.findings]  # type: ignore[misc]


# --- what a line alone says of the call (per pack, by its text) ---------------------------------

_LINES_KEPT = 8192  # lines whose verdicts below are remembered per pack (then forgotten all at once)
_UNSEEN = object()
_NOT_SAID: frozenset[int] = frozenset()


def asks_age(pack: RulePack, question: str) -> bool:
    """Does the (folded) agent line ``question`` ask an age (``answers_minor_age`` reads no
    answer to any other)?  Remembered by the line."""
    known = pack._asks_age.get(question)
    if known is None:
        if len(pack._asks_age) >= _LINES_KEPT:
            pack._asks_age.clear()
        known = pack._asks_age[question] = any(q in question for q in AGE_QUESTIONS)
    return known


def identity_answer_of(pack: RulePack, text: str) -> str | None:
    """:func:`identity_answer` of a reply, remembered by its text."""
    known = pack._identity
    answer = known.get(text, _UNSEEN)
    if answer is _UNSEEN:
        if len(known) >= _LINES_KEPT:
            known.clear()
        answer = known[text] = identity_answer(text)
    return answer  # type: ignore[return-value]


def seen_early(pack: RulePack, at: dict[Group, set[int]], early: list[int]) -> Mapping[int, Sequence[bool]]:
    """The required rules' ``seen`` marks after the call's first agent turns ``early`` (each rule
    marks what its first ``within`` of them say).  They follow from which required groups each of
    those turns says: remembered by that (per pack).  The mapping and its tuples are shared by every
    call that says the same (read only: a batch's auditor, whose required groups are known
    beforehand, never marks one itself), so a call costs the key and one look-up."""
    says: list[bool] = []  # group by group, whether each early turn says it (the number of turns follows)
    get = at.get
    for group in pack._required_groups:
        says += map(get(group, _NOT_SAID).__contains__, early)  # (in C: half the time of a nested comprehension)
    key = tuple(says)
    memo = pack._seen_memo
    known = memo.get(key)
    if known is None:
        seen = {ri: [False] * len(pack.rules[ri].require) for ri in pack._required}
        for x in pack._required_within:
            for g in early[:x.within]:
                pack._checks[x.rule].said_early(pack.rules[x.rule], seen[x.rule], said_in_turn(at, g))
        if len(memo) >= 4096:
            memo.clear()
        known = memo[key] = MappingProxyType({ri: tuple(s) for ri, s in seen.items()})
    return known
