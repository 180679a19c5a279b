"""`trainer replay`: stored calls re-scored against today's scripts and rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers_records import make_result

from trainer.cli import main
from trainer.records import open_store

# --------------------------------------------------------------------------- a stand-in engine


class Rules:
    """What the instructor can edit: whether 「司法调查组」 must be said, and the script version."""

    require_department = False
    script_digest = "script-v1"


class StandInScenario:
    def __init__(self, sid: str) -> None:
        self.id = sid
        self.title = sid
        self.script_id = "first_contact"
        self.path = ""
        self.bundled = True

    def script(self):
        return type("S", (), {"digest": Rules.script_digest})()


class StandInCall:
    """Deterministic like the real one: the score depends on the lines and the seed only."""

    def __init__(self, scenario, seed, mode) -> None:
        self.scenario, self.seed, self.mode = scenario, seed, mode
        self.lines: list[str] = []
        self.ended = False
        self.outcome: str | None = None

    @classmethod
    def start(cls, scenario, seed=0, mode="play", observer=None, rules=None):
        return cls(scenario, seed, mode)

    def say(self, text: str) -> None:
        self.lines.append(text)
        if "再见" in text:
            self.end("ptp")

    def end(self, outcome: str = "incomplete") -> dict:
        self.ended, self.outcome = True, outcome
        return self.result()

    def result(self) -> dict:
        score = 60 + 10 * len(self.lines) + self.seed
        if Rules.require_department and not any("司法调查组" in line for line in self.lines):
            score -= 30
        return {"outcome": self.outcome or "incomplete", "passed": score >= 70, "score": {"total": score},
                "transcript": {"turns": [{"speaker": "agent", "text": line} for line in self.lines]}}


@pytest.fixture
def engine(monkeypatch):
    import trainer.content.scenario
    import trainer.sim.session

    known = {"first-contact-honest", "first-contact-slippery"}

    def load(ref):
        if ref not in known:
            raise trainer.base.errors.UsageError(f"未知场景 {ref}")
        return StandInScenario(ref)

    monkeypatch.setattr(trainer.sim.session, "Call", StandInCall)
    monkeypatch.setattr(trainer.content.scenario, "load_scenario", load)
    monkeypatch.setattr(Rules, "require_department", False)
    monkeypatch.setattr(Rules, "script_digest", "script-v1")
    monkeypatch.setattr("trainer.records.versions.rules_digest", lambda: "rules-v1")
    return Rules


def _store_call(s, uid: str, trainee: str, lines: list[str], *, seed: int = 0,
                scenario: str = "first-contact-honest") -> None:
    """Record what the stand-in engine gives today for ``lines`` (as a practice call would)."""
    call = StandInCall(StandInScenario(scenario), seed, "practice")
    for line in lines:
        if not call.ended:
            call.say(line)
    result = call.result() if call.ended else call.end()
    turns = []
    for line in lines:
        turns += [("agent", line), ("debtor", "嗯。")]
    full = make_result(uid, outcome=result["outcome"], score=result["score"]["total"],
                       passed=result["passed"], turns=turns, scenario=scenario, seed=seed)
    s.save_transcript_call(trainee=trainee, mode="practice", scenario_id=scenario, seed=seed, result=full,
                           versions={"script": "script-v1", "rules": "rules-v1"})


@pytest.fixture
def db(tmp_path: Path, engine) -> str:
    path = tmp_path / "records.db"
    with open_store(path) as s:
        _store_call(s, "a", "李明", ["您好，我是安信银行信用卡中心司法调查组的小王", "再见"])    # 80, passes
        _store_call(s, "b", "王芳", ["您好，我是安信银行信用卡中心的小王", "再见"])              # 80 → 50
        _store_call(s, "c", "王芳", ["您好", "欠款要还", "再见"], seed=5)                       # 95 → 65
        _store_call(s, "d", "赵强", ["您好"], scenario="first-contact-slippery")                # 70 → 40
        _store_call(s, "gone", "赵强", ["您好", "再见"], scenario="old-scenario")
        cid = s.begin_call(uid="killed", trainee="李明", mode="practice",
                           scenario_id="first-contact-honest", seed=1)
        s.add_turn(cid, 0, {"speaker": "agent", "text": "您好"})
    return str(path)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- behaviour


def test_nothing_changes_when_nothing_was_edited(capsys, db: str) -> None:
    code, out, _ = run(capsys, "replay", "--db", db)
    assert code == 0
    assert "重放 4 次通话：0 次结果会变，其中 0 次通过与否会翻转；4 次不变。" in out
    assert "场景 old-scenario 已不存在或无法加载（1）" in out
    assert "通话未完成，没有可比较的结果（1）" in out


def test_a_stricter_rule_shows_whose_result_would_flip(capsys, db: str, engine) -> None:
    engine.require_department = True
    engine.script_digest = "script-v2"
    code, out, _ = run(capsys, "replay", "--db", db)
    assert code == 0
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("#")}
    assert set(rows) == {"#2", "#3", "#4"}  # #1 said 「司法调查组」: unchanged
    assert "王芳" in rows["#2"] and "80 → 50" in rows["#2"] and "通过 → 未通过 ⚠" in rows["#2"]
    assert "95 → 65" in rows["#3"] and "⚠" in rows["#3"]
    assert "70 → 40" in rows["#4"] and "脚本已改" in rows["#4"]
    assert "3 次结果会变，其中 3 次通过与否会翻转" in out
    assert "通过与否会翻转的学员：王芳、赵强" in out


def test_replay_one_trainee_or_named_calls_as_json(capsys, db: str, engine) -> None:
    engine.require_department = True
    code, out, _ = run(capsys, "replay", "--trainee", "王芳", "--format", "json", "--db", db)
    data = json.loads(out)
    assert code == 0 and [d["id"] for d in data] == ["b", "c"]
    assert data[0]["before"] == {"outcome": "ptp", "passed": True, "score": 80.0}
    assert data[0]["after"] == {"outcome": "ptp", "passed": False, "score": 50}
    assert data[0]["flipped"] is True
    code, out, _ = run(capsys, "replay", "#1", "#4", "--format", "json", "--db", db)
    assert [d["call"] for d in json.loads(out)] == [1, 4]


def test_replay_uses_the_stored_seed(capsys, db: str) -> None:
    code, out, _ = run(capsys, "replay", "c", "--format", "json", "--db", db)
    (item,) = json.loads(out)
    assert item["after"]["score"] == 95 and not item["changed"]  # seed 5 is part of the score


def test_replay_changes_nothing_in_the_records(capsys, db: str, engine) -> None:
    engine.require_department = True
    before = Path(db).read_bytes()
    with open_store(db) as s:
        rows_before = s.calls()
    run(capsys, "replay", "--db", db)
    with open_store(db) as s:
        assert s.calls() == rows_before
    assert len(before) > 0


def test_replay_of_an_empty_database(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "replay", "--db", str(tmp_path / "none.db"))
    assert code == 0 and "还没有通话记录" in out


# --------------------------------------------------------------------------- with the real engine

ENGINE_FILES = Path(__file__).parents[1] / "golden" / "engine"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A private copy of a small script tree and scenario that an instructor can edit."""
    pytest.importorskip("trainer.sim.session")
    folder = tmp_path / "course"
    folder.mkdir()
    for f in ENGINE_FILES.iterdir():
        (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def _model_call(db: Path, scenario_path: Path, trainee: str, seed: int) -> dict:
    """A trainee who says the script's recommended lines, recorded as a practice call."""
    from trainer.content.scenario import load_scenario
    from trainer.records import Recorder
    from trainer.sim.session import Call

    scenario = load_scenario(scenario_path)
    with open_store(db) as s:
        call = Call.start(scenario, seed=seed, mode="practice", observer=Recorder(s, trainee, "practice", scenario,
                                                                                    seed=seed))
        for _ in range(40):
            if call.ended:
                break
            options = call.suggestions()
            call.say(options[0] if options else "好的，再见。")
        return call.result() if call.ended else call.end("incomplete")


def test_real_calls_are_recorded_exactly_and_replay_unchanged(capsys, tmp_path: Path, course: Path) -> None:
    db = tmp_path / "real.db"
    result = _model_call(db, course / "engine-honest.yaml", "李明", seed=4)
    with open_store(db) as s:
        (row,) = s.calls()
        assert (row.outcome, row.passed, row.score) == (result["outcome"], result["passed"],
                                                         float(result["score"]["total"]))
        assert [t["text"] for t in s.turns(row.id)] == [t["text"] for t in result["transcript"]["turns"]]
        assert row.seed == 4 and all(row.versions.values())
        assert row.ended_at == result["transcript"]["turns"][-1]["at"]
    code, out, _ = run(capsys, "replay", "--db", str(db))
    assert code == 0 and "重放 1 次通话：0 次结果会变" in out


def test_an_instructors_edit_shows_up_in_replay(capsys, tmp_path: Path, course: Path) -> None:
    db = tmp_path / "real.db"
    before = _model_call(db, course / "engine-honest.yaml", "李明", seed=4)
    assert before["passed"]
    # the instructor now requires the staff number in the opening and raises the pass mark
    script = course / "engine_script.yaml"
    text = script.read_text(encoding="utf-8")
    text = text.replace("""      - id: opening.ask_name
""", """      - id: opening.staff_id
        title: 报出工号
        match: {regex: ["工号"]}
      - id: opening.ask_name
""", 1)
    script.write_text(text, encoding="utf-8")
    scenario = course / "engine-honest.yaml"
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("pass_mark: 70", "pass_mark: 98"),
                        encoding="utf-8")
    code, out, _ = run(capsys, "replay", "--format", "json", "--db", str(db))
    (item,) = json.loads(out)
    assert code == 0 and item["changed"] and item["flipped"], item
    assert item["after"]["passed"] is False and item["after"]["score"] < item["before"]["score"]
    assert set(item["changed_versions"]) == {"scenario", "script"}
