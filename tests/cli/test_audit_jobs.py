"""``trainer audit --jobs N``: the same output as one process, bad records still reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.corpus import DENSE_RATE, generate
from trainer.cli import audit_jobs, main

pytestmark = pytest.mark.skipif(not audit_jobs.can_fork(), reason="no fork on this platform: one process")


@pytest.fixture(autouse=True)
def _small_units(monkeypatch: pytest.MonkeyPatch) -> None:
    # a few hundred KB already go to workers, in parts of about 64 KB
    monkeypatch.setattr(audit_jobs, "CHUNK_BYTES", 64 << 10)
    monkeypatch.setattr(audit_jobs, "PARALLEL_MIN_BYTES", 1)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["audit", *argv, "--no-progress"])
    out, err = capsys.readouterr()
    return code, out, err


def test_jobs_2_writes_what_one_process_writes_for_one_large_file(tmp_path: Path, capsys) -> None:
    calls = tmp_path / "calls.jsonl"
    generate(calls, 0.6, seed=11, rate=DENSE_RATE)
    for fmt in ("json", "text", "csv"):
        one = _run(capsys, str(calls), "--format", fmt, "--jobs", "1")
        two = _run(capsys, str(calls), "--format", fmt, "--jobs", "2")
        assert two == one
    assert one[0] == 1 and len(json.loads(_run(capsys, str(calls), "--format", "json", "--jobs", "2")[1])) > 500


def test_workers_that_render_give_the_same_selection_summary_and_page(tmp_path: Path, capsys) -> None:
    # the workers keep what --select shows, count it and render it themselves (not for HTML):
    # the findings, the per-agent summary, the trend and the --summary file are those of one process
    calls = tmp_path / "calls.jsonl"
    generate(calls, 0.5, seed=3, rate=DENSE_RATE)
    records = [json.loads(line) for line in calls.read_text("utf-8").splitlines()]
    for n, record in enumerate(records):  # agents in teams, each of them in several parts
        record.setdefault("meta", {}).update(agent=f"坐席{n % 7}", team=f"{n % 2 + 1}组")
    calls.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    for argv in (("--format", "text", "--select", "threat,CN-IMP-002"), ("--format", "csv", "--ignore", "threat"),
                 ("--format", "html",)):
        outputs = []
        for jobs in ("1", "2"):
            summary = tmp_path / f"summary{jobs}.json"
            outputs.append((_run(capsys, str(calls), *argv, "--jobs", jobs, "--summary", str(summary)),
                            json.loads(summary.read_text("utf-8"))))
        assert outputs[1] == outputs[0]
        (code, out, _err), summary = outputs[0]
        assert summary["calls"] == len(records) and len(summary["agents"]) == 7 and summary["trend"]["rows"]
        assert summary["findings"] > 50 and code == 1


def test_jobs_2_writes_what_one_process_writes_for_many_files(tmp_path: Path, capsys) -> None:
    for n in range(5):
        generate(tmp_path / f"day{n}.jsonl", 0.05, seed=n, rate=DENSE_RATE)
    (tmp_path / "one.txt").write_text("坐席：你再不还就等着坐牢吧。\n客户：好的。\n", "utf-8")
    assert _run(capsys, str(tmp_path), "--format", "json", "--jobs", "2") == \
        _run(capsys, str(tmp_path), "--format", "json", "--jobs", "1")


def test_a_bad_record_in_one_part_is_reported_where_it_is_and_the_rest_are_audited(tmp_path: Path, capsys) -> None:
    calls = tmp_path / "calls.jsonl"
    generate(calls, 0.4, seed=5, rate=DENSE_RATE)
    lines = calls.read_bytes().splitlines(keepends=True)
    bad_at = len(lines) * 2 // 3  # well inside a later part
    lines[bad_at] = b'{"id": "broken", "turns": [\n'
    calls.write_bytes(b"".join(lines))
    one = _run(capsys, str(calls), "--format", "json", "--jobs", "1")
    two = _run(capsys, str(calls), "--format", "json", "--jobs", "2")
    assert two == one
    code, out, err = two
    assert code == 1
    assert f"calls.jsonl:{bad_at + 1}:" in err and "TR001" in err
    assert f"读取 {len(lines) - 1} 个通话，跳过 1 条" in err  # every other call audited
    assert f"call-{len(lines) - 1:07d}" in {f["transcript"] for f in json.loads(out)}  # the last one too


def test_jobs_must_be_a_positive_number(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["audit", "x.jsonl", "--jobs", "0"])
    assert exc.value.code == 2
    assert "正整数" in capsys.readouterr().err
