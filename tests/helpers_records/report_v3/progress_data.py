"""Frozen: the report figures as schema version 3 computed them (from calls, findings and misses),
the reference the summary-table queries of version 4 must match.  What a progress report shows, built from the SQL aggregates of :mod:`trainer.records.stats`.

The size of what this returns is bounded whatever the number of calls:

* the periods (the date axis of the cohort charts and tables) are days, or weeks (starting on
  Monday) when there are more than :data:`MAX_POINTS` days, or months beyond that;
* each trainee's score trend has one point per call while they have few calls, else one point
  per day/week/month; all trainees' charts together draw at most :data:`ALL_POINTS` points;
* the drill-down (one section per call: id, date, scenario, outcome, score, its violations) is
  given for at most :data:`MAX_DETAILS` calls: the latest attempt of every trainee × scenario,
  each point that is one call, and the lowest-scoring calls of each aggregated point and period.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from tests.helpers_records.report_v3 import stats
from tests.helpers_records.report_v3.stats import Scope
from trainer.base.vocab import CATEGORY_LABELS, RESPONSES
from trainer.records import Store
from trainer.report.charts import day_number

MAX_POINTS = 200  # per chart series
ALL_POINTS = 800  # all trainees' score charts together
MAX_DETAILS = 800  # calls with a drill-down section
PER_POINT = 3  # calls named behind an aggregated point or period
TOP = 5  # missed items, recommendations, key points in the trend
GRAIN_LABELS = {"call": "每次通话", "day": "按日", "week": "按周", "month": "按月"}


def bucket(day: str, grain: str) -> str:
    """The period a local date falls in: the date, the Monday of its week, or its month's first."""
    if grain in ("day", "call"):
        return day
    if grain == "month":
        return day[:8] + "01"
    try:
        d = date.fromisoformat(day)
    except ValueError:
        return day
    return (d - timedelta(days=d.weekday())).isoformat()


def grain_for(days: Iterable[str], cap: int) -> str:
    days = sorted(set(days))
    for grain in ("day", "week"):
        if len({bucket(d, grain) for d in days}) <= cap:
            return grain
    return "month"


def _periods(store: Store, scope: Scope) -> tuple[str, list[dict[str, Any]], list[str], list[str]]:
    """The cohort's periods with calls, scores, violations by category, misses of the most
    missed key points, and the calls to look at first (most violations, then lowest score)."""
    rows = store.rows
    per_day = stats.days(rows, scope)
    grain = grain_for((d["day"] for d in per_day), MAX_POINTS)
    out: dict[str, dict[str, Any]] = {}
    for d in per_day:
        p = out.setdefault(bucket(d["day"], grain), {"calls": 0, "done": 0, "score_sum": 0.0, "scored": 0,
                                                     "passed": 0, "judged": 0, "v": defaultdict(int),
                                                     "k": defaultdict(int), "worst": []})
        for key in ("calls", "done", "score_sum", "scored", "passed", "judged"):
            p[key] += d[key]
    for day, category, n in stats.violations_by_day(rows, scope):
        if bucket(day, grain) in out:
            out[bucket(day, grain)]["v"][category] += n
    top_codes = [code for code, _title, _n in stats.missed(rows, scope, "key_point")[:TOP]]
    for day, code, n in stats.missed_by_day(rows, scope, top_codes):
        if bucket(day, grain) in out:
            out[bucket(day, grain)]["k"][code] += n
    for _who, day, cid, score, v in stats.worst_by_day(rows, scope, PER_POINT):
        if bucket(day, grain) in out:
            out[bucket(day, grain)]["worst"].append((-v, score if score is not None else 1e9, cid))
    periods = []
    for key in sorted(out)[-MAX_POINTS:]:
        p = out[key]
        worst = [cid for *_rank, cid in sorted(p["worst"])[:PER_POINT]]
        periods.append({"period": key, "anchor": f"p-{key}", "day": day_number(key), "calls": p["calls"],
                        "done": p["done"], "avg_score": round(p["score_sum"] / p["scored"], 1) if p["scored"] else None,
                        "pass_rate": stats.rate(p["passed"], p["judged"]), "violations": dict(p["v"]),
                        "violation_total": sum(p["v"].values()), "missed": dict(p["k"]), "worst": worst})
    categories = sorted({c for p in periods for c in p["violations"]},
                        key=lambda c: -sum(p["violations"].get(c, 0) for p in periods))
    return grain, periods, categories, top_codes


