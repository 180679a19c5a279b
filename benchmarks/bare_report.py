"""The bare-sqlite3 equivalent of ``trainer report --all``: the same figures, stdlib only.

Run as its own process by ``benchmarks/bench_records.py`` (``python benchmarks/bare_report.py
DB [summary]``).  It computes what the report shows — per trainee and day: calls, done calls,
score sum, pass marks, first and last call; the trainee × scenario matrix with each cell's latest
attempt; each trainee's first-half/second-half trend; the three calls to look at first per day
(cohort) and per trainee and day; distinct violations by trainee, day and category with their
severities; the missed key points and responses by day — and prints every row with ``print``.
It does not render (no text layout, HTML or charts) and loads no scenario.

* ``base`` (default): from the tables every version has (``calls``, ``findings``, ``misses``):
  one pass builds a temporary per-call table (the done test evaluated once per call, distinct
  violations per call), then the same GROUP BYs and windows over it.
* ``summary``: the same GROUP BYs and windows over the stored ``call_summary`` and
  ``call_violations`` rows of schema version 4 — exactly the reads ``trainer report`` makes.
"""

from __future__ import annotations

import sqlite3
import sys

DONE = ("finished_at IS NOT NULL AND typeof(score) IN ('integer', 'real', 'null')"
        " AND typeof(passed) IN ('integer', 'null')")
BUILD = (
    f"""CREATE TEMP TABLE call_summary AS
        SELECT c.id AS call_id, trainee_id, mode = 'recite' AS recite, scenario_id, recorded_at,
               substr(recorded_at, 1, 10) AS day, recorded_ts AS ts, {DONE} AS done,
               CASE WHEN {DONE} THEN score END AS score, CASE WHEN {DONE} THEN passed END AS passed,
               CASE WHEN {DONE} THEN outcome END AS outcome, COALESCE(v.n, 0) AS violations
        FROM calls c LEFT JOIN (SELECT call_id, COUNT(*) AS n FROM (SELECT DISTINCT call_id, turn, rule
                                FROM findings) GROUP BY call_id) v ON v.call_id = c.id""",
    """CREATE TEMP TABLE call_violations AS
        SELECT call_id, category, COUNT(*) AS n, SUM(severity = 'critical') AS critical,
               SUM(severity = 'major') AS major, SUM(severity = 'minor') AS minor
        FROM (SELECT DISTINCT call_id, turn, rule, category, severity FROM findings) GROUP BY call_id, category""",
)
QUERIES = (
    """SELECT recite, trainee_id, day, COUNT(*), SUM(done), SUM(score), COUNT(score), SUM(passed = 1),
              COUNT(passed), SUM(passed = 1 AND score IS NOT NULL), COUNT(CASE WHEN score IS NOT NULL THEN passed END),
              MIN(recorded_at), MAX(recorded_at)
       FROM call_summary GROUP BY recite, trainee_id, day""",
    """SELECT trainee_id, scenario_id, COUNT(*), SUM(done), MAX(score), SUM(passed = 1), COUNT(passed)
       FROM call_summary WHERE recite = 0 GROUP BY 1, 2""",
    """SELECT trainee_id, scenario_id, MAX(done * 1e12 + ts), call_id, score, passed, outcome, recorded_at
       FROM call_summary WHERE recite = 0 GROUP BY 1, 2""",
    """SELECT trainee_id, AVG(CASE WHEN rn <= n / 2 THEN score END), AVG(CASE WHEN rn > n - n / 2 THEN score END), n
       FROM (SELECT trainee_id, score, ROW_NUMBER() OVER (PARTITION BY trainee_id ORDER BY ts, call_id) AS rn,
                    COUNT(*) OVER (PARTITION BY trainee_id) AS n
             FROM call_summary WHERE recite = 0 AND score IS NOT NULL) GROUP BY trainee_id""",
    """SELECT day, call_id, score, violations FROM (
           SELECT day, call_id, score, violations, ROW_NUMBER() OVER (PARTITION BY day
                  ORDER BY violations DESC, score IS NULL, score, call_id) AS rn
           FROM call_summary WHERE recite = 0 AND done) WHERE rn <= 3 ORDER BY day, rn""",
    """SELECT trainee_id, day, call_id, score FROM (
           SELECT trainee_id, day, call_id, score, ROW_NUMBER() OVER (PARTITION BY trainee_id, day
                  ORDER BY score, call_id) AS rn
           FROM call_summary WHERE recite = 0 AND done AND score IS NOT NULL) WHERE rn <= 3""",
    """SELECT s.trainee_id, s.day, v.category, SUM(v.n), SUM(v.critical), SUM(v.major), SUM(v.minor), COUNT(*)
       FROM call_violations v JOIN call_summary s ON s.call_id = v.call_id WHERE s.recite = 0
       GROUP BY 1, 2, 3""",
    """SELECT s.recite, m.kind, m.code, s.day, MAX(m.title), COUNT(*)
       FROM misses m JOIN call_summary s ON s.call_id = m.call_id GROUP BY 1, 2, 3, 4""",
)


def main() -> None:
    db = sqlite3.connect(sys.argv[1])
    if (sys.argv[2:] or ["base"])[0] == "base":
        for sql in BUILD:
            db.execute(sql)
    for sql in QUERIES:
        for row in db.execute(sql):
            print(row)


if __name__ == "__main__":
    main()
