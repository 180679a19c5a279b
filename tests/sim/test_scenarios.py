"""Content checks on every bundled scenario, and golden transcripts that pin behaviour under a seed.

* A model trainee that always says the script's own recommended line reaches a success outcome and
  passes.
* A trainee who threatens, impersonates or tells a third party about the debt fails, with that
  category among the findings.
* A trainee who jumps straight to hard pressure provokes a complaint or a hang-up from the honest
  debtor.

Regenerate the golden files after an intended change (and review the diff)::

    TRAINER_REGEN_GOLDEN=1 python -m pytest tests/sim/test_scenarios.py -k golden
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from helpers_engine import model_trainee

from trainer.cli import main
from trainer.content.scenario import bundled_scenario_paths, load_scenario, validate_scenario_file
from trainer.sim.session import Call

GOLDEN = Path(__file__).parents[1] / "golden"
IDS = ["first-contact-honest", "first-contact-slippery", "first-contact-malicious", "first-contact-fraud",
       "follow-up-broken-promise", "third-party-family", "third-party-colleague", "special-hospitalized",
       "special-deceased", "special-complaint-prone"]
THIRD_PARTY = {"third-party-family", "third-party-colleague", "special-deceased"}
GOLDEN_RUNS = [("first-contact-honest", 7), ("first-contact-slippery", 3), ("third-party-family", 1),
               ("special-deceased", 2)]




def first_line(scenario_id: str, seed: int = 0) -> tuple[Call, str]:
    call = Call.start(load_scenario(scenario_id), seed=seed)
    return call, call.suggestions()[0]


BUNDLED = sorted(p.stem for p in bundled_scenario_paths())


def test_the_ten_scenarios_are_bundled_and_listed(capsys) -> None:
    assert set(IDS) <= set(BUNDLED)  # the ten of DESIGN.md, with stable ids; more are welcome
    assert main(["scenarios", "--format", "json"]) == 0
    listed = {row["id"] for row in json.loads(capsys.readouterr().out) if row["source"] == "bundled"}
    assert listed == set(BUNDLED)


@pytest.mark.parametrize("path", bundled_scenario_paths(), ids=lambda p: p.stem)
def test_bundled_scenarios_validate_cleanly(path: Path) -> None:
    assert validate_scenario_file(path) == []


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
@pytest.mark.parametrize("scenario_id", BUNDLED)
def test_the_script_recommended_lines_succeed_and_pass(scenario_id: str, seed: int) -> None:
    scenario = load_scenario(scenario_id)
    result = model_trainee(Call.start(scenario, seed=seed))
    assert result["outcome"] in scenario.success_outcomes, _story(result)
    assert result["passed"], _story(result)


FORBIDDEN_TO_DEBTOR = {
    "threat": "你再不还钱，我们就上门找你，通知你单位领导和你家里人！",
    "impersonation": "我是公安局经侦大队的，现在正式通知你配合调查。",
}
DISCLOSURE = "他的信用卡已经逾期了，欠我们银行一万多块钱，麻烦您让他赶紧还款。"


@pytest.mark.parametrize("scenario_id", sorted(set(IDS) - THIRD_PARTY))
@pytest.mark.parametrize("category", sorted(FORBIDDEN_TO_DEBTOR))
def test_threats_and_impersonation_fail_with_their_category(scenario_id: str, category: str) -> None:
    call, opening = first_line(scenario_id)
    call.say(opening)
    if not call.ended:
        call.say(FORBIDDEN_TO_DEBTOR[category])
    result = model_trainee(call) if not call.ended else call.result()
    assert not result["passed"]
    assert category in {f["category"] for f in result["findings"] if f["severity"] == "critical"}
    assert "一票否决" in result["score"]["gate"]


@pytest.mark.parametrize("scenario_id", sorted(THIRD_PARTY))
def test_telling_a_third_party_about_the_debt_fails(scenario_id: str) -> None:
    call, opening = first_line(scenario_id)
    call.say(opening)
    if not call.ended:
        call.say(DISCLOSURE)
    result = model_trainee(call) if not call.ended else call.result()
    assert not result["passed"]
    # one finding per breach: to a bereaved relative or a child the disclosure is named in the
    # pressure-on-the-vulnerable finding's ``also``
    found = {f["category"] for f in result["findings"]}
    found |= {a["category"] for f in result["findings"] for a in f.get("also", ())}
    assert "third_party_disclosure" in found


HARD_PRESSURE = [
    "张伟，你欠款12580元已经逾期45天了，今天必须全部还清！",
    "别跟我说没钱，不还就影响征信，违约金利息每天都在涨，你自己看着办！",
    "今天必须还，马上还！别找借口！",
    "再拖下去我们就上门找你，通知你单位领导！",
    "今天必须还！马上还！",
    "你还不还？今天必须还清！",
]


@pytest.mark.parametrize("seed", range(6))
def test_hard_pressure_from_the_start_provokes_a_complaint_or_hang_up(seed: int) -> None:
    call = Call.start(load_scenario("first-contact-honest"), seed=seed)
    for line in HARD_PRESSURE * 3:
        if call.ended:
            break
        call.say(line)
    result = call.result() if call.ended else call.end("incomplete")
    assert result["outcome"] in ("complaint", "hung_up"), _story(result)
    assert not result["passed"]


@pytest.mark.parametrize("scenario_id, seed", GOLDEN_RUNS)
def test_golden_transcripts(scenario_id: str, seed: int) -> None:
    result = model_trainee(Call.start(load_scenario(scenario_id), seed=seed))
    result["transcript"]["meta"].pop("script_digest")  # changes with every edit, even a comment
    text = json.dumps(result, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    path = GOLDEN / f"{scenario_id}.seed{seed}.json"
    if os.environ.get("TRAINER_REGEN_GOLDEN"):
        path.write_text(text, "utf-8")
    assert path.exists(), f"missing {path.name}: run with TRAINER_REGEN_GOLDEN=1"
    assert text == path.read_text("utf-8"), (
        f"{path.name} changed; if intended, regenerate with TRAINER_REGEN_GOLDEN=1 and review the diff")


def _story(result: dict[str, Any]) -> str:
    lines = [f"{result['outcome']} passed={result['passed']} total={result['score']['total']} "
             f"gate={result['score']['gate']}"]
    for turn in result["transcript"]["turns"]:
        extra = turn.get("response") or ",".join(turn.get("acts", ()))
        lines.append(f"  {turn['speaker']:<11} [{turn.get('stage')}] {turn['text']}  ({extra})")
    lines += [f"  - {d['part']} {d['points']} @{d['turn']}: {d['reason']}" for d in result["score"]["deductions"]]
    lines += [f"  ! {f['rule']} {f['category']} {f.get('excerpt')}" for f in result["findings"]]
    return "\n".join(lines)
