"""Schema version 4: one summary row per call, kept up to date by the file itself.

Every progress figure of ``trainer report`` needs, per call, whether it is *done*, its day, its
scenario and trainee, its score, pass mark and outcome, and its distinct violations.  Computing
them from ``calls`` and ``findings`` cost about 24 passes over the calls per report (the done test
alone, several ``typeof`` checks, was evaluated 4–5 times per row).  Version 4 stores them:

* ``call_summary`` — one row per call: trainee, recitation flag, scenario, recording time (and
  its local day), ``done`` (its end was recorded and its score and pass mark have usable types),
  and — for done calls only — score, passed and outcome; ``violations`` counts its distinct
  ``(turn, rule)``.
* ``call_violations`` — per call and category: its distinct ``(turn, rule)``, in all and by
  severity.

Both are written by triggers on ``calls`` and ``findings``, inside the transaction that writes the
call or the finding, so whoever writes a call (the recorder, an import, another tool) keeps them
right and durability is unchanged: a killed call loses at most the turn in flight, and its
summary is exactly as committed.  An older file gets them once, when first opened
(:func:`migrate_v4`, inside the migration's single transaction: interrupted, nothing changes).
"""

from __future__ import annotations

from trainer.records.common import Connection

# the done test of docs/records.md: its end was recorded, score and passed have usable types
DONE_OF = ("({c}.finished_at IS NOT NULL AND typeof({c}.score) IN ('integer', 'real', 'null')"
           " AND typeof({c}.passed) IN ('integer', 'null'))")

# columns without a declared type keep the stored value as it is (an integer score stays one)
TABLES = """
CREATE TABLE call_summary (
    call_id INTEGER PRIMARY KEY,
    trainee_id INTEGER NOT NULL,
    recite INTEGER NOT NULL,      -- mode = 'recite'
    scenario_id,
    recorded_at,
    day,                          -- substr(recorded_at, 1, 10): the local day
    ts,                           -- recorded_ts
    done INTEGER NOT NULL,
    score,                        -- done calls only
    passed,                       -- done calls only
    outcome,                      -- done calls only
    violations INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX call_summary_time ON call_summary(recite, trainee_id, day, done, score, passed,
                                               recorded_at, scenario_id);
CREATE INDEX call_summary_order ON call_summary(recite, trainee_id, ts, call_id, score);
CREATE TABLE call_violations (
    call_id INTEGER NOT NULL,
    category,
    n INTEGER NOT NULL,           -- distinct (turn, rule, category, severity)
    critical INTEGER NOT NULL,    -- of them, by severity
    major INTEGER NOT NULL,
    minor INTEGER NOT NULL,
    PRIMARY KEY (call_id, category)
)
"""


_COUNTS = ("COUNT(*), SUM(severity = 'critical'), SUM(severity = 'major'), SUM(severity = 'minor')")


def _row_of(c: str) -> str:
    done = DONE_OF.format(c=c)
    return f"""INSERT OR REPLACE INTO call_summary(call_id, trainee_id, recite, scenario_id, recorded_at,
                   day, ts, done, score, passed, outcome, violations)
               SELECT {c}.id, {c}.trainee_id, {c}.mode = 'recite', {c}.scenario_id, {c}.recorded_at,
                      substr({c}.recorded_at, 1, 10), {c}.recorded_ts, {done},
                      CASE WHEN {done} THEN {c}.score END, CASE WHEN {done} THEN {c}.passed END,
                      CASE WHEN {done} THEN {c}.outcome END,
                      (SELECT COUNT(*) FROM (SELECT DISTINCT turn, rule FROM findings WHERE call_id = {c}.id))"""


def _violations_of(call: str) -> str:
    return f"""DELETE FROM call_violations WHERE call_id = {call};
               INSERT INTO call_violations(call_id, category, n, critical, major, minor)
                   SELECT call_id, category, {_COUNTS} FROM
                       (SELECT DISTINCT call_id, turn, rule, category, severity FROM findings
                        WHERE call_id = {call})
                   GROUP BY category;
               UPDATE call_summary SET violations =
                   (SELECT COUNT(*) FROM (SELECT DISTINCT turn, rule FROM findings WHERE call_id = {call}))
               WHERE call_id = {call};"""


TRIGGERS = (
    f"CREATE TRIGGER call_summary_insert AFTER INSERT ON calls BEGIN {_row_of('NEW')} FROM (SELECT 1); END",
    f"CREATE TRIGGER call_summary_update AFTER UPDATE ON calls BEGIN {_row_of('NEW')} FROM (SELECT 1); END",
    """CREATE TRIGGER call_summary_delete AFTER DELETE ON calls BEGIN
           DELETE FROM call_summary WHERE call_id = OLD.id;
           DELETE FROM call_violations WHERE call_id = OLD.id; END""",
    f"CREATE TRIGGER call_violations_insert AFTER INSERT ON findings BEGIN {_violations_of('NEW.call_id')} END",
    f"CREATE TRIGGER call_violations_delete AFTER DELETE ON findings BEGIN {_violations_of('OLD.call_id')} END",
)

BACKFILL = (
    f"""INSERT INTO call_summary(call_id, trainee_id, recite, scenario_id, recorded_at, day, ts, done,
               score, passed, outcome, violations)
        SELECT c.id, c.trainee_id, c.mode = 'recite', c.scenario_id, c.recorded_at, substr(c.recorded_at, 1, 10),
               c.recorded_ts, {DONE_OF.format(c='c')},
               CASE WHEN {DONE_OF.format(c='c')} THEN c.score END, CASE WHEN {DONE_OF.format(c='c')} THEN c.passed END,
               CASE WHEN {DONE_OF.format(c='c')} THEN c.outcome END, COALESCE(v.n, 0)
        FROM calls c LEFT JOIN (SELECT call_id, COUNT(*) AS n FROM
                                    (SELECT DISTINCT call_id, turn, rule FROM findings) GROUP BY call_id) v
             ON v.call_id = c.id""",
    f"""INSERT INTO call_violations(call_id, category, n, critical, major, minor)
        SELECT call_id, category, {_COUNTS} FROM
            (SELECT DISTINCT call_id, turn, rule, category, severity FROM findings)
        GROUP BY call_id, category""",
)


def migrate_v4(db: Connection) -> None:
    """Create the summary tables and their triggers, and fill them from the calls already kept."""
    for statement in TABLES.split(";"):
        if statement.strip():
            db.execute(statement)
    for statement in BACKFILL:
        db.execute(statement)
    for statement in TRIGGERS:
        db.execute(statement)
