"""tools/opinion_margins.py: the tests run with the second opinion's levels moved as if the model's
probabilities moved by a few log-odds, to say how far a retrain may move them before a promise breaks."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

import opinion_margins as om  # noqa: E402

from trainer.compliance import load_pack  # noqa: E402
from trainer.compliance.second_opinion import SecondOpinion  # noqa: E402


def _odds(p: float) -> float:
    return p / (1 - p)


def test_a_shift_moves_every_level_by_that_many_log_odds_and_never_withdraws_what_is_never_withdrawn() -> None:
    assert om.shifted(0.01, 0.0) == pytest.approx(0.01)
    assert math.log(_odds(om.shifted(0.01, -1.0)) / _odds(0.01)) == pytest.approx(1.0)  # model less sure: more withdrawn
    assert math.log(_odds(om.shifted(0.01, 0.5)) / _odds(0.01)) == pytest.approx(-0.5)
    assert om.shifted(0.0, -3.0) == 0.0


def test_the_plugin_moves_the_bundled_levels_only_for_the_category_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SecondOpinion, "level", SecondOpinion.level)  # put back after the test
    opinion = load_pack()._second_opinion
    threat, abuse = opinion.level("threat"), opinion.level("abuse")
    monkeypatch.setenv("OPINION_SHIFT", "-1")
    monkeypatch.setenv("OPINION_SHIFT_CATEGORY", "threat")
    om.pytest_configure(None)
    assert opinion.level("threat") == pytest.approx(om.shifted(threat, -1.0)) and opinion.level("threat") > threat
    assert opinion.level("abuse") == abuse
