"""Compliance on whole calls written by independent authors (tests/data/compliance/calls/README.md).

``dev.jsonl`` was tuned on: its figures are optimistic. ``heldout.jsonl`` was measured once, after
the first round of tuning (precision 0.84, recall 0.79 at the time); its misses were then read and
fixed by their general cause in the second round, so it is development material too now (0.99 /
1.00 on dev, 1.00 / 1.00 on it after that round). Fresh held-out calls measure quality on new text.
``python tools/eval_calls.py FILE --misses`` prints the table and the misses.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from eval_calls import evaluate, load  # noqa: E402

CALLS = ROOT / "tests" / "data" / "compliance" / "calls"
# overall (precision, recall) floors: the figures when measured, less a margin
# dev_r4.jsonl (round 4, two further authors) was tuned on: its reviewer labels one category per
# turn, so the derived findings (CN-TP-006, CN-VUL-005) that the earlier reviewers label count as
# false alarms there
# dev_r4b.jsonl was meant as round 4's held-out half but phrasings from it reached a tuning brief, so
# it is development material; dev_r5.jsonl (authors J and K) was the held-out set, measured once at
# b3eb79e (P 0.72 R 0.76), and tuned on afterwards
FLOORS = {"dev.jsonl": (0.96, 0.97), "heldout.jsonl": (0.96, 0.96), "dev_r4.jsonl": (0.70, 0.95),
          "dev_r4b.jsonl": (0.70, 0.88), "dev_r5.jsonl": (0.84, 0.95),
          # measured once at 350d356 (P 0.77 R 0.72); a floor against regressions, never tuned on
          "heldout_r6.jsonl": (0.74, 0.70),
          # authors T and U, reviewed blind (tests/data/compliance/calls/reviews/review_TU.md): written
          # for development in round 5 and tuned on; measured first at 0.67 / 0.70
          "dev_r8.jsonl": (0.64, 0.67)}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_whole_call_precision_and_recall_stay_above_the_floor(name: str) -> None:
    table, misses = evaluate(load(CALLS / name))
    precision, recall = FLOORS[name]
    overall = table["all"]
    assert overall["precision"] >= precision and overall["recall"] >= recall, "\n".join(misses)


def test_one_finding_per_rule_per_turn_on_whole_calls() -> None:
    from trainer.compliance import audit_transcript

    for call in load(CALLS / "dev.jsonl"):
        transcript = {k: v for k, v in call.items() if k not in ("labels", "author_labels")}
        keys = [(f["rule"], f["turn"]) for f in audit_transcript(transcript)]
        assert len(keys) == len(set(keys)), call["id"]
