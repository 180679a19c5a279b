"""Out-of-author evidence for the model's second opinion (模型复核) on the rules' findings.

    python tools/cv_second_opinion.py --history /tmp/cv-history [--margin 0 -1 -2] [--json out.json]

For each held-out author group the model is trained on every other group (as in
tools/cv_model.py) and asked, for each rule finding on an agent turn of that group, the
probability of the finding's category on that turn.  A finding is **withdrawn** when that
probability is below ``v``; findings on no turn (call-level: calling hours, never identifying),
of check types the model cannot judge (:data:`EXEMPT_CHECKS`), of :data:`EXEMPT_CATEGORIES`, of rules
that apply only in :data:`EXEMPT_STATES` and of categories the model does not score are never
withdrawn (as shipped: trainer/data/rules/model.yaml).  Then the model's own findings are merged as the auditor merges
them (one of a category still reported on the turn, or yielding to one, adds nothing), so a
withdrawn finding of the wrong category can leave room for the model's finding of the right one.

Whole calls: the rules as they were before they saw each group (``--history``, the honest
setting: tools/cv_model.py ``HISTORY``, old commits unpacked into DIR), scored as
tools/eval_calls.py scores them.  Sentence sets: today's rules (tuned on them, so optimistic),
scored on the sentence's own categories.  Printed: P/R/F1 per group and pooled, for each ``v``
and without withdrawal, with identification judged too, and with privacy exempt too; with
``--margin``, also each ``v`` withdrawing only where the words' evidence (:func:`words`) for the
category is below each margin ``m`` (tried in round 11, not shipped: docs/compliance.md).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cv_model as cv  # noqa: E402
import train_model as tm  # noqa: E402

from trainer.compliance.checks.model import Model  # noqa: E402

GRID = (0.005, 0.01, 0.02, 0.05, 0.1)
EXEMPT_CHECKS = frozenset({"required", "metadata", "answer"})
EXEMPT_CATEGORIES = frozenset({"identification"})  # as shipped (trainer/data/rules/model.yaml)
EXEMPT_STATES = frozenset({"unverified"})
# the round-8 held-out calls were measured once at 47cadb8, before anything was tuned on them
HISTORY = {**cv.HISTORY, "AH+AI": ("47cadb8", ["heldout_r10.jsonl"])}
_DUMP = """
import json, sys
from trainer.compliance import audit_transcript
out = {}
for path in sys.argv[2:]:
    for line in open(path, encoding="utf-8"):
        if line.strip():
            call = json.loads(line)
            t = {k: v for k, v in call.items() if k not in ("labels", "author_labels")}
            out[call["id"]] = [[f["turn"], f["category"], [a["category"] for a in f.get("also", ())
                                if not a["rule"].startswith("CN-ML")], f["rule"]]
                               for f in audit_transcript(t) if not f["rule"].startswith("CN-ML")]
json.dump(out, open(sys.argv[1], "w"))
"""
Found = list[Any]  # [turn, category, also categories, rule id]


def old_findings(group: str, work: Path) -> dict[str, list[Found]]:
    """The rule findings (model rules left out) of the engine at ``HISTORY[group]``'s commit."""
    commit, files = HISTORY[group]
    return {cid: found for cid, found in cv.dump_at(commit, files, work, _DUMP, prefix="so-").items()
            if tm.call_group(cid) == group}


def today_findings(pack: Any) -> tuple[dict[str, dict[str, list[Found]]], dict[str, dict[str, list[Found]]]]:
    """Today's rule findings (model rules left out): per sentence group, per sentence (its last
    turn only); per call group, per call."""
    model_rules = {r.id for r in pack.rules if r.check == "model"}

    def rows(found: list[Any], last: int | None = None) -> list[Found]:
        return [[f["turn"], f["category"], [a["category"] for a in f.get("also", ()) if a["rule"] not in model_rules],
                 f["rule"]] for f in found if f["rule"] not in model_rules and (last is None or f["turn"] == last)]

    sent: dict[str, dict[str, list[Found]]] = defaultdict(dict)
    calls: dict[str, dict[str, list[Found]]] = defaultdict(dict)
    for path in sorted(tm.DATA.glob("*.jsonl")):
        for n, rec in enumerate(tm._read(path)):
            turns = [{"speaker": s, "text": t} for s, t in rec["context"]] + [{"speaker": "agent", "text": rec["text"]}]
            key = f"{path.name}:{n}"
            sent[tm.sentence_group(path)][key] = rows(pack.audit({"id": key, "turns": turns}), len(turns) - 1)
    for path in sorted((tm.DATA / "calls").glob("*.jsonl")):
        for call in tm._read(path):
            transcript = {k: v for k, v in call.items() if k not in ("labels", "author_labels")}
            calls[tm.call_group(call["id"])][call["id"]] = rows(pack.audit(transcript))
    return sent, calls


def words(model: Model, category: str, folded: str) -> float:
    """What a turn's words alone add to ``category``'s log-odds: its n-grams' weights, the score
    less the bias and the call state (the "evidence" of docs/compliance.md, round 11)."""
    k = model.index[category]
    return (model.text_scores(folded)[k] - model.bias[k]) / model.scale


def probabilities(model: Model, test: list[tm.Sample]) -> dict[tuple[str, int | None], dict[str, float]]:
    """Per (call id or sentence key, turn): the model's probability of each category, and under
    ``"evidence " + category`` what the words alone add to its log-odds (Model.evidence)."""
    out = {}
    for s in test:
        key = (s.key.rsplit(":", 1)[0], s.turn) if s.turn is not None else (s.key, None)
        out[key] = {c: 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0
                    for c, z in zip(model.categories, model.scores(s.folded, s.states), strict=True)}
        out[key] |= {f"evidence {c}": words(model, c, s.folded) for c in model.categories}
    return out


