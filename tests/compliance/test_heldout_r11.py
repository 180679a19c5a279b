"""Round 9's held-out sets, measured once at 4046808 after the last tuning, then added here.

* ``calls/heldout_r11.jsonl`` (formerly ``measured/calls_r11.jsonl``): 40 whole calls by two fresh authors (a joint-stock bank's QA lead
  writing like speech-to-text, and a rural bank's compliance officer who used to work at a law
  firm), labelled blind by a separate reviewer and reconciled (45 of 47 agreed; both differences were
  where an identification breach is marked; reviews/review_APAQ.md). Measured: P 0.87 R 0.91 as
  shipped; 0.75 / 0.91 without the model's second opinion; 0.74 / 0.85 without the model at all;
  0.73 / 0.89 on the engine as round 9 found it (fc6a26e).
* ``dev_sl.jsonl`` (formerly ``measured/sentences_sl.jsonl``): 224 single sentences by a city bank's training lead (224 of 224
  agreed blind): P 0.84 R 0.77 as shipped (0.81 / 0.75 before the round).

They sat in ``measured/``, outside the folders ``tools/train_model.py`` reads, until they had been
measured; since round 10 they are the model's training data like every labelled set, so the floors
(those measurements less a margin) are regression checks, no longer a held-out measure.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from test_compliance_eval import evaluate

DATA = Path(__file__).parents[1] / "data" / "compliance"
sys.path.insert(0, str(Path(__file__).parents[2] / "tools"))

from eval_calls import evaluate as evaluate_calls  # noqa: E402
from eval_calls import load  # noqa: E402


def test_the_held_out_calls_keep_their_precision_and_recall() -> None:
    calls = load(DATA / "calls" / "heldout_r11.jsonl")
    assert len(calls) == 40 and sum(len(c["labels"]) for c in calls) == 47
    table, misses = evaluate_calls(calls)
    assert table["all"]["precision"] >= 0.84 and table["all"]["recall"] >= 0.87, "\n".join(misses)


def test_the_held_out_sentences_keep_their_precision_and_recall() -> None:
    path = DATA / "dev_sl.jsonl"
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    assert len(records) == 224 and sum(1 for r in records if r["labels"]) == 140
    table, _misses = evaluate(path)
    assert table["all"]["precision"] >= 0.80 and table["all"]["recall"] >= 0.73, table["all"]
