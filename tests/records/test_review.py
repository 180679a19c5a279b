"""The review desk: stable finding ids, decisions that survive re-audits, reopening when a rule or a
call changes, appeals, and an append-only trail."""

from __future__ import annotations

import sqlite3
import textwrap
from pathlib import Path
from typing import Any

import pytest

from trainer.compliance import audit_transcript, load_pack
from trainer.compliance.finding import finding_id
from trainer.records import SCHEMA_VERSION, ReviewDesk, ReviewError, open_store
from trainer.records.review import rule_hashes

HELPERS = Path(__file__).parents[1] / "helpers_records"
CALL = {"id": "c1", "meta": {"agent": "王五", "team": "一组", "started_at": "2026-03-02T10:15:00+08:00"},
        "turns": [{"speaker": "agent", "text": "您好，我是安信银行的小王"},
                  {"speaker": "debtor", "text": "什么事"},
                  {"speaker": "agent", "text": "我是公安局的。你再不还就抓你"},
                  {"speaker": "debtor", "text": "你吓唬谁"}]}


@pytest.fixture
def desk(tmp_path: Path) -> Any:
    store = open_store(tmp_path / "records.db")
    yield ReviewDesk(store)
    store.close()


def audit(desk: ReviewDesk, transcript: dict[str, Any] = CALL, pack: Any = None) -> dict[str, str]:
    pack = pack or load_pack()
    return desk.save_audit(transcript, audit_transcript(transcript, pack), pack_digest=pack.digest,
                           hashes=rule_hashes(pack))


def by_rule(desk: ReviewDesk, rule: str) -> Any:
    return next(f for f in desk.findings(include_inactive=True) if f.rule == rule)


def local_pack(tmp_path: Path, body: str) -> Any:
    path = tmp_path / "local.yaml"
    path.write_text(textwrap.dedent(body), "utf-8")
    return load_pack([str(path)])


# --------------------------------------------------------------------------- ids


def test_ids_are_stable_across_audits_and_differ_by_span_turn_and_rule(desk) -> None:
    first = audit(desk)
    assert audit(desk) == first and len(first) == 2
    f = audit_transcript(CALL)[0]
    assert finding_id(f) in first and len(finding_id(f)) == 12
    for key, value in (("start", f["start"] + 1), ("turn", 0), ("rule", "CN-XXX-001"), ("transcript", "c2")):
        assert finding_id({**f, key: value}) != finding_id(f)


def test_stored_finding_keeps_call_context_and_who_made_the_call(desk) -> None:
    audit(desk)
    f = by_rule(desk, "CN-IMP-002")
    assert (f.call, f.turn, f.excerpt, f.start, f.end, f.status) == ("c1", 2, "我是公安局", 0, 5, "pending")
    assert desk.transcript("c1")["turns"][2]["text"] == "我是公安局的。你再不还就抓你"
    row = desk.store._db.execute("SELECT agent, team FROM audited_calls WHERE id = 'c1'").fetchone()
    assert tuple(row) == ("王五", "一组")


# --------------------------------------------------------------------------- decisions and re-runs


def test_decisions_survive_a_re_audit_of_the_same_call_and_rules(desk) -> None:
    audit(desk)
    imp, thr = by_rule(desk, "CN-IMP-002"), by_rule(desk, "CN-THR-002")
    desk.decide(imp.id, "confirm", "确属冒充警方", "王芳")
    desk.decide(thr.id[:6], "dismiss", "客户原话", "王芳")
    statuses = audit(desk)
    assert statuses == {imp.id: "confirmed", thr.id: "dismissed"}
    assert desk.findings(pending_only=True) == []
    assert [e.action for e in desk.history(imp.id)] == ["confirm"]  # nothing reopened


def test_a_changed_rule_reopens_only_its_findings_and_the_trail_says_why(desk, tmp_path: Path) -> None:
    audit(desk)
    imp, thr = by_rule(desk, "CN-IMP-002"), by_rule(desk, "CN-THR-002")
    desk.decide(imp.id, "confirm", None, "王芳")
    desk.decide(thr.id, "confirm", None, "王芳")
    changed = local_pack(tmp_path, """\
        pack: anxin
        lexicons:
          police: {add: [巡警]}
        """)
    statuses = audit(desk, pack=changed)
    assert statuses == {imp.id: "pending", thr.id: "confirmed"}
    last = desk.history(imp.id)[-1]
    assert (last.action, last.reviewer) == ("reopen", "trainer") and "规则的定义已修改" in last.reason
    assert [f.id for f in desk.findings(pending_only=True)] == [imp.id]


