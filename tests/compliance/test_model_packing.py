"""Packing the model's rows (one whole number per n-gram) at the edges of what fits.

A row's weights are packed 64 bits each, plus 2³¹; a weight of -2³¹ or below, or of 2³¹ or
above, does not fit, and the model then sums rows one at a time.  Either way a turn's scores
must be the bias plus each distinct n-gram's weights, or a model finding would depend on
which way they were summed.
"""

from __future__ import annotations

import json
import random

from trainer.compliance.checks.model import Model, grams, model_path

EDGE = 2**31


def _model(first: list[int]) -> tuple[Model, str]:
    data = json.loads(model_path().read_text("utf-8"))
    gram = next(g for g in data["grams"] if len(g) == 2)
    data["grams"][gram] = [*first, *data["grams"][gram][len(first):]]
    return Model(data), gram


def _plain(model: Model, folded: str) -> list[int]:
    rows = [model.weights[g] for g in grams(folded, model.lo, model.hi) if g in model.weights]
    return [b + sum(row[k] for row in rows) for k, b in enumerate(model.bias)]


def _scores(model: Model, lines: list[str]) -> list[list[int]]:
    model._unpacked = -1  # packed from the first line on
    return [model.text_scores(x) for x in lines]


def test_the_largest_weights_that_fit_are_packed_and_summed_exactly() -> None:
    model, gram = _model([EDGE - 1, -(EDGE - 1)])
    assert model._packed() is not None
    lines = [gram, f"您好{gram}再见", gram * 3, "没有这个词"]
    assert _scores(model, lines) == [_plain(model, x) for x in lines]
    packed = model._packed()
    assert packed is not None
    assert all(packed[g] == sum((w + EDGE) << (64 * k) for k, w in enumerate(row))
               for g, row in model.weights.items())


def test_weights_that_do_not_fit_are_summed_a_row_at_a_time() -> None:
    for first in ([-EDGE, 0], [EDGE, 0], [0, 2**40], [0.5, 1]):
        model, gram = _model(first)  # type: ignore[arg-type]
        assert model._packed() is None, first
        lines = [gram, f"您好{gram}再见"]
        assert _scores(model, lines) == [_plain(model, x) for x in lines], first


def test_the_packed_sums_find_each_gram_once_in_lines_of_any_length() -> None:
    """After ``_CUT_FIRST`` lines the packed rows are found by one automaton pass over the line
    (``Model._build_finder``) instead of cutting it into its n-grams: either way each of the
    line's 2- and 3-grams with weights counts once, however often and wherever it is said, at the
    line's ends too, in short lines and in lines of thousands of characters."""
    model = Model(json.loads(model_path().read_text("utf-8")))
    pairs = [g for g in model.weights if len(g) == 2 and "<" not in g and ">" not in g][:400]
    rng = random.Random(17)
    lines = ["", "0", "您", "欠款3000元", *(rng.choice(pairs) for _ in range(20))]
    lines += ["".join(rng.choices(pairs, k=n)) for n in (2, 5, 40, 79, 80, 81, 400, 3000)]
    lines += [line + "，" + line[::-1] for line in lines[-6:]]
    expected = [_plain(model, x) for x in lines]
    assert _scores(model, lines) == expected  # cut into n-grams
    assert model._finder is None
    searched = Model(json.loads(model_path().read_text("utf-8")))
    searched._uncut = -1  # the automaton from the first line on
    assert _scores(searched, lines) == expected
    assert searched._finder is not None
