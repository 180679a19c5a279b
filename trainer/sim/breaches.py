"""Serious breaches over a whole practice call: how a major (较重) compliance breach weighs on the verdict.

The scorecard's decision of round 12 (docs/engine.md §4, *Major breaches*): a critical breach (严重) fails the
call on its own, as before, and so does a **major** one (较重) — the debt talked about before the person is
found, a tenfold interest rate, a wrong balance, contempt: 「未通过：较重违规（第 N 句…），一票否决」.  The gate names
every major breach with its line; the compliance part still deducts their points.

One case is not held against the verdict (it keeps its deductions): the trainee *asked for the person by name
first*, the one who answered asked back (「你哪位啊？」「又是诈骗电话吧？」), the trainee said who they are and
what it is about, and the person confirmed in the very next reply that they are the debtor.  The order was
wrong (「顺序不对」, and the rule's 较重 finding stays on the card), but nobody else heard anything; every
reviewer who met it on a competent call (rounds 6–11) ruled the pass fair, a 「边界情况」.  Talking about the
debt before asking who is on the line at all, or to someone who never confirms, is not excused.

Counted once per line and kind (``(turn, category)``): the rule pack's major findings and the scorecard's own
较重 deductions (a wrong figure, contempt, prying to a third party…), which it makes only where no rule of that
kind fired on the line.  A finding the scorecard does not hold against the trainee at all (a deferral to a
patient read as pressure, :func:`trainer.sim.judging.deferring_turns`) is left out before it gets here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from trainer.base.vocab import CATEGORY_LABELS

MAJOR_LABEL = "较重违规"
CRITICAL_LABEL = "严重违规"


def severity_of(reason: str) -> str | None:
    """The severity the scorecard's own deduction carries, from its label (「较重违规·…」「严重违规·…」)."""
    if reason.startswith(MAJOR_LABEL):
        return "major"
    if reason.startswith(CRITICAL_LABEL):
        return "critical"
    return None


def told_the_debtor_after_all(turns: Sequence[Mapping[str, Any]], turn: int) -> bool:
    """Debt talk at ``turn`` before the right person confirmed, which reached them after all: the trainee had
    asked for the person by name on an earlier line, and the next reply confirms that it is them."""
    asked = any(t.get("speaker") == "agent" and "ask_for_debtor" in (t.get("acts") or ()) for t in turns[:turn])
    reply = next((t for t in turns[turn + 1:] if t.get("speaker") != "agent"), None)
    return asked and reply is not None and reply.get("response") == "CONFIRM_IDENTITY"


def major_breaches(findings: Sequence[Mapping[str, Any]], deductions: Sequence[Mapping[str, Any]],
                   turns: Sequence[Mapping[str, Any]]) -> list[tuple[int | None, str]]:
    """The call's major breaches that count against the verdict, as ``(turn, category)`` in call order: the
    rules' major findings (less a disclosure that reached the debtor after all) and the scorecard's own
    major deductions."""
    seen: dict[tuple[int | None, str], None] = {}
    for f in findings:
        turn, category = f.get("turn"), str(f.get("category", ""))
        if f.get("severity") != "major":
            continue
        if category == "third_party_disclosure" and isinstance(turn, int) and told_the_debtor_after_all(turns, turn):
            continue
        seen[(turn, category)] = None
    for d in deductions:
        if d.get("severity") == "major" and d.get("category"):
            seen[(d.get("turn"), str(d["category"]))] = None
    return sorted(seen, key=lambda k: (k[0] is None, k[0] or 0))


def major_gate(breaches: Sequence[tuple[int | None, str]]) -> list[str]:
    """The gate failure for major breaches (empty when there is none)."""
    if not breaches:
        return []
    where = "、".join((f"第 {turn + 1} 句" if isinstance(turn, int) else "") + CATEGORY_LABELS.get(cat, cat)
                     for turn, cat in breaches)
    return [f"较重违规（{where}）"]