def test_a_severity_change_is_a_rule_change(desk, tmp_path: Path) -> None:
    audit(desk)
    imp = by_rule(desk, "CN-IMP-002")
    desk.decide(imp.id, "dismiss", "误报", "王芳")
    audit(desk, pack=local_pack(tmp_path, "pack: anxin\nseverity: {CN-IMP-002: major}\n"))
    assert by_rule(desk, "CN-IMP-002").status == "pending"


def test_a_changed_call_reopens_its_decisions(desk) -> None:
    audit(desk)
    imp = by_rule(desk, "CN-IMP-002")
    desk.decide(imp.id, "confirm", None, "王芳")
    edited = {**CALL, "turns": CALL["turns"] + [{"speaker": "agent", "text": "请您尽快还款"}]}
    assert audit(desk, edited)[imp.id] == "pending"
    assert "通话内容已变化" in desk.history(imp.id)[-1].reason
    # decided again, the new decision holds for the new content
    desk.decide(imp.id, "confirm", "复核后仍确认", "李强")
    assert audit(desk, edited)[imp.id] == "confirmed"


def test_a_finding_no_longer_reported_is_kept_but_not_pending(desk) -> None:
    audit(desk)
    thr = by_rule(desk, "CN-THR-002")
    desk.decide(thr.id, "confirm", None, "王芳")
    calmer = {**CALL, "turns": [*CALL["turns"][:2], {"speaker": "agent", "text": "我是公安局的"}]}
    audit(desk, calmer)
    gone = by_rule(desk, "CN-THR-002")
    assert not gone.active and gone.status == "confirmed"
    assert thr.id not in {f.id for f in desk.findings()}
    with pytest.raises(ReviewError) as err:
        desk.decide(thr.id, "dismiss", "理由", "王芳")
    assert err.value.code == "RV005"


# --------------------------------------------------------------------------- appeals and the trail


def test_an_appeal_is_recorded_with_its_reason_and_waits_for_a_reviewer(desk) -> None:
    audit(desk)
    imp = by_rule(desk, "CN-IMP-002")
    desk.decide(imp.id, "confirm", None, "王芳")
    after = desk.decide(imp.id, "appeal", "坐席称是在复述客户的话", "王五")
    assert (after.status, after.reason, after.reviewer) == ("appealed", "坐席称是在复述客户的话", "王五")
    assert imp.id in {f.id for f in desk.findings(pending_only=True)}
    assert [(e.action, e.reviewer) for e in desk.history(imp.id)] == [("confirm", "王芳"), ("appeal", "王五")]


def test_the_trail_is_append_only(desk, tmp_path: Path) -> None:
    audit(desk)
    imp = by_rule(desk, "CN-IMP-002")
    desk.decide(imp.id, "confirm", "第一次", "王芳")
    first = desk.history(imp.id)
    desk.decide(imp.id, "reopen", "需要再听录音", "王芳")
    desk.decide(imp.id, "dismiss", "听录音后是引用", "王芳")
    assert desk.history(imp.id)[:1] == first and len(desk.history(imp.id)) == 3
    conn = sqlite3.connect(tmp_path / "records.db")
    for sql in ("UPDATE review_events SET reason = 'x'", "DELETE FROM review_events"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute(sql)
    conn.close()
    assert len(desk.history(imp.id)) == 3


@pytest.mark.parametrize(("action", "reason", "code"), [
    ("dismiss", "", "RV004"), ("appeal", "  ", "RV004"), ("reopen", None, "RV004"), ("approve", "x", "RV001"),
])
def test_bad_decisions_change_nothing(desk, action: str, reason: str | None, code: str) -> None:
    audit(desk)
    imp = by_rule(desk, "CN-IMP-002")
    desk.decide(imp.id, "confirm", None, "王芳")
    with pytest.raises(ReviewError) as err:
        desk.decide(imp.id, action, reason, "王芳")
    assert err.value.code == code
    assert [e.action for e in desk.history(imp.id)] == ["confirm"]


def test_unknown_and_ambiguous_ids_are_refused(desk) -> None:
    audit(desk)
    with pytest.raises(ReviewError) as err:
        desk.decide("0000000000ff", "confirm", None, "王芳")
    assert err.value.code == "RV002"
    with pytest.raises(ReviewError) as err:
        desk.finding("abc")  # shorter than a usable prefix
    assert err.value.code == "RV002"


# --------------------------------------------------------------------------- schema


def test_a_version_2_database_is_migrated_keeping_every_call(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript((HELPERS / "records_v2.sql").read_text(encoding="utf-8"))
    conn.close()
    with open_store(db) as store:
        assert [r.uid for r in store.calls()] == ["practice-first-contact-honest-2",
                                                  "practice-first-contact-honest-1"]
        assert store.misses() == [(1, "key_point", "close.recap", "复述承诺")]
        desk = ReviewDesk(store)
        assert audit(desk) and desk.findings()
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
