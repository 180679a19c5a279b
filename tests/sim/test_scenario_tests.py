"""`trainer test` (scenario test files) and `trainer coverage` (transition coverage)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers_engine import model_trainee

from trainer.cli import main
from trainer.content.scenario import load_scenario
from trainer.sim.coverage import measure, stage_path
from trainer.sim.session import Call

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "tests" / "golden" / "engine"


def _model_lines(seed: int = 1) -> list[str]:
    result = model_trainee(Call.start(load_scenario(ENGINE / "engine-honest.yaml"), seed=seed))
    return [t["text"] for t in result["transcript"]["turns"] if t["speaker"] == "agent"]


def _write(tmp_path: Path, cases: str) -> Path:
    path = tmp_path / "cases.yaml"
    path.write_text(cases.replace("SCENARIO", str(ENGINE / "engine-honest.yaml")), "utf-8")
    return path


def _case(name: str, lines: list[str], extra: str = "") -> str:
    body = "".join(f"    - {json.dumps(line, ensure_ascii=False)}\n" for line in lines)
    return f"- name: {name}\n  scenario: SCENARIO\n  seeds: [1]\n  lines:\n{body}{extra}"


def test_the_bundled_scenario_tests_pass(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["test", str(ROOT / "tests" / "scenarios")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "失败 0" in out


def test_a_failing_expectation_is_reported_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ok = _case("范本", _model_lines(), "  outcome: ptp\n  passed: true\n")
    short = _case("只说开场", _model_lines()[:1], "  outcome: ptp\n  findings: {forbidden: [threat]}\n")
    path = _write(tmp_path, ok + short)
    code = main(["test", str(path)])
    out = capsys.readouterr().out
    assert code == 1
    line = 1 + ok.count("\n")  # the second case's "- name:" line
    assert f"{path}:{line}: 只说开场 (seed 1): 期望 结果=ptp，实际 incomplete" in out
    assert "范本" not in out.split("\n")[0]
    assert "通过 1，失败 1" in out


def test_a_bad_file_gives_located_errors_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, _case("a", ["您好"], "  stages: [openning]\n")
                  + _case("a", ["您好"]) + "- name: b\n  scenario: no-such-scenario\n  lines: [您好]\n")
    code = main(["test", str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{path}:6:12: TS005 脚本 engine_script 里没有阶段 'openning'（提示：是不是想写 'opening'？）" in err
    assert f"{path}:7:9: TS004" in err   # the duplicate name
    assert f"{path}:13:13: TS002 找不到场景 'no-such-scenario'" in err
    path.write_text("- name: c\n  scenario: x\n  lines: [您好]\n  findings: {required: [threats]}\n", "utf-8")
    assert main(["test", str(path)]) == 2
    assert f"{path}:4:25: SV013" in capsys.readouterr().err  # an unknown category, at its column


def test_a_file_that_is_not_a_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("name: x\n", "utf-8")
    assert main(["test", str(path)]) == 2
    assert f"{path}:1:1: TS001" in capsys.readouterr().err


def test_junit_output_parses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _model_lines()
    path = _write(tmp_path, _case("范本", lines, "  seeds: [1, 2]\n  outcome: ptp\n".replace("  seeds: [1, 2]\n", ""))
                  + _case("太短", lines[:1], "  outcome: ptp\n"))
    code = main(["test", str(path), "--format", "junit"])
    root = ET.fromstring(capsys.readouterr().out)
    assert code == 1
    cases = root.findall(".//testcase")
    assert [c.get("name") for c in cases] == ["范本 [seed 1]", "太短 [seed 1]"]
    assert cases[0].find("failure") is None
    assert "期望 结果=ptp，实际 incomplete" in cases[1].find("failure").get("message")
    assert root.get("tests") == "2" and root.get("failures") == "1"


def test_seed_flag_overrides_the_file_seeds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, _case("范本", _model_lines(), "  outcome: ptp\n"))
    main(["test", str(path), "--seed", "5", "--format", "junit"])
    assert ET.fromstring(capsys.readouterr().out).find(".//testcase").get("name") == "范本 [seed 5]"


def test_xfail_is_expected_failure_and_a_passing_xfail_fails_the_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _model_lines()
    path = _write(tmp_path, _case("已知问题", lines[:1], "  outcome: ptp\n  xfail: 模拟客户改版中\n"))
    assert main(["test", str(path)]) == 0
    out = capsys.readouterr().out
    assert "已知问题 (seed 1): 预期失败（模拟客户改版中）" in out and "预期失败 1" in out
    path = _write(tmp_path, _case("早就好了", lines, "  outcome: ptp\n  xfail: 模拟客户改版中\n"))
    assert main(["test", str(path)]) == 1
    out = capsys.readouterr().out
    assert "意外通过" in out


def test_stages_expectation_checks_the_order(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _model_lines()
    path = _write(tmp_path, _case("顺序对", lines, "  stages: [opening, recap, closed_ptp]\n")
                  + _case("顺序错", lines, "  stages: [recap, opening]\n"))
    assert main(["test", str(path)]) == 1
    out = capsys.readouterr().out
    assert "顺序对" not in out
    assert "顺序错 (seed 1): 期望 依次经过阶段 recap → opening，实际 opening → purpose" in out


# --------------------------------------------------------------------------- coverage


def test_coverage_counts_what_one_call_exercised() -> None:
    scenario = load_scenario(ENGINE / "engine-honest.yaml")
    result = model_trainee(Call.start(scenario, seed=1))
    script = scenario.script()
    path = stage_path(script, result["transcript"])
    assert path[0] == "opening" and path[-1] == "closed_ptp"
    (cov,) = measure([script], [result["transcript"]])
    assert cov.calls == 1
    assert cov.responses[("opening", "CONFIRM_IDENTITY")] == 1
    assert cov.responses[("recap", "CONFIRM_RECAP")] == 1
    assert ("opening", "THIRD_PARTY_FAMILY") in cov.missed("responses")
    assert "third_party_message" in cov.missed("stages")
    assert cov.missed("events") == ["HANG_UP", "LODGE_COMPLAINT"]
    # a call of another script counts for nothing
    other = dict(result["transcript"], meta={"script": "first_contact"})
    (cov2,) = measure([script], [other])
    assert cov2.calls == 0 and cov2.counts("responses")[0] == 0


def test_coverage_of_a_third_party_call_and_an_event() -> None:
    scenario = load_scenario(ENGINE / "engine-family.yaml")
    result = model_trainee(Call.start(scenario, seed=2))
    (cov,) = measure([scenario.script()], [result["transcript"]])
    assert cov.responses[("opening", "THIRD_PARTY_FAMILY")] == 1
    assert cov.stages["closed_message"] == 1
    hung_up = {"meta": {"script": "engine_script"}, "turns": [
        {"speaker": "agent", "text": "喂", "stage": "opening", "acts": [], "key_points": []},
        {"speaker": "debtor", "text": "（挂断）", "stage": "closed_hung_up", "response": "HANG_UP"}]}
    (cov,) = measure([scenario.script()], [hung_up])
    assert cov.events["HANG_UP"] == 1 and cov.stages["closed_hung_up"] == 1


def test_coverage_command_fail_under_and_drawings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, _case("范本", _model_lines(), "  outcome: ptp\n"))
    script = str(ENGINE / "engine_script.yaml")
    assert main(["coverage", script, "--tests", str(path)]) == 0
    out = capsys.readouterr().out
    assert "engine_script" in out and "third_party_message" in out  # never visited, listed
    assert main(["coverage", script, "--tests", str(path), "--fail-under", "99"]) == 1
    assert "回应覆盖率" in capsys.readouterr().err
    assert main(["coverage", script, "--tests", str(path), "--format", "dot"]) == 0
    dot = capsys.readouterr().out
    assert '"opening" -> "purpose"' in dot and "style=solid" in dot
    assert '"opening" -> "third_party_message"' in dot and "dashed" in dot
    assert main(["coverage", script, "--tests", str(path), "--format", "mermaid"]) == 0
    mermaid = capsys.readouterr().out
    assert "-.->" in mermaid and "linkStyle" in mermaid
    assert main(["coverage", script, "--tests", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scripts"][0]["responses"]["covered"] >= 4


def test_coverage_from_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = tmp_path / "lines.txt"
    lines.write_text("\n".join(_model_lines()), "utf-8")
    db = str(tmp_path / "r.db")
    scenario = str(ENGINE / "engine-honest.yaml")
    assert main(["play", scenario, "--input", str(lines), "--seed", "1", "--trainee", "小李", "--db", db]) == 0
    capsys.readouterr()
    assert main(["coverage", str(ENGINE / "engine_script.yaml"), "--from", "records", "--db", db,
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scripts"][0]["calls"] == 1
    assert "opening:CONFIRM_IDENTITY" not in data["scripts"][0]["responses"]["missed"]


def test_the_authoring_guide_example_is_a_valid_test_file(tmp_path: Path) -> None:
    import re

    from trainer.sim.scenario_tests import load_file, run_case

    guide = (ROOT / "docs" / "authoring.md").read_text("utf-8")
    example = re.search(r"## 测试场景\n.*?```yaml\n(.*?)```", guide, re.S)
    assert example, "docs/authoring.md lost its scenario-test example"
    path = tmp_path / "example.yaml"
    path.write_text(example.group(1), "utf-8")
    (case,) = load_file(path)
    assert all(run.status == "pass" for run in run_case(case))
