"""One finding per breach across categories: arbitration variants, chosen out of author group.

    python tools/cv_arbitrate.py [--fresh FILE ...] [--json out.json]

Every whole-call set (``tests/data/compliance/calls/*.jsonl``)
is audited once with arbitration off; each variant then decides, post hoc on each agent turn's
findings, which findings of other categories fold into a kept one's ``also`` (exactly what the
engine's ``arbitration`` setting does where a turn's findings are finalised: ``--check`` compares).
Orders and pairs are chosen **leave-one-author-group-out** (the group is the call id's prefix:
learned on every other group, scored on the left-out one); the figures are strict P / R / F1 as
``tools/eval_calls.py`` counts them, per group, pooled, pooled over the groups the rules were never
tuned on, and per category.

Variants:

* ``a``  no arbitration (the engine before round 11);
* ``b0`` the fixed precedence tried in round 10 (arbitrate.ORDER) on the whole turn; ``b`` a
  precedence learned out of group on the whole turn;
* ``c0`` round 10's precedence only between findings in the same sentence (two breaches in two
  sentences keep both) — **shipped** (``--check``); ``c`` the learned precedence, same sentence;
  ``c0c`` round 10's precedence within a clause (，；： cut too);
* ``d``  pair-specific folding on the whole turn: only pairs whose co-flagging is mostly one breach
  in the training groups' labels (gain: false alarms removed less ``TP_COST`` per true finding
  lost); ``ds`` the same pairs, same sentence only;
* ``e``  the pairs of ``d``, the direction chosen per turn by the model's probabilities (out of fold:
  the model trained without the group); ``e2`` on every co-flagged turn the category the model finds
  likelier is kept (``e2s`` same sentence, ``e2c`` same clause); ``e4s``/``e4c`` the same, both kept
  when the model gives the other category 0.82 or more (it would report it itself); ``e3``/``e3s``
  that level chosen out of group.

``--fresh FILE``: calls of authors outside every set (author labels), scored before and after with
the pairs and orders learned on all groups (nothing is chosen on them).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_calls import _match  # noqa: E402

from trainer.base.vocab import CATEGORIES  # noqa: E402
from trainer.compliance import load_pack  # noqa: E402
from trainer.compliance.arbitrate import ORDER, Arbitration, arbitrate, from_settings  # noqa: E402
from trainer.compliance.auditor import Auditor  # noqa: E402
from trainer.compliance.checks.model import _sigmoid, load_model, state_features  # noqa: E402
from trainer.zh.text import fold  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "compliance"
UNTUNED = ("AW", "AX", "AY", "BC", "BD", "BE")  # never rule-tuned (round 11's brief)
ROUND10 = ORDER  # round 10's order (impersonation > false_claim > vulnerable > harassment > threat > disclosure), then the rest
TP_COST = 1.2  # one true finding lost costs about 1.2 false alarms removed, in F1 near 0.9
Key = tuple[str, "int | None", str]


def group_of(call_id: str) -> str:
    return re.match(r"[A-Za-z]+", call_id).group(0)  # type: ignore[union-attr]


def call_files() -> list[Path]:
    return sorted((DATA / "calls").glob("*.jsonl"))


def load(paths: list[Path]) -> list[dict[str, Any]]:
    return [json.loads(line) for p in paths for line in p.read_text("utf-8").splitlines() if line.strip()]


class Call:
    """One audited call: its gold keys, its findings by agent turn (arbitration off), each turn's
    text, what the model reads (folded text, call state) and its probabilities, and the call-level
    findings."""

    def __init__(self, call: dict[str, Any], findings: list[dict[str, Any]], seen: dict[int, tuple[str, list[str]]]):
        self.id = call["id"]
        self.group = group_of(self.id)
        self.gold: set[Key] = {(self.id, lab["turn"], lab["category"]) for lab in call.get("labels", [])}
        self.texts = {i: t["text"] for i, t in enumerate(call["turns"])}
        self.turns: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.rest: list[dict[str, Any]] = []
        for f in findings:
            if f["turn"] is not None and f["speaker"] == "agent":
                self.turns[f["turn"]].append(f)
            else:
                self.rest.append(f)
        self.seen = seen
        self.probs: dict[int, dict[str, float]] = {}

    def tp(self, turn: int, cat: str) -> bool:
        return (self.id, turn, cat) in self.gold or (self.id, None, cat) in self.gold

    def score(self, model: Any) -> None:
        """The model's probabilities on the turns with findings of two categories or more."""
        for turn, fs in self.turns.items():
            if len({f["category"] for f in fs}) > 1:
                folded, states = self.seen[turn]
                z = model.scores(folded, states)
                self.probs[turn] = {c: _sigmoid(v) for c, v in zip(model.categories, z, strict=True)}


