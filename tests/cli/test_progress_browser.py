"""The progress page in a real browser (headless Chromium): it renders, its tables and charts are
in the DOM, and at 100,000 calls it stays small (charts aggregate by day/week instead of one point
per call).  Skipped when Chromium is not installed (Debian package ``chromium``)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from benchmarks.records_db import build
from trainer.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium)")


def _browser(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp / 'profile'}",
                           *args], capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def big_db(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("records") / "big.db", calls=100_000, turns=0)


def test_the_progress_page_at_100k_calls_renders_small_with_tables_charts_and_drilldown(big_db: Path, tmp_path: Path,
                                                                                     capsys) -> None:
    page = tmp_path / "进度.html"
    assert main(["report", "--all", "--format", "html", "--db", str(big_db), "-o", str(page)]) == 0
    capsys.readouterr()
    size = page.stat().st_size
    assert size < 1_000_000, f"page is {size} bytes"
    dom = _browser("--dump-dom", page.as_uri(), tmp=tmp_path).stdout
    # the trainee × scenario table: one row per trainee (20), a cell per scenario
    assert len(re.findall(r'<tr class="matrix-row">', dom)) == 20
    # a score chart per trainee, each a bounded number of points with dates on the axis
    charts = re.findall(r'<svg class="trend".*?</svg>', dom, re.S)
    assert len(charts) == 20
    assert all(len(re.findall("<circle", c)) <= 200 for c in charts)
    assert re.search(r">2025-\d\d-\d\d</text>", charts[0])
    # every link points at a target inside the page (the drill-down), and the call sections exist
    links = set(re.findall(r'href="(#[^"]+)"', dom))
    assert links and all(f'id="{link[1:]}"' in dom for link in links)
    assert re.search(r'<div class="call" id="call-\d+">', dom)
    shot = tmp_path / "page.png"
    _browser(f"--screenshot={shot}", "--window-size=1000,2400", page.as_uri(), tmp=tmp_path)
    assert shot.exists() and shot.stat().st_size > 10_000
