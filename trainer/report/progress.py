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
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from trainer.base.templating import render_page
from trainer.base.vocab import CATEGORIES, CATEGORY_LABELS, MODES, OUTCOMES, SEVERITY_LABELS
from trainer.records import INCOMPLETE, RECITE_MODE, CallRow, Replayed, Store, stats
from trainer.report import charts
from trainer.report.progress_data import GRAIN_LABELS, PER_POINT, TOP, report_data
from trainer.report.writers import shown
from trainer.zh.display import display_width, visible

if TYPE_CHECKING:
    from trainer.records.rows import HistoryRow

MODE_LABELS = MODES  # the records' mode column: 练习 / 考试 / 脚本 / 背诵
OUTCOME_LABELS = {**OUTCOMES, "recited": "背诵通过", "recite_failed": "背诵未通过"}
TEXT_PERIODS = 14  # periods the text report lists (the HTML page has them all)


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
    if score is None or score.__class__ is bool or not isinstance(score, int | float):
        return "—"  # missing, or an odd stored value (the store notes it)
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


def history_chunks(rows: Iterable[HistoryRow], labels: tuple[int, list[tuple]], *, db_path: str,
                   limit: int | None = None) -> Iterator[str]:
    """``trainer history``: past calls newest first, written as they stream from the store.

    ``labels`` (:meth:`Store.history_labels`) gives every value the text columns can hold, so
    the columns are sized before the first row; repeated cells are padded once."""
    top_id, seen = labels
    if not seen:
        yield f"还没有通话记录（记录库：{visible(db_path, one_line=True)}）。\n"
        return
    header = ["编号", "时间", "学员", "场景", "方式", "结果", "得分", "是否通过", "违规"]
    texts: dict[tuple, tuple[str, str, str]] = {}
    for name, mode, scenario, title in seen:
        texts[(name, mode, scenario, title)] = (
            visible(name, one_line=True), visible(_scenario_label(mode, scenario, title), one_line=True),
            MODE_LABELS.get(mode, mode))
    outcomes = {code: outcome_label(code) for code in [*OUTCOME_LABELS, None]}
    cols = [max(len(f"#{top_id}"), 4), 16,
            *(max(width(t[i]) for t in texts.values()) for i in range(3)),
            max(width(o) for o in outcomes.values()), 4, 8, 4]
    cols = [max(c, width(h)) for c, h in zip(cols, header, strict=True)]
    padded: dict[str, str] = {}

    def cell(text: str, i: int) -> str:
        key = f"{i}\x00{text}"
        if key not in padded:
            padded[key] = pad(text, cols[i])
        return padded[key]

    yield "  ".join(pad(h, cols[i]) for i, h in enumerate(header)).rstrip() + "\n"
    yield "  ".join("-" * c for c in cols) + "\n"
    chunk: list[str] = []
    n = 0
    for r in rows:
        name, scenario, mode = texts.get((r.trainee, r.mode, r.scenario_id, r.scenario_title)) or (
            visible(r.trainee, one_line=True), r.scenario_id, r.mode)
        outcome = outcomes.get(r.outcome) or outcome_label(r.outcome)
        passed = "—" if r.passed is None or r.outcome is None else ("通过" if r.passed else "未通过")
        chunk.append(f"{('#' + str(r.id)).ljust(cols[0])}  {fmt_time(r.recorded_at).ljust(16)}  "
                     f"{cell(name, 2)}  {cell(scenario, 3)}  {cell(mode, 4)}  {cell(outcome, 5)}  "
                     f"{fmt_score(r.score).ljust(4)}  {cell(passed, 7)}  {r.violations or ''}".rstrip() + "\n")
        n += 1
        if len(chunk) >= 512:
            yield "".join(chunk)
            chunk.clear()
    yield "".join(chunk)
    if not n:
        yield "（没有符合条件的通话）\n"
        return
    yield f"\n共 {n} 条。导出某次通话：trainer export #编号\n"
    if limit and n == limit:
        yield f"（只显示最近 {limit} 条；--limit 0 显示全部）\n"


