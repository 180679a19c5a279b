"""Train the compliance model (``trainer/data/model/compliance.json``) from the labelled sets.

    python tools/train_model.py            # writes trainer/data/model/compliance.json
    python tools/train_model.py --check    # exit 1 when the file is not what the data gives

Training data: every agent turn of ``tests/data/compliance/*.jsonl`` (one sentence after its
context; labels: every category it touches) and ``tests/data/compliance/calls/*.jsonl`` (whole
calls; a turn's gold labels, the other agent turns compliant; ``related_labels`` — a breach
implied by another on the same turn — count neither way).  Each turn is replayed through the
auditor to read the call state before it (:func:`trainer.compliance.checks.model.state_features`).

Per category, a one-vs-rest logistic regression (binary features: character 1–3-grams of the
folded turn seen in at least ``MIN_DF`` training turns, and the call state), fitted by
stochastic gradient descent in a fixed order (a seeded shuffle) with L2 shrinkage once per
epoch, then pruned to the weights that matter (|w| ≥ ``KEEP``), kept as whole thousandths.  Pure Python, deterministic:
the same data gives the same file, byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer.base.vocab import CATEGORIES
from trainer.base.yamlio import load_document
from trainer.compliance import load_pack
from trainer.compliance.checks.model import FORMAT, grams, model_path, state_features
from trainer.zh.text import fold

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "compliance"
COMMAND = "python tools/train_model.py"
SEED = 13
EPOCHS = 12
RATE = 0.2
L2 = 0.02  # shrinkage of every weight per epoch
POS_WEIGHT = 1.0  # weight of a violating turn in the loss (2 gave more recall, less precision in CV)
SENTENCE_WEIGHT = 1.0  # weight of a single sentence's turn in the loss (whole calls: 1; 0.5 lost in CV, round 11)
# weight of a turn in the loss of a category the rules report on it (violating or not): the second
# opinion judges exactly those turns (1: no emphasis)
FLAGGED_WEIGHT = 1.0
MIN_DF = 3
KEEP = 0.05
NGRAMS = (2, 3)  # character n-grams, shortest and longest (single characters overfit: 已、经、法 alone)
SCALE = 1000  # weights are kept as whole thousandths
# categories judged per turn (identification and harassment are mostly call-level)
MODEL_CATEGORIES = tuple(c for c in CATEGORIES if c not in ("harassment",))
# what each model category yields to on one turn (trainer/data/rules/model.yaml ``yields_to``)
YIELDS = {"third_party_disclosure": {"vulnerable", "threat", "false_claim", "privacy", "abuse", "impersonation"},
          "vulnerable": {"threat", "false_claim", "abuse"}, "privacy": {"threat"}}
# One breach, one label: the engine reports a threat, a false claim or an insult said to a child, a
# patient or the bereaved as that act (pressure on the vulnerable folded into its ``also``), and the
# authors label such a turn ``vulnerable`` as often as by the act.  So a turn labelled ``vulnerable``
# says nothing against the categories it yields to: they count neither way there, as
# ``related_labels`` do.  (Round 10, docs/compliance.md: it lifts the model's probability of
# 「再不还钱警察就来抓他坐牢」 said to a child being a threat from 0.002 to 0.3; doing the same for every
# ``yields_to`` pair made privacy and disclosure lines read as threats.)
SKIP_RELATED = ("vulnerable",)
# Call sets labelled on round 13's briefs: a label per rule broken (tests/data/compliance/briefs/). The
# older sets were labelled one category per breach, so there a disclosure, a threat or a false claim said
# to a child, a patient or the bereaved says nothing against pressure on the vulnerable on that turn.
PER_RULE_SETS = ("dev_r15.jsonl", "dev_r15b.jsonl", "heldout_r15.jsonl", "dev_r16.jsonl", "heldout_r16.jsonl",
                 "dev_r16b.jsonl", "heldout_r17.jsonl", "dev_r17.jsonl", "heldout_r18.jsonl", "dev_r18.jsonl",
                 "heldout_r19.jsonl", "dev_r19.jsonl")
SHIELDED = frozenset({"minor", "ill", "bereaved"})
OUTRANKED_VULNERABLE = frozenset({"third_party_disclosure", "threat", "false_claim"})


def related(categories: set[str]) -> set[str]:
    """The categories a label of ``categories`` says nothing against on its turn."""
    return set().union(*(YIELDS[cat] for cat in categories if cat in SKIP_RELATED)) - categories


@dataclass
class Sample:
    group: str  # the author (or author pair) who wrote it
    key: str  # call id and turn, or the sentence's place
    turn: int | None  # the turn in its call (calls only)
    folded: str
    states: list[str]
    labels: set[str]
    skip: set[str]  # categories neither positive nor negative here
    flagged: frozenset[str] = frozenset()  # the categories the rules report on the turn


def data_files() -> list[Path]:
    return sorted(DATA.glob("*.jsonl")) + sorted((DATA / "calls").glob("*.jsonl"))


def data_hash(files: list[Path] | None = None) -> str:
    digest = hashlib.sha256()
    for path in files or data_files():
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _states_before_agent_turns(pack: Any, turns: list[dict[str, Any]], meta: dict[str, Any],
                               flagged: dict[int, frozenset[str]] | None = None) -> dict[int, list[str]]:
    """The call-state features before each agent turn, as the auditor sees them (and in
    ``flagged`` the categories the rules report on each agent turn)."""
    auditor = pack.auditor(meta, "train")
    out = {}
    for i, turn in enumerate(turns):
        speaker, text = str(turn.get("speaker", "")), str(turn.get("text", ""))
        if speaker == "agent":
            out[i] = state_features(auditor.state)
        found = auditor.add_turn(i, speaker, text)
        if flagged is not None and speaker == "agent":
            flagged[i] = frozenset(f["category"] for f in found)
    return out


def sentence_group(path: Path) -> str:
    """``dev_sl.jsonl`` → ``SL``; ``dev_sxy.jsonl`` (two authors, X and Y) → ``SXY``."""
    name = path.stem
    if name.startswith(("dev_s", "heldout_s")):
        return "S" + name.split("_s", 1)[1].upper()
    return name


def call_group(call_id: str) -> str:
    """The author pair of a call (authors of one round shared a brief and a reviewer)."""
    author = call_id.split("-")[0]
    for pair in ("CDE", "HI", "JK", "LM", "PQ", "TU", "XY"):
        if len(author) == 1 and author in pair:  # the first rounds' authors had one letter each
            return pair
    return {"Z": "Z+AA", "AA": "Z+AA", "AE": "AE+AF", "AF": "AE+AF", "AH": "AH+AI", "AI": "AH+AI",
            "AP": "AP+AQ", "AQ": "AP+AQ", "AW": "AW+AX", "AX": "AW+AX",
            "BF": "BF+BG", "BG": "BF+BG"}.get(author, author)


def rules_pack() -> Any:
    """The bundled pack without the model's own rules (check: model) nor its second opinion:
    training reads the call state from the rules alone, and must work when the model file is
    missing or broken."""
    from trainer.compliance.pack import bundled_pack_paths

    ids = []
    for path in bundled_pack_paths():
        data = load_document(path).data
        ids += [r["id"] for r in (data.get("rules") or []) if isinstance(data, dict) and r.get("check") == "model"]
    if not ids:
        return load_pack()
    folder = Path(tempfile.mkdtemp(prefix="train-model-"))
    local = folder / "no-model.yaml"
    local.write_text(json.dumps({"pack": "no-model", "disable": ids, "settings": {"second_opinion": "off"}},
                                ensure_ascii=False), "utf-8")
    try:
        return load_pack([local])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def load_samples(pack: Any = None) -> list[Sample]:
    """Every agent turn of the labelled sets, with its state and labels, in a fixed order."""
    pack = pack or rules_pack()
    samples: list[Sample] = []
    for path in sorted(DATA.glob("*.jsonl")):
        for n, rec in enumerate(_read(path)):
            turns = [{"speaker": s, "text": t} for s, t in rec["context"]] + [{"speaker": "agent", "text": rec["text"]}]
            flagged: dict[int, frozenset[str]] = {}
            states = _states_before_agent_turns(pack, turns, {}, flagged)
            last = len(turns) - 1
            samples.append(Sample(sentence_group(path), f"{path.name}:{n}", None, fold(rec["text"]),
                                  states[last], set(rec["labels"]), related(set(rec["labels"])), flagged[last]))
    for path in sorted((DATA / "calls").glob("*.jsonl")):
        for call in _read(path):
            turns = call.get("turns") or []
            flagged = {}
            states = _states_before_agent_turns(pack, turns, call.get("meta") or {}, flagged)
            labels: dict[int, set[str]] = {}
            for label in call.get("labels", []):
                if label["turn"] is not None:
                    labels.setdefault(label["turn"], set()).add(label["category"])
            moved: dict[int, set[str]] = {}  # related_labels
            for label in call.get("related_labels", []):
                if label.get("turn") is not None:
                    moved.setdefault(label["turn"], set()).add(label["category"])
            one_per_breach = path.name not in PER_RULE_SETS
            for i, st in states.items():
                gold = labels.get(i, set())
                skip = moved.get(i, set()) | related(gold)
                if one_per_breach and gold & OUTRANKED_VULNERABLE and SHIELDED.intersection(st):
                    skip.add("vulnerable")
                samples.append(Sample(call_group(call["id"]), f"{call['id']}:{i}", i, fold(str(turns[i]["text"])),
                                      st, gold, skip - gold, flagged[i]))
    return samples


def features(sample: Sample) -> list[str]:
    return [*grams(sample.folded, *NGRAMS), *(f"@{s}" for s in sample.states)]


def train(samples: list[Sample], categories: tuple[str, ...] = MODEL_CATEGORIES) -> dict[str, Any]:
    """The model (as the file's dict) fitted on ``samples``."""
    df: dict[str, int] = {}
    feats = [features(s) for s in samples]
    for fs in feats:
        for f in fs:
            df[f] = df.get(f, 0) + 1
    vocab = sorted(f for f, n in df.items() if n >= MIN_DF or f.startswith("@"))
    index = {f: i for i, f in enumerate(vocab)}
    rows = [[index[f] for f in fs if f in index] for fs in feats]
    order = list(range(len(samples)))
    random.Random(SEED).shuffle(order)
    weights: dict[str, list[float]] = {}
    biases: dict[str, float] = {}
    for cat in categories:
        biases[cat], weights[cat] = _fit(cat, samples, rows, order, len(vocab))
    def units(ws: list[float]) -> list[int]:
        return [round(w * SCALE) if abs(w) >= KEEP else 0 for w in ws]

    grams_out: dict[str, list[int]] = {}
    states_out: dict[str, list[int]] = {}
    for i, f in enumerate(vocab):
        ws = units([weights[c][i] for c in categories])
        if f.startswith("@"):
            states_out[f[1:]] = ws
        elif any(ws):
            grams_out[f] = ws
    return {"format": FORMAT, "categories": list(categories), "ngrams": list(NGRAMS), "scale": SCALE,
            "bias": [round(biases[c] * SCALE) for c in categories],
            "states": states_out, "grams": grams_out}


def _fit(cat: str, samples: list[Sample], rows: list[list[int]], order: list[int],
         width: int) -> tuple[float, list[float]]:
    w = [0.0] * width
    b = 0.0
    get = w.__getitem__
    targets = [1.0 if cat in s.labels else 0.0 for s in samples]
    scale = [(SENTENCE_WEIGHT if s.turn is None else 1.0) * (FLAGGED_WEIGHT if cat in s.flagged else 1.0)
             for s in samples]
    used = [k for k in order if cat not in samples[k].skip]
    for epoch in range(EPOCHS):
        rate = RATE / (1 + epoch)
        for k in used:
            row = rows[k]
            z = b + sum(map(get, row))
            p = 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0
            y = targets[k]
            g = (y - p) * (POS_WEIGHT if y else 1.0) * scale[k]
            if -1e-3 < g < 1e-3:
                continue
            step = rate * g
            b += step
            for i in row:
                w[i] += step
        w = [x * (1.0 - L2) for x in w]
        get = w.__getitem__
    return b, w


def render(model: dict[str, Any], digest: str) -> str:
    head = {"format": model["format"], "command": COMMAND, "data_sha256": digest,
            "trained_on": "tests/data/compliance/*.jsonl, tests/data/compliance/calls/*.jsonl"}
    body = {**head, **{k: v for k, v in model.items() if k != "format"}}
    return json.dumps(body, ensure_ascii=False, sort_keys=False, separators=(",", ":")) + "\n"


def build() -> str:
    return render(train(load_samples()), data_hash())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=model_path(), help="where to write the model")
    ap.add_argument("--check", action="store_true", help="only compare with the file; exit 1 when it differs")
    args = ap.parse_args(argv)
    text = build()
    if args.check:
        same = args.out.exists() and args.out.read_text("utf-8") == text
        print("模型文件与训练数据一致" if same else f"{args.out} 与训练数据不一致：请运行 {COMMAND}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, "utf-8")
    model = json.loads(text)
    print(f"wrote {args.out}: {len(model['grams'])} n-grams, {len(model['categories'])} categories, "
          f"{len(text.encode()) // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
