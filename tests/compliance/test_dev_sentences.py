"""Independent authors' single sentences, development material: round 7's pass 2 (``dev_sc.jsonl`` …
``dev_sh.jsonl``) and round 8 (``dev_sj.jsonl``, ``dev_sk.jsonl``).

224 agent sentences each, seven categories × 20 violating and 12 tricky compliant ones, in the
single-turn eval format (SC and SD with blind-reviewed labels, SE–SH with their authors' labels).
Development material: measured on the engine as round 7's second pass found it (about P 0.75,
R 0.50 each), then read for abuse, threat, impersonation and false claims and tuned on by kind of
utterance (``kinds.yaml``), so their figures are optimistic. Each set keeps a floor per category:
the figures after the pass, less a margin.

Round 12 (``dev_sv.jsonl``, ``dev_sw.jsonl``): two more authors' 224 sentences each (author labels), measured
once at 188e625 before the model was trained on them; training data since.

Round 10 (``dev_sn.jsonl``, ``dev_sp.jsonl``, ``dev_sq.jsonl``): three more authors' 224 sentences each
(author labels), measured once before the model was trained on them; training data since. Round 9's held-out
sentences (``dev_sl.jsonl``) keep their floor in test_heldout_sets.py.

Round 9 (``dev_sm.jsonl``): one more author's 224 sentences (author labels, converted from the
author's ``listener`` to the same five openings as SJ and SK), measured once before the model was
trained on them.

Round 8 (``dev_sj.jsonl``, ``dev_sk.jsonl``): two fresh authors, 224 sentences each, with their
authors' labels (not reviewed); measured on the engine as round 8 found it (SJ P 0.79 R 0.59, SK
P 0.80 R 0.58), then read for false alarms and misses by kind of utterance (``kinds2.yaml``), and
they are the model layer's training data too: optimistic.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_compliance_eval import evaluate

DATA = Path(__file__).parents[1] / "data" / "compliance"
# set: category: (precision, recall) floors
FLOORS = {
    "c": {"abuse": (0.75, 0.75), "threat": (0.7, 0.9), "impersonation": (0.9, 0.9), "false_claim": (0.85, 0.95),
          "third_party_disclosure": (0.6, 0.7), "privacy": (0.8, 0.35), "vulnerable": (0.8, 0.25), "all": (0.75, 0.65)},
    "d": {"abuse": (0.7, 0.95), "threat": (0.7, 0.9), "impersonation": (0.95, 0.75), "false_claim": (0.8, 0.75),
          "third_party_disclosure": (0.5, 0.75), "privacy": (0.75, 0.4), "vulnerable": (0.95, 0.5), "all": (0.7, 0.7)},
    "e": {"abuse": (0.85, 0.9), "threat": (0.65, 0.75), "impersonation": (0.95, 0.9), "false_claim": (0.7, 0.9),
          "third_party_disclosure": (0.55, 0.85), "privacy": (0.75, 0.2), "vulnerable": (0.95, 0.5), "all": (0.75, 0.7)},
    "f": {"abuse": (0.8, 0.75), "threat": (0.7, 0.95), "impersonation": (0.95, 0.75), "false_claim": (0.95, 0.9),
          "third_party_disclosure": (0.45, 0.6), "privacy": (0.95, 0.25), "vulnerable": (0.75, 0.45), "all": (0.75, 0.65)},
    "g": {"abuse": (0.8, 0.95), "threat": (0.65, 0.75), "impersonation": (0.95, 0.75), "false_claim": (0.85, 0.75),
          "third_party_disclosure": (0.6, 0.6), "privacy": (0.8, 0.3), "vulnerable": (0.95, 0.5), "all": (0.75, 0.65)},
    "h": {"abuse": (0.75, 0.95), "threat": (0.6, 0.9), "impersonation": (0.9, 0.9), "false_claim": (0.85, 0.9),
          "third_party_disclosure": (0.5, 0.75), "privacy": (0.75, 0.4), "vulnerable": (0.95, 0.45), "all": (0.7, 0.75)},
    "j": {"abuse": (0.95, 0.7), "threat": (0.75, 0.8), "impersonation": (0.95, 0.85), "false_claim": (0.95, 0.9),
          "third_party_disclosure": (0.6, 0.85), "privacy": (0.95, 0.75), "vulnerable": (0.95, 0.7), "all": (0.85, 0.8)},
    "k": {"abuse": (0.9, 0.95), "threat": (0.8, 0.85), "impersonation": (0.9, 0.7), "false_claim": (0.9, 0.85),
          "third_party_disclosure": (0.65, 0.95), "privacy": (0.9, 0.85), "vulnerable": (0.95, 0.75), "all": (0.85, 0.85)},
    # round 9 (SM): first measured before the model was trained on it: P 0.86 R 0.77 (0.85 / 0.77 without
    # the second opinion); training data since, so these floors are optimistic
    # (round 10, the model retrained on five more authors: privacy recall 0.9 -> 0.8, since CN-ML-007's
    # threshold rose to 0.91 — asking a relative for the debtor's new number scored 0.90 — and three of
    # SM's privacy lines sit at 0.85-0.90; abuse precision 0.95 -> 0.9, one more insult reported on a
    # line labelled in another category; round 13, the model retrained on round 12's held-out calls and
    # sentences and on CG/CH: abuse recall 0.9 -> 0.85, two sneers now at 0.82-0.84 against CN-ML-004's 0.84)
    "m": {"abuse": (0.9, 0.85), "threat": (0.75, 0.95), "impersonation": (0.9, 0.95), "false_claim": (0.9, 0.8),
          "third_party_disclosure": (0.65, 0.95), "privacy": (0.95, 0.8), "vulnerable": (0.9, 0.9), "all": (0.85, 0.9)},
    # round 10 (SN, SP; author labels, SP converted with the five openings): first measured before the model
    # was trained on them — SN P 0.86 R 0.77, SP P 0.87 R 0.74 — training data since (0.89 / 0.94, 0.90 / 0.94)
    "n": {"all": (0.85, 0.9)},
    "p": {"all": (0.86, 0.9)},
    # SQ: P 0.84 R 0.81 at a9d3ff9, 0.84 / 0.82 after the round's rule and model work (not trained on it
    # yet); training data since (0.86 / 0.99)
    "q": {"all": (0.82, 0.95)},
    # round 12 (SV, SW; author labels, not reviewed): measured at 188e625 before the model was trained on them —
    # SV P 0.85 R 0.92, SW P 0.86 R 0.84 — training data since (0.87 / 0.99, 0.88 / 0.99)
    "v": {"all": (0.85, 0.95)},
    "w": {"all": (0.85, 0.95)},
}


@pytest.mark.parametrize("letter", sorted(FLOORS))
def test_the_set_holds_every_category_and_its_hard_negatives(letter: str) -> None:
    path = DATA / f"dev_s{letter}.jsonl"
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    violating = [r for r in records if r["labels"]]
    assert len(records) == 224 and len(violating) == 140
    assert {c for r in violating for c in r["labels"]} >= set(FLOORS[letter]) - {"all"}


@pytest.mark.parametrize("letter", sorted(FLOORS))
def test_precision_and_recall_per_category_stay_above_the_floor(letter: str) -> None:
    table, misses = evaluate(DATA / f"dev_s{letter}.jsonl")
    low = [f"{cat}: P={table[cat]['precision']:.2f} R={table[cat]['recall']:.2f}"
           for cat, (precision, recall) in FLOORS[letter].items()
           if table[cat]["precision"] < precision or table[cat]["recall"] < recall]
    assert not low, "\n".join(low + misses)