def _scenario_label(mode: str, scenario: str, title: str | None) -> str:
    if mode == RECITE_MODE:
        return title or f"背诵：{scenario}"
    return scenario


# --------------------------------------------------------------------------- what to practise next


def _known_scenarios() -> list[Any]:
    from trainer.report.known import known_scenarios

    return known_scenarios()


def next_scenarios(matrix: Sequence[dict[str, Any]], known: Sequence[Any]) -> list[dict[str, Any]]:
    """One trainee's: the scenarios failed last time (lowest score first), then those passed
    last time but not every time, then bundled ones never tried (easiest first)."""
    titles = {s.id: s.title for s in known}
    judged = [m for m in matrix if m["judged"]]
    picks: list[dict[str, Any]] = []
    for m in sorted((m for m in judged if m["latest_passed"] is False),
                    key=lambda m: (m["latest_score"] or 0, m["scenario"])):
        picks.append({"scenario": m["scenario"], "title": titles.get(m["scenario"], ""),
                      "reason": f"上次未通过（{fmt_score(m['latest_score'])} 分，{outcome_label(m['latest_outcome'])}）"})
    weak = sorted((stats_rate(m), m["scenario"], m["judged"]) for m in judged
                  if m["latest_passed"] and (stats_rate(m) or 0) < 100)
    for rate, sid, n in weak:
        picks.append({"scenario": sid, "title": titles.get(sid, ""), "reason": f"通过率 {rate}%（{n} 次），还不稳定"})
    tried = {m["scenario"] for m in matrix}
    for s in sorted((s for s in known if s.id not in tried), key=lambda s: (getattr(s, "difficulty", 0), s.id)):
        picks.append({"scenario": s.id, "title": s.title, "reason": f"还没练过（难度 {s.difficulty}）"})
    return picks[:TOP]


def cohort_next(matrix: Sequence[dict[str, Any]], known: Sequence[Any]) -> list[dict[str, Any]]:
    """The cohort's: scenarios by pass rate across the group, then those nobody has tried."""
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for m in matrix:
        if m["judged"]:
            p = per[m["scenario"]]
            p[0] += m["passes"]
            p[1] += m["judged"]
            p[2] += 1
    titles = {s.id: s.title for s in known}
    rows = sorted((round(100 * passed / judged), sid, judged, people) for sid, (passed, judged, people) in per.items())
    picks = [{"scenario": sid, "title": titles.get(sid, ""), "reason": f"全组通过率 {rate}%（{people} 人 {n} 次）"}
             for rate, sid, n, people in rows if rate < 100]
    tried = {m["scenario"] for m in matrix}
    for s in sorted((s for s in known if s.id not in tried), key=lambda s: (getattr(s, "difficulty", 0), s.id)):
        picks.append({"scenario": s.id, "title": s.title, "reason": "全组都还没练过"})
    return picks[:TOP]


def stats_rate(m: dict[str, Any]) -> int | None:
    return round(100 * m["passes"] / m["judged"]) if m["judged"] else None


def csv_data(store: Store, trainee: str | None = None) -> dict[str, Any]:
    """What ``report --format csv`` writes: the calls, streamed from the store while it is open."""
    return {"calls": stats.call_rows(store.rows, stats.Scope(trainee), CATEGORIES)}


def trainee_progress(store: Store, trainee: str) -> dict[str, Any]:
    data = report_data(store, trainee)
    data["next"] = next_scenarios(data["matrix"], _known_scenarios())
    return data


def cohort_progress(store: Store) -> dict[str, Any]:
    data = report_data(store, None)
    data["next"] = cohort_next(data["matrix"], _known_scenarios())
    return data


# --------------------------------------------------------------------------- rendering


