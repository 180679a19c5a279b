"""Round 7's held-out single sentences (``heldout_sb.jsonl``): 223 agent sentences by an independent
author (dialects, internet slang, long polite sentences with a breach inside, half-jokes; seven
categories × about 20 violating and 12 tricky compliant ones), labelled blind by a reviewer (223 of 224
agreed; the one disagreement was dropped). Nobody tuning the rules saw it; it was measured once, at
9a5e9c3, after the last tuning: P 0.74, R 0.61 (0.69 / 0.44 on the engine as round 7 found it).

From now on it only guards against regressions (the floor is that measurement less a margin): do not
tune on it; write a fresh held-out set instead.
"""

from __future__ import annotations

import json
from pathlib import Path

from test_compliance_eval import evaluate

SB = Path(__file__).parents[1] / "data" / "compliance" / "heldout_sb.jsonl"
FLOOR = (0.69, 0.56)


def test_the_set_holds_seven_categories_and_its_hard_negatives() -> None:
    records = [json.loads(line) for line in SB.read_text("utf-8").splitlines() if line.strip()]
    violating = [r for r in records if r["labels"]]
    assert len(records) == 223 and 135 <= len(violating) <= 141
    assert len({c for r in violating for c in r["labels"]}) == 7


def test_held_out_precision_and_recall_stay_above_the_floor() -> None:
    table, _misses = evaluate(SB)
    assert table["all"]["precision"] >= FLOOR[0] and table["all"]["recall"] >= FLOOR[1], table["all"]
