"""Helpers for the records tests: call results in the documented formats, built from plain dicts."""

from __future__ import annotations

from typing import Any


def make_result(uid: str, *, outcome: str = "ptp", score: float = 80, passed: bool | None = None,
                turns: list[tuple[str, str]] | None = None, findings: list[dict[str, Any]] | None = None,
                missed_key_points: list[tuple[str, str]] = (), missed_responses: list[str] = (),
                scenario: str = "first-contact-honest", seed: int = 7) -> dict[str, Any]:
    """A ``play --format json`` dict (DESIGN.md) with ``missed`` items as the scorer reports them."""
    turns = turns if turns is not None else [("debtor", "喂，哪位？"),
                                             ("agent", "您好，这里是安信银行信用卡中心司法调查组，我姓王。"),
                                             ("debtor", "哦，什么事？")]
    return {
        "scenario": scenario,
        "account": {"name": "张伟", "card_tail": "6688", "balance": 12580.0},
        "outcome": outcome,
        "passed": score >= 70 if passed is None else passed,
        "score": {"total": score, "compliance": 100, "adherence": score, "outcome": score},
        "findings": list(findings or []),
        "missed": {"key_points": [{"id": k, "title": t} for k, t in missed_key_points],
                   "responses": [{"code": c} for c in missed_responses]},
        "transcript": {"id": uid,
                       "meta": {"contact": "debtor", "started_at": "2026-03-02T10:15:00+08:00",
                                "timezone": "Asia/Shanghai", "scenario": scenario, "seed": seed},
                       "turns": [{"speaker": s, "text": t} for s, t in turns]},
    }


def finding(turn: int | None, category: str = "impersonation", severity: str = "critical",
            rule: str = "CN-IMP-002", excerpt: str = "公安局") -> dict[str, Any]:
    return {"transcript": "x", "turn": turn, "speaker": "agent", "rule": rule, "category": category,
            "severity": severity, "message": "不得冒充公检法", "excerpt": excerpt, "start": 0, "end": 3}


class FakeCall:
    """Just enough of ``trainer.sim.session.Call`` for a Recorder: id, seed, transcript()."""

    def __init__(self, uid: str, seed: int = 7) -> None:
        self.id = uid
        self.seed = seed
        self.turns: list[dict[str, Any]] = []

    def transcript(self) -> dict[str, Any]:
        return {"id": self.id, "meta": {"contact": "debtor", "started_at": "2026-03-02T10:15:00+08:00",
                                        "timezone": "Asia/Shanghai"}, "turns": list(self.turns)}


class FakeScenario:
    id = "first-contact-honest"
    title = "首次联系：老实本分的客户"
    script_id = "first_contact"
    path = ""
    bundled = True
