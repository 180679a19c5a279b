"""Progress from the training records: per trainee and for the whole cohort.

Everything here reads a :class:`trainer.records.Store` and builds plain dicts; the pages are
rendered by ``trainer/report/templates/progress.txt.j2`` and ``progress.html.j2`` through
:func:`trainer.base.templating.render_page` (HTML autoescaped, charts as inline SVG, no network).

What a report shows, per trainee (``trainer report --trainee NAME``):

* calls, completed calls, average score, pass rate, and both over time (by day);
* compliance violations by category and severity;
* the key points and debtor response types they most often miss;
* the scenarios to practise next: the ones last failed, then the ones with the lowest pass rate,
  then bundled ones never tried (easiest first);
* recitals (``trainer recite``) counted apart from calls.

The cohort view (``--all``) has one row per trainee and the same sections over everybody.
Incomplete calls (no end recorded) count as calls but not in scores or pass rates.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from trainer.base.templating import render_page
from trainer.base.vocab import CATEGORY_LABELS, MODES, OUTCOMES, RESPONSES
from trainer.records import INCOMPLETE, RECITE_MODE, CallRow, Replayed, Store
from trainer.report.writers import shown
from trainer.zh.display import display_width, visible

MODE_LABELS = MODES  # the records' mode column: 练习 / 考试 / 脚本 / 背诵
OUTCOME_LABELS = {**OUTCOMES, "recited": "背诵通过", "recite_failed": "背诵未通过"}
TOP = 5  # how many missed items / recommendations a section lists


# --------------------------------------------------------------------------- text helpers


width = display_width


def pad(text: str, cols: int) -> str:
    return text + " " * max(0, cols - width(text))


def table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A plain-text table aligned for CJK text."""
    cells = [[visible(str(c), one_line=True) for c in header]] + [
        ["" if c is None else visible(str(c), one_line=True) for c in row] for row in rows]
    cols = [max(width(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(pad(c, cols[i]) for i, c in enumerate(row)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * c for c in cols))
    return "\n".join(lines)


def outcome_label(code: str | None) -> str:
    return OUTCOME_LABELS.get(code or INCOMPLETE, code or "")


def fmt_score(score: float | None) -> str:
    if score is None:
        return "—"
    return str(int(score)) if float(score).is_integer() else f"{score:.1f}"


def fmt_passed(passed: bool | None) -> str:
    return "—" if passed is None else ("通过" if passed else "未通过")


def fmt_time(iso: str | None) -> str:
    """``2026-03-02T10:15:00+08:00`` → ``2026-03-02 10:15``."""
    if not iso:
        return "—"
    return iso[:16].replace("T", " ")


def scenario_label(row: CallRow) -> str:
    if row.mode == RECITE_MODE:
        return row.scenario_title or f"背诵：{row.scenario_id}"
    return row.scenario_id


# --------------------------------------------------------------------------- history


def history_text(rows: Sequence[CallRow], *, db_path: str) -> str:
    """``trainer history``: past calls newest first."""
    if not rows:
        return f"还没有通话记录（记录库：{visible(db_path, one_line=True)}）。"
    body = table(
        ["编号", "时间", "学员", "场景", "方式", "结果", "得分", "是否通过", "违规"],
        [[f"#{r.id}", fmt_time(r.recorded_at), r.trainee, scenario_label(r), MODE_LABELS.get(r.mode, r.mode),
          outcome_label(r.outcome), fmt_score(r.score), fmt_passed(r.passed), r.finding_count or ""]
         for r in rows])
    return f"{body}\n\n共 {len(rows)} 条。导出某次通话：trainer export #编号"


# --------------------------------------------------------------------------- aggregation


def _rate(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _summary(calls: Sequence[CallRow]) -> dict[str, Any]:
    done = [c for c in calls if c.complete]
    scored = [c.score for c in done if c.score is not None]
    judged = [c for c in done if c.passed is not None]
    return {
        "calls": len(calls),
        "completed": len(done),
        "incomplete": len(calls) - len(done),
        "avg_score": round(sum(scored) / len(scored), 1) if scored else None,
        "pass_rate": _rate(sum(1 for c in judged if c.passed), len(judged)),
        "last": fmt_time(max((c.recorded_at for c in calls), default=None)),
        "first": fmt_time(min((c.recorded_at for c in calls), default=None)),
    }


def _periods(calls: Sequence[CallRow], limit: int = 14) -> list[dict[str, Any]]:
    by_day: dict[str, list[CallRow]] = defaultdict(list)
    for c in calls:
        if c.complete:
            by_day[c.recorded_at[:10]].append(c)
    out = []
    for day in sorted(by_day)[-limit:]:
        s = _summary(by_day[day])
        out.append({"day": day, "calls": s["completed"], "avg_score": s["avg_score"],
                    "pass_rate": s["pass_rate"]})
    return out


def _violations(findings: Sequence[dict[str, Any]], calls_by_id: dict[int, CallRow]) -> list[dict[str, Any]]:
    per: dict[str, Counter] = defaultdict(Counter)
    calls_with: dict[str, set[int]] = defaultdict(set)
    for f in findings:
        if f["_call_id"] not in calls_by_id:
            continue
        cat = f.get("category") or "?"
        per[cat][f.get("severity") or "?"] += 1
        calls_with[cat].add(f["_call_id"])
    out = []
    for cat, counts in per.items():
        out.append({"category": cat, "label": CATEGORY_LABELS.get(cat, cat), "total": sum(counts.values()),
                    "critical": counts["critical"], "major": counts["major"], "minor": counts["minor"],
                    "calls": len(calls_with[cat])})
    out.sort(key=lambda v: (-v["critical"], -v["total"], v["category"]))
    return out


def _missed(misses: Sequence[tuple], kind: str, done: int) -> list[dict[str, Any]]:
    counts: Counter = Counter()
    titles: dict[str, str] = {}
    for _call, k, code, title in misses:
        if k != kind:
            continue
        counts[code] += 1
        if title:
            titles[code] = title
    out = []
    for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]:
        label = titles.get(code) or (RESPONSES.get(code) if kind == "response" else None) or code
        out.append({"code": code, "label": label, "count": n, "share": _rate(n, done)})
    return out


def _known_scenarios() -> list[Any]:
    try:
        from trainer.content.scenario import list_scenarios

        return list_scenarios()
    except Exception:  # no scenarios installed/readable: recommend from the records alone
        return []


def _next_scenarios(calls: Sequence[CallRow], known: Sequence[Any]) -> list[dict[str, Any]]:
    by_scenario: dict[str, list[CallRow]] = defaultdict(list)
    for c in sorted(calls, key=lambda c: (c.recorded_at, c.id)):
        if c.complete and c.mode != RECITE_MODE and c.passed is not None:
            by_scenario[c.scenario_id].append(c)
    titles = {s.id: s.title for s in known}
    picks: list[dict[str, Any]] = []
    failed_last = [(sid, cs[-1]) for sid, cs in by_scenario.items() if not cs[-1].passed]
    for sid, last in sorted(failed_last, key=lambda p: (p[1].score or 0, p[0])):
        picks.append({"scenario": sid, "title": titles.get(sid, ""),
                      "reason": f"上次未通过（{fmt_score(last.score)} 分，{outcome_label(last.outcome)}）"})
    weak = []
    for sid, cs in by_scenario.items():
        rate = _rate(sum(1 for c in cs if c.passed), len(cs))
        if cs[-1].passed and rate is not None and rate < 100:
            weak.append((rate, sid, len(cs)))
    for rate, sid, n in sorted(weak):
        picks.append({"scenario": sid, "title": titles.get(sid, ""),
                      "reason": f"通过率 {rate}%（{n} 次），还不稳定"})
    untried = [s for s in known if s.id not in by_scenario]
    for s in sorted(untried, key=lambda s: (getattr(s, "difficulty", 0), s.id)):
        picks.append({"scenario": s.id, "title": s.title, "reason": f"还没练过（难度 {s.difficulty}）"})
    return picks[:TOP]


def _cohort_next(calls: Sequence[CallRow], known: Sequence[Any]) -> list[dict[str, Any]]:
    by_scenario: dict[str, list[CallRow]] = defaultdict(list)
    for c in calls:
        if c.complete and c.mode != RECITE_MODE and c.passed is not None:
            by_scenario[c.scenario_id].append(c)
    titles = {s.id: s.title for s in known}
    rows = []
    for sid, cs in by_scenario.items():
        rate = _rate(sum(1 for c in cs if c.passed), len(cs)) or 0
        trainees = len({c.trainee for c in cs})
        rows.append((rate, sid, len(cs), trainees))
    picks = [{"scenario": sid, "title": titles.get(sid, ""),
              "reason": f"全组通过率 {rate}%（{trainees} 人 {n} 次）"}
             for rate, sid, n, trainees in sorted(rows) if rate < 100]
    for s in sorted((s for s in known if s.id not in by_scenario),
                    key=lambda s: (getattr(s, "difficulty", 0), s.id)):
        picks.append({"scenario": s.id, "title": s.title, "reason": "全组都还没练过"})
    return picks[:TOP]


def _section(store: Store, calls: Sequence[CallRow], findings: Sequence[dict[str, Any]],
             misses: Sequence[tuple]) -> dict[str, Any]:
    practice = [c for c in calls if c.mode != RECITE_MODE]
    recitals = [c for c in calls if c.mode == RECITE_MODE]
    ids = {c.id: c for c in practice}
    done = [c for c in practice if c.complete]
    series = [{"n": i + 1, "when": fmt_time(c.recorded_at), "score": c.score, "passed": c.passed,
               "scenario": c.scenario_id}
              for i, c in enumerate(sorted(done, key=lambda c: (c.recorded_at, c.id))) if c.score is not None]
    my_misses = [m for m in misses if m[0] in ids]
    rec = _summary(recitals)
    return {
        "summary": _summary(practice),
        "periods": _periods(practice),
        "series": series,
        "violations": _violations(findings, ids),
        "missed_key_points": _missed(my_misses, "key_point", len(done)),
        "missed_responses": _missed(my_misses, "response", len(done)),
        "recitals": {"count": rec["calls"], "avg_score": rec["avg_score"], "pass_rate": rec["pass_rate"],
                     "missed": _missed([m for m in misses if m[0] in {c.id for c in recitals}],
                                       "key_point", rec["completed"])},
    }


def trainee_progress(store: Store, trainee: str) -> dict[str, Any]:
    calls = store.calls(trainee=trainee)
    section = _section(store, calls, store.findings(), store.misses())
    section["trainee"] = trainee
    section["next"] = _next_scenarios(calls, _known_scenarios())
    return section


def cohort_progress(store: Store) -> dict[str, Any]:
    calls = store.calls()
    findings, misses = store.findings(), store.misses()
    section = _section(store, calls, findings, misses)
    people = []
    for name in store.trainees():
        mine = [c for c in calls if c.trainee == name]
        practice = [c for c in mine if c.mode != RECITE_MODE]
        s = _summary(practice)
        done = sorted((c for c in practice if c.complete and c.score is not None),
                      key=lambda c: (c.recorded_at, c.id))
        trend = None
        if len(done) >= 4:
            half = len(done) // 2
            first = sum(c.score for c in done[:half]) / half
            last = sum(c.score for c in done[-half:]) / half
            trend = round(last - first, 1)
        ids = {c.id for c in practice}
        critical = sum(1 for f in findings if f["_call_id"] in ids and f.get("severity") == "critical")
        people.append({"name": name, **s, "trend": trend, "critical": critical,
                       "recitals": sum(1 for c in mine if c.mode == RECITE_MODE)})
    section["trainees"] = people
    section["next"] = _cohort_next(calls, _known_scenarios())
    return section


# --------------------------------------------------------------------------- charts (numbers only)


def _score_chart(series: Sequence[dict[str, Any]], w: int = 560, h: int = 160) -> dict[str, Any] | None:
    if not series:
        return None
    left, right, top, bottom = 32, 8, 8, 20
    n = len(series)
    step = (w - left - right) / max(1, n - 1)

    def y(score: float) -> float:
        return round(top + (h - top - bottom) * (1 - max(0.0, min(100.0, score)) / 100), 1)

    points = [{"x": round(left + i * step if n > 1 else (w + left - right) / 2, 1), "y": y(p["score"]),
               "passed": p["passed"], "label": f"#{p['n']} {p['when']} {p['scenario']} {fmt_score(p['score'])} 分"}
              for i, p in enumerate(series)]
    return {"w": w, "h": h, "left": left, "right": w - right, "bottom": h - bottom,
            "grid": [{"y": y(v), "v": v} for v in (0, 50, 100)],
            "polyline": " ".join(f"{p['x']},{p['y']}" for p in points), "points": points}


def _rate_chart(periods: Sequence[dict[str, Any]], w: int = 560, h: int = 140) -> dict[str, Any] | None:
    rows = [p for p in periods if p["pass_rate"] is not None]
    if not rows:
        return None
    left, top, bottom = 32, 8, 30
    slot = (w - left - 8) / len(rows)
    bars = []
    for i, p in enumerate(rows):
        bh = round((h - top - bottom) * p["pass_rate"] / 100, 1)
        bars.append({"x": round(left + i * slot + slot * 0.15, 1), "w": round(slot * 0.7, 1),
                     "y": round(h - bottom - bh, 1), "h": bh, "rate": p["pass_rate"], "day": p["day"][5:],
                     "tx": round(left + i * slot + slot / 2, 1), "calls": p["calls"]})
    return {"w": w, "h": h, "left": left, "base": h - bottom, "bars": bars, "top": top}


def _sparkline(series: Sequence[dict[str, Any]], limit: int = 30) -> str:
    blocks = "▁▂▃▄▅▆▇█"
    return "".join(blocks[min(7, int((p["score"] or 0) / 100 * 8))] for p in series[-limit:])


# --------------------------------------------------------------------------- rendering


def _context(data: dict[str, Any], *, cohort: bool, db_path: str, generated: str) -> dict[str, Any]:
    return {
        "cohort": cohort, "d": data, "db_path": db_path, "generated": generated,
        "score_chart": _score_chart(data["series"]), "rate_chart": _rate_chart(data["periods"]),
        "spark": _sparkline(data["series"]), "fmt_score": fmt_score, "fmt_pct": _fmt_pct,
        "table": table,
        "trainee_rows": [[t["name"], t["calls"], t["completed"], fmt_score(t["avg_score"]),
                          _fmt_pct(t["pass_rate"]), _fmt_trend(t["trend"]), t["critical"] or "",
                          t["recitals"] or "", t["last"]] for t in data.get("trainees", [])],
        "period_rows": [[p["day"], p["calls"], fmt_score(p["avg_score"]), _fmt_pct(p["pass_rate"])]
                        for p in data["periods"]],
        "violation_rows": [[v["category"], v["label"], v["total"], v["critical"], v["major"], v["minor"],
                            v["calls"]] for v in data["violations"]],
    }


def _fmt_trend(trend: float | None) -> str:
    if trend is None:
        return "—"
    return f"+{fmt_score(trend)}" if trend > 0 else fmt_score(trend)


def _fmt_pct(value: int | None) -> str:
    return "—" if value is None else f"{value}%"


def render_report(data: dict[str, Any], *, cohort: bool, fmt: str, db_path: str, generated: str) -> str:
    """Render a progress report (``fmt``: ``text`` or ``html``)."""
    write = report_html if fmt == "html" else report_text
    return write(data, cohort=cohort, db_path=db_path, generated=generated)


def report_text(data: dict[str, Any], *, cohort: bool, db_path: str, generated: str) -> str:
    """``report --format text`` (every string of the records shown as one visible line)."""
    ctx = _context(shown(data), cohort=cohort, db_path=shown(db_path), generated=generated)
    return visible(render_page("progress.txt.j2", **ctx).rstrip("\n") + "\n")


def report_html(data: dict[str, Any], *, cohort: bool, db_path: str, generated: str) -> str:
    """``report --format html``: one self-contained page."""
    ctx = _context(data, cohort=cohort, db_path=db_path, generated=generated)
    return render_page("progress.html.j2", **ctx).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- replay


def replay_text(results: Sequence[Replayed]) -> str:
    """``trainer replay``: whose result would change, and how."""
    if not results:
        return "没有可重放的通话。"
    changed = [r for r in results if r.changed]
    skipped = [r for r in results if r.skipped]
    flipped = [r for r in changed if r.flipped]
    lines = []
    if changed:
        lines.append(table(
            ["编号", "学员", "场景", "结果", "得分", "是否通过", "改动"],
            [[f"#{r.call.id}", r.call.trainee, r.call.scenario_id,
              _arrow(outcome_label(r.call.outcome), outcome_label(r.outcome)),
              _arrow(fmt_score(r.call.score), fmt_score(r.score)),
              _arrow(fmt_passed(r.call.passed), fmt_passed(r.passed)) + (" ⚠" if r.flipped else ""),
              _versions_label(r.changed_versions)] for r in changed]))
        lines.append("")
    done = len(results) - len(skipped)
    lines.append(f"重放 {done} 次通话：{len(changed)} 次结果会变，其中 {len(flipped)} 次通过与否会翻转；"
                 f"{done - len(changed)} 次不变。")
    who = sorted({visible(r.call.trainee, one_line=True) for r in flipped})
    if who:
        lines.append("通过与否会翻转的学员：" + "、".join(who))
    if skipped:
        reasons = Counter(r.skipped for r in skipped)
        lines.append("跳过 " + str(len(skipped)) + " 条：" + "；".join(f"{k}（{n}）" for k, n in reasons.items()))
    return "\n".join(lines)


def replay_json(results: Sequence[Replayed]) -> list[dict[str, Any]]:
    return [{"call": r.call.id, "id": r.call.uid, "trainee": r.call.trainee, "scenario": r.call.scenario_id,
             "before": {"outcome": r.call.outcome, "passed": r.call.passed, "score": r.call.score},
             "after": None if r.skipped else {"outcome": r.outcome, "passed": r.passed, "score": r.score},
             "changed": r.changed, "flipped": r.flipped, "changed_versions": list(r.changed_versions),
             "unused_lines": r.unused_lines, "skipped": r.skipped} for r in results]


def _arrow(old: str, new: str) -> str:
    return old if old == new else f"{old} → {new}"


def _versions_label(changed: Sequence[str]) -> str:
    names = {"scenario": "场景", "script": "脚本", "rules": "规则"}
    return "、".join(names[k] for k in changed) + "已改" if changed else ""


def replay_page_text(results: Sequence[Replayed] | None, missing: str) -> str:
    """``replay --format text`` (``results`` None: there is no records file, say so)."""
    return visible((missing if results is None else replay_text(results)) + "\n")


def replay_page_json(results: Sequence[Replayed] | None, missing: str) -> str:
    """``replay --format json``: one object per call, before and after."""
    return json.dumps(replay_json(results or []), ensure_ascii=False, indent=2) + "\n"
