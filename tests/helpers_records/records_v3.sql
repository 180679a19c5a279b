-- A records database as trainer wrote it at schema version 3 (frozen; do not edit).
-- (the version 2 file of records_v2.sql after the version 3 migration, and three more calls:
-- one rule matched twice in one turn, a recital, and a score another tool stored as text)
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
CREATE TABLE audited_calls (
            id TEXT PRIMARY KEY,              -- the transcript id
            content_hash TEXT NOT NULL,       -- sha256 of the transcript as audited
            pack_digest TEXT,                 -- the rule pack it was audited with
            audited_at TEXT NOT NULL,
            agent TEXT,                       -- meta.agent / meta.team
            team TEXT,
            transcript_json TEXT NOT NULL     -- the turns, for the context a reviewer sees
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
, rules_hash TEXT, recorded_ts REAL);
INSERT INTO "calls" VALUES(1,'practice-first-contact-honest-1',1,'practice','first-contact-honest','首次联系','first_contact','aaa','bbb',1,'2026-03-02T10:15:00+08:00',NULL,'2025-11-03T09:05:00+08:00','2025-11-03T09:09:00+08:00','ptp',0,62.0,'{"contact": "debtor", "started_at": "2026-03-02T10:15:00+08:00"}','{"outcome": "ptp", "passed": false, "score": {"total": 62, "deductions": [{"key_point": "close.recap", "title": "复述承诺", "points": 10}]}}',NULL,1762131900.0);
INSERT INTO "calls" VALUES(2,'practice-first-contact-honest-2',1,'practice','first-contact-honest',NULL,NULL,NULL,NULL,2,NULL,NULL,'2025-11-04T09:05:00+08:00',NULL,NULL,NULL,NULL,'{}',NULL,NULL,1762218300.0);
INSERT INTO "calls" VALUES(3,'practice-third-party-family-1',1,'practice','third-party-family',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2025-11-05T10:00:00+08:00','2025-11-05T10:04:00+08:00','refused',1,75.0,'{}','{"outcome": "refused", "passed": true, "score": {"total": 75}}',NULL,1762308000.0);
INSERT INTO "calls" VALUES(4,'recite-first_contact-1',1,'recite','first_contact','背诵：首次联系',NULL,NULL,NULL,NULL,NULL,NULL,'2025-11-05T11:00:00+08:00','2025-11-05T11:02:00+08:00','recited',1,90.0,'{}',NULL,NULL,1762311600.0);
INSERT INTO "calls" VALUES(5,'practice-first-contact-honest-3',1,'practice','first-contact-honest',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'2025-11-06T09:00:00+08:00','2025-11-06T09:03:00+08:00','ptp',1,'abc','{}',NULL,NULL,1762390800.0);
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
INSERT INTO "findings" VALUES(1,1,1,'CN-THR-001','threat','major','威胁','后果','{}');
INSERT INTO "findings" VALUES(2,3,1,'CN-TPD-001','third_party_disclosure','critical','向第三方透露欠款','他欠了钱','{}');
INSERT INTO "findings" VALUES(3,3,1,'CN-TPD-001','third_party_disclosure','critical','向第三方透露欠款','欠款','{}');
INSERT INTO "findings" VALUES(4,3,3,'CN-THR-001','threat','major','威胁','后果自负','{}');
CREATE TABLE misses (
            call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,            -- key_point | response
            code TEXT NOT NULL,
            title TEXT,
            PRIMARY KEY (call_id, kind, code)
        );
INSERT INTO "misses" VALUES(1,'key_point','close.recap','复述承诺');
INSERT INTO "misses" VALUES(3,'response','NO_MONEY',NULL);
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
CREATE TABLE trainees (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
INSERT INTO "trainees" VALUES(1,'老员工','2025-11-03T09:00:00+08:00');
CREATE TABLE turns (
    call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    speaker TEXT NOT NULL,
    text TEXT NOT NULL,
    data_json TEXT NOT NULL DEFAULT '{}',
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (call_id, idx)
);
INSERT INTO "turns" VALUES(1,0,'debtor','喂？','{"speaker": "debtor", "text": "喂？"}','2025-11-03T09:05:01+08:00');
INSERT INTO "turns" VALUES(1,1,'agent','您好，我是安信银行信用卡中心司法调查组的王先生。','{}','2025-11-03T09:05:05+08:00');
INSERT INTO "turns" VALUES(2,0,'debtor','喂？','{}','2025-11-04T09:05:01+08:00');
CREATE INDEX findings_call ON findings(call_id);
CREATE INDEX calls_trainee_time ON calls(trainee_id, recorded_ts);
CREATE INDEX calls_time ON calls(recorded_ts);
CREATE INDEX audit_findings_call ON audit_findings(call_id);
CREATE INDEX review_events_finding ON review_events(finding_id, seq)
    ;
CREATE TRIGGER review_events_no_update BEFORE UPDATE ON review_events
                       BEGIN SELECT RAISE(ABORT, 'review_events is append-only'); END;
CREATE TRIGGER review_events_no_delete BEFORE DELETE ON review_events
                       BEGIN SELECT RAISE(ABORT, 'review_events is append-only'); END;
DELETE FROM "sqlite_sequence";
PRAGMA application_id = 1414680146;
PRAGMA user_version = 3;