def audit_all(calls: list[dict[str, Any]], pack: Any) -> list[Call]:
    """Audit every call with arbitration off, keeping what the model reads on each agent turn."""
    seen: dict[tuple[str, int], tuple[str, list[str]]] = {}
    original = Auditor._judge_agent_turn

    def spy(self: Auditor, index: int, text: str, folded: str, hits: Any, raw: Any) -> Any:
        seen[(self.transcript_id, index)] = (fold(text), state_features(self.state))
        return original(self, index, text, folded, hits, raw)

    Auditor._judge_agent_turn = spy  # type: ignore[method-assign]
    try:
        out = []
        for call in calls:
            transcript = {k: v for k, v in call.items() if k not in ("labels", "author_labels", "related_labels")}
            found = pack.audit(transcript)
            out.append(Call(call, found, {i: p for (c, i), p in seen.items() if c == call["id"]}))
        return out
    finally:
        Auditor._judge_agent_turn = original  # type: ignore[method-assign]


def score_out_of_fold(calls: list[Call], cache: Path | None) -> None:
    """Each call's turns scored by the model trained without its author group (train_model's
    groups: the pairs of a round); calls outside the training data by the shipped model."""
    import train_model as tm

    from trainer.compliance.checks.model import Model

    known: dict[str, dict[str, float]] = json.loads(cache.read_text("utf-8")) if cache and cache.exists() else {}
    need = [c for c in calls if any(len({f["category"] for f in fs}) > 1 and f"{c.id}|{t}" not in known
                                    for t, fs in c.turns.items())]
    if need:
        samples = tm.load_samples()
        trained = {s.group for s in samples}
        for g in sorted({tm.call_group(c.id) for c in need}):
            mine = [c for c in need if tm.call_group(c.id) == g]
            model = Model(tm.train([s for s in samples if s.group != g])) if g in trained else load_model()
            for c in mine:
                c.score(model)
                known.update({f"{c.id}|{t}": p for t, p in c.probs.items()})
        if cache:
            cache.write_text(json.dumps(known), "utf-8")
    for c in calls:
        c.probs = {t: known[f"{c.id}|{t}"] for t, fs in c.turns.items() if f"{c.id}|{t}" in known}


# --- learning ------------------------------------------------------------------------------------


def pair_gains(calls: list[Call], sentence: bool) -> dict[tuple[str, str], float]:
    """For each ordered pair (winner, loser) co-flagged on a turn (in one sentence when
    ``sentence``): the gain of folding the loser into the winner, false alarms removed less
    ``TP_COST`` per true finding lost."""
    gain: dict[tuple[str, str], float] = defaultdict(float)
    for call in calls:
        for turn, fs in call.turns.items():
            cats = {f["category"] for f in fs}
            if len(cats) < 2:
                continue
            for x in cats:
                for y in cats:
                    if x != y and (not sentence or _together(fs, x, y, call.texts[turn])):
                        gain[(x, y)] += -TP_COST if call.tp(turn, y) else 1.0
    return gain


def _together(fs: list[dict[str, Any]], x: str, y: str, text: str) -> bool:
    from trainer.compliance.arbitrate import sentences_of

    sx = set().union(*(sentences_of(f, text) for f in fs if f["category"] == x))
    sy = set().union(*(sentences_of(f, text) for f in fs if f["category"] == y))
    return bool(sx & sy)


def order_from(gain: dict[tuple[str, str], float], fallback: tuple[str, ...] = ROUND10) -> tuple[str, ...]:
    """A total order of the categories: by Copeland score of the pairwise gains (x above y when
    folding y into x gains more than the reverse), ties by the round-12 order then CATEGORIES."""
    base = [*fallback, *(c for c in CATEGORIES if c not in fallback)]
    score = Counter()
    for x in base:
        for y in base:
            if x != y and gain.get((x, y), 0.0) > gain.get((y, x), 0.0):
                score[x] += 1
    return tuple(sorted(base, key=lambda c: (-score[c], base.index(c))))


