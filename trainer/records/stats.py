"""Progress figures computed in SQL: what ``trainer report`` shows, without loading every call.

Each function takes ``rows(sql, params)`` (the store's streaming reader: plain tuples, errors
turned into :class:`~trainer.records.common.StoreError`) and a :class:`Scope` (one trainee or
everybody) and returns plain data whose size depends on the number of trainees, scenarios,
days and categories, never on the number of calls.

They read the per-call summary rows of schema version 4 (:mod:`trainer.records.summary`):
``call_summary`` (done flag, day, scores of done calls, distinct violations) and
``call_violations`` (distinct violations per call, category and severity), so the done test is
never re-evaluated and most figures come from one pass, :func:`overview`, grouped by trainee
and day.

Counting rules (docs/records.md):

* a call is *done* when its end was recorded; scores and pass rates count done calls only;
* recitals (mode ``recite``) are kept apart from calls;
* a violation is one distinct ``(call, turn, rule)``: a sentence that matches a rule in several
  places, or several patterns of one rule, counts once;
* dates are the local date of recording (``recorded_at``'s first ten characters).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from trainer.records.common import RECITE_MODE
from trainer.records.summary import DONE_OF

Rows = Callable[[str, Sequence[Any]], Iterator[tuple]]

# A call counts once its end was recorded; a score or pass mark of the wrong type (an odd stored
# value, which `history` notes) leaves the call out of the figures instead of crashing them.
DONE = DONE_OF.format(c="c")


@dataclass(frozen=True)
class Scope:
    """Which calls: one trainee's (``trainee`` set) or everybody's; practice calls or recitals."""

    trainee: str | None = None
    recitals: bool = False

    def where(self, alias: str = "s") -> tuple[str, list[Any]]:
        """The condition on ``call_summary`` rows (or, with alias ``c``, on ``calls``)."""
        if alias == "c":
            clause = f"c.mode {'=' if self.recitals else '!='} ?"
            params: list[Any] = [RECITE_MODE]
        else:
            clause, params = f"{alias}.recite = ?", [int(self.recitals)]
        if self.trainee is not None:
            clause += f" AND {alias}.trainee_id = (SELECT id FROM trainees WHERE name = ?)"
            params.append(self.trainee)
        return clause, params


def _order(value: Any) -> tuple[int, Any]:
    """SQLite's order of values of mixed types: NULL, numbers, text, blobs."""
    if value is None:
        return (0, 0)
    if isinstance(value, int | float):
        return (1, value)
    return (2, value) if isinstance(value, str) else (3, bytes(value))


# --------------------------------------------------------------------------- one pass: trainee × day


@dataclass
class Overview:
    """Every call of the trainee (or everybody) grouped by recital flag, trainee and day."""

    names: dict[int, str]
    # (recite, trainee_id, day, calls, done, score sum, scored, passed, judged,
    #  passed and scored, judged and scored, first recorded_at, last recorded_at)
    groups: list[tuple] = field(default_factory=list)

    def of(self, recitals: bool) -> Iterator[tuple]:
        return (g for g in self.groups if g[0] == recitals)


def overview(rows: Rows, trainee: str | None) -> Overview:
    where, params = "", []
    if trainee is not None:
        where, params = "WHERE s.trainee_id = (SELECT id FROM trainees WHERE name = ?)", [trainee]
    sql = f"""SELECT s.recite, s.trainee_id, s.day, COUNT(*), SUM(s.done), SUM(s.score), COUNT(s.score),
                     COALESCE(SUM(s.passed = 1), 0), COUNT(s.passed),
                     COALESCE(SUM(s.passed = 1 AND s.score IS NOT NULL), 0),
                     COUNT(CASE WHEN s.score IS NOT NULL THEN s.passed END),
                     MIN(s.recorded_at), MAX(s.recorded_at)
              FROM call_summary s {where} GROUP BY s.recite, s.trainee_id, s.day"""
    groups = [(bool(g[0]), *g[1:]) for g in rows(sql, params)]
    return Overview(dict(rows("SELECT id, name FROM trainees", ())), groups)


def summary(ov: Overview, recitals: bool = False) -> dict[str, Any]:
    calls = done = scored = passed = judged = 0
    total = 0.0
    stamps = []
    for g in ov.of(recitals):
        calls += g[3]
        done += g[4]
        total += g[5] or 0
        scored += g[6]
        passed += g[7]
        judged += g[8]
        stamps += [g[11], g[12]]
    stamps.sort(key=_order)
    return {"calls": calls, "completed": done, "incomplete": calls - done,
            "avg_score": round(total / scored, 1) if scored else None, "pass_rate": rate(passed, judged),
            "first": stamps[0] if stamps else None, "last": stamps[-1] if stamps else None}