def _call_ref(cid: int, linked: set[int]) -> dict[str, Any]:
    return {"id": cid, "text": f"#{cid}", "href": f"#call-{cid}" if cid in linked else None}


def _trend_view(trend: dict[str, Any], linked: set[int]) -> dict[str, Any]:
    points, rows = [], []
    for p in trend["points"]:
        if trend["grain"] == "call":
            cid = p["calls"][0]
            label = f"#{cid} {p['when']} {p['scenario']} {fmt_score(p['score'])} 分 {fmt_passed(p['passed'])}"
            href = f"#call-{cid}" if cid in linked else None
        else:
            label = (f"{_period_name(p['when'], trend['grain'])}：{p['n']} 次，平均 {fmt_score(p['score'])} 分，"
                     f"通过率 {_fmt_pct(p['pass_rate'])}")
            href = f"#{p['anchor']}"
            rows.append({"anchor": p["anchor"], "period": _period_name(p["when"], trend["grain"]), "n": p["n"],
                         "score": fmt_score(p["score"]), "rate": _fmt_pct(p["pass_rate"]),
                         "calls": [_call_ref(c, linked) for c in p["calls"]]})
        points.append({**p, "label": label, "href": href})
    low = sorted((p for p in trend["points"]), key=lambda p: p["score"])[:PER_POINT]
    return {"trainee": trend["trainee"], "grain": GRAIN_LABELS[trend["grain"]], "chart": charts.score_chart(points),
            "rows": rows, "spark": _sparkline(trend["points"]), "n": sum(p["n"] for p in trend["points"]),
            "first": trend["points"][0]["when"][:10], "last": trend["points"][-1]["when"][:10],
            "lowest": [c for p in low for c in p["calls"]][:PER_POINT]}


def _period_name(key: str, grain: str) -> str:
    return {"week": f"{key} 起一周", "month": key[:7]}.get(grain, key)


def _sparkline(points: Sequence[dict[str, Any]], limit: int = 30) -> str:
    blocks = "▁▂▃▄▅▆▇█"
    return "".join(blocks[min(7, int((p["score"] or 0) / 100 * 8))] for p in points[-limit:])


def _matrix_view(matrix: Sequence[dict[str, Any]], linked: set[int]) -> dict[str, Any]:
    scenarios = sorted({m["scenario"] for m in matrix})
    grid: dict[str, dict[str, Any]] = defaultdict(dict)
    for m in matrix:
        grid[m["trainee"]][m["scenario"]] = {**m, "best_text": fmt_score(m["best"]),
                                             "latest_text": fmt_score(m["latest_score"]),
                                             "ref": _call_ref(m["latest_id"], linked)}
    return {"scenarios": scenarios, "rows": [{"trainee": t, "cells": [grid[t].get(s) for s in scenarios]}
                                             for t in sorted(grid)]}


