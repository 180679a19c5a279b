"""Frozen: the report figures as schema version 3 computed them (from calls, findings and misses),
the reference the summary-table queries of version 4 must match.  Progress figures computed in SQL: what ``trainer report`` shows, without loading every call.

Each function takes ``rows(sql, params)`` (the store's streaming reader: plain tuples, errors
turned into :class:`~trainer.records.common.StoreError`) and a :class:`Scope` (one trainee or
everybody) and returns plain data whose size depends on the number of trainees, scenarios,
days and categories, never on the number of calls.

Counting rules (docs/records.md):

* a call is *done* when its end was recorded; scores and pass rates count done calls only;
* recitals (mode ``recite``) are kept apart from calls;
* a violation is one distinct ``(call, turn, rule)``: a sentence that matches a rule in several
  places, or several patterns of one rule, counts once;
* dates are the local date of recording (``recorded_at``'s first ten characters).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from trainer.records.common import RECITE_MODE

Rows = Callable[[str, Sequence[Any]], Iterator[tuple]]

# A call counts once its end was recorded; a score or pass mark of the wrong type (an odd stored
# value, which `history` notes) leaves the call out of the figures instead of crashing them.
DONE = ("c.finished_at IS NOT NULL AND typeof(c.score) IN ('integer', 'real', 'null')"
        " AND typeof(c.passed) IN ('integer', 'null')")
# distinct violations (turn, rule) per call, joined where a figure needs them per call
PER_CALL = """LEFT JOIN (SELECT call_id, COUNT(*) AS n FROM (SELECT DISTINCT call_id, turn, rule FROM findings)
                        GROUP BY call_id) v ON v.call_id = c.id"""
DAY = "substr(c.recorded_at, 1, 10)"


@dataclass(frozen=True)
class Scope:
    """Which calls: one trainee's (``trainee`` set) or everybody's; practice calls or recitals."""

    trainee: str | None = None
    recitals: bool = False

    def where(self, alias: str = "c") -> tuple[str, list[Any]]:
        clause = f"{alias}.mode {'=' if self.recitals else '!='} ?"
        params: list[Any] = [RECITE_MODE]
        if self.trainee is not None:
            clause += f" AND {alias}.trainee_id = (SELECT id FROM trainees WHERE name = ?)"
            params.append(self.trainee)
        return clause, params


def summary(rows: Rows, scope: Scope) -> dict[str, Any]:
    where, params = scope.where()
    sql = f"""SELECT COUNT(*), COALESCE(SUM({DONE}), 0),
                     AVG(CASE WHEN {DONE} THEN c.score END),
                     COALESCE(SUM({DONE} AND c.passed = 1), 0),
                     COALESCE(SUM({DONE} AND c.passed IS NOT NULL), 0),
                     MIN(c.recorded_at), MAX(c.recorded_at)
              FROM calls c WHERE {where}"""
    calls, done, avg, passed, judged, first, last = next(rows(sql, params))
    return {"calls": calls, "completed": done, "incomplete": calls - done,
            "avg_score": None if avg is None else round(avg, 1), "pass_rate": rate(passed, judged),
            "first": first, "last": last}


def rate(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def days(rows: Rows, scope: Scope) -> list[dict[str, Any]]:
    """Per local day: done calls, their average score and pass rate, and calls recorded."""
    where, params = scope.where()
    sql = f"""SELECT {DAY} AS day, COUNT(*), COALESCE(SUM({DONE}), 0),
                     SUM(CASE WHEN {DONE} THEN c.score END),
                     COALESCE(SUM({DONE} AND c.score IS NOT NULL), 0),
                     COALESCE(SUM({DONE} AND c.passed = 1), 0),
                     COALESCE(SUM({DONE} AND c.passed IS NOT NULL), 0)
              FROM calls c WHERE {where} GROUP BY day ORDER BY day"""
    return [{"day": d, "calls": n, "done": done, "score_sum": s or 0.0, "scored": scored,
             "passed": passed, "judged": judged}
            for d, n, done, s, scored, passed, judged in rows(sql, params)]


def trainee_days(rows: Rows, scope: Scope) -> list[tuple[str, str, int, float, int, int]]:
    """``(trainee, day, scored calls, score sum, passed, judged)`` of done, scored calls."""
    where, params = scope.where()
    sql = f"""SELECT c.trainee_id, {DAY} AS day, COUNT(*), SUM(c.score),
                     COALESCE(SUM(c.passed = 1), 0), COALESCE(SUM(c.passed IS NOT NULL), 0)
              FROM calls c WHERE {where} AND {DONE} AND c.score IS NOT NULL
              GROUP BY c.trainee_id, day"""
    names = dict(rows("SELECT id, name FROM trainees", ()))
    return sorted((names.get(t, "?"), *rest) for t, *rest in rows(sql, params))


def trainee_points(rows: Rows, scope: Scope, names: Iterable[str]) -> list[tuple]:
    """Every done, scored call of the trainees named: ``(trainee, id, recorded_at, scenario,
    score, passed)``, oldest first.  Only asked for trainees with few calls."""
    names = list(names)
    if not names:
        return []
    where, params = scope.where()
    marks = ",".join("?" * len(names))
    sql = f"""SELECT t.name, c.id, c.recorded_at, c.scenario_id, c.score, c.passed
              FROM calls c JOIN trainees t ON t.id = c.trainee_id
              WHERE {where} AND {DONE} AND c.score IS NOT NULL AND t.name IN ({marks})
              ORDER BY t.name, c.recorded_ts, c.id"""
    return list(rows(sql, [*params, *names]))


def worst_by_day(rows: Rows, scope: Scope, per: int = 3, by_trainee: bool = False) -> list[tuple]:
    """The ``per`` calls to look at first on each day (most violations, then lowest score; per
    trainee: lowest score): ``(trainee or "", day, id, score, violations)``."""
    where, params = scope.where()
    part = "c.trainee_id, " if by_trainee else ""
    who = "(SELECT name FROM trainees WHERE id = c.trainee_id)" if by_trainee else "''"
    order = "c.score IS NULL, c.score, c.id" if by_trainee else "COALESCE(v.n, 0) DESC, c.score IS NULL, c.score, c.id"
    sql = f"""SELECT who, day, id, score, n FROM (
                SELECT {who} AS who, {DAY} AS day, c.id, c.score, COALESCE(v.n, 0) AS n,
                       ROW_NUMBER() OVER (PARTITION BY {part}{DAY} ORDER BY {order}) AS rn
                FROM calls c {PER_CALL if not by_trainee else ""}
                WHERE {where} AND {DONE} {'AND c.score IS NOT NULL' if by_trainee else ''})
              WHERE rn <= ? ORDER BY who, day, rn"""
    if by_trainee:
        sql = sql.replace("COALESCE(v.n, 0)", "0")
    return list(rows(sql, [*params, per]))


def _distinct_findings(scope: Scope) -> tuple[str, list[Any]]:
    where, params = scope.where()
    sql = f"""SELECT DISTINCT f.call_id, f.turn, f.rule, f.category, f.severity, c.trainee_id,
                     {DAY} AS day
              FROM findings f JOIN calls c ON c.id = f.call_id WHERE {where}"""
    return sql, params


def violations(rows: Rows, scope: Scope) -> list[dict[str, Any]]:
    """Per category: distinct violations by severity and the calls with any."""
    inner, params = _distinct_findings(scope)
    sql = f"""SELECT category, COUNT(*), SUM(severity = 'critical'), SUM(severity = 'major'),
                     SUM(severity = 'minor'), COUNT(DISTINCT call_id)
              FROM ({inner}) GROUP BY category"""
    return [{"category": cat or "?", "total": n, "critical": cr, "major": ma, "minor": mi, "calls": calls}
            for cat, n, cr, ma, mi, calls in rows(sql, params)]


def violations_by_day(rows: Rows, scope: Scope) -> list[tuple[str, str, int]]:
    """``(day, category, distinct violations)``."""
    inner, params = _distinct_findings(scope)
    return list(rows(f"SELECT day, category, COUNT(*) FROM ({inner}) GROUP BY day, category ORDER BY day",
                     params))


def critical_by_trainee(rows: Rows, scope: Scope) -> dict[str, int]:
    inner, params = _distinct_findings(scope)
    sql = f"""SELECT t.name, COUNT(*) FROM ({inner}) v JOIN trainees t ON t.id = v.trainee_id
              WHERE v.severity = 'critical' GROUP BY v.trainee_id"""
    return dict(rows(sql, params))


def missed(rows: Rows, scope: Scope, kind: str) -> list[tuple[str, str | None, int]]:
    """``(code, title, calls that missed it)`` most missed first."""
    where, params = scope.where()
    sql = f"""SELECT m.code, MAX(m.title), COUNT(*) AS n FROM misses m JOIN calls c ON c.id = m.call_id
              WHERE {where} AND m.kind = ? GROUP BY m.code ORDER BY n DESC, m.code"""
    return list(rows(sql, [*params, kind]))


def missed_by_day(rows: Rows, scope: Scope, codes: Sequence[str]) -> list[tuple[str, str, int]]:
    """``(day, key point, calls that missed it)`` for the key points named."""
    if not codes:
        return []
    where, params = scope.where()
    marks = ",".join("?" * len(codes))
    sql = f"""SELECT {DAY} AS day, m.code, COUNT(*) FROM misses m JOIN calls c ON c.id = m.call_id
              WHERE {where} AND m.kind = 'key_point' AND m.code IN ({marks})
              GROUP BY day, m.code ORDER BY day"""
    return list(rows(sql, [*params, *codes]))


def matrix(rows: Rows, scope: Scope) -> list[dict[str, Any]]:
    """One row per trainee × scenario: attempts, done, best score, passes, and the latest done
    attempt (or the latest attempt when none is done): its id, score, passed and outcome."""
    where, params = scope.where()
    sql = f"""SELECT c.trainee_id, c.scenario_id, COUNT(*), COALESCE(SUM({DONE}), 0),
                     MAX(CASE WHEN {DONE} THEN c.score END), COALESCE(SUM({DONE} AND c.passed = 1), 0),
                     COALESCE(SUM({DONE} AND c.passed IS NOT NULL), 0)
              FROM calls c WHERE {where} GROUP BY c.trainee_id, c.scenario_id"""
    cells = {(t, sc): [t, sc, n, done, best, passes, judged] for t, sc, n, done, best, passes, judged in rows(sql, params)}
    # SQLite gives the bare columns of the row holding the MAX(): the latest call of each cell,
    # done ones ranked above unfinished ones
    latest = f"""SELECT c.trainee_id, c.scenario_id, MAX(({DONE}) * 1e12 + c.recorded_ts), c.id,
                        CASE WHEN {DONE} THEN c.score END, CASE WHEN {DONE} THEN c.passed END,
                        CASE WHEN {DONE} THEN c.outcome END, c.recorded_at
                 FROM calls c WHERE {where} GROUP BY c.trainee_id, c.scenario_id"""
    names = dict(rows("SELECT id, name FROM trainees", ()))
    keys = ("trainee", "scenario", "attempts", "done", "best", "passes", "judged", "latest_id",
            "latest_score", "latest_passed", "latest_outcome", "latest_at")
    out = []
    for t, sc, _rank, cid, score, passed, outcome, at in rows(latest, params):
        row = dict(zip(keys, [*cells[(t, sc)], cid, score, None if passed is None else bool(passed), outcome, at],
                       strict=True))
        row["trainee"] = names.get(t, "?")
        out.append(row)
    out.sort(key=lambda r: (r["trainee"], r["scenario"]))
    return out


def trainee_rows(rows: Rows, scope: Scope) -> list[dict[str, Any]]:
    """The cohort table: per trainee calls, done, average, pass rate, last call, recitals and the
    change between the first and the second half of their scored calls (at least 4)."""
    where, params = scope.where()
    sql = f"""SELECT t.name, COUNT(c.id), COALESCE(SUM({DONE}), 0),
                     AVG(CASE WHEN {DONE} THEN c.score END),
                     COALESCE(SUM({DONE} AND c.passed = 1), 0), COALESCE(SUM({DONE} AND c.passed IS NOT NULL), 0),
                     MAX(c.recorded_at)
              FROM trainees t LEFT JOIN calls c ON c.trainee_id = t.id AND {where}
              GROUP BY t.id ORDER BY t.name"""
    recitals_of = dict(rows("SELECT trainee_id, COUNT(*) FROM calls WHERE mode = ? GROUP BY trainee_id",
                            [RECITE_MODE]))
    ids = dict(rows("SELECT name, id FROM trainees", ()))
    people = {}
    for name, calls, done, avg, passed, judged, last in rows(sql, params):
        recitals = recitals_of.get(ids.get(name), 0)
        people[name] = {"name": name, "calls": calls, "completed": done, "incomplete": calls - done,
                        "avg_score": None if avg is None else round(avg, 1), "pass_rate": rate(passed, judged),
                        "last": last, "recitals": recitals, "trend": None}
    trend = f"""SELECT name, AVG(CASE WHEN rn <= n / 2 THEN score END), AVG(CASE WHEN rn > n - n / 2 THEN score END), n
                FROM (SELECT t.name, c.score,
                             ROW_NUMBER() OVER (PARTITION BY c.trainee_id ORDER BY c.recorded_ts, c.id) AS rn,
                             COUNT(*) OVER (PARTITION BY c.trainee_id) AS n
                      FROM calls c JOIN trainees t ON t.id = c.trainee_id
                      WHERE {where} AND {DONE} AND c.score IS NOT NULL)
                GROUP BY name"""
    for name, first, last, n in rows(trend, params):
        if n >= 4 and name in people:
            people[name]["trend"] = round(last - first, 1)
    return list(people.values())


def call_details(rows: Rows, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The calls named, with their violations (one per turn and rule), for the drill-down."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    sql = f"""SELECT c.id, c.uid, t.name, c.recorded_at, c.mode, c.scenario_id, c.scenario_title,
                     CASE WHEN {DONE} THEN c.outcome END, c.score, c.passed, {DONE}
              FROM calls c JOIN trainees t ON t.id = c.trainee_id WHERE c.id IN ({marks})
              ORDER BY c.recorded_ts, c.id"""
    keys = ("id", "uid", "trainee", "recorded_at", "mode", "scenario", "scenario_title", "outcome",
            "score", "passed", "done")
    calls = {r[0]: {**dict(zip(keys, r, strict=True)), "findings": []} for r in rows(sql, list(ids))}
    fsql = f"""SELECT call_id, turn, rule, MIN(category), MIN(severity), MIN(message), MIN(excerpt), COUNT(*)
               FROM findings WHERE call_id IN ({marks}) GROUP BY call_id, turn, rule
               ORDER BY call_id, turn IS NULL, turn, rule"""
    for cid, turn, rule, cat, sev, message, excerpt, hits in rows(fsql, list(ids)):
        calls[cid]["findings"].append({"turn": turn, "rule": rule, "category": cat, "severity": sev,
                                       "message": message, "excerpt": excerpt, "hits": hits})
    for call in calls.values():
        call["passed"] = None if call["passed"] is None else bool(call["passed"])
    return list(calls.values())


def call_rows(rows: Rows, scope: Scope, categories: Sequence[str]) -> Iterator[tuple]:
    """One row per call, oldest first, streamed: ``(id, uid, trainee, recorded_at, mode, scenario,
    outcome or None, passed, score, violations per category…, violations)``."""
    where, params = scope.where()
    per = "".join(", COALESCE(SUM(v.category = ?), 0)" for _ in categories)
    sql = f"""SELECT c.id, c.uid, t.name, c.recorded_at, c.mode, c.scenario_id,
                     CASE WHEN {DONE} THEN c.outcome END, CASE WHEN {DONE} THEN c.passed END,
                     CASE WHEN {DONE} THEN c.score END{per}, COUNT(v.rule)
              FROM calls c JOIN trainees t ON t.id = c.trainee_id
              LEFT JOIN (SELECT DISTINCT call_id, turn, rule, category FROM findings) v ON v.call_id = c.id
              WHERE {where} GROUP BY c.id ORDER BY c.recorded_ts, c.id"""
    return rows(sql, [*categories, *params])
