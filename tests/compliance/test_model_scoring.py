"""The model layer's fast scoring gives exactly the model file's scores.

A turn's text scores are summed from packed rows (one whole number per n-gram) and remembered by
the letters and digits the n-grams see; a batch asks once per turn whether any model rule could
fire.  Each must agree with the plain definition — the bias plus each distinct n-gram's weights
(``grams``) — on every agent line of the labelled sets, or a model finding would come and go with
the speed-up.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trainer.compliance import load_pack
from trainer.compliance.checks.model import DEFAULT_THRESHOLD, Model, grams, load_model, model_path
from trainer.compliance.state import CallState
from trainer.zh.text import fold

DATA = Path(__file__).resolve().parents[1] / "data" / "compliance"
ODD = ["", "。！？", "123", "ａｂｃ１２３", "我是法院的", "喂" * 300, "_下划线_", "Ⅻ⑤²", "\n\t "]


def _agent_lines() -> list[str]:
    lines = list(ODD)
    for path in sorted(DATA.rglob("*.jsonl")):
        for raw in path.read_text("utf-8").splitlines():
            try:
                turns = json.loads(raw).get("turns") or []
            except (ValueError, AttributeError):
                continue
            lines += [t["text"] for t in turns if isinstance(t, dict) and t.get("speaker") == "agent"
                      and isinstance(t.get("text"), str)]
    return list(dict.fromkeys(fold(x) for x in lines))


def _plain_scores(model: Model, folded: str) -> list[int]:
    rows = [model.weights[g] for g in grams(folded, model.lo, model.hi) if g in model.weights]
    return [b + sum(row[k] for row in rows) for k, b in enumerate(model.bias)]


def test_text_scores_are_the_sum_of_each_distinct_ngrams_weights() -> None:
    model = Model(json.loads(model_path().read_text("utf-8")))  # a fresh one: nothing remembered
    lines = _agent_lines()
    assert len(lines) > 1000
    for folded in lines:
        assert model.text_scores(folded) == _plain_scores(model, folded), folded
    # the same again from what it remembers, and for a text that differs only in digits
    assert all(model.text_scores(f) == _plain_scores(model, f) for f in lines[:200])
    assert model.text_scores("欠款9999元") == model.text_scores("欠款1111元") == _plain_scores(model, "欠款5555元")


def test_a_weight_too_large_to_pack_is_still_summed_exactly() -> None:
    data = json.loads(model_path().read_text("utf-8"))
    gram = next(iter(data["grams"]))
    data["grams"][gram] = [2**40, -(2**40), *data["grams"][gram][2:]]
    model = Model(data)
    for folded in [*ODD, gram * 3, f"您好{gram}，再见"]:
        assert model.text_scores(folded) == _plain_scores(model, folded)


def test_a_batch_judges_exactly_the_turns_some_model_rule_could_fire_on() -> None:
    pack = load_pack()
    (check, rules), = pack._per_turn_checks
    lines = _agent_lines()
    turns = list(range(len(lines)))
    chosen = check.may_fire_any(rules, lines, turns)
    expected = [g for g in turns if any(check.may_fire(r, lines[g]) for r in rules)]
    assert chosen == expected
    assert 0 < len(chosen) < len(turns)  # the bound does leave turns out, and keeps some


@pytest.mark.parametrize("flags", [set(), {"minor"}, {"ill"}, {"bereaved", "asked_state"}])
@pytest.mark.parametrize("contact,verified", [("unknown", False), ("debtor", True), ("third_party", False)])
def test_all_model_rules_at_once_give_what_each_gives_alone(flags, contact, verified) -> None:
    pack = load_pack()
    (check, rules), = pack._per_turn_checks
    state = CallState()
    state.contact, state.verified, state.flags = contact, verified, set(flags)
    model = load_model()
    fired = 0
    for folded in _agent_lines()[::7]:
        together = check.per_turn_many(rules, "t", 3, folded, folded, state)
        alone = [f for r in rules if (f := check.per_turn(r, "t", 3, folded, folded, state)) is not None]
        assert together == alone, folded
        # and each probability is the public method's
        for f in together:
            rule = next(r for r in rules if r.id == f["rule"])
            p = model.probability(rule.category, folded, state)
            assert p >= (rule.threshold or DEFAULT_THRESHOLD) and f["confidence"] == round(p, 2)
        fired += len(together)
    assert fired  # the lines do make the model fire


@pytest.mark.parametrize("flags", [set(), {"minor"}, {"ill"}, {"bereaved", "asked_state"}])
@pytest.mark.parametrize("contact,verified", [("unknown", False), ("debtor", True), ("third_party", False)])
def test_a_turn_no_model_rule_may_fire_on_now_gets_no_model_finding(flags, contact, verified) -> None:
    # the batch judges such a turn without anchor hits as a quiet one (batch._may_fire_now)
    pack = load_pack()
    (check, rules), = pack._per_turn_checks
    state = CallState()
    state.contact, state.verified, state.flags = contact, verified, set(flags)
    ruled_out = fired = 0
    for folded in _agent_lines():
        if not check.may_fire_now(rules, folded, state):
            ruled_out += 1
            assert check.per_turn_many(rules, "t", 3, folded, folded, state) == [], folded
        elif check.per_turn_many(rules, "t", 3, folded, folded, state):
            fired += 1
    assert ruled_out and fired  # the bound does rule turns out, and keeps those that fire
