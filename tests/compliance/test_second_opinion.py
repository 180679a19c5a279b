"""The model's second opinion on the rules' findings (模型复核: trainer/compliance/second_opinion.py,
``settings.second_opinion`` in trainer/data/rules/model.yaml, docs/compliance.md).

A rule finding whose category the model finds all but impossible on the turn is withdrawn, counted in
the summary and listed with ``--show-withdrawn``; a pack that switches it off audits as before; a bad
setting is a located Chinese error.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from trainer.cli import audit_jobs, main
from trainer.compliance import _load, load_pack, packcache
from trainer.compliance import pack as pack_module
from trainer.compliance.second_opinion import withdrawn_of

ROOT = Path(__file__).resolve().parents[2]
CALLS = ROOT / "tests" / "data" / "compliance" / "calls" / "heldout_r10.jsonl"
WIDOW = [("agent", "您好，请问是周海峰先生吗？"), ("third_party", "他上个月走了，我是他爱人。")]
SPOUSE = [("agent", "您好，请问是周海峰先生吗？"), ("third_party", "我是他爱人，他出差了，有事跟我说。")]
OFF = "pack: no-second-opinion\nsettings: {second_opinion: off}\n"


def _call(turns: list[tuple[str, str]]) -> dict:
    return {"id": "so", "turns": [{"speaker": s, "text": t} for s, t in turns]}


@pytest.fixture
def off_pack(tmp_path: Path) -> Path:
    path = tmp_path / "off.yaml"
    path.write_text(OFF, "utf-8")
    return path


def test_a_reassurance_to_a_bereaved_relative_is_no_longer_reported(off_pack: Path) -> None:
    call = _call([*WIDOW, ("agent", "您放心，家里人不用拿自己的钱去还他个人名下的债务，这点您别担心。")])
    # the rule reads 「债务」 said to a relative as telling a third party about the debt ...
    assert [f["rule"] for f in load_pack([off_pack]).audit(call) if f["turn"] == 2] == ["CN-TP-001"]
    # ... the model finds a disclosure all but impossible here: withdrawn, and kept for the record
    found = load_pack().audit(call)
    assert [f for f in found if f["turn"] == 2] == []
    [gone] = withdrawn_of(found)
    assert gone["rule"] == "CN-TP-001" and gone["turn"] == 2 and gone["probability"] < 0.005


def test_a_category_withdrawn_at_its_own_level(tmp_path: Path) -> None:
    """``by_category`` gives a category its own level: at 0 its findings are never withdrawn."""
    call = _call([*WIDOW, ("agent", "您放心，家里人不用拿自己的钱去还他个人名下的债务，这点您别担心。")])
    local = tmp_path / "level.yaml"
    local.write_text("pack: level\nsettings:\n  second_opinion: {withdraw_below: 0.005, "
                     "by_category: {third_party_disclosure: 0}}\n", "utf-8")
    found = load_pack([local]).audit(call)
    assert [f["rule"] for f in found if f["turn"] == 2] == ["CN-TP-001"] and not withdrawn_of(found)
    assert [f["rule"] for f in withdrawn_of(load_pack().audit(call))] == ["CN-TP-001"]


def test_a_family_liability_claim_that_first_tells_the_spouse_is_a_false_claim_and_a_disclosure() -> None:
    # round 13: the first telling of the debt keeps its own line beside the false claim
    call = _call([*SPOUSE, ("agent", "你们是两口子，他的账就是你的账，法律上这叫共同债务。")])
    assert {f["category"] for f in load_pack().audit(call) if f["turn"] == 2} == {"false_claim", "third_party_disclosure"}


def test_a_clear_breach_in_the_rules_words_is_not_withdrawn() -> None:
    call = _call([("agent", "喂，是刘芳女士吧？"), ("debtor", "是我。"),
                  ("agent", "你再不还钱，我们就上你单位闹，让你同事都知道你是老赖。")])
    found = load_pack().audit(call)
    assert {f["category"] for f in found if f["turn"] == 2} and not withdrawn_of(found)


def test_a_rule_in_exempt_rules_is_never_withdrawn(tmp_path: Path) -> None:
    """Round 16: the mockery frames of CN-ABU-101 are written for words the model had not read; it found
    abuse all but impossible in them, so the shipped setting exempts that rule by name.  (Round 17's model,
    trained on round 16's mockery, finds abuse likelier there, so the exemption is shown at a level set high.)"""
    call = _call([("agent", "喂，是刘芳女士吧？"), ("debtor", "是我。"),
                  ("agent", "谁稀罕骗你。你就说月底能还多少。")])
    found = load_pack().audit(call)
    assert [f["rule"] for f in found if f["turn"] == 2] == ["CN-ABU-101"] and not withdrawn_of(found)
    shipped = load_pack().settings["second_opinion"]
    high = dict(shipped, by_category=dict(shipped["by_category"], abuse=0.5))
    for name, exempt, kept in (("exempt", shipped["exempt_rules"], True), ("none", [], False)):
        local = tmp_path / f"{name}.yaml"  # abuse withdrawn below 0.5, with and without the exemption
        local.write_text("pack: local\nsettings:\n  second_opinion: " + json.dumps(dict(high, exempt_rules=exempt))
                         + "\n", "utf-8")
        found = load_pack([local]).audit(call)
        withdrawn = [f["rule"] for f in withdrawn_of(found)]
        assert ([f["rule"] for f in found if f["turn"] == 2], withdrawn) == \
            ((["CN-ABU-101"], []) if kept else ([], ["CN-ABU-101"]))


def _audit(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["audit", *argv, "--no-progress"])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_summary_counts_the_withdrawn_and_the_flag_lists_them(capsys, tmp_path: Path) -> None:
    summary = tmp_path / "汇总.json"
    code, out, err = _audit(capsys, str(CALLS), "--summary", str(summary))
    n = int(re.search(r"模型复核撤回 (\d+) 条规则命中", out).group(1))
    assert n > 0 and code == 1
    assert json.loads(summary.read_text("utf-8"))["withdrawn_by_model"] == n
    assert "模型复核撤回的规则命中" not in out  # listed only on request
    _code, listed, _err = _audit(capsys, str(CALLS), "--show-withdrawn")
    rows = [line for line in listed.splitlines() if "（模型概率 " in line]
    assert len(rows) == n and f"模型复核撤回的规则命中（{n} 条" in listed
    assert listed.startswith(out.rstrip("\n"))  # the report itself is unchanged
    # JSON: the findings array stays as DESIGN.md says; the count and the list go to stderr
    _code, jout, jerr = _audit(capsys, str(CALLS), "--format", "json", "--show-withdrawn")
    assert isinstance(json.loads(jout), list) and f"模型复核撤回 {n} 条规则命中" in jerr
    assert len([line for line in jerr.splitlines() if "（模型概率 " in line]) == n


def _bundled_without_the_setting(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "bundled"
    folder.mkdir()
    paths = []
    for path in pack_module.bundled_pack_paths():
        text = path.read_text("utf-8")
        if path.name == "model.yaml":
            text = re.sub(r"(?m)^settings:\n  second_opinion:\n(?:    .*\n)+", "", text)
            assert "\nsettings:" not in text
        target = folder / path.name
        target.write_text(text, "utf-8")
        paths.append(target)
    return paths


def test_a_pack_that_switches_it_off_audits_as_a_pack_without_it(tmp_path: Path, off_pack: Path, capsys,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    outputs = {}
    for fmt in ("text", "json", "csv"):
        outputs[fmt] = _audit(capsys, str(CALLS), "--format", fmt, "--rules", str(off_pack), "--show-withdrawn")
        assert "模型复核" not in outputs[fmt][1] + outputs[fmt][2]
    paths = _bundled_without_the_setting(tmp_path)
    monkeypatch.setattr(pack_module, "bundled_pack_paths", lambda: paths)
    monkeypatch.setattr(packcache, "bundled_pack_paths", lambda: paths)
    _load.cache_clear()
    for fmt, (code, out, _err) in outputs.items():
        again = _audit(capsys, str(CALLS), "--format", fmt)
        # the same findings byte for byte (the report's header names the packs: the same files)
        assert again[0] == code and again[1] == out, fmt
    _load.cache_clear()  # the next test reads the real bundled pack again


@pytest.mark.parametrize(("value", "says"), [
    ("{withdraw_below: 1.5}", "withdraw_below 要写 0 到 1 之间的概率"),
    ("{withdraw_below: 多少}", "withdraw_below 要写 0 到 1 之间的概率"),
    ("{withdraw_below: 0.05, exempt_checks: [calltime]}", "exempt_checks 里 'calltime' 不是检查类型"),
    ("{withdraw_below: 0.05, exempt_categories: [threats]}", "exempt_categories 里 'threats' 不是类别"),
    ("{withdraw_below: 0.05, withdraw: 0.1}", "模型复核没有 'withdraw' 这一项"),
    ("{withdraw_below: 0.05, by_category: {threats: 0.01}}", "by_category 里 'threats' 不是类别"),
    ("{withdraw_below: 0.05, by_category: {threat: 2}}", "by_category 里 threat 要写 0 到 1 之间的概率"),
    ("{withdraw_below: 0.05, by_category: [threat]}", "by_category 要写成「类别: 概率」"),
    ("{withdraw_below: 0.05, exempt_rules: [ABU-101]}", "exempt_rules 里 'ABU-101' 不是规则编号"),
    ("{withdraw_below: 0.05, exempt_rules: CN-ABU-101}", "exempt_rules 要写成列表"),
    ("maybe", "模型复核设置 'maybe' 看不懂"),
])
def test_a_bad_setting_is_a_located_chinese_error(tmp_path: Path, capsys, value: str, says: str) -> None:
    local = tmp_path / "local.yaml"
    local.write_text(f"pack: local\nsettings:\n  second_opinion: {value}\n", "utf-8")
    code, _out, err = _audit(capsys, str(CALLS), "--rules", str(local))
    assert code == 2 and f"{local}:3:" in err and "RP008" in err and says in err, err
    assert "Traceback" not in err


@pytest.mark.skipif(not audit_jobs.can_fork(), reason="no fork on this platform: one process")
def test_jobs_2_withdraws_and_lists_what_one_process_does(tmp_path: Path, capsys,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit_jobs, "CHUNK_BYTES", 64 << 10)
    monkeypatch.setattr(audit_jobs, "PARALLEL_MIN_BYTES", 1)
    records = [json.loads(line) for line in CALLS.read_text("utf-8").splitlines() if line.strip()]
    big = tmp_path / "calls.jsonl"
    with big.open("w", encoding="utf-8") as out:
        for n in range(8):
            for r in records:
                out.write(json.dumps({**r, "id": f"{r['id']}-{n}"}, ensure_ascii=False) + "\n")
    for fmt in ("text", "json"):
        one = _audit(capsys, str(big), "--format", fmt, "--jobs", "1", "--show-withdrawn")
        two = _audit(capsys, str(big), "--format", fmt, "--jobs", "2", "--show-withdrawn")
        assert two == one
    assert "模型复核撤回" in one[2] and "（模型概率 " in one[2]


def test_the_shipped_setting_is_the_one_the_docs_report() -> None:
    setting = load_pack().settings["second_opinion"]
    docs = (ROOT / "docs" / "compliance.md").read_text("utf-8")
    assert f"withdraw_below: {setting['withdraw_below']}" in docs
    assert "python tools/cv_second_opinion.py --history" in docs


def test_training_reads_the_rules_without_the_second_opinion() -> None:
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import train_model

    pack = train_model.rules_pack()
    assert pack._second_opinion is None and not pack._per_turn