def _context(data: dict[str, Any], *, cohort: bool, db_path: str, generated: str) -> dict[str, Any]:
    linked = {c["id"] for c in data["details"]}
    periods = data["periods"]
    grain = data["grain"]
    for p in periods:
        p["name"] = _period_name(p["period"], grain)
        p["refs"] = [_call_ref(c, linked) for c in p["worst"]]
    views = [_trend_view(t, linked) for t in data["trends"]]
    v_periods = [{"day": p["day"], "href": f"#{p['anchor']}", "counts": p["violations"],
                  "label": f"{p['name']}：违规 {p['violation_total']} 次"} for p in periods]
    k_periods = [{"day": p["day"], "href": f"#{p['anchor']}", "counts": p["missed"],
                  "label": f"{p['name']}：" + "，".join(f"{t} {p['missed'].get(c, 0)}" for c, t in data["key_points"])}
                 for p in periods]
    r_periods = [{"day": p["day"], "rate": p["pass_rate"], "href": f"#{p['anchor']}",
                  "label": f"{p['name']}：通过率 {_fmt_pct(p['pass_rate'])}（{p['done']} 次）"} for p in periods]
    recent = periods[-TEXT_PERIODS:]
    return {
        "cohort": cohort, "d": data, "db_path": db_path, "generated": generated, "fmt_score": fmt_score,
        "fmt_pct": _fmt_pct, "fmt_time": fmt_time, "outcome_label": outcome_label, "fmt_passed": fmt_passed,
        "table": table, "grain": GRAIN_LABELS[grain], "trends": views, "matrix": _matrix_view(data["matrix"], linked),
        "categories": [(c, CATEGORY_LABELS.get(c, c)) for c in data["categories"]],
        "violation_chart": charts.lines_chart(v_periods, data["categories"]),
        "missed_chart": charts.lines_chart(k_periods, [c for c, _t in data["key_points"]]),
        "rate_chart": charts.bars_chart(r_periods), "colours": charts.COLOURS,
        "severity": SEVERITY_LABELS, "category_label": CATEGORY_LABELS,
        "trainee_rows": [[t["name"], t["calls"], t["completed"], fmt_score(t["avg_score"]), _fmt_pct(t["pass_rate"]),
                          _fmt_trend(t["trend"]), t["critical"] or "", t["recitals"] or "", fmt_time(t["last"])]
                         for t in data.get("trainees", [])],
        "matrix_rows": [[m["scenario"], *([m["trainee"]] if cohort else []), m["attempts"], fmt_score(m["best"]),
                         fmt_score(m["latest_score"]), f"{m['passes']}/{m['judged']}", f"#{m['latest_id']}"]
                        for m in sorted(data["matrix"], key=lambda m: (m["scenario"], m["trainee"]))],
        "period_rows": [[p["name"], p["done"], fmt_score(p["avg_score"]), _fmt_pct(p["pass_rate"]),
                         p["violation_total"] or "", " ".join(f"#{c}" for c in p["worst"])] for p in recent],
        "violation_trend_rows": [[p["name"], *(p["violations"].get(c, 0) for c in data["categories"])]
                                 for p in recent if p["violations"]],
        "missed_trend_rows": [[p["name"], *(p["missed"].get(c, 0) for c, _t in data["key_points"])]
                              for p in recent if p["missed"]],
        "violation_rows": [[v["category"], v["label"], v["total"], v["critical"], v["major"], v["minor"], v["calls"]]
                           for v in data["violations"]],
    }


def _fmt_trend(trend: float | None) -> str:
    if trend is None:
        return "—"
    return f"+{fmt_score(trend)}" if trend > 0 else fmt_score(trend)


def _fmt_pct(value: int | None) -> str:
    return "—" if value is None else f"{value}%"


def render_report(data: dict[str, Any], *, cohort: bool, fmt: str, db_path: str, generated: str) -> str:
    """Render a progress report (``fmt``: ``text``, ``html`` or ``csv``)."""
    write = {"html": report_html, "csv": report_csv}.get(fmt, report_text)
    return write(data, cohort=cohort, db_path=db_path, generated=generated)


def report_text(data: dict[str, Any], *, cohort: bool, db_path: str, generated: str) -> str:
    """``report --format text`` (every string of the records shown as one visible line)."""
    ctx = _context(shown(data), cohort=cohort, db_path=shown(db_path), generated=generated)
    return visible(render_page("progress.txt.j2", **ctx).rstrip("\n") + "\n")


def report_html(data: dict[str, Any], *, cohort: bool, db_path: str, generated: str) -> str:
    """``report --format html``: one self-contained page."""
    ctx = _context(data, cohort=cohort, db_path=db_path, generated=generated)
    return render_page("progress.html.j2", **ctx).rstrip("\n") + "\n"


def report_csv(data: dict[str, Any], *, cohort: bool, db_path: str, generated: str) -> str:
    """``report --format csv``: one row per call (see :mod:`trainer.report.progress_csv`)."""
    from trainer.report.progress_csv import calls_csv

    return calls_csv(data["calls"])


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
