"""Round 7's single sentences by an independent author (``dev_sa.jsonl``, reviewer's reconciled labels).

224 agent sentences: seven categories × 20 violating and 12 tricky compliant ones (denials, accurate
law, the customer quoted). Development material: measured on the engine as round 7 found it, then
tuned on by kind of utterance, so its figures are optimistic. Each category keeps a floor: the
figures after round 7's pass on what the agent says (abuse, threat, impersonation, false claim),
less a margin; the other categories' floors are where the round found them, less a margin.
"""

from __future__ import annotations

import json
from pathlib import Path

from test_compliance_eval import evaluate

SA = Path(__file__).parents[1] / "data" / "compliance" / "dev_sa.jsonl"
# category: (precision, recall) floors
FLOORS = {"abuse": (0.90, 0.95), "threat": (0.82, 0.95), "impersonation": (0.95, 0.95),
          "false_claim": (0.95, 0.95), "third_party_disclosure": (0.60, 0.75), "privacy": (0.55, 0.10),
          "vulnerable": (0.95, 0.20), "all": (0.82, 0.70)}


def test_the_set_holds_every_category_and_its_hard_negatives() -> None:
    records = [json.loads(line) for line in SA.read_text("utf-8").splitlines() if line.strip()]
    violating = [r for r in records if r["labels"]]
    assert len(records) == 224 and len(violating) == 140
    assert {c for r in violating for c in r["labels"]} == set(FLOORS) - {"all"}


def test_precision_and_recall_per_category_stay_above_the_floor() -> None:
    table, misses = evaluate(SA)
    low = [f"{cat}: P={table[cat]['precision']:.2f} R={table[cat]['recall']:.2f}"
           for cat, (precision, recall) in FLOORS.items()
           if table[cat]["precision"] < precision or table[cat]["recall"] < recall]
    assert not low, "\n".join(low + misses)
