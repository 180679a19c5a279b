"""The bare-sqlite3 equivalent of ``trainer export --all``: the same bytes, stdlib only.

Run as its own process by ``benchmarks/bench_records.py`` (``python benchmarks/bare_export.py DB``).
Two cursors in call order (the calls' columns, and their turns' stored JSON), each line the
DESIGN.md transcript with ``meta.record`` built from the columns, the stored turns spliced in as
they are, and C1 controls and bidi overrides written as ``\\uXXXX`` — byte for byte what
``trainer export --all`` writes (the benchmark checks with ``--check``).
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys

ESCAPED = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069]")
ESCAPES = {c: f"\\u{c:04x}" for c in (*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))}
ORDER = "WHERE c.mode != 'recite' ORDER BY c.recorded_ts, c.id"


def line(head: tuple, turns: list[str]) -> str:
    (cid, uid, trainee, mode, scenario, seed, outcome, passed, score, recorded_at, finished_at,
     scenario_hash, script_hash, rules_hash, started_at, meta_json) = head
    meta = json.loads(meta_json)
    meta.setdefault("timezone", "Asia/Shanghai")
    meta["record"] = {"id": cid, "trainee": trainee, "mode": mode, "scenario": scenario, "seed": seed,
                      "outcome": outcome if finished_at and outcome else "incomplete",
                      "passed": None if passed is None else bool(passed), "score": score,
                      "recorded_at": recorded_at, "finished_at": finished_at,
                      "versions": {"scenario": scenario_hash, "script": script_hash, "rules": rules_hash}}
    if started_at and not meta.get("started_at"):
        meta["started_at"] = started_at
    text = ('{"id":' + json.dumps(uid, ensure_ascii=False) + ',"meta":'
            + json.dumps(meta, ensure_ascii=False, separators=(",", ":")) + ',"turns":[' + ",".join(turns) + "]}\n")
    return text if ESCAPED.search(text) is None else text.translate(ESCAPES)


def main() -> None:
    db = sqlite3.connect(sys.argv[1])
    heads = db.execute(f"""SELECT c.id, c.uid, t.name, c.mode, c.scenario_id, c.seed, c.outcome, c.passed, c.score,
                                  c.recorded_at, c.finished_at, c.scenario_hash, c.script_hash, c.rules_hash,
                                  c.started_at, c.meta_json
                           FROM calls c JOIN trainees t ON t.id = c.trainee_id {ORDER}""")
    turns = db.execute(f"SELECT c.id, u.data_json FROM calls c JOIN turns u ON u.call_id = c.id {ORDER}, u.idx")
    out, chunk = sys.stdout, []
    head, texts = next(heads, None), []
    for cid, data in turns:
        while head is not None and head[0] != cid:
            chunk.append(line(head, texts))
            head, texts = next(heads, None), []
        texts.append(data)
        if len(chunk) >= 256:
            out.write("".join(chunk))
            chunk.clear()
    while head is not None:
        chunk.append(line(head, texts))
        head, texts = next(heads, None), []
    out.write("".join(chunk))


if __name__ == "__main__":
    main()
