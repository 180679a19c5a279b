"""Chart geometry for the progress page: numbers only, the SVG markup is in the template.

Every chart has a date axis (x = days since year 1, so gaps between sessions show as gaps) and
is bounded: callers hand in at most a few hundred points per series (aggregated by day, week or
month beforehand), so a page stays small whatever the number of calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

W, LEFT, RIGHT, TOP, BOTTOM = 640, 36, 12, 10, 34
COLOURS = ("#3b6fb6", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#b7950b",
           "#34495e")


def day_number(iso: str | None) -> float | None:
    """``2026-03-02`` or ``2026-03-02T10:15:00+08:00`` → days (with the time of day as a fraction),
    read on the clock it was written with; None when it is not a date."""
    if not iso:
        return None
    try:
        if len(iso) <= 10:
            return float(date.fromisoformat(iso).toordinal())
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return None
    return moment.toordinal() + (moment.hour * 3600 + moment.minute * 60 + moment.second) / 86400


def _label(day: float, with_year: bool) -> str:
    d = date.fromordinal(int(day))
    return d.isoformat() if with_year else d.strftime("%m-%d")


class Axes:
    """Maps (day, value) to the plot area; ``ticks`` are up to six dates along the x axis."""

    def __init__(self, days: Sequence[float], top_value: float, h: int) -> None:
        self.h = h
        self.lo, self.hi = min(days), max(days)
        if self.hi - self.lo < 1:
            self.lo, self.hi = self.lo - 0.5, self.hi + 0.5
        self.top_value = top_value or 1

    def x(self, day: float) -> float:
        return round(LEFT + (W - LEFT - RIGHT) * (day - self.lo) / (self.hi - self.lo), 1)

    def y(self, value: float) -> float:
        share = max(0.0, min(1.0, value / self.top_value))
        return round(TOP + (self.h - TOP - BOTTOM) * (1 - share), 1)

    def frame(self) -> dict[str, Any]:
        span = self.hi - self.lo
        n = max(1, min(5, int(span)))
        with_year = date.fromordinal(int(self.lo)).year != date.fromordinal(int(self.hi)).year
        ticks, seen = [], set()
        for i in range(n + 1):
            day = self.lo + span * i / n
            text = _label(day, with_year or i in (0, n))
            if text not in seen:
                seen.add(text)
                ticks.append({"x": self.x(day), "text": text,
                              "anchor": "start" if i == 0 else "end" if i == n else "middle"})
        steps = (0, 50, 100) if self.top_value == 100 else (0, self.top_value / 2, self.top_value)
        grid = [{"y": self.y(v), "v": _num(v)} for v in steps]
        return {"w": W, "h": self.h, "left": LEFT, "right": W - RIGHT, "base": self.h - BOTTOM,
                "ticks": ticks, "grid": grid, "tick_y": self.h - BOTTOM + 14}


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"


def score_chart(points: Sequence[dict[str, Any]], h: int = 170) -> dict[str, Any] | None:
    """One trainee's scores over time.  Each point: ``day`` (day number), ``score``, ``passed``
    (True/False/None, or the share passed of a bucket), ``label`` and ``href``."""
    points = [p for p in points if p.get("day") is not None and p.get("score") is not None]
    if not points:
        return None
    axes = Axes([p["day"] for p in points], 100, h)
    drawn = [{**p, "x": axes.x(p["day"]), "y": axes.y(p["score"])} for p in points]
    return {**axes.frame(), "points": drawn,
            "polyline": " ".join(f"{p['x']},{p['y']}" for p in drawn)}


def lines_chart(periods: Sequence[dict[str, Any]], keys: Sequence[str], h: int = 190) -> dict[str, Any] | None:
    """Several counts over the same periods (violations per category, misses per key point).
    Each period: ``day``, ``href``, ``label`` and ``counts`` by key."""
    periods = [p for p in periods if p.get("day") is not None]
    if not periods or not keys:
        return None
    top = max((p["counts"].get(k, 0) for p in periods for k in keys), default=0) or 1
    axes = Axes([p["day"] for p in periods], top, h)
    series = []
    for i, key in enumerate(keys):
        pts = [(axes.x(p["day"]), axes.y(p["counts"].get(key, 0))) for p in periods]
        series.append({"key": key, "colour": COLOURS[i % len(COLOURS)],
                       "polyline": " ".join(f"{x},{y}" for x, y in pts)})
    hits = [{"x": axes.x(p["day"]), "href": p["href"], "label": p["label"]} for p in periods]
    return {**axes.frame(), "series": series, "hits": hits}


def bars_chart(periods: Sequence[dict[str, Any]], h: int = 150) -> dict[str, Any] | None:
    """Pass rate per period as bars on the date axis.  Each period: ``day``, ``rate``, ``href``,
    ``label``."""
    periods = [p for p in periods if p.get("day") is not None and p.get("rate") is not None]
    if not periods:
        return None
    axes = Axes([p["day"] for p in periods], 100, h)
    plot = W - LEFT - RIGHT
    bw = max(1.0, min(24.0, plot / max(1, len(periods)) * 0.7))
    bars = []
    for p in periods:
        y = axes.y(p["rate"])
        bars.append({"x": round(axes.x(p["day"]) - bw / 2, 1), "w": round(bw, 1), "y": y,
                     "h": round(h - BOTTOM - y, 1), "href": p["href"], "label": p["label"]})
    return {**axes.frame(), "bars": bars}