def withdrawn(f: Found, probs: dict[str, float] | None, v: float | None, exempt: frozenset[str],
              checks: dict[str, Any], m: float | None = None) -> bool:
    """Is rule finding ``f`` withdrawn at level ``v`` (and, with a margin ``m``, only where the
    words' evidence for its category is below ``m``)?"""
    turn, cat, _also, rule = f
    if v is None or turn is None or probs is None or cat not in probs or cat in exempt:
        return False
    check, states = checks.get(rule, ("forbidden", ()))
    return (check not in EXEMPT_CHECKS and not EXEMPT_STATES.intersection(states) and probs[cat] < v
            and (m is None or probs[f"evidence {cat}"] < m))


def simulate(found: dict[str, list[Found]], probs: dict[tuple[str, int | None], dict[str, float]],
             model: Model, test: list[tm.Sample], calls: bool, v: float | None, exempt: frozenset[str],
             checks: dict[str, Any], threshold: float, m: float | None = None) -> tuple[set[cv.Key], set[cv.Key]]:
    """(the keys reported, the keys withdrawn) for one group at ``v`` (None: nothing withdrawn)."""
    keys: set[cv.Key] = set()
    gone: set[cv.Key] = set()
    said: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for cid, rows in found.items():
        for f in rows:
            turn, cat, also, _rule = f
            at = (cid, turn if calls else None)
            if withdrawn(f, probs.get((cid, turn) if calls else (cid, None)), v, exempt, checks, m):
                gone.add((cid, turn, cat) if calls else (cid, None, cat))
                continue
            if calls:
                keys.add((cid, turn, cat))
                if turn is not None:
                    said[cid][turn] |= {cat, *also}
            else:
                keys |= {(at[0], None, c) for c in (cat, *also)}
    cats = dict.fromkeys(model.categories, threshold)
    keys |= cv.model_keys(model, test, cats, said if calls else None)
    return keys, gone


def run(work: Path | None, grid: tuple[float, ...], threshold: float,
        margins: tuple[float, ...] = ()) -> dict[str, Any]:
    pack = tm.rules_pack()
    checks = {r.id: (r.check, r.while_) for r in pack.rules}
    samples = tm.load_samples(pack)
    gold_sent, gold_calls = cv.gold(set())
    sent_today, calls_today = today_findings(pack)
    settings = [("none", None, frozenset())] + [(f"v={v}", v, EXEMPT_CATEGORIES) for v in grid] \
        + [(f"v={v} identification judged", v, frozenset()) for v in grid] \
        + [(f"v={v} privacy exempt too", v, EXEMPT_CATEGORIES | {"privacy"}) for v in grid]
    settings = [(name, v, exempt, None) for name, v, exempt in settings] \
        + [(f"v={v} m={m}", v, EXEMPT_CATEGORIES, m) for v in grid for m in margins]
    results: dict[str, Any] = {}
    jobs = [(g, "sentences", sent_today[g]) for g in sorted(sent_today)]
    jobs += [(g, "calls (rules then)", old_findings(g, work)) for g in HISTORY] if work else []
    jobs += [(g, "calls (rules today)", calls_today[g]) for g in sorted(calls_today)]
    models: dict[str, Model] = {}
    for group, kind, found in jobs:
        test = [s for s in samples if s.group == group]
        if group not in models:
            models[group] = Model(tm.train([s for s in samples if s.group != group]))
        model = models[group]
        probs = probabilities(model, test)
        calls = kind != "sentences"
        g_keys = (gold_calls if calls else gold_sent)[group]
        for name, v, exempt, m in settings:
            keys, gone = simulate(found, probs, model, test, calls, v, exempt, checks, threshold, m)
            table = cv.score(g_keys, keys, calls)
            table["withdrawn"] = len(gone)
            results.setdefault(kind, {}).setdefault(name, {})[group] = table
        print(f"fold {group} ({kind}): done", file=sys.stderr)
    return results


def summary(results: dict[str, Any]) -> list[str]:
    lines = []
    for kind, by_setting in results.items():
        groups = sorted(next(iter(by_setting.values())))
        lines.append(f"\n## {kind}: pooled P R F1 (withdrawn) | per group F1")
        lines.append(f"{'setting':26} {'P':>5} {'R':>5} {'F1':>5} {'wd':>4} | " + " ".join(f"{g:>6}" for g in groups))
        for name, tables in by_setting.items():
            pooled = {k: sum(t["all"][k] for t in tables.values()) for k in ("tp", "fp", "fn")}
            p, r, f = cv.prf(pooled)
            wd = sum(t["withdrawn"] for t in tables.values())
            per = " ".join(f"{cv.prf(tables[g]['all'])[2]:6.2f}" for g in groups)
            lines.append(f"{name:26} {p:5.3f} {r:5.3f} {f:5.3f} {wd:4} | {per}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--history", type=Path, metavar="DIR",
                    help="also the call groups against the rules as they were before they saw them "
                         "(old commits unpacked into DIR)")
    ap.add_argument("--grid", type=float, nargs="+", default=list(GRID), help="the withdrawal levels v")
    ap.add_argument("--threshold", type=float, default=0.82, help="the model rules' threshold")
    ap.add_argument("--margin", type=float, nargs="*", default=[],
                    help="also withdraw only where the words' evidence is below each margin m (≤ 0)")
    ap.add_argument("--json", type=Path, help="write every fold's counts here")
    args = ap.parse_args(argv)
    results = run(args.history, tuple(args.grid), args.threshold, tuple(args.margin))
    print("\n".join(summary(results)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