def pairs_from(gain: dict[tuple[str, str], float], order: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The pairs worth folding: (winner, loser) with a positive gain, above the reverse; the
    winner ranks above the loser in ``order`` (so the folds are acyclic)."""
    out = []
    for (x, y), g in sorted(gain.items()):
        if g > 0 and g > gain.get((y, x), 0.0) and order.index(x) < order.index(y):
            out.append((x, y))
    return tuple(out)


def learn(train: list[Call]) -> dict[str, Arbitration | None]:
    """Each variant's setting learned on ``train`` (None: no arbitration)."""
    g_turn, g_sent = pair_gains(train, False), pair_gains(train, True)
    order_t, order_s = order_from(g_turn), order_from(g_sent)
    all_pairs = _all_pairs
    d_pairs = pairs_from(g_turn, order_t)
    ds_pairs = pairs_from(g_sent, order_s)
    r12 = all_pairs(order_from({}, ROUND10))
    out: dict[str, Arbitration | None] = {
        "a": None,
        "b0": Arbitration("turn", r12),
        "b": Arbitration("turn", all_pairs(order_t)),
        "c0": Arbitration("sentence", r12),  # = from_settings({}): the shipped default
        "c": Arbitration("sentence", all_pairs(order_s)),
        "d": Arbitration("turn", d_pairs),
        "ds": Arbitration("sentence", ds_pairs),
        "e": Arbitration("turn", d_pairs, by_model=True),
        "e2": Arbitration("turn", r12, by_model=True),
        "e2s": Arbitration("sentence", r12, by_model=True)}
    out["e4s"] = Arbitration("sentence", r12, True, 0.82)
    out["c0c"] = Arbitration("clause", r12)
    out["e2c"] = Arbitration("clause", r12, True)
    out["e4c"] = Arbitration("clause", r12, True, 0.82)
    out["e3"] = best(train, [Arbitration("turn", r12, True, level) for level in LEVELS])
    out["e3s"] = best(train, [Arbitration("sentence", r12, True, level) for level in LEVELS])
    return out


def _all_pairs(order: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((order[i], order[j]) for i in range(len(order)) for j in range(i + 1, len(order)))


LEVELS = (0.3, 0.5, 0.7, 0.8, 0.9, 0.95, None)


def best(train: list[Call], candidates: list[Arbitration]) -> Arbitration:
    """The candidate of the best F1 pooled over ``train`` (the first of equals)."""
    gold = set().union(*(c.gold for c in train))

    def f1(setting: Arbitration) -> float:
        t, p, n = counts(gold, set().union(*(found_keys(c, setting) for c in train)))
        return 2 * t / (2 * t + p + n)

    return max(candidates, key=f1)


# --- scoring -------------------------------------------------------------------------------------


def found_keys(call: Call, setting: Arbitration | None) -> set[Key]:
    keys: set[Key] = {(call.id, f["turn"], f["category"]) for f in call.rest}
    for turn, fs in call.turns.items():
        kept = fs if setting is None else arbitrate(_copies(fs), setting, call.texts[turn], call.probs.get(turn))
        keys |= {(call.id, turn, f["category"]) for f in kept}
    return keys


def _copies(fs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**f, **({"also": [dict(a) for a in f["also"]]} if "also" in f else {})} for f in fs]


def counts(gold: set[Key], found: set[Key], pick: Callable[[Key], bool] = lambda k: True) -> tuple[int, int, int]:
    tp, fp, fn = _match(gold, found)
    return sum(map(pick, tp)), sum(map(pick, fp)), sum(map(pick, fn))


def prf(t: int, p: int, n: int) -> str:
    precision = t / (t + p) if t + p else 1.0
    recall = t / (t + n) if t + n else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f"{precision:.3f} / {recall:.3f} / {f1:.3f}"


def cross_validate(calls: list[Call]) -> tuple[dict[str, dict[str, tuple[int, int, int]]], dict[str, dict[str, set[Key]]]]:
    """Per variant and group: (tp, fp, fn) out of group; and the found keys per variant and group."""
    groups = sorted({c.group for c in calls})
    table: dict[str, dict[str, tuple[int, int, int]]] = defaultdict(dict)
    found_by: dict[str, dict[str, set[Key]]] = defaultdict(dict)
    for g in groups:
        settings = learn([c for c in calls if c.group != g])
        mine = [c for c in calls if c.group == g]
        gold = set().union(*(c.gold for c in mine))
        for name, setting in settings.items():
            found = set().union(*(found_keys(c, setting) for c in mine))
            table[name][g] = counts(gold, found)
            found_by[name][g] = found
    return table, found_by


def report(calls: list[Call], fresh: list[Call]) -> dict[str, Any]:
    table, found_by = cross_validate(calls)
    groups = sorted({c.group for c in calls}, key=lambda g: (len(g), g))
    names = list(table)
    print(f"{len(calls)} calls, {len(groups)} author groups; strict P / R / F1, each group scored with the "
          "orders and pairs learned on the others")
    print(f"{'group':8}" + "".join(f"{n:>24}" for n in names))
    for g in groups:
        print(f"{g:8}" + "".join(f"{prf(*table[n][g]):>24}" for n in names))
    out: dict[str, Any] = {"groups": {n: {g: table[n][g] for g in groups} for n in names}}
    for label, pick in (("pooled", groups), ("untuned", [g for g in groups if g in UNTUNED])):
        sums = {n: tuple(sum(table[n][g][k] for g in pick) for k in range(3)) for n in names}
        print(f"{label:8}" + "".join(f"{prf(*sums[n]):>24}" for n in names))
        out[label] = sums
    gold = set().union(*(c.gold for c in calls))
    print("\nper category, pooled out of group (P / R / F1)")
    for cat in CATEGORIES:
        row = [counts(gold, set().union(*found_by[n].values()), lambda k, c=cat: k[2] == c) for n in names]
        print(f"{cat:24}" + "".join(f"{prf(*r):>24}" for r in row))
    final = learn(calls)
    print("\nlearned on all groups:")
    for n, s in final.items():
        print(f"  {n}: {s}")
    if fresh:
        fgold = set().union(*(c.gold for c in fresh))
        print("\nfresh authors (learned on all groups; nothing chosen on them):")
        for g in sorted({c.group for c in fresh}) + ["all"]:
            mine = [c for c in fresh if g in ("all", c.group)]
            gg = set().union(*(c.gold for c in mine)) if g != "all" else fgold
            print(f"{g:8}" + "".join(
                f"{n}: {prf(*counts(gg, set().union(*(found_keys(c, s) for c in mine))))}   "
                for n, s in final.items()))
    return out


def check(calls: list[Call], raw: list[dict[str, Any]]) -> int:
    """Compare the engine's default audit with the post-hoc shipped variant, finding by finding."""
    setting, pack = from_settings({}), load_pack()
    assert setting == Arbitration("sentence", _all_pairs(ORDER)), setting
    differ = 0
    for call, rec in zip(calls, raw, strict=True):
        call.score(load_model())
        post = list(call.rest) + [f for t, fs in call.turns.items()
                                  for f in arbitrate(_copies(fs), setting, call.texts[t], call.probs.get(t))]
        got = pack.audit({k: v for k, v in rec.items() if k not in ("labels", "author_labels", "related_labels")})
        if sorted(map(_dumped, got)) != sorted(map(_dumped, post)):
            differ += 1
            print(f"{call.id}: the engine and the post-hoc variant differ")
    print(f"{len(calls)} calls, {differ} differ")
    return 1 if differ else 0


def _dumped(f: dict[str, Any]) -> str:
    return json.dumps(f, sort_keys=True, ensure_ascii=False)


OFF_PACK = "pack: cv-arbitrate-off\nversion: 1\nsettings: {arbitration: off}\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fresh", type=Path, nargs="*", default=[], help="fresh authors' calls (author labels)")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--cache", type=Path, help="keep the out-of-fold probabilities here (JSON)")
    ap.add_argument("--check", action="store_true",
                    help="check that the engine's default gives what the shipped variant (c0) gives post hoc")
    ap.add_argument("--shipped-model", action="store_true",
                    help="the shipped model's probabilities (in-sample) instead of out-of-fold ones")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        off = Path(tmp) / "off.yaml"
        off.write_text(OFF_PACK, "utf-8")
        pack = load_pack([off])
        calls = audit_all(load(call_files()), pack)
        fresh = audit_all(load(args.fresh), pack) if args.fresh else []
    if args.check:
        return check(calls + fresh, load(call_files()) + load(args.fresh))
    if args.shipped_model:
        for c in calls + fresh:
            c.score(load_model())
    else:
        score_out_of_fold(calls, args.cache)
        for c in fresh:
            c.score(load_model())
    out = report(calls, fresh)
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