def _trends(store: Store, scope: Scope) -> list[dict[str, Any]]:
    """Each trainee's score trend: per call while few, else per day, week or month."""
    by_trainee: dict[str, list[tuple]] = defaultdict(list)
    for name, day, n, total, passed, judged in stats.trainee_days(store.rows, scope):
        by_trainee[name].append((day, n, total, passed, judged))
    if not by_trainee:
        return []
    budget = max(24, min(MAX_POINTS, ALL_POINTS // len(by_trainee)))
    few = [name for name, ds in by_trainee.items() if sum(d[1] for d in ds) <= budget]
    calls: dict[str, list[tuple]] = defaultdict(list)
    for name, cid, at, scenario, score, passed in stats.trainee_points(store.rows, scope, few):
        calls[name].append((cid, at, scenario, score, passed))
    worst: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    if len(few) < len(by_trainee):
        for name, day, cid, score, _v in stats.worst_by_day(store.rows, scope, PER_POINT, by_trainee=True):
            worst[(name, day)].append((score, cid))
    trends = []
    for i, (name, ds) in enumerate(sorted(by_trainee.items())):
        if name in calls:
            points = [{"day": day_number(at), "when": at[:16].replace("T", " "), "score": score,
                       "passed": None if passed is None else bool(passed), "n": 1, "calls": [cid],
                       "scenario": scenario, "anchor": None} for cid, at, scenario, score, passed in calls[name]]
            trends.append({"trainee": name, "grain": "call", "points": points})
            continue
        grain = grain_for((d[0] for d in ds), budget)
        folded: dict[str, list] = {}
        for day, n, total, passed, judged in ds:
            f = folded.setdefault(bucket(day, grain), [0, 0.0, 0, 0, []])
            f[0] += n
            f[1] += total
            f[2] += passed
            f[3] += judged
            f[4] += worst.get((name, day), [])
        points = []
        for key in sorted(folded)[-budget:]:
            n, total, passed, judged, low = folded[key]
            share = stats.rate(passed, judged)
            points.append({"day": day_number(key), "when": key, "score": round(total / n, 1), "n": n,
                           "passed": None if share is None else share >= 50, "pass_rate": share,
                           "calls": [cid for _s, cid in sorted(low)[:PER_POINT]], "anchor": f"t{i}-{key}"})
        trends.append({"trainee": name, "grain": grain, "points": points})
    return trends


def _missed(items: Sequence[tuple], kind: str, done: int) -> list[dict[str, Any]]:
    out = []
    for code, title, n in items[:TOP]:
        label = title or (RESPONSES.get(code) if kind == "response" else None) or code
        out.append({"code": code, "label": label, "count": n, "share": stats.rate(n, done)})
    return out


def _violations(store: Store, scope: Scope) -> list[dict[str, Any]]:
    out = [{**v, "label": CATEGORY_LABELS.get(v["category"], v["category"])}
           for v in stats.violations(store.rows, scope)]
    out.sort(key=lambda v: (-v["critical"], -v["total"], v["category"]))
    return out


def _detail_ids(data: dict[str, Any]) -> list[int]:
    """The calls the figures point at, most wanted first, at most :data:`MAX_DETAILS`."""
    wanted: dict[int, None] = {}
    for row in data["matrix"]:
        wanted[row["latest_id"]] = None
    for trend in data["trends"]:
        for p in trend["points"]:
            wanted.update(dict.fromkeys(p["calls"]))
    for p in reversed(data["periods"]):
        wanted.update(dict.fromkeys(p["worst"]))
    return list(wanted)[:MAX_DETAILS]


def report_data(store: Store, trainee: str | None = None) -> dict[str, Any]:
    """Everything ``trainer report`` shows, for one trainee or (``None``) the cohort."""
    scope, recite = Scope(trainee), Scope(trainee, recitals=True)
    summary = stats.summary(store.rows, scope)
    grain, periods, categories, top_codes = _periods(store, scope)
    kp_titles = {}
    missed_kp = stats.missed(store.rows, scope, "key_point")
    for code, title, _n in missed_kp:
        kp_titles[code] = title or code
    rec = stats.summary(store.rows, recite)
    data: dict[str, Any] = {
        "trainee": trainee, "summary": summary, "grain": grain, "periods": periods,
        "categories": categories, "key_points": [(c, kp_titles.get(c, c)) for c in top_codes],
        "trends": _trends(store, scope), "matrix": stats.matrix(store.rows, scope),
        "violations": _violations(store, scope),
        "missed_key_points": _missed(missed_kp, "key_point", summary["completed"]),
        "missed_responses": _missed(stats.missed(store.rows, scope, "response"), "response",
                                    summary["completed"]),
        "recitals": {"count": rec["calls"], "avg_score": rec["avg_score"], "pass_rate": rec["pass_rate"],
                     "missed": _missed(stats.missed(store.rows, recite, "key_point"), "key_point",
                                       rec["completed"])},
    }
    if trainee is None:
        critical = stats.critical_by_trainee(store.rows, scope)
        data["trainees"] = [{**t, "critical": critical.get(t["name"], 0)}
                            for t in stats.trainee_rows(store.rows, scope)]
    data["details"] = stats.call_details(store.rows, _detail_ids(data))
    return data
