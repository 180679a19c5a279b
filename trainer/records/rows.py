"""A stored call as the commands see it (:class:`CallRow`), and the rows written for each call."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from trainer.records.common import INCOMPLETE, Connection, dumps, loads
from trainer.records.misses import misses_from_result


@dataclass(frozen=True)
class CallRow:
    """One stored call as the commands show it."""

    id: int
    uid: str
    trainee: str
    mode: str
    scenario_id: str
    scenario_title: str | None
    script_id: str | None
    seed: int | None
    started_at: str | None
    ended_at: str | None
    recorded_at: str
    finished_at: str | None
    outcome: str  # "incomplete" when the call never ended
    passed: bool | None
    score: float | None
    versions: dict[str, str | None] = field(default_factory=dict)
    turn_count: int = 0
    finding_count: int = 0

    @property
    def complete(self) -> bool:
        return self.finished_at is not None


def insert_finding(db: Connection, call_id: int, finding: dict[str, Any],
                    default_turn: int | None) -> None:
    turn = finding.get("turn", default_turn)
    db.execute("INSERT INTO findings(call_id, turn, rule, category, severity, message, excerpt, data_json)"
               " VALUES (?,?,?,?,?,?,?,?)",
               (call_id, turn if isinstance(turn, int) else None, str(finding.get("rule", "")),
                str(finding.get("category", "")), str(finding.get("severity", "")),
                finding.get("message"), finding.get("excerpt"), dumps(finding)))


def write_misses(db: Connection, call_id: int, result: dict[str, Any]) -> None:
    db.execute("DELETE FROM misses WHERE call_id = ?", (call_id,))
    db.executemany("INSERT OR REPLACE INTO misses(call_id, kind, code, title) VALUES (?,?,?,?)",
                   [(call_id, k, c, t) for k, c, t in misses_from_result(result)])


def call_row(r: Any) -> CallRow:
    finished = r["finished_at"]
    outcome = r["outcome"] if finished and r["outcome"] else INCOMPLETE
    return CallRow(
        id=r["id"], uid=r["uid"], trainee=r["trainee"], mode=r["mode"], scenario_id=r["scenario_id"],
        scenario_title=r["scenario_title"], script_id=r["script_id"], seed=r["seed"],
        started_at=r["started_at"], ended_at=r["ended_at"], recorded_at=r["recorded_at"],
        finished_at=finished, outcome=outcome,
        passed=None if r["passed"] is None else bool(r["passed"]), score=r["score"],
        versions={"scenario": r["scenario_hash"], "script": r["script_hash"], "rules": r["rules_hash"]},
        turn_count=r["turn_count"], finding_count=r["finding_count"])


def new_uid(mode: str) -> str:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return f"{mode}-{stamp}-{os.getpid()}-{os.urandom(2).hex()}"



class HistoryRow(NamedTuple):
    """One line of ``trainer history``: only what it shows.  ``outcome`` is None for a call whose
    end was never recorded; ``violations`` counts distinct (turn, rule) pairs."""

    id: int
    recorded_at: str
    trainee: str
    mode: str
    scenario_id: str
    scenario_title: str | None
    outcome: str | None
    score: float | None
    passed: int | None
    violations: int


class RawJSON:
    """A JSON value already serialised (a call's stored turns), written out as is by
    ``trainer.content.transcript.dumps_line`` (which looks for ``json_text``)."""

    __slots__ = ("json_text",)

    def __init__(self, json_text: str) -> None:
        self.json_text = json_text



def turn_json(speaker: str, text: str, data: str | None) -> str:
    """A stored turn as JSON text: as recorded when that holds the speaker and the text (what
    :meth:`Store.add_turn` writes), else rebuilt with the columns' speaker and text."""
    if data and data[0] == "{" and data[-1] == "}" and '"speaker": ' in data and '"text": ' in data:
        return data
    turn = loads(data, {})
    turn = turn if isinstance(turn, dict) else {}
    turn["speaker"], turn["text"] = speaker, text
    return dumps(turn)


def export_head(r: tuple, turns: list[str]) -> dict[str, Any]:
    """The transcript of one exported call from a row of :meth:`Store.export` and its turns'
    JSON texts."""
    (call_id, uid, trainee, mode, scenario, seed, outcome, passed, score, recorded_at, finished_at,
     scenario_hash, script_hash, rules_hash, started_at, meta_json) = r[:16]
    meta = loads(meta_json, {})
    meta = meta if isinstance(meta, dict) else {}
    meta.setdefault("timezone", "Asia/Shanghai")
    meta["record"] = {
        "id": call_id, "trainee": trainee, "mode": mode, "scenario": scenario, "seed": seed,
        "outcome": outcome if finished_at and outcome else INCOMPLETE,
        "passed": None if passed is None else bool(passed), "score": score,
        "recorded_at": recorded_at, "finished_at": finished_at,
        "versions": {"scenario": scenario_hash, "script": script_hash, "rules": rules_hash},
    }
    if started_at and not meta.get("started_at"):
        meta["started_at"] = started_at
    return {"id": uid, "meta": meta, "turns": RawJSON("[" + ",".join(turns) + "]")}
