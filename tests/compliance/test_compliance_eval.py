"""Quality measured on labelled evaluation sets of agent turns.

Each record is one agent turn, the turns before it, and the categories it violates
(none for a compliant turn).  Neither set is made of the rules' own examples; each
holds about as many tricky compliant turns (negations, the customer's words, lawful
consequences, a third party answered without disclosure) as violating ones.

* ``eval.jsonl`` is the development set: it was used to tune the rules, so its
  figures are optimistic; precision and recall per category are kept above a floor.
* ``heldout2.jsonl`` was written separately, without sight of the rules or of the
  development set, and was measured once, after the last tuning: it is the estimate of
  quality on new text.  Its test only guards against regressions; do not tune rules on
  it (add cases to the development set instead, and write a fresh held-out set once this
  one has been looked at too often).
* ``heldout.jsonl`` was the first held-out set.  Its misses were read, and the next
  round of development cases was asked for in the areas they showed, so it is no longer
  independent: it is kept as a regression check.

``python -m tests.compliance.test_compliance_eval`` prints the tables quoted in the README and
docs/compliance.md.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from trainer.base.vocab import CATEGORIES
from trainer.compliance import audit_transcript

EVAL = Path(__file__).parents[1] / "data" / "compliance" / "eval.jsonl"
HELDOUT = Path(__file__).parents[1] / "data" / "compliance" / "heldout2.jsonl"
SEEN = Path(__file__).parents[1] / "data" / "compliance" / "heldout.jsonl"
FLOOR_PRECISION = 0.85
FLOOR_RECALL = 0.85
# the held-out sets' overall figures when measured (heldout2: P 0.93, R 0.78; the first,
# since seen: P 0.71, R 0.91), less a margin
FLOORS = {"heldout2.jsonl": (0.88, 0.73), "heldout.jsonl": (0.66, 0.85)}
VERIFY = [("agent", "请问您是机主本人吗？"), ("debtor", "是我。")]


def _records(path: Path = EVAL) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def evaluate(path: Path = EVAL, verified: bool = False) -> tuple[dict[str, dict[str, float]], list[str]]:
    """Precision and recall per category, and the misses.  ``verified``: calls without a third
    party first verify the debtor (the held-out set's authors took the "debtor" speaker to be
    the verified cardholder, where the rules wait for a confirmation)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    misses = []
    for n, rec in enumerate(_records(path), 1):
        context = rec["context"]
        if verified and all(s != "third_party" for s, _t in context):
            context = VERIFY + context
        turns = [{"speaker": s, "text": t} for s, t in context] + [{"speaker": "agent", "text": rec["text"]}]
        last = len(turns) - 1
        found = [f for f in audit_transcript({"id": f"eval-{n}", "turns": turns}) if f["turn"] == last]
        # these sets label every category a sentence touches: a breach's folded rules count too
        got = {f["category"] for f in found} | {a["category"] for f in found for a in f.get("also", ())}
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


@pytest.mark.parametrize("path", [HELDOUT, SEEN], ids=lambda p: p.name)
def test_heldout_set_is_big_balanced_and_apart_from_the_development_set(path: Path) -> None:
    records = _records(path)
    violating = [r for r in records if r["labels"]]
    assert len(records) >= 120 and len(records) - len(violating) >= len(violating)
    # every category a single turn can show (calling hours and attempts come from call metadata)
    assert {c for r in violating for c in r["labels"]} == set(CATEGORIES) - {"harassment"}
    assert not {r["text"] for r in records} & {r["text"] for r in _records(EVAL)}


@pytest.mark.parametrize("path", [HELDOUT, SEEN], ids=lambda p: p.name)
def test_heldout_quality_does_not_regress(path: Path) -> None:
    table, misses = evaluate(path)
    overall = table["all"]
    precision, recall = FLOORS[path.name]
    assert overall["precision"] >= precision and overall["recall"] >= recall, \
        f"P={overall['precision']:.2f} R={overall['recall']:.2f}\n" + "\n".join(misses)


def _table(table: dict[str, dict[str, float]]) -> list[str]:
    lines = ["| category | support | precision | recall |", "|---|---|---|---|"]
    return lines + [f"| {cat} | {row['support']} | {row['precision']:.2f} | {row['recall']:.2f} |"
                    for cat, row in table.items() if row["support"] or cat == "all"]


if __name__ == "__main__":
    import sys

    for title, path, verified in (("development set (eval.jsonl; tuned on)", EVAL, False),
                                  ("held-out set (heldout2.jsonl)", HELDOUT, False),
                                  ("first held-out set, since seen (heldout.jsonl), as written", SEEN, False),
                                  ("first held-out set, the debtor verified first", SEEN, True)):
        table, misses = evaluate(path, verified)
        sys.stdout.write(f"\n## {title}\n\n" + "\n".join(_table(table) + [""] + misses) + "\n")
