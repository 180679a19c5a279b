"""Round 8's held-out single sentences (``heldout_si.jsonl``): 224 agent sentences by an independent
author (a compliance trainer: dialect, hints, sayings with a sting, the customer's words told back;
seven categories × 20 violating and 12 tricky compliant ones), labelled blind by a reviewer (224 of 224
agreed). Nobody tuning saw it; it was measured once, at 47cadb8, after the last tuning: P 0.78, R 0.77
(0.77 / 0.61 on the engine as round 8 found it; 0.76 / 0.62 with the model layer taken out).

Kept out of the model layer's training data until round 9; since then (tests/data/compliance/heldout_si.jsonl)
it is training data like every labelled set, and the floor (that measurement less a margin) only guards
against regressions.
"""

from __future__ import annotations

import json
from pathlib import Path

from test_compliance_eval import evaluate

SI = Path(__file__).parents[1] / "data" / "compliance" / "heldout_si.jsonl"
FLOOR = (0.73, 0.72)


def test_the_set_holds_seven_categories_and_its_hard_negatives() -> None:
    records = [json.loads(line) for line in SI.read_text("utf-8").splitlines() if line.strip()]
    violating = [r for r in records if r["labels"]]
    assert len(records) == 224 and len(violating) == 140
    assert len({c for r in violating for c in r["labels"]}) == 7


def test_held_out_precision_and_recall_stay_above_the_floor() -> None:
    table, _misses = evaluate(SI)
    assert table["all"]["precision"] >= FLOOR[0] and table["all"]["recall"] >= FLOOR[1], table["all"]
