"""Round 8 (r10): compliant talk that looks dangerous, read as what it is (our own sentences).

Two sentence authors (``dev_sj.jsonl``, ``dev_sk.jsonl``) and three call authors (``dev_r10.jsonl``)
were read for false alarms first, grouped by kind: the law stated correctly, a rumour or a scam
named to reject it, a practice disowned, something refused after naming it, a wrong number struck
off, a family told it owes nothing, why a call reached the workplace. The mechanism is in the
context checks (``trainer/compliance/context.py``) and the rules' exceptions; the sentences below
are none of the authors'.
"""

from __future__ import annotations

import pytest
from helpers_audit import (
    ZHOU_KAI,
    ZHOU_KAI_BEREAVED,
    ZHOU_KAI_CHILD,
    ZHOU_KAI_COUSIN,
    ZHOU_KAI_ILL,
    categories,
)

OPENING = ZHOU_KAI
THIRD = ZHOU_KAI_COUSIN
BEREAVED = ZHOU_KAI_BEREAVED
ILL = ZHOU_KAI_ILL
CHILD = ZHOU_KAI_CHILD


def test_a_child_threatened_with_endless_calls_is_pressing_a_minor() -> None:
    found = categories(CHILD, "你不跟叔叔说实话，叔叔就天天打到你家来。")
    assert "vulnerable" in found


@pytest.mark.parametrize(("turns", "category", "line"), [
    # a refusal after the hit excuses only a refusal to give or tell it, not a threat or a disclosure
    (OPENING, "threat", "下礼拜我们就去你单位，我不能保证你在那还待得住。"),
    (THIRD, "privacy", "他住在东湖花园那边，别的我就不能多说了。"),
    # a curse is still a curse beside a relative's word; a disowning is only the agent's own practice
    (OPENING, "abuse", "你他妈的到底还不还？你老妈的面子我也不给。"),
    (OPENING, "threat", "我们明天就去你店里，这都是你逼我们的。"),
])
def test_the_same_words_without_the_excuse_still_count(turns: list[dict[str, str]], category: str, line: str) -> None:
    assert category in categories(turns, line), line
