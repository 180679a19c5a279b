-- A records database as trainer wrote it at schema version 2 (frozen; do not edit).
-- (the version 1 file of records_v1.sql after the version 2 migration)
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
CREATE TABLE misses (
            call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,            -- key_point | response
            code TEXT NOT NULL,
            title TEXT,
            PRIMARY KEY (call_id, kind, code)
        );
INSERT INTO "misses" VALUES(1,'key_point','close.recap','复述承诺');
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
PRAGMA application_id = 1414680146;
PRAGMA user_version = 2;
