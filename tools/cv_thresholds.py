"""Per-category thresholds for the model's rules and its second opinion, chosen out of author.

    python tools/cv_thresholds.py --history /tmp/cv-history --cache /tmp/cv-probs.json [--margin 0 -1 -2] [--json out.json]

The leave-one-author-out folds of tools/cv_second_opinion.py (the model trained without each author
group, the honest whole calls judged against the rules as they were before they saw the group),
with every out-of-fold probability computed once and kept in ``--cache``; then, per category, the
model rule's ``threshold`` t and the second opinion's withdrawal level v are chosen by coordinate
ascent (every category in turn, two passes) on the honest calls pooled over the groups:

* the objective is F1 of the whole audit (all categories), subject to the pooled recall staying at
  least the uniform setting's (t 0.82, v 0.005) less ``--slack``;
* v never exceeds ``--v-max`` (a level at which the regression tests' blatant breaches in new words
  are still kept: docs/compliance.md, second opinion) and t never goes below ``--t-min``.

Printed: the uniform setting and the chosen one, pooled and per group, on the honest calls, on the
calls against today's rules and on the sentence sets (those two in-sample for the rules), and the
chosen thresholds per category.  ``--margin m …`` adds the shipped levels withdrawing only where the
words' evidence for the category (cv_second_opinion.words: the n-grams' weights, without bias and
call state) is also below ``m`` (the cache keeps it under ``evidence``; an older cache without it
judges as if there were no margin).
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
import cv_second_opinion as so  # noqa: E402
import train_model as tm  # noqa: E402

from trainer.compliance.checks.model import Model  # noqa: E402

T_GRID = (0.5, 0.6, 0.7, 0.8, 0.82, 0.86, 0.9, 0.94, 0.97, 0.99)
V_GRID = (0.0, 0.002, 0.005, 0.01, 0.02, 0.05)
UNIFORM_T, UNIFORM_V = 0.82, 0.005
Probs = dict[str, list[float]]  # "call id|turn" or "sentence key|" -> probability per model category


def _key(s: tm.Sample) -> str:
    return f"{s.key.rsplit(':', 1)[0]}|{s.turn}" if s.turn is not None else f"{s.key}|"


def compute(work: Path) -> dict[str, Any]:
    """Everything the search needs: per group its kind, gold keys, rule findings and out-of-fold
    probabilities (JSON-ready)."""
    pack = tm.rules_pack()
    checks = {r.id: [r.check, sorted(r.while_)] for r in pack.rules}
    samples = tm.load_samples(pack)
    gold_sent, gold_calls = cv.gold(set())
    sent_today, calls_today = so.today_findings(pack)
    jobs = [(g, "sentences", sent_today[g]) for g in sorted(sent_today)]
    jobs += [(g, "calls (rules then)", so.old_findings(g, work)) for g in so.HISTORY]
    jobs += [(g, "calls (rules today)", calls_today[g]) for g in sorted(calls_today)]
    probs: dict[str, Probs] = {}
    evidence: dict[str, Probs] = {}  # the same keys: what the words alone add to each category's log-odds
    out: dict[str, Any] = {"checks": checks, "categories": list(tm.MODEL_CATEGORIES), "jobs": []}
    for group, kind, found in jobs:
        if group not in probs:
            model = Model(tm.train([s for s in samples if s.group != group]))
            probs[group] = {_key(s): [_sig(z) for z in model.scores(s.folded, s.states)]
                            for s in samples if s.group == group}
            evidence[group] = {_key(s): [round(so.words(model, c, s.folded), 4) for c in model.categories]
                               for s in samples if s.group == group}
            print(f"fold {group}: trained", file=sys.stderr)
        calls = kind != "sentences"
        g_keys = (gold_calls if calls else gold_sent)[group]
        out["jobs"].append({"group": group, "kind": kind, "gold": sorted(map(list, g_keys), key=str),
                            "found": found})
    out["probs"] = probs
    out["evidence"] = evidence
    return out


def _sig(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0


def simulate(job: dict[str, Any], probs: Probs, cats: list[str], checks: dict[str, Any],
             t: dict[str, float], v: dict[str, float], evidence: Probs | None = None,
             m: float | None = None) -> set[cv.Key]:
    """The keys reported for one group: rule findings not withdrawn, then the model's findings
    merged as the auditor merges them.  With a margin ``m`` a finding is withdrawn only where the
    words' ``evidence`` for its category (Model.evidence) is also below ``m``."""
    calls = job["kind"] != "sentences"
    index = {c: k for k, c in enumerate(cats)}
    keys: set[cv.Key] = set()
    said: dict[str, set[str]] = defaultdict(set)  # "id|turn" -> categories the rules said there
    for cid, rows in job["found"].items():
        for turn, cat, also, rule in rows:
            at = f"{cid}|{turn if calls else ''}"
            p = probs.get(at)
            check, states = checks.get(rule, ("forbidden", ()))
            if (turn is not None and p is not None and cat in index and cat != "identification"
                    and check not in so.EXEMPT_CHECKS and not so.EXEMPT_STATES.intersection(states)
                    and p[index[cat]] < v.get(cat, 0.0)
                    and (m is None or evidence is None or evidence[at][index[cat]] < m)):
                continue
            if calls:
                keys.add((cid, turn, cat))
                if turn is not None:
                    said[at] |= {cat, *also}
            else:
                keys |= {(cid, None, c) for c in (cat, *also)}
    for at, p in probs.items():
        cid, turn_s = at.rsplit("|", 1)
        turn = int(turn_s) if turn_s else None
        for cat, k in index.items():
            if cat not in t or p[k] < t[cat]:
                continue
            if calls and (cat in said[at] or cv.YIELDS.get(cat, set()) & said[at]):
                continue
            keys.add((cid, turn, cat))
    return keys


