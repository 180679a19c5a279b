"""A stored call as the commands see it (:class:`CallRow`), and the rows written for each call."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from trainer.records.common import INCOMPLETE, Connection, dumps
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

