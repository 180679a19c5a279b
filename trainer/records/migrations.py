"""The records schema, version by version, and the one-transaction migration that applies it.

Adding a version: append a function to :data:`MIGRATIONS` and bump
:data:`~trainer.records.common.SCHEMA_VERSION`; keep a frozen dump of the previous version in
``tests/helpers_records/`` with a test that opens it (docs/records.md).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from trainer.records.common import APPLICATION_ID, SCHEMA_VERSION, Connection, loads
from trainer.records.rows import write_misses
from trainer.records.summary import migrate_v4
from trainer.zh.display import visible


def _run(db: Connection, script: str) -> None:
    """Run DDL statements one by one (``executescript`` would commit the open transaction)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _m1(db: Connection) -> None:
    _run(db, """
        CREATE TABLE trainees (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );
        CREATE TABLE calls (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            trainee_id INTEGER NOT NULL REFERENCES trainees(id),
            mode TEXT NOT NULL,
            scenario_id TEXT NOT NULL,
            scenario_title TEXT,
            script_id TEXT,
            scenario_hash TEXT,
            script_hash TEXT,
            seed INTEGER,
            started_at TEXT,
            ended_at TEXT,
            recorded_at TEXT NOT NULL,
            finished_at TEXT,
            outcome TEXT,
            passed INTEGER,
            score REAL,
            meta_json TEXT NOT NULL DEFAULT '{}',
            result_json TEXT
        );
        CREATE TABLE turns (
            call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            speaker TEXT NOT NULL,
            text TEXT NOT NULL,
            data_json TEXT NOT NULL DEFAULT '{}',
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (call_id, idx)
        );
        CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            turn INTEGER,
            rule TEXT NOT NULL,
            category TEXT NOT NULL,
            severity TEXT NOT NULL,
            message TEXT,
            excerpt TEXT,
            data_json TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX findings_call ON findings(call_id);
    """)


def _m2(db: Connection) -> None:
    """Rule-pack versions, a sortable recording time, and what each call missed."""
    _run(db, """
        ALTER TABLE calls ADD COLUMN rules_hash TEXT;
        ALTER TABLE calls ADD COLUMN recorded_ts REAL;
        CREATE TABLE misses (
            call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,            -- key_point | response
            code TEXT NOT NULL,
            title TEXT,
            PRIMARY KEY (call_id, kind, code)
        );
        CREATE INDEX calls_trainee_time ON calls(trainee_id, recorded_ts);
        CREATE INDEX calls_time ON calls(recorded_ts);
    """)
    rows = db.execute("SELECT id, recorded_at, result_json FROM calls").fetchall()
    for call_id, recorded_at, result_json in rows:
        try:
            ts = datetime.fromisoformat(recorded_at).timestamp()
        except (TypeError, ValueError):
            ts = 0.0
        db.execute("UPDATE calls SET recorded_ts = ? WHERE id = ?", (ts, call_id))
        write_misses(db, call_id, loads(result_json, {}) or {})


def _m3(db: Connection) -> None:
    """The review desk: audited calls, their findings (stable ids) and the append-only review trail."""
    _run(db, """
        CREATE TABLE audited_calls (
            id TEXT PRIMARY KEY,              -- the transcript id
            content_hash TEXT NOT NULL,       -- sha256 of the transcript as audited
            pack_digest TEXT,                 -- the rule pack it was audited with
            audited_at TEXT NOT NULL,
            agent TEXT,                       -- meta.agent / meta.team
            team TEXT,
            transcript_json TEXT NOT NULL     -- the turns, for the context a reviewer sees
        );
        CREATE TABLE audit_findings (
            id TEXT PRIMARY KEY,              -- stable: hash of (transcript, turn, rule, start, end)
            call_id TEXT NOT NULL REFERENCES audited_calls(id) ON DELETE CASCADE,
            turn INTEGER,
            speaker TEXT,
            rule TEXT NOT NULL,
            category TEXT NOT NULL,
            severity TEXT NOT NULL,
            start INTEGER,
            "end" INTEGER,
            spans_json TEXT,
            excerpt TEXT,
            message TEXT,
            rule_hash TEXT NOT NULL,          -- the rule's own definition when it was found
            content_hash TEXT NOT NULL,       -- the call's content when it was found
            active INTEGER NOT NULL DEFAULT 1, -- found by the latest audit of its call
            first_seen_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL
        );
        CREATE INDEX audit_findings_call ON audit_findings(call_id);
        CREATE TABLE review_events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            finding_id TEXT NOT NULL REFERENCES audit_findings(id) ON DELETE RESTRICT,
            action TEXT NOT NULL CHECK (action IN ('confirm', 'dismiss', 'appeal', 'reopen')),
            reason TEXT,
            reviewer TEXT NOT NULL,
            at TEXT NOT NULL,
            rule_hash TEXT,                   -- what the decision was made against
            content_hash TEXT
        );
        CREATE INDEX review_events_finding ON review_events(finding_id, seq)
    """)
    # the trail is append-only: the file itself refuses to change or drop an event
    for verb in ("UPDATE", "DELETE"):
        db.execute(f"""CREATE TRIGGER review_events_no_{verb.lower()} BEFORE {verb} ON review_events
                       BEGIN SELECT RAISE(ABORT, 'review_events is append-only'); END""")


MIGRATIONS: list[Callable[[Connection], None]] = [_m1, _m2, _m3, migrate_v4]
assert len(MIGRATIONS) == SCHEMA_VERSION


def has_tables(conn: Connection) -> bool:
    return conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0] > 0


# an older file with at least this many calls says (on stderr) that its one-off upgrade is under way
UPGRADE_NOTICE_CALLS = 50_000


def announce_upgrade(conn: Connection, path: Path, version: int) -> None:
    """Tell the user a large older file is being upgraded (version 4 sums up every call once)."""
    if not version:
        return
    calls = conn.execute("SELECT COUNT(*) FROM calls").fetchone()[0]
    if calls >= UPGRADE_NOTICE_CALLS:
        sys.stderr.write(f"正在升级记录库 {visible(str(path), one_line=True)}（结构版本 {version} → "
                         f"{SCHEMA_VERSION}）：为 {calls} 次通话建立统计汇总，只做这一次，请稍候……"
                         "升级在一个事务里完成，中途被打断也不会丢失或改动任何记录。\n")
        sys.stderr.flush()


def migrate(conn: Connection) -> None:
    """Bring the file to SCHEMA_VERSION in one transaction (safe against a concurrent migrator)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0 and has_tables(conn):
            raise conn.DatabaseError("unexpected tables in an unversioned file")
        for step in MIGRATIONS[version:]:
            step(conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")