def tables(data: dict[str, Any], kind: str, t: dict[str, float], v: dict[str, float],
           m: float | None = None) -> dict[str, Any]:
    out = {}
    for job in data["jobs"]:
        if job["kind"] == kind:
            gold = {(a, b, c) for a, b, c in job["gold"]}
            found = simulate(job, data["probs"][job["group"]], data["categories"], data["checks"], t, v,
                             data.get("evidence", {}).get(job["group"]), m)
            out[job["group"]] = cv.score(gold, found, kind != "sentences")
    return out


def pooled(by_group: dict[str, Any], cat: str = "all") -> tuple[float, float, float]:
    return cv.prf({k: sum(tb[cat][k] for tb in by_group.values()) for k in ("tp", "fp", "fn")})


def choose(data: dict[str, Any], kind: str, slack: float, v_max: float, t_min: float,
           passes: int = 2) -> tuple[dict[str, float], dict[str, float]]:
    cats = data["categories"]
    t = dict.fromkeys(cats, UNIFORM_T)
    v = {c: (0.0 if c == "identification" else UNIFORM_V) for c in cats}
    floor = pooled(tables(data, kind, t, v))[1] - slack
    best = pooled(tables(data, kind, t, v))[2]
    for _ in range(passes):
        for cat in cats:
            for tc in (x for x in T_GRID if x >= t_min):
                for vc in (x for x in V_GRID if x <= v_max and (cat != "identification" or x == 0.0)):
                    trial_t, trial_v = {**t, cat: tc}, {**v, cat: vc}
                    _p, r, f = pooled(tables(data, kind, trial_t, trial_v))
                    if r >= floor and f > best + 1e-9:
                        best, t, v = f, trial_t, trial_v
    return t, v


def report(data: dict[str, Any], settings: dict[str, tuple[Any, ...]]) -> list[str]:
    """Each setting, (t, v) or (t, v, m), pooled and per group, then per category."""
    lines = []
    for kind in ("calls (rules then)", "calls (rules today)", "sentences"):
        groups = sorted({j["group"] for j in data["jobs"] if j["kind"] == kind})
        lines.append(f"\n## {kind}: pooled P R F1 | per group P/R")
        for name, (t, v, *m) in settings.items():
            tb = tables(data, kind, t, v, *m)
            p, r, f = pooled(tb)
            per = " ".join(f"{g} {cv.prf(tb[g]['all'])[0]:.2f}/{cv.prf(tb[g]['all'])[1]:.2f}" for g in groups)
            lines.append(f"{name:12} P {p:.3f} R {r:.3f} F1 {f:.3f} | {per}")
        lines.append(f"### {kind}: per category P/R")
        for name, (t, v, *m) in settings.items():
            tb = tables(data, kind, t, v, *m)
            cells = " ".join(f"{c[:8]} {pooled(tb, c)[0]:.2f}/{pooled(tb, c)[1]:.2f}" for c in tm.CATEGORIES)
            lines.append(f"{name:12} {cells}")
    return lines


def shipped(cats: list[str]) -> tuple[dict[str, float], dict[str, float]]:
    """The bundled pack's model thresholds and withdrawal levels (trainer/data/rules/model.yaml)."""
    from trainer.compliance import load_pack
    from trainer.compliance.checks.model import DEFAULT_THRESHOLD

    pack = load_pack()
    t = {r.category: r.threshold or DEFAULT_THRESHOLD for r in pack.rules if r.check == "model"}
    opinion = pack._second_opinion
    v = {c: 0.0 if opinion is None or c in opinion.exempt_categories else opinion.level(c) for c in cats}
    return {c: t.get(c, 1.0) for c in cats}, v


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--history", type=Path, metavar="DIR", required=True,
                    help="old commits unpacked here (as tools/cv_model.py --history)")
    ap.add_argument("--cache", type=Path, help="keep the folds' probabilities here (read back when present)")
    ap.add_argument("--slack", type=float, default=0.005, help="pooled recall the choice may lose")
    ap.add_argument("--v-max", type=float, default=0.005, help="the highest withdrawal level allowed")
    ap.add_argument("--t-min", type=float, default=0.8, help="the lowest model threshold allowed")
    ap.add_argument("--json", type=Path, help="write the chosen thresholds here")
    ap.add_argument("--margin", type=float, nargs="*", default=[],
                    help="also the shipped levels withdrawing only where the words' evidence is below m (≤ 0)")
    args = ap.parse_args(argv)
    if args.cache and args.cache.exists():
        data = json.loads(args.cache.read_text("utf-8"))
    else:
        data = compute(args.history)
        if args.cache:
            args.cache.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    cats = data["categories"]
    uniform = (dict.fromkeys(cats, UNIFORM_T), {c: (0.0 if c == "identification" else UNIFORM_V) for c in cats})
    none = (dict.fromkeys(cats, UNIFORM_T), dict.fromkeys(cats, 0.0))
    chosen = choose(data, "calls (rules then)", args.slack, args.v_max, args.t_min)
    ship = shipped(cats)
    print("\n".join(report(data, {"no 2nd op.": none, "uniform": uniform, "chosen": chosen, "shipped": ship,
                                   **{f"shipped m={m:g}": (*ship, m) for m in args.margin}})))
    print("\nchosen thresholds (t: model rule; v: withdraw below):")
    for c in cats:
        print(f"  {c:24} t {chosen[0][c]:.2f}  v {chosen[1][c]:.3f}")
    if args.json:
        args.json.write_text(json.dumps({"threshold": chosen[0], "withdraw_below": chosen[1]}, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