def rate(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def days(ov: Overview) -> list[dict[str, Any]]:
    """Per local day: done calls, their average score and pass rate, and calls recorded."""
    out: dict[Any, dict[str, Any]] = {}
    for _r, _t, day, n, done, total, scored, passed, judged, *_rest in ov.of(False):
        d = out.setdefault(day, {"day": day, "calls": 0, "done": 0, "score_sum": 0.0, "scored": 0,
                                 "passed": 0, "judged": 0})
        d["calls"] += n
        d["done"] += done
        d["score_sum"] += total or 0.0
        d["scored"] += scored
        d["passed"] += passed
        d["judged"] += judged
    return [out[day] for day in sorted(out, key=_order)]


def trainee_days(ov: Overview) -> list[tuple[str, str, int, float, int, int]]:
    """``(trainee, day, scored calls, score sum, passed, judged)`` of done, scored calls."""
    return sorted((ov.names.get(t, "?"), day, scored, total, spassed, sjudged)
                  for _r, t, day, _n, _d, total, scored, _p, _j, spassed, sjudged, *_ in ov.of(False)
                  if scored)


def trainee_rows(rows: Rows, ov: Overview, scope: Scope) -> list[dict[str, Any]]:
    """The cohort table: per trainee calls, done, average, pass rate, last call, recitals and the
    change between the first and the second half of their scored calls (at least 4)."""
    per: dict[int, list] = defaultdict(lambda: [0, 0, 0.0, 0, 0, 0, None, 0])
    for recite, t, _day, n, done, total, scored, passed, judged, _sp, _sj, _first, last in ov.groups:
        p = per[t]
        if recite:
            p[7] += n
            continue
        p[0] += n
        p[1] += done
        p[2] += total or 0
        p[3] += scored
        p[4] += passed
        p[5] += judged
        p[6] = last if p[6] is None else max(p[6], last, key=_order)
    people = {}
    for t, name in sorted(ov.names.items(), key=lambda item: _order(item[1])):
        calls, done, total, scored, passed, judged, last, recitals = per.get(t, [0, 0, 0.0, 0, 0, 0, None, 0])
        people[name] = {"name": name, "calls": calls, "completed": done, "incomplete": calls - done,
                        "avg_score": round(total / scored, 1) if scored else None,
                        "pass_rate": rate(passed, judged), "last": last, "recitals": recitals, "trend": None}
    where, params = scope.where()
    trend = f"""SELECT trainee_id, AVG(CASE WHEN rn <= n / 2 THEN score END),
                       AVG(CASE WHEN rn > n - n / 2 THEN score END), n
                FROM (SELECT s.trainee_id, s.score,
                             ROW_NUMBER() OVER (PARTITION BY s.trainee_id ORDER BY s.ts, s.call_id) AS rn,
                             COUNT(*) OVER (PARTITION BY s.trainee_id) AS n
                      FROM call_summary s WHERE {where} AND s.score IS NOT NULL)
                GROUP BY trainee_id"""
    for t, first, last, n in rows(trend, params):
        name = ov.names.get(t)
        if n >= 4 and name in people:
            people[name]["trend"] = round(last - first, 1)
    return list(people.values())


def trainee_points(rows: Rows, scope: Scope, names: Iterable[str]) -> list[tuple]:
    """Every done, scored call of the trainees named: ``(trainee, id, recorded_at, scenario,
    score, passed)``, oldest first.  Only asked for trainees with few calls."""
    names = list(names)
    if not names:
        return []
    where, params = scope.where()
    marks = ",".join("?" * len(names))
    sql = f"""SELECT t.name, s.call_id, s.recorded_at, s.scenario_id, s.score, s.passed
              FROM call_summary s JOIN trainees t ON t.id = s.trainee_id
              WHERE {where} AND s.score IS NOT NULL AND t.name IN ({marks})
              ORDER BY t.name, s.ts, s.call_id"""
    return list(rows(sql, [*params, *names]))


def worst_by_day(rows: Rows, scope: Scope, per: int = 3, by_trainee: bool = False) -> list[tuple]:
    """The ``per`` calls to look at first on each day (most violations, then lowest score; per
    trainee: lowest score): ``(trainee or "", day, id, score, violations)``."""
    where, params = scope.where()
    if by_trainee:
        who, part, order, v = "t.name", "s.trainee_id, ", "s.score, s.call_id", "0"
        where += " AND s.score IS NOT NULL"
    else:
        who, part, order, v = "''", "", "s.violations DESC, s.score IS NULL, s.score, s.call_id", "s.violations"
    sql = f"""SELECT who, day, call_id, score, n FROM (
                SELECT {who} AS who, s.day AS day, s.call_id, s.score, {v} AS n,
                       ROW_NUMBER() OVER (PARTITION BY {part}s.day ORDER BY {order}) AS rn
                FROM call_summary s {"JOIN trainees t ON t.id = s.trainee_id" if by_trainee else ""}
                WHERE {where} AND s.done)
              WHERE rn <= ? ORDER BY who, day, rn"""
    return list(rows(sql, [*params, per]))


def violations(rows: Rows, scope: Scope) -> dict[str, Any]:
    """Distinct violations, in one pass: ``by_category`` (by severity, and the calls with any),
    ``by_day`` (``(day, category, violations)``) and ``critical`` per trainee."""
    where, params = scope.where()
    sql = f"""SELECT s.trainee_id, s.day, v.category, SUM(v.n), SUM(v.critical), SUM(v.major), SUM(v.minor),
                     COUNT(*)
              FROM call_violations v JOIN call_summary s ON s.call_id = v.call_id
              WHERE {where} GROUP BY s.trainee_id, s.day, v.category"""
    cats: dict[Any, list[int]] = {}
    days: dict[tuple, int] = defaultdict(int)
    critical: dict[int, int] = defaultdict(int)
    for t, day, cat, n, cr, ma, mi, calls in rows(sql, params):
        c = cats.setdefault(cat, [0, 0, 0, 0, 0])
        for i, value in enumerate((n, cr, ma, mi, calls)):
            c[i] += value
        days[(day, cat)] += n
        critical[t] += cr
    names = dict(rows("SELECT id, name FROM trainees", ()))
    return {"by_category": [{"category": cat or "?", "total": n, "critical": cr, "major": ma, "minor": mi,
                             "calls": calls} for cat, (n, cr, ma, mi, calls) in cats.items()],
            "by_day": [(day, cat, days[(day, cat)]) for day, cat in sorted(days, key=lambda k: (_order(k[0]), _order(k[1])))],
            "critical": {names[t]: n for t, n in critical.items() if n and t in names}}


@dataclass
class Missed:
    """What was missed, per recital flag, kind and code, by day: ``counts[(recite, kind)][code]``
    is ``[title, {day: calls}]``."""

    counts: dict[tuple[bool, str], dict[str, list]]

    def top(self, kind: str, recitals: bool = False) -> list[tuple[str, str | None, int]]:
        """``(code, title, calls that missed it)`` most missed first."""
        items = [(code, title, sum(by_day.values()))
                 for code, (title, by_day) in self.counts.get((recitals, kind), {}).items()]
        return sorted(items, key=lambda item: (-item[2], _order(item[0])))

    def by_day(self, codes: Sequence[str]) -> list[tuple[str, str, int]]:
        """``(day, key point, calls that missed it)`` for the key points named."""
        kp = self.counts.get((False, "key_point"), {})
        out = [(day, code, n) for code in codes if code in kp for day, n in kp[code][1].items()]
        return sorted(out, key=lambda item: (_order(item[0]), _order(item[1])))


def missed(rows: Rows, trainee: str | None) -> Missed:
    where, params = "", []
    if trainee is not None:
        where, params = "WHERE s.trainee_id = (SELECT id FROM trainees WHERE name = ?)", [trainee]
    sql = f"""SELECT s.recite, m.kind, m.code, s.day, MAX(m.title), COUNT(*)
              FROM misses m JOIN call_summary s ON s.call_id = m.call_id {where}
              GROUP BY s.recite, m.kind, m.code, s.day"""
    counts: dict[tuple[bool, str], dict[str, list]] = {}
    for recite, kind, code, day, title, n in rows(sql, params):
        entry = counts.setdefault((bool(recite), kind), {}).setdefault(code, [None, {}])
        if title is not None and (entry[0] is None or _order(title) > _order(entry[0])):
            entry[0] = title
        entry[1][day] = n
    return Missed(counts)


def matrix(rows: Rows, scope: Scope) -> list[dict[str, Any]]:
    """One row per trainee × scenario: attempts, done, best score, passes, and the latest done
    attempt (or the latest attempt when none is done): its id, score, passed and outcome."""
    where, params = scope.where()
    sql = f"""SELECT s.trainee_id, s.scenario_id, COUNT(*), SUM(s.done), MAX(s.score),
                     COALESCE(SUM(s.passed = 1), 0), COUNT(s.passed)
              FROM call_summary s WHERE {where} GROUP BY s.trainee_id, s.scenario_id"""
    cells = {(t, sc): [t, sc, n, done, best, passes, judged] for t, sc, n, done, best, passes, judged in rows(sql, params)}
    # SQLite gives the bare columns of the row holding the MAX(): the latest call of each cell,
    # done ones ranked above unfinished ones
    latest = f"""SELECT s.trainee_id, s.scenario_id, MAX(s.done * 1e12 + s.ts), s.call_id, s.score, s.passed,
                        s.outcome, s.recorded_at
                 FROM call_summary s WHERE {where} GROUP BY s.trainee_id, s.scenario_id"""
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
    where, params = scope.where("c")
    per = "".join(", COALESCE(SUM(v.category = ?), 0)" for _ in categories)
    sql = f"""SELECT c.id, c.uid, t.name, c.recorded_at, c.mode, c.scenario_id,
                     CASE WHEN {DONE} THEN c.outcome END, CASE WHEN {DONE} THEN c.passed END,
                     CASE WHEN {DONE} THEN c.score END{per}, COUNT(v.rule)
              FROM calls c JOIN trainees t ON t.id = c.trainee_id
              LEFT JOIN (SELECT DISTINCT call_id, turn, rule, category FROM findings) v ON v.call_id = c.id
              WHERE {where} GROUP BY c.id ORDER BY c.recorded_ts, c.id"""
    return rows(sql, [*categories, *params])
