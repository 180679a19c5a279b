"""Leave-one-author-out evaluation of the compliance model: how it does on an author it never saw.

    python tools/cv_model.py [--thresholds 0.5 0.6 0.7 0.8 0.9] [--json out.json]

For each author group (a sentence file by its author; the whole calls by author pair, since the
two authors of a round shared a brief and a reviewer — see tools/train_model.py ``call_group``)
the model is trained on every other group (``train_model.train``) and judged on that group:

* **rules** — the rule pack alone (the model's own rules left out);
* **model** — the model alone, at each threshold;
* **rules + model** — both, as the auditor combines them (a model finding of a category a rule
  already reported on the turn, or yielding to one, adds nothing: ``checks.model.merge``).

Whole calls are scored as ``tools/eval_calls.py`` scores them ((call, turn, category), call-level
labels met on any turn); sentences as the sentence sets' tests do (the categories of the last
turn, ``also`` included).  Figures: P/R/F1 per group, their average over groups, and per
category pooled over the held-out folds.  Caveat: the rules were tuned on all of these authors,
so "rules" here is optimistic; the model's figures are honest out-of-author estimates.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_model as tm  # noqa: E402
from eval_calls import _match  # noqa: E402

from trainer.compliance.checks.model import Model  # noqa: E402

# what each model category yields to (trainer/data/rules/model.yaml says the same)
YIELDS = tm.YIELDS
Key = tuple[str, Any, str]


def rule_findings(pack: Any) -> tuple[dict[str, set[Key]], dict[str, set[Key]], dict[str, dict[int, set[str]]]]:
    """The rules' findings without the model's: for sentence sets (key: sentence place, categories
    with ``also``), for calls (strict keys), and per call turn the categories said (with ``also``)."""
    model_rules = {r.id for r in pack.rules if r.check == "model"}
    sent: dict[str, set[Key]] = defaultdict(set)
    calls: dict[str, set[Key]] = defaultdict(set)
    said: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in sorted(tm.DATA.glob("*.jsonl")):
        group = tm.sentence_group(path)
        for n, rec in enumerate(tm._read(path)):
            turns = [{"speaker": s, "text": t} for s, t in rec["context"]] + [{"speaker": "agent", "text": rec["text"]}]
            key = f"{path.name}:{n}"
            for f in pack.audit({"id": key, "turns": turns}):
                if f["turn"] == len(turns) - 1 and f["rule"] not in model_rules:
                    cats = {f["category"]} | {a["category"] for a in f.get("also", ()) if a["rule"] not in model_rules}
                    sent[group] |= {(key, None, c) for c in cats}
    for path in sorted((tm.DATA / "calls").glob("*.jsonl")):
        for call in tm._read(path):
            group = tm.call_group(call["id"])
            transcript = {k: v for k, v in call.items() if k not in ("labels", "author_labels")}
            for f in pack.audit(transcript):
                if f["rule"] in model_rules:
                    continue
                calls[group].add((call["id"], f["turn"], f["category"]))
                if f["turn"] is not None:
                    said[call["id"]][f["turn"]] |= {f["category"]} | {a["category"] for a in f.get("also", ())
                                                                      if a["rule"] not in model_rules}
    return sent, calls, said


def gold(groups: set[str]) -> tuple[dict[str, set[Key]], dict[str, set[Key]]]:
    sent: dict[str, set[Key]] = defaultdict(set)
    calls: dict[str, set[Key]] = defaultdict(set)
    for path in sorted(tm.DATA.glob("*.jsonl")):
        group = tm.sentence_group(path)
        for n, rec in enumerate(tm._read(path)):
            sent[group] |= {(f"{path.name}:{n}", None, c) for c in rec["labels"]}
    for path in sorted((tm.DATA / "calls").glob("*.jsonl")):
        for call in tm._read(path):
            calls[tm.call_group(call["id"])] |= {(call["id"], lab["turn"], lab["category"]) for lab in call.get("labels", [])}
    return sent, calls


def model_keys(model: Model, samples: list[tm.Sample], threshold: dict[str, float],
               said: dict[str, dict[int, set[str]]] | None) -> set[Key]:
    """The model's findings on ``samples`` (keys as the evaluation counts them).  With ``said``
    (the rules' categories per call turn) only those the auditor would add to the rules'."""
    out: set[Key] = set()
    for s in samples:
        call = s.turn is not None
        for cat in model.categories:
            if cat not in threshold:
                continue
            k = model.index[cat]
            z = model.scores(s.folded, s.states)[k]
            if z < _logit(threshold[cat]):
                continue
            key = (s.key.rsplit(":", 1)[0], s.turn, cat) if call else (s.key, None, cat)
            if said is not None and call:
                here = said.get(key[0], {}).get(s.turn, set())
                if cat in here or YIELDS.get(cat, set()) & here:
                    continue
            out.add(key)
    return out


def _logit(p: float) -> float:
    import math

    return math.log(p / (1 - p))


def score(gold_keys: set[Key], found: set[Key], calls: bool) -> dict[str, dict[str, int]]:
    """tp/fp/fn per category (and "all")."""
    if calls:
        tp, fp, fn = _match(gold_keys, found)
    else:
        tp, fp, fn = found & gold_keys, found - gold_keys, gold_keys - found
    table: dict[str, dict[str, int]] = {}
    for cat in [*tm.CATEGORIES, "all"]:
        pick = (lambda k: True) if cat == "all" else (lambda k, c=cat: k[2] == c)
        table[cat] = {"tp": sum(map(pick, tp)), "fp": sum(map(pick, fp)), "fn": sum(map(pick, fn))}
    return table


def prf(row: dict[str, int]) -> tuple[float, float, float]:
    t, p, n = row["tp"], row["fp"], row["fn"]
    prec = t / (t + p) if t + p else 1.0
    rec = t / (t + n) if t + n else 1.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def run(thresholds: list[float]) -> dict[str, Any]:
    pack = tm.rules_pack()
    samples = tm.load_samples(pack)
    rules_sent, rules_calls, said = rule_findings(pack)
    gold_sent, gold_calls = gold(set())
    groups = sorted({s.group for s in samples})
    results: dict[str, Any] = {}  # system -> kind -> group -> table
    for group in groups:
        train = [s for s in samples if s.group != group]
        test = [s for s in samples if s.group == group]
        model = Model(tm.train(train))
        calls = test[0].turn is not None
        kind = "calls" if calls else "sentences"
        g_keys = (gold_calls if calls else gold_sent)[group]
        r_keys = (rules_calls if calls else rules_sent)[group]
        results.setdefault("rules", {}).setdefault(kind, {})[group] = score(g_keys, r_keys, calls)
        for t in thresholds:
            cats = dict.fromkeys(model.categories, t)
            alone = model_keys(model, test, cats, None)
            both = r_keys | model_keys(model, test, cats, said if calls else None) if calls \
                else r_keys | alone
            results.setdefault(f"model@{t}", {}).setdefault(kind, {})[group] = score(g_keys, alone, calls)
            results.setdefault(f"rules+model@{t}", {}).setdefault(kind, {})[group] = score(g_keys, both, calls)
        print(f"fold {group}: done", file=sys.stderr)
    return results


def summary(results: dict[str, Any]) -> list[str]:
    lines = []
    for kind in ("calls", "sentences"):
        lines.append(f"\n## {kind}: average over held-out groups (P R F1), pooled (P R F1)")
        for system, by_kind in results.items():
            tables = by_kind.get(kind, {})
            per = [prf(t["all"]) for t in tables.values()]
            avg = [sum(x[i] for x in per) / len(per) for i in range(3)] if per else [0, 0, 0]
            pooled = {k: sum(t["all"][k] for t in tables.values()) for k in ("tp", "fp", "fn")}
            p, r, f = prf(pooled)
            lines.append(f"{system:22} avg P {avg[0]:.2f} R {avg[1]:.2f} F1 {avg[2]:.2f} | "
                         f"pooled P {p:.2f} R {r:.2f} F1 {f:.2f}")
        lines.append(f"\n### {kind}: per category, pooled over the held-out folds (F1; P/R)")
        for system, by_kind in results.items():
            tables = by_kind.get(kind, {})
            cells = []
            for cat in tm.CATEGORIES:
                row = {k: sum(t[cat][k] for t in tables.values()) for k in ("tp", "fp", "fn")}
                p, r, f = prf(row)
                cells.append(f"{cat[:8]} {f:.2f} ({p:.2f}/{r:.2f})")
            lines.append(f"{system:22} " + "  ".join(cells))
    return lines


# Each call group with the commit whose engine had not yet been tuned on it (the engine as its
# round found it, or when it was measured as held out): the rules' honest out-of-author figure.
HISTORY = {
    "HI": ("f6e863b", ["dev_r4.jsonl", "dev_r4b.jsonl"]),
    "JK": ("b3eb79e", ["dev_r5.jsonl"]),
    "LM": ("350d356", ["dev_r6.jsonl"]),
    "PQ": ("8aad59d", ["dev_r7.jsonl"]),
    "TU": ("74997f6", ["dev_r8.jsonl"]),
    "Z+AA": ("5619e54", ["dev_r9.jsonl"]),
    "AE+AF": ("9a6e590", ["dev_r9b.jsonl"]),
    "XY": ("9a5e9c3", ["heldout_r9.jsonl"]),
    # round 9's held-out calls, measured once there before anything was tuned on them
    "AP+AQ": ("4046808", ["heldout_r11.jsonl"]),
    # round 10's fresh development authors, measured on first contact (model12) before any tuning
    "AZ": ("a9d3ff9", ["dev_r12.jsonl"]),
    "BA": ("a9d3ff9", ["dev_r12.jsonl"]),
    "BB": ("a9d3ff9", ["dev_r12.jsonl"]),
    # round 10's second batch, measured after the round's rule and model work, before training on them
    "BC": ("6b87da0", ["dev_r12b.jsonl"]),
    "BD": ("6b87da0", ["dev_r12b.jsonl"]),
    "BE": ("6b87da0", ["dev_r12b.jsonl"]),
    # round 10's held-out calls (AW and AX: one reviewer; AY: another), measured once at 3ee9f00
    "AW+AX": ("3ee9f00", ["heldout_r12.jsonl"]),
    "AY": ("3ee9f00", ["heldout_r12.jsonl"]),
    # round 11's fresh development authors, measured on first contact (model13) before any training
    "BJ": ("5f0a765", ["dev_r13.jsonl"]),
    "BK": ("5f0a765", ["dev_r13.jsonl"]),
    # round 11's second batch, measured on first contact before any training (the session's own check)
    "BN": ("5f0a765", ["dev_r13b.jsonl"]),
    "BO": ("5f0a765", ["dev_r13b.jsonl"]),
    "BP": ("5f0a765", ["dev_r13b.jsonl"]),
    "BQ": ("5f0a765", ["dev_r13b.jsonl"]),
    # round 11's held-out calls (BF and BG: one reviewer; BH, BI: one each), measured once at 8bdda50
    "BF+BG": ("8bdda50", ["heldout_r13.jsonl"]),
    "BH": ("8bdda50", ["heldout_r13.jsonl"]),
    "BI": ("8bdda50", ["heldout_r13.jsonl"]),
    # round 11's fresh check, never trained or tuned on in that round (measured at 5f0a765 and 8bdda50)
    "BL": ("8bdda50", ["dev_r13c.jsonl"]),
    "BM": ("8bdda50", ["dev_r13c.jsonl"]),
    # round 12's fresh development authors, measured on first contact (model14) before any training
    "BT": ("188e625", ["dev_r14.jsonl"]),
    "BU": ("188e625", ["dev_r14.jsonl"]),
    "BV": ("188e625", ["dev_r14.jsonl"]),
    "BW": ("188e625", ["dev_r14.jsonl"]),
    # round 12's second batch (reviewed blind, 89 of 91 author labels kept), measured at 188e625 before training
    "BZ": ("188e625", ["dev_r14b.jsonl"]),
    "CA": ("188e625", ["dev_r14b.jsonl"]),
    "CB": ("188e625", ["dev_r14b.jsonl"]),
    "CC": ("188e625", ["dev_r14b.jsonl"]),
    "CD": ("188e625", ["dev_r14b.jsonl"]),
    # round 12's held-out calls (BR and BS: one reviewer each), measured once at 53daf3e
    "BR": ("53daf3e", ["heldout_r14.jsonl"]),
    "BS": ("53daf3e", ["heldout_r14.jsonl"]),
    # round 13's development authors (reviewed blind), measured on first contact at 1564570 before any tuning
    "CG": ("1564570", ["dev_r15.jsonl"]),
    "CH": ("1564570", ["dev_r15.jsonl"]),
    # round 13's second batch (reviewed blind), measured on first contact at 1564570 before any tuning
    "CK": ("1564570", ["dev_r15b.jsonl"]),
    "CL": ("1564570", ["dev_r15b.jsonl"]),
    "CM": ("1564570", ["dev_r15b.jsonl"]),
    "CN": ("1564570", ["dev_r15b.jsonl"]),
    # round 13's held-out calls (CE and CF: one reviewer each), measured once at fdb698f
    "CE": ("fdb698f", ["heldout_r15.jsonl"]),
    "CF": ("fdb698f", ["heldout_r15.jsonl"]),
    # round 14's development authors (reviewed blind), measured on first contact at b4b6871 before any tuning
    "CO": ("b4b6871", ["dev_r16.jsonl"]),
    "CP": ("b4b6871", ["dev_r16.jsonl"]),
    "CS": ("b4b6871", ["dev_r16.jsonl"]),
    "CT": ("b4b6871", ["dev_r16.jsonl"]),
    # round 14's held-out calls (CI and CJ: one reviewer each), measured once at f0be8fd
    "CI": ("f0be8fd", ["heldout_r16.jsonl"]),
    "CJ": ("f0be8fd", ["heldout_r16.jsonl"]),
    # round 14's late development check (CU and CW), measured on first contact at b4b6871
    "CU": ("b4b6871", ["dev_r16b.jsonl"]),
    "CW": ("b4b6871", ["dev_r16b.jsonl"]),
    # round 15's held-out calls (CQ and CR: one reviewer each), measured once at 0797396
    "CQ": ("0797396", ["heldout_r17.jsonl"]),
    "CR": ("0797396", ["heldout_r17.jsonl"]),
    # round 15's development calls (CZ and DA), measured on first contact at b34146b before any tuning
    "CZ": ("b34146b", ["dev_r17.jsonl"]),
    "DA": ("b34146b", ["dev_r17.jsonl"]),
    # round 16's held-out calls (CX and CY: one reviewer each), measured once at 4d48c73
    "CX": ("4d48c73", ["heldout_r18.jsonl"]),
    "CY": ("4d48c73", ["heldout_r18.jsonl"]),
    # round 16's development calls (DD and DE), measured on first contact at 8e0bdec before any tuning
    "DD": ("8e0bdec", ["dev_r18.jsonl"]),
    "DE": ("8e0bdec", ["dev_r18.jsonl"]),
    # round 17's held-out calls (DB and DC: one reviewer each), measured once at 5552be8
    "DB": ("5552be8", ["heldout_r19.jsonl"]),
    "DC": ("5552be8", ["heldout_r19.jsonl"]),
    # round 17's development calls (DH and DI): first contact was measured on the retrain and two restored rule
    # lines before they were committed; e7b483a is that state as committed, before the rules written from them
    "DH": ("e7b483a", ["dev_r19.jsonl"]),
    "DI": ("e7b483a", ["dev_r19.jsonl"]),
}
_DUMP = """
import json, sys
from trainer.compliance import audit_transcript
out = {}
for path in sys.argv[2:]:
    for line in open(path, encoding="utf-8"):
        if line.strip():
            call = json.loads(line)
            t = {k: v for k, v in call.items() if k not in ("labels", "author_labels")}
            out[call["id"]] = [[f["turn"], f["category"], [a["category"] for a in f.get("also", ())]]
                               for f in audit_transcript(t)]
json.dump(out, open(sys.argv[1], "w"))
"""


def dump_at(commit: str, files: list[str], work: Path, script: str, prefix: str = "") -> Any:
    """What ``script`` (a findings dump: ``python -c script OUT FILE...``) writes when run with the
    code of ``commit`` (unpacked with ``git archive`` into ``work``) on today's labelled ``files``;
    kept in ``work`` and read back on later calls."""
    import subprocess

    tree = work / commit
    if not (tree / "trainer").is_dir():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(tm.ROOT), "archive", commit], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    out = work / f"{prefix}{'+'.join(files)}-{commit}.json"
    if not out.exists():
        paths = [str(tm.DATA / "calls" / f) for f in files]
        subprocess.run([sys.executable, "-c", script, str(out), *paths], check=True, cwd=work,
                       env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin", "HOME": str(work)})
    return json.loads(out.read_text("utf-8"))


def historical_findings(group: str, work: Path) -> dict[str, list[Any]]:
    """The findings of the engine at ``HISTORY[group]``'s commit on the group's calls."""
    commit, files = HISTORY[group]
    return {cid: found for cid, found in dump_at(commit, files, work, _DUMP).items() if tm.call_group(cid) == group}


def run_history(thresholds: list[float], work: Path) -> dict[str, Any]:
    """Per call group of :data:`HISTORY`: the rules as they were before they saw the group,
    alone and with the model trained without the group."""
    samples = tm.load_samples(tm.rules_pack())
    _gs, gold_calls = gold(set())
    results: dict[str, Any] = {}
    for group in HISTORY:
        old = historical_findings(group, work)
        r_keys = {(cid, turn, cat) for cid, found in old.items() for turn, cat, _also in found}
        said: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        for cid, found in old.items():
            for turn, cat, also in found:
                if turn is not None:
                    said[cid][turn] |= {cat, *also}
        test = [s for s in samples if s.group == group]
        model = Model(tm.train([s for s in samples if s.group != group]))
        g_keys = gold_calls[group]
        results.setdefault("rules (then)", {}).setdefault("calls", {})[group] = score(g_keys, r_keys, True)
        for t in thresholds:
            cats = dict.fromkeys(model.categories, t)
            both = r_keys | model_keys(model, test, cats, said)
            results.setdefault(f"model@{t}", {}).setdefault("calls", {})[group] = \
                score(g_keys, model_keys(model, test, cats, None), True)
            results.setdefault(f"rules (then)+model@{t}", {}).setdefault("calls", {})[group] = \
                score(g_keys, both, True)
        print(f"fold {group}: rules at {HISTORY[group][0]}", file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--thresholds", type=float, nargs="+", default=[0.5, 0.6, 0.7, 0.8, 0.9])
    ap.add_argument("--json", type=Path, help="write every fold's counts here")
    ap.add_argument("--history", type=Path, metavar="DIR",
                    help="instead: the call groups against the rules as they were before they saw them "
                         "(old commits unpacked into DIR)")
    args = ap.parse_args(argv)
    results = run_history(args.thresholds, args.history) if args.history else run(args.thresholds)
    print("\n".join(summary(results)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
