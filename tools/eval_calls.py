"""Compliance quality on whole calls: precision and recall per category.

    python tools/eval_calls.py tests/data/compliance/calls/dev.jsonl [--misses]

Each line is a transcript (DESIGN.md format) with ``labels``: [{turn, category, note}] — the gold
violations, a turn index or null for call-level ones (calling hours, never identifying).  A finding
counts as a hit when its category matches a label of the same call and the same turn; a
call-level label is also met by a finding of that category on any turn of the call, and a
turn label by a call-level finding of that category (identification is often both).  Each
(call, turn, category) counts once however many rules fire on it; a finding with no label is a
false alarm.

``--also`` is the lenient reading: a finding also meets a label of the same call and turn whose
category is in the finding's ``also`` (the engine reports one finding per breach, naming the other
categories it touches there, where an author picks one); the strict figure stays the headline.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from trainer.base.vocab import CATEGORIES
from trainer.compliance import audit_transcript

Key = tuple[str, "int | None", str]


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _match(gold: set[Key], found: set[Key]) -> tuple[set[Key], set[Key], set[Key]]:
    """(true positives among found, false positives, false negatives among gold)."""
    tp_found, hit_gold = set(), set()
    for key in found:
        call, turn, cat = key
        same = (call, turn, cat) in gold
        loose = [g for g in gold if g[0] == call and g[2] == cat and (g[1] is None or turn is None)]
        if same:
            tp_found.add(key)
            hit_gold.add((call, turn, cat))
        elif loose:
            tp_found.add(key)
            hit_gold.update(loose)
    return tp_found, found - tp_found, gold - hit_gold


def evaluate(calls: list[dict[str, Any]], also: bool = False) -> tuple[dict[str, dict[str, float]], list[str]]:
    gold: set[Key] = set()
    found: set[Key] = set()
    for call in calls:
        labels = {(call["id"], label["turn"], label["category"]) for label in call.get("labels", [])}
        gold |= labels
        transcript = {k: v for k, v in call.items() if k not in ("labels", "author_labels")}
        for f in audit_transcript(transcript):
            key = (call["id"], f["turn"], f["category"])
            named = [(call["id"], f["turn"], a["category"]) for a in f.get("also", ())] if also else []
            found.add(next((k for k in named if k in labels and key not in labels), key))
    tp, fp, fn = _match(gold, found)
    table: dict[str, dict[str, float]] = {}
    for cat in [*CATEGORIES, "all"]:
        pick = (lambda k: True) if cat == "all" else (lambda k, c=cat: k[2] == c)
        t, p, n = (sum(1 for k in s if pick(k)) for s in (tp, fp, fn))
        hits = t
        table[cat] = {"tp": hits, "fp": p, "fn": n,
                      "precision": hits / (hits + p) if hits + p else 1.0,
                      "recall": (len([g for g in gold if pick(g)]) - n) / len([g for g in gold if pick(g)])
                      if any(pick(g) for g in gold) else 1.0}
    misses = [f"missed {k}" for k in sorted(fn, key=str)] + [f"false alarm {k}" for k in sorted(fp, key=str)]
    return table, misses


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", type=Path, nargs="+")
    ap.add_argument("--misses", action="store_true", help="list every miss and false alarm")
    ap.add_argument("--also", action="store_true",
                    help="lenient: a finding also meets a label of a category named in its `also`")
    args = ap.parse_args(argv)
    calls = [c for path in args.files for c in load(path)]
    table, misses = evaluate(calls, also=args.also)
    print(f"{len(calls)} calls")
    print(f"{'category':24} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    for cat, row in table.items():
        print(f"{cat:24} {row['precision']:9.2f} {row['recall']:7.2f} {row['tp']:4} {row['fp']:4} {row['fn']:4}")
    f1 = table["all"]
    p, r = f1["precision"], f1["recall"]
    print(f"F1 {2 * p * r / (p + r) if p + r else 0:.2f}")
    if args.misses:
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
