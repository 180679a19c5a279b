"""Round 11's held-out sets, measured once (at 8bdda50, after the last tuning) and kept as regression checks.

* ``measured/calls_r13.jsonl``: 80 whole calls by four fresh authors (BF, a standardisation project
  member who had done e-commerce QA, writing long winding turns; BG, a county rural bank's compliance
  manager, rural customers, dialect, relatives answering; BH, a consumer-finance company's collection
  trainer, agents with their own habits, roommates and ex-spouses answering; BI, a state bank's
  compliance officer who samples outsourced agencies, special accounts and customers in other time
  zones), 40 clean, labelled blind by three separate reviewers and reconciled (86 of 90 agreed; gold 89;
  calls/reviews/review_BFBGBHBI.md). Measured: P 0.88 R 0.93 as shipped; 0.83 / 0.93 without arbitration
  across categories; 0.79 / 0.92 without the model's second opinion; 0.75 / 0.83 without the model at
  all; 0.82 / 0.94 on the engine as round 11 found it (5f0a765).
* ``measured/sentences_sr.jsonl``: 224 single sentences by a volunteer consumer-rights lawyer (224 of 224
  agreed blind): P 0.85 R 0.86 as shipped (0.87 / 0.86 before the round).

They sit in ``measured/``, outside the folders ``tools/train_model.py`` reads; the next round trains on
them. The floors are those measurements less a margin.
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
    calls = load(DATA / "measured" / "calls_r13.jsonl")
    assert len(calls) == 80 and sum(len(c["labels"]) for c in calls) == 89
    table, misses = evaluate_calls(calls)
    assert table["all"]["precision"] >= 0.85 and table["all"]["recall"] >= 0.90, "\n".join(misses)


def test_the_held_out_sentences_keep_their_precision_and_recall() -> None:
    path = DATA / "measured" / "sentences_sr.jsonl"
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    assert len(records) == 224 and sum(1 for r in records if r["labels"]) == 140
    table, _misses = evaluate(path)
    assert table["all"]["precision"] >= 0.82 and table["all"]["recall"] >= 0.83, table["all"]
