"""The HTML audit report as a compliance officer uses it: in a browser (headless Chromium)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import tracemalloc
from pathlib import Path

import pytest

from trainer.cli import main

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
OPENING = {"speaker": "agent", "text": "您好，我是安信银行信用卡中心司法调查组的王明，请问是张伟先生本人吗？"}
THREAT = {"speaker": "agent", "text": "再不还钱就抓你去坐牢"}
ABUSE = {"speaker": "agent", "text": "你个老赖，老赖就是你"}
POLICE = {"speaker": "agent", "text": "我是公安局的，你配合一下"}


def _call(i: int, turns: list[dict], agent: str, hour: int = 10) -> dict:
    return {"id": f"call-{i:05d}", "turns": [OPENING, {"speaker": "debtor", "text": "是我"}, *turns],
            "meta": {"agent": agent, "team": "一组" if agent == "王明" else "二组",
                     "started_at": f"2026-03-{1 + i % 28:02d}T{hour:02d}:15:00+08:00", "timezone": "Asia/Shanghai"}}


def _write(path: Path, calls: list[dict]) -> Path:
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in calls), "utf-8")
    return path


@pytest.fixture
def report(tmp_path: Path, capsys) -> Path:
    calls = [_call(1, [THREAT], "王明"), _call(2, [ABUSE], "李娜"), _call(3, [POLICE, ABUSE], "王明", hour=23),
             _call(4, [{"speaker": "agent", "text": "好的，谢谢您"}], "李娜")]
    assert main(["audit", str(_write(tmp_path / "calls.jsonl", calls)), "--format", "html"]) == 1
    page = tmp_path / "report.html"
    page.write_text(capsys.readouterr().out, "utf-8")
    return page


def _dom(page: Path, fragment: str = "", timeout: float = 60) -> str:
    if CHROMIUM is None:
        pytest.skip("headless Chromium is not installed (apt-get install chromium)")
    result = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                             page.resolve().as_uri() + fragment],
                            capture_output=True, text=True, timeout=timeout, check=False)
    assert "</html>" in result.stdout, result.stderr[-2000:]
    return result.stdout


def _rows(dom: str, cls: str) -> list[tuple[str, bool]]:
    """(data attributes, visible) of each <tr class=cls>."""
    return [(m.group(1), "hidden" not in m.group(1)) for m in re.finditer(f'<tr class="{cls}"([^>]*)>', dom)]


def test_the_page_renders_with_summary_index_and_calls(report: Path) -> None:
    dom = _dom(report)
    assert "按类别和严重程度" in dom and "按规则" in dom and "按坐席" in dom and "按日趋势" in dom
    assert len(_rows(dom, "idx")) == 3  # the index of the three flagged calls, built in the page
    assert dom.count('<section class="call"') == 3
    assert "显示 3 个通话" in dom
    assert "客户当地时间" in dom and "拨打时间：客户当地 2026-03-04 23:15（Asia/Shanghai）" in dom
    # the evidence of how the audit was run
    assert "规则包摘要" in dom and re.search(r"<code>[0-9a-f]{64}</code>", dom)
    assert "core 第 1 版" in dom and "22:00–08:00" in dom and "trainer 版本" in dom


def test_a_category_in_the_address_shows_only_those_rows(report: Path) -> None:
    dom = _dom(report, "#category=threat")
    findings = _rows(dom, "finding")
    assert findings and all(visible == ('data-category="threat"' in attrs) for attrs, visible in findings)
    assert [visible for _attrs, visible in _rows(dom, "idx")] == [True, False, False]


def test_search_and_agent_go_through_the_typing_path(report: Path) -> None:
    # the address fills the search box and fires the same input event typing does
    dom = _dom(report, "#q=" + "公安局")
    assert 'data-filter="|||公安局"' in dom
    assert [visible for _attrs, visible in _rows(dom, "idx")] == [False, False, True]
    dom = _dom(report, "#agent=" + "李娜" + "&severity=critical")
    visible = [attrs for attrs, shown in _rows(dom, "finding") if shown]
    assert visible and all('data-rule="CN-ABU-001"' in attrs for attrs in visible)


def test_nothing_is_loaded_from_elsewhere(report: Path) -> None:
    html = report.read_text("utf-8")
    assert ("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">") in html
    links = re.findall(r"""(?:src|href)\s*=\s*["']?([^"'\s>]*)""", html, flags=re.IGNORECASE)
    assert links and all(link.startswith("#") for link in links)
    assert not re.search(r"(https?:)?//[a-z0-9]", html.replace("http-equiv", ""), flags=re.IGNORECASE)
    assert "@import" not in html and "url(" not in html


def test_one_finding_per_rule_per_turn(report: Path) -> None:
    html = report.read_text("utf-8")
    section = html[html.index('id="call-2"'):html.index('id="call-3"')]
    assert section.count('data-rule="CN-ABU-001"') == 1
    full_view = section[section.index("<details>"):]
    assert full_view.count("<mark>老赖</mark>") == 2  # both places marked in the full view


def test_ten_thousand_calls_render_in_the_browser_in_time(tmp_path: Path, capsys) -> None:
    if CHROMIUM is None:
        pytest.skip("headless Chromium is not installed (apt-get install chromium)")
    kinds = [[THREAT], [ABUSE], [POLICE]]
    calls = [_call(i, kinds[i % 3], ("王明", "李娜", "赵强")[i % 3]) for i in range(10_000)]
    main(["audit", str(_write(tmp_path / "many.jsonl", calls)), "--format", "html"])
    page = tmp_path / "many.html"
    page.write_text(capsys.readouterr().out, "utf-8")
    started = time.monotonic()
    dom = _dom(page, "#category=abuse", timeout=120)
    assert time.monotonic() - started < 120
    assert dom.count('<tr class="idx"') == 10_000
    assert "显示 3333 个通话，3333 条问题" in dom


def _peak_writing(n: int) -> int:
    """Peak memory of the HTML writer writing ``n`` flagged calls (its output thrown away, as
    a file or a pipe would take it)."""
    from trainer.compliance import load_pack
    from trainer.report.audit import HtmlWriter, Summary

    pack = load_pack()
    call = _call(0, [THREAT, ABUSE, POLICE], "王明")
    findings = pack.audit(call)
    tracemalloc.start()
    writer, summary = HtmlWriter(), Summary()
    size = len(writer.start())
    for i in range(n):
        one = {**call, "id": f"call-{i:05d}"}
        summary.add(findings, one["meta"])
        size += len(writer.add(one, findings))
    size += len(writer.end(summary, []).out)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert size > n * 1000  # every call was written
    return peak


def test_memory_does_not_grow_with_the_number_of_flagged_calls() -> None:
    _peak_writing(50)  # templates compiled, caches warm
    small, large = _peak_writing(200), _peak_writing(2000)
    assert large < small * 1.5, (small, large)  # ten times the calls, not ten times the memory
