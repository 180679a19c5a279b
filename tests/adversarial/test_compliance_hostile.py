"""Hostile input to the compliance engine: planted cache files, bad local packs, out-of-range
times and huge turns.  Each must be refused or handled in bounded time, never crash."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], env: dict[str, str] | None = None, stdin: str | None = None,
         timeout: float = 60) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "trainer", *args], capture_output=True, text=True,
                          env=full, input=stdin, timeout=timeout, cwd=ROOT)


# --- 1. the compiled-pack cache -------------------------------------------------------------


class _Boom:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # unpickling this writes the marker file
        return (Path.write_text, (self.marker, "pwned"))


def test_planted_cache_files_never_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    payload = pickle.dumps({"format": 1, "pack": _Boom(marker)})
    target = tmp_path / "elsewhere.pickle"
    target.write_bytes(payload)
    for folder in (tmp_path / "cache", tmp_path / "xdg" / "trainer"):
        folder.mkdir(parents=True)
        for n in range(16):  # whatever key the process might compute
            (folder / f"pack-{n:040x}.pickle").write_bytes(payload)
        (folder / "pack-junk.pickle").write_bytes(os.urandom(256))
        (folder / "pack-link.pickle").symlink_to(target)
    before = {p: p.read_bytes() for p in (tmp_path / "cache").iterdir()}
    for env in ({"TRAINER_CACHE_DIR": str(tmp_path / "cache")},
                {"XDG_CACHE_HOME": str(tmp_path / "xdg"), "TRAINER_CACHE_DIR": ""}):
        for _ in range(2):  # a second run would read what the first one wrote
            run = _run(["rules"], env)
            assert run.returncode == 0, run.stderr
            assert "CN-" in run.stdout and "Traceback" not in run.stderr
    assert not marker.exists()
    assert target.read_bytes() == payload  # the link was not followed for writing either
    after = {p: p.read_bytes() for p in (tmp_path / "cache").iterdir()}
    assert {p: after.get(p) for p in before} == before  # every planted file left as it was
    for path in set(after) - set(before):  # what the runs wrote: JSON entries, nothing else
        assert path.name.startswith("rulepack-") and path.suffix == ".json"
        assert json.loads(path.read_bytes())["format"] == 1


def test_the_pack_no_longer_reads_any_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    from trainer.compliance import RulePack
    from trainer.compliance.pack import read_packs

    assert importlib.util.find_spec("trainer.compliance.cache") is None  # no pack cache module at all
    monkeypatch.setattr(pickle, "loads", lambda *_a, **_k: pytest.fail("unpickled"))
    monkeypatch.setattr(pickle, "load", lambda *_a, **_k: pytest.fail("unpickled"))
    pack = RulePack(read_packs(()))
    found = pack.audit({"id": "t", "meta": {}, "turns": [{"speaker": "agent", "text": "我是公安局的"}]})
    assert [f["rule"] for f in found] == ["CN-IMP-002"]


# --- 2. a lexicon that includes a missing one ------------------------------------------------


def test_include_of_a_missing_lexicon_is_a_located_problem(tmp_path: Path) -> None:
    pack = tmp_path / "bank.yaml"
    pack.write_text("pack: bank\nlexicons:\n  mine:\n    terms: [催款专员]\n    include: [polise]\n", "utf-8")
    calls = tmp_path / "calls.jsonl"
    calls.write_text('{"id": "a", "meta": {}, "turns": [{"speaker": "agent", "text": "您好"}]}\n', "utf-8")
    expected = f"{pack}:5:15: RP003 词表 'mine' 要并入的词表 'polise' 不存在（提示：是不是想写 'police'？）"
    run = _run(["validate", str(pack)])
    assert run.returncode == 1 and expected in run.stdout
    run = _run(["audit", str(calls), "--rules", str(pack)])
    assert run.returncode == 2, run.stderr
    assert expected in run.stdout + run.stderr and "Traceback" not in run.stderr


# --- 4. times out of range --------------------------------------------------------------------


@pytest.mark.parametrize("started", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00",
                                     "0001-01-01T00:00:00", "9999-12-31T23:59:59"])
def test_a_time_out_of_range_never_loses_the_batch(tmp_path: Path, started: str) -> None:
    calls = tmp_path / "calls.jsonl"
    calls.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in _around(started)), "utf-8")
    run = _run(["audit", str(calls), "--format", "json"])
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    found = json.loads(run.stdout)
    assert {f["transcript"] for f in found} == {"a", "c"}
    assert {f["rule"] for f in found if f["transcript"] == "a"} >= {"CN-IMP-002"}
    assert len({f["rule"] for f in found if f["transcript"] == "a"}) == 2  # the calling-hours one too
    if len(started) == 19:
        # no offset: unusable, skipped with its reason
        assert f"{calls}:2:1: TR006 meta.started_at '{started}' 不是带时区偏移的 ISO-8601 时间" in run.stderr
        assert "跳过 1 条" in run.stderr
    else:
        # audited (no finding can be made of it) and reported by location, as a warning
        assert f"{calls}:2:1: TR006 通话时间 {started} 超出可换算的范围，未检查拨打时段" in run.stderr.splitlines()
        assert "读取 3 个通话，跳过 0 条" in run.stderr


def _around(started: str, zone: str | None = "America/New_York") -> list[dict[str, object]]:
    bad: dict[str, object] = {"started_at": started, **({"timezone": zone} if zone else {})}
    return [{"id": "a", "meta": {"started_at": "2024-01-01T23:30:00+08:00"},
             "turns": [{"speaker": "agent", "text": "我是公安局的"}]},
            {"id": "bad", "meta": bad, "turns": [{"speaker": "agent", "text": "您好"}]},
            {"id": "c", "meta": {"started_at": "2024-01-02T10:00:00+08:00"},
             "turns": [{"speaker": "agent", "text": "我是公安局的"}]}]


def test_an_out_of_range_time_alone_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    calls = tmp_path / "calls.json"  # one JSON list: the note is located by index
    calls.write_text(json.dumps(_around("9999-12-31T23:59:59-12:00")[1:2]), "utf-8")
    run = _run(["audit", str(calls)])
    assert run.returncode == 0, run.stderr  # audited, nothing found: the note changes no exit code
    assert f"{calls}[0]: TR006 通话时间 9999-12-31T23:59:59-12:00 超出可换算的范围" in run.stderr
    html = _run(["audit", str(calls), "--format", "html"])
    assert html.returncode == 0 and "跳过的记录" not in html.stdout  # nothing was skipped


def test_a_call_without_a_zone_is_noted_in_the_packs_zone(tmp_path: Path) -> None:
    calls = tmp_path / "calls.jsonl"
    calls.write_text(json.dumps(_around("0001-01-01T00:00:00+00:00", zone=None)[1]) + "\n", "utf-8")
    run = _run(["audit", str(calls)])  # Asia/Shanghai: 08:00 on 1 January of year 1 is judged
    assert run.returncode == 0 and "TR006" not in run.stderr, run.stderr
    pack = tmp_path / "bank.yaml"
    pack.write_text("pack: bank\nsettings:\n  timezone: America/New_York\n", "utf-8")
    run = _run(["audit", str(calls), "--rules", str(pack)])  # year 0 in New York: not judged
    assert run.returncode == 0, run.stderr
    assert f"{calls}:1:1: TR006 通话时间 0001-01-01T00:00:00+00:00 超出可换算的范围" in run.stderr


def test_the_note_is_the_same_with_several_processes(tmp_path: Path) -> None:
    calls = tmp_path / "calls.jsonl"
    filler = json.dumps(_around("2024-01-02T10:00:00+08:00")[2] | {"pad": "x" * 3000}) + "\n"
    bad = json.dumps(_around("0001-01-01T00:00:00+14:00")[1]) + "\n"
    calls.write_text(filler * 1500 + bad + filler * 1500, "utf-8")  # over 8 MB: --jobs 2 forks
    runs = [_run(["audit", str(calls), "--format", "json", "--jobs", n], timeout=120) for n in ("1", "2")]
    for run in runs:
        assert run.returncode == 1 and "Traceback" not in run.stderr
        assert f"{calls}:1501:1: TR006 通话时间 0001-01-01T00:00:00+14:00 超出可换算的范围" in run.stderr
        assert "读取 3001 个通话，跳过 0 条" in run.stderr
    assert runs[0].stdout == runs[1].stdout and runs[0].stderr == runs[1].stderr


# --- 5. long turns --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1" * 40_000, "5," * 20_000, "5,,,," * 8_000, "12元" + "3" * 40_000 + "块"])
def test_long_runs_of_digits_are_audited_in_linear_time(text: str) -> None:
    from trainer.compliance import load_pack

    pack = load_pack()
    started = time.monotonic()
    pack.audit({"id": "t", "meta": {}, "turns": [{"speaker": "agent", "text": text}]})
    assert time.monotonic() - started < 10


def test_the_amount_regex_finds_what_it_found() -> None:
    import re

    from trainer.compliance import load_pack

    pack = load_pack()
    (rx,) = {p.regex for p in pack._patterns if p.raw is not None and "元|块" in p.raw.pattern}
    old = re.compile(r"\d[\d,.]*(元|块)")
    for text in ["价格 1,234.5元 和 12块 ,,3元 5..6块", "欠款3,000.00元", "1,,,,2元 a5.元", "7 元 8块8毛"]:
        assert [m.span() for m in rx.finditer(text)] == [m.span() for m in old.finditer(text)]


# --- 3. local packs that would hang the audit ------------------------------------------------

_RULE = """rules:
  - id: BK-ABC-001
    title: t
    category: impersonation
    severity: major
    message: m
    sources: [{text: x}]
    check: forbidden
    patterns: [%s]
    examples: {violating: [aaa, aaaa], compliant: [b, c]}
