"""Each round's held-out sets, measured once after that round's last tuning, then kept here with a floor.

A held-out set stays outside the repository until it is measured once; it then sits in ``measured/``
(outside the folders ``tools/train_model.py`` reads) for the rest of that round, and the round after
it becomes training data like every labelled set. Its floor (the measurement less a margin) is a
regression check from then on, no longer a held-out measure. The history of every round's figures is
in docs/compliance.md ("Measurement history").

* **Round 9** (measured at 4046808): ``calls/heldout_r11.jsonl`` (formerly ``measured/calls_r11.jsonl``),
  40 whole calls by a joint-stock bank's QA lead writing like speech-to-text and a rural bank's
  compliance officer who used to work at a law firm, reconciled after a blind review (45 of 47 agreed;
  reviews/review_APAQ.md): P 0.87 R 0.91 as shipped; 0.75 / 0.91 without the model's second opinion;
  0.74 / 0.85 without the model; 0.73 / 0.89 on the engine as round 9 found it (fc6a26e).
  ``dev_sl.jsonl``, 224 sentences by a city bank's training lead (224 of 224 agreed blind): P 0.84 R 0.77
  (0.81 / 0.75 before the round).
* **Round 10** (measured at 3ee9f00): ``calls/heldout_r12.jsonl`` (formerly ``measured/calls_r12.jsonl``),
  60 calls by an outsourced agency's recording QA lead, a joint-stock bank's complaints handler who used
  to be a court clerk, and a provincial city bank's team lead whose customers speak dialect; two
  reviewers, 65 of 70 agreed, gold 71 (reviews/review_AWAXAY.md): P 0.87 R 0.89 as shipped; 0.81 / 0.90
  without the second opinion; 0.80 / 0.82 without the model; 0.84 / 0.92 before the round (a9d3ff9).
  ``dev_so.jsonl``, 224 sentences by an internet bank's compliance trainer (224 of 224): P 0.86 R 0.76
  (0.86 / 0.74 before).
* **Round 11** (measured at 8bdda50): ``calls/heldout_r13.jsonl`` (formerly ``measured/calls_r13.jsonl``), 80 calls by a standardisation project
  member who had done e-commerce QA, a county rural bank's compliance manager, a consumer-finance
  company's collection trainer and a state bank's compliance officer who samples outsourced agencies'
  special accounts; three reviewers, 86 of 90 agreed, gold 89 (reviews/review_BFBGBHBI.md): P 0.88 R 0.93
  as shipped; 0.83 / 0.93 without arbitration across categories; 0.79 / 0.92 without the second opinion;
  0.75 / 0.83 without the model; 0.82 / 0.94 before the round (5f0a765). ``dev_sr.jsonl`` (formerly
  ``measured/sentences_sr.jsonl``), 224 sentences by a volunteer consumer-rights lawyer (224 of 224):
  P 0.85 R 0.86 (0.87 / 0.86 before). Measured once, now training data (round 12).
* **Round 12** (measured at 53daf3e): ``calls/heldout_r14.jsonl`` (formerly ``measured/calls_r14.jsonl``), 40 calls by a card centre's
  recording-review lead for complaints escalated to regulators and a private bank's card operations manager
  who used to supervise an outsourced agency's floor; two reviewers, 41 of 55 (union) agreed, gold 49
  (reviews/review_BRBS.md): P 0.82 R 0.84 as shipped; 0.81 / 0.84 without the second opinion; 0.80 / 0.88
  without arbitration across categories; 0.79 / 0.76 without the model; 0.81 / 0.86 before the round
  (188e625). A bug found among its misses after the measurement (a late call whose debtor first denied
  being on the line lost its calling-hours finding, 49a6d3c) is fixed, so today's figure (0.83 / 0.86) is
  no longer a held-out one. ``dev_st.jsonl`` (formerly ``measured/sentences_st.jsonl``), 223 sentences by a provincial banking
  association's mediator (223 of 224 agreed blind; one dropped): P 0.86 R 0.84 (0.86 / 0.84 before).
  Measured once, now training data (round 13).
* **Round 13** (measured at fdb698f): ``calls/heldout_r15.jsonl`` (formerly ``measured/calls_r15.jsonl``), 40 calls by a provincial rural credit
  union's manager of outsourced collection agencies and a joint-stock bank's recording-QA team leader, written
  on round 13's brief (a label per rule broken); one reviewer each, all 49 author labels kept, 4 added, gold 53
  (reviews/review_CECF.md): P 0.98 R 0.85 as shipped; the same without the second opinion; 0.96 / 0.85
  without arbitration; 0.96 / 0.83 without the model; 1.00 / 0.77 before the round (1564570).
  ``dev_sxy.jsonl`` (formerly ``measured/sentences_sxy.jsonl``), 224 sentences by a city commercial bank's complaints officer and an
  internet bank's trainer of QA staff (224 of 224 agreed blind): P 0.92 R 0.90 (0.92 / 0.88 before).
  Measured once, now training data (round 14).
* **Round 14** (measured at f0be8fd): ``calls/heldout_r16.jsonl`` (formerly ``measured/calls_r16.jsonl``), 40 calls by a city commercial bank's
  collection supervisor who vets outsourced agencies and a national bank's remote-banking speech-QA lead
  (speech-to-text style), written at the end of round 13 and sealed in the repository until round 14; one
  reviewer each, all 47 author labels kept, 4 added, gold 51 (reviews/review_CICJ.md): P 0.94 R 0.92 as
  shipped; 0.83 / 0.92 without the second opinion; 0.91 / 0.92 without arbitration; 0.82 / 0.88 without the
  model; 0.96 / 0.88 before the round (b4b6871). ``dev_szta.jsonl`` (formerly ``measured/sentences_szta.jsonl``), 224 sentences by a lawyer
  for consumers in collection disputes and a joint-stock bank's compliance trainer (223 of 224 agreed blind):
  P 0.96 R 0.89 (0.96 / 0.90 before). Measured once, now training data (round 15).
* **Round 14, late development check** (not held out): ``calls/dev_r16b.jsonl`` (formerly ``measured/dev_cucw.jsonl``), 40 calls by a foreign
  bank's compliance auditor and a provincial rural bank's collection team leader, reviewed blind (gold 51;
  reviews/review_CUCW.md), commissioned after the round's main rule work: 0.96 / 0.90 on the engine as the
  round found it, 0.94 / 0.92 before the round's last change (the pair harassment–threat, found on CW), 0.94 /
  0.94 after it. Kept here, outside the model's training data, so the shipped model is the one it was
  measured with; training data since round 15.
* **Round 15, development calls** (not held out): ``calls/dev_r17.jsonl`` (formerly ``measured/dev_czda.jsonl``), 40 calls by a rural commercial
  bank's collection QA lead and a joint-stock bank's remote-collection trainer, asked for sneers and agents who
  dodge their name (reviewed blind, gold 57; reviews/review_CZDA.md): 0.93 / 0.89 on first contact at b34146b,
  0.93 / 0.95 after the round's sneer frames and name refusals, which were written from their misses. Kept out
  of the model's training data that round (retraining on them moved four promised lines); training data since
  round 16.
* **Round 15** (measured at 0797396): ``calls/heldout_r17.jsonl`` (formerly ``measured/calls_r17.jsonl``), 40 calls by an internet bank's post-loan
  compliance reviewer (young customers, flatmates and partners handed the phone) and a state bank's provincial
  collection team leader who trains new hires, written during round 14 and sealed until round 15; one reviewer
  each (CQ 25 of 25 author labels kept, 5 added; CR 26 of 26 kept, 1 added; gold 57; reviews/review_CQCR.md):
  P 0.93 R 0.89 as shipped; 0.88 / 0.93 without the second opinion; 0.89 / 0.88 without the model; the same
  without arbitration; 0.96 / 0.84 before the round (b34146b). ``dev_stbtc.jsonl`` (formerly ``measured/sentences_tbtc.jsonl``), 224 sentences
  by a former agency collector turned script trainer and a local regulator's consumer-protection officer (221
  of 224 agreed blind): P 0.88 R 0.90 (the same before the round). Measured once, now training data (round 16).
* **Round 16, development calls** (not held out): ``calls/dev_r18.jsonl`` (formerly ``measured/dev_ddde.jsonl``), 40 calls by a joint-stock bank's
  trainer of new hires (asked for mockery without swearing and agents who dodge their name) and a city
  commercial bank's complaints officer (overstated consequences, disclosures to family and colleagues), one
  reviewer each, blind (DD 23 of 26 author labels matched, 4 added; DE 27 of 27; gold 57;
  reviews/review_DDDE.md): 0.93 / 0.89 on first contact at 8e0bdec (abuse recall 0.38), 0.94 / 0.98 after the
  round's mockery frames (CN-ABU-101, CN-ABU-102), which were written from their misses. Kept out of the
  model's training data that round; training data since round 17.
* **Round 16** (measured at 4d48c73): ``calls/heldout_r18.jsonl`` (formerly ``measured/calls_r18.jsonl``), 40 calls by a licensed consumer-finance
  company's manager of outsourced collection (pressure wrapped in politeness, agents provoked into sneering) and
  a city commercial bank's QA officer who used to proofread speech-to-text (agents asked who they are), written
  during round 15 and sealed until round 16; one reviewer each (CX 27 of 28 author labels matched blind, one moved
  to the call level, 11 added; CY 25 of 26 matched, one moved, 2 added; gold 66; reviews/review_CXCY.md): P 0.90
  R 0.88 as shipped; 0.84 / 0.91 without the second opinion; 0.84 / 0.89 without the model; the same without
  arbitration; 0.90 / 0.86 before the round (0959bd0). ``dev_stdte.jsonl`` (formerly ``measured/sentences_tdte.jsonl``), 224 sentences by a law
  school's associate professor of financial consumer protection and a joint-stock bank's front-line collection
  team leader (223 of 224 agreed blind): P 0.85 R 0.93 (0.83 / 0.95 before). Measured once, now training data
  (round 17).
* **Round 17, development calls** (not held out): ``calls/dev_r19.jsonl`` (formerly ``measured/dev_dhdi.jsonl``), 40 calls by a joint-stock bank's
  QA officer who rechecks complained-of recordings (asked for threats through family, employer, school and home
  village, some beside a claimed authority) and a city commercial bank's complaints manager (personal details read
  out, debts hinted to family, colleagues and flatmates), one reviewer each, blind (DH 27 of 28 author labels
  matched, 5 added; DI 28 of 29 matched, one placed on the refusing turn, 2 added; gold 64;
  reviews/review_DHDI.md): 0.95 / 0.89 on first contact (the model retrained on round 16's sets), 0.97 / 0.91
  after the round's rule changes, which were written from their misses. Training data since round 18.
* **Round 17** (measured at 5552be8): ``calls/heldout_r19.jsonl`` (formerly ``measured/calls_r19.jsonl``), 40 calls by a foreign bank's card-centre
  compliance training manager (third parties on the line, agents asked which department) and an internet
  consumer-finance platform's post-loan collection lead, once a court's pre-litigation mediator (customers who
  threaten lawyers and complaints, patients, the unemployed, students, the widowed), written during round 16 and
  sealed until round 17; one reviewer each (DB 23 of 24 author labels matched blind, one moved to the call
  level, 2 added; DC 26 of 26, 4 added; gold 56; reviews/review_DBDC.md): P 0.98 R 0.95 as shipped, every
  category at 0.83 or more; 0.92 / 0.98 without the second opinion; 0.91 / 0.93 without the model; the same
  without arbitration; 0.98 / 0.95 before the round too (4c15d78). ``dev_stftg.jsonl`` (formerly ``measured/sentences_tftg.jsonl``), 224 sentences by a people's mediator of financial
  consumer disputes and a provincial banking association's self-regulation inspector (224 of 224 agreed blind):
  P 0.91 R 0.89 (0.91 / 0.88 before). Measured once, now training data (round 18).
* **Round 18, development calls** (not held out): ``measured/dev_dldm.jsonl``, 40 calls by a city commercial
  bank's QA reviewer who rechecks the system's false alarms (asked for compliant calls that look like breaches:
  consequences told accurately, the police and courts denied or quoted, relatives asked only to pass on a call-back,
  evening calls the customer booked) and an agency's compliance trainer (many third parties on the line, the
  bereaved, patients, children; blunt but lawful agents), one reviewer each, blind (DL 26 of 26 author labels
  matched, one added; DM 25 of 25, 2 added; gold 54; reviews/review_DLDM.md): 0.93 / 0.94 on first contact
  (c72b6f0), 0.96 / 0.98 after the round's rule changes, which were written from their misses. Training data
  from round 19.
* **Round 18** (measured at 4abd7d8): ``measured/calls_r20.jsonl``, 40 calls by a rural commercial bank's card
  compliance officer (county-town and village customers, pressure through relatives, the village and the foreman,
  the phone handed on) and an agency's QA lead who samples night, weekend and holiday recordings (calls at all hours
  and in other time zones, repeated calls, addresses and contacts read back "to check"), written during round 17
  and sealed until round 18; one reviewer each (DF 26 of 26 author labels matched blind, 5 added; DG 27 of 27 kept,
  one placed at the call level, 2 added; gold 60; reviews/review_DFDG.md): P 0.92 R 0.92 as shipped (privacy 0.60 /
  0.75 on 4 labels, every other category at 0.80 or more); 0.89 / 0.93 without the second opinion; 0.88 / 0.83
  without the model; 0.92 / 0.93 without arbitration; 0.91 / 0.92 before the round (594c98d).
  ``measured/sentences_thti.jsonl``, 224 sentences by a consumer-protection commission's complaints investigator
  and a local asset-management company's manager of non-performing personal loans (222 of 224 agreed blind):
  P 0.93 R 0.91 (0.93 / 0.92 before).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from test_compliance_eval import evaluate

DATA = Path(__file__).parents[1] / "data" / "compliance"
sys.path.insert(0, str(Path(__file__).parents[2] / "tools"))

from eval_calls import evaluate as evaluate_calls  # noqa: E402
from eval_calls import load  # noqa: E402

# (file, calls, gold labels, precision floor, recall floor)
# (round 15: heldout_r11 0.84 -> 0.80, the retrained model and the disclosure withdrawal level; test_whole_calls.py)
CALLS = [("calls/heldout_r11.jsonl", 40, 47, 0.80, 0.87),
         # (round 18: 0.82 -> 0.80, a debt told to the bereaved son read as a disclosure too; test_whole_calls.py)
         ("calls/heldout_r12.jsonl", 60, 71, 0.80, 0.86),
         # (round 13: 0.85 -> 0.82, the second lines beside a labelled breach; round 14: -> 0.77, heldout_r14
         # 0.80 -> 0.75 and heldout_r12 0.84 -> 0.82, a disclosure to a third party its own line on every turn and
         # the model retrained; test_whole_calls.py)
         ("calls/heldout_r13.jsonl", 80, 89, 0.77, 0.90),
         ("calls/heldout_r14.jsonl", 40, 49, 0.75, 0.82),
         ("calls/heldout_r15.jsonl", 40, 53, 0.94, 0.82),
         ("calls/heldout_r16.jsonl", 40, 51, 0.92, 0.90),
         ("calls/dev_r16b.jsonl", 40, 51, 0.92, 0.92),
         ("calls/dev_r17.jsonl", 40, 57, 0.92, 0.93),
         ("calls/heldout_r17.jsonl", 40, 57, 0.92, 0.89),
         ("calls/dev_r18.jsonl", 40, 57, 0.92, 0.96),
         ("calls/heldout_r18.jsonl", 40, 66, 0.89, 0.87),
         ("calls/dev_r19.jsonl", 40, 64, 0.95, 0.90),
         ("calls/heldout_r19.jsonl", 40, 56, 0.96, 0.94),
         ("measured/dev_dldm.jsonl", 40, 54, 0.94, 0.96),
         ("measured/calls_r20.jsonl", 40, 60, 0.90, 0.90)]
# (file, sentences, violating, precision floor, recall floor)
SENTENCES = [("dev_sl.jsonl", 224, 140, 0.80, 0.73),
             ("dev_so.jsonl", 224, 140, 0.83, 0.73),
             ("dev_sr.jsonl", 224, 140, 0.82, 0.83),
             ("dev_st.jsonl", 223, 139, 0.83, 0.82),
             ("dev_sxy.jsonl", 224, 140, 0.89, 0.87),
             ("dev_szta.jsonl", 224, 140, 0.94, 0.87),
             ("dev_stbtc.jsonl", 224, 140, 0.87, 0.89),
             ("dev_stdte.jsonl", 224, 140, 0.85, 0.93),
             ("dev_stftg.jsonl", 224, 140, 0.90, 0.88),
             ("measured/sentences_thti.jsonl", 224, 140, 0.91, 0.89)]


@pytest.mark.parametrize(("name", "count", "labels", "precision", "recall"), CALLS)
def test_the_held_out_calls_keep_their_precision_and_recall(name: str, count: int, labels: int,
                                                            precision: float, recall: float) -> None:
    calls = load(DATA / name)
    assert len(calls) == count and sum(len(c["labels"]) for c in calls) == labels
    table, misses = evaluate_calls(calls)
    assert table["all"]["precision"] >= precision and table["all"]["recall"] >= recall, "\n".join(misses)


@pytest.mark.parametrize(("name", "count", "violating", "precision", "recall"), SENTENCES)
def test_the_held_out_sentences_keep_their_precision_and_recall(name: str, count: int, violating: int,
                                                                precision: float, recall: float) -> None:
    path = DATA / name
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    assert len(records) == count and sum(1 for r in records if r["labels"]) == violating
    table, _misses = evaluate(path)
    assert table["all"]["precision"] >= precision and table["all"]["recall"] >= recall, table["all"]
