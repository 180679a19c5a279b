"""A large records file built fast: the store creates the schema, bulk inserts fill it.

Used by ``benchmarks/bench_records.py`` and the browser test of the progress page.  The calls look
like real ones: 20 trainees, the bundled scenarios, ~5 % never finished, a recital now and then,
scores that improve over ~400 days, findings on a third of the calls (some matching one rule twice
in one sentence, which counts once), missed key points on half of them.
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from trainer.records import open_store

SCENARIOS = ("first-contact-honest", "first-contact-slippery", "first-contact-malicious", "first-contact-fraud",
             "follow-up-broken-promise", "third-party-family", "third-party-colleague", "special-hospitalized",
             "special-deceased", "special-complaint-prone")
RULES = (("CN-IMP-002", "impersonation", "critical"), ("CN-THR-001", "threat", "major"),
         ("CN-ABU-001", "abuse", "major"), ("CN-TPD-001", "third_party_disclosure", "critical"),
         ("CN-FAL-001", "false_claim", "major"))
KEY_POINTS = (("open.identify", "表明身份"), ("close.recap", "复述承诺"), ("verify.identity", "核实身份"),
              ("negotiate.amount", "确认金额"), ("close.callback", "约定回电"))
TZ = timezone(timedelta(hours=8))


def build(path: Path, calls: int = 100_000, turns: int = 12, seed: int = 1) -> Path:
    """Write ``calls`` calls (``turns`` turns each) into a fresh records file at ``path``."""
    open_store(path).close()
    rng = random.Random(seed)
    start = datetime(2025, 1, 6, 9, 0, tzinfo=TZ)
    db = sqlite3.connect(str(path))
    db.execute("PRAGMA synchronous = OFF")
    with db:
        db.executemany("INSERT INTO trainees(id, name, created_at) VALUES (?,?,?)",
                       [(i + 1, f"学员{i:02d}", start.isoformat()) for i in range(20)])
        batch_calls, batch_turns, batch_findings, batch_misses = [], [], [], []
        for c in range(1, calls + 1):
            at = start + timedelta(seconds=int(400 * 86400 * c / calls))
            trainee = 1 + c % 20
            recite = c % 97 == 0
            done = rng.random() > 0.05
            score = max(0, min(100, round(rng.gauss(55 + 30 * c / calls, 12)))) if done else None
            outcome = rng.choice(("ptp", "callback", "refused", "hung_up")) if done else None
            stamp = at.isoformat(timespec="seconds")
            batch_calls.append((c, f"call-{c}", trainee, "recite" if recite else "practice",
                                "first_contact" if recite else SCENARIOS[c % len(SCENARIOS)], None, stamp,
                                at.timestamp(), stamp if done else None, outcome,
                                None if score is None else int(score >= 70), score,
                                json.dumps({"contact": "debtor", "started_at": stamp}, ensure_ascii=False)))
            for t in range(turns):
                turn = {"speaker": "agent" if t % 2 else "debtor", "text": f"第{t}句：您好，请问是张伟先生吗？",
                        "stage": "opening", "acts": ["greet"], "at": stamp}
                batch_turns.append((c, t, turn["speaker"], turn["text"],
                                    json.dumps(turn, ensure_ascii=False, sort_keys=True), stamp))
            if done and not recite and rng.random() < 0.33:
                for _ in range(rng.randint(1, 3)):
                    rule, category, severity = rng.choice(RULES)
                    turn = rng.randrange(1, max(2, turns), 2)
                    for _hit in range(rng.choice((1, 1, 2))):  # two patterns of one rule in one sentence
                        batch_findings.append((c, turn, rule, category, severity, "不当说法", "公安局", "{}"))
            if done and rng.random() < 0.5:
                for code, title in rng.sample(KEY_POINTS, rng.randint(1, 2)):
                    batch_misses.append((c, "key_point", code, title))
            if len(batch_calls) >= 5000 or c == calls:
                _flush(db, batch_calls, batch_turns, batch_findings, batch_misses)
    db.close()
    return path


def _flush(db: sqlite3.Connection, calls: list, turns: list, findings: list, misses: list) -> None:
    db.executemany("""INSERT INTO calls(id, uid, trainee_id, mode, scenario_id, scenario_title, recorded_at,
                          recorded_ts, finished_at, outcome, passed, score, meta_json)
                      VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""", calls)
    db.executemany("INSERT INTO turns(call_id, idx, speaker, text, data_json, recorded_at) VALUES (?,?,?,?,?,?)",
                   turns)
    db.executemany("""INSERT INTO findings(call_id, turn, rule, category, severity, message, excerpt, data_json)
                      VALUES (?,?,?,?,?,?,?,?)""", findings)
    db.executemany("INSERT OR IGNORE INTO misses(call_id, kind, code, title) VALUES (?,?,?,?)", misses)
    for batch in (calls, turns, findings, misses):
        batch.clear()