"""


def test_a_long_evasion_term_is_matched_as_written_and_reported(tmp_path: Path) -> None:
    term = "中华人民共和国公安部经济犯罪侦查局刑侦大队"  # 21 characters: 2^19 stutters
    pack = tmp_path / "bank.yaml"
    pack.write_text(f"pack: bank\nlexicons:\n  police:\n    add: [{term}]\n", "utf-8")
    calls = tmp_path / "calls.jsonl"
    turn = {"id": "a", "meta": {}, "turns": [{"speaker": "agent", "text": f"我是{term}的"}]}
    calls.write_text(json.dumps(turn, ensure_ascii=False) + "\n", "utf-8")
    started = time.monotonic()
    run = _run(["audit", str(calls), "--rules", str(pack), "--format", "json"])
    assert time.monotonic() - started < 20
    assert run.returncode == 1, run.stderr
    assert "CN-IMP-002" in run.stdout
    run = _run(["validate", str(pack)])
    assert run.returncode == 1 and f"{pack}:4:11: RP011" in run.stdout


@pytest.mark.parametrize("regex", ["(a+)+$", "(a*)*", "(a|a)*", "(?:\\d+)+元"])
def test_a_catastrophic_regex_is_refused(tmp_path: Path, regex: str) -> None:
    pack = tmp_path / "bank.yaml"
    pack.write_text("pack: bank\n" + _RULE.replace("%s", "{re: " + json.dumps(regex) + "}"), "utf-8")
    run = _run(["validate", str(pack)])
    assert run.returncode == 1 and f"{pack}:10:21: RP004 正则有嵌套的重复" in run.stdout
    calls = tmp_path / "calls.jsonl"
    calls.write_text('{"id": "a", "meta": {}, "turns": [{"speaker": "agent", "text": "%s"}]}\n' % ("a" * 40), "utf-8")
    started = time.monotonic()
    run = _run(["audit", str(calls), "--rules", str(pack)])
    assert run.returncode == 2 and "RP004" in run.stdout + run.stderr
    assert time.monotonic() - started < 10


def test_the_bundled_pack_passes_validation() -> None:
    run = _run(["validate", str(ROOT / "trainer" / "data" / "rules")])
    assert run.returncode == 0, run.stdout
