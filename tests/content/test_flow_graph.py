"""State machines built from script trees, and their diagrams."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.content.script import Script
from trainer.sim.flow import Flow

FIXTURES = Path(__file__).parents[1] / "fixtures" / "scripts"


@dataclass
class Model:
    state: str = ""


@pytest.fixture(scope="module")
def script() -> Script:
    return Script.from_yaml(FIXTURES / "valid.yaml")


def test_a_response_moves_the_call_along(script: Script) -> None:
    flow = Flow.for_script(script)
    call = Model()
    flow.attach(call)
    assert call.state == "opening"
    assert not flow.respond(call, "opening", "PTP_OFFER")  # not an answer the script expects here
    assert call.state == "opening"
    assert flow.respond(call, "opening", "CONFIRM_IDENTITY")
    assert call.state == "purpose"
    flow.detach(call)


def test_one_machine_serves_many_calls(script: Script) -> None:
    flow = Flow.for_script(script)
    assert Flow.for_script(script) is flow
    calls = [Model() for _ in range(3)]
    for c in calls:
        flow.attach(c)
    flow.respond(calls[0], "opening", "CONFIRM_IDENTITY")
    assert [c.state for c in calls] == ["purpose", "opening", "opening"]
    for c in calls:
        flow.detach(c)
    assert flow.machine.models == []


def test_session_state_is_plain_json(script: Script) -> None:
    flow = Flow.for_script(script)
    call = Model()
    flow.attach(call)
    flow.respond(call, "opening", "CONFIRM_IDENTITY")
    assert json.loads(json.dumps({"state": call.state})) == {"state": "purpose"}
    resumed = Model()
    flow.attach(resumed, stage=call.state)
    assert flow.respond(resumed, "purpose", "PTP_OFFER") and resumed.state == "closed_ptp"


def test_machine_has_no_auto_transitions(script: Script) -> None:
    flow = Flow.for_script(script)
    assert not any(name.startswith("to_") for name in flow.machine.events)


def _big_script(tmp_path: Path, n: int) -> Path:
    lines = ["id: big", "title: 大脚本", "start: s0", "stages:"]
    for i in range(n):
        nxt = f"s{i + 1}" if i + 1 < n else "end"
        lines.append(f"  - {{id: s{i}, title: 阶段{i}, responses: [{{code: CONFIRM, examples: [好], next: {nxt}}}]}}")
    lines.append("  - {id: end, title: 结束, outcome: ptp}")
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_building_grows_linearly_not_quadratically(tmp_path: Path) -> None:
    # A regression to auto_transitions (one `to_<stage>` event per stage pair, O(n²) to build) makes
    # the 8× larger tree carry ~64× the transitions; counted, not timed, so a busy machine cannot
    # make it flaky (benchmarks/bench_scripts.py times it).
    def transitions(n: int) -> int:
        flow = Flow(Script.from_yaml(_big_script(tmp_path, n)))
        return sum(len(t) for event in flow.machine.events.values() for t in event.transitions.values())
    small, large = transitions(250), transitions(2000)
    assert small > 0
    assert large <= small * 10


def test_mermaid_labels_stages_in_chinese_and_marks_outcomes(script: Script, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(FIXTURES / "valid.yaml")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("flowchart TD")
    assert 'opening[["开场"]]' in out
    assert 'closed_ptp(["承诺还款<br/>[ptp 承诺还款]"])' in out
    assert 'opening -->|"确认是本人"| purpose' in out


def test_dot_escapes_quotes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (FIXTURES / "valid.yaml").read_text("utf-8").replace("title: 开场\n", 'title: 开场"引号"\n', 1)
    path = tmp_path / "q.yaml"
    path.write_text(text, "utf-8")
    assert main(["graph", str(path), "--format", "dot"]) == 0
    out = capsys.readouterr().out
    assert 'label="开场\\"引号\\""' in out and out.rstrip().endswith("}")


def test_graph_of_a_broken_script_is_an_error_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(FIXTURES / "SV021_dangling.yaml")]) == 2
    err = capsys.readouterr().err
    assert "SV021" in err and "Traceback" not in err


def test_schema_command_prints_the_published_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "script"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "催收话术脚本树"
    assert "CONFIRM_IDENTITY" in schema["$defs"]["response"]["properties"]["code"]["enum"]
