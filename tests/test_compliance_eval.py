"""Quality measured on a labelled evaluation set (tests/data/compliance/eval.jsonl).

Each record is one agent turn, the turns before it, and the categories it violates
(none for a compliant turn).  The set is not made of the rules' own examples; it
holds as many tricky compliant turns (negations, the customer's words, lawful
consequences, a third party answered without disclosure) as violating ones.
Precision and recall per category are kept above a floor; ``python -m
tests.test_compliance_eval`` prints the table quoted in docs/compliance.md.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from trainer.compliance import audit_transcript
from trainer.vocab import CATEGORIES

EVAL = Path(__file__).parent / "data" / "compliance" / "eval.jsonl"
FLOOR_PRECISION = 0.85
FLOOR_RECALL = 0.85


def _records() -> list[dict]:
    return [json.loads(line) for line in EVAL.read_text("utf-8").splitlines() if line.strip()]


def evaluate() -> tuple[dict[str, dict[str, float]], list[str]]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    misses = []
    for n, rec in enumerate(_records(), 1):
        turns = [{"speaker": s, "text": t} for s, t in rec["context"]] + [{"speaker": "agent", "text": rec["text"]}]
        last = len(turns) - 1
        got = {f["category"] for f in audit_transcript({"id": f"eval-{n}", "turns": turns}) if f["turn"] == last}
        want = set(rec["labels"])
        for cat in CATEGORIES:
            if cat in got and cat in want:
                tp[cat] += 1
            elif cat in got:
                fp[cat] += 1
                misses.append(f"误报 {cat}: {rec['text']}")
            elif cat in want:
                fn[cat] += 1
                misses.append(f"漏报 {cat}: {rec['text']}")
    table = {}
    for cat in CATEGORIES + ("all",):
        t = sum(tp.values()) if cat == "all" else tp[cat]
        p = sum(fp.values()) if cat == "all" else fp[cat]
        m = sum(fn.values()) if cat == "all" else fn[cat]
        table[cat] = {"support": t + m, "precision": t / (t + p) if t + p else 1.0,
                      "recall": t / (t + m) if t + m else 1.0}
    return table, misses


def test_eval_set_is_big_and_balanced() -> None:
    records = _records()
    violating = [r for r in records if r["labels"]]
    assert len(records) >= 150
    assert len(records) - len(violating) >= len(violating)
    assert {c for r in violating for c in r["labels"]} == set(CATEGORIES)


def test_precision_and_recall_per_category_stay_above_the_floor() -> None:
    table, misses = evaluate()
    low = [f"{cat}: P={row['precision']:.2f} R={row['recall']:.2f}" for cat, row in table.items()
           if row["support"] and (row["precision"] < FLOOR_PRECISION or row["recall"] < FLOOR_RECALL)]
    assert not low, "\n".join(low + misses)


if __name__ == "__main__":
    import sys

    table, misses = evaluate()
    lines = ["| category | support | precision | recall |", "|---|---|---|---|"]
    lines += [f"| {cat} | {row['support']} | {row['precision']:.2f} | {row['recall']:.2f} |"
              for cat, row in table.items()]
    sys.stdout.write("\n".join(lines + misses) + "\n")
