"""Compliance on whole calls written by independent authors (tests/data/compliance/calls/README.md).

``dev.jsonl`` was tuned on: its figures are optimistic. ``heldout.jsonl`` was measured once, after
the first round of tuning (precision 0.84, recall 0.79 at the time); its misses were then read and
fixed by their general cause in the second round, so it is development material too now (0.99 /
1.00 on dev, 1.00 / 1.00 on it after that round). Every set here has been tuned on now; fresh
held-out calls (written for the next round, never read while tuning) measure quality on new text.
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
# overall (precision, recall) floors: the figures when last measured, less a margin of about 0.03.
# Round 13 lowered the precision floors of the older sets (labelled one category per breach) by the second
# lines it now reports beside a labelled breach: a threat or a false claim to a child, a patient or the
# bereaved, and the first telling of the debt (README, Decisions, "One label per rule broken")
# dev_r4.jsonl (round 4, two further authors) was tuned on; dev_r4b.jsonl was meant as round 4's
# held-out half but phrasings from it reached a tuning brief, so it is development material;
# dev_r5.jsonl (authors J and K) was the held-out set, measured once at b3eb79e (P 0.72 R 0.76), and
# tuned on afterwards; dev_r6.jsonl (authors L and M, formerly heldout_r6.jsonl) was the held-out set,
# measured once at 350d356 (P 0.77 R 0.72), and tuned on in round 6 (1.00 / 1.00 after it).
# Since round 6 every set is scored one finding per breach (README in the calls folder): the
# findings a rule folds into another's ``also`` are not counted, and the older sets' labels for
# such implied findings moved to ``related_labels`` with the reason.
# Since round 11 one breach in one sentence is one finding across categories too (arbitrate.py); the
# oldest sets were labelled before authors were told to label a breach once, and six of their
# sentences carry two labels for one breach (C-18, C-24, E-26; D-20, C-29; K-04, K-14): their
# recall floors are the figures after that change (0.95, 0.95, 0.96) less a margin of 0.01.
# Round 14: with a third party on the line, telling or asking about the debt keeps its own line on every turn
# (README Decisions) beside a threat, a false claim or pressure on the vulnerable, as the briefs since round
# 13 ask, and the model was retrained on round 13's held-out calls and on CO-CT (dev_r16, labelled a rule per
# breach, third parties on most calls). Sets labelled one category per breach count the extra lines false
# alarms, so their precision floors fell (the figure after the change less about 0.01): dev 0.97 -> 0.92,
# heldout 0.97 -> 0.89, dev_r4 0.93 -> 0.87, dev_r4b 0.97 -> 0.84, dev_r5 0.95 -> 0.90, dev_r6 0.91 -> 0.89,
# dev_r11b 0.78 -> 0.74, dev_r12 0.82 -> 0.78, heldout_r12 0.84 -> 0.82, dev_r13 0.89 -> 0.80, dev_r13b
# 0.88 -> 0.82, heldout_r13 0.82 -> 0.77, dev_r14b 0.88 -> 0.83, heldout_r14 0.80 -> 0.75.
# Round 15: the model retrained on round 14's sets (CI, CJ, CU, CW, SZ, TA) and the disclosure withdrawal level
# moved from 0.005 to 0.003 (model.yaml) kept more repeated disclosures beside a false claim or pressure on the
# bereaved or a child, which these older sets did not label: heldout 0.89 -> 0.87, dev_r12 0.78 -> 0.75,
# dev_r12b 0.80 -> 0.76, heldout_r11 0.84 -> 0.80 (test_heldout_sets.py too); for dev_r12b also a refusal to say
# who is calling kept apart from the sneer in its sentence (arbitrate.APART), labelled there on the earlier turn only.
# Round 17: the model retrained on round 16's sets (CX, CY, DD, DE, TD, TE) reads the debt told to a bereaved son
# as a disclosure as well (H-09, 0.11) and no longer withdraws 「已经移交到我们律师手上跟进了」 as a false claim
# beside the impersonation (AV-12), neither labelled there: dev_r4 0.87 -> 0.84, dev_r11b 0.74 -> 0.72 (the
# disclosure level 0.003 -> 0.008 brought the other sets back over their floors).
FLOORS = {"dev.jsonl": (0.92, 0.94), "heldout.jsonl": (0.87, 0.94), "dev_r4.jsonl": (0.84, 0.97),
          "dev_r4b.jsonl": (0.84, 0.93), "dev_r5.jsonl": (0.90, 0.95),
          "dev_r6.jsonl": (0.89, 0.97),
          # authors T and U, reviewed blind (reviews/review_TU.md): written for development in round
          # 6; measured first at 0.67 / 0.70 on the engine as the round found it, then tuned on
          # (0.77 / 0.68 before the second pass of the round, 0.96 / 1.00 after)
          # (round 13: 0.96 -> 0.92 precision, a threat or a false claim to a shielded listener and a first
          # disclosure now their own lines beside the labelled breach, where these authors labelled one)
          # (round 16: 0.86 -> 0.84, the model retrained on the call states of round 16's rules: one threat beside
          # a labelled breach no longer withdrawn, T-14)
          "dev_r8.jsonl": (0.84, 0.97),
          # authors P and Q, reviewed blind (reviews/review_PQ.md): round 6's held-out set, measured
          # once at 8aad59d (P 0.69 R 0.65), then tuned on as development material in round 7
          # (0.89 / 0.90 after); no longer a held-out measure
          # (round 16: 0.86 -> 0.84, and dev_r13c 0.87 -> 0.84: retrained on round 15's sets, which label a
          # disclosure said again on a later turn, the model no longer withdraws the rules' second disclosure
          # beside a threat or a claim; these older sets labelled one breach per turn)
          "dev_r7.jsonl": (0.84, 0.87),
          # authors Z and AA, reconciled gold labels: round 7's development calls, never tuned on before
          # it (P 0.73 R 0.72 on the engine as round 7 found them), tuned on for the kinds of utterance
          # they showed (0.78 / 0.87 after the said-words pass)
          "dev_r9.jsonl": (0.75, 0.84),
          # authors AE and AF, reconciled gold (44/44 agreed blind): round 7's second development calls
          # (0.74 / 0.73 on the engine after the first pass), tuned on in the second (0.81 / 0.95)
          "dev_r9b.jsonl": (0.76, 0.90),
          "heldout_r9.jsonl": (0.70, 0.74),  # round 7's held-out calls: measured once at 9a5e9c3 (0.75 / 0.79), less a margin
          # authors AL, AM and AN, their own labels (not reviewed): round 8's development calls, 40 of 60
          # clean with hard negatives; 0.68 / 0.68 on the engine as round 8 found them, tuned on by kind
          # of utterance (0.84 / 0.98 after)
          "dev_r10.jsonl": (0.80, 0.94),
          # authors AH and AI, reconciled gold (46 agreed blind, 49 labels; reviews/review_AHAI.md): round
          # 8's held-out calls, kept in ../measured/ (not trained on) until measured once at 47cadb8: P 0.70
          # R 0.90 (0.69 / 0.82 on the engine as round 8 found them); since round 9 development and
          # training data like the rest
          "heldout_r10.jsonl": (0.65, 0.85),
          # author AT, own labels (not reviewed), 20 calls, mostly clean: round 9's development calls;
          # on first contact (model not trained on them, rules not tuned): P 0.78 R 0.75 (0.70 / 0.75
          # without the model's second opinion); the model's training data since (0.80 / 0.88)
          "dev_r11.jsonl": (0.75, 0.83),
          # authors AP and AQ, reconciled gold (reviews/review_APAQ.md): round 9's held-out calls, kept in
          # ../measured/ until measured once at 4046808 (P 0.87 R 0.91); since round 10 training data
          # (0.98 / 0.98 after; tests/compliance/test_heldout_sets.py keeps the measured floor too)
          "heldout_r11.jsonl": (0.80, 0.87),
          # author AV, own labels (not reviewed), 20 calls, 10 clean: 0.71 / 0.83 on the engine as round 10
          # found it (a9d3ff9, model not trained on them); the model's training data since (0.80 / 1.00)
          "dev_r11b.jsonl": (0.72, 0.95),
          # authors AZ, BA and BB, own labels (not reviewed), 60 calls, 38 clean: round 10's fresh
          # development calls, measured on first contact at a9d3ff9 (P 0.78 R 0.93; AZ 0.84 / 1.00,
          # BA 0.58 / 0.81, BB 0.89 / 0.96); training data and tuned on since (0.95 / 0.98)
          "dev_r12.jsonl": (0.75, 0.94),
          # authors BC, BD and BE, own labels (not reviewed), 60 calls, 38 clean: round 10's second batch of
          # fresh calls, measured on first contact at a9d3ff9 (P 0.78 R 0.93) and again after the round's
          # rule and model work, before anything was trained or tuned on them (P 0.81 R 0.93); the model's
          # training data since (0.85 / 1.00)
          "dev_r12b.jsonl": (0.76, 0.95),
          # authors AW, AX and AY, reconciled gold (65 of 70 agreed blind, 71 labels;
          # reviews/review_AWAXAY.md): round 10's held-out calls, kept in ../measured/ until measured once
          # at 3ee9f00 (P 0.87 R 0.89); since round 11 training data (test_heldout_sets.py keeps that floor).
          # Round 18: 0.82 -> 0.80: the model trained on round 17's sets, whose authors label a debt told to a
          # widow's son as a disclosure too, reads three such lines here that this set labels vulnerable only
          "heldout_r12.jsonl": (0.80, 0.86),
          # authors BJ and BK, own labels (not reviewed), 40 calls, 20 clean: round 11's fresh development
          # calls, measured on first contact at 5f0a765 before any training or tuning on them (P 0.96
          # R 0.91; BJ 0.92 / 0.96, BK 1.00 / 0.88); the model's training data since (0.98 / 1.00; round 13,
          # the second lines beside a threat or a claim to a shielded listener: 0.92 / 0.98)
          "dev_r13.jsonl": (0.80, 0.88),
          # authors BN, BO, BP and BQ, own labels (not reviewed), 80 calls, 48 clean: round 11's second
          # batch, measured on first contact at 5f0a765 (P 0.95 R 0.96); training data since
          "dev_r13b.jsonl": (0.82, 0.93),
          # authors BF, BG, BH and BI, reconciled gold (86 of 90 agreed blind, 89 labels;
          # reviews/review_BFBGBHBI.md): round 11's held-out calls, kept in ../measured/ until measured once
          # at 8bdda50 (P 0.88 R 0.93); since round 12 training data (test_heldout_sets.py keeps that floor)
          "heldout_r13.jsonl": (0.77, 0.90),  # round 13: 0.84 / 0.99, second lines beside labelled breaches
          # authors BL and BM, own labels (not reviewed), 40 calls, 20 clean: round 11's fresh check, never
          # trained or tuned on in that round (P 0.93 R 0.90 at 5f0a765, 0.96 / 0.91 at 8bdda50 and at
          # 188e625 before training on them); the model's training data since round 12
          "dev_r13c.jsonl": (0.84, 0.88),
          # authors BT, BU, BV and BW, own labels (a blind review moved one of 73), 80 calls, 48 clean: round
          # 12's fresh development calls, measured on first contact at 188e625 before any training or tuning
          # on them (P 0.91 R 0.93); the model's training data since (0.94 / 1.00)
          "dev_r14.jsonl": (0.88, 0.90),
          # authors BZ, CA, CB, CC and CD, 100 calls, 58 clean (CA and CC on the clean-heavy brief), labels
          # reconciled by a blind reviewer (85 of 91 agreed blind; review/gold_zd in the round's staging): round
          # 12's second batch, measured at 188e625 before any training or tuning on them (P 0.91 R 0.93); the
          # model's training data since
          "dev_r14b.jsonl": (0.83, 0.90),
          # authors BR and BS, reconciled gold (41 of 55 labels agreed blind, 49 labels; reviews/review_BRBS.md):
          # round 12's held-out calls, kept in ../measured/ until measured once at 53daf3e (P 0.82 R 0.84);
          # since round 13 training data (test_heldout_sets.py keeps that floor)
          "heldout_r14.jsonl": (0.75, 0.83),
          # authors CG and CH, reconciled gold (50 of 51 author labels kept, one moved to the call level, one
          # added; reviews/review_CGCH.md), 40 calls, 20
          # clean: round 13's development calls, measured on first contact at 1564570 (P 0.95 R 0.79), on
          # the brief that asks for two labels where one turn breaks two rules; the model's training data since
          "dev_r15.jsonl": (0.90, 0.80),
          # authors CK, CL, CM and CN, reconciled gold (one reviewer each; 98 of 100 author labels kept, 12 added;
          # reviews/review_CKCN.md), 80 calls, 40 clean: round 13's second development batch, measured on first
          # contact at 1564570 (P 0.99 R 0.74) and at 7cba76a after the round's rule work (0.99 / 0.83), before
          # training on them; the model's training data since
          "dev_r15b.jsonl": (0.92, 0.85),
          # authors CE and CF, reconciled gold (all 49 author labels kept, 4 added; reviews/review_CECF.md): round
          # 13's held-out calls, kept in ../measured/ until measured once at fdb698f (P 0.98 R 0.85); since
          # round 14 training data (test_heldout_sets.py keeps that floor)
          "heldout_r15.jsonl": (0.94, 0.82),
          # authors CO, CP, CS and CT, reconciled gold (one reviewer each: CO 28 of 28 author labels kept, CP 25 of
          # 26, CS 26 of 30, CT 33 of 37 agreed blind; gold 131; reviews/review_COCPCSCT.md), 80 calls, 40 clean:
          # round 14's development calls, measured on first contact at b4b6871 (P 0.97 R 0.82); the model's
          # training data since (0.96 / 0.95)
          "dev_r16.jsonl": (0.94, 0.93),
          # authors CI and CJ, reconciled gold (all 47 author labels kept, 4 added; reviews/review_CICJ.md): round
          # 14's held-out calls, sealed until round 14 and measured once at f0be8fd (P 0.94 R 0.92); since round
          # 15 training data (test_heldout_sets.py keeps that floor)
          "heldout_r16.jsonl": (0.92, 0.90),
          # authors CU and CW, reconciled gold (gold 51; reviews/review_CUCW.md): round 14's late development check,
          # 0.96 / 0.90 on first contact at b4b6871, 0.94 / 0.94 at f0be8fd; since round 15 training data
          "dev_r16b.jsonl": (0.92, 0.92),
          # authors CQ and CR, reconciled gold (one reviewer each: CQ 25 of 25 author labels kept, 5 added; CR 26 of
          # 26 kept, 1 added; gold 57; reviews/review_CQCR.md): round 15's held-out calls, sealed until round 15 and
          # measured once at 0797396 (P 0.93 R 0.89); since round 16 training data (test_heldout_sets.py keeps
          # that floor)
          "heldout_r17.jsonl": (0.92, 0.89),
          # authors CZ and DA, reconciled gold (gold 57; reviews/review_CZDA.md): round 15's development calls,
          # 0.93 / 0.89 on first contact at b34146b, 0.93 / 0.95 after that round's rule work; since round 16
          # training data
          "dev_r17.jsonl": (0.92, 0.93),
          # authors CX and CY, reconciled gold (one reviewer each: CX 27 of 28 author labels matched blind, one moved
          # to the call level, 11 added; CY 25 of 26 matched, one moved, 2 added; gold 66; reviews/review_CXCY.md):
          # round 16's held-out calls, sealed until round 16 and measured once at 4d48c73 (P 0.90 R 0.88); since
          # round 17 training data (test_heldout_sets.py keeps that floor)
          "heldout_r18.jsonl": (0.89, 0.87),
          # authors DD and DE, reconciled gold (gold 57; reviews/review_DDDE.md): round 16's development calls,
          # 0.93 / 0.89 on first contact at 8e0bdec, 0.94 / 0.98 after that round's mockery frames; since round 17
          # training data
          "dev_r18.jsonl": (0.92, 0.96),
          # authors DB and DC, reconciled gold (one reviewer each: DB 23 of 24 author labels matched blind, one moved
          # to the call level, 2 added; DC 26 of 26, 4 added; gold 56; reviews/review_DBDC.md): round 17's held-out
          # calls, sealed until round 17 and measured once at 5552be8 (P 0.98 R 0.95); since round 18 training data
          "heldout_r19.jsonl": (0.96, 0.94),
          # authors DH and DI, reconciled gold (gold 64; reviews/review_DHDI.md): round 17's development calls,
          # 0.95 / 0.89 on first contact, 0.97 / 0.91 after that round's rule changes; since round 18 training data
          "dev_r19.jsonl": (0.95, 0.90)}


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


def test_every_set_in_the_folder_has_a_floor_and_every_moved_label_says_why() -> None:
    assert {p.name for p in CALLS.glob("*.jsonl")} == set(FLOORS)
    for name in FLOORS:
        for call in load(CALLS / name):
            for label in call.get("related_labels", ()):
                assert label["why"].strip() and label["category"], (name, call["id"], label)
                # the breach it was part of is still labelled on the same turn or an earlier one
                assert any(g["turn"] is not None and g["turn"] <= label["turn"] for g in call["labels"]), call["id"]


def test_the_lenient_reading_counts_a_label_named_in_a_findings_also() -> None:
    """Police named and arrest threatened in one sentence are one finding (impersonation, also threat);
    an author who labelled the breach `threat` gets a miss and a false alarm strictly, a hit with ``--also``."""
    call = {"id": "also-1", "meta": {"contact": "debtor"},
            "turns": [{"speaker": "agent", "text": "您好，我是安信银行信用卡中心的，姓王，请问是周强先生吗？"},
                      {"speaker": "debtor", "text": "是我。"},
                      {"speaker": "agent", "text": "我是公安局的，你再不还钱就抓你。"}]}
    from trainer.compliance import audit_transcript
    found = audit_transcript(call)
    assert any(f["turn"] == 2 and f.get("also") for f in found), found
    label = next(a["category"] for f in found if f["turn"] == 2 for a in f["also"])
    labelled = dict(call, labels=[{"turn": 2, "category": label}])
    strict, _ = evaluate([labelled])
    lenient, _ = evaluate([labelled], also=True)
    assert strict["all"]["fn"] == 1
    assert lenient["all"]["fn"] == 0 and lenient["all"]["tp"] == 1
